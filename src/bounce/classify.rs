//! The reason rules. Order of trust:
//! 1. provider rules: exact provider codes whose meaning is documented
//!    (Microsoft 5.7.515, Gmail 5.7.26, Yahoo TSS04, ...);
//! 2. strong phrases: wording that names one specific reason ("mailbox full");
//!    when a code and the wording disagree, this wording wins;
//! 3. the enhanced status code (RFC 3463 / RFC 5248 registry);
//! 4. weak phrases: generic wording ("denied", "policy", "timed out");
//! 5. the basic SMTP reply code.
//!
//! Every answer carries `classified_by`, saying which rule decided.

use super::model::Reason;

/// A reason and the rule that chose it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classification {
    pub reason: Reason,
    pub classified_by: String,
    /// Decided by a provider rule or specific wording (not a bare code or
    /// generic word): later rules must not override it.
    pub strong: bool,
}

/// Rules keyed on provider codes. `needles`: all must appear (lowercased text).
struct ProviderRule {
    needles: &'static [&'static str],
    reason: Reason,
    label: &'static str,
}

const PROVIDER_RULES: &[ProviderRule] = &[
    ProviderRule {
        needles: &["5.7.515"],
        reason: Reason::AuthFailure,
        label: "microsoft 5.7.515: sender misses the required authentication level",
    },
    ProviderRule {
        needles: &["5.7.509"],
        reason: Reason::AuthFailure,
        label: "microsoft 5.7.509: sending domain fails DMARC",
    },
    ProviderRule {
        needles: &["5.4.1", "access denied"],
        reason: Reason::UserUnknown,
        label: "office 365 5.4.1 access denied: directory-based edge blocking, recipient not in the directory",
    },
    ProviderRule {
        needles: &["recipientnotfound"],
        reason: Reason::UserUnknown,
        label: "exchange RESOLVER.ADR.RecipientNotFound",
    },
    ProviderRule {
        needles: &["recipnotfound"],
        reason: Reason::UserUnknown,
        label: "exchange RESOLVER.ADR.RecipNotFound",
    },
    ProviderRule {
        needles: &["5.4.310"],
        reason: Reason::HostUnknown,
        label: "office 365 5.4.310: DNS domain does not exist",
    },
    ProviderRule {
        needles: &["queue.expired"],
        reason: Reason::Expired,
        label: "exchange QUEUE.Expired",
    },
    ProviderRule {
        needles: &["5.7.606"],
        reason: Reason::Blocked,
        label: "microsoft 5.7.606: sending IP banned",
    },
    ProviderRule {
        needles: &["5.7.708"],
        reason: Reason::Blocked,
        label: "microsoft 5.7.708: traffic not accepted from this IP",
    },
    ProviderRule {
        needles: &["5.7.511"],
        reason: Reason::Blocked,
        label: "microsoft 5.7.511: banned sender",
    },
    ProviderRule {
        needles: &["5.7.750"],
        reason: Reason::Blocked,
        label: "microsoft 5.7.750: unregistered domain, client blocked",
    },
    ProviderRule {
        needles: &["s3150"],
        reason: Reason::Blocked,
        label: "outlook.com S3150: sending network on block list",
    },
    ProviderRule {
        needles: &["s3140"],
        reason: Reason::Blocked,
        label: "outlook.com S3140: sending IP on block list",
    },
    ProviderRule {
        needles: &["5.7.26"],
        reason: Reason::AuthFailure,
        label: "gmail 5.7.26: unauthenticated mail",
    },
    ProviderRule {
        needles: &["5.7.27"],
        reason: Reason::AuthFailure,
        label: "gmail 5.7.27: SPF failed",
    },
    ProviderRule {
        needles: &["4.7.27"],
        reason: Reason::AuthFailure,
        label: "gmail 4.7.27: SPF failed",
    },
    ProviderRule {
        needles: &["4.7.26"],
        reason: Reason::AuthFailure,
        label: "gmail 4.7.26: unauthenticated mail",
    },
    ProviderRule {
        needles: &["5.7.30"],
        reason: Reason::AuthFailure,
        label: "gmail 5.7.30: DKIM/DMARC requirement not met",
    },
    ProviderRule {
        needles: &["4.7.30"],
        reason: Reason::AuthFailure,
        label: "gmail 4.7.30: DKIM/DMARC requirement not met",
    },
    ProviderRule {
        needles: &["5.7.32"],
        reason: Reason::AuthFailure,
        label: "gmail 5.7.32: From not aligned with SPF or DKIM",
    },
    ProviderRule {
        needles: &["4.7.32"],
        reason: Reason::AuthFailure,
        label: "gmail 4.7.32: From not aligned with SPF or DKIM",
    },
    ProviderRule {
        needles: &["4.7.40"],
        reason: Reason::AuthFailure,
        label: "gmail 4.7.40: DMARC requirement for bulk senders",
    },
    ProviderRule {
        needles: &["5.7.40"],
        reason: Reason::AuthFailure,
        label: "gmail 5.7.40: DMARC requirement for bulk senders",
    },
    ProviderRule {
        needles: &["4.7.28"],
        reason: Reason::RateLimited,
        label: "gmail 4.7.28: unusual rate of unsolicited mail, rate limited",
    },
    ProviderRule {
        needles: &["5.7.28"],
        reason: Reason::Blocked,
        label: "gmail 5.7.28: unusual rate of unsolicited mail, blocked",
    },
    ProviderRule {
        needles: &["4.7.0", "ip not in whitelist for rcpt domain"],
        reason: Reason::Policy,
        label: "gmail 4.7.0: recipient domain allows listed IPs only",
    },
    ProviderRule {
        needles: &["tss04"],
        reason: Reason::Blocked,
        label: "yahoo TSS04: deferred for complaints or unexpected volume",
    },
    ProviderRule {
        needles: &["ts01"],
        reason: Reason::Blocked,
        label: "yahoo TS01: deferred for complaints",
    },
    ProviderRule {
        needles: &["ts02"],
        reason: Reason::Blocked,
        label: "yahoo TS02: deferred for complaints",
    },
    ProviderRule {
        needles: &["ts03"],
        reason: Reason::Blocked,
        label: "yahoo TS03: permanently deferred",
    },
    ProviderRule {
        needles: &["554.30"],
        reason: Reason::MailboxDisabled,
        label: "yahoo 554.30: mailbox disabled",
    },
];

/// (phrase, reason). First match wins, so more specific phrases come first.
/// Strong phrases override the status code.
const STRONG_PHRASES: &[(&str, Reason)] = &[
    // Authentication of the sender (before the generic sender rules:
    // "DMARC policy of the sender domain" is an authentication failure).
    ("dmarc", Reason::AuthFailure),
    ("dkim", Reason::AuthFailure),
    ("spf check", Reason::AuthFailure),
    ("spf validation", Reason::AuthFailure),
    ("spf fail", Reason::AuthFailure),
    ("sender policy framework", Reason::AuthFailure),
    ("unauthenticated", Reason::AuthFailure),
    ("authentication requirements", Reason::AuthFailure),
    ("required authentication level", Reason::AuthFailure),
    ("not authenticated", Reason::AuthFailure),
    // About the sender, not the recipient (a "sender rejected" is no lost address).
    ("sender address rejected", Reason::Policy),
    ("sender rejected", Reason::Policy),
    ("sender verify failed", Reason::Policy),
    ("sender domain", Reason::Policy),
    ("too many recipients", Reason::RateLimited),
    // Gave up after retries.
    ("retry timeout exceeded", Reason::Expired),
    ("message expired", Reason::Expired),
    ("delivery expired", Reason::Expired),
    ("queue too long", Reason::Expired),
    ("too long in queue", Reason::Expired),
    ("in the queue too long", Reason::Expired),
    ("could not be delivered within", Reason::Expired),
    ("delivery time expired", Reason::Expired),
    ("message has expired", Reason::Expired),
    ("expired in queue", Reason::Expired),
    (
        "retry time not reached for any host after a long failure period",
        Reason::Expired,
    ),
    // Size before quota: "message size exceeds" is the message, not the box.
    ("mailbox size limit exceeded", Reason::MailboxFull),
    ("message too large", Reason::MessageTooLarge),
    ("message is too large", Reason::MessageTooLarge),
    ("message size exceeds", Reason::MessageTooLarge),
    ("message exceeds", Reason::MessageTooLarge),
    ("exceeds the maximum message size", Reason::MessageTooLarge),
    ("exceeds maximum message size", Reason::MessageTooLarge),
    ("size exceeds fixed maximum", Reason::MessageTooLarge),
    ("message length exceeds", Reason::MessageTooLarge),
    ("message too big", Reason::MessageTooLarge),
    ("message is too big", Reason::MessageTooLarge),
    ("size limit exceeded", Reason::MessageTooLarge),
    // Full mailboxes.
    ("mailbox full", Reason::MailboxFull),
    ("mailbox is full", Reason::MailboxFull),
    ("inbox is full", Reason::MailboxFull),
    ("over quota", Reason::MailboxFull),
    ("overquota", Reason::MailboxFull),
    ("quota exceeded", Reason::MailboxFull),
    ("exceeded quota", Reason::MailboxFull),
    ("exceeds quota", Reason::MailboxFull),
    ("quota exceed", Reason::MailboxFull),
    ("mail quota", Reason::MailboxFull),
    ("exceeded storage allocation", Reason::MailboxFull),
    ("out of storage", Reason::MailboxFull),
    ("mailfolder is full", Reason::MailboxFull),
    ("insufficient space in mailbox", Reason::MailboxFull),
    ("mailbox has exceeded", Reason::MailboxFull),
    ("full mailbox", Reason::MailboxFull),
    ("user is over", Reason::MailboxFull),
    ("over the allowed quota", Reason::MailboxFull),
    ("mailbox quota", Reason::MailboxFull),
    // Disabled accounts.
    ("mailbox disabled", Reason::MailboxDisabled),
    ("mailbox is disabled", Reason::MailboxDisabled),
    ("account disabled", Reason::MailboxDisabled),
    ("account is disabled", Reason::MailboxDisabled),
    ("account has been disabled", Reason::MailboxDisabled),
    ("tried to reach is disabled", Reason::MailboxDisabled),
    ("account is inactive", Reason::MailboxDisabled),
    ("mailbox is inactive", Reason::MailboxDisabled),
    ("inactive user", Reason::MailboxDisabled),
    ("account inactive", Reason::MailboxDisabled),
    ("account has been suspended", Reason::MailboxDisabled),
    ("account suspended", Reason::MailboxDisabled),
    ("account is suspended", Reason::MailboxDisabled),
    ("mailbox suspended", Reason::MailboxDisabled),
    ("account has been deactivated", Reason::MailboxDisabled),
    ("deactivated mailbox", Reason::MailboxDisabled),
    ("no longer active", Reason::MailboxDisabled),
    ("account expired", Reason::MailboxDisabled),
    ("inactive email address", Reason::MailboxDisabled),
    ("address is inactive", Reason::MailboxDisabled),
    ("user account is unavailable", Reason::MailboxDisabled),
    ("does not specify a valid notes mail file", Reason::MailboxDisabled),
    // Domains that do not exist or take no mail.
    ("host or domain name not found", Reason::HostUnknown),
    ("domain not found", Reason::HostUnknown),
    ("domain does not exist", Reason::HostUnknown),
    ("domain name not found", Reason::HostUnknown),
    ("no such domain", Reason::HostUnknown),
    ("unrouteable address", Reason::HostUnknown),
    ("couldn't find any host named", Reason::HostUnknown),
    ("could not find any host named", Reason::HostUnknown),
    ("host not found", Reason::HostUnknown),
    ("host unknown", Reason::HostUnknown),
    ("unknown host", Reason::HostUnknown),
    ("name service error", Reason::HostUnknown),
    ("no mx record", Reason::HostUnknown),
    ("null mx", Reason::HostUnknown),
    ("does not accept mail", Reason::HostUnknown),
    ("mx records point to non-existent hosts", Reason::HostUnknown),
    ("nxdomain", Reason::HostUnknown),
    // Unknown users.
    ("user unknown", Reason::UserUnknown),
    ("unknown user", Reason::UserUnknown),
    ("no such user", Reason::UserUnknown),
    ("no such recipient", Reason::UserUnknown),
    ("no such mailbox", Reason::UserUnknown),
    ("no mailbox here", Reason::UserUnknown),
    ("mailbox not found", Reason::UserUnknown),
    ("user not found", Reason::UserUnknown),
    ("recipient not found", Reason::UserUnknown),
    ("address not found", Reason::UserUnknown),
    ("address couldn't be found", Reason::UserUnknown),
    ("unknown recipient", Reason::UserUnknown),
    ("recipient unknown", Reason::UserUnknown),
    ("unknown or illegal alias", Reason::UserUnknown),
    ("invalid recipient", Reason::UserUnknown),
    ("invalid mailbox", Reason::UserUnknown),
    ("not a valid mailbox", Reason::UserUnknown),
    ("mailbox does not exist", Reason::UserUnknown),
    ("account does not exist", Reason::UserUnknown),
    ("account that you tried to reach does not exist", Reason::UserUnknown),
    ("user does not exist", Reason::UserUnknown),
    ("recipient does not exist", Reason::UserUnknown),
    ("address does not exist", Reason::UserUnknown),
    ("does not exist here", Reason::UserUnknown),
    ("not our customer", Reason::UserUnknown),
    ("no such person", Reason::UserUnknown),
    ("unknown address", Reason::UserUnknown),
    ("not listed in domino directory", Reason::UserUnknown),
    ("not listed in public name & address book", Reason::UserUnknown),
    ("wasn't found at", Reason::UserUnknown),
    ("bad destination mailbox", Reason::UserUnknown),
    ("unknown local part", Reason::UserUnknown),
    ("no account by that name", Reason::UserUnknown),
    ("addressee unknown", Reason::UserUnknown),
    ("doesn't have a", Reason::UserUnknown),
    ("does not have an account", Reason::UserUnknown),
    // Content judged as spam (before reputation: "blocked because spam" is content).
    ("likely unsolicited", Reason::SpamContent),
    ("looks like spam", Reason::SpamContent),
    ("detected as spam", Reason::SpamContent),
    ("identified as spam", Reason::SpamContent),
    ("considered spam", Reason::SpamContent),
    ("classified as spam", Reason::SpamContent),
    ("spam content", Reason::SpamContent),
    ("content rejected", Reason::SpamContent),
    ("rejected for spam", Reason::SpamContent),
    ("message rejected as spam", Reason::SpamContent),
    ("spam message rejected", Reason::SpamContent),
    ("high probability of spam", Reason::SpamContent),
    ("spam score", Reason::SpamContent),
    ("content filter", Reason::SpamContent),
    ("content restrictions", Reason::SpamContent),
    ("contains a virus", Reason::SpamContent),
    ("virus detected", Reason::SpamContent),
    ("phishing", Reason::SpamContent),
    ("potential security issue", Reason::SpamContent),
    ("malware", Reason::SpamContent),
    ("url in this message", Reason::SpamContent),
    // Rate limits.
    ("rate limit", Reason::RateLimited),
    ("rate limited", Reason::RateLimited),
    ("too many messages", Reason::RateLimited),
    ("too many connections", Reason::RateLimited),
    ("too many concurrent", Reason::RateLimited),
    ("throttl", Reason::RateLimited),
    ("sending rate", Reason::RateLimited),
    ("exceeded the rate", Reason::RateLimited),
    ("receiving mail at a rate", Reason::RateLimited),
    ("unusual rate", Reason::RateLimited),
    ("too many emails", Reason::RateLimited),
    ("try again later, closing connection", Reason::RateLimited),
    // Reputation and blocklists.
    ("blocklist", Reason::Blocked),
    ("block list", Reason::Blocked),
    ("blacklist", Reason::Blocked),
    ("black list", Reason::Blocked),
    ("denylist", Reason::Blocked),
    ("blocked using", Reason::Blocked),
    ("spamhaus", Reason::Blocked),
    ("spamcop", Reason::Blocked),
    ("barracuda", Reason::Blocked),
    ("sorbs", Reason::Blocked),
    ("dnsbl", Reason::Blocked),
    ("reputation", Reason::Blocked),
    ("listed at", Reason::Blocked),
    ("listed on", Reason::Blocked),
    ("client host rejected", Reason::Blocked),
    ("your ip", Reason::Blocked),
    ("ip address has been blocked", Reason::Blocked),
    ("banned", Reason::Blocked),
    // Network trouble on the way.
    ("connection timed out", Reason::NetworkError),
    ("connection refused", Reason::NetworkError),
    ("connection reset", Reason::NetworkError),
    ("lost connection", Reason::NetworkError),
    ("network is unreachable", Reason::NetworkError),
    ("no route to host", Reason::NetworkError),
    ("tls handshake", Reason::NetworkError),
    ("mail loop", Reason::NetworkError),
    ("loop detected", Reason::NetworkError),
    ("too many hops", Reason::NetworkError),
    ("hop count exceeded", Reason::NetworkError),
    ("delivery temporarily suspended", Reason::NetworkError),
];

/// Generic wording: used only when the status code names nothing specific.
const WEAK_PHRASES: &[(&str, Reason)] = &[
    ("timed out", Reason::NetworkError),
    ("timeout", Reason::NetworkError),
    ("temporary failure in name resolution", Reason::NetworkError),
    ("could not connect", Reason::NetworkError),
    ("unable to connect", Reason::NetworkError),
    // The stock 550 text: an unknown user unless more specific words say otherwise.
    ("mailbox unavailable", Reason::UserUnknown),
    ("blocked", Reason::Blocked),
    ("relay access denied", Reason::Policy),
    ("relaying denied", Reason::Policy),
    ("relay not permitted", Reason::Policy),
    ("administrative prohibition", Reason::Policy),
    ("policy", Reason::Policy),
    ("not permitted", Reason::Policy),
    ("not allowed", Reason::Policy),
    ("not authorized", Reason::Policy),
    ("restricted", Reason::Policy),
    ("access denied", Reason::Policy),
    ("rejected", Reason::Policy),
    ("refused", Reason::Policy),
    ("denied", Reason::Policy),
    ("spam", Reason::SpamContent),
];

fn status_reason(status: &str) -> Option<Reason> {
    let mut it = status.split('.');
    let class = it.next()?;
    let subject: u16 = it.next()?.parse().ok()?;
    let detail: u16 = it.next()?.parse().ok()?;
    if class != "4" && class != "5" {
        return None;
    }
    let reason = match (subject, detail) {
        (1, 1) | (1, 3) => Reason::UserUnknown,
        (1, 2) | (1, 10) => Reason::HostUnknown,
        (1, 6) => Reason::MailboxDisabled,
        (1, 7) | (1, 8) => Reason::Policy,
        (2, 1) => Reason::MailboxDisabled,
        (2, 2) => Reason::MailboxFull,
        (2, 3) | (3, 4) => Reason::MessageTooLarge,
        (3, 1) | (3, 2) | (3, 5) => Reason::NetworkError,
        (4, 0) | (4, 1) | (4, 2) | (4, 3) | (4, 5) | (4, 6) => Reason::NetworkError,
        (4, 4) => Reason::HostUnknown,
        (4, 7) => Reason::Expired,
        (5, 3) => Reason::RateLimited,
        (7, 1) | (7, 0) | (7, 2) | (7, 3) | (7, 4) | (7, 6) | (7, 7) | (7, 27) => Reason::Policy,
        (7, 8) | (7, 20) | (7, 21) | (7, 22) | (7, 23) | (7, 24) | (7, 26) => Reason::AuthFailure,
        (7, 25) => Reason::Policy,
        (7, 13) | (7, 17) => Reason::MailboxDisabled,
        (7, 12) => Reason::AuthFailure,
        _ => return None,
    };
    Some(reason)
}

/// Status codes whose reason is only a broad bucket: wording that is merely
/// weak may still refine them.
fn status_is_generic(status: &str) -> bool {
    status.ends_with(".7.1") || status.ends_with(".7.0") || status.ends_with(".0.0")
}

fn smtp_reason(code: u16) -> Option<Reason> {
    match code {
        551 | 553 => Some(Reason::UserUnknown),
        552 => Some(Reason::MailboxFull),
        421 => Some(Reason::NetworkError),
        _ => None,
    }
}

/// Classify one failed recipient from what the report said.
pub fn classify(status: Option<&str>, smtp_code: Option<u16>, text: &str) -> Classification {
    let lower = text.to_ascii_lowercase();
    classify_lower(status, smtp_code, &lower)
}

/// As [`classify`], with `lower` already lowercased.
pub fn classify_lower(status: Option<&str>, smtp_code: Option<u16>, lower: &str) -> Classification {
    let status_l = status.map(|s| s.to_ascii_lowercase());
    let haystack_has = |needle: &str| lower.contains(needle) || status_l.as_deref().is_some_and(|s| s == needle);
    for rule in PROVIDER_RULES {
        if rule.needles.iter().all(|n| haystack_has(n)) {
            return Classification {
                reason: rule.reason,
                classified_by: format!("provider rule: {}", rule.label),
                strong: true,
            };
        }
    }
    for (phrase, reason) in STRONG_PHRASES {
        if lower.contains(phrase) {
            return Classification {
                reason: *reason,
                classified_by: format!("phrase \"{phrase}\""),
                strong: true,
            };
        }
    }
    let from_status = status.and_then(|s| status_reason(s).map(|r| (s, r)));
    if let Some((s, reason)) = from_status
        && !status_is_generic(s)
    {
        return Classification {
            reason,
            classified_by: format!("status {s}"),
            strong: false,
        };
    }
    for (phrase, reason) in WEAK_PHRASES {
        if lower.contains(phrase) {
            return Classification {
                reason: *reason,
                classified_by: format!("phrase \"{phrase}\""),
                strong: false,
            };
        }
    }
    if let Some((s, reason)) = from_status {
        return Classification {
            reason,
            classified_by: format!("status {s}"),
            strong: false,
        };
    }
    if let Some(code) = smtp_code
        && let Some(reason) = smtp_reason(code)
    {
        return Classification {
            reason,
            classified_by: format!("smtp {code}"),
            strong: false,
        };
    }
    Classification {
        reason: Reason::Undetermined,
        classified_by: "no rule matched".to_string(),
        strong: false,
    }
}

/// Whether a reason means the address itself is gone (for final bounces).
pub fn is_hard(reason: Reason) -> bool {
    matches!(
        reason,
        Reason::UserUnknown | Reason::MailboxDisabled | Reason::HostUnknown
    )
}

/// The first RFC 3463 enhanced status code (`5.1.1`, `4.7.28`) in `text`.
pub fn find_enhanced_status(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if (c == b'2' || c == b'4' || c == b'5')
            && (i == 0 || !is_code_char(bytes[i - 1]))
            && bytes.get(i + 1) == Some(&b'.')
            && let Some(len) = status_tail(&bytes[i + 2..])
        {
            let end = i + 2 + len;
            if bytes.get(end).is_none_or(|b| !is_code_char(*b)) {
                return Some(text[i..end].to_string());
            }
        }
        i += 1;
    }
    None
}

fn is_code_char(b: u8) -> bool {
    b.is_ascii_digit() || b == b'.'
}

/// Match `D{1,3}.D{1,3}` at the start of `b`; return its length.
fn status_tail(b: &[u8]) -> Option<usize> {
    let first = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if first == 0 || first > 3 || b.get(first) != Some(&b'.') {
        return None;
    }
    let second = b[first + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
    if second == 0 || second > 3 {
        return None;
    }
    Some(first + 1 + second)
}

/// The first SMTP reply code (`550`, `421-`) in `text`: three digits starting
/// with 4 or 5, standing alone or followed by `-`.
pub fn find_smtp_code(text: &str) -> Option<u16> {
    let bytes = text.as_bytes();
    for i in 0..bytes.len().saturating_sub(2) {
        let w = &bytes[i..i + 3];
        if (w[0] == b'4' || w[0] == b'5')
            && w[1].is_ascii_digit()
            && w[2].is_ascii_digit()
            && (i == 0
                || !(bytes[i - 1].is_ascii_alphanumeric() || matches!(bytes[i - 1], b'.' | b'#' | b'-' | b':' | b'/')))
            && bytes.get(i + 3).is_none_or(|b| {
                matches!(
                    b,
                    b' ' | b'-' | b'\r' | b'\n' | b'\t' | b')' | b'\'' | b'"' | b',' | b':'
                )
            })
        {
            let code: u16 = std::str::from_utf8(w).ok()?.parse().ok()?;
            if (421..=559).contains(&code) {
                return Some(code);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wording_beats_generic_code() {
        let c = classify(Some("5.0.0"), Some(550), "550 5.0.0 Mailbox full");
        assert_eq!(c.reason, Reason::MailboxFull);
        assert_eq!(c.classified_by, "phrase \"mailbox full\"");
    }

    #[test]
    fn too_many_recipients_under_5_1_1_is_not_user_unknown() {
        let c = classify(Some("5.1.1"), Some(550), "550 5.1.1 Too many recipients");
        assert_eq!(c.reason, Reason::RateLimited);
    }

    #[test]
    fn sender_rejected_is_about_the_sender() {
        let c = classify(
            Some("5.1.8"),
            Some(553),
            "553 5.1.8 <bob@x.test>: Sender address rejected: Domain not found",
        );
        assert_eq!(c.reason, Reason::Policy);
    }

    #[test]
    fn office365_access_denied_is_directory_blocking() {
        let c = classify(
            Some("5.4.1"),
            Some(550),
            "550 5.4.1 Recipient address rejected: Access denied. AS(201806281)",
        );
        assert_eq!(c.reason, Reason::UserUnknown);
        assert!(c.classified_by.contains("directory-based edge blocking"));
    }

    #[test]
    fn blocklist_words_beat_the_stock_mailbox_unavailable_text() {
        let c = classify(
            Some("5.7.1"),
            Some(550),
            "550 5.7.1 Mailbox unavailable. Your IP 192.0.2.1 is listed at bl.example",
        );
        assert_eq!(c.reason, Reason::Blocked);
        let c = classify(
            Some("5.5.0"),
            Some(550),
            "550 5.5.0 Requested action not taken: mailbox unavailable",
        );
        assert_eq!(c.reason, Reason::UserUnknown);
    }

    #[test]
    fn dmarc_of_the_sender_domain_is_authentication() {
        let c = classify(
            Some("5.7.1"),
            Some(550),
            "550 5.7.1 Unauthenticated email from sender domain x.test is not accepted due to domain's DMARC policy",
        );
        assert_eq!(c.reason, Reason::AuthFailure);
    }

    #[test]
    fn status_alone_decides_when_wording_is_silent() {
        let c = classify(Some("5.1.1"), Some(550), "550 5.1.1 <x@y.test>... go away");
        assert_eq!(c.reason, Reason::UserUnknown);
        assert_eq!(c.classified_by, "status 5.1.1");
    }

    #[test]
    fn finds_codes() {
        assert_eq!(
            find_enhanced_status("smtp; 550 5.1.1 <a@b>: x").as_deref(),
            Some("5.1.1")
        );
        assert_eq!(
            find_enhanced_status("421-4.7.28 [1.2.3.4 15] Our").as_deref(),
            Some("4.7.28")
        );
        assert_eq!(find_enhanced_status("ip 10.1.2.3 said"), None);
        assert_eq!(find_smtp_code("smtp; 550 5.1.1 x"), Some(550));
        assert_eq!(find_smtp_code("421-4.7.28 x"), Some(421));
        assert_eq!(find_smtp_code("port 4550 x"), None);
        assert_eq!(find_smtp_code("(#5.1.1)"), None);
    }
}
