//! `vcc-events receive`: a webhook receiver that verifies, validates and durably stores each
//! notification once, built on `vcc-events-webhook`.

pub(crate) mod database;
mod refusals;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use vcc_events_webhook::{
    DEFAULT_BODY_LIMIT, DEFAULT_COMMIT_DELAY, DEFAULT_HASH_CLAIM, DEFAULT_HEADER_TIMEOUT,
    DEFAULT_LEEWAY_SECS, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_HEADER_BYTES, DEFAULT_MAX_HEADERS,
    DEFAULT_MAX_TOKEN_AGE_SECS, DEFAULT_MIN_FREE_BYTES, DEFAULT_PATH, DEFAULT_QUEUE_EVENTS,
    DEFAULT_REMEMBER, DEFAULT_REQUEST_TIMEOUT, DEFAULT_STOP_TIMEOUT, EventStore, Receiver, Secret,
    ServeOptions, Signatures, Store, StoreOptions, Verifier,
};

use crate::{Error, Outcome};

use crate::secrets::SECRETS_VARIABLE;

pub(crate) const LONG_ABOUT: &str =
    "Receive notifications over HTTP and append each new one to an NDJSON file (--out) or a \
PostgreSQL table (--database-url or VCC_DATABASE_URL; several receivers may share it).

Each POST carries one event. The answer is 200 once the event is synced to the file (or was \
stored before: same source and id), 401 for a missing or bad Vonage-Signature token or a body \
that does not match it, 400 for an invalid event (rule and JSON pointer), 413 for a body over \
the limit and 503 when the event cannot be stored now; the platform retries everything but a \
200.

Secrets come from --secrets-file (one per line) or the environment variable VCC_WEBHOOK_SECRETS \
(comma-separated); several are accepted at once during a rotation. Without a secret the \
receiver refuses to start unless --unsigned is given.

Each refused delivery (any answer but a 2xx) is logged on stderr as one line, its status and \
answer, at most ten a second.

GET /healthz answers 200 while events can be stored and 503 (with the reason) when they \
cannot, for load balancers and orchestrators.

On start the file's most recent ids are read back, so a redelivery after a restart is not \
stored twice, and a line torn by a crash is cut. Stop with Ctrl-C (SIGINT) or SIGTERM: the \
receiver answers the deliveries it has, syncs, and exits.";

/// Arguments of `receive`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The address to listen on.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// The NDJSON file the events are appended to (created if missing).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    #[command(flatten)]
    database: database::DatabaseArgs,
    /// The URL path the platform posts to.
    #[arg(long, default_value = DEFAULT_PATH, value_parser = url_path)]
    path: String,
    /// A file of subscription secrets, one per line (instead of VCC_WEBHOOK_SECRETS).
    #[arg(long, value_name = "FILE")]
    secrets_file: Option<PathBuf>,
    /// Accept deliveries without checking signatures (tests and closed networks only).
    #[arg(long, conflicts_with = "secrets_file")]
    unsigned: bool,
    /// Seconds of clock skew allowed on the token's `exp` and `iat`.
    #[arg(long, value_name = "SECS", default_value_t = DEFAULT_LEEWAY_SECS)]
    leeway: u64,
    /// The longest a token may live (`exp - iat`) and the oldest it may be (`iat`), in
    /// seconds, each beyond the leeway.
    #[arg(long, value_name = "SECS", default_value_t = DEFAULT_MAX_TOKEN_AGE_SECS)]
    max_token_age: u64,
    /// The token claim that holds the body's hex SHA-256.
    #[arg(long, value_name = "NAME", default_value = DEFAULT_HASH_CLAIM)]
    hash_claim: String,
    /// The largest body accepted, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_BODY_LIMIT)]
    body_limit: usize,
    /// How many recent ids the duplicate check remembers.
    #[arg(long, value_name = "IDS", default_value_t = DEFAULT_REMEMBER)]
    remember: usize,
    /// How many events may wait to be written before deliveries get 503.
    #[arg(long, value_name = "EVENTS", default_value_t = DEFAULT_QUEUE_EVENTS)]
    queue: usize,
    /// Under load (8 or more events per sync), the longest to wait for more events before
    /// each sync, in microseconds (the wait is as long as the last sync took, up to this); 0
    /// syncs every group at once.
    #[arg(long, value_name = "MICROS", default_value_t = DEFAULT_COMMIT_DELAY.as_micros() as u64)]
    commit_delay: u64,
    /// Below this many free bytes on the file's disk, GET /healthz answers 503 (deliveries are
    /// still tried).
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MIN_FREE_BYTES)]
    min_free_bytes: u64,
    /// Seconds a client has to send a request head, from when it connects and again after
    /// each answer (so also the idle keep-alive timeout).
    #[arg(long, value_name = "SECS", default_value_t = DEFAULT_HEADER_TIMEOUT.as_secs_f64(), value_parser = seconds)]
    header_timeout: f64,
    /// Seconds a request may take from the end of its head to its answer, its body included
    /// (408 beyond).
    #[arg(long, value_name = "SECS", default_value_t = DEFAULT_REQUEST_TIMEOUT.as_secs_f64(), value_parser = seconds)]
    request_timeout: f64,
    /// The most connections open at once (beyond, new ones wait in the listen backlog);
    /// lowered to fit the file-descriptor limit.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_CONNECTIONS, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    max_connections: usize,
    /// The largest request head (request line and headers) in bytes (431 beyond).
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_HEADER_BYTES)]
    max_header_bytes: usize,
    /// The most header fields of a request (431 beyond).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_HEADERS)]
    max_headers: usize,
    /// On Ctrl-C or SIGTERM, seconds the requests in flight have to finish before the
    /// remaining connections are closed.
    #[arg(long, value_name = "SECS", default_value_t = DEFAULT_STOP_TIMEOUT.as_secs_f64(), value_parser = seconds)]
    stop_timeout: f64,
}

/// Runs the receiver until Ctrl-C or SIGTERM.
pub(crate) fn run(args: &Args) -> Result<Outcome, Error> {
    let signatures = signatures(args)?;
    let options = StoreOptions {
        remember: args.remember,
        queue_events: args.queue,
        commit_delay: Duration::from_micros(args.commit_delay),
        min_free_bytes: args.min_free_bytes,
        ..StoreOptions::default()
    };
    let serve_options = ServeOptions {
        header_timeout: Duration::from_secs_f64(args.header_timeout),
        request_timeout: Duration::from_secs_f64(args.request_timeout),
        max_connections: args.max_connections,
        max_header_bytes: args.max_header_bytes,
        max_headers: args.max_headers,
        stop_timeout: Duration::from_secs_f64(args.stop_timeout),
    };
    vcc_events_webhook::raise_fd_limit();
    return_buffers_to_the_system(args.max_header_bytes);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(Error::Output)?;
    let database_url = match &args.out {
        Some(_) => None,
        None => database::url(args.database.database_url.as_deref())?,
    };
    let (store, stored_in): (Box<dyn EventStore>, String) = match (&args.out, database_url) {
        (Some(out), _) => {
            let (store, recovered) = Store::open(out, options)
                .map_err(|e| Error::Usage(format!("cannot open the store: {e}")))?;
            let cut = if recovered.cut_bytes > 0 {
                format!(", cut a torn last line of {} bytes", recovered.cut_bytes)
            } else {
                String::new()
            };
            let text = format!("{} events in {}{cut}", recovered.events, out.display());
            (Box::new(store), text)
        }
        (None, Some(url)) => {
            let store = runtime.block_on(database::open(&url, &args.database, args.queue))?;
            (Box::new(store), format!("events in PostgreSQL {url}"))
        }
        (None, None) => {
            return Err(Error::Usage(format!(
                "no store: pass --out FILE or --database-url URL (or set {})",
                database::DATABASE_VARIABLE
            )));
        }
    };
    let receiver = Receiver::new(signatures, store, args.body_limit);
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .map_err(|e| Error::Usage(format!("cannot listen on {}: {e}", args.listen)))?;
        let addr = listener.local_addr().map_err(Error::Output)?;
        eprintln!("listening on http://{addr}{} ({stored_in})", args.path);
        let router = receiver
            .router(&args.path)
            .merge(receiver.health_router())
            .layer(axum::middleware::from_fn_with_state(
                refusals::Refusals::new(),
                refusals::log,
            ));
        let served = vcc_events_webhook::serve(listener, router, serve_options, stop_requested())
            .await
            .map_err(Error::Output)?;
        if served.closed_at_deadline > 0 {
            eprintln!(
                "stopped: {} connections still open after --stop-timeout were closed",
                served.closed_at_deadline
            );
        }
        Ok::<_, Error>(())
    })?;
    Ok(Outcome::Pass)
}

/// A literal URL path: it starts with `/` and holds no `{` or `}` (which the router would read
/// as a pattern).
fn url_path(text: &str) -> Result<String, String> {
    if !text.starts_with('/') {
        return Err(format!(
            "{text:?} is not a URL path: it must start with `/`"
        ));
    }
    if text.contains(['{', '}']) {
        return Err(format!(
            "{text:?}: a URL path here is literal, without `{{` or `}}`"
        ));
    }
    Ok(text.to_owned())
}

/// Makes the allocator give each connection's read buffer (up to `--max-header-bytes`, at
/// least 8 KiB, at most 128 KiB) its own mapping, returned to the system when the connection
/// closes: without it, memory taken by thousands of connections holding fat unfinished heads
/// stays with the process after they leave (measured in docs/performance.md).
fn return_buffers_to_the_system(max_header_bytes: usize) {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        let threshold = max_header_bytes.clamp(8 << 10, 128 << 10);
        // SAFETY: mallopt only changes the allocator's tuning; called before any connection.
        unsafe {
            libc::mallopt(libc::M_MMAP_THRESHOLD, threshold as libc::c_int);
        }
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    let _ = max_header_bytes;
}

/// A number of seconds, fractions allowed, between 0 and one day.
fn seconds(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(secs) if (0.0..=86_400.0).contains(&secs) => Ok(secs),
        _ => Err(format!(
            "{text:?} is not a number of seconds from 0 to 86400"
        )),
    }
}

/// Resolves when the process is asked to stop: SIGINT (Ctrl-C) or, on Unix, SIGTERM (what
/// service managers and container runtimes send).
async fn stop_requested() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut terminate) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = terminate.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

/// The secrets from the file or the environment, or `--unsigned`.
fn signatures(args: &Args) -> Result<Signatures, Error> {
    let text = crate::secrets::text(args.secrets_file.as_deref())?;
    let secrets = Secret::list(&text);
    match (Verifier::new(secrets), args.unsigned) {
        (Some(_), true) => Err(Error::Usage(format!(
            "--unsigned is given but {SECRETS_VARIABLE} holds secrets: choose one"
        ))),
        (None, true) => Ok(Signatures::Unsigned),
        (Some(verifier), false) => Ok(Signatures::Verify(
            verifier
                .with_leeway(args.leeway)
                .with_max_token_age(args.max_token_age)
                .with_hash_claim(args.hash_claim.clone()),
        )),
        (None, false) => Err(Error::Usage(format!(
            "no secret: set {SECRETS_VARIABLE} (comma-separated) or --secrets-file, \
             or pass --unsigned to accept unsigned deliveries"
        ))),
    }
}
