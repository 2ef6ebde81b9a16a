//! The JSON Schema of one event version: member order, envelope attributes, `$defs`.
use serde_json::{Value, json};
use vcc_events::channel_parked::v0::Data;
use vcc_events_codegen::schema;
use vcc_events_runtime::EventData;

fn parked() -> Value {
    schema(<Data as EventData>::INFO)
}

fn keys(value: &Value) -> Vec<&str> {
    value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect()
}

#[test]
fn members_come_in_the_documented_order() {
    assert_eq!(
        keys(&parked()),
        [
            "$comment",
            "$schema",
            "$id",
            "title",
            "description",
            "type",
            "properties",
            "required",
            "propertyNames",
            "additionalProperties",
            "$defs",
            "examples"
        ]
    );
}

#[test]
fn envelope_attributes_come_in_wire_order_and_datacontenttype_is_optional() {
    let schema = parked();
    assert_eq!(
        keys(&schema["properties"]),
        [
            "specversion",
            "type",
            "id",
            "source",
            "subject",
            "time",
            "datacontenttype",
            "data"
        ]
    );
    assert_eq!(
        schema["required"],
        json!([
            "specversion",
            "type",
            "id",
            "source",
            "subject",
            "time",
            "data"
        ])
    );
    assert_eq!(schema["properties"]["type"]["const"], "channel.parked.v0");
    assert_eq!(schema["properties"]["source"]["const"], "/channel");
    assert_eq!(
        schema["properties"]["datacontenttype"]["const"],
        "application/json"
    );
}

#[test]
fn declared_types_are_defs_in_order_of_first_use() {
    let schema = parked();
    assert_eq!(keys(&schema["$defs"]), ["Data", "Channel", "Party", "Role"]);
    assert_eq!(
        schema["properties"]["data"],
        json!({ "$ref": "#/$defs/Data", "description": "The event payload." })
    );
    let party = &schema["$defs"]["Party"];
    assert_eq!(party["required"], json!(["role"]));
    assert!(
        party.get("additionalProperties").is_none(),
        "payload objects are open"
    );
    assert_eq!(
        schema["$defs"]["Role"]["enum"],
        json!(["external", "agent", "monitor", "voicemail"])
    );
}

#[test]
fn scalars_are_written_out_with_format_and_pattern() {
    let schema = parked();
    let subject = &schema["properties"]["subject"];
    assert_eq!(subject["type"], "string");
    assert_eq!(subject["format"], "uuid");
    assert!(
        subject["$comment"]
            .as_str()
            .unwrap()
            .contains("/data/channel/channelId")
    );
    assert_eq!(schema["properties"]["time"]["format"], "date-time");
    assert!(
        schema["properties"]["id"]["$comment"]
            .as_str()
            .unwrap()
            .contains("aWgEPTl1tmebfsQzFP4bxwgy80V")
    );
}

#[test]
fn the_example_keeps_its_member_order() {
    let schema = parked();
    assert_eq!(
        keys(&schema["examples"][0]),
        [
            "specversion",
            "type",
            "id",
            "source",
            "subject",
            "time",
            "datacontenttype",
            "data"
        ]
    );
}
