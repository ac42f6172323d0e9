//! `dmarc-reports`: text, CSV and JSON renderings of a [`Summary`] (and of a
//! what-if replay). Text from reports goes through `sanitize::for_terminal`.

use crate::dmarc_reports::ReportFormat;
use crate::dmarc_reports::summary::{Category, Counts, OrgSummary, SourceSummary, Summary};
use crate::dmarc_reports::what_if::{Impact, SourceGroup, WhatIf, WhatIfMoney};
use crate::figures::{pct, plural, thousands};
use crate::sanitize::for_terminal;
use std::fmt::Write;

/// `--format json`: the summary (and the what-if replay) under the tool header.
pub fn json(summary: &Summary, what_if: Option<&WhatIf>, money: Option<&WhatIfMoney>) -> String {
    #[derive(serde::Serialize)]
    struct Doc<'a> {
        schema_version: u32,
        tool: crate::check::ToolInfo,
        dmarc_reports: &'a Summary,
        #[serde(skip_serializing_if = "Option::is_none")]
        what_if: Option<&'a WhatIf>,
        #[serde(skip_serializing_if = "Option::is_none")]
        what_if_money: Option<&'a WhatIfMoney>,
    }
    super::pretty_json(&Doc {
        schema_version: 1,
        tool: super::tool_info(),
        dmarc_reports: summary,
        what_if,
        what_if_money: money,
    })
}

/// Terminal text; `line` strings come from reports, so control characters are
/// replaced (a hostile report must not move the cursor).
pub fn text(summary: &Summary) -> String {
    let mut out = String::new();
    let t = &summary.totals;
    let _ = writeln!(out, "DMARC aggregate reports");
    let _ = writeln!(
        out,
        "  {} report{} from {} file{}{}{}",
        summary.reports,
        plural(summary.reports),
        summary.files_read,
        plural(summary.files_read),
        match (&summary.period_begin, &summary.period_end) {
            (Some(b), Some(e)) => format!(", {} to {}", &b[..10.min(b.len())], &e[..10.min(e.len())]),
            _ => String::new(),
        },
        if summary.duplicates.is_empty() {
            String::new()
        } else {
            format!(
                ", {} duplicate{} ignored",
                summary.duplicates.len(),
                plural(summary.duplicates.len())
            )
        }
    );
    let _ = writeln!(
        out,
        "  {} messages: {} pass DMARC ({}), {} fail ({}); quarantined {}, rejected {}",
        thousands(t.messages),
        thousands(t.dmarc_pass),
        pct(t.dmarc_pass, t.messages),
        thousands(t.dmarc_fail),
        pct(t.dmarc_fail, t.messages),
        thousands(t.quarantined),
        thousands(t.rejected)
    );

    let own: Vec<&SourceSummary> = summary.own_failing().collect();
    let _ = writeln!(
        out,
        "\nYour sources that fail alignment (fix these: their mail is at risk)"
    );
    if own.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for s in &own {
        source_line(&mut out, s);
    }
    let unknown: Vec<&SourceSummary> = summary.unknown().collect();
    let _ = writeln!(out, "\nUnknown sources (nothing authenticates: possible spoofing)");
    if unknown.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for s in &unknown {
        source_line(&mut out, s);
    }
    let forwarded: Vec<&SourceSummary> = summary
        .sources
        .iter()
        .filter(|s| s.category == Category::Forwarded)
        .collect();
    if !forwarded.is_empty() {
        let _ = writeln!(out, "\nForwarders and mailing lists (receivers accepted the failures)");
        for s in &forwarded {
            source_line(&mut out, s);
        }
    }

    let _ = writeln!(out, "\nBy header-from domain");
    for d in &summary.domains {
        let policy = d
            .policy
            .as_ref()
            .map(|p| {
                format!(
                    "p={}{}{}",
                    for_terminal(p.p.as_deref().unwrap_or("?")),
                    p.sp.as_deref()
                        .map(|s| format!(" sp={}", for_terminal(s)))
                        .unwrap_or_default(),
                    p.pct.map(|x| format!(" pct={x}")).unwrap_or_default()
                )
            })
            .unwrap_or_else(|| "policy unknown".into());
        let _ = writeln!(out, "  {}  [{}]", for_terminal(&d.domain), policy);
        counts_line(
            &mut out,
            &d.counts,
            &format!("{} source{}", d.sources, plural(d.sources)),
        );
    }

    let _ = writeln!(out, "\nBy reporting organisation");
    for o in &summary.organisations {
        let _ = writeln!(
            out,
            "  {}  [{}]",
            for_terminal(&o.org_name),
            for_terminal(&format_line(o))
        );
        counts_line(
            &mut out,
            &o.counts,
            &format!("{} report{}", o.reports, plural(o.reports)),
        );
    }

    if !summary.selectors.is_empty() {
        let _ = writeln!(
            out,
            "\nDKIM selectors seen (signing domain, selector: messages, verified)"
        );
        for sel in &summary.selectors {
            let _ = writeln!(
                out,
                "  {:<40} {:>10} messages, {} verified; {}",
                for_terminal(&format!("{} {}", sel.domain, sel.selector)),
                thousands(sel.messages),
                pct(sel.pass, sel.messages),
                for_terminal(&sel.provenance())
            );
        }
    }

    let aligned: Vec<&SourceSummary> = summary
        .sources
        .iter()
        .filter(|s| s.category == Category::Aligned)
        .collect();
    if !aligned.is_empty() {
        let _ = writeln!(out, "\nAligned sources (all mail passes DMARC)");
        for s in aligned {
            let _ = writeln!(
                out,
                "  {:<40} {:>10} messages",
                source_name(s),
                thousands(s.counts.messages)
            );
        }
    }

    if !summary.duplicates.is_empty() {
        let _ = writeln!(out, "\nDuplicates (counted once)");
        for d in &summary.duplicates {
            let _ = writeln!(
                out,
                "  {}: {} report {} (first in {})",
                for_terminal(&d.file),
                for_terminal(&d.org_name),
                for_terminal(&d.report_id),
                for_terminal(&d.first_seen_in)
            );
        }
    }
    if !summary.skipped.is_empty() {
        let _ = writeln!(out, "\nSkipped (could not be read)");
        for s in &summary.skipped {
            let _ = writeln!(out, "  {}: {}", for_terminal(&s.file), for_terminal(&s.reason));
        }
    }
    out
}

/// "RFC 9990 (treewalk; Example 2.1)" or "RFC 7489" or "2 RFC 7489, 1 RFC 9990".
fn format_line(o: &OrgSummary) -> String {
    let name = |f: &ReportFormat| match f {
        ReportFormat::Rfc9990 => "RFC 9990",
        ReportFormat::Rfc7489 => "RFC 7489",
    };
    let mut text = if o.formats.len() == 1 {
        o.formats.keys().map(|f| name(f).to_string()).collect()
    } else {
        o.formats
            .iter()
            .map(|(f, n)| format!("{n} {}", name(f)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let extra: Vec<&str> = o
        .discovery_methods
        .iter()
        .chain(&o.generators)
        .map(String::as_str)
        .collect();
    if !extra.is_empty() {
        text.push_str(&format!(" ({})", extra.join("; ")));
    }
    text
}

fn source_name(s: &SourceSummary) -> String {
    match &s.ptr {
        Some(ptr) => format!("{} ({})", for_terminal(&s.ip), for_terminal(ptr)),
        None => for_terminal(&s.ip).into_owned(),
    }
}

fn source_line(out: &mut String, s: &SourceSummary) {
    let _ = writeln!(
        out,
        "  {}  {} of {} messages fail DMARC ({})",
        source_name(s),
        thousands(s.counts.dmarc_fail),
        thousands(s.counts.messages),
        pct(s.counts.dmarc_fail, s.counts.messages)
    );
    let mut details = vec![format!("from {}", for_terminal(&s.header_from.join(", ")))];
    if !s.authenticated_as.is_empty() {
        details.push(format!(
            "authenticates as {}",
            for_terminal(&s.authenticated_as.join(", "))
        ));
    }
    if s.counts.quarantined + s.counts.rejected > 0 {
        details.push(format!(
            "quarantined {}, rejected {}",
            thousands(s.counts.quarantined),
            thousands(s.counts.rejected)
        ));
    }
    if !s.override_reasons.is_empty() {
        details.push(format!(
            "receiver says {}",
            for_terminal(&s.override_reasons.join("; "))
        ));
    }
    if let Some(e) = &s.ptr_error {
        details.push(format!("reverse DNS: {}", for_terminal(e)));
    }
    let _ = writeln!(out, "    {}", details.join("; "));
}

fn counts_line(out: &mut String, c: &Counts, extra: &str) {
    let _ = writeln!(
        out,
        "    {} messages, DMARC pass {}, SPF aligned {}, DKIM aligned {}, quarantined {}, rejected {}; {}",
        thousands(c.messages),
        pct(c.dmarc_pass, c.messages),
        pct(c.spf_aligned, c.messages),
        pct(c.dkim_aligned, c.messages),
        thousands(c.quarantined),
        thousands(c.rejected),
        extra
    );
}

/// One CSV row per source IP (see docs/dmarc-reports.md for the columns).
pub fn csv(summary: &Summary) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "source_ip",
        "ptr",
        "network",
        "category",
        "messages",
        "dmarc_pass",
        "dmarc_fail",
        "spf_aligned",
        "dkim_aligned",
        "delivered",
        "quarantined",
        "rejected",
        "header_from",
        "authenticated_as",
        "override_reasons",
        "reported_by",
    ])?;
    for s in &summary.sources {
        let c = &s.counts;
        w.write_record([
            csv_safe(&s.ip),
            csv_safe(s.ptr.as_deref().unwrap_or("")),
            s.network.clone().unwrap_or_default(),
            s.category.as_str().to_string(),
            c.messages.to_string(),
            c.dmarc_pass.to_string(),
            c.dmarc_fail.to_string(),
            c.spf_aligned.to_string(),
            c.dkim_aligned.to_string(),
            c.delivered.to_string(),
            c.quarantined.to_string(),
            c.rejected.to_string(),
            csv_safe(&s.header_from.join(" ")),
            csv_safe(&s.authenticated_as.join(" ")),
            csv_safe(&s.override_reasons.join("; ")),
            csv_safe(&s.reported_by.join("; ")),
        ])?;
    }
    let bytes = w.into_inner().map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// A report is untrusted: no terminal escapes, and no cell a spreadsheet
/// would run as a formula.
fn csv_safe(s: &str) -> String {
    crate::sanitize::csv_cell(&for_terminal(s)).into_owned()
}

/// The "what if we enforce?" section of the text output.
pub fn what_if_text(what_if: &WhatIf, money: Option<&WhatIfMoney>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "\nWhat if the policy were {}?", for_terminal(&what_if.policy));
    let group_line = |out: &mut String, label: &str, i: &Impact| {
        let _ = writeln!(
            out,
            "  {label:<34} {:>8} newly quarantined, {:>8} newly rejected (of {} failing, {} messages)",
            thousands(i.newly_quarantined),
            thousands(i.newly_rejected),
            thousands(i.dmarc_fail),
            thousands(i.messages)
        );
    };
    group_line(&mut out, "your own sources (fix first):", &what_if.own);
    group_line(&mut out, "unknown sources (spoofing stopped):", &what_if.unknown);
    if what_if.forwarded.messages > 0 {
        group_line(&mut out, "forwarders and lists:", &what_if.forwarded);
    }
    if let Some(m) = money {
        let _ = writeln!(
            out,
            "  at stake: {} of your own messages x {} = {}",
            thousands(m.own_messages),
            for_terminal(&m.value_per_email),
            for_terminal(&m.own_at_stake)
        );
    }
    let _ = writeln!(out, "  Sources to fix before moving (largest first):");
    if what_if.fix_first.is_empty() {
        let _ = writeln!(out, "    none: no mail of yours would be stopped");
    }
    for s in what_if
        .sources
        .iter()
        .filter(|s| s.group == SourceGroup::Own && s.impact.newly_stopped() > 0)
    {
        let name = match (&s.ptr, s.authenticated_as.first()) {
            (Some(ptr), _) => format!("{} ({ptr})", s.ip),
            (None, Some(auth)) => format!("{} (authenticates as {auth})", s.ip),
            (None, None) => s.ip.clone(),
        };
        let _ = writeln!(
            out,
            "    {:<44} {:>8} messages stopped; from {}",
            for_terminal(&name),
            thousands(s.impact.newly_stopped()),
            for_terminal(&s.header_from.join(", "))
        );
    }
    let _ = writeln!(out, "  By header-from domain (own / unknown messages newly stopped):");
    for d in &what_if.domains {
        let _ = writeln!(
            out,
            "    {:<44} {:>8} / {}",
            for_terminal(&d.domain),
            thousands(d.own.newly_stopped()),
            thousands(d.unknown.newly_stopped())
        );
    }
    out
}
