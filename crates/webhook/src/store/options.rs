//! How a store is sized: the queue in front of it, the duplicate memory, the commit delay.

use std::time::Duration;

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

/// The least free space on the file's disk for the store to call itself healthy unless told
/// otherwise: 16 MiB.
pub const DEFAULT_MIN_FREE_BYTES: u64 = 16 << 20;

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
    /// Below this many free bytes on the file's disk, the store's health check fails (so that
    /// a load balancer sends deliveries elsewhere); writes are still tried.
    pub min_free_bytes: u64,
}

impl Default for StoreOptions {
    fn default() -> Self {
        StoreOptions {
            remember: DEFAULT_REMEMBER,
            queue_events: DEFAULT_QUEUE_EVENTS,
            queue_bytes: DEFAULT_QUEUE_BYTES,
            commit_delay: DEFAULT_COMMIT_DELAY,
            min_free_bytes: DEFAULT_MIN_FREE_BYTES,
        }
    }
}
