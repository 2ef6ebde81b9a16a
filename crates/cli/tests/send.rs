//! `vcc-events send`: every event of the inputs is posted, signed, to a real receiver; one
//! line per event that was not acknowledged; with `--retry`, a receiver stopped and started
//! again mid-run ends with every event acknowledged and stored once; over https, through a
//! TLS proxy whose certificate authority `--ca-file` names, and never to an untrusted one.

mod support;

use std::process::{Command, Stdio};
use std::time::Duration;

use support::https::{Authority, Proxy};
use support::receiver::{self, PATH, SECRET, ids_in, ids_of};
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
    let receiver = receiver::start(&dir.path().join("stored.ndjson"), &[]);
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
    let receiver = receiver::start(&dir.path().join("stored.ndjson"), &[]);
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
fn urls_other_than_http_and_https_and_a_missing_secret_are_usage_errors() {
    for url in ["ftp://127.0.0.1/x", "not a url", "https:///x"] {
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
fn a_report_names_the_url_without_its_user_information_or_query() {
    let run = with_secret(&[
        "send",
        "http://partner:hunter2@127.0.0.1:9/x?token=s3cr3t",
        "events/one-event.json",
    ]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stdout.contains("no answer from http://127.0.0.1:9/x: "),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("hunter2") && !run.stdout.contains("s3cr3t"),
        "{}",
        run.stdout
    );
}

#[test]
fn with_retry_a_receiver_stopped_and_started_again_gets_every_event_once() {
    let dir = tempfile::tempdir().unwrap();
    let (ndjson, text) = simulated(dir.path(), "60");
    let expected = ids_of(&text);
    let stored = dir.path().join("stored.ndjson");
    let receiver = receiver::start(&stored, &[]);
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
    let again = receiver::start_on(&stored, &addr, &[]);
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

#[test]
fn over_https_with_the_ca_file_every_event_is_acknowledged_and_stored_once() {
    let dir = tempfile::tempdir().unwrap();
    let (ndjson, text) = simulated(dir.path(), "20");
    let stored = dir.path().join("stored.ndjson");
    let receiver = receiver::start(&stored, &[]);
    let authority = Authority::new(dir.path(), "test-ca");
    let proxy = Proxy::start(&authority, receiver.addr);
    let run = with_secret(&[
        "send",
        &proxy.url(PATH),
        "--ca-file",
        authority.pem_file.to_str().unwrap(),
        ndjson.to_str().unwrap(),
    ]);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    let expected = ids_of(&text);
    assert_eq!(
        run.stdout,
        format!("{} acknowledged, 0 not acknowledged\n", expected.len())
    );
    receiver.stop();
    assert_eq!(ids_in(&stored), expected);
}

#[test]
fn a_certificate_not_signed_by_a_trusted_authority_is_refused_naming_the_url_and_why() {
    let dir = tempfile::tempdir().unwrap();
    let stored = dir.path().join("stored.ndjson");
    let receiver = receiver::start(&stored, &[]);
    let authority = Authority::new(dir.path(), "test-ca");
    let proxy = Proxy::start(&authority, receiver.addr);
    let other = Authority::new(dir.path(), "another-ca");
    let url = proxy.url(PATH);
    let other_ca = ["--ca-file", other.pem_file.to_str().unwrap()];
    for trusting in [&[][..], &other_ca[..]] {
        let mut args = vec!["send", url.as_str()];
        args.extend_from_slice(trusting);
        args.push("events/batch-of-two.json");
        let run = with_secret(&args);
        assert_eq!(run.code, Some(1), "{trusting:?}: {}", run.stderr);
        let lines: Vec<&str> = run.stdout.lines().collect();
        assert_eq!(lines.len(), 3, "{trusting:?}: {}", run.stdout);
        for line in &lines[..2] {
            assert!(line.starts_with("events/batch-of-two.json:"), "{line}");
            assert!(line.contains(&format!("no answer from {url}: ")), "{line}");
            assert!(
                line.contains("certificate") && line.contains("UnknownIssuer"),
                "{line}"
            );
            assert!(line.contains("--ca-file"), "{line}");
        }
        assert_eq!(lines[2], "0 acknowledged, 2 not acknowledged");
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    }
    receiver.stop();
    assert!(ids_in(&stored).is_empty(), "an event went through");
}

#[test]
fn with_retry_a_refused_certificate_is_reported_at_once_not_delivered_again() {
    let dir = tempfile::tempdir().unwrap();
    let stored = dir.path().join("stored.ndjson");
    let receiver = receiver::start(&stored, &[]);
    let authority = Authority::new(dir.path(), "test-ca");
    let proxy = Proxy::start(&authority, receiver.addr);
    let started = std::time::Instant::now();
    // The bound is a day: only a certificate error that ends the retries returns in time.
    let run = with_secret(&[
        "send",
        &proxy.url(PATH),
        "--retry",
        "--retry-for",
        "24h",
        "events/one-event.json",
    ]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
    assert!(run.stdout.contains("UnknownIssuer"), "{}", run.stdout);
    assert!(run.stdout.ends_with("0 acknowledged, 1 not acknowledged\n"));
    receiver.stop();
}

#[test]
fn a_certificate_for_another_name_is_refused_even_from_a_trusted_authority() {
    let dir = tempfile::tempdir().unwrap();
    let receiver = receiver::start(&dir.path().join("stored.ndjson"), &[]);
    let authority = Authority::new(dir.path(), "test-ca");
    let proxy = Proxy::start(&authority, receiver.addr);
    // The certificate names 127.0.0.1; localhost is the same machine under another name.
    let url = format!("https://localhost:{}{PATH}", proxy.addr.port());
    let run = with_secret(&[
        "send",
        &url,
        "--ca-file",
        authority.pem_file.to_str().unwrap(),
        "events/one-event.json",
    ]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stdout.contains(&format!("no answer from {url}: "))
            && run.stdout.contains("not valid for name \"localhost\"")
            && !run.stdout.contains("--ca-file"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.ends_with("0 acknowledged, 1 not acknowledged\n"));
}

#[test]
fn a_ca_file_that_is_missing_holds_no_certificate_or_goes_with_http_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.pem");
    std::fs::write(&empty, "not a certificate\n").unwrap();
    let missing = dir.path().join("missing.pem");
    for (file, why) in [(&empty, "no certificate in it"), (&missing, "No such file")] {
        let file = file.to_str().unwrap();
        let run = with_secret(&[
            "send",
            "https://127.0.0.1:1/x",
            "--ca-file",
            file,
            "events/one-event.json",
        ]);
        assert_eq!(run.code, Some(2), "{file}: {}", run.stderr);
        assert!(
            run.stderr.contains(&format!("--ca-file {file}: ")) && run.stderr.contains(why),
            "{}",
            run.stderr
        );
    }
    let authority = Authority::new(dir.path(), "test-ca");
    let run = with_secret(&[
        "send",
        "http://127.0.0.1:1/x",
        "--ca-file",
        authority.pem_file.to_str().unwrap(),
        "events/one-event.json",
    ]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(
        run.stderr.contains("--ca-file is for https URLs"),
        "{}",
        run.stderr
    );
}
