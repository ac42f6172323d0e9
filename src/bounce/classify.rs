//! Applying the reason rules (the tables are in `rules.rs`). Precedence,
//! most trusted first:
//! 1. provider rules: exact provider codes whose meaning is documented
//!    (Microsoft 5.7.515, Gmail 5.7.26, Yahoo TSS04, ...);
//! 2. cause wording: phrases that name one specific cause ("mailbox full"),
//!    in English first, then other languages;
//! 3. "gave up" wording ("retry timeout exceeded"): `expired`;
//! 4. the enhanced status code (RFC 3463 / RFC 5248 registry);
//! 5. the basic SMTP reply code;
//! 6. generic wording ("rejected", "blocked", "access denied", "timed out").
//!
//! Every answer carries `classified_by`, saying which rule decided, and the
//! tier it came from, so callers can tell a specific answer from a guess.

use super::model::Reason;
use super::rules::{
    CAUSE_PHRASES, CAUSE_PHRASES_INTL, GAVE_UP_PHRASES, GENERIC_PHRASES, PROVIDER_RULES, SMTP_CODES, STATUS_CODES,
};

/// Which rule of the precedence list decided (most trusted first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    Provider,
    Cause,
    GaveUp,
    Status,
    Smtp,
    Generic,
    Nothing,
}

impl Tier {
    /// Decided by a provider code or wording that names the cause: later
    /// rules and fallbacks must not override it.
    pub fn is_specific(self) -> bool {
        matches!(self, Tier::Provider | Tier::Cause)
    }
}

/// A reason and the rule that chose it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classification {
    pub reason: Reason,
    pub classified_by: String,
    pub tier: Tier,
}

impl Classification {
    fn new(reason: Reason, classified_by: String, tier: Tier) -> Self {
        Classification {
            reason,
            classified_by,
            tier,
        }
    }
}

pub fn status_reason(status: &str) -> Option<Reason> {
    let mut it = status.split('.');
    let class = it.next()?;
    let subject: u16 = it.next()?.parse().ok()?;
    let detail: u16 = it.next()?.parse().ok()?;
    if class != "4" && class != "5" {
        return None;
    }
    STATUS_CODES
        .iter()
        .find(|(code, _)| *code == (subject, detail))
        .map(|(_, reason)| *reason)
}

fn smtp_reason(code: u16) -> Option<Reason> {
    SMTP_CODES.iter().find(|(c, _)| *c == code).map(|(_, reason)| *reason)
}

/// Whether `text` holds `phrase`; a `*` in the phrase stands for up to 60
/// characters of the same line.
pub fn phrase_matches(text: &str, phrase: &str) -> bool {
    let Some((head, tail)) = phrase.split_once('*') else {
        return text.contains(phrase);
    };
    let mut from = 0;
    while let Some(pos) = text[from..].find(head) {
        let after = from + pos + head.len();
        let mut end = (after + 60 + tail.len()).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let window = &text[after..end];
        let window = window.split('\n').next().unwrap_or("");
        if window.contains(tail) {
            return true;
        }
        from = after;
    }
    false
}

/// Classify one failed recipient from what the report said.
pub fn classify(status: Option<&str>, smtp_code: Option<u16>, text: &str) -> Classification {
    // Other scripts need Unicode lowercasing; ASCII text the cheap one.
    let lower = if text.is_ascii() {
        text.to_ascii_lowercase()
    } else {
        text.to_lowercase()
    };
    classify_lower(status, smtp_code, &lower)
}

/// As [`classify`], with `lower` already lowercased.
pub fn classify_lower(status: Option<&str>, smtp_code: Option<u16>, lower: &str) -> Classification {
    let status_l = status.map(|s| s.to_ascii_lowercase());
    let haystack_has = |needle: &str| lower.contains(needle) || status_l.as_deref().is_some_and(|s| s == needle);
    for rule in PROVIDER_RULES {
        if rule.needles.iter().all(|n| haystack_has(n)) {
            return Classification::new(rule.reason, format!("provider rule: {}", rule.label), Tier::Provider);
        }
    }
    // Phrases in other scripts cannot match ASCII text: skip them there.
    let ascii = lower.is_ascii();
    let phrases = CAUSE_PHRASES
        .iter()
        .chain(CAUSE_PHRASES_INTL.iter().filter(|(p, _)| !ascii || p.is_ascii()));
    for (phrase, reason) in phrases {
        if phrase_matches(lower, phrase) {
            return Classification::new(*reason, format!("phrase \"{phrase}\""), Tier::Cause);
        }
    }
    if let Some(phrase) = GAVE_UP_PHRASES.iter().find(|p| lower.contains(*p)) {
        return Classification::new(
            Reason::Expired,
            format!("phrase \"{phrase}\": the server gave up"),
            Tier::GaveUp,
        );
    }
    if let Some(s) = status
        && let Some(reason) = status_reason(s)
    {
        return Classification::new(reason, format!("status {s}"), Tier::Status);
    }
    if let Some(code) = smtp_code
        && let Some(reason) = smtp_reason(code)
    {
        return Classification::new(reason, format!("smtp {code}"), Tier::Smtp);
    }
    for (phrase, reason) in GENERIC_PHRASES {
        if lower.contains(phrase) {
            return Classification::new(*reason, format!("phrase \"{phrase}\""), Tier::Generic);
        }
    }
    Classification::new(Reason::Undetermined, "no rule matched".to_string(), Tier::Nothing)
}

/// Whether a reason means the address itself is gone (for final bounces).
/// A disabled, suspended, locked or frozen account still exists and may be
/// enabled again, so `mailbox_disabled` is soft.
pub fn is_hard(reason: Reason) -> bool {
    matches!(reason, Reason::UserUnknown | Reason::HostUnknown)
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

/// The enhanced code the remote server attached to its reply code
/// (`550-'5.7.1 ...`, `550 5.1.1 ...`): a wrapper may put its own code first
/// (Amazon SES: `5.1.0 - Unknown address error 550-'5.7.1 ...`).
///
/// A queue-timeout wrapper quotes the last reply it got after its own
/// (`554 4.4.7 Message expired ... <421 4.4.2 Connection timed out>`): then
/// the quoted reply's code is the one that says what happened.
pub fn find_reply_status(text: &str) -> Option<String> {
    let mut found: Option<String> = None;
    let mut from = 0;
    while from < text.len() {
        let rest = &text[from..];
        let Some(code) = find_smtp_code(rest).map(|c| c.to_string()) else {
            break;
        };
        let Some(at) = rest.find(&code).map(|p| p + code.len()) else {
            break;
        };
        let after = rest[at..].trim_start_matches(['-', ' ', '\'', '"']);
        if let Some(status) = find_enhanced_status(after)
            && after.starts_with(&status)
        {
            match found {
                None if is_queue_timeout(&status) => found = Some(status),
                None => return Some(status),
                Some(_) if !is_queue_timeout(&status) => return Some(status),
                Some(_) => {}
            }
        }
        from += at;
    }
    found
}

/// `4.4.7` / `5.4.7`: the reporting server's own "delivery time expired".
fn is_queue_timeout(status: &str) -> bool {
    status.ends_with(".4.7")
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

    /// One test per step of the precedence list: each step beats the next.
    #[test]
    fn provider_code_beats_cause_wording() {
        let c = classify(Some("5.7.28"), Some(550), "550-5.7.28 unusual rate; user unknown");
        assert_eq!((c.reason, c.tier), (Reason::Blocked, Tier::Provider));
    }

    #[test]
    fn cause_wording_beats_gave_up_wording() {
        let c = classify(
            Some("4.2.2"),
            Some(450),
            "450 4.2.2 Mailbox Full. I'm not going to try again; this message has been in the queue too long.",
        );
        assert_eq!((c.reason, c.tier), (Reason::MailboxFull, Tier::Cause));
    }

    #[test]
    fn gave_up_wording_beats_status() {
        let c = classify(Some("4.4.1"), None, "retry timeout exceeded");
        assert_eq!((c.reason, c.tier), (Reason::Expired, Tier::GaveUp));
    }

    #[test]
    fn status_beats_smtp_code() {
        let c = classify(Some("5.2.2"), Some(551), "551 5.2.2 go away");
        assert_eq!((c.reason, c.tier), (Reason::MailboxFull, Tier::Status));
        // ... and generic words: a 5.7.1 that merely says "blocked" is policy.
        let c = classify(Some("5.7.1"), Some(550), "550 5.7.1 Message blocked");
        assert_eq!((c.reason, c.tier), (Reason::Policy, Tier::Status));
    }

    #[test]
    fn smtp_code_beats_generic_wording() {
        let c = classify(None, Some(552), "552 Requested mail action aborted: rejected");
        assert_eq!((c.reason, c.tier), (Reason::MailboxFull, Tier::Smtp));
    }

    #[test]
    fn generic_wording_decides_last() {
        let c = classify(None, Some(554), "554 rejected");
        assert_eq!((c.reason, c.tier), (Reason::Policy, Tier::Generic));
        let c = classify(None, Some(554), "554 go away");
        assert_eq!((c.reason, c.tier), (Reason::Undetermined, Tier::Nothing));
    }

    #[test]
    fn wildcard_phrases_stay_on_one_line() {
        assert!(phrase_matches(
            "dns lookup failure: host cx.x.test not found",
            "host * not found"
        ));
        assert!(!phrase_matches("host cx.x.test\nnot found", "host * not found"));
    }

    #[test]
    fn other_languages_name_causes() {
        assert_eq!(classify(None, None, "Postfach voll").reason, Reason::MailboxFull);
        assert_eq!(classify(None, None, "המשתמש אינו קיים").reason, Reason::UserUnknown);
        assert_eq!(
            classify(None, None, "Пользователь не найден").reason,
            Reason::UserUnknown
        );
    }

    #[test]
    fn reverse_dns_refusals_are_blocks() {
        for text in [
            "571 No PTR Record found. Reverse DNS required: 203.0.113.22",
            "450 4.7.1 Access denied. IP name lookup failed [192.0.2.222]",
            "550 5.7.1 Client host rejected: cannot find your reverse hostname",
        ] {
            assert_eq!(classify(None, None, text).reason, Reason::Blocked, "{text}");
        }
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
        assert_eq!(
            find_reply_status("5.1.0 - Unknown address error 550-'5.7.1 <x@y.test>... Access denied'").as_deref(),
            Some("5.7.1")
        );
        assert_eq!(find_reply_status("host said: 550 user unknown"), None);
        assert_eq!(
            find_reply_status("554 4.4.7 Message expired: unable to deliver.<421 4.4.2 Connection timed out>")
                .as_deref(),
            Some("4.4.2")
        );
        assert_eq!(find_reply_status("554 4.4.7 Message expired").as_deref(), Some("4.4.7"));
    }
}
