//! `vcc-events receive` on an address anyone can reach, tried as an attacker would (over
//! loopback, at a small scale, in seconds): stalled request heads are closed at the head
//! deadline while signed deliveries are answered, a low file-descriptor limit does not stop
//! deliveries, a slow body is cut, oversized heads are refused, a stop with a stalled client
//! ends at its deadline with every acknowledged event stored, tokens that live too long are
//! refused, a moved or removed file gets 503 (and a failing health check) and keeps its path
//! locked, and every client sees its 413.
//!
//! `VCC_RECEIVE_STALLED` sets how many stalled connections the first test opens (200 unless
//! told otherwise; docs/performance.md records a run with 2,000).

#[path = "../../webhook/tests/support/http.rs"]
mod http;
#[path = "support/receiver.rs"]
mod receiver;

use std::io::{BufRead, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::Command;
use std::time::{Duration, Instant};

use receiver::{PATH, SECRET, deliveries, ids_in, start, start_with};
use vcc_events_webhook::signing::{Signer, now};

/// Stalled connections the first test opens unless told otherwise.
const STALLED: usize = 200;

/// Opens `count` connections that each send half a request head and then nothing.
fn stall(addr: SocketAddr, count: usize) -> Vec<TcpStream> {
    (0..count)
        .map(|_| {
            let mut stream = TcpStream::connect(addr).unwrap();
            stream
                .write_all(b"POST /webhooks/vcc HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le")
                .unwrap();
            stream
        })
        .collect()
}

/// Whether the server closed `stream` within `limit`: a read gives the end of the stream or a
/// reset, rather than timing out.
fn closed_within(stream: &mut TcpStream, limit: Duration) -> bool {
    stream.set_read_timeout(Some(limit)).unwrap();
    let mut byte = [0; 64];
    loop {
        match stream.read(&mut byte) {
            Ok(0) => return true,
            Ok(_) => continue, // an answer such as 408 before the close
            Err(e) => {
                return !matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                );
            }
        }
    }
}

/// Posts each of `count` new signed deliveries on a connection of its own; the longest wait
/// for an answer. Every answer must be 200.
fn deliver(addr: SocketAddr, count: usize) -> Duration {
    let mut longest = Duration::ZERO;
    for delivery in deliveries(count) {
        let started = Instant::now();
        let (status, body) = http::Connection::open(addr)
            .unwrap()
            .post(PATH, Some(&delivery.token), delivery.body.as_bytes())
            .unwrap();
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
        longest = longest.max(started.elapsed());
    }
    longest
}

/// Sends `request` on a new connection and reads the answer's status line.
fn status_line(addr: SocketAddr, request: &[u8]) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(request).unwrap();
    let mut line = String::new();
    std::io::BufReader::new(stream)
        .read_line(&mut line)
        .unwrap();
    line
}

#[test]
fn stalled_heads_are_closed_at_the_head_deadline_while_deliveries_are_answered_at_once() {
    let count = std::env::var("VCC_RECEIVE_STALLED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(STALLED);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("events.ndjson");
    let receiver = start(&out, &["--header-timeout", "1"]);
    let started = Instant::now();
    let mut stalled = stall(receiver.addr, count);
    // The last one was opened now: each is closed a second after it was accepted.
    let opened = Instant::now();

    let longest = deliver(receiver.addr, 10);
    assert!(
        longest < Duration::from_secs(1),
        "a delivery waited {longest:?}"
    );
    assert_eq!(ids_in(&out).len(), 10);

    for stream in &mut stalled {
        let left = Duration::from_secs(4).saturating_sub(opened.elapsed());
        assert!(
            closed_within(stream, left.max(Duration::from_millis(1))),
            "a stalled connection is still open {:?} after it was opened",
            opened.elapsed()
        );
    }
    assert!(started.elapsed() >= Duration::from_secs(1));
}

#[test]
fn at_a_low_file_descriptor_limit_deliveries_are_still_answered() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("events.ndjson");
    // 128 descriptors leave room for 64 connections; 200 stalled ones are more than that.
    let receiver = start_with(&out, &["--header-timeout", "1"], Some(128));
    let warning = receiver.log_line();
    assert!(
        warning.starts_with("warning: the file-descriptor limit allows 64 connections"),
        "{warning}"
    );
    let _stalled = stall(receiver.addr, 200);

    // The delivery waits in the listen backlog behind the stalled connections, which are
    // closed a second after each was accepted.
    let longest = deliver(receiver.addr, 1);
    assert!(
        longest < Duration::from_secs(8),
        "a delivery waited {longest:?}"
    );
    assert_eq!(ids_in(&out).len(), 1);
    let warning = receiver.log_line();
    assert!(
        warning.starts_with("warning: 64 connections are open (the cap)"),
        "{warning}"
    );
}

#[test]
fn a_slow_body_is_cut_at_the_request_deadline_with_408() {
    let dir = tempfile::tempdir().unwrap();
    let receiver = start(
        &dir.path().join("events.ndjson"),
        &["--request-timeout", "1"],
    );
    let delivery = &deliveries(1)[0];
    let head = format!(
        "POST {PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {}\r\nVonage-Signature: {}\r\n\r\n",
        delivery.body.len(),
        delivery.token
    );
    let started = Instant::now();
    // The head and ten bytes of the body, then nothing.
    let mut request = head.into_bytes();
    request.extend_from_slice(&delivery.body.as_bytes()[..10]);
    let line = status_line(receiver.addr, &request);
    assert!(line.starts_with("HTTP/1.1 408 "), "{line:?}");
    let waited = started.elapsed();
    assert!(
        (Duration::from_secs(1)..Duration::from_secs(4)).contains(&waited),
        "{waited:?}"
    );
}

#[test]
fn a_head_over_the_size_or_count_cap_gets_431() {
    let dir = tempfile::tempdir().unwrap();
    let receiver = start(
        &dir.path().join("events.ndjson"),
        &["--max-header-bytes", "8192", "--max-headers", "16"],
    );
    let fat = format!(
        "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Fat: {}\r\n\r\n",
        "a".repeat(9000)
    );
    let line = status_line(receiver.addr, fat.as_bytes());
    assert!(line.starts_with("HTTP/1.1 431 "), "{line:?}");

    let many: String = (0..20).map(|i| format!("X-Header-{i}: {i}\r\n")).collect();
    let many = format!("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n{many}\r\n");
    let line = status_line(receiver.addr, many.as_bytes());
    assert!(line.starts_with("HTTP/1.1 431 "), "{line:?}");

    let small = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    let line = status_line(receiver.addr, small.as_bytes());
    assert!(line.starts_with("HTTP/1.1 200 "), "{line:?}");
}

#[test]
fn sigterm_with_a_stalled_client_exits_by_the_stop_deadline_with_every_acknowledged_event() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("events.ndjson");
    let mut receiver = start(&out, &["--stop-timeout", "1"]);
    let _stalled = stall(receiver.addr, 3);
    // A keep-alive connection that carried acknowledged deliveries, and one in mid-body.
    let mut connection = http::Connection::open(receiver.addr).unwrap();
    let deliveries = deliveries(4);
    for delivery in &deliveries[..3] {
        let (status, _) = connection
            .post(PATH, Some(&delivery.token), delivery.body.as_bytes())
            .unwrap();
        assert_eq!(status, 200);
    }
    let mut halfway = TcpStream::connect(receiver.addr).unwrap();
    let last = &deliveries[3];
    write!(
        halfway,
        "POST {PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {}\r\nVonage-Signature: {}\r\n\r\n{}",
        last.body.len(),
        last.token,
        &last.body[..20]
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(100));

    receiver.terminate();
    let (code, took) = receiver.wait_exit(Duration::from_secs(10));
    assert_eq!(code, Some(0));
    assert!(took < Duration::from_secs(3), "the stop took {took:?}");
    let stored = ids_in(&out);
    assert_eq!(stored.len(), 3);
    assert!(deliveries[..3].iter().all(|d| stored.contains_key(&d.id)));
}

#[test]
fn a_token_that_lives_too_long_is_refused_unless_the_age_allows_it() {
    let dir = tempfile::tempdir().unwrap();
    let delivery = &deliveries(1)[0];
    let now = now();
    let token = Signer::new(SECRET)
        .unwrap()
        .sign_at(delivery.body.as_bytes(), now, now + 3600);

    let strict = start(&dir.path().join("strict.ndjson"), &[]);
    let (status, body) = http::Connection::open(strict.addr)
        .unwrap()
        .post(PATH, Some(&token), delivery.body.as_bytes())
        .unwrap();
    let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(
        (status, &body["problem"]),
        (401, &"lifetime-too-long".into())
    );

    let lax = start(&dir.path().join("lax.ndjson"), &["--max-token-age", "3600"]);
    let (status, _) = http::Connection::open(lax.addr)
        .unwrap()
        .post(PATH, Some(&token), delivery.body.as_bytes())
        .unwrap();
    assert_eq!(status, 200);
}

#[test]
fn a_removed_file_gets_503_and_an_unhealthy_check_and_a_moved_path_stays_locked() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("events.ndjson");
    let receiver = start(&out, &[]);
    deliver(receiver.addr, 1);

    std::fs::rename(&out, dir.path().join("events-1.ndjson")).unwrap();
    let delivery = &deliveries(2)[1];
    let mut connection = http::Connection::open(receiver.addr).unwrap();
    let (status, _) = connection
        .post(PATH, Some(&delivery.token), delivery.body.as_bytes())
        .unwrap();
    assert_eq!(status, 503);
    let (status, body) = connection.get("/healthz").unwrap();
    assert_eq!(status, 503, "{}", String::from_utf8_lossy(&body));

    // A second receiver on the path is refused before it listens: the lock file stays.
    let second = Command::new(env!("CARGO_BIN_EXE_vcc-events"))
        .args(["receive", "--listen", "127.0.0.1:0", "--out"])
        .arg(&out)
        .env("VCC_WEBHOOK_SECRETS", SECRET)
        .output()
        .unwrap();
    assert_eq!(second.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(stderr.contains("events.ndjson.lock"), "{stderr}");

    std::fs::remove_file(dir.path().join("events-1.ndjson")).unwrap();
    let (status, _) = connection
        .post(PATH, Some(&delivery.token), delivery.body.as_bytes())
        .unwrap();
    assert_eq!(status, 503);
}

/// Posts 20 bodies of 2 MiB with Python's `urllib` and prints how many answers were 413.
const PYTHON_OVERSIZED: &str = r#"
import sys, urllib.request, urllib.error
url, seen, other = sys.argv[1], 0, []
for _ in range(20):
    request = urllib.request.Request(url, data=b"x" * (2 << 20), method="POST",
                                     headers={"Content-Type": "application/cloudevents+json"})
    try:
        urllib.request.urlopen(request, timeout=10)
        other.append("2xx")
    except urllib.error.HTTPError as e:
        if e.code == 413:
            seen += 1
        else:
            other.append(e.code)
    except Exception as e:
        other.append(type(e).__name__)
print(seen, other)
"#;

#[test]
fn every_python_client_reads_its_413() {
    let dir = tempfile::tempdir().unwrap();
    let receiver = start(&dir.path().join("events.ndjson"), &[]);
    let output = Command::new("python3")
        .arg("-c")
        .arg(PYTHON_OVERSIZED)
        .arg(format!("http://{}{PATH}", receiver.addr))
        .output()
        .expect("python3 runs (install python3: this test uses its urllib as a client)");
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{printed} {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(printed.trim(), "20 []");
}
