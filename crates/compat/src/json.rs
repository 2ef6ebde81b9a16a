//! JSON helpers: equality as JSON Schema defines it, paths rendered as JSON pointers and as
//! names a reader understands, and short renderings of values for messages.

use std::cmp::Ordering;

use serde_json::{Number, Value};

/// Equality of two JSON values as JSON Schema defines it: numbers compare by value (so `1`
/// equals `1.0`), objects ignore member order.
pub(crate) fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => num_eq(x, y),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_eq(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

/// [`json_eq`] of two optional values (absent equals only absent).
pub(crate) fn opt_eq(a: Option<&Value>, b: Option<&Value>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => json_eq(a, b),
        _ => false,
    }
}

fn num_eq(a: &Number, b: &Number) -> bool {
    cmp_numbers(a, b) == Ordering::Equal
}

/// The integer value of a number, when it has one that fits an `i128`.
fn as_i128(n: &Number) -> Option<i128> {
    if let Some(i) = n.as_i64() {
        return Some(i128::from(i));
    }
    if let Some(u) = n.as_u64() {
        return Some(i128::from(u));
    }
    let f = n.as_f64()?;
    // 2^126: every integral `f64` below it converts exactly.
    (f.fract() == 0.0 && f.abs() < 8.507_059_173_023_462e37).then_some(f as i128)
}

/// Compares two numbers by their exact values (no rounding through `f64`).
pub(crate) fn cmp_numbers(a: &Number, b: &Number) -> Ordering {
    match (as_i128(a), as_i128(b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(x), None) => cmp_int_float(x, b.as_f64().unwrap_or(0.0)),
        (None, Some(y)) => cmp_int_float(y, a.as_f64().unwrap_or(0.0)).reverse(),
        (None, None) => {
            let (x, y) = (a.as_f64().unwrap_or(0.0), b.as_f64().unwrap_or(0.0));
            x.partial_cmp(&y).unwrap_or(Ordering::Equal)
        }
    }
}

/// Compares an integer with a float exactly.
fn cmp_int_float(i: i128, f: f64) -> Ordering {
    if f >= 1.7e38 {
        return Ordering::Less;
    }
    if f <= -1.7e38 {
        return Ordering::Greater;
    }
    let floor = f.floor();
    match i.cmp(&(floor as i128)) {
        Ordering::Equal if f > floor => Ordering::Less,
        other => other,
    }
}

/// Whether a number has no fractional part (JSON Schema's `integer`).
pub(crate) fn is_integer(n: &Number) -> bool {
    n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0)
}

/// Whether the value contains a reference keyword anywhere (`$ref`, `$dynamicRef`,
/// `$recursiveRef`), in which case two equal-looking values may still mean different things.
pub(crate) fn contains_ref(v: &Value) -> bool {
    match v {
        Value::Object(m) => m.iter().any(|(k, v)| is_ref_keyword(k) || contains_ref(v)),
        Value::Array(a) => a.iter().any(contains_ref),
        _ => false,
    }
}

/// Whether the keyword references another schema.
pub(crate) fn is_ref_keyword(k: &str) -> bool {
    matches!(k, "$ref" | "$dynamicRef" | "$recursiveRef")
}

/// The JSON Schema type name of a value (`integer` for numbers without a fractional part).
pub(crate) fn type_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if is_integer(n) => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// A compact rendering of a value for a message, shortened when long.
pub(crate) fn show(v: &Value) -> String {
    const MAX: usize = 60;
    let s = v.to_string();
    if s.chars().count() <= MAX {
        s
    } else {
        let mut t: String = s.chars().take(MAX).collect();
        t.push('…');
        t
    }
}

/// A number rendered without a useless `.0`.
pub(crate) fn show_f64(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{f:.0}")
    } else {
        f.to_string()
    }
}

/// A path through a schema, as a list of unescaped segments.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Path(Vec<String>);

impl Path {
    /// The root path.
    pub(crate) fn root() -> Self {
        Self::default()
    }

    /// The path made of the given unescaped segments.
    pub(crate) fn from_segments(segments: Vec<String>) -> Self {
        Self(segments)
    }

    /// The path extended by one segment.
    pub(crate) fn child(&self, segment: impl Into<String>) -> Self {
        let mut v = self.0.clone();
        v.push(segment.into());
        Self(v)
    }

    /// The path extended by two segments (e.g. `properties` and a member name).
    pub(crate) fn child2(&self, a: impl Into<String>, b: impl Into<String>) -> Self {
        let mut v = self.0.clone();
        v.push(a.into());
        v.push(b.into());
        Self(v)
    }

    /// The JSON pointer (RFC 6901): `""` for the root, `~` and `/` escaped.
    pub(crate) fn pointer(&self) -> String {
        let mut s = String::new();
        for seg in &self.0 {
            vcc_events_pointer::push(&mut s, seg);
        }
        s
    }

    /// The location for a reader: `` `data.channel.role` ``, `` `data.tags[]` ``, or
    /// `the event` for the root.
    pub(crate) fn what(&self) -> String {
        let mut out = String::new();
        let mut segs = self.0.iter().peekable();
        while let Some(seg) = segs.next() {
            match seg.as_str() {
                "properties" => {
                    if let Some(name) = segs.next() {
                        if !out.is_empty() {
                            out.push('.');
                        }
                        out.push_str(name);
                    }
                }
                "prefixItems" | "items"
                    if segs.peek().is_some_and(|s| s.parse::<usize>().is_ok()) =>
                {
                    if let Some(i) = segs.next() {
                        out.push('[');
                        out.push_str(i);
                        out.push(']');
                    }
                }
                "items" | "additionalItems" | "unevaluatedItems" | "contains" => {
                    out.push_str("[]");
                }
                "additionalProperties" | "unevaluatedProperties" => out.push_str(".*"),
                "propertyNames" => out.push_str(".<name>"),
                "anyOf" | "oneOf" => {
                    let n = segs
                        .next()
                        .and_then(|s| s.parse::<usize>().ok())
                        .map_or_else(String::new, |i| format!(" {}", i + 1));
                    out.push_str(&format!(" (alternative{n})"));
                }
                "allOf" => {
                    segs.next();
                }
                "not" => out.push_str(" (not)"),
                other => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(other);
                }
            }
        }
        let out = out.trim();
        if out.is_empty() {
            "the event".to_owned()
        } else if out.starts_with(['[', '.']) {
            // Items or members of the event itself: `$` stands for the event.
            format!("`${out}`")
        } else {
            format!("`{out}`")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_compare_by_value() {
        assert!(json_eq(&json!(1), &json!(1.0)));
        assert!(json_eq(&json!({"a": [1, 2]}), &json!({"a": [1.0, 2]})));
        assert!(!json_eq(&json!(1), &json!(2)));
        assert!(!json_eq(&json!([1]), &json!([1, 1])));
    }

    #[test]
    fn numbers_compare_exactly() {
        let n = |v: Value| v.as_number().cloned().unwrap_or_else(|| Number::from(0));
        let big = n(json!(9_007_199_254_740_993_u64));
        assert_eq!(
            cmp_numbers(&big, &n(json!(9_007_199_254_740_992.0))),
            Ordering::Greater
        );
        assert_eq!(cmp_numbers(&n(json!(2)), &n(json!(2.5))), Ordering::Less);
        assert_eq!(cmp_numbers(&n(json!(-3)), &n(json!(-2.5))), Ordering::Less);
        assert_eq!(
            cmp_numbers(&n(json!(u64::MAX)), &n(json!(1e30))),
            Ordering::Less
        );
        assert_eq!(cmp_numbers(&n(json!(4)), &n(json!(4.0))), Ordering::Equal);
    }

    #[test]
    fn pointers_are_escaped() {
        let p = Path::root().child2("properties", "a/b~c");
        assert_eq!(p.pointer(), "/properties/a~1b~0c");
        assert_eq!(Path::root().pointer(), "");
    }

    #[test]
    fn locations_read_like_fields() {
        let p = Path::root()
            .child2("properties", "data")
            .child2("properties", "tags")
            .child("items");
        assert_eq!(p.what(), "`data.tags[]`");
        let p = Path::root()
            .child2("properties", "data")
            .child2("oneOf", "1")
            .child2("properties", "kind");
        assert_eq!(p.what(), "`data (alternative 2).kind`");
        assert_eq!(Path::root().what(), "the event");
        assert_eq!(Path::root().child("items").what(), "`$[]`");
        assert_eq!(Path::root().child("additionalProperties").what(), "`$.*`");
    }
}
