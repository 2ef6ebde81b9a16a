//! `vcc-events receive` as a process: killed with SIGKILL while thousands of signed events
//! arrive from several threads, restarted on the same file and sent everything again, it holds
//! each event exactly once, and every event answered 200 before the kill. Asked to stop with
//! SIGTERM, it exits cleanly.

#[path = "../../webhook/tests/support/http.rs"]
mod http;
#[path = "support/receiver.rs"]
mod receiver;

use std::net::SocketAddr;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use receiver::{Delivery, PATH, SECRET, ids_in, start};
use vcc_events_webhook::signing::Signer;

const EVENTS: usize = 4000;
const THREADS: usize = 6;
const KILL_AFTER: usize = 1000;

fn deliveries() -> Vec<Delivery> {
    receiver::deliveries(EVENTS)
}

/// Sends every delivery from `THREADS` threads; the ids answered 200, in no order. A thread
/// stops at its first connection error.
fn send_all(
    addr: SocketAddr,
    deliveries: &Arc<Vec<Delivery>>,
    answered: &Arc<AtomicUsize>,
) -> Vec<std::thread::JoinHandle<Vec<String>>> {
    (0..THREADS)
        .map(|t| {
            let deliveries = Arc::clone(deliveries);
            let answered = Arc::clone(answered);
            std::thread::spawn(move || {
                let mut acked = Vec::new();
                let Ok(mut connection) = http::Connection::open(addr) else {
                    return acked;
                };
                for delivery in deliveries.iter().skip(t).step_by(THREADS) {
                    match connection.post(PATH, Some(&delivery.token), delivery.body.as_bytes()) {
                        Ok((200, _)) => {
                            acked.push(delivery.id.clone());
                            answered.fetch_add(1, Ordering::Relaxed);
                        }
                        Ok((status, body)) => {
                            panic!("{status}: {}", String::from_utf8_lossy(&body))
                        }
                        Err(_) => break,
                    }
                }
                acked
            })
        })
        .collect()
}

#[test]
fn a_killed_receiver_loses_nothing_it_acknowledged_and_stores_each_event_once() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("events.ndjson");
    let deliveries = Arc::new(deliveries());

    // First run: SIGKILL once a quarter of the events are acknowledged.
    let mut receiver = start(&out, &[]);
    let addr = receiver.addr;
    let answered = Arc::new(AtomicUsize::new(0));
    let threads = send_all(addr, &deliveries, &answered);
    let deadline = Instant::now() + Duration::from_secs(60);
    while answered.load(Ordering::Relaxed) < KILL_AFTER && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(1));
    }
    receiver.kill(); // SIGKILL
    let acked: Vec<String> = threads
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    assert!(
        (KILL_AFTER..EVENTS).contains(&acked.len()),
        "the kill should come midway: {} of {EVENTS} acknowledged",
        acked.len()
    );
    let after_kill = ids_in(&out);
    for id in &acked {
        assert_eq!(after_kill.get(id), Some(&1), "{id} was acknowledged");
    }

    // Second run on the same file: everything again, every answer a 200.
    let mut receiver = start(&out, &[]);
    let addr = receiver.addr;
    let answered = Arc::new(AtomicUsize::new(0));
    let acked_again: usize = send_all(addr, &deliveries, &answered)
        .into_iter()
        .map(|t| t.join().unwrap().len())
        .sum();
    receiver.kill();
    assert_eq!(acked_again, EVENTS);

    let stored = ids_in(&out);
    assert_eq!(stored.len(), EVENTS);
    assert!(stored.values().all(|&n| n == 1), "an event is stored twice");
    assert!(deliveries.iter().all(|d| stored.contains_key(&d.id)));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.ends_with('\n') && text.lines().count() == EVENTS);
}

/// Runs `receive` with `args`, `--out` in a fresh directory and `secrets` in the environment;
/// asserts that it refuses to start (exit status 2, the file not created) and gives its
/// stderr.
fn refused_start(args: &[&str], secrets: Option<&str>) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("events.ndjson");
    let mut command = Command::new(env!("CARGO_BIN_EXE_vcc-events"));
    command
        .arg("receive")
        .args(args)
        .args(["--listen", "127.0.0.1:0", "--out"])
        .arg(&out);
    match secrets {
        Some(secrets) => command.env("VCC_WEBHOOK_SECRETS", secrets),
        None => command.env_remove("VCC_WEBHOOK_SECRETS"),
    };
    let output = command.output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(!out.exists());
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn without_a_secret_the_receiver_refuses_to_start() {
    let stderr = refused_start(&[], None);
    assert!(
        stderr.contains("VCC_WEBHOOK_SECRETS") && stderr.contains("--unsigned"),
        "{stderr}"
    );
}

#[test]
fn unsigned_and_secrets_together_are_refused() {
    let stderr = refused_start(&["--unsigned"], Some(SECRET));
    assert!(
        stderr.contains("--unsigned") && !stderr.contains(SECRET),
        "{stderr}"
    );
}

#[test]
fn sigterm_stops_the_receiver_cleanly_with_what_it_acknowledged_stored() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("events.ndjson");
    let mut receiver = start(&out, &[]);
    let deliveries = deliveries();
    // The connection stays open (keep-alive) while the receiver is asked to stop.
    let mut connection = http::Connection::open(receiver.addr).unwrap();
    for delivery in &deliveries[..3] {
        let (status, _) = connection
            .post(PATH, Some(&delivery.token), delivery.body.as_bytes())
            .unwrap();
        assert_eq!(status, 200);
    }

    receiver.terminate();
    let (code, _) = receiver.wait_exit(Duration::from_secs(20));
    assert_eq!(code, Some(0));
    assert_eq!(ids_in(&out).len(), 3);

    // The file is unlocked: a new receiver takes it (a locked file stops it before it listens).
    start(&out, &[]).kill();
}

#[test]
fn the_receiver_answers_its_health_check() {
    let dir = tempfile::tempdir().unwrap();
    let mut receiver = start(&dir.path().join("events.ndjson"), &[]);
    let answer = http::Connection::open(receiver.addr)
        .unwrap()
        .get("/healthz");
    receiver.kill();
    let (status, body) = answer.unwrap();
    assert_eq!(status, 200);
    let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(body, serde_json::json!({ "status": "ready" }));
}

#[test]
fn a_path_that_is_not_a_url_path_is_refused() {
    let stderr = refused_start(&["--unsigned", "--path", "webhooks"], None);
    assert!(
        stderr.contains("--path") && stderr.contains("must start with `/`"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_refused_delivery_is_logged_without_the_secret() {
    let dir = tempfile::tempdir().unwrap();
    let mut receiver = start(&dir.path().join("events.ndjson"), &[]);
    let addr = receiver.addr;
    let delivery = &deliveries()[0];
    let other = Signer::new("YW5vdGhlciBzdWJzY3JpcHRpb24ncyBzZWNyZXQgdGV4dA==").unwrap();
    let token = other.sign(delivery.body.as_bytes());
    let (status, _) = http::Connection::open(addr)
        .unwrap()
        .post(PATH, Some(&token), delivery.body.as_bytes())
        .unwrap();
    assert_eq!(status, 401);
    let line = receiver.log_line();
    receiver.kill();
    assert!(
        line.starts_with("refused: 401 ") && line.contains("wrong-signature"),
        "{line}"
    );
    assert!(!line.contains(SECRET) && !line.contains(&token), "{line}");
}

#[test]
fn a_database_writer_count_out_of_range_is_refused() {
    let stderr = refused_start(&["--unsigned", "--db-writers", "0"], None);
    assert!(stderr.contains("--db-writers"), "{stderr}");
}
