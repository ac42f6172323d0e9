//! What to fix first: the actions of the losses report, ordered by what they
//! cost, each with its evidence.

use super::*;

/// An action's English title from the catalogue (`losses.action.KEY.title`).
fn title(key: &str, values: &[(&str, &str)]) -> String {
    Lang::En.fill(&format!("losses.action.{key}.title"), values)
}

fn why(key: &str) -> String {
    Lang::En.t(&format!("losses.action.{key}.why")).to_string()
}

/// The action's title and why as catalogue sentences (`losses.action.KEY.*`),
/// for reports in other languages; `title_values` fill the title.
fn catalogue_words(key: &str, title_values: &[(&'static str, String)]) -> ActionWords {
    ActionWords {
        title: Sentence::new(format!("losses.action.{key}.title"), title_values),
        why: Sentence::new(format!("losses.action.{key}.why"), &[]),
    }
}

/// Evidence lines in English (as the JSON has them) with the catalogue
/// sentence other languages say instead.
#[derive(Default)]
struct Evidence {
    english: Vec<String>,
    words: Vec<Sentence>,
}

impl Evidence {
    fn push(&mut self, english: String, words: Sentence) {
        self.english.push(english);
        self.words.push(words);
    }

    fn bounce_examples(&mut self, r: &ReasonLoss, limit: usize) {
        for e in r.examples.iter().take(limit) {
            self.push(
                format!("bounce: {e}"),
                Sentence::new("losses.evidence.bounce", &[("text", e.clone())]),
            );
        }
    }

    fn checks(&mut self, codes: &[String]) {
        for code in codes {
            self.push(
                format!("check: {code}"),
                Sentence::new("losses.evidence.check", &[("code", code.clone())]),
            );
        }
    }
}

fn reason_word(r: &ReasonLoss) -> String {
    format!("reason.{}", r.reason.as_str())
}

pub(super) fn actions(
    report: &LossReport,
    tally: &BounceTally,
    check: Option<&DomainReport>,
    have_bounces: bool,
) -> Vec<Action> {
    let mut out: Vec<(bool, Action)> = Vec::new();
    let reason = |r: Reason| report.by_reason.iter().find(|x| x.reason == r);

    // Authentication: bounces that cite it, and DMARC failures of your own sources.
    let auth = reason(Reason::AuthFailure);
    let dmarc_own = report
        .dmarc
        .as_ref()
        .map(|d| (d.own_quarantined, d.own_rejected, &d.own_failing_sources));
    let auth_messages =
        auth.map_or(0, |r| r.messages) + dmarc_own.map_or(0, |(q, r, _)| q + if have_bounces { 0 } else { r });
    if auth_messages > 0 {
        let mut evidence = Evidence::default();
        if let Some(r) = auth {
            evidence.push(
                format!("{} cite authentication", count(r.messages, "bounce", "bounces")),
                Sentence::new("losses.evidence.cite_auth", &[("bounces", thousands(r.messages))]),
            );
            evidence.bounce_examples(r, usize::MAX);
        }
        if let Some((_, _, sources)) = dmarc_own {
            for s in sources.iter().take(5) {
                let source = format!(
                    "{}{}",
                    s.name(),
                    s.ptr.as_ref().map(|p| format!(" ({p})")).unwrap_or_default()
                );
                let identities = s.authenticated_as.join(", ");
                let mut values = vec![
                    ("source", source.clone()),
                    ("failing", thousands(s.failing)),
                    ("messages", thousands(s.messages)),
                    ("quarantined", thousands(s.quarantined)),
                    ("rejected", thousands(s.rejected)),
                ];
                let key = if identities.is_empty() {
                    "losses.evidence.dmarc_source"
                } else {
                    values.push(("identities", identities.clone()));
                    "losses.evidence.dmarc_source_auth"
                };
                evidence.push(
                    format!(
                        "DMARC reports: {source} failed {} of {} messages ({} quarantined, {} rejected){}",
                        s.failing,
                        s.messages,
                        s.quarantined,
                        s.rejected,
                        if identities.is_empty() {
                            String::new()
                        } else {
                            format!("; authenticates as {identities}")
                        }
                    ),
                    Sentence::new(key, &values),
                );
            }
        }
        let related = findings_for(Reason::AuthFailure, check);
        evidence.checks(&related);
        out.push((
            false,
            Action {
                priority: 0,
                title: title("auth", &[]),
                why: why("auth"),
                messages_affected: auth_messages,
                contacts_affected: auth.map_or(0, |r| r.contacts),
                evidence: evidence.english,
                evidence_words: evidence.words,
                related_findings: related,
                words: Some(catalogue_words("auth", &[])),
            },
        ));
    }

    let invalid: Vec<&ReasonLoss> = [Reason::UserUnknown, Reason::MailboxDisabled, Reason::HostUnknown]
        .into_iter()
        .filter_map(reason)
        .collect();
    let invalid_messages: u64 = invalid.iter().map(|r| r.messages).sum();
    if invalid_messages > 0 {
        let contacts: u64 = invalid.iter().map(|r| r.contacts).sum();
        let mut evidence = Evidence::default();
        for r in &invalid {
            evidence.push(
                format!("{}: {} bounces, {} addresses", r.label, r.messages, r.contacts),
                Sentence::new(
                    "losses.evidence.reason_count",
                    &[("bounces", thousands(r.messages)), ("addresses", thousands(r.contacts))],
                )
                .with_word("reason", reason_word(r)),
            );
        }
        // Three examples in all.
        let mut examples_left = 3;
        for r in &invalid {
            let n = r.examples.len().min(examples_left);
            evidence.bounce_examples(r, n);
            examples_left -= n;
        }
        out.push((
            false,
            Action {
                priority: 0,
                title: title("dead", &[("contacts", &contacts.to_string())]),
                why: why("dead"),
                messages_affected: invalid_messages,
                contacts_affected: contacts,
                evidence: evidence.english,
                evidence_words: evidence.words,
                related_findings: vec![],
                words: Some(catalogue_words("dead", &[("contacts", thousands(contacts))])),
            },
        ));
    }

    // The catalogue key of each is the reason's own name.
    let simple = [
        Reason::Blocked,
        Reason::SpamContent,
        Reason::Policy,
        Reason::RateLimited,
        Reason::MailboxFull,
        Reason::MessageTooLarge,
    ];
    for r in simple {
        if let Some(x) = reason(r) {
            let mut evidence = Evidence::default();
            evidence.push(
                format!(
                    "{} ({})",
                    count(x.messages, "bounce", "bounces"),
                    count(x.contacts, "address", "addresses")
                ),
                Sentence::new(
                    "losses.evidence.bounces",
                    &[("bounces", thousands(x.messages)), ("addresses", thousands(x.contacts))],
                ),
            );
            evidence.bounce_examples(x, usize::MAX);
            for p in &report.by_provider {
                if let Some((_, n)) = p.reasons.iter().find(|(rr, _)| *rr == r) {
                    evidence.push(
                        format!("{}: {n}", p.provider),
                        Sentence::new(
                            "losses.evidence.provider",
                            &[("provider", p.provider.clone()), ("n", thousands(*n))],
                        ),
                    );
                }
            }
            let related = findings_for(r, check);
            evidence.checks(&related);
            out.push((
                false,
                Action {
                    priority: 0,
                    title: title(r.as_str(), &[]),
                    why: why(r.as_str()),
                    messages_affected: x.messages,
                    contacts_affected: x.contacts,
                    evidence: evidence.english,
                    evidence_words: evidence.words,
                    related_findings: related,
                    words: Some(catalogue_words(r.as_str(), &[])),
                },
            ));
        }
    }

    if tally.complaints > 0 {
        let rate = report.rates.iter().find(|r| r.name == "complaint_rate");
        let exceeded = rate.is_some_and(|r| matches!(r.status, RateStatus::Exceeded | RateStatus::Warning));
        let mut evidence = Evidence::default();
        evidence.push(
            count(tally.complaints, "spam complaint", "spam complaints"),
            Sentence::new("losses.evidence.complaints", &[("n", thousands(tally.complaints))]),
        );
        if let Some(r) = rate
            && let Some(p) = r.pct
        {
            evidence.push(
                format!("complaint rate {} ({})", pct_or_dash(Some(p)), r.threshold),
                Sentence::new(
                    "losses.evidence.complaint_rate",
                    &[
                        ("pct", pct_or_dash(Some(p))),
                        ("target", format!("{COMPLAINT_RATE_TARGET:.2}%")),
                        ("limit", format!("{COMPLAINT_RATE_LIMIT:.2}%")),
                        ("yahoo", format!("{COMPLAINT_RATE_LIMIT:.1}%")),
                    ],
                )
                .with_word("threshold", "losses.threshold.complaint_rate".into()),
            );
        }
        out.push((
            exceeded,
            Action {
                priority: 0,
                title: title("complaints", &[]),
                why: why("complaints"),
                messages_affected: tally.complaints,
                contacts_affected: report.contacts_lost.complained,
                evidence: evidence.english,
                evidence_words: evidence.words,
                related_findings: vec![],
                words: Some(catalogue_words("complaints", &[])),
            },
        ));
    }

    let rest: Vec<&ReasonLoss> = [Reason::Expired, Reason::NetworkError, Reason::Undetermined]
        .into_iter()
        .filter_map(reason)
        .collect();
    let rest_messages: u64 = rest.iter().map(|r| r.messages).sum();
    if rest_messages > 0 {
        out.push((
            false,
            Action {
                priority: 0,
                title: title("rest", &[]),
                why: why("rest"),
                messages_affected: rest_messages,
                contacts_affected: rest.iter().map(|r| r.contacts).sum(),
                evidence: rest.iter().map(|r| format!("{}: {}", r.label, r.messages)).collect(),
                evidence_words: rest
                    .iter()
                    .map(|r| {
                        Sentence::new("losses.evidence.reason_messages", &[("n", thousands(r.messages))])
                            .with_word("reason", reason_word(r))
                    })
                    .collect(),
                related_findings: vec![],
                words: Some(catalogue_words("rest", &[])),
            },
        ));
    }

    if let Some(d) = &report.dmarc
        && d.unknown_sources > 0
        && d.policy.as_deref().is_none_or(|p| p == "none")
    {
        out.push((
            false,
            Action {
                priority: 0,
                title: title("enforce", &[]),
                why: why("enforce"),
                messages_affected: 0,
                contacts_affected: 0,
                evidence: vec![format!("{} unknown sources in the DMARC reports", d.unknown_sources)],
                evidence_words: vec![Sentence::new(
                    "losses.evidence.unknown_sources",
                    &[("n", thousands(d.unknown_sources as u64))],
                )],
                related_findings: vec![],
                words: Some(catalogue_words("enforce", &[])),
            },
        ));
    }

    // Threshold breaches first, then largest loss first.
    out.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(b.1.messages_affected.cmp(&a.1.messages_affected))
            .then_with(|| a.1.title.cmp(&b.1.title))
    });
    out.into_iter()
        .enumerate()
        .map(|(i, (_, mut a))| {
            a.priority = i + 1;
            a
        })
        .collect()
}
