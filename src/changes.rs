//! `--previous FILE` on `check` and `losses`: what changed since a saved
//! `--format json` run of the same command, for a client report ("since
//! DATE: 2 new problems, 1 fixed, DMARC pass rate 82% -> 97%").
//!
//! Unlike `--baseline` (a CI gate: the exit code counts new findings only),
//! this changes nothing but the report. Problems are matched on (domain,
//! code, subject) as the baseline matches them, so a message that carries a
//! count does not make a problem new.
//!
//! DATE: a saved `losses` run carries the period its data covers, and its
//! last day is the date; a saved `check` run has no date in it (adding one
//! would change every saved run byte for byte), so the file's modification
//! time stands in, and `since_from` says which was used.

use crate::baseline::{self, SavedRun};
use crate::check::DomainReport;
use crate::finding::Severity;
use crate::losses::LossReport;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

mod load;
mod losses;

pub use load::*;
pub use losses::for_losses;

/// Where "since DATE" came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SinceFrom {
    /// The last day of the data the saved run covered (`losses`).
    ReportPeriod,
    /// The saved file's modification time (`check` runs carry no date).
    FileModified,
    /// Neither is known.
    Unknown,
}

/// A problem that appeared or went away.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// The domain it is about; None for a `losses` run without `--domain`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// Stable code: a finding code (`spf.lookup_limit`), `rate.<name>`
    /// (a rate over its threshold), `dmarc.source_failing` (one of your
    /// sources fails DMARC) or `bounces.<reason>` (bounces of that reason).
    pub code: String,
    /// `error`, `warning` or `info`.
    pub severity: Severity,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
}

/// A figure's value, as its unit wants it written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Figure {
    Count(u64),
    /// Percent, 0 to 100.
    Percent(f64),
    /// A verdict or an amount of money as shown ("10,300.00 EUR").
    Text(String),
}

impl Figure {
    /// As every format writes it: "1,204", "97.50%", "at_risk".
    pub fn display(&self) -> String {
        match self {
            Figure::Count(n) => crate::figures::thousands(*n),
            Figure::Percent(p) => crate::losses::pct_or_dash(Some(*p)),
            Figure::Text(t) => t.clone(),
        }
    }
}

/// Which way a figure moved, for the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Better,
    Worse,
}

/// A figure that is not what it was.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Movement {
    /// Stable key: `verdict`, `errors`, `warnings`, `info`, `dmarc_pass_rate`,
    /// `dmarc_pass_rate.<source>`, `bounces.<reason>`, `contacts_lost`,
    /// `emails_lost`, `complaints`, `money.<label>`.
    pub figure: String,
    /// The figure in words: "DMARC pass rate of your own mail".
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    pub before: Figure,
    pub after: Figure,
    pub direction: Direction,
}

/// What changed since the saved run: `changes` in the JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Changes {
    /// The saved run's file as given.
    pub previous: String,
    /// The date of the saved run (YYYY-MM-DD), see `since_from`.
    pub since: Option<String>,
    pub since_from: SinceFrom,
    pub new_problems: Vec<Problem>,
    pub fixed_problems: Vec<Problem>,
    /// Gone from a domain whose lookups failed this run: maybe fixed (`check`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unverified_problems: Vec<Problem>,
    pub moved: Vec<Movement>,
    /// Domains in the saved run that this run did not check, and the reverse.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub domains_gone: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub domains_added: Vec<String>,
}

impl Changes {
    /// "since 2026-11-02 (file date of prev.json)" / "since prev.json".
    pub fn since_phrase(&self) -> String {
        match (&self.since, self.since_from) {
            (Some(d), SinceFrom::ReportPeriod) => format!("since {d} (end of the period of {})", self.previous),
            (Some(d), _) => format!("since {d} (date of {})", self.previous),
            (None, _) => format!("since {}", self.previous),
        }
    }

    /// "2 new problems, 1 fixed, 3 figures moved".
    pub fn summary(&self) -> String {
        let n = |k: usize, one: &str, many: &str| format!("{k} {}", if k == 1 { one } else { many });
        let mut parts = vec![
            n(self.new_problems.len(), "new problem", "new problems"),
            format!("{} fixed", self.fixed_problems.len()),
        ];
        if !self.unverified_problems.is_empty() {
            parts.push(format!("{} gone but not verified", self.unverified_problems.len()));
        }
        parts.push(n(self.moved.len(), "figure moved", "figures moved"));
        parts.join(", ")
    }
}

fn problem_from(entry: &baseline::BaselineEntry) -> Problem {
    Problem {
        domain: Some(entry.domain.clone()),
        code: entry.finding.code.clone(),
        severity: entry.finding.severity,
        message: entry.finding.message.clone(),
        subject: entry.finding.subject.clone(),
    }
}

fn moved(
    out: &mut Vec<Movement>,
    figure: &str,
    label: &str,
    domain: Option<&str>,
    (before, after): (Figure, Figure),
    direction: Direction,
) {
    out.push(Movement {
        figure: figure.to_string(),
        label: label.to_string(),
        domain: domain.map(str::to_string),
        before,
        after,
        direction,
    });
}

/// A count that moved; more is worse.
fn count_moved(out: &mut Vec<Movement>, figure: &str, label: &str, domain: Option<&str>, before: u64, after: u64) {
    if before != after {
        let direction = if after > before {
            Direction::Worse
        } else {
            Direction::Better
        };
        moved(
            out,
            figure,
            label,
            domain,
            (Figure::Count(before), Figure::Count(after)),
            direction,
        );
    }
}

/// A pass rate that moved by at least 0.01 point; more is better.
fn rate_moved(out: &mut Vec<Movement>, figure: &str, label: &str, before: Option<f64>, after: Option<f64>) {
    percent_moved(out, figure, label, before, after, true);
}

/// A percentage that moved by at least 0.005 points; `higher_is_better` says
/// which way is an improvement (a pass rate up, a bounce rate down).
fn percent_moved(
    out: &mut Vec<Movement>,
    figure: &str,
    label: &str,
    before: Option<f64>,
    after: Option<f64>,
    higher_is_better: bool,
) {
    if let (Some(b), Some(a)) = (before, after)
        && (a - b).abs() >= 0.005
    {
        let direction = if (a > b) == higher_is_better {
            Direction::Better
        } else {
            Direction::Worse
        };
        moved(
            out,
            figure,
            label,
            None,
            (Figure::Percent(b), Figure::Percent(a)),
            direction,
        );
    }
}

fn severity_count(findings: &[baseline::SavedFinding], severity: Severity) -> u64 {
    findings.iter().filter(|f| f.severity == severity).count() as u64
}

/// What changed in a `check` run since the saved one.
pub fn for_check(previous: &PreviousRun, saved_check: &SavedCheck, current: &[DomainReport]) -> Changes {
    let saved = &saved_check.run;
    let diff = baseline::diff(saved, current, &previous.label);
    let mut movements = Vec::new();
    let saved_by_domain: BTreeMap<&str, &baseline::SavedDomain> =
        saved.domains.iter().map(|d| (d.domain.as_str(), d)).collect();
    let mut domains_added = Vec::new();
    for domain in current {
        let Some(before) = saved_by_domain.get(domain.domain.as_str()) else {
            domains_added.push(domain.domain.clone());
            continue;
        };
        let name = Some(domain.domain.as_str());
        if let Some(verdict) = saved_check.verdicts.get(domain.domain.as_str()) {
            let now = domain.verdict.status.to_string();
            if *verdict != now {
                let direction = if verdict_rank(&now) < verdict_rank(verdict) {
                    Direction::Better
                } else {
                    Direction::Worse
                };
                moved(
                    &mut movements,
                    "verdict",
                    "Verdict",
                    name,
                    (Figure::Text(verdict.clone()), Figure::Text(now)),
                    direction,
                );
            }
        }
        let saved_now: Vec<baseline::SavedFinding> = domain.findings.iter().map(baseline::SavedFinding::from).collect();
        for (figure, label, severity) in [
            ("errors", "Errors", Severity::Error),
            ("warnings", "Warnings", Severity::Warning),
            ("info", "Notices", Severity::Info),
        ] {
            count_moved(
                &mut movements,
                figure,
                label,
                name,
                severity_count(&before.findings, severity),
                severity_count(&saved_now, severity),
            );
        }
    }
    Changes {
        previous: previous.label.clone(),
        since: previous.modified.clone(),
        since_from: if previous.modified.is_some() {
            SinceFrom::FileModified
        } else {
            SinceFrom::Unknown
        },
        new_problems: diff.new.iter().map(problem_from).collect(),
        fixed_problems: diff.fixed.iter().map(problem_from).collect(),
        unverified_problems: diff.unverified.iter().map(problem_from).collect(),
        moved: movements,
        domains_gone: diff.not_checked,
        domains_added,
    }
}

/// Worst last: ok, at_risk, incomplete, failing.
fn verdict_rank(status: &str) -> u8 {
    match status {
        "ok" => 0,
        "at_risk" => 1,
        "incomplete" => 2,
        _ => 3,
    }
}

#[cfg(test)]
mod tests;
