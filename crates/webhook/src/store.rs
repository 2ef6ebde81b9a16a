//! The durable store: one NDJSON line per event, appended by one writer thread that syncs each
//! group of lines before anyone is answered, and the duplicate memory rebuilt from the file.
//!
//! Under load the writer waits a little (about one sync's time, at most the commit delay)
//! before each write, so that one sync covers more events: a sync costs about the same for
//! one line as for a thousand.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;
use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, TryRecvError, TrySendError, sync_channel};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use tokio::sync::oneshot;
use vcc_events::Ksuid;

use crate::seen::{Key, Seen, ksuid_bytes};

/// How many distinct deliveries the duplicate memory keeps unless told otherwise: 24 hours of
/// the platform's retries at 11 events per second, about 32 MB.
pub const DEFAULT_REMEMBER: usize = 1_000_000;

/// How many events may wait for the writer unless told otherwise.
pub const DEFAULT_QUEUE_EVENTS: usize = 4096;

/// How many bytes of events may wait for the writer unless told otherwise.
pub const DEFAULT_QUEUE_BYTES: usize = 64 << 20;

/// The longest the writer waits for more events before a sync under load, unless told
/// otherwise.
pub const DEFAULT_COMMIT_DELAY: Duration = Duration::from_micros(300);

/// The most lines written and synced together.
const MAX_GROUP: usize = 1024;

/// The smallest group after which the writer waits for the next one to fill: a group this
/// large says that many deliveries are in flight at once. Below it (a few senders, or a quiet
/// hour) every event is written as soon as it comes.
const BUSY_GROUP: usize = 8;

/// How the store is sized.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StoreOptions {
    /// How many distinct deliveries (`source` + `id`) the duplicate memory keeps, the most
    /// recent first.
    pub remember: usize,
    /// How many events may wait for the writer; beyond, deliveries get 503.
    pub queue_events: usize,
    /// How many bytes of events may wait for the writer; beyond, deliveries get 503.
    pub queue_bytes: usize,
    /// The longest the writer waits for more events before writing and syncing a group, when
    /// the group before held at least 8 events (many deliveries in flight). It waits as long
    /// as that group's write and sync took, up to this: each event's answer may come that much
    /// later; in exchange one sync serves more events, so a busy receiver makes fewer syncs
    /// and disk writes. Zero writes every group at once.
    pub commit_delay: Duration,
}

impl Default for StoreOptions {
    fn default() -> Self {
        StoreOptions {
            remember: DEFAULT_REMEMBER,
            queue_events: DEFAULT_QUEUE_EVENTS,
            queue_bytes: DEFAULT_QUEUE_BYTES,
            commit_delay: DEFAULT_COMMIT_DELAY,
        }
    }
}

/// What happened to an event given to the store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stored {
    /// It was appended and synced.
    New,
    /// An event with the same `source` and `id` is in the file already: nothing was written.
    Duplicate,
}

/// Why an event could not be stored now (answered 503: the platform retries).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreError {
    /// Too many events are waiting for the writer.
    QueueFull,
    /// Writing or syncing the file failed (e.g. the disk is full).
    Write(io::ErrorKind),
    /// The writer has stopped.
    Closed,
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::QueueFull => f.write_str("too many events are waiting to be stored"),
            Self::Write(kind) => write!(f, "the event could not be written: {kind}"),
            Self::Closed => f.write_str("the store has stopped"),
        }
    }
}

impl std::error::Error for StoreError {}

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

/// What [`Store::open`] found in the file.
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

/// An append-only NDJSON file of events, written by its own thread.
pub struct Store {
    memory: Arc<Mutex<Memory>>,
    /// Set by the writer when a failed write could not be cut back.
    broken: Arc<OnceLock<io::ErrorKind>>,
    jobs: SyncSender<Job>,
    writer: Option<std::thread::JoinHandle<()>>,
    queued_bytes: Arc<AtomicUsize>,
    max_queued_bytes: usize,
}

struct Job {
    key: Key,
    /// The event as received; its line is written from it.
    event: Bytes,
    reply: oneshot::Sender<Result<Stored, StoreError>>,
}

impl Store {
    /// Opens (or creates) `path`, locks it, cuts a torn last line, rebuilds the duplicate
    /// memory from its most recent events and starts the writer.
    pub fn open(path: &Path, options: StoreOptions) -> Result<(Store, Recovered), OpenError> {
        Self::open_with(path, options, |file| file)
    }

    /// Like [`Store::open`], but the writer writes through what `wrap` makes of the opened,
    /// locked and recovered file (opened for appending: every write goes to its end).
    pub fn open_with<F: StoreFile>(
        path: &Path,
        options: StoreOptions,
        wrap: impl FnOnce(File) -> F,
    ) -> Result<(Store, Recovered), OpenError> {
        let io_error = |e| OpenError::Io(path.to_owned(), e);
        let existed = path.exists();
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(path)
            .map_err(io_error)?;
        file.try_lock().map_err(|e| {
            io_error(io::Error::new(
                io::ErrorKind::WouldBlock,
                format!("another process holds the file ({e})"),
            ))
        })?;
        if !existed {
            sync_parent(path).map_err(io_error)?;
        }
        let mut memory = Memory {
            seen: Seen::new(options.remember),
            sources: Sources::default(),
        };
        let (recovered, length) = recover(&mut file, &mut memory, path)?;
        let memory = Arc::new(Mutex::new(memory));
        if recovered.cut_bytes > 0 {
            file.set_len(length).map_err(io_error)?;
            file.sync_all().map_err(io_error)?;
        }
        let (jobs, queue) = sync_channel(options.queue_events.max(1));
        let queued_bytes = Arc::new(AtomicUsize::new(0));
        let broken = Arc::new(OnceLock::new());
        let writer = Writer {
            broken: Arc::clone(&broken),
            file: wrap(file),
            length,
            commit_delay: options.commit_delay,
            memory: Arc::clone(&memory),
            queued_bytes: Arc::clone(&queued_bytes),
        };
        let writer = std::thread::Builder::new()
            .name("vcc-webhook-writer".to_owned())
            .spawn(move || writer.run(queue))
            .map_err(io_error)?;
        Ok((
            Store {
                memory,
                broken,
                jobs,
                writer: Some(writer),
                queued_bytes,
                max_queued_bytes: options.queue_bytes.max(1),
            },
            recovered,
        ))
    }

    /// Appends `event` (one JSON value) as one line unless an event with the same `source` and
    /// `id` is stored; resolves once the line is synced to disk. A repeat of an event already
    /// synced is answered at once, without waiting for the writer.
    ///
    /// The bytes are stored as received, except that every `\n` and `\r` becomes a space so
    /// that the event stays on one line: in valid JSON these bytes can only be insignificant
    /// whitespace (inside a string they must be escaped), so the line is the same JSON value.
    /// `event` must be valid JSON (the receiver stores only events it has decoded).
    pub async fn store(
        &self,
        source: &'static str,
        id: Ksuid,
        event: Bytes,
    ) -> Result<Stored, StoreError> {
        // The id's bytes are computed before the lock, which is held for the check only.
        let id = ksuid_bytes(&id);
        let key = {
            let mut memory = self.memory.lock().unwrap_or_else(PoisonError::into_inner);
            let key = Key::from_bytes(memory.sources.index(source), id);
            if memory.seen.contains(&key) {
                return Ok(Stored::Duplicate);
            }
            key
        };
        let size = event.len() + 1;
        if self.queued_bytes.fetch_add(size, Ordering::AcqRel) + size > self.max_queued_bytes {
            self.queued_bytes.fetch_sub(size, Ordering::AcqRel);
            return Err(StoreError::QueueFull);
        }
        let (reply, answer) = oneshot::channel();
        let job = Job { key, event, reply };
        if let Err(e) = self.jobs.try_send(job) {
            self.queued_bytes.fetch_sub(size, Ordering::AcqRel);
            return Err(match e {
                TrySendError::Full(_) => StoreError::QueueFull,
                TrySendError::Disconnected(_) => StoreError::Closed,
            });
        }
        answer.await.unwrap_or(Err(StoreError::Closed))
    }

    /// Whether events can be stored now: `Err` once a failed write could not be cut back
    /// (until a restart cuts it) or when the writer has stopped. A full queue is not counted:
    /// it passes as the writer catches up.
    pub fn health(&self) -> Result<(), StoreError> {
        if let Some(&kind) = self.broken.get() {
            return Err(StoreError::Write(kind));
        }
        match &self.writer {
            Some(writer) if !writer.is_finished() => Ok(()),
            _ => Err(StoreError::Closed),
        }
    }
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store")
            .field("queued_bytes", &self.queued_bytes.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

impl Drop for Store {
    /// Lets the writer finish the events it has and waits for it: the file is closed and
    /// unlocked when this returns.
    fn drop(&mut self) {
        let (closed, _) = sync_channel(0);
        drop(std::mem::replace(&mut self.jobs, closed));
        if let Some(writer) = self.writer.take() {
            let _ = writer.join();
        }
    }
}

/// The ids of the stored events and the sources they name; shared by the writer (which adds
/// keys once synced) and the askers (who answer a known repeat at once).
struct Memory {
    seen: Seen,
    sources: Sources,
}

impl Memory {
    fn key(&mut self, source: &str, id: Ksuid) -> Key {
        Key::new(self.sources.index(source), &id)
    }
}

/// The `source`s seen, numbered so that a key is small.
#[derive(Default)]
struct Sources(Vec<String>);

impl Sources {
    fn index(&mut self, source: &str) -> u16 {
        if let Some(i) = self.0.iter().position(|s| s == source) {
            return i as u16;
        }
        // A catalog has a handful of sources; a file with more than 65,535 shares the last.
        if self.0.len() < usize::from(u16::MAX) {
            self.0.push(source.to_owned());
        }
        (self.0.len() - 1) as u16
    }
}

/// The members of a stored line that identify it.
#[derive(serde::Deserialize)]
struct Identity<'a> {
    #[serde(borrow)]
    source: Cow<'a, str>,
    id: Ksuid,
}

/// Reads every line: complete events go into `seen`; a last line that is incomplete or not an
/// event is to be cut. Returns what was found and the length to keep.
fn recover(
    file: &mut File,
    memory: &mut Memory,
    path: &Path,
) -> Result<(Recovered, u64), OpenError> {
    let io_error = |e| OpenError::Io(path.to_owned(), e);
    file.seek(SeekFrom::Start(0)).map_err(io_error)?;
    let mut reader = BufReader::with_capacity(1 << 20, &mut *file);
    let (mut line, mut good_end, mut offset) = (Vec::new(), 0u64, 0u64);
    let (mut events, mut bad_line) = (0usize, None);
    let mut number = 0;
    loop {
        line.clear();
        let read = reader.read_until(b'\n', &mut line).map_err(io_error)?;
        if read == 0 {
            break;
        }
        number += 1;
        offset += read as u64;
        if let Some(line) = bad_line {
            // Something follows a bad line: not a torn write.
            return Err(OpenError::Corrupt {
                path: path.to_owned(),
                line,
            });
        }
        let identity = line
            .strip_suffix(b"\n")
            .and_then(|text| serde_json::from_slice::<Identity<'_>>(text).ok());
        match identity {
            Some(Identity { source, id }) => {
                let key = memory.key(&source, id);
                memory.seen.insert(key);
                events += 1;
                good_end = offset;
            }
            None => bad_line = Some(number),
        }
    }
    Ok((
        Recovered {
            events,
            cut_bytes: offset - good_end,
        },
        good_end,
    ))
}

/// Makes a new file's directory entry durable.
fn sync_parent(path: &Path) -> io::Result<()> {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    File::open(parent)?.sync_all()
}

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
struct Writer<F> {
    file: F,
    length: u64,
    commit_delay: Duration,
    /// Set when a failed write could not be cut back.
    broken: Arc<OnceLock<io::ErrorKind>>,
    memory: Arc<Mutex<Memory>>,
    queued_bytes: Arc<AtomicUsize>,
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
    fn run(mut self, queue: Receiver<Job>) {
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
                    (_, Err(kind)) => Err(StoreError::Write(*kind)),
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
    fn append(&mut self, buffer: &[u8]) -> Result<(), io::ErrorKind> {
        if buffer.is_empty() {
            return Ok(());
        }
        if let Some(&kind) = self.broken.get() {
            return Err(kind);
        }
        let result = self
            .file
            .write_all(buffer)
            .and_then(|()| self.file.sync_data());
        match result {
            Ok(()) => {
                self.length += buffer.len() as u64;
                Ok(())
            }
            Err(e) => {
                if self.file.set_len(self.length).is_err() {
                    let _ = self.broken.set(e.kind());
                }
                Err(e.kind())
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
