//! Files into report XML documents, through the shared input layer
//! ([`crate::input`]): plain .xml, gzip (every member), zip, and e-mail
//! messages (or mboxes of them) with one of those attached. Reports come
//! from strangers: every expansion is capped, and a cap that drops a report
//! is a skipped entry, never a silent undercount.

use crate::input::{self, Limits, Source};

/// The caps for report files (docs/limits.md).
pub const LIMITS: Limits = Limits::REPORTS;

/// One XML document found in a file (labelled `file`, `file:entry`, `file#N:attachment`),
/// or what could not be read and why.
pub use crate::input::reports::Part;

/// Attachments that may hold an aggregate report.
fn is_report_attachment(name: &str, mime: &str) -> bool {
    name.ends_with(".xml")
        || name.ends_with(".gz")
        || name.ends_with(".zip")
        || matches!(
            mime.rsplit('/').next().unwrap_or(""),
            "xml" | "gzip" | "x-gzip" | "zip" | "x-zip-compressed"
        )
}

/// What these reports look like to the shared report reader.
const KIND: input::reports::ReportKind = input::reports::ReportKind {
    limits: &LIMITS,
    is_report: looks_like_xml,
    is_attachment: is_report_attachment,
    format: "XML",
    containers: "gzip, zip",
    report: "a DMARC report",
};

/// Read a source and unwrap it into its XML documents.
pub fn read_source(source: &Source) -> Vec<Part> {
    input::reports::read_source(source, &KIND)
}

fn looks_like_xml(data: &[u8]) -> bool {
    input::reports::starts_with_after_bom(data, b'<')
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn read_bytes(data: &[u8]) -> Vec<Part> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, data).unwrap();
        read_source(&Source::File(path))
    }

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(data).unwrap();
        enc.finish().unwrap()
    }

    #[test]
    fn multi_member_gzip_report_is_read() {
        let mut data = gzip(b"<feedback>");
        data.extend(gzip(b"</feedback>"));
        let parts = read_bytes(&data);
        assert_eq!(parts.len(), 1);
        assert_eq!(parts[0].as_ref().unwrap().1, b"<feedback></feedback>");
    }

    #[test]
    fn zip_entry_is_unwrapped() {
        let mut buf = std::io::Cursor::new(Vec::new());
        {
            let mut w = zip::ZipWriter::new(&mut buf);
            w.start_file("r.xml", zip::write::SimpleFileOptions::default()).unwrap();
            w.write_all(b"<feedback/>").unwrap();
            w.finish().unwrap();
        }
        let parts = read_bytes(buf.get_ref());
        assert_eq!(parts.len(), 1);
        let (label, xml) = parts[0].as_ref().unwrap();
        assert_eq!(xml, b"<feedback/>");
        assert!(label.ends_with("f:r.xml"));
    }

    #[test]
    fn sniffing() {
        assert!(read_bytes(b"\xEF\xBB\xBF <feedback/>")[0].is_ok());
        assert!(read_bytes(b"random bytes")[0].is_err());
        assert!(
            read_bytes(b"Subject: hi\r\n\r\nno attachment")[0]
                .as_ref()
                .unwrap_err()
                .1
                .contains("without a DMARC report")
        );
    }

    #[test]
    fn deeply_nested_message_is_skipped() {
        let parts = read_bytes(&b"Content-Type:message/rfc822\n\n".repeat(40_000));
        assert_eq!(parts.len(), 1);
        assert!(parts[0].as_ref().unwrap_err().1.contains("nested deeper"));
    }
}
