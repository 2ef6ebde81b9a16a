//! Shared by the receiver's tests: secrets, the seed event, a receiver on a temporary file and
//! requests through its router.
#![allow(dead_code)]

pub mod faulty;
pub mod recording;

use std::path::{Path, PathBuf};

use axum::Router;
use axum::body::Body;
use axum::http::Request;
use serde_json::Value;
use tower::ServiceExt;
use vcc_events_webhook::{
    DEFAULT_BODY_LIMIT, DEFAULT_PATH, Receiver, Secret, Signatures, Store, StoreOptions, Verifier,
};

/// The subscription secret of most tests (its base64 text, at least 32 bytes).
pub const SECRET: &str = "dGhlIHN1YnNjcmlwdGlvbiBzZWNyZXQgb2YgdGhlIHRlc3Rz";
/// Another subscription's secret.
pub const OTHER_SECRET: &str = "YW5vdGhlciBzdWJzY3JpcHRpb24ncyBzZWNyZXQgdGV4dA==";
// The seed event, its id and the KSUID series, from the catalog (each test uses some).
#[allow(unused_imports)]
pub use vcc_events::testing::{
    SEED_EXAMPLE as SEED, SEED_ID, nth_ksuid as ksuid, seed_with_id as with_id,
};

/// A receiver on a fresh temporary file.
pub struct Harness {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
    pub router: Router,
}

/// A receiver that accepts tokens signed with any of `secrets`.
pub fn signed(secrets: &[&str]) -> Harness {
    let verifier = Verifier::new(secrets.iter().filter_map(|s| Secret::new(s)).collect()).unwrap();
    harness(Signatures::Verify(verifier), StoreOptions::default())
}

/// A receiver with the given checks and store sizes.
pub fn harness(signatures: Signatures, options: StoreOptions) -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.ndjson");
    let (store, recovered) = Store::open(&path, options).unwrap();
    assert_eq!(recovered.events, 0);
    let router = Receiver::new(signatures, store, DEFAULT_BODY_LIMIT).router(DEFAULT_PATH);
    Harness { dir, path, router }
}

/// Posts `body` with `signature` as the `Vonage-Signature` header; the status and the JSON
/// answer.
pub async fn post(
    router: &Router,
    signature: Option<&str>,
    body: impl Into<Vec<u8>>,
) -> (u16, Value) {
    let mut request = Request::post(DEFAULT_PATH).header("content-type", "application/json");
    if let Some(signature) = signature {
        request = request.header("vonage-signature", signature);
    }
    answer(router, request.body(Body::from(body.into())).unwrap()).await
}

/// Sends `GET path`; the status and the JSON answer.
pub async fn get(router: &Router, path: &str) -> (u16, Value) {
    answer(router, Request::get(path).body(Body::empty()).unwrap()).await
}

/// Sends `request` through `router`; the status and the JSON answer.
async fn answer(router: &Router, request: Request<Body>) -> (u16, Value) {
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status().as_u16();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    (status, serde_json::from_slice(&bytes).unwrap())
}

/// The lines of the store's file.
pub fn lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}
