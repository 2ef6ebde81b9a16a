//! A store file that fails on demand, as a full or failing disk would.

use std::fs::File;
use std::io::{self, Write};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::Router;
use vcc_events_webhook::{
    DEFAULT_BODY_LIMIT, DEFAULT_PATH, Receiver, Signatures, Store, StoreFile, StoreOptions,
};

/// Which operations fail, switched by the test while the receiver runs.
#[derive(Default)]
pub struct Faults {
    /// A write puts half of its bytes in the file, then fails (disk full).
    pub write: AtomicBool,
    /// A sync fails (I/O error), after the bytes were written.
    pub sync: AtomicBool,
    /// Cutting the file back fails.
    pub cut: AtomicBool,
    /// Something else truncates the file to nothing just before a write, which then puts half
    /// of its bytes in the file and fails (a `copytruncate` racing a full disk).
    pub truncate: AtomicBool,
}

impl Faults {
    /// Switches `fault` on or off.
    pub fn set(fault: &AtomicBool, on: bool) {
        fault.store(on, Ordering::SeqCst);
    }

    /// Everything works again.
    pub fn heal(&self) {
        for fault in [&self.write, &self.sync, &self.cut, &self.truncate] {
            Self::set(fault, false);
        }
    }
}

/// The store's file, failing as `faults` say.
pub struct FaultyFile {
    file: File,
    faults: Arc<Faults>,
}

impl StoreFile for FaultyFile {
    fn write_all(&mut self, buffer: &[u8]) -> io::Result<()> {
        if self.faults.truncate.load(Ordering::SeqCst) {
            self.file.set_len(0)?;
        }
        if self.faults.write.load(Ordering::SeqCst) || self.faults.truncate.load(Ordering::SeqCst) {
            Write::write_all(&mut self.file, &buffer[..buffer.len() / 2])?;
            return Err(io::ErrorKind::StorageFull.into());
        }
        Write::write_all(&mut self.file, buffer)
    }

    fn sync_data(&mut self) -> io::Result<()> {
        if self.faults.sync.load(Ordering::SeqCst) {
            return Err(io::Error::other("sync failed"));
        }
        self.file.sync_data()
    }

    fn set_len(&mut self, length: u64) -> io::Result<()> {
        if self.faults.cut.load(Ordering::SeqCst) {
            return Err(io::ErrorKind::PermissionDenied.into());
        }
        self.file.set_len(length)
    }
}

/// An unsigned receiver whose store writes to `path` through a [`FaultyFile`], with its health
/// check, and its faults.
pub fn faulty_receiver(path: &Path) -> (Router, Arc<Faults>) {
    let faults = Arc::new(Faults::default());
    let shared = Arc::clone(&faults);
    let (store, _) = Store::open_with(path, StoreOptions::default(), move |file| FaultyFile {
        file,
        faults: shared,
    })
    .unwrap();
    let receiver = Receiver::new(Signatures::Unsigned, store, DEFAULT_BODY_LIMIT);
    let router = receiver
        .router(DEFAULT_PATH)
        .merge(receiver.health_router());
    (router, faults)
}
