//! Turning paths into a stream of raw messages: single files, directories
//! (recursed, sorted by name so runs are repeatable), Maildirs, mbox files,
//! gzip of either, and `-` for standard input. Nothing here parses MIME.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// Messages larger than this are cut: the report parts of a bounce come
/// first and the returned original last, so nothing useful is lost, and one
/// hostile file cannot take the memory.
pub const MAX_MESSAGE_BYTES: usize = 4 * 1024 * 1024;

/// What the reader hands on: a message, or a file it could not read.
pub enum Input {
    Message { source: String, bytes: Vec<u8> },
    Unreadable { source: String, why: String },
}

/// Files a directory walk passes over: fixture answers, Maildir and Dovecot
/// bookkeeping, hidden files.
fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with(".expected.json")
        || name.starts_with("dovecot")
        || name.starts_with("courierimap")
        || matches!(name, "maildirfolder" | "subscriptions" | "tmp")
}

/// Walk `path` and call `emit` for every message found; returns the number
/// of files opened. `emit` returns false to stop early.
pub fn read_path(path: &Path, emit: &mut dyn FnMut(Input) -> bool) -> usize {
    if path.as_os_str() == "-" {
        let stdin = std::io::stdin();
        read_stream("-", Box::new(stdin.lock()), emit);
        return 1;
    }
    let display = path.display().to_string();
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            emit(Input::Unreadable {
                source: display,
                why: e.to_string(),
            });
            return 0;
        }
    };
    if meta.is_dir() {
        let mut entries: Vec<_> = match std::fs::read_dir(path) {
            Ok(rd) => rd.filter_map(|e| e.ok()).map(|e| e.path()).collect(),
            Err(e) => {
                emit(Input::Unreadable {
                    source: display,
                    why: e.to_string(),
                });
                return 0;
            }
        };
        entries.sort();
        let mut files = 0;
        for entry in entries {
            let name = entry
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if is_ignored_name(&name) {
                continue;
            }
            files += read_path(&entry, emit);
        }
        return files;
    }
    match File::open(path) {
        Ok(file) => {
            read_stream(&display, Box::new(file), emit);
            1
        }
        Err(e) => {
            emit(Input::Unreadable {
                source: display,
                why: e.to_string(),
            });
            0
        }
    }
}

/// Read one stream (file or stdin): gunzip when it starts with the gzip
/// magic, split as mbox when it starts with `From `, else one message.
fn read_stream(source: &str, stream: Box<dyn Read + '_>, emit: &mut dyn FnMut(Input) -> bool) {
    let mut reader = BufReader::with_capacity(256 * 1024, stream);
    let head = match reader.fill_buf() {
        Ok(buf) => buf.get(..2).map(|b| b.to_vec()).unwrap_or_else(|| buf.to_vec()),
        Err(e) => {
            emit(Input::Unreadable {
                source: source.to_string(),
                why: e.to_string(),
            });
            return;
        }
    };
    if head == [0x1f, 0x8b] {
        let gz = flate2::read::MultiGzDecoder::new(reader);
        let inner = BufReader::with_capacity(256 * 1024, gz);
        read_plain(source, inner, emit);
    } else {
        read_plain(source, reader, emit);
    }
}

fn read_plain<R: BufRead>(source: &str, mut reader: R, emit: &mut dyn FnMut(Input) -> bool) {
    let is_mbox = match reader.fill_buf() {
        Ok(buf) => buf.starts_with(b"From "),
        Err(e) => {
            emit(Input::Unreadable {
                source: source.to_string(),
                why: e.to_string(),
            });
            return;
        }
    };
    if is_mbox {
        split_mbox(source, reader, emit);
        return;
    }
    let mut bytes = Vec::new();
    let limited = (&mut reader).take(MAX_MESSAGE_BYTES as u64).read_to_end(&mut bytes);
    match limited {
        Ok(_) => {
            emit(Input::Message {
                source: source.to_string(),
                bytes,
            });
        }
        Err(e) => {
            // A truncated gzip or a read error mid-file: hand on what was
            // read if anything, and say why the rest is missing.
            if bytes.is_empty() {
                emit(Input::Unreadable {
                    source: source.to_string(),
                    why: e.to_string(),
                });
            } else {
                emit(Input::Message {
                    source: source.to_string(),
                    bytes,
                });
            }
        }
    }
}

/// Split an mbox (mboxo/mboxrd) on `From ` lines that follow a blank line,
/// unquoting `>From ` lines. Each message is labelled `source#N` (1-based).
fn split_mbox<R: BufRead>(source: &str, mut reader: R, emit: &mut dyn FnMut(Input) -> bool) {
    let mut line = Vec::with_capacity(1024);
    let mut current: Vec<u8> = Vec::new();
    let mut started = false;
    let mut previous_blank = true;
    let mut index = 0usize;
    let flush = |current: &mut Vec<u8>, index: &mut usize, emit: &mut dyn FnMut(Input) -> bool| -> bool {
        *index += 1;
        let bytes = std::mem::take(current);
        emit(Input::Message {
            source: format!("{source}#{index}"),
            bytes,
        })
    };
    loop {
        line.clear();
        match read_line_capped(&mut reader, &mut line, MAX_MESSAGE_BYTES) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                if started && !flush(&mut current, &mut index, emit) {
                    return;
                }
                emit(Input::Unreadable {
                    source: format!("{source}#{}", index + 1),
                    why: e.to_string(),
                });
                return;
            }
        }
        if previous_blank && line.starts_with(b"From ") {
            if started && !flush(&mut current, &mut index, emit) {
                return;
            }
            started = true;
            previous_blank = false;
            continue;
        }
        let is_blank = line == b"\n" || line == b"\r\n";
        let mut content: &[u8] = &line;
        // mboxrd: ">From " and ">>From " lose one '>'.
        if content.starts_with(b">") {
            let quotes = content.iter().take_while(|&&b| b == b'>').count();
            if content[quotes..].starts_with(b"From ") {
                content = &content[1..];
            }
        }
        if current.len() + content.len() <= MAX_MESSAGE_BYTES {
            current.extend_from_slice(content);
        }
        previous_blank = is_blank;
    }
    if started {
        // The blank line before the next "From " belongs to the separator.
        flush(&mut current, &mut index, emit);
    }
}

/// `read_until(b'\n')` that keeps at most `cap` bytes of the line (the rest
/// is consumed and dropped), so one endless line cannot take the memory.
/// Returns the bytes consumed (0 at end of input).
fn read_line_capped<R: BufRead>(reader: &mut R, line: &mut Vec<u8>, cap: usize) -> std::io::Result<usize> {
    let mut consumed = 0;
    loop {
        let (done, used) = {
            let buf = match reader.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if buf.is_empty() {
                return Ok(consumed);
            }
            let (done, used) = match buf.iter().position(|&b| b == b'\n') {
                Some(i) => (true, i + 1),
                None => (false, buf.len()),
            };
            let room = cap.saturating_sub(line.len());
            line.extend_from_slice(&buf[..used.min(room)]);
            (done, used)
        };
        reader.consume(used);
        consumed += used;
        if done {
            return Ok(consumed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(data: &[u8]) -> Vec<(String, Vec<u8>)> {
        let mut out = Vec::new();
        read_plain("m", data, &mut |i| {
            if let Input::Message { source, bytes } = i {
                out.push((source, bytes));
            }
            true
        });
        out
    }

    #[test]
    fn splits_mbox_and_unquotes() {
        let data = b"From a@b Mon Jan  1 00:00:00 2024\nSubject: one\n\n>From here\n\nFrom c@d Mon Jan  1 00:00:00 2024\nSubject: two\n\nbody\n";
        let got = collect(data);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].0, "m#1");
        assert_eq!(got[0].1, b"Subject: one\n\nFrom here\n\n");
        assert_eq!(got[1].0, "m#2");
    }

    #[test]
    fn from_inside_a_paragraph_does_not_split() {
        let data = b"From a@b x\nSubject: one\n\nline\nFrom me, hello\n";
        assert_eq!(collect(data).len(), 1);
    }

    #[test]
    fn endless_line_is_capped() {
        let mut data = b"From a@b x\nSubject: big\n\n".to_vec();
        data.extend(std::iter::repeat_n(b'x', MAX_MESSAGE_BYTES * 2));
        data.extend_from_slice(b"\n\nFrom c@d x\nSubject: two\n\nbody\n");
        let got = collect(&data);
        assert_eq!(got.len(), 2);
        assert!(got[0].1.len() <= MAX_MESSAGE_BYTES);
    }

    #[test]
    fn single_message_is_one() {
        let got = collect(b"Subject: x\n\nbody\n");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, "m");
    }
}
