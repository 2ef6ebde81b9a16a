//! The storage seam: the receiver hands each accepted event to an [`EventStore`] and answers
//! 2xx only once the store has said the event is durable; the NDJSON file ([`Store`]) is one
//! implementation.

mod disk;
mod file;
mod identity;
mod memory;
mod options;
mod recover;
mod writer;

use std::fmt;
use std::future::Future;
use std::io;
use std::pin::Pin;

use axum::body::Bytes;
use vcc_events::Ksuid;

pub use disk::{OpenError, Recovered, StoreFile};
pub use file::Store;
pub use identity::FileProblem;
pub use options::{
    DEFAULT_COMMIT_DELAY, DEFAULT_MIN_FREE_BYTES, DEFAULT_QUEUE_BYTES, DEFAULT_QUEUE_EVENTS,
    DEFAULT_REMEMBER, StoreOptions,
};

/// An event the receiver has verified and decoded, to be stored as received.
#[derive(Clone, Debug)]
pub struct Accepted {
    /// Its CloudEvents `source`, e.g. `/channel`.
    pub source: &'static str,
    /// Its `id`: with `source`, what makes a repeat a duplicate.
    pub id: Ksuid,
    /// Its CloudEvents `type`, e.g. `channel.parked.v0`.
    pub event_type: &'static str,
    /// The body, byte for byte as received (valid JSON: the receiver has decoded it).
    pub body: Bytes,
}

/// What [`EventStore::append`] resolves to: one outcome per event of the group, in order.
pub type Appending<'a> = Pin<Box<dyn Future<Output = Vec<Result<Stored, StoreError>>> + Send + 'a>>;

/// Where a receiver keeps the events it accepts.
///
/// An implementation answers [`Stored::New`] or [`Stored::Duplicate`] for an event only once
/// it is durable (or an event with the same `source` and `id` is): the receiver answers 200 on
/// that word alone. Anything it cannot promise is a [`StoreError`] (answered 503, retried).
pub trait EventStore: fmt::Debug + Send + Sync + 'static {
    /// Stores each event of `group` unless an event with the same `source` and `id` is stored
    /// already; resolves once every new one is durable, with one outcome per event, in order.
    fn append<'a>(&'a self, group: &'a [Accepted]) -> Appending<'a>;

    /// Whether events can be stored now, and if not, why.
    fn health(&self) -> Result<(), StoreError>;
}

/// A store chosen at run time (the file or PostgreSQL) is a store.
impl<S: EventStore + ?Sized> EventStore for Box<S> {
    fn append<'a>(&'a self, group: &'a [Accepted]) -> Appending<'a> {
        (**self).append(group)
    }

    fn health(&self) -> Result<(), StoreError> {
        (**self).health()
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
    /// The store's path no longer names the whole file it opened and locked.
    File(FileProblem),
    /// The disk holding the file has less free space than the store's minimum (bytes free).
    DiskFull(u64),
    /// The database is unreachable, restarting or refused the statement; the reason has no
    /// password in it.
    Database(String),
    /// The database did not say the event was stored within the deadline.
    Timeout(std::time::Duration),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::QueueFull => f.write_str("too many events are waiting to be stored"),
            Self::Write(kind) => write!(f, "the event could not be written: {kind}"),
            Self::Closed => f.write_str("the store has stopped"),
            Self::File(problem) => problem.fmt(f),
            Self::DiskFull(free) => write!(f, "the disk is full: {free} bytes free"),
            Self::Database(reason) => write!(f, "the database is unavailable: {reason}"),
            Self::Timeout(deadline) => write!(
                f,
                "the database did not confirm the event within {} ms",
                deadline.as_millis()
            ),
        }
    }
}

impl std::error::Error for StoreError {}
