//! What the NDJSON store's parts share: the file its writer writes through, what opening the
//! file found or failed with, and one event waiting for the writer thread.

use std::fmt;
use std::fs::File;
use std::io::{self, Write};
use std::path::PathBuf;

use axum::body::Bytes;
use tokio::sync::oneshot;

use super::{StoreError, Stored};
use crate::seen::Key;

/// Why a store could not be opened.
#[derive(Debug)]
pub enum OpenError {
    /// The file cannot be opened, read, locked or cut.
    Io(PathBuf, io::Error),
    /// A line before the last is not an event with a `source` and an `id`: the file is not
    /// this receiver's, or was damaged otherwise than by a crash. It is left as it is.
    Corrupt {
        /// The file.
        path: PathBuf,
        /// The 1-based line.
        line: usize,
    },
}

impl fmt::Display for OpenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io(path, e) => write!(f, "{}: {e}", path.display()),
            Self::Corrupt { path, line } => write!(
                f,
                "{}:{line}: not an event with a `source` and an `id`; the file is left untouched",
                path.display()
            ),
        }
    }
}

impl std::error::Error for OpenError {}

/// What [`Store::open`](super::Store::open) found in the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Recovered {
    /// Complete events in the file.
    pub events: usize,
    /// Bytes of a torn last line that were cut off (0 after a clean stop).
    pub cut_bytes: u64,
}

/// What the writer thread writes to: the store's file, or a stand-in that wraps it (to
/// observe or fail writes in tests).
pub trait StoreFile: Send + 'static {
    /// Appends all of `buffer` at the end of the file.
    fn write_all(&mut self, buffer: &[u8]) -> io::Result<()>;
    /// Makes what was written durable (its data, not necessarily its metadata).
    fn sync_data(&mut self) -> io::Result<()>;
    /// Cuts (or extends) the file to `length` bytes.
    fn set_len(&mut self, length: u64) -> io::Result<()>;
}

impl StoreFile for File {
    fn write_all(&mut self, buffer: &[u8]) -> io::Result<()> {
        Write::write_all(self, buffer)
    }

    fn sync_data(&mut self) -> io::Result<()> {
        File::sync_data(self)
    }

    fn set_len(&mut self, length: u64) -> io::Result<()> {
        File::set_len(self, length)
    }
}

/// One event waiting for the writer thread, and where its answer goes.
pub(super) struct Job {
    pub(super) key: Key,
    /// The event as received; its line is written from it.
    pub(super) event: Bytes,
    pub(super) reply: oneshot::Sender<Result<Stored, StoreError>>,
}
