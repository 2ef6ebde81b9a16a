//! `type`: the set of accepted JSON types, where `integer` is a subset of `number`.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::values::value_set;
use crate::change::{Breaks, ChangeKind};
use crate::json::{Path, opt_eq, type_of};
use crate::walk::Walker;

/// Every JSON Schema type name.
const ALL_TYPES: &[&str] = &[
    "array", "boolean", "integer", "null", "number", "object", "string",
];

/// The accepted types: `Ok(None)` when `type` is absent (any type), `Err` when it is not a
/// type name or a list of them.
pub(crate) fn type_set(m: &Map<String, Value>) -> Result<Option<BTreeSet<&str>>, ()> {
    match m.get("type") {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(BTreeSet::from([s.as_str()]))),
        Some(Value::Array(a)) => a
            .iter()
            .map(|v| v.as_str().ok_or(()))
            .collect::<Result<BTreeSet<_>, _>>()
            .map(Some),
        Some(_) => Err(()),
    }
}

/// Whether values of type `t` are accepted by the type set `set`.
pub(crate) fn covers(set: Option<&BTreeSet<&str>>, t: &str) -> bool {
    match set {
        None => true,
        Some(s) => s.contains(t) || (t == "integer" && s.contains("number")),
    }
}

/// Whether two type sets accept a common value.
pub(crate) fn overlap(a: Option<&BTreeSet<&str>>, b: Option<&BTreeSet<&str>>) -> bool {
    match (a, b) {
        (Some(a), Some(_)) => a
            .iter()
            .any(|t| covers(b, t) || (*t == "number" && covers(b, "integer"))),
        _ => true,
    }
}

/// Whether both schemas accept values of `family` (`number` also means `integer`). Keywords
/// that only apply to one type matter only then: otherwise the change of `type` is what
/// breaks, and it is reported by itself. Malformed `type`s count as accepting everything.
pub(crate) fn both_accept(o: &Map<String, Value>, n: &Map<String, Value>, family: &str) -> bool {
    let (Ok(to), Ok(tn)) = (type_set(o), type_set(n)) else {
        return true;
    };
    let accepts = |s: Option<&BTreeSet<&str>>| {
        covers(s, family) || (family == "number" && covers(s, "integer"))
    };
    accepts(to.as_ref()) && accepts(tn.as_ref())
}

/// Renders a type set: `string`, `string or null`, `any type`.
fn show_types(set: Option<&BTreeSet<&str>>) -> String {
    let Some(set) = set else {
        return "any type".to_owned();
    };
    let items: Vec<&str> = set.iter().copied().collect();
    match items.as_slice() {
        [] => "no type".to_owned(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// With a fixed set of values, the types of the values `own` accepts and `other` does not;
/// `None` when the values are not fixed.
fn sent_types<'a>(
    m: &Map<String, Value>,
    own: Option<&BTreeSet<&str>>,
    other: Option<&BTreeSet<&str>>,
) -> Option<Vec<&'a str>> {
    let Ok(Some(values)) = value_set(m) else {
        return None;
    };
    let types: BTreeSet<&'static str> = values
        .iter()
        .map(|v| type_of(v))
        .filter(|t| covers(own, t) && !covers(other, t))
        .collect();
    Some(types.into_iter().collect())
}

impl Walker<'_> {
    /// Compares `type`.
    pub(crate) fn check_type(
        &mut self,
        o: &Map<String, Value>,
        n: &Map<String, Value>,
        path: &Path,
    ) {
        if opt_eq(o.get("type"), n.get("type")) {
            return;
        }
        let (Ok(to), Ok(tn)) = (type_set(o), type_set(n)) else {
            self.undecidable(
                path,
                format!(
                    "The `type` of {} changed, but is not a type name or a list of them.",
                    path.what()
                ),
            );
            return;
        };
        let all: BTreeSet<&str> = ALL_TYPES.iter().copied().collect();
        let lost: Vec<&str> = to
            .as_ref()
            .unwrap_or(&all)
            .iter()
            .copied()
            .filter(|t| !covers(tn.as_ref(), t))
            .collect();
        let gained: Vec<&str> = tn
            .as_ref()
            .unwrap_or(&all)
            .iter()
            .copied()
            .filter(|t| !covers(to.as_ref(), t))
            .collect();
        // With a fixed set of values (`const`, `enum`), only the types of those values can
        // be sent.
        let lost = sent_types(o, to.as_ref(), tn.as_ref()).unwrap_or(lost);
        let gained = sent_types(n, tn.as_ref(), to.as_ref()).unwrap_or(gained);
        let what = path.what();
        let (old_s, new_s) = (show_types(to.as_ref()), show_types(tn.as_ref()));
        let describe = |ts: &[&str], other: Option<&BTreeSet<&str>>| {
            let names: BTreeSet<&str> = ts
                .iter()
                .map(|t| {
                    if *t == "number" && covers(other, "integer") {
                        "non-integer number"
                    } else {
                        t
                    }
                })
                .collect();
            show_types(Some(&names))
        };
        match (lost.is_empty(), gained.is_empty()) {
            (true, true) => {}
            (false, true) => self.emit(
                path,
                ChangeKind::TypeNarrowed,
                Breaks::Backward,
                format!(
                    "{what} no longer accepts {} (type was {old_s}, now {new_s}); newer readers reject such values from older producers.",
                    describe(&lost, tn.as_ref())
                ),
            ),
            (true, false) => self.emit(
                path,
                ChangeKind::TypeWidened,
                Breaks::Forward,
                format!(
                    "{what} now also accepts {} (type was {old_s}, now {new_s}); older readers reject such values.",
                    describe(&gained, to.as_ref())
                ),
            ),
            (false, false) => self.emit(
                path,
                ChangeKind::TypeChanged,
                Breaks::Both,
                format!("The type of {what} changed from {old_s} to {new_s}."),
            ),
        }
    }
}
