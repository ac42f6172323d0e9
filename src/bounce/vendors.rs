//! Non-standard bounce bodies: the plain-text notices of Postfix, Exim,
//! Sendmail, qmail, Exchange, Gmail, Yahoo, Courier, Lotus Domino, and
//! messages that carry no RFC 3464 part at all. The shapes differ, but each
//! names the failed address at the start of a line (`<a@b>:`, `  a@b`,
//! `a@b on <date>`) or in a fixed sentence ("wasn't delivered to a@b"), with
//! the server's answer in the lines that follow. We find those anchors and
//! take the text up to the next one as that recipient's region.

use super::rules::{BOUNCE_BODY_MARKERS, BOUNCE_SUBJECTS, DELAY_MARKERS, ORIGINAL_MARKERS};

pub fn is_mailer_daemon(from_address: &str, from_name: &str) -> bool {
    let local = from_address.split('@').next().unwrap_or("").to_ascii_lowercase();
    let name = from_name.to_ascii_lowercase();
    matches!(
        local.as_str(),
        "mailer-daemon" | "postmaster" | "mail-daemon" | "mailerdaemon" | "mdaemon" | "bounce" | "bounces"
    ) || name.contains("mail delivery")
        || name.contains("mailer-daemon")
        || name.contains("mailer daemon")
        || name.contains("mail administrator")
        || name.contains("postmaster")
}

pub fn has_bounce_subject(subject_lower: &str) -> bool {
    BOUNCE_SUBJECTS.iter().any(|m| subject_lower.contains(m))
}

/// What intake looks at to tell a delivery notice from other mail.
pub struct Notice<'a> {
    pub from_address: &'a str,
    pub from_name: &'a str,
    pub subject_lower: &'a str,
    pub body_lower: &'a str,
    /// `Return-Path: <>`: mail systems send their notices with a null sender.
    pub null_sender: bool,
    /// Exim's `X-Failed-Recipients` header is present.
    pub failed_recipients_header: bool,
    /// A mailing-list server (`X-MLServer`) reporting a post it did not
    /// distribute ("Loop Alert: ...", "Security Alert").
    pub list_server_error: bool,
}

impl Notice<'_> {
    /// By structure first (who sent it, with which envelope and headers),
    /// then by the fixed wording of the common notice formats.
    pub fn looks_like_bounce(&self) -> bool {
        if is_mailer_daemon(self.from_address, self.from_name)
            || self.failed_recipients_header
            || self.list_server_error
        {
            return true;
        }
        let any_body_marker = BOUNCE_BODY_MARKERS.iter().any(|m| self.body_lower.contains(m));
        // A no-reply From alone proves nothing (newsletters use it too); the
        // null envelope sender of a mail system does.
        (self.null_sender || has_bounce_subject(self.subject_lower)) && any_body_marker
            || BOUNCE_BODY_MARKERS.iter().take(12).any(|m| self.body_lower.contains(m))
    }

    /// A notice that is one beyond doubt: a mail system sent it, its
    /// subject says so, or it names its failed recipients in a header.
    pub fn clearly_notice(&self) -> bool {
        is_mailer_daemon(self.from_address, self.from_name)
            || self.failed_recipients_header
            || self.list_server_error
            || has_bounce_subject(self.subject_lower)
            || self.null_sender && BOUNCE_BODY_MARKERS.iter().any(|m| self.body_lower.contains(m))
    }
}

/// A delivery-status block written into the text rather than a MIME part
/// (broken boundaries, or a server that never made one): where it starts
/// and its text, when it names a recipient and an action or status.
pub fn dsn_in_text(text: &str) -> Option<(usize, String)> {
    let lower = text.to_ascii_lowercase();
    let field_at = |name: &str| {
        lower
            .match_indices(name)
            .map(|(i, _)| i)
            .find(|&i| i == 0 || lower.as_bytes()[i - 1] == b'\n')
    };
    let recipient = field_at("final-recipient:").or_else(|| field_at("original-recipient:"))?;
    if field_at("action:").is_none() && field_at("status:").is_none() {
        return None;
    }
    // Start at the per-message fields when they come first.
    let start = field_at("reporting-mta:")
        .filter(|&r| r < recipient)
        .or_else(|| field_at("original-envelope-id:").filter(|&r| r < recipient))
        .or_else(|| field_at("action:").filter(|&a| a < recipient && recipient - a < 400))
        .unwrap_or(recipient);
    let block = &text[start..];
    let mut end = block.len();
    for marker in [
        "\n--",
        "\ncontent-type: message/rfc822",
        "\ncontent-type: text/rfc822-headers",
    ] {
        if let Some(p) = block.to_ascii_lowercase().find(marker) {
            end = end.min(p);
        }
    }
    Some((start, block[..end].to_string()))
}

/// A Diagnostic-Code often holds only the first line of a multi-line reply
/// (`552-5.7.0 This message was blocked because its content presents a
/// potential`); the session transcript in the text has all of it.
pub fn complete_reply(diagnostic: &str, text: &str) -> Option<String> {
    let code = diagnostic.get(..3)?;
    if !code.bytes().all(|b| b.is_ascii_digit()) || diagnostic.as_bytes().get(3) != Some(&b'-') {
        return None;
    }
    let head: String = diagnostic.chars().take(40).collect();
    let transcript_line = |l: &str| l.trim_start().trim_start_matches("<<<").trim_start().to_string();
    let lines: Vec<String> = text.lines().take(5_000).map(transcript_line).collect();
    let first = lines.iter().position(|l| l.starts_with(&head))?;
    let mut reply = String::new();
    for l in &lines[first..] {
        let continues = l.starts_with(code) && matches!(l.as_bytes().get(3), Some(b'-' | b' '));
        if !continues {
            break;
        }
        reply.push_str(l);
        reply.push(' ');
        if l.as_bytes()[3] == b' ' {
            break;
        }
    }
    let reply = strip_continuations(&collapse(&reply));
    (reply.len() > diagnostic.len()).then_some(reply)
}

/// Notices whose provider is known by their structure, whatever their
/// language: a Google Groups refusal names the group as the failed
/// recipient and explains in the sender's language.
pub fn provider_notice_rule(record: &mut super::model::BounceRecord, from_address: &str) {
    let to_group = record
        .recipient
        .as_deref()
        .is_some_and(|r| r.ends_with("@googlegroups.com"));
    let from_google = from_address.ends_with("@googlemail.com") || from_address.ends_with("@google.com");
    if to_group && from_google && !record.classified_by.starts_with("provider rule") {
        record.reason = super::model::Reason::Policy;
        record.hard = false;
        record.classified_by =
            "provider rule: google groups refused the post (no such group, or posting not allowed)".to_string();
    }
}

pub fn says_delay(subject_lower: &str, body_lower: &str) -> bool {
    let negated = [
        "will not be retried",
        "will not retry",
        "not going to try again",
        "given up",
        "gave up",
        "failed permanently",
    ];
    if negated.iter().any(|n| body_lower.contains(n)) {
        return false;
    }
    DELAY_MARKERS
        .iter()
        .any(|m| body_lower.contains(m) || subject_lower.contains(m))
}

/// The human part of a notice, without the copy of the original message.
pub fn cut_original(text: &str) -> &str {
    let lower = text.to_ascii_lowercase();
    let mut end = text.len();
    for marker in ORIGINAL_MARKERS {
        if let Some(pos) = lower.find(marker)
            && pos < end
        {
            end = pos;
        }
    }
    // ASCII lowercasing keeps byte offsets, but stay on a char boundary.
    while end > 0 && !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Where the original message copy starts (for its headers), if inline.
pub fn original_start(text: &str) -> Option<usize> {
    let lower = text.to_ascii_lowercase();
    ORIGINAL_MARKERS
        .iter()
        .filter_map(|m| lower.find(m).map(|p| p + m.len()))
        .min()
        .and_then(|p| {
            // Skip the rest of the marker line.
            let rest = &lower[p..];
            rest.find('\n').map(|nl| p + nl + 1)
        })
}

use super::locate::{is_plausible_address, line_address};

/// Collapse runs of whitespace to one space and cap the length.
pub fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(600));
    for word in text.split_whitespace() {
        if out.len() > 500 {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The diagnostic of a region: the paragraph with the server's reply (from
/// its code on), else the text after the address.
pub fn best_diagnostic(region: &str, address: &str) -> Option<String> {
    let paragraphs: Vec<&str> = region.split("\n\n").flat_map(|p| p.split("\r\n\r\n")).collect();
    for p in &paragraphs {
        let lines: Vec<&str> = p.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let has_code = super::classify::find_smtp_code(line).is_some()
                || super::classify::find_enhanced_status(line).is_some();
            if !has_code || line.trim_start().starts_with(">>>") {
                continue;
            }
            let reason_paren = line.find("(reason: ");
            let start = reason_paren
                .map(|p| p + 9)
                .or_else(|| smtp_code_position(line))
                .unwrap_or(0);
            let mut text = String::new();
            if reason_paren.is_none() && super::classify::find_smtp_code(line).is_none() {
                // A bare "<host #5.1.1>" trailer: the words before it are the reason.
                for before in &lines[..i] {
                    if line_address(before).is_none() {
                        text.push_str(before);
                        text.push(' ');
                    }
                }
            }
            text.push_str(&line[start..]);
            if reason_paren.is_some() {
                // Sendmail: "(reason: 550 5.1.1 ... User unknown)" is one line.
                text = text.trim_end().trim_end_matches(')').to_string();
            } else {
                let code = super::classify::find_smtp_code(line);
                for more in &lines[i + 1..] {
                    // In a session transcript each reply opens its own line;
                    // a different reply is about something else.
                    if opening_reply_code(more).is_some_and(|c| Some(c) != code) {
                        break;
                    }
                    text.push(' ');
                    text.push_str(more);
                }
            }
            let text = strip_continuations(&collapse(text.trim_start_matches("<<<")));
            return Some(text).filter(|t| !t.is_empty());
        }
    }
    // No code anywhere: the first paragraph that names a reason, else the
    // text around the address, without the address.
    let mut first_text = None;
    for p in &paragraphs {
        let mut text = String::new();
        for line in p.lines() {
            let t = line.trim();
            let rest = if line_address(line).as_deref() == Some(address) {
                let after = t.trim_start_matches('<');
                after
                    .get(address.len()..)
                    .unwrap_or("")
                    .trim_start_matches('>')
                    .trim_start_matches(':')
                    .trim_start_matches("...")
            } else {
                t
            };
            let lower = rest.to_ascii_lowercase();
            if lower.starts_with("because:") || lower.is_empty() {
                continue;
            }
            text.push(' ');
            text.push_str(rest);
        }
        let text = collapse(&text);
        if text.len() > 3 {
            if super::classify::classify(None, None, &text).reason != super::model::Reason::Undetermined {
                return Some(text);
            }
            first_text.get_or_insert(text);
        }
    }
    first_text
}

/// Drop the repeated reply-code prefixes of a multi-line SMTP reply:
/// "550-5.1.1 The account 550-5.1.1 does not" -> "550-5.1.1 The account does not".
pub fn strip_continuations(text: &str) -> String {
    let mut words = text.split(' ');
    let Some(first) = words.next() else {
        return String::new();
    };
    let code = first
        .get(..3)
        .filter(|c| c.bytes().all(|b| b.is_ascii_digit()) && first.len() >= 3);
    let Some(code) = code else { return text.to_string() };
    let mut out = String::from(first);
    let mut skip_status = false;
    for w in words {
        if skip_status && super::classify::find_enhanced_status(w).as_deref() == Some(w) {
            skip_status = false;
            continue;
        }
        skip_status = false;
        if w.starts_with(code) && (w.len() == 3 || w.as_bytes().get(3) == Some(&b'-')) {
            // "550-5.1.1" or "550" followed by "5.1.1".
            skip_status = w.len() == 3;
            continue;
        }
        out.push(' ');
        out.push_str(w);
    }
    out
}

/// The reply code a transcript line opens with (`550 ...`, `<<< 421-...`).
fn opening_reply_code(line: &str) -> Option<u16> {
    let t = line.trim_start().trim_start_matches("<<<").trim_start();
    let b = t.as_bytes();
    let opens = b.len() > 3
        && matches!(b[0], b'4' | b'5')
        && b[1].is_ascii_digit()
        && b[2].is_ascii_digit()
        && matches!(b[3], b' ' | b'-');
    opens.then(|| t[..3].parse().ok()).flatten()
}

fn smtp_code_position(line: &str) -> Option<usize> {
    let code = super::classify::find_smtp_code(line)?.to_string();
    line.find(&code)
}

/// The remote server named in a region: `host mx.test[192.0.2.1]`,
/// `mx.test [192.0.2.1]`, `while talking to mx.test.`, `192.0.2.1 does not like recipient`.
/// Byte offset just past the last char of `s` matching `pred` (0 if none),
/// always on a char boundary.
fn after_last(s: &str, pred: impl Fn(char) -> bool) -> usize {
    s.char_indices()
        .rev()
        .find(|(_, c)| pred(*c))
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0)
}

pub fn remote_mta(region: &str) -> Option<String> {
    let lower = region.to_ascii_lowercase();
    if let Some(pos) = lower.find("while talking to ") {
        let tok: String = lower[pos + 17..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '-')
            .collect();
        let tok = tok.trim_end_matches('.');
        if tok.contains('.') {
            return Some(tok.to_string());
        }
    }
    let bytes = lower.as_bytes();
    for (i, _) in lower.match_indices('[') {
        let close = lower[i..].find(']').map(|c| i + c);
        let Some(close) = close else { continue };
        let inside = &lower[i + 1..close];
        if !inside.contains(['.', ':']) || !inside.chars().all(|c| c.is_ascii_hexdigit() || c == '.' || c == ':') {
            continue;
        }
        let mut end = i;
        if end > 0 && bytes[end - 1] == b' ' {
            end -= 1;
        }
        let start = after_last(&lower[..end], |c| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'));
        let host = lower[start..end].trim_end_matches('.');
        if host.contains('.') && host.chars().any(|c| c.is_ascii_alphabetic()) {
            return Some(host.to_string());
        }
        return Some(inside.to_string());
    }
    if let Some(pos) = lower.find(" does not like recipient") {
        let start = after_last(&lower[..pos], char::is_whitespace);
        return Some(lower[start..pos].to_string());
    }
    None
}

/// The reporting server named in the notice text.
pub fn reporting_mta(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    for anchor in [
        "this is the mail system at host ",
        "qmail-send program at ",
        "delivery status notification from ",
        "generating server: ",
        "reporting-mta: dns; ",
    ] {
        if let Some(pos) = lower.find(anchor) {
            let tok: String = lower[pos + anchor.len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '-')
                .collect();
            let tok = tok.trim_end_matches('.');
            if !tok.is_empty() {
                return Some(tok.to_string());
            }
        }
    }
    None
}

/// Decode a VERP return path: `bounces+alice=example.com@sender.test` ->
/// `alice@example.com`.
pub fn verp_recipient(address: &str) -> Option<String> {
    let (local, _) = address.rsplit_once('@')?;
    let tail = match local.find('+') {
        Some(p) => &local[p + 1..],
        None => &local[local.find('-')? + 1..],
    };
    let (user, domain) = tail.rsplit_once('=')?;
    let candidate = format!("{user}@{domain}").to_ascii_lowercase();
    is_plausible_address(&candidate).then_some(candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verp() {
        assert_eq!(
            verp_recipient("bounces+alice=example.com@mail.sender.test").as_deref(),
            Some("alice@example.com")
        );
        assert_eq!(
            verp_recipient("bounce-bob=x.test@s.test").as_deref(),
            Some("bob@x.test")
        );
        assert_eq!(verp_recipient("alice@example.com"), None);
    }

    #[test]
    fn remote_hosts() {
        assert_eq!(
            remote_mta("host mx.x.test[192.0.2.1] said: 550").as_deref(),
            Some("mx.x.test")
        );
        assert_eq!(
            remote_mta("    host mx.x.test [192.0.2.1]\n").as_deref(),
            Some("mx.x.test")
        );
        assert_eq!(
            remote_mta("192.0.2.7 does not like recipient.").as_deref(),
            Some("192.0.2.7")
        );
        assert_eq!(remote_mta("account (x@y.test) [0] - mta1.test"), None);
    }

    #[test]
    fn continuation_codes_dropped() {
        assert_eq!(
            strip_continuations(
                "550-5.1.1 The email account 550-5.1.1 does not exist. 550 5.1.1 https://x.test - gsmtp"
            ),
            "550-5.1.1 The email account does not exist. https://x.test - gsmtp"
        );
        assert_eq!(strip_continuations("Mailbox full"), "Mailbox full");
    }
}
