//! Whether the store's path still names the file the store opened and locked, whole: a file
//! removed, moved, replaced or truncated under the receiver must not be acknowledged into.
//! Also the lock file beside it and the free space on its disk.

use std::fmt;
use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Why the store's file can no longer be trusted with events (answered 503, and `/healthz`
/// fails with it) until the receiver is restarted on a file it can keep.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileProblem {
    /// The path names no file any more (the file was removed or moved away).
    Missing,
    /// The path names another file than the one the store opened (moved, or replaced).
    Replaced,
    /// The file is shorter than what the store wrote to it (truncated by something else).
    Shrunk,
    /// The path cannot be looked at (e.g. permissions changed).
    Unreachable(io::ErrorKind),
}

impl fmt::Display for FileProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing => f.write_str(
                "the store's file was removed or moved: its path names no file; restart the receiver",
            ),
            Self::Replaced => f.write_str(
                "the store's path names another file than the one the receiver locked; restart the receiver",
            ),
            Self::Shrunk => f.write_str(
                "the store's file is shorter than what was stored in it (truncated under the receiver); restart the receiver",
            ),
            Self::Unreachable(kind) => write!(f, "the store's path cannot be looked at: {kind}"),
        }
    }
}

/// The identity of the open store file, and how much of it is the store's.
#[derive(Debug)]
pub(super) struct Identity {
    path: PathBuf,
    /// The open file (a second descriptor of it), to read its own length and free space.
    file: File,
    #[cfg(unix)]
    id: (u64, u64),
    /// The bytes written and synced by the store (the file's length when all is well).
    stored: AtomicU64,
}

impl Identity {
    /// The identity of `file`, opened at `path`, `length` bytes long.
    pub(super) fn of(path: &Path, file: &File, length: u64) -> io::Result<Self> {
        let file = file.try_clone()?;
        #[cfg(unix)]
        let id = {
            use std::os::unix::fs::MetadataExt;
            let meta = file.metadata()?;
            (meta.dev(), meta.ino())
        };
        Ok(Identity {
            path: path.to_owned(),
            file,
            #[cfg(unix)]
            id,
            stored: AtomicU64::new(length),
        })
    }

    /// Records that the store's part of the file is now `length` bytes.
    pub(super) fn set_stored(&self, length: u64) {
        self.stored.store(length, Ordering::Release);
    }

    /// The file's length now, as the open file has it (whatever its path names).
    pub(super) fn real_length(&self) -> io::Result<u64> {
        Ok(self.file.metadata()?.len())
    }

    /// Whether the path still names the open file, and the file holds all the store wrote.
    pub(super) fn check(&self) -> Result<(), FileProblem> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let named = match std::fs::metadata(&self.path) {
                Ok(meta) => meta,
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    return Err(FileProblem::Missing);
                }
                Err(e) => return Err(FileProblem::Unreachable(e.kind())),
            };
            if (named.dev(), named.ino()) != self.id {
                return Err(FileProblem::Replaced);
            }
        }
        let length = self
            .real_length()
            .map_err(|e| FileProblem::Unreachable(e.kind()))?;
        if length < self.stored.load(Ordering::Acquire) {
            return Err(FileProblem::Shrunk);
        }
        Ok(())
    }

    /// Bytes free on the file's disk for the receiver, where the system says.
    pub(super) fn free_bytes(&self) -> Option<u64> {
        #[cfg(unix)]
        {
            use std::os::fd::AsRawFd;
            // SAFETY: an all-zero statvfs is a valid value; fstatvfs fills it for an open fd.
            let mut stats: libc::statvfs = unsafe { std::mem::zeroed() };
            let ok = unsafe { libc::fstatvfs(self.file.as_raw_fd(), &mut stats) } == 0;
            #[allow(
                clippy::unnecessary_cast,
                reason = "the field types differ between systems"
            )]
            ok.then(|| (stats.f_bavail as u64).saturating_mul(stats.f_frsize as u64))
        }
        #[cfg(not(unix))]
        {
            None
        }
    }
}

/// The lock file beside the data file at `path` (`events.ndjson.lock` for `events.ndjson`),
/// created if missing, locked for as long as the returned file is open: a second receiver on
/// the same path is refused even after the data file was moved away.
pub(super) fn lock_beside(path: &Path) -> io::Result<File> {
    let mut name = path.as_os_str().to_owned();
    name.push(".lock");
    let lock_path = PathBuf::from(name);
    let lock = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&lock_path)?;
    lock.try_lock().map_err(|e| {
        io::Error::new(
            io::ErrorKind::WouldBlock,
            format!(
                "another process holds {} ({e}): one receiver per file",
                lock_path.display()
            ),
        )
    })?;
    Ok(lock)
}
