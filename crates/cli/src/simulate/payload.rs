//! A payload of one version written from its declared shape: the members a call decides (ids,
//! role, timestamp) from the call, the others as the version's canonical example has them.

use std::collections::HashMap;
use std::fmt::Write as _;

use rand_core::Rng;
use serde_json::Value;
use vcc_events::VersionInfo;
use vcc_events::describe::{Shape, StructShape};

/// What the call decides, by member name on the wire: a JSON text, or `None` for a member
/// left out (e.g. no `agentId` for an external party).
pub(crate) type Decided = HashMap<&'static str, Option<String>>;

/// The version's payload template: its shape and its example's payload.
#[derive(Debug)]
pub(crate) struct Template {
    /// The version.
    pub info: &'static VersionInfo,
    example: Value,
}

impl Template {
    /// The template of `info`, from its declared shape and example.
    pub(crate) fn new(info: &'static VersionInfo) -> Self {
        let example = serde_json::from_str::<Value>(info.example)
            .ok()
            .and_then(|mut event| event.get_mut("data").map(Value::take))
            .unwrap_or(Value::Null);
        Template { info, example }
    }

    /// The payload's JSON text, members in wire order.
    pub(crate) fn data(&self, decided: &Decided, rng: &mut impl Rng) -> String {
        let mut out = String::with_capacity(512);
        value(
            &mut out,
            (self.info.data)(),
            Some(&self.example),
            decided,
            rng,
        );
        out
    }
}

fn value(
    out: &mut String,
    shape: Shape,
    example: Option<&Value>,
    decided: &Decided,
    rng: &mut impl Rng,
) {
    match shape {
        Shape::Struct(s) => object(out, s, example, decided, rng),
        Shape::Array(items) => {
            out.push('[');
            let elements = example
                .and_then(Value::as_array)
                .map_or(&[][..], Vec::as_slice);
            for (i, element) in elements.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                value(out, items(), Some(element), decided, rng);
            }
            out.push(']');
        }
        Shape::Enum(e) => match example {
            Some(example) => out.push_str(&example.to_string()),
            None => out.push_str(&quoted(e.variants.first().map_or("", |v| v.name))),
        },
        Shape::Scalar(scalar) => match example {
            Some(example) => out.push_str(&example.to_string()),
            None => out.push_str(&fresh_scalar(scalar.name, rng)),
        },
    }
}

fn object(
    out: &mut String,
    s: &'static StructShape,
    example: Option<&Value>,
    decided: &Decided,
    rng: &mut impl Rng,
) {
    out.push('{');
    let mut first = true;
    for field in s.fields {
        let from_example = example.and_then(|e| e.get(field.name));
        let text = match decided.get(field.name) {
            Some(Some(text)) => Some(text.clone()),
            Some(None) if !field.required => None,
            _ => match (from_example, field.required) {
                (None, false) => None,
                (from_example, _) => {
                    let mut text = String::new();
                    value(&mut text, (field.shape)(), from_example, decided, rng);
                    Some(text)
                }
            },
        };
        if let Some(text) = text {
            if !first {
                out.push(',');
            }
            first = false;
            let _ = write!(out, "{}:{text}", quoted(field.name));
        }
    }
    out.push('}');
}

/// A value of a scalar the example does not give.
fn fresh_scalar(name: &str, rng: &mut impl Rng) -> String {
    match name {
        "Guid" => quoted(&guid(rng)),
        "NumericId" => quoted(&(rng.next_u64() % 100_000).to_string()),
        "bool" => "false".to_owned(),
        "i64" | "u64" => "0".to_owned(),
        _ => quoted(""),
    }
}

/// A fresh GUID.
pub(crate) fn guid(rng: &mut impl Rng) -> String {
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&rng.next_u64().to_le_bytes());
    bytes[8..].copy_from_slice(&rng.next_u64().to_le_bytes());
    vcc_events::testing::guid(bytes, false)
}

/// `text` as a JSON string.
pub(crate) fn quoted(text: &str) -> String {
    Value::from(text).to_string()
}
