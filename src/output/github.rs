//! `--format github`: GitHub Actions workflow commands (`::error ...::`), which
//! show as annotations on the run. With a baseline only new findings are
//! annotated (the known ones are already in code scanning or the baseline).
//! Suppressed findings are not annotated. A notice with the totals comes first.
//!
//! GitHub shows at most 10 error, 10 warning and 10 notice annotations per
//! step and 50 per job, and drops the rest without a word. So the most severe
//! come first, each kind stops at its cap, and the last one shown of a capped
//! kind says how many more there are. The full list is the Markdown job
//! summary, which [`append_step_summary`] writes when run inside Actions.
//!
//! Text from DNS is hostile: every value is escaped so a TXT record cannot end
//! the command early or inject another one (`::stop-commands::`, a newline).

use super::CheckFormatter;
use super::markdown::MarkdownFormatter;
use crate::baseline::BaselineState;
use crate::config::Origin;
use crate::explain::DocsUrl;
use crate::finding::{Finding, Severity};
use crate::run::CheckRun;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::PathBuf;

/// Annotations GitHub shows per kind (error, warning, notice) in one step.
pub const MAX_PER_KIND: usize = 10;
/// Annotations GitHub shows per job, all kinds together.
pub const MAX_PER_JOB: usize = 50;

#[derive(Debug, Clone, Default)]
pub struct GithubFormatter {
    /// Where each domain was listed, so the annotation points at the line.
    pub origins: BTreeMap<String, Origin>,
}

/// Escape the message part of a workflow command.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escape a property value (`file=`, `title=`).
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// Plural of the annotation kind, for "and N more errors".
fn kinds(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "errors",
        Severity::Warning => "warnings",
        Severity::Info => "notices",
    }
}

/// The Markdown report appended to the file GitHub renders as the job
/// summary (`GITHUB_STEP_SUMMARY`), the full list behind capped annotations.
/// `Ok(None)` outside GitHub Actions, where that variable is unset.
pub fn append_step_summary(run: &CheckRun, docs_url: Option<&DocsUrl>) -> std::io::Result<Option<PathBuf>> {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else {
        return Ok(None);
    };
    let path = PathBuf::from(path);
    append_summary_to(&path, run, docs_url)?;
    Ok(Some(path))
}

/// Appends (never replaces: earlier steps' text stays) the Markdown report.
fn append_summary_to(path: &std::path::Path, run: &CheckRun, docs_url: Option<&DocsUrl>) -> std::io::Result<()> {
    let markdown = MarkdownFormatter {
        docs_url: docs_url.cloned(),
        ..Default::default()
    };
    let mut file = std::fs::OpenOptions::new().create(true).append(true).open(path)?;
    std::io::Write::write_all(&mut file, markdown.format(run).as_bytes())
}

impl GithubFormatter {
    /// One workflow command; `more` is the count of this kind left out after it.
    fn annotation(&self, out: &mut String, domain: &str, finding: &Finding, more: usize) {
        let mut properties = Vec::new();
        if let Some(origin) = self.origins.get(domain) {
            properties.push(format!("file={}", escape_property(&origin.file)));
            properties.push(format!("line={}", origin.line.max(1)));
        }
        let subject = super::text::subject_suffix(finding.subject.as_deref());
        properties.push(format!(
            "title={}",
            escape_property(&format!("{domain}{subject}: {}", finding.code))
        ));
        let mut message = finding.message.clone();
        if let Some(evidence) = &finding.evidence {
            let _ = write!(message, "\nseen: {evidence}");
        }
        if let Some(fix) = &finding.fix {
            let _ = write!(message, "\nfix: {fix}");
        }
        match &finding.docs {
            Some(url) => write!(message, "\n{url}"),
            None => write!(message, "\nmore: {}", crate::explain::command(finding.code.as_str())),
        }
        .ok();
        if more > 0 {
            let _ = write!(
                message,
                "\n... and {more} more {}: see the job summary",
                kinds(finding.severity)
            );
        }
        let _ = writeln!(
            out,
            "::{} {}::{}",
            command(finding.severity),
            properties.join(","),
            escape_data(&message)
        );
    }
}

impl CheckFormatter for GithubFormatter {
    fn format(&self, run: &CheckRun) -> String {
        let mut pending: Vec<(&str, &Finding)> = Vec::new();
        for domain in &run.domains {
            let states = run.baseline.as_ref().map(|b| b.states(domain));
            for (i, finding) in domain.findings.iter().enumerate() {
                let known = states
                    .as_ref()
                    .is_some_and(|s| s.get(i) == Some(&BaselineState::Unchanged));
                if !known {
                    pending.push((&domain.domain, finding));
                }
            }
        }
        let total = pending.len();

        let mut out = String::new();
        let mut shown = 0;
        // The totals notice below takes one notice and one job slot.
        let mut job_left = MAX_PER_JOB - 1;
        for severity in [Severity::Error, Severity::Warning, Severity::Info] {
            let of_kind: Vec<&(&str, &Finding)> = pending.iter().filter(|(_, f)| f.severity == severity).collect();
            let cap = if severity == Severity::Info {
                MAX_PER_KIND - 1
            } else {
                MAX_PER_KIND
            };
            let show = of_kind.len().min(cap).min(job_left);
            for (i, (domain, finding)) in of_kind.iter().take(show).enumerate() {
                let more = if i + 1 == show { of_kind.len() - show } else { 0 };
                self.annotation(&mut out, domain, finding, more);
            }
            shown += show;
            job_left -= show;
        }

        let mut summary = format!(
            "{}; {total} finding{} annotated",
            super::markdown::domain_counts(run),
            if total == 1 { "" } else { "s" },
        );
        if shown < total {
            summary = format!(
                "{}; {total} findings, the {shown} most severe annotated (GitHub shows {MAX_PER_KIND} of each kind; the job summary lists all)",
                super::markdown::domain_counts(run)
            );
        }
        if let Some(b) = &run.baseline {
            let _ = write!(summary, "; since {}: {}", b.previous, b.summary());
        }
        if !run.suppressed.is_empty() {
            let _ = write!(summary, "; {} suppressed by ignore rules", run.suppressed.len());
        }
        // The summary goes first: the totals matter most.
        format!("::notice title=mailaudit::{}\n{out}", escape_data(&summary))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Code;

    fn code_of(severity: Severity) -> &'static Code {
        crate::codes::all()
            .find(|c| c.severity == severity)
            .expect("a code of each severity")
    }

    /// 50 domains, each with 2 errors, 1 warning and 1 info finding: more of
    /// every kind than GitHub shows.
    fn fifty_domains() -> CheckRun {
        let template = crate::testing::report_without_dns("d0.test");
        let domains = (0..50)
            .map(|i| {
                let mut report = template.clone();
                report.domain = format!("d{i}.test");
                // Warnings and notices listed before the errors: the output must reorder.
                report.findings = vec![
                    Finding::new(code_of(Severity::Info), format!("info {i}")),
                    Finding::new(code_of(Severity::Warning), format!("warning {i}")),
                    Finding::new(code_of(Severity::Error), format!("error {i}a")),
                    Finding::new(code_of(Severity::Error), format!("error {i}b")),
                ];
                report
            })
            .collect();
        CheckRun::new(domains)
    }

    fn kind(line: &str) -> &str {
        line.trim_start_matches("::").split([' ', ':']).next().unwrap_or("")
    }

    #[test]
    fn caps_each_kind_most_severe_first_and_says_how_many_more() {
        let text = GithubFormatter::default().format(&fifty_domains());
        let lines: Vec<&str> = text.lines().collect();
        let kinds: Vec<&str> = lines.iter().map(|l| kind(l)).collect();
        // Totals notice, then 10 errors, 10 warnings, 9 notices (the totals
        // notice is the 10th): what GitHub shows of one step.
        let mut expected = vec!["notice"];
        expected.extend(["error"; 10]);
        expected.extend(["warning"; 10]);
        expected.extend(["notice"; 9]);
        assert_eq!(kinds, expected, "{text}");
        assert!(lines.len() <= MAX_PER_JOB);

        // Errors in domain order: the first ones shown are d0's.
        assert!(
            lines[1].contains("error 0a") && lines[2].contains("error 0b"),
            "{}",
            lines[1]
        );
        // The last of each capped kind says how many were left out.
        for (line, note) in [
            (10, "90 more errors"),
            (20, "40 more warnings"),
            (29, "41 more notices"),
        ] {
            let expected = format!("%0A... and {note}: see the job summary");
            assert!(lines[line].ends_with(&expected), "{}", lines[line]);
        }
        assert_eq!(text.matches("more errors").count(), 1);
        assert!(
            lines[0].contains("200 findings, the 29 most severe annotated"),
            "{}",
            lines[0]
        );
    }

    #[test]
    fn under_the_caps_everything_is_annotated_without_a_note() {
        let mut run = fifty_domains();
        run.domains.truncate(3);
        let text = GithubFormatter::default().format(&run);
        assert_eq!(text.lines().count(), 1 + 12, "{text}");
        assert!(
            !text.contains("more errors") && !text.contains("see the job summary"),
            "{text}"
        );
        assert!(text.lines().next().unwrap().contains("12 findings annotated"), "{text}");
        let kinds: Vec<&str> = text.lines().skip(1).map(kind).collect();
        let mut sorted = kinds.clone();
        sorted.sort_by_key(|k| ["error", "warning", "notice"].iter().position(|x| x == k));
        assert_eq!(kinds, sorted, "most severe first");
    }

    #[test]
    fn step_summary_is_the_full_markdown_report() {
        let run = fifty_domains();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("step_summary.md");
        std::fs::write(&path, "earlier step\n").unwrap();
        append_summary_to(&path, &run, None).unwrap();
        let markdown = std::fs::read_to_string(&path).unwrap();
        assert!(
            markdown.starts_with("earlier step\n## mailaudit: 50 domains checked"),
            "{}",
            &markdown[..80]
        );
        // Every finding the annotations left out is in the summary.
        for i in 0..50 {
            assert!(markdown.contains(&format!("error {i}b")), "error {i}b");
        }
    }
}
