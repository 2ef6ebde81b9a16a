//! Canonical forms of JSON values, so that sets of values (`enum`, `required`, composition
//! entries) are compared by hashing in linear time instead of pairwise.
//!
//! Two values have the same canonical form exactly when [`json_eq`](crate::json::json_eq)
//! holds: numbers are written by their exact value (`1` and `1.0` alike), objects with their
//! members sorted by name.

use std::collections::HashSet;
use std::fmt::Write as _;

use serde_json::{Number, Value};

/// The canonical form of a value.
pub(crate) fn canonical(v: &Value) -> String {
    let mut out = String::new();
    write_canonical(v, &mut out);
    out
}

fn write_canonical(v: &Value, out: &mut String) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&canonical_number(n)),
        Value::String(s) => write_string(s, out),
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(x, out);
            }
            out.push(']');
        }
        Value::Object(m) => {
            let mut members: Vec<(&String, &Value)> = m.iter().collect();
            members.sort_unstable_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (k, x)) in members.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(k, out);
                out.push(':');
                write_canonical(x, out);
            }
            out.push('}');
        }
    }
}

fn write_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// The exact value of a number: integers in decimal digits (whatever their spelling),
/// other numbers by the shortest text that reads back as the same `f64`.
pub(crate) fn canonical_number(n: &Number) -> String {
    if let Some(i) = n.as_i64() {
        return i.to_string();
    }
    if let Some(u) = n.as_u64() {
        return u.to_string();
    }
    match n.as_f64() {
        // `{:.0}` writes the exact integer value of an integral `f64`.
        Some(f) if f.fract() == 0.0 => {
            let s = format!("{f:.0}");
            if s == "-0" { "0".to_owned() } else { s }
        }
        Some(f) => format!("{f:e}"),
        None => n.to_string(),
    }
}

/// A set of values compared as JSON Schema compares them.
#[derive(Debug, Default)]
pub(crate) struct ValueSet {
    keys: HashSet<String>,
}

impl ValueSet {
    /// The set of the given values.
    pub(crate) fn of<'a>(values: impl IntoIterator<Item = &'a Value>) -> Self {
        Self {
            keys: values.into_iter().map(canonical).collect(),
        }
    }

    /// Whether the set holds a value equal to `v`.
    pub(crate) fn contains(&self, v: &Value) -> bool {
        self.keys.contains(&canonical(v))
    }

    /// Adds a value; returns whether it was new.
    pub(crate) fn insert(&mut self, v: &Value) -> bool {
        self.keys.insert(canonical(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn equal_values_have_equal_forms() {
        assert_eq!(canonical(&json!(1)), canonical(&json!(1.0)));
        assert_eq!(
            canonical(&json!({"a": 1, "b": [true, null]})),
            canonical(&json!({"b": [true, null], "a": 1.0}))
        );
        assert_eq!(canonical(&json!(-0.0)), canonical(&json!(0)));
    }

    #[test]
    fn different_values_have_different_forms() {
        assert_ne!(canonical(&json!("1")), canonical(&json!(1)));
        assert_ne!(canonical(&json!(0.1)), canonical(&json!(0.2)));
        assert_ne!(canonical(&json!([1, 2])), canonical(&json!([2, 1])));
        assert_ne!(canonical(&json!({"a\"": 1})), canonical(&json!({"a": 1})));
        assert_ne!(
            canonical(&json!(9_007_199_254_740_993_u64)),
            canonical(&json!(9_007_199_254_740_992_u64))
        );
    }
}
