//! The PostgreSQL store's writers: each takes every event waiting (up to a group's size), and
//! stores them in one statement, one transaction (`INSERT ... SELECT FROM unnest(...) ON
//! CONFLICT DO NOTHING RETURNING`): the events it returns are new, the others duplicates.
//! Several writers run at once, so a group gathers while the one before commits; a writer
//! starts a transaction beside those in flight only for a group worth one (see
//! [`SHARE_FROM`]), so a busy store commits a few large groups, not many small ones.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use deadpool_postgres::Pool;
use tokio::sync::{Mutex, mpsc, oneshot, watch};

use super::{DatabaseUrl, Health, Outcome, describe, describe_pool};
use crate::store::{Accepted, StoreError, Stored};

/// The most events stored in one transaction.
const MAX_GROUP: usize = 1024;

/// The statement that stores a group.
const INSERT: &str = "INSERT INTO vcc_events (source, id, type, body)
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
    ON CONFLICT (source, id) DO NOTHING
    RETURNING source, id";

/// The fewest events a writer stores in a transaction of its own while another is in flight;
/// a smaller group keeps gathering until that transaction commits. Each commit costs the
/// database a fixed amount of work: when the database shares the machine's cores, many small
/// groups in flight at once spend them on commits instead of events (measured in
/// `docs/performance.md`), while a slow disk still gets several large groups in flight.
pub const SHARE_FROM: usize = 32;

/// The longest a small group waits for the transaction in flight before it is stored beside
/// it: longer than a commit takes on a healthy database, short against the deadline.
pub const GATHER_FOR: std::time::Duration = std::time::Duration::from_millis(10);

/// How many transactions are in flight, shared by the writers of one store.
pub(super) type InFlight = Arc<watch::Sender<usize>>;

/// One event waiting for a writer.
pub(super) struct Job {
    pub(super) event: Accepted,
    pub(super) reply: oneshot::Sender<Outcome>,
}

/// Stores groups until the store is dropped (the queue closes).
pub(super) async fn run(
    pool: Pool,
    queue: Arc<Mutex<mpsc::Receiver<Job>>>,
    in_flight: InFlight,
    health: Arc<Health>,
    url: DatabaseUrl,
) {
    let mut group = Vec::with_capacity(MAX_GROUP);
    let mut idle = in_flight.subscribe();
    loop {
        {
            let mut queue = queue.lock().await;
            if queue.recv_many(&mut group, MAX_GROUP).await == 0 {
                return;
            }
            // Beside a transaction in flight, a small group waits for it, for more events, or
            // at most `GATHER_FOR` (a transaction that hangs holds nobody else back).
            let gathered = tokio::time::Instant::now() + GATHER_FOR;
            while group.len() < SHARE_FROM && *idle.borrow_and_update() > 0 {
                let room = MAX_GROUP - group.len();
                tokio::select! {
                    received = queue.recv_many(&mut group, room) => {
                        if received == 0 {
                            break;
                        }
                    }
                    _ = idle.wait_for(|&n| n == 0) => break,
                    () = tokio::time::sleep_until(gathered) => break,
                }
            }
            in_flight.send_modify(|n| *n += 1);
        }
        // A delivery whose asker has gone (deadline passed, connection closed) is not stored:
        // it was answered 503, the platform sends it again.
        group.retain(|job: &Job| !job.reply.is_closed());
        let outcome = if group.is_empty() {
            None
        } else {
            Some(store(&pool, &group, &url).await)
        };
        in_flight.send_modify(|n| *n -= 1);
        let Some(outcome) = outcome else {
            continue;
        };
        health.set(outcome.as_ref().map(|_| ()).map_err(Clone::clone));
        match outcome {
            Ok(new) => {
                let mut answered = HashSet::with_capacity(group.len());
                for job in group.drain(..) {
                    let key = (job.event.source, job.event.id);
                    let stored = if new.contains(&key) && answered.insert(key) {
                        Stored::New
                    } else {
                        Stored::Duplicate
                    };
                    let _ = job.reply.send(Ok(stored));
                }
            }
            Err(e) => {
                for job in group.drain(..) {
                    let _ = job.reply.send(Err(e.clone()));
                }
            }
        }
    }
}

/// The keys of an event: its `source` and `id`.
type Key = (&'static str, vcc_events::Ksuid);

/// Stores the group in one statement (one transaction, committed before it returns); the keys
/// of the events that were new.
async fn store(pool: &Pool, group: &[Job], url: &DatabaseUrl) -> Result<HashSet<Key>, StoreError> {
    let client = pool
        .get()
        .await
        .map_err(|e| StoreError::Database(url.scrub(describe_pool(&e))))?;
    let mut keys = HashMap::with_capacity(group.len());
    let mut rows = Vec::with_capacity(group.len());
    for job in group {
        let event = &job.event;
        // The receiver stores only decoded JSON, which is UTF-8.
        let Ok(body) = std::str::from_utf8(&event.body) else {
            continue;
        };
        if keys
            .insert((event.source, event.id.as_str()), (event.source, event.id))
            .is_some()
        {
            continue;
        }
        rows.push([event.source, event.id.as_str(), event.event_type, body]);
    }
    // Rows go in in key order: two transactions that insert the same keys (another writer,
    // another receiver) then wait for each other in one order, never in a circle (a deadlock
    // PostgreSQL would break by failing one of them).
    rows.sort_unstable_by(|a, b| (a[0], a[1]).cmp(&(b[0], b[1])));
    let mut columns: [Vec<&str>; 4] = std::array::from_fn(|_| Vec::with_capacity(rows.len()));
    for row in &rows {
        for (column, value) in columns.iter_mut().zip(row) {
            column.push(value);
        }
    }
    let result = async {
        let statement = client.prepare_cached(INSERT).await?;
        client
            .query(
                &statement,
                &[&columns[0], &columns[1], &columns[2], &columns[3]],
            )
            .await
    }
    .await;
    match result {
        Ok(rows) => Ok(rows
            .iter()
            .filter_map(|row| {
                let source: &str = row.get(0);
                let id: &str = row.get(1);
                keys.get(&(source, id)).copied()
            })
            .collect()),
        Err(e) => {
            // A connection that failed is not given back to the pool.
            let _ = deadpool_postgres::Object::take(client);
            Err(StoreError::Database(url.scrub(describe(&e))))
        }
    }
}
