//! Turning what a bounce said into records: the failure's reason, status and hardness.

use super::*;

pub(super) fn default_action(kind: MessageKind) -> String {
    if kind == MessageKind::Delay {
        "delayed"
    } else {
        "failed"
    }
    .to_string()
}

/// What one failed recipient looked like before classification.
#[derive(Debug, Clone)]
pub struct Failure {
    pub kind: MessageKind,
    pub recipient: Option<String>,
    pub status: Option<String>,
    pub diagnostic: Option<String>,
    pub action: Option<String>,
    pub remote_mta: Option<String>,
    /// More text to classify on when the diagnostic alone says nothing.
    pub extra_text: Option<String>,
    /// A reason already fixed by the format (ESP types).
    pub preset: Option<Classification>,
}

/// The reason of one failure: the server's reply first; the notice's own
/// text only when the reply decided by no code or only generic words; then
/// what the kind of failure implies.
pub(super) fn classify_failure(
    f: &Failure,
    status: Option<&str>,
    smtp_code: Option<u16>,
    diag: &str,
) -> Classification {
    let mut c = classify::classify(status, smtp_code, diag);
    let generic_status = status.is_some_and(|s| s.ends_with(".7.1") || s.ends_with(".7.0"));
    let reply_is_vague = c.tier >= Tier::Smtp || c.tier == Tier::Status && generic_status;
    if reply_is_vague && let Some(extra) = f.extra_text.as_deref() {
        let c2 = classify::classify(status, smtp_code, extra);
        if c2.tier.is_specific() || c.reason == Reason::Undetermined && c2.reason != Reason::Undetermined {
            c = Classification {
                classified_by: format!("{} in notice text", c2.classified_by),
                ..c2
            };
        }
    }
    if let Some(p) = f.preset.clone()
        && (c.reason == Reason::Undetermined || p.reason == Reason::Complaint)
    {
        c = p;
    }
    // Refused in reply to MAIL FROM: the server judged the sender before it
    // knew the recipient, so no reply there is about the mailbox ("no such
    // user" means our sender).
    let about_the_recipient = matches!(
        c.reason,
        Reason::UserUnknown
            | Reason::HostUnknown
            | Reason::MailboxDisabled
            | Reason::MailboxFull
            | Reason::Undetermined
    );
    if f.kind == MessageKind::Bounce
        && c.tier > Tier::Provider
        && about_the_recipient
        && refused_at_mail_from(diag, f.extra_text.as_deref())
    {
        c = Classification {
            reason: Reason::Policy,
            classified_by: format!("refused in reply to MAIL FROM (the sender), not {}", c.classified_by),
            tier: Tier::Status,
        };
    }
    let temporary_status = status.is_some_and(|s| s.starts_with('4'));
    // A final failure with only a temporary code and nothing more specific:
    // the server gave up retrying.
    if f.kind == MessageKind::Bounce && temporary_status && c.tier >= Tier::Generic {
        c = Classification {
            reason: Reason::Expired,
            classified_by: format!(
                "final failure with temporary status {}: gave up after retries",
                status.unwrap_or("")
            ),
            tier: Tier::Nothing,
        };
    }
    // A delay has not given up yet: it names its cause. Without one, the
    // receiving side simply has not taken the message yet.
    if f.kind == MessageKind::Delay && matches!(c.reason, Reason::Expired | Reason::Undetermined) {
        c = Classification {
            reason: Reason::NetworkError,
            classified_by: format!(
                "delay without a stated cause ({}): the receiving server has not taken the message yet",
                c.classified_by
            ),
            tier: Tier::Nothing,
        };
    }
    c
}

/// The status of one failure. The remote server's own code is more precise
/// than the one the reporting server chose for the DSN (a `5.0.0`, or the
/// `4.4.7` of a queue timeout): prefer it when both are of the same class,
/// and on a final failure whose DSN says "temporary" while the remote's
/// reply was permanent (`Status: 4.5.0` over `550 5.5.0`). The notice's
/// text (a session transcript) only fills in a DSN status that says nothing
/// (`5.0.0`): its lines may be the reporting server's own paraphrase.
pub(super) fn pick_status(f: &Failure, diag: &str) -> Option<String> {
    let from_reply = classify::find_reply_status(diag).or_else(|| classify::find_enhanced_status(diag));
    let class = |s: &str| s.chars().next();
    match (&f.status, from_reply) {
        (Some(s), Some(d)) if class(&d) == class(s) && !d.ends_with(".0.0") => Some(d),
        (Some(s), Some(d)) if f.kind == MessageKind::Bounce && s.starts_with('4') && d.starts_with('5') => Some(d),
        (Some(s), None) if s.ends_with(".0.0") => f
            .extra_text
            .as_deref()
            .and_then(classify::find_reply_status)
            .filter(|d| class(d) == class(s) && !d.ends_with(".0.0"))
            .or_else(|| Some(s.clone())),
        (Some(s), _) => Some(s.clone()),
        (None, d) => d.or_else(|| f.extra_text.as_deref().and_then(classify::find_enhanced_status)),
    }
}

/// Exim's "SMTP error from remote mail server after MAIL FROM:" and
/// Postfix's "(in reply to MAIL FROM command)".
pub(super) fn refused_at_mail_from(diag: &str, extra: Option<&str>) -> bool {
    [Some(diag), extra].into_iter().flatten().any(|t| {
        let lower = t.to_ascii_lowercase();
        lower.contains("after mail from") || lower.contains("in reply to mail from")
    })
}

pub fn failure_record(common: &Common, f: Failure) -> BounceRecord {
    let diag = f.diagnostic.as_deref().unwrap_or("");
    let smtp_code = classify::find_smtp_code(diag);
    let status = pick_status(&f, diag);
    let c = classify_failure(&f, status.as_deref(), smtp_code, diag);
    BounceRecord {
        source: common.source.clone(),
        kind: f.kind,
        recipient: f.recipient,
        reason: c.reason,
        // The last answer was temporary (4.x.x): the address may still work.
        hard: f.kind == MessageKind::Bounce
            && classify::is_hard(c.reason)
            && !status.as_deref().is_some_and(|s| s.starts_with('4')),
        status,
        smtp_code,
        action: f.action,
        diagnostic: f.diagnostic.filter(|d| !d.is_empty()),
        remote_mta: f.remote_mta.map(|m| m.to_ascii_lowercase()),
        reporting_mta: common.reporting_mta.as_deref().map(str::to_ascii_lowercase),
        date: common.date.clone(),
        classified_by: c.classified_by,
        original_message_id: common.original.message_id.clone(),
        original_from: common.original.from.clone(),
        original_to: common.original.to.clone(),
        original_subject: common.original.subject.clone(),
    }
}

/// A recipient the DSN reports as delivered, relayed or expanded: no
/// failure, but accounted for by address (shown with `--all`).
pub(super) fn delivered_record(common: &Common, r: &dsn::DsnRecipient) -> BounceRecord {
    let action = r.action.clone().unwrap_or_else(|| "delivered".to_string());
    let mut rec = plain_record(
        common,
        MessageKind::NotBounce,
        r.recipient.clone(),
        &format!("dsn action {action}: not a failure"),
    );
    rec.status = r.status.clone();
    rec.action = Some(action);
    rec.diagnostic = r.diagnostic.as_deref().map(vendors::collapse).filter(|d| !d.is_empty());
    rec.remote_mta = r.remote_mta.as_deref().map(str::to_ascii_lowercase);
    rec
}

pub fn plain_record(common: &Common, kind: MessageKind, recipient: Option<String>, why: &str) -> BounceRecord {
    BounceRecord {
        source: common.source.clone(),
        kind,
        recipient,
        reason: Reason::Undetermined,
        hard: false,
        status: None,
        smtp_code: None,
        action: None,
        diagnostic: None,
        remote_mta: None,
        reporting_mta: common.reporting_mta.as_deref().map(str::to_ascii_lowercase),
        date: common.date.clone(),
        classified_by: why.to_string(),
        original_message_id: common.original.message_id.clone(),
        original_from: common.original.from.clone(),
        original_to: common.original.to.clone(),
        original_subject: common.original.subject.clone(),
    }
}

pub(super) fn esp_records(common: &Common, rs: Vec<esp::EspRecipient>) -> Vec<BounceRecord> {
    rs.into_iter()
        .map(|r| {
            let mut c = common.clone();
            if r.reporting_mta.is_some() {
                c.reporting_mta = r.reporting_mta.clone();
            }
            if let Some(d) = r.date.clone() {
                // ESPs write RFC 3339 in several styles; settle on one.
                c.date = Some(match chrono::DateTime::parse_from_rfc3339(&d) {
                    Ok(t) => t.with_timezone(&chrono::Utc).format("%Y-%m-%dT%H:%M:%SZ").to_string(),
                    Err(_) => d,
                });
            }
            if r.original_message_id.is_some() {
                c.original.message_id = r.original_message_id.clone();
            }
            if r.original_from.is_some() {
                c.original.from = r.original_from.clone();
            }
            if r.original_subject.is_some() {
                c.original.subject = r.original_subject.clone();
            }
            let f = r.failure;
            if f.recipient.is_some() {
                c.original.to = f.recipient.clone();
            }
            match f.kind {
                MessageKind::Bounce | MessageKind::Delay => {
                    let action = f.action.clone().or_else(|| Some(default_action(f.kind)));
                    let mut rec = failure_record(&c, Failure { action, ..f });
                    if r.permanent == Some(false) {
                        rec.hard = false;
                    }
                    rec
                }
                kind => {
                    let c2 = f.preset.unwrap_or(Classification {
                        reason: Reason::Undetermined,
                        classified_by: "esp notification".into(),
                        tier: Tier::Nothing,
                    });
                    let mut rec = plain_record(&c, kind, f.recipient, &c2.classified_by);
                    rec.reason = c2.reason;
                    rec.diagnostic = f.diagnostic;
                    rec.status = f.status;
                    rec.action = f.action;
                    rec
                }
            }
        })
        .collect()
}
