//! The PostgreSQL store: events in the table `vcc_events`, one row per `source` + `id`, many
//! accepted events per transaction (group commit), each answered once its transaction has
//! committed; the consumer that processes what was stored, once per consumer group; and a
//! reader of what was stored, in order.

mod consumer;
mod migrate;
mod read;
mod writer;

use std::fmt;
use std::str::FromStr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use tokio::sync::{mpsc, oneshot};

pub use consumer::{ConsumeError, Consumed, Consumer};
pub use migrate::SCHEMA_VERSION;
pub use read::{StoredEvent, StoredEvents};
pub use writer::{GATHER_FOR, SHARE_FROM};

use crate::store::{Accepted, Appending, EventStore, StoreError, Stored};
use writer::Job;

/// The longest a delivery waits for the database unless told otherwise: well below the
/// platform's 10 s, after which it would retry anyway.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(5);

/// How many transactions may be in flight at once unless told otherwise: PostgreSQL flushes
/// the write-ahead log of concurrent commits together, so on a slow disk more groups in flight
/// share each flush; beside one in flight, a writer only starts a group of at least
/// [`SHARE_FROM`] events (or one that waited [`GATHER_FOR`]), so a bound this high costs
/// nothing where the database is fast (see `docs/performance.md`).
pub const DEFAULT_WRITERS: usize = 16;

/// How a [`PgStore`] is set up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PgOptions {
    /// How many events may wait for a transaction; beyond, deliveries get 503.
    pub queue_events: usize,
    /// The longest a delivery waits for its transaction to commit before it is answered 503;
    /// also each statement's `statement_timeout` and the connect timeout.
    pub deadline: Duration,
    /// How many transactions may be in flight at once (each on its own connection).
    pub writers: usize,
}

impl Default for PgOptions {
    fn default() -> Self {
        PgOptions {
            queue_events: crate::DEFAULT_QUEUE_EVENTS,
            deadline: DEFAULT_DEADLINE,
            writers: DEFAULT_WRITERS,
        }
    }
}

/// A database URL, parsed; shown (and in errors) without its password.
#[derive(Clone)]
pub struct DatabaseUrl {
    config: tokio_postgres::Config,
}

impl DatabaseUrl {
    /// Where it points, without the password: `user@host:port/database`.
    pub fn redacted(&self) -> String {
        let host = match self.config.get_hosts().first() {
            Some(tokio_postgres::config::Host::Tcp(host)) => host.clone(),
            #[cfg(unix)]
            Some(tokio_postgres::config::Host::Unix(path)) => path.display().to_string(),
            None => "localhost".to_owned(),
        };
        let port = self.config.get_ports().first().copied().unwrap_or(5432);
        let user = self.config.get_user().unwrap_or("");
        let database = self.config.get_dbname().unwrap_or(user);
        format!("{user}@{host}:{port}/{database}")
    }

    /// The client's configuration, to connect with [`tokio_postgres`] directly.
    pub fn config(&self) -> &tokio_postgres::Config {
        &self.config
    }

    /// Removes the password from `text` (e.g. a driver's error message), whatever it says.
    pub fn scrub(&self, text: String) -> String {
        match self
            .config
            .get_password()
            .and_then(|p| std::str::from_utf8(p).ok())
        {
            Some(password) if !password.is_empty() && text.contains(password) => {
                text.replace(password, "***")
            }
            _ => text,
        }
    }

    /// A pool of at most `size` connections, each with `timeout` as its connect timeout and
    /// statement timeout.
    fn pool(&self, size: usize, timeout: Duration) -> Result<Pool, String> {
        let mut config = self.config.clone();
        config
            .connect_timeout(timeout)
            .keepalives(true)
            .keepalives_idle(Duration::from_secs(10))
            .options(format!(
                "-c statement_timeout={}",
                timeout.as_millis().max(1)
            ))
            .application_name("vcc-events");
        let manager = Manager::from_config(
            config,
            tokio_postgres::NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        Pool::builder(manager)
            .max_size(size.max(1))
            .runtime(Runtime::Tokio1)
            .wait_timeout(Some(timeout))
            .create_timeout(Some(timeout))
            .recycle_timeout(Some(timeout))
            .build()
            .map_err(|e| e.to_string())
    }
}

impl FromStr for DatabaseUrl {
    type Err = String;

    /// Parses a `postgres://` URL or a `key=value` connection string; the error never holds
    /// the text given (it may hold a password).
    fn from_str(text: &str) -> Result<Self, String> {
        let config = tokio_postgres::Config::from_str(text).map_err(|_| {
            "not a PostgreSQL connection URL (postgres://user:password@host:port/database)"
                .to_owned()
        })?;
        Ok(DatabaseUrl { config })
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("DatabaseUrl")
            .field(&self.redacted())
            .finish()
    }
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

/// What is known of the database's health: the last failure, until a statement succeeds.
#[derive(Debug, Default)]
struct Health(Mutex<Option<StoreError>>);

impl Health {
    fn set(&self, state: Result<(), StoreError>) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = state.err();
    }

    fn get(&self) -> Result<(), StoreError> {
        match &*self.0.lock().unwrap_or_else(PoisonError::into_inner) {
            Some(e) => Err(e.clone()),
            None => Ok(()),
        }
    }
}

/// Events in PostgreSQL: safe to share between several receivers on one database (the
/// primary key stores each event once; a commit is durable when `synchronous_commit` is on,
/// PostgreSQL's default).
pub struct PgStore {
    jobs: mpsc::Sender<Job>,
    health: Arc<Health>,
    deadline: Duration,
    url: DatabaseUrl,
}

impl PgStore {
    /// Connects, creates or upgrades the tables (a versioned migration, safe when several
    /// receivers start at once) and starts the writers. Must be called within a Tokio runtime.
    pub async fn connect(url: &DatabaseUrl, options: PgOptions) -> Result<PgStore, StoreError> {
        let writers = options.writers.max(1);
        // One connection more than writers: for the health probe.
        let pool = url
            .pool(writers + 1, options.deadline)
            .map_err(StoreError::Database)?;
        let scrub = |e: tokio_postgres::Error| StoreError::Database(url.scrub(describe(&e)));
        {
            let mut client = pool
                .get()
                .await
                .map_err(|e| StoreError::Database(url.scrub(describe_pool(&e))))?;
            migrate::run(&mut client).await.map_err(scrub)?;
        }
        let (jobs, queue) = mpsc::channel(options.queue_events.max(1));
        let queue = Arc::new(tokio::sync::Mutex::new(queue));
        let in_flight: writer::InFlight = Arc::new(tokio::sync::watch::Sender::new(0));
        let health = Arc::new(Health::default());
        for _ in 0..writers {
            tokio::spawn(writer::run(
                pool.clone(),
                Arc::clone(&queue),
                Arc::clone(&in_flight),
                Arc::clone(&health),
                url.clone(),
            ));
        }
        tokio::spawn(probe(
            pool,
            jobs.downgrade(),
            Arc::clone(&health),
            url.clone(),
        ));
        Ok(PgStore {
            jobs,
            health,
            deadline: options.deadline,
            url: url.clone(),
        })
    }

    /// Queues `event` for a writer; the answer comes on the receiver.
    fn submit(&self, event: &Accepted) -> Result<oneshot::Receiver<Outcome>, StoreError> {
        let (reply, answer) = oneshot::channel();
        let job = Job {
            event: event.clone(),
            reply,
        };
        match self.jobs.try_send(job) {
            Ok(()) => Ok(answer),
            Err(mpsc::error::TrySendError::Full(_)) => Err(StoreError::QueueFull),
            Err(mpsc::error::TrySendError::Closed(_)) => Err(StoreError::Closed),
        }
    }
}

/// What a writer answers for one event.
type Outcome = Result<Stored, StoreError>;

impl EventStore for PgStore {
    /// Every event of the group is queued at once (they may share a transaction); each is
    /// answered when its transaction has committed, or 503 at the deadline.
    fn append<'a>(&'a self, group: &'a [Accepted]) -> Appending<'a> {
        let pending: Vec<_> = group.iter().map(|event| self.submit(event)).collect();
        let deadline = tokio::time::Instant::now() + self.deadline;
        Box::pin(async move {
            let mut outcomes = Vec::with_capacity(pending.len());
            for pending in pending {
                outcomes.push(match pending {
                    Ok(answer) => match tokio::time::timeout_at(deadline, answer).await {
                        Ok(Ok(outcome)) => outcome,
                        Ok(Err(_)) => Err(StoreError::Closed),
                        Err(_) => Err(StoreError::Timeout(self.deadline)),
                    },
                    Err(e) => Err(e),
                });
            }
            outcomes
        })
    }

    fn health(&self) -> Result<(), StoreError> {
        self.health.get()
    }
}

impl fmt::Debug for PgStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PgStore")
            .field("url", &self.url)
            .field("deadline", &self.deadline)
            .finish_non_exhaustive()
    }
}

/// How often the health probe asks the database.
const PROBE_EVERY: Duration = Duration::from_secs(1);

/// Asks the database every second whether it answers (`SELECT 1`), so that the health check
/// reports a database that is down (or back) even when no delivery comes; stops with the
/// store.
async fn probe(pool: Pool, jobs: mpsc::WeakSender<Job>, health: Arc<Health>, url: DatabaseUrl) {
    while jobs.upgrade().is_some() {
        let state = match pool.get().await {
            Ok(client) => match client.simple_query("SELECT 1").await {
                Ok(_) => Ok(()),
                Err(e) => {
                    // A connection that failed is not given back to the pool.
                    let _ = deadpool_postgres::Object::take(client);
                    Err(StoreError::Database(url.scrub(describe(&e))))
                }
            },
            Err(e) => Err(StoreError::Database(url.scrub(describe_pool(&e)))),
        };
        health.set(state);
        tokio::time::sleep(PROBE_EVERY).await;
    }
}

/// A driver error in one line: the server's message when it sent one, else the client's
/// (without the password: pass it through [`DatabaseUrl::scrub`]).
pub fn describe(e: &tokio_postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("{}: {}", db.severity(), db.message()),
        None => {
            let mut text = e.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(inner) = source {
                text = format!("{text}: {inner}");
                source = inner.source();
            }
            text
        }
    }
}

/// A pool error in one line.
fn describe_pool(e: &deadpool_postgres::PoolError) -> String {
    match e {
        deadpool_postgres::PoolError::Backend(e) => describe(e),
        deadpool_postgres::PoolError::Timeout(_) => "no connection within the deadline".to_owned(),
        other => other.to_string(),
    }
}
