//! ARF feedback reports (RFC 5965): a mailbox provider telling the sender
//! that a recipient pressed "this is spam".

use super::dsn::{self, field};
use super::message::{Common, plain_record};
use super::model::{BounceRecord, MessageKind, Reason};

/// Records for one feedback report. `report` is the message/feedback-report
/// body (may be empty when only the top-level report-type said ARF).
pub fn records(common: &Common, report: &str) -> Vec<BounceRecord> {
    let blocks = dsn::parse_blocks(report);
    let fields: Vec<(String, String)> = blocks.into_iter().flatten().collect();
    let feedback_type = field(&fields, "feedback-type")
        .map(|s| s.to_ascii_lowercase())
        .unwrap_or_else(|| "abuse".to_string());
    let user_agent = field(&fields, "user-agent");
    let source_ip = field(&fields, "source-ip");
    let mut c = common.clone();
    if let Some(d) = field(&fields, "arrival-date")
        .or_else(|| field(&fields, "received-date"))
        .and_then(|d| {
            mail_parser::DateTime::parse_rfc822(d.split('(').next().unwrap_or(d).trim())
                .filter(|x| x.year > 1970)
                .map(|x| x.to_rfc3339())
        })
    {
        c.date = Some(d);
    }
    if let Some(mta) = field(&fields, "reporting-mta").map(|v| dsn::typed_value(v).to_string()) {
        c.reporting_mta = Some(mta);
    }
    if c.original.from.is_none() {
        c.original.from = field(&fields, "original-mail-from").map(dsn::clean_address);
    }
    let mut recipients: Vec<String> = fields
        .iter()
        .filter(|(n, _)| n == "original-rcpt-to")
        .map(|(_, v)| dsn::clean_address(v))
        .filter(|a| a.contains('@'))
        .collect();
    let mut why = format!("arf feedback-type {feedback_type}");
    if recipients.is_empty() {
        // Providers often redact the recipient; the original's VERP return
        // path still names it, else its To header.
        if let Some(a) = c
            .original
            .return_path
            .as_deref()
            .and_then(super::vendors::verp_recipient)
        {
            recipients.push(a);
            why.push_str("; recipient from VERP return path");
        } else if let Some(to) = c.original.to.clone().filter(|a| a.contains('@')) {
            recipients.push(to);
        }
    }
    let mut diagnostic = format!("feedback-type {feedback_type}");
    if let Some(ua) = user_agent {
        diagnostic.push_str(&format!("; user-agent {ua}"));
    }
    if let Some(ip) = source_ip {
        diagnostic.push_str(&format!("; source-ip {ip}"));
    }
    let (kind, reason) = if feedback_type == "not-spam" {
        (MessageKind::NotBounce, Reason::Undetermined)
    } else {
        (MessageKind::Complaint, Reason::Complaint)
    };
    let make = |recipient: Option<String>| {
        let mut r = plain_record(&c, kind, recipient, &why);
        r.reason = reason;
        r.diagnostic = Some(diagnostic.clone());
        r
    };
    if recipients.is_empty() {
        return vec![make(None)];
    }
    recipients.into_iter().take(1_000).map(|a| make(Some(a))).collect()
}
