//! `vcc-events events`: the events stored in PostgreSQL by `receive --database-url`, as NDJSON
//! in `seq` order (the order they were stored, not the events' own order), from `--since` on,
//! and with `--follow` as they arrive.

use std::io::Write;
use std::time::Duration;

use vcc_events_webhook::postgres::describe;
use vcc_events_webhook::tokio_postgres;

use crate::receive::database;
use crate::{Error, Outcome};

pub(crate) const LONG_ABOUT: &str =
    "Print the events stored in PostgreSQL as NDJSON, one per line, in the order they were \
stored (the column seq).

Each line is the body as received, its line breaks turned into spaces. --since SEQ prints only \
events stored after SEQ; the seq of the last event printed is written on stderr at the end \
(`# last seq N`), to continue from. --follow keeps printing events as they are stored, until \
interrupted. The platform does not deliver in order: order events of one channel by their \
`time`, not by seq. A script that must see every event exactly once uses a consumer group \
(the library's postgres::Consumer) rather than --follow.";

/// How many rows are read at a time.
const PAGE: i64 = 1000;

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
    let database = |e: tokio_postgres::Error| {
        Error::Usage(format!("database {url}: {}", url.scrub(describe(&e))))
    };
    let last = runtime.block_on(async {
        let (client, connection) = url
            .config()
            .connect(tokio_postgres::NoTls)
            .await
            .map_err(database)?;
        tokio::spawn(connection);
        let statement = client
            .prepare("SELECT seq, body FROM vcc_events WHERE seq > $1 ORDER BY seq LIMIT $2")
            .await
            .map_err(database)?;
        let mut last = args.since;
        loop {
            let rows = client
                .query(&statement, &[&last, &PAGE])
                .await
                .map_err(database)?;
            for row in &rows {
                let body: &str = row.get(1);
                let mut line = body.replace(['\n', '\r'], " ");
                line.push('\n');
                out.write_all(line.as_bytes())?;
                last = row.get(0);
            }
            out.flush()?;
            if (rows.len() as i64) < PAGE {
                if !args.follow {
                    return Ok::<_, Error>(last);
                }
                tokio::time::sleep(POLL).await;
            }
        }
    })?;
    eprintln!("# last seq {last}");
    Ok(Outcome::Pass)
}
