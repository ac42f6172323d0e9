//! Every cap on input, in one place (docs/limits.md lists them). Hitting a
//! cap that drops data is never silent: it is a [`super::Skip`].

/// Deepest MIME nesting read (`message/rfc822` in `multipart` in ...). Real
/// bounces nest 2 to 4 levels; a hostile 40,000 would overflow the stack.
pub const MAX_MIME_DEPTH: usize = 32;
/// Deepest directory nesting walked.
pub const MAX_WALK_DEPTH: usize = 64;
/// Archives inside archives (a zip in a zip in a message) opened at most this deep.
pub const MAX_ARCHIVE_NESTING: usize = 3;
/// Longest text field kept from a report (org names, report ids,
/// diagnostics); longer ones are cut and marked with [`TRUNCATION_MARK`].
pub const MAX_TEXT_FIELD_BYTES: usize = 4 * 1024;
/// Appended to a cut text field.
pub const TRUNCATION_MARK: &str = "…[truncated]";
/// Largest configuration-like file read whole (`--config`, `--domains-file`,
/// `--campaigns`, `--zones-file`, baselines): 100,000 domains fit in a few MB.
pub const MAX_SETTINGS_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Caps for one kind of input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest file (or archive) read whole into memory.
    pub max_file_bytes: u64,
    /// Most bytes decompressed from one input file, every gzip member and
    /// zip entry together.
    pub max_expanded_bytes: u64,
    /// Largest single document.
    pub max_document_bytes: usize,
    /// A longer document is cut to `max_document_bytes` (a bounce keeps its
    /// report part, which comes first) instead of being skipped.
    pub cut_long_documents: bool,
    /// Most documents taken from one archive or one message's attachments.
    pub max_entries: usize,
}

impl Limits {
    /// Mailboxes of bounces: streamed message by message, so the expanded
    /// size only bounds the time a gzip bomb can take.
    pub const MAILBOXES: Limits = Limits {
        max_file_bytes: 64 * 1024 * 1024,
        max_expanded_bytes: 8 * 1024 * 1024 * 1024,
        max_document_bytes: 4 * 1024 * 1024,
        cut_long_documents: true,
        max_entries: 100_000,
    };
    /// DMARC and TLS aggregate reports: kilobytes to a few megabytes each,
    /// held in memory while parsed.
    pub const REPORTS: Limits = Limits {
        max_file_bytes: 64 * 1024 * 1024,
        max_expanded_bytes: 64 * 1024 * 1024,
        max_document_bytes: 32 * 1024 * 1024,
        cut_long_documents: false,
        max_entries: 1_000,
    };
}

/// Cut `text` to at most `max` bytes (on a character boundary) and mark it.
/// Returns whether it was cut.
pub fn cap_text(text: &mut String, max: usize) -> bool {
    if text.len() <= max {
        return false;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    text.push_str(TRUNCATION_MARK);
    true
}

/// Why a capped read of a whole file failed.
#[derive(Debug, thiserror::Error)]
pub enum CappedReadError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("not a regular file")]
    NotAFile,
    #[error("larger than {} MB", .0 >> 20)]
    TooLarge(u64),
    #[error("not UTF-8 text")]
    NotUtf8,
}

/// Read a whole text file, refusing anything that is not a regular file or is
/// larger than `max` bytes. The size is enforced while reading, not taken
/// from the metadata: `/dev/zero` reports 0 bytes and must not grow to gigabytes.
pub fn read_text_capped(path: &std::path::Path, max: u64) -> Result<String, CappedReadError> {
    use std::io::Read;
    if !std::fs::metadata(path)?.is_file() {
        return Err(CappedReadError::NotAFile);
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)?.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(CappedReadError::TooLarge(max));
    }
    String::from_utf8(bytes).map_err(|_| CappedReadError::NotUtf8)
}

/// Read a settings-like file (config, domain list, campaigns, zones) whole,
/// at most [`MAX_SETTINGS_FILE_BYTES`].
pub fn read_settings_file(path: &std::path::Path) -> Result<String, String> {
    read_text_capped(path, MAX_SETTINGS_FILE_BYTES).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cap_text_cuts_on_a_char_boundary_and_marks() {
        let mut s = "é".repeat(10);
        assert!(cap_text(&mut s, 5));
        assert_eq!(s, format!("éé{TRUNCATION_MARK}"));
        let mut short = "abc".to_string();
        assert!(!cap_text(&mut short, 5));
        assert_eq!(short, "abc");
    }

    #[test]
    fn settings_files_are_capped_and_regular_only() {
        let dir = tempfile::tempdir().unwrap();
        let ok = dir.path().join("ok.txt");
        std::fs::write(&ok, "example.com\n").unwrap();
        assert_eq!(read_settings_file(&ok).unwrap(), "example.com\n");
        let big = dir.path().join("big.txt");
        let f = std::fs::File::create(&big).unwrap();
        f.set_len(MAX_SETTINGS_FILE_BYTES + 10).unwrap();
        assert!(read_settings_file(&big).unwrap_err().contains("larger than"));
        assert!(
            read_settings_file(std::path::Path::new("/dev/zero"))
                .unwrap_err()
                .contains("regular")
        );
        assert!(read_settings_file(dir.path()).is_err());
    }
}
