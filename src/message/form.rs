//! The form of the message: RFC 5322 basics, a text alternative, Gmail's
//! clipping size and a From display name that shows another address.

use crate::domain::organizational_domain;
use crate::finding::Finding;
use mail_parser::{Message, MimeHeaders, PartType};
use serde::{Deserialize, Serialize};

/// RFC 5322 2.1.1: a line is at most 998 octets, CRLF not counted.
pub const MAX_LINE_OCTETS: usize = 998;
/// Gmail clips a message whose HTML is over about 102 KB.
pub const GMAIL_CLIP_BYTES: usize = 102 * 1024;

/// Serialised as `messages[].form`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct FormReport {
    /// The From: address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_domain: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    pub size_bytes: usize,
    /// Decoded size of the HTML parts.
    pub html_bytes: usize,
    pub has_text_part: bool,
    pub has_html_part: bool,
    pub longest_line: usize,
}

fn count_headers(message: &Message<'_>, name: &str) -> usize {
    message
        .headers_raw()
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .count()
}

/// The longest line of `raw` in octets, without its line ending, and its number.
fn longest_line(raw: &[u8]) -> (usize, usize) {
    raw.split(|b| *b == b'\n')
        .enumerate()
        .map(|(i, line)| (line.strip_suffix(b"\r").unwrap_or(line).len(), i + 1))
        .max_by_key(|(len, _)| *len)
        .unwrap_or((0, 0))
}

/// Whether `address` is a plausible mailbox: local@domain with a normal domain.
fn valid_address(address: &str) -> bool {
    match address.rsplit_once('@') {
        Some((local, domain)) => {
            !local.is_empty() && !local.contains(char::is_whitespace) && crate::domain::normalize(domain).is_ok()
        }
        None => false,
    }
}

pub fn check(raw: &[u8], message: Option<&Message<'_>>) -> (FormReport, Vec<Finding>) {
    let mut report = FormReport {
        size_bytes: raw.len(),
        ..Default::default()
    };
    let mut findings = Vec::new();
    let syntax =
        |problem: String| Finding::new(&super::SYNTAX, format!("The message is not valid RFC 5322: {problem}."));
    let Some(message) = message.filter(|m| m.headers_raw().next().is_some()) else {
        findings.push(syntax("it has no header section".to_string()));
        return (report, findings);
    };

    for (name, required) in [("From", true), ("Date", true), ("Message-ID", true)] {
        match count_headers(message, name) {
            1 => {}
            0 if required => findings.push(syntax(format!("no {name} header")).subject(name.to_string())),
            n => findings
                .push(syntax(format!("{n} {name} headers, where exactly one is allowed")).subject(name.to_string())),
        }
    }
    let (longest, line) = longest_line(raw);
    report.longest_line = longest;
    if longest > MAX_LINE_OCTETS {
        findings.push(
            syntax(format!(
                "line {line} is {longest} octets long, over the limit of {MAX_LINE_OCTETS}"
            ))
            .evidence(format!("line {line}")),
        );
    }

    let from = message.from().and_then(|a| a.first());
    match from.and_then(|a| a.address.as_deref()) {
        Some(address) if valid_address(address) => {
            report.from = Some(address.to_string());
            report.from_domain = super::address_domain(address);
        }
        other => findings.push(
            syntax(match other {
                Some(a) => format!("the From address `{a}` is not a valid address"),
                None => "From holds no address".to_string(),
            })
            .subject("From".to_string()),
        ),
    }
    report.display_name = from.and_then(|a| a.name.as_deref()).map(str::to_string);
    if let (Some(name), Some(domain)) = (&report.display_name, &report.from_domain)
        && let Some(shown) = address_in_display_name(name)
        && super::address_domain(&shown).is_some_and(|d| organizational_domain(&d) != organizational_domain(domain))
    {
        findings.push(
            Finding::new(
                &super::FROM_DISPLAY_SPOOF,
                format!(
                    "The From display name shows the address {shown}, but the message comes from {}.",
                    report.from.as_deref().unwrap_or(domain)
                ),
            )
            .evidence(format!("From: \"{name}\" <{}>", report.from.as_deref().unwrap_or("")))
            .subject("From".to_string()),
        );
    }

    for part in &message.parts {
        match &part.body {
            PartType::Html(html) => {
                report.has_html_part = true;
                report.html_bytes += html.len();
            }
            PartType::Text(_)
                if part
                    .content_type()
                    .is_none_or(|c| c.c_subtype.as_deref().is_none_or(|s| s.eq_ignore_ascii_case("plain"))) =>
            {
                report.has_text_part = true;
            }
            _ => {}
        }
    }
    if report.has_html_part && !report.has_text_part {
        findings.push(Finding::new(
            &super::NO_TEXT_PART,
            "The message has an HTML body but no text/plain alternative.",
        ));
    }
    if report.html_bytes > GMAIL_CLIP_BYTES {
        findings.push(
            Finding::new(
                &super::TOO_LARGE,
                format!(
                    "The HTML is {} KB; Gmail clips messages whose HTML is over 102 KB, hiding the rest (and the \
                     unsubscribe link).",
                    report.html_bytes / 1024
                ),
            )
            .evidence(format!("{} bytes of HTML", report.html_bytes)),
        );
    }
    (report, findings)
}

/// An address written in a display name, e.g. `"support@bank.example" <x@y>`.
fn address_in_display_name(name: &str) -> Option<String> {
    name.split(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '(' | ')' | '"' | '\'' | ',' | ';' | '[' | ']'))
        .find(|word| valid_address(word.trim_end_matches('.')))
        .map(|w| w.trim_end_matches('.').to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_an_address_in_a_display_name() {
        assert_eq!(
            address_in_display_name("PayPal (service@paypal.com)").as_deref(),
            Some("service@paypal.com")
        );
        assert_eq!(address_in_display_name("Acme Newsletter"), None);
        assert_eq!(address_in_display_name("Sales @ Acme"), None);
    }

    #[test]
    fn longest_line_ignores_line_endings() {
        assert_eq!(longest_line(b"ab\r\nabcd\r\n"), (4, 2));
    }
}
