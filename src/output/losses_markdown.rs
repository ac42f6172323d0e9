//! The losses report as Markdown, for pasting into a client document.
//! Strings from messages, reports and DNS are escaped: they must not become
//! links, HTML or table breaks.

use super::html::ReportMeta;
use super::losses_text::{headline, pct_or_dash, period_line};
use super::markdown::{escape, table_head, table_row};
use crate::figures::thousands;
use crate::losses::{LossReport, count};
use std::fmt::Write;

pub fn render(r: &LossReport, meta: &ReportMeta) -> String {
    render_with(r, meta, None)
}

/// The report, with what changed since a saved run (`--previous`) after the
/// summary. Headings come from the `--lang` catalogue, and a right-to-left
/// language wraps the document in `<div dir="rtl">`.
pub fn render_with(r: &LossReport, meta: &ReportMeta, changes: Option<&crate::changes::Changes>) -> String {
    let lang = meta.lang;
    let body = render_body(r, meta, changes);
    if lang.rtl() {
        format!("<div dir=\"rtl\" lang=\"{}\">\n\n{body}\n</div>\n", lang.code())
    } else {
        body
    }
}

fn render_body(r: &LossReport, meta: &ReportMeta, changes: Option<&crate::changes::Changes>) -> String {
    let lang = meta.lang;
    let mut out = String::new();
    let title = meta.title.as_deref().unwrap_or(lang.t("losses.title"));
    let _ = writeln!(out, "# {}\n", escape(title));
    if let Some(c) = &meta.client {
        let _ = writeln!(out, "**{}:** {}  ", lang.t("page.client_label"), escape(c));
    }
    if let Some(by) = &meta.prepared_by {
        let _ = writeln!(out, "**{}:** {}  ", lang.t("page.prepared_by_label"), escape(by));
    }
    if let Some(g) = &meta.generated {
        let _ = writeln!(out, "**{}:** {}  ", lang.t("page.generated_label"), escape(g));
    }
    if let Some(s) = r.sent {
        let _ = writeln!(
            out,
            "**Sent volume:** {} ({})  ",
            thousands(s),
            escape(r.sent_source.as_deref().unwrap_or("given"))
        );
    }
    let _ = writeln!(
        out,
        "\n## {}\n\n{}\n\n{}\n",
        lang.t("page.summary"),
        escape(&period_line(r)),
        escape(&headline(r))
    );

    if let Some(m) = &r.money {
        let _ = writeln!(
            out,
            "{}",
            table_head(&["Estimated loss", "Amount", "Arithmetic"], "lrl")
        );
        for l in &m.lines {
            let _ = writeln!(
                out,
                "| {} | **{}** | {} |",
                escape(&l.label),
                escape(&l.amount),
                escape(&l.arithmetic)
            );
        }
        let _ = writeln!(out);
        for l in &m.lines {
            let _ = writeln!(out, "- *Assumption:* {}", escape(&l.assumption));
        }
        let _ = writeln!(out, "- {}\n", escape(&m.note));
    }

    if let Some(c) = changes {
        out.push_str(&super::changes::markdown(c, 2));
    }
    let _ = writeln!(out, "## {}\n", lang.t("losses.actions"));
    if r.actions.is_empty() {
        let _ = writeln!(out, "No losses found in the inputs.\n");
    }
    for a in &r.actions {
        let _ = writeln!(
            out,
            "{}. **{}** — {}, {}.  \n   {}",
            a.priority,
            escape(&a.title),
            count(a.messages_affected, "email", "emails"),
            count(a.contacts_affected, "contact", "contacts"),
            escape(&a.why)
        );
        for e in &a.evidence {
            let _ = writeln!(out, "   - {}", escape(e));
        }
    }
    let _ = writeln!(out);

    let c = &r.contacts_lost;
    if !r.bounces_given {
        let _ = writeln!(
            out,
            "## {}\n\n{}\n",
            lang.t("losses.contacts"),
            lang.t("losses.contacts_unmeasured")
        );
    } else {
        let _ = writeln!(
            out,
            "## {}: {}\n\n{}\n| {} | {} | {} | {} |\n",
            lang.t("losses.contacts"),
            thousands(c.total),
            table_head(
                &["Hard-bounced", "Complained", "Both", "Complaints without address"],
                "rrrr"
            ),
            thousands(c.hard_bounced),
            thousands(c.complained),
            thousands(c.both),
            thousands(c.complaints_without_address)
        );
    }

    let _ = writeln!(
        out,
        "## {}\n\n{}",
        lang.t("losses.by_reason"),
        table_head(
            &["Reason", "Emails", "% of sent", "Hard", "Contacts", "Likely cause"],
            "lrrrrl"
        )
    );
    for x in &r.by_reason {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            escape(&x.label),
            thousands(x.messages),
            pct_or_dash(x.pct_of_sent),
            thousands(x.hard),
            thousands(x.contacts),
            escape(&x.related_findings.join(", "))
        );
    }
    let _ = writeln!(out);

    let _ = writeln!(
        out,
        "## {}\n\n{}",
        lang.t("losses.by_provider"),
        table_head(
            &[
                "Provider",
                "Failed",
                "Complaints",
                "% of provider's volume",
                "Top reasons"
            ],
            "lrrrl"
        )
    );
    for p in &r.by_provider {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            escape(&p.provider),
            thousands(p.failed_messages),
            thousands(p.complaints),
            pct_or_dash(p.pct_of_provider_volume),
            escape(&p.top_reasons())
        );
    }
    let _ = writeln!(out);

    if let Some(d) = &r.dmarc {
        let _ = writeln!(
            out,
            "## DMARC\n\n{} messages in the aggregate reports. Your own sources: {} quarantined, {} rejected. Unknown sources (spoofing that was stopped): {} quarantined, {} rejected.\n",
            thousands(d.messages),
            thousands(d.own_quarantined),
            thousands(d.own_rejected),
            thousands(d.unknown_quarantined),
            thousands(d.unknown_rejected)
        );
        if !d.own_failing_sources.is_empty() {
            let _ = writeln!(
                out,
                "{}",
                table_head(
                    &["Source", "Failing", "Of", "Quarantined", "Rejected", "Authenticates as"],
                    "lrrrrl"
                )
            );
            for s in &d.own_failing_sources {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {} | {} |",
                    escape(&s.name()),
                    thousands(s.failing),
                    thousands(s.messages),
                    thousands(s.quarantined),
                    thousands(s.rejected),
                    escape(&s.authenticated_as.join(", "))
                );
            }
            let _ = writeln!(out);
        }
    }

    if !r.sending_sources.is_empty() {
        let _ = writeln!(
            out,
            "## Your sending sources\n\n{}",
            table_head(&["Source", "DMARC pass", "Messages", "Recognised by"], "lrrl")
        );
        for s in &r.sending_sources {
            let cells = [
                escape(&s.name),
                pct_or_dash(s.dmarc_pass_pct),
                thousands(s.messages),
                escape(s.evidence.as_deref().unwrap_or("")),
            ];
            let _ = writeln!(out, "{}", table_row(&cells));
        }
        let _ = writeln!(out);
    }

    let _ = writeln!(
        out,
        "## {}\n\n{}",
        lang.t("losses.rates"),
        table_head(&["Rate", "Value", "Status", "Threshold", "Note"], "lrlll")
    );
    for x in &r.rates {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            escape(&x.name),
            pct_or_dash(x.pct),
            escape(x.status.as_str()),
            escape(&x.threshold),
            escape(&x.note)
        );
    }
    let _ = writeln!(out);

    if let Some(c) = &r.check {
        let _ = writeln!(
            out,
            "## Domain check: {} ({})\n\n{}\n",
            escape(&c.domain),
            escape(&c.verdict),
            escape(&c.summary)
        );
        for f in &c.findings {
            let _ = writeln!(
                out,
                "- **{}** `{}`: {}{}",
                f.severity,
                f.code,
                escape(&f.message),
                f.evidence
                    .as_ref()
                    .map(|e| format!(" (evidence: {})", escape(e)))
                    .unwrap_or_default()
            );
        }
        let _ = writeln!(out);
    }
    if !r.inputs.skipped.is_empty() {
        let _ = writeln!(out, "## Skipped inputs\n");
        for (f, why) in &r.inputs.skipped {
            let _ = writeln!(out, "- {}: {}", escape(f), escape(why));
        }
        let _ = writeln!(out);
    }
    if !r.notes.is_empty() {
        let _ = writeln!(out, "## {}\n", lang.t("check.notes"));
        for n in &r.notes {
            let _ = writeln!(out, "- {}", escape(n));
        }
    }
    if let Some(w) = &r.what_if {
        // The same table as the terminal shows, aligned in a code block;
        // backticks from report data must not close it.
        let text = super::dmarc_reports::what_if_text(w, r.what_if_money.as_ref()).replace('`', "'");
        let _ = writeln!(out, "\n## What if we enforce?\n\n```text{text}```");
    }
    out
}
