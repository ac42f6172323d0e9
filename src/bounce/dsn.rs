//! RFC 3464 delivery-status bodies: one per-message block, then one block per
//! recipient, blocks separated by blank lines, fields folded like headers.

/// A `name: value` field block (names lowercased, values unfolded).
pub type Fields = Vec<(String, String)>;

/// Parse a delivery-status (or feedback-report) body into blocks of fields.
/// Lenient: junk lines are skipped, CRLF or LF, folded lines joined.
pub fn parse_blocks(text: &str) -> Vec<Fields> {
    let mut blocks: Vec<Fields> = Vec::new();
    let mut current: Fields = Vec::new();
    for raw in text.lines().take(5_000) {
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !current.is_empty() {
                blocks.push(std::mem::take(&mut current));
            }
            continue;
        }
        if (line.starts_with(' ') || line.starts_with('\t'))
            && let Some((_, value)) = current.last_mut()
        {
            if value.len() < 4_000 {
                value.push(' ');
                value.push_str(line.trim());
            }
            continue;
        }
        if let Some((name, value)) = line.split_once(':') {
            let name = name.trim().to_ascii_lowercase();
            if !name.is_empty() && !name.contains(' ') {
                // Some servers write recipient groups without a blank line
                // between them: a recipient field seen twice starts a new group.
                if starts_recipient_group(&name) && current.iter().any(|(n, _)| n == &name) {
                    blocks.push(std::mem::take(&mut current));
                }
                current.push((name, value.trim().to_string()));
            }
        }
    }
    if !current.is_empty() {
        blocks.push(current);
    }
    blocks
}

/// Fields that open a per-recipient group of a delivery-status body.
fn starts_recipient_group(name: &str) -> bool {
    matches!(name, "final-recipient" | "original-recipient" | "x-actual-recipient")
}

pub fn field<'a>(fields: &'a Fields, name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .filter(|v| !v.is_empty())
}

/// The part after `type;` in a typed DSN field (`rfc822; a@b`, `dns; mx.test`,
/// `smtp; 550 ...`). Values without a type are returned whole.
pub fn typed_value(value: &str) -> &str {
    match value.split_once(';') {
        Some((kind, rest)) if !kind.contains(' ') && !kind.contains('@') && kind.len() < 20 => rest.trim(),
        _ => value.trim(),
    }
}

/// One recipient of a DSN.
#[derive(Debug, Default, Clone)]
pub struct DsnRecipient {
    pub recipient: Option<String>,
    pub action: Option<String>,
    pub status: Option<String>,
    pub diagnostic: Option<String>,
    pub remote_mta: Option<String>,
    pub last_attempt: Option<String>,
}

#[derive(Debug, Default, Clone)]
pub struct Dsn {
    pub reporting_mta: Option<String>,
    pub arrival_date: Option<String>,
    pub recipients: Vec<DsnRecipient>,
}

/// Read a delivery-status body. Recipient blocks are those naming a
/// recipient, an action or a status; the first block that names none is the
/// per-message block.
pub fn parse(text: &str) -> Dsn {
    let mut dsn = Dsn::default();
    for block in parse_blocks(text) {
        let recipient = field(&block, "final-recipient")
            .or_else(|| field(&block, "original-recipient"))
            .or_else(|| field(&block, "x-actual-recipient"))
            .map(|v| recipient_address(typed_value(v)))
            .filter(|v| !v.is_empty());
        let action = field(&block, "action").map(|v| v.trim().to_ascii_lowercase());
        // "5.1.1 (user unknown)" or "5.1.1": keep a well-formed code only.
        let status = field(&block, "status").and_then(super::classify::find_enhanced_status);
        if recipient.is_none() && action.is_none() && status.is_none() {
            if dsn.reporting_mta.is_none() {
                dsn.reporting_mta = field(&block, "reporting-mta").map(|v| typed_value(v).to_string());
            }
            if dsn.arrival_date.is_none() {
                dsn.arrival_date = field(&block, "arrival-date").map(str::to_string);
            }
            continue;
        }
        if dsn.reporting_mta.is_none() {
            dsn.reporting_mta = field(&block, "reporting-mta").map(|v| typed_value(v).to_string());
        }
        dsn.recipients.push(DsnRecipient {
            recipient,
            action,
            status: status.filter(|s| !s.is_empty()),
            diagnostic: field(&block, "diagnostic-code").map(|v| typed_value(v).to_string()),
            remote_mta: field(&block, "remote-mta").map(|v| typed_value(v).to_string()),
            last_attempt: field(&block, "last-attempt-date").map(str::to_string),
        });
    }
    dsn
}

/// A recipient field's address. When the value is no plain address (an
/// Exim pipe such as `|/usr/bin/prog bob@x.test /home/bob`), the address
/// written inside it.
fn recipient_address(raw: &str) -> String {
    let cleaned = clean_address(raw);
    if cleaned.contains(' ') || cleaned.starts_with('|') {
        let embedded = raw
            .split(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '(' | ')' | ',' | ';'))
            .map(clean_address)
            .find(|t| super::locate::is_plausible_address(t));
        if let Some(a) = embedded {
            return a;
        }
    }
    cleaned
}

/// `<Alice@Example.com>` -> `alice@example.com`; keeps only the address.
pub fn clean_address(raw: &str) -> String {
    let s = raw.trim();
    let s = match (s.find('<'), s.rfind('>')) {
        (Some(a), Some(b)) if a < b => &s[a + 1..b],
        _ => s,
    };
    let s = s
        .trim()
        .trim_matches(|c: char| c == '\'' || c == ',' || c == ';' || c == ':' || c == '.');
    // Quotes around the whole address go; a quoted local part ("+1+1"@x) keeps them.
    let s = match s.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        Some(inner) if !s.contains("\"@") => inner,
        _ => s,
    };
    s.to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_two_recipients_and_folding() {
        let text = "Reporting-MTA: dns; mx.sender.test\r\nArrival-Date: Mon, 1 Jan 2024 10:00:00 +0000\r\n\r\nFinal-Recipient: rfc822; A@x.test\r\nAction: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 user\r\n unknown\r\n\r\nFinal-Recipient: rfc822; b@x.test\r\nAction: delayed\r\nStatus: 4.2.2\r\n";
        let dsn = parse(text);
        assert_eq!(dsn.reporting_mta.as_deref(), Some("mx.sender.test"));
        assert_eq!(dsn.recipients.len(), 2);
        assert_eq!(dsn.recipients[0].recipient.as_deref(), Some("a@x.test"));
        assert_eq!(dsn.recipients[0].diagnostic.as_deref(), Some("550 5.1.1 user unknown"));
        assert_eq!(dsn.recipients[1].action.as_deref(), Some("delayed"));
    }

    #[test]
    fn quoted_local_part_keeps_its_quotes() {
        assert_eq!(clean_address("\"+1+1\"@gmail.com"), "\"+1+1\"@gmail.com");
        assert_eq!(clean_address("<\"a b\"@x.test>"), "\"a b\"@x.test");
        assert_eq!(clean_address("\"a@x.test\""), "a@x.test");
        assert_eq!(clean_address("'a@x.test'."), "a@x.test");
    }

    #[test]
    fn recipient_groups_without_blank_lines_are_split() {
        let text = "Reporting-MTA: dns; mx.test\n\nFinal-Recipient: rfc822; a@x.test\nAction: failed\nStatus: 5.2.2\nFinal-Recipient: rfc822; b@x.test\nAction: failed\nStatus: 5.1.1\n";
        let dsn = parse(text);
        assert_eq!(dsn.recipients.len(), 2);
        assert_eq!(dsn.recipients[1].recipient.as_deref(), Some("b@x.test"));
        assert_eq!(dsn.recipients[1].status.as_deref(), Some("5.1.1"));
    }

    #[test]
    fn address_inside_a_pipe_recipient() {
        let dsn = parse("Action: failed\nFinal-Recipient: rfc822;|/usr/bin/prog bob@x.test /home/bob\nStatus: 5.0.0\n");
        assert_eq!(dsn.recipients[0].recipient.as_deref(), Some("bob@x.test"));
    }
}
