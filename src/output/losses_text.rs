//! The losses report for a terminal.

use crate::dmarc_reports::render::{clean, thousands};
use crate::losses::{LossReport, count};
use std::fmt::Write;

pub use crate::losses::pct_or_dash;

/// Headline numbers in one sentence (also used by markdown and HTML): the
/// total of emails lost and its parts, from `LossReport::emails_lost`.
pub fn headline(r: &LossReport) -> String {
    let mut parts = Vec::new();
    if r.bounces_given {
        parts.push(format!(
            "{} existing contacts can no longer be reached by email",
            thousands(r.contacts_lost.total)
        ));
    } else {
        parts.push("No bounces were given, so lost contacts and failed deliveries are not measured".to_string());
    }
    let lost = r.emails_lost_parts();
    if !lost.is_empty() {
        let sum = lost
            .iter()
            .map(|(label, n)| format!("{} {label}", thousands(*n)))
            .collect::<Vec<_>>()
            .join(" + ");
        parts.push(format!(
            "{} lost ({sum})",
            count(r.emails_lost.total, "email", "emails")
        ));
    }
    if let Some(sent) = r.sent {
        parts.push(format!("out of {} sent", thousands(sent)));
    }
    if let Some(tls) = r.tls.as_ref().filter(|t| t.failed_sessions > 0) {
        parts.push(tls.line());
    }
    let mut s = parts.join("; ");
    s.push('.');
    s
}

/// The dates the data covers, in words (also used by markdown and HTML).
pub fn period_line(r: &LossReport) -> String {
    match &r.period {
        Some(p) if p.first == p.last => format!("Period covered: {}", p.first),
        Some(p) => format!("Period covered: {} to {}", p.first, p.last),
        None => "Period covered: unknown (no dated bounce or report)".to_string(),
    }
}

pub fn render(r: &LossReport) -> String {
    render_with(r, None)
}

/// The report, with what changed since a saved run (`--previous`) after the headline.
pub fn render_with(r: &LossReport, changes: Option<&crate::changes::Changes>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Hidden losses");
    let _ = writeln!(out, "  {}", period_line(r));
    let _ = writeln!(out, "  {}", headline(r));
    if let Some(m) = &r.money {
        for line in &m.lines {
            let _ = writeln!(out, "  {}: {}", line.label, line.amount);
            let _ = writeln!(out, "    {}", line.arithmetic);
            let _ = writeln!(out, "    assumption: {}", line.assumption);
        }
    }
    if let Some(c) = changes {
        out.push_str(&super::changes::text(c));
    }

    let _ = writeln!(out, "\nWhat to fix first");
    if r.actions.is_empty() {
        let _ = writeln!(out, "  nothing: no losses found in the inputs");
    }
    for a in &r.actions {
        let _ = writeln!(
            out,
            "  {}. {} ({}, {})",
            a.priority,
            a.title,
            count(a.messages_affected, "email", "emails"),
            count(a.contacts_affected, "contact", "contacts")
        );
        let _ = writeln!(out, "     why: {}", a.why);
        for e in &a.evidence {
            let _ = writeln!(out, "     - {}", clean(e));
        }
    }

    let c = &r.contacts_lost;
    if !r.bounces_given {
        let _ = writeln!(out, "\nContacts permanently lost: not measured (no --bounces given)");
    } else {
        let _ = writeln!(out, "\nContacts permanently lost: {}", thousands(c.total));
        let _ = writeln!(
            out,
            "  hard-bounced {}, complained {}, both {}{}",
            thousands(c.hard_bounced),
            thousands(c.complained),
            thousands(c.both),
            if c.complaints_without_address > 0 {
                format!("; {} complaints without an address", c.complaints_without_address)
            } else {
                String::new()
            }
        );
    }

    let _ = writeln!(out, "\nLost by reason");
    if r.by_reason.is_empty() {
        let _ = writeln!(out, "  no failed deliveries in the bounces read");
    }
    for x in &r.by_reason {
        let _ = writeln!(
            out,
            "  {:<52} {:>8} emails {:>8} of sent {:>6} hard",
            x.label,
            thousands(x.messages),
            pct_or_dash(x.pct_of_sent),
            thousands(x.hard)
        );
        if !x.related_findings.is_empty() {
            let _ = writeln!(out, "    likely cause: {}", x.related_findings.join(", "));
        }
    }
    if r.delayed_messages > 0 {
        let _ = writeln!(
            out,
            "  (plus {} delayed, still being retried: not counted as lost)",
            r.delayed_messages
        );
    }

    let _ = writeln!(out, "\nLost by recipient provider");
    for p in &r.by_provider {
        let top = p.top_reasons();
        let _ = writeln!(
            out,
            "  {:<36} {:>7} failed {:>5} complaints{}  {}",
            clean(&p.provider),
            thousands(p.failed_messages),
            thousands(p.complaints),
            match (p.pct_of_provider_volume, p.dmarc_volume) {
                (Some(x), Some(v)) => format!("  {} of the {} it reported", pct_or_dash(Some(x)), thousands(v)),
                _ => String::new(),
            },
            top
        );
    }

    if let Some(d) = &r.dmarc {
        let _ = writeln!(out, "\nDMARC (from aggregate reports)");
        let _ = writeln!(
            out,
            "  {} messages reported; quarantined {}, rejected {}",
            thousands(d.messages),
            thousands(d.quarantined),
            thousands(d.rejected)
        );
        let _ = writeln!(
            out,
            "  your own sources: quarantined {}, rejected {}; unknown sources (spoofing stopped): quarantined {}, rejected {}",
            thousands(d.own_quarantined),
            thousands(d.own_rejected),
            thousands(d.unknown_quarantined),
            thousands(d.unknown_rejected)
        );
        for s in &d.own_failing_sources {
            let _ = writeln!(
                out,
                "  - {} fails {} of {}{}",
                clean(&s.name()),
                thousands(s.failing),
                thousands(s.messages),
                if s.authenticated_as.is_empty() {
                    String::new()
                } else {
                    format!(" (authenticates as {})", clean(&s.authenticated_as.join(", ")))
                }
            );
        }
    }

    if !r.sending_sources.is_empty() {
        let _ = writeln!(out, "\nYour sending sources (DMARC pass rate, from the reports)");
        for s in &r.sending_sources {
            let _ = writeln!(
                out,
                "  {:<36} {:>8} pass of {:>8} messages{}",
                clean(&s.name),
                pct_or_dash(s.dmarc_pass_pct),
                thousands(s.messages),
                match &s.evidence {
                    Some(e) => format!("  ({}; {})", clean(e), count(s.ip_count as u64, "IP", "IPs")),
                    None => String::new(),
                }
            );
        }
    }

    let _ = writeln!(out, "\nRates against bulk-sender thresholds");
    for x in &r.rates {
        let _ = writeln!(
            out,
            "  {:<30} {:>8}  {:<12} {}",
            x.name,
            pct_or_dash(x.pct),
            x.status,
            x.threshold
        );
        let _ = writeln!(out, "    {}", x.note);
    }

    if let Some(c) = &r.check {
        let _ = writeln!(out, "\nDomain check: {} ({})", clean(&c.domain), c.verdict);
        let _ = writeln!(out, "  {}", clean(&c.summary));
        for f in &c.findings {
            let _ = writeln!(out, "  [{}] {} {}", f.severity, f.code, clean(&f.message));
        }
    }

    if !r.inputs.skipped.is_empty() {
        let _ = writeln!(out, "\nSkipped inputs");
        for (file, why) in &r.inputs.skipped {
            let _ = writeln!(out, "  {}: {}", clean(file), clean(why));
        }
    }
    if !r.notes.is_empty() {
        let _ = writeln!(out, "\nNotes");
        for n in &r.notes {
            let _ = writeln!(out, "  - {n}");
        }
    }
    if let Some(w) = &r.what_if {
        out.push_str(&crate::dmarc_reports::render::what_if_text(w, r.what_if_money.as_ref()));
    }
    out
}
