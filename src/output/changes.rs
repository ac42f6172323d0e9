//! "What changed since last time" (`--previous`) as text and Markdown, for
//! `check` and `losses` alike. The HTML page renders the same model.

use crate::changes::{Changes, Direction, Movement, Problem};
use crate::dmarc_reports::render::clean;
use std::fmt::Write;

fn arrow(m: &Movement) -> &'static str {
    match m.direction {
        Direction::Better => "better",
        Direction::Worse => "worse",
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
    let lists = [
        ("New problems", &c.new_problems),
        ("Fixed", &c.fixed_problems),
        ("Gone but not verified (lookups failed)", &c.unverified_problems),
    ];
    for (title, problems) in lists {
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
                arrow(m)
            );
        }
    }
    for (title, domains) in [
        ("In the previous run, not checked now", &c.domains_gone),
        ("Not in the previous run", &c.domains_added),
    ] {
        if !domains.is_empty() {
            let _ = writeln!(out, "  {title}: {}", clean(&domains.join(", ")));
        }
    }
    out
}

/// The section as Markdown, under a heading of `level` (2 gives `##`).
pub fn markdown(c: &Changes, level: usize) -> String {
    use super::markdown::cell;
    let hashes = "#".repeat(level.clamp(1, 6));
    let mut out = String::new();
    let _ = writeln!(out, "{hashes} What changed {}\n", cell(&c.since_phrase(), 400));
    let _ = writeln!(out, "{}.\n", c.summary());
    let lists = [
        ("New problems", &c.new_problems),
        ("Fixed", &c.fixed_problems),
        ("Gone but not verified (lookups failed)", &c.unverified_problems),
    ];
    for (title, problems) in lists {
        if problems.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "**{title}**\n\n| Severity | Domain | Code | Subject | Message |\n|---|---|---|---|---|"
        );
        for p in problems {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                p.severity.as_str(),
                cell(p.domain.as_deref().unwrap_or(""), 253),
                cell(&p.code, 100),
                cell(p.subject.as_deref().unwrap_or(""), 200),
                cell(&p.message, 300)
            );
        }
        out.push('\n');
    }
    if !c.moved.is_empty() {
        let _ = writeln!(
            out,
            "**Figures that moved**\n\n| Figure | Before | Now | |\n|---|---:|---:|---|"
        );
        for m in &c.moved {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                cell(&movement_name(m), 300),
                cell(&m.before.display(), 100),
                cell(&m.after.display(), 100),
                arrow(m)
            );
        }
        out.push('\n');
    }
    for (title, domains) in [
        ("In the previous run, not checked now", &c.domains_gone),
        ("Not in the previous run", &c.domains_added),
    ] {
        if !domains.is_empty() {
            let names: Vec<String> = domains.iter().map(|d| cell(d, 253)).collect();
            let _ = writeln!(out, "{title}: {}\n", names.join(", "));
        }
    }
    out
}
