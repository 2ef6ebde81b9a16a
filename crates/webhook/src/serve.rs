//! Serving a router on a public address with every connection bounded: a deadline for the
//! request head (which is also the idle keep-alive timeout), one for the rest of the request,
//! a cap on open connections, on header size and count, and a bounded graceful stop.
//!
//! The bounds are hyper's and tower's own: hyper's HTTP/1 connection with a timer (head
//! deadline, buffer and header caps), `tower::limit::ConcurrencyLimit` around the service that
//! serves one connection (connection cap: beyond it new connections wait in the listen
//! backlog), `tower_http::timeout::TimeoutLayer` (request deadline, answered 408) and
//! hyper-util's `GracefulShutdown` (stop).

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::Router;
use axum::http::StatusCode;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::{GracefulShutdown, Watcher};
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tower::limit::ConcurrencyLimit;
use tower::{Service, ServiceExt};
use tower_http::timeout::TimeoutLayer;

/// How long a client has to send a request head unless told otherwise: counted from when the
/// connection opens, and again from the end of each answer (so it is also the idle keep-alive
/// timeout).
pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a request may take from the end of its head to its answer unless told otherwise
/// (reading the body, checking and storing it): the platform gives up after 10 seconds anyway.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// How many connections may be open at once unless told otherwise (fewer if the
/// file-descriptor limit allows fewer).
pub const DEFAULT_MAX_CONNECTIONS: usize = 4096;

/// The largest request head (request line and headers) accepted unless told otherwise: 16 KiB.
/// It is also the size of each connection's read buffer.
pub const DEFAULT_MAX_HEADER_BYTES: usize = 16 << 10;

/// The most header fields a request may have unless told otherwise.
pub const DEFAULT_MAX_HEADERS: usize = 64;

/// How long a stop waits for the requests in flight unless told otherwise.
pub const DEFAULT_STOP_TIMEOUT: Duration = Duration::from_secs(5);

/// File descriptors kept for other uses than connections (the store file, its lock, the
/// listener, the runtime's own) when the connection cap is bounded by the file-descriptor
/// limit.
pub const RESERVED_FDS: usize = 64;

/// The smallest read buffer hyper allows.
const MIN_BUFFER: usize = 8192;

/// The shortest time between two warnings of the same kind.
const WARNING_INTERVAL: Duration = Duration::from_secs(10);

/// How long the accept loop pauses after the process ran out of file descriptors.
const FD_PAUSE: Duration = Duration::from_millis(50);

/// The bounds [`serve`] puts on every connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServeOptions {
    /// How long a client has to send a whole request head, counted from when the connection
    /// opens and again from the end of each answer: also the idle keep-alive timeout. The
    /// connection is closed when it passes.
    pub header_timeout: Duration,
    /// How long a request may take from the end of its head to its answer (its whole body
    /// included); when it passes the answer is 408 and the connection is closed.
    pub request_timeout: Duration,
    /// The most connections open at once; beyond, new connections wait in the listen backlog
    /// until one closes. Lowered to the file-descriptor limit less [`RESERVED_FDS`].
    pub max_connections: usize,
    /// The largest request head in bytes (answered 431 beyond), and each connection's read
    /// buffer (at least 8 KiB).
    pub max_header_bytes: usize,
    /// The most header fields of a request (answered 431 beyond).
    pub max_headers: usize,
    /// On stop, how long the requests in flight have to finish before the remaining
    /// connections are closed.
    pub stop_timeout: Duration,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            header_timeout: DEFAULT_HEADER_TIMEOUT,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            max_connections: DEFAULT_MAX_CONNECTIONS,
            max_header_bytes: DEFAULT_MAX_HEADER_BYTES,
            max_headers: DEFAULT_MAX_HEADERS,
            stop_timeout: DEFAULT_STOP_TIMEOUT,
        }
    }
}

impl ServeOptions {
    /// The connection cap in force: [`ServeOptions::max_connections`], at most the
    /// process's file-descriptor limit less [`RESERVED_FDS`], at least 1.
    pub fn connection_cap(&self) -> usize {
        let cap = match fd_limit() {
            Some(limit) => self.max_connections.min(limit.saturating_sub(RESERVED_FDS)),
            None => self.max_connections,
        };
        cap.max(1)
    }
}

/// How a [`serve`] ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Served {
    /// Connections still open at the stop deadline, closed then.
    pub closed_at_deadline: usize,
}

/// Serves `router` on `listener` over HTTP/1.1 with the bounds of `options` until `stop`
/// resolves; then stops accepting, lets the requests in flight finish for up to
/// [`ServeOptions::stop_timeout`], and closes what is left.
///
/// Warnings (the connection cap reached, the process out of file descriptors) go to stderr,
/// at most one of each kind every 10 seconds.
///
/// # Errors
///
/// None today: errors of single connections and of `accept` are handled here. The `Result`
/// leaves room for listener failures an embedder must see.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    options: ServeOptions,
    stop: impl Future<Output = ()>,
) -> io::Result<Served> {
    let cap = options.connection_cap();
    let slots = Arc::new(Semaphore::new(cap));
    let mut connections = ConcurrencyLimit::with_semaphore(
        ServeConnection::new(router, &options),
        Arc::clone(&slots),
    );
    let graceful = GracefulShutdown::new();
    let mut tasks = JoinSet::new();
    let mut warnings = Warnings::default();
    if cap < options.max_connections {
        warnings.warn(
            Warning::FdLimit,
            &format!(
                "the file-descriptor limit allows {cap} connections, fewer than the {} asked for",
                options.max_connections
            ),
        );
    }
    tokio::pin!(stop);
    loop {
        while tasks.try_join_next().is_some() {}
        if slots.available_permits() == 0 {
            warnings.warn(
                Warning::Cap,
                &format!("{cap} connections are open (the cap): new ones wait until one closes"),
            );
        }
        let ready = tokio::select! {
            biased;
            () = &mut stop => break,
            ready = connections.ready() => ready,
        };
        // The connection service is always ready once a slot is free.
        let Ok(connections) = ready;
        let accepted = tokio::select! {
            biased;
            () = &mut stop => break,
            accepted = listener.accept() => accepted,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(e) if out_of_fds(&e) => {
                warnings.warn(
                    Warning::FdLimit,
                    &format!("cannot accept a connection: {e} (the file-descriptor limit is near)"),
                );
                tokio::time::sleep(FD_PAUSE).await;
                continue;
            }
            // A connection reset before it was accepted, and the like: nothing to do.
            Err(_) => continue,
        };
        let _ = stream.set_nodelay(true);
        let connection = connections.call(Accepted {
            stream,
            watcher: graceful.watcher(),
        });
        tasks.spawn(connection);
    }
    drop(listener);
    let stopped = tokio::time::timeout(options.stop_timeout, graceful.shutdown()).await;
    while tasks.try_join_next().is_some() {}
    let closed_at_deadline = if stopped.is_ok() { 0 } else { tasks.len() };
    tasks.abort_all();
    while tasks.join_next().await.is_some() {}
    Ok(Served { closed_at_deadline })
}

/// An accepted connection and its part in the graceful stop.
struct Accepted {
    stream: TcpStream,
    watcher: Watcher,
}

/// The service that serves one connection: its future lives as long as the connection, and
/// the [`ConcurrencyLimit`] around it holds a slot as long.
#[derive(Clone)]
struct ServeConnection {
    router: Router,
    http: http1::Builder,
}

impl ServeConnection {
    fn new(router: Router, options: &ServeOptions) -> Self {
        let router = router.layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            options.request_timeout,
        ));
        let mut http = http1::Builder::new();
        http.timer(TokioTimer::new())
            .header_read_timeout(options.header_timeout)
            .max_buf_size(options.max_header_bytes.max(MIN_BUFFER))
            .max_header_size(options.max_header_bytes)
            .max_headers(options.max_headers);
        ServeConnection { router, http }
    }
}

impl Service<Accepted> for ServeConnection {
    type Response = ();
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<(), Infallible>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, accepted: Accepted) -> Self::Future {
        let connection = self.http.serve_connection(
            TokioIo::new(accepted.stream),
            TowerToHyperService::new(self.router.clone()),
        );
        let connection = accepted.watcher.watch(connection);
        Box::pin(async move {
            // A client that times out, breaks the protocol or goes away only ends its own
            // connection.
            let _ = connection.await;
            Ok(())
        })
    }
}

/// The kinds of warning, each rate-limited on its own.
#[derive(Clone, Copy)]
enum Warning {
    Cap,
    FdLimit,
}

/// When each kind of warning was last written.
#[derive(Default)]
struct Warnings {
    last: [Option<Instant>; 2],
}

impl Warnings {
    fn warn(&mut self, kind: Warning, message: &str) {
        let now = Instant::now();
        let last = &mut self.last[kind as usize];
        if last.is_some_and(|at| now.duration_since(at) < WARNING_INTERVAL) {
            return;
        }
        *last = Some(now);
        eprintln!("warning: {message}");
    }
}

/// Whether `accept` failed for want of file descriptors (the process's or the system's).
fn out_of_fds(e: &io::Error) -> bool {
    #[cfg(unix)]
    {
        matches!(e.raw_os_error(), Some(libc::EMFILE | libc::ENFILE))
    }
    #[cfg(not(unix))]
    {
        let _ = e;
        false
    }
}

/// The process's soft limit on open file descriptors, where there is one.
fn fd_limit() -> Option<usize> {
    #[cfg(unix)]
    {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit writes one `rlimit` to the pointer it is given.
        let ok = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } == 0;
        (ok && limit.rlim_cur != libc::RLIM_INFINITY)
            .then(|| usize::try_from(limit.rlim_cur).unwrap_or(usize::MAX))
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// Raises the process's soft limit on open file descriptors to its hard limit, so that the
/// connection cap is not lowered by a soft limit set low by default (often 1,024); the new soft
/// limit, or `None` where there is no such limit.
pub fn raise_fd_limit() -> Option<usize> {
    #[cfg(unix)]
    {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit writes one `rlimit`; setrlimit reads one.
        unsafe {
            if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0
                && limit.rlim_cur < limit.rlim_max
            {
                let raised = libc::rlimit {
                    rlim_cur: limit.rlim_max,
                    rlim_max: limit.rlim_max,
                };
                libc::setrlimit(libc::RLIMIT_NOFILE, &raised);
            }
        }
        fd_limit()
    }
    #[cfg(not(unix))]
    {
        None
    }
}
