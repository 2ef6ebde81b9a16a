//! The `webhook` example's endpoint, served on loopback and called with plain HTTP/1.1
//! requests: accepted, duplicate, invalid and non-JSON deliveries, and the bounded memory of
//! deliveries.

#[path = "../examples/webhook/app.rs"]
mod app;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use vcc_events::{AnyEvent, Ksuid};

const SEED: &str = include_str!("../events/channel.parked.v0.json");
const SEED_ID: &str = "2aRffDVJbosbADf1Kw2VY2Qub3Z";

/// Serves `webhook` on a free loopback port.
async fn serve(webhook: Arc<app::Webhook>) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app::router(webhook)).await });
    addr
}

/// Sends one HTTP/1.1 request; the status code and the body as JSON.
async fn request(addr: SocketAddr, method: &str, path: &str, body: &[u8]) -> (u16, Value) {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/cloudevents+json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(body).await.unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.unwrap();
    let response = String::from_utf8(response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, serde_json::from_str(body).unwrap())
}

async fn post(addr: SocketAddr, body: &str) -> (u16, Value) {
    request(addr, "POST", app::PATH, body.as_bytes()).await
}

/// The seed example with another `id`.
fn with_id(id: &str) -> String {
    SEED.replace(SEED_ID, id)
}

/// A webhook that records the ids it is handed.
fn recording(remembered: usize) -> (Arc<app::Webhook>, Arc<Mutex<Vec<Ksuid>>>) {
    let handed = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&handed);
    let webhook = app::Webhook::new(remembered, move |id, event: AnyEvent| {
        assert_eq!(event.event_type(), "channel.parked.v0");
        sink.lock().unwrap().push(id);
    });
    (webhook, handed)
}

#[tokio::test]
async fn accepts_once_then_ignores_the_duplicate() {
    let (webhook, handed) = recording(app::DEFAULT_REMEMBERED);
    let addr = serve(Arc::clone(&webhook)).await;

    let (status, body) = post(addr, SEED).await;
    assert_eq!((status, &body["status"]), (202, &"accepted".into()));
    assert_eq!(webhook.processed(), 1);

    // The same notification again, even written differently: not processed twice.
    let (status, body) = post(addr, SEED).await;
    assert_eq!((status, &body["status"]), (200, &"duplicate".into()));
    let minified = vcc_events_runtime::minify_json(SEED);
    assert_eq!(post(addr, &minified).await.0, 200);
    assert_eq!((webhook.processed(), webhook.duplicates()), (1, 2));
    assert_eq!(handed.lock().unwrap().len(), 1);
    assert_eq!(handed.lock().unwrap()[0].as_str(), SEED_ID);

    // Another `id` is another notification.
    assert_eq!(
        post(addr, &with_id("2aRffDVJbosbADf1Kw2VY2Qub3A")).await.0,
        202
    );
    assert_eq!(webhook.processed(), 2);

    let (status, stats) = request(addr, "GET", app::STATS_PATH, b"").await;
    assert_eq!(status, 200);
    assert_eq!(
        stats,
        serde_json::json!({ "processed": 2, "duplicates": 2 })
    );
}

#[tokio::test]
async fn an_invalid_event_gets_400_with_the_pointer() {
    let (webhook, handed) = recording(app::DEFAULT_REMEMBERED);
    let addr = serve(Arc::clone(&webhook)).await;

    let (status, body) = post(addr, &SEED.replace("\"agent\"", "\"pilot\"")).await;
    assert_eq!(status, 400);
    assert_eq!(body["pointer"], "/data/channel/party/role");
    assert_eq!(body["rule"], "allowed-values");
    assert!(
        body["message"].as_str().unwrap().contains("pilot"),
        "{body}"
    );

    let (status, body) = post(addr, &with_id("not-a-ksuid")).await;
    assert_eq!(
        (status, &body["pointer"], &body["rule"]),
        (400, &"/id".into(), &"ksuid".into())
    );

    let (status, body) = post(addr, &SEED.replace("\"/channel\"", "\"/agent\"")).await;
    assert_eq!((status, &body["pointer"]), (400, &"/source".into()));

    assert_eq!((webhook.processed(), webhook.duplicates()), (0, 0));
    assert!(handed.lock().unwrap().is_empty());
}

#[tokio::test]
async fn a_body_that_is_not_json_gets_400() {
    let (webhook, _) = recording(app::DEFAULT_REMEMBERED);
    let addr = serve(Arc::clone(&webhook)).await;

    let (status, body) = post(addr, "hello").await;
    assert_eq!(status, 400);
    assert_eq!(
        (&body["pointer"], &body["rule"]),
        (&"".into(), &"syntax".into())
    );
    assert_eq!((&body["line"], &body["column"]), (&1.into(), &1.into()));
    assert!(!body["message"].as_str().unwrap().is_empty());

    let (status, body) = post(addr, "").await;
    assert_eq!((status, &body["rule"]), (400, &"empty".into()));

    let (status, body) = post(addr, &SEED[..SEED.len() / 2]).await;
    assert_eq!((status, &body["rule"]), (400, &"syntax".into()));

    assert_eq!(webhook.processed(), 0);
}

#[tokio::test]
async fn the_memory_of_deliveries_is_bounded() {
    let (webhook, handed) = recording(2);
    let addr = serve(Arc::clone(&webhook)).await;
    let ids = ["2aRffDVJbosbADf1Kw2VY2Qub3A", "2aRffDVJbosbADf1Kw2VY2Qub3B"];

    for id in ids {
        assert_eq!(post(addr, &with_id(id)).await.0, 202);
    }
    // Both remembered.
    for id in ids {
        assert_eq!(post(addr, &with_id(id)).await.0, 200);
    }
    // A third event pushes out the oldest: its repeat is processed again.
    assert_eq!(
        post(addr, &with_id("2aRffDVJbosbADf1Kw2VY2Qub3C")).await.0,
        202
    );
    assert_eq!(post(addr, &with_id(ids[1])).await.0, 200);
    assert_eq!(post(addr, &with_id(ids[0])).await.0, 202);
    assert_eq!((webhook.processed(), webhook.duplicates()), (4, 3));
    assert_eq!(handed.lock().unwrap().len(), 4);
}
