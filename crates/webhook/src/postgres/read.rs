//! Reading the stored events in `seq` order from a point on, without skipping an event whose
//! transaction commits after a later one's: a reader goes only up to a horizon below which
//! every transaction that stored events has ended.
//!
//! `seq` comes from an identity column, so it is handed out when a row is inserted, not when
//! its transaction commits: with several writers (or several receivers) the row with seq 9 can
//! become visible after the row with seq 10. A reader that remembered "10" would never see 9.
//! The horizon is taken under `LOCK TABLE vcc_events IN SHARE MODE`, which waits for the
//! transactions storing events and holds new ones back for that instant; the largest `seq`
//! then visible bounds a range in which nothing can appear any more.

use std::time::Duration;

use tokio_postgres::Client;
use tokio_postgres::error::SqlState;

use super::{DatabaseUrl, describe};

/// The longest one attempt at the horizon waits for the transactions storing events (and
/// holds new ones back) before it lets them through and tries again.
const LOCK_WAIT: Duration = Duration::from_millis(200);

/// How long the attempts at a horizon go on before the reader gives up (writers kept the
/// table busy all that time: a statement hangs, or another session holds a lock).
const HORIZON_WITHIN: Duration = Duration::from_secs(30);

/// The statement that reads a page.
const PAGE: &str = "SELECT seq, body FROM vcc_events
    WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3";

/// One stored event, as a reader sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredEvent {
    /// Its position in the table: increasing in the order events were stored, with gaps.
    pub seq: i64,
    /// The body, byte for byte as received.
    pub body: String,
}

/// Reads the stored events in `seq` order, after a given `seq`, on its own connection.
///
/// Every event is read once, even one whose transaction committed after a later `seq`'s.
/// To process each event exactly once with several workers, use a
/// [`Consumer`](super::Consumer): a reader is for people and scripts.
pub struct StoredEvents {
    client: Client,
    url: DatabaseUrl,
    last: i64,
    horizon: i64,
}

impl StoredEvents {
    /// Connects, to read the events stored after `since` (0: from the first).
    pub async fn open(url: &DatabaseUrl, since: i64) -> Result<StoredEvents, String> {
        let (client, connection) = url
            .config()
            .connect(tokio_postgres::NoTls)
            .await
            .map_err(|e| url.scrub(describe(&e)))?;
        tokio::spawn(connection);
        Ok(StoredEvents {
            client,
            url: url.clone(),
            last: since,
            horizon: since,
        })
    }

    /// The `seq` of the last event read (or the one given to [`StoredEvents::open`]): where
    /// to continue from.
    pub fn last(&self) -> i64 {
        self.last
    }

    /// Up to `limit` events after the last one read, in `seq` order; empty when every event
    /// stored so far has been read (ask again later for those stored since).
    pub async fn next(&mut self, limit: usize) -> Result<Vec<StoredEvent>, String> {
        if self.last >= self.horizon {
            self.horizon = self.horizon().await?;
        }
        let limit = i64::try_from(limit.max(1)).unwrap_or(i64::MAX);
        let rows = self
            .client
            .query(PAGE, &[&self.last, &self.horizon, &limit])
            .await
            .map_err(|e| self.url.scrub(describe(&e)))?;
        let events: Vec<StoredEvent> = rows
            .iter()
            .map(|row| StoredEvent {
                seq: row.get(0),
                body: row.get(1),
            })
            .collect();
        self.last = match events.last() {
            Some(event) if events.len() as i64 == limit => event.seq,
            // Nothing is left up to the horizon, gaps included.
            _ => self.horizon,
        };
        Ok(events)
    }

    /// The largest `seq` below which no event can appear any more.
    async fn horizon(&mut self) -> Result<i64, String> {
        let started = tokio::time::Instant::now();
        loop {
            match self.try_horizon().await {
                Ok(horizon) => return Ok(horizon.max(self.horizon)),
                Err(e) if e.code() == Some(&SqlState::LOCK_NOT_AVAILABLE) => {
                    if started.elapsed() >= HORIZON_WITHIN {
                        return Err(format!(
                            "the transactions storing events did not let a reader in for {} s",
                            HORIZON_WITHIN.as_secs()
                        ));
                    }
                    // Let the writers held back go through before asking again.
                    tokio::time::sleep(LOCK_WAIT).await;
                }
                Err(e) => return Err(self.url.scrub(describe(&e))),
            }
        }
    }

    /// One attempt at the horizon, waiting at most [`LOCK_WAIT`] for the lock.
    async fn try_horizon(&mut self) -> Result<i64, tokio_postgres::Error> {
        let transaction = self.client.transaction().await?;
        transaction
            .batch_execute(&format!(
                "SET LOCAL lock_timeout = {}; LOCK TABLE vcc_events IN SHARE MODE",
                LOCK_WAIT.as_millis()
            ))
            .await?;
        let horizon: i64 = transaction
            .query_one("SELECT coalesce(max(seq), 0) FROM vcc_events", &[])
            .await?
            .get(0);
        transaction.commit().await?;
        Ok(horizon)
    }
}

impl std::fmt::Debug for StoredEvents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoredEvents")
            .field("url", &self.url)
            .field("last", &self.last)
            .field("horizon", &self.horizon)
            .finish_non_exhaustive()
    }
}
