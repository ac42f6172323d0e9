//! The losses report as Markdown, for pasting into a client document.
//! Strings from messages, reports and DNS are escaped: they must not become
//! links, HTML or table breaks.

use super::html::ReportMeta;
use super::losses_text::{headline, pct_or_dash, period_line};
use super::markdown::{columns, escape, table_head, table_row};
use crate::figures::thousands;
use crate::i18n::Lang;
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
            "**{}:** {} ({})  ",
            lang.t("md.losses.sent"),
            thousands(s),
            escape(r.sent_source.as_deref().unwrap_or(lang.t("md.losses.given")))
        );
    }
    // The period in the report's language; the headline's figures come from
    // the library in English, as in the HTML report.
    let period = match (lang, &r.period) {
        (Lang::En, _) => period_line(r),
        (_, Some(p)) if p.first == p.last => lang.fill("losses.period_one", &[("date", &p.first)]),
        (_, Some(p)) => lang.fill("losses.period", &[("from", &p.first), ("to", &p.last)]),
        (_, None) => lang.t("losses.period_unknown").to_string(),
    };
    let _ = writeln!(
        out,
        "\n## {}\n\n{}\n\n{}\n",
        lang.t("page.summary"),
        escape(&period),
        escape(&headline(r))
    );

    if let Some(m) = &r.money {
        let _ = writeln!(
            out,
            "{}",
            table_head(
                &columns(
                    lang,
                    &[
                        "md.losses.col.estimated",
                        "md.losses.col.amount",
                        "md.losses.col.arithmetic"
                    ]
                ),
                "lrl"
            )
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
            let _ = writeln!(out, "- *{}:* {}", lang.t("md.losses.assumption"), escape(&l.assumption));
        }
        let _ = writeln!(out, "- {}\n", escape(&m.note));
    }

    if let Some(c) = changes {
        out.push_str(&super::changes::markdown(lang, c, 2));
    }
    let _ = writeln!(out, "## {}\n", lang.t("losses.actions"));
    if r.actions.is_empty() {
        let _ = writeln!(out, "{}\n", lang.t("losses.no_actions"));
    }
    for a in &r.actions {
        // English counts in words (1 email, 2 emails); other languages fill
        // the figures into their own sentence.
        let affected = match lang {
            Lang::En => format!(
                "{}, {}",
                count(a.messages_affected, "email", "emails"),
                count(a.contacts_affected, "contact", "contacts")
            ),
            _ => lang.fill(
                "losses.affected",
                &[
                    ("emails", &thousands(a.messages_affected)),
                    ("contacts", &thousands(a.contacts_affected)),
                ],
            ),
        };
        let _ = writeln!(
            out,
            "{}. **{}** — {affected}.  \n   {}",
            a.priority,
            escape(&a.title),
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
                &columns(
                    lang,
                    &[
                        "md.losses.col.hard_bounced",
                        "md.losses.col.complained",
                        "md.losses.col.both",
                        "md.losses.col.complaints_without_address"
                    ]
                ),
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
            &columns(
                lang,
                &[
                    "col.reason",
                    "col.emails",
                    "col.pct_sent",
                    "md.losses.col.hard",
                    "col.contacts",
                    "md.losses.col.cause"
                ]
            ),
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
            &columns(
                lang,
                &[
                    "col.provider",
                    "col.failed",
                    "col.complaints",
                    "md.losses.col.pct_provider",
                    "col.top_reasons"
                ]
            ),
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
        let text = lang.fill(
            "md.losses.dmarc_text",
            &[
                ("messages", &thousands(d.messages)),
                ("own_q", &thousands(d.own_quarantined)),
                ("own_r", &thousands(d.own_rejected)),
                ("unknown_q", &thousands(d.unknown_quarantined)),
                ("unknown_r", &thousands(d.unknown_rejected)),
            ],
        );
        let _ = writeln!(out, "## {}\n\n{text}\n", lang.t("losses.dmarc"));
        if !d.own_failing_sources.is_empty() {
            let _ = writeln!(
                out,
                "{}",
                table_head(
                    &columns(
                        lang,
                        &[
                            "md.losses.col.source",
                            "col.failing",
                            "col.of",
                            "col.quarantined",
                            "col.rejected",
                            "col.authenticates_as"
                        ]
                    ),
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
        let keys = [
            "md.losses.col.source",
            "md.losses.col.dmarc_pass",
            "md.losses.col.messages",
            "md.losses.col.recognised_by",
        ];
        let _ = writeln!(
            out,
            "## {}\n\n{}",
            lang.t("md.losses.sending_sources"),
            table_head(&columns(lang, &keys), "lrrl")
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
        table_head(
            &columns(
                lang,
                &[
                    "col.rate",
                    "col.value",
                    "col.status",
                    "md.losses.col.threshold",
                    "col.note"
                ]
            ),
            "lrlll"
        )
    );
    for x in &r.rates {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            escape(&x.name),
            pct_or_dash(x.pct),
            escape(lang.t(&format!("md.rate.{}", x.status.as_str()))),
            escape(&x.threshold),
            escape(&x.note)
        );
    }
    let _ = writeln!(out);

    if let Some(c) = &r.check {
        // The check's verdict and summary are English; other languages have their own.
        let (verdict, summary) = match lang {
            Lang::En => (c.verdict.clone(), c.summary.clone()),
            _ => (
                lang.get(&format!("md.status.{}", c.verdict))
                    .map_or_else(|| c.verdict.clone(), str::to_string),
                lang.get(&format!("check.verdict.{}", c.verdict)).map_or_else(
                    || c.summary.clone(),
                    |_| lang.fill(&format!("check.verdict.{}", c.verdict), &[("domain", &c.domain)]),
                ),
            ),
        };
        let heading = lang.fill(
            "md.losses.domain_check",
            &[("domain", &escape(&c.domain)), ("verdict", &escape(&verdict))],
        );
        let _ = writeln!(out, "## {heading}\n\n{}\n", escape(&summary));
        for f in &c.findings {
            let message = lang
                .per_code("finding", f.code.as_str(), &c.domain, f.subject.as_deref())
                .unwrap_or_else(|| f.message.clone());
            let _ = writeln!(
                out,
                "- **{}** `{}`: {}{}",
                lang.t(&format!("md.sev.{}", f.severity.as_str())),
                f.code,
                escape(&message),
                f.evidence
                    .as_ref()
                    .map(|e| format!(" ({}: {})", lang.t("md.losses.evidence"), escape(e)))
                    .unwrap_or_default()
            );
        }
        let _ = writeln!(out);
    }
    if !r.inputs.skipped.is_empty() {
        let _ = writeln!(out, "## {}\n", lang.t("md.losses.skipped"));
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
        let _ = writeln!(out, "\n## {}\n\n```text{text}```", lang.t("md.losses.what_if"));
    }
    out
}
