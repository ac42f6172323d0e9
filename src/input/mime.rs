//! How deep a message's MIME structure nests, measured by a line scanner
//! before any MIME parser sees it: mail-parser builds nested messages as
//! nested values, and 40,000 levels of `message/rfc822` (a 3.7 KB gzip)
//! overflow the stack. The scan is linear and stops at the limit.

/// One open level: a multipart with its boundary, or an embedded message.
enum Level {
    Multipart(Vec<u8>),
    Message,
}

#[derive(PartialEq)]
enum State {
    Headers,
    Body,
}

/// Whether `raw` nests deeper than `limit` levels.
pub fn nests_deeper_than(raw: &[u8], limit: usize) -> bool {
    let mut stack: Vec<Level> = Vec::new();
    let mut state = State::Headers;
    let mut content_type: Vec<u8> = Vec::new();
    let mut in_content_type = false;
    for line in raw.split(|&b| b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        match state {
            State::Headers => {
                if line.is_empty() {
                    in_content_type = false;
                    state = State::Body;
                    if let Some(level) = opened_level(&content_type) {
                        let is_message = matches!(level, Level::Message);
                        stack.push(level);
                        if stack.len() > limit {
                            return true;
                        }
                        if is_message {
                            state = State::Headers;
                        }
                    }
                    content_type.clear();
                } else if line[0] == b' ' || line[0] == b'\t' {
                    if in_content_type && content_type.len() < 4096 {
                        content_type.extend_from_slice(line);
                    }
                } else {
                    in_content_type = line.len() > 13 && line[..13].eq_ignore_ascii_case(b"content-type:");
                    if in_content_type {
                        content_type.clear();
                        content_type.extend_from_slice(&line[13..line.len().min(4096)]);
                    }
                }
            }
            State::Body => {
                let Some(rest) = line.strip_prefix(b"--") else { continue };
                // The innermost multipart whose boundary this is closes
                // everything opened inside it.
                let found = stack.iter().rposition(|l| match l {
                    Level::Multipart(b) => rest.starts_with(b),
                    Level::Message => false,
                });
                if let Some(i) = found {
                    let closing = match &stack[i] {
                        Level::Multipart(b) => rest[b.len()..].starts_with(b"--"),
                        Level::Message => false,
                    };
                    stack.truncate(if closing { i } else { i + 1 });
                    if !closing {
                        state = State::Headers;
                    }
                }
            }
        }
    }
    false
}

/// The level a part's Content-Type opens, if any.
fn opened_level(content_type: &[u8]) -> Option<Level> {
    let value = String::from_utf8_lossy(content_type).to_ascii_lowercase();
    let mime = value.split(';').next().unwrap_or("").trim();
    if mime.starts_with("message/") && !matches!(mime, "message/delivery-status" | "message/feedback-report") {
        // Headers-only types carry no body of their own to nest into.
        if mime.ends_with("-headers") {
            return None;
        }
        return Some(Level::Message);
    }
    if mime.starts_with("multipart/") {
        let boundary = boundary_of(&value, content_type)?;
        return Some(Level::Multipart(boundary));
    }
    None
}

/// The boundary parameter, with its original case (boundaries are case-sensitive).
fn boundary_of(lower: &str, original: &[u8]) -> Option<Vec<u8>> {
    let at = lower.find("boundary=")? + "boundary=".len();
    let rest = original.get(at..)?;
    let rest = String::from_utf8_lossy(rest);
    let rest = rest.trim_start();
    let value = if let Some(quoted) = rest.strip_prefix('"') {
        quoted.split('"').next().unwrap_or("")
    } else {
        rest.split([';', ' ', '\t']).next().unwrap_or("")
    };
    (!value.is_empty()).then(|| value.as_bytes().to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::limits::MAX_MIME_DEPTH;

    #[test]
    fn nested_messages_are_measured() {
        let deep = b"Content-Type: message/rfc822\n\n".repeat(MAX_MIME_DEPTH + 1);
        assert!(nests_deeper_than(&deep, MAX_MIME_DEPTH));
        let ok = b"Content-Type: message/rfc822\n\n".repeat(MAX_MIME_DEPTH);
        assert!(!nests_deeper_than(&ok, MAX_MIME_DEPTH));
        let huge = b"Content-Type:message/rfc822\n\n".repeat(40_000);
        assert!(nests_deeper_than(&huge, MAX_MIME_DEPTH));
    }

    #[test]
    fn siblings_are_not_depth() {
        // A digest of many attached messages is wide, not deep.
        let mut m = b"Content-Type: multipart/mixed; boundary=\"B\"\n\n".to_vec();
        for _ in 0..200 {
            m.extend_from_slice(b"--B\nContent-Type: message/rfc822\n\nSubject: x\n\nhi\n");
        }
        m.extend_from_slice(b"--B--\n");
        assert!(!nests_deeper_than(&m, 3));
    }

    #[test]
    fn nested_multiparts_are_depth() {
        let mut m = Vec::new();
        for i in 0..10 {
            m.extend_from_slice(format!("Content-Type: multipart/mixed;\n boundary=b{i}\n\n--b{i}\n").as_bytes());
        }
        assert!(nests_deeper_than(&m, 9));
        assert!(!nests_deeper_than(&m, 10));
    }
}
