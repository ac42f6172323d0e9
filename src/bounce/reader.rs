//! Paths into a stream of raw messages, through the shared input layer
//! ([`crate::input`]): single files, folders (walked in name order, each
//! real file once), Maildirs, mbox files, gzip or zip of either, and `-`
//! for standard input. Nothing here parses MIME.

use crate::input::{self, Item, Limits};
use std::path::PathBuf;

/// Messages larger than this are cut: the report parts of a bounce come
/// first and the returned original last, so nothing useful is lost, and one
/// hostile file cannot take the memory.
pub const MAX_MESSAGE_BYTES: usize = Limits::MAILBOXES.max_document_bytes;

/// What the reader hands on: a message, or something it could not read.
pub enum Input {
    Message { source: String, bytes: Vec<u8> },
    Unreadable { source: String, why: String },
}

/// Files a folder walk passes over: fixture answers, Maildir and Dovecot
/// bookkeeping, hidden files.
fn is_ignored_name(name: &str) -> bool {
    input::walk::is_hidden(name)
        || name.ends_with(".expected.json")
        || name.starts_with("dovecot")
        || name.starts_with("courierimap")
        || matches!(name, "maildirfolder" | "subscriptions" | "tmp")
}

/// What a walk of the paths read, beyond the messages.
pub type Walked = input::Counts;

/// Walk `paths` and call `emit` for every message found, in order. `emit`
/// returns false to stop early.
pub fn read_paths(paths: &[PathBuf], emit: &mut dyn FnMut(Input) -> bool) -> Walked {
    input::read_paths(paths, &Limits::MAILBOXES, is_ignored_name, &mut |item| match item {
        Item::Document(doc) => emit(to_input(doc)),
        Item::Skipped(skip) => emit(Input::Unreadable {
            source: skip.file,
            why: skip.why,
        }),
    })
}

/// A document becomes a message unless it nests too deep for the MIME parser.
fn to_input(doc: input::Document) -> Input {
    if input::mime::nests_deeper_than(&doc.bytes, input::limits::MAX_MIME_DEPTH) {
        return Input::Unreadable {
            source: doc.label,
            why: input::unpack::nested_too_deep(),
        };
    }
    Input::Message {
        source: doc.label,
        bytes: doc.bytes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(paths: &[PathBuf]) -> (Vec<String>, Vec<String>, Walked) {
        let mut messages = Vec::new();
        let mut skipped = Vec::new();
        let walked = read_paths(paths, &mut |i| {
            match i {
                Input::Message { source, .. } => messages.push(source),
                Input::Unreadable { source, why } => skipped.push(format!("{source}: {why}")),
            }
            true
        });
        (messages, skipped, walked)
    }

    #[test]
    fn forty_thousand_nested_messages_are_skipped_not_a_crash() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("n.eml");
        std::fs::write(&path, b"Content-Type:message/rfc822\n\n".repeat(40_000)).unwrap();
        let (messages, skipped, _) = collect(&[path]);
        assert!(messages.is_empty());
        assert!(skipped[0].contains("nested deeper than 32"), "{skipped:?}");
    }

    #[test]
    fn fifo_in_a_folder_is_skipped_not_a_hang() {
        let dir = tempfile::tempdir().unwrap();
        assert!(
            std::process::Command::new("mkfifo")
                .arg(dir.path().join("p"))
                .status()
                .unwrap()
                .success()
        );
        std::fs::write(dir.path().join("a.eml"), "Subject: x\n\nhi\n").unwrap();
        let (messages, skipped, walked) = collect(&[dir.path().to_path_buf()]);
        assert_eq!(messages.len(), 1);
        assert_eq!(skipped.len(), 1);
        assert_eq!((walked.files_read, walked.files_skipped), (1, 1));
    }

    #[test]
    fn symlink_loop_counts_a_bounce_once() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("d")).unwrap();
        std::fs::write(dir.path().join("d/a.eml"), "Subject: x\n\nhi\n").unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("d/loop")).unwrap();
        let (messages, skipped, walked) = collect(&[dir.path().to_path_buf()]);
        assert_eq!(messages.len(), 1);
        assert!(skipped.is_empty());
        assert_eq!(walked.notes.len(), 1);
    }

    #[test]
    fn labels_and_stray_nul() {
        let dir = tempfile::tempdir().unwrap();
        let one = dir.path().join("one.mbox");
        std::fs::write(&one, "From a@b Mon Jan  1 00:00:00 2024\nSubject: x\n\nhi\0 there\n").unwrap();
        let two = dir.path().join("two.mbox");
        std::fs::write(&two, "From a@b Mon Jan  1 00:00:00 2024\nSubject: x\n\nhi\n\nFrom a@b Mon Jan  1 00:00:00 2024\nSubject: y\n\nhi\n").unwrap();
        let (messages, _, _) = collect(&[one.clone(), two.clone()]);
        let name = |p: &PathBuf| p.display().to_string();
        assert_eq!(
            messages,
            vec![name(&one), format!("{}#1", name(&two)), format!("{}#2", name(&two))]
        );
        let mut bytes = Vec::new();
        read_paths(&[one], &mut |i| {
            if let Input::Message { bytes: b, .. } = i {
                bytes = b;
            }
            true
        });
        assert!(!bytes.contains(&0));
    }
}
