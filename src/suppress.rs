//! Ignore rules of the config file applied to a run: the matching findings are
//! hidden with their reason, and what was judged from them (verdict,
//! bulk-sender requirements) is judged again. `config` only reads the rules.

use crate::check::requirements::{self, Requirement, RequirementStatus};
use crate::check::{self, DomainReport, Verdict};
use crate::config::{IgnoreRule, MAX_ECHOED_CHARS, MAX_QUOTED_CHARS, shorten};
use crate::finding::Finding;
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

impl IgnoreRule {
    pub fn matches(&self, domain: &str, finding: &Finding) -> bool {
        finding.code.as_str() == self.code.0
            && self.domain.as_ref().is_none_or(|d| d.0 == domain)
            && self
                .subject
                .as_ref()
                .is_none_or(|s| finding.subject.as_deref().is_some_and(|fs| fs.eq_ignore_ascii_case(s)))
    }
}

/// A finding hidden by an ignore rule: kept in the output with its reason, and
/// left out of the verdict and the exit code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suppressed {
    pub domain: String,
    pub reason: String,
    pub finding: Finding,
}

/// Apply the ignore rules to one domain: hide the matching findings and
/// recompute what was judged from them (verdict, bulk-sender requirements).
/// Returns the hidden findings.
pub fn apply_to_report(rules: &[IgnoreRule], report: &mut DomainReport) -> Vec<Suppressed> {
    let findings = std::mem::take(&mut report.findings);
    let (kept, suppressed) = apply_ignores(rules, &report.domain, findings);
    if !suppressed.is_empty() {
        report.verdict = verdict_after_ignores(&kept, &suppressed);
        // `reverse_dns` has one entry per `--ip`: empty when none was given.
        let ips_given = !report.reverse_dns.is_empty();
        report.requirements = requirements_after_ignores(&report.requirements, &kept, &suppressed, ips_given);
    }
    report.findings = kept;
    suppressed
}

/// Apply the ignore rules to the domains of a run (hidden findings go to
/// `suppressed`). Returns one note per rule that matched nothing, for
/// stderr: a stale rule would silently hide the problem when it comes back.
pub fn apply_to_run(
    rules: &[IgnoreRule],
    domains: &mut [DomainReport],
    suppressed_all: &mut Vec<Suppressed>,
) -> Vec<String> {
    let mut matched = vec![0usize; rules.len()];
    for report in domains.iter_mut() {
        let suppressed = apply_to_report(rules, report);
        for s in &suppressed {
            if let Some(i) = rules.iter().position(|r| r.matches(&s.domain, &s.finding)) {
                matched[i] += 1;
            }
        }
        suppressed_all.extend(suppressed);
    }
    rules
        .iter()
        .zip(&matched)
        .filter(|(_, n)| **n == 0)
        .map(|(rule, _)| stale_rule_note(rule, domains, suppressed_all))
        .collect()
}

/// The note for an ignore rule that hid nothing this run. It must be true
/// whatever the reason: the problem may be gone, or the rule may name a
/// subject or domain the finding does not have.
pub fn stale_rule_note(rule: &IgnoreRule, domains: &[DomainReport], suppressed: &[Suppressed]) -> String {
    let code = &rule.code.0;
    let mut what = format!("the ignore rule for {code}");
    if let Some(d) = &rule.domain {
        let _ = write!(what, " on {}", d.0);
    }
    if let Some(s) = &rule.subject {
        let _ = write!(what, " with subject `{}`", shorten(s, MAX_QUOTED_CHARS));
    }
    let in_scope = |domain: &str| rule.domain.as_ref().is_none_or(|d| d.0 == domain);
    if let Some(d) = &rule.domain
        && !domains.iter().any(|r| r.domain == d.0)
    {
        return format!("{what} matched no finding in this run ({} was not checked)", d.0);
    }
    // First matching rule wins: an earlier, broader rule may have taken its findings.
    if suppressed.iter().any(|s| rule.matches(&s.domain, &s.finding)) {
        return format!("{what} matched no finding in this run: an earlier ignore rule already hides what it matches");
    }
    if rule.subject.is_some() {
        let mut subjects: Vec<String> = Vec::new();
        let visible = domains
            .iter()
            .filter(|r| in_scope(&r.domain))
            .flat_map(|r| r.findings.iter());
        let hidden = suppressed.iter().filter(|s| in_scope(&s.domain)).map(|s| &s.finding);
        for finding in visible.chain(hidden).filter(|f| f.code.as_str() == *code) {
            let subject = finding.subject.as_deref().unwrap_or("(none)");
            let subject = shorten(subject, MAX_QUOTED_CHARS);
            if !subjects.contains(&subject) {
                subjects.push(subject);
            }
        }
        if !subjects.is_empty() {
            const LISTED: usize = 5;
            let more = subjects.len().saturating_sub(LISTED);
            subjects.truncate(LISTED);
            let mut list = subjects.join(", ");
            if more > 0 {
                let _ = write!(list, " and {more} more");
            }
            return format!(
                "{what} matched no finding in this run ({code} exists for other subjects: {list}); check the rule's subject"
            );
        }
    }
    format!("{what} matched no finding in this run; if the issue is fixed for good, remove the rule")
}

/// The bulk-sender requirements once ignore rules have hidden findings. They
/// are judged again from what is left; a requirement that failed only through
/// hidden findings stays "not met" (the team accepted the problem, it did not
/// go away) and says which rule hid its finding, so it does not point at a
/// finding the report no longer shows.
pub fn requirements_after_ignores(
    before: &[Requirement],
    kept: &[Finding],
    suppressed: &[Suppressed],
    sending_ips_given: bool,
) -> Vec<Requirement> {
    // As for the verdict: a hidden DNS failure still means "could not tell".
    let basis = judged_after_ignores(kept, suppressed);
    let mut after = requirements::evaluate(
        &basis,
        sending_ips_given,
        requirements::Incomplete::from_requirements(before),
    );
    for (i, requirement) in after.iter_mut().enumerate() {
        let Some(previous) = before.get(i).filter(|p| p.requirement == requirement.requirement) else {
            continue;
        };
        if previous.status != RequirementStatus::NotMet || requirement.status == RequirementStatus::NotMet {
            continue;
        }
        let mut reasons: Vec<&str> = Vec::new();
        for s in suppressed {
            let breaks =
                requirements::evaluate(std::slice::from_ref(&s.finding), sending_ips_given, Default::default())
                    .get(i)
                    .is_some_and(|r| r.status == RequirementStatus::NotMet);
            if breaks && !reasons.contains(&s.reason.as_str()) {
                reasons.push(&s.reason);
            }
        }
        if reasons.is_empty() {
            continue;
        }
        *requirement = previous.clone();
        let reasons: Vec<String> = reasons.iter().map(|r| shorten(r, MAX_ECHOED_CHARS)).collect();
        let _ = write!(requirement.why, " (suppressed by ignore rule: {})", reasons.join("; "));
    }
    after
}

/// Split findings by ignore rules (first matching rule gives the reason).
pub fn apply_ignores(rules: &[IgnoreRule], domain: &str, findings: Vec<Finding>) -> (Vec<Finding>, Vec<Suppressed>) {
    let mut kept = Vec::new();
    let mut suppressed = Vec::new();
    for finding in findings {
        match rules.iter().find(|r| r.matches(domain, &finding)) {
            Some(rule) => suppressed.push(Suppressed {
                domain: domain.to_string(),
                reason: rule.reason.0.clone(),
                finding,
            }),
            None => kept.push(finding),
        }
    }
    (kept, suppressed)
}

/// The verdict once ignore rules have hidden findings. What the team accepted
/// no longer counts; but a failed lookup still means "we could not tell":
/// ignoring it quiets the exit code, it never turns the verdict into a pass.
pub fn verdict_after_ignores(kept: &[Finding], suppressed: &[Suppressed]) -> Verdict {
    check::verdict(&judged_after_ignores(kept, suppressed))
}

/// What a verdict or requirement is judged from once ignore rules applied:
/// the kept findings, plus the hidden ones that say a lookup failed.
fn judged_after_ignores(kept: &[Finding], suppressed: &[Suppressed]) -> Vec<Finding> {
    let mut basis = kept.to_vec();
    basis.extend(
        suppressed
            .iter()
            .filter(|s| s.finding.is_incomplete())
            .map(|s| s.finding.clone()),
    );
    basis
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::VerdictStatus;
    use crate::config::Config;

    #[test]
    fn ignore_rules_match_code_domain_and_subject() {
        let config = Config::parse(
            "[[ignore]]\ncode = \"dns.temperror\"\ndomain = \"a.test\"\nreason = \"r1\"\n\
             [[ignore]]\ncode = \"dns.temperror\"\nsubject = \"MX1.b.test\"\nreason = \"r2\"\n",
            "x",
        )
        .unwrap();
        let f = Finding::new(&crate::dns::TEMPERROR, "timed out");
        let (kept, suppressed) = apply_ignores(&config.ignore, "a.test", vec![f.clone()]);
        assert!(kept.is_empty());
        assert_eq!(suppressed[0].reason, "r1");
        let (kept, suppressed) = apply_ignores(&config.ignore, "b.test", vec![f.clone()]);
        assert_eq!(
            (kept.len(), suppressed.len()),
            (1, 0),
            "no subject: rule 2 must not match"
        );
        let with_subject = f.clone().subject("mx1.b.test");
        let (kept, suppressed) = apply_ignores(&config.ignore, "b.test", vec![with_subject]);
        assert_eq!((kept.len(), suppressed[0].reason.as_str()), (0, "r2"));
    }

    #[test]
    fn an_ignored_dns_failure_never_makes_the_verdict_a_pass() {
        let config = Config::parse("[[ignore]]\ncode = \"dns.temperror\"\nreason = \"flaky host\"\n", "x").unwrap();
        let (kept, suppressed) = apply_ignores(
            &config.ignore,
            "a.test",
            vec![Finding::new(&crate::dns::TEMPERROR, "timed out")],
        );
        assert!(kept.is_empty());
        assert_eq!(
            verdict_after_ignores(&kept, &suppressed).status,
            VerdictStatus::Incomplete
        );
        assert_eq!(verdict_after_ignores(&kept, &[]).status, VerdictStatus::Ok);
    }

    fn report(name: &str) -> DomainReport {
        crate::testing::report_without_dns(name)
    }

    fn dkim_requirement(report: &DomainReport) -> &Requirement {
        report
            .requirements
            .iter()
            .find(|r| r.requirement.starts_with("DKIM"))
            .expect("a DKIM requirement")
    }

    #[test]
    fn a_requirement_failing_only_through_an_ignored_finding_names_the_rule() {
        let mut report = report("a.test");
        assert!(
            report.findings.iter().any(|f| f.code.as_str() == "dkim.missing"),
            "precondition"
        );
        let before = dkim_requirement(&report).clone();
        assert_eq!(before.status, RequirementStatus::NotMet);
        assert_eq!(before.why, "see dkim.missing");
        let config = Config::parse(
            "[[ignore]]\ncode = \"dkim.missing\"\nreason = \"We sign with the ESP's domain (TICKET-9)\"\n",
            "x",
        )
        .unwrap();
        let suppressed = apply_to_report(&config.ignore, &mut report);
        assert_eq!(suppressed.len(), 1);
        assert!(!report.findings.iter().any(|f| f.code.as_str() == "dkim.missing"));
        let after = dkim_requirement(&report);
        // Still not met (the key is still missing), but no longer pointing at
        // a finding the report hides without saying so.
        assert_eq!(after.status, RequirementStatus::NotMet);
        assert_eq!(
            after.why,
            "see dkim.missing (suppressed by ignore rule: We sign with the ESP's domain (TICKET-9))"
        );
        // Requirements failing through visible findings are untouched.
        let spf = &report.requirements[0];
        assert_eq!(
            (spf.status, spf.why.as_str()),
            (RequirementStatus::NotMet, "see spf.missing")
        );
    }

    #[test]
    fn requirements_are_judged_again_from_what_is_left() {
        let spf_missing = Finding::new(&crate::check::spf::MISSING, "no SPF");
        // The DKIM lookups failed in this run: DKIM was "unknown" before the rules applied.
        let dkim_failed = requirements::Incomplete {
            dkim: true,
            ..Default::default()
        };
        let before = requirements::evaluate(std::slice::from_ref(&spf_missing), false, dkim_failed);
        let hidden = |f: Finding| Suppressed {
            domain: "a.test".into(),
            reason: "accepted".into(),
            finding: f,
        };
        // A hidden DNS failure keeps "unknown": ignoring it never makes a requirement met.
        let temperror = Finding::new(&crate::dns::TEMPERROR, "timed out");
        let after =
            requirements_after_ignores(&before, std::slice::from_ref(&spf_missing), &[hidden(temperror)], false);
        assert_eq!(after[1].status, RequirementStatus::Unknown);
        // Nothing hidden that the requirement cited: judged as before.
        let unrelated = Finding::new(&crate::check::dmarc::POLICY_NONE, "p=none");
        let after = requirements_after_ignores(&before, &[spf_missing], &[hidden(unrelated)], false);
        assert_eq!(after[0].why, "see spf.missing");
        assert_eq!(after[1].status, RequirementStatus::Unknown);
        assert_eq!(after[2].status, RequirementStatus::Met);
    }

    #[test]
    fn stale_rule_notes_say_why_the_rule_matched_nothing() {
        let config = Config::parse(
            "[[ignore]]\ncode = \"dkim.missing\"\nsubject = \"wrong-selector\"\nreason = \"r\"\n\
             [[ignore]]\ncode = \"mx.null\"\nreason = \"r\"\n\
             [[ignore]]\ncode = \"spf.missing\"\ndomain = \"gone.test\"\nreason = \"r\"\n\
             [[ignore]]\ncode = \"dmarc.missing\"\nreason = \"r\"\n\
             [[ignore]]\ncode = \"dmarc.missing\"\ndomain = \"a.test\"\nreason = \"r\"\n",
            "x",
        )
        .unwrap();
        let mut domains = vec![report("a.test")];
        let mut suppressed = Vec::new();
        let dkim_subjects: Vec<String> = domains[0]
            .findings
            .iter()
            .filter(|f| f.code.as_str() == "dkim.missing")
            .map(|f| f.subject.clone().unwrap_or_else(|| "(none)".into()))
            .collect();
        assert!(!dkim_subjects.is_empty(), "precondition");
        let notes = apply_to_run(&config.ignore, &mut domains, &mut suppressed);
        assert_eq!(notes.len(), 4, "{notes:#?}");
        // The finding exists with another subject: "remove it once fixed" would be false.
        assert!(
            notes[0].starts_with("the ignore rule for dkim.missing with subject `wrong-selector` matched no finding")
                && notes[0].contains("dkim.missing exists for other subjects: ")
                && notes[0].contains(&dkim_subjects[0])
                && !notes[0].contains("fixed"),
            "{}",
            notes[0]
        );
        assert_eq!(
            notes[1],
            "the ignore rule for mx.null matched no finding in this run; if the issue is fixed for good, remove the rule"
        );
        assert_eq!(
            notes[2],
            "the ignore rule for spf.missing on gone.test matched no finding in this run (gone.test was not checked)"
        );
        assert!(
            notes[3].contains("an earlier ignore rule already hides"),
            "{}",
            notes[3]
        );
        assert!(suppressed.iter().any(|s| s.finding.code.as_str() == "dmarc.missing"));
    }
}
