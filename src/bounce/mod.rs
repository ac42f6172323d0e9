//! Bounce messages: read DSNs, non-standard server bodies, ARF complaints,
//! ESP notifications and auto-replies into one record per failed recipient.
//!
//! Pipeline: one reader thread walks the paths and streams raw messages into
//! a bounded channel; worker threads parse and classify; the calling thread
//! restores input order by sequence number and hands records to the caller.
//! The reader never runs more than [`WINDOW`] messages ahead of the output,
//! so memory stays flat whatever the size of the mbox.

pub mod arf;
pub mod autoreply;
pub mod classify;
pub mod dsn;
pub mod esp;
pub mod locate;
pub mod message;
pub mod model;
pub mod reader;
pub mod rules;
pub mod tally;
pub mod vendors;

pub use model::*;
pub use tally::Tally;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex, mpsc};

/// How far (in messages) reading may run ahead of the ordered output.
pub const WINDOW: u64 = 512;

/// What a run over some paths read.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct ReadSummary {
    /// Files opened.
    pub files_read: usize,
    /// Files never opened (FIFOs, devices, unreadable); each is also in `skipped`.
    #[serde(default)]
    pub files_skipped: usize,
    pub messages_parsed: usize,
    /// (file, why) for each file or message that could not be read or parsed.
    pub skipped: Vec<(String, String)>,
    /// Links not followed twice (nothing lost), for stderr.
    #[serde(default)]
    pub notes: Vec<String>,
}

impl ReadSummary {
    /// Messages (or archive entries) found but not parsed: the skips that
    /// are not whole files never opened.
    pub fn messages_skipped(&self) -> usize {
        self.skipped.len().saturating_sub(self.files_skipped)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum BounceError {
    #[error("cannot read {path}: {source}")]
    Io { path: String, source: std::io::Error },
}

/// Tuning for [`read_paths_with`].
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions {
    /// Worker threads; 0 means one per core.
    pub threads: usize,
}

/// Read every message under `paths` (files, directories, Maildirs, mboxes,
/// gzip of either, `-` for stdin) and call `on_record` for each record, in a
/// stable order (input order; within a message, report order). Memory stays
/// flat: records are not collected here.
///
/// Every message yields at least one record: auto-replies
/// (`kind = auto_reply`) and ordinary mail (`kind = not_bounce`) included, so
/// consumers counting failures must filter on `kind`.
///
/// Errors only when a named path does not exist; unreadable or unparsable
/// files inside are listed in [`ReadSummary::skipped`] and the run goes on.
pub fn read_paths(paths: &[PathBuf], on_record: impl FnMut(BounceRecord)) -> Result<ReadSummary, BounceError> {
    read_paths_with(paths, ReadOptions::default(), on_record)
}

type Outcome = Result<Vec<BounceRecord>, (String, String)>;

/// [`read_paths`] with options.
pub fn read_paths_with(
    paths: &[PathBuf],
    options: ReadOptions,
    mut on_record: impl FnMut(BounceRecord),
) -> Result<ReadSummary, BounceError> {
    for p in paths {
        if p.as_os_str() != "-"
            && let Err(source) = std::fs::metadata(p)
        {
            return Err(BounceError::Io {
                path: p.display().to_string(),
                source,
            });
        }
    }
    let threads = match options.threads {
        0 => std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        n => n,
    }
    .clamp(1, 64);

    let mut summary = ReadSummary::default();
    let emitted = Mutex::new(0u64);
    let window_moved = Condvar::new();
    let (in_tx, in_rx) = mpsc::sync_channel::<(u64, reader::Input)>(threads * 8);
    let in_rx = Mutex::new(in_rx);
    let (out_tx, out_rx) = mpsc::channel::<(u64, Outcome)>();

    let abort = AtomicBool::new(false);
    let walked = std::thread::scope(|scope| {
        let emitted = &emitted;
        let window_moved = &window_moved;
        let abort = &abort;
        let reader_handle = scope.spawn(move || {
            let mut seq = 0u64;
            reader::read_paths(paths, &mut |input| {
                let mut done = emitted.lock().unwrap_or_else(|e| e.into_inner());
                while seq >= *done + WINDOW && !abort.load(Ordering::Relaxed) {
                    done = window_moved.wait(done).unwrap_or_else(|e| e.into_inner());
                }
                drop(done);
                if abort.load(Ordering::Relaxed) {
                    return false;
                }
                let sent = in_tx.send((seq, input)).is_ok();
                seq += 1;
                sent
            })
        });
        for _ in 0..threads {
            let out_tx = out_tx.clone();
            let in_rx = &in_rx;
            scope.spawn(move || {
                loop {
                    let next = in_rx.lock().unwrap_or_else(|e| e.into_inner()).recv();
                    let Ok((seq, input)) = next else { break };
                    if out_tx.send((seq, process(input))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(out_tx);
        // If `on_record` panics, stop the reader and drain its channel so
        // the scope can join every thread instead of hanging.
        let _unblock = Unblock {
            abort,
            emitted,
            window_moved,
            in_rx: &in_rx,
        };
        let mut pending: BTreeMap<u64, Outcome> = BTreeMap::new();
        let mut next = 0u64;
        for (seq, outcome) in out_rx {
            pending.insert(seq, outcome);
            while let Some(outcome) = pending.remove(&next) {
                match outcome {
                    Ok(records) => {
                        summary.messages_parsed += 1;
                        records.into_iter().for_each(&mut on_record);
                    }
                    Err(skip) => summary.skipped.push(skip),
                }
                next += 1;
                *emitted.lock().unwrap_or_else(|e| e.into_inner()) = next;
                window_moved.notify_all();
            }
        }
        reader_handle.join().unwrap_or_default()
    });
    summary.files_read = walked.files_read;
    summary.files_skipped = walked.files_skipped;
    summary.notes = walked.notes;
    Ok(summary)
}

/// Unwinding guard for the ordered output loop (see `read_paths_with`).
struct Unblock<'a> {
    abort: &'a AtomicBool,
    emitted: &'a Mutex<u64>,
    window_moved: &'a Condvar,
    in_rx: &'a Mutex<mpsc::Receiver<(u64, reader::Input)>>,
}

impl Drop for Unblock<'_> {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            return;
        }
        self.abort.store(true, Ordering::Relaxed);
        drop(self.emitted.lock().unwrap_or_else(|e| e.into_inner()));
        self.window_moved.notify_all();
        // Receive until the reader hangs up, so a blocked send returns.
        while self.in_rx.lock().unwrap_or_else(|e| e.into_inner()).recv().is_ok() {}
    }
}

fn process(input: reader::Input) -> Outcome {
    match input {
        reader::Input::Unreadable { source, why } => Err((source, why)),
        reader::Input::Message { source, bytes } => {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| message::analyze(&source, &bytes)));
            match result {
                Ok(Ok(records)) => Ok(records),
                Ok(Err(why)) => Err((source, why)),
                Err(_) => Err((source, "the parser failed on this message".to_string())),
            }
        }
    }
}

/// Parse one message held in memory (tests, tools).
pub fn parse_message(source: &str, raw: &[u8]) -> Result<Vec<BounceRecord>, String> {
    message::analyze(source, raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A consumer that panics must get its panic back, not a hung process.
    #[test]
    fn panicking_consumer_does_not_hang() {
        // More messages than the window and the channel hold, so the reader
        // is blocked when the consumer panics.
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("many.mbox");
        let one = "From a@b.test Tue Jan 16 09:12:44 2024\nFrom: a@b.test\nSubject: hi\n\nhello\n\n";
        std::fs::write(&path, one.repeat(WINDOW as usize * 4)).expect("write mbox");
        let result = std::panic::catch_unwind(|| {
            let mut seen = 0;
            let _ = read_paths_with(std::slice::from_ref(&path), ReadOptions { threads: 2 }, |_| {
                seen += 1;
                if seen == 3 {
                    panic!("consumer gave up");
                }
            });
        });
        assert!(result.is_err());
    }

    #[test]
    fn missing_path_is_an_error() {
        let err = read_paths(&[PathBuf::from("/no/such/path/at/all")], |_| {});
        assert!(matches!(err, Err(BounceError::Io { .. })));
    }
}
