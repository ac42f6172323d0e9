//! Splitting an mbox (mboxo/mboxrd) into messages, streaming: a 500 MB mbox
//! never sits in memory. A message starts at a `From ` line after a blank
//! line, or at any `From ` line shaped like a separator (`From sender Wed Jan
//! 3 10:00:00 2024`): some tools write mboxes without the blank line.

use super::{Document, Item, Skip};
use std::io::BufRead;

/// Split `reader` and emit each message. A file that holds one message is
/// labelled by its plain name, several as `label#N` (1-based). Returns false
/// when `emit` asked to stop.
pub fn split<R: BufRead>(label: &str, mut reader: R, max_message: usize, emit: &mut dyn FnMut(Item) -> bool) -> bool {
    let mut line = Vec::with_capacity(1024);
    let mut current: Vec<u8> = Vec::new();
    let mut started = false;
    let mut previous_blank = true;
    // The previous message, held until we know whether another follows.
    let mut pending: Option<Vec<u8>> = None;
    let mut count = 0usize;
    let mut hand_on = |message: Option<Vec<u8>>, last: bool, count: &mut usize| -> bool {
        let Some(mut bytes) = message else { return true };
        *count += 1;
        let label = if last && *count == 1 {
            label.to_string()
        } else {
            format!("{label}#{count}")
        };
        remove_stray_nuls(&mut bytes);
        emit(Item::Document(Document { label, bytes }))
    };
    loop {
        line.clear();
        match read_line_capped(&mut reader, &mut line, max_message) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                if started {
                    let message = pending.take();
                    if !hand_on(message, false, &mut count) {
                        return false;
                    }
                    let partial = std::mem::take(&mut current);
                    if !hand_on(Some(partial), true, &mut count) {
                        return false;
                    }
                }
                return emit(Item::Skipped(Skip::new(
                    label,
                    format!("read error after {count} message(s), the rest is not read: {e}"),
                )));
            }
        }
        if line.starts_with(b"From ") && (previous_blank || looks_like_separator(&line)) {
            if started {
                let message = pending.replace(std::mem::take(&mut current));
                if !hand_on(message, false, &mut count) {
                    return false;
                }
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
        // A longer message keeps its first bytes: the report part of a bounce comes first.
        if current.len() + content.len() <= max_message {
            current.extend_from_slice(content);
        }
        previous_blank = is_blank;
    }
    if !started {
        return true;
    }
    let message = pending.take();
    if !hand_on(message, false, &mut count) {
        return false;
    }
    hand_on(Some(current), true, &mut count)
}

/// A `From ` line with a sender and an asctime date: `From a@b Wed Jan  3 10:00:00 2024`.
pub fn looks_like_separator(line: &[u8]) -> bool {
    let text = String::from_utf8_lossy(line);
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() < 6 || words[0] != "From" {
        return false;
    }
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let day_at = words.iter().position(|w| DAYS.contains(w));
    let has_time = words.iter().any(|w| {
        let parts: Vec<&str> = w.split(':').collect();
        (2..=3).contains(&parts.len())
            && parts
                .iter()
                .all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()))
    });
    let has_year = words
        .iter()
        .any(|w| w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()));
    day_at.is_some_and(|i| i >= 2) && has_time && has_year
}

/// Text with a stray NUL byte (a broken gateway, a bad export) is still
/// text: drop the NULs. Data where NULs are common is left alone (and
/// reported as binary later).
pub fn remove_stray_nuls(bytes: &mut Vec<u8>) {
    let nuls = bytes.iter().filter(|&&b| b == 0).count();
    if nuls > 0 && nuls * 100 <= bytes.len().max(100) {
        bytes.retain(|&b| b != 0);
    }
}

/// `read_until(b'\n')` that keeps at most `cap` bytes of the line (the rest
/// is consumed and dropped), so one endless line cannot take the memory.
/// Returns the bytes consumed (0 at end of input).
pub fn read_line_capped<R: BufRead>(reader: &mut R, line: &mut Vec<u8>, cap: usize) -> std::io::Result<usize> {
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

    fn collect(data: &[u8], cap: usize) -> Vec<(String, Vec<u8>)> {
        let mut out = Vec::new();
        split("m", data, cap, &mut |i| {
            if let Item::Document(d) = i {
                out.push((d.label, d.bytes));
            }
            true
        });
        out
    }

    #[test]
    fn splits_mbox_and_unquotes() {
        let data = b"From a@b Mon Jan  1 00:00:00 2024\nSubject: one\n\n>From here\n\nFrom c@d Mon Jan  1 00:00:00 2024\nSubject: two\n\nbody\n";
        let got = collect(data, 1 << 20);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].0, "m#1");
        assert_eq!(got[0].1, b"Subject: one\n\nFrom here\n\n");
        assert_eq!(got[1].0, "m#2");
    }

    #[test]
    fn one_message_keeps_the_plain_name() {
        let got = collect(b"From a@b Mon Jan  1 00:00:00 2024\nSubject: one\n\nbody\n", 1 << 20);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, "m");
    }

    #[test]
    fn separator_without_a_blank_line_before_it_splits() {
        let data = b"From a@b Mon Jan  1 00:00:00 2024\nSubject: one\n\nbody\nFrom MAILER-DAEMON Fri Jul  8 12:08:34 2011\nSubject: two\n\nbody\n";
        let got = collect(data, 1 << 20);
        assert_eq!(got.len(), 2);
        assert!(got[1].1.starts_with(b"Subject: two"));
    }

    #[test]
    fn from_inside_a_paragraph_does_not_split() {
        let data = b"From a@b x\nSubject: one\n\nline\nFrom me, hello\nFrom here to 12:00:00 in 2024 we\n";
        assert_eq!(collect(data, 1 << 20).len(), 1);
    }

    #[test]
    fn endless_line_is_capped() {
        let cap = 1024;
        let mut data = b"From a@b x\nSubject: big\n\n".to_vec();
        data.extend(std::iter::repeat_n(b'x', cap * 4));
        data.extend_from_slice(b"\n\nFrom c@d x\nSubject: two\n\nbody\n");
        let got = collect(&data, cap);
        assert_eq!(got.len(), 2);
        assert!(got[0].1.len() <= cap);
    }

    #[test]
    fn stray_nul_is_removed_but_binary_is_kept() {
        let mut text = b"Subject: x\n\nhello\0 world, a long enough line of text to be text\n".to_vec();
        remove_stray_nuls(&mut text);
        assert!(!text.contains(&0));
        let mut binary = vec![0u8, 1, 2, 0, 0, 5];
        remove_stray_nuls(&mut binary);
        assert_eq!(binary, vec![0u8, 1, 2, 0, 0, 5]);
    }
}
