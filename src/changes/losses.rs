//! What changed in a `losses` report.

use super::*;

/// The problems of a losses report, each with a stable key.
pub(super) fn loss_problems(r: &LossReport) -> Vec<Problem> {
    let domain = r
        .check
        .as_ref()
        .map(|c| c.domain.clone())
        .or_else(|| r.domain_filter.as_ref().map(|f| f.domain.clone()));
    let mut out = Vec::new();
    for rate in &r.rates {
        let severity = match rate.status {
            crate::losses::RateStatus::Exceeded => Severity::Error,
            crate::losses::RateStatus::Warning => Severity::Warning,
            _ => continue,
        };
        out.push(Problem {
            domain: domain.clone(),
            code: format!("rate.{}", rate.name),
            severity,
            message: format!(
                "{} is {} ({})",
                rate.name,
                crate::losses::pct_or_dash(rate.pct),
                rate.threshold
            ),
            subject: None,
        });
    }
    if let Some(d) = &r.dmarc {
        for s in &d.own_failing_sources {
            out.push(Problem {
                domain: domain.clone(),
                code: "dmarc.source_failing".into(),
                severity: Severity::Error,
                message: format!("{} fails DMARC for {} of {} messages", s.name(), s.failing, s.messages),
                subject: Some(s.name()),
            });
        }
    }
    for reason in r.by_reason.iter().filter(|x| x.messages > 0) {
        out.push(Problem {
            domain: domain.clone(),
            code: format!("bounces.{}", reason.reason.as_str()),
            severity: Severity::Warning,
            message: format!("{}: {} bounces", reason.label, reason.messages),
            subject: None,
        });
    }
    if let Some(c) = &r.check {
        for f in &c.findings {
            out.push(Problem {
                domain: Some(c.domain.clone()),
                code: f.code.to_string(),
                severity: f.severity,
                message: f.message.clone(),
                subject: f.subject.clone(),
            });
        }
    }
    out
}

type ProblemKey = (Option<String>, String, Option<String>);

pub(super) fn key(p: &Problem) -> ProblemKey {
    (p.domain.clone(), p.code.clone(), p.subject.clone())
}

/// The problems of `a` that `b` does not have (as multisets, in `a`'s order).
pub(super) fn missing_from(a: &[Problem], b: &[Problem]) -> Vec<Problem> {
    let mut left: BTreeMap<ProblemKey, usize> = BTreeMap::new();
    for p in b {
        *left.entry(key(p)).or_default() += 1;
    }
    a.iter()
        .filter(|p| match left.get_mut(&key(p)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .cloned()
        .collect()
}

/// The DMARC pass rate of your own mail: 100 minus the own-sources fail rate.
pub(super) fn own_pass_rate(r: &LossReport) -> Option<f64> {
    r.rates
        .iter()
        .find(|x| x.name == "dmarc_fail_rate_own_sources")
        .and_then(|x| x.pct)
        .map(|fail| 100.0 - fail)
}

/// Whether both runs measured what problem `p` is about: bounces not given
/// this time are not fixed, a rate with no sent volume is not back under
/// its threshold.
pub(super) fn measured_in_both(p: &Problem, before: &LossReport, now: &LossReport) -> bool {
    let code = p.code.as_str();
    if code.starts_with("bounces.") {
        before.bounces_given && now.bounces_given
    } else if let Some(rate) = code.strip_prefix("rate.") {
        let computed = |r: &LossReport| r.rates.iter().any(|x| x.name == rate && x.pct.is_some());
        computed(before) && computed(now)
    } else if code == "dmarc.source_failing" {
        before.dmarc.is_some() && now.dmarc.is_some()
    } else {
        // A finding of the `--domain` check.
        let checked = |r: &LossReport| r.check.as_ref().map(|c| c.domain.clone());
        checked(before).is_some() && checked(before) == checked(now)
    }
}

/// What changed in a `losses` report since the saved one. Only what both
/// runs measured is compared: a run without `--bounces` fixes no bounce problem.
pub fn for_losses(previous: &PreviousRun, before: &LossReport, now: &LossReport) -> Changes {
    let comparable = |problems: Vec<Problem>| -> Vec<Problem> {
        problems
            .into_iter()
            .filter(|p| measured_in_both(p, before, now))
            .collect()
    };
    let (old, new) = (comparable(loss_problems(before)), comparable(loss_problems(now)));
    let same_inputs = before.bounces_given == now.bounces_given && before.dmarc.is_some() == now.dmarc.is_some();
    let both_bounces = before.bounces_given && now.bounces_given;
    let mut m = Vec::new();
    rate_moved(
        &mut m,
        "dmarc_pass_rate",
        "DMARC pass rate of your own mail",
        own_pass_rate(before),
        own_pass_rate(now),
    );
    for source in &now.sending_sources {
        if let Some(was) = before.sending_sources.iter().find(|s| s.name == source.name) {
            rate_moved(
                &mut m,
                &format!("dmarc_pass_rate.{}", source.name),
                &format!("DMARC pass rate of {}", source.name),
                was.dmarc_pass_pct,
                source.dmarc_pass_pct,
            );
        }
    }
    if both_bounces {
        count_moved(
            &mut m,
            "contacts_lost",
            "Contacts lost",
            None,
            before.contacts_lost.total,
            now.contacts_lost.total,
        );
        count_moved(
            &mut m,
            "complaints",
            "Spam complaints",
            None,
            before.complaints,
            now.complaints,
        );
    }
    // Bounce and complaint rates against the thresholds: lower is better.
    // (The DMARC fail rate is the pass rate above, seen from the other side.)
    for rate in now.rates.iter().filter(|r| !r.name.starts_with("dmarc_")) {
        if let Some(was) = before.rates.iter().find(|r| r.name == rate.name) {
            percent_moved(
                &mut m,
                &format!("rate.{}", rate.name),
                &rate.name.replace('_', " "),
                was.pct,
                rate.pct,
                false,
            );
        }
    }
    // Emails lost adds up different parts with and without bounces or reports.
    if same_inputs {
        count_moved(
            &mut m,
            "emails_lost",
            "Emails lost",
            None,
            before.emails_lost.total,
            now.emails_lost.total,
        );
    }
    // Every reason in either run: one that disappeared moved to 0.
    let mut reasons: Vec<(crate::bounce::Reason, &str)> = Vec::new();
    for x in now.by_reason.iter().chain(&before.by_reason).filter(|_| both_bounces) {
        if !reasons.iter().any(|(r, _)| *r == x.reason) {
            reasons.push((x.reason, &x.label));
        }
    }
    let messages = |r: &LossReport, reason| {
        r.by_reason
            .iter()
            .find(|x| x.reason == reason)
            .map_or(0, |x| x.messages)
    };
    for (reason, label) in reasons {
        count_moved(
            &mut m,
            &format!("bounces.{}", reason.as_str()),
            &format!("Bounces: {label}"),
            None,
            messages(before, reason),
            messages(now, reason),
        );
    }
    if let (Some(was), Some(is)) = (&before.money, &now.money) {
        for line in &is.lines {
            if let Some(old_line) = was.lines.iter().find(|l| l.label == line.label)
                && old_line.amount != line.amount
            {
                let direction = if line.quantity > old_line.quantity {
                    Direction::Worse
                } else {
                    Direction::Better
                };
                moved(
                    &mut m,
                    &format!("money.{}", line.label.to_ascii_lowercase().replace(' ', "_")),
                    &line.label,
                    None,
                    (Figure::Text(old_line.amount.clone()), Figure::Text(line.amount.clone())),
                    direction,
                );
            }
        }
    }
    let since = before.period.as_ref().map(|p| p.last.clone());
    let since_from = match (&since, &previous.modified) {
        (Some(_), _) => SinceFrom::ReportPeriod,
        (None, Some(_)) => SinceFrom::FileModified,
        (None, None) => SinceFrom::Unknown,
    };
    Changes {
        previous: previous.label.clone(),
        since: since.or_else(|| previous.modified.clone()),
        since_from,
        new_problems: missing_from(&new, &old),
        fixed_problems: missing_from(&old, &new),
        unverified_problems: Vec::new(),
        moved: m,
        domains_gone: Vec::new(),
        domains_added: Vec::new(),
    }
}
