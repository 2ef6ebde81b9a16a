//! The typify input: the published schema, reshaped where typify 0.8 would otherwise generate
//! types that check less, or re-encode differently, than the schema says.

use std::fmt;

use serde_json::{Map, Value};
use vcc_events_compat::keywords::{CONDITIONALS, Reads, reads};

/// The schema typify reads, derived from a published schema by [`typify_input`], with what the
/// derivation gave up.
#[derive(Clone, Debug, PartialEq)]
pub struct TypifyInput {
    /// The derived schema.
    pub schema: Value,
    /// Every check of the published schema the derived one no longer makes, in document order.
    pub dropped: Vec<Dropped>,
}

/// A keyword of the published schema that the typify input leaves out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dropped {
    /// Where, as a JSON pointer into the published schema (the keyword included).
    pub pointer: String,
    /// The keyword and its value, e.g. `format: date-time`.
    pub keyword: String,
    /// Why it had to go, and what still checks the member.
    pub reason: String,
}

impl fmt::Display for Dropped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` (`{}`): {}",
            self.pointer, self.keyword, self.reason
        )
    }
}

/// Whether `keyword`'s value is one schema or a list of schemas (`items` as drafts before
/// 2020-12 allow it), as the compatibility checker's keyword table reads it.
fn holds_schemas(keyword: &str) -> bool {
    matches!(
        reads(keyword),
        Some(Reads::Schema | Reads::SchemaList | Reads::SchemaOrList)
    )
}

/// Whether `keyword`'s value is schemas by name (`properties`, `$defs`, ...).
fn holds_schema_map(keyword: &str) -> bool {
    reads(keyword) == Some(Reads::SchemaMap)
}

/// Derives the schema typify reads from a published schema.
///
/// Every schema in the document (the root, `$defs`, properties, items, ...; not the values
/// of `const`, `enum`, `default` or `examples`, which are data) is changed so:
///
/// 1. **`const` becomes a one-value `enum`.** typify turns `{"type":"string","const":X}` into
///    an unchecked `String`, a one-value `enum` into a checked Rust enum: so `specversion`,
///    `type`, `source` and `datacontenttype` are checked when decoding.
/// 2. **`format` is dropped from strings.** typify maps `date-time` to `chrono::DateTime` and
///    `uuid` to `uuid::Uuid`, which re-format on encoding (`.6134321Z` or upper-case hex would
///    not come back byte for byte) and add dependencies. The member stays a `String`, checked
///    by the schema's `pattern` where it has one; what the format alone checked (e.g. that a
///    date exists) is listed in [`TypifyInput::dropped`].
/// 3. **`if`, `then` and `else` are dropped.** typify 0.8 cannot generate code for them (it
///    panics); each is listed in [`TypifyInput::dropped`].
/// 4. **Open objects say so explicitly.** An object schema without `additionalProperties`
///    (or with `true`) gets `additionalProperties: {}`: the same meaning, but typify then
///    generates a flattened `extra` map that keeps undeclared members instead of dropping
///    them, so that decoding and encoding gives back every member.
///
/// Everything else is kept: `pattern` (typify checks it with `regress`, which implements
/// ECMAScript regular expressions as JSON Schema specifies), `enum`, `required`,
/// `propertyNames`, a schema for `additionalProperties` (the CloudEvents extension
/// attributes), descriptions (doc comments) and `$comment`s (typify ignores them).
pub fn typify_input(published: &Value) -> TypifyInput {
    let mut schema = published.clone();
    let mut dropped = Vec::new();
    reshape(&mut schema, "", &mut dropped);
    TypifyInput { schema, dropped }
}

/// Reshapes the schema at `pointer` and every schema in it.
fn reshape(schema: &mut Value, pointer: &str, dropped: &mut Vec<Dropped>) {
    let Value::Object(object) = schema else {
        return; // A boolean schema.
    };
    for keyword in CONDITIONALS {
        if let Some(value) = object.remove(keyword) {
            let summary = match value {
                Value::Object(ref o) if o.is_empty() => "{}".to_owned(),
                _ => "a schema".to_owned(),
            };
            dropped.push(Dropped {
                pointer: format!("{pointer}/{keyword}"),
                keyword: format!("{keyword}: {summary}"),
                reason: "typify 0.8 cannot generate types for conditional schemas; \
                         what the condition requires is not checked"
                    .to_owned(),
            });
        }
    }
    if let Some(value) = object.remove("const") {
        let allowed = match object.get("enum") {
            Some(Value::Array(values)) => values.iter().filter(|v| **v == value).cloned().collect(),
            _ => vec![value],
        };
        object.insert("enum".to_owned(), Value::Array(allowed));
    }
    if is_string_schema(object)
        && let Some(format) = object.remove("format")
    {
        let format = format
            .as_str()
            .map_or_else(|| format.to_string(), str::to_owned);
        let reason = match (format.as_str(), object.contains_key("pattern")) {
            ("date-time", true) => {
                "typify would read it as a `chrono::DateTime`, which encodes other digits \
                 than it read; the member is a string checked by its `pattern`, which does \
                 not check that the date and time exist (e.g. February 30)"
            }
            ("uuid", true) => {
                "typify would read it as a `uuid::Uuid`, which encodes lower-case digits \
                 whatever it read; the member is a string checked by its `pattern`"
            }
            (_, true) => {
                "typify would read it as a type that may encode other text than it read; \
                 the member is a string checked by its `pattern`, not by the format"
            }
            (_, false) => {
                "typify would read it as a type that may encode other text than it read; \
                 the member is a string, and the format is not checked"
            }
        };
        dropped.push(Dropped {
            pointer: format!("{pointer}/format"),
            keyword: format!("format: {format}"),
            reason: reason.to_owned(),
        });
    }
    if is_object_schema(object)
        && matches!(
            object.get("additionalProperties"),
            None | Some(Value::Bool(true))
        )
    {
        object.insert("additionalProperties".to_owned(), Value::Object(Map::new()));
    }

    for (keyword, value) in object.iter_mut() {
        let here = format!("{pointer}/{}", vcc_events_pointer::token(keyword));
        if holds_schemas(keyword) && !value.is_array() {
            reshape(value, &here, dropped);
        } else if holds_schemas(keyword) {
            // An array of schemas (also `items` as drafts before 2020-12 allow it).
            if let Value::Array(schemas) = value {
                for (i, schema) in schemas.iter_mut().enumerate() {
                    reshape(schema, &format!("{here}/{i}"), dropped);
                }
            }
        } else if holds_schema_map(keyword)
            && let Value::Object(schemas) = value
        {
            for (name, schema) in schemas.iter_mut() {
                reshape(
                    schema,
                    &format!("{here}/{}", vcc_events_pointer::token(name)),
                    dropped,
                );
            }
        }
    }
}

/// Calls `f` with every schema object in `schema` (the root included), with its JSON
/// pointer, in document order; the values of data keywords (`const`, `enum`, `default`,
/// `examples`) are not visited.
pub(crate) fn visit_schemas(
    schema: &Value,
    pointer: &str,
    f: &mut impl FnMut(&str, &Map<String, Value>),
) {
    let Value::Object(object) = schema else {
        return;
    };
    f(pointer, object);
    for (keyword, value) in object {
        let here = format!("{pointer}/{}", vcc_events_pointer::token(keyword));
        let k = keyword.as_str();
        match value {
            Value::Array(schemas) if holds_schemas(k) => {
                for (i, schema) in schemas.iter().enumerate() {
                    visit_schemas(schema, &format!("{here}/{i}"), f);
                }
            }
            _ if holds_schemas(k) => {
                visit_schemas(value, &here, f);
            }
            Value::Object(schemas) if holds_schema_map(k) => {
                for (name, schema) in schemas {
                    visit_schemas(
                        schema,
                        &format!("{here}/{}", vcc_events_pointer::token(name)),
                        f,
                    );
                }
            }
            _ => {}
        }
    }
}

/// Whether the schema says its instances are strings (only strings).
fn is_string_schema(object: &Map<String, Value>) -> bool {
    object.get("type").and_then(Value::as_str) == Some("string")
}

/// Whether the schema describes objects: `type: object`, or properties without a type.
fn is_object_schema(object: &Map<String, Value>) -> bool {
    match object.get("type") {
        Some(Value::String(t)) => t == "object",
        Some(_) => false,
        None => object.contains_key("properties") && !object.contains_key("$ref"),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn const_becomes_a_one_value_enum() {
        let input = typify_input(&json!({
            "type": "object",
            "properties": {
                "specversion": { "type": "string", "const": "1.0", "description": "d" },
                "narrowed": { "enum": ["a", "b"], "const": "b" },
            },
        }));
        assert_eq!(
            input.schema["properties"]["specversion"],
            json!({ "type": "string", "enum": ["1.0"], "description": "d" })
        );
        assert_eq!(
            input.schema["properties"]["narrowed"],
            json!({ "enum": ["b"] })
        );
        assert!(input.dropped.is_empty());
    }

    #[test]
    fn string_formats_are_dropped_and_listed_patterns_kept() {
        let input = typify_input(&json!({
            "type": "object",
            "properties": {
                "time": { "type": "string", "format": "date-time", "pattern": "^x$" },
                "id": { "type": "string", "format": "uuid" },
                "count": { "type": "integer", "format": "uint8" },
            },
        }));
        assert_eq!(
            input.schema["properties"]["time"],
            json!({ "type": "string", "pattern": "^x$" })
        );
        assert_eq!(
            input.schema["properties"]["id"],
            json!({ "type": "string" })
        );
        // Integer formats choose the Rust integer type and are kept.
        assert_eq!(input.schema["properties"]["count"]["format"], "uint8");
        let dropped: Vec<(&str, &str)> = input
            .dropped
            .iter()
            .map(|d| (d.pointer.as_str(), d.keyword.as_str()))
            .collect();
        assert_eq!(
            dropped,
            [
                ("/properties/time/format", "format: date-time"),
                ("/properties/id/format", "format: uuid"),
            ]
        );
        assert!(input.dropped[0].reason.contains("exist"));
        assert!(input.dropped[1].reason.contains("not checked"));
    }

    #[test]
    fn conditionals_are_dropped_and_listed() {
        let input = typify_input(&json!({
            "$defs": {
                "Party": {
                    "type": "object",
                    "if": { "properties": { "role": { "const": "agent" } } },
                    "then": { "required": ["agentId"] },
                },
            },
        }));
        let party = &input.schema["$defs"]["Party"];
        assert!(party.get("if").is_none() && party.get("then").is_none());
        let pointers: Vec<&str> = input.dropped.iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(pointers, ["/$defs/Party/if", "/$defs/Party/then"]);
    }

    #[test]
    fn open_objects_get_an_explicit_additional_properties_schema() {
        let input = typify_input(&json!({
            "type": "object",
            "properties": {
                "data": { "$ref": "#/$defs/Data" },
                "open": { "type": "object", "additionalProperties": true },
                "closed": { "type": "object", "additionalProperties": false },
                "typed": { "type": "object", "additionalProperties": { "type": "string" } },
            },
            "$defs": { "Data": { "properties": { "a": { "type": "string" } } } },
        }));
        let schema = &input.schema;
        assert_eq!(schema["additionalProperties"], json!({}));
        assert_eq!(schema["$defs"]["Data"]["additionalProperties"], json!({}));
        assert_eq!(
            schema["properties"]["open"]["additionalProperties"],
            json!({})
        );
        assert_eq!(
            schema["properties"]["closed"]["additionalProperties"],
            json!(false)
        );
        assert_eq!(
            schema["properties"]["typed"]["additionalProperties"],
            json!({ "type": "string" })
        );
        // A reference is not an object schema of its own.
        assert!(
            schema["properties"]["data"]
                .get("additionalProperties")
                .is_none()
        );
    }

    #[test]
    fn data_keywords_are_not_read_as_schemas() {
        let example = json!({ "type": "x", "data": { "format": "uuid", "const": 1 } });
        let input = typify_input(&json!({
            "type": "object",
            "properties": { "a": { "type": "string", "default": "b" } },
            "examples": [example.clone()],
            "enum": [{ "const": 2 }],
        }));
        assert_eq!(input.schema["examples"], json!([example]));
        assert_eq!(input.schema["enum"], json!([{ "const": 2 }]));
    }

    #[test]
    fn nested_schemas_in_every_position_are_reshaped() {
        let input = typify_input(&json!({
            "allOf": [{ "const": 1 }],
            "items": { "const": 2 },
            "propertyNames": { "const": "k" },
            "additionalProperties": { "const": 3 },
            "$defs": { "a/b": { "const": 4 } },
        }));
        let s = &input.schema;
        assert_eq!(s["allOf"][0], json!({ "enum": [1] }));
        assert_eq!(s["items"], json!({ "enum": [2] }));
        assert_eq!(s["propertyNames"], json!({ "enum": ["k"] }));
        assert_eq!(s["additionalProperties"], json!({ "enum": [3] }));
        assert_eq!(s["$defs"]["a/b"], json!({ "enum": [4] }));
    }
}
