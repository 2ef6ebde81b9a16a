//! The commit delay: after a busy group the writer waits for more events, as long as that
//! group's sync took and at most the delay, so that one sync covers them; after a small group,
//! or with no delay, each event is written as it comes.

mod support;

use std::future::Future;
use std::path::Path;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Waker};
use std::time::Duration;

use axum::body::Bytes;
use support::recording::{RecordingFile, Writes};
use support::{ksuid, with_id};
use vcc_events::Ksuid;
use vcc_events_webhook::{Store, StoreError, StoreOptions, Stored};

/// A store on `path` with the given commit delay, writing through a [`RecordingFile`].
fn recorded(path: &Path, commit_delay: Duration) -> (Arc<Store>, Arc<Writes>) {
    let writes = Arc::new(Writes::default());
    let shared = Arc::clone(&writes);
    let options = StoreOptions {
        commit_delay,
        ..StoreOptions::default()
    };
    let (store, _) = Store::open_with(path, options, move |file| RecordingFile {
        file,
        writes: shared,
    })
    .unwrap();
    (Arc::new(store), writes)
}

type Pending = Pin<Box<dyn Future<Output = Result<Stored, StoreError>> + Send>>;

/// Hands the `n`th event to the store (its job is queued when this returns: the future is
/// polled once) and gives back the future of its answer.
fn queue(store: &Arc<Store>, n: u64) -> Pending {
    let store = Arc::clone(store);
    let id: Ksuid = ksuid(n).parse().unwrap();
    let body = Bytes::from(with_id(&ksuid(n)));
    let mut answer: Pending = Box::pin(async move { store.store("/test", id, body).await });
    let mut context = Context::from_waker(Waker::noop());
    assert!(
        answer.as_mut().poll(&mut context).is_pending(),
        "answered before it was written"
    );
    answer
}

/// Every answer is "stored".
async fn all_stored(answers: Vec<Pending>) {
    for answer in answers {
        assert_eq!(answer.await, Ok(Stored::New));
    }
}

/// Makes the writer write a group of one, then a group of ten (queued while the first was
/// held at the gate): the store is busy.
async fn make_busy(store: &Arc<Store>, writes: &Writes) {
    let gate = writes.hold();
    let first = queue(store, 1000);
    writes.wait_for_writer();
    let mut answers = vec![first];
    for n in 0..10 {
        answers.push(queue(store, 1001 + n));
    }
    drop(gate);
    all_stored(answers).await;
    assert_eq!(writes.lines(), [1, 10]);
}

#[tokio::test]
async fn after_a_busy_group_an_event_waits_for_the_next_ones() {
    let dir = tempfile::tempdir().unwrap();
    let (store, writes) = recorded(&dir.path().join("events.ndjson"), Duration::from_secs(1));
    // The busy group's sync takes 300 ms: the next group is held open that long.
    writes.slow_syncs(Duration::from_millis(300));
    make_busy(&store, &writes).await;
    writes.slow_syncs(Duration::ZERO);

    let early = queue(&store, 1);
    // Well within the wait, another event comes: the same write takes both.
    tokio::time::sleep(Duration::from_millis(50)).await;
    let late = queue(&store, 2);
    all_stored(vec![early, late]).await;
    assert_eq!(writes.lines(), [1, 10, 2]);
}

#[tokio::test]
async fn after_a_small_group_an_event_is_written_at_once() {
    let dir = tempfile::tempdir().unwrap();
    // Were this delay applied, the answer would not come in time.
    let (store, writes) = recorded(&dir.path().join("events.ndjson"), Duration::from_secs(60));
    all_stored(vec![queue(&store, 1)]).await;

    let answer = queue(&store, 2);
    let answered = tokio::time::timeout(Duration::from_secs(10), answer).await;
    assert_eq!(answered, Ok(Ok(Stored::New)));
    assert_eq!(writes.lines(), [1, 1]);
}

#[tokio::test]
async fn on_a_fast_disk_the_wait_is_as_short_as_a_sync() {
    let dir = tempfile::tempdir().unwrap();
    // Were the whole delay waited, the answer would not come in time.
    let (store, writes) = recorded(&dir.path().join("events.ndjson"), Duration::from_secs(60));
    make_busy(&store, &writes).await;

    let answer = queue(&store, 1);
    let answered = tokio::time::timeout(Duration::from_secs(10), answer).await;
    assert_eq!(answered, Ok(Ok(Stored::New)));
    assert_eq!(writes.lines(), [1, 10, 1]);
}

#[tokio::test]
async fn without_a_delay_a_busy_store_writes_each_event_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let (store, writes) = recorded(&dir.path().join("events.ndjson"), Duration::ZERO);
    make_busy(&store, &writes).await;

    let answer = queue(&store, 1);
    let answered = tokio::time::timeout(Duration::from_secs(10), answer).await;
    assert_eq!(answered, Ok(Ok(Stored::New)));
    assert_eq!(writes.lines(), [1, 10, 1]);
}
