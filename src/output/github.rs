//! `--format github`: GitHub Actions workflow commands (`::error ...::`), which
//! show as annotations on the run. With a baseline only new findings are
//! annotated (the known ones are already in code scanning or the baseline).
//! Suppressed findings are not annotated. A notice with the totals comes first.
//!
//! Text from DNS is hostile: every value is escaped so a TXT record cannot end
//! the command early or inject another one (`::stop-commands::`, a newline).

use super::CheckFormatter;
use crate::baseline::BaselineState;
use crate::config::Origin;
use crate::finding::{Finding, Severity};
use crate::run::CheckRun;
use std::collections::BTreeMap;
use std::fmt::Write;

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

impl GithubFormatter {
    fn annotation(&self, out: &mut String, domain: &str, finding: &Finding) {
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
        let _ = write!(message, "\n{}", finding.docs);
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
        let mut out = String::new();
        let mut annotated = 0;
        for domain in &run.domains {
            let states = run.baseline.as_ref().map(|b| b.states(domain));
            for (i, finding) in domain.findings.iter().enumerate() {
                let known = states
                    .as_ref()
                    .is_some_and(|s| s.get(i) == Some(&BaselineState::Unchanged));
                if !known {
                    self.annotation(&mut out, &domain.domain, finding);
                    annotated += 1;
                }
            }
        }
        let mut summary = format!(
            "{}; {annotated} finding{} annotated",
            super::markdown::domain_counts(run),
            if annotated == 1 { "" } else { "s" },
        );
        if let Some(b) = &run.baseline {
            let _ = write!(summary, "; since {}: {}", b.previous, b.summary());
        }
        if !run.suppressed.is_empty() {
            let _ = write!(summary, "; {} suppressed by ignore rules", run.suppressed.len());
        }
        // The summary goes first: GitHub shows only the first 10 annotations
        // of each level per step, and the totals matter most.
        format!("::notice title=mailaudit::{}\n{out}", escape_data(&summary))
    }
}
