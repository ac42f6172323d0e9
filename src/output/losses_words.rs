//! The losses report's client sentences in languages other than English,
//! from the catalogue. Every function returns `None` in English: English
//! reports keep the report's own English text (byte for byte, as the JSON
//! has it), and a sentence the catalogue lacks stays English.

use crate::changes::Movement;
use crate::figures::thousands;
use crate::i18n::Lang;
use crate::losses::{
    Action, BOUNCE_RATE_GUIDE, COMPLAINT_RATE_LIMIT, COMPLAINT_RATE_TARGET, LossReport, MoneyLine, RateCheck,
    reason_label,
};

fn translated(lang: Lang) -> Option<Lang> {
    (lang != Lang::En).then_some(lang)
}

/// A figure kept left to right in right-to-left text.
fn isolated(lang: Lang, value: &str) -> String {
    if lang.rtl() {
        format!("\u{2066}{value}\u{2069}")
    } else {
        value.to_string()
    }
}

pub fn action_title(lang: Lang, a: &Action) -> Option<String> {
    Some(a.words.as_ref()?.title.say(translated(lang)?))
}

pub fn action_why(lang: Lang, a: &Action) -> Option<String> {
    Some(a.words.as_ref()?.why.say(translated(lang)?))
}

/// The headline: contacts lost, emails lost and their parts, out of how many sent.
pub fn headline(lang: Lang, r: &LossReport) -> Option<String> {
    let lang = translated(lang)?;
    let mut parts = Vec::new();
    if r.bounces_given {
        parts.push(lang.fill(
            "losses.headline.contacts",
            &[("contacts", &thousands(r.contacts_lost.total))],
        ));
    } else {
        parts.push(lang.t("losses.headline.no_bounces").to_string());
    }
    let lost = r.emails_lost_part_keys();
    if !lost.is_empty() {
        let sum = lost
            .iter()
            .map(|(key, n)| format!("{} {}", isolated(lang, &thousands(*n)), lang.t(key)))
            .collect::<Vec<_>>()
            .join(" + ");
        // The parts are words with figures: filled in as text, not isolated as one value.
        parts.push(
            lang.t("losses.headline.emails")
                .replace("{emails}", &isolated(lang, &thousands(r.emails_lost.total)))
                .replace("{parts}", &sum),
        );
    }
    if let Some(sent) = r.sent {
        parts.push(lang.fill("losses.headline.sent", &[("sent", &thousands(sent))]));
    }
    if let Some(tls) = r.tls.as_ref().filter(|t| t.failed_sessions > 0) {
        parts.push(lang.fill("losses.headline.tls", &[("sessions", &thousands(tls.failed_sessions))]));
    }
    Some(format!("{}.", parts.join("; ")))
}

pub fn reason(lang: Lang, reason: crate::bounce::Reason) -> Option<String> {
    translated(lang).map(|lang| lang.t(&format!("reason.{}", reason.as_str())).to_string())
}

/// The English label of a reason and the translated one: for text that
/// holds the label (a provider's top reasons).
pub fn reason_or_english(lang: Lang, r: crate::bounce::Reason) -> String {
    reason(lang, r).unwrap_or_else(|| reason_label(r).to_string())
}

pub fn rate_name(lang: Lang, x: &RateCheck) -> Option<String> {
    lang.get(&format!("losses.rate.{}", x.name))
        .filter(|_| lang != Lang::En)
        .map(str::to_string)
}

pub fn rate_threshold(lang: Lang, x: &RateCheck) -> Option<String> {
    let lang = translated(lang)?;
    let key = format!("losses.threshold.{}", x.name);
    lang.get(&key)?;
    Some(lang.fill(
        &key,
        &[
            ("target", &format!("{COMPLAINT_RATE_TARGET:.2}%")),
            ("limit", &format!("{COMPLAINT_RATE_LIMIT:.2}%")),
            ("yahoo", &format!("{COMPLAINT_RATE_LIMIT:.1}%")),
            ("guide", &format!("{BOUNCE_RATE_GUIDE:.0}%")),
            ("zero", "0%"),
        ],
    ))
}

/// A rate's note: what it is counted from, or that it needs the sent volume.
pub fn rate_note(lang: Lang, x: &RateCheck, r: &LossReport) -> Option<String> {
    let lang = translated(lang)?;
    let key = match x.denominator {
        None if r.sent.is_none() => "losses.rate_note.needs_sent".to_string(),
        _ => format!("losses.rate_note.{}", x.name),
    };
    lang.get(&key).map(str::to_string)
}

/// The action's `i`-th evidence line (`None` for actions without catalogue
/// sentences and for a report read back from JSON).
pub fn evidence(lang: Lang, a: &Action, i: usize) -> Option<String> {
    let lang = translated(lang)?;
    (a.evidence_words.len() == a.evidence.len()).then(|| a.evidence_words[i].say(lang))
}

/// The report's `i`-th note; `None` also for a report read back from JSON,
/// which has the English notes only.
pub fn note(lang: Lang, r: &LossReport, i: usize) -> Option<String> {
    let lang = translated(lang)?;
    (r.note_words.len() == r.notes.len()).then(|| r.note_words[i].say(lang))
}

/// A money line in the report's language.
pub struct MoneyWords {
    pub label: String,
    pub arithmetic: String,
    pub assumption: String,
}

/// A money line's label, arithmetic and assumption.
pub fn money_line(lang: Lang, r: &LossReport, l: &MoneyLine) -> Option<MoneyWords> {
    let lang = translated(lang)?;
    let value = isolated(lang, &l.unit_value);
    let arithmetic = |key: &str| {
        lang.t(key)
            .replace("{n}", &isolated(lang, &l.quantity.to_string()))
            .replace("{value}", &value)
            .replace("{amount}", &isolated(lang, &l.amount))
    };
    if l.label == Lang::En.t("losses.money.contacts") {
        Some(MoneyWords {
            label: lang.t("losses.money.contacts").to_string(),
            arithmetic: arithmetic("losses.money.contacts_arithmetic"),
            assumption: lang.t("losses.money.contacts_assumption").replace("{value}", &value),
        })
    } else if l.label == Lang::En.t("losses.money.emails") {
        let mut assumption = lang.t("losses.money.emails_assumption").replace("{value}", &value);
        if r.bounces_given && r.dmarc.is_some() {
            assumption.push(' ');
            assumption.push_str(lang.t("losses.money.not_added"));
        }
        let parts = r
            .emails_lost_part_keys()
            .iter()
            .map(|(key, n)| format!("{} {}", isolated(lang, &n.to_string()), lang.t(key)))
            .collect::<Vec<_>>()
            .join(" + ");
        Some(MoneyWords {
            label: lang.t("losses.money.emails").to_string(),
            arithmetic: arithmetic("losses.money.emails_arithmetic").replace("{parts}", &parts),
            assumption,
        })
    } else {
        None
    }
}

pub fn money_note(lang: Lang) -> Option<String> {
    translated(lang).map(|lang| lang.t("losses.money.note").to_string())
}

/// A problem of the losses report in "what changed" (a rate over its
/// threshold, a bounce reason, a failing source), named without its figures:
/// they are among the figures that moved.
pub fn problem(lang: Lang, code: &str, subject: Option<&str>) -> Option<String> {
    let lang = translated(lang)?;
    if let Some(rate) = code.strip_prefix("rate.") {
        let name = lang.get(&format!("losses.rate.{rate}"))?;
        return Some(lang.t("losses.problem.rate").replace("{rate}", name));
    }
    if let Some(reason) = code.strip_prefix("bounces.") {
        let label = lang.get(&format!("reason.{reason}"))?;
        return Some(lang.t("figure.bounces").replace("{reason}", label));
    }
    (code == "dmarc.source_failing")
        .then(|| lang.fill("losses.problem.source_failing", &[("source", subject.unwrap_or("-"))]))
}

/// The name of a figure in "what changed", from its stable key
/// (`dmarc_pass_rate.SOURCE`, `bounces.REASON`, `rate.NAME`, `money.LABEL`).
pub fn figure(lang: Lang, m: &Movement) -> Option<String> {
    let lang = translated(lang)?;
    let figure = m.figure.as_str();
    if let Some(source) = figure.strip_prefix("dmarc_pass_rate.") {
        return Some(lang.fill("figure.dmarc_pass_rate_of", &[("source", source)]));
    }
    if let Some(reason) = figure.strip_prefix("bounces.") {
        let label = lang.get(&format!("reason.{reason}"))?;
        return Some(lang.t("figure.bounces").replace("{reason}", label));
    }
    if let Some(rate) = figure.strip_prefix("rate.") {
        return lang.get(&format!("losses.rate.{rate}")).map(str::to_string);
    }
    if let Some(label) = figure.strip_prefix("money.") {
        let key = ["losses.money.contacts", "losses.money.emails"]
            .into_iter()
            .find(|k| Lang::En.t(k).to_ascii_lowercase().replace(' ', "_") == label)?;
        return Some(lang.t(key).to_string());
    }
    lang.get(&format!("figure.{figure}")).map(str::to_string)
}
