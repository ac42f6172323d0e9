//! `--format markdown`: a report for a CI job summary
//! (`>> $GITHUB_STEP_SUMMARY`) or a pull-request comment. An overview table of
//! all domains, then detail sections, most important first: what changed since
//! the baseline, each domain with findings (failing ones first), what the
//! ignore rules hid. GitHub refuses summaries over 1 MiB, so sections that do
//! not fit the budget are named in a closing note instead of being cut mid-table.
//!
//! Also renders docs/codes.md from the code registry ([`codes_reference`]).

use super::CheckFormatter;
use crate::baseline::{BaselineEntry, BaselineState};
use crate::check::{DomainReport, VerdictStatus};
use crate::codes;
use crate::explain::DocsUrl;
use crate::finding::{Finding, Severity};
use crate::i18n::Lang;
use crate::run::CheckRun;
use std::fmt::Write;

#[derive(Debug, Clone)]
pub struct MarkdownFormatter {
    /// Upper bound of the output: GitHub refuses job summaries over 1 MiB.
    /// Detail sections that do not fit are named in a closing note.
    pub max_bytes: usize,
    /// Where the team hosts docs/codes.md; codes are links only with it.
    pub docs_url: Option<DocsUrl>,
    /// Language of the labels and of the finding sentences (`--lang`).
    pub lang: Lang,
}

/// A little under GitHub's 1 MiB step-summary limit.
pub const DEFAULT_MAX_BYTES: usize = 1_000_000;

impl Default for MarkdownFormatter {
    fn default() -> Self {
        MarkdownFormatter {
            max_bytes: DEFAULT_MAX_BYTES,
            docs_url: None,
            lang: Lang::En,
        }
    }
}

/// Make text safe in Markdown, inline or in a table cell: one line, no markup
/// (DNS data and reports are hostile: a TXT record must not become a link, an
/// image or HTML). The one Markdown escaper of every command.
pub fn escape(text: &str) -> String {
    cell(text, usize::MAX)
}

/// [`escape`], cut to `max` chars.
pub fn cell(text: &str, max: usize) -> String {
    let mut out = String::new();
    for (count, c) in text.chars().enumerate() {
        if count >= max {
            out.push('…');
            break;
        }
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '|' | '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '#' | '!' | '~' | '$' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A Markdown table head: the header row, then the alignment row; `align`
/// has one letter per column, `l` (text) or `r` (figures). The one place a
/// table is laid out, for every command.
pub fn table_head(columns: &[&str], align: &str) -> String {
    debug_assert_eq!(columns.len(), align.len(), "one alignment per column");
    let rule: String = align.chars().map(|a| if a == 'r' { "---:|" } else { "---|" }).collect();
    format!("{}\n|{rule}", table_row(columns))
}

/// One table row; cells are written as given (escape them with [`cell`]).
pub fn table_row<C: std::fmt::Display>(cells: &[C]) -> String {
    let mut row = String::from("|");
    for c in cells {
        let _ = write!(row, " {c} |");
    }
    row
}

fn status_label(lang: Lang, status: VerdictStatus) -> String {
    let sign = match status {
        VerdictStatus::Ok => "✅",
        VerdictStatus::AtRisk => "⚠️",
        VerdictStatus::Failing => "❌",
        VerdictStatus::Incomplete => "❔",
    };
    format!("{sign} {}", lang.t(&format!("md.status.{}", status.as_str())))
}

/// A finding's message and fix in `lang`: the check's own English text, or
/// the catalogue's sentences for its code in other languages.
fn message_and_fix(lang: Lang, domain: &str, finding: &Finding) -> (String, String) {
    let (code, subject) = (finding.code.as_str(), finding.subject.as_deref());
    (
        lang.per_code("finding", code, domain, subject)
            .unwrap_or_else(|| finding.message.clone()),
        lang.per_code("fix", code, domain, subject)
            .unwrap_or_else(|| finding.fix.clone().unwrap_or_default()),
    )
}

/// The code, linked to its explanation where the team hosts the docs.
fn code_link(code: &str, docs_url: Option<&DocsUrl>) -> String {
    // Codes are `[a-z_.]` (checked in codes.rs); still escape in case one is not.
    let shown = format!("`{}`", code.replace('`', ""));
    match docs_url {
        Some(base) => format!("[{shown}]({})", base.for_code(code)),
        None => shown,
    }
}

fn count(findings: &[Finding], severity: Severity) -> usize {
    findings.iter().filter(|f| f.severity == severity).count()
}

/// The catalogue's column names for `keys`.
pub fn columns(lang: Lang, keys: &[&str]) -> Vec<&'static str> {
    keys.iter().map(|k| lang.t(k)).collect()
}

fn domain_section(
    out: &mut String,
    lang: Lang,
    domain: &DomainReport,
    states: Option<Vec<BaselineState>>,
    docs_url: Option<&DocsUrl>,
) {
    // The check's verdict sentence is English; other languages have their own.
    let summary = match lang {
        Lang::En => domain.verdict.summary.clone(),
        _ => lang.fill(
            &format!("check.verdict.{}", domain.verdict.status.as_str()),
            &[("domain", &domain.domain)],
        ),
    };
    let _ = writeln!(
        out,
        "### {} — {}\n\n{}\n",
        cell(&domain.domain, 253),
        status_label(lang, domain.verdict.status),
        cell(&summary, 1000)
    );
    let changed = states.is_some();
    let mut keys = vec![
        "col.severity",
        "col.code",
        "md.col.subject",
        "md.col.message",
        "md.col.fix",
    ];
    if changed {
        keys.insert(0, "md.col.change");
    }
    let _ = writeln!(out, "{}", table_head(&columns(lang, &keys), &"l".repeat(keys.len())));
    for (i, finding) in domain.findings.iter().enumerate() {
        if let Some(states) = &states {
            let change = match states.get(i) {
                Some(BaselineState::Unchanged) => lang.t("md.known").to_string(),
                _ => format!("**{}**", lang.t("md.new")),
            };
            let _ = write!(out, "| {change} ");
        }
        let (message, fix) = message_and_fix(lang, &domain.domain, finding);
        let mut message = cell(&message, 500);
        if let Some(evidence) = &finding.evidence {
            let _ = write!(
                message,
                "<br>{}: <code>{}</code>",
                lang.t("md.seen"),
                cell(evidence, 300)
            );
        }
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            severity_label(lang, finding.severity),
            code_link(finding.code.as_str(), docs_url),
            cell(finding.subject.as_deref().unwrap_or(""), 253),
            message,
            cell(&fix, 500)
        );
    }
    out.push('\n');
}

/// `error`, `warning`, `info` as the catalogue names them.
fn severity_label(lang: Lang, severity: Severity) -> &'static str {
    lang.t(&format!("md.sev.{}", severity.as_str()))
}

fn entry_table(out: &mut String, lang: Lang, entries: &[BaselineEntry], docs_url: Option<&DocsUrl>) {
    let keys = [
        "col.domain",
        "col.severity",
        "col.code",
        "md.col.subject",
        "md.col.message",
    ];
    let _ = writeln!(out, "{}", table_head(&columns(lang, &keys), "lllll"));
    for e in entries {
        let f = &e.finding;
        let message = lang
            .per_code("finding", &f.code, &e.domain, f.subject.as_deref())
            .unwrap_or_else(|| f.message.clone());
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            cell(&e.domain, 253),
            severity_label(lang, e.finding.severity),
            code_link(e.finding.code.as_str(), docs_url),
            cell(e.finding.subject.as_deref().unwrap_or(""), 253),
            cell(&message, 500)
        );
    }
    out.push('\n');
}

/// "9 domains checked: 7 failing, 0 at risk, 1 incomplete, 1 ok": every
/// verdict counted, so the counts add up to the number of domains.
pub fn domain_counts(run: &CheckRun) -> String {
    domain_counts_in(Lang::En, run)
}

/// [`domain_counts`] in `lang`.
pub fn domain_counts_in(lang: Lang, run: &CheckRun) -> String {
    let n = run.domains.len();
    let count = |status: VerdictStatus| {
        run.domains
            .iter()
            .filter(|d| d.verdict.status == status)
            .count()
            .to_string()
    };
    let key = if n == 1 { "md.counts_one" } else { "md.counts" };
    lang.fill(
        key,
        &[
            ("total", &n.to_string()),
            ("failing", &count(VerdictStatus::Failing)),
            ("at_risk", &count(VerdictStatus::AtRisk)),
            ("incomplete", &count(VerdictStatus::Incomplete)),
            ("ok", &count(VerdictStatus::Ok)),
        ],
    )
}

impl CheckFormatter for MarkdownFormatter {
    /// Right-to-left languages get the document wrapped in `<div dir="rtl">`.
    fn format(&self, run: &CheckRun) -> String {
        let body = self.body(run);
        if self.lang.rtl() {
            format!("<div dir=\"rtl\" lang=\"{}\">\n\n{body}\n</div>\n", self.lang.code())
        } else {
            body
        }
    }
}

impl MarkdownFormatter {
    fn body(&self, run: &CheckRun) -> String {
        let lang = self.lang;
        let mut out = String::new();
        let _ = writeln!(out, "## mailaudit: {}\n", domain_counts_in(lang, run));
        if let Some(b) = &run.baseline {
            // English counts in words (one domain, two domains); other
            // languages fill the figures into their own sentence.
            let file = format!("`{}`", cell(&b.previous, 200));
            let since = match lang {
                Lang::En => lang.fill("md.since", &[("file", &file), ("summary", &b.summary())]),
                _ => lang.fill(
                    "md.since_counts",
                    &[
                        ("file", &file),
                        ("new", &b.new.len().to_string()),
                        ("fixed", &b.fixed.len().to_string()),
                        ("unverified", &b.unverified.len().to_string()),
                        ("unchanged", &b.unchanged.to_string()),
                        ("not_checked", &b.not_checked.len().to_string()),
                    ],
                ),
            };
            let _ = writeln!(out, "**{since}.**\n");
            if !b.not_checked.is_empty() {
                let names: Vec<String> = b.not_checked.iter().map(|d| cell(d, 253)).collect();
                let _ = writeln!(
                    out,
                    "{}\n",
                    lang.fill("md.not_checked", &[("domains", &names.join(", "))])
                );
            }
        }
        // The overview always fits: one short row per domain.
        let keys = [
            "col.domain",
            "col.verdict",
            "md.col.errors",
            "md.col.warnings",
            "md.col.info",
        ];
        let _ = writeln!(out, "{}", table_head(&columns(lang, &keys), "llrrr"));
        for d in &run.domains {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                cell(&d.domain, 253),
                status_label(lang, d.verdict.status),
                count(&d.findings, Severity::Error),
                count(&d.findings, Severity::Warning),
                count(&d.findings, Severity::Info)
            );
        }
        out.push('\n');
        let docs_url = self.docs_url.as_ref();
        let any_code = run.findings().next().is_some()
            || !run.suppressed.is_empty()
            || run
                .baseline
                .as_ref()
                .is_some_and(|b| !(b.fixed.is_empty() && b.unverified.is_empty()));
        if any_code {
            let _ = writeln!(
                out,
                "_{}_\n",
                lang.fill("md.explain", &[("command", "`mailaudit explain CODE`")])
            );
        }

        // Detail sections, most important first, while they fit the budget.
        let mut sections: Vec<(String, String)> = Vec::new();
        if let Some(changes) = &run.changes {
            sections.push((
                lang.t("md.what_changed").to_string(),
                super::changes::markdown(lang, changes, 3),
            ));
        }
        if let Some(b) = &run.baseline {
            let tables = [
                ("md.new_findings", &b.new),
                ("md.fixed", &b.fixed),
                ("md.unverified", &b.unverified),
            ];
            for (key, entries) in tables {
                if !entries.is_empty() {
                    let title = lang.t(key);
                    let mut section = format!("#### {title}\n\n");
                    entry_table(&mut section, lang, entries, docs_url);
                    sections.push((title.to_string(), section));
                }
            }
        }
        let mut with_findings: Vec<&DomainReport> = run.domains.iter().filter(|d| !d.findings.is_empty()).collect();
        with_findings.sort_by_key(|d| status_rank(d.verdict.status));
        for d in with_findings {
            let mut section = String::new();
            domain_section(
                &mut section,
                lang,
                d,
                run.baseline.as_ref().map(|b| b.states(d)),
                docs_url,
            );
            sections.push((d.domain.clone(), section));
        }
        if !run.suppressed.is_empty() {
            let keys = ["col.domain", "col.code", "md.col.subject", "col.reason"];
            let mut section = format!(
                "### {}\n\n{}\n",
                lang.t("md.suppressed"),
                table_head(&columns(lang, &keys), "llll")
            );
            for s in &run.suppressed {
                let _ = writeln!(
                    section,
                    "| {} | {} | {} | {} |",
                    cell(&s.domain, 253),
                    code_link(s.finding.code.as_str(), docs_url),
                    cell(s.finding.subject.as_deref().unwrap_or(""), 253),
                    cell(&s.reason, 500)
                );
            }
            section.push('\n');
            sections.push((lang.t("md.suppressed_findings").to_string(), section));
        }
        let mut left_out = Vec::new();
        for (name, section) in sections {
            // Room for the closing note, whatever is left out.
            if out.len() + section.len() + 2048 <= self.max_bytes {
                out.push_str(&section);
            } else {
                left_out.push(name);
            }
        }
        if !left_out.is_empty() {
            let shown: Vec<String> = left_out.iter().take(20).map(|n| cell(n, 253)).collect();
            let more = left_out.len().saturating_sub(shown.len());
            let mut names = shown.join(", ");
            if more > 0 {
                names.push_str(&lang.fill("md.and_more", &[("count", &more.to_string())]));
            }
            let note = lang.fill(
                "md.left_out",
                &[
                    ("kb", &(self.max_bytes / 1000).to_string()),
                    ("json", "`--format json`"),
                    ("sarif", "`sarif`"),
                    ("names", &names),
                ],
            );
            let _ = writeln!(out, "_{note}._");
        }
        out
    }
}

/// Failing domains first, then incomplete, at risk, ok.
fn status_rank(status: VerdictStatus) -> u8 {
    match status {
        VerdictStatus::Failing => 0,
        VerdictStatus::Incomplete => 1,
        VerdictStatus::AtRisk => 2,
        VerdictStatus::Ok => 3,
    }
}

/// The anchor of `code` in docs/codes.md, which [`DocsUrl::for_code`] links to.
pub use crate::explain::code_anchor;

/// docs/codes.md: every registered code with its explanation and fix,
/// generated from the registry (tests/it/codes_docs.rs keeps the file in sync).
pub fn codes_reference() -> String {
    let mut out = String::from(
        "# Finding codes\n\n\
         <!-- Generated from the code registry (src/codes.rs). Do not edit by hand:\n     \
         run `UPDATE_DOCS=1 cargo test --test it codes_docs` to rewrite it. -->\n\n\
         Every finding mailaudit reports has a stable code. Codes never change meaning, so CI\n\
         pipelines can filter, ignore (`[[ignore]]` in mailaudit.toml) and baseline on them.\n\
         `mailaudit explain CODE` prints the same text.\n\n\
         Severity is the default; a check may raise or lower it for one finding.\n\
         \"Incomplete\" codes mean *we could not tell* (exit code 3), not *something is wrong*.\n\n",
    );
    let _ = writeln!(out, "{}", table_head(&["Code", "Severity", "Title"], "lll"));
    for info in codes::all() {
        let _ = writeln!(
            out,
            "| [`{}`](#{}) | {} | {} |",
            info.code,
            code_anchor(info.code),
            info.severity,
            info.title.replace('|', "\\|")
        );
    }
    out.push('\n');
    for info in codes::all() {
        let _ = writeln!(out, "## `{}`\n", info.code);
        let kind = if info.incomplete {
            " (incomplete: exit code 3)"
        } else {
            ""
        };
        let _ = writeln!(out, "**{}** — severity {}{kind}\n", info.title, info.severity);
        let _ = writeln!(out, "{}\n", one_paragraph(info.explanation));
        let _ = writeln!(out, "**Fix:** {}\n", one_paragraph(info.fix));
    }
    out
}

/// Registry texts are Rust string literals with `\` line continuations;
/// collapse runs of spaces so the Markdown reads cleanly.
fn one_paragraph(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_laid_out_in_one_place() {
        assert_eq!(
            table_head(&["Domain", "Errors"], "lr"),
            "| Domain | Errors |\n|---|---:|"
        );
        assert_eq!(table_row(&["a", "1"]), "| a | 1 |");
        assert_eq!(escape("a|b_[x](y) $1"), "a\\|b\\_\\[x\\]\\(y\\) \\$1");
        assert_eq!(cell("abcdef", 3), "abc…");
    }
}
