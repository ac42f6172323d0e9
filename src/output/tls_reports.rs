//! Text and Markdown renderings of a [`Summary`] (HTML: `output::html::tls_reports`);
//! JSON is its serde form.
//! All three are drawn from one list of titled tables, so they say the same.

use crate::figures::{pct, plural, thousands};
use crate::sanitize::for_terminal;
use crate::tls_reports::summary::{PolicySummary, Summary, Tally};
use std::fmt::Write;

/// `--format json`: the summary under the tool header (docs/tls-reports.md),
/// built through `serde_json::Value`, so keys are sorted at every level.
pub fn json(summary: &Summary) -> String {
    super::pretty_json(&serde_json::json!({
        "schema_version": 1,
        "tool": super::tool_info(),
        "tls_reports": summary,
    }))
}

/// Rows shown per table; the JSON has them all.
const MAX_ROWS: usize = 20;

/// One titled table of the report.
pub(crate) struct Table {
    pub(crate) title: String,
    pub(crate) header: &'static [&'static str],
    pub(crate) rows: Vec<Vec<String>>,
}

/// The sentence at the top: how many sessions failed TLS, over which period.
pub fn headline(summary: &Summary) -> String {
    let total = summary.successful_sessions.saturating_add(summary.failed_sessions);
    let period = match (&summary.period.start, &summary.period.end) {
        (Some(start), Some(end)) => format!(" from {start} to {end}"),
        _ => String::new(),
    };
    format!(
        "{} report{} from {} organisation{}{period}: {} of {} TLS session{} to your MX failed ({}).",
        summary.reports,
        plural(summary.reports),
        summary.organizations.len(),
        plural(summary.organizations.len()),
        thousands(summary.failed_sessions),
        thousands(total),
        plural(total as usize),
        pct(summary.failed_sessions, total)
    )
}

/// The first [`MAX_ROWS`] items, one row each.
fn rows<T>(items: &[T], cells: impl Fn(&T) -> Vec<String>) -> Vec<Vec<String>> {
    items.iter().take(MAX_ROWS).map(cells).collect()
}

fn tally_row(t: &Tally) -> Vec<String> {
    vec![for_terminal(&t.name).into_owned(), thousands(t.sessions)]
}

fn policy_tables(domain: &str, policy: &PolicySummary) -> Vec<Table> {
    let what = format!("{} / {}", for_terminal(domain), for_terminal(&policy.policy_type));
    let table = |title: &str, header, rows| Table {
        title: format!("{what}: {title}"),
        header,
        rows,
    };
    let tables = [
        table(
            "failures by result type",
            &["result type", "failed sessions"],
            rows(&policy.failures_by_result, tally_row),
        ),
        table(
            "failures by receiving MX and result type",
            &["receiving MX", "result type", "failed sessions"],
            rows(&policy.failures, |f| {
                vec![
                    for_terminal(&f.receiving_mx).into_owned(),
                    for_terminal(&f.result_type).into_owned(),
                    thousands(f.sessions),
                ]
            }),
        ),
        table(
            "failures by sending IP",
            &["sending IP", "failed sessions"],
            rows(&policy.failures_by_sending_ip, tally_row),
        ),
        table(
            "by reporting organisation",
            &["organisation", "successful", "failed"],
            rows(&policy.by_organization, |o| {
                vec![
                    for_terminal(&o.organization).into_owned(),
                    thousands(o.successful_sessions),
                    thousands(o.failed_sessions),
                ]
            }),
        ),
    ];
    tables.into_iter().filter(|t| !t.rows.is_empty()).collect()
}

pub(crate) fn tables(summary: &Summary) -> Vec<Table> {
    let mut tables = vec![Table {
        title: "Sessions per policy domain and policy type".into(),
        header: &[
            "policy domain",
            "policy type",
            "successful",
            "failed",
            "failed %",
            "mx patterns",
        ],
        rows: summary
            .domains
            .iter()
            .flat_map(|d| {
                d.policies.iter().map(|p| {
                    let total = p.successful_sessions.saturating_add(p.failed_sessions);
                    vec![
                        for_terminal(&d.domain).into_owned(),
                        for_terminal(&p.policy_type).into_owned(),
                        thousands(p.successful_sessions),
                        thousands(p.failed_sessions),
                        pct(p.failed_sessions, total),
                        for_terminal(&p.mx_patterns.join(", ")).into_owned(),
                    ]
                })
            })
            .collect(),
    }];
    for domain in &summary.domains {
        for policy in domain.policies.iter().filter(|p| p.failed_sessions > 0) {
            tables.extend(policy_tables(&domain.domain, policy));
        }
    }
    tables.push(Table {
        title: "Reporting organisations".into(),
        header: &["organisation", "reports"],
        rows: rows(&summary.organizations, |o| {
            vec![for_terminal(&o.organization).into_owned(), o.reports.to_string()]
        }),
    });
    tables.retain(|t| !t.rows.is_empty());
    tables
}

/// Duplicates and unreadable inputs, one line each.
pub(crate) fn input_notes(summary: &Summary) -> Vec<String> {
    let mut notes = Vec::new();
    for d in &summary.duplicates {
        notes.push(format!(
            "duplicate report {} in {} (first seen in {}), counted once",
            for_terminal(&d.report_id),
            for_terminal(&d.file),
            for_terminal(&d.first_seen_in)
        ));
    }
    for s in &summary.skipped {
        notes.push(format!(
            "skipped {}: {}",
            for_terminal(&s.file),
            for_terminal(&s.reason)
        ));
    }
    notes
}

pub fn text(summary: &Summary) -> String {
    let mut out = format!("TLS reports: {}\n", headline(summary));
    for table in tables(summary) {
        let _ = writeln!(out, "\n{}:", table.title);
        let mut widths: Vec<usize> = table.header.iter().map(|h| h.chars().count()).collect();
        for row in &table.rows {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.chars().count());
            }
        }
        for row in std::iter::once(table.header.iter().map(|h| h.to_string()).collect::<Vec<_>>())
            .chain(table.rows.iter().cloned())
        {
            let cells: Vec<String> = row
                .iter()
                .zip(&widths)
                .map(|(cell, width)| format!("{cell:<width$}"))
                .collect();
            let _ = writeln!(out, "  {}", cells.join("  ").trim_end());
        }
    }
    let notes = input_notes(summary);
    if !notes.is_empty() {
        out.push_str("\nInputs:\n");
        for note in notes {
            let _ = writeln!(out, "  {note}");
        }
    }
    out
}

/// Markdown: `|` in cells is escaped so a hostile name cannot add columns.
pub fn markdown(summary: &Summary) -> String {
    use super::markdown::{escape as cell, table_head, table_row};
    let mut out = format!("# TLS reports\n\n{}\n", cell(&headline(summary)));
    for table in tables(summary) {
        let _ = writeln!(out, "\n## {}\n", cell(&table.title));
        let _ = writeln!(out, "{}", table_head(table.header, &"l".repeat(table.header.len())));
        for row in &table.rows {
            let cells: Vec<String> = row.iter().map(|c| cell(c)).collect();
            let _ = writeln!(out, "{}", table_row(&cells));
        }
    }
    let notes = input_notes(summary);
    if !notes.is_empty() {
        out.push_str("\n## Inputs\n\n");
        for note in notes {
            let _ = writeln!(out, "- {}", cell(&note));
        }
    }
    out
}
