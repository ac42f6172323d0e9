//! Report files (DMARC aggregate, TLS-RPT) into their documents: a document
//! that already is a report, or an e-mail message whose attachments are.
//! Both report readers share this; each says what its reports look like.

use super::{Document, Item, Limits, Source};

/// One report document found in a file (labelled `file`, `file:entry`,
/// `file#N:attachment`), or what could not be read and why.
pub type Part = Result<(String, Vec<u8>), (String, String)>;

/// What one kind of report looks like.
pub struct ReportKind {
    pub limits: &'static Limits,
    /// True when the bytes are a report document (sniffed, since names lie).
    pub is_report: fn(&[u8]) -> bool,
    /// Attachments that may hold a report, by file name and MIME type.
    pub is_attachment: fn(&str, &str) -> bool,
    /// The document format, for messages: "XML", "JSON".
    pub format: &'static str,
    /// What else a file may be, for messages: "gzip, zip".
    pub containers: &'static str,
    /// The report, for messages: "a DMARC report".
    pub report: &'static str,
}

/// Read a source and unwrap it into its report documents.
pub fn read_source(source: &Source, kind: &ReportKind) -> Vec<Part> {
    let mut parts = Vec::new();
    super::read_source(source, kind.limits, &mut |item| {
        match item {
            Item::Skipped(s) => parts.push(Err((s.file, s.why))),
            Item::Document(doc) => unwrap_document(doc, kind, &mut parts),
        }
        true
    });
    parts
}

/// Decide what a document is by its first bytes and unwrap it.
fn unwrap_document(doc: Document, kind: &ReportKind, parts: &mut Vec<Part>) {
    if (kind.is_report)(&doc.bytes) {
        parts.push(Ok((doc.label, doc.bytes)));
        return;
    }
    if !looks_like_message(&doc.bytes) {
        let why = format!("not {}, {} or an e-mail message", kind.format, kind.containers);
        parts.push(Err((doc.label, why)));
        return;
    }
    let before = parts.len();
    let found = super::unpack::attachments(&doc, kind.limits, kind.is_attachment, &mut |item| {
        parts.push(match item {
            Item::Skipped(s) => Err((s.file, s.why)),
            Item::Document(d) if (kind.is_report)(&d.bytes) => Ok((d.label, d.bytes)),
            Item::Document(d) => Err((d.label, format!("attachment is not {}", kind.format))),
        });
        true
    });
    match found {
        Ok(0) if parts.len() == before => {
            let why = format!("e-mail message without {} attached", kind.report);
            parts.push(Err((doc.label, why)))
        }
        Ok(_) => {}
        Err(why) => parts.push(Err((doc.label, why))),
    }
}

/// True when the first byte after an optional UTF-8 BOM and white space is
/// `first` (`<` for XML, `{` for JSON): how report documents are sniffed.
pub fn starts_with_after_bom(data: &[u8], first: u8) -> bool {
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    data.iter().find(|b| !b.is_ascii_whitespace()) == Some(&first)
}

/// A header line "Name: value" at the start.
pub fn looks_like_message(data: &[u8]) -> bool {
    let head = &data[..data.len().min(1000)];
    let line = head.split(|&b| b == b'\n').next().unwrap_or(head);
    line.iter()
        .position(|&b| b == b':')
        .is_some_and(|colon| colon > 0 && line[..colon].iter().all(|b| b.is_ascii_graphic() && *b != b':'))
}
