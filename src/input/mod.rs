//! The one input layer: paths in, documents out, and a list of what was not
//! read and why. Every command that reads files strangers wrote (bounces,
//! DMARC reports, TLS reports, messages) goes through here, so each defence
//! is written once:
//!
//! - [`walk`]: regular files only (FIFOs, devices and sockets are skipped with
//!   a note), each real file once (device + inode), symlink loops cut.
//! - [`unpack`]: sniffing by content, gzip (every member) and zip with caps on
//!   expanded bytes and entry counts, mbox splitting, e-mail attachments.
//! - [`mime`]: a bound on MIME nesting checked before any MIME parser runs.
//!
//! Every limit is a constant in [`limits`]; docs/limits.md lists them.

pub mod limits;
pub mod mbox;
pub mod mime;
pub mod reports;
pub mod unpack;
pub mod walk;

pub use limits::Limits;
pub use walk::{Source, Walked, walk};

/// One document found in an input: a mail message, an XML or JSON report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Where it came from: the file name, `file#N` for the Nth message of a
    /// file holding several, `file:entry` for an archive entry.
    pub label: String,
    pub bytes: Vec<u8>,
}

/// Something that was not read, or not read whole, and why. Every skip is
/// shown on stderr and in the report's skipped section, and makes the run
/// incomplete (exit 3).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Skip {
    pub file: String,
    pub why: String,
}

impl Skip {
    pub fn new(file: impl Into<String>, why: impl Into<String>) -> Self {
        Skip {
            file: file.into(),
            why: why.into(),
        }
    }
}

/// What reading one source produced, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Document(Document),
    Skipped(Skip),
}

/// Read one walked source into documents: decompress, open archives, split
/// mboxes. `emit` returns false to stop early; the return value is false
/// when it did. Returns `None` when the source could not be opened at all.
pub fn read_source(source: &Source, limits: &Limits, emit: &mut dyn FnMut(Item) -> bool) -> Option<bool> {
    unpack::read_source(source, limits, emit)
}

/// What [`read_paths`] went through.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Counts {
    /// Files opened.
    pub files_read: usize,
    /// Files never opened (not regular files, unreadable); each was emitted as a skip.
    pub files_skipped: usize,
    /// Links not followed twice (nothing lost; show on stderr, not as skipped).
    pub notes: Vec<String>,
}

/// Walk `paths` and read every source, in order: the one call a command
/// needs (`skip_name` drops folder entries by name, e.g. [`walk::is_hidden`]).
/// Walk skips come first, then each file's documents and skips. `emit`
/// returns false to stop early.
pub fn read_paths(
    paths: &[std::path::PathBuf],
    limits: &Limits,
    skip_name: fn(&str) -> bool,
    emit: &mut dyn FnMut(Item) -> bool,
) -> Counts {
    let walked = walk(paths, skip_name);
    let mut counts = Counts {
        files_skipped: walked.skipped.len(),
        notes: walked.notes,
        ..Counts::default()
    };
    for skip in walked.skipped {
        if !emit(Item::Skipped(skip)) {
            return counts;
        }
    }
    for source in &walked.sources {
        let mut go_on = true;
        let opened = read_source(source, limits, &mut |item| {
            go_on = emit(item);
            go_on
        });
        if opened.is_some() {
            counts.files_read += 1;
        } else {
            counts.files_skipped += 1;
        }
        if !go_on {
            break;
        }
    }
    counts
}

/// Replace control characters (ESC, BEL, CR...) in text shown to a terminal
/// or CI log; see [`crate::sanitize`].
pub use crate::sanitize::for_terminal as clean;
