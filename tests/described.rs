//! `#[describe]`: one use of a shared shape describes members nested in it in its own words.
//! The override changes that use's descriptions (schema, doc page, `schemars`) and nothing
//! else, and the freeze takes it as the description-only change it is.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::{Value, json};
use vcc_events_codegen::freeze::{Status, compare};
use vcc_events_codegen::{GeneratedFile, doc_page, generate_for, schema};
use vcc_events_runtime::{EventData, VersionInfo};
use workspace_tests::described::{after, before};

fn before_info() -> &'static VersionInfo {
    <before::test_described::v0::Data as EventData>::INFO
}

fn after_info() -> &'static VersionInfo {
    <after::test_described::v0::Data as EventData>::INFO
}

fn keys(value: &Value) -> Vec<&str> {
    value
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect()
}

#[test]
fn the_overridden_use_gets_defs_of_its_own_and_the_first_use_keeps_the_declared_ones() {
    let (before, after) = (schema(before_info()), schema(after_info()));
    assert_eq!(keys(&before["$defs"]), ["Data", "Holder", "Party", "Role"]);
    assert_eq!(
        keys(&after["$defs"]),
        ["Data", "Holder", "Party", "Role", "Holder_2", "Party_2"]
    );
    let data = &after["$defs"]["Data"]["properties"];
    assert_eq!(data["first"]["$ref"], "#/$defs/Holder");
    assert_eq!(data["second"]["$ref"], "#/$defs/Holder_2");
    for name in ["Data", "Holder", "Party", "Role"] {
        if name != "Data" {
            assert_eq!(after["$defs"][name], before["$defs"][name], "{name}");
        }
    }

    // `Holder_2` is `Holder` with the overridden description, its party the overridden `Party`.
    let mut holder = before["$defs"]["Holder"].clone();
    holder["properties"]["holderId"]["description"] =
        json!("The ID of the holder the handover went to.");
    holder["properties"]["party"]["$ref"] = json!("#/$defs/Party_2");
    assert_eq!(after["$defs"]["Holder_2"], holder);
    let mut party = before["$defs"]["Party"].clone();
    party["properties"]["agentId"]["description"] =
        json!("The agent ID of the party the handover went to.");
    assert_eq!(after["$defs"]["Party_2"], party);

    // Apart from the `$defs` of the second use, the documents are the same.
    let (mut before, mut after) = (before, after);
    for defs in [&mut before["$defs"], &mut after["$defs"]] {
        let defs = defs.as_object_mut().expect("$defs");
        defs.remove("Holder_2");
        defs.remove("Party_2");
        defs.remove("Data");
    }
    assert_eq!(before, after);
}

#[test]
fn the_published_example_is_valid_against_the_schema_with_overrides() {
    let validator = workspace_tests::validator_of(&schema(after_info()));
    let example: Value = serde_json::from_str(
        &std::fs::read_to_string(
            workspace_tests::workspace_root().join("tests/fixtures/test.shared/described.json"),
        )
        .expect("the example"),
    )
    .expect("JSON");
    assert!(validator.is_valid(&example));
}

#[test]
fn the_doc_page_changes_only_at_the_overridden_members_of_that_use() {
    let (before, after) = (doc_page(before_info()), doc_page(after_info()));
    let (before, after): (Vec<&str>, Vec<&str>) =
        (before.lines().collect(), after.lines().collect());
    assert_eq!(before.len(), after.len());
    let changed: Vec<(&str, &str)> = before
        .iter()
        .zip(&after)
        .filter(|(b, a)| b != a)
        .map(|(b, a)| (*b, *a))
        .collect();
    assert_eq!(
        changed,
        [
            (
                "    - `holderId` — The holder's ID.",
                "    - `holderId` — The ID of the holder the handover went to."
            ),
            (
                "      - `agentId` — The party's agent ID.",
                "      - `agentId` — The agent ID of the party the handover went to."
            ),
        ]
    );
    // The first use, listed first, keeps the declared descriptions.
    let first = after
        .iter()
        .position(|l| l.contains("`holderId` — The holder's ID."))
        .expect("the first use");
    let second = after
        .iter()
        .position(|l| l.contains("`holderId` — The ID of the holder"))
        .expect("the second use");
    assert!(first < second);
}

#[test]
fn schemars_renders_the_override_too() {
    let schema = schemars::schema_for!(vcc_events::CloudEvent<after::test_described::v0::Data>);
    let text = serde_json::to_string(&schema).expect("JSON");
    assert!(text.contains("The ID of the holder the handover went to."));
    assert!(text.contains("The agent ID of the party the handover went to."));
    assert!(text.contains("The holder's ID."));
}

#[test]
fn the_freeze_accepts_an_override_as_a_description_only_change() {
    let files = |info: &'static VersionInfo| -> Vec<GeneratedFile> {
        generate_for(&[info])
            .into_iter()
            .filter(|f| f.path.starts_with("schemas") && f.path.to_string_lossy().contains(".v0."))
            .collect()
    };
    let published: BTreeMap<PathBuf, String> = files(before_info())
        .into_iter()
        .map(|f| (f.path, f.contents))
        .collect();
    let freeze = compare(&files(after_info()), &published);
    let statuses: Vec<(&str, Status)> = freeze
        .comparisons()
        .iter()
        .map(|c| (c.event_type.as_str(), c.status))
        .collect();
    assert_eq!(statuses, [("test.described.v0", Status::Compatible)]);
}
