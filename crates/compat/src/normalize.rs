//! Equivalent spellings of a schema, rewritten to one form before comparing, so that
//! writing the same constraint differently is no change:
//!
//! - an `anyOf` whose entries only name types is the `type` list of those types;
//! - an `allOf` with one entry, next to nothing but annotations, is that entry;
//! - `true` is `{}` and a one-value `enum` is a `const` (handled where the keywords are
//!   read), as are `minimum` and `exclusiveMinimum` on integers (in the bound rules).
//!
//! The rewriting says whether it removed a lone `allOf`, so that changes are still reported
//! at pointers into the schema as written.

use std::borrow::Cow;
use std::collections::BTreeSet;

use serde_json::{Map, Value};

use crate::keywords::{constrains, is_annotation};

/// Most rewriting rounds (each removes one level of `allOf` or one `anyOf`).
const MAX_ROUNDS: usize = 8;

/// A schema in its normal form.
pub(crate) struct Normal<'v> {
    /// The rewritten schema.
    pub(crate) value: Cow<'v, Value>,
    /// Whether a lone `allOf` entry was lifted: what follows is under `allOf/0` as written.
    pub(crate) lifted_all_of: bool,
}

/// Rewrites equivalent spellings of `v` into one form, to be compared with `other`. Where
/// `other` spells the same keyword too (an `anyOf`, an `allOf` of several entries), the
/// entries are compared one by one instead, which reports changes more precisely.
pub(crate) fn normalize<'v>(v: &'v Value, other: &Value) -> Normal<'v> {
    let mut value = Cow::Borrowed(v);
    let mut lifted_all_of = false;
    let other_any_of = other.get("anyOf").is_some();
    let other_all_of = other
        .get("allOf")
        .is_some_and(|a| a.as_array().is_none_or(|a| a.len() != 1));
    for _ in 0..MAX_ROUNDS {
        let Value::Object(m) = &*value else { break };
        if let Some(next) = types_of_any_of(m).filter(|_| !other_any_of) {
            value = Cow::Owned(Value::Object(next));
        } else if let Some(next) = lone_all_of(m).filter(|_| !other_all_of) {
            // Only the outermost lifted `allOf` shows in the pointer.
            lifted_all_of = lifted_all_of || matches!(value, Cow::Borrowed(_));
            value = Cow::Owned(next);
        } else {
            break;
        }
    }
    Normal {
        value,
        lifted_all_of,
    }
}

/// `{"anyOf": [{"type": "string"}, {"type": "null"}]}` as `{"type": ["null", "string"]}`.
fn types_of_any_of(m: &Map<String, Value>) -> Option<Map<String, Value>> {
    let Some(Value::Array(entries)) = m.get("anyOf") else {
        return None;
    };
    if entries.is_empty() || m.contains_key("type") {
        return None;
    }
    let mut types = BTreeSet::new();
    for e in entries {
        let Value::Object(x) = e else { return None };
        if x.keys().any(|k| k != "type" && constrains(k)) {
            return None;
        }
        match x.get("type")? {
            Value::String(t) => {
                types.insert(t.clone());
            }
            Value::Array(a) => {
                for t in a {
                    types.insert(t.as_str()?.to_owned());
                }
            }
            _ => return None,
        }
    }
    let mut out = m.clone();
    out.remove("anyOf");
    let list: Vec<Value> = types.into_iter().map(Value::String).collect();
    out.insert(
        "type".to_owned(),
        match <[Value; 1]>::try_from(list) {
            Ok([one]) => one,
            Err(list) => Value::Array(list),
        },
    );
    Some(out)
}

/// `{"allOf": [X], "description": ...}` as X with the annotations around it.
fn lone_all_of(m: &Map<String, Value>) -> Option<Value> {
    let Some(Value::Array(entries)) = m.get("allOf") else {
        return None;
    };
    let [entry] = entries.as_slice() else {
        return None;
    };
    if m.keys().any(|k| k != "allOf" && constrains(k)) {
        return None;
    }
    let mut out = match entry {
        Value::Bool(true) => Map::new(),
        Value::Object(x) => {
            // Definitions on both sides would collide; keep the schema as written.
            if x.keys()
                .any(|k| !constrains(k) && !is_annotation(k) && m.contains_key(k))
            {
                return None;
            }
            x.clone()
        }
        _ => return None,
    };
    for (k, v) in m {
        if k != "allOf" {
            out.insert(k.clone(), v.clone());
        }
    }
    Some(Value::Object(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn any_of_plain_types_is_a_type_list() {
        let v = json!({"anyOf": [{"type": "string"}, {"type": ["null", "string"]}], "title": "t"});
        let n = normalize(&v, &json!({}));
        assert_eq!(*n.value, json!({"type": ["null", "string"], "title": "t"}));
        assert!(!n.lifted_all_of);
        let kept = json!({"anyOf": [{"type": "string", "minLength": 1}, {"type": "null"}]});
        assert_eq!(*normalize(&kept, &json!({})).value, kept);
    }

    #[test]
    fn lone_all_of_is_its_entry() {
        let v = json!({"allOf": [{"allOf": [{"$ref": "#/$defs/a"}]}], "description": "d"});
        let n = normalize(&v, &json!({}));
        assert_eq!(*n.value, json!({"$ref": "#/$defs/a", "description": "d"}));
        assert!(n.lifted_all_of);
        let kept = json!({"allOf": [{"type": "object"}], "required": ["a"]});
        assert_eq!(*normalize(&kept, &json!({})).value, kept);
    }
}
