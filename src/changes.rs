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
use std::path::Path;

/// The largest saved run read (10,000 domains stay far below it).
pub const MAX_PREVIOUS_BYTES: u64 = 512 * 1024 * 1024;

/// Which command a saved run came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Command {
    Check,
    Losses,
}

impl Command {
    fn name(self) -> &'static str {
        match self {
            Command::Check => "check",
            Command::Losses => "losses",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PreviousError {
    #[error("cannot read {0}")]
    Read(String),
    #[error("{path} is larger than {MAX_PREVIOUS_BYTES} bytes")]
    TooLarge { path: String },
    #[error(
        "{0} is empty; save a run with `--format json -o FILE` first (never redirect into the file given to --previous)"
    )]
    Empty(String),
    #[error("{path} is not JSON ({why}); --previous needs a saved `mailaudit {wanted} --format json` run")]
    NotJson {
        path: String,
        why: String,
        wanted: &'static str,
    },
    #[error("{path} is not a saved mailaudit run; --previous needs a saved `mailaudit {wanted} --format json` run")]
    NotARun { path: String, wanted: &'static str },
    #[error(
        "{path} is a saved `mailaudit {found}` run; --previous of `{wanted}` needs a saved `mailaudit {wanted} --format json` run"
    )]
    WrongCommand {
        path: String,
        found: &'static str,
        wanted: &'static str,
    },
    #[error("{path} has schema_version {found}; this mailaudit reads schema_version {expected}")]
    Version { path: String, found: u64, expected: u32 },
    #[error("{path}: {why}")]
    Invalid { path: String, why: String },
}

/// A saved run, checked to be of the command that reads it.
#[derive(Debug, Clone)]
pub enum Previous {
    Check(SavedCheck),
    Losses(Box<LossReport>),
}

/// A saved `check` run: the baseline's reading of it (findings), and each
/// domain's verdict, which a baseline does not need.
#[derive(Debug, Clone)]
pub struct SavedCheck {
    pub run: SavedRun,
    /// Domain -> verdict status (`ok`, `failing`...), for domains that have one.
    pub verdicts: BTreeMap<String, String>,
}

impl SavedCheck {
    fn new(run: SavedRun, value: &serde_json::Value) -> Self {
        let verdicts = value["domains"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|d| {
                let domain = d["domain"].as_str()?;
                let status = d["verdict"]["status"].as_str()?;
                Some((domain.to_string(), status.to_string()))
            })
            .collect();
        SavedCheck { run, verdicts }
    }
}

/// The saved run and where its date came from.
#[derive(Debug, Clone)]
pub struct PreviousRun {
    /// The file as given.
    pub label: String,
    pub run: Previous,
    /// The file's modification time (YYYY-MM-DD, UTC), when the system knows it.
    pub modified: Option<String>,
}

/// Which command's JSON `value` is, by its top-level shape.
fn command_of(value: &serde_json::Value) -> Option<Command> {
    let object = value.as_object()?;
    if object.get("losses").is_some_and(|l| l.is_object()) {
        Some(Command::Losses)
    } else if object.get("domains").is_some_and(|d| d.is_array()) {
        Some(Command::Check)
    } else {
        None
    }
}

/// Read and validate a saved run of `wanted` from text. `label` names the file in errors.
pub fn parse(text: &str, wanted: Command, label: &str) -> Result<Previous, PreviousError> {
    let path = label.to_string();
    if text.trim().is_empty() {
        return Err(PreviousError::Empty(path));
    }
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| PreviousError::NotJson {
        path: path.clone(),
        why: e.to_string(),
        wanted: wanted.name(),
    })?;
    let found = command_of(&value).ok_or_else(|| PreviousError::NotARun {
        path: path.clone(),
        wanted: wanted.name(),
    })?;
    if found != wanted {
        return Err(PreviousError::WrongCommand {
            path,
            found: found.name(),
            wanted: wanted.name(),
        });
    }
    let version = value.get("schema_version").and_then(serde_json::Value::as_u64);
    let expected = match wanted {
        Command::Check => crate::check::SCHEMA_VERSION,
        Command::Losses => LossReport::SCHEMA_VERSION,
    };
    match version {
        Some(v) if v == u64::from(expected) => {}
        Some(v) => {
            return Err(PreviousError::Version {
                path,
                found: v,
                expected,
            });
        }
        None => {
            return Err(PreviousError::NotARun {
                path,
                wanted: wanted.name(),
            });
        }
    }
    let invalid = |e: String| PreviousError::Invalid {
        path: label.to_string(),
        why: e,
    };
    match wanted {
        // The baseline's reader: lenient, only what a diff needs.
        Command::Check => SavedRun::parse(text)
            .map(|run| Previous::Check(SavedCheck::new(run, &value)))
            .map_err(|e| invalid(e.to_string())),
        Command::Losses => {
            let losses = value.get("losses").cloned().unwrap_or_default();
            serde_json::from_value::<LossReport>(losses)
                .map(|r| Previous::Losses(Box::new(r)))
                .map_err(|e| invalid(format!("not a saved losses run: {e}")))
        }
    }
}

/// Read `path` (size-capped) and validate it as a saved run of `wanted`.
pub fn load(path: &Path, wanted: Command) -> Result<PreviousRun, PreviousError> {
    let label = path.display().to_string();
    let read_error = |e: std::io::Error| PreviousError::Read(format!("{label}: {e}"));
    let metadata = std::fs::metadata(path).map_err(read_error)?;
    if metadata.is_dir() {
        return Err(PreviousError::Read(format!("{label}: is a directory")));
    }
    if metadata.len() > MAX_PREVIOUS_BYTES {
        return Err(PreviousError::TooLarge { path: label });
    }
    let bytes = std::fs::read(path).map_err(read_error)?;
    let text = String::from_utf8(bytes).map_err(|_| PreviousError::NotJson {
        path: label.clone(),
        why: "not UTF-8 text".into(),
        wanted: wanted.name(),
    })?;
    let run = parse(&text, wanted, &label)?;
    let modified = metadata
        .modified()
        .ok()
        .map(|t| chrono::DateTime::<chrono::Utc>::from(t).format("%Y-%m-%d").to_string());
    Ok(PreviousRun { label, run, modified })
}

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

/// The problems of a losses report, each with a stable key.
fn loss_problems(r: &LossReport) -> Vec<Problem> {
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

fn key(p: &Problem) -> ProblemKey {
    (p.domain.clone(), p.code.clone(), p.subject.clone())
}

/// The problems of `a` that `b` does not have (as multisets, in `a`'s order).
fn missing_from(a: &[Problem], b: &[Problem]) -> Vec<Problem> {
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
fn own_pass_rate(r: &LossReport) -> Option<f64> {
    r.rates
        .iter()
        .find(|x| x.name == "dmarc_fail_rate_own_sources")
        .and_then(|x| x.pct)
        .map(|fail| 100.0 - fail)
}

/// Whether both runs measured what problem `p` is about: bounces not given
/// this time are not fixed, a rate with no sent volume is not back under
/// its threshold.
fn measured_in_both(p: &Problem, before: &LossReport, now: &LossReport) -> bool {
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

#[cfg(test)]
mod tests;
