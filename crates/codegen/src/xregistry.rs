//! `schemas/xregistry.json`: an xRegistry document (message and schema registries, spec
//! version [`XREGISTRY_SPEC_VERSION`]) of the catalog.
//!
//! - `messagegroups.vcc.events` ([`GROUP`]): `envelope` `CloudEvents/1.0`, and under
//!   `messages` one message definition per event version, keyed by its CloudEvents `type` (as
//!   the message spec recommends). Each has `envelope` `CloudEvents/1.0`, `envelopemetadata`
//!   declaring every envelope attribute (`type` and `source` with their fixed `value`,
//!   `specversion` `1.0`, `datacontenttype` `application/json`; `id`, `subject` and `time`
//!   with type, presence and description), `envelopeoptions` (structured mode,
//!   `application/cloudevents+json`), `datacontenttype` `application/cloudevents+json` (in
//!   structured mode the message's content type is the envelope's), `dataschemaformat`
//!   `JsonSchema/draft/2020-12` and `dataschemauri` pointing at the schema of `data` inside
//!   the version's schema in the schema group:
//!   `/schemagroups/vcc.events/schemas/<type>#/properties/data` (the schema's xid, and a JSON
//!   pointer into the schema document, as the schema spec allows for JSON Schema). Labels give
//!   the family, version and stability; a deprecated version has `deprecated`, pointing at the
//!   family's newest version.
//! - `schemagroups.vcc.events`: `format` `JsonSchema/draft/2020-12`, and under `schemas` one
//!   schema per event version, keyed by its type, whose single version `1` holds the published
//!   schema (envelope and payload) inline as `schema`. One schema per event version rather
//!   than per family: xRegistry requires a breaking change to make a new schema, and a family's
//!   versions may break each other (the schema spec recommends the major version in the
//!   schema id). Compatible revisions of a published version replace version `1` in place;
//!   `schemas/index.json` gives the SHA-256 of the current text.
//!
//! The file is an import document: what a registry would accept to create these entities.
//! Attributes a registry manages itself (`self`, `xid`, `epoch`, `createdat`, `modifiedat`,
//! collection URLs and counts) are left out, so the text depends on the declarations alone.
//! The generated-by line ends the registry's `description`, the second member.

use serde_json::{Map, Value, json};
use vcc_events_runtime::{Stability, VersionInfo};

use crate::asyncapi::CLOUDEVENTS_JSON;
use vcc_events_runtime::envelope::{self, AttributeValue, ValueKind};

use crate::{GENERATED_BY, schema};

/// The xRegistry specification version the document follows.
pub const XREGISTRY_SPEC_VERSION: &str = "1.0-rc4";

/// The id of the message group and of the schema group.
pub const GROUP: &str = "vcc.events";

/// The CloudEvents envelope, as xRegistry names it.
pub const ENVELOPE: &str = "CloudEvents/1.0";

/// The xRegistry format name of the published schemas' dialect.
pub const JSON_SCHEMA_FORMAT: &str = "JsonSchema/draft/2020-12";

/// The version id of each schema's single version.
pub const SCHEMA_VERSION_ID: &str = "1";

/// The xRegistry document of `versions` (families in declaration order, versions oldest first;
/// messages and schemas come in that order). See the [module docs](self) for its shape.
pub fn xregistry(versions: &[&VersionInfo]) -> Value {
    let messages: Map<String, Value> = versions
        .iter()
        .map(|info| (info.event_type.to_owned(), message(info, versions)))
        .collect();
    let schemas: Map<String, Value> = versions
        .iter()
        .map(|info| (info.event_type.to_owned(), schema_resource(info)))
        .collect();
    json!({
        "specversion": XREGISTRY_SPEC_VERSION,
        "description": format!(
            "The webhook notifications of the VCC contact-center platform: a \
             CloudEvents message definition and a JSON Schema per event version. {GENERATED_BY}"
        ),
        "registryid": "vcc-events",
        "name": "VCC webhook events",
        "messagegroups": {
            GROUP: {
                "messagegroupid": GROUP,
                "name": "VCC webhook events",
                "description": "Every event version the platform sends to a partner's webhook \
                    URL, one CloudEvent in structured JSON per HTTP POST; the `type` attribute \
                    tells them apart.",
                "envelope": ENVELOPE,
                "messages": messages,
            },
        },
        "schemagroups": {
            GROUP: {
                "schemagroupid": GROUP,
                "name": "VCC webhook event schemas",
                "description": "The published JSON Schema (draft 2020-12) of each event \
                    version: the whole notification, envelope and payload.",
                "format": JSON_SCHEMA_FORMAT,
                "schemas": schemas,
            },
        },
    })
}

/// The xid of the schema resource of `info`'s schema.
pub fn schema_xid(info: &VersionInfo) -> String {
    format!("/schemagroups/{GROUP}/schemas/{}", info.event_type)
}

/// The message definition of one event version.
fn message(info: &VersionInfo, versions: &[&VersionInfo]) -> Value {
    let mut message = Map::new();
    let mut put = |key: &str, value: Value| {
        message.insert(key.to_owned(), value);
    };
    put("messageid", json!(info.event_type));
    put("name", json!(info.event_type));
    put("description", json!(info.description));
    put(
        "labels",
        json!({
            "family": info.family,
            "version": info.version,
            "stability": info.stability.as_str(),
        }),
    );
    if info.stability == Stability::Deprecated {
        let newest = versions
            .iter()
            .rev()
            .find(|other| other.family == info.family)
            .filter(|newest| newest.event_type != info.event_type);
        let deprecated = match newest {
            Some(newest) => json!({
                "alternative": format!("/messagegroups/{GROUP}/messages/{}", newest.event_type)
            }),
            None => json!({}),
        };
        put("deprecated", deprecated);
    }
    put("envelope", json!(ENVELOPE));
    put("envelopemetadata", envelope_metadata(info));
    put(
        "envelopeoptions",
        json!({ "mode": "structured", "format": CLOUDEVENTS_JSON }),
    );
    // The message's own content type, named after the CloudEvents attribute.
    put(
        envelope::attribute(ValueKind::ContentType).name,
        json!(CLOUDEVENTS_JSON),
    );
    put("dataschemaformat", json!(JSON_SCHEMA_FORMAT));
    put(
        "dataschemauri",
        json!(format!("{}#/properties/data", schema_xid(info))),
    );
    Value::Object(message)
}

/// The declarations of the envelope attributes (all but `data`), in wire order: type, fixed
/// value, presence, description.
fn envelope_metadata(info: &VersionInfo) -> Value {
    let declarations: Map<String, Value> = info
        .attributes()
        .into_iter()
        .filter(|attribute| attribute.spec.value != ValueKind::Data)
        .map(|attribute| {
            let kind = match attribute.spec.value {
                ValueKind::DateTime => "timestamp",
                ValueKind::Source => "uritemplate",
                _ => "string",
            };
            let mut declaration = Map::new();
            declaration.insert("type".into(), json!(kind));
            if let AttributeValue::Const(value) = attribute.value {
                declaration.insert("value".into(), json!(value));
            }
            declaration.insert("required".into(), json!(attribute.spec.required));
            if !attribute.description.is_empty() {
                declaration.insert("description".into(), json!(attribute.description));
            }
            (attribute.spec.name.to_owned(), Value::Object(declaration))
        })
        .collect();
    Value::Object(declarations)
}

/// The schema resource of one event version: its single version holds the published schema.
fn schema_resource(info: &VersionInfo) -> Value {
    let description = format!(
        "The JSON Schema (draft 2020-12) of the whole {} notification, envelope and payload.",
        info.event_type
    );
    json!({
        "schemaid": info.event_type,
        "name": info.event_type,
        "description": description,
        "format": JSON_SCHEMA_FORMAT,
        "versions": {
            SCHEMA_VERSION_ID: {
                "schemaid": info.event_type,
                "versionid": SCHEMA_VERSION_ID,
                "description": description,
                "format": JSON_SCHEMA_FORMAT,
                "contenttype": "application/schema+json",
                "schema": schema(info),
            },
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use vcc_events::channel_parked::v0::Data;
    use vcc_events_runtime::EventData;

    fn parked() -> &'static VersionInfo {
        <Data as EventData>::INFO
    }

    #[test]
    fn the_schema_group_holds_the_published_schema_inline() {
        let doc = xregistry(&[parked()]);
        let resource = &doc["schemagroups"]["vcc.events"]["schemas"]["channel.parked.v0"];
        assert_eq!(resource["versions"]["1"]["schema"], schema(parked()));
        assert_eq!(resource["versions"]["1"]["format"], JSON_SCHEMA_FORMAT);
        assert_eq!(
            schema_xid(parked()),
            "/schemagroups/vcc.events/schemas/channel.parked.v0"
        );
    }

    fn string() -> vcc_events_runtime::describe::Shape {
        use vcc_events_runtime::describe::Describe;
        String::describe()
    }

    const fn thing(event_type: &'static str, stability: Stability) -> VersionInfo {
        VersionInfo {
            event_type,
            family: "test.thing",
            version: "v0",
            stability,
            description: "A thing.",
            source: "/thing",
            subject_doc: "The thing.",
            subject_pointer: "/data",
            subject: string,
            data: string,
            example: "{}",
            why: "",
            meanings: &[],
            transition: None,
        }
    }

    static THING_V0: VersionInfo = thing("test.thing.v0", Stability::Deprecated);
    static THING_V1: VersionInfo = thing("test.thing.v1", Stability::Stable);

    #[test]
    fn a_deprecated_version_points_at_the_newest_one() {
        let versions = [&THING_V0, &THING_V1];
        assert_eq!(
            message(&THING_V0, &versions)["deprecated"],
            json!({ "alternative": "/messagegroups/vcc.events/messages/test.thing.v1" })
        );
        assert!(message(&THING_V1, &versions).get("deprecated").is_none());
        assert_eq!(
            message(&THING_V0, &[&THING_V0])["deprecated"],
            json!({}),
            "deprecated, and the newest"
        );
    }

    #[test]
    fn the_generated_line_is_in_the_second_member() {
        let doc = xregistry(&[parked()]);
        let keys: Vec<&str> = doc
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(&keys[..2], ["specversion", "description"]);
        assert!(doc["description"].as_str().unwrap().ends_with(GENERATED_BY));
    }
}
