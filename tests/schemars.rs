//! The catalog's `schemars` feature: for every event version, the schema schemars produces for
//! `CloudEvent<Data>` is the published `schemas/<type>.json` (after leaving out what only a
//! published document has: `$comment`, `$id`, `title`, `examples`), and judges every fixture
//! under `tests/fixtures/<type>/` as the published schema does.

use schemars::{JsonSchema, SchemaGenerator, schema_for};
use serde_json::{Value, json};
use vcc_events::{CloudEvent, EventData, VersionInfo};
use workspace_tests::{fixtures_dir, validator, validator_of};

/// Each version's facts and the schema schemars produces for its `CloudEvent<Data>`.
macro_rules! schemars_schemas {
    ($($family:ident :: $version:ident),* $(,)?) => {
        vec![$((
            <vcc_events::$family::$version::Data as EventData>::INFO,
            serde_json::to_value(schema_for!(CloudEvent<vcc_events::$family::$version::Data>))
                .expect("a schema is JSON"),
        )),*]
    };
}

fn schemars_schemas() -> Vec<(&'static VersionInfo, Value)> {
    schemars_schemas![
        agent_presencechanged::v0,
        channel_alerted::v0,
        channel_alerted::v1,
        channel_connected::v0,
        channel_connectionfailed::v0,
        channel_ended::v0,
        channel_held::v0,
        channel_held::v1,
        channel_parked::v0,
        channel_resumed::v0,
        channel_retrieved::v0,
        channel_unparked::v0,
        channel_wrapstarted::v0,
    ]
}

/// Leaves out the members only a published document has, at the top.
fn normalised(mut schema: Value) -> Value {
    let members = schema.as_object_mut().expect("an object");
    for only_published in ["$comment", "$id", "title", "examples"] {
        members.remove(only_published);
    }
    schema
}

#[test]
fn every_declared_version_is_covered() {
    let covered: Vec<&str> = schemars_schemas()
        .iter()
        .map(|(info, _)| info.event_type)
        .collect();
    let mut declared: Vec<&str> = vcc_events::versions()
        .iter()
        .map(|info| info.event_type)
        .collect();
    declared.sort_unstable();
    assert_eq!(covered, declared);
}

#[test]
fn the_schema_of_each_event_is_the_published_one() {
    for (info, produced) in schemars_schemas() {
        let published = vcc_events_codegen::schema(info);
        assert_eq!(
            normalised(produced),
            normalised(published),
            "{}",
            info.event_type
        );
    }
}

#[test]
fn each_schema_judges_every_fixture_as_the_published_one() {
    for (info, produced) in schemars_schemas() {
        let mut judged = 0;
        let ours = validator_of(&produced);
        let published = validator(info.event_type);
        let folder = fixtures_dir().join(info.event_type);
        let mut files: Vec<_> = std::fs::read_dir(&folder)
            .unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        for path in files {
            let text = std::fs::read_to_string(&path).expect("readable");
            // Fixtures that are not JSON test the decoder, not a schema.
            let Ok(event) = serde_json::from_str::<Value>(&text) else {
                continue;
            };
            assert_eq!(
                ours.is_valid(&event),
                published.is_valid(&event),
                "{}",
                path.display()
            );
            judged += 1;
        }
        assert!(judged > 0, "no fixture of {} judged", info.event_type);
    }
}

/// A partner's own type that embeds two event versions' payloads and a whole event: both
/// `Data` types are definitions under names of their own, each reference leads to its own
/// version's payload, and the event's `data` is the same definition as the payload's.
#[test]
fn two_versions_embed_side_by_side() {
    #[allow(dead_code)]
    struct Notifications {
        parked: vcc_events::channel_parked::v0::Data,
        held: vcc_events::channel_held::v1::Data,
        event: CloudEvent<vcc_events::channel_held::v1::Data>,
    }
    impl JsonSchema for Notifications {
        fn schema_name() -> std::borrow::Cow<'static, str> {
            "Notifications".into()
        }
        fn json_schema(generator: &mut SchemaGenerator) -> schemars::Schema {
            let parked = generator.subschema_for::<vcc_events::channel_parked::v0::Data>();
            let held = generator.subschema_for::<vcc_events::channel_held::v1::Data>();
            let event = generator.subschema_for::<CloudEvent<vcc_events::channel_held::v1::Data>>();
            schemars::json_schema!({
                "type": "object",
                "properties": { "parked": parked, "held": held, "event": event },
                "required": ["parked", "held"],
            })
        }
    }
    let schema = serde_json::to_value(schema_for!(Notifications)).expect("JSON");
    let parked = &schema["properties"]["parked"]["$ref"];
    let held = &schema["properties"]["held"]["$ref"];
    assert_ne!(parked, held, "{schema}");
    let event = schema["properties"]["event"]["$ref"]
        .as_str()
        .and_then(|reference| schema.pointer(reference.trim_start_matches('#')))
        .expect("the event's definition");
    assert_eq!(&event["properties"]["data"]["$ref"], held, "{schema}");
    let example = |info: &VersionInfo| -> Value {
        serde_json::from_str::<Value>(info.example).expect("JSON")["data"].clone()
    };
    let parked_data = example(<vcc_events::channel_parked::v0::Data as EventData>::INFO);
    let held_data = example(<vcc_events::channel_held::v1::Data as EventData>::INFO);
    let both = json!({ "parked": parked_data, "held": held_data });
    assert!(validator_of(&schema).is_valid(&both), "{schema}");
    let mut broken = both.clone();
    broken["held"]["channel"]["channelId"] = json!("not a GUID");
    assert!(!validator_of(&schema).is_valid(&broken));
}
