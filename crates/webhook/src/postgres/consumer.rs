//! Processing what was stored, once per consumer group: a worker claims a batch of the
//! group's unprocessed events (`FOR UPDATE SKIP LOCKED`, so several workers share the work),
//! hands them decoded to the partner's handler together with the transaction, and marks them
//! processed in that same transaction. A worker that dies mid-batch rolls back: its events go
//! to the others.
//!
//! Each group's unprocessed events are rows of `vcc_unprocessed`, added by a trigger in the
//! transaction that stores an event; a new group starts with every event stored so far.

use std::fmt;

use deadpool_postgres::{Object, Pool};
use vcc_events::{AnyEvent, DecodeError};

use super::DatabaseUrl;

/// One stored event, as a consumer receives it.
#[derive(Debug)]
pub struct Consumed {
    /// Its position in the table (`seq`): increasing in the order events were stored, with
    /// gaps. Not the events' own order: the platform does not deliver in order, so order
    /// within a channel by the events' `time`.
    pub seq: i64,
    /// The body, byte for byte as received.
    pub body: String,
    /// The body decoded, or why this build cannot decode it (e.g. a newer version of an event
    /// stored by a newer receiver).
    pub event: Result<AnyEvent, DecodeError>,
}

/// Why a batch was not processed; its events stay unprocessed for the next worker.
#[derive(Debug)]
pub enum ConsumeError<E> {
    /// The database failed or is unreachable (the message has no password in it).
    Database(String),
    /// The handler refused the batch: its transaction was rolled back.
    Handler(E),
}

impl<E: fmt::Display> fmt::Display for ConsumeError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Database(reason) => write!(f, "the database is unavailable: {reason}"),
            Self::Handler(e) => write!(f, "the handler failed: {e}"),
        }
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for ConsumeError<E> {}

/// A worker of one consumer group.
pub struct Consumer {
    pool: Pool,
    group: String,
    batch: i64,
    url: DatabaseUrl,
}

/// The statement that claims a batch: the group's oldest unprocessed events that no other
/// worker holds.
const CLAIM: &str = "SELECT e.seq, e.body FROM vcc_events e
    JOIN (SELECT seq FROM vcc_unprocessed WHERE consumer_group = $1
          ORDER BY seq LIMIT $2 FOR UPDATE SKIP LOCKED) u USING (seq)
    ORDER BY e.seq";

/// The statement that marks a batch processed.
const DONE: &str = "DELETE FROM vcc_unprocessed WHERE consumer_group = $1 AND seq = ANY($2)";

impl Consumer {
    /// A worker of the group `group` (created, with every event stored so far, if it does not
    /// exist) that claims up to `batch` events at a time. The tables must exist (a receiver
    /// creates them when it starts).
    pub async fn join(
        url: &DatabaseUrl,
        group: &str,
        batch: usize,
    ) -> Result<Consumer, ConsumeError<std::convert::Infallible>> {
        let pool = url
            .pool(1, super::DEFAULT_DEADLINE)
            .map_err(ConsumeError::Database)?;
        let consumer = Consumer {
            pool,
            group: group.to_owned(),
            batch: batch.clamp(1, 100_000) as i64,
            url: url.clone(),
        };
        let mut client = consumer.client().await?;
        let database = |e: tokio_postgres::Error| consumer.error(&e);
        let exists = client
            .query_opt(
                "SELECT 1 FROM vcc_consumer_groups WHERE name = $1",
                &[&group],
            )
            .await
            .map_err(database)?
            .is_some();
        if !exists {
            // The lock waits for the transactions storing events and holds new ones back, so
            // that every event is either copied here or fanned out by the trigger.
            let transaction = client.transaction().await.map_err(database)?;
            transaction
                .batch_execute("LOCK TABLE vcc_events IN SHARE MODE")
                .await
                .map_err(database)?;
            let created = transaction
                .execute(
                    "INSERT INTO vcc_consumer_groups (name) VALUES ($1) ON CONFLICT DO NOTHING",
                    &[&group],
                )
                .await
                .map_err(database)?;
            if created == 1 {
                transaction
                    .execute(
                        "INSERT INTO vcc_unprocessed (consumer_group, seq)
                         SELECT $1, seq FROM vcc_events",
                        &[&group],
                    )
                    .await
                    .map_err(database)?;
            }
            transaction.commit().await.map_err(database)?;
        }
        drop(client);
        Ok(consumer)
    }

    /// Claims a batch, gives it to `handler` with the transaction, and commits (marking the
    /// batch processed) if the handler returns `Ok`; rolls back otherwise. Returns how many
    /// events were processed: 0 when the group has nothing left that another worker does not
    /// hold (wait a little before asking again).
    ///
    /// Whatever the handler writes through the transaction commits together with the mark,
    /// so an effect kept in the same database happens once; an effect elsewhere happens at
    /// least once (a worker may die between that effect and the commit).
    pub async fn process<E>(
        &self,
        handler: impl AsyncFnOnce(&tokio_postgres::Transaction<'_>, &[Consumed]) -> Result<(), E>,
    ) -> Result<usize, ConsumeError<E>> {
        let mut client = self.client().await.map_err(|e| match e {
            ConsumeError::Database(reason) => ConsumeError::Database(reason),
        })?;
        let database =
            |e: tokio_postgres::Error| ConsumeError::Database(self.url.scrub(super::describe(&e)));
        let transaction = client.transaction().await.map_err(database)?;
        let rows = transaction
            .query(CLAIM, &[&self.group, &self.batch])
            .await
            .map_err(database)?;
        if rows.is_empty() {
            return Ok(0);
        }
        let events: Vec<Consumed> = rows
            .iter()
            .map(|row| {
                let body: String = row.get(1);
                Consumed {
                    seq: row.get(0),
                    event: AnyEvent::from_slice(body.as_bytes()),
                    body,
                }
            })
            .collect();
        handler(&transaction, &events)
            .await
            .map_err(ConsumeError::Handler)?;
        let seqs: Vec<i64> = events.iter().map(|e| e.seq).collect();
        transaction
            .execute(DONE, &[&self.group, &seqs])
            .await
            .map_err(database)?;
        transaction.commit().await.map_err(database)?;
        Ok(events.len())
    }

    async fn client(&self) -> Result<Object, ConsumeError<std::convert::Infallible>> {
        self.pool
            .get()
            .await
            .map_err(|e| ConsumeError::Database(self.url.scrub(super::describe_pool(&e))))
    }

    fn error<E>(&self, e: &tokio_postgres::Error) -> ConsumeError<E> {
        ConsumeError::Database(self.url.scrub(super::describe(e)))
    }
}

impl fmt::Debug for Consumer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Consumer")
            .field("group", &self.group)
            .field("batch", &self.batch)
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}
