//! The one helper for `vcc-events receive` as a process, shared by its own tests and by those
//! of the tools that deliver to it: signed deliveries, starting the receiver on a file (on any
//! port or a given one), its log lines, stopping it, and reading the file back.

#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use vcc_events_webhook::signing::Signer;

/// The subscription secret of the tests.
pub const SECRET: &str = "dGhlIHN1YnNjcmlwdGlvbiBzZWNyZXQgb2YgdGhlIHRlc3Rz";
/// The seed example.
use vcc_events::testing::{nth_ksuid, seed_with_id};
/// The URL path deliveries are posted to.
pub const PATH: &str = "/webhooks/vcc";

/// A signed delivery.
#[derive(Clone)]
pub struct Delivery {
    /// The event's id.
    pub id: String,
    /// The body.
    pub body: String,
    /// Its `Vonage-Signature` token.
    pub token: String,
}

/// `count` distinct events, each with its token.
pub fn deliveries(count: usize) -> Vec<Delivery> {
    let signer = Signer::new(SECRET).unwrap();
    (0..count as u64)
        .map(|n| {
            let id = nth_ksuid(n);
            let body = seed_with_id(&id);
            let token = signer.sign(body.as_bytes());
            Delivery { id, body, token }
        })
        .collect()
}

/// A running receiver, killed when dropped.
pub struct Running {
    /// The process.
    pub child: Child,
    /// The address it listens on.
    pub addr: SocketAddr,
    /// The lines of its stderr after the first, read as they come (so that it never blocks
    /// on a full pipe).
    log: mpsc::Receiver<String>,
}

impl Running {
    /// The URL deliveries go to.
    pub fn url(&self) -> String {
        format!("http://{}{PATH}", self.addr)
    }

    /// Its next line on stderr (a warning or a refusal), waiting at most 20 s.
    pub fn log_line(&self) -> String {
        self.log
            .recv_timeout(Duration::from_secs(20))
            .expect("the receiver writes a line on stderr within 20 s")
    }

    /// Sends SIGTERM and waits until it has exited, at most 20 s, with status 0.
    pub fn stop(mut self) {
        self.terminate();
        let (code, _) = self.wait_exit(Duration::from_secs(20));
        assert_eq!(code, Some(0), "the receiver's exit status on SIGTERM");
    }

    /// Sends SIGTERM.
    pub fn terminate(&self) {
        let sent = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
    }

    /// Waits up to `limit` for the process to exit; its exit code and how long it took.
    pub fn wait_exit(&mut self, limit: Duration) -> (Option<i32>, Duration) {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return (status.code(), started.elapsed());
            }
            if started.elapsed() > limit {
                self.kill();
                panic!("the receiver did not exit within {limit:?}");
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Kills the process (SIGKILL) and reaps it.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Starts `vcc-events receive --out out` with `args` on any free port, the test secret in
/// the environment.
pub fn start(out: &Path, args: &[&str]) -> Running {
    launch(out, "127.0.0.1:0", args, None)
}

/// [`start`] listening on `listen` (e.g. the address of a receiver stopped before).
pub fn start_on(out: &Path, listen: &str, args: &[&str]) -> Running {
    launch(out, listen, args, None)
}

/// [`start`], the receiver's file-descriptor limit set to `fd_limit` first (by the shell's
/// `ulimit -n`).
pub fn start_with(out: &Path, args: &[&str], fd_limit: Option<u32>) -> Running {
    launch(out, "127.0.0.1:0", args, fd_limit)
}

fn launch(out: &Path, listen: &str, args: &[&str], fd_limit: Option<u32>) -> Running {
    let binary = env!("CARGO_BIN_EXE_vcc-events");
    let mut command = match fd_limit {
        Some(limit) => {
            let mut shell = Command::new("sh");
            shell
                .arg("-c")
                .arg(format!("ulimit -n {limit} && exec \"$0\" \"$@\""))
                .arg(binary);
            shell
        }
        None => Command::new(binary),
    };
    let mut child = command
        .args(["receive", "--listen", listen, "--out"])
        .arg(out)
        .args(args)
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
    let (lines, log) = mpsc::channel();
    std::thread::spawn(move || {
        for line in stderr.lines().map_while(Result::ok) {
            // Nobody may be listening: the lines are still read.
            let _ = lines.send(line);
        }
    });
    Running {
        addr: addr.parse().expect("an address"),
        child,
        log,
    }
}

/// How many times each id occurs in the complete lines of `out`; panics on a line that is not
/// JSON.
pub fn ids_in(out: &Path) -> HashMap<String, usize> {
    ids_of(std::fs::read(out).expect("the receiver's file is readable"))
}

/// How many times each id occurs in the complete lines of NDJSON `text`; panics on a line that
/// is not JSON.
pub fn ids_of(text: impl AsRef<[u8]>) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for line in text
        .as_ref()
        .split_inclusive(|&b| b == b'\n')
        .filter(|l| l.ends_with(b"\n"))
    {
        let event: serde_json::Value = serde_json::from_slice(line).expect("a JSON line");
        *counts
            .entry(event["id"].as_str().expect("an id").to_owned())
            .or_insert(0) += 1;
    }
    counts
}
