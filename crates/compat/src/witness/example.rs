//! Example instances of a schema, and where a schema pointer leads in an instance: the
//! starting points of the counterexample search.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;

use serde_json::{Map, Value, json};

use super::edit::Step;
use crate::pattern::{Inclusion, Pattern, included};
use crate::resolve::effective;

/// Deepest nesting of generated examples.
const MAX_DEPTH: usize = 24;

/// Which members an example object has.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Fill {
    /// Every declared member.
    All,
    /// The required members only.
    Required,
}

/// A pattern and, if any, the other side's pattern.
type PatternPair = (String, Option<String>);

/// Generates instances of the schemas of one document.
pub(super) struct Gen<'r> {
    pub(super) root: &'r Value,
    /// Strings found on pattern automata, by pattern and the other side's pattern (building
    /// an automaton is the costly part, so each pair is searched once).
    witnesses: RefCell<HashMap<PatternPair, Option<String>>>,
}

impl<'r> Gen<'r> {
    /// A generator for the schemas of the document `root`.
    pub(super) fn new(root: &'r Value) -> Self {
        Self {
            root,
            witnesses: RefCell::new(HashMap::new()),
        }
    }

    /// The shortest string `pattern` matches and `other` does not (or just matches, when
    /// `other` is `None`), if any.
    pub(super) fn witness(&self, pattern: &str, other: Option<&str>) -> Option<String> {
        let key = (pattern.to_owned(), other.map(str::to_owned));
        if let Some(found) = self.witnesses.borrow().get(&key) {
            return found.clone();
        }
        let found = Pattern::new(pattern).ok().and_then(|p| {
            let q = match other {
                Some(o) => Some(Pattern::new(o).ok()?),
                None => None,
            };
            match included(&p, q.as_ref()) {
                Inclusion::Witness(w) => Some(w),
                _ => None,
            }
        });
        self.witnesses.borrow_mut().insert(key, found.clone());
        found
    }

    /// Follows `$ref`s and lifts a lone `allOf` entry.
    pub(super) fn resolve(&self, s: &'r Value) -> Cow<'r, Value> {
        effective(self.root, s).map_or(Cow::Borrowed(s), |e| e.value)
    }

    /// The instance path and the subschema (as far as it exists) for a schema pointer.
    pub(super) fn locate(&self, segments: &[String]) -> (Vec<Step>, Option<Value>) {
        self.locate_instance(segments, usize::MAX)
    }

    /// Like [`locate`](Self::locate), stopping once the instance path has `limit` steps.
    pub(super) fn locate_instance(
        &self,
        segments: &[String],
        limit: usize,
    ) -> (Vec<Step>, Option<Value>) {
        let mut path = Vec::new();
        let mut cur: Value = self.root.clone();
        let mut i = 0;
        while i < segments.len() && path.len() < limit {
            cur = self.resolve(&cur).into_owned();
            let seg = segments[i].as_str();
            let next_seg = segments.get(i + 1).map(String::as_str);
            let (step, next, used) = match (seg, next_seg) {
                ("properties", Some(name)) => (
                    Some(Step::Member(name.to_owned())),
                    cur.get("properties")
                        .and_then(|p| p.get(name))
                        // Not declared here: a member of the map, if the object is one.
                        .or_else(|| cur.get("additionalProperties").filter(|a| a.is_object()))
                        .cloned(),
                    2,
                ),
                ("prefixItems", Some(n)) => (
                    n.parse().ok().map(Step::Item),
                    cur.get("prefixItems")
                        .and_then(|p| p.get(n.parse::<usize>().ok()?))
                        .or_else(|| cur.get("items"))
                        .cloned()
                        .or(Some(Value::Bool(true))),
                    2,
                ),
                ("items", Some(n)) if n.parse::<usize>().is_ok() => (
                    n.parse().ok().map(Step::Item),
                    cur.get("items")
                        .and_then(|p| p.get(n.parse::<usize>().ok()?))
                        .cloned(),
                    2,
                ),
                // Items are not declared one by one: without a schema, any item goes.
                ("items" | "contains" | "unevaluatedItems" | "additionalItems", _) => (
                    Some(Step::Item(0)),
                    Some(cur.get(seg).cloned().unwrap_or(Value::Bool(true))),
                    1,
                ),
                ("additionalProperties" | "unevaluatedProperties", _) => (
                    Some(Step::Member("extra".to_owned())),
                    cur.get(seg).cloned(),
                    1,
                ),
                ("allOf" | "anyOf" | "oneOf" | "dependentSchemas", Some(n)) => {
                    let next = cur.get(seg).and_then(|l| {
                        n.parse::<usize>()
                            .ok()
                            .and_then(|i| l.get(i))
                            .or_else(|| l.get(n))
                    });
                    match next {
                        Some(v) => (None, Some(v.clone()), 2),
                        // Not in this schema as written (e.g. a lone `allOf`): skip it.
                        None => (None, Some(cur.clone()), 2),
                    }
                }
                ("then" | "else", _) => (None, cur.get(seg).cloned(), 1),
                _ => return (path, Some(cur)),
            };
            path.extend(step);
            match next {
                Some(n) => cur = n,
                None => return (path, None),
            }
            i += used;
        }
        (path, Some(self.resolve(&cur).into_owned()))
    }

    /// An example instance of `s`.
    pub(super) fn example(&self, s: &Value, fill: Fill, depth: usize) -> Value {
        let s = self.resolve(s);
        let Value::Object(m) = &*s else {
            return Value::Null;
        };
        if depth > MAX_DEPTH {
            return Value::Null;
        }
        if let Some(c) = m.get("const") {
            return c.clone();
        }
        if let Some(Value::Array(e)) = m.get("enum")
            && let Some(first) = e.first()
        {
            return first.clone();
        }
        if let Some(Value::Array(all)) = m.get("allOf") {
            let mut merged = m.clone();
            merged.remove("allOf");
            for entry in all {
                if let Value::Object(x) = &*self.resolve(entry) {
                    merge_into(&mut merged, x);
                }
            }
            return self.example(&Value::Object(merged), fill, depth + 1);
        }
        for k in ["anyOf", "oneOf"] {
            if let Some(Value::Array(alts)) = m.get(k)
                && let Some(first) = alts.first()
            {
                let mut merged = m.clone();
                merged.remove(k);
                if let Value::Object(x) = &*self.resolve(first) {
                    merge_into(&mut merged, x);
                }
                return self.example(&Value::Object(merged), fill, depth + 1);
            }
        }
        match first_type(m) {
            "object" => {
                let mut out = Map::new();
                let required: Vec<&str> = m
                    .get("required")
                    .and_then(Value::as_array)
                    .map(|a| a.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                if let Some(Value::Object(props)) = m.get("properties") {
                    for (k, v) in props {
                        if fill == Fill::All || required.contains(&k.as_str()) {
                            out.insert(k.clone(), self.example(v, fill, depth + 1));
                        }
                    }
                }
                Value::Object(out)
            }
            "array" => {
                let n = m
                    .get("minItems")
                    .and_then(Value::as_u64)
                    .unwrap_or(0)
                    .min(8);
                let item = m
                    .get("items")
                    .map_or(Value::Null, |i| self.example(i, fill, depth + 1));
                let prefix = match (m.get("prefixItems"), m.get("items")) {
                    (Some(p), _) => Some(p),
                    // Draft 7: a list of item schemas is a tuple.
                    (None, Some(p)) if p.is_array() => Some(p),
                    _ => None,
                };
                let item = if m.get("items").is_some_and(Value::is_array) {
                    Value::Null
                } else {
                    item
                };
                let mut items: Vec<Value> = match prefix {
                    Some(Value::Array(p)) => {
                        p.iter().map(|s| self.example(s, fill, depth + 1)).collect()
                    }
                    _ => Vec::new(),
                };
                while (items.len() as u64) < n {
                    items.push(item.clone());
                }
                Value::Array(items)
            }
            "string" => self.strings(m).into_iter().next().unwrap_or_default(),
            "integer" => self.numbers(m, true).into_iter().next().unwrap_or(json!(0)),
            "number" => self
                .numbers(m, false)
                .into_iter()
                .next()
                .unwrap_or(json!(0)),
            "boolean" => json!(true),
            _ => Value::Null,
        }
    }
}

/// The type an example takes: the first listed, or the one the keywords suggest.
pub(super) fn first_type(m: &Map<String, Value>) -> &str {
    match m.get("type") {
        Some(Value::String(t)) => t.as_str(),
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .or_else(|| a.first().and_then(Value::as_str))
            .unwrap_or("null"),
        _ => {
            let has = |ks: &[&str]| ks.iter().any(|k| m.contains_key(*k));
            if has(&[
                "properties",
                "required",
                "additionalProperties",
                "dependentRequired",
            ]) {
                "object"
            } else if has(&["items", "prefixItems", "contains", "minItems", "maxItems"]) {
                "array"
            } else if has(&["pattern", "minLength", "maxLength", "format"]) {
                "string"
            } else if has(&[
                "minimum",
                "maximum",
                "exclusiveMinimum",
                "exclusiveMaximum",
                "multipleOf",
            ]) {
                "number"
            } else {
                "string"
            }
        }
    }
}

/// Merges the keywords of `x` into `into` for the purpose of building an example:
/// properties and required members are combined, other keywords kept from `into` first.
pub(super) fn merge_into(into: &mut Map<String, Value>, x: &Map<String, Value>) {
    for (k, v) in x {
        match (k.as_str(), into.get_mut(k)) {
            ("properties", Some(Value::Object(p))) => {
                if let Value::Object(q) = v {
                    for (name, s) in q {
                        p.entry(name.clone()).or_insert_with(|| s.clone());
                    }
                }
            }
            ("required", Some(Value::Array(r))) => {
                if let Value::Array(q) = v {
                    r.extend(q.iter().cloned());
                }
            }
            (_, Some(_)) => {}
            (_, None) => {
                into.insert(k.clone(), v.clone());
            }
        }
    }
}
