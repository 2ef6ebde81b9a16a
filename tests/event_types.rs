//! `schemas/event-types.json`: the catalog in the shape of the platform's event-types API. Its
//! schema of `data` is the published schema's, cut out: on every fixture it judges `data` as
//! the whole schema does.

use serde_json::Value;
use vcc_events::VersionInfo;
use vcc_events_codegen::event_types::data_schema;
use workspace_tests::{all_cases, validator_of, workspace_root};

fn published() -> Value {
    let text = std::fs::read_to_string(workspace_root().join("schemas/event-types.json"))
        .expect("schemas/event-types.json is generated");
    serde_json::from_str(&text).expect("it is JSON")
}

fn info(event_type: &str) -> &'static VersionInfo {
    vcc_events::versions()
        .into_iter()
        .find(|info| info.event_type == event_type)
        .unwrap_or_else(|| panic!("{event_type} is not declared"))
}

#[test]
fn lists_every_declared_version_with_its_release_status() {
    let doc = published();
    let entries = doc["eventTypes"].as_array().expect("eventTypes");
    let names: Vec<&str> = entries.iter().filter_map(|e| e["name"].as_str()).collect();
    let declared: Vec<&str> = vcc_events::versions()
        .iter()
        .map(|info| info.event_type)
        .collect();
    assert_eq!(names, declared);
    for entry in entries {
        let info = info(entry["name"].as_str().unwrap_or_default());
        assert_eq!(entry["releaseStatus"], info.stability.release_status());
        assert_eq!(entry["description"], info.description);
        assert_eq!(entry["jsonSchema"], data_schema(info));
    }
}

#[test]
fn every_data_schema_is_a_valid_draft_2020_12_schema() {
    for entry in published()["eventTypes"].as_array().expect("eventTypes") {
        if let Err(e) = jsonschema::draft202012::meta::validate(&entry["jsonSchema"]) {
            panic!("{}: {e}", entry["name"]);
        }
    }
}

/// For each fixture with a `data` member: the data schema accepts it exactly when the whole
/// published schema accepts the version's example with that `data` in place.
#[test]
fn the_data_schema_judges_data_as_the_published_schema_does() {
    let mut checked = 0;
    for case in all_cases() {
        let Ok(fixture) = serde_json::from_slice::<Value>(&case.bytes()) else {
            continue;
        };
        let Some(data) = fixture.get("data") else {
            continue;
        };
        let info = info(case.folder);
        let whole = validator_of(&vcc_events_codegen::schema(info));
        let alone = validator_of(&data_schema(info));
        let mut event: Value = serde_json::from_str(info.example).expect("the example is JSON");
        event["data"] = data.clone();
        assert_eq!(
            alone.is_valid(data),
            whole.is_valid(&event),
            "{}/{}",
            case.folder,
            case.file
        );
        checked += 1;
    }
    assert!(checked > 50, "only {checked} fixtures have `data`");
}
