//! A bounded load run over loopback: `vcc-events-webhook` (token, body hash, validation,
//! durable NDJSON append with fsync, duplicates) against a baseline axum handler that
//! verifies the same JWT and body hash and parses the body into `serde_json::Value`, in the
//! same process and run.
//!
//! ```sh
//! cargo bench -p vcc-events-webhook --bench load
//! ```
//!
//! Then, on a throwaway PostgreSQL of its own (the installed binaries, as the tests start it):
//! ours on PostgreSQL (group commit), and the baseline a partner would write: the same checks,
//! then one `INSERT ... ON CONFLICT DO NOTHING` per request through a pool of 16 connections;
//! with the database's commits per second.
//!
//! `LOAD_REQUESTS` (default 200,000) requests, 30 % of them repeats of an earlier event, from
//! `LOAD_CONNECTIONS` (default 64) keep-alive connections, each request signed when it is
//! sent; a run stops after `LOAD_SECONDS` (default 120) whatever the count. Prints requests
//! per second, p50/p99 latency, the answers, and the resident memory sampled every 50 ms.
//!
//! First it prints what one `write` + `fdatasync` of a group's size costs on the disk the store
//! is on, in time and in CPU: the price the store pays per group.
//!
//! Three more servers, measured after ours (so that ours's memory is its own), show where ours
//! spends what the baseline does not, in the same run: ours without the commit delay, ours
//! with its checks only (nothing stored), and ours storing without `fdatasync` (the hand-over
//! to the writer and the `write`, not the sync). The last two are not ways to run the
//! receiver: `LOAD_PARTS=0` leaves all three out. `LOAD_SERVERS` picks servers by name (e.g.
//! `LOAD_SERVERS=ours,unsynced`), to profile one. `LOAD_PG_WRITERS` sets the PostgreSQL store's
//! writers (transactions in flight), default `PgOptions::default()`'s.

#[path = "../tests/support/http.rs"]
mod http;
#[path = "load/postgres.rs"]
mod postgres;

use std::fs::File;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use subtle::ConstantTimeEq;
use vcc_events::AnyEvent;
use vcc_events::testing::{SEED_EXAMPLE as SEED, nth_ksuid, seed_with_id};
use vcc_events_webhook::signing::Signer;
use vcc_events_webhook::{
    DEFAULT_BODY_LIMIT, DEFAULT_PATH, Receiver, Secret, Signatures, Store, StoreFile, StoreOptions,
    Verifier,
};

const SECRET: &str = "dGhlIHN1YnNjcmlwdGlvbiBzZWNyZXQgb2YgdGhlIHRlc3Rz";

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The event of request `i`: 3 in 10 requests repeat an earlier event.
fn event_of(i: usize) -> usize {
    let fresh = |i: usize| i / 10 * 7 + (i % 10).saturating_sub(3);
    if i % 10 < 3 && i >= 10 {
        // A repeat of an event sent some time before.
        fresh(i.wrapping_mul(7919) % (i - 9))
    } else {
        fresh(i)
    }
}

/// The baseline's checks: the same JWT and body hash, then `serde_json::Value`.
#[derive(Clone)]
struct BaselineChecks {
    key: Arc<DecodingKey>,
    validation: Arc<Validation>,
}

impl BaselineChecks {
    fn new() -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.validate_aud = false;
        validation.leeway = 30;
        BaselineChecks {
            key: Arc::new(DecodingKey::from_secret(SECRET.as_bytes()).unwrap()),
            validation: Arc::new(validation),
        }
    }

    /// The body parsed, or the status a refusal gets.
    fn check(&self, headers: &HeaderMap, body: &[u8]) -> Result<serde_json::Value, StatusCode> {
        let token = headers
            .get("vonage-signature")
            .ok_or(StatusCode::UNAUTHORIZED)?;
        let claims = jsonwebtoken::decode::<serde_json::Map<String, serde_json::Value>>(
            token.as_bytes(),
            &self.key,
            &self.validation,
        )
        .map_err(|_| StatusCode::UNAUTHORIZED)?;
        let hex = vcc_events_digest::sha256_hex(body);
        let claimed = claims
            .claims
            .get("payload_hash")
            .and_then(|v| v.as_str())
            .unwrap_or("");
        if !bool::from(hex.as_bytes().ct_eq(claimed.as_bytes())) {
            return Err(StatusCode::UNAUTHORIZED);
        }
        serde_json::from_slice(body).map_err(|_| StatusCode::BAD_REQUEST)
    }
}

/// The baseline: the same JWT and body-hash checks, then `serde_json::Value`; nothing stored.
fn baseline() -> Router {
    let checks = BaselineChecks::new();
    Router::new().route(
        DEFAULT_PATH,
        post(move |headers: HeaderMap, body: Bytes| {
            let checks = checks.clone();
            async move {
                match checks.check(&headers, &body) {
                    Ok(_) => StatusCode::OK,
                    Err(status) => status,
                }
            }
        }),
    )
}

/// Ours without the store: the token, the body's hash and every catalog rule, then 200.
fn checks_only() -> Router {
    let verifier = Arc::new(Verifier::new(Secret::list(SECRET)).unwrap());
    Router::new().route(
        DEFAULT_PATH,
        post(move |headers: HeaderMap, body: Bytes| {
            let verifier = Arc::clone(&verifier);
            async move {
                let header = headers.get("vonage-signature").map(|v| v.as_bytes());
                if verifier.verify(header, &body).is_err() {
                    return StatusCode::UNAUTHORIZED;
                }
                match AnyEvent::from_slice(&body) {
                    Ok(_) => StatusCode::OK,
                    Err(_) => StatusCode::BAD_REQUEST,
                }
            }
        }),
    )
}

/// The store's file with every write kept and no sync: what the store costs but the disk.
struct Unsynced(File);

impl StoreFile for Unsynced {
    fn write_all(&mut self, buffer: &[u8]) -> io::Result<()> {
        io::Write::write_all(&mut self.0, buffer)
    }
    fn sync_data(&mut self) -> io::Result<()> {
        Ok(())
    }
    fn set_len(&mut self, length: u64) -> io::Result<()> {
        self.0.set_len(length)
    }
}

/// Our receiver on a store in `dir` sized by `options`, its file wrapped by `wrap`.
fn ours<F: StoreFile>(
    dir: &std::path::Path,
    options: StoreOptions,
    wrap: impl FnOnce(File) -> F,
) -> Router {
    let path = dir.join("events.ndjson");
    let (store, _) = Store::open_with(&path, options, wrap).unwrap();
    let verifier = Verifier::new(Secret::list(SECRET)).unwrap();
    Receiver::new(Signatures::Verify(verifier), store, DEFAULT_BODY_LIMIT).router(DEFAULT_PATH)
}

/// What one run measured.
struct Run {
    requests: usize,
    elapsed: Duration,
    latencies_us: Vec<u32>,
    answers: Vec<(u16, usize)>,
}

/// Sends the workload to `addr` from `connections` threads.
fn load(addr: SocketAddr, requests: usize, connections: usize, limit: Duration) -> Run {
    let next = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let threads: Vec<_> = (0..connections)
        .map(|_| {
            let next = Arc::clone(&next);
            std::thread::spawn(move || {
                lower_priority();
                let signer = Signer::new(SECRET).unwrap();
                let mut connection = http::Connection::open(addr).unwrap();
                let (mut latencies, mut answers) = (Vec::new(), Vec::<(u16, usize)>::new());
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= requests || start.elapsed() > limit {
                        break;
                    }
                    let body = seed_with_id(&nth_ksuid(event_of(i) as u64));
                    let token = signer.sign(body.as_bytes());
                    let sent = Instant::now();
                    let (status, _) = connection
                        .post(DEFAULT_PATH, Some(&token), body.as_bytes())
                        .unwrap();
                    latencies.push(sent.elapsed().as_micros() as u32);
                    match answers.iter_mut().find(|(s, _)| *s == status) {
                        Some((_, n)) => *n += 1,
                        None => answers.push((status, 1)),
                    }
                }
                (latencies, answers)
            })
        })
        .collect();
    let mut run = Run {
        requests: 0,
        elapsed: Duration::ZERO,
        latencies_us: Vec::with_capacity(requests),
        answers: Vec::new(),
    };
    for thread in threads {
        let (latencies, answers) = thread.join().unwrap();
        run.latencies_us.extend(latencies);
        for (status, n) in answers {
            match run.answers.iter_mut().find(|(s, _)| *s == status) {
                Some((_, total)) => *total += n,
                None => run.answers.push((status, n)),
            }
        }
    }
    run.elapsed = start.elapsed();
    run.requests = run.latencies_us.len();
    run.latencies_us.sort_unstable();
    run
}

/// Runs this (client) thread at nice 10: the platform's senders are on other machines, so the
/// server under test gets the cores first, the baseline's as much as ours.
fn lower_priority() {
    // SAFETY: plain system calls on the calling thread; a failure only leaves the priority.
    unsafe {
        let thread = libc::gettid();
        libc::setpriority(libc::PRIO_PROCESS, thread as libc::id_t, 10);
    }
}

/// What this process has used so far: CPU time (user + system) and context switches.
#[derive(Clone, Copy)]
struct Usage {
    cpu_seconds: f64,
    switches: i64,
}

impl Usage {
    fn now() -> Usage {
        // SAFETY: `getrusage` fills the struct it is given.
        let usage = unsafe {
            let mut usage = std::mem::zeroed::<libc::rusage>();
            libc::getrusage(libc::RUSAGE_SELF, &mut usage);
            usage
        };
        let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
        Usage {
            cpu_seconds: seconds(usage.ru_utime) + seconds(usage.ru_stime),
            switches: usage.ru_nvcsw + usage.ru_nivcsw,
        }
    }
}

/// The resident set size of this process, in KiB.
fn rss_kib() -> usize {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// Serves `router` on loopback, runs the load while sampling memory, prints one line.
fn measure(name: &str, router: Router, requests: usize, connections: usize, limit: Duration) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    measure_on(&runtime, name, router, requests, connections, limit);
    runtime.shutdown_timeout(Duration::from_secs(1));
}

/// Like [`measure`], on a runtime of the caller's (that runs the router's store).
fn measure_on(
    runtime: &tokio::runtime::Runtime,
    name: &str,
    router: Router,
    requests: usize,
    connections: usize,
    limit: Duration,
) {
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    runtime.spawn(async move { axum::serve(listener, router).await });

    let done = Arc::new(AtomicBool::new(false));
    let sampler = {
        let done = Arc::clone(&done);
        std::thread::spawn(move || {
            let mut samples = Vec::new();
            while !done.load(Ordering::Relaxed) {
                samples.push(rss_kib());
                std::thread::sleep(Duration::from_millis(50));
            }
            samples
        })
    };
    let before = rss_kib();
    let usage_before = Usage::now();
    let run = load(addr, requests, connections, limit);
    let usage = Usage::now();
    let cpu = usage.cpu_seconds - usage_before.cpu_seconds;
    let switches = (usage.switches - usage_before.switches) as f64 / run.requests as f64;
    done.store(true, Ordering::Relaxed);
    let samples = sampler.join().unwrap();
    let peak = samples.iter().copied().max().unwrap_or(0);
    let tenth = samples.get(samples.len() / 10).copied().unwrap_or(0);
    let last = samples.last().copied().unwrap_or(0);
    let pct = |p: usize| {
        run.latencies_us
            .get(run.requests * p / 100)
            .copied()
            .unwrap_or(0)
    };
    println!(
        "{name:<40} {:>7} requests in {:>6.2} s: {:>7.0} req/s, p50 {:>5} µs, p99 {:>6} µs, \
         CPU {:.2} s ({:.0} µs per request, {:.2} cores), {:.1} context switches per request, \
         answers {:?}, \
         RSS before {} MiB, at 10 % {} MiB, peak {} MiB, at the end {} MiB",
        run.requests,
        run.elapsed.as_secs_f64(),
        run.requests as f64 / run.elapsed.as_secs_f64(),
        pct(50),
        pct(99),
        cpu,
        cpu * 1e6 / run.requests as f64,
        cpu / run.elapsed.as_secs_f64(),
        switches,
        run.answers,
        before / 1024,
        tenth / 1024,
        peak / 1024,
        last / 1024,
    );
}

/// Appends 6.6 KB (ten seed events) and syncs, 1,000 times, in a file in `dir`; prints the
/// time and CPU of one round.
fn probe_disk(dir: &std::path::Path) {
    const ROUNDS: u32 = 1000;
    let path = dir.join("probe.ndjson");
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .unwrap();
    let group = SEED.replace('\n', " ").repeat(10);
    let (before, start) = (Usage::now(), Instant::now());
    for _ in 0..ROUNDS {
        io::Write::write_all(&mut file, group.as_bytes()).unwrap();
        file.sync_data().unwrap();
    }
    let elapsed = start.elapsed();
    let cpu = Usage::now().cpu_seconds - before.cpu_seconds;
    println!(
        "this disk: one write + fdatasync of {} bytes takes {:.0} µs and {:.0} µs of CPU",
        group.len(),
        elapsed.as_secs_f64() * 1e6 / f64::from(ROUNDS),
        cpu * 1e6 / f64::from(ROUNDS),
    );
    drop(file);
    std::fs::remove_file(&path).unwrap();
}

/// Whether the server named `name` is to be measured: `LOAD_SERVERS` (a comma-separated list of
/// `baseline`, `ours`, `undelayed`, `checks`, `unsynced`, `pg`, `pg-baseline`) picks some;
/// unset, all run (`undelayed`, `checks` and `unsynced` unless `LOAD_PARTS=0`).
fn wanted(name: &str) -> bool {
    match std::env::var("LOAD_SERVERS") {
        Ok(list) => list.split(',').any(|n| n.trim() == name),
        Err(_) => {
            ["baseline", "ours", "pg", "pg-baseline"].contains(&name)
                || setting("LOAD_PARTS", 1) != 0
        }
    }
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing: run only when asked.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let requests = setting("LOAD_REQUESTS", 200_000);
    let connections = setting("LOAD_CONNECTIONS", 64);
    let limit = Duration::from_secs(setting("LOAD_SECONDS", 120) as u64);
    println!("{requests} requests, 30 % repeats, {connections} connections, loopback");
    let run = |name: &str, router: Router| measure(name, router, requests, connections, limit);
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    probe_disk(dir.path());

    if wanted("baseline") {
        run("baseline: JWT + hash + serde_json::Value", baseline());
    }
    if wanted("ours") {
        run(
            "vcc-events-webhook: all checks + fsync",
            ours(dir.path(), StoreOptions::default(), |file| file),
        );
    }
    if wanted("undelayed") {
        let undelayed = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
        let options = StoreOptions {
            commit_delay: Duration::ZERO,
            ..StoreOptions::default()
        };
        run(
            "ours, no commit delay",
            ours(undelayed.path(), options, |file| file),
        );
    }
    if wanted("checks") {
        run("ours, checks only: nothing stored", checks_only());
    }
    if wanted("unsynced") {
        let unsynced = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
        run(
            "ours, stored without fdatasync",
            ours(unsynced.path(), StoreOptions::default(), Unsynced),
        );
    }

    if wanted("pg") || wanted("pg-baseline") {
        postgres::run_all(requests, connections, limit);
    }

    let Ok(file) = std::fs::File::open(dir.path().join("events.ndjson")) else {
        return;
    };
    let (mut lines, mut bytes) = (0, 0);
    for line in std::io::BufRead::split(std::io::BufReader::new(file), b'\n') {
        lines += 1;
        bytes += line.unwrap().len() + 1;
    }
    println!("stored {lines} distinct events ({bytes} bytes)");
}
