//! Atomic output files: write to a temporary file in the destination's directory, with
//! owner-only permissions (0600 on Unix), and rename it over the final name only when the
//! whole file is written and synced. On failure, or if the writer is dropped without
//! [`AtomicFile::commit`], the temporary file is removed.
//!
//! A process killed hard (SIGKILL, power loss) can leave a temporary file behind: it is
//! named `.NAME.phi-redact-PID-N.tmp` next to the output, never the final name.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::Error;

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A file being written under a temporary name.
pub struct AtomicFile {
    tmp: PathBuf,
    dest: PathBuf,
    file: Option<BufWriter<File>>,
    overwrite: bool,
}

impl AtomicFile {
    /// Starts writing `dest`. Fails with [`Error::OutputExists`] if it exists and
    /// `overwrite` is false. Missing parent directories are created (0700 on Unix).
    pub fn create(dest: &Path, overwrite: bool) -> Result<AtomicFile, Error> {
        if !overwrite && fs::symlink_metadata(dest).is_ok() {
            return Err(Error::OutputExists { path: dest.to_path_buf() });
        }
        let dir = match dest.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        create_dirs(&dir).map_err(|e| Error::io("creating the output directory", e))?;
        let name = dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let tmp = dir.join(format!(
            ".{name}.phi-redact-{}-{}.tmp",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let mut opts = OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let file = opts.open(&tmp).map_err(|e| Error::io("creating the output file", e))?;
        Ok(AtomicFile { tmp, dest: dest.to_path_buf(), file: Some(BufWriter::with_capacity(1 << 16, file)), overwrite })
    }

    /// The final path.
    pub fn dest(&self) -> &Path {
        &self.dest
    }

    /// Flushes, syncs and renames the file to its final name.
    pub fn commit(mut self) -> Result<(), Error> {
        let writer = self.file.take().expect("an uncommitted file has a writer");
        let file = writer.into_inner().map_err(|e| Error::io("writing the output file", e.into_error()))?;
        file.sync_all().map_err(|e| Error::io("writing the output file", e))?;
        drop(file);
        if !self.overwrite && fs::symlink_metadata(&self.dest).is_ok() {
            // Someone created it while we were writing: do not replace it.
            return Err(Error::OutputExists { path: self.dest.clone() });
        }
        fs::rename(&self.tmp, &self.dest).map_err(|e| Error::io("renaming the output file", e))?;
        self.tmp = PathBuf::new();
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.as_mut().expect("an uncommitted file has a writer").write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.file.as_mut().expect("an uncommitted file has a writer").write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.as_mut().expect("an uncommitted file has a writer").flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if !self.tmp.as_os_str().is_empty() {
            drop(self.file.take());
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

/// Creates `dir` and its missing parents, owner-only on Unix.
pub fn create_dirs(dir: &Path) -> io::Result<()> {
    let mut b = fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> =
            fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        v.sort();
        v
    }

    #[test]
    fn commit_renames_and_drop_removes() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("sub/out.txt");
        let mut f = AtomicFile::create(&dest, false).unwrap();
        f.write_all(b"partial").unwrap();
        assert!(!dest.exists());
        f.commit().unwrap();
        assert_eq!(fs::read(&dest).unwrap(), b"partial");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(fs::metadata(&dest).unwrap().permissions().mode() & 0o777, 0o600);
        }
        assert!(matches!(AtomicFile::create(&dest, false), Err(Error::OutputExists { .. })));
        let mut g = AtomicFile::create(&dest, true).unwrap();
        g.write_all(b"never committed").unwrap();
        drop(g);
        assert_eq!(fs::read(&dest).unwrap(), b"partial");
        assert_eq!(entries(&dir.path().join("sub")), ["out.txt"]);
    }
}
