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

pub(super) fn actions(
    report: &LossReport,
    tally: &BounceTally,
    check: Option<&DomainReport>,
    have_bounces: bool,
) -> Vec<Action> {
    let mut out: Vec<(bool, Action)> = Vec::new();
    let reason = |r: Reason| report.by_reason.iter().find(|x| x.reason == r);
    let example_evidence =
        |r: &ReasonLoss| -> Vec<String> { r.examples.iter().map(|e| format!("bounce: {e}")).collect() };

    // Authentication: bounces that cite it, and DMARC failures of your own sources.
    let auth = reason(Reason::AuthFailure);
    let dmarc_own = report
        .dmarc
        .as_ref()
        .map(|d| (d.own_quarantined, d.own_rejected, &d.own_failing_sources));
    let auth_messages =
        auth.map_or(0, |r| r.messages) + dmarc_own.map_or(0, |(q, r, _)| q + if have_bounces { 0 } else { r });
    if auth_messages > 0 {
        let mut evidence = Vec::new();
        if let Some(r) = auth {
            evidence.push(format!(
                "{} cite authentication",
                count(r.messages, "bounce", "bounces")
            ));
            evidence.extend(example_evidence(r));
        }
        if let Some((_, _, sources)) = dmarc_own {
            for s in sources.iter().take(5) {
                evidence.push(format!(
                    "DMARC reports: {}{} failed {} of {} messages ({} quarantined, {} rejected){}",
                    s.name(),
                    s.ptr.as_ref().map(|p| format!(" ({p})")).unwrap_or_default(),
                    s.failing,
                    s.messages,
                    s.quarantined,
                    s.rejected,
                    if s.authenticated_as.is_empty() {
                        String::new()
                    } else {
                        format!("; authenticates as {}", s.authenticated_as.join(", "))
                    }
                ));
            }
        }
        let related = findings_for(Reason::AuthFailure, check);
        for code in &related {
            evidence.push(format!("check: {code}"));
        }
        out.push((
            false,
            Action {
                priority: 0,
                title: title("auth", &[]),
                why: why("auth"),
                messages_affected: auth_messages,
                contacts_affected: auth.map_or(0, |r| r.contacts),
                evidence,
                related_findings: related,
                key: "auth",
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
        let mut evidence: Vec<String> = invalid
            .iter()
            .map(|r| format!("{}: {} bounces, {} addresses", r.label, r.messages, r.contacts))
            .collect();
        evidence.extend(invalid.iter().flat_map(|r| example_evidence(r)).take(3));
        out.push((
            false,
            Action {
                priority: 0,
                title: title("dead", &[("contacts", &contacts.to_string())]),
                why: why("dead"),
                messages_affected: invalid_messages,
                contacts_affected: contacts,
                evidence,
                related_findings: vec![],
                key: "dead",
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
            let mut evidence = vec![format!(
                "{} ({})",
                count(x.messages, "bounce", "bounces"),
                count(x.contacts, "address", "addresses")
            )];
            evidence.extend(example_evidence(x));
            for p in &report.by_provider {
                if let Some((_, n)) = p.reasons.iter().find(|(rr, _)| *rr == r) {
                    evidence.push(format!("{}: {n}", p.provider));
                }
            }
            let related = findings_for(r, check);
            evidence.extend(related.iter().map(|c| format!("check: {c}")));
            out.push((
                false,
                Action {
                    priority: 0,
                    title: title(r.as_str(), &[]),
                    why: why(r.as_str()),
                    messages_affected: x.messages,
                    contacts_affected: x.contacts,
                    evidence,
                    related_findings: related,
                    key: r.as_str(),
                },
            ));
        }
    }

    if tally.complaints > 0 {
        let rate = report.rates.iter().find(|r| r.name == "complaint_rate");
        let exceeded = rate.is_some_and(|r| matches!(r.status, RateStatus::Exceeded | RateStatus::Warning));
        let mut evidence = vec![count(tally.complaints, "spam complaint", "spam complaints")];
        if let Some(r) = rate
            && let Some(p) = r.pct
        {
            evidence.push(format!("complaint rate {} ({})", pct_or_dash(Some(p)), r.threshold));
        }
        out.push((
            exceeded,
            Action {
                priority: 0,
                title: title("complaints", &[]),
                why: why("complaints"),
                messages_affected: tally.complaints,
                contacts_affected: report.contacts_lost.complained,
                evidence,
                related_findings: vec![],
                key: "complaints",
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
                related_findings: vec![],
                key: "rest",
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
                related_findings: vec![],
                key: "enforce",
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
