//! Files into report XML documents: plain .xml, gzip, zip, and e-mail
//! messages with one of those attached. Reports come from strangers, so every
//! decompression is capped.

use flate2::read::GzDecoder;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

/// Largest file read from disk. Real reports are kilobytes to a few megabytes.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// Largest decompressed report (gzip/zip bombs stop here).
pub const MAX_XML_BYTES: u64 = 32 * 1024 * 1024;
/// Most reports taken from one zip archive or one message.
pub const MAX_PARTS: usize = 1000;

/// One XML document found in a file, or why a part could not be read.
pub type Part = Result<Vec<u8>, String>;

/// Every file under `paths`, directories walked recursively in name order.
/// Unreadable directories are reported as (path, why).
pub fn collect_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<(String, String)>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        walk(path, &mut files, &mut errors, 0);
    }
    (files, errors)
}

fn walk(path: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<(String, String)>, depth: usize) {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            errors.push((path.display().to_string(), format!("cannot read: {e}")));
            return;
        }
    };
    if meta.is_dir() {
        if depth > 64 {
            errors.push((path.display().to_string(), "directories nested too deep".into()));
            return;
        }
        let mut entries: Vec<PathBuf> = match std::fs::read_dir(path) {
            Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(e) => {
                errors.push((path.display().to_string(), format!("cannot read directory: {e}")));
                return;
            }
        };
        entries.sort();
        for entry in entries {
            let hidden = entry
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'));
            if !hidden {
                walk(&entry, files, errors, depth + 1);
            }
        }
    } else {
        files.push(path.to_path_buf());
    }
}

/// Read a file and unwrap it into its XML documents.
pub fn read_file(path: &Path) -> Vec<Part> {
    let data = match std::fs::File::open(path) {
        Ok(f) => {
            let mut buf = Vec::new();
            match f.take(MAX_FILE_BYTES + 1).read_to_end(&mut buf) {
                Ok(_) if buf.len() as u64 > MAX_FILE_BYTES => {
                    return vec![Err(format!("file larger than {} MB", MAX_FILE_BYTES >> 20))];
                }
                Ok(_) => buf,
                Err(e) => return vec![Err(format!("cannot read: {e}"))],
            }
        }
        Err(e) => return vec![Err(format!("cannot read: {e}"))],
    };
    unwrap_bytes(&data, 0)
}

/// Decide what `data` is by its first bytes (names lie; `.xml.gz` saved as
/// `.xml` is common) and unwrap it.
pub fn unwrap_bytes(data: &[u8], nesting: usize) -> Vec<Part> {
    if nesting > 2 {
        return vec![Err("archives nested too deep".into())];
    }
    if data.starts_with(&[0x1f, 0x8b]) {
        return vec![gunzip(data).and_then(|d| expect_xml(d, "gzip content"))];
    }
    if data.starts_with(b"PK\x03\x04") || data.starts_with(b"PK\x05\x06") {
        return unzip(data, nesting);
    }
    if looks_like_xml(data) {
        return vec![Ok(data.to_vec())];
    }
    if looks_like_message(data) {
        return from_message(data, nesting);
    }
    vec![Err("not XML, gzip, zip or an e-mail message".into())]
}

fn expect_xml(data: Vec<u8>, what: &str) -> Part {
    if looks_like_xml(&data) {
        Ok(data)
    } else {
        Err(format!("{what} is not XML"))
    }
}

fn looks_like_xml(data: &[u8]) -> bool {
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    data.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<')
}

fn looks_like_message(data: &[u8]) -> bool {
    // A header line "Name: value" (or an mbox "From " line) at the start.
    let head = &data[..data.len().min(1000)];
    if head.starts_with(b"From ") {
        return true;
    }
    let line_end = head.iter().position(|&b| b == b'\n').unwrap_or(head.len());
    let line = &head[..line_end];
    match line.iter().position(|&b| b == b':') {
        Some(colon) => colon > 0 && line[..colon].iter().all(|b| b.is_ascii_graphic() && *b != b':'),
        None => false,
    }
}

fn gunzip(data: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    GzDecoder::new(data)
        .take(MAX_XML_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("broken gzip: {e}"))?;
    if out.len() as u64 > MAX_XML_BYTES {
        return Err(format!("gzip expands beyond {} MB", MAX_XML_BYTES >> 20));
    }
    Ok(out)
}

fn unzip(data: &[u8], nesting: usize) -> Vec<Part> {
    let mut archive = match zip::ZipArchive::new(Cursor::new(data)) {
        Ok(a) => a,
        Err(e) => return vec![Err(format!("broken zip: {e}"))],
    };
    let mut parts = Vec::new();
    for i in 0..archive.len().min(MAX_PARTS) {
        let mut file = match archive.by_index(i) {
            Ok(f) => f,
            Err(e) => {
                parts.push(Err(format!("broken zip entry {i}: {e}")));
                continue;
            }
        };
        if file.is_dir() {
            continue;
        }
        // The declared size can be forged: the cap is on what is actually read.
        let mut out = Vec::new();
        match (&mut file).take(MAX_XML_BYTES + 1).read_to_end(&mut out) {
            Ok(_) if out.len() as u64 > MAX_XML_BYTES => {
                parts.push(Err(format!("zip entry expands beyond {} MB", MAX_XML_BYTES >> 20)))
            }
            Ok(_) => {
                if looks_like_xml(&out) {
                    parts.push(Ok(out));
                } else {
                    parts.extend(unwrap_bytes(&out, nesting + 1));
                }
            }
            Err(e) => parts.push(Err(format!("broken zip entry {}: {e}", file.name()))),
        }
    }
    if parts.is_empty() {
        parts.push(Err("zip archive holds no report".into()));
    }
    parts
}

fn from_message(data: &[u8], nesting: usize) -> Vec<Part> {
    use mail_parser::{MessageParser, MimeHeaders, PartType};
    let Some(message) = MessageParser::new().parse(data) else {
        return vec![Err("not a readable e-mail message".into())];
    };
    let mut parts = Vec::new();
    for part in message.parts.iter().take(MAX_PARTS) {
        let name = part.attachment_name().unwrap_or("").to_ascii_lowercase();
        let subtype = part
            .content_type()
            .and_then(|ct| ct.subtype())
            .unwrap_or("")
            .to_ascii_lowercase();
        let is_report = name.ends_with(".xml")
            || name.ends_with(".gz")
            || name.ends_with(".zip")
            || matches!(subtype.as_str(), "xml" | "gzip" | "x-gzip" | "zip" | "x-zip-compressed");
        if !is_report {
            continue;
        }
        let body: &[u8] = match &part.body {
            PartType::Binary(b) | PartType::InlineBinary(b) => b.as_ref(),
            PartType::Text(t) => t.as_bytes(),
            _ => continue,
        };
        parts.extend(unwrap_bytes(body, nesting + 1));
    }
    if parts.is_empty() {
        parts.push(Err("e-mail message without a DMARC report attached".into()));
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn gzip_bomb_stops_at_the_cap() {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        let zeros = vec![b' '; 1 << 20];
        for _ in 0..(MAX_XML_BYTES >> 20) + 2 {
            enc.write_all(&zeros).unwrap();
        }
        let bomb = enc.finish().unwrap();
        let parts = unwrap_bytes(&bomb, 0);
        assert_eq!(parts.len(), 1);
        assert!(parts[0].as_ref().unwrap_err().contains("expands beyond"));
    }

    #[test]
    fn zip_entry_is_unwrapped() {
        let mut buf = Cursor::new(Vec::new());
        {
            let mut w = zip::ZipWriter::new(&mut buf);
            w.start_file("r.xml", zip::write::SimpleFileOptions::default()).unwrap();
            w.write_all(b"<feedback/>").unwrap();
            w.finish().unwrap();
        }
        let parts = unwrap_bytes(buf.get_ref(), 0);
        assert_eq!(parts.len(), 1);
        assert_eq!(parts[0].as_ref().unwrap(), b"<feedback/>");
    }

    #[test]
    fn sniffing() {
        assert!(unwrap_bytes(b"\xEF\xBB\xBF <feedback/>", 0)[0].is_ok());
        assert!(unwrap_bytes(b"random bytes", 0)[0].is_err());
        assert!(
            unwrap_bytes(b"Subject: hi\r\n\r\nno attachment", 0)[0]
                .as_ref()
                .unwrap_err()
                .contains("without a DMARC report")
        );
    }
}
