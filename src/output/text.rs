//! `--format text`: the report a marketer reads. Verdict first, then what to
//! fix, most severe first, then the records that were found.

use super::CheckFormatter;
use super::check_text;
use crate::check::{DomainReport, VerdictStatus};
use crate::finding::{Finding, Severity};
use crate::run::CheckRun;
use colored::{ColoredString, Colorize};
use std::fmt::Write;

pub struct TextFormatter {
    pub color: bool,
}

impl TextFormatter {
    pub fn paint(&self, text: &str, how: fn(&str) -> ColoredString) -> String {
        if self.color {
            how(text).to_string()
        } else {
            text.to_string()
        }
    }

    pub fn severity_label(&self, severity: Severity) -> String {
        match severity {
            Severity::Error => self.paint("ERROR  ", |s| s.red().bold()),
            Severity::Warning => self.paint("WARNING", |s| s.yellow().bold()),
            Severity::Info => self.paint("INFO   ", |s| s.cyan()),
        }
    }

    /// The name of what was audited, its verdict and summary (also used by `message`).
    pub fn heading(&self, out: &mut String, name: &str, verdict: &crate::check::Verdict) {
        let status = match verdict.status {
            VerdictStatus::Ok => self.paint("OK", |s| s.green().bold()),
            VerdictStatus::AtRisk => self.paint("AT RISK", |s| s.yellow().bold()),
            VerdictStatus::Failing => self.paint("FAILING", |s| s.red().bold()),
            VerdictStatus::Incomplete => self.paint("INCOMPLETE", |s| s.magenta().bold()),
        };
        let _ = writeln!(out, "{}  {}", self.paint(name, |s| s.bold()), status);
        let _ = writeln!(out, "  {}", verdict.summary);
    }

    fn domain(&self, out: &mut String, report: &DomainReport) {
        self.heading(out, &report.domain, &report.verdict);
        for note in &report.notes {
            let _ = writeln!(out, "  note: {note}");
        }
        if !report.findings.is_empty() {
            let _ = writeln!(out, "\n  What to fix, most important first:");
            for finding in &report.findings {
                self.finding(out, finding);
            }
        }
        let _ = writeln!(out, "\n  Records found:");
        let sections = [
            ("SPF", report.spf.text_lines()),
            ("DMARC", report.dmarc.text_lines()),
            ("DKIM", dkim_lines(report)),
            ("MX", check_text::mx::text_lines(&report.mx)),
            ("MTA-STS", report.mta_sts.text_lines()),
            ("DANE", check_text::dane::text_lines(&report.dane)),
            ("TLS-RPT", report.tls_rpt.text_lines()),
            ("BIMI", report.bimi.text_lines()),
            ("rDNS", check_text::rdns::text_lines(&report.reverse_dns)),
        ];
        for (title, lines) in sections {
            for (i, line) in lines.iter().enumerate() {
                let label = if i == 0 { format!("{title}:") } else { String::new() };
                let _ = writeln!(out, "    {label:<9}{}", one_line(line, 300));
            }
        }
        self.requirements(out, &report.requirements);
        if let Some(blocklist) = &report.blocklist {
            for (i, line) in blocklist.text_lines().iter().enumerate() {
                let label = if i == 0 { "Blocklists:" } else { "" };
                let _ = writeln!(out, "    {label:<12}{}", one_line(line, 300));
            }
        }
    }

    /// The bulk-sender requirements table (also used by `message`).
    pub fn requirements(&self, out: &mut String, requirements: &[crate::check::requirements::Requirement]) {
        use crate::check::requirements::RequirementStatus;
        if requirements.is_empty() {
            return;
        }
        let _ = writeln!(out, "\n  Bulk-sender requirements (Gmail, Yahoo, Microsoft):");
        for r in requirements {
            let mark = match r.status {
                RequirementStatus::Met => self.paint("met        ", |s| s.green()),
                RequirementStatus::NotMet => self.paint("NOT MET    ", |s| s.red().bold()),
                RequirementStatus::Unknown => self.paint("unknown    ", |s| s.magenta()),
                RequirementStatus::NotChecked => self.paint("not checked", |s| s.dimmed()),
            };
            let _ = writeln!(out, "    {mark}  {} ({})", r.requirement, r.why);
        }
    }

    /// One finding with its evidence and fix (also used by `message`).
    pub fn finding(&self, out: &mut String, finding: &Finding) {
        let subject = subject_suffix(finding.subject.as_deref());
        let _ = writeln!(
            out,
            "  {} {}{}  {}",
            self.severity_label(finding.severity),
            self.paint(finding.code.as_str(), |s| s.bold()),
            subject,
            finding.message
        );
        if let Some(evidence) = &finding.evidence {
            let _ = writeln!(out, "            seen: {}", one_line(evidence, 300));
        }
        if let Some(fix) = &finding.fix {
            let _ = writeln!(out, "            fix:  {fix}");
        }
    }
}

/// ` (subject)` to follow a finding's code, or nothing when it has no subject.
pub fn subject_suffix(subject: Option<&str>) -> String {
    subject.map(|s| format!(" ({s})")).unwrap_or_default()
}

/// DKIM keys found; when none was found and a selector lookup failed, the
/// honest answer is "unknown", not "no key".
fn dkim_lines(report: &DomainReport) -> Vec<String> {
    let lookup_failed = report
        .findings
        .iter()
        .any(|f| f.code == &crate::dns::TEMPERROR && f.subject.as_deref().is_some_and(|s| s.contains("._domainkey.")));
    if report.dkim.is_empty() && lookup_failed {
        return vec![crate::check::LOOKUP_FAILED_LINE.into()];
    }
    check_text::dkim::text_lines(&report.dkim)
}

/// Evidence can be a 4 kB TXT record with control characters: show it on one
/// line, without escapes that could drive the terminal, cut to `max` chars.
pub fn one_line(text: &str, max: usize) -> String {
    let clean: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    if clean.chars().count() > max {
        let cut: String = clean.chars().take(max).collect();
        format!("{cut}…")
    } else {
        clean
    }
}

impl CheckFormatter for TextFormatter {
    fn format(&self, run: &CheckRun) -> String {
        let mut out = String::new();
        for (i, report) in run.domains.iter().enumerate() {
            if i > 0 {
                out.push_str("\n────────────────────────────────────────\n\n");
            }
            self.domain(&mut out, report);
        }
        if run.domains.len() > 1 {
            let _ = writeln!(out, "\n{}.", super::markdown::domain_counts(run));
        }
        if let Some(changes) = &run.changes {
            out.push_str(&super::changes::text(changes));
        }
        if run.findings().next().is_some() {
            let _ = writeln!(out, "\nWhat a code means and how to fix it: mailaudit explain CODE");
        }
        out
    }
}

/// The text report shows every current finding; with a baseline or ignore
/// rules, say what changed and what was hidden after it.
pub fn changes_and_suppressed(run: &CheckRun) -> String {
    let mut out = String::new();
    if let Some(b) = &run.baseline {
        let _ = writeln!(out, "\nSince {}: {}.", b.previous, b.summary());
        let sections = [
            ("New", &b.new),
            ("Fixed", &b.fixed),
            ("Gone but not verified (lookups failed)", &b.unverified),
        ];
        for (title, entries) in sections {
            if entries.is_empty() {
                continue;
            }
            let _ = writeln!(out, "  {title}:");
            for e in entries {
                let subject = subject_suffix(e.finding.subject.as_deref());
                let _ = writeln!(
                    out,
                    "    {:<7} {} {}{subject}  {}",
                    e.finding.severity.as_str().to_uppercase(),
                    e.domain,
                    e.finding.code,
                    one_line(&e.finding.message, 200)
                );
            }
        }
    }
    if !run.suppressed.is_empty() {
        let _ = writeln!(out, "\nSuppressed by ignore rules ({}):", run.suppressed.len());
        // Several DNS failures of one domain hit by one rule: one line, counted.
        let mut groups: Vec<(&str, &crate::finding::Code, &str, usize)> = Vec::new();
        for s in &run.suppressed {
            match groups
                .iter_mut()
                .find(|g| g.0 == s.domain && g.1 == s.finding.code && g.2 == s.reason)
            {
                Some(group) => group.3 += 1,
                None => groups.push((&s.domain, s.finding.code, &s.reason, 1)),
            }
        }
        for (domain, code, reason, count) in groups {
            let times = if count > 1 {
                format!(" (x{count})")
            } else {
                String::new()
            };
            let _ = writeln!(out, "    {domain} {code}{times}: {}", one_line(reason, 200));
        }
    }
    out
}
