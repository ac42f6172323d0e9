//! Bounce messages: read DSNs, non-standard server bodies, ARF complaints and
//! auto-replies into one record per failed recipient. STUB: parser to be written.

pub mod model;
pub use model::*;

use std::path::PathBuf;

/// What a run over some paths read.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct ReadSummary {
    pub files_read: usize,
    pub messages_parsed: usize,
    /// (file, why) for each file or message that could not be parsed.
    pub skipped: Vec<(String, String)>,
}

#[derive(Debug, thiserror::Error)]
pub enum BounceError {
    #[error("cannot read {path}: {source}")]
    Io { path: String, source: std::io::Error },
}

/// Read every message under `paths` (files, directories, Maildirs, mboxes,
/// gzip of either, `-` for stdin) and call `on_record` for each record, in a
/// stable order. Memory stays flat: records are not collected here.
pub fn read_paths(_paths: &[PathBuf], _on_record: impl FnMut(BounceRecord)) -> Result<ReadSummary, BounceError> {
    Ok(ReadSummary::default())
}
