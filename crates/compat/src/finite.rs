//! Schemas that accept finitely many values (an `enum`, a `const`, a bounded integer range,
//! `boolean`, `null`): for them a direction is decided exactly, value by value, with the
//! validator the counterexamples are checked with.

use serde_json::{Map, Value};

use crate::witness::validator;

/// Most values enumerated; a larger set is left to the rules.
const MAX_VALUES: usize = 1_024;

/// Whether every value `producer` accepts is accepted by `reader`; `None` when `producer`
/// is not seen to accept finitely many values (or accepts too many), or a schema cannot be
/// compiled.
pub(crate) fn all_accepted(producer: &Value, reader: &Value) -> Option<bool> {
    let candidates = candidates(producer)?;
    let (vp, vr) = (validator(producer)?, validator(reader)?);
    Some(
        candidates
            .iter()
            .filter(|v| vp.is_valid(v))
            .all(|v| vr.is_valid(v)),
    )
}

/// A finite list that holds every value `schema` accepts (and maybe more).
fn candidates(schema: &Value) -> Option<Vec<Value>> {
    let Value::Object(m) = schema else {
        return (schema == &Value::Bool(false)).then(Vec::new);
    };
    if let Some(c) = m.get("const") {
        return Some(vec![c.clone()]);
    }
    if let Some(Value::Array(e)) = m.get("enum") {
        return (e.len() <= MAX_VALUES).then(|| e.clone());
    }
    match m.get("type").and_then(Value::as_str)? {
        "boolean" => Some(vec![Value::Bool(true), Value::Bool(false)]),
        "null" => Some(vec![Value::Null]),
        "integer" => integer_range(m),
        _ => None,
    }
}

/// The integers between the bounds of an integer schema (other keywords only leave fewer).
fn integer_range(m: &Map<String, Value>) -> Option<Vec<Value>> {
    let num = |k: &str| m.get(k).and_then(Value::as_f64);
    let low = [
        num("minimum"),
        num("exclusiveMinimum").map(|x| x.floor() + 1.0),
    ]
    .into_iter()
    .flatten()
    .fold(None, |acc: Option<f64>, x| {
        Some(acc.map_or(x, |a| a.max(x)))
    })?
    .ceil();
    let high = [
        num("maximum"),
        num("exclusiveMaximum").map(|x| x.ceil() - 1.0),
    ]
    .into_iter()
    .flatten()
    .fold(None, |acc: Option<f64>, x| {
        Some(acc.map_or(x, |a| a.min(x)))
    })?
    .floor();
    if !(low.abs() < 1e15 && high.abs() < 1e15) {
        return None;
    }
    if high < low {
        return Some(Vec::new());
    }
    if high - low >= MAX_VALUES as f64 {
        return None;
    }
    #[allow(clippy::cast_possible_truncation)]
    let (low, high) = (low as i64, high as i64);
    Some((low..=high).map(Value::from).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_bounded_integer_range_is_its_values() {
        let range = json!({"type": "integer", "minimum": 1, "exclusiveMaximum": 4});
        assert_eq!(candidates(&range), Some(vec![json!(1), json!(2), json!(3)]));
        assert_eq!(
            all_accepted(&range, &json!({"enum": [3, 2, 1]})),
            Some(true)
        );
        assert_eq!(all_accepted(&range, &json!({"enum": [1, 2]})), Some(false));
    }

    #[test]
    fn open_or_large_sets_are_not_enumerated() {
        assert_eq!(candidates(&json!({"type": "integer", "minimum": 1})), None);
        assert_eq!(
            candidates(&json!({"type": "integer", "minimum": 0, "maximum": 1e9})),
            None
        );
        assert_eq!(candidates(&json!({"type": "string"})), None);
        let with_more = json!({"type": "integer", "minimum": 0, "maximum": 3, "not": {"const": 1}});
        assert_eq!(
            all_accepted(&with_more, &json!({"enum": [0, 2, 3]})),
            Some(true)
        );
    }
}
