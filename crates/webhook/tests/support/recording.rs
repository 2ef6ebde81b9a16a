//! A store file that records how many lines each write carried, can hold the writer in its
//! next write until the test lets it go, and can make syncs slow.

use std::fs::File;
use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// What the writer did, and the gate it passes before each write.
#[derive(Default)]
pub struct Writes {
    /// The number of lines of each write, in order.
    lines: Mutex<Vec<usize>>,
    /// Held by a test, it keeps the writer in its next write.
    gate: Mutex<()>,
    /// Whether the writer is at the gate, or past it.
    entered: AtomicBool,
    /// How long each sync takes, at least, in milliseconds.
    sync_ms: AtomicU64,
}

impl Writes {
    /// The number of lines of each write so far.
    pub fn lines(&self) -> Vec<usize> {
        self.lines.lock().unwrap().clone()
    }

    /// Makes each sync from now on take at least `time`, as on a slow disk.
    pub fn slow_syncs(&self, time: Duration) {
        self.sync_ms
            .store(time.as_millis() as u64, Ordering::SeqCst);
    }

    /// Closes the gate: the next write waits until the guard is dropped.
    pub fn hold(&self) -> MutexGuard<'_, ()> {
        self.entered.store(false, Ordering::SeqCst);
        self.gate.lock().unwrap()
    }

    /// Waits (up to 10 s) until the writer has reached the gate.
    pub fn wait_for_writer(&self) {
        for _ in 0..10_000 {
            if self.entered.load(Ordering::SeqCst) {
                return;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        panic!("the writer never came to write");
    }
}

/// The store's file, recording into `writes`.
pub struct RecordingFile {
    pub file: File,
    pub writes: Arc<Writes>,
}

impl vcc_events_webhook::StoreFile for RecordingFile {
    fn write_all(&mut self, buffer: &[u8]) -> io::Result<()> {
        self.writes.entered.store(true, Ordering::SeqCst);
        drop(self.writes.gate.lock().unwrap());
        let lines = buffer.iter().filter(|&&b| b == b'\n').count();
        self.writes.lines.lock().unwrap().push(lines);
        Write::write_all(&mut self.file, buffer)
    }

    fn sync_data(&mut self) -> io::Result<()> {
        let slow = self.writes.sync_ms.load(Ordering::SeqCst);
        std::thread::sleep(Duration::from_millis(slow));
        self.file.sync_data()
    }

    fn set_len(&mut self, length: u64) -> io::Result<()> {
        self.file.set_len(length)
    }
}
