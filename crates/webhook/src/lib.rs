//! Receiving VCC webhook notifications: signed, validated, durable and idempotent.
//!
//! A [`Receiver`] takes one delivery (one CloudEvent in structured JSON mode per `POST`) and
//! answers the way the platform understands:
//!
//! | answer | when |
//! | --- | --- |
//! | `200` `{"status":"stored"}` | a new event, appended to the file and synced |
//! | `200` `{"status":"duplicate"}` | an event with the same `source` and `id` is stored already |
//! | `401` `{"error":"unauthorized","problem":…}` | no token, a malformed, expired, not yet valid or wrongly signed token, another algorithm than HS256, or a body whose hash differs |
//! | `400` `{"error":"invalid-event","rule":…,"pointer":…}` | the event fails the catalog's validation |
//! | `413` `{"error":"too-large","limit":…}` | the body is over the limit (1 MiB unless told otherwise) |
//! | `503` `{"error":"unavailable"}` | the event cannot be stored now (queue full, disk full) |
//!
//! Nothing else than a stored event gets a 2xx; the platform retries everything else.
//!
//! ```no_run
//! use std::path::Path;
//! use vcc_events_webhook::{Receiver, Secret, Signatures, Store, StoreOptions, Verifier};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let secrets = Secret::list(&std::env::var("VCC_WEBHOOK_SECRETS")?);
//! let verifier = Verifier::new(secrets).ok_or("no secret")?;
//! let (store, _recovered) = Store::open(Path::new("events.ndjson"), StoreOptions::default())?;
//! let receiver = Receiver::new(
//!     Signatures::Verify(verifier),
//!     store,
//!     vcc_events_webhook::DEFAULT_BODY_LIMIT,
//! );
//! let app = axum::Router::new().merge(receiver.router(vcc_events_webhook::DEFAULT_PATH));
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! // Every connection bounded: head and request deadlines, connection and header caps.
//! let stop = async { tokio::signal::ctrl_c().await.unwrap_or_default() };
//! vcc_events_webhook::serve(listener, app, vcc_events_webhook::ServeOptions::default(), stop)
//!     .await?;
//! # Ok(())
//! # }
//! ```
//!
//! # Feature `signing`
//!
//! [`signing::Signer`] makes `Vonage-Signature` tokens exactly as the platform does, for
//! testing a receiver (this one or a partner's) and for load generators; `vcc-events sign`,
//! `send` and `simulate` are built on it.
//!
//! See `docs/receiving.md` for running `vcc-events receive`, secrets and rotation, and what
//! the platform does with each answer.

#![warn(missing_docs)]

/// The PostgreSQL client the store and the consumer use (its transaction is the one a
/// [`postgres::Consumer`]'s handler receives).
pub use tokio_postgres;

mod answer;
pub mod claims;
pub mod postgres;
mod receiver;
mod seen;
mod serve;
#[cfg(feature = "signing")]
pub mod signing;
mod store;
mod verify;

pub use answer::Answer;
pub use claims::DEFAULT_HASH_CLAIM;
pub use postgres::{DatabaseUrl, PgOptions, PgStore};
pub use receiver::{
    DEFAULT_BODY_LIMIT, DEFAULT_PATH, DRAIN_BYTES, DRAIN_TIME, HEALTH_PATH, Receiver, Signatures,
};
pub use serve::{
    DEFAULT_HEADER_TIMEOUT, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_HEADER_BYTES, DEFAULT_MAX_HEADERS,
    DEFAULT_REQUEST_TIMEOUT, DEFAULT_STOP_TIMEOUT, RESERVED_FDS, ServeOptions, Served,
    raise_fd_limit, serve,
};
pub use store::{
    Accepted, Appending, DEFAULT_COMMIT_DELAY, DEFAULT_MIN_FREE_BYTES, DEFAULT_QUEUE_BYTES,
    DEFAULT_QUEUE_EVENTS, DEFAULT_REMEMBER, EventStore, FileProblem, OpenError, Recovered, Store,
    StoreError, StoreFile, StoreOptions, Stored,
};
pub use verify::{
    DEFAULT_LEEWAY_SECS, DEFAULT_MAX_TOKEN_AGE_SECS, SIGNATURE_HEADER, Secret, SignatureError,
    VerifiedToken, Verifier, token_of,
};
