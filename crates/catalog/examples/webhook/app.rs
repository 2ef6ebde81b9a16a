//! The `webhook` example's service: a route of its own next to the receiver of
//! `vcc-events-webhook`, which verifies the `Vonage-Signature` token, validates the event and
//! appends it once to an NDJSON file before answering 200.
//!
//! The example serves this router; its test (`tests/webhook.rs`) calls it over loopback.

use std::path::Path;
use std::sync::Arc;

use axum::Router;
use axum::routing::get;
use vcc_events_webhook::{
    DEFAULT_BODY_LIMIT, DEFAULT_PATH, OpenError, Receiver, Secret, Signatures, Store, StoreOptions,
    Verifier,
};

/// Where the platform posts notifications.
pub const PATH: &str = DEFAULT_PATH;

/// The service's own route, answered `ok`.
pub const HEALTH_PATH: &str = "/healthz";

/// Why the service cannot start.
#[derive(Debug)]
pub enum StartError {
    /// No secret was given.
    NoSecret,
    /// The events file cannot be opened.
    Store(OpenError),
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NoSecret => f.write_str("set VCC_WEBHOOK_SECRETS (comma-separated)"),
            Self::Store(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for StartError {}

/// A receiver that accepts tokens signed with any of `secrets` (comma-separated) and stores
/// events in `out`.
pub fn receiver(secrets: &str, out: &Path) -> Result<Arc<Receiver>, StartError> {
    let verifier = Verifier::new(Secret::list(secrets)).ok_or(StartError::NoSecret)?;
    let (store, _recovered) =
        Store::open(out, StoreOptions::default()).map_err(StartError::Store)?;
    Ok(Receiver::new(
        Signatures::Verify(verifier),
        store,
        DEFAULT_BODY_LIMIT,
    ))
}

/// The service: `GET` [`HEALTH_PATH`] and the receiver on `POST` [`PATH`].
pub fn router(receiver: &Arc<Receiver>) -> Router {
    Router::new()
        .route(HEALTH_PATH, get(|| async { "ok" }))
        .merge(receiver.router(PATH))
}
