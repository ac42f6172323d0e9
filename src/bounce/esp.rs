//! Email service provider notifications in JSON: Amazon SES (SNS
//! notifications, often forwarded by email), SendGrid event webhooks,
//! Mailgun events and Postmark bounce webhooks. Accepted as a whole file or
//! as the body of a message.

use super::classify::{self, Classification, Tier};
use super::message::Failure;
use super::model::{MessageKind, Reason};
use serde_json::Value;

/// One recipient from an ESP notification, before the common fields.
#[derive(Debug, Clone)]
pub struct EspRecipient {
    /// What the notification says of the recipient, as a bounce notice would;
    /// `preset` is the reason the ESP's event type fixes.
    pub failure: Failure,
    pub reporting_mta: Option<String>,
    pub date: Option<String>,
    pub original_message_id: Option<String>,
    pub original_from: Option<String>,
    pub original_subject: Option<String>,
    /// Forces a permanent/temporary answer when the ESP says which.
    pub permanent: Option<bool>,
}

fn s(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(x) if !x.is_empty() => Some(x.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn base(kind: MessageKind) -> EspRecipient {
    EspRecipient {
        failure: Failure {
            kind,
            recipient: None,
            status: None,
            diagnostic: None,
            action: None,
            remote_mta: None,
            extra_text: None,
            preset: None,
        },
        reporting_mta: None,
        date: None,
        original_message_id: None,
        original_from: None,
        original_subject: None,
        permanent: None,
    }
}

/// Parse a JSON notification. `None` when it is no JSON we know.
pub fn parse(text: &str) -> Option<Vec<EspRecipient>> {
    let text = text.trim();
    if !(text.starts_with('{') || text.starts_with('[')) || text.len() > 2_000_000 {
        return None;
    }
    match serde_json::from_str::<Value>(text) {
        Ok(value) => parse_value(&value),
        // JSON Lines: one event per line.
        Err(_) => {
            let mut out = Vec::new();
            for value in serde_json::Deserializer::from_str(text)
                .into_iter::<Value>()
                .take(100_000)
            {
                out.extend(parse_value(&value.ok()?).unwrap_or_default());
            }
            (!out.is_empty()).then_some(out)
        }
    }
}

/// A notification in a message body, as SNS delivers it by e-mail: the
/// JSON may be hard-wrapped by a mail server on the way (Sendmail breaks
/// long lines with `!` and a newline and a space) and followed by a footer.
pub fn parse_embedded(text: &str) -> Option<Vec<EspRecipient>> {
    if text.len() > 2_000_000 {
        return None;
    }
    let unwrapped = text.replace("!\r\n ", "").replace("!\n ", "");
    let value: Value = serde_json::Deserializer::from_str(unwrapped.trim_start())
        .into_iter::<Value>()
        .next()?
        .ok()?;
    parse_value(&value)
}

fn parse_value(value: &Value) -> Option<Vec<EspRecipient>> {
    // SNS envelope: {"Type":"Notification","Message":"{...}"}
    if let Some(Value::String(inner)) = value.get("Message")
        && value.get("Type").is_some()
    {
        return parse(inner);
    }
    let items: Vec<&Value> = match value {
        Value::Array(a) => a.iter().take(10_000).collect(),
        v => vec![v],
    };
    let mut out = Vec::new();
    for item in items {
        if let Some(mut r) = ses(item)
            .or_else(|| mandrill(item))
            .or_else(|| sparkpost(item))
            .or_else(|| brevo(item))
            .or_else(|| sendgrid(item))
            .or_else(|| mailgun(item))
            .or_else(|| postmark(item))
        {
            out.append(&mut r);
        }
    }
    (!out.is_empty()).then_some(out)
}

fn ses(v: &Value) -> Option<Vec<EspRecipient>> {
    let ntype = s(v, "notificationType").or_else(|| s(v, "eventType"))?;
    let mail = v.get("mail");
    let headers = mail.and_then(|m| m.get("commonHeaders"));
    let fill = |r: &mut EspRecipient| {
        r.original_message_id = headers
            .and_then(|h| s(h, "messageId"))
            .or_else(|| mail.and_then(|m| s(m, "messageId")));
        r.original_from = mail.and_then(|m| s(m, "source"));
        r.original_subject = headers.and_then(|h| s(h, "subject"));
    };
    let mut out = Vec::new();
    match ntype.as_str() {
        "Bounce" => {
            let b = v.get("bounce")?;
            let btype = s(b, "bounceType").unwrap_or_default();
            let subtype = s(b, "bounceSubType").unwrap_or_default();
            for rcpt in b.get("bouncedRecipients")?.as_array()?.iter().take(10_000) {
                let mut r = base(MessageKind::Bounce);
                r.failure.recipient = s(rcpt, "emailAddress").map(|a| super::dsn::clean_address(&a));
                r.failure.status = s(rcpt, "status");
                r.failure.action = s(rcpt, "action");
                r.failure.diagnostic = s(rcpt, "diagnosticCode").map(|d| super::dsn::typed_value(&d).to_string());
                r.reporting_mta = s(b, "reportingMTA").map(|m| super::dsn::typed_value(&m).to_string());
                r.date = s(b, "timestamp");
                r.permanent = Some(btype == "Permanent");
                let c = classify::classify(
                    r.failure.status.as_deref(),
                    r.failure.diagnostic.as_deref().and_then(classify::find_smtp_code),
                    r.failure.diagnostic.as_deref().unwrap_or(""),
                );
                r.failure.preset = Some(if c.reason == Reason::Undetermined {
                    ses_subtype(&subtype).unwrap_or(c)
                } else {
                    c
                });
                fill(&mut r);
                out.push(r);
            }
        }
        "Complaint" => {
            let c = v.get("complaint")?;
            let ftype = s(c, "complaintFeedbackType").unwrap_or_else(|| "abuse".into());
            for rcpt in c.get("complainedRecipients")?.as_array()?.iter().take(10_000) {
                let mut r = base(MessageKind::Complaint);
                r.failure.recipient = s(rcpt, "emailAddress").map(|a| super::dsn::clean_address(&a));
                r.date = s(c, "arrivalDate").or_else(|| s(c, "timestamp"));
                r.failure.diagnostic = s(c, "userAgent").map(|ua| format!("feedback-type {ftype} from {ua}"));
                r.failure.preset = Some(Classification {
                    reason: Reason::Complaint,
                    classified_by: format!("ses complaint feedback-type {ftype}"),
                    tier: Tier::Provider,
                });
                fill(&mut r);
                out.push(r);
            }
        }
        "Delivery" => {
            // One row per delivered recipient (shown with --all), so a success
            // is accounted for by address like a failure.
            let d = v.get("delivery");
            let response = d.and_then(|d| s(d, "smtpResponse"));
            let recipients: Vec<Option<String>> = d
                .and_then(|d| d.get("recipients"))
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .take(10_000)
                        .filter_map(Value::as_str)
                        .map(|a| Some(super::dsn::clean_address(a)))
                        .collect()
                })
                .filter(|v: &Vec<_>| !v.is_empty())
                .unwrap_or_else(|| vec![None]);
            for recipient in recipients {
                let mut r = base(MessageKind::NotBounce);
                r.failure.recipient = recipient;
                r.failure.status = response.as_deref().and_then(classify::find_enhanced_status);
                r.failure.action = Some("delivered".into());
                r.failure.diagnostic = response.clone();
                r.reporting_mta = d.and_then(|d| s(d, "reportingMTA"));
                r.date = d.and_then(|d| s(d, "timestamp"));
                r.failure.preset = Some(Classification {
                    reason: Reason::Undetermined,
                    classified_by: "ses delivery notification".into(),
                    tier: Tier::Provider,
                });
                fill(&mut r);
                out.push(r);
            }
        }
        _ => return None,
    }
    Some(out)
}

fn ses_subtype(subtype: &str) -> Option<Classification> {
    let reason = match subtype {
        "NoEmail" | "Suppressed" => Reason::UserUnknown,
        "MailboxFull" => Reason::MailboxFull,
        "MessageTooLarge" => Reason::MessageTooLarge,
        "ContentRejected" => Reason::SpamContent,
        "AttachmentRejected" | "OnAccountSuppressionList" => Reason::Policy,
        _ => return None,
    };
    Some(Classification {
        reason,
        classified_by: format!("ses bounceSubType {subtype}"),
        tier: Tier::Provider,
    })
}

fn sendgrid(v: &Value) -> Option<Vec<EspRecipient>> {
    let event = s(v, "event")?;
    let email = s(v, "email")?;
    let mut r = match event.as_str() {
        "bounce" | "dropped" => base(MessageKind::Bounce),
        "deferred" => base(MessageKind::Delay),
        "spamreport" => {
            let mut r = base(MessageKind::Complaint);
            r.failure.preset = Some(Classification {
                reason: Reason::Complaint,
                classified_by: "sendgrid spamreport event".into(),
                tier: Tier::Provider,
            });
            r
        }
        _ => return None,
    };
    r.failure.recipient = Some(super::dsn::clean_address(&email));
    r.failure.status = s(v, "status");
    r.failure.diagnostic = s(v, "reason").or_else(|| s(v, "response"));
    r.date = epoch(v, "timestamp");
    r.original_message_id = s(v, "smtp-id");
    r.permanent = match s(v, "type").as_deref() {
        Some("blocked") => Some(false),
        _ => None,
    };
    Some(vec![r])
}

fn mailgun(v: &Value) -> Option<Vec<EspRecipient>> {
    let data = v.get("event-data").unwrap_or(v);
    let event = s(data, "event")?;
    let mut r = match event.as_str() {
        "failed" => {
            let temporary = s(data, "severity").as_deref() == Some("temporary");
            let mut r = base(if temporary {
                MessageKind::Delay
            } else {
                MessageKind::Bounce
            });
            r.permanent = Some(!temporary);
            r
        }
        "complained" => {
            let mut r = base(MessageKind::Complaint);
            r.failure.preset = Some(Classification {
                reason: Reason::Complaint,
                classified_by: "mailgun complained event".into(),
                tier: Tier::Provider,
            });
            r
        }
        _ => return None,
    };
    r.failure.recipient = s(data, "recipient").map(|a| super::dsn::clean_address(&a));
    if let Some(ds) = data.get("delivery-status") {
        let message = s(ds, "message").unwrap_or_default();
        let description = s(ds, "description").unwrap_or_default();
        let text = [s(ds, "code").unwrap_or_default(), message, description]
            .iter()
            .filter(|x| !x.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(" ");
        r.failure.diagnostic = Some(text).filter(|t| !t.is_empty());
        r.failure.remote_mta = s(ds, "mx-host");
    }
    r.date = epoch(data, "timestamp");
    if let Some(h) = data.get("message").and_then(|m| m.get("headers")) {
        r.original_message_id = s(h, "message-id");
        r.original_from = s(h, "from");
        r.original_subject = s(h, "subject");
    }
    Some(vec![r])
}

fn postmark(v: &Value) -> Option<Vec<EspRecipient>> {
    let record_type = s(v, "RecordType")?;
    let mut r = match record_type.as_str() {
        "Bounce" => {
            let btype = s(v, "Type").unwrap_or_default();
            let kind = if matches!(btype.as_str(), "Transient" | "SoftBounce" | "DnsError") {
                MessageKind::Delay
            } else {
                MessageKind::Bounce
            };
            let mut r = base(kind);
            r.failure.preset = postmark_type(&btype);
            r
        }
        "SpamComplaint" => {
            let mut r = base(MessageKind::Complaint);
            r.failure.preset = Some(Classification {
                reason: Reason::Complaint,
                classified_by: "postmark SpamComplaint".into(),
                tier: Tier::Provider,
            });
            r
        }
        _ => return None,
    };
    r.failure.recipient = s(v, "Email").map(|a| super::dsn::clean_address(&a));
    r.failure.diagnostic = s(v, "Details")
        .map(|d| super::dsn::typed_value(&d).to_string())
        .or_else(|| s(v, "Description"));
    r.date = s(v, "BouncedAt");
    r.original_message_id = s(v, "MessageID");
    r.original_from = s(v, "From");
    r.original_subject = s(v, "Subject");
    Some(vec![r])
}

/// A reason fixed by an ESP's own category, used when the text names none.
fn preset(reason: Reason, classified_by: String) -> Option<Classification> {
    Some(Classification {
        reason,
        classified_by,
        tier: Tier::Provider,
    })
}

fn epoch(v: &Value, key: &str) -> Option<String> {
    let t = match v.get(key)? {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => s.parse().ok()?,
        _ => return None,
    };
    chrono::DateTime::from_timestamp(t as i64, 0).map(|d| d.to_rfc3339())
}

/// A final failure the ESP itself calls temporary.
fn soft_bounce() -> EspRecipient {
    let mut r = base(MessageKind::Bounce);
    r.permanent = Some(false);
    r
}

fn complaint(recipient: Option<String>, classified_by: &str) -> EspRecipient {
    let mut r = base(MessageKind::Complaint);
    r.failure.recipient = recipient;
    r.failure.preset = preset(Reason::Complaint, classified_by.to_string());
    r
}

/// Mandrill webhook events: `{"event": "hard_bounce", "msg": {...}}`.
fn mandrill(v: &Value) -> Option<Vec<EspRecipient>> {
    let event = s(v, "event")?;
    let msg = v.get("msg")?;
    let email = s(msg, "email").map(|a| super::dsn::clean_address(&a));
    let mut r = match event.as_str() {
        "hard_bounce" => base(MessageKind::Bounce),
        "soft_bounce" => soft_bounce(),
        "reject" => base(MessageKind::Bounce),
        "spam" => complaint(email.clone(), "mandrill spam event"),
        _ => return None,
    };
    r.failure.recipient = email;
    r.failure.diagnostic = s(msg, "diag").map(|d| super::dsn::typed_value(&d).to_string());
    if r.failure.kind == MessageKind::Bounce {
        let description = s(msg, "bounce_description").unwrap_or_default();
        r.failure.preset = match description.as_str() {
            "bad_mailbox" => preset(Reason::UserUnknown, "mandrill bounce_description bad_mailbox".into()),
            "invalid_domain" => preset(Reason::HostUnknown, "mandrill bounce_description invalid_domain".into()),
            "mailbox_full" => preset(Reason::MailboxFull, "mandrill bounce_description mailbox_full".into()),
            "spam_related" => preset(Reason::SpamContent, "mandrill bounce_description spam_related".into()),
            "policy_related" => preset(Reason::Policy, "mandrill bounce_description policy_related".into()),
            _ => None,
        };
    }
    r.date = epoch(v, "ts");
    r.original_from = s(msg, "sender");
    r.original_subject = s(msg, "subject");
    Some(vec![r])
}

/// SparkPost webhook events: `{"msys": {"message_event": {"type": "bounce", ...}}}`.
fn sparkpost(v: &Value) -> Option<Vec<EspRecipient>> {
    let msys = v.get("msys")?;
    let e = msys.get("message_event").or_else(|| msys.get("track_event"))?;
    let etype = s(e, "type")?;
    let email = s(e, "rcpt_to").map(|a| super::dsn::clean_address(&a));
    let mut r = match etype.as_str() {
        "bounce" | "out_of_band" => base(MessageKind::Bounce),
        "delay" => base(MessageKind::Delay),
        "spam_complaint" => complaint(email.clone(), "sparkpost spam_complaint event"),
        _ => return None,
    };
    r.failure.recipient = email;
    r.failure.diagnostic = s(e, "raw_reason").or_else(|| s(e, "reason"));
    if r.failure.kind != MessageKind::Complaint {
        let class: u16 = s(e, "bounce_class").and_then(|c| c.parse().ok()).unwrap_or(0);
        let reason = match class {
            10 | 30 => Some(Reason::UserUnknown),
            21 => Some(Reason::HostUnknown),
            22 => Some(Reason::MailboxFull),
            23 => Some(Reason::MessageTooLarge),
            24 => Some(Reason::NetworkError),
            25 | 53 | 54 => Some(Reason::Policy),
            50 | 51 => Some(Reason::Blocked),
            52 => Some(Reason::SpamContent),
            _ => None,
        };
        r.failure.preset = reason.and_then(|reason| preset(reason, format!("sparkpost bounce_class {class}")));
        // Classes 20-24 and 70 are SparkPost's soft bounces.
        if matches!(class, 20..=24 | 70) {
            r.permanent = Some(false);
        }
    }
    r.date = epoch(e, "timestamp");
    r.original_message_id = s(e, "message_id");
    r.original_from = s(e, "friendly_from");
    r.original_subject = s(e, "subject");
    Some(vec![r])
}

/// Brevo (Sendinblue) transactional webhooks: `{"event": "hard_bounce", "email": ...}`.
fn brevo(v: &Value) -> Option<Vec<EspRecipient>> {
    let event = s(v, "event")?;
    // Brevo's own keys, so SendGrid events with the same names stay SendGrid's.
    if v.get("ts_event").is_none() && v.get("message-id").is_none() {
        return None;
    }
    let email = s(v, "email").map(|a| super::dsn::clean_address(&a));
    let mut r = match event.as_str() {
        "hard_bounce" | "invalid_email" => base(MessageKind::Bounce),
        "soft_bounce" => soft_bounce(),
        "blocked" => base(MessageKind::Bounce),
        "deferred" => base(MessageKind::Delay),
        "spam" | "complaint" => complaint(email.clone(), "brevo spam event"),
        _ => return None,
    };
    email.as_ref()?;
    r.failure.recipient = email;
    r.failure.diagnostic = s(v, "reason");
    if event == "invalid_email" {
        r.failure.preset = preset(Reason::UserUnknown, "brevo invalid_email event".into());
    }
    r.date = epoch(v, "ts_event").or_else(|| epoch(v, "ts"));
    r.original_message_id = s(v, "message-id");
    r.original_subject = s(v, "subject");
    Some(vec![r])
}

/// Postmark types that name a reason; generic ones leave it to the text.
fn postmark_type(t: &str) -> Option<Classification> {
    let reason = match t {
        "HardBounce" | "BadEmailAddress" => Reason::UserUnknown,
        "DnsError" => Reason::HostUnknown,
        "SpamNotification" | "ContentRelay" => Reason::SpamContent,
        "Blocked" => Reason::Blocked,
        "ManuallyDeactivated" | "InboundError" => Reason::Policy,
        _ => return None,
    };
    Some(Classification {
        reason,
        classified_by: format!("postmark type {t}"),
        tier: Tier::Provider,
    })
}
