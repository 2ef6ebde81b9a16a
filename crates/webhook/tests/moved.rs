//! The store's file is the file it locked: removed, moved, replaced or truncated under the
//! receiver, deliveries get 503 and the health check fails, never a 200 into a file no one
//! will read; a retry after a restart is stored, not answered "duplicate". A cut-back never
//! writes zero bytes past the file's end; a second store is refused on a moved path; the health
//! check fails when the disk is full.

mod support;

use std::path::Path;

use axum::Router;
use serde_json::json;
use support::faulty::{Faults, faulty_receiver};
use support::{get, ksuid, lines, post, with_id};
use vcc_events_webhook::{
    DEFAULT_BODY_LIMIT, DEFAULT_PATH, HEALTH_PATH, Receiver, Signatures, Store, StoreOptions,
};

/// An unsigned receiver on `path` with its health check.
fn receiver_on(path: &Path, options: StoreOptions) -> Router {
    let (store, _) = Store::open(path, options).unwrap();
    let receiver = Receiver::new(Signatures::Unsigned, store, DEFAULT_BODY_LIMIT);
    receiver
        .router(DEFAULT_PATH)
        .merge(receiver.health_router())
}

/// Asserts a 503 whose message contains `says`.
fn assert_unavailable(answer: (u16, serde_json::Value), says: &str) {
    let (status, body) = answer;
    assert_eq!(status, 503, "{body}");
    let message = body["message"].as_str().unwrap_or_default();
    assert!(message.contains(says), "{body}");
}

#[tokio::test]
async fn a_removed_file_gets_503_and_an_unhealthy_check_and_the_retry_is_stored_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.ndjson");
    let router = receiver_on(&path, StoreOptions::default());
    assert_eq!(post(&router, None, with_id(&ksuid(0))).await.0, 200);

    std::fs::remove_file(&path).unwrap();
    let event = with_id(&ksuid(1));
    assert_unavailable(post(&router, None, event.clone()).await, "removed");
    assert_unavailable(get(&router, HEALTH_PATH).await, "removed");
    assert!(!path.exists(), "nothing is written at the path meanwhile");

    drop(router);
    let router = receiver_on(&path, StoreOptions::default());
    assert_eq!(
        post(&router, None, event).await.1,
        json!({ "status": "stored" })
    );
    assert_eq!(lines(&path).len(), 1);
}

#[tokio::test]
async fn a_moved_file_gets_503_and_a_second_store_cannot_start_on_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.ndjson");
    let router = receiver_on(&path, StoreOptions::default());
    assert_eq!(post(&router, None, with_id(&ksuid(0))).await.0, 200);

    let moved = dir.path().join("events-1.ndjson");
    std::fs::rename(&path, &moved).unwrap();
    assert_unavailable(post(&router, None, with_id(&ksuid(1))).await, "removed");
    assert_eq!(
        lines(&moved).len(),
        1,
        "nothing more goes to the moved file"
    );

    // The lock is on `events.ndjson.lock`, which stays: the path is still taken.
    let error = Store::open(&path, StoreOptions::default()).unwrap_err();
    assert!(error.to_string().contains("events.ndjson.lock"), "{error}");

    // A new file at the path is not the locked one.
    std::fs::write(&path, "").unwrap();
    assert_unavailable(
        post(&router, None, with_id(&ksuid(1))).await,
        "another file",
    );
    assert_unavailable(get(&router, HEALTH_PATH).await, "another file");
}

#[tokio::test]
async fn a_truncated_file_gets_503_and_the_file_opens_again_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.ndjson");
    let router = receiver_on(&path, StoreOptions::default());
    for n in 0..3 {
        assert_eq!(post(&router, None, with_id(&ksuid(n))).await.0, 200);
    }

    // What `logrotate`'s `copytruncate` does after copying.
    std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .unwrap()
        .set_len(0)
        .unwrap();
    assert_unavailable(post(&router, None, with_id(&ksuid(3))).await, "shorter");
    assert_unavailable(get(&router, HEALTH_PATH).await, "shorter");
    assert!(std::fs::read(&path).unwrap().is_empty());

    drop(router);
    let router = receiver_on(&path, StoreOptions::default());
    assert_eq!(post(&router, None, with_id(&ksuid(3))).await.0, 200);
    assert_eq!(lines(&path).len(), 1);
}

#[tokio::test]
async fn a_cut_back_after_a_truncation_never_writes_zero_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.ndjson");
    let (router, faults) = faulty_receiver(&path);
    for n in 0..3 {
        assert_eq!(post(&router, None, with_id(&ksuid(n))).await.0, 200);
    }

    // Truncated between the store's check and its write, which then fails halfway.
    Faults::set(&faults.truncate, true);
    assert_eq!(post(&router, None, with_id(&ksuid(3))).await.0, 503);
    faults.heal();
    let content = std::fs::read(&path).unwrap();
    assert!(!content.contains(&0), "zero bytes in the file");
    assert!(
        content.len() < with_id(&ksuid(3)).len(),
        "the half line only"
    );
    // From now on the store refuses: the file is shorter than what it stored.
    assert_unavailable(post(&router, None, with_id(&ksuid(4))).await, "shorter");
    assert_unavailable(get(&router, HEALTH_PATH).await, "shorter");
    assert!(!std::fs::read(&path).unwrap().contains(&0));
}

#[tokio::test]
async fn the_health_check_fails_when_the_disk_is_full() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.ndjson");
    // No disk has this much free: the store sees its disk as full.
    let full = StoreOptions {
        min_free_bytes: u64::MAX,
        ..StoreOptions::default()
    };
    let router = receiver_on(&path, full);
    assert_unavailable(get(&router, HEALTH_PATH).await, "disk is full");
    // Writes are still tried: what fits is stored.
    assert_eq!(post(&router, None, with_id(&ksuid(0))).await.0, 200);

    drop(router);
    let router = receiver_on(&path, StoreOptions::default());
    assert_eq!(
        get(&router, HEALTH_PATH).await,
        (200, json!({ "status": "ready" }))
    );
}
