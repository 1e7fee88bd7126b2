//! Atomic output files: write to a temporary file in the destination's directory, with
//! owner-only permissions (0600 on Unix), and rename it over the final name only when the
//! whole file is written and synced. On failure, or if the writer is dropped without
//! [`AtomicFile::commit`], the temporary file is removed.
//!
//! Many small files are better committed together: [`AtomicFile::stage`] closes a written
//! file without syncing it, and [`commit_all`] syncs a group of them at once (on Linux one
//! `syncfs` per filesystem instead of one `fsync` per file) and then renames each. On a
//! disk, a sync per file of 1 KiB costs more than redacting it.
//!
//! A process killed hard (SIGKILL, power loss) can leave a temporary file behind: it is
//! named `.NAME.phi-redact-PID-N.tmp` next to the output, never the final name.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

use crate::error::Error;

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// The write buffer of an output file. Batch mode writes a window of output at a time
/// (a whole note, or a megabyte of a long one), which a `BufWriter` passes straight
/// through when it is larger than its buffer; the buffer only gathers the small writes
/// (a report). 64 KiB cost a large allocation per output file, for notes of 1 KB.
const WRITE_BUFFER: usize = 8 << 10;

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
        let name = dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        static PID: OnceLock<u32> = OnceLock::new();
        let pid = *PID.get_or_init(std::process::id);
        let tmp = dir.join(format!(".{name}.phi-redact-{pid}-{}.tmp", COUNTER.fetch_add(1, Ordering::Relaxed)));
        let mut opts = OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        // The directory usually exists (the file before went there): create it only when
        // the file cannot be created without it.
        let file = match opts.open(&tmp) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                create_dirs(&dir).map_err(|e| Error::io("creating the output directory", e))?;
                opts.open(&tmp)
            }
            r => r,
        }
        .map_err(|e| Error::io("creating the output file", e))?;
        Ok(AtomicFile {
            tmp,
            dest: dest.to_path_buf(),
            file: Some(BufWriter::with_capacity(WRITE_BUFFER, file)),
            overwrite,
        })
    }

    /// The final path.
    pub fn dest(&self) -> &Path {
        &self.dest
    }

    /// Flushes, syncs and renames the file to its final name.
    pub fn commit(self) -> Result<(), Error> {
        self.stage()?.commit()
    }

    /// Flushes the file and closes it for writing, unsynced and still under its temporary
    /// name: [`commit_all`] finishes it, together with others.
    pub fn stage(mut self) -> Result<Staged, Error> {
        let writer = self.file.take().expect("an uncommitted file has a writer");
        let file = writer.into_inner().map_err(|e| Error::io("writing the output file", e.into_error()))?;
        let tmp = std::mem::take(&mut self.tmp);
        Ok(Staged { tmp, dest: std::mem::take(&mut self.dest), file, overwrite: self.overwrite })
    }
}

/// A written output file, not yet synced, under its temporary name (see
/// [`AtomicFile::stage`]). Dropped without [`commit_all`], it is removed.
pub struct Staged {
    tmp: PathBuf,
    dest: PathBuf,
    file: File,
    overwrite: bool,
}

impl Staged {
    /// The final path.
    pub fn dest(&self) -> &Path {
        &self.dest
    }

    /// Syncs this one file and renames it to its final name.
    pub fn commit(self) -> Result<(), Error> {
        self.file.sync_all().map_err(|e| Error::io("writing the output file", e))?;
        self.rename()
    }

    /// Renames the (synced) file to its final name. Without `overwrite`, a file someone
    /// created under that name while this one was written is kept, and this one fails.
    fn rename(mut self) -> Result<(), Error> {
        let renamed =
            if self.overwrite { fs::rename(&self.tmp, &self.dest) } else { rename_noreplace(&self.tmp, &self.dest) };
        match renamed {
            Ok(()) => {
                self.tmp = PathBuf::new();
                Ok(())
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(Error::OutputExists { path: self.dest.clone() }),
            Err(e) => Err(Error::io("renaming the output file", e)),
        }
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.tmp.as_os_str().is_empty() {
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

/// Renames `from` to `to` unless `to` exists (then fails with `AlreadyExists`). On Linux
/// with glibc one atomic `renameat2(RENAME_NOREPLACE)`; where the filesystem refuses it,
/// and elsewhere, a look at `to` and then a rename.
fn rename_noreplace(from: &Path, to: &Path) -> io::Result<()> {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        use std::ffi::CString;
        use std::os::unix::ffi::OsStrExt;
        let path = |p: &Path| CString::new(p.as_os_str().as_bytes()).map_err(|_| io::ErrorKind::InvalidInput);
        let (f, t) = (path(from)?, path(to)?);
        // SAFETY: both are valid NUL-terminated paths that outlive the call.
        let r =
            unsafe { libc::renameat2(libc::AT_FDCWD, f.as_ptr(), libc::AT_FDCWD, t.as_ptr(), libc::RENAME_NOREPLACE) };
        if r == 0 {
            return Ok(());
        }
        let e = io::Error::last_os_error();
        if !matches!(e.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS | libc::ENOTSUP)) {
            return Err(e);
        }
    }
    if fs::symlink_metadata(to).is_ok() {
        return Err(io::ErrorKind::AlreadyExists.into());
    }
    fs::rename(from, to)
}

/// Syncs every staged file, then renames each to its final name; one result per file, in
/// order. A file is renamed only once its bytes are on disk, so a crash leaves under a
/// final name a complete file or nothing. On Linux the sync is one `syncfs` per filesystem
/// the files are on (it also writes back other dirty data of that filesystem, the renames
/// of the group before included); elsewhere one `fsync` per file. See also [`sync_dirs`].
pub fn commit_all(staged: Vec<Staged>) -> Vec<Result<(), Error>> {
    let mut synced = Synced::default();
    let on_disk: Vec<Result<(), Error>> = staged.iter().map(|s| synced.file(&s.file)).collect();
    staged.into_iter().zip(on_disk).map(|(s, on_disk)| on_disk.and_then(|()| s.rename())).collect()
}

/// Makes the renames into `dirs` durable, once every file is committed: a run that ends
/// without an error leaves every output on disk, under its final name. On Linux one
/// `syncfs` per filesystem, elsewhere on Unix one `fsync` per directory. Returns the
/// directories that could not be synced, with the error.
pub fn sync_dirs<'d>(dirs: impl IntoIterator<Item = &'d Path>) -> Vec<(&'d Path, Error)> {
    let mut synced = Synced::default();
    dirs.into_iter()
        .filter_map(|d| {
            let r = if cfg!(unix) {
                File::open(d).map_err(|e| Error::io("syncing the output directory", e)).and_then(|f| synced.file(&f))
            } else {
                Ok(()) // (a directory cannot be opened as a file there; NTFS journals its renames)
            };
            r.err().map(|e| (d, e))
        })
        .collect()
}

/// Syncs files and directories (a directory's entries: the renames into it): on Linux each
/// filesystem once (`syncfs` writes back all of it), remembering the outcome for the next
/// file on it; elsewhere each file itself.
#[derive(Default)]
struct Synced {
    #[cfg(target_os = "linux")]
    devices: Vec<(u64, Result<(), i32>)>,
}

impl Synced {
    #[cfg(target_os = "linux")]
    fn file(&mut self, f: &File) -> Result<(), Error> {
        use std::os::fd::AsRawFd;
        use std::os::unix::fs::MetadataExt;
        let dev = f.metadata().map_err(|e| Error::io("syncing the output files", e))?.dev();
        let outcome = match self.devices.iter().find(|(d, _)| *d == dev) {
            Some((_, r)) => *r,
            None => {
                // SAFETY: syncfs reads only the file descriptor, which `f` keeps open.
                let r = if unsafe { libc::syncfs(f.as_raw_fd()) } == 0 {
                    Ok(())
                } else {
                    Err(io::Error::last_os_error().raw_os_error().unwrap_or(libc::EIO))
                };
                self.devices.push((dev, r));
                r
            }
        };
        outcome.map_err(|code| Error::io("syncing the output files", io::Error::from_raw_os_error(code)))
    }

    #[cfg(not(target_os = "linux"))]
    fn file(&mut self, f: &File) -> Result<(), Error> {
        f.sync_all().map_err(|e| Error::io("syncing the output files", e))
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

    #[test]
    fn a_group_commits_together_and_each_file_keeps_its_own_outcome() {
        let dir = tempfile::tempdir().unwrap();
        let stage = |name: &str| {
            let mut f = AtomicFile::create(&dir.path().join(name), false).unwrap();
            f.write_all(name.as_bytes()).unwrap();
            f.stage().unwrap()
        };
        let (a, mut late, c) = (stage("a.txt"), stage("late.txt"), stage("b/c.txt"));
        // "taken.txt" appears while `late` is written for that name: it must not be replaced
        let taken = dir.path().join("taken.txt");
        fs::write(&taken, b"someone else's").unwrap();
        late.dest = taken.clone();
        // staged, not committed: nothing under a final name yet
        assert!(!dir.path().join("a.txt").exists() && !dir.path().join("b/c.txt").exists());
        let results = commit_all(vec![a, late, c]);
        assert!(results[0].is_ok() && results[2].is_ok());
        assert!(matches!(results[1], Err(Error::OutputExists { .. })));
        assert_eq!(fs::read(dir.path().join("a.txt")).unwrap(), b"a.txt");
        assert_eq!(fs::read(dir.path().join("b/c.txt")).unwrap(), b"b/c.txt");
        assert_eq!(fs::read(&taken).unwrap(), b"someone else's");
        // the file that could not be renamed is removed, not left behind
        assert_eq!(entries(dir.path()), ["a.txt", "b", "taken.txt"]);
        assert_eq!(entries(&dir.path().join("b")), ["c.txt"]);
    }

    #[test]
    fn directories_sync_and_a_missing_one_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("a")).unwrap();
        let (a, missing) = (dir.path().join("a"), dir.path().join("missing"));
        assert!(sync_dirs([dir.path(), a.as_path()]).is_empty());
        let failed = sync_dirs([a.as_path(), missing.as_path()]);
        if cfg!(unix) {
            assert_eq!(failed.len(), 1);
            assert_eq!(failed[0].0, missing.as_path());
        }
    }

    #[test]
    fn a_staged_file_dropped_uncommitted_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let mut f = AtomicFile::create(&dir.path().join("out.txt"), false).unwrap();
        f.write_all(b"x").unwrap();
        let s = f.stage().unwrap();
        assert_eq!(s.dest(), dir.path().join("out.txt"));
        assert_eq!(entries(dir.path()).len(), 1);
        drop(s);
        assert!(entries(dir.path()).is_empty());
    }
}
