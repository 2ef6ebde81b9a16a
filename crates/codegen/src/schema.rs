//! The JSON Schema (draft 2020-12) of one event version: the whole CloudEvent, self-contained.

use serde_json::{Map, Value, json};
use vcc_events_runtime::VersionInfo;
use vcc_events_runtime::describe::Shape;
use vcc_events_runtime::json_schema::{Definitions, address, declared, envelope};

use crate::{GENERATED_BY, example, schema_id};

/// The meta-schema the published schemas are written against.
pub const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The JSON Schema of `info`'s events: envelope and payload in one self-contained document.
///
/// The envelope and the declared types are rendered by
/// [`vcc_events_runtime::json_schema`] (see [`envelope`] for what the schema says and what
/// it leaves to the decoder); this adds the document's header (`$comment`, `$schema`, `$id`,
/// `title`, `description`), the `$defs` and the example. Each declared struct and enum is one
/// entry of `$defs`, named by its declared name; scalars are written out where they are used.
///
/// # Panics
///
/// When two different declared types of the version share a name, or the example is not JSON.
pub fn schema(info: &VersionInfo) -> Value {
    let mut defs = Defs::default();
    let mut document = Map::new();
    document.insert("$comment".into(), json!(GENERATED_BY));
    document.insert("$schema".into(), json!(DIALECT));
    document.insert("$id".into(), json!(schema_id(info)));
    document.insert("title".into(), json!(info.event_type));
    document.insert("description".into(), json!(info.description));
    document.extend(envelope(info, &mut defs));
    document.insert("$defs".into(), Value::Object(defs.entries));
    document.insert("examples".into(), json!([example(info)]));
    Value::Object(document)
}

/// The `$defs` of one schema, in order of first use.
#[derive(Default)]
struct Defs {
    entries: Map<String, Value>,
    /// Which declared type each name stands for (its address), to catch two types with one name.
    owners: Vec<(&'static str, usize)>,
}

impl Definitions for Defs {
    /// A reference to the entry `name`, which holds `shape`; builds the entry the first time.
    fn reference(&mut self, name: &'static str, shape: Shape) -> Map<String, Value> {
        let address = address(shape);
        match self.owners.iter().find(|(n, _)| *n == name) {
            Some((_, owner)) => assert_eq!(
                *owner, address,
                "two different declared types are named `{name}`: a schema's $defs needs one name per type"
            ),
            None => {
                self.owners.push((name, address));
                // Reserve the slot first, so that entries appear in order of first use (and
                // a type that refers to itself finds itself registered).
                self.entries.insert(name.to_owned(), Value::Null);
                let entry = declared(shape, self);
                self.entries.insert(name.to_owned(), entry);
            }
        }
        Map::from_iter([("$ref".to_owned(), json!(format!("#/$defs/{name}")))])
    }
}
