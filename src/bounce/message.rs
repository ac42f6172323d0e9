//! One raw message in, its records out. Decides the kind (structure first:
//! DSN part, ARF part, ESP JSON; then non-standard notice text; then
//! auto-reply markers) and fills the fields every record shares.

use super::classify::{self, Classification, Tier};
use super::model::{BounceRecord, MessageKind, Reason};
use super::{arf, autoreply, dsn, esp, locate, vendors};
use mail_parser::{HeaderValue, Message, MessageParser, MimeHeaders, PartType};

mod original;
mod records;
pub use original::Original;
use original::{first_addr, original_from_bytes, original_of, original_recipient};
pub use records::*;

/// Fields shared by every record of one message.
#[derive(Debug, Default, Clone)]
pub struct Common {
    pub source: String,
    pub reporting_mta: Option<String>,
    pub date: Option<String>,
    pub original: Original,
}

/// Why a message could not be read at all.
pub type Unparsable = String;

/// Reject what is not a mail message before handing it to the MIME parser.
fn check_sane(raw: &[u8]) -> Result<(), Unparsable> {
    let head = &raw[..raw.len().min(8192)];
    if head.iter().all(|b| b.is_ascii_whitespace()) {
        return Err("empty file".into());
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\r' | b'\n' | 0x0c | 0x1b))
        .count();
    // A stray NUL byte is counted like any other control character: one is
    // a damaged message, not binary data.
    if controls * 20 > head.len() {
        return Err("binary data, not a mail message".into());
    }
    let start = trim_start(raw);
    if start.starts_with(b"{") || start.starts_with(b"[") {
        return Ok(());
    }
    let first_line = start.split(|&b| b == b'\n').next().unwrap_or(b"");
    let colon = first_line.iter().position(|&b| b == b':');
    let is_header = colon.is_some_and(|c| c > 0 && first_line[..c].iter().all(|&b| b.is_ascii_graphic() && b != b':'));
    if !is_header {
        return Err("no mail headers at the start".into());
    }
    if !raw.windows(2).any(|w| w == b"\n\n") && !raw.windows(4).any(|w| w == b"\r\n\r\n") {
        return Err("truncated: the headers never end".into());
    }
    Ok(())
}

fn trim_start(raw: &[u8]) -> &[u8] {
    let n = raw.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &raw[n..]
}

fn rfc3339(value: &str) -> Option<String> {
    let cleaned = value.split('(').next().unwrap_or(value).trim();
    mail_parser::DateTime::parse_rfc822(cleaned)
        .filter(|d| d.year > 1970)
        .map(|d| d.to_rfc3339())
}

/// The message's structure: which report parts it carries.
#[derive(Default)]
struct Parts {
    dsn: Option<String>,
    feedback: Option<String>,
    original: Option<Original>,
}

fn find_parts(message: &Message<'_>) -> Parts {
    let mut parts = Parts::default();
    for part in message.parts.iter().take(1_000) {
        let Some(ct) = part.content_type() else { continue };
        let ctype = ct.ctype().to_ascii_lowercase();
        let subtype = ct.subtype().unwrap_or("").to_ascii_lowercase();
        match (ctype.as_str(), subtype.as_str()) {
            ("message", "delivery-status" | "global-delivery-status") | ("text", "delivery-status")
                if parts.dsn.is_none() =>
            {
                parts.dsn = Some(String::from_utf8_lossy(part.contents()).into_owned());
            }
            ("message", "feedback-report") | ("text", "feedback-report") if parts.feedback.is_none() => {
                parts.feedback = Some(String::from_utf8_lossy(part.contents()).into_owned());
            }
            ("message", "rfc822" | "global") if parts.original.is_none() => {
                parts.original = match &part.body {
                    PartType::Message(m) => Some(original_of(m)),
                    _ => original_from_bytes(part.contents()),
                };
            }
            ("text" | "message", "rfc822-headers" | "global-headers") if parts.original.is_none() => {
                parts.original = original_from_bytes(part.contents());
            }
            _ => {}
        }
    }
    parts
}

/// Read one message into records. `Err` when it is no mail message at all.
pub fn analyze(source: &str, raw: &[u8]) -> Result<Vec<BounceRecord>, Unparsable> {
    check_sane(raw)?;
    let start = trim_start(raw);
    if start.starts_with(b"{") || start.starts_with(b"[") {
        let text = String::from_utf8_lossy(raw);
        let common = Common {
            source: source.to_string(),
            ..Common::default()
        };
        return match esp::parse(&text) {
            Some(rs) => Ok(esp_records(&common, rs)),
            None => Err("JSON that is no known bounce or complaint notification".into()),
        };
    }
    let message = MessageParser::default()
        .parse(raw)
        .ok_or_else(|| "MIME structure could not be parsed".to_string())?;
    if message.headers().is_empty() {
        return Err("no mail headers".into());
    }
    let (from_address, from_name) = first_addr(message.from()).unwrap_or_default();
    let subject = message.subject().unwrap_or("").to_string();
    let subject_lower = subject.to_ascii_lowercase();
    let report_type = message
        .content_type()
        .filter(|ct| ct.subtype().is_some_and(|s| s.eq_ignore_ascii_case("report")))
        .and_then(|ct| ct.attribute("report-type"))
        .map(|s| s.to_ascii_lowercase());
    let parts = find_parts(&message);
    // When the MIME structure is broken (a boundary that never appears), the
    // body is read line by line instead.
    let human_full = match message.body_text(0) {
        Some(t) if !t.trim().is_empty() => t.into_owned(),
        _ => raw_body(raw),
    };
    // A delivery-status block written into the text (no MIME part for it).
    let text_dsn = match parts.dsn {
        Some(_) => None,
        None => vendors::dsn_in_text(&human_full),
    };
    let human_end = text_dsn.as_ref().map_or(human_full.len(), |(at, _)| *at);
    let human = vendors::cut_original(&human_full[..human_end]);
    let human_lower = human.to_ascii_lowercase();
    let message_date = message.date().map(|d| d.to_rfc3339());

    let mut original = parts.original.clone().unwrap_or_default();
    if parts.original.is_none()
        && let Some(pos) = vendors::original_start(&human_full)
        && let Some(o) = original_from_bytes(human_full[pos..].trim_start().as_bytes())
    {
        original = o;
    }
    let from_domain = from_address.rsplit_once('@').map(|(_, d)| d.to_string());
    let mut common = Common {
        source: source.to_string(),
        reporting_mta: vendors::reporting_mta(human).or_else(|| from_domain.clone()),
        date: message_date.clone(),
        original,
    };
    // Addresses a notice names that are not failed recipients: its own
    // sender and addressee, and the sender of the original.
    let mut exclude: Vec<String> = vec![from_address.clone()];
    for addr in message.to().into_iter().flat_map(|a| a.iter()) {
        if let Some(a) = addr.address() {
            exclude.push(a.to_ascii_lowercase());
        }
    }
    exclude.extend(common.original.from.clone());
    exclude.extend(common.original.return_path.clone());

    // 1. ARF complaint.
    if let Some(report) = parts
        .feedback
        .as_deref()
        .or(if report_type.as_deref() == Some("feedback-report") {
            Some("")
        } else {
            None
        })
    {
        return Ok(arf::records(&common, report));
    }
    // Microsoft's complaint reports carry no feedback-report part: the
    // returned original is stamped with the complaining recipient.
    if parts.dsn.is_none()
        && !vendors::is_mailer_daemon(&from_address, &from_name)
        && let Some(rcpt) = common.original.complaint_recipient.clone()
    {
        let mut records = arf::records(&common, "");
        for r in &mut records {
            r.recipient = Some(rcpt.clone());
            r.classified_by = "microsoft complaint report: X-HmXmrOriginalRecipient on the returned original".into();
        }
        return Ok(records);
    }
    // 2. RFC 3464 delivery-status part (or the same fields in the text).
    if let Some(text) = parts.dsn.as_deref().or(text_dsn.as_ref().map(|(_, t)| t.as_str())) {
        let mut parsed = dsn::parse(text);
        // A recipient field holding no address ("@mx.test", a bare local
        // part): the text or the returned original names it.
        if let [only] = &mut parsed.recipients[..]
            && only
                .recipient
                .as_deref()
                .is_none_or(|a| !locate::is_plausible_address(a))
        {
            let from_text = locate::extract_recipients(human, &exclude)
                .into_iter()
                .next()
                .map(|t| t.address);
            if let Some(a) = from_text.or_else(|| original_recipient(&common.original)) {
                only.recipient = Some(a);
            }
        }
        if !parsed.recipients.is_empty() {
            if let Some(mta) = parsed.reporting_mta.clone() {
                common.reporting_mta = Some(mta);
            }
            if let Some(d) = parsed.arrival_date.as_deref().and_then(rfc3339) {
                common.date = Some(d);
            }
            let delay_text = vendors::says_delay(&subject_lower, &human_lower);
            // Read the human part once, not once per recipient.
            let mut human_regions = locate::extract_recipients(human, &[]);
            // The subject speaks for the whole notice: it may explain a
            // recipient only when there is one.
            let shared_subject = if parsed.recipients.len() == 1 {
                subject.as_str()
            } else {
                ""
            };
            let mut out = Vec::new();
            for r in parsed.recipients {
                let kind = match r.action.as_deref() {
                    Some("failed") => MessageKind::Bounce,
                    Some("delayed") => MessageKind::Delay,
                    Some("delivered" | "relayed" | "expanded") => {
                        out.push(delivered_record(&common, &r));
                        continue;
                    }
                    _ => match r.status.as_deref().and_then(|s| s.chars().next()) {
                        Some('2') => {
                            out.push(delivered_record(&common, &r));
                            continue;
                        }
                        Some('4') => MessageKind::Delay,
                        Some('5') => MessageKind::Bounce,
                        _ if delay_text => MessageKind::Delay,
                        _ => MessageKind::Bounce,
                    },
                };
                let recipient = r.recipient.clone();
                // Without a Diagnostic-Code, the human part may say more.
                let found = recipient
                    .as_deref()
                    .and_then(|a| human_regions.iter_mut().find(|t| t.address == a).map(std::mem::take));
                let diagnostic = r
                    .diagnostic
                    .clone()
                    .map(|d| vendors::strip_continuations(&vendors::collapse(&d)))
                    .map(|d| vendors::complete_reply(&d, &human_full).unwrap_or(d))
                    .or_else(|| {
                        found.as_ref().and_then(|t| {
                            vendors::best_diagnostic(&t.region, &t.address)
                                .or_else(|| vendors::best_diagnostic(&t.lead_in, &t.address))
                        })
                    });
                let date = match &common.date {
                    Some(_) => None,
                    None => r.last_attempt.as_deref().and_then(rfc3339),
                };
                let extra = match &found {
                    Some(t) => format!("{}\n{}\n{}", t.region, t.lead_in, shared_subject),
                    None => shared_subject.to_string(),
                };
                let mut rec = failure_record(
                    &common,
                    Failure {
                        kind,
                        recipient,
                        status: r.status.clone(),
                        diagnostic,
                        action: r.action.clone(),
                        remote_mta: r.remote_mta.clone(),
                        extra_text: Some(extra),
                        preset: None,
                    },
                );
                if date.is_some() {
                    rec.date = date;
                }
                out.push(rec);
            }
            if out.is_empty() {
                out.push(plain_record(
                    &common,
                    MessageKind::NotBounce,
                    None,
                    "dsn reports only delivered or relayed recipients",
                ));
            }
            return Ok(out);
        }
    }
    // 3. ESP notification carried in the body.
    let body_trim = human_full.trim_start();
    if (body_trim.starts_with('{') || body_trim.starts_with('['))
        && let Some(rs) = esp::parse_embedded(body_trim)
    {
        return Ok(esp_records(&common, rs));
    }
    // 4. Non-standard notice text.
    let failed_header: Vec<String> = message
        .headers_raw()
        .filter(|(n, _)| n.eq_ignore_ascii_case("x-failed-recipients"))
        .flat_map(|(_, v)| v.split(',').map(dsn::clean_address).collect::<Vec<_>>())
        .filter(|a| locate::is_plausible_address(a))
        .take(500)
        .collect();
    let null_sender = message
        .header_raw("Return-Path")
        .is_some_and(|v| v.trim().trim_matches(['<', '>', ' ']).is_empty());
    let list_server_error = message
        .header_raw("X-MLServer")
        .is_some_and(|v| v.to_ascii_lowercase().contains("fml"))
        && super::rules::LIST_SERVER_ERROR_SUBJECTS
            .iter()
            .any(|t| subject_lower.contains(t));
    let notice = vendors::Notice {
        from_address: &from_address,
        from_name: &from_name,
        subject_lower: &subject_lower,
        body_lower: &human_lower,
        null_sender,
        failed_recipients_header: !failed_header.is_empty(),
        list_server_error,
    };
    if notice.looks_like_bounce() || report_type.as_deref() == Some("delivery-status") {
        let kind = if vendors::says_delay(&subject_lower, &human_lower) {
            MessageKind::Delay
        } else {
            MessageKind::Bounce
        };
        // Without a failed address in the text, only a notice that clearly
        // is one may name a recipient by weaker evidence: a person writing
        // "the parcel was not delivered to..." does not.
        let clearly_notice = notice.clearly_notice() || report_type.as_deref() == Some("delivery-status");
        let mut found = locate::extract_recipients(human, &exclude);
        let mut how = None;
        if found.is_empty() && !failed_header.is_empty() {
            found = failed_header.iter().map(|a| whole_text(a, human)).collect();
            how = Some("recipient from X-Failed-Recipients");
        }
        if found.is_empty() && clearly_notice {
            found = locate::mentioned_recipients(human, &exclude);
            how = Some("recipient mentioned in notice text");
        }
        if found.is_empty()
            && let Some(a) = verp_from_headers(&message)
                .or_else(|| common.original.return_path.as_deref().and_then(vendors::verp_recipient))
        {
            found.push(whole_text(&a, human));
            how = Some("recipient from VERP return path");
        }
        if found.is_empty()
            && clearly_notice
            && let Some(a) = original_recipient(&common.original)
        {
            found.push(whole_text(&a, human));
            how = Some("recipient from the returned original's To");
        }
        if found.is_empty() && !clearly_notice {
            return Ok(not_bounce_or_auto_reply(
                &message,
                common,
                &subject_lower,
                &from_address,
            ));
        }
        let mut out = Vec::new();
        for t in &found {
            let diagnostic = if how.is_none() {
                vendors::best_diagnostic(&t.region, &t.address)
                    .or_else(|| vendors::best_diagnostic(&t.lead_in, &t.address))
            } else {
                first_code_line(human).or_else(|| vendors::best_diagnostic(human, &t.address))
            }
            .or_else(|| Some(vendors::collapse(&subject)).filter(|s| !s.is_empty()));
            let remote = vendors::remote_mta(&t.region).or_else(|| vendors::remote_mta(&t.lead_in));
            let mut rec = failure_record(
                &common,
                Failure {
                    kind,
                    recipient: Some(t.address.clone()),
                    status: None,
                    diagnostic,
                    action: Some(default_action(kind)),
                    remote_mta: remote,
                    extra_text: Some(format!("{}\n{}\n{}", t.region, t.lead_in, subject)),
                    preset: None,
                },
            );
            vendors::provider_notice_rule(&mut rec, &from_address);
            if let Some(how) = how {
                rec.classified_by.push_str("; ");
                rec.classified_by.push_str(how);
            }
            out.push(rec);
        }
        if out.is_empty() {
            let diagnostic =
                first_code_line(human).or_else(|| Some(vendors::collapse(&subject)).filter(|s| !s.is_empty()));
            out.push(failure_record(
                &common,
                Failure {
                    kind,
                    recipient: None,
                    status: None,
                    diagnostic,
                    action: Some(default_action(kind)),
                    remote_mta: vendors::remote_mta(human),
                    extra_text: Some(format!("{human}\n{subject}")),
                    preset: None,
                },
            ));
        }
        return Ok(out);
    }
    Ok(not_bounce_or_auto_reply(
        &message,
        common,
        &subject_lower,
        &from_address,
    ))
}

/// A recipient whose region is the whole notice text.
fn whole_text(address: &str, human: &str) -> locate::TextRecipient {
    locate::TextRecipient {
        address: address.to_string(),
        region: human.chars().take(4_000).collect(),
        lead_in: String::new(),
    }
}

/// The body after the header block, as text, for messages whose MIME
/// structure gives no readable part.
fn raw_body(raw: &[u8]) -> String {
    let end = raw
        .windows(2)
        .position(|w| w == b"\n\n")
        .map(|p| p + 2)
        .or_else(|| raw.windows(4).position(|w| w == b"\r\n\r\n").map(|p| p + 4))
        .unwrap_or(raw.len());
    String::from_utf8_lossy(&raw[end..raw.len().min(end + 1_000_000)]).into_owned()
}

fn not_bounce_or_auto_reply(
    message: &Message<'_>,
    common: Common,
    subject_lower: &str,
    from_address: &str,
) -> Vec<BounceRecord> {
    // 5. Auto-replies.
    if let Some(why) = autoreply::detect(message, subject_lower) {
        let mut c = common.clone();
        c.reporting_mta = None;
        c.original = Original {
            message_id: match message.in_reply_to() {
                HeaderValue::Text(t) => Some(format!("<{t}>")),
                HeaderValue::TextList(l) => l.first().map(|t| format!("<{t}>")),
                _ => None,
            },
            ..Original::default()
        };
        let who = Some(from_address.to_string()).filter(|a| !a.is_empty());
        return vec![plain_record(&c, MessageKind::AutoReply, who, &why)];
    }
    let mut c = common;
    c.reporting_mta = None;
    c.original = Original::default();
    vec![plain_record(
        &c,
        MessageKind::NotBounce,
        None,
        "no bounce, complaint or auto-reply markers",
    )]
}

fn first_code_line(text: &str) -> Option<String> {
    text.lines()
        .find(|l| classify::find_smtp_code(l).is_some() || classify::find_enhanced_status(l).is_some())
        .map(vendors::collapse)
}

fn verp_from_headers(message: &Message<'_>) -> Option<String> {
    let mut candidates: Vec<String> = Vec::new();
    for addr in message.to().into_iter().flat_map(|a| a.iter()) {
        if let Some(a) = addr.address() {
            candidates.push(a.to_string());
        }
    }
    for (name, value) in message.headers_raw() {
        if matches!(
            name.to_ascii_lowercase().as_str(),
            "delivered-to" | "x-original-to" | "envelope-to" | "x-envelope-to" | "return-path"
        ) {
            candidates.push(dsn::clean_address(value));
        }
    }
    candidates.iter().find_map(|c| vendors::verp_recipient(c))
}

/// The DSN action of a failure whose notice does not state one.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn junk_is_unparsable() {
        assert!(analyze("x", b"").is_err());
        assert!(analyze("x", b"\x00\x01\x02binary\x00\x00").is_err());
        assert!(analyze("x", b"just some words\nwithout headers\n").is_err());
        assert!(analyze("x", b"Subject: cut\nFrom: a@b.test").is_err());
    }

    #[test]
    fn ordinary_mail_is_not_bounce() {
        let r = analyze(
            "x",
            b"From: a@b.test\nTo: c@d.test\nSubject: lunch\n\nSee you at noon.\n",
        )
        .unwrap();
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].kind, MessageKind::NotBounce);
    }

    #[test]
    fn dates_convert() {
        assert_eq!(
            rfc3339("Mon, 1 Jan 2024 10:00:00 +0000 (UTC)").as_deref(),
            Some("2024-01-01T10:00:00Z")
        );
    }
}
