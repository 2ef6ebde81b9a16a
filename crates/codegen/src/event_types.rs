//! `schemas/event-types.json`: the catalog in the shape of the platform's event-types API
//! (`GET /webhooks/event-types`), so that it can be compared with what the platform serves.
//!
//! `{ "$comment": <generated line>, "eventTypes": [ { "name", "description", "jsonSchema",
//! "releaseStatus" } ] }`, one entry per event version in declaration order. `jsonSchema` is a
//! self-contained draft 2020-12 schema of `data` alone, cut out of the version's published
//! schema ([`data_schema`]); `releaseStatus` is the platform's name of the version's
//! stability ([`Stability::release_status`](vcc_events_runtime::Stability::release_status)).

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use vcc_events_runtime::VersionInfo;

use crate::schema::DIALECT;
use crate::{GENERATED_BY, schema};

/// The member of the response that lists the event types.
pub const EVENT_TYPES: &str = "eventTypes";

/// One event type as the event-types API lists it: what this document writes for each event
/// version and what `vcc-events drift` reads from the platform's answer (members in this
/// order).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EventType {
    /// The CloudEvents `type`, e.g. `channel.parked.v0`.
    pub name: String,
    /// What the event tells (absent from some answers: empty then).
    #[serde(default)]
    pub description: String,
    /// The schema of `data` alone ([`data_schema`]).
    pub json_schema: Value,
    /// The platform's name of the version's stability.
    pub release_status: String,
}

impl EventType {
    /// The entry of `info`.
    pub fn of(info: &VersionInfo) -> EventType {
        EventType {
            name: info.event_type.to_owned(),
            description: info.description.to_owned(),
            json_schema: data_schema(info),
            release_status: info.stability.release_status().to_owned(),
        }
    }
}

/// The event-types document of `versions`, in their order. See the [module docs](self).
pub fn event_types(versions: &[&VersionInfo]) -> Value {
    let entries: Vec<EventType> = versions.iter().map(|info| EventType::of(info)).collect();
    json!({ "$comment": GENERATED_BY, EVENT_TYPES: entries })
}

/// The schema of `info`'s `data` alone, self-contained: `$schema`, then the members of the
/// published schema's `properties.data`, then the entries of its `$defs` that `data` refers
/// to (directly or through other entries), in their published order.
///
/// The `$ref`s keep their `#/$defs/<name>` form, which resolves in the new document as in the
/// old one, so this is the same schema of `data`, not a second description of it.
pub fn data_schema(info: &VersionInfo) -> Value {
    let published = schema(info);
    let data = published["properties"]["data"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    let defs = published["$defs"].as_object().cloned().unwrap_or_default();
    let used = referenced_defs(&Value::Object(data.clone()), &defs);
    let mut out = Map::new();
    out.insert("$schema".into(), json!(DIALECT));
    out.extend(data);
    let kept: Map<String, Value> = defs
        .into_iter()
        .filter(|(name, _)| used.contains(name))
        .collect();
    if !kept.is_empty() {
        out.insert("$defs".into(), Value::Object(kept));
    }
    Value::Object(out)
}

/// The names of the `$defs` entries `root` refers to, directly or through other entries.
fn referenced_defs(root: &Value, defs: &Map<String, Value>) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    let mut pending = vec![root];
    while let Some(value) = pending.pop() {
        match value {
            Value::Object(members) => {
                if let Some(Value::String(target)) = members.get("$ref")
                    && let Some(name) = target.strip_prefix("#/$defs/")
                    && let Some(entry) = defs.get(name)
                    && used.insert(name.to_owned())
                {
                    pending.push(entry);
                }
                pending.extend(members.values());
            }
            Value::Array(items) => pending.extend(items),
            _ => {}
        }
    }
    used
}

#[cfg(test)]
mod tests {
    use super::*;
    use vcc_events::agent_presencechanged::v0::Data as Presence;
    use vcc_events_runtime::{EventData, Stability};

    fn presence() -> &'static VersionInfo {
        <Presence as EventData>::INFO
    }

    #[test]
    fn release_status_names_the_stability_as_the_platform_does() {
        assert_eq!(Stability::Beta.release_status(), "Beta");
        assert_eq!(Stability::Stable.release_status(), "General Availability");
        assert_eq!(Stability::Deprecated.release_status(), "Deprecated");
    }

    #[test]
    fn the_data_schema_is_the_published_data_member_with_its_defs() {
        let published = schema(presence());
        let data = data_schema(presence());
        assert_eq!(data["$schema"], DIALECT);
        assert_eq!(data["$ref"], published["properties"]["data"]["$ref"]);
        assert_eq!(
            data["description"],
            published["properties"]["data"]["description"]
        );
        for (name, entry) in data["$defs"].as_object().expect("$defs") {
            assert_eq!(entry, &published["$defs"][name], "{name}");
        }
        assert_eq!(data["$defs"]["User"]["required"], json!(["agentId"]));
        assert!(data.get("properties").is_none(), "no envelope: {data}");
    }

    #[test]
    fn keeps_only_the_defs_data_reaches() {
        let defs = json!({
            "A": { "$ref": "#/$defs/B" },
            "B": { "items": [{ "$ref": "#/$defs/A" }] },
            "C": { "type": "string" },
        });
        let used = referenced_defs(&json!({ "$ref": "#/$defs/A" }), defs.as_object().unwrap());
        assert_eq!(used, BTreeSet::from(["A".to_owned(), "B".to_owned()]));
    }

    #[test]
    fn lists_each_version_in_the_platforms_shape() {
        let doc = event_types(&[presence()]);
        assert_eq!(doc["$comment"], GENERATED_BY);
        let entries = doc[EVENT_TYPES].as_array().expect("an array");
        assert_eq!(entries.len(), 1);
        let keys: Vec<&str> = entries[0]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, ["name", "description", "jsonSchema", "releaseStatus"]);
        assert_eq!(entries[0]["name"], "agent.presencechanged.v0");
        assert_eq!(entries[0]["releaseStatus"], "Beta");
        assert_eq!(entries[0]["jsonSchema"], data_schema(presence()));
    }
}
