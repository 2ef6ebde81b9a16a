//! `vcc-events events`: the events stored in PostgreSQL by `receive --database-url`, as NDJSON
//! in `seq` order (the order they were stored, not the events' own order), from `--since` on,
//! and with `--follow` as they arrive.

use std::io::Write;
use std::time::Duration;

use vcc_events_webhook::postgres::StoredEvents;

use crate::receive::database;
use crate::{Error, Outcome};

pub(crate) const LONG_ABOUT: &str =
    "Print the events stored in PostgreSQL as NDJSON, one per line, in the order they were \
stored (the column seq), each once: an event whose transaction commits after a later seq's is \
not skipped.

Each line is the body as received, its line breaks turned into spaces. --since SEQ prints only \
events stored after SEQ; where to continue from is written on stderr at the end \
(`# last seq N`, to pass to --since). --follow keeps printing events as they are stored, until \
interrupted. The platform does not deliver in order: order events of one channel by their \
`time`, not by seq. Workers that must process each event exactly once, across restarts \
and crashes, use a consumer group (the library's postgres::Consumer) rather than --follow.";

/// How many rows are read at a time.
const PAGE: usize = 1000;

/// How often --follow asks for new events.
const POLL: Duration = Duration::from_millis(200);

/// Arguments of `events`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The PostgreSQL database (postgres://user:password@host:port/database); default
    /// VCC_DATABASE_URL.
    #[arg(long, value_name = "URL")]
    database_url: Option<String>,
    /// Print only events stored after this seq.
    #[arg(long, value_name = "SEQ", default_value_t = 0)]
    since: i64,
    /// Keep printing events as they are stored.
    #[arg(long)]
    follow: bool,
}

/// Prints the events.
pub(crate) fn run(args: &Args, out: &mut impl Write) -> Result<Outcome, Error> {
    let url = database::url(args.database_url.as_deref())?.ok_or_else(|| {
        Error::Usage(format!(
            "no database: pass --database-url or set {}",
            database::DATABASE_VARIABLE
        ))
    })?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(Error::Output)?;
    let database = |reason: String| Error::Usage(format!("database {url}: {reason}"));
    let last = runtime.block_on(async {
        let mut events = StoredEvents::open(&url, args.since)
            .await
            .map_err(database)?;
        loop {
            let page = events.next(PAGE).await.map_err(database)?;
            for event in &page {
                let mut line = event.body.replace(['\n', '\r'], " ");
                line.push('\n');
                out.write_all(line.as_bytes())?;
            }
            out.flush()?;
            if page.len() < PAGE {
                if !args.follow {
                    return Ok::<_, Error>(events.last());
                }
                tokio::time::sleep(POLL).await;
            }
        }
    })?;
    eprintln!("# last seq {last}");
    Ok(Outcome::Pass)
}
