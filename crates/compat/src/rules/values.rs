//! `const` and `enum`: the set of allowed values.

use serde_json::{Map, Value};

use crate::canon::ValueSet;
use crate::change::{Breaks, ChangeKind};
use crate::json::{Path, json_eq, opt_eq, show};
use crate::walk::Walker;

/// The allowed values: `Ok(None)` when unrestricted, `Err` when `enum` is not an array.
/// With both `const` and `enum`, the values allowed by both.
pub(crate) fn value_set(m: &Map<String, Value>) -> Result<Option<Vec<&Value>>, ()> {
    let listed: Option<Vec<&Value>> = match m.get("enum") {
        None => None,
        Some(Value::Array(a)) => {
            let mut seen = ValueSet::default();
            Some(a.iter().filter(|v| seen.insert(v)).collect())
        }
        Some(_) => return Err(()),
    };
    Ok(match (m.get("const"), listed) {
        (None, l) => l,
        (Some(c), None) => Some(vec![c]),
        (Some(c), Some(l)) => Some(l.into_iter().filter(|v| json_eq(v, c)).collect()),
    })
}

fn show_list(set: &[&Value]) -> String {
    let items: Vec<String> = set.iter().map(|v| show(v)).collect();
    items.join(", ")
}

impl Walker<'_> {
    /// Compares `const` and `enum`.
    pub(crate) fn check_values(
        &mut self,
        o: &Map<String, Value>,
        n: &Map<String, Value>,
        path: &Path,
    ) {
        if opt_eq(o.get("const"), n.get("const")) && opt_eq(o.get("enum"), n.get("enum")) {
            return;
        }
        let what = path.what();
        let (Ok(vo), Ok(vn)) = (value_set(o), value_set(n)) else {
            self.undecidable(
                path,
                format!("The `enum` of {what} changed, but is not an array."),
            );
            return;
        };
        let const_only =
            |m: &Map<String, Value>| m.contains_key("const") && !m.contains_key("enum");
        match (vo, vn) {
            (None, None) => {}
            (None, Some(set)) => {
                if const_only(n) {
                    self.emit(
                        path,
                        ChangeKind::ConstAdded,
                        Breaks::Backward,
                        format!(
                            "{what} must now be exactly {}; older producers may send other values.",
                            show_list(&set)
                        ),
                    );
                } else {
                    self.emit(
                        path,
                        ChangeKind::EnumAdded,
                        Breaks::Backward,
                        format!("{what} is now restricted to the values {}; older producers may send other values.", show_list(&set)),
                    );
                }
            }
            (Some(set), None) => {
                if const_only(o) {
                    self.emit(
                        path,
                        ChangeKind::ConstRemoved,
                        Breaks::Forward,
                        format!(
                            "{what} is no longer fixed to {}; older readers reject other values.",
                            show_list(&set)
                        ),
                    );
                } else {
                    self.emit(
                        path,
                        ChangeKind::EnumRemoved,
                        Breaks::Forward,
                        format!("{what} is no longer restricted to the values {}; older readers reject other values.", show_list(&set)),
                    );
                }
            }
            (Some(a), Some(b)) => {
                let (set_a, set_b) = (
                    ValueSet::of(a.iter().copied()),
                    ValueSet::of(b.iter().copied()),
                );
                let added: Vec<&Value> = b.iter().copied().filter(|v| !set_a.contains(v)).collect();
                let removed: Vec<&Value> =
                    a.iter().copied().filter(|v| !set_b.contains(v)).collect();
                if added.is_empty() && removed.is_empty() {
                    return;
                }
                if const_only(o) && const_only(n) {
                    self.emit(
                        path,
                        ChangeKind::ConstChanged,
                        Breaks::Both,
                        format!(
                            "The fixed value of {what} changed from {} to {}.",
                            show_list(&a),
                            show_list(&b)
                        ),
                    );
                    return;
                }
                for v in added {
                    self.emit(
                        path,
                        ChangeKind::EnumValueAdded,
                        Breaks::Forward,
                        format!(
                            "{what} now also allows the value {}; older readers reject it.",
                            show(v)
                        ),
                    );
                }
                for v in removed {
                    self.emit(
                        path,
                        ChangeKind::EnumValueRemoved,
                        Breaks::Backward,
                        format!("{what} no longer allows the value {}; newer readers reject it when older producers send it.", show(v)),
                    );
                }
            }
        }
    }
}
