//! `vcc-events receive --database-url` and `vcc-events events` as processes, on a throwaway
//! PostgreSQL: two receivers on one database get the same signed events concurrently (30 %
//! of them twice, to both), one is SIGKILLed midway, and what was not answered 200 is sent
//! again to the other: every event is in the table once, with the bytes sent, and every 200
//! is in it.

#[path = "../../webhook/tests/support/http.rs"]
mod http;
#[path = "support/receiver.rs"]
mod receiver;

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use pg_test_server::PgServer;
use receiver::{Delivery, PATH, SECRET, deliveries};

const EVENTS: usize = 3000;
const THREADS_PER_RECEIVER: usize = 3;
const KILL_AFTER: usize = 800;

/// Starts `receive` on the server's database (through the environment variable when `env`);
/// the child and its address.
fn start(server: &PgServer, env: bool) -> (Child, SocketAddr) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_vcc-events"));
    command
        .args([
            "receive",
            "--listen",
            "127.0.0.1:0",
            "--db-deadline",
            "3000",
        ])
        .env("VCC_WEBHOOK_SECRETS", SECRET)
        .stderr(Stdio::piped());
    if env {
        command.env("VCC_DATABASE_URL", server.url());
    } else {
        command.args(["--database-url", &server.url()]);
    }
    let mut child = command.spawn().unwrap();
    let mut line = String::new();
    BufReader::new(child.stderr.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .strip_prefix("listening on http://")
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("unexpected first line: {line:?}"));
    assert!(line.contains("PostgreSQL postgres@127.0.0.1:"), "{line}");
    (child, addr.parse().unwrap())
}

/// Sends `deliveries` to `addr` from `THREADS_PER_RECEIVER` threads; the ids answered 200. A
/// thread stops at its first connection error; any answer but 200 or 503 fails the test.
fn send_all(
    addr: SocketAddr,
    deliveries: Vec<Delivery>,
    answered: &Arc<AtomicUsize>,
) -> Vec<std::thread::JoinHandle<Vec<String>>> {
    let deliveries = Arc::new(deliveries);
    (0..THREADS_PER_RECEIVER)
        .map(|t| {
            let deliveries = Arc::clone(&deliveries);
            let answered = Arc::clone(answered);
            std::thread::spawn(move || {
                let mut acked = Vec::new();
                let Ok(mut connection) = http::Connection::open(addr) else {
                    return acked;
                };
                for delivery in deliveries.iter().skip(t).step_by(THREADS_PER_RECEIVER) {
                    match connection.post(PATH, Some(&delivery.token), delivery.body.as_bytes()) {
                        Ok((200, _)) => {
                            acked.push(delivery.id.clone());
                            answered.fetch_add(1, Ordering::Relaxed);
                        }
                        Ok((503, _)) => {}
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

/// Runs `vcc-events events` with `args` on the server's database; its stdout.
fn events(server: &PgServer, args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_vcc-events"))
        .args(["events", "--database-url", &server.url()])
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn two_receivers_on_one_database_store_each_event_once_though_one_is_killed() {
    let server = PgServer::start();
    let all = deliveries(EVENTS);
    // Each receiver gets every other event, and 3 of every 10 events go to both.
    let for_receiver = |r: usize| -> Vec<Delivery> {
        all.iter()
            .enumerate()
            .filter(|(n, _)| n % 2 == r || n % 10 < 3)
            .map(|(_, d)| d.clone())
            .collect()
    };
    let (mut doomed, doomed_addr) = start(&server, false);
    let (mut survivor, survivor_addr) = start(&server, true);
    let started = Instant::now();
    let answered = Arc::new(AtomicUsize::new(0));
    let mut threads = send_all(doomed_addr, for_receiver(0), &answered);
    threads.extend(send_all(survivor_addr, for_receiver(1), &answered));
    let deadline = Instant::now() + Duration::from_secs(60);
    while answered.load(Ordering::Relaxed) < KILL_AFTER && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(1));
    }
    doomed.kill().unwrap(); // SIGKILL
    doomed.wait().unwrap();
    let acked: HashSet<String> = threads
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    assert!(
        (KILL_AFTER..EVENTS).contains(&acked.len()),
        "the kill should come midway: {} of {EVENTS} acknowledged",
        acked.len()
    );

    // What the platform retries: every event not answered 200, to the survivor.
    let retried: Vec<Delivery> = all
        .iter()
        .filter(|d| !acked.contains(&d.id))
        .cloned()
        .collect();
    let retried_count = retried.len();
    let answered = Arc::new(AtomicUsize::new(0));
    let acked_again: usize = send_all(survivor_addr, retried, &answered)
        .into_iter()
        .map(|t| t.join().unwrap().len())
        .sum();
    assert_eq!(acked_again, retried_count);
    survivor.kill().unwrap();
    survivor.wait().unwrap();
    eprintln!(
        "{} deliveries, {} retried, in {:?}",
        EVENTS * 13 / 10,
        retried_count,
        started.elapsed()
    );

    let counts = server.psql("SELECT count(*), count(DISTINCT id) FROM vcc_events");
    assert_eq!(counts.trim(), format!("{EVENTS}|{EVENTS}"));
    // `events` prints each body as sent (on one line), in seq order.
    let printed = events(&server, &[]);
    let mut sent: Vec<String> = all.iter().map(|d| d.body.replace('\n', " ")).collect();
    let mut lines: Vec<String> = printed.lines().map(str::to_owned).collect();
    assert_eq!(lines.len(), EVENTS);
    lines.sort();
    sent.sort();
    assert!(lines == sent, "a stored body differs from the one sent");
    let bytes = server.psql("SELECT sum(octet_length(body)) FROM vcc_events");
    let sent_bytes: usize = all.iter().map(|d| d.body.len()).sum();
    assert_eq!(bytes.trim(), sent_bytes.to_string());
}

#[test]
fn events_prints_in_seq_order_from_since_and_follows() {
    let server = PgServer::start();
    let (mut receiver, addr) = start(&server, false);
    let all = deliveries(5);
    let mut connection = http::Connection::open(addr).unwrap();
    let mut post = |d: &Delivery| {
        let (status, _) = connection
            .post(PATH, Some(&d.token), d.body.as_bytes())
            .unwrap();
        assert_eq!(status, 200);
    };
    for delivery in &all[..3] {
        post(delivery);
    }
    let ids = |text: &str| -> Vec<String> {
        text.lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect()
    };
    assert_eq!(
        ids(&events(&server, &[])),
        [all[0].id.as_str(), all[1].id.as_str(), all[2].id.as_str()]
    );
    let second: String = server
        .psql(&format!(
            "SELECT seq FROM vcc_events WHERE id = '{}'",
            all[1].id
        ))
        .trim()
        .to_owned();
    assert_eq!(
        ids(&events(&server, &["--since", &second])),
        [all[2].id.as_str()]
    );

    let mut follower = Command::new(env!("CARGO_BIN_EXE_vcc-events"))
        .args([
            "events",
            "--follow",
            "--since",
            &second,
            "--database-url",
            &server.url(),
        ])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(follower.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    assert_eq!(ids(&line), [all[2].id.as_str()]);
    post(&all[3]);
    line.clear();
    out.read_line(&mut line).unwrap();
    assert_eq!(ids(&line), [all[3].id.as_str()]);
    follower.kill().unwrap();
    follower.wait().unwrap();
    receiver.kill().unwrap();
    receiver.wait().unwrap();
}

#[test]
fn a_database_that_cannot_be_reached_stops_the_start_without_showing_the_password() {
    let server = PgServer::start();
    let url = format!(
        "postgres://postgres:pa55-w0rd-secret@127.0.0.1:{}/postgres",
        server.port() + 1
    );
    for args in [
        vec!["--database-url", url.as_str()],
        vec!["--database-url", "postgres://u:pa55-w0rd-secret@h:port/db"],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_vcc-events"))
            .args(["receive", "--unsigned", "--listen", "127.0.0.1:0"])
            .args(&args)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("database"), "{stderr}");
        assert!(!stderr.contains("pa55"), "{stderr}");
    }
}
