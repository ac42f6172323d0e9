//! `tls-reports --format html`: the same titled tables as the text and
//! Markdown reports, in the client page.

use super::{Page, ReportMeta, col, table};
use crate::output::tls_reports::{headline, input_notes, tables};
use crate::tls_reports::summary::Summary;
use maud::{Markup, html};

pub fn render(summary: &Summary, meta: &ReportMeta) -> String {
    let lang = meta.lang;
    let body = html! {
        @for t in tables(summary) {
            section {
                h2 { (t.title) }
                @let cols: Vec<_> = t.header.iter().map(|h| col(h)).collect();
                @let rows: Vec<Vec<Markup>> = t.rows.iter().map(|r| r.iter().map(|c| html! { (c) }).collect()).collect();
                (table("tls", &cols, &rows))
            }
        }
    };
    let notes = input_notes(summary);
    let appendix = html! {
        @if !notes.is_empty() {
            h3 { (lang.t("tls.inputs")) }
            ul.plain { @for n in &notes { li { (n) } } }
        }
    };
    Page {
        meta,
        title: meta.title.clone().unwrap_or_else(|| lang.t("tls.title").to_string()),
        summary: html! { p.lead { (headline(summary)) } },
        body,
        appendix,
    }
    .render()
}
