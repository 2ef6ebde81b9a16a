//! The JSON Schema (draft 2020-12) of the [reflection model](crate::describe) and of the
//! envelope: the one rendering that the published schemas (crates/codegen) and the
//! `schemars` impls (the `schemars` module, feature `schemars`) share. Where declared types
//! are defined, and how they are referred to, is up to the caller's [`Definitions`].

use serde_json::{Map, Value, json};

use crate::VersionInfo;
use crate::describe::{ScalarShape, Shape, Used};
use crate::envelope::{Attribute, AttributeValue};

/// Where the schemas of declared types (structs and enums) are defined.
pub trait Definitions {
    /// The schema that refers to the definition of the declared type `used` (a struct or an
    /// enum, named `name`, as used at one place), building the definition with [`declared`]
    /// the first time. Two uses of one type with different [overrides](Used::overrides)
    /// describe it differently: each needs a definition of its own.
    fn reference(&mut self, name: &'static str, used: &Used) -> Map<String, Value>;
}

/// The identity of a declared type: the address of its static shape.
pub fn address(shape: Shape) -> usize {
    match shape {
        Shape::Struct(s) => std::ptr::from_ref(s) as usize,
        Shape::Enum(e) => std::ptr::from_ref(e) as usize,
        Shape::Scalar(s) => std::ptr::from_ref(s) as usize,
        Shape::Array(items) => items as usize,
    }
}

/// The members of the schema of a whole event of `info`'s version: `type`, `properties` (the
/// envelope attributes in wire order), `required`, `propertyNames` and
/// `additionalProperties` (the extension attributes).
///
/// It says what the decoder checks, except the rules JSON Schema cannot express (noted in
/// `$comment`s at the members concerned): unknown top-level members are extension attributes
/// (names `^[a-z0-9]{1,20}$`, string, integer or boolean values; so `data_base64` is refused);
/// payload objects are open; optional members may be left out but are never `null`.
pub fn envelope(info: &VersionInfo, defs: &mut dyn Definitions) -> Map<String, Value> {
    let attributes = info.attributes();
    let extensions = info.extensions();
    let properties: Map<String, Value> = attributes
        .iter()
        .map(|attribute| {
            (
                attribute.spec.name.to_owned(),
                attribute_schema(attribute, defs),
            )
        })
        .collect();
    let required: Vec<&str> = attributes
        .iter()
        .filter(|a| a.spec.required)
        .map(|a| a.spec.name)
        .collect();
    object([
        ("type", json!("object")),
        ("properties", Value::Object(properties)),
        ("required", json!(required)),
        (
            "propertyNames",
            json!({ "pattern": extensions.name_pattern }),
        ),
        (
            "additionalProperties",
            json!({
                "description": extensions.description,
                "type": extensions.value_types,
            }),
        ),
    ])
}

/// The schema of one envelope attribute.
fn attribute_schema(attribute: &Attribute, defs: &mut dyn Definitions) -> Value {
    match attribute.value {
        AttributeValue::Const(value) => {
            let mut schema = object([("type", json!("string")), ("const", json!(value))]);
            describe(&mut schema, &attribute.description);
            Value::Object(schema)
        }
        AttributeValue::Shape(shape) => member(
            &Used::plain(shape),
            &attribute.description,
            attribute.rule.as_deref(),
            defs,
        ),
    }
}

/// The schema of a member of shape `used`: its [use-site schema](use_site), then its
/// `description` (`doc`, unless empty), then a `$comment` naming the rules the decoder checks
/// and the schema does not (the scalar's own, and `rule`).
pub fn member(used: &Used, doc: &str, rule: Option<&str>, defs: &mut dyn Definitions) -> Value {
    let mut schema = use_site(used, defs);
    describe(&mut schema, doc);
    let scalar_rule = match used.shape {
        Shape::Scalar(scalar) => scalar.code_only_rule,
        _ => None,
    };
    let rules: Vec<&str> = scalar_rule.into_iter().chain(rule).collect();
    if !rules.is_empty() {
        schema.insert("$comment".into(), code_only(&rules.join("; ")));
    }
    Value::Object(schema)
}

/// The schema of a value of `shape` where it is used: scalars and arrays written out, declared
/// types as a [reference](Definitions::reference) to their definition.
pub fn use_site(used: &Used, defs: &mut dyn Definitions) -> Map<String, Value> {
    match used.shape {
        Shape::Scalar(scalar) => scalar_schema(scalar),
        Shape::Struct(s) => defs.reference(s.name, used),
        Shape::Enum(e) => defs.reference(e.name, used),
        Shape::Array(_) => {
            let items = member(&used.items(), "", None, defs);
            object([("type", json!("array")), ("items", items)])
        }
    }
}

/// The definition of a declared type: a struct is an open object of its members (required
/// ones listed), an enum a string of its values (`enum`, or `examples` when the set is open).
/// Other shapes give their [use-site schema](use_site). Member descriptions are those of this
/// use ([`Used::members`]).
pub fn declared(used: &Used, defs: &mut dyn Definitions) -> Value {
    match used.shape {
        Shape::Struct(s) => {
            let mut schema = object([("type", json!("object"))]);
            describe(&mut schema, s.doc);
            let properties: Map<String, Value> = used
                .members()
                .iter()
                .map(|m| (m.field.name.to_owned(), member(&m.value, m.doc, None, defs)))
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
        Shape::Enum(e) => {
            let values: Vec<&str> = e.variants.iter().map(|v| v.name).collect();
            // An open set accepts any string: its documented values are examples.
            let keyword = if e.open { "examples" } else { "enum" };
            let mut schema = object([("type", json!("string")), (keyword, json!(values))]);
            describe(&mut schema, e.doc);
            Value::Object(schema)
        }
        Shape::Scalar(_) | Shape::Array(_) => Value::Object(use_site(used, defs)),
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

/// A `$comment` for a rule the decoder checks and the schema does not.
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
