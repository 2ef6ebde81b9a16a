//! `packages/asyncapi/asyncapi.json`: the AsyncAPI 3.0.0 document for code generators
//! (`@asyncapi/modelina`, and tools that read AsyncAPI's default schema format).
//!
//! `schemas/asyncapi.json` stays the reference document: its payloads are the published draft
//! 2020-12 schemas, referenced by file name. Few AsyncAPI tools read that multi-format payload
//! well; this document says the same webhook with the payloads in AsyncAPI's own schema format
//! (a superset of draft 07), inline under `components.schemas`, one named entry per event
//! version (`ChannelParkedV0`) and per declared type of its payload (`ChannelParkedV0Party`),
//! so that generators name their models after them and keep the envelope's required members.
//! The schemas say the same rules as the published ones (the same rendering,
//! [`vcc_events_runtime::json_schema`]); only where they live and how they are named differ.

use serde_json::{Map, Value, json};
use vcc_events_runtime::VersionInfo;
use vcc_events_runtime::describe::Used;
use vcc_events_runtime::json_schema::{Definitions, declared, envelope};

use super::{declared_name, pascal};
use crate::asyncapi;

/// The file of the document, relative to the workspace root.
pub const ASYNCAPI_TOOLS_FILE: &str = "packages/asyncapi/asyncapi.json";

/// The package's one file: the document at [`ASYNCAPI_TOOLS_FILE`].
pub fn files(versions: &[&VersionInfo]) -> Vec<crate::GeneratedFile> {
    vec![crate::GeneratedFile {
        path: std::path::PathBuf::from(ASYNCAPI_TOOLS_FILE),
        contents: crate::json_text(&asyncapi_for_tools(versions)),
    }]
}

/// The document: [`asyncapi()`](crate::asyncapi()) with each message's payload a reference to
/// its named schema in `components.schemas`.
pub fn asyncapi_for_tools(versions: &[&VersionInfo]) -> Value {
    let mut document = asyncapi(versions);
    let mut schemas = Map::new();
    for info in versions {
        let name = pascal(info.event_type);
        let mut defs = Components {
            prefix: name.clone(),
            schemas: &mut schemas,
        };
        let mut schema = Map::new();
        schema.insert("title".into(), json!(name));
        schema.insert("description".into(), json!(info.description));
        schema.extend(envelope(info, &mut defs));
        schemas.insert(name.clone(), Value::Object(schema));
        let message = &mut document["components"]["messages"][info.event_type];
        message["payload"] = json!({ "$ref": format!("#/components/schemas/{name}") });
    }
    document["info"]["description"] = json!(
        "The webhook notifications of the VCC contact-center platform: CloudEvents 1.0 events \
         in the JSON format (structured mode), one message per event version.\n\n\
         This document is for code generators: each payload is a named schema in AsyncAPI's \
         own schema format under `components.schemas`. The reference document, whose payloads \
         are the published JSON Schemas (draft 2020-12), is `schemas/asyncapi.json`."
    );
    document["components"]["schemas"] = Value::Object(schemas);
    document
}

/// The declared types of one version, as entries of `components.schemas` named with the
/// version's prefix.
struct Components<'a> {
    prefix: String,
    schemas: &'a mut Map<String, Value>,
}

impl Definitions for Components<'_> {
    fn reference(&mut self, _name: &'static str, used: &Used) -> Map<String, Value> {
        let key = declared_name(&self.prefix, used.shape).unwrap_or_default();
        if !self.schemas.contains_key(&key) {
            // Reserve the entry first: a type that refers to itself finds itself.
            self.schemas.insert(key.clone(), Value::Null);
            let mut entry = declared(used, self);
            if let Value::Object(map) = &mut entry {
                map.insert("title".into(), json!(key));
            }
            self.schemas.insert(key.clone(), entry);
        }
        Map::from_iter([(
            "$ref".to_owned(),
            json!(format!("#/components/schemas/{key}")),
        )])
    }
}
