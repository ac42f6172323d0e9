//! One source into documents: sniff by content (names lie: `.xml.gz` saved
//! as `.xml` is common), gunzip every member, open zip archives, split
//! mboxes, take report attachments out of e-mail. Every expansion is capped
//! and every cap that drops data is reported as a [`Skip`].

use super::limits::{Limits, MAX_ARCHIVE_NESTING, MAX_MIME_DEPTH};
use super::{Document, Item, Skip, Source, mbox};
use std::io::{BufRead, BufReader, Cursor, Read};

const GZIP_MAGIC: &[u8] = &[0x1f, 0x8b];

fn is_zip(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06")
}

fn mb(bytes: u64) -> u64 {
    bytes >> 20
}

/// Read one source; see [`super::read_source`].
pub fn read_source(source: &Source, limits: &Limits, emit: &mut dyn FnMut(Item) -> bool) -> Option<bool> {
    let label = source.label();
    match source {
        Source::Stdin => Some(read_stream(&label, std::io::stdin().lock(), limits, emit)),
        Source::File(path) => {
            // Checked again at open time: the walk may be old news.
            let file = std::fs::metadata(path).and_then(|m| {
                if m.is_file() {
                    std::fs::File::open(path)
                } else {
                    Err(std::io::Error::other("not a regular file"))
                }
            });
            match file {
                Ok(f) => Some(read_stream(&label, f, limits, emit)),
                Err(e) => {
                    emit(Item::Skipped(Skip::new(label, format!("cannot read: {e}"))));
                    None
                }
            }
        }
    }
}

/// A reader that fails once more than `left` bytes came through: the cap on
/// what a gzip stream may expand to.
struct Capped<R> {
    inner: R,
    left: u64,
    cap: u64,
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n as u64 > self.left {
            return Err(std::io::Error::other(format!(
                "expands beyond {} MB (the limit for one file)",
                mb(self.cap)
            )));
        }
        self.left -= n as u64;
        Ok(n)
    }
}

fn read_stream(label: &str, stream: impl Read, limits: &Limits, emit: &mut dyn FnMut(Item) -> bool) -> bool {
    let mut reader = BufReader::with_capacity(256 * 1024, stream);
    let is_gzip = match reader.fill_buf() {
        Ok(buf) => buf.starts_with(GZIP_MAGIC),
        Err(e) => return emit(Item::Skipped(Skip::new(label, format!("cannot read: {e}")))),
    };
    if is_gzip {
        // Every member: a gzip written in pieces (`cat a.gz b.gz`) is valid.
        let gz = flate2::read::MultiGzDecoder::new(reader);
        let capped = Capped {
            inner: gz,
            left: limits.max_expanded_bytes,
            cap: limits.max_expanded_bytes,
        };
        read_plain(label, BufReader::with_capacity(256 * 1024, capped), limits, emit)
    } else {
        read_plain(label, reader, limits, emit)
    }
}

fn read_plain<R: BufRead>(label: &str, mut reader: R, limits: &Limits, emit: &mut dyn FnMut(Item) -> bool) -> bool {
    let head = match reader.fill_buf() {
        Ok(buf) => buf.get(..5).unwrap_or(buf).to_vec(),
        Err(e) => return emit(Item::Skipped(Skip::new(label, read_error(&e)))),
    };
    if head.starts_with(b"From ") {
        return mbox::split(label, reader, limits.max_document_bytes, emit);
    }
    if is_zip(&head) {
        let mut bytes = Vec::new();
        return match reader.take(limits.max_file_bytes + 1).read_to_end(&mut bytes) {
            Ok(_) if bytes.len() as u64 > limits.max_file_bytes => emit(Item::Skipped(Skip::new(
                label,
                format!("zip archive larger than {} MB", mb(limits.max_file_bytes)),
            ))),
            Ok(_) => {
                let mut budget = limits.max_expanded_bytes;
                unzip(label, &bytes, limits, 1, &mut budget, emit)
            }
            Err(e) => emit(Item::Skipped(Skip::new(label, read_error(&e)))),
        };
    }
    let cap = limits.max_document_bytes as u64;
    let mut bytes = Vec::new();
    match (&mut reader).take(cap + 1).read_to_end(&mut bytes) {
        Ok(_) if bytes.len() as u64 > cap => {
            if limits.cut_long_documents {
                // The report part of a bounce comes first; the returned original is what is cut.
                bytes.truncate(limits.max_document_bytes);
                emit_document(label.to_string(), bytes, emit)
            } else {
                emit(Item::Skipped(Skip::new(label, format!("larger than {} MB", mb(cap)))))
            }
        }
        Ok(_) => emit_document(label.to_string(), bytes, emit),
        Err(e) => {
            // Hand on what was read of a truncated mailbox file, and say why the rest is missing.
            if limits.cut_long_documents && !bytes.is_empty() && !emit_document(label.to_string(), bytes, emit) {
                return false;
            }
            emit(Item::Skipped(Skip::new(label, read_error(&e))))
        }
    }
}

fn read_error(e: &std::io::Error) -> String {
    let text = e.to_string();
    if text.contains("expands beyond") {
        text
    } else if matches!(
        e.kind(),
        std::io::ErrorKind::UnexpectedEof | std::io::ErrorKind::InvalidInput
    ) || text.contains("deflate")
        || text.contains("gzip")
    {
        format!("broken or truncated gzip: {text}")
    } else {
        format!("cannot read: {text}")
    }
}

fn emit_document(label: String, mut bytes: Vec<u8>, emit: &mut dyn FnMut(Item) -> bool) -> bool {
    mbox::remove_stray_nuls(&mut bytes);
    emit(Item::Document(Document { label, bytes }))
}

/// Data held in memory (an archive entry, an attachment): unwrap gzip and
/// zip, split mboxes, emit documents. `budget` is what the whole input file
/// may still expand to.
pub fn unwrap_bytes(
    label: &str,
    data: &[u8],
    limits: &Limits,
    nesting: usize,
    budget: &mut u64,
    emit: &mut dyn FnMut(Item) -> bool,
) -> bool {
    if nesting > MAX_ARCHIVE_NESTING {
        return emit(Item::Skipped(Skip::new(
            label,
            format!("archives nested deeper than {MAX_ARCHIVE_NESTING}"),
        )));
    }
    if data.starts_with(GZIP_MAGIC) {
        let cap = (*budget).min(limits.max_document_bytes as u64);
        let mut out = Vec::new();
        let read = flate2::read::MultiGzDecoder::new(data)
            .take(cap + 1)
            .read_to_end(&mut out);
        return match read {
            Ok(_) if out.len() as u64 > cap => {
                emit(Item::Skipped(Skip::new(label, expands_beyond(cap, *budget, limits))))
            }
            Ok(_) => {
                *budget -= out.len() as u64;
                unwrap_bytes(label, &out, limits, nesting + 1, budget, emit)
            }
            Err(e) => emit(Item::Skipped(Skip::new(
                label,
                format!("broken or truncated gzip: {e}"),
            ))),
        };
    }
    if is_zip(data) {
        return unzip(label, data, limits, nesting + 1, budget, emit);
    }
    if data.starts_with(b"From ") {
        return mbox::split(label, data, limits.max_document_bytes, emit);
    }
    emit_document(label.to_string(), data.to_vec(), emit)
}

fn expands_beyond(cap: u64, budget: u64, limits: &Limits) -> String {
    if cap >= budget {
        format!(
            "expands beyond {} MB (the limit for one input file)",
            mb(limits.max_expanded_bytes)
        )
    } else {
        format!("expands beyond {} MB (the limit for one document)", mb(cap))
    }
}

fn unzip(
    label: &str,
    data: &[u8],
    limits: &Limits,
    nesting: usize,
    budget: &mut u64,
    emit: &mut dyn FnMut(Item) -> bool,
) -> bool {
    let mut archive = match zip::ZipArchive::new(Cursor::new(data)) {
        Ok(a) => a,
        Err(e) => return emit(Item::Skipped(Skip::new(label, format!("broken zip: {e}")))),
    };
    let total = archive.len();
    let mut taken = 0usize;
    for i in 0..total {
        if taken >= limits.max_entries {
            let left = total - i;
            return emit(Item::Skipped(Skip::new(
                label,
                format!(
                    "{left} more archive entr{} not read: more than {} in one archive",
                    if left == 1 { "y" } else { "ies" },
                    limits.max_entries
                ),
            )));
        }
        let mut file = match archive.by_index(i) {
            Ok(f) => f,
            Err(e) => {
                if !emit(Item::Skipped(Skip::new(
                    label,
                    format!("broken zip entry {}: {e}", i + 1),
                ))) {
                    return false;
                }
                continue;
            }
        };
        if file.is_dir() {
            continue;
        }
        taken += 1;
        let entry_label = format!("{label}:{}", file.name());
        // The declared size can be forged: the cap is on what is actually read.
        let cap = (*budget).min(limits.max_document_bytes as u64);
        let mut out = Vec::new();
        let go_on = match (&mut file).take(cap + 1).read_to_end(&mut out) {
            Ok(_) if out.len() as u64 > cap => {
                let why = expands_beyond(cap, *budget, limits);
                let whole_file = cap >= *budget;
                let go_on = emit(Item::Skipped(Skip::new(entry_label, why)));
                if whole_file {
                    let left = total - i - 1;
                    if left > 0 {
                        return emit(Item::Skipped(Skip::new(
                            label,
                            format!("{left} more archive entries not read: the archive expands beyond its limit"),
                        )));
                    }
                }
                go_on
            }
            Ok(_) => {
                *budget -= out.len() as u64;
                drop(file);
                unwrap_bytes(&entry_label, &out, limits, nesting, budget, emit)
            }
            Err(e) => emit(Item::Skipped(Skip::new(entry_label, format!("broken zip entry: {e}")))),
        };
        if !go_on {
            return false;
        }
    }
    true
}

/// Which attachments a report reader wants, by file name and MIME type
/// (both lower case).
pub type WantsAttachment = fn(name: &str, mime: &str) -> bool;

/// The attachments of an e-mail message that `wants` picks, unwrapped into
/// documents. `Ok(n)` is how many documents were found; `Err` says why the
/// message could not be read.
pub fn attachments(
    doc: &Document,
    limits: &Limits,
    wants: WantsAttachment,
    emit: &mut dyn FnMut(Item) -> bool,
) -> Result<usize, String> {
    use mail_parser::{MessageParser, MimeHeaders, PartType};
    if super::mime::nests_deeper_than(&doc.bytes, MAX_MIME_DEPTH) {
        return Err(nested_too_deep());
    }
    let message = MessageParser::new()
        .parse(&doc.bytes)
        .ok_or_else(|| "not a readable e-mail message".to_string())?;
    let mut budget = limits.max_expanded_bytes;
    let mut found = 0usize;
    let candidates: Vec<_> = message
        .parts
        .iter()
        .filter_map(|part| {
            let name = part.attachment_name().unwrap_or("").to_ascii_lowercase();
            let mime = part
                .content_type()
                .map(|ct| format!("{}/{}", ct.ctype(), ct.subtype().unwrap_or("")).to_ascii_lowercase())
                .unwrap_or_default();
            if !wants(&name, &mime) {
                return None;
            }
            let body: &[u8] = match &part.body {
                PartType::Binary(b) | PartType::InlineBinary(b) => b.as_ref(),
                PartType::Text(t) => t.as_bytes(),
                _ => return None,
            };
            Some((name, body))
        })
        .collect();
    let total = candidates.len();
    for (i, (name, body)) in candidates.into_iter().enumerate() {
        if i >= limits.max_entries {
            let left = total - i;
            emit(Item::Skipped(Skip::new(
                doc.label.clone(),
                format!(
                    "{left} more attachments not read: more than {} in one message",
                    limits.max_entries
                ),
            )));
            break;
        }
        let label = if name.is_empty() {
            format!("{}:attachment {}", doc.label, i + 1)
        } else {
            format!("{}:{name}", doc.label)
        };
        found += 1;
        if !unwrap_bytes(&label, body, limits, 1, &mut budget, emit) {
            break;
        }
    }
    Ok(found)
}

/// The skip reason for a message nested deeper than [`MAX_MIME_DEPTH`].
pub fn nested_too_deep() -> String {
    format!("MIME parts nested deeper than {MAX_MIME_DEPTH} levels")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn items(data: &[u8], limits: &Limits) -> Vec<Item> {
        let mut out = Vec::new();
        let mut budget = limits.max_expanded_bytes;
        unwrap_bytes("f", data, limits, 1, &mut budget, &mut |i| {
            out.push(i);
            true
        });
        out
    }

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(data).unwrap();
        enc.finish().unwrap()
    }

    fn zip_of(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
        let mut buf = Cursor::new(Vec::new());
        {
            let mut w = zip::ZipWriter::new(&mut buf);
            for (name, body) in entries {
                w.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
                    .unwrap();
                w.write_all(body).unwrap();
            }
            w.finish().unwrap();
        }
        buf.into_inner()
    }

    /// How many documents, and the reasons of the skips, in order.
    fn tally(got: &[Item]) -> (usize, Vec<String>) {
        let docs = got.iter().filter(|i| matches!(i, Item::Document(_))).count();
        let skips = got
            .iter()
            .filter_map(|i| match i {
                Item::Skipped(s) => Some(s.why.clone()),
                _ => None,
            })
            .collect();
        (docs, skips)
    }

    fn assert_one_skip(got: &[Item], why: &str) {
        let (docs, skips) = tally(got);
        assert!(docs == 0 && skips.len() == 1 && skips[0].contains(why), "{got:?}");
    }

    fn read_file(path: &std::path::Path, limits: &Limits) -> Vec<Item> {
        let mut out = Vec::new();
        read_source(&Source::File(path.to_path_buf()), limits, &mut |i| {
            out.push(i);
            true
        });
        out
    }

    #[test]
    fn multi_member_gzip_is_read_whole() {
        let mut data = gzip(b"<feedback>");
        data.extend(gzip(b"</feedback>"));
        let whole = b"<feedback></feedback>".to_vec();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.xml.gz");
        std::fs::write(&path, &data).unwrap();
        let label = path.display().to_string();
        assert_eq!(
            read_file(&path, &Limits::REPORTS),
            vec![Item::Document(Document {
                label,
                bytes: whole.clone()
            })]
        );
        assert_eq!(
            items(&data, &Limits::REPORTS),
            vec![Item::Document(Document {
                label: "f".into(),
                bytes: whole
            })]
        );
    }

    #[test]
    fn gzip_bomb_stops_at_the_cap() {
        let limits = Limits {
            max_expanded_bytes: 1 << 20,
            ..Limits::REPORTS
        };
        let bomb = gzip(&vec![b' '; 3 << 20]);
        assert_one_skip(&items(&bomb, &limits), "expands beyond");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bomb.gz");
        std::fs::write(&path, &bomb).unwrap();
        assert_one_skip(&read_file(&path, &limits), "expands beyond");
    }

    #[test]
    fn zip_entry_cap_is_reported_not_silent() {
        let limits = Limits {
            max_entries: 3,
            ..Limits::REPORTS
        };
        let entries: Vec<_> = (0..5).map(|i| (format!("r{i}.xml"), b"<feedback/>".to_vec())).collect();
        let (docs, skips) = tally(&items(&zip_of(&entries), &limits));
        assert_eq!(docs, 3);
        assert_eq!(skips.len(), 1);
        assert!(skips[0].contains("2 more archive entries"));
    }

    #[test]
    fn zip_total_expansion_is_capped_per_file() {
        let limits = Limits {
            max_expanded_bytes: 1000,
            ..Limits::REPORTS
        };
        let entries: Vec<_> = (0..5).map(|i| (format!("r{i}.xml"), vec![b'x'; 400])).collect();
        let (docs, skips) = tally(&items(&zip_of(&entries), &limits));
        assert_eq!(docs, 2);
        assert_eq!(skips.len(), 2, "{skips:?}");
        assert!(skips[0].contains("one input file"));
        assert!(skips[1].contains("2 more archive entries"));
    }

    #[test]
    fn archives_nested_too_deep_are_skipped() {
        let mut data = b"<feedback/>".to_vec();
        for _ in 0..=MAX_ARCHIVE_NESTING {
            data = zip_of(&[("x".into(), data)]);
        }
        assert_one_skip(&items(&data, &Limits::REPORTS), "nested deeper");
    }

    #[test]
    fn attachments_cap_and_depth() {
        let limits = Limits {
            max_entries: 2,
            ..Limits::REPORTS
        };
        let mut m = b"Subject: r\nContent-Type: multipart/mixed; boundary=B\n\n".to_vec();
        for i in 0..4 {
            m.extend_from_slice(
                format!(
                    "--B\nContent-Type: text/xml\nContent-Disposition: attachment; filename=r{i}.xml\n\n<feedback/>\n"
                )
                .as_bytes(),
            );
        }
        m.extend_from_slice(b"--B--\n");
        let doc = Document {
            label: "m.eml".into(),
            bytes: m,
        };
        let mut got = Vec::new();
        let n = attachments(&doc, &limits, |name, _| name.ends_with(".xml"), &mut |i| {
            got.push(i);
            true
        })
        .unwrap();
        assert_eq!(n, 2);
        assert!(matches!(got.last(), Some(Item::Skipped(s)) if s.why.contains("2 more attachments")));
        let deep = Document {
            label: "n.eml".into(),
            bytes: b"Content-Type:message/rfc822\n\n".repeat(40_000),
        };
        let err = attachments(&deep, &limits, |_, _| true, &mut |_| true).unwrap_err();
        assert!(err.contains("nested deeper than"));
    }
}
