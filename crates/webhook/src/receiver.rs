//! One delivery from request to answer: size, signature, body hash, validation, storage.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use vcc_events::{AnyEvent, Catalog};

use crate::answer::Answer;
use crate::store::{Accepted, EventStore};
use crate::verify::{SIGNATURE_HEADER, Verifier};

/// The URL path the platform posts to unless told otherwise.
pub const DEFAULT_PATH: &str = "/webhooks/vcc";

/// The URL path of the health check ([`Receiver::health_router`]).
pub const HEALTH_PATH: &str = "/healthz";

/// The largest body accepted unless told otherwise: 1 MiB.
pub const DEFAULT_BODY_LIMIT: usize = 1 << 20;

/// After a 413, how much more of the body is read and thrown away, at most, so that the
/// client (which sends its whole body before it reads the answer) sees the 413 instead of a
/// connection reset.
pub const DRAIN_BYTES: usize = 4 << 20;

/// After a 413, how long the rest of the body is read and thrown away, at most.
pub const DRAIN_TIME: Duration = Duration::from_secs(2);

/// Whether deliveries must be signed.
#[derive(Clone, Debug)]
// Made once per receiver: its size does not matter.
#[allow(clippy::large_enum_variant)]
pub enum Signatures {
    /// Every delivery needs a valid token; the body must match its hash.
    Verify(Verifier),
    /// No checks: only for tests and networks where nobody else can post.
    Unsigned,
}

/// A webhook receiver: verifies, validates and stores deliveries, and answers.
#[derive(Debug)]
pub struct Receiver {
    signatures: Signatures,
    store: Box<dyn EventStore>,
    body_limit: usize,
}

impl Receiver {
    /// A receiver that checks `signatures`, refuses bodies over `body_limit` bytes and keeps
    /// events in `store` (the NDJSON [`Store`](crate::Store) or any other [`EventStore`]).
    pub fn new(signatures: Signatures, store: impl EventStore, body_limit: usize) -> Arc<Self> {
        Arc::new(Receiver {
            signatures,
            store: Box::new(store),
            body_limit,
        })
    }

    /// An axum router that serves `POST path`; merge it into a service's router.
    ///
    /// # Panics
    ///
    /// If `path` is not a valid axum route (it must start with `/`), as
    /// [`Router::route`] does.
    pub fn router(self: &Arc<Self>, path: &str) -> Router {
        Router::new()
            .route(path, post(handle))
            .with_state(Arc::clone(self))
    }

    /// An axum router that serves `GET /healthz` for load balancers and orchestrators: 200
    /// `{"status":"ready"}` while events can be stored, else 503 with the reason (the body of a
    /// delivery's 503). Merge it next to [`Receiver::router`] where such a check is wanted.
    pub fn health_router(self: &Arc<Self>) -> Router {
        Router::new()
            .route(HEALTH_PATH, get(health))
            .with_state(Arc::clone(self))
    }

    /// Whether events can be stored now (see [`EventStore::health`]).
    pub fn health(&self) -> Result<(), crate::StoreError> {
        self.store.health()
    }

    /// Handles one delivery: the request's headers and body give the answer. A 200 is only
    /// answered once the store has said the event is durable.
    pub async fn receive(&self, headers: &HeaderMap, body: Body) -> Answer {
        if content_length(headers).is_some_and(|length| length > self.body_limit) {
            drain(body);
            return Answer::TooLarge(self.body_limit);
        }
        let token = match &self.signatures {
            Signatures::Verify(verifier) => {
                let header = headers.get(SIGNATURE_HEADER).map(|v| v.as_bytes());
                match verifier.verify_header(header) {
                    Ok(token) => Some(token),
                    Err(e) => return Answer::Unauthorized(e),
                }
            }
            Signatures::Unsigned => None,
        };
        let mut body = body;
        let body = match Limited::new(&mut body, self.body_limit).collect().await {
            Ok(collected) => collected.to_bytes(),
            Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => {
                drain(body);
                return Answer::TooLarge(self.body_limit);
            }
            Err(_) => return Answer::Unreadable,
        };
        if let Some(token) = token
            && let Err(e) = token.check_body(&body)
        {
            return Answer::Unauthorized(e);
        }
        self.accept(body).await
    }

    /// Validates a verified body and stores it as received (on one line).
    async fn accept(&self, body: Bytes) -> Answer {
        let accepted = match AnyEvent::from_slice(&body) {
            Ok(event) => Accepted {
                source: event.info().source,
                id: *event.id(),
                event_type: event.info().event_type,
                body,
            },
            Err(e) => return Answer::Invalid(e),
        };
        let group = [accepted];
        match self.store.append(&group).await.pop() {
            Some(Ok(crate::Stored::New)) => Answer::Stored,
            Some(Ok(crate::Stored::Duplicate)) => Answer::Duplicate,
            Some(Err(e)) => Answer::Unavailable(e),
            // A store that answers nothing for the event has not stored it.
            None => Answer::Unavailable(crate::StoreError::Closed),
        }
    }
}

async fn handle(State(receiver): State<Arc<Receiver>>, headers: HeaderMap, body: Body) -> Answer {
    receiver.receive(&headers, body).await
}

async fn health(State(receiver): State<Arc<Receiver>>) -> Response {
    match receiver.health() {
        Ok(()) => axum::Json(serde_json::json!({ "status": "ready" })).into_response(),
        Err(e) => Answer::Unavailable(e).into_response(),
    }
}

/// Reads and throws away the rest of a refused body, up to [`DRAIN_BYTES`] and [`DRAIN_TIME`],
/// while the 413 goes out: a connection closed with unread bytes is reset, and a client still
/// sending its body would see the reset instead of the answer. Outside a Tokio runtime the
/// body is dropped at once.
fn drain(body: Body) {
    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
        return;
    };
    runtime.spawn(async move {
        let mut rest = Limited::new(body, DRAIN_BYTES);
        let _ = tokio::time::timeout(DRAIN_TIME, async {
            while let Some(Ok(_)) = rest.frame().await {}
        })
        .await;
    });
}

fn content_length(headers: &HeaderMap) -> Option<usize> {
    headers
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .parse()
        .ok()
}
