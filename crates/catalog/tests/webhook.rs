//! The `webhook` example's service, served on loopback and called with plain HTTP/1.1
//! requests: a signed delivery is stored once, an unsigned one is refused, the service's own
//! route still answers. The receiver's behaviour in full is tested in `crates/webhook`.

#[path = "../examples/webhook/app.rs"]
mod app;

use std::net::SocketAddr;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use vcc_events_webhook::signing::Signer;

const SEED: &str = include_str!("../events/channel.parked.v0.json");
const SECRET: &str = "dGhlIHN1YnNjcmlwdGlvbiBzZWNyZXQgb2YgdGhlIHRlc3Rz";

/// Serves the example's router for a receiver storing in `out` on a free loopback port.
async fn serve(out: &std::path::Path) -> SocketAddr {
    let receiver = app::receiver(SECRET, out).unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app::router(&receiver)).await });
    addr
}

/// Sends one HTTP/1.1 request; the status code and the body.
async fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &str,
    body: &[u8],
) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(body).await.unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.unwrap();
    let response = String::from_utf8(response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    (
        head.split(' ').nth(1).unwrap().parse().unwrap(),
        body.to_owned(),
    )
}

#[tokio::test]
async fn a_signed_delivery_is_stored_once() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("events.ndjson");
    let addr = serve(&out).await;
    let token = Signer::new(SECRET).unwrap().sign(SEED.as_bytes());
    let headers = format!("Vonage-Signature: {token}\r\n");

    let (status, body) = request(addr, "POST", app::PATH, &headers, SEED.as_bytes()).await;
    assert_eq!((status, body.as_str()), (200, r#"{"status":"stored"}"#));
    let (status, body) = request(addr, "POST", app::PATH, &headers, SEED.as_bytes()).await;
    assert_eq!((status, body.as_str()), (200, r#"{"status":"duplicate"}"#));
    let stored = std::fs::read_to_string(&out).unwrap();
    // The body as sent, its line breaks turned into spaces: one line.
    assert_eq!(stored, SEED.replace(['\n', '\r'], " ") + "\n");
}

#[tokio::test]
async fn an_unsigned_delivery_is_refused_and_the_service_routes_still_answer() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("events.ndjson");
    let addr = serve(&out).await;

    let (status, body) = request(addr, "POST", app::PATH, "", SEED.as_bytes()).await;
    assert_eq!(status, 401);
    assert!(body.contains("missing-signature"), "{body}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "");

    assert_eq!(
        request(addr, "GET", app::HEALTH_PATH, "", b"").await,
        (200, "ok".to_owned())
    );
}

#[test]
fn without_a_secret_the_service_does_not_start() {
    let dir = tempfile::tempdir().unwrap();
    let error = app::receiver(" , ", &dir.path().join("events.ndjson")).unwrap_err();
    assert!(matches!(error, app::StartError::NoSecret));
}

#[test]
fn the_id_is_read_from_the_decoded_event_by_family_and_catalog() {
    use vcc_events::{AnyEvent, Catalog, Family, channel_parked};
    let any = AnyEvent::from_slice(SEED.as_bytes()).unwrap();
    assert_eq!(any.id().as_str(), "2aRffDVJbosbADf1Kw2VY2Qub3Z");
    let family = channel_parked::ChannelParked::from_slice(SEED.as_bytes()).unwrap();
    assert_eq!(Family::id(&family), any.id());
}
