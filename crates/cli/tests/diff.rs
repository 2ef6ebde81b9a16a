//! `vcc-events diff`, run as a process on the files in `tests/fixtures/`.

mod support;

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;
use support::{vcc_events, vcc_events_with_stdin};

fn keys(v: &Value) -> BTreeSet<&str> {
    v.as_object()
        .map(|m| m.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

#[test]
fn identical_schemas_exit_0_with_no_changes() {
    let run = vcc_events(&["diff", "old.json", "old.json"]);
    assert_eq!(run.code, Some(0), "stderr: {}", run.stderr);
    assert_eq!(
        run.stdout,
        "backward compatible: yes\nforward compatible: yes\nno changes\n"
    );
    assert_eq!(run.stderr, "");
}

#[test]
fn compatible_changes_exit_0_and_are_listed() {
    let run = vcc_events(&["diff", "old.json", "new_compatible.json"]);
    assert_eq!(run.code, Some(0), "stderr: {}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "backward compatible: yes",
            "forward compatible: yes",
            "none (root): The `description` annotation of the event was added.",
            "none /properties/data/properties/slot: `data.slot` was added; older readers accept and ignore it.",
        ]
    );
}

#[test]
fn text_report_has_a_header_and_one_line_per_change() {
    let run = vcc_events(&["diff", "old.json", "new_forward_break.json"]);
    assert_eq!(run.code, Some(1), "stderr: {}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "backward compatible: yes",
            "forward compatible: no",
            r#"forward counterexample: {"specversion":"1.0","type":"channel.parked.v0","id":"a","source":"/a","data":{"channel":{"id":"a","role":"supervisor"},"parkedBy":{"id":"a","role":"agent"}}}"#,
            "forward /properties/data/properties/channel/properties/role: `data.channel.role` now also allows the value \"supervisor\"; older readers reject it.",
            "forward /properties/data/properties/parkedBy/properties/role: `data.parkedBy.role` now also allows the value \"supervisor\"; older readers reject it.",
        ]
    );
}

#[test]
fn backward_break_exits_1() {
    let run = vcc_events(&["diff", "old.json", "new_backward_break.json"]);
    assert_eq!(run.code, Some(1), "stderr: {}", run.stderr);
    assert!(
        run.stdout
            .starts_with("backward compatible: no\nforward compatible: yes\n")
    );
    assert!(
        run.stdout
            .contains("backward /properties/data/properties/slot: `data.slot` is now required"),
        "{}",
        run.stdout
    );
}

#[test]
fn json_report_has_exactly_the_documented_keys() {
    let run = vcc_events(&[
        "diff",
        "old.json",
        "new_backward_break.json",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, Some(1), "stderr: {}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).expect("stdout is one JSON document");
    assert_eq!(
        keys(&report),
        BTreeSet::from([
            "backward_compatible",
            "backward_counterexample",
            "changes",
            "forward_compatible",
            "forward_counterexample"
        ])
    );
    // The old producer's event without `data.slot`, which the new schema requires.
    let example = &report["backward_counterexample"]["instance"];
    assert!(
        example["data"].is_object() && example["data"].get("slot").is_none(),
        "{example}"
    );
    assert_eq!(report["forward_counterexample"], Value::Null);
    assert_eq!(report["backward_compatible"], Value::Bool(false));
    assert_eq!(report["forward_compatible"], Value::Bool(true));
    let changes = report["changes"].as_array().expect("changes is an array");
    assert_eq!(changes.len(), 2);
    for change in changes {
        assert_eq!(
            keys(change),
            BTreeSet::from(["breaks", "kind", "message", "pointer"])
        );
        assert!(change["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    assert_eq!(changes[0]["pointer"], "/properties/data/properties/slot");
    assert_eq!(changes[0]["kind"], "property_added");
    assert_eq!(changes[0]["breaks"], serde_json::json!([]));
    assert_eq!(changes[1]["pointer"], "/properties/data/properties/slot");
    assert_eq!(changes[1]["kind"], "required_added");
    assert_eq!(changes[1]["breaks"], serde_json::json!(["backward"]));
}

#[test]
fn json_report_lists_both_directions_for_a_change_that_breaks_both() {
    let run = vcc_events(&["diff", "old.json", "new_breaks_both.json", "--format=json"]);
    assert_eq!(run.code, Some(1), "stderr: {}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).expect("stdout is one JSON document");
    assert_eq!(report["backward_compatible"], Value::Bool(false));
    assert_eq!(report["forward_compatible"], Value::Bool(false));
    let breaks: BTreeSet<String> = report["changes"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|c| c["breaks"].as_array().cloned().unwrap_or_default())
        .filter_map(|b| b.as_str().map(str::to_owned))
        .collect();
    assert_eq!(
        breaks,
        BTreeSet::from(["backward".to_owned(), "forward".to_owned()])
    );
}

#[test]
fn json_report_of_identical_schemas_is_empty_and_exits_0() {
    let run = vcc_events(&["diff", "--format", "json", "old.json", "old.json"]);
    assert_eq!(run.code, Some(0), "stderr: {}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).expect("stdout is one JSON document");
    assert_eq!(
        report,
        serde_json::json!({
            "backward_compatible": true,
            "forward_compatible": true,
            "backward_counterexample": null,
            "forward_counterexample": null,
            "changes": []
        })
    );
}

#[test]
fn missing_file_exits_2_naming_it() {
    let run = vcc_events(&["diff", "old.json", "does-not-exist.json"]);
    assert_eq!(run.code, Some(2));
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr
            .starts_with("error: cannot read does-not-exist.json"),
        "{}",
        run.stderr
    );
}

#[test]
fn non_json_file_exits_2_with_line_and_column() {
    let run = vcc_events(&["diff", "not_json.json", "old.json"]);
    assert_eq!(run.code, Some(2));
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains("not_json.json is not valid JSON"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("(line 4, column 1)"), "{}", run.stderr);
}

#[test]
fn json_that_is_not_a_schema_exits_2() {
    let run = vcc_events(&["diff", "old.json", "not_a_schema.json"]);
    assert_eq!(run.code, Some(2));
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr
            .contains("not_a_schema.json is not a JSON Schema")
            && run.stderr.contains("found an array"),
        "{}",
        run.stderr
    );
}

#[test]
fn bad_arguments_exit_2() {
    for args in [
        &["diff", "old.json"][..],
        &["diff", "old.json", "old.json", "--format", "xml"],
        &["diff", "old.json", "old.json", "--unknown"],
        &["no-such-command"],
        &[],
    ] {
        let run = vcc_events(args);
        assert_eq!(run.code, Some(2), "args {args:?}: {}", run.stderr);
        assert!(!run.stderr.is_empty(), "args {args:?}");
    }
}

#[test]
fn help_exits_0() {
    let run = vcc_events(&["diff", "--help"]);
    assert_eq!(run.code, Some(0));
    assert!(
        run.stdout.contains("OLD.json") && run.stdout.contains("--format"),
        "{}",
        run.stdout
    );
}

#[test]
fn text_report_shows_a_counterexample_for_each_broken_direction() {
    let run = vcc_events(&["diff", "old.json", "new_breaks_both.json"]);
    assert_eq!(run.code, Some(1), "stderr: {}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(
        lines[2].starts_with("backward counterexample: {"),
        "{}",
        run.stdout
    );
    assert!(
        lines[3].starts_with("forward counterexample: {"),
        "{}",
        run.stdout
    );
}

#[test]
fn json_counterexamples_are_events_the_producer_schema_accepts_and_the_reader_rejects() {
    let run = vcc_events(&[
        "diff",
        "old.json",
        "new_breaks_both.json",
        "--format",
        "json",
    ]);
    let report: Value = serde_json::from_str(&run.stdout).expect("stdout is one JSON document");
    let read = |name: &str| -> Value {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("JSON")
    };
    let (old, new) = (read("old.json"), read("new_breaks_both.json"));
    let valid = |schema: &Value, v: &Value| {
        jsonschema::options()
            .should_validate_formats(true)
            .build(schema)
            .expect("a schema")
            .is_valid(v)
    };
    let backward = &report["backward_counterexample"]["instance"];
    assert!(
        valid(&old, backward) && !valid(&new, backward),
        "{backward}"
    );
    let forward = &report["forward_counterexample"]["instance"];
    assert!(valid(&new, forward) && !valid(&old, forward), "{forward}");
}

#[test]
fn either_input_can_be_standard_input() {
    let old = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/old.json"),
    )
    .expect("fixture");
    let run = vcc_events_with_stdin(&["diff", "-", "new_forward_break.json"], &old);
    assert_eq!(run.code, Some(1), "stderr: {}", run.stderr);
    assert!(
        run.stdout
            .starts_with("backward compatible: yes\nforward compatible: no\n")
    );
    let run = vcc_events_with_stdin(&["diff", "old.json", "-"], &old);
    assert_eq!(run.code, Some(0), "stderr: {}", run.stderr);
}

#[test]
fn standard_input_cannot_be_both_inputs() {
    let run = vcc_events_with_stdin(&["diff", "-", "-"], "{}");
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("only one of"), "{}", run.stderr);
}

#[test]
fn inputs_larger_than_the_limit_are_refused_naming_them() {
    let run = vcc_events(&["diff", "old.json", "old.json", "--max-size", "100"]);
    assert_eq!(run.code, Some(2));
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains("old.json is larger than 100 bytes"),
        "{}",
        run.stderr
    );
    // An endless stream is cut at the limit, not read to its end.
    let big = format!("{{\"description\": \"{}\"}}", "x".repeat(1 << 20));
    let run = vcc_events_with_stdin(&["diff", "-", "old.json", "--max-size", "1000"], &big);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.contains("<stdin> is larger than 1000 bytes"),
        "{}",
        run.stderr
    );
}

#[test]
fn numbers_beyond_64_bits_are_compared_exactly() {
    let dir = std::env::temp_dir().join(format!("vcc-diff-numbers-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let (old, new) = (dir.join("old.json"), dir.join("new.json"));
    std::fs::write(&old, r#"{"enum": [18446744073709551616]}"#).expect("write");
    std::fs::write(&new, r#"{"enum": [18446744073709551617]}"#).expect("write");
    let run = vcc_events(&[
        "diff",
        old.to_str().expect("UTF-8 path"),
        new.to_str().expect("UTF-8 path"),
    ]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert!(
        run.stdout.contains("18446744073709551617"),
        "{}",
        run.stdout
    );
}

/// The instance `null` is a counterexample like any other: in JSON it is `{"instance": null}`,
/// told apart from `null` (no counterexample).
#[test]
fn a_null_counterexample_is_an_instance_in_json() {
    let run = vcc_events(&[
        "diff",
        "string.json",
        "string_or_null.json",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, Some(1), "stderr: {}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).expect("stdout is one JSON document");
    assert_eq!(
        report["forward_counterexample"],
        serde_json::json!({"instance": null})
    );
    assert_eq!(report["backward_counterexample"], Value::Null);
}

#[test]
fn a_null_counterexample_is_printed_as_null_in_text() {
    let run = vcc_events(&["diff", "string.json", "string_or_null.json"]);
    assert_eq!(run.code, Some(1), "stderr: {}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines[..3],
        [
            "backward compatible: yes",
            "forward compatible: no",
            "forward counterexample: null",
        ]
    );
}

/// A break without a counterexample (an unknown keyword changed, not decided) is `null` in
/// JSON and `not decided` in text.
#[test]
fn no_counterexample_is_null_in_json_and_not_decided_in_text() {
    let args = [
        "diff",
        "string_unknown_keyword.json",
        "string_unknown_keyword_changed.json",
    ];
    let text = vcc_events(&args);
    assert_eq!(text.code, Some(1), "stderr: {}", text.stderr);
    let lines: Vec<&str> = text.stdout.lines().collect();
    assert_eq!(
        lines[2..4],
        [
            "backward counterexample: not decided",
            "forward counterexample: not decided",
        ]
    );
    let json = vcc_events(&[&args[..], &["--format", "json"]].concat());
    let report: Value = serde_json::from_str(&json.stdout).expect("stdout is one JSON document");
    assert_eq!(report["backward_counterexample"], Value::Null);
    assert_eq!(report["forward_counterexample"], Value::Null);
}
