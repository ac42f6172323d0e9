//! The returned original message: what the notice says was sent, and to whom.

use super::super::{dsn, locate};
use mail_parser::{Address, Message, MessageParser};

/// What the original (bounced) message was, when the notice carries it.
#[derive(Debug, Default, Clone)]
pub struct Original {
    pub message_id: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub subject: Option<String>,
    /// The original's envelope sender: a VERP address names the recipient.
    pub return_path: Option<String>,
    /// Microsoft's complaint reports stamp the complaining recipient on the
    /// returned original (`X-HmXmrOriginalRecipient`).
    pub complaint_recipient: Option<String>,
}

pub(super) fn first_addr(addr: Option<&Address<'_>>) -> Option<(String, String)> {
    let a = addr?.first()?;
    let address = a.address().map(|s| s.trim().to_ascii_lowercase()).unwrap_or_default();
    Some((address, a.name().unwrap_or("").to_string()))
}

pub(super) fn original_of(m: &Message<'_>) -> Original {
    Original {
        message_id: m.message_id().map(|s| format!("<{s}>")),
        from: first_addr(m.from()).map(|(a, _)| a).filter(|a| !a.is_empty()),
        to: first_addr(m.to()).map(|(a, _)| a).filter(|a| !a.is_empty()),
        subject: m.subject().map(|s| s.to_string()),
        return_path: m.return_address().map(dsn::clean_address),
        complaint_recipient: m
            .header_raw("X-HmXmrOriginalRecipient")
            .map(dsn::clean_address)
            .filter(|a| a.contains('@')),
    }
}

pub(super) fn original_from_bytes(bytes: &[u8]) -> Option<Original> {
    let mut owned;
    let bytes = if !bytes.windows(2).any(|w| w == b"\n\n") {
        // A header block alone (text/rfc822-headers): give it a body.
        owned = bytes.to_vec();
        owned.extend_from_slice(b"\n\n");
        &owned[..]
    } else {
        bytes
    };
    let m = MessageParser::default().parse_headers(bytes)?;
    let o = original_of(&m);
    (o.message_id.is_some() || o.from.is_some() || o.subject.is_some() || o.to.is_some()).then_some(o)
}

/// The returned original's (first) addressee.
pub(super) fn original_recipient(original: &Original) -> Option<String> {
    original.to.clone().filter(|a| locate::is_plausible_address(a))
}
