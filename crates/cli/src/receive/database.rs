//! `receive --database-url`: the events go into PostgreSQL (table `vcc_events`) instead of an
//! NDJSON file, so that several receivers can share one store.

use std::time::Duration;

use vcc_events_webhook::postgres::{DEFAULT_DEADLINE, DEFAULT_WRITERS};
use vcc_events_webhook::{DatabaseUrl, PgOptions, PgStore};

use crate::Error;

/// The environment variable that may hold the database URL (kept out of the process list).
pub(crate) const DATABASE_VARIABLE: &str = "VCC_DATABASE_URL";

/// The options of the PostgreSQL store.
#[derive(Debug, clap::Args)]
pub(crate) struct DatabaseArgs {
    /// Store events in this PostgreSQL database instead of a file
    /// (postgres://user:password@host:port/database); VCC_DATABASE_URL is read when neither
    /// this nor --out is given, and keeps the password out of the process list.
    #[arg(long, value_name = "URL", conflicts_with = "out")]
    pub(crate) database_url: Option<String>,
    /// With a database: the longest a delivery waits for its transaction to commit before it
    /// is answered 503, in milliseconds (the platform gives up after 10 s).
    #[arg(long, value_name = "MILLIS", default_value_t = DEFAULT_DEADLINE.as_millis() as u64)]
    pub(crate) db_deadline: u64,
    /// With a database: how many transactions may be in flight at once, each on its own
    /// connection (one more connection serves the health check).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_WRITERS,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=256))]
    pub(crate) db_writers: usize,
}

/// The database URL from `--database-url` or, failing that, the environment; the error never
/// holds the URL (it may hold a password).
pub(crate) fn url(given: Option<&str>) -> Result<Option<DatabaseUrl>, Error> {
    let text = match given {
        Some(text) => text.to_owned(),
        None => match std::env::var(DATABASE_VARIABLE) {
            Ok(text) if !text.trim().is_empty() => text,
            _ => return Ok(None),
        },
    };
    text.trim()
        .parse()
        .map(Some)
        .map_err(|e| Error::Usage(format!("the database URL: {e}")))
}

/// Connects (creating the tables if needed) and starts the writers.
pub(crate) async fn open(
    url: &DatabaseUrl,
    args: &DatabaseArgs,
    queue: usize,
) -> Result<PgStore, Error> {
    let options = PgOptions {
        queue_events: queue,
        deadline: Duration::from_millis(args.db_deadline.max(1)),
        writers: args.db_writers,
    };
    PgStore::connect(url, options)
        .await
        .map_err(|e| Error::Usage(format!("cannot open the database {url}: {e}")))
}
