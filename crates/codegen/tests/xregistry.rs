//! The xRegistry document: a message's envelope metadata comes from the envelope table.

use serde_json::json;
use vcc_events::channel_parked::v0::Data;
use vcc_events_codegen::xregistry;
use vcc_events_runtime::{EventData, VersionInfo};

fn parked() -> &'static VersionInfo {
    <Data as EventData>::INFO
}

#[test]
fn a_message_fixes_type_and_source_and_points_at_the_payload_schema() {
    let doc = xregistry(&[parked()]);
    let message = &doc["messagegroups"]["vcc.events"]["messages"]["channel.parked.v0"];
    assert_eq!(message["envelope"], "CloudEvents/1.0");
    let metadata = &message["envelopemetadata"];
    assert_eq!(
        metadata["type"],
        json!({
            "type": "string",
            "value": "channel.parked.v0",
            "required": true,
            "description": "The type of event, which is channel.parked.v0. This comprises three parts: the entity performing the event, a description of the event, and the version of the event.",
        })
    );
    assert_eq!(metadata["source"]["value"], "/channel");
    assert_eq!(metadata["source"]["type"], "uritemplate");
    assert_eq!(metadata["specversion"]["value"], "1.0");
    assert_eq!(metadata["time"]["type"], "timestamp");
    assert_eq!(metadata["datacontenttype"]["required"], false);
    assert!(metadata.get("data").is_none());
    assert!(metadata["id"].get("value").is_none());
    assert_eq!(message["dataschemaformat"], "JsonSchema/draft/2020-12");
    assert_eq!(
        message["dataschemauri"],
        "/schemagroups/vcc.events/schemas/channel.parked.v0#/properties/data"
    );
    assert!(message.get("deprecated").is_none());
}
