//! Storage failures: an event that could not be written and synced is never answered 2xx, the
//! file keeps whole lines only, and a retry after the disk recovers is stored once.

mod support;

use serde_json::json;
use support::faulty::{Faults, faulty_receiver};
use support::{get, ksuid, lines, post, with_id};
use vcc_events_webhook::{HEALTH_PATH, Recovered, Store, StoreOptions};

/// Asserts a 503 that says the write failed (not a full queue).
fn assert_write_failed(answer: (u16, serde_json::Value)) {
    let (status, body) = answer;
    assert_eq!(
        (status, &body["error"]),
        (503, &json!("unavailable")),
        "{body}"
    );
    let message = body["message"].as_str().unwrap_or_default();
    assert!(message.contains("could not be written"), "{body}");
}

#[tokio::test]
async fn a_failed_write_answers_503_and_leaves_no_partial_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.ndjson");
    let (router, faults) = faulty_receiver(&path);
    assert_eq!(post(&router, None, with_id(&ksuid(0))).await.0, 200);
    let before = std::fs::read(&path).unwrap();

    Faults::set(&faults.write, true);
    assert_write_failed(post(&router, None, with_id(&ksuid(1))).await);
    // Half the line reached the file, and was cut back.
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[tokio::test]
async fn a_failed_sync_answers_503() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.ndjson");
    let (router, faults) = faulty_receiver(&path);

    Faults::set(&faults.sync, true);
    assert_write_failed(post(&router, None, with_id(&ksuid(0))).await);
    // The unsynced line was cut back.
    assert!(std::fs::read(&path).unwrap().is_empty());
}

#[tokio::test]
async fn after_the_disk_recovers_a_retry_is_stored_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.ndjson");
    let (router, faults) = faulty_receiver(&path);
    let event = with_id(&ksuid(0));

    Faults::set(&faults.write, true);
    assert_write_failed(post(&router, None, event.clone()).await);
    faults.heal();
    // The failed event was not remembered as stored: its retry is written...
    assert_eq!(
        post(&router, None, event.clone()).await.1,
        json!({ "status": "stored" })
    );
    // ...and only once.
    assert_eq!(
        post(&router, None, event).await.1,
        json!({ "status": "duplicate" })
    );
    let stored = lines(&path);
    assert_eq!(stored.len(), 1);
    assert!(stored[0].contains(&ksuid(0)));
}

#[tokio::test]
async fn a_partial_line_that_cannot_be_cut_fails_every_later_event_until_a_restart_cuts_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.ndjson");
    let (router, faults) = faulty_receiver(&path);

    Faults::set(&faults.write, true);
    Faults::set(&faults.cut, true);
    assert_write_failed(post(&router, None, with_id(&ksuid(0))).await);
    let partial = std::fs::read(&path).unwrap();
    assert!(!partial.is_empty() && !partial.ends_with(b"\n"));

    // The disk works again, but a line appended now would be glued to the partial one.
    faults.heal();
    assert_write_failed(post(&router, None, with_id(&ksuid(1))).await);
    assert_write_failed(post(&router, None, with_id(&ksuid(0))).await);
    assert_eq!(std::fs::read(&path).unwrap(), partial);

    drop(router);
    let (store, recovered) = Store::open(&path, StoreOptions::default()).unwrap();
    assert_eq!(
        recovered,
        Recovered {
            events: 0,
            cut_bytes: partial.len() as u64
        }
    );
    assert!(std::fs::read(&path).unwrap().is_empty());
    drop(store);

    let (router, _faults) = faulty_receiver(&path);
    assert_eq!(
        post(&router, None, with_id(&ksuid(0))).await.1,
        json!({ "status": "stored" })
    );
    assert_eq!(lines(&path).len(), 1);
}

#[tokio::test]
async fn the_health_check_is_ready_while_events_can_be_stored() {
    let dir = tempfile::tempdir().unwrap();
    let (router, faults) = faulty_receiver(&dir.path().join("events.ndjson"));
    assert_eq!(
        get(&router, HEALTH_PATH).await,
        (200, json!({ "status": "ready" }))
    );

    // A failed write that was cut back leaves the store able to take the retry.
    Faults::set(&faults.write, true);
    assert_write_failed(post(&router, None, with_id(&ksuid(0))).await);
    assert_eq!(get(&router, HEALTH_PATH).await.0, 200);
}

#[tokio::test]
async fn a_partial_line_that_cannot_be_cut_makes_the_health_check_fail_until_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let (router, faults) = faulty_receiver(&dir.path().join("events.ndjson"));
    Faults::set(&faults.write, true);
    Faults::set(&faults.cut, true);
    assert_write_failed(post(&router, None, with_id(&ksuid(0))).await);

    faults.heal();
    assert_write_failed(get(&router, HEALTH_PATH).await);
}
