//! Finding the failed addresses in the human-readable text of a notice.
//!
//! Servers name the failed address in many shapes: opening a line (`<a@b>:`,
//! `  a@b`, `a@b on <date>`, `a@b [User unknown]`), behind decoration
//! (bullets, `>>> RCPT TO:<a@b>`, `554 <a@b>... reason`, `Recipient address:
//! a@b`, `"a@b":`), or inside a sentence ("There was an error delivering your
//! mail to <a@b>"). Each found address takes the text up to the next one as
//! its region; the lines just above it (after a blank line or the previous
//! address) are kept as its lead-in, for notices that write the reason first.

/// One failed address found in a notice, with the text that concerns it.
#[derive(Debug, Clone, Default)]
pub struct TextRecipient {
    pub address: String,
    /// The anchor line and the lines after it, up to the next address.
    pub region: String,
    /// The lines between the previous address (or blank line) and the anchor.
    pub lead_in: String,
}

const MAX_REGION: usize = 4_000;
const MAX_TEXT_RECIPIENTS: usize = 500;

/// Labels that open header lines of a quoted original, never a failed address.
const HEADER_LABELS: &[&str] = &[
    "from",
    "to",
    "cc",
    "bcc",
    "reply-to",
    "sender",
    "return-path",
    "delivered-to",
    "envelope-to",
    "message-id",
    "in-reply-to",
    "references",
    "errors-to",
    "list-id",
    "x-original-to",
];

/// Words right before a mid-line address that make it the failed one:
/// "delivering your mail to <a@b>", "rejected recipient <a@b>".
const ADDRESS_LEADS: &[&str] = &[
    " to",
    " to:",
    "recipient",
    "recipient:",
    "rcpt to:",
    "rcpt:",
    "address:",
    "user",
];

/// Local parts that name a help desk, not a failed recipient, when an
/// address is merely mentioned ("contact postmaster@...").
const HELP_DESKS: &[&str] = &[
    "postmaster",
    "mailer-daemon",
    "abuse",
    "hostmaster",
    "webmaster",
    "support",
    "help",
];

fn is_local_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "._%+-=!#$&'*/?^`{|}~".contains(c) || !c.is_ascii()
}

fn is_domain_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '.' || c == '-'
}

/// A plausible address: one `@`, a dotted domain.
pub fn is_plausible_address(a: &str) -> bool {
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

/// The address starting at byte `start` of `s` (local part, `@`, ASCII
/// domain) and the byte offset just past it.
fn address_at(s: &str, start: usize) -> Option<(String, usize)> {
    let rest = &s[start..];
    let at = rest.find(|c: char| !is_local_char(c))?;
    if !rest[at..].starts_with('@') || at == 0 {
        return None;
    }
    let domain_len = rest[at + 1..]
        .find(|c: char| !is_domain_char(c))
        .unwrap_or(rest.len() - at - 1);
    let raw = &rest[..at + 1 + domain_len];
    let addr = raw.trim_end_matches(['.', '-']);
    is_plausible_address(addr).then(|| (addr.to_ascii_lowercase(), start + addr.len()))
}

/// Every address in `line`, with its start offset.
fn addresses_in(line: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut search = 0;
    while let Some(rel) = line[search..].find('@') {
        let at = search + rel;
        let start = line[..at]
            .char_indices()
            .rev()
            .take_while(|(_, c)| is_local_char(*c))
            .last()
            .map(|(i, _)| i)
            .unwrap_or(at);
        // Quotes and other punctuation before a local part are not part of it.
        let start = start + line[start..at].len()
            - line[start..at]
                .trim_start_matches(|c: char| c.is_ascii_punctuation())
                .len();
        if let Some((addr, end)) = address_at(line, start) {
            out.push((start, addr));
            search = end.max(at + 1);
        } else {
            search = at + 1;
        }
        if out.len() > 20 {
            break;
        }
    }
    out
}

/// Strip what servers put before the failed address on its line: bullets,
/// transcript arrows, reply codes, `RCPT TO:`, short labels, quotes.
fn strip_decoration(line: &str) -> &str {
    let mut t = line.trim_start();
    for _ in 0..6 {
        let before = t.len();
        for prefix in ["* ", "- ", "• ", ">>>", "<<<", "\"", "'"] {
            if let Some(rest) = t.strip_prefix(prefix) {
                t = rest.trim_start();
            }
        }
        for word in ["sent <<<", "received >>>", "rcpt to:", "rcpt:", "rfc822;"] {
            if t.len() >= word.len() && t.is_char_boundary(word.len()) && t[..word.len()].eq_ignore_ascii_case(word) {
                t = t[word.len()..].trim_start();
            }
        }
        t = strip_reply_code(t);
        if let Some(rest) = strip_label(t) {
            t = rest;
        }
        if t.len() == before {
            break;
        }
    }
    t
}

/// `550 `, `550-`, `5.1.1 ` at the start of `t`.
fn strip_reply_code(t: &str) -> &str {
    let b = t.as_bytes();
    if b.len() > 4
        && matches!(b[0], b'4' | b'5')
        && b[1].is_ascii_digit()
        && b[2].is_ascii_digit()
        && matches!(b[3], b' ' | b'-')
    {
        return t[4..].trim_start();
    }
    if b.first().is_some_and(u8::is_ascii_digit)
        && let Some(code) = super::classify::find_enhanced_status(t)
        && t.starts_with(&code)
        && t[code.len()..].starts_with(' ')
    {
        return t[code.len()..].trim_start();
    }
    t
}

/// A short label ending in `:` ("Recipient address:", "Unknown user:",
/// "Could not be delivered to:") followed by an address; never a header
/// name of a quoted original.
fn strip_label(t: &str) -> Option<&str> {
    let colon = t.find(':')?;
    let label = &t[..colon];
    let rest = t[colon + 1..].trim_start();
    let words = label.split_whitespace().count();
    let label_ok = (1..=6).contains(&words)
        && label
            .chars()
            .all(|c| c.is_alphabetic() || c == ' ' || c == '-' || c == '\'')
        && !HEADER_LABELS.iter().any(|h| label.trim().eq_ignore_ascii_case(h))
        && !label.to_ascii_lowercase().starts_with("x-");
    let starts_address =
        rest.starts_with('<') || rest.starts_with('"') || addresses_in(rest).first().is_some_and(|(i, _)| *i == 0);
    (label_ok && starts_address).then_some(rest)
}

/// If `line` opens with an address (after decoration), return it lowercased.
pub fn line_address(line: &str) -> Option<String> {
    if !line.contains('@') {
        return None;
    }
    let t = strip_decoration(line);
    let (t, bracketed) = match t.strip_prefix('<') {
        Some(rest) => (rest, true),
        None => (t, false),
    };
    let (addr, end) = address_at(t, 0)?;
    let mut rest = &t[end..];
    if bracketed {
        rest = rest.strip_prefix('>')?;
    }
    rest = rest.trim_start_matches(['"', '\'']);
    // RFC 5322 name-addr: in `text <a@b>` the brackets hold the address, even
    // when the text before them looks like one (Exim's "incorrectly
    // constructed" notice quotes `x@y <a@b>: malformed address`).
    if !bracketed
        && let Some(inner) = rest.strip_prefix(" <")
        && let Some((angle, end)) = address_at(inner, 0)
        && inner[end..].starts_with('>')
    {
        return Some(angle);
    }
    let ok = rest.trim().is_empty()
        || rest.starts_with(':')
        || rest.starts_with("...")
        || rest.starts_with(" on ")
        || rest.starts_with(" (")
        || rest.starts_with(" [")
        || rest.starts_with(" <")
        || rest.starts_with(',')
        || rest.starts_with('\t')
        // "a@b Invalid Address, ERROR_CODE :550": a reply follows on the line.
        || super::classify::find_smtp_code(rest).is_some()
        || super::classify::find_enhanced_status(rest).is_some();
    ok.then_some(addr)
}

/// An address inside a sentence, right after words that make it the
/// recipient ("delivering your mail to <a@b>", "rejected recipient <a@b>").
fn sentence_address(line: &str) -> Option<String> {
    if !line.contains('@') {
        return None;
    }
    let lower = line.to_ascii_lowercase();
    for (start, addr) in addresses_in(line) {
        let before = lower[..start].trim_end_matches(['<', '"', '\'', ' ']);
        if ADDRESS_LEADS.iter().any(|lead| before.ends_with(lead)) {
            return Some(addr);
        }
    }
    None
}

/// Find failed addresses and their regions. `exclude`: addresses that are
/// the notice's own sender or addressee, or the original's sender.
pub fn extract_recipients(text: &str, exclude: &[String]) -> Vec<TextRecipient> {
    let mut found: Vec<TextRecipient> = Vec::new();
    let mut current: Option<usize> = None;
    let mut lead_in = String::new();
    let mut paragraph_ended = false;
    for line in text.lines().take(20_000) {
        let line = line.trim_end_matches('\r');
        // The lead-in is the last paragraph before the address, even when
        // blank lines separate them.
        if line.trim().is_empty() {
            paragraph_ended = true;
        }
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
                        lead_in: std::mem::take(&mut lead_in),
                    });
                    current = Some(found.len() - 1);
                }
                None => current = None,
            }
            lead_in.clear();
            paragraph_ended = false;
        } else if !line.trim().is_empty() {
            if paragraph_ended {
                lead_in.clear();
                paragraph_ended = false;
            }
            if lead_in.len() < MAX_REGION {
                lead_in.push_str(line);
                lead_in.push('\n');
            }
        }
        if let Some(i) = current {
            let region = &mut found[i].region;
            if region.len() < MAX_REGION {
                region.push_str(line);
                region.push('\n');
            }
        }
    }
    found
}

/// Last resort when no line names a failed address: every address merely
/// mentioned in the text, except the excluded ones and help desks.
pub fn mentioned_recipients(text: &str, exclude: &[String]) -> Vec<TextRecipient> {
    let mut found: Vec<TextRecipient> = Vec::new();
    for line in text.lines().take(2_000) {
        for (_, address) in addresses_in(line) {
            let local = address.split('@').next().unwrap_or("");
            if exclude.contains(&address) || HELP_DESKS.contains(&local) || found.iter().any(|r| r.address == address) {
                continue;
            }
            found.push(TextRecipient {
                address,
                region: text.chars().take(MAX_REGION).collect(),
                lead_in: String::new(),
            });
            if found.len() >= 20 {
                return found;
            }
        }
    }
    found
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
        // name-addr: the bracketed address is the recipient.
        assert_eq!(
            line_address("  carol@y.test <bob@x.test>: malformed address").as_deref(),
            Some("bob@x.test")
        );
        assert_eq!(
            line_address("      bob@x.test on 1/2/2024 10:00 AM").as_deref(),
            Some("bob@x.test")
        );
        assert_eq!(
            line_address("<bob@x.test>... User unknown").as_deref(),
            Some("bob@x.test")
        );
        assert_eq!(line_address("bob@x.test said hello"), None);
        assert_eq!(line_address("<postmaster>"), None);
    }

    #[test]
    fn decorated_addresses() {
        for line in [
            "554 <bob@x.test>... Service unavailable",
            "550 5.1.1 <bob@x.test>... User unknown",
            "   * bob@x.test",
            ">>> bob@x.test <bob@x.test>",
            "    >>> RCPT TO:<bob@x.test>",
            "Sent <<< RCPT TO:<bob@x.test>",
            "  Recipient address: bob@x.test",
            "Unknown user: bob@x.test",
            "Could not be delivered to: <bob@x.test>",
            "\"bob@x.test\":",
            "bob@x.test [User unknown]",
            "bob@x.test Invalid Address, ERROR_CODE :550, ERROR_CODE :5.1.1",
        ] {
            assert_eq!(line_address(line).as_deref(), Some("bob@x.test"), "{line}");
        }
        assert_eq!(line_address("From: bob@x.test"), None);
        assert_eq!(line_address("To: <bob@x.test>"), None);
    }

    #[test]
    fn addresses_in_sentences() {
        assert_eq!(
            sentence_address("There was an error delivering your mail to <bob@x.test>.").as_deref(),
            Some("bob@x.test")
        );
        assert_eq!(
            sentence_address("SMTP Server <mx.x.test> rejected recipient <bob@x.test> (Error").as_deref(),
            Some("bob@x.test")
        );
        assert_eq!(sentence_address("Please contact bob@x.test for help"), None);
    }

    #[test]
    fn domain_stops_at_non_ascii() {
        let found = extract_recipients("kijitora@example.jp您好，\n", &["kijitora@example.jp".to_string()]);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn reason_above_the_address_is_its_lead_in() {
        let text = "Intro.\n\nThe mailbox of this recipient is full:\n\n  bob@x.test\n";
        let found = extract_recipients(text, &[]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].lead_in, "The mailbox of this recipient is full:\n");
    }

    #[test]
    fn mentioned_addresses_skip_help_desks() {
        let found = mentioned_recipients("Contact postmaster@x.test.\nbob@y.test was refused\n", &[]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].address, "bob@y.test");
    }
}
