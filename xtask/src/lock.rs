//! The lock that keeps two `cargo xtask` runs in one workspace apart: `gen` holds it alone,
//! `check` shares it with other checks, so a check never reads a half-finished generation and
//! one generation's sweep never removes another's temporary files.

use std::fs::{self, File, TryLockError};
use std::io;
use std::path::{Path, PathBuf};

/// Where the lock file lives, relative to the workspace root (an ignored folder).
pub const LOCK_PATH: &str = "target/xtask.lock";

/// How a run holds the lock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// `gen`: no other run at the same time.
    Exclusive,
    /// `check`: other checks may run, no generation.
    Shared,
}

/// The lock, held until dropped (the operating system releases it when the process ends, even
/// when it is killed, so a crashed run never leaves the workspace locked).
#[derive(Debug)]
pub struct RunLock {
    _file: File,
    path: PathBuf,
}

impl RunLock {
    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Takes the lock of the workspace at `root`. When another run holds it, says so on stderr and
/// waits for it to finish.
pub fn lock(root: &Path, access: Access) -> io::Result<RunLock> {
    let path = root.join(LOCK_PATH);
    let context = |e: io::Error| {
        io::Error::new(
            e.kind(),
            format!("cannot lock {} for this run: {e}", path.display()),
        )
    };
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(context)?;
    }
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(context)?;
    let tried = match access {
        Access::Exclusive => file.try_lock(),
        Access::Shared => file.try_lock_shared(),
    };
    match tried {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            eprintln!(
                "waiting for another `cargo xtask` run in this workspace to finish (it holds {})",
                path.display()
            );
            match access {
                Access::Exclusive => file.lock(),
                Access::Shared => file.lock_shared(),
            }
            .map_err(context)?;
        }
        Err(TryLockError::Error(e)) => return Err(context(e)),
    }
    Ok(RunLock { _file: file, path })
}
