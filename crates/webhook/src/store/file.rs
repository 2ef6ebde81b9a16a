//! The NDJSON file store: opening, locking and recovering the file, the queue in front of the
//! writer thread, and the store's health.

use std::fmt;
use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use axum::body::Bytes;
use tokio::sync::oneshot;
use vcc_events::Ksuid;

use super::disk::{Job, OpenError, Recovered, StoreFile};
use super::identity::{Identity, lock_beside};
use super::memory::{Memory, Sources};
use super::recover::{recover, sync_parent};
use super::writer::Writer;
use super::{Accepted, Appending, EventStore, StoreError, StoreOptions, Stored};
use crate::seen::{Key, Seen};

/// An append-only NDJSON file of events, written by its own thread.
pub struct Store {
    memory: Arc<Mutex<Memory>>,
    /// Set by the writer when a failed write could not be cut back.
    broken: Arc<OnceLock<io::ErrorKind>>,
    jobs: SyncSender<Job>,
    writer: Option<std::thread::JoinHandle<()>>,
    queued_bytes: Arc<AtomicUsize>,
    max_queued_bytes: usize,
    /// What the path must still name.
    identity: Arc<Identity>,
    min_free_bytes: u64,
    /// The lock file beside the data file, locked while this is open.
    _lock: File,
}

impl Store {
    /// Opens (or creates) `path`, locks it and a lock file beside it (`path` + `.lock`), cuts a
    /// torn last line, rebuilds the duplicate memory from its most recent events and starts
    /// the writer.
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
        let lock = lock_beside(path).map_err(io_error)?;
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
        let identity = Arc::new(Identity::of(path, &file, length).map_err(io_error)?);
        let writer = Writer {
            identity: Arc::clone(&identity),
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
                identity,
                min_free_bytes: options.min_free_bytes,
                _lock: lock,
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
        self.submit(source, id, event)?.outcome().await
    }

    /// Checks the duplicate memory and queues `event` for the writer.
    fn submit(&self, source: &'static str, id: Ksuid, event: Bytes) -> Result<Pending, StoreError> {
        // The id's bytes are computed before the lock, which is held for the check only.
        let id = id.to_bytes();
        let key = {
            let mut memory = self.memory.lock().unwrap_or_else(PoisonError::into_inner);
            let key = Key::from_bytes(memory.sources.index(source), id);
            if memory.seen.contains(&key) {
                return Ok(Pending::Known);
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
        Ok(Pending::Queued(answer))
    }

    /// Whether events can be stored now: `Err` once a failed write could not be cut back
    /// (until a restart cuts it), when the writer has stopped, when the path no longer names
    /// the whole file the store locked (removed, moved, replaced, truncated), and while the
    /// disk has less free space than [`StoreOptions::min_free_bytes`]. A full queue is not
    /// counted: it passes as the writer catches up.
    pub fn health(&self) -> Result<(), StoreError> {
        if let Some(&kind) = self.broken.get() {
            return Err(StoreError::Write(kind));
        }
        match &self.writer {
            Some(writer) if !writer.is_finished() => {}
            _ => return Err(StoreError::Closed),
        }
        self.identity.check().map_err(StoreError::File)?;
        match self.identity.free_bytes() {
            Some(free) if free < self.min_free_bytes => Err(StoreError::DiskFull(free)),
            _ => Ok(()),
        }
    }
}

/// An event given to the file store, on its way.
enum Pending {
    /// A repeat of an event already synced.
    Known,
    /// Queued for the writer, which answers once its line is synced.
    Queued(oneshot::Receiver<Result<Stored, StoreError>>),
}

impl Pending {
    async fn outcome(self) -> Result<Stored, StoreError> {
        match self {
            Self::Known => Ok(Stored::Duplicate),
            Self::Queued(answer) => answer.await.unwrap_or(Err(StoreError::Closed)),
        }
    }
}

impl EventStore for Store {
    /// Queues every event of the group before waiting for any, so that they share the writer's
    /// syncs.
    fn append<'a>(&'a self, group: &'a [Accepted]) -> Appending<'a> {
        let pending: Vec<_> = group
            .iter()
            .map(|event| self.submit(event.source, event.id, event.body.clone()))
            .collect();
        Box::pin(async move {
            let mut outcomes = Vec::with_capacity(pending.len());
            for pending in pending {
                outcomes.push(match pending {
                    Ok(pending) => pending.outcome().await,
                    Err(e) => Err(e),
                });
            }
            outcomes
        })
    }

    fn health(&self) -> Result<(), StoreError> {
        Store::health(self)
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
