//! `mailaudit explain CODE`: what a finding code means and how to fix it,
//! from the same registry as the docs (docs/codes.md) and the SARIF rules.

use super::{print, usage};
use clap::Args;
use mailaudit::codes::{self, CodeInfo};
use mailaudit::exit;
use std::fmt::Write;

#[derive(Args, Debug)]
#[command(after_help = "Examples:\n  mailaudit explain dns.temperror\n  mailaudit explain --all")]
pub struct ExplainArgs {
    /// The finding code, e.g. dns.temperror
    #[arg(required_unless_present = "all")]
    pub code: Option<String>,
    /// List every code with its severity and title
    #[arg(long, conflicts_with = "code")]
    pub all: bool,
    /// Where your team hosts docs/codes.md, to print the code's link [default: docs_url of ./mailaudit.toml]
    #[arg(long, value_name = "URL")]
    pub docs_url: Option<mailaudit::explain::DocsUrl>,
}

pub async fn run(args: ExplainArgs) -> anyhow::Result<u8> {
    if args.all {
        print(&list());
        return Ok(exit::OK);
    }
    let code = args.code.unwrap_or_default();
    let wanted = code.trim().to_ascii_lowercase();
    match codes::lookup(&wanted) {
        Some(info) => {
            let mut text = explain(info);
            if let Some(base) = args.docs_url.or_else(configured_docs_url) {
                let _ = writeln!(text, "\nMore: {}", base.for_code(info.code));
            }
            print(&text);
            Ok(exit::OK)
        }
        None => {
            let prefix = wanted.split('.').next().unwrap_or("");
            let similar: Vec<&str> = codes::all()
                .filter(|c| {
                    (!prefix.is_empty() && c.code.starts_with(&format!("{prefix}.")))
                        || (wanted.len() >= 3 && c.code.contains(wanted.as_str()))
                })
                .map(|c| c.code)
                .take(10)
                .collect();
            let hint = if similar.is_empty() {
                "list them with `mailaudit explain --all`".to_string()
            } else {
                format!("did you mean one of: {}?", similar.join(", "))
            };
            Err(usage(format!(
                "`{}` is not a finding code; {hint}",
                mailaudit::config::shorten(code.trim(), mailaudit::config::MAX_ECHOED_CHARS)
            )))
        }
    }
}

/// `docs_url` of ./mailaudit.toml. A broken file gives no link rather than an
/// error: explaining a code must work anywhere, and `check` names the problem.
fn configured_docs_url() -> Option<mailaudit::explain::DocsUrl> {
    let cwd = std::env::current_dir().ok()?;
    let (_, config) = mailaudit::config::Config::discover(None, &cwd).ok()??;
    config.docs_url
}

fn list() -> String {
    let mut out = String::new();
    let width = codes::all().map(|c| c.code.len()).max().unwrap_or(0);
    for info in codes::all() {
        let _ = writeln!(
            out,
            "{:<width$}  {:<7}  {}",
            info.code,
            info.severity.as_str(),
            info.title
        );
    }
    out
}

fn explain(info: &CodeInfo) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}: {}", info.code, info.title);
    let kind = if info.incomplete {
        " (means the audit is incomplete: exit code 3)"
    } else {
        ""
    };
    let _ = writeln!(out, "Severity: {}{kind}\n", info.severity);
    let _ = writeln!(out, "Why it matters:");
    out.push_str(&wrap(info.explanation, 76, "  "));
    let _ = writeln!(out, "\nHow to fix:");
    out.push_str(&wrap(info.fix, 76, "  "));
    // No link here: this text is the whole explanation, and no public address
    // of the docs is confirmed (teams that host docs/codes.md set docs_url).
    out
}

/// Word-wrap `text` to `width` columns, each line indented.
fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            let _ = writeln!(out, "{indent}{line}");
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        let _ = writeln!(out, "{indent}{line}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_without_losing_words() {
        let text = "one two three four five six seven";
        let wrapped = wrap(text, 10, "> ");
        assert!(wrapped.lines().all(|l| l.len() <= 12), "{wrapped}");
        let words: Vec<&str> = wrapped.split_whitespace().filter(|w| *w != ">").collect();
        assert_eq!(words.join(" "), text);
    }
}
