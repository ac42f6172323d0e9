//! Self-contained HTML reports for clients: `check --format html` and
//! `losses --format html`. One file, inline CSS, charts as inline SVG, no
//! external requests, readable on screen and printed.
//!
//! Every string that came from a message, a DNS record or a report goes
//! through [`escape`]: a hostile Subject or TXT record must not inject markup.

use super::CheckFormatter;
use crate::figures::thousands;
use crate::finding::{Finding, Severity};
use crate::losses::LossReport;
use crate::output::losses_text::{headline, pct_or_dash, period_line};
use crate::run::CheckRun;
use std::fmt::Write;

/// Escape text for HTML element content and quoted attribute values.
/// Control characters are dropped (they have no business in a report).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Heading options of a client report (Markdown or HTML).
#[derive(Debug, Clone, Default)]
pub struct ReportMeta {
    pub title: Option<String>,
    pub client: Option<String>,
    /// Date the report was made, shown under the title.
    pub generated: Option<String>,
}

const CSS: &str = r#"
:root { --ink:#1d2330; --muted:#5b6475; --line:#d9dee7; --bg:#f6f7f9; --ok:#1f7a3d; --warn:#a05a00; --bad:#b3261e; --accent:#2f5da8; }
* { box-sizing: border-box; }
body { font: 15px/1.5 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); margin: 0; background: #fff; }
main { max-width: 1000px; margin: 0 auto; padding: 32px 40px 48px; }
header { border-bottom: 3px solid var(--accent); padding-bottom: 12px; margin-bottom: 24px; }
h1 { font-size: 28px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 32px 0 10px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 16px; margin: 18px 0 6px; }
.meta { color: var(--muted); font-size: 13px; }
.lead { font-size: 17px; background: var(--bg); border-left: 4px solid var(--accent); padding: 12px 16px; }
.cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; margin: 16px 0; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.card .n { font-size: 26px; font-weight: 700; }
.card .l { color: var(--muted); font-size: 13px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 12px; font-size: 14px; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--bg); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.pill { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; color: #fff; white-space: nowrap; }
.ok { background: var(--ok); } .warning, .at_risk { background: var(--warn); } .exceeded, .error, .failing { background: var(--bad); }
.not_computed, .info, .incomplete { background: #7a8394; }
ol.actions > li { margin: 0 0 14px; }
ol.actions .t { font-weight: 650; }
ol.actions .why { color: var(--muted); }
ul.evidence { margin: 4px 0 0; padding-left: 18px; font-size: 13px; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; overflow-wrap: anywhere; }
.money { border: 2px solid var(--accent); border-radius: 8px; padding: 10px 16px; margin: 16px 0; }
.money .amount { font-size: 22px; font-weight: 700; }
.note { color: var(--muted); font-size: 13px; }
svg { max-width: 100%; height: auto; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); padding-top: 8px; }
@media print {
  main { max-width: none; padding: 0; }
  body { font-size: 11pt; }
  h2 { break-after: avoid; }
  table, .card, ol.actions > li, svg, .money { break-inside: avoid; }
  .pill { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  section.domain { break-before: page; }
}
@media (max-width: 700px) { .cards { grid-template-columns: repeat(2, 1fr); } main { padding: 16px; } }
"#;

pub fn page(title: &str, meta: &ReportMeta, body: &str) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n\
         <title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n<header>\n<h1>{}</h1>\n<div class=\"meta\">",
        escape(title),
        escape(title)
    );
    let mut bits = Vec::new();
    if let Some(c) = &meta.client {
        bits.push(format!("Prepared for <strong>{}</strong>", escape(c)));
    }
    if let Some(g) = &meta.generated {
        bits.push(format!("Generated {}", escape(g)));
    }
    bits.push(format!("mailaudit {}", env!("CARGO_PKG_VERSION")));
    out.push_str(&bits.join(" · "));
    out.push_str("</div>\n</header>\n");
    out.push_str(body);
    out.push_str(
        "<footer>Made with mailaudit. Every figure comes from the inputs named in this report; nothing is estimated unless shown with its arithmetic.</footer>\n</main>\n</body>\n</html>\n",
    );
    out
}

/// A horizontal bar chart as inline SVG. Labels are escaped.
pub fn bar_chart(rows: &[(String, u64)], unit: &str) -> String {
    let rows: Vec<&(String, u64)> = rows.iter().filter(|r| r.1 > 0).take(12).collect();
    if rows.is_empty() {
        return String::new();
    }
    let max = rows.iter().map(|r| r.1).max().unwrap_or(1).max(1);
    let (label_w, bar_w, row_h) = (300.0, 520.0, 26.0);
    let height = rows.len() as f64 * row_h + 8.0;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {height}\" width=\"{w}\" height=\"{height}\" role=\"img\" aria-label=\"{}\">",
        escape(unit),
        w = label_w + bar_w + 90.0
    );
    for (i, (label, n)) in rows.iter().enumerate() {
        let y = i as f64 * row_h + 4.0;
        let w = (*n as f64 / max as f64 * bar_w).max(2.0);
        let short: String = if label.chars().count() > 42 {
            label.chars().take(41).chain(['…']).collect()
        } else {
            label.clone()
        };
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"13\" fill=\"#1d2330\">{}</text>\
             <rect x=\"{}\" y=\"{}\" width=\"{w:.1}\" height=\"{}\" rx=\"3\" fill=\"#2f5da8\"/>\
             <text x=\"{}\" y=\"{}\" font-size=\"13\" fill=\"#1d2330\">{} {}</text>",
            label_w - 8.0,
            y + 16.0,
            escape(&short),
            label_w,
            y + 3.0,
            row_h - 8.0,
            label_w + w + 6.0,
            y + 16.0,
            thousands(*n),
            // "1 email", not "1 emails": units are plain English plurals.
            escape(if *n == 1 {
                unit.strip_suffix('s').unwrap_or(unit)
            } else {
                unit
            })
        );
    }
    s.push_str("</svg>\n");
    s
}

fn pill(status: &str) -> String {
    let class: String = status
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    format!(
        "<span class=\"pill {class}\">{}</span>",
        escape(&status.replace('_', " "))
    )
}

fn findings_table(findings: &[Finding]) -> String {
    if findings.is_empty() {
        return "<p>No findings.</p>\n".into();
    }
    let mut s = String::from(
        "<table><thead><tr><th>Severity</th><th>Finding</th><th>Evidence</th><th>Fix</th></tr></thead><tbody>\n",
    );
    for f in findings {
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td><strong>{}</strong><br><code>{}</code>{}</td><td class=\"mono\">{}</td><td>{}</td></tr>",
            pill(f.severity.as_str()),
            escape(&f.message),
            escape(f.code.as_str()),
            f.subject
                .as_ref()
                .map(|x| format!("<br><span class=\"note\">{}</span>", escape(x)))
                .unwrap_or_default(),
            escape(f.evidence.as_deref().unwrap_or("")),
            escape(f.fix.as_deref().unwrap_or(""))
        );
    }
    s.push_str("</tbody></table>\n");
    s
}

/// `check --format html`: an overview table across domains, then a section per domain.
pub struct HtmlFormatter {
    pub meta: ReportMeta,
}

impl CheckFormatter for HtmlFormatter {
    fn format(&self, run: &CheckRun) -> String {
        let mut body = String::new();
        let count =
            |d: &crate::check::DomainReport, sev: Severity| d.findings.iter().filter(|f| f.severity == sev).count();
        if run.domains.len() > 1 {
            body.push_str("<h2>Overview</h2>\n<table><thead><tr><th>Domain</th><th>Verdict</th><th class=\"num\">Errors</th><th class=\"num\">Warnings</th><th>Summary</th></tr></thead><tbody>\n");
            for d in &run.domains {
                let _ = writeln!(
                    body,
                    "<tr><td><strong>{}</strong></td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                    escape(&d.domain),
                    pill(d.verdict.status.as_str()),
                    count(d, Severity::Error),
                    count(d, Severity::Warning),
                    escape(&d.verdict.summary)
                );
            }
            body.push_str("</tbody></table>\n");
        }
        for d in &run.domains {
            let _ = writeln!(
                body,
                "<section class=\"domain\"><h2>{} {}</h2>\n<p class=\"lead\">{}</p>",
                escape(&d.domain),
                pill(d.verdict.status.as_str()),
                escape(&d.verdict.summary)
            );
            for n in &d.notes {
                let _ = writeln!(body, "<p class=\"note\">{}</p>", escape(n));
            }
            let top: Vec<&Finding> = d
                .findings
                .iter()
                .filter(|f| f.severity >= Severity::Warning)
                .take(3)
                .collect();
            if !top.is_empty() {
                body.push_str("<h3>Top actions</h3><ol class=\"actions\">");
                for f in top {
                    let _ = write!(
                        body,
                        "<li><span class=\"t\">{}</span><div class=\"why\">{}</div></li>",
                        escape(f.fix.as_deref().unwrap_or(&f.message)),
                        escape(&f.message)
                    );
                }
                body.push_str("</ol>\n");
            }
            body.push_str("<h3>Findings</h3>\n");
            body.push_str(&findings_table(&d.findings));
            if let Some(record) = d.spf.record.as_deref() {
                let _ = writeln!(body, "<h3>SPF record</h3><p class=\"mono\">{}</p>", escape(record));
            }
            if let Some(record) = d.dmarc.record.as_deref() {
                let _ = writeln!(body, "<h3>DMARC record</h3><p class=\"mono\">{}</p>", escape(record));
            }
            if d.mta_sts.policy.is_some() {
                body.push_str("<h3>MTA-STS policy</h3><ul class=\"mono\">");
                for line in d.mta_sts.text_lines() {
                    let _ = write!(body, "<li>{}</li>", escape(&line));
                }
                body.push_str("</ul>\n");
            }
            body.push_str("</section>\n");
        }
        let title = self.meta.title.clone().unwrap_or_else(|| match run.domains.as_slice() {
            [one] => format!("Email deliverability audit: {}", one.domain),
            _ => "Email deliverability audit".to_string(),
        });
        page(&title, &self.meta, &body)
    }
}

/// `losses --format html`.
pub fn losses(r: &LossReport, meta: &ReportMeta) -> String {
    let mut b = String::new();
    let _ = writeln!(b, "<p class=\"period\">{}</p>", escape(&period_line(r)));
    let _ = writeln!(b, "<p class=\"lead\">{}</p>", escape(&headline(r)));

    let complaint = r.rates.iter().find(|x| x.name == "complaint_rate");
    let _ = writeln!(
        b,
        "<div class=\"cards\">\
         <div class=\"card\"><div class=\"n\">{}</div><div class=\"l\">contacts permanently lost</div></div>\
         <div class=\"card\"><div class=\"n\">{}</div><div class=\"l\">emails lost</div></div>\
         <div class=\"card\"><div class=\"n\">{}</div><div class=\"l\">complaint rate {}</div></div></div>",
        if r.bounces_given {
            thousands(r.contacts_lost.total)
        } else {
            "-".into()
        },
        if r.emails_lost_parts().is_empty() {
            "-".into()
        } else {
            thousands(r.emails_lost.total)
        },
        pct_or_dash(complaint.and_then(|c| c.pct)),
        complaint.map(|c| pill(c.status.as_str())).unwrap_or_default()
    );

    if let Some(m) = &r.money {
        b.push_str("<div class=\"money\"><h3>Estimated value lost</h3>");
        for l in &m.lines {
            let _ = write!(
                b,
                "<p><span class=\"amount\">{}</span> — {}<br><span class=\"mono\">{}</span><br><span class=\"note\">Assumption: {}</span></p>",
                escape(&l.amount),
                escape(&l.label),
                escape(&l.arithmetic),
                escape(&l.assumption)
            );
        }
        let _ = writeln!(b, "<p class=\"note\">{}</p></div>", escape(&m.note));
    }

    b.push_str("<h2>What to fix first</h2>\n");
    if r.actions.is_empty() {
        b.push_str("<p>No losses found in the inputs.</p>\n");
    } else {
        b.push_str("<ol class=\"actions\">\n");
        for a in &r.actions {
            let _ = write!(
                b,
                "<li><span class=\"t\">{}</span> <span class=\"note\">({}, {})</span><div class=\"why\">{}</div><ul class=\"evidence\">",
                escape(&a.title),
                crate::losses::count(a.messages_affected, "email", "emails"),
                crate::losses::count(a.contacts_affected, "contact", "contacts"),
                escape(&a.why)
            );
            for e in &a.evidence {
                let _ = write!(b, "<li>{}</li>", escape(e));
            }
            b.push_str("</ul></li>\n");
        }
        b.push_str("</ol>\n");
    }

    let c = &r.contacts_lost;
    if !r.bounces_given {
        b.push_str("<h2>Contacts permanently lost</h2>\n<p>Not measured: no bounces were given.</p>\n");
    } else {
        let _ = writeln!(
            b,
            "<h2>Contacts permanently lost: {}</h2>\n<p>Existing customers who can no longer be reached by email: {} addresses hard-bounced, {} complained (of them {} did both){}.</p>",
            thousands(c.total),
            thousands(c.hard_bounced),
            thousands(c.complained),
            thousands(c.both),
            if c.complaints_without_address > 0 {
                format!(
                    "; {} more complaints came without an address",
                    thousands(c.complaints_without_address)
                )
            } else {
                String::new()
            }
        );
    }

    b.push_str("<h2>Lost by reason</h2>\n");
    let rows: Vec<(String, u64)> = r.by_reason.iter().map(|x| (x.label.clone(), x.messages)).collect();
    b.push_str(&bar_chart(&rows, "emails"));
    b.push_str("<table><thead><tr><th>Reason</th><th class=\"num\">Emails</th><th class=\"num\">% of sent</th><th class=\"num\">Hard</th><th class=\"num\">Contacts</th><th>Likely cause</th><th>Example</th></tr></thead><tbody>\n");
    for x in &r.by_reason {
        let _ = writeln!(
            b,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td><code>{}</code></td><td class=\"mono\">{}</td></tr>",
            escape(&x.label),
            thousands(x.messages),
            pct_or_dash(x.pct_of_sent),
            thousands(x.hard),
            thousands(x.contacts),
            escape(&x.related_findings.join(", ")),
            escape(x.examples.first().map(String::as_str).unwrap_or(""))
        );
    }
    b.push_str("</tbody></table>\n");
    if r.delayed_messages > 0 {
        let _ = writeln!(
            b,
            "<p class=\"note\">{} more emails were delayed and are still being retried; they are not counted as lost.</p>",
            thousands(r.delayed_messages)
        );
    }

    b.push_str("<h2>Lost by recipient provider</h2>\n");
    let rows: Vec<(String, u64)> = r
        .by_provider
        .iter()
        .map(|p| (p.provider.clone(), p.failed_messages))
        .collect();
    // The same quantity and word as the table's Failed column.
    b.push_str(&bar_chart(&rows, "failed"));
    b.push_str("<table><thead><tr><th>Provider</th><th class=\"num\">Failed</th><th class=\"num\">Complaints</th><th class=\"num\">Volume it reported (DMARC)</th><th class=\"num\">% of its volume</th><th>Top reasons</th></tr></thead><tbody>\n");
    for p in &r.by_provider {
        let _ = writeln!(
            b,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            escape(&p.provider),
            thousands(p.failed_messages),
            thousands(p.complaints),
            p.dmarc_volume.map(thousands).unwrap_or_else(|| "-".into()),
            pct_or_dash(p.pct_of_provider_volume),
            escape(
                &p.reasons
                    .iter()
                    .take(3)
                    .map(|(reason, n)| format!("{} {n}", crate::losses::reason_label(*reason)))
                    .collect::<Vec<_>>()
                    .join("; ")
            )
        );
    }
    b.push_str("</tbody></table>\n");

    if let Some(d) = &r.dmarc {
        let _ = writeln!(
            b,
            "<h2>DMARC</h2>\n<p>The aggregate reports cover {} messages. From your own sending services, receivers quarantined <strong>{}</strong> and rejected <strong>{}</strong>. From unknown sources (most likely spoofing your policy stopped) they quarantined {} and rejected {}; that is protection, not a loss.</p>",
            thousands(d.messages),
            thousands(d.own_quarantined),
            thousands(d.own_rejected),
            thousands(d.unknown_quarantined),
            thousands(d.unknown_rejected)
        );
        if !d.own_failing_sources.is_empty() {
            b.push_str("<table><thead><tr><th>Your source failing alignment</th><th class=\"num\">Failing</th><th class=\"num\">Of</th><th class=\"num\">Quarantined</th><th class=\"num\">Rejected</th><th>Authenticates as</th></tr></thead><tbody>\n");
            for s in &d.own_failing_sources {
                let _ = writeln!(
                    b,
                    "<tr><td class=\"mono\">{}{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"mono\">{}</td></tr>",
                    escape(&s.ip),
                    s.ptr.as_ref().map(|p| format!("<br>{}", escape(p))).unwrap_or_default(),
                    thousands(s.failing),
                    thousands(s.messages),
                    thousands(s.quarantined),
                    thousands(s.rejected),
                    escape(&s.authenticated_as.join(", "))
                );
            }
            b.push_str("</tbody></table>\n");
        }
    }

    b.push_str("<h2>Rates against bulk-sender thresholds</h2>\n<table><thead><tr><th>Rate</th><th class=\"num\">Value</th><th>Status</th><th>Threshold</th><th>Note</th></tr></thead><tbody>\n");
    for x in &r.rates {
        let _ = writeln!(
            b,
            "<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td><td class=\"note\">{}</td></tr>",
            escape(&x.name.replace('_', " ")),
            pct_or_dash(x.pct),
            pill(x.status.as_str()),
            escape(&x.threshold),
            escape(&x.note)
        );
    }
    b.push_str("</tbody></table>\n");

    if let Some(c) = &r.check {
        let _ = writeln!(
            b,
            "<h2>Domain check: {} {}</h2>\n<p>{}</p>",
            escape(&c.domain),
            pill(&c.verdict),
            escape(&c.summary)
        );
        b.push_str(&findings_table(&c.findings));
    }
    if !r.inputs.skipped.is_empty() {
        b.push_str("<h2>Inputs that could not be read</h2><ul>");
        for (f, why) in &r.inputs.skipped {
            let _ = write!(b, "<li><span class=\"mono\">{}</span>: {}</li>", escape(f), escape(why));
        }
        b.push_str("</ul>\n");
    }
    let _ = writeln!(
        b,
        "<h2>Sources and notes</h2><ul><li>{} bounce messages from {} files; {} DMARC reports from {} files{}.</li>",
        thousands(r.inputs.bounce_messages as u64),
        thousands(r.inputs.bounce_files as u64),
        thousands(r.inputs.dmarc_reports as u64),
        thousands(r.inputs.dmarc_files as u64),
        match (r.sent, &r.sent_source) {
            (Some(s), Some(src)) => format!("; {} emails sent ({})", thousands(s), escape(src)),
            (Some(s), None) => format!("; {} emails sent", thousands(s)),
            _ => String::new(),
        }
    );
    for n in &r.notes {
        let _ = write!(b, "<li>{}</li>", escape(n));
    }
    b.push_str("</ul>\n");

    let title = meta.title.clone().unwrap_or_else(|| "Hidden email losses".into());
    page(&title, meta, &b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_neutralises_markup() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(escape("a\u{0}b\u{1b}[31m"), "ab[31m");
    }

    #[test]
    fn chart_labels_are_escaped() {
        let svg = bar_chart(&[("<img src=x onerror=alert(1)>".into(), 5), ("b".into(), 0)], "emails");
        assert!(svg.contains("&lt;img"));
        assert!(!svg.contains("<img"));
        // Zero rows are not drawn.
        assert_eq!(svg.matches("<rect").count(), 1);
        assert_eq!(bar_chart(&[], "x"), "");
    }
}
