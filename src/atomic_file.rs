//! Output files written whole or not at all: the bytes go to a temporary
//! file in the same folder, renamed over the target only when everything was
//! written. A full disk, a SIGTERM or a run that read nothing leaves the old
//! file as it was (a suppression list is precious).

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// A file being written; call [`AtomicFile::commit`] to put it in place.
/// Dropped without a commit, it disappears and the target is untouched.
pub struct AtomicFile {
    out: BufWriter<tempfile::NamedTempFile>,
    target: PathBuf,
}

impl AtomicFile {
    /// Start writing `target`. Fails now (before any work) when its folder
    /// cannot take a new file.
    pub fn create(target: &Path) -> std::io::Result<AtomicFile> {
        let folder = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let temp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".tmp")
            .tempfile_in(folder)?;
        // Keep the permissions an existing file had (a list only its owner may read).
        if let Ok(meta) = std::fs::metadata(target) {
            let _ = temp.as_file().set_permissions(meta.permissions());
        }
        Ok(AtomicFile {
            out: BufWriter::new(temp),
            target: target.to_path_buf(),
        })
    }

    /// Flush, sync and rename over the target.
    pub fn commit(self) -> std::io::Result<()> {
        let temp = self.out.into_inner().map_err(|e| e.into_error())?;
        temp.as_file().sync_all()?;
        temp.persist(&self.target).map_err(|e| e.error)?;
        Ok(())
    }

    pub fn target(&self) -> &Path {
        &self.target
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.out.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// Write `bytes` to `target` atomically.
pub fn write(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = AtomicFile::create(target)?;
    file.write_all(bytes)?;
    file.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_content_stays_until_commit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("list.csv");
        std::fs::write(&path, "old\n").unwrap();
        let mut f = AtomicFile::create(&path).unwrap();
        f.write_all(b"new\n").unwrap();
        f.flush().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old\n");
        f.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new\n");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left"
        );
    }

    #[test]
    fn dropped_without_commit_leaves_the_target_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("list.csv");
        std::fs::write(&path, "old\n").unwrap();
        {
            let mut f = AtomicFile::create(&path).unwrap();
            f.write_all(b"partial").unwrap();
        }
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_folder_that_cannot_take_the_file_fails_before_any_work() {
        assert!(AtomicFile::create(Path::new("/proc/no-such-folder/x")).is_err());
    }
}
