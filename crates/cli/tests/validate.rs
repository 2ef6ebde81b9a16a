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
