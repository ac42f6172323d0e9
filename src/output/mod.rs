//! Every renderer of every command. `check` (and, through it, `message`):
//! one format per file, each behind [`CheckFormatter`]. The other commands:
//! one file per command (`blocklist`, `bounces`, `dmarc_reports`,
//! `tls_reports`, `losses_*`). Numbers are written by `crate::figures`, text
//! from outside is made safe by `crate::sanitize`.

pub mod blocklist;
pub mod bounces;
pub mod changes;
pub mod check_text;
pub mod dmarc_reports;
pub mod github;
pub mod html;
pub mod json;
pub mod junit;
pub mod losses_json;
pub mod losses_markdown;
pub mod losses_text;
pub mod losses_words;
pub mod markdown;
pub mod message;
pub mod sarif;
pub mod text;
pub mod tls_reports;

use crate::check::ToolInfo;
use crate::run::CheckRun;

/// The `"tool"` object of every JSON document.
pub fn tool_info() -> ToolInfo {
    ToolInfo {
        name: "mailaudit".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    }
}

/// A JSON document as every `--format json` writes it: pretty, with a final newline.
pub fn pretty_json<T: serde::Serialize + ?Sized>(doc: &T) -> String {
    let mut out = serde_json::to_string_pretty(doc).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    out.push('\n');
    out
}

/// Renders a whole `check` run.
pub trait CheckFormatter {
    fn format(&self, run: &CheckRun) -> String;
}

/// `--format` values of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckFormat {
    /// Human-readable report (coloured on a terminal)
    Text,
    /// Stable JSON, schema_version 1 (docs/json.md)
    Json,
    /// SARIF 2.1.0, for code scanning (docs/ci.md)
    Sarif,
    /// JUnit XML: one test case per domain and check
    Junit,
    /// GitHub Actions annotations
    Github,
    /// Markdown, e.g. for a CI job summary
    Markdown,
    /// Self-contained HTML client report (inline CSS and SVG, no external requests)
    Html,
}

/// The formatter for `format`. `color` applies to text only.
pub fn formatter(format: CheckFormat, color: bool) -> Box<dyn CheckFormatter> {
    match format {
        CheckFormat::Text => Box::new(text::TextFormatter { color }),
        CheckFormat::Json => Box::new(json::JsonFormatter),
        CheckFormat::Sarif => Box::new(sarif::SarifFormatter::default()),
        CheckFormat::Junit => Box::new(junit::JunitFormatter::default()),
        CheckFormat::Github => Box::new(github::GithubFormatter::default()),
        CheckFormat::Markdown => Box::new(markdown::MarkdownFormatter::default()),
        CheckFormat::Html => Box::new(html::HtmlFormatter {
            meta: Default::default(),
        }),
    }
}

/// Whether to colour stdout: only on a terminal, and never with NO_COLOR set.
pub fn stdout_wants_color() -> bool {
    use std::io::IsTerminal;
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}
