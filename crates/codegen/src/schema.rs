//! The JSON Schema (draft 2020-12) of one event version: the whole CloudEvent, self-contained.

use serde_json::{Map, Value, json};
use vcc_events_runtime::VersionInfo;
use vcc_events_runtime::describe::{DocOverride, Used};
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
/// entry of `$defs`, named by its declared name; a use that describes members nested in it in
/// its own words (`#[describe]`) gets an entry of its own when it differs from the first
/// (`Name_2`, ...); scalars are written out where they are used.
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
    /// Which declared type each name stands for (its address) and the overrides of the use it
    /// was built for: to catch two types with one name, and to tell the uses of one type that
    /// describe it differently.
    owners: Vec<Owner>,
}

/// One `$defs` entry: its key, the declared type it holds (its address) and the overrides of
/// the use it was built for.
struct Owner {
    key: String,
    address: usize,
    overrides: Vec<DocOverride>,
}

impl Definitions for Defs {
    /// A reference to the entry for `used`, a use of the declared type `name`; builds the entry
    /// the first time. The first use of a type gets the entry `name`; a later use that
    /// describes nested members differently ([`Used::overrides`]) gets `name_2`, `name_3`, ...
    /// in order of first use, so each entry says what its uses say and names are deterministic.
    fn reference(&mut self, name: &'static str, used: &Used) -> Map<String, Value> {
        let address = address(used.shape);
        if let Some(owner) = self.owners.iter().find(|o| o.key == name) {
            assert_eq!(
                owner.address, address,
                "two different declared types are named `{name}`: a schema's $defs needs one name per type"
            );
        }
        let key = match self
            .owners
            .iter()
            .find(|o| o.address == address && o.overrides == used.overrides())
        {
            Some(owner) => owner.key.clone(),
            None => {
                let count = self.owners.iter().filter(|o| o.address == address).count();
                let key = if count == 0 {
                    name.to_owned()
                } else {
                    format!("{name}_{}", count + 1)
                };
                self.owners.push(Owner {
                    key: key.clone(),
                    address,
                    overrides: used.overrides().to_vec(),
                });
                // Reserve the slot first, so that entries appear in order of first use (and
                // a type that refers to itself finds itself registered).
                self.entries.insert(key.clone(), Value::Null);
                let entry = declared(used, self);
                self.entries.insert(key.clone(), entry);
                key
            }
        };
        Map::from_iter([("$ref".to_owned(), json!(format!("#/$defs/{key}")))])
    }
}
