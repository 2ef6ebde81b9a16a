//! The consumer: four workers in two consumer groups over 10,000 stored events, one of them
//! killed mid-batch (its connection terminated while it holds a batch, as when its process
//! dies): each group processes each event exactly once.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use pg_test_server::PgServer;
use support::{SEED, SEED_ID};
use tokio::sync::Notify;
use vcc_events_webhook::postgres::{ConsumeError, Consumer};
use vcc_events_webhook::{DatabaseUrl, PgOptions, PgStore};

const EVENTS: usize = 10_000;
const BATCH: usize = 100;

/// Stores `EVENTS` distinct valid events directly (the seed with ids `2aRffDVJbosbADf1Kw2V`
/// and seven digits).
fn fill(server: &PgServer) {
    let seed = SEED.replace('\'', "''");
    server.psql(&format!(
        "INSERT INTO vcc_events (source, id, type, body)
         SELECT '/channel', k, 'channel.parked.v0', replace('{seed}', '{SEED_ID}', k)
         FROM (SELECT '2aRffDVJbosbADf1Kw2V' || lpad(g::text, 7, '0') AS k
               FROM generate_series(1, {EVENTS}) g) ids"
    ));
}

/// Runs one worker until its group has nothing left; every event it processes is recorded in
/// `processed` in the batch's own transaction. With `die`, the worker's first batch is held
/// until its connection is terminated.
async fn work(
    url: DatabaseUrl,
    group: &'static str,
    die: Option<(Arc<Notify>, Arc<AtomicBool>)>,
) -> usize {
    let consumer = Consumer::join(&url, group, BATCH).await.unwrap();
    let mut processed = 0;
    loop {
        let result = consumer
            .process(async |transaction, events| {
                for event in events {
                    assert!(event.event.is_ok(), "{:?}", event.event);
                }
                let seqs: Vec<i64> = events.iter().map(|e| e.seq).collect();
                transaction
                    .execute(
                        "INSERT INTO processed (consumer_group, seq) SELECT $1, unnest($2::bigint[])",
                        &[&group, &seqs],
                    )
                    .await?;
                if let Some((holding, dead)) = &die
                    && !dead.load(Ordering::SeqCst)
                {
                    let pid: i32 = transaction
                        .query_one("SELECT pg_backend_pid()", &[])
                        .await?
                        .get(0);
                    transaction
                        .execute("INSERT INTO doomed VALUES ($1)", &[&pid])
                        .await?;
                    holding.notify_one();
                    // Waits until the connection is gone, as a dead process would.
                    transaction.execute("SELECT pg_sleep(60)", &[]).await?;
                }
                Ok::<(), vcc_events_webhook::tokio_postgres::Error>(())
            })
            .await;
        match result {
            Ok(0) => return processed,
            Ok(n) => processed += n,
            Err(ConsumeError::Handler(_) | ConsumeError::Database(_)) if die.is_some() => {
                return processed;
            }
            Err(e) => panic!("{e}"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_groups_each_process_every_event_once_though_a_worker_dies_mid_batch() {
    let server = PgServer::start();
    let url: DatabaseUrl = server.url().parse().unwrap();
    // The receiver's store creates the tables.
    drop(PgStore::connect(&url, PgOptions::default()).await.unwrap());
    server.psql(
        "CREATE TABLE processed (consumer_group text, seq bigint);
         CREATE UNLOGGED TABLE doomed (pid integer)",
    );
    // One group exists before the events are stored, the other is created after.
    drop(Consumer::join(&url, "billing", BATCH).await.unwrap());
    fill(&server);

    let started = Instant::now();
    let holding = Arc::new(Notify::new());
    let dead = Arc::new(AtomicBool::new(false));
    let doomed = tokio::spawn(work(
        url.clone(),
        "billing",
        Some((Arc::clone(&holding), Arc::clone(&dead))),
    ));
    holding.notified().await;
    // The dying worker's batch is committed nowhere yet: the rest share the work.
    let workers: Vec<_> = [("billing", 1), ("analytics", 2)]
        .into_iter()
        .flat_map(|(group, n)| (0..n).map(move |_| group))
        .map(|group| tokio::spawn(work(url.clone(), group, None)))
        .collect();
    tokio::time::sleep(Duration::from_millis(200)).await;
    dead.store(true, Ordering::SeqCst);
    server.psql("SELECT pg_terminate_backend(pid) FROM doomed");
    assert_eq!(
        doomed.await.unwrap(),
        0,
        "the killed worker committed nothing"
    );
    let mut total = 0;
    for worker in workers {
        total += worker.await.unwrap();
    }
    // The billing worker may have finished before the killed batch came back: finish it.
    total += work(url.clone(), "billing", None).await;
    assert_eq!(total, 2 * EVENTS);

    let counts = server.psql(
        "SELECT consumer_group, count(*), count(DISTINCT seq) FROM processed
         GROUP BY consumer_group ORDER BY consumer_group",
    );
    assert_eq!(
        counts.trim(),
        format!("analytics|{EVENTS}|{EVENTS}\nbilling|{EVENTS}|{EVENTS}")
    );
    assert_eq!(
        server.psql("SELECT count(*) FROM vcc_unprocessed").trim(),
        "0"
    );
    assert!(started.elapsed() < Duration::from_secs(60));
}
