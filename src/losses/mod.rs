//! The hidden-losses report: how much mail, and how many existing customers,
//! a sender is losing without knowing, why, and what to fix first.
//!
//! Built from parsed bounces ([`crate::bounce`]), DMARC aggregate reports
//! ([`crate::dmarc_reports`]), the sent volume the user gives, and optionally
//! the `check` findings of the sending domain. Money appears only when the
//! user supplies a value; every figure shows its arithmetic. See docs/losses.md.

/// Money moved to the top level (`dmarc_reports::what_if` uses it too).
pub use crate::money;
mod actions;
mod campaigns;
mod model;
pub mod provider;
pub mod sources;
mod tally;
pub mod tls;

use crate::bounce::{BounceRecord, MessageKind, Reason};
use crate::check::DomainReport;
use crate::dmarc_reports::{Category, Summary};
use crate::figures::thousands;
use crate::finding::{Code, Finding, Severity};
use crate::i18n::{Lang, Sentence};
use money::Amount;
use provider::Provider;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use actions::actions;
pub use campaigns::{SENT_COLUMNS, sent_from_campaigns};
pub use model::*;
pub use tally::BounceTally;

/// Gmail's bulk-sender guideline: keep spam complaints under this (percent).
pub const COMPLAINT_RATE_TARGET: f64 = 0.10;
/// Gmail: never reach this; Yahoo: about this. Above it, mail is refused or spam-foldered.
pub const COMPLAINT_RATE_LIMIT: f64 = 0.30;
/// Hard-bounce rate most ESPs suspend accounts over. Mailbox providers publish no number.
pub const BOUNCE_RATE_GUIDE: f64 = 2.0;

/// What the user told us, validated.
#[derive(Debug, Clone, Default)]
pub struct LossOptions {
    pub sent: Option<u64>,
    /// Where `sent` came from, in words (`--sent`, `campaigns.csv (12 rows)`).
    pub sent_source: Option<String>,
    pub value_per_contact: Option<Amount>,
    pub value_per_email: Option<Amount>,
    pub currency: Option<String>,
    /// Whether bounce inputs were given at all (changes how DMARC rejections count).
    pub have_bounces: bool,
}

/// Human label of a reason.
pub fn reason_label(reason: Reason) -> &'static str {
    crate::i18n::Lang::En.t(&format!("reason.{}", reason.as_str()))
}

/// Codes of `check` findings that likely explain a reason.
fn findings_for(reason: Reason, check: Option<&DomainReport>) -> Vec<String> {
    let Some(check) = check else { return vec![] };
    use crate::check::{dkim, dmarc, spf};
    let families: &[&[&Code]] = match reason {
        Reason::AuthFailure => &[spf::CODES, dkim::CODES, dmarc::CODES],
        Reason::Blocked | Reason::Policy | Reason::SpamContent => &[crate::blocklist::CODES],
        _ => &[],
    };
    let mut codes: Vec<String> = check
        .findings
        .iter()
        .filter(|f| f.severity >= Severity::Warning && families.iter().any(|codes| codes.contains(&f.code)))
        .map(|f| f.code.to_string())
        .collect();
    codes.dedup();
    codes
}

pub use crate::figures::{count, pct_or_dash};

fn pct(part: u64, whole: Option<u64>) -> Option<f64> {
    whole.filter(|w| *w > 0).map(|w| part as f64 * 100.0 / w as f64)
}

/// Put it all together.
pub fn build(
    tally: &BounceTally,
    dmarc: Option<&Summary>,
    check: Option<&DomainReport>,
    inputs: InputsRead,
    options: &LossOptions,
) -> LossReport {
    let sent = options.sent;
    let hard = tally.hard_contacts.len() as u64;
    let complained = tally.complainers.len() as u64;
    let both = tally.hard_contacts.intersection(&tally.complainers).count() as u64;
    let contacts_lost = ContactsLost {
        total: hard + complained - both,
        hard_bounced: hard,
        complained,
        both,
        complaints_without_address: tally.complaints_without_recipient,
    };

    let mut by_reason: Vec<ReasonLoss> = tally
        .by_reason
        .iter()
        .map(|(reason, acc)| ReasonLoss {
            reason: *reason,
            label: reason_label(*reason).to_string(),
            messages: acc.messages,
            hard: acc.hard,
            contacts: acc.recipients.len() as u64,
            pct_of_sent: pct(acc.messages, sent),
            related_findings: findings_for(*reason, check),
            examples: tally.examples.get(reason).cloned().unwrap_or_default(),
        })
        .collect();
    by_reason.sort_by(|a, b| b.messages.cmp(&a.messages).then(a.reason.cmp(&b.reason)));

    // Provider volumes from the DMARC reports of the provider's organisation.
    let mut dmarc_volume: HashMap<Provider, (u64, u64)> = HashMap::new();
    if let Some(s) = dmarc {
        for org in &s.organisations {
            if let Some(p) = provider::from_report_org(&org.org_name) {
                let e = dmarc_volume.entry(p).or_default();
                e.0 = e.0.saturating_add(org.counts.messages);
                e.1 = e.1.saturating_add(org.counts.dmarc_fail);
            }
        }
    }
    let mut providers: BTreeSet<Provider> = tally.by_provider.keys().cloned().collect();
    providers.extend(dmarc_volume.keys().cloned());
    let mut by_provider: Vec<ProviderLoss> = providers
        .into_iter()
        .map(|p| {
            let acc = tally.by_provider.get(&p);
            let failed = acc.map_or(0, |a| a.messages);
            let mut reasons: Vec<(Reason, u64)> = acc
                .map(|a| a.by_reason.iter().map(|(r, n)| (*r, *n)).collect())
                .unwrap_or_default();
            reasons.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            let volume = dmarc_volume.get(&p).copied();
            ProviderLoss {
                provider: p.name(),
                failed_messages: failed,
                complaints: acc.map_or(0, |a| a.complaints),
                reasons,
                dmarc_volume: volume.map(|v| v.0),
                pct_of_provider_volume: pct(failed, volume.map(|v| v.0)),
                dmarc_fail: volume.map(|v| v.1),
                dmarc_pass_pct: volume.and_then(|(messages, fail)| pct(messages - fail.min(messages), Some(messages))),
            }
        })
        .collect();
    by_provider.sort_by(|a, b| {
        (b.failed_messages + b.complaints)
            .cmp(&(a.failed_messages + a.complaints))
            .then_with(|| a.provider.cmp(&b.provider))
    });

    let dmarc_loss = dmarc.map(|s| {
        let mut d = DmarcLoss {
            messages: s.totals.messages,
            quarantined: s.totals.quarantined,
            rejected: s.totals.rejected,
            own_quarantined: 0,
            own_rejected: 0,
            unknown_quarantined: 0,
            unknown_rejected: 0,
            own_failing_sources: vec![],
            unknown_sources: 0,
            policy: s
                .domains
                .first()
                .and_then(|d| d.policy.as_ref())
                .and_then(|p| p.p.clone()),
            domains: s.domains.iter().map(|d| d.domain.clone()).collect(),
            period_begin: s.period_begin.clone(),
            period_end: s.period_end.clone(),
        };
        for src in &s.sources {
            if src.category.is_own_failing() {
                d.own_quarantined = d.own_quarantined.saturating_add(src.counts.quarantined);
                d.own_rejected = d.own_rejected.saturating_add(src.counts.rejected);
                d.own_failing_sources.push(SourceLine {
                    ip: src.ip.clone(),
                    service: recognise_source(src, check).map(|r| r.service.name.to_string()),
                    ptr: src.ptr.clone(),
                    failing: src.counts.dmarc_fail,
                    messages: src.counts.messages,
                    quarantined: src.counts.quarantined,
                    rejected: src.counts.rejected,
                    authenticated_as: src.authenticated_as.clone(),
                });
            } else if src.category == Category::Unknown {
                d.unknown_quarantined = d.unknown_quarantined.saturating_add(src.counts.quarantined);
                d.unknown_rejected = d.unknown_rejected.saturating_add(src.counts.rejected);
                d.unknown_sources += 1;
            }
        }
        d
    });

    let rates = rate_checks(tally, dmarc, options);

    let mut report = LossReport {
        schema_version: LossReport::SCHEMA_VERSION,
        bounces_given: options.have_bounces,
        sent,
        sent_source: options.sent_source.clone(),
        inputs,
        period: period(tally, dmarc),
        domain_filter: tally.domain.as_ref().map(|d| DomainFilter {
            domain: d.clone(),
            other_domains: tally.other_domains,
            sender_unknown: tally.sender_unknown,
        }),
        failed_messages: tally.failed_messages,
        emails_lost: EmailsLost::new(tally.failed_messages, dmarc_loss.as_ref(), options.have_bounces),
        delayed_messages: tally.delayed,
        complaints: tally.complaints,
        contacts_lost,
        by_reason,
        by_provider,
        dmarc: dmarc_loss,
        sending_sources: dmarc.map(|s| sending_sources(s, check)).unwrap_or_default(),
        tls: None,
        rates,
        money: None,
        check: check.map(|c| CheckSection {
            domain: c.domain.clone(),
            verdict: c.verdict.status.to_string(),
            summary: c.verdict.summary.clone(),
            findings: c.findings.clone(),
        }),
        actions: vec![],
        notes: vec![],
        note_words: vec![],
        what_if: None,
        what_if_money: None,
    };
    report.money = money_section(&report, options);
    report.actions = actions(&report, tally, check, options.have_bounces);
    (report.notes, report.note_words) = notes(&report, options).into_iter().unzip();
    report
}

/// The service behind a DMARC source: from the report's own names first,
/// then (with `--domain`) from the SPF include that authorises its IP.
fn recognise_source(
    src: &crate::dmarc_reports::SourceSummary,
    check: Option<&DomainReport>,
) -> Option<sources::Recognised> {
    sources::recognise(&src.auth_domains, src.ptr.as_deref())
        .or_else(|| check.and_then(|c| sources::by_spf_tree(&src.ip, &c.spf)))
}

/// Your own sources (not spoofing, not forwarders), grouped by service.
fn sending_sources(summary: &Summary, check: Option<&DomainReport>) -> Vec<SendingSource> {
    let mut by_name: BTreeMap<String, SendingSource> = BTreeMap::new();
    // summary.sources is in a fixed order, so the first clue kept is stable.
    for src in summary.sources.iter().filter(|s| s.category.is_own()) {
        let recognised = recognise_source(src, check);
        let name = recognised
            .as_ref()
            .map_or_else(|| src.ip.clone(), |r| r.service.name.to_string());
        let entry = by_name.entry(name.clone()).or_insert_with(|| SendingSource {
            name,
            recognised: recognised.is_some(),
            evidence: recognised.as_ref().map(sources::Recognised::evidence),
            evidence_source: recognised.as_ref().map(|r| r.service.source.to_string()),
            ips: Vec::new(),
            ip_count: 0,
            messages: 0,
            dmarc_pass: 0,
            dmarc_pass_pct: None,
        });
        entry.ip_count += 1;
        entry.ips.push(src.ip.clone());
        entry.messages = entry.messages.saturating_add(src.counts.messages);
        entry.dmarc_pass = entry.dmarc_pass.saturating_add(src.counts.dmarc_pass);
    }
    let mut out: Vec<SendingSource> = by_name
        .into_values()
        .map(|mut s| {
            s.ips.truncate(SendingSource::MAX_IPS);
            s.dmarc_pass_pct = pct(s.dmarc_pass, Some(s.messages));
            s
        })
        .collect();
    out.sort_by(|a, b| b.messages.cmp(&a.messages).then_with(|| a.name.cmp(&b.name)));
    out
}

/// The dates covered by the bounces and the DMARC reports together.
fn period(tally: &BounceTally, dmarc: Option<&Summary>) -> Option<Period> {
    let utc_day = |d: chrono::DateTime<chrono::FixedOffset>| d.with_timezone(&chrono::Utc).date_naive();
    let report_day = |d: &Option<String>| {
        d.as_deref()
            .and_then(|d| chrono::DateTime::parse_from_rfc3339(d).ok())
            .map(utc_day)
    };
    let firsts = [
        tally.first_date.map(utc_day),
        dmarc.and_then(|s| report_day(&s.period_begin)),
    ];
    let lasts = [
        tally.last_date.map(utc_day),
        dmarc.and_then(|s| report_day(&s.period_end)),
    ];
    let first = firsts.into_iter().flatten().min()?;
    let last = lasts.into_iter().flatten().max()?;
    Some(Period {
        first: first.to_string(),
        last: last.to_string(),
    })
}

fn rate_checks(tally: &BounceTally, dmarc: Option<&Summary>, options: &LossOptions) -> Vec<RateCheck> {
    let sent = options.sent;
    let mut rates = Vec::new();
    let complaint_pct = pct(tally.complaints, sent);
    rates.push(RateCheck {
        name: "complaint_rate".into(),
        numerator: tally.complaints,
        denominator: sent,
        pct: complaint_pct,
        status: match complaint_pct {
            None => RateStatus::NotComputed,
            Some(p) if p >= COMPLAINT_RATE_LIMIT => RateStatus::Exceeded,
            Some(p) if p >= COMPLAINT_RATE_TARGET => RateStatus::Warning,
            Some(_) => RateStatus::Ok,
        },
        threshold: format!(
            "Gmail: keep under {COMPLAINT_RATE_TARGET:.2}%, never {COMPLAINT_RATE_LIMIT:.2}% or more; Yahoo: about {COMPLAINT_RATE_LIMIT:.1}%"
        ),
        note: if sent.is_none() {
            "Needs the sent volume (--sent or --campaigns).".into()
        } else {
            "Counted from feedback-loop (ARF) reports only. Gmail sends none per message, so the real rate can be higher; check Google Postmaster Tools.".into()
        },
    });
    let hard_messages: u64 = tally.by_reason.values().map(|a| a.hard).sum();
    let bounce_pct = pct(hard_messages, sent);
    rates.push(RateCheck {
        name: "hard_bounce_rate".into(),
        numerator: hard_messages,
        denominator: sent,
        pct: bounce_pct,
        status: match bounce_pct {
            None => RateStatus::NotComputed,
            Some(p) if p >= BOUNCE_RATE_GUIDE => RateStatus::Exceeded,
            Some(_) => RateStatus::Ok,
        },
        threshold: format!(
            "under {BOUNCE_RATE_GUIDE:.0}% (common ESP guidance; Gmail, Yahoo and Microsoft publish no bounce figure)"
        ),
        note: if sent.is_none() {
            "Needs the sent volume (--sent or --campaigns).".into()
        } else {
            "Hard bounces over messages sent.".into()
        },
    });
    if let Some(s) = dmarc {
        // Your own mail: everything except unknown sources (spoofing) and forwarders.
        let (mut own, mut own_pass) = (0u64, 0u64);
        for src in &s.sources {
            if src.category.is_own() {
                own = own.saturating_add(src.counts.messages);
                own_pass = own_pass.saturating_add(src.counts.dmarc_pass);
            }
        }
        let fail = own - own_pass;
        let fail_pct = pct(fail, Some(own));
        rates.push(RateCheck {
            name: "dmarc_fail_rate_own_sources".into(),
            numerator: fail,
            denominator: Some(own),
            pct: fail_pct,
            status: match fail_pct {
                None => RateStatus::NotComputed,
                Some(p) if p > 0.0 => RateStatus::Exceeded,
                Some(_) => RateStatus::Ok,
            },
            threshold: "0%: Gmail, Yahoo and Microsoft require bulk mail to pass DMARC with aligned SPF or DKIM".into(),
            note: "Mail from your own sources (unknown sources and forwarders left out), from the DMARC reports."
                .into(),
        });
    }
    rates
}

fn money_section(report: &LossReport, options: &LossOptions) -> Option<MoneySection> {
    if options.value_per_contact.is_none() && options.value_per_email.is_none() {
        return None;
    }
    let currency = options.currency.as_deref();
    let unit = |a: Amount| match currency {
        Some(c) => format!("{} {c}", a.exact()),
        None => a.exact(),
    };
    let mut lines = Vec::new();
    if let Some(v) = options.value_per_contact.filter(|_| options.have_bounces) {
        let n = report.contacts_lost.total;
        let amount = v.times(n).display(currency);
        lines.push(MoneyLine {
            label: Lang::En.t("losses.money.contacts").into(),
            quantity: n,
            unit_value: unit(v),
            arithmetic: format!("{n} contacts × {} = {amount}", unit(v)),
            amount,
            assumption: format!(
                "Each lost contact is worth {} (your --value-per-contact). Contacts = unique addresses that hard-bounced or complained.",
                unit(v)
            ),
        });
    }
    if let Some(v) = options.value_per_email {
        let n = report.emails_lost.total;
        let parts = report
            .emails_lost_parts()
            .iter()
            .map(|(label, n)| format!("{n} {label}"))
            .collect::<Vec<_>>()
            .join(" + ");
        let amount = v.times(n).display(currency);
        lines.push(MoneyLine {
            label: Lang::En.t("losses.money.emails").into(),
            quantity: n,
            unit_value: unit(v),
            arithmetic: format!("({parts}) = {n} emails × {} = {amount}", unit(v)),
            amount,
            assumption: format!(
                "Each email is worth {} (your --value-per-email).{}",
                unit(v),
                if options.have_bounces && report.dmarc.is_some() {
                    " DMARC rejections are not added: they come back as bounces and are already counted."
                } else {
                    ""
                }
            ),
        });
    }
    Some(MoneySection {
        currency: options.currency.clone(),
        lines,
        note: Lang::En.t("losses.money.note").into(),
    })
}

/// The notes in English (they name the CLI flags) with the catalogue
/// sentence other languages say instead.
fn notes(report: &LossReport, options: &LossOptions) -> Vec<(String, Sentence)> {
    let mut notes = Vec::new();
    let mut note = |english: String, key: &'static str, values: &[(&'static str, String)]| {
        notes.push((english, Sentence::new(key, values)));
    };
    if let Some(f) = &report.domain_filter
        && f.other_domains + f.sender_unknown > 0
    {
        note(
            format!(
                "Only the bounces of mail {} sent are counted: {} left out ({} from other domains, {} without the original sender).",
                f.domain,
                count(f.other_domains + f.sender_unknown, "bounce", "bounces"),
                f.other_domains,
                f.sender_unknown
            ),
            "losses.note.domain_filter",
            &[
                ("domain", f.domain.clone()),
                ("left_out", thousands(f.other_domains + f.sender_unknown)),
                ("other", thousands(f.other_domains)),
                ("unknown", thousands(f.sender_unknown)),
            ],
        );
    }
    if options.sent.is_none() {
        note(
            "No sent volume given (--sent or --campaigns): rates against thresholds are not computed.".into(),
            "losses.note.no_sent",
            &[],
        );
    }
    if options.value_per_contact.is_some() && !options.have_bounces {
        note("--value-per-contact was not applied: lost contacts are counted from bounces and complaints, and no --bounces were given.".into(), "losses.note.value_not_applied", &[]);
    }
    if options.value_per_contact.is_none() && options.value_per_email.is_none() {
        note(
            "No value given (--value-per-contact, --value-per-email): the report shows counts and rates only.".into(),
            "losses.note.no_value",
            &[],
        );
    }
    if report.by_provider.iter().any(|p| p.dmarc_volume.is_some()) {
        note(
            Lang::En.t("losses.note.provider_volume").into(),
            "losses.note.provider_volume",
            &[],
        );
    }
    if report
        .dmarc
        .as_ref()
        .is_some_and(|d| d.unknown_quarantined + d.unknown_rejected > 0)
    {
        note(
            Lang::En.t("losses.note.unknown_not_loss").into(),
            "losses.note.unknown_not_loss",
            &[],
        );
    }
    notes
}

#[cfg(test)]
mod tests;
