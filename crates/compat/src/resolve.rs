//! `$ref` resolution within one document: JSON-pointer fragments (`#/$defs/X`,
//! `#/definitions/X`, with `~0`/`~1` and percent escapes), `$anchor` fragments, and
//! references that repeat the document's own `$id`. Sibling keywords of a `$ref` are merged
//! into the referenced schema.

use std::borrow::Cow;

use serde_json::{Map, Value};

use crate::json::json_eq;
use crate::keywords::{constrains, is_annotation};

/// Longest chain of references followed before giving up.
const MAX_HOPS: usize = 32;

/// Why a reference could not be followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RefError {
    /// The reference points outside the document, or to nothing inside it.
    Unresolvable(String),
    /// References only point at each other, without reaching a schema.
    Cycle(String),
    /// `$ref` is not a string.
    Invalid,
}

impl RefError {
    /// A sentence fragment naming the problem.
    pub(crate) fn describe(&self) -> String {
        match self {
            Self::Unresolvable(r) => {
                format!("the reference `{r}` cannot be resolved within the schema")
            }
            Self::Cycle(r) => format!("the reference `{r}` only leads to other references"),
            Self::Invalid => "`$ref` is not a string".to_owned(),
        }
    }
}

/// A schema with its references followed.
pub(crate) struct Effective<'v> {
    /// The schema after following every top-level `$ref` and merging the siblings.
    pub(crate) value: Cow<'v, Value>,
    /// Identifies what was followed (targets and siblings), `None` when there was no `$ref`.
    pub(crate) key: Option<String>,
}

/// The `$ref` string of a schema object, if it has one.
pub(crate) fn ref_of(v: &Value) -> Option<&Value> {
    v.as_object().and_then(|m| m.get("$ref"))
}

/// Follows the top-level `$ref` of `schema` (repeatedly) within `root`.
pub(crate) fn effective<'v>(root: &'v Value, schema: &'v Value) -> Result<Effective<'v>, RefError> {
    let mut cur: Cow<'v, Value> = Cow::Borrowed(schema);
    let mut key: Option<String> = None;
    let mut seen: Vec<String> = Vec::new();
    loop {
        let next = {
            let Some(obj) = cur.as_object() else { break };
            let Some(r) = obj.get("$ref") else { break };
            let Some(r) = r.as_str() else {
                return Err(RefError::Invalid);
            };
            if seen.len() >= MAX_HOPS {
                return Err(RefError::Cycle(r.to_owned()));
            }
            let (target, id) =
                resolve(root, r).ok_or_else(|| RefError::Unresolvable(r.to_owned()))?;
            let siblings: Map<String, Value> = obj
                .iter()
                .filter(|(k, _)| k.as_str() != "$ref")
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            // Siblings that constrain are part of what was followed; `$defs` and
            // annotations are not.
            let constraining: Map<String, Value> = siblings
                .iter()
                .filter(|(k, _)| constrains(k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            let mut step = id.clone();
            if !constraining.is_empty() {
                step.push('|');
                step.push_str(&Value::Object(constraining).to_string());
            }
            if seen.contains(&step) {
                return Err(RefError::Cycle(r.to_owned()));
            }
            seen.push(step.clone());
            key = Some(match key.take() {
                Some(k) => format!("{k}>{step}"),
                None => step,
            });
            if siblings.is_empty() {
                Cow::Borrowed(target)
            } else {
                Cow::Owned(merge(target, siblings))
            }
        };
        cur = next;
    }
    Ok(Effective { value: cur, key })
}

/// Finds the target of a reference inside `root`, with an identifier of the target.
pub(crate) fn resolve<'r>(root: &'r Value, reference: &str) -> Option<(&'r Value, String)> {
    let (uri, fragment) = match reference.split_once('#') {
        Some((u, f)) => (u, f),
        None => (reference, ""),
    };
    if !uri.is_empty() && !is_own_uri(root, uri) {
        return None;
    }
    let fragment = percent_decode(fragment)?;
    if fragment.is_empty() {
        return Some((root, "#".to_owned()));
    }
    if fragment.starts_with('/') {
        return root.pointer(&fragment).map(|v| (v, format!("#{fragment}")));
    }
    let mut path = String::new();
    find_anchor(root, &fragment, &mut path, 0).map(|v| (v, format!("#{path}")))
}

/// Whether `uri` names the document itself (its `$id`, or the last segment of it).
fn is_own_uri(root: &Value, uri: &str) -> bool {
    let Some(id) = root.get("$id").and_then(Value::as_str) else {
        return false;
    };
    let id = id.split('#').next().unwrap_or(id);
    id == uri || id.rsplit('/').next() == Some(uri) || id.ends_with(&format!("/{uri}"))
}

/// Decodes `%XX` escapes of a URI fragment.
fn percent_decode(s: &str) -> Option<String> {
    if !s.contains('%') {
        return Some(s.to_owned());
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Depth-first search for a schema whose `$anchor` is `name`; `path` receives its pointer.
fn find_anchor<'r>(v: &'r Value, name: &str, path: &mut String, depth: usize) -> Option<&'r Value> {
    if depth > 128 {
        return None;
    }
    match v {
        Value::Object(m) => {
            if m.get("$anchor").and_then(Value::as_str) == Some(name) {
                return Some(v);
            }
            for (k, child) in m {
                let len = path.len();
                vcc_events_pointer::push(path, k);
                if let Some(found) = find_anchor(child, name, path, depth + 1) {
                    return Some(found);
                }
                path.truncate(len);
            }
            None
        }
        Value::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("/{i}"));
                if let Some(found) = find_anchor(child, name, path, depth + 1) {
                    return Some(found);
                }
                path.truncate(len);
            }
            None
        }
        _ => None,
    }
}

/// Keywords whose meaning depends on other keywords of the same schema object, so that
/// moving them next to keywords of another schema would change what they mean.
fn adjacent_conflict(a: &Map<String, Value>, b: &Map<String, Value>) -> bool {
    let pairs: &[(&str, &[&str])] = &[
        ("additionalProperties", &["properties", "patternProperties"]),
        ("additionalItems", &["items"]),
        ("items", &["prefixItems"]),
        ("if", &["then", "else"]),
        ("then", &["if"]),
        ("else", &["if"]),
        ("contains", &["minContains", "maxContains"]),
        ("minContains", &["contains"]),
        ("maxContains", &["contains"]),
        ("minimum", &["exclusiveMinimum"]),
        ("maximum", &["exclusiveMaximum"]),
    ];
    let one_way = |x: &Map<String, Value>, y: &Map<String, Value>| {
        pairs.iter().any(|(k, others)| {
            x.contains_key(*k) && !y.contains_key(*k) && others.iter().any(|o| y.contains_key(*o))
        })
    };
    one_way(a, b) || one_way(b, a)
}

/// Merges the siblings of a `$ref` into its target. Keywords that can be combined exactly
/// (`required`, disjoint `properties`, `allOf`) are combined; other overlaps keep the target
/// as an `allOf` entry. The siblings' annotations win.
pub(crate) fn merge(target: &Value, siblings: Map<String, Value>) -> Value {
    let t = match target {
        Value::Bool(true) => return Value::Object(siblings),
        Value::Bool(false) => return Value::Bool(false),
        Value::Object(t) => t,
        other => {
            let mut m = siblings;
            let mut all = vec![other.clone()];
            if let Some(Value::Array(a)) = m.remove("allOf") {
                all.extend(a);
            }
            m.insert("allOf".to_owned(), Value::Array(all));
            return Value::Object(m);
        }
    };
    if let Some(merged) = try_union(t, &siblings) {
        return Value::Object(merged);
    }
    // Fallback: annotations and `unevaluated*` (which see through `allOf`) stay on top,
    // everything else goes into an `allOf` next to the target.
    let mut top = Map::new();
    let mut rest = Map::new();
    for (k, v) in siblings {
        if is_annotation(&k) || k == "unevaluatedProperties" || k == "unevaluatedItems" {
            top.insert(k, v);
        } else {
            rest.insert(k, v);
        }
    }
    let mut all = vec![target.clone()];
    if !rest.is_empty() {
        all.push(Value::Object(rest));
    }
    top.insert("allOf".to_owned(), Value::Array(all));
    Value::Object(top)
}

/// The union of two schema objects when it means exactly their conjunction.
fn try_union(t: &Map<String, Value>, s: &Map<String, Value>) -> Option<Map<String, Value>> {
    if adjacent_conflict(t, s) {
        return None;
    }
    let mut out = t.clone();
    for (k, v) in s {
        let Some(existing) = out.get(k) else {
            out.insert(k.clone(), v.clone());
            continue;
        };
        if is_annotation(k) || json_eq(existing, v) {
            out.insert(k.clone(), v.clone());
            continue;
        }
        let combined = match (k.as_str(), existing, v) {
            ("required", Value::Array(a), Value::Array(b)) => {
                let mut all = a.clone();
                for x in b {
                    if !all.iter().any(|y| json_eq(x, y)) {
                        all.push(x.clone());
                    }
                }
                Value::Array(all)
            }
            ("allOf", Value::Array(a), Value::Array(b)) => {
                Value::Array(a.iter().chain(b).cloned().collect())
            }
            ("properties", Value::Object(a), Value::Object(b))
                if b.keys().all(|name| !a.contains_key(name)) =>
            {
                let mut all = a.clone();
                all.extend(b.iter().map(|(k, v)| (k.clone(), v.clone())));
                Value::Object(all)
            }
            _ => return None,
        };
        out.insert(k.clone(), combined);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn resolves_pointers_with_escapes() {
        let root =
            json!({"$defs": {"a/b": {"type": "string"}, "c~d": {"type": "integer"}, "e f": true}});
        assert_eq!(
            resolve(&root, "#/$defs/a~1b").map(|x| x.0),
            Some(&json!({"type": "string"}))
        );
        assert_eq!(
            resolve(&root, "#/$defs/c~0d").map(|x| x.0),
            Some(&json!({"type": "integer"}))
        );
        assert_eq!(
            resolve(&root, "#/$defs/e%20f").map(|x| x.0),
            Some(&json!(true))
        );
        assert!(resolve(&root, "#/$defs/missing").is_none());
        assert!(resolve(&root, "other.json#/$defs/a~1b").is_none());
        assert!(resolve(&root, "#/$defs/%zz").is_none());
    }

    #[test]
    fn resolves_anchors_and_own_id() {
        let root = json!({"$id": "https://x.example/schemas/e.json", "$defs": {"a": {"$anchor": "A", "type": "null"}}});
        assert_eq!(
            resolve(&root, "#A").map(|x| x.1),
            Some("#/$defs/a".to_owned())
        );
        assert!(resolve(&root, "https://x.example/schemas/e.json#/$defs/a").is_some());
        assert!(resolve(&root, "e.json#/$defs/a").is_some());
    }

    #[test]
    fn reference_cycles_are_errors() {
        let root = json!({"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}});
        let r = effective(&root, &root["$defs"]["a"]);
        assert!(matches!(r, Err(RefError::Cycle(_))));
    }

    #[test]
    fn siblings_merge_into_target() {
        let root = json!({"$defs": {"a": {"type": "object", "required": ["x"]}}});
        let s = json!({"$ref": "#/$defs/a", "required": ["y"], "description": "d"});
        let e = effective(&root, &s).ok().map(|e| e.value.into_owned());
        assert_eq!(
            e,
            Some(json!({"type": "object", "required": ["x", "y"], "description": "d"}))
        );
    }
}
