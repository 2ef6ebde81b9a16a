//! `vcc-events drift`, run as a process: the catalog's own event-types document does not
//! drift; an answer modelled on the platform's documented one (`event-types/documented.json`:
//! only `agent.presencechanged.v0`, whose `user` lists only `agentId`) does.

mod support;

use std::path::Path;

use serde_json::{Value, json};
use support::{vcc_events, vcc_events_with_stdin};

/// The catalog's generated `schemas/event-types.json`.
fn own_event_types() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas/event-types.json");
    std::fs::read_to_string(path).expect("schemas/event-types.json is generated")
}

fn json_of(stdout: &str) -> Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}"))
}

#[test]
fn the_catalogs_own_event_types_do_not_drift() {
    let run = vcc_events_with_stdin(&["drift", "-"], &own_event_types());
    assert_eq!(
        run.code,
        Some(0),
        "stdout: {}\nstderr: {}",
        run.stdout,
        run.stderr
    );
    assert_eq!(run.stdout, "no drift\n");
}

#[test]
fn no_drift_in_json_is_empty_lists() {
    let run = vcc_events_with_stdin(&["drift", "-", "--format", "json"], &own_event_types());
    assert_eq!(run.code, Some(0), "stderr: {}", run.stderr);
    assert_eq!(
        json_of(&run.stdout),
        json!({
            "drift": false,
            "missing_in_catalog": [],
            "missing_on_platform": [],
            "changed": [],
            "release_status": [],
        })
    );
}

#[test]
fn the_documented_answer_lacks_the_channel_types_and_changes_the_presence_schema() {
    let run = vcc_events(&["drift", "event-types/documented.json", "--format", "json"]);
    assert_eq!(run.code, Some(1), "stderr: {}", run.stderr);
    let report = json_of(&run.stdout);
    assert_eq!(report["drift"], true);
    assert_eq!(report["missing_in_catalog"], json!([]));
    let missing: Vec<&str> = report["missing_on_platform"]
        .as_array()
        .expect("an array")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(missing.contains(&"channel.parked.v0"), "{missing:?}");
    assert!(
        !missing.contains(&"agent.presencechanged.v0"),
        "{missing:?}"
    );
    assert_eq!(report["release_status"], json!([]), "both say Beta");

    let changed = report["changed"].as_array().expect("an array");
    assert_eq!(changed.len(), 1);
    let presence = &changed[0];
    assert_eq!(presence["name"], "agent.presencechanged.v0");
    // The platform's schema accepts every event the catalog's does, not the reverse.
    assert_eq!(presence["backward_compatible"], true);
    assert_eq!(presence["forward_compatible"], false);
    let changes_at = |pointer: &str| -> Vec<Value> {
        presence["changes"]
            .as_array()
            .expect("changes")
            .iter()
            .filter(|c| c["pointer"] == pointer)
            .cloned()
            .collect()
    };
    // The documented schema lists only `agentId` under `user`.
    let user_id = changes_at("/properties/user/properties/userId");
    assert_eq!(user_id.len(), 1, "{presence}");
    assert!(
        user_id[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("`user.userId` was removed")),
        "{user_id:?}"
    );
    // It leaves `agentId` optional and unconstrained: old readers reject what it allows.
    assert!(
        changes_at("/properties/user/properties/agentId")
            .iter()
            .any(|c| c["breaks"] == json!(["forward"])),
        "{presence}"
    );
}

/// `changed` entries are `vcc-events diff --format json` reports with a `name`.
#[test]
fn a_changed_entry_is_the_diff_report_of_catalog_to_platform() {
    let drift = vcc_events(&["drift", "event-types/documented.json", "--format", "json"]);
    let mut entry = json_of(&drift.stdout)["changed"][0].clone();
    entry.as_object_mut().expect("an object").remove("name");

    let documented: Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/event-types/documented.json"),
        )
        .expect("the fixture"),
    )
    .expect("JSON");
    let ours = json_of(&own_event_types());
    let schema_of = |doc: &Value| {
        doc["eventTypes"]
            .as_array()
            .and_then(|types| {
                types
                    .iter()
                    .find(|t| t["name"] == "agent.presencechanged.v0")
            })
            .map(|t| t["jsonSchema"].to_string())
            .expect("the presence entry")
    };
    let dir = std::env::temp_dir().join(format!("vcc-events-drift-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let (old, new) = (dir.join("old.json"), dir.join("new.json"));
    std::fs::write(&old, schema_of(&ours)).expect("written");
    std::fs::write(&new, schema_of(&documented)).expect("written");
    let diff = vcc_events(&[
        "diff",
        old.to_str().expect("UTF-8"),
        new.to_str().expect("UTF-8"),
        "--format",
        "json",
    ]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(entry, json_of(&diff.stdout));
    // A counterexample is `{"instance": ...}`, or `null` when there is none.
    for direction in ["backward_counterexample", "forward_counterexample"] {
        let example = &entry[direction];
        assert!(
            example.is_null() || example.get("instance").is_some(),
            "{direction}: {example}"
        );
    }
}

#[test]
fn the_text_report_lists_each_kind_of_drift() {
    let run = vcc_events(&["drift", "event-types/documented.json"]);
    assert_eq!(run.code, Some(1), "stderr: {}", run.stderr);
    for line in [
        "missing on platform: channel.parked.v0",
        "changed: agent.presencechanged.v0 (catalog -> platform)",
        "  backward compatible: yes",
        "  forward compatible: no",
    ] {
        assert!(
            run.stdout.lines().any(|l| l == line),
            "{line:?} missing:\n{}",
            run.stdout
        );
    }
}

#[test]
fn a_type_the_catalog_lacks_and_a_different_release_status_drift() {
    let mut response = json_of(&own_event_types());
    let types = response["eventTypes"].as_array_mut().expect("eventTypes");
    let parked = types
        .iter_mut()
        .find(|t| t["name"] == "channel.parked.v0")
        .expect("channel.parked.v0");
    parked["releaseStatus"] = json!("General Availability");
    types.push(json!({
        "name": "channel.interrupted.v0",
        "description": "Not in the catalog.",
        "jsonSchema": { "type": "object" },
        "releaseStatus": "Beta",
    }));
    let run = vcc_events_with_stdin(&["drift", "-", "--format", "json"], &response.to_string());
    assert_eq!(run.code, Some(1), "stderr: {}", run.stderr);
    let report = json_of(&run.stdout);
    assert_eq!(
        report["missing_in_catalog"],
        json!(["channel.interrupted.v0"])
    );
    assert_eq!(report["missing_on_platform"], json!([]));
    assert_eq!(report["changed"], json!([]));
    assert_eq!(
        report["release_status"],
        json!([{
            "name": "channel.parked.v0",
            "catalog": "Beta",
            "platform": "General Availability",
        }])
    );
}

#[test]
fn an_answer_that_is_not_json_exits_2_naming_the_line() {
    let run = vcc_events(&["drift", "not_json.json"]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.contains("not_json.json is not valid JSON"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("line "), "{}", run.stderr);
    assert_eq!(run.stdout, "");
}

#[test]
fn an_answer_of_the_wrong_shape_exits_2_naming_the_member() {
    let run = vcc_events_with_stdin(
        &["drift", "-"],
        r#"{ "eventTypes": [ { "name": "x", "releaseStatus": "Beta", "jsonSchema": 3 } ] }"#,
    );
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr
            .contains("<stdin> at /eventTypes/0/jsonSchema: expected a JSON Schema"),
        "{}",
        run.stderr
    );
    let run = vcc_events_with_stdin(
        &["drift", "-"],
        r#"{ "eventTypes": [ { "name": "x", "jsonSchema": true } ] }"#,
    );
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.contains(
            "<stdin> at /eventTypes/0: expected an event type (missing field `releaseStatus`)"
        ),
        "{}",
        run.stderr
    );
    let run = vcc_events_with_stdin(&["drift", "-"], "[]");
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.contains("<stdin> at (root): expected an object"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_answer_past_the_size_limit_exits_2() {
    let run = vcc_events_with_stdin(&["drift", "-", "--max-size", "10"], &own_event_types());
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.contains("larger than 10 bytes"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_missing_file_exits_2() {
    let run = vcc_events(&["drift", "no-such-answer.json"]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.contains("cannot read no-such-answer.json"),
        "{}",
        run.stderr
    );
}
