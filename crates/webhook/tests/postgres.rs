//! The PostgreSQL store, on a throwaway server of its own: each event stored once with its
//! bytes as received, many events per transaction, 503 (never 200) within the deadline while
//! the database is down or a statement hangs, recovery without a restart, and no password in
//! any answer.

mod support;

use std::time::{Duration, Instant};

use axum::Router;
use pg_test_server::{PgServer, Shutdown};
use support::{get, ksuid, post, with_id};
use vcc_events::Catalog;
use vcc_events_webhook::{
    DEFAULT_BODY_LIMIT, DEFAULT_PATH, DatabaseUrl, EventStore, HEALTH_PATH, PgOptions, PgStore,
    Receiver, Signatures, StoreError,
};

/// The deadline of these tests' stores.
const DEADLINE: Duration = Duration::from_millis(1000);

/// An unsigned receiver on the server's database, and its health check.
async fn receiver(server: &PgServer) -> Router {
    let url: DatabaseUrl = server.url().parse().unwrap();
    let options = PgOptions {
        deadline: DEADLINE,
        ..PgOptions::default()
    };
    let store = PgStore::connect(&url, options).await.unwrap();
    let receiver = Receiver::new(Signatures::Unsigned, store, DEFAULT_BODY_LIMIT);
    receiver
        .router(DEFAULT_PATH)
        .merge(receiver.health_router())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_event_is_stored_once_with_its_bytes_and_a_repeat_is_a_duplicate() {
    let server = PgServer::start();
    let router = receiver(&server).await;
    let body = with_id(&ksuid(1));

    assert_eq!(post(&router, None, body.clone()).await.0, 200);
    let (status, answer) = post(&router, None, body.clone()).await;
    assert_eq!(
        (status, answer["status"].as_str()),
        (200, Some("duplicate"))
    );

    let rows = server.psql("SELECT source, id, type, received_at IS NOT NULL FROM vcc_events");
    assert_eq!(
        rows.trim(),
        format!("/channel|{}|channel.parked.v0|t", ksuid(1))
    );
    // The body is the text sent, indentation and member order kept.
    let stored = server.psql("SELECT body FROM vcc_events");
    assert_eq!(stored.strip_suffix('\n'), Some(body.as_str()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restarted_receiver_knows_what_another_stored() {
    let server = PgServer::start();
    let first = receiver(&server).await;
    assert_eq!(post(&first, None, with_id(&ksuid(7))).await.0, 200);
    // A second receiver on the same database: the migration has run, nothing is redone.
    let second = receiver(&server).await;
    let (_, answer) = post(&second, None, with_id(&ksuid(7))).await;
    assert_eq!(answer["status"], "duplicate");
    assert_eq!(
        server
            .psql("SELECT version FROM vcc_schema_migrations")
            .trim(),
        "1"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_deliveries_share_transactions() {
    let server = PgServer::start();
    let router = receiver(&server).await;
    let tasks: Vec<_> = (0..300)
        .map(|n| {
            let router = router.clone();
            // Every tenth event is sent twice at once.
            let body = with_id(&ksuid(n / 10 * 10 + u64::from(n % 10 != 0) * n));
            tokio::spawn(async move { post(&router, None, body).await })
        })
        .collect();
    let mut stored = 0;
    for task in tasks {
        let (status, answer) = task.await.unwrap();
        assert_eq!(status, 200, "{answer}");
        stored += usize::from(answer["status"] == "stored");
    }
    let rows: usize = server
        .psql("SELECT count(*) FROM vcc_events")
        .trim()
        .parse()
        .unwrap();
    assert_eq!(stored, rows);
    // One transaction's rows share their `received_at` (the transaction's start).
    let transactions: usize = server
        .psql("SELECT count(DISTINCT received_at) FROM vcc_events")
        .trim()
        .parse()
        .unwrap();
    assert!(
        transactions < rows,
        "{transactions} transactions for {rows} rows"
    );
}

/// Posts a new event until it is answered 200, at most for `within`; how long it took.
async fn until_stored(router: &Router, mut n: u64, within: Duration) -> Duration {
    let started = Instant::now();
    loop {
        let (status, answer) = post(router, None, with_id(&ksuid(n))).await;
        if status == 200 {
            return started.elapsed();
        }
        assert_eq!(status, 503, "{answer}");
        assert!(started.elapsed() < within, "not stored again: {answer}");
        n += 1;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stopped_database_gets_503_and_the_receiver_recovers_without_a_restart() {
    let server = PgServer::start();
    let router = receiver(&server).await;
    assert_eq!(post(&router, None, with_id(&ksuid(1))).await.0, 200);

    for (round, how) in [Shutdown::Fast, Shutdown::Immediate]
        .into_iter()
        .enumerate()
    {
        server.stop(how);
        let started = Instant::now();
        let (status, answer) = post(&router, None, with_id(&ksuid(100 + round as u64))).await;
        assert_eq!(status, 503, "{answer}");
        assert!(started.elapsed() < DEADLINE * 2, "{:?}", started.elapsed());
        // The health check says why once its probe has seen it.
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let (status, health) = get(&router, HEALTH_PATH).await;
        assert_eq!(status, 503, "{health}");
        assert!(
            health["message"].as_str().unwrap().contains("database"),
            "{health}"
        );

        server.restart();
        until_stored(&router, 1000 * (round as u64 + 1), Duration::from_secs(20)).await;
        tokio::time::sleep(Duration::from_millis(1500)).await;
        assert_eq!(get(&router, HEALTH_PATH).await.0, 200);
    }
    // What was refused is not in the table.
    let refused = server.psql(&format!(
        "SELECT count(*) FROM vcc_events WHERE id IN ('{}', '{}')",
        ksuid(100),
        ksuid(101)
    ));
    assert_eq!(refused.trim(), "0");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_statement_that_hangs_gets_503_within_the_deadline() {
    let server = PgServer::start();
    let router = receiver(&server).await;
    let (client, connection) = tokio_postgres::connect(&server.url(), tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    client
        .batch_execute("BEGIN; LOCK TABLE vcc_events IN ACCESS EXCLUSIVE MODE")
        .await
        .unwrap();

    let started = Instant::now();
    let (status, answer) = post(&router, None, with_id(&ksuid(1))).await;
    let took = started.elapsed();
    assert_eq!(status, 503, "{answer}");
    assert!(
        took >= DEADLINE / 2 && took < DEADLINE + Duration::from_millis(500),
        "{took:?}"
    );

    client.batch_execute("ROLLBACK").await.unwrap();
    until_stored(&router, 10, Duration::from_secs(5)).await;
    // The 503 promised nothing: the transaction may still have committed once the lock went
    // (its statement was already waiting). The platform's redelivery is then a duplicate,
    // and the event is stored once either way.
    assert_eq!(post(&router, None, with_id(&ksuid(1))).await.0, 200);
    let stored = server.psql(&format!(
        "SELECT count(*) FROM vcc_events WHERE id = '{}'",
        ksuid(1)
    ));
    assert_eq!(stored.trim(), "1");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_error_shows_the_password() {
    let server = PgServer::start();
    // Nothing listens on the port after the server's: connecting fails.
    let text = format!(
        "postgres://postgres:pa55-w0rd-secret@127.0.0.1:{}/postgres",
        server.port() + 1
    );
    let url: DatabaseUrl = text.parse().unwrap();
    assert!(!format!("{url} {url:?}").contains("pa55"));
    let error = PgStore::connect(&url, PgOptions::default())
        .await
        .unwrap_err();
    assert!(matches!(error, StoreError::Database(_)), "{error:?}");
    assert!(!format!("{error} {error:?}").contains("pa55"), "{error}");
    let parse_error = "postgres://u:pa55-w0rd@h:notaport/db"
        .parse::<DatabaseUrl>()
        .unwrap_err();
    assert!(!parse_error.contains("pa55"), "{parse_error}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_answers_a_group_event_by_event() {
    let server = PgServer::start();
    let url: DatabaseUrl = server.url().parse().unwrap();
    let store = PgStore::connect(&url, PgOptions::default()).await.unwrap();
    let group = [accepted(1), accepted(2), accepted(1)];
    let outcomes = store.append(&group).await;
    use vcc_events_webhook::Stored::{Duplicate, New};
    assert_eq!(outcomes, vec![Ok(New), Ok(New), Ok(Duplicate)]);
}

/// An accepted event with the seed's body and the `n`th test id.
fn accepted(n: u64) -> vcc_events_webhook::Accepted {
    let body = with_id(&ksuid(n));
    let event = vcc_events::AnyEvent::from_slice(body.as_bytes()).unwrap();
    vcc_events_webhook::Accepted {
        source: "/channel",
        id: *event.id(),
        event_type: event.event_type(),
        body: body.into(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_does_not_skip_an_event_that_commits_after_a_later_one() {
    let server = PgServer::start();
    let url: DatabaseUrl = server.url().parse().unwrap();
    let store = std::sync::Arc::new(PgStore::connect(&url, PgOptions::default()).await.unwrap());

    // The store's transaction for event 1 is handed a seq, then waits for another session.
    let other = hold_event_1(&server).await;
    let early = tokio::spawn({
        let store = std::sync::Arc::clone(&store);
        async move { store.append(&[accepted(1)]).await }
    });
    until_a_session_waits_for_a_lock(&server).await;
    // Event 2 gets a larger seq and commits first.
    use vcc_events_webhook::Stored::New;
    assert_eq!(store.append(&[accepted(2)]).await, vec![Ok(New)]);

    let mut reader = vcc_events_webhook::postgres::StoredEvents::open(&url, 0)
        .await
        .unwrap();
    let read = tokio::spawn(async move {
        let mut ids = Vec::new();
        while ids.len() < 2 {
            for event in reader.next(100).await.unwrap() {
                let value: serde_json::Value = serde_json::from_str(&event.body).unwrap();
                ids.push((event.seq, value["id"].as_str().unwrap().to_owned()));
            }
        }
        ids
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    // The other session gives up: the store's transaction goes on and commits event 1.
    other.batch_execute("ROLLBACK").await.unwrap();
    assert_eq!(early.await.unwrap(), vec![Ok(New)]);

    let ids = tokio::time::timeout(Duration::from_secs(20), read)
        .await
        .expect("the reader never saw both events")
        .unwrap();
    let in_order: Vec<_> = ids.iter().map(|(_, id)| id.clone()).collect();
    assert_eq!(in_order, vec![ksuid(1), ksuid(2)], "{ids:?}");
    assert!(ids[0].0 < ids[1].0, "{ids:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_receivers_storing_the_same_events_in_opposite_orders_never_deadlock() {
    let server = PgServer::start();
    let url: DatabaseUrl = server.url().parse().unwrap();
    let options = PgOptions {
        deadline: Duration::from_secs(5),
        ..PgOptions::default()
    };
    let one = PgStore::connect(&url, options.clone()).await.unwrap();
    let other = PgStore::connect(&url, options).await.unwrap();
    // Each round, both receive the same two new events at once, one in each order: without a
    // common order, each transaction inserts its first event and waits for the other's.
    const ROUNDS: u64 = 100;
    for round in 0..ROUNDS {
        let (a, b) = (accepted(2 * round + 1), accepted(2 * round + 2));
        let forward = [a.clone(), b.clone()];
        let backward = [b, a];
        let (first, second) = tokio::join!(one.append(&forward), other.append(&backward));
        for outcome in first.iter().chain(&second) {
            assert!(outcome.is_ok(), "round {round}: {outcome:?}");
        }
    }
    let stored = server.psql("SELECT count(*) FROM vcc_events");
    assert_eq!(stored.trim(), (2 * ROUNDS).to_string());
    assert!(
        !server.log().contains("deadlock detected"),
        "{}",
        server.log()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_small_group_waits_for_the_transaction_in_flight_but_not_for_one_that_hangs() {
    use vcc_events_webhook::postgres::GATHER_FOR;
    let server = PgServer::start();
    let url: DatabaseUrl = server.url().parse().unwrap();
    let store = std::sync::Arc::new(PgStore::connect(&url, PgOptions::default()).await.unwrap());
    let other = hold_event_1(&server).await;
    let hanging = tokio::spawn({
        let store = std::sync::Arc::clone(&store);
        async move { store.append(&[accepted(1)]).await }
    });
    until_a_session_waits_for_a_lock(&server).await;

    // Event 2 alone is too small a group to start a transaction beside the one in flight at
    // once: it waits for it, then, as that one hangs, goes on its own.
    let started = Instant::now();
    use vcc_events_webhook::Stored::New;
    assert_eq!(store.append(&[accepted(2)]).await, vec![Ok(New)]);
    let waited = started.elapsed();
    assert!(waited >= GATHER_FOR, "stored after {waited:?}");
    assert!(waited < DEADLINE, "stored after {waited:?}");

    other.batch_execute("ROLLBACK").await.unwrap();
    assert_eq!(hanging.await.unwrap(), vec![Ok(New)]);
}

/// Another session inserts event 1 and keeps its transaction open: a transaction of the store
/// that stores event 1 waits for that session to decide (`ROLLBACK` on the client returned).
async fn hold_event_1(server: &PgServer) -> tokio_postgres::Client {
    let (other, connection) = tokio_postgres::connect(&server.url(), tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    other
        .batch_execute(&format!(
            "BEGIN; INSERT INTO vcc_events (source, id, type, body) \
             VALUES ('/channel', '{}', 'channel.parked.v0', 'held')",
            ksuid(1)
        ))
        .await
        .unwrap();
    other
}

/// Returns once a session of the server waits for a lock.
async fn until_a_session_waits_for_a_lock(server: &PgServer) {
    let waiting = "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'";
    let started = Instant::now();
    while server.psql(waiting).trim() != "1" {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the store never waited"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
