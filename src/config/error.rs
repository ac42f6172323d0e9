//! Errors about a config file (or other user input) that name the line and
//! show it with a caret, with every echoed value cut to a bounded length.

use super::MAX_CONFIG_BYTES;

/// Why a config file could not be used. Each names the file and, when the
/// problem is in the text, the line and column.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("config file {path} is larger than {MAX_CONFIG_BYTES} bytes")]
    TooLarge { path: String },
    #[error("{path}:{line}:{column}: {message}\n{}", excerpt(*.line, .line_text, *.column))]
    Invalid {
        path: String,
        line: usize,
        column: usize,
        message: String,
        line_text: String,
    },
    #[error("{path}: {message}")]
    InvalidFile { path: String, message: String },
}

/// The most characters of one input value or line echoed back in an error:
/// a 3 MB line in the file must not become megabytes of stderr.
pub const MAX_ECHOED_CHARS: usize = 120;

/// A value quoted inside a message that also shows the line below it: the
/// line is the one place the input is shown in full (up to `MAX_ECHOED_CHARS`).
pub const MAX_QUOTED_CHARS: usize = 40;

/// `text` cut to `max` characters, ending in "…" when it was cut.
pub fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some((cut, _)) => format!("{}…", &text[..cut]),
    }
}

/// A parser or validator message with every quoted value (between backticks
/// or double quotes) cut to `quoted_max` characters, and the whole message to
/// a few lines: messages from serde and toml echo the offending value in full.
/// Also for other callers that print an error about user input (e.g. a line of
/// a domains file).
pub fn shorten_message(message: &str, quoted_max: usize) -> String {
    let mut out = String::new();
    let mut rest = message;
    while let Some(open) = rest.find(['`', '"']) {
        // Both quote characters are ASCII: `open` is a char boundary, one byte long.
        let quote = if rest.as_bytes()[open] == b'`' { '`' } else { '"' };
        out.push_str(&rest[..=open]);
        let inside = &rest[open + 1..];
        match inside.find(quote) {
            Some(close) => {
                out.push_str(&shorten(&inside[..close], quoted_max));
                out.push(quote);
                rest = &inside[close + 1..];
            }
            None => {
                out.push_str(&shorten(inside, quoted_max));
                rest = "";
            }
        }
    }
    out.push_str(rest);
    shorten(&out, 3 * MAX_ECHOED_CHARS)
}

/// The offending line with a caret under the column, as compilers show it.
/// A long line is shown as a window of `MAX_ECHOED_CHARS` around the column.
pub(crate) fn excerpt(line: usize, text: &str, column: usize) -> String {
    let number = line.to_string();
    let pad = " ".repeat(number.len());
    let chars: Vec<char> = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let at = column.saturating_sub(1).min(chars.len());
    let start = if chars.len() <= MAX_ECHOED_CHARS {
        0
    } else {
        // Some context before the column, and never a window past the end.
        at.saturating_sub(MAX_ECHOED_CHARS / 3)
            .min(chars.len() - MAX_ECHOED_CHARS)
    };
    let end = (start + MAX_ECHOED_CHARS).min(chars.len());
    let mut shown: String = chars[start..end].iter().collect();
    let mut caret_at = at - start;
    if start > 0 {
        shown.insert(0, '…');
        caret_at += 1;
    }
    if end < chars.len() {
        shown.push('…');
    }
    let caret = " ".repeat(caret_at);
    format!(" {number} | {shown}\n {pad} | {caret}^")
}

/// Byte offsets to 1-based line numbers.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset).max(1)
    }
}

pub(crate) fn invalid_at(text: &str, path: &str, offset: usize, message: String) -> ConfigError {
    let mut offset = offset.min(text.len());
    // Spans come from the parser; never slice inside a character regardless.
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line = LineIndex::new(text).line_of(offset);
    let line_start = text[..offset].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = text[line_start..offset].chars().count() + 1;
    let line_text = text[line_start..].lines().next().unwrap_or("").trim_end().to_string();
    ConfigError::Invalid {
        path: path.to_string(),
        line,
        column,
        message: shorten_message(&message, MAX_QUOTED_CHARS),
        line_text,
    }
}
