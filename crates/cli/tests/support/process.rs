//! A `vcc-events receive` process for the tests of the tools that deliver to it.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The secret the tests sign and verify with.
pub const SECRET: &str = "dGhlIHN1YnNjcmlwdGlvbiBzZWNyZXQgb2YgdGhlIHRlc3Rz";

/// The path the receiver listens on.
pub const PATH: &str = "/webhooks/vcc";

/// A receiver process, killed when dropped.
pub struct Receiver {
    child: Child,
    /// Where it listens.
    pub addr: SocketAddr,
}

impl Receiver {
    /// Starts a receiver storing into `out`, listening on `listen` (`127.0.0.1:0` for any
    /// port), verifying with [`SECRET`].
    pub fn start(out: &Path, listen: &str) -> Receiver {
        let mut child = Command::new(env!("CARGO_BIN_EXE_vcc-events"))
            .args(["receive", "--listen", listen, "--out"])
            .arg(out)
            .env("VCC_WEBHOOK_SECRETS", SECRET)
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary runs");
        let mut line = String::new();
        let mut stderr = BufReader::new(child.stderr.take().expect("stderr is piped"));
        stderr
            .read_line(&mut line)
            .expect("the receiver writes its address");
        let addr = line
            .strip_prefix("listening on http://")
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_else(|| panic!("unexpected first line: {line:?}"));
        // Its later lines (refusals) are drained so that it never blocks on a full pipe.
        std::thread::spawn(move || for _ in stderr.lines() {});
        Receiver {
            child,
            addr: addr.parse().expect("an address"),
        }
    }

    /// The URL deliveries go to.
    pub fn url(&self) -> String {
        format!("http://{}{PATH}", self.addr)
    }

    /// Asks it to stop (SIGTERM) and waits until it has, at most 20 s.
    pub fn stop(mut self) {
        let terminated = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(terminated.success());
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self
                .child
                .try_wait()
                .expect("the receiver can be waited on")
            {
                assert_eq!(status.code(), Some(0), "{status}");
                return;
            }
            assert!(
                Instant::now() < deadline,
                "the receiver did not stop on SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// How many times each id occurs in the lines of an NDJSON file.
pub fn ids_in(path: &Path) -> HashMap<String, usize> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    ids_of(&text)
}

/// How many times each id occurs in NDJSON text.
pub fn ids_of(text: &str) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let event: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        *counts
            .entry(event["id"].as_str().expect("an id").to_owned())
            .or_insert(0) += 1;
    }
    counts
}
