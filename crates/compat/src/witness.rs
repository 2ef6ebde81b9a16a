//! Counterexamples: an instance that shows a break, checked with a JSON Schema validator
//! (`jsonschema`, formats on) before it is returned.
//!
//! For a backward break, an instance an old producer can emit (valid against the old schema,
//! with declared members only) that the new schema rejects; for a forward break, the same
//! with the schemas swapped. The search starts from an example of the producer's schema and
//! varies it where the breaking changes are: boundary values, the values of `enum`s, strings
//! a pattern matches (found on the patterns' automata), formats, omitted members, arrays of
//! other lengths. Only candidates the validators confirm are returned, so a counterexample is
//! never wrong; when the search finds none, the direction stays unproven.

use std::cell::RefCell;
use std::collections::HashMap;

use serde_json::{Map, Value, json};

use crate::canon::ValueSet;
use crate::change::{Change, Report};
use crate::pattern::{Inclusion, Pattern, included};
use crate::resolve::effective;

/// Most candidates validated per direction.
const MAX_CANDIDATES: usize = 4_000;
/// Most places of changes searched per direction.
const MAX_PLACES: usize = 64;
/// Deepest nesting of generated examples.
const MAX_DEPTH: usize = 24;

/// Instances that show the broken directions of a change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counterexamples {
    /// An instance an old producer can emit that the new schema rejects; `None` when backward
    /// compatibility is not broken or no instance was found.
    pub backward: Option<Value>,
    /// An instance a new producer can emit that the old schema rejects; `None` when forward
    /// compatibility is not broken or no instance was found.
    pub forward: Option<Value>,
}

/// Finds a counterexample for each direction the report breaks. Each one returned was
/// checked: the producer's schema accepts it and the reader's schema rejects it.
#[must_use]
pub fn counterexamples(old: &Value, new: &Value, report: &Report) -> Counterexamples {
    let backward = (!report.backward_compatible())
        .then(|| {
            let changes: Vec<&Change> = report
                .changes()
                .iter()
                .filter(|c| c.breaks.backward())
                .collect();
            search(old, new, &changes)
        })
        .flatten();
    let forward = (!report.forward_compatible())
        .then(|| {
            let changes: Vec<&Change> = report
                .changes()
                .iter()
                .filter(|c| c.breaks.forward())
                .collect();
            search(new, old, &changes)
        })
        .flatten();
    Counterexamples { backward, forward }
}

/// Whether `instance` is accepted by `producer` and rejected by `reader` (formats checked).
#[must_use]
pub fn shows_break(producer: &Value, reader: &Value, instance: &Value) -> bool {
    match (validator(producer), validator(reader)) {
        (Some(p), Some(r)) => p.is_valid(instance) && !r.is_valid(instance),
        _ => false,
    }
}

/// A validator with formats checked; a schema without `$schema` that is not valid in draft
/// 2020-12 (e.g. the list form of `items`) is read as draft 7.
fn validator(schema: &Value) -> Option<jsonschema::Validator> {
    jsonschema::options()
        .should_validate_formats(true)
        .build(schema)
        .or_else(|_| {
            jsonschema::options()
                .with_draft(jsonschema::Draft::Draft7)
                .should_validate_formats(true)
                .build(schema)
        })
        .ok()
}

/// Searches an instance `producer` accepts and `reader` rejects, varying the places of
/// `changes`.
fn search(producer: &Value, reader: &Value, changes: &[&Change]) -> Option<Value> {
    let (vp, vr) = (validator(producer)?, validator(reader)?);
    let budget = std::cell::Cell::new(MAX_CANDIDATES);
    let check = |v: &Value| -> bool {
        if budget.get() == 0 {
            return false;
        }
        budget.set(budget.get() - 1);
        vp.is_valid(v) && !vr.is_valid(v)
    };
    let gen_p = Gen::new(producer);
    let gen_r = Gen::new(reader);
    let mut bases = vec![
        gen_p.example(producer, Fill::All, 0),
        gen_p.example(producer, Fill::Required, 0),
    ];
    // Other starting points, for breaks that need two things changed at once.
    bases.extend(
        gen_p
            .variants(Some(producer.clone()), None, 0)
            .into_iter()
            .filter(|v| vp.is_valid(v))
            .take(24),
    );
    // One search per place: many changes at one place (e.g. `enum` values) share it.
    let mut places: Vec<&str> = changes.iter().map(|c| c.pointer.as_str()).collect();
    places.dedup();
    for pointer in places.into_iter().take(MAX_PLACES) {
        if budget.get() == 0 {
            break;
        }
        let segments: Vec<String> = pointer_segments(pointer);
        let (instance_path, schema) = gen_p.locate(&segments);
        let other = gen_r.locate(&segments).1;
        // A place the producer's schema does not declare is never filled: producers emit
        // declared members only.
        let declared = schema.is_some();
        for base in &bases {
            // The value at the place of the change.
            let variants = if declared {
                gen_p.variants(schema.clone(), other.clone(), 0)
            } else {
                Vec::new()
            };
            for variant in variants {
                if let Some(v) = set_at(base, &instance_path, variant)
                    && check(&v)
                {
                    return Some(v);
                }
            }
            // The member at the place of the change left out, and its object varied.
            for depth in (0..=instance_path.len()).rev() {
                let prefix = &instance_path[..depth];
                if depth < instance_path.len()
                    && let Some(v) = remove_at(base, &instance_path[..=depth])
                    && check(&v)
                {
                    return Some(v);
                }
                let (_, s) = gen_p.locate_instance(&segments, prefix.len());
                for variant in gen_p.variants(s, None, 0).into_iter().take(64) {
                    if let Some(v) = set_at(base, prefix, variant)
                        && check(&v)
                    {
                        return Some(v);
                    }
                }
            }
        }
    }
    gen_p
        .variants(Some(producer.clone()), Some(reader.clone()), 0)
        .into_iter()
        .find(|v| check(v))
}

fn pointer_segments(pointer: &str) -> Vec<String> {
    if pointer.is_empty() {
        return Vec::new();
    }
    pointer
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// One step into an instance: a member or an item.
#[derive(Debug, Clone)]
enum Step {
    Member(String),
    Item(usize),
}

fn set_at(base: &Value, path: &[Step], value: Value) -> Option<Value> {
    let mut out = base.clone();
    let mut cur = &mut out;
    for step in path {
        cur = match step {
            Step::Member(k) => {
                if !cur.is_object() {
                    *cur = Value::Object(Map::new());
                }
                cur.as_object_mut()?.entry(k.clone()).or_insert(Value::Null)
            }
            Step::Item(i) => {
                if !cur.is_array() {
                    *cur = Value::Array(Vec::new());
                }
                let a = cur.as_array_mut()?;
                while a.len() <= *i {
                    a.push(a.first().cloned().unwrap_or(Value::Null));
                }
                a.get_mut(*i)?
            }
        };
    }
    *cur = value;
    Some(out)
}

fn remove_at(base: &Value, path: &[Step]) -> Option<Value> {
    let (last, init) = path.split_last()?;
    let mut out = base.clone();
    let mut cur = &mut out;
    for step in init {
        cur = match step {
            Step::Member(k) => cur.as_object_mut()?.get_mut(k)?,
            Step::Item(i) => cur.as_array_mut()?.get_mut(*i)?,
        };
    }
    match last {
        Step::Member(k) => cur.as_object_mut()?.remove(k).map(|_| ())?,
        Step::Item(i) => {
            let a = cur.as_array_mut()?;
            (*i < a.len()).then(|| a.remove(*i))?;
        }
    }
    Some(out)
}

/// Which members an example object has.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fill {
    /// Every declared member.
    All,
    /// The required members only.
    Required,
}

/// A pattern and, if any, the other side's pattern.
type PatternPair = (String, Option<String>);

/// Generates instances of the schemas of one document.
struct Gen<'r> {
    root: &'r Value,
    /// Strings found on pattern automata, by pattern and the other side's pattern (building
    /// an automaton is the costly part, so each pair is searched once).
    witnesses: RefCell<HashMap<PatternPair, Option<String>>>,
}

impl<'r> Gen<'r> {
    fn new(root: &'r Value) -> Self {
        Self {
            root,
            witnesses: RefCell::new(HashMap::new()),
        }
    }

    /// The shortest string `pattern` matches and `other` does not (or just matches, when
    /// `other` is `None`), if any.
    fn witness(&self, pattern: &str, other: Option<&str>) -> Option<String> {
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
    fn resolve(&self, s: &'r Value) -> std::borrow::Cow<'r, Value> {
        effective(self.root, s).map_or(std::borrow::Cow::Borrowed(s), |e| e.value)
    }

    /// The instance path and the subschema (as far as it exists) for a schema pointer.
    fn locate(&self, segments: &[String]) -> (Vec<Step>, Option<Value>) {
        self.locate_instance(segments, usize::MAX)
    }

    /// Like [`locate`](Self::locate), stopping once the instance path has `limit` steps.
    fn locate_instance(&self, segments: &[String], limit: usize) -> (Vec<Step>, Option<Value>) {
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
    fn example(&self, s: &Value, fill: Fill, depth: usize) -> Value {
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

    /// Candidate values for the subschema `s` (`None`: any value), tuned to differ from
    /// `other` (the reader's subschema at the same place) where that helps.
    fn variants(&self, s: Option<Value>, other: Option<Value>, depth: usize) -> Vec<Value> {
        // Nothing declared here: producers send nothing here.
        let Some(s) = s else {
            return Vec::new();
        };
        let s = self.resolve(&s).into_owned();
        let Value::Object(m) = &s else {
            return if s == Value::Bool(true) {
                vec![
                    json!("a"),
                    json!(0),
                    json!(1.5),
                    json!(null),
                    json!(true),
                    json!({}),
                    json!([]),
                ]
            } else {
                Vec::new()
            };
        };
        let mut out = Vec::new();
        if let Some(c) = m.get("const") {
            out.push(c.clone());
        }
        if let Some(Value::Array(e)) = m.get("enum") {
            // Values the other side does not allow first, however long the lists.
            if let Some(Value::Array(theirs)) = other.as_ref().and_then(|o| o.get("enum")) {
                let theirs = ValueSet::of(theirs);
                out.extend(e.iter().filter(|v| !theirs.contains(v)).take(8).cloned());
            }
            out.extend(e.iter().take(64).cloned());
        }
        out.push(self.example(&s, Fill::All, depth));
        out.push(self.example(&s, Fill::Required, depth));
        if let Some(Value::Object(o)) = &other {
            for scope in [
                Some(o),
                o.get("not").and_then(Value::as_object),
                m.get("not").and_then(Value::as_object),
            ] {
                let Some(scope) = scope else { continue };
                out.extend(scope.get("const").cloned());
                if let Some(Value::Array(e)) = scope.get("enum") {
                    out.extend(e.iter().take(64).cloned());
                }
            }
        }
        for k in ["anyOf", "oneOf"] {
            if let Some(Value::Array(alts)) = m.get(k) {
                for alt in alts.iter().take(16) {
                    let mut merged = m.clone();
                    merged.remove(k);
                    if let Value::Object(x) = &*self.resolve(alt) {
                        merge_into(&mut merged, x);
                    }
                    let merged = Value::Object(merged);
                    out.push(self.example(&merged, Fill::All, depth + 1));
                    out.push(self.example(&merged, Fill::Required, depth + 1));
                }
            }
        }
        let other_map = other.as_ref().and_then(Value::as_object);
        for t in types(m) {
            match t {
                "string" => out.extend(self.string_variants(m, other_map)),
                "integer" => out.extend(self.numbers(m, true)),
                "number" => {
                    out.extend(self.numbers(m, false));
                    out.extend(self.numbers(m, true));
                }
                "boolean" => out.extend([json!(true), json!(false)]),
                "null" => out.push(Value::Null),
                "array" => out.extend(self.array_variants(m, depth)),
                "object" => out.extend(self.object_variants(m, depth)),
                _ => {}
            }
        }
        out
    }

    fn strings(&self, m: &Map<String, Value>) -> Vec<Value> {
        self.string_variants(m, None)
    }

    fn string_variants(
        &self,
        m: &Map<String, Value>,
        other: Option<&Map<String, Value>>,
    ) -> Vec<Value> {
        let mut base: Vec<String> = Vec::new();
        if let Some(f) = m.get("format").and_then(Value::as_str) {
            base.extend(format_examples(f).iter().map(|s| (*s).to_owned()));
        }
        if let Some(p) = m.get("pattern").and_then(Value::as_str) {
            // A string the pattern matches and the other side's pattern does not, if any.
            if let Some(q) = other.and_then(|o| o.get("pattern")).and_then(Value::as_str) {
                base.extend(self.witness(p, Some(q)));
            }
            base.extend(self.witness(p, None));
        }
        base.extend(["a".to_owned(), String::new(), "x-1".to_owned()]);
        let len_of = |m: Option<&Map<String, Value>>, k: &str| {
            m.and_then(|m| m.get(k))
                .and_then(Value::as_u64)
                .map(|x| x.min(4096) as usize)
        };
        let min = len_of(Some(m), "minLength").unwrap_or(0);
        let max = len_of(Some(m), "maxLength");
        let mut extra_lengths: Vec<usize> = Vec::new();
        // Just beyond the other side's bounds.
        extra_lengths.extend(len_of(other, "maxLength").map(|x| x + 1));
        extra_lengths.extend(len_of(other, "minLength").and_then(|x| x.checked_sub(1)));
        let mut out = Vec::new();
        for s in base {
            let mut lengths = vec![s.chars().count(), min];
            lengths.extend(max);
            lengths.extend(&extra_lengths);
            for len in lengths {
                out.push(Value::String(fit(&s, len)));
            }
        }
        out
    }

    fn numbers(&self, m: &Map<String, Value>, integer: bool) -> Vec<Value> {
        let num = |k: &str| m.get(k).and_then(Value::as_f64);
        let mut cands: Vec<f64> = vec![0.0, 1.0, -1.0, 2.0, 10.0, 100.0, 1_000_000.0];
        for k in ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"] {
            if let Some(v) = num(k) {
                cands.extend([v, v + 1.0, v - 1.0, v + 0.5, v - 0.5, v.floor(), v.ceil()]);
            }
        }
        if let Some(step) = num("multipleOf").filter(|s| *s > 0.0) {
            let start = num("minimum").map_or(0.0, |x| (x / step).ceil());
            cands = (0..24)
                .map(|k| (start + f64::from(k)) * step)
                .collect::<Vec<_>>();
            cands.extend((0..24).map(|k| f64::from(k) * step));
        }
        if !integer {
            cands.extend([0.5, 2.5, -0.5]);
        }
        let mut out = Vec::new();
        // Integer bounds beyond `f64` precision, and their neighbours, exactly.
        for k in ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"] {
            if let Some(v) = m
                .get(k)
                .and_then(|v| v.as_i64().map(i128::from).or(v.as_u64().map(i128::from)))
            {
                for x in [v, v - 1, v + 1] {
                    if let Ok(i) = i64::try_from(x) {
                        out.push(json!(i));
                    } else if let Ok(u) = u64::try_from(x) {
                        out.push(json!(u));
                    }
                }
            }
        }
        for c in cands {
            if integer {
                if c.fract() == 0.0 && c.abs() < 9.0e15 {
                    out.push(json!(c as i64));
                }
            } else if let Some(n) = serde_json::Number::from_f64(c) {
                out.push(Value::Number(n));
            }
        }
        out
    }

    fn array_variants(&self, m: &Map<String, Value>, depth: usize) -> Vec<Value> {
        let item_schema = Some(m.get("items").cloned().unwrap_or(Value::Bool(true)));
        let mut items: Vec<Value> = self
            .variants(item_schema, None, depth + 1)
            .into_iter()
            .take(16)
            .collect();
        if let Some(c) = m.get("contains") {
            items.extend(
                self.variants(Some(c.clone()), None, depth + 1)
                    .into_iter()
                    .take(8),
            );
        }
        let first = items.first().cloned().unwrap_or(Value::Null);
        let min = m
            .get("minItems")
            .and_then(Value::as_u64)
            .unwrap_or(0)
            .min(16) as usize;
        let max = m
            .get("maxItems")
            .and_then(Value::as_u64)
            .map(|x| x.min(16) as usize);
        let mut out = vec![Value::Array(Vec::new())];
        for it in &items {
            out.push(json!([it]));
            out.push(Value::Array(vec![it.clone(); min.max(1)]));
            out.push(Value::Array(vec![it.clone(); 3]));
        }
        let distinct: Vec<Value> = items.iter().take(4).cloned().collect();
        out.push(Value::Array(distinct));
        for len in [min, max.unwrap_or(min)] {
            out.push(Value::Array(vec![first.clone(); len]));
        }
        out
    }

    fn object_variants(&self, m: &Map<String, Value>, depth: usize) -> Vec<Value> {
        let base = self.example(&Value::Object(m.clone()), Fill::All, depth);
        let mut out = Vec::new();
        if let (Value::Object(b), Some(Value::Object(props))) = (&base, m.get("properties")) {
            for (k, s) in props.iter().take(32) {
                let mut without = b.clone();
                without.remove(k);
                out.push(Value::Object(without));
                for v in self
                    .variants(Some(s.clone()), None, depth + 1)
                    .into_iter()
                    .take(24)
                {
                    let mut with = b.clone();
                    with.insert(k.clone(), v);
                    out.push(Value::Object(with));
                }
            }
            // Only what `required` asks for.
            out.push(self.example(&Value::Object(m.clone()), Fill::Required, depth));
        }
        if let (Value::Object(b), Some(extra)) = (&base, m.get("additionalProperties"))
            && extra.is_object()
        {
            for v in self
                .variants(Some(extra.clone()), None, depth + 1)
                .into_iter()
                .take(16)
            {
                let mut with = b.clone();
                with.insert("extra".to_owned(), v);
                out.push(Value::Object(with));
            }
        }
        out
    }
}

/// A string of `len` characters made from `s` (cut, or repeated).
fn fit(s: &str, len: usize) -> String {
    if s.chars().count() == len {
        return s.to_owned();
    }
    let pad = if s.is_empty() { "a" } else { s };
    pad.chars().cycle().take(len).collect()
}

fn format_examples(format: &str) -> &'static [&'static str] {
    match format {
        "date-time" => &[
            "2024-05-01T12:00:00Z",
            "2024-05-01T12:00:00.5Z",
            "2024-05-01T12:00:00.123456789Z",
            "2024-05-01T12:00:00+02:00",
            "2024-05-01t12:00:00z",
        ],
        "date" => &["2024-05-01"],
        "time" => &["12:00:00Z"],
        "email" => &["someone@example.com"],
        "uuid" => &["123e4567-e89b-12d3-a456-426614174000"],
        "uri" => &["https://example.com/a"],
        "uri-reference" => &["/a"],
        "hostname" => &["example.com"],
        "ipv4" => &["192.0.2.1"],
        "ipv6" => &["2001:db8::1"],
        "duration" => &["P1D"],
        _ => &[],
    }
}

fn types(m: &Map<String, Value>) -> Vec<&str> {
    match m.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => {
            let inferred = first_type(m);
            let mut all = vec![inferred];
            all.extend(
                [
                    "string", "integer", "number", "boolean", "null", "array", "object",
                ]
                .into_iter()
                .filter(|t| *t != inferred),
            );
            all
        }
    }
}

/// The type an example takes: the first listed, or the one the keywords suggest.
fn first_type(m: &Map<String, Value>) -> &str {
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
fn merge_into(into: &mut Map<String, Value>, x: &Map<String, Value>) {
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
