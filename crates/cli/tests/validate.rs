//! `vcc-events validate`, `list`, `schema` and `example`, run as a partner would run them.

use std::io::Write;
use std::process::{Command, Output, Stdio};

const FIXTURES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/fixtures/channel.parked.v0"
);

fn fixture(name: &str) -> String {
    format!("{FIXTURES}/{name}")
}

fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vcc-events"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input)
            .expect("writes stdin");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("the binary exits")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

fn ndjson(events: &[String]) -> Vec<u8> {
    events
        .iter()
        .flat_map(|e| format!("{e}\n").into_bytes())
        .collect()
}

fn seed_line() -> String {
    let seed = std::fs::read_to_string(fixture("valid-seed-example.json")).expect("seed");
    vcc_events_runtime::minify_json(&seed)
}

#[test]
fn valid_files_exit_0_with_a_summary() {
    let out = run(
        &[
            "validate",
            &fixture("valid-seed-example.json"),
            &fixture("valid-with-extension-attributes.json"),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "2 valid, 0 invalid\n");
}

#[test]
fn an_invalid_event_is_one_line_naming_file_line_pointer_and_rule() {
    let file = fixture("invalid-role.json");
    let out = run(&["validate", &file], None);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let mut lines = text.lines();
    let report = lines.next().expect("a report line");
    assert!(
        report.starts_with(&format!("{file}:1: /data/channel/party/role: "))
            && report.contains("not an allowed value"),
        "{report}"
    );
    assert_eq!(lines.next(), Some("0 valid, 1 invalid"));
}

#[test]
fn ndjson_with_a_bad_line_in_the_middle_reports_only_that_line() {
    let good = seed_line();
    let bad = good.replace("\"1544\"", "\"A1544\"");
    let input = ndjson(&[good.clone(), good.clone(), bad, String::new(), good]);
    let out = run(&["validate", "-"], Some(&input));
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.starts_with("<stdin>:3: /data/channel/party/agentId: "),
        "{text}"
    );
    assert!(text.ends_with("3 valid, 1 invalid\n"), "{text}");
}

#[test]
fn no_file_means_standard_input() {
    let out = run(&["validate"], Some(seed_line().as_bytes()));
    assert_eq!(
        (out.status.code(), stdout(&out).as_str()),
        (Some(0), "1 valid, 0 invalid\n")
    );
}

#[test]
fn json_output_has_one_object_per_problem_and_a_summary() {
    let input = ndjson(&[
        seed_line(),
        "{\"specversion\":\"1.0\",\"type\":\"channel.teleported.v0\"}".into(),
        "not json".into(),
    ]);
    let out = run(&["validate", "--format", "json"], Some(&input));
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["rule"], "unknown-family");
    assert_eq!(
        (lines[0]["line"].as_u64(), lines[0]["pointer"].as_str()),
        (Some(2), Some("/type"))
    );
    assert_eq!(lines[1]["rule"], "syntax");
    assert_eq!(lines[1]["file"], "<stdin>");
    assert_eq!(
        lines[2],
        serde_json::json!({"summary": {"valid": 1, "invalid": 2}})
    );
}

#[test]
fn a_batch_file_reports_each_bad_event_with_its_index() {
    let good = seed_line();
    let bad = good.replace("/channel", "/agent");
    let input = format!("[{good},\n{bad}]");
    let out = run(&["validate"], Some(input.as_bytes()));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).starts_with("<stdin>:2: /1/source: "),
        "{}",
        stdout(&out)
    );
}

#[test]
fn strict_mode_reports_undeclared_members() {
    let file = fixture("valid-unknown-data-members.json");
    assert_eq!(run(&["validate", &file], None).status.code(), Some(0));
    let out = run(&["validate", "--strict", &file], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains(": /data/channel/queue: "),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_missing_file_exits_2_and_the_other_files_are_still_checked() {
    let out = run(
        &[
            "validate",
            "/no/such/file.json",
            &fixture("valid-seed-example.json"),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read /no/such/file.json"));
    assert_eq!(stdout(&out), "1 valid, 0 invalid\n");
}

#[test]
fn an_unknown_option_exits_2() {
    assert_eq!(
        run(&["validate", "--no-such-option"], None).status.code(),
        Some(2)
    );
}

#[test]
fn empty_input_is_one_invalid_event() {
    let out = run(&["validate"], Some(b""));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("<stdin>:1: (root): the input is empty"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn list_names_every_type_with_its_stability() {
    let out = run(&["list"], None);
    assert_eq!(out.status.code(), Some(0));
    let lines: Vec<String> = stdout(&out).lines().map(str::to_owned).collect();
    assert_eq!(
        lines.len(),
        13,
        "the thirteen documented versions: {lines:?}"
    );
    for line in [
        "channel.parked.v0\tbeta",
        "channel.alerted.v1\tstable",
        "channel.held.v1\tstable",
        "agent.presencechanged.v0\tbeta",
    ] {
        assert!(lines.iter().any(|l| l == line), "{line:?} in {lines:?}");
    }
}

#[test]
fn example_and_schema_know_the_agent_family() {
    let example = run(&["example", "agent.presencechanged.v0"], None);
    assert_eq!(example.status.code(), Some(0));
    assert!(stdout(&example).contains("\"source\":\"/agent\""));
    let check = run(&["validate"], Some(&example.stdout));
    assert_eq!(stdout(&check), "1 valid, 0 invalid\n");
    let schema = run(&["schema", "agent.presencechanged.v0"], None);
    assert_eq!(schema.status.code(), Some(0));
    assert!(stdout(&schema).contains("\"const\": \"/agent\""));
}

#[test]
fn schema_prints_the_published_schema() {
    let out = run(&["schema", "channel.parked.v0"], None);
    assert_eq!(out.status.code(), Some(0));
    let published = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../schemas/channel.parked.v0.json"
    ))
    .expect("published schema");
    assert_eq!(stdout(&out), published);
}

#[test]
fn example_prints_an_event_that_validates() {
    let out = run(&["example", "channel.parked.v0"], None);
    assert_eq!(out.status.code(), Some(0));
    let check = run(&["validate"], Some(&out.stdout));
    assert_eq!(stdout(&check), "1 valid, 0 invalid\n");
}

#[test]
fn an_unknown_type_exits_2_and_lists_the_known_ones() {
    let out = run(&["schema", "channel.teleported.v0"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("known types: channel.alerted.v0, channel.alerted.v1,")
    );
}

#[cfg(target_os = "linux")]
/// A file under the test's temporary directory holding `lines` copies of `line`.
fn repeated_lines(name: &str, line: &str, lines: usize) -> std::path::PathBuf {
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, format!("{line}\n").repeat(lines)).expect("writes the input");
    path
}

#[cfg(target_os = "linux")]
/// The peak resident memory of a running process, in KiB.
fn high_water_mark(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

#[cfg(target_os = "linux")]
/// Waits for `child`; returns its exit code and its peak resident memory in KiB (the last
/// high-water mark read before it exited).
fn peak_until_exit(child: &mut std::process::Child) -> (Option<i32>, u64) {
    let mut peak = 0;
    loop {
        peak = high_water_mark(child.id()).map_or(peak, |kib| peak.max(kib));
        if let Some(exit) = child.try_wait().expect("waits") {
            return (exit.code(), peak);
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
}

#[cfg(target_os = "linux")]
/// Runs the command with no input and its output thrown away; returns its exit code and its peak
/// resident memory in KiB.
fn peak_memory(args: &[&str]) -> (Option<i32>, u64) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vcc-events"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary runs");
    peak_until_exit(&mut child)
}

#[cfg(target_os = "linux")]
/// Peak memory validating `small` and then four times as many lines of `line`.
fn peak_memory_for(line: &str, small: usize, extra_args: &[&str]) -> (u64, u64) {
    let name = |n: usize| format!("{}-{n}.txt", line.len());
    let [few, many] = [small, 4 * small].map(|n| repeated_lines(&name(n), line, n));
    let measure = |path: &std::path::Path| {
        let mut args = vec!["validate"];
        args.extend(extra_args);
        args.push(path.to_str().expect("UTF-8 path"));
        let (code, kib) = peak_memory(&args);
        assert_eq!(code, Some(1), "every line is invalid");
        kib
    };
    (measure(&few), measure(&many))
}

#[cfg(target_os = "linux")]
#[test]
fn memory_does_not_grow_with_the_number_of_invalid_events() {
    let (few, many) = peak_memory_for("{}", 250_000, &[]);
    assert!(
        many < few + few / 2 + 8 * 1024,
        "250,000 invalid lines: {few} KiB, 1,000,000: {many} KiB"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn memory_does_not_grow_with_the_number_of_invalid_events_in_json_output() {
    let (few, many) = peak_memory_for("1", 250_000, &["--format", "json"]);
    assert!(
        many < few + few / 2 + 8 * 1024,
        "250,000 invalid lines: {few} KiB, 1,000,000: {many} KiB"
    );
}

#[test]
fn an_event_over_the_maximum_size_is_reported_where_it_starts_and_the_stream_goes_on() {
    let big = seed_line().replacen(
        "\"data\":{",
        &format!("\"data\":{{\"padding\":\"{}\",", "x".repeat(3000)),
        1,
    );
    let input = ndjson(&[seed_line(), big, seed_line()]);
    let out = run(
        &["validate", "--format", "json", "--max-event-size", "2048"],
        Some(&input),
    );
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(
        (&lines[0]["rule"], &lines[0]["line"], &lines[0]["pointer"]),
        (&"too-large".into(), &2.into(), &"".into())
    );
    assert_eq!(
        lines[1],
        serde_json::json!({"summary": {"valid": 2, "invalid": 1}})
    );
}

#[test]
fn the_maximum_event_size_and_its_default_are_in_the_help() {
    let out = run(&["validate", "--help"], None);
    let help = stdout(&out);
    assert!(
        help.contains("--max-event-size") && help.contains("16 MiB"),
        "{help}"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn an_endless_event_is_read_in_bounded_memory() {
    // 64 MiB of one string that never ends on its line, then a valid event.
    let mut child = Command::new(env!("CARGO_BIN_EXE_vcc-events"))
        .args(["validate", "--max-event-size", "1048576", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary runs");
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || {
        let block = vec![b'a'; 1 << 20];
        stdin.write_all(b"\"").expect("writes");
        for _ in 0..64 {
            stdin.write_all(&block).expect("writes");
        }
        stdin.write_all(b"\"\n").expect("writes");
        stdin
            .write_all(format!("{}\n", seed_line()).as_bytes())
            .expect("writes");
    });
    let mut stdout = child.stdout.take().expect("stdout");
    let reading = std::thread::spawn(move || {
        let mut output = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut output).expect("reads");
        output
    });
    let (code, peak) = peak_until_exit(&mut child);
    assert_eq!(code, Some(1));
    writer.join().expect("the writer finishes");
    let output = reading.join().expect("reads the output");
    assert!(
        output.starts_with("<stdin>:1: (root): the event is larger than the maximum event size"),
        "{output}"
    );
    assert!(output.ends_with("1 valid, 1 invalid\n"), "{output}");
    assert!(peak < 48 * 1024, "peak {peak} KiB for a 64 MiB event");
}

#[test]
fn a_byte_order_mark_before_an_event_is_one_invalid_event_that_says_so() {
    let input = format!("\u{feff}{}\n", seed_line());
    let out = run(&["validate"], Some(input.as_bytes()));
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("<stdin>:1: (root): "), "{text}");
    assert!(text.contains("byte order mark"), "{text}");
    assert!(text.ends_with("0 valid, 1 invalid\n"), "{text}");
}

#[test]
fn a_comma_after_the_last_event_of_a_batch_is_a_trailing_comma() {
    let input = format!("[{},]", seed_line());
    let out = run(&["validate"], Some(input.as_bytes()));
    let text = stdout(&out);
    assert!(text.contains(": (root): trailing comma"), "{text}");
    assert!(text.ends_with("1 valid, 1 invalid\n"), "{text}");
}

#[test]
fn standard_input_named_twice_is_read_once() {
    let out = run(&["validate", "-", "-"], Some(seed_line().as_bytes()));
    assert_eq!(
        (out.status.code(), stdout(&out).as_str()),
        (Some(0), "1 valid, 0 invalid\n")
    );
}

#[test]
fn control_characters_in_a_file_name_are_escaped() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("forged-names");
    std::fs::create_dir_all(&dir).expect("creates the directory");
    let file = dir.join("b.json:9: (root): FORGED\nb");
    std::fs::write(&file, "{}").expect("writes the file");
    let out = run(&["validate", file.to_str().expect("UTF-8")], None);
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(text.contains("FORGED\\nb:1: /specversion: "), "{text}");
}

#[test]
fn a_stream_gets_each_report_as_its_event_arrives() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vcc-events"))
        .args(["validate", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary runs");
    let mut stdin = child.stdin.take().expect("stdin");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufRead::lines(std::io::BufReader::new(stdout)) {
            let _ = tx.send(line.expect("reads"));
        }
    });
    // The input stays open, as with `tail -f`.
    stdin
        .write_all(format!("{}\n{{}}\n", seed_line()).as_bytes())
        .expect("writes");
    stdin.flush().expect("flushes");
    let first = rx.recv_timeout(std::time::Duration::from_secs(20));
    drop(stdin);
    let first = first.expect("a report before the input ends");
    assert!(first.starts_with("<stdin>:2: "), "{first}");
    assert_eq!(child.wait().expect("exits").code(), Some(1));
}
