//! The store across restarts: what was stored is remembered, a torn last line is cut, a
//! damaged file is refused, one receiver per file, concurrent repeats are stored once.

mod support;

use std::path::Path;

use axum::Router;
use serde_json::json;
use support::{harness, ksuid, lines, post, with_id};
use vcc_events_webhook::{
    DEFAULT_BODY_LIMIT, DEFAULT_PATH, OpenError, Receiver, Recovered, Signatures, Store,
    StoreOptions,
};

/// An unsigned receiver on `path`, and what opening the store found.
fn reopen(path: &Path, options: StoreOptions) -> (Router, Recovered) {
    let (store, recovered) = Store::open(path, options).unwrap();
    let router =
        Receiver::new(Signatures::Unsigned, store, DEFAULT_BODY_LIMIT).router(DEFAULT_PATH);
    (router, recovered)
}

/// One stored line per id, as the receiver writes them.
fn file_of(ids: &[String]) -> String {
    ids.iter()
        .map(|id| with_id(id).replace(['\n', '\r'], " ") + "\n")
        .collect()
}

#[tokio::test]
async fn a_restart_remembers_what_was_stored() {
    let h = harness(Signatures::Unsigned, StoreOptions::default());
    for n in 0..2 {
        assert_eq!(post(&h.router, None, with_id(&ksuid(n))).await.0, 200);
    }
    drop(h.router);

    let (router, recovered) = reopen(&h.path, StoreOptions::default());
    assert_eq!(
        recovered,
        Recovered {
            events: 2,
            cut_bytes: 0
        }
    );
    let (status, body) = post(&router, None, with_id(&ksuid(1))).await;
    assert_eq!((status, body), (200, json!({ "status": "duplicate" })));
    assert_eq!(
        post(&router, None, with_id(&ksuid(2))).await.1["status"],
        "stored"
    );
    assert_eq!(lines(&h.path).len(), 3);
}

#[tokio::test]
async fn a_torn_last_line_is_cut_on_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.ndjson");
    let whole = file_of(&[ksuid(0), ksuid(1)]);
    let torn = &file_of(&[ksuid(2)])[..100];
    std::fs::write(&path, format!("{whole}{torn}")).unwrap();

    let (router, recovered) = reopen(&path, StoreOptions::default());
    assert_eq!(
        recovered,
        Recovered {
            events: 2,
            cut_bytes: 100
        }
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), whole);
    // The torn event was never acknowledged: its redelivery is stored.
    assert_eq!(
        post(&router, None, with_id(&ksuid(2))).await.1["status"],
        "stored"
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        file_of(&[ksuid(0), ksuid(1), ksuid(2)])
    );
}

#[tokio::test]
async fn a_last_line_that_is_not_an_event_is_cut_on_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.ndjson");
    let whole = file_of(&[ksuid(0)]);
    std::fs::write(&path, format!("{whole}\0\0\0\0\n")).unwrap();
    let (_, recovered) = reopen(&path, StoreOptions::default());
    assert_eq!(
        recovered,
        Recovered {
            events: 1,
            cut_bytes: 5
        }
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), whole);
}

#[test]
fn a_bad_line_before_the_last_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.ndjson");
    let content = format!(
        "{}not an event\n{}",
        file_of(&[ksuid(0)]),
        file_of(&[ksuid(1)])
    );
    std::fs::write(&path, &content).unwrap();
    let error = Store::open(&path, StoreOptions::default()).unwrap_err();
    assert!(
        matches!(error, OpenError::Corrupt { line: 2, .. }),
        "{error}"
    );
    assert!(error.to_string().contains("events.ndjson:2"), "{error}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), content);
}

#[test]
fn a_second_store_on_the_same_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.ndjson");
    let (_first, _) = Store::open(&path, StoreOptions::default()).unwrap();
    let error = Store::open(&path, StoreOptions::default()).unwrap_err();
    assert!(error.to_string().contains("another process"), "{error}");
}

#[tokio::test]
async fn the_memory_rebuilt_on_restart_keeps_the_most_recent_ids() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.ndjson");
    std::fs::write(&path, file_of(&[ksuid(0), ksuid(1), ksuid(2)])).unwrap();
    let options = StoreOptions {
        remember: 2,
        ..StoreOptions::default()
    };
    let (router, recovered) = reopen(&path, options);
    assert_eq!(recovered.events, 3);
    assert_eq!(
        post(&router, None, with_id(&ksuid(2))).await.1["status"],
        "duplicate"
    );
    assert_eq!(
        post(&router, None, with_id(&ksuid(1))).await.1["status"],
        "duplicate"
    );
    // Beyond the bound, the oldest is forgotten.
    assert_eq!(
        post(&router, None, with_id(&ksuid(0))).await.1["status"],
        "stored"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_repeats_of_one_event_are_stored_once() {
    let h = harness(Signatures::Unsigned, StoreOptions::default());
    let tasks: Vec<_> = (0..64)
        .map(|n| {
            let router = h.router.clone();
            tokio::spawn(async move { post(&router, None, with_id(&ksuid(n % 4))).await })
        })
        .collect();
    let mut stored = 0;
    for task in tasks {
        let (status, body) = task.await.unwrap();
        assert_eq!(status, 200);
        stored += usize::from(body["status"] == "stored");
    }
    assert_eq!(stored, 4);
    assert_eq!(lines(&h.path).len(), 4);
}
