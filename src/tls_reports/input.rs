//! Files into TLS-RPT JSON documents, through the shared input layer
//! ([`crate::input`]: walking, gzip, caps): plain JSON, gzip, and e-mail
//! messages with `application/tlsrpt+gzip` or `application/tlsrpt+json` parts.

use crate::input::{self, Limits, Source};

/// The caps for report files: those of DMARC reports (docs/limits.md).
pub const LIMITS: Limits = Limits::REPORTS;

/// One JSON document found in a file (labelled as the input layer does), or
/// what could not be read and why.
pub use crate::input::reports::Part;

/// Attachments that may hold a TLS report (RFC 8460 section 5.3).
fn is_report_attachment(name: &str, mime: &str) -> bool {
    matches!(mime, "application/tlsrpt+gzip" | "application/tlsrpt+json")
        || name.ends_with(".json")
        || name.ends_with(".json.gz")
}

/// What these reports look like to the shared report reader.
const KIND: input::reports::ReportKind = input::reports::ReportKind {
    limits: &LIMITS,
    is_report: looks_like_json,
    is_attachment: is_report_attachment,
    format: "JSON",
    containers: "gzip",
    report: "a TLS report",
};

/// Read a source and unwrap it into its JSON documents.
pub fn read_source(source: &Source) -> Vec<Part> {
    input::reports::read_source(source, &KIND)
}

fn looks_like_json(data: &[u8]) -> bool {
    input::reports::starts_with_after_bom(data, b'{')
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
