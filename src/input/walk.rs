//! Paths into the list of regular files to read. Directories are walked in
//! name order (runs are repeatable); every real file is read once, whatever
//! links lead to it; a symlink back into a folder already walked is not
//! followed (a loop would count every bounce again, or grow without end);
//! FIFOs, devices and sockets are never opened (a FIFO blocks forever).

use super::Skip;
use super::limits::MAX_WALK_DEPTH;
use std::collections::HashSet;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Path, PathBuf};

/// One thing to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Standard input (`-`).
    Stdin,
    File(PathBuf),
}

impl Source {
    pub fn label(&self) -> String {
        match self {
            Source::Stdin => "-".to_string(),
            Source::File(p) => p.display().to_string(),
        }
    }
}

/// What a walk found.
#[derive(Debug, Default)]
pub struct Walked {
    pub sources: Vec<Source>,
    /// Paths not read: not regular files, unreadable folders, too deep.
    pub skipped: Vec<Skip>,
    /// Links not followed twice (nothing is lost: the target is read once).
    pub notes: Vec<String>,
}

struct Walker {
    skip_name: fn(&str) -> bool,
    dirs_seen: HashSet<(u64, u64)>,
    files_seen: HashSet<(u64, u64)>,
    stdin_seen: bool,
    out: Walked,
}

/// Walk `paths`. `skip_name` drops directory entries by file name (hidden
/// files, Maildir bookkeeping); paths given directly are never dropped.
pub fn walk(paths: &[PathBuf], skip_name: fn(&str) -> bool) -> Walked {
    let mut walker = Walker {
        skip_name,
        dirs_seen: HashSet::new(),
        files_seen: HashSet::new(),
        stdin_seen: false,
        out: Walked::default(),
    };
    for path in paths {
        if path.as_os_str() == "-" {
            if !walker.stdin_seen {
                walker.stdin_seen = true;
                walker.out.sources.push(Source::Stdin);
            }
            continue;
        }
        walker.visit(path, 0);
    }
    walker.out
}

/// What a non-regular file is, in words.
fn special_kind(ft: &std::fs::FileType) -> &'static str {
    if ft.is_fifo() {
        "a FIFO"
    } else if ft.is_socket() {
        "a socket"
    } else if ft.is_char_device() || ft.is_block_device() {
        "a device"
    } else {
        "not a regular file"
    }
}

impl Walker {
    fn visit(&mut self, path: &Path, depth: usize) {
        let shown = path.display().to_string();
        // Follows symlinks: a link to a file or a folder is read like one.
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                let why = if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
                    format!("cannot follow the symbolic link: {e}")
                } else {
                    format!("cannot read: {e}")
                };
                self.out.skipped.push(Skip::new(shown, why));
                return;
            }
        };
        let id = (meta.dev(), meta.ino());
        if meta.is_dir() {
            if !self.dirs_seen.insert(id) {
                self.out.notes.push(format!(
                    "{shown}: folder already walked (a symbolic link loop or a second link); not read twice"
                ));
                return;
            }
            if depth >= MAX_WALK_DEPTH {
                self.out
                    .skipped
                    .push(Skip::new(shown, format!("folders nested deeper than {MAX_WALK_DEPTH}")));
                return;
            }
            let mut entries: Vec<PathBuf> = match std::fs::read_dir(path) {
                Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
                Err(e) => {
                    self.out
                        .skipped
                        .push(Skip::new(shown, format!("cannot read the folder: {e}")));
                    return;
                }
            };
            entries.sort();
            for entry in entries {
                let name = entry.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
                if !(self.skip_name)(&name) {
                    self.visit(&entry, depth + 1);
                }
            }
        } else if meta.is_file() {
            if self.files_seen.insert(id) {
                self.out.sources.push(Source::File(path.to_path_buf()));
            } else {
                self.out
                    .notes
                    .push(format!("{shown}: same file as one already read (a link); read once"));
            }
        } else {
            let kind = special_kind(&meta.file_type());
            self.out.skipped.push(Skip::new(
                shown,
                format!("{kind}, not a regular file: not read (pipe data in with - instead)"),
            ));
        }
    }
}

/// Hidden files: skipped in every walk.
pub fn is_hidden(name: &str) -> bool {
    name.starts_with('.')
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn names(w: &Walked) -> Vec<String> {
        w.sources
            .iter()
            .map(|s| match s {
                Source::File(p) => p.file_name().unwrap().to_string_lossy().into_owned(),
                Source::Stdin => "-".into(),
            })
            .collect()
    }

    #[test]
    fn symlink_loops_are_walked_once() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir(d.join("a")).unwrap();
        std::fs::write(d.join("a/one.eml"), "x").unwrap();
        symlink(d, d.join("a/up")).unwrap(); // loop to the root
        symlink(d.join("a"), d.join("a/self")).unwrap(); // loop to itself
        symlink(d.join("a/one.eml"), d.join("link.eml")).unwrap(); // second name of a file
        let w = walk(&[d.to_path_buf()], is_hidden);
        assert_eq!(names(&w), vec!["one.eml"]);
        assert!(w.skipped.is_empty(), "{:?}", w.skipped);
        assert_eq!(w.notes.len(), 3, "{:?}", w.notes);
        assert!(w.notes.iter().any(|n| n.contains("loop")));
    }

    #[test]
    fn fifos_and_devices_are_skipped_with_a_note() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("p");
        let status = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(status.success());
        std::fs::write(dir.path().join("m.eml"), "x").unwrap();
        let w = walk(
            &[dir.path().to_path_buf(), fifo.clone(), PathBuf::from("/dev/null")],
            is_hidden,
        );
        assert_eq!(names(&w), vec!["m.eml"]);
        assert_eq!(w.skipped.len(), 3, "{:?}", w.skipped);
        assert!(w.skipped[0].why.contains("FIFO"));
        assert!(w.skipped[2].why.contains("device"));
    }

    #[test]
    fn dangling_links_and_stdin() {
        let dir = tempfile::tempdir().unwrap();
        symlink(dir.path().join("gone"), dir.path().join("dangling")).unwrap();
        let w = walk(&[dir.path().to_path_buf(), "-".into(), "-".into()], is_hidden);
        assert_eq!(w.sources, vec![Source::Stdin]);
        assert!(w.skipped[0].why.contains("symbolic link"));
    }
}
