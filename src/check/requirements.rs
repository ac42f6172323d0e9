//! The bulk-sender requirements of Gmail, Yahoo and Microsoft (2024-2025),
//! each marked met / not met / unknown / not checked from the findings of the
//! other checks. What DNS cannot show (complaint rate, TLS, unsubscribe
//! headers) is "not checked", never "met".

use crate::finding::{Code, Finding, Severity};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequirementStatus {
    Met,
    NotMet,
    /// A DNS lookup failed, so we cannot tell.
    Unknown,
    /// DNS cannot show this; `why` says where to look.
    NotChecked,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Requirement {
    pub requirement: String,
    /// Which providers require it.
    pub required_by: Vec<String>,
    pub status: RequirementStatus,
    pub why: String,
}

/// A requirement judged from finding codes: not met if any `failing` code is
/// present at warning level or above (an `spf.syntax` warning is an unknown
/// modifier receivers ignore: only `SYNTAX_ERRORS_ONLY` codes need an error).
struct Rule {
    requirement: &'static str,
    required_by: &'static [&'static str],
    /// The check whose failed lookups make this requirement unknown.
    check: Check,
    failing: &'static [&'static Code],
}

/// The checks whose lookups can fail, each judged on its own: a blocklist
/// timeout says nothing about SPF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    Spf,
    Dkim,
    Dmarc,
    ReverseDns,
}

/// Which checks had a failed DNS lookup (a `dns.temperror` of their own).
#[derive(Debug, Clone, Copy, Default)]
pub struct Incomplete {
    pub spf: bool,
    pub dkim: bool,
    pub dmarc: bool,
    pub reverse_dns: bool,
}

impl Incomplete {
    /// Which checks were incomplete, read back from requirements judged
    /// before (those marked unknown), for judging them again later.
    pub fn from_requirements(previous: &[Requirement]) -> Incomplete {
        let unknown = |name: &str| {
            previous
                .iter()
                .any(|r| r.requirement == name && r.status == RequirementStatus::Unknown)
        };
        let rule = |check: Check| {
            RULES
                .iter()
                .find(|r| r.check == check)
                .map(|r| unknown(r.requirement))
                .unwrap_or(false)
        };
        Incomplete {
            spf: rule(Check::Spf),
            dkim: rule(Check::Dkim),
            dmarc: rule(Check::Dmarc),
            reverse_dns: unknown(REVERSE_DNS),
        }
    }

    fn of(self, check: Check) -> bool {
        match check {
            Check::Spf => self.spf,
            Check::Dkim => self.dkim,
            Check::Dmarc => self.dmarc,
            Check::ReverseDns => self.reverse_dns,
        }
    }
}

const SYNTAX_ERRORS_ONLY: &[&Code] = &[
    &crate::check::spf::SYNTAX,
    &crate::check::dmarc::SYNTAX,
    &crate::check::dkim::SYNTAX,
];

fn breaks_requirement(finding: &Finding, code: &Code) -> bool {
    let min = if SYNTAX_ERRORS_ONLY.contains(&code) {
        Severity::Error
    } else {
        Severity::Warning
    };
    finding.code == code && finding.severity >= min
}

pub const ALL: &[&str] = &["Gmail", "Yahoo", "Microsoft"];
const REVERSE_DNS: &str = "Sending IPs have matching forward and reverse DNS";
pub const GMAIL_YAHOO: &[&str] = &["Gmail", "Yahoo"];
/// Rows only a message can show (`mailaudit message` judges them).
pub const ALIGNMENT: &str = "DMARC alignment of the From: domain with SPF or DKIM";
pub const ONE_CLICK: &str = "One-click unsubscribe (RFC 8058) in marketing mail";
/// Rows neither DNS nor a message can show.
pub const COMPLAINTS: &str = "Spam complaint rate under 0.3% (Gmail: aim for 0.1%)";
pub const TLS: &str = "TLS on every connection";

const RULES: &[Rule] = &[
    Rule {
        requirement: "SPF published and valid",
        required_by: ALL,
        check: Check::Spf,
        failing: &[
            &crate::check::spf::MISSING,
            &crate::check::spf::MULTIPLE_RECORDS,
            &crate::check::spf::SYNTAX,
            &crate::check::spf::LOOKUP_LIMIT,
            &crate::check::spf::VOID_LIMIT,
            &crate::check::spf::INCLUDE_LOOP,
            &crate::check::spf::PERMISSIVE_ALL,
        ],
    },
    Rule {
        requirement: "DKIM key published (1024 bits or more)",
        required_by: ALL,
        check: Check::Dkim,
        failing: &[
            &crate::check::dkim::MISSING,
            &crate::check::dkim::WEAK_KEY,
            &crate::check::dkim::SYNTAX,
        ],
    },
    Rule {
        requirement: "DMARC published (p=none or stronger)",
        required_by: ALL,
        check: Check::Dmarc,
        failing: &[
            &crate::check::dmarc::MISSING,
            &crate::check::dmarc::MULTIPLE_RECORDS,
            &crate::check::dmarc::SYNTAX,
        ],
    },
];

/// Judge the requirements for one domain. `sending_ips_given`: `--ip` was used,
/// so reverse DNS could be checked; `incomplete`: which checks had failed lookups.
pub fn evaluate(findings: &[Finding], sending_ips_given: bool, incomplete: Incomplete) -> Vec<Requirement> {
    let has = |code: &Code| findings.iter().any(|f| breaks_requirement(f, code));
    let mut out = Vec::new();
    for rule in RULES {
        let failed: Vec<&str> = rule.failing.iter().filter(|c| has(c)).map(|c| c.as_str()).collect();
        let (status, why) = if !failed.is_empty() {
            (RequirementStatus::NotMet, format!("see {}", failed.join(", ")))
        } else if incomplete.of(rule.check) {
            (
                RequirementStatus::Unknown,
                "a DNS lookup of this check failed (dns.temperror)".to_string(),
            )
        } else {
            (RequirementStatus::Met, "found in DNS".to_string())
        };
        out.push(requirement(rule.requirement, rule.required_by, status, why));
    }
    let rdns = if !sending_ips_given {
        (
            RequirementStatus::NotChecked,
            "give your sending IPs with --ip to check their reverse DNS".to_string(),
        )
    } else if has(&crate::check::rdns::MISSING) || has(&crate::check::rdns::MISMATCH) {
        (RequirementStatus::NotMet, "see rdns findings".to_string())
    } else if incomplete.reverse_dns {
        (
            RequirementStatus::Unknown,
            "a reverse DNS lookup failed (dns.temperror)".to_string(),
        )
    } else {
        (
            RequirementStatus::Met,
            "every --ip has forward-confirmed reverse DNS".to_string(),
        )
    };
    out.push(requirement(REVERSE_DNS, GMAIL_YAHOO, rdns.0, rdns.1));
    let not_checked = [
        (
            ALIGNMENT,
            ALL,
            "shown by DMARC reports (`mailaudit dmarc-reports`) or one message (`mailaudit message`)",
        ),
        (COMPLAINTS, GMAIL_YAHOO, "not visible in DNS: run `mailaudit losses`"),
        (TLS, GMAIL_YAHOO, "depends on each SMTP session, not on DNS"),
        (
            ONE_CLICK,
            GMAIL_YAHOO,
            "a header of each message, not in DNS: run `mailaudit message`",
        ),
    ];
    for (name, by, why) in not_checked {
        out.push(requirement(name, by, RequirementStatus::NotChecked, why.to_string()));
    }
    out
}

fn requirement(name: &str, by: &[&str], status: RequirementStatus, why: String) -> Requirement {
    Requirement {
        requirement: name.to_string(),
        required_by: by.iter().map(|s| s.to_string()).collect(),
        status,
        why,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statuses(findings: &[Finding], ips: bool) -> Vec<RequirementStatus> {
        evaluate(findings, ips, Incomplete::default())
            .into_iter()
            .map(|r| r.status)
            .collect()
    }

    #[test]
    fn findings_drive_requirements() {
        use RequirementStatus::*;
        assert_eq!(&statuses(&[], false)[..4], &[Met, Met, Met, NotChecked]);
        let ignored_modifier = [Finding::new(&crate::check::spf::SYNTAX, "x").severity(Severity::Warning)];
        assert_eq!(statuses(&ignored_modifier, false)[0], Met);
        let bad_syntax = [Finding::new(&crate::check::spf::SYNTAX, "x").severity(Severity::Error)];
        assert_eq!(statuses(&bad_syntax, false)[0], NotMet);
        let missing_spf = [Finding::new(&crate::check::spf::MISSING, "x")];
        assert_eq!(statuses(&missing_spf, true)[0], NotMet);
        assert_eq!(statuses(&missing_spf, true)[3], Met);
        let all_failed = Incomplete {
            spf: true,
            dkim: true,
            dmarc: true,
            reverse_dns: true,
        };
        let judged: Vec<_> = evaluate(&[], true, all_failed).into_iter().map(|r| r.status).collect();
        assert_eq!(&judged[..4], &[Unknown, Unknown, Unknown, Unknown]);
        // A failure elsewhere (say, a blocklist) leaves the others judged.
        let dkim_failed = Incomplete {
            dkim: true,
            ..Default::default()
        };
        let judged: Vec<_> = evaluate(&[], true, dkim_failed).into_iter().map(|r| r.status).collect();
        assert_eq!(&judged[..4], &[Met, Unknown, Met, Met]);
        // A failed lookup never hides a definite failure.
        let judged: Vec<_> = evaluate(&missing_spf, true, all_failed)
            .into_iter()
            .map(|r| r.status)
            .collect();
        assert_eq!(judged[0], NotMet);
        // What DNS cannot show is never "met".
        assert!(statuses(&[], true)[4..].iter().all(|s| *s == NotChecked));
    }
}
