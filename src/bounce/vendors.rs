//! Non-standard bounce bodies: the plain-text notices of Postfix, Exim,
//! Sendmail, qmail, Exchange, Gmail, Yahoo, Courier, Lotus Domino, and
//! messages that carry no RFC 3464 part at all. The shapes differ, but each
//! names the failed address at the start of a line (`<a@b>:`, `  a@b`,
//! `a@b on <date>`) or in a fixed sentence ("wasn't delivered to a@b"), with
//! the server's answer in the lines that follow. We find those anchors and
//! take the text up to the next one as that recipient's region.

/// Markers that a message is a delivery failure notice even without a DSN part.
const BOUNCE_SUBJECTS: &[&str] = &[
    "undeliver",
    "delivery status notification",
    "delivery failure",
    "delivery_failure",
    "mail delivery failed",
    "returned mail",
    "failure notice",
    "delivery has failed",
    "could not send message",
    "delayed mail",
    "delivery notification",
    "non-delivery",
    "nondeliverable",
    "non delivery",
    "mail system error",
    "delivery problem",
    "not delivered",
    "delivery delayed",
    "message delayed",
    "delivery failed",
    "unzustellbar",
    "non remis",
];

const BOUNCE_BODY_MARKERS: &[&str] = &[
    "this is the mail system at host",
    "qmail-send program",
    "the following address(es) failed",
    "have not yet been delivered",
    "has not yet been delivered",
    "could not be delivered to one or more",
    "delivery to the following recipient",
    "was not delivered to",
    "wasn't delivered to",
    "undeliverable mail",
    "permanent fatal errors",
    "transient non-fatal errors",
    "the following recipient(s) cannot be reached",
    "delivery has failed to these recipients",
    "unable to deliver your message",
    "couldn't be delivered",
    "could not be delivered",
    "delivery status notification",
];

/// Text that says the server will go on trying (a delay, not a bounce).
const DELAY_MARKERS: &[&str] = &[
    "this is a warning only",
    "have not yet been delivered",
    "has not yet been delivered",
    "not been delivered yet",
    "delivery attempts will continue",
    "will continue to try",
    "will be retried",
    "will retry for",
    "still being retried",
    "transient non-fatal errors",
    "message still undelivered",
    "has been delayed",
    "temporary problem delivering",
    "delivery is delayed",
    "delivery delayed",
    "delayed mail",
    "(delay)",
];

/// Where the human part ends and a copy of the original message begins.
const ORIGINAL_MARKERS: &[&str] = &[
    "--- below this line is a copy of the message",
    "------ this is a copy of the message",
    "----- original message -----",
    "----- original message follows -----",
    "original message follows",
    "------ original message ------",
    "--- original message ---",
    "-----original message-----",
    "----- unsent message below -----",
    "------- returned message",
    "----- returned message",
    "original message headers:",
    "--- the header of the original message is following",
];

pub fn is_mailer_daemon(from_address: &str, from_name: &str) -> bool {
    let local = from_address.split('@').next().unwrap_or("").to_ascii_lowercase();
    let name = from_name.to_ascii_lowercase();
    matches!(
        local.as_str(),
        "mailer-daemon" | "postmaster" | "mail-daemon" | "mailerdaemon" | "mdaemon" | "bounce" | "bounces"
    ) || name.contains("mail delivery")
        || name.contains("mailer-daemon")
        || name.contains("mail administrator")
        || name.contains("postmaster")
}

pub fn has_bounce_subject(subject_lower: &str) -> bool {
    BOUNCE_SUBJECTS.iter().any(|m| subject_lower.contains(m))
}

pub fn looks_like_bounce(from_address: &str, from_name: &str, subject_lower: &str, body_lower: &str) -> bool {
    if is_mailer_daemon(from_address, from_name) {
        return true;
    }
    BOUNCE_SUBJECTS.iter().any(|m| subject_lower.contains(m))
        && BOUNCE_BODY_MARKERS.iter().any(|m| body_lower.contains(m))
        || BOUNCE_BODY_MARKERS.iter().take(12).any(|m| body_lower.contains(m))
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

fn is_addr_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "._%+-=!#$&'*/?^`{|}~@".contains(c) || !c.is_ascii()
}

/// A plausible address: one `@`, a dotted domain.
fn valid_address(a: &str) -> bool {
    let mut parts = a.split('@');
    let (Some(local), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && domain.len() < 256
        && local.len() < 128
}

/// If `line` starts with an address (`<a@b>:`, `a@b`, `a@b on date`,
/// `<a@b>... text`), return it lowercased.
pub fn line_address(line: &str) -> Option<String> {
    let t = line.trim_start();
    let (t, bracketed) = match t.strip_prefix('<') {
        Some(rest) => (rest, true),
        None => (t, false),
    };
    let end = t.find(|c: char| !is_addr_char(c)).unwrap_or(t.len());
    let addr = t[..end].trim_end_matches('.');
    if !valid_address(addr) {
        return None;
    }
    let mut rest = &t[addr.len()..];
    if bracketed {
        rest = rest.strip_prefix('>')?;
    }
    let ok = rest.trim().is_empty()
        || rest.starts_with(':')
        || rest.starts_with("...")
        || rest.starts_with(" on ")
        || rest.starts_with(" (")
        || rest.starts_with("\t");
    ok.then(|| addr.to_ascii_lowercase())
}

/// Sentences that name the failed address mid-line.
const SENTENCE_ANCHORS: &[&str] = &[
    "wasn't delivered to ",
    "was not delivered to ",
    "delivering your message to ",
    "your message to ",
    "delivery to ",
    "could not be delivered to ",
    "recipient address: ",
    "failed recipient: ",
];

fn sentence_address(line: &str) -> Option<String> {
    let lower = line.to_ascii_lowercase();
    for anchor in SENTENCE_ANCHORS {
        if let Some(pos) = lower.find(anchor) {
            let after = &line[pos + anchor.len()..];
            let after = after.trim_start().trim_start_matches('<');
            let end = after.find(|c: char| !is_addr_char(c)).unwrap_or(after.len());
            let addr = after[..end].trim_end_matches('.');
            if valid_address(addr) {
                return Some(addr.to_ascii_lowercase());
            }
        }
    }
    None
}

/// One failed address found in a notice, with the text that concerns it.
#[derive(Debug, Clone)]
pub struct TextRecipient {
    pub address: String,
    pub region: String,
}

const MAX_REGION: usize = 4_000;
const MAX_TEXT_RECIPIENTS: usize = 500;

/// Find failed addresses and their regions. `exclude`: addresses that are
/// the notice's own sender or addressee.
pub fn extract_recipients(text: &str, exclude: &[String]) -> Vec<TextRecipient> {
    let mut found: Vec<TextRecipient> = Vec::new();
    let mut current: Option<usize> = None;
    for line in text.lines().take(20_000) {
        let anchor = line_address(line)
            .or_else(|| sentence_address(line))
            .filter(|a| !exclude.contains(a));
        if let Some(address) = anchor {
            match found.iter().position(|r| r.address == address) {
                Some(i) => current = Some(i),
                None if found.len() < MAX_TEXT_RECIPIENTS => {
                    found.push(TextRecipient {
                        address,
                        region: String::new(),
                    });
                    current = Some(found.len() - 1);
                }
                None => current = None,
            }
        }
        if let Some(i) = current {
            let region = &mut found[i].region;
            if region.len() < MAX_REGION {
                region.push_str(line.trim_end_matches('\r'));
                region.push('\n');
            }
        }
    }
    found
}

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
                for more in &lines[i + 1..] {
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
    valid_address(&candidate).then_some(candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_addresses() {
        assert_eq!(
            line_address("<Bob@X.test>: host mx said").as_deref(),
            Some("bob@x.test")
        );
        assert_eq!(line_address("  bob@x.test").as_deref(), Some("bob@x.test"));
        assert_eq!(
            line_address("      bob@x.test on 1/2/2024 10:00 AM").as_deref(),
            Some("bob@x.test")
        );
        assert_eq!(
            line_address("<bob@x.test>... User unknown").as_deref(),
            Some("bob@x.test")
        );
        assert_eq!(line_address("550 5.1.1 <bob@x.test>... User unknown"), None);
        assert_eq!(line_address("bob@x.test said hello"), None);
        assert_eq!(line_address("<postmaster>"), None);
    }

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
