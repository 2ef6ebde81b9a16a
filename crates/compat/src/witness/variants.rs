//! Candidate values for a subschema: boundary numbers, strings of the lengths and patterns
//! around the other side's, the values of `enum`s, arrays and objects varied one member or
//! item at a time.

use serde_json::{Map, Value, json};

use super::example::{Fill, Gen, first_type, merge_into};
use crate::canon::ValueSet;

impl Gen<'_> {
    /// Candidate values for the subschema `s` (`None`: any value), tuned to differ from
    /// `other` (the reader's subschema at the same place) where that helps.
    pub(super) fn variants(
        &self,
        s: Option<Value>,
        other: Option<Value>,
        depth: usize,
    ) -> Vec<Value> {
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
                "object" => out.extend(self.object_variants(m, other_map, depth)),
                _ => {}
            }
        }
        out
    }

    pub(super) fn strings(&self, m: &Map<String, Value>) -> Vec<Value> {
        self.string_variants(m, None)
    }

    pub(super) fn string_variants(
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

    pub(super) fn numbers(&self, m: &Map<String, Value>, integer: bool) -> Vec<Value> {
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

    pub(super) fn array_variants(&self, m: &Map<String, Value>, depth: usize) -> Vec<Value> {
        let item_schema = Some(m.get("items").cloned().unwrap_or(Value::Bool(true)));
        let mut items: Vec<Value> = self
            .variants(item_schema, None, depth + 1)
            .into_iter()
            .take(16)
            .collect();
        let mut repeated = Vec::new();
        if let Some(c) = m.get("contains") {
            // As many matching items as the bounds on matches allow, and one more.
            let mut counts = vec![2];
            for k in ["minContains", "maxContains"] {
                if let Some(x) = m.get(k).and_then(Value::as_u64).filter(|x| *x <= 16) {
                    counts.extend([x as usize, x as usize + 1]);
                }
            }
            for it in self
                .variants(Some(c.clone()), None, depth + 1)
                .into_iter()
                .take(8)
            {
                for &count in &counts {
                    repeated.push(Value::Array(vec![it.clone(); count]));
                }
            }
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
        out.extend(repeated);
        out
    }

    pub(super) fn object_variants(
        &self,
        m: &Map<String, Value>,
        other: Option<&Map<String, Value>>,
        depth: usize,
    ) -> Vec<Value> {
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
        if let Value::Object(b) = &base {
            // A member named by what `propertyNames` allows, or by what a pattern of
            // `patternProperties` matches, with the values its schema allows.
            let mut named: Vec<(String, Value)> = Vec::new();
            if let Some(Value::Object(names)) = m.get("propertyNames") {
                for name in self.string_variants(names, None).into_iter().take(8) {
                    if let Value::String(name) = name {
                        named.push((name, Value::Bool(true)));
                    }
                }
            }
            // Names from either side's patterns; values from either side's schemas.
            let patterns: Vec<(&String, &Value)> = [Some(m), other]
                .into_iter()
                .flatten()
                .filter_map(|x| x.get("patternProperties").and_then(Value::as_object))
                .flat_map(|p| p.iter().take(8))
                .collect();
            let values: Vec<Value> = patterns
                .iter()
                .flat_map(|(_, schema)| {
                    self.variants(Some((*schema).clone()), None, depth + 1)
                        .into_iter()
                        .take(12)
                })
                .collect();
            for (pattern, _) in &patterns {
                if let Some(name) = self.witness(pattern, None) {
                    named.extend(values.iter().map(|v| (name.clone(), v.clone())));
                }
            }
            for (name, v) in named {
                let mut with = b.clone();
                with.insert(name, v);
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
