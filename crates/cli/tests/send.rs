//! `vcc-events send`: every event of the inputs is posted, signed, to a real receiver; one
//! line per event that was not acknowledged; with `--retry`, a receiver stopped and started
//! again mid-run ends with every event acknowledged and stored once.

mod support;

use std::process::{Command, Stdio};
use std::time::Duration;

use support::process::{Receiver, SECRET, ids_in, ids_of};
use support::{Run, vcc_events_with_env};

fn with_secret(args: &[&str]) -> Run {
    vcc_events_with_env(args, "", &[("VCC_WEBHOOK_SECRETS", SECRET)])
}

/// `calls` simulated calls as NDJSON, in `dir`.
fn simulated(dir: &std::path::Path, calls: &str) -> (std::path::PathBuf, String) {
    let run = with_secret(&["simulate", "--calls", calls, "--seed", "5"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let path = dir.join("events.ndjson");
    std::fs::write(&path, &run.stdout).unwrap();
    (path, run.stdout)
}

#[test]
fn a_batch_a_single_event_and_ndjson_are_all_delivered() {
    let dir = tempfile::tempdir().unwrap();
    let (ndjson, text) = simulated(dir.path(), "3");
    let receiver = Receiver::start(&dir.path().join("stored.ndjson"), "127.0.0.1:0");
    let run = with_secret(&[
        "send",
        &receiver.url(),
        ndjson.to_str().unwrap(),
        "events/batch-of-two.json",
        "events/one-event.json",
    ]);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    let events = text.lines().count();
    assert_eq!(
        run.stdout,
        format!("{} acknowledged, 0 not acknowledged\n", events + 3)
    );
    drop(receiver);
}

#[test]
fn each_refused_event_gets_a_line_with_the_answer_and_the_exit_status_is_1() {
    let dir = tempfile::tempdir().unwrap();
    let receiver = Receiver::start(&dir.path().join("stored.ndjson"), "127.0.0.1:0");
    let run = vcc_events_with_env(
        &["send", &receiver.url(), "events/batch-of-two.json"],
        "",
        &[(
            "VCC_WEBHOOK_SECRETS",
            "YW5vdGhlciBzdWJzY3JpcHRpb24ncyBzZWNyZXQ=",
        )],
    );
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", run.stdout);
    for line in &lines[..2] {
        assert!(line.starts_with("events/batch-of-two.json:"), "{line}");
        assert!(
            line.contains(": 401 ") && line.contains("wrong-signature"),
            "{line}"
        );
        assert!(
            !line.contains("YW5vdGhlciBzdWJzY3JpcHRpb24ncyBzZWNyZXQ"),
            "{line}"
        );
    }
    assert_eq!(lines[2], "0 acknowledged, 2 not acknowledged");
}

#[test]
fn urls_other_than_http_and_a_missing_secret_are_usage_errors() {
    for url in ["ftp://127.0.0.1/x", "not a url", "https://127.0.0.1:1/x"] {
        let run = with_secret(&["send", url, "events/batch-of-two.json"]);
        assert_eq!(run.code, Some(2), "{url}: {}", run.stderr);
        assert!(run.stderr.contains(url), "{}", run.stderr);
    }
    let run = vcc_events_with_env(
        &["send", "http://127.0.0.1:1/x", "events/batch-of-two.json"],
        "",
        &[],
    );
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("VCC_WEBHOOK_SECRETS"));
}

#[test]
fn without_retry_an_unreachable_receiver_leaves_every_event_unacknowledged() {
    let run = with_secret(&["send", "http://127.0.0.1:9/x", "events/batch-of-two.json"]);
    assert_eq!(run.code, Some(1));
    assert!(run.stdout.contains("no answer"), "{}", run.stdout);
    assert!(run.stdout.ends_with("0 acknowledged, 2 not acknowledged\n"));
}

#[test]
fn with_retry_a_receiver_stopped_and_started_again_gets_every_event_once() {
    let dir = tempfile::tempdir().unwrap();
    let (ndjson, text) = simulated(dir.path(), "60");
    let expected = ids_of(&text);
    let stored = dir.path().join("stored.ndjson");
    let receiver = Receiver::start(&stored, "127.0.0.1:0");
    let addr = receiver.addr.to_string();
    let url = receiver.url();
    // At 100 a second, the run lasts several seconds: the receiver goes away during it.
    let send = Command::new(env!("CARGO_BIN_EXE_vcc-events"))
        .args([
            "send",
            &url,
            "--retry",
            "--retry-for",
            "60s",
            "--rate",
            "100",
        ])
        .arg(&ndjson)
        .env("VCC_WEBHOOK_SECRETS", SECRET)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    let before = ids_in(&stored).len();
    receiver.stop();
    std::thread::sleep(Duration::from_millis(1500));
    let again = Receiver::start(&stored, &addr);
    let output = send.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert_eq!(
        stdout,
        format!(
            "{} acknowledged, 0 not acknowledged\n",
            text.lines().count()
        )
    );
    drop(again);
    assert!(
        before > 0 && before < expected.len(),
        "stopped after {before} events"
    );
    let stored = ids_in(&stored);
    assert_eq!(stored.len(), expected.len());
    assert!(stored.values().all(|&n| n == 1), "an event is stored twice");
    assert!(expected.keys().all(|id| stored.contains_key(id)));
}
