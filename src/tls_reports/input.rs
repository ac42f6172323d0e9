//! Files into TLS-RPT JSON documents: plain JSON, gzip, and e-mail messages
//! with `application/tlsrpt+gzip` or `application/tlsrpt+json` parts. The
//! directory walk and the caps are those of the DMARC report reader.

use crate::dmarc_reports::input::{MAX_FILE_BYTES, MAX_PARTS, MAX_XML_BYTES};
use std::io::Read;
use std::path::Path;

pub use crate::dmarc_reports::input::collect_files;

/// Largest decompressed report: the same cap as for DMARC XML.
pub const MAX_JSON_BYTES: u64 = MAX_XML_BYTES;

/// One JSON document found in a file, or why a part could not be read.
pub type Part = Result<Vec<u8>, String>;

/// Read a file and unwrap it into its JSON documents.
pub fn read_file(path: &Path) -> Vec<Part> {
    let mut data = Vec::new();
    let read = std::fs::File::open(path).and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut data));
    match read {
        Err(e) => vec![Err(format!("cannot read: {e}"))],
        Ok(_) if data.len() as u64 > MAX_FILE_BYTES => {
            vec![Err(format!("file larger than {} MB", MAX_FILE_BYTES >> 20))]
        }
        Ok(_) => unwrap_bytes(&data, true),
    }
}

/// Decide what `data` is by its first bytes, not its name, and unwrap it.
/// Messages are opened only at the top level (a report never holds one).
pub fn unwrap_bytes(data: &[u8], top_level: bool) -> Vec<Part> {
    if data.starts_with(&[0x1f, 0x8b]) {
        return vec![gunzip(data).and_then(expect_json)];
    }
    if looks_like_json(data) {
        return vec![Ok(data.to_vec())];
    }
    if top_level && looks_like_message(data) {
        return from_message(data);
    }
    vec![Err("not JSON, gzip or an e-mail message".into())]
}

fn expect_json(data: Vec<u8>) -> Part {
    if looks_like_json(&data) {
        Ok(data)
    } else {
        Err("gzip content is not JSON".into())
    }
}

fn looks_like_json(data: &[u8]) -> bool {
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    data.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
}

fn looks_like_message(data: &[u8]) -> bool {
    let head = &data[..data.len().min(1000)];
    let line = head.split(|&b| b == b'\n').next().unwrap_or(head);
    head.starts_with(b"From ")
        || line
            .iter()
            .position(|&b| b == b':')
            .is_some_and(|colon| colon > 0 && line[..colon].iter().all(|b| b.is_ascii_graphic()))
}

fn gunzip(data: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(data)
        .take(MAX_JSON_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("broken gzip: {e}"))?;
    if out.len() as u64 > MAX_JSON_BYTES {
        return Err(format!("gzip expands beyond {} MB", MAX_JSON_BYTES >> 20));
    }
    Ok(out)
}

fn from_message(data: &[u8]) -> Vec<Part> {
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
        let is_report = matches!(subtype.as_str(), "tlsrpt+gzip" | "tlsrpt+json")
            || name.ends_with(".json")
            || name.ends_with(".json.gz");
        if !is_report {
            continue;
        }
        let body: &[u8] = match &part.body {
            PartType::Binary(b) | PartType::InlineBinary(b) => b.as_ref(),
            PartType::Text(t) => t.as_bytes(),
            _ => continue,
        };
        parts.extend(unwrap_bytes(body, false));
    }
    if parts.is_empty() {
        parts.push(Err("e-mail message without a TLS report attached".into()));
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn a_gzip_bomb_stops_at_the_cap() {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(b"{").unwrap();
        let spaces = vec![b' '; 1 << 20];
        for _ in 0..(MAX_JSON_BYTES >> 20) + 1 {
            encoder.write_all(&spaces).unwrap();
        }
        let parts = unwrap_bytes(&encoder.finish().unwrap(), true);
        assert!(parts[0].as_ref().unwrap_err().contains("expands beyond"), "{parts:?}");
    }

    #[test]
    fn sniffing_goes_by_content() {
        assert!(unwrap_bytes(b"\xEF\xBB\xBF {}", true)[0].is_ok());
        assert!(unwrap_bytes(b"<feedback/>", true)[0].is_err());
        let no_report = unwrap_bytes(b"Subject: hi\r\n\r\nnothing attached", true);
        assert!(no_report[0].as_ref().unwrap_err().contains("without a TLS report"));
        assert!(unwrap_bytes(b"Subject: hi\r\n\r\n", false)[0].is_err());
    }
}
