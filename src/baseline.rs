//! `--baseline previous.json`: what changed since a saved run, so a CI gate
//! fails when something breaks rather than forever on a known issue.
//!
//! Findings are matched on (domain, code, subject): the message may carry
//! counts or record text that change from run to run without the problem
//! changing. Several findings with the same key are matched as a multiset.
//!
//! A finding that disappeared is "fixed" only if its domain was audited
//! completely this time; when lookups failed, it is "unverified" (a DNS
//! failure is never a pass).

use crate::check::{self, DomainReport};
use crate::finding::{Finding, Severity};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// A saved `--format json` run, read leniently: only what a diff needs, so a
/// baseline written by an older mailaudit with other report fields still reads.
#[derive(Debug, Clone, Deserialize)]
pub struct SavedRun {
    pub schema_version: u32,
    pub domains: Vec<SavedDomain>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SavedDomain {
    pub domain: String,
    #[serde(default)]
    pub findings: Vec<SavedFinding>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedFinding {
    pub code: String,
    pub severity: Severity,
    #[serde(default)]
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
}

impl From<&Finding> for SavedFinding {
    fn from(f: &Finding) -> Self {
        SavedFinding {
            code: f.code.to_string(),
            severity: f.severity,
            message: f.message.clone(),
            subject: f.subject.clone(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    /// `mailaudit check --baseline baseline.json ... > baseline.json` empties
    /// the file before mailaudit reads it (docs/ci.md).
    #[error(
        "the baseline file is empty; save a run with `mailaudit check --format json > baseline.json` first (never redirect into the file given to --baseline)"
    )]
    Empty,
    #[error("not a mailaudit check JSON file: {0}")]
    Parse(#[from] serde_json::Error),
    #[error("baseline has schema_version {0}; this mailaudit reads schema_version {expected}", expected = check::SCHEMA_VERSION)]
    UnsupportedVersion(u32),
}

impl SavedRun {
    pub fn parse(text: &str) -> Result<SavedRun, BaselineError> {
        if text.trim().is_empty() {
            return Err(BaselineError::Empty);
        }
        let run: SavedRun = serde_json::from_str(text)?;
        if run.schema_version != check::SCHEMA_VERSION {
            return Err(BaselineError::UnsupportedVersion(run.schema_version));
        }
        Ok(run)
    }

    /// The run made of these domain reports, as `--format json` saves it.
    pub fn from_reports(domains: &[DomainReport]) -> SavedRun {
        SavedRun {
            schema_version: check::SCHEMA_VERSION,
            domains: domains
                .iter()
                .map(|d| SavedDomain {
                    domain: d.domain.clone(),
                    findings: d.findings.iter().map(SavedFinding::from).collect(),
                })
                .collect(),
        }
    }
}

/// One finding in the diff, with its domain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaselineEntry {
    pub domain: String,
    #[serde(flatten)]
    pub finding: SavedFinding,
}

/// What changed since the saved run. Written as `baseline` in the JSON output.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaselineReport {
    /// The baseline file as given.
    pub previous: String,
    /// In this run, not in the baseline. `--fail-on` applies to these only.
    pub new: Vec<BaselineEntry>,
    /// In the baseline, gone from a domain audited completely this run.
    pub fixed: Vec<BaselineEntry>,
    /// In the baseline, gone, but lookups for the domain failed this run:
    /// maybe fixed, maybe just not seen.
    pub unverified: Vec<BaselineEntry>,
    /// In both.
    pub unchanged: usize,
    /// Domains of the baseline that this run did not check (their findings
    /// are neither fixed nor unchanged).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_checked: Vec<String>,
}

/// Where a finding of the current run stands against the baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaselineState {
    New,
    Unchanged,
}

type Key<'a> = (&'a str, Option<&'a str>);

fn key_of(code: &str, subject: Option<&str>) -> (String, Option<String>) {
    (code.to_string(), subject.map(str::to_string))
}

/// Compare the current run with a saved one. `previous_label` names the file.
pub fn diff(previous: &SavedRun, current: &[DomainReport], previous_label: &str) -> BaselineReport {
    let mut report = BaselineReport {
        previous: previous_label.to_string(),
        ..Default::default()
    };
    let previous_by_domain: HashMap<&str, &SavedDomain> =
        previous.domains.iter().map(|d| (d.domain.as_str(), d)).collect();
    for domain in current {
        let before: &[SavedFinding] = previous_by_domain
            .get(domain.domain.as_str())
            .map(|d| d.findings.as_slice())
            .unwrap_or(&[]);
        let mut previous_count: BTreeMap<Key, usize> = BTreeMap::new();
        for f in before {
            *previous_count
                .entry((f.code.as_str(), f.subject.as_deref()))
                .or_default() += 1;
        }
        // Current occurrences of each key: the first ones (up to the previous
        // count) are unchanged, the rest are new.
        let mut seen: BTreeMap<Key, usize> = BTreeMap::new();
        for f in &domain.findings {
            let key = (f.code.as_str(), f.subject.as_deref());
            let n = seen.entry(key).or_default();
            *n += 1;
            if *n <= previous_count.get(&key).copied().unwrap_or(0) {
                report.unchanged += 1;
            } else {
                report.new.push(BaselineEntry {
                    domain: domain.domain.clone(),
                    finding: SavedFinding::from(f),
                });
            }
        }
        let incomplete = domain.findings.iter().any(Finding::is_incomplete);
        let mut matched: BTreeMap<Key, usize> = BTreeMap::new();
        for f in before {
            let key = (f.code.as_str(), f.subject.as_deref());
            let n = matched.entry(key).or_default();
            *n += 1;
            if *n > seen.get(&key).copied().unwrap_or(0) {
                let entry = BaselineEntry {
                    domain: domain.domain.clone(),
                    finding: f.clone(),
                };
                let gone_for_sure = !incomplete || crate::codes::lookup(&f.code).is_some_and(|c| c.incomplete);
                if gone_for_sure {
                    report.fixed.push(entry);
                } else {
                    report.unverified.push(entry);
                }
            }
        }
    }
    let checked: Vec<&str> = current.iter().map(|d| d.domain.as_str()).collect();
    report.not_checked = previous
        .domains
        .iter()
        .filter(|d| !checked.contains(&d.domain.as_str()))
        .map(|d| d.domain.clone())
        .collect();
    report
}

impl BaselineReport {
    /// The counts as one phrase, for every format's summary line:
    /// "2 new, 1 fixed, 0 unverified, 5 unchanged, 1 domain not checked".
    pub fn summary(&self) -> String {
        let mut out = format!(
            "{} new, {} fixed, {} unverified, {} unchanged",
            self.new.len(),
            self.fixed.len(),
            self.unverified.len(),
            self.unchanged
        );
        let n = self.not_checked.len();
        out.push_str(&format!(
            ", {n} baseline domain{} not checked",
            if n == 1 { "" } else { "s" }
        ));
        out
    }

    /// The state of each finding of `domain` (same order as `domain.findings`).
    pub fn states(&self, domain: &DomainReport) -> Vec<BaselineState> {
        let mut new_count: HashMap<(String, Option<String>), usize> = HashMap::new();
        for e in self.new.iter().filter(|e| e.domain == domain.domain) {
            *new_count
                .entry(key_of(&e.finding.code, e.finding.subject.as_deref()))
                .or_default() += 1;
        }
        let mut total: HashMap<(String, Option<String>), usize> = HashMap::new();
        for f in &domain.findings {
            *total.entry(key_of(f.code.as_str(), f.subject.as_deref())).or_default() += 1;
        }
        let mut seen: HashMap<(String, Option<String>), usize> = HashMap::new();
        domain
            .findings
            .iter()
            .map(|f| {
                let key = key_of(f.code.as_str(), f.subject.as_deref());
                let unchanged = total
                    .get(&key)
                    .copied()
                    .unwrap_or(0)
                    .saturating_sub(new_count.get(&key).copied().unwrap_or(0));
                let n = seen.entry(key).or_default();
                *n += 1;
                if *n <= unchanged {
                    BaselineState::Unchanged
                } else {
                    BaselineState::New
                }
            })
            .collect()
    }

    /// The findings the exit code is computed from: the new ones, plus every
    /// "could not tell" finding (an incomplete audit stays exit 3 even when
    /// the baseline knew about it).
    pub fn gate_findings<'a>(&self, domains: &'a [DomainReport]) -> Vec<&'a Finding> {
        let mut gate = Vec::new();
        for domain in domains {
            for (finding, state) in domain.findings.iter().zip(self.states(domain)) {
                if state == BaselineState::New || finding.is_incomplete() {
                    gate.push(finding);
                }
            }
        }
        gate
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::DomainReport;
    use crate::run::CheckRun;

    fn domain(name: &str, findings: Vec<Finding>) -> DomainReport {
        let mut report = crate::testing::report_without_dns(name);
        report.findings = findings;
        report
    }

    fn temperror(subject: &str) -> Finding {
        Finding::new(&crate::dns::TEMPERROR, "timed out").subject(subject)
    }

    /// (domain, [(code, subject)]) pairs.
    type Listing<'a> = [(&'a str, Vec<(&'a str, Option<&'a str>)>)];

    fn saved(domains: &Listing) -> SavedRun {
        SavedRun {
            schema_version: 1,
            domains: domains
                .iter()
                .map(|(d, fs)| SavedDomain {
                    domain: d.to_string(),
                    findings: fs
                        .iter()
                        .map(|(code, subject)| SavedFinding {
                            code: code.to_string(),
                            severity: Severity::Error,
                            message: "old message".into(),
                            subject: subject.map(str::to_string),
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    #[test]
    fn new_fixed_and_unchanged() {
        // Both runs complete for b.test (no incomplete findings there); a.test
        // carries only temperror findings, which are themselves incomplete.
        let previous = saved(&[
            (
                "a.test",
                vec![("dns.temperror", Some("x")), ("dns.temperror", Some("gone"))],
            ),
            ("b.test", vec![]),
            ("old.test", vec![("dns.temperror", None)]),
        ]);
        let current = CheckRun::new(vec![
            domain("a.test", vec![temperror("x"), temperror("fresh")]),
            domain("b.test", vec![]),
        ]);
        let report = diff(&previous, &current.domains, "prev.json");
        assert_eq!(report.unchanged, 1);
        assert_eq!(report.new.len(), 1);
        assert_eq!(report.new[0].finding.subject.as_deref(), Some("fresh"));
        // The gone finding is itself a DNS failure: its absence is a real change.
        assert_eq!(report.fixed.len(), 1);
        assert_eq!(report.fixed[0].finding.subject.as_deref(), Some("gone"));
        assert!(report.unverified.is_empty());
        assert_eq!(report.not_checked, ["old.test"]);
        assert_eq!(
            report.states(&current.domains[0]),
            [BaselineState::Unchanged, BaselineState::New]
        );
    }

    #[test]
    fn message_changes_do_not_make_a_finding_new() {
        let previous = saved(&[("a.test", vec![("dns.temperror", Some("x"))])]);
        let current = CheckRun::new(vec![domain(
            "a.test",
            vec![Finding::new(&crate::dns::TEMPERROR, "a different text").subject("x")],
        )]);
        let report = diff(&previous, &current.domains, "p");
        assert_eq!((report.new.len(), report.fixed.len(), report.unchanged), (0, 0, 1));
    }

    #[test]
    fn same_key_twice_is_a_multiset() {
        let previous = saved(&[("a.test", vec![("dns.temperror", None)])]);
        let current = CheckRun::new(vec![domain(
            "a.test",
            vec![
                Finding::new(&crate::dns::TEMPERROR, "one"),
                Finding::new(&crate::dns::TEMPERROR, "two"),
            ],
        )]);
        let report = diff(&previous, &current.domains, "p");
        assert_eq!((report.new.len(), report.unchanged), (1, 1));
        assert_eq!(
            report.states(&current.domains[0]),
            [BaselineState::Unchanged, BaselineState::New]
        );
    }

    #[test]
    fn a_domain_new_to_the_run_has_only_new_findings() {
        let previous = saved(&[]);
        let current = CheckRun::new(vec![domain("n.test", vec![temperror("a")])]);
        let report = diff(&previous, &current.domains, "p");
        assert_eq!(report.new.len(), 1);
        assert!(report.not_checked.is_empty());
    }

    #[test]
    fn findings_gone_during_an_incomplete_audit_are_unverified() {
        // Any code that is not itself a DNS failure (registered or not) behaves the same.
        let previous = SavedRun {
            schema_version: 1,
            domains: vec![SavedDomain {
                domain: "a.test".into(),
                findings: vec![SavedFinding {
                    code: "spf.some_problem".into(),
                    severity: Severity::Error,
                    message: "m".into(),
                    subject: None,
                }],
            }],
        };
        let incomplete = CheckRun::new(vec![domain("a.test", vec![temperror("_spf")])]);
        let report = diff(&previous, &incomplete.domains, "p");
        assert!(report.fixed.is_empty());
        assert_eq!(report.unverified.len(), 1);
        let complete = CheckRun::new(vec![domain("a.test", vec![])]);
        let report = diff(&previous, &complete.domains, "p");
        assert_eq!(report.fixed.len(), 1);
        assert!(report.unverified.is_empty());
    }

    #[test]
    fn gate_counts_new_findings_and_every_incomplete_one() {
        let previous = saved(&[("a.test", vec![("dns.temperror", Some("x"))])]);
        let current = CheckRun::new(vec![domain("a.test", vec![temperror("x"), temperror("y")])]);
        let report = diff(&previous, &current.domains, "p");
        // Both are incomplete findings: both stay in the gate (exit 3, not 0).
        assert_eq!(report.gate_findings(&current.domains).len(), 2);
    }

    #[test]
    fn parse_checks_schema_version_and_ignores_unknown_fields() {
        let ok = r#"{"schema_version":1,"tool":{"name":"mailaudit","version":"0"},"domains":[
            {"domain":"a.test","verdict":{"status":"ok","summary":""},"spf":{"future":1},
             "findings":[{"code":"dns.temperror","severity":"warning","message":"m","docs":"u","subject":"s"}]}]}"#;
        let run = SavedRun::parse(ok).unwrap();
        assert_eq!(run.domains[0].findings[0].subject.as_deref(), Some("s"));
        assert!(matches!(
            SavedRun::parse(r#"{"schema_version":2,"domains":[]}"#),
            Err(BaselineError::UnsupportedVersion(2))
        ));
        assert!(matches!(SavedRun::parse("<xml/>"), Err(BaselineError::Parse(_))));
        // `> baseline.json` on the same command line leaves an empty file: say so.
        for empty in ["", " \n"] {
            let error = SavedRun::parse(empty).unwrap_err();
            assert!(matches!(error, BaselineError::Empty));
            assert!(error.to_string().contains("--format json > baseline.json"), "{error}");
        }
        assert!(matches!(
            SavedRun::parse(r#"{"domains":[]}"#),
            Err(BaselineError::Parse(_))
        ));
    }
}
