//! "Since the previous run": new problems, fixed ones and figures that
//! moved, from `--previous` ([`crate::changes::Changes`]) or, for `check`,
//! from `--baseline` ([`crate::baseline::BaselineReport`]). File paths of the
//! saved runs are not client text and are not shown.

use super::{chip, col, english, fill, ltr, table};
use crate::baseline::{BaselineEntry, BaselineReport};
use crate::changes::{Changes, Direction, Problem};
use crate::finding::Severity;
use crate::i18n::Lang;
use maud::{Markup, html};

/// One line of a list: severity, domain (portfolios), message.
struct Line<'a> {
    severity: Severity,
    domain: Option<&'a str>,
    message: &'a str,
}

fn from_problem(p: &Problem) -> Line<'_> {
    Line {
        severity: p.severity,
        domain: p.domain.as_deref(),
        message: &p.message,
    }
}

fn from_entry(e: &BaselineEntry) -> Line<'_> {
    Line {
        severity: e.finding.severity,
        domain: Some(&e.domain),
        message: &e.finding.message,
    }
}

fn section(
    lang: Lang,
    heading: Markup,
    summary: Markup,
    lists: [(&str, Vec<Line>); 3],
    moved: Markup,
    many: bool,
) -> Markup {
    html! {
        section aria-labelledby="changes-h" {
            h2 #changes-h { (heading) }
            p { (summary) }
            @for (key, lines) in &lists {
                @if !lines.is_empty() {
                    h3 { (lang.t(key)) }
                    ul.plain {
                        @for l in lines {
                            li {
                                (chip(l.severity.as_str(), lang.t(&format!("sev.{}", l.severity.as_str()))))
                                " "
                                @if let Some(d) = l.domain.filter(|_| many) { strong { (ltr(d)) } ": " }
                                (english(lang, l.message))
                            }
                        }
                    }
                }
            }
            (moved)
        }
    }
}

fn heading(lang: Lang, since: Option<&str>) -> Markup {
    match since {
        Some(date) => fill(lang, "changes.since", &[("date", ltr(date))]),
        None => html! { (lang.t("changes.title")) },
    }
}

pub fn from_previous(lang: Lang, c: &Changes, many: bool) -> Markup {
    let n = |v: usize| ltr(&v.to_string());
    let rows: Vec<Vec<Markup>> = c
        .moved
        .iter()
        .map(|m| {
            let (class, key) = match m.direction {
                Direction::Better => ("pass", "changes.better"),
                Direction::Worse => ("fail", "changes.worse"),
            };
            vec![
                html! {
                    @if let Some(d) = m.domain.as_deref().filter(|_| many) { (ltr(d)) ": " }
                    (english(lang, &m.label))
                },
                ltr(&m.before.display()),
                ltr(&m.after.display()),
                chip(class, lang.t(key)),
            ]
        })
        .collect();
    let moved = html! {
        @if !rows.is_empty() {
            h3 { (lang.t("changes.moved")) }
            (table("moved", &[col(lang.t("changes.figure")), col(lang.t("changes.before")), col(lang.t("changes.now")), col(lang.t("col.status"))], &rows))
        }
    };
    section(
        lang,
        heading(lang, c.since.as_deref()),
        fill(
            lang,
            "changes.summary_moved",
            &[
                ("new", n(c.new_problems.len())),
                ("fixed", n(c.fixed_problems.len())),
                ("moved", n(c.moved.len())),
            ],
        ),
        [
            ("changes.new", c.new_problems.iter().map(from_problem).collect()),
            ("changes.fixed", c.fixed_problems.iter().map(from_problem).collect()),
            (
                "changes.unverified",
                c.unverified_problems.iter().map(from_problem).collect(),
            ),
        ],
        moved,
        many,
    )
}

pub fn from_baseline(lang: Lang, b: &BaselineReport, many: bool) -> Markup {
    let n = |v: usize| ltr(&v.to_string());
    section(
        lang,
        heading(lang, None),
        fill(
            lang,
            "changes.summary",
            &[
                ("new", n(b.new.len())),
                ("fixed", n(b.fixed.len())),
                ("unchanged", n(b.unchanged)),
            ],
        ),
        [
            ("changes.new", b.new.iter().map(from_entry).collect()),
            ("changes.fixed", b.fixed.iter().map(from_entry).collect()),
            ("changes.unverified", b.unverified.iter().map(from_entry).collect()),
        ],
        html! {},
        many,
    )
}
