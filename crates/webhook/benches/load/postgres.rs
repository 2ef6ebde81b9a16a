//! The load run's PostgreSQL part: ours on PostgreSQL and the partner's baseline (one
//! `INSERT ... ON CONFLICT DO NOTHING` per request through a pool of 16), each on a database
//! of its own on one throwaway server, with the commits per second the server counted.

use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use pg_test_server::PgServer;
use vcc_events_webhook::{
    DEFAULT_BODY_LIMIT, DEFAULT_PATH, DatabaseUrl, PgOptions, PgStore, Receiver, Secret,
    Signatures, Verifier,
};

use super::{BaselineChecks, SECRET, measure_on};

/// The baseline's pool size.
const BASELINE_POOL: usize = 16;

/// The URL of `database` on `server`.
fn url_of(server: &PgServer, database: &str) -> String {
    format!("postgres://postgres@127.0.0.1:{}/{database}", server.port())
}

/// The commits the server has counted in `database`.
fn commits(server: &PgServer, database: &str) -> u64 {
    server
        .psql(&format!(
            "SELECT xact_commit FROM pg_stat_database WHERE datname = '{database}'"
        ))
        .trim()
        .parse()
        .unwrap_or(0)
}

/// Runs `router` (on `runtime`) against `database`, then prints the commits per second.
fn measured(
    server: &PgServer,
    runtime: &tokio::runtime::Runtime,
    database: &str,
    name: &str,
    router: Router,
    (requests, connections, limit): (usize, usize, Duration),
) {
    let before = commits(server, database);
    let started = Instant::now();
    measure_on(runtime, name, router, requests, connections, limit);
    let elapsed = started.elapsed().as_secs_f64();
    // The statistics reach pg_stat_database within a second or so.
    std::thread::sleep(Duration::from_millis(1200));
    let after = commits(server, database);
    let rows = server.psql_in(database, "SELECT count(*) FROM vcc_events_bench_rows()");
    println!(
        "{:<40} {:.0} commits/s in the database ({} commits), {} rows",
        "",
        (after - before) as f64 / elapsed,
        after - before,
        rows.trim()
    );
}

/// The baseline a partner would write: checks, `serde_json::Value`, one insert per request.
fn baseline(pool: Pool) -> Router {
    let checks = BaselineChecks::new();
    Router::new().route(
        DEFAULT_PATH,
        post(move |headers: HeaderMap, body: Bytes| {
            let (checks, pool) = (checks.clone(), pool.clone());
            async move {
                let event = match checks.check(&headers, &body) {
                    Ok(event) => event,
                    Err(status) => return status,
                };
                let (Some(source), Some(id)) = (event["source"].as_str(), event["id"].as_str())
                else {
                    return StatusCode::BAD_REQUEST;
                };
                let Ok(client) = pool.get().await else {
                    return StatusCode::SERVICE_UNAVAILABLE;
                };
                let Ok(text) = std::str::from_utf8(&body) else {
                    return StatusCode::BAD_REQUEST;
                };
                match client
                    .execute(
                        "INSERT INTO events (source, id, body) VALUES ($1, $2, $3) \
                         ON CONFLICT DO NOTHING",
                        &[&source, &id, &text],
                    )
                    .await
                {
                    Ok(_) => StatusCode::OK,
                    Err(_) => StatusCode::SERVICE_UNAVAILABLE,
                }
            }
        }),
    )
}

/// Starts a server and measures both.
pub fn run_all(requests: usize, connections: usize, limit: Duration) {
    let server = PgServer::start();
    let settings = (requests, connections, limit);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    if super::wanted("pg-baseline") {
        server.psql("CREATE DATABASE baseline");
        server.psql_in(
            "baseline",
            "CREATE TABLE events (source text, id text, body text, PRIMARY KEY (source, id));
             CREATE FUNCTION vcc_events_bench_rows() RETURNS SETOF events
                 LANGUAGE sql AS 'SELECT * FROM events'",
        );
        let config: tokio_postgres::Config = url_of(&server, "baseline").parse().unwrap();
        let manager = Manager::from_config(
            config,
            tokio_postgres::NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(BASELINE_POOL)
            .runtime(Runtime::Tokio1)
            .build()
            .unwrap();
        measured(
            &server,
            &runtime,
            "baseline",
            "baseline on PostgreSQL: 1 INSERT/request",
            baseline(pool),
            settings,
        );
    }
    if super::wanted("pg") {
        server.psql("CREATE DATABASE ours");
        let url: DatabaseUrl = url_of(&server, "ours").parse().unwrap();
        let options = PgOptions {
            writers: super::setting("LOAD_PG_WRITERS", PgOptions::default().writers),
            ..PgOptions::default()
        };
        let store = runtime.block_on(PgStore::connect(&url, options)).unwrap();
        server.psql_in(
            "ours",
            "CREATE FUNCTION vcc_events_bench_rows() RETURNS SETOF vcc_events
                 LANGUAGE sql AS 'SELECT * FROM vcc_events'",
        );
        let verifier = Verifier::new(Secret::list(SECRET)).unwrap();
        let router = Receiver::new(Signatures::Verify(verifier), store, DEFAULT_BODY_LIMIT)
            .router(DEFAULT_PATH);
        measured(
            &server,
            &runtime,
            "ours",
            "vcc-events-webhook on PostgreSQL",
            router,
            settings,
        );
    }
    runtime.shutdown_timeout(Duration::from_secs(1));
}
