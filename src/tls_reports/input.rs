//! Files into TLS-RPT JSON documents, through the shared input layer
//! ([`crate::input`]: walking, gzip, caps): plain JSON, gzip, and e-mail
//! messages with `application/tlsrpt+gzip` or `application/tlsrpt+json` parts.

use crate::input::{self, Item, Limits, Source};

/// The caps for report files: those of DMARC reports (docs/limits.md).
pub const LIMITS: Limits = Limits::REPORTS;

/// One JSON document found in a file (labelled as the input layer does), or
/// what could not be read and why.
pub type Part = Result<(String, Vec<u8>), (String, String)>;

/// Attachments that may hold a TLS report (RFC 8460 section 5.3).
fn is_report_attachment(name: &str, mime: &str) -> bool {
    matches!(mime, "application/tlsrpt+gzip" | "application/tlsrpt+json")
        || name.ends_with(".json")
        || name.ends_with(".json.gz")
}

/// Read a source and unwrap it into its JSON documents.
pub fn read_source(source: &Source) -> Vec<Part> {
    let mut parts = Vec::new();
    input::read_source(source, &LIMITS, &mut |item| {
        match item {
            Item::Skipped(s) => parts.push(Err((s.file, s.why))),
            Item::Document(doc) => unwrap_document(doc, &mut parts),
        }
        true
    });
    parts
}

/// Decide what a document is by its first bytes (names lie) and unwrap it.
fn unwrap_document(doc: input::Document, parts: &mut Vec<Part>) {
    if looks_like_json(&doc.bytes) {
        parts.push(Ok((doc.label, doc.bytes)));
        return;
    }
    if !looks_like_message(&doc.bytes) {
        parts.push(Err((doc.label, "not JSON, gzip or an e-mail message".into())));
        return;
    }
    let before = parts.len();
    let found = input::unpack::attachments(&doc, &LIMITS, is_report_attachment, &mut |item| {
        parts.push(match item {
            Item::Skipped(s) => Err((s.file, s.why)),
            Item::Document(d) if looks_like_json(&d.bytes) => Ok((d.label, d.bytes)),
            Item::Document(d) => Err((d.label, "attachment is not JSON".into())),
        });
        true
    });
    match found {
        Ok(0) if parts.len() == before => {
            parts.push(Err((doc.label, "e-mail message without a TLS report attached".into())))
        }
        Ok(_) => {}
        Err(why) => parts.push(Err((doc.label, why))),
    }
}

fn looks_like_json(data: &[u8]) -> bool {
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    data.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
}

/// A header line "Name: value" at the start.
fn looks_like_message(data: &[u8]) -> bool {
    let head = &data[..data.len().min(1000)];
    let line = head.split(|&b| b == b'\n').next().unwrap_or(head);
    line.iter()
        .position(|&b| b == b':')
        .is_some_and(|colon| colon > 0 && line[..colon].iter().all(|b| b.is_ascii_graphic()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_bytes(data: &[u8]) -> Vec<Part> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, data).unwrap();
        read_source(&Source::File(path))
    }

    #[test]
    fn sniffing_goes_by_content() {
        assert!(read_bytes(b"\xEF\xBB\xBF {}")[0].is_ok());
        assert!(read_bytes(b"<feedback/>")[0].is_err());
        let no_report = read_bytes(b"Subject: hi\r\n\r\nnothing attached");
        assert!(no_report[0].as_ref().unwrap_err().1.contains("without a TLS report"));
    }
}
