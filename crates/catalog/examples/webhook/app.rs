//! The webhook endpoint of the `webhook` example, as a router the example serves and its test
//! (`tests/webhook.rs`) calls over loopback.
//!
//! `POST /webhooks/vcc` takes one CloudEvent in structured mode (the body is the JSON event, as
//! the platform sends it; the `Content-Type` is not checked) and answers at once:
//!
//! | answer | when | body |
//! | --- | --- | --- |
//! | `202 Accepted` | a valid event, first delivery: handed to the `on_event` callback | `{"status":"accepted"}` |
//! | `200 OK` | a valid event already delivered (same `source` and `id`): nothing is done | `{"status":"duplicate"}` |
//! | `400 Bad Request` | anything [`AnyEvent::from_slice`] refuses, non-JSON bodies included | `{"pointer":…,"rule":…,"message":…}` (and `line`, `column` for a syntax error) |
//!
//! The platform retries a delivery that gets no 2xx within 10 s for up to 24 h, so the handler
//! does no work itself: `on_event` should queue the event (a channel, a job table) and return.
//! A 400 is retried too: an event of a type this catalog does not know yet (a new family or
//! version) is refused until the receiver is updated.
//!
//! # Duplicates
//!
//! Deliveries can repeat. The handler remembers the `source` + `id` of the last `remembered`
//! distinct events (a ring: the oldest is forgotten first; [`DEFAULT_REMEMBERED`] is 10,000
//! entries, about 1 MB), so a repeat is recognised while fewer than `remembered` other events
//! arrived since its first delivery. A receiver that must never process an event twice, or
//! runs on several machines, keeps the keys in shared storage instead (a unique key in the
//! database the events go to).
//!
//! `GET /webhooks/vcc/stats` gives the counters: `{"processed":…,"duplicates":…}`.

use std::collections::{HashSet, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{Value, json};
use vcc_events::{AnyEvent, Catalog, DecodeError, Ksuid, Rule};

/// Where the platform posts notifications.
pub const PATH: &str = "/webhooks/vcc";

/// Where the counters are read.
pub const STATS_PATH: &str = "/webhooks/vcc/stats";

/// How many distinct deliveries the duplicate check remembers unless told otherwise.
pub const DEFAULT_REMEMBERED: usize = 10_000;

/// What identifies a notification: its `source` and its `id`.
type Key = (&'static str, Ksuid);

/// The endpoint's state: the duplicate check, the counters and what to do with new events.
pub struct Webhook {
    seen: Mutex<Seen>,
    processed: AtomicU64,
    duplicates: AtomicU64,
    on_event: Box<dyn Fn(Ksuid, AnyEvent) + Send + Sync>,
}

impl Webhook {
    /// A webhook that remembers the last `remembered` distinct deliveries (at least one) and
    /// hands each new event, with its `id`, to `on_event`, which must return quickly.
    pub fn new(
        remembered: usize,
        on_event: impl Fn(Ksuid, AnyEvent) + Send + Sync + 'static,
    ) -> Arc<Self> {
        Arc::new(Webhook {
            seen: Mutex::new(Seen::new(remembered)),
            processed: AtomicU64::new(0),
            duplicates: AtomicU64::new(0),
            on_event: Box::new(on_event),
        })
    }

    /// How many events were handed to `on_event`.
    pub fn processed(&self) -> u64 {
        self.processed.load(Ordering::Relaxed)
    }

    /// How many deliveries were recognised as repeats and ignored.
    pub fn duplicates(&self) -> u64 {
        self.duplicates.load(Ordering::Relaxed)
    }

    /// Records `key`; `false` if it is remembered already.
    fn first_delivery(&self, key: Key) -> bool {
        // The set stays consistent even if a holder panicked: take it back.
        let mut seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner);
        seen.insert(key)
    }
}

/// The router: `POST` [`PATH`] receives events, `GET` [`STATS_PATH`] reads the counters.
pub fn router(webhook: Arc<Webhook>) -> Router {
    Router::new()
        .route(PATH, post(receive))
        .route(STATS_PATH, get(stats))
        .with_state(webhook)
}

async fn receive(State(webhook): State<Arc<Webhook>>, body: Bytes) -> (StatusCode, Json<Value>) {
    let event = match AnyEvent::from_slice(&body) {
        Ok(event) => event,
        Err(error) => return bad_request(&error),
    };
    // `source` is fixed by the type; the `id` is read again from the body (a decoded event
    // has a KSUID `id`: the error cannot happen).
    let Ok(IdOnly { id }) = serde_json::from_slice(&body) else {
        return bad_request(&DecodeError::new(
            "/id",
            Rule::Ksuid,
            "`id` must be a KSUID",
        ));
    };
    if !webhook.first_delivery((event.info().source, id)) {
        webhook.duplicates.fetch_add(1, Ordering::Relaxed);
        return (StatusCode::OK, Json(json!({ "status": "duplicate" })));
    }
    webhook.processed.fetch_add(1, Ordering::Relaxed);
    (webhook.on_event)(id, event);
    (StatusCode::ACCEPTED, Json(json!({ "status": "accepted" })))
}

/// A 400 naming what is wrong: the JSON pointer, the rule, a sentence, and for a syntax error
/// the line and column.
fn bad_request(error: &DecodeError) -> (StatusCode, Json<Value>) {
    let mut body = json!({
        "pointer": error.pointer(),
        "rule": error.rule().code(),
        "message": error.message(),
    });
    if let (Some(line), Some(column)) = (error.line(), error.column()) {
        body["line"] = json!(line);
        body["column"] = json!(column);
    }
    (StatusCode::BAD_REQUEST, Json(body))
}

async fn stats(State(webhook): State<Arc<Webhook>>) -> Json<Value> {
    Json(json!({
        "processed": webhook.processed(),
        "duplicates": webhook.duplicates(),
    }))
}

/// The `id` of an event (its other members are skipped).
#[derive(serde::Deserialize)]
struct IdOnly {
    id: Ksuid,
}

/// The keys of the last `capacity` distinct deliveries, oldest first.
struct Seen {
    order: VecDeque<Key>,
    keys: HashSet<Key>,
    capacity: usize,
}

impl Seen {
    fn new(capacity: usize) -> Self {
        let capacity = capacity.max(1);
        Seen {
            order: VecDeque::with_capacity(capacity.min(1024)),
            keys: HashSet::with_capacity(capacity.min(1024)),
            capacity,
        }
    }

    /// Remembers `key`, forgetting the oldest key when full; `false` if it was remembered.
    fn insert(&mut self, key: Key) -> bool {
        if self.keys.contains(&key) {
            return false;
        }
        if self.order.len() == self.capacity
            && let Some(oldest) = self.order.pop_front()
        {
            self.keys.remove(&oldest);
        }
        self.order.push_back(key);
        self.keys.insert(key);
        true
    }
}
