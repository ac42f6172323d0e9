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
    message: Markup,
}

/// The check's English message, or the catalogue's sentence for the code in
/// other languages (`rate.*` and other `losses` codes have none).
fn message(lang: Lang, code: &str, domain: Option<&str>, subject: Option<&str>, text: &str) -> Markup {
    match lang.per_code("finding", code, domain.unwrap_or_default(), subject) {
        Some(sentence) => html! { (sentence) },
        None => english(lang, text),
    }
}

fn from_problem(lang: Lang) -> impl Fn(&Problem) -> Line<'_> {
    move |p| Line {
        severity: p.severity,
        domain: p.domain.as_deref(),
        message: message(lang, &p.code, p.domain.as_deref(), p.subject.as_deref(), &p.message),
    }
}

fn from_entry(lang: Lang) -> impl Fn(&BaselineEntry) -> Line<'_> {
    move |e| Line {
        severity: e.finding.severity,
        domain: Some(&e.domain),
        message: message(
            lang,
            e.finding.code.as_str(),
            Some(&e.domain),
            e.finding.subject.as_deref(),
            &e.finding.message,
        ),
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
                                (l.message)
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
            ("changes.new", c.new_problems.iter().map(from_problem(lang)).collect()),
            (
                "changes.fixed",
                c.fixed_problems.iter().map(from_problem(lang)).collect(),
            ),
            (
                "changes.unverified",
                c.unverified_problems.iter().map(from_problem(lang)).collect(),
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
            ("changes.new", b.new.iter().map(from_entry(lang)).collect()),
            ("changes.fixed", b.fixed.iter().map(from_entry(lang)).collect()),
            (
                "changes.unverified",
                b.unverified.iter().map(from_entry(lang)).collect(),
            ),
        ],
        html! {},
        many,
    )
}
