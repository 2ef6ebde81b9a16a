//! Keywords that constrain in one direction only: `dependentRequired`, `dependentSchemas`
//! and `if`/`then`/`else`. Adding one tightens (breaks backward), removing one loosens
//! (breaks forward), and a change inside one is compared like any subschema.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::composition::is_set_exact;
use super::types::both_accept;
use crate::change::{Breaks, ChangeKind};
use crate::json::{Path, contains_ref, opt_eq};
use crate::walk::{Inherit, TRUE, Walker};

fn map_of<'v>(m: &'v Map<String, Value>, k: &str) -> Result<Option<&'v Map<String, Value>>, ()> {
    match m.get(k) {
        None => Ok(None),
        Some(Value::Object(x)) => Ok(Some(x)),
        Some(_) => Err(()),
    }
}

fn names(v: &Value) -> Result<BTreeSet<&str>, ()> {
    match v {
        Value::Array(a) => a.iter().map(|x| x.as_str().ok_or(())).collect(),
        _ => Err(()),
    }
}

fn show_names(set: &BTreeSet<&str>) -> String {
    let v: Vec<String> = set.iter().map(|n| format!("`{n}`")).collect();
    v.join(", ")
}

impl Walker<'_> {
    /// Compares two schemas that apply to some values only (a `then`, an `else`, a
    /// `dependentSchemas` entry). Their changes count as they are when they say how the set
    /// of accepted values changed; a change that rests on what producers emit (a member
    /// declared only there) is not decided, since the member may be declared elsewhere.
    fn compare_applied(&mut self, a: &Value, b: &Value, p: &Path) {
        let start = self.changes_len();
        self.compare(a, b, p, Inherit::NONE);
        let inexact = self
            .changes_since(start)
            .iter()
            .any(|c| !is_set_exact(c.kind) && c.kind != ChangeKind::Undecidable);
        if inexact {
            self.truncate_changes(start);
            self.undecidable(
                p,
                format!(
                    "The members declared in {} changed, and the schema only applies to some events; the effect is not decided.",
                    p.what()
                ),
            );
        }
    }

    /// Compares `dependentRequired`, `dependentSchemas` and `if`/`then`/`else`.
    pub(crate) fn check_conditions(
        &mut self,
        o: &Map<String, Value>,
        n: &Map<String, Value>,
        path: &Path,
    ) {
        if both_accept(o, n, "object") {
            self.check_dependent_required(o, n, path);
            self.check_dependent_schemas(o, n, path);
        }
        self.check_if(o, n, path);
    }

    fn check_dependent_required(
        &mut self,
        o: &Map<String, Value>,
        n: &Map<String, Value>,
        path: &Path,
    ) {
        const K: &str = "dependentRequired";
        if opt_eq(o.get(K), n.get(K)) {
            return;
        }
        let what = path.what();
        let (Ok(mo), Ok(mn)) = (map_of(o, K), map_of(n, K)) else {
            self.undecidable(
                path,
                format!("`{K}` of {what} changed, but is not an object; not decided."),
            );
            return;
        };
        let empty = Map::new();
        let (mo, mn) = (mo.unwrap_or(&empty), mn.unwrap_or(&empty));
        let keys: BTreeSet<&String> = mo.keys().chain(mn.keys()).collect();
        for key in keys {
            let p = path.child2(K, key.as_str());
            let (Ok(a), Ok(b)) = (
                mo.get(key).map(names).transpose(),
                mn.get(key).map(names).transpose(),
            ) else {
                self.undecidable(&p, format!("`{K}` of {what} for `{key}` changed, but is not a list of names; not decided."));
                continue;
            };
            let (a, b) = (a.unwrap_or_default(), b.unwrap_or_default());
            let gained: BTreeSet<&str> = b.difference(&a).copied().collect();
            let lost: BTreeSet<&str> = a.difference(&b).copied().collect();
            let breaks = Breaks::from_directions(!gained.is_empty(), !lost.is_empty());
            let (kind, message) = match (a.is_empty(), b.is_empty()) {
                (_, _) if !breaks.is_breaking() => continue,
                (true, false) => (
                    ChangeKind::DependencyAdded,
                    format!(
                        "When {what} has `{key}`, it must now also have {}; older producers may leave them out.",
                        show_names(&b)
                    ),
                ),
                (false, true) => (
                    ChangeKind::DependencyRemoved,
                    format!(
                        "When {what} has `{key}`, it no longer needs {}; older readers reject events without them.",
                        show_names(&a)
                    ),
                ),
                _ => (
                    ChangeKind::DependencyChanged,
                    format!(
                        "When {what} has `{key}`, the members it must also have changed from {} to {}.",
                        show_names(&a),
                        show_names(&b)
                    ),
                ),
            };
            self.emit(&p, kind, breaks, message);
        }
    }

    fn check_dependent_schemas(
        &mut self,
        o: &Map<String, Value>,
        n: &Map<String, Value>,
        path: &Path,
    ) {
        const K: &str = "dependentSchemas";
        if opt_eq(o.get(K), n.get(K)) && !o.get(K).is_some_and(contains_ref) {
            return;
        }
        let what = path.what();
        let (Ok(mo), Ok(mn)) = (map_of(o, K), map_of(n, K)) else {
            self.undecidable(
                path,
                format!("`{K}` of {what} changed, but is not an object; not decided."),
            );
            return;
        };
        let empty = Map::new();
        let (mo, mn) = (mo.unwrap_or(&empty), mn.unwrap_or(&empty));
        let keys: BTreeSet<&String> = mo.keys().chain(mn.keys()).collect();
        for key in keys {
            let p = path.child2(K, key.as_str());
            match (mo.get(key), mn.get(key)) {
                (Some(a), Some(b)) => self.compare_applied(a, b, &p),
                (None, Some(b)) => {
                    if !self.same(K, Some(&TRUE), Some(b)) {
                        self.emit(&p, ChangeKind::DependencyAdded, Breaks::Backward, format!("When {what} has `{key}`, it must now also match a schema (`{K}`); older producers may send values that do not."));
                    }
                }
                (Some(a), None) => {
                    if !self.same(K, Some(a), Some(&TRUE)) {
                        self.emit(&p, ChangeKind::DependencyRemoved, Breaks::Forward, format!("When {what} has `{key}`, it no longer has to match a schema (`{K}`); older readers reject values that do not."));
                    }
                }
                (None, None) => {}
            }
        }
    }

    fn check_if(&mut self, o: &Map<String, Value>, n: &Map<String, Value>, path: &Path) {
        let keys = ["if", "then", "else"];
        if keys
            .iter()
            .all(|k| opt_eq(o.get(*k), n.get(*k)) && !o.get(*k).is_some_and(contains_ref))
        {
            return;
        }
        let what = path.what();
        // Without `then` and `else`, an `if` constrains nothing.
        let active = |m: &Map<String, Value>| {
            m.contains_key("if") && (m.contains_key("then") || m.contains_key("else"))
        };
        match (active(o), active(n)) {
            (false, false) => {}
            (false, true) => self.emit(
                &path.child("if"),
                ChangeKind::ConditionAdded,
                Breaks::Backward,
                format!("{what} must now satisfy a conditional (`if`/`then`/`else`); older producers may send values that do not."),
            ),
            (true, false) => self.emit(
                &path.child("if"),
                ChangeKind::ConditionRemoved,
                Breaks::Forward,
                format!("{what} no longer has to satisfy a conditional (`if`/`then`/`else`); older readers reject values that do not."),
            ),
            (true, true) => {
                if !self.same("if", o.get("if"), n.get("if")) {
                    self.undecidable(
                        &path.child("if"),
                        format!("The condition (`if`) of {what} changed; the effect is not decided."),
                    );
                    return;
                }
                // The same condition: each branch constrains the values it selects.
                for k in ["then", "else"] {
                    if o.contains_key(k) || n.contains_key(k) {
                        let (a, b) = (o.get(k).unwrap_or(&TRUE), n.get(k).unwrap_or(&TRUE));
                        self.compare_applied(a, b, &path.child(k));
                    }
                }
            }
        }
    }
}
