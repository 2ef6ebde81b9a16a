//! The fat-header attack on `vcc-events receive` at its default caps, over loopback: many
//! connections each hold a request head just under the header cap and never finish it. Prints
//! the receiver's memory (idle, peak, settled after the attackers leave) and how long signed
//! deliveries wait meanwhile. Bounded: `VCC_ATTACK_CONNECTIONS` connections (4,000 unless told
//! otherwise), one round, then the receiver is stopped.
//!
//! `cargo bench -p vcc-events-cli --bench attack`

#[path = "../../webhook/tests/support/http.rs"]
mod http;
#[path = "../tests/support/receiver.rs"]
mod receiver;

use std::io::Write;
use std::net::TcpStream;
use std::time::{Duration, Instant};

use receiver::{PATH, deliveries, start};
use vcc_events_webhook::DEFAULT_MAX_HEADER_BYTES;

/// A field of the process's `/proc/PID/status`, in KiB.
fn status_kib(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix(field))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn main() {
    let connections: usize = std::env::var("VCC_ATTACK_CONNECTIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(4000);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("events.ndjson");
    // The head deadline is set long so that the attackers stay for the whole measurement.
    let mut receiver = start(&out, &["--header-timeout", "120"]);
    let pid = receiver.child.id();
    let addr = receiver.addr;
    std::thread::sleep(Duration::from_millis(300));
    let idle = status_kib(pid, "VmRSS:");

    // Each head: a request line and one header just under the cap, never ended.
    let filler = "a".repeat(DEFAULT_MAX_HEADER_BYTES - 200);
    let head = format!("POST {PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Fat: {filler}");
    let started = Instant::now();
    let mut attackers = Vec::with_capacity(connections);
    for _ in 0..connections {
        let mut stream = TcpStream::connect(addr).unwrap();
        stream.write_all(head.as_bytes()).unwrap();
        attackers.push(stream);
    }
    std::thread::sleep(Duration::from_secs(2));
    let during = status_kib(pid, "VmRSS:");
    let mut longest = Duration::ZERO;
    for delivery in deliveries(20) {
        let sent = Instant::now();
        let (status, _) = http::Connection::open(addr)
            .unwrap()
            .post(PATH, Some(&delivery.token), delivery.body.as_bytes())
            .unwrap();
        assert_eq!(status, 200);
        longest = longest.max(sent.elapsed());
    }
    let opened_in = started.elapsed();
    drop(attackers);
    std::thread::sleep(Duration::from_secs(3));
    let peak = status_kib(pid, "VmHWM:");
    let settled = status_kib(pid, "VmRSS:");
    receiver.terminate();
    receiver.wait_exit(Duration::from_secs(30));
    println!(
        "{connections} connections of {} B unfinished heads (opened and measured in {opened_in:.1?}): \
         RSS idle {} MiB, under attack {} MiB, peak {} MiB, settled {} MiB after they left; \
         longest delivery meanwhile {longest:.1?}",
        head.len(),
        idle / 1024,
        during / 1024,
        peak / 1024,
        settled / 1024
    );
}
