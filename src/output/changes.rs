//! "What changed since last time" (`--previous`) as text and Markdown, for
//! `check` and `losses` alike. The HTML page renders the same model.

use crate::changes::{Changes, Direction, Movement, Problem};
use crate::i18n::Lang;
use crate::sanitize::for_terminal as clean;
use std::fmt::Write;

fn arrow(lang: Lang, m: &Movement) -> &'static str {
    match m.direction {
        Direction::Better => lang.t("md.better"),
        Direction::Worse => lang.t("md.worse"),
    }
}

/// `spf.lookup_limit (subject)`, with the domain first when there is one.
fn problem_name(p: &Problem) -> String {
    let mut s = String::new();
    if let Some(d) = &p.domain {
        s.push_str(d);
        s.push(' ');
    }
    s.push_str(&p.code);
    if let Some(subject) = &p.subject {
        let _ = write!(s, " ({subject})");
    }
    s
}

/// The problem lists with their titles, in the order every format shows them.
fn problem_lists(lang: Lang, c: &Changes) -> [(&'static str, &Vec<Problem>); 3] {
    [
        (lang.t("md.changes_new"), &c.new_problems),
        (lang.t("md.changes_fixed"), &c.fixed_problems),
        (lang.t("md.changes_unverified"), &c.unverified_problems),
    ]
}

fn domain_lists(lang: Lang, c: &Changes) -> [(&'static str, &Vec<String>); 2] {
    [
        (lang.t("md.domains_gone"), &c.domains_gone),
        (lang.t("md.domains_added"), &c.domains_added),
    ]
}

/// A problem's message: the check's own (English), or the catalogue's
/// sentence for its code in other languages.
fn problem_message(lang: Lang, p: &Problem) -> String {
    let domain = p.domain.as_deref().unwrap_or_default();
    lang.per_code("finding", &p.code, domain, p.subject.as_deref())
        .unwrap_or_else(|| p.message.clone())
}

fn movement_name(m: &Movement) -> String {
    match &m.domain {
        Some(d) => format!("{d}: {}", m.label),
        None => m.label.clone(),
    }
}

/// The section for a terminal.
pub fn text(c: &Changes) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "\nWhat changed {}: {}.", clean(&c.since_phrase()), c.summary());
    for (title, problems) in problem_lists(Lang::En, c) {
        if problems.is_empty() {
            continue;
        }
        let _ = writeln!(out, "  {title}:");
        for p in problems {
            let _ = writeln!(
                out,
                "    {:<7} {}  {}",
                p.severity.as_str().to_uppercase(),
                clean(&problem_name(p)),
                super::text::one_line(&clean(&p.message), 200)
            );
        }
    }
    if !c.moved.is_empty() {
        let _ = writeln!(out, "  Figures that moved:");
        for m in &c.moved {
            let _ = writeln!(
                out,
                "    {}: {} -> {} ({})",
                clean(&movement_name(m)),
                clean(&m.before.display()),
                clean(&m.after.display()),
                arrow(Lang::En, m)
            );
        }
    }
    for (title, domains) in domain_lists(Lang::En, c) {
        if !domains.is_empty() {
            let _ = writeln!(out, "  {title}: {}", clean(&domains.join(", ")));
        }
    }
    out
}

/// The section as Markdown, under a heading of `level` (2 gives `##`).
/// English names the saved run and counts in words; other languages give
/// its date only (a file path is not client text).
pub fn markdown(lang: Lang, c: &Changes, level: usize) -> String {
    use super::markdown::{cell, table_head};
    let hashes = "#".repeat(level.clamp(1, 6));
    // English names the saved run and counts in words; other languages fill
    // the figures into their own sentences.
    let (heading, summary) = match lang {
        Lang::En => (
            lang.fill("md.changes_heading", &[("since", &cell(&c.since_phrase(), 400))]),
            c.summary(),
        ),
        _ => (
            match &c.since {
                Some(date) => lang.fill("md.changes_since", &[("date", &cell(date, 100))]),
                None => lang.t("md.what_changed").to_string(),
            },
            lang.fill(
                "changes.summary_moved",
                &[
                    ("new", &c.new_problems.len().to_string()),
                    ("fixed", &c.fixed_problems.len().to_string()),
                    ("moved", &c.moved.len().to_string()),
                ],
            )
            .trim_end_matches('.')
            .to_string(),
        ),
    };
    let mut out = String::new();
    let _ = writeln!(out, "{hashes} {heading}\n");
    let _ = writeln!(out, "{summary}.\n");
    let columns = [
        "col.severity",
        "col.domain",
        "col.code",
        "md.col.subject",
        "md.col.message",
    ]
    .map(|k| lang.t(k));
    for (title, problems) in problem_lists(lang, c) {
        if problems.is_empty() {
            continue;
        }
        let _ = writeln!(out, "**{title}**\n\n{}", table_head(&columns, "lllll"));
        for p in problems {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                lang.t(&format!("md.sev.{}", p.severity.as_str())),
                cell(p.domain.as_deref().unwrap_or(""), 253),
                cell(&p.code, 100),
                cell(p.subject.as_deref().unwrap_or(""), 200),
                cell(&problem_message(lang, p), 300)
            );
        }
        out.push('\n');
    }
    if !c.moved.is_empty() {
        let columns = ["changes.figure", "changes.before", "changes.now"].map(|k| lang.t(k));
        // The arrow column has no name (its cells say better or worse).
        let _ = writeln!(
            out,
            "**{}**\n\n| {} | {} | {} | |\n|---|---:|---:|---|",
            lang.t("changes.moved"),
            columns[0],
            columns[1],
            columns[2]
        );
        for m in &c.moved {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                cell(&movement_name(m), 300),
                cell(&m.before.display(), 100),
                cell(&m.after.display(), 100),
                arrow(lang, m)
            );
        }
        out.push('\n');
    }
    for (title, domains) in domain_lists(lang, c) {
        if !domains.is_empty() {
            let names: Vec<String> = domains.iter().map(|d| cell(d, 253)).collect();
            let _ = writeln!(out, "{title}: {}\n", names.join(", "));
        }
    }
    out
}
