//! The file store's writer thread: one NDJSON line per event, each group of lines written and
//! synced before anyone in it is answered (group commit).
//!
//! Under load the writer waits a little (about one sync's time, at most the commit delay)
//! before each write, so that one sync covers more events: a sync costs about the same for
//! one line as for a thousand.

use std::collections::HashSet;
use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::{Duration, Instant};

use super::disk::{Job, StoreFile};
use super::identity::Identity;
use super::memory::Memory;
use super::{StoreError, Stored};

/// The most lines written and synced together.
const MAX_GROUP: usize = 1024;

/// The smallest group after which the writer waits for the next one to fill: a group this
/// large says that many deliveries are in flight at once. Below it (a few senders, or a quiet
/// hour) every event is written as soon as it comes.
const BUSY_GROUP: usize = 8;

/// Appends `event` to `buffer` as one line: its `\n` and `\r` bytes (whitespace between
/// tokens, in valid JSON) become spaces, and a `\n` ends it.
fn push_line(buffer: &mut Vec<u8>, event: &[u8]) {
    let start = buffer.len();
    buffer.extend_from_slice(event);
    for byte in &mut buffer[start..] {
        if matches!(*byte, b'\n' | b'\r') {
            *byte = b' ';
        }
    }
    buffer.push(b'\n');
}

/// Moves the jobs waiting in `queue` into `group`, up to [`MAX_GROUP`].
fn take_waiting(queue: &Receiver<Job>, group: &mut Vec<Job>) {
    while group.len() < MAX_GROUP {
        match queue.try_recv() {
            Ok(job) => group.push(job),
            Err(TryRecvError::Empty | TryRecvError::Disconnected) => break,
        }
    }
}

/// What the writer remembers of the group it wrote last.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct LastGroup {
    /// How many events it held.
    events: usize,
    /// How long its write and sync took.
    took: Duration,
}

/// How long the writer waits before writing a group of `group` events after `last`: after a
/// busy group, as long as that group's write and sync took (so that the next group gathers
/// what arrives in about one sync's time, however fast the disk), at most `delay`; not at all
/// after a small group or when the group is full already.
fn wait_before_write(delay: Duration, last: LastGroup, group: usize) -> Option<Duration> {
    let wait = delay.min(last.took);
    (!wait.is_zero() && last.events >= BUSY_GROUP && group < MAX_GROUP).then_some(wait)
}

/// The writer thread's state.
pub(super) struct Writer<F> {
    pub(super) file: F,
    pub(super) length: u64,
    pub(super) commit_delay: Duration,
    /// Set when a failed write could not be cut back.
    pub(super) broken: Arc<OnceLock<io::ErrorKind>>,
    pub(super) memory: Arc<Mutex<Memory>>,
    pub(super) queued_bytes: Arc<AtomicUsize>,
    /// What the store's path must still name before a group is written and acknowledged.
    pub(super) identity: Arc<Identity>,
}

/// What a job in a group comes to.
#[derive(Clone, Copy)]
enum Fate {
    /// Its line is in this group's write.
    Write,
    /// The same key is in this group's write: same outcome as that write, but `Duplicate`.
    SameAsWrite,
    /// Stored before.
    Duplicate,
}

impl<F: StoreFile> Writer<F> {
    pub(super) fn run(mut self, queue: Receiver<Job>) {
        let mut group: Vec<Job> = Vec::with_capacity(MAX_GROUP);
        let mut fates = Vec::with_capacity(MAX_GROUP);
        let mut fresh = HashSet::with_capacity(MAX_GROUP);
        let mut buffer = Vec::new();
        let mut last = LastGroup::default();
        while let Ok(job) = queue.recv() {
            group.push(job);
            take_waiting(&queue, &mut group);
            if let Some(delay) = wait_before_write(self.commit_delay, last, group.len()) {
                std::thread::sleep(delay);
                take_waiting(&queue, &mut group);
            }
            let events = group.len();
            buffer.clear();
            fresh.clear();
            fates.clear();
            let mut bytes = 0;
            let memory = self.memory.lock().unwrap_or_else(PoisonError::into_inner);
            for job in &group {
                bytes += job.event.len() + 1;
                let key = job.key;
                let fate = if memory.seen.contains(&key) {
                    Fate::Duplicate
                } else if !fresh.insert(key) {
                    Fate::SameAsWrite
                } else {
                    push_line(&mut buffer, &job.event);
                    Fate::Write
                };
                fates.push(fate);
            }
            drop(memory);
            let started = Instant::now();
            let written = self.append(&buffer);
            last = LastGroup {
                events,
                took: started.elapsed(),
            };
            if written.is_ok() {
                let mut memory = self.memory.lock().unwrap_or_else(PoisonError::into_inner);
                for key in fresh.drain() {
                    memory.seen.insert(key);
                }
            }
            self.queued_bytes.fetch_sub(bytes, Ordering::AcqRel);
            for (job, fate) in group.drain(..).zip(fates.iter()) {
                let outcome = match (fate, &written) {
                    (Fate::Duplicate, _) => Ok(Stored::Duplicate),
                    (Fate::Write, Ok(())) => Ok(Stored::New),
                    (Fate::SameAsWrite, Ok(())) => Ok(Stored::Duplicate),
                    (_, Err(e)) => Err(e.clone()),
                };
                // The asker may be gone (connection closed): the event is stored all the same.
                let _ = job.reply.send(outcome);
            }
        }
    }

    /// Writes and syncs `buffer`; on failure cuts the file back so no partial line remains.
    /// Once a failed write could not be cut back, nothing more is appended (a line would be
    /// glued to the partial one): every event gets 503 until the receiver is restarted, which
    /// cuts the partial line.
    ///
    /// Before the write and again before the group is acknowledged, the path must still name
    /// the open file, no shorter than what was written to it: nothing is written into, or
    /// acknowledged from, a file that was removed, moved, replaced or truncated.
    fn append(&mut self, buffer: &[u8]) -> Result<(), StoreError> {
        if buffer.is_empty() {
            return Ok(());
        }
        if let Some(&kind) = self.broken.get() {
            return Err(StoreError::Write(kind));
        }
        self.identity.check().map_err(StoreError::File)?;
        let result = self
            .file
            .write_all(buffer)
            .and_then(|()| self.file.sync_data());
        match result {
            Ok(()) => {
                self.length += buffer.len() as u64;
                self.identity.set_stored(self.length);
                self.identity.check().map_err(StoreError::File)
            }
            Err(e) => {
                self.cut_back(e.kind());
                Err(StoreError::Write(e.kind()))
            }
        }
    }

    /// Cuts the file back to the store's length after a failed write; never past the file's
    /// real length (a file truncated under the store is not extended with zero bytes: the
    /// identity check refuses it from now on).
    fn cut_back(&mut self, failure: io::ErrorKind) {
        match self.identity.real_length() {
            Ok(real) if real < self.length => {}
            Ok(_) if self.file.set_len(self.length).is_ok() => {}
            Ok(_) | Err(_) => {
                let _ = self.broken.set(failure);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DELAY: Duration = Duration::from_micros(300);

    fn after(events: usize, took_us: u64) -> LastGroup {
        LastGroup {
            events,
            took: Duration::from_micros(took_us),
        }
    }

    #[test]
    fn after_a_busy_group_the_writer_waits_as_long_as_its_sync_took() {
        assert_eq!(
            wait_before_write(DELAY, after(BUSY_GROUP, 120), 1),
            Some(Duration::from_micros(120))
        );
        assert_eq!(
            wait_before_write(DELAY, after(MAX_GROUP, 40), 1),
            Some(Duration::from_micros(40))
        );
    }

    #[test]
    fn the_wait_is_at_most_the_commit_delay() {
        assert_eq!(
            wait_before_write(DELAY, after(BUSY_GROUP, 5_000), 1),
            Some(DELAY)
        );
    }

    #[test]
    fn the_writer_does_not_wait_after_a_small_group() {
        assert_eq!(
            wait_before_write(DELAY, after(BUSY_GROUP - 1, 120), 1),
            None
        );
        assert_eq!(wait_before_write(DELAY, LastGroup::default(), 1), None);
    }

    #[test]
    fn the_writer_does_not_wait_to_fill_a_full_group() {
        assert_eq!(
            wait_before_write(DELAY, after(BUSY_GROUP, 120), MAX_GROUP),
            None
        );
    }

    #[test]
    fn a_zero_delay_or_an_instant_sync_never_waits() {
        assert_eq!(
            wait_before_write(Duration::ZERO, after(MAX_GROUP, 120), 1),
            None
        );
        assert_eq!(wait_before_write(DELAY, after(MAX_GROUP, 0), 1), None);
    }
}
