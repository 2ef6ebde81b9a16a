//! The JSON Schema (draft 2020-12) of one event version: the whole CloudEvent, self-contained.

use serde_json::{Map, Value, json};
use vcc_events_runtime::VersionInfo;
use vcc_events_runtime::describe::{EnumShape, ScalarShape, Shape, StructShape};
use vcc_events_runtime::envelope::{Attribute, AttributeValue};

use crate::{GENERATED_BY, example, schema_id};

/// The meta-schema the published schemas are written against.
pub const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The JSON Schema of `info`'s events: envelope and payload in one self-contained document.
///
/// It says what the decoder checks, except the rules JSON Schema cannot express (noted in
/// `$comment`s at the members concerned): unknown top-level members are extension attributes
/// (names `^[a-z0-9]{1,20}$`, string, integer or boolean values; so `data_base64` is refused);
/// payload objects are open; optional members may be left out but are never `null`. Each
/// declared struct and enum is one entry of `$defs`, named by its declared name; scalars are
/// written out where they are used.
///
/// # Panics
///
/// When two different declared types of the version share a name, or the example is not JSON.
pub fn schema(info: &VersionInfo) -> Value {
    let mut defs = Defs::default();
    let attributes = info.attributes();
    let extensions = info.extensions();
    let properties: Map<String, Value> = attributes
        .iter()
        .map(|attribute| {
            (
                attribute.spec.name.to_owned(),
                attribute_schema(attribute, &mut defs),
            )
        })
        .collect();
    let required: Vec<&str> = attributes
        .iter()
        .filter(|a| a.spec.required)
        .map(|a| a.spec.name)
        .collect();
    json!({
        "$comment": GENERATED_BY,
        "$schema": DIALECT,
        "$id": schema_id(info),
        "title": info.event_type,
        "description": info.description,
        "type": "object",
        "properties": properties,
        "required": required,
        "propertyNames": { "pattern": extensions.name_pattern },
        "additionalProperties": {
            "description": extensions.description,
            "type": extensions.value_types,
        },
        "$defs": defs.entries,
        "examples": [example(info)],
    })
}

/// The schema of one envelope attribute.
fn attribute_schema(attribute: &Attribute, defs: &mut Defs) -> Value {
    match attribute.value {
        AttributeValue::Const(value) => {
            let mut schema = object([("type", json!("string")), ("const", json!(value))]);
            describe(&mut schema, &attribute.description);
            Value::Object(schema)
        }
        AttributeValue::Shape(shape) => member_schema(
            shape,
            &attribute.description,
            attribute.rule.as_deref(),
            defs,
        ),
    }
}

/// The schema of a member of `shape`: its [use-site schema](use_site), then its `description`,
/// then a `$comment` naming the rules the decoder checks and the schema does not (the
/// scalar's own, and `rule`).
fn member_schema(shape: Shape, doc: &str, rule: Option<&str>, defs: &mut Defs) -> Value {
    let mut schema = use_site(shape, defs);
    describe(&mut schema, doc);
    let scalar_rule = match shape {
        Shape::Scalar(scalar) => scalar.code_only_rule,
        _ => None,
    };
    let rules: Vec<&str> = scalar_rule.into_iter().chain(rule).collect();
    if !rules.is_empty() {
        schema.insert("$comment".into(), code_only(&rules.join("; ")));
    }
    Value::Object(schema)
}

/// The schema of a value of `shape` where it is used: scalars written out, declared types as
/// a `$ref` to their `$defs` entry (built on first use).
fn use_site(shape: Shape, defs: &mut Defs) -> Map<String, Value> {
    match shape {
        Shape::Scalar(scalar) => scalar_schema(scalar),
        Shape::Struct(s) => defs.reference(s.name, s as *const StructShape as usize, || {
            Declared::Struct(s)
        }),
        Shape::Enum(e) => {
            defs.reference(e.name, e as *const EnumShape as usize, || Declared::Enum(e))
        }
        Shape::Array(items) => {
            let items = member_schema(items(), "", None, defs);
            object([("type", json!("array")), ("items", items)])
        }
    }
}

fn scalar_schema(scalar: &ScalarShape) -> Map<String, Value> {
    let mut schema = object([("type", json!(scalar.json_type))]);
    if let Some(format) = scalar.format {
        schema.insert("format".into(), json!(format));
    }
    if let Some(pattern) = scalar.pattern {
        schema.insert("pattern".into(), json!(pattern));
    }
    schema
}

/// A `$comment` for a rule the decoder checks and this schema does not.
fn code_only(rule: &str) -> Value {
    json!(format!(
        "Also checked on decode, not expressible in JSON Schema: {rule}."
    ))
}

/// Adds `description` unless `doc` is empty.
fn describe(schema: &mut Map<String, Value>, doc: &str) {
    if !doc.is_empty() {
        schema.insert("description".into(), json!(doc));
    }
}

fn object<const N: usize>(members: [(&str, Value); N]) -> Map<String, Value> {
    members
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect()
}

/// A declared type, the content of one `$defs` entry.
enum Declared {
    Struct(&'static StructShape),
    Enum(&'static EnumShape),
}

/// The `$defs` of one schema, in order of first use.
#[derive(Default)]
struct Defs {
    entries: Map<String, Value>,
    /// Which declared type each name stands for (its address), to catch two types with one name.
    owners: Vec<(&'static str, usize)>,
}

impl Defs {
    /// A reference to the entry `name`, which holds the type at `address`; builds the entry
    /// the first time.
    fn reference(
        &mut self,
        name: &'static str,
        address: usize,
        declared: impl FnOnce() -> Declared,
    ) -> Map<String, Value> {
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
                let entry = self.definition(declared());
                self.entries.insert(name.to_owned(), entry);
            }
        }
        object([("$ref", json!(format!("#/$defs/{name}")))])
    }

    fn definition(&mut self, declared: Declared) -> Value {
        match declared {
            Declared::Struct(s) => {
                let mut schema = object([("type", json!("object"))]);
                describe(&mut schema, s.doc);
                let properties: Map<String, Value> = s
                    .fields
                    .iter()
                    .map(|field| {
                        (
                            field.name.to_owned(),
                            member_schema((field.shape)(), field.doc, None, self),
                        )
                    })
                    .collect();
                schema.insert("properties".into(), Value::Object(properties));
                let required: Vec<&str> = s
                    .fields
                    .iter()
                    .filter(|f| f.required)
                    .map(|f| f.name)
                    .collect();
                if !required.is_empty() {
                    schema.insert("required".into(), json!(required));
                }
                Value::Object(schema)
            }
            Declared::Enum(e) => {
                let values: Vec<&str> = e.variants.iter().map(|v| v.name).collect();
                // An open set accepts any string: its documented values are examples.
                let keyword = if e.open { "examples" } else { "enum" };
                let mut schema = object([("type", json!("string")), (keyword, json!(values))]);
                describe(&mut schema, e.doc);
                Value::Object(schema)
            }
        }
    }
}
