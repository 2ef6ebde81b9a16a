//! Equivalent spellings of a schema, rewritten to one form before comparing, so that
//! writing the same constraint differently is no change:
//!
//! - an `anyOf` whose entries only name types is the `type` list of those types, and so is a
//!   `oneOf` whose entries name pairwise disjoint types (no value matches two of them);
//! - an `allOf` next to a schema that has none is merged into its parent where the conjuncts
//!   do not meet (or meet only in `type`, `required` and bounds, which combine exactly);
//! - a `not` of types the value cannot have (`{"type": "string", "not": {"type": "number"}}`)
//!   is dropped: it never rejects anything;
//! - in a closed object (`additionalProperties: false`, no `patternProperties`), a
//!   `maxProperties` no smaller than the number of declared members is dropped: no object has
//!   more members than names it may use;
//! - an `allOf` with one entry, next to nothing but annotations, is that entry;
//! - `true` is `{}` and a one-value `enum` is a `const` (handled where the keywords are
//!   read), as are `minimum` and `exclusiveMinimum` on integers (in the bound rules).
//!
//! The rewriting says whether it removed a lone `allOf`, so that changes are still reported
//! at pointers into the schema as written.

use std::borrow::Cow;
use std::collections::BTreeSet;

use serde_json::{Map, Value};

use crate::json::json_eq;
use crate::keywords::{constrains, is_annotation};

/// Most rewriting rounds (each removes one level of `allOf` or one `anyOf`).
const MAX_ROUNDS: usize = 16;

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
    let other_one_of = other.get("oneOf").is_some();
    let other_has_all_of = other.get("allOf").is_some();
    let other_all_of = other
        .get("allOf")
        .is_some_and(|a| a.as_array().is_none_or(|a| a.len() != 1));
    for _ in 0..MAX_ROUNDS {
        let Value::Object(m) = &*value else { break };
        if let Some(next) = types_of_any_of(m, "anyOf").filter(|_| !other_any_of) {
            value = Cow::Owned(Value::Object(next));
        } else if let Some(next) =
            types_of_any_of(m, "oneOf").filter(|_| !other_one_of && disjoint_types(m.get("oneOf")))
        {
            value = Cow::Owned(Value::Object(next));
        } else if let Some(next) = merged_all_of(m).filter(|_| !other_has_all_of) {
            value = Cow::Owned(Value::Object(next));
        } else if let Some(next) = without_void_not(m) {
            value = Cow::Owned(Value::Object(next));
        } else if let Some(next) = without_capacity_bound(m) {
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
fn types_of_any_of(m: &Map<String, Value>, keyword: &str) -> Option<Map<String, Value>> {
    let Some(Value::Array(entries)) = m.get(keyword) else {
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
    out.remove(keyword);
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

/// The types an entry of `oneOf` names (`None` unless it names types only).
fn entry_types(entry: &Value) -> Option<BTreeSet<&str>> {
    let Value::Object(x) = entry else { return None };
    if x.keys().any(|k| k != "type" && constrains(k)) {
        return None;
    }
    type_set(x.get("type")?)
}

/// The types a `type` value lists.
fn type_set(t: &Value) -> Option<BTreeSet<&str>> {
    match t {
        Value::String(t) => Some(BTreeSet::from([t.as_str()])),
        Value::Array(a) => a.iter().map(Value::as_str).collect(),
        _ => None,
    }
}

/// Whether no value has a type of both sets (`integer` is a `number`).
fn types_disjoint(a: &BTreeSet<&str>, b: &BTreeSet<&str>) -> bool {
    let widen = |s: &BTreeSet<&str>| -> BTreeSet<String> {
        let mut out: BTreeSet<String> = s.iter().map(|t| (*t).to_owned()).collect();
        if s.contains("number") {
            out.insert("integer".to_owned());
        }
        out
    };
    widen(a).is_disjoint(&widen(b))
}

/// Whether the entries of a `oneOf` name types only, pairwise disjoint.
fn disjoint_types(entries: Option<&Value>) -> bool {
    let Some(Value::Array(entries)) = entries else {
        return false;
    };
    let Some(sets) = entries.iter().map(entry_types).collect::<Option<Vec<_>>>() else {
        return false;
    };
    sets.iter()
        .enumerate()
        .all(|(i, a)| sets[i + 1..].iter().all(|b| types_disjoint(a, b)))
}

/// Keywords whose meaning depends on other keywords of the same schema object (or on the
/// document): an `allOf` holding one of them is not merged.
fn merge_blocker(k: &str) -> bool {
    matches!(
        k,
        "additionalProperties"
            | "unevaluatedProperties"
            | "unevaluatedItems"
            | "additionalItems"
            | "items"
            | "prefixItems"
            | "contains"
            | "minContains"
            | "maxContains"
            | "if"
            | "then"
            | "else"
            | "$ref"
            | "$dynamicRef"
            | "$recursiveRef"
            | "$defs"
            | "definitions"
            | "$id"
            | "$anchor"
            | "$dynamicAnchor"
    )
}

/// Which bound a keyword is, and whether the larger value is the tighter one.
fn bound_keyword(k: &str) -> Option<bool> {
    match k {
        "minimum" | "exclusiveMinimum" | "minLength" | "minItems" | "minProperties" => Some(true),
        "maximum" | "exclusiveMaximum" | "maxLength" | "maxItems" | "maxProperties" => Some(false),
        _ => None,
    }
}

/// `{"type": "integer", "allOf": [{"minimum": 0}, {"maximum": 9}]}` as one schema object:
/// every conjunct's keywords in the parent. Keywords met twice combine only where that is
/// exact (`type` intersected, `required` joined, the tighter bound kept); anything else,
/// or a keyword whose meaning depends on its neighbours, keeps the `allOf` as written.
fn merged_all_of(m: &Map<String, Value>) -> Option<Map<String, Value>> {
    let Some(Value::Array(entries)) = m.get("allOf") else {
        return None;
    };
    if entries.len() < 2 && m.keys().all(|k| k == "allOf" || !constrains(k)) {
        return None; // A lone `allOf` is lifted as it is.
    }
    let mut out = m.clone();
    out.remove("allOf");
    // Definitions and identifiers stay in the parent; references are absolute, so the
    // conjuncts' `$ref`s still reach them.
    if out.keys().any(|k| {
        merge_blocker(k)
            && !matches!(
                k.as_str(),
                "$defs" | "definitions" | "$id" | "$anchor" | "$dynamicAnchor"
            )
    }) {
        return None;
    }
    for entry in entries {
        let x = match entry {
            Value::Bool(true) => continue,
            Value::Object(x) => x,
            _ => return None,
        };
        for (k, v) in x {
            if is_annotation(k) {
                continue;
            }
            if merge_blocker(k) {
                return None;
            }
            let Some(existing) = out.get(k) else {
                out.insert(k.clone(), v.clone());
                continue;
            };
            let combined = match (k.as_str(), bound_keyword(k)) {
                (_, Some(larger_is_tighter)) => {
                    let (a, b) = (existing.as_f64()?, v.as_f64()?);
                    if (a < b) == larger_is_tighter {
                        v.clone()
                    } else {
                        existing.clone()
                    }
                }
                ("type", _) => {
                    let (a, b) = (type_set(existing)?, type_set(v)?);
                    let mut both: Vec<Value> = Vec::new();
                    for t in &a {
                        if b.contains(t) || (*t == "integer" && b.contains("number")) {
                            both.push(Value::from(*t));
                        } else if *t == "number" && b.contains("integer") {
                            both.push(Value::from("integer"));
                        }
                    }
                    both.dedup();
                    match <[Value; 1]>::try_from(both) {
                        Ok([one]) => one,
                        // No type in common (the schema accepts nothing), or several.
                        Err(list) if list.is_empty() => return None,
                        Err(list) => Value::Array(list),
                    }
                }
                ("required", _) => {
                    let (Value::Array(a), Value::Array(b)) = (existing, v) else {
                        return None;
                    };
                    let mut names = a.clone();
                    names.extend(b.iter().filter(|n| !a.contains(n)).cloned());
                    Value::Array(names)
                }
                _ if json_eq(existing, v) => continue,
                _ => return None,
            };
            out.insert(k.clone(), combined);
        }
    }
    Some(out)
}

/// The schema without a `not` that only names types the schema's own `type` excludes.
fn without_void_not(m: &Map<String, Value>) -> Option<Map<String, Value>> {
    let own = type_set(m.get("type")?)?;
    let excluded = entry_types(m.get("not")?)?;
    if !types_disjoint(&own, &excluded) {
        return None;
    }
    let mut out = m.clone();
    out.remove("not");
    Some(out)
}

/// The schema without a `maxProperties` that a closed object cannot exceed.
fn without_capacity_bound(m: &Map<String, Value>) -> Option<Map<String, Value>> {
    if m.get("additionalProperties") != Some(&Value::Bool(false))
        || m.contains_key("patternProperties")
    {
        return None;
    }
    let names = match m.get("properties") {
        Some(Value::Object(p)) => p.len(),
        None => 0,
        Some(_) => return None,
    };
    let max = m.get("maxProperties")?.as_u64()?;
    if max < names as u64 {
        return None;
    }
    let mut out = m.clone();
    out.remove("maxProperties");
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
        assert_eq!(*normalize(&kept, &json!({"allOf": [true]})).value, kept);
    }

    #[test]
    fn all_of_is_merged_where_the_conjuncts_combine_exactly() {
        let v = json!({"type": "number", "allOf": [{"type": "integer", "minimum": 0}, {"minimum": 2, "required": ["a"]}]});
        assert_eq!(
            *normalize(&v, &json!({})).value,
            json!({"type": "integer", "minimum": 2, "required": ["a"]})
        );
        let clash = json!({"allOf": [{"pattern": "a"}, {"pattern": "b"}]});
        assert_eq!(*normalize(&clash, &json!({})).value, clash);
        let closed = json!({"allOf": [{"properties": {"a": {}}}, {"additionalProperties": false}]});
        assert_eq!(*normalize(&closed, &json!({})).value, closed);
    }
}
