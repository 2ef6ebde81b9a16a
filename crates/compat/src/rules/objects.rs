//! Objects: `required`, `properties`, `additionalProperties`, `unevaluatedProperties` and
//! `propertyNames`.
//!
//! Producers emit only the members their schema declares, so a member added to an open
//! object breaks nothing, while one added to a closed object breaks forward (old readers
//! reject it) and one removed from a closed object breaks backward (new readers reject what
//! old producers still send).

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::types::both_accept;
use crate::change::{Breaks, ChangeKind};
use crate::json::{Path, contains_ref, opt_eq};
use crate::keywords::is_annotation;
use crate::walk::{Extras, Inherit, TRUE, Walker};

/// What a keyword value says about undeclared members.
fn extras_of(v: &Value) -> Extras<'_> {
    match v {
        Value::Bool(true) => Extras::Open,
        Value::Bool(false) => Extras::Closed,
        Value::Object(m) if m.keys().all(|k| is_annotation(k)) => Extras::Open,
        Value::Object(_) => Extras::Schema(v),
        _ => Extras::Invalid,
    }
}

/// The keyword of this object that decides about undeclared members, and what it says.
fn local_extras(m: &Map<String, Value>) -> Option<(&'static str, Extras<'_>)> {
    if let Some(v) = m.get("additionalProperties") {
        return Some(("additionalProperties", extras_of(v)));
    }
    m.get("unevaluatedProperties")
        .map(|v| ("unevaluatedProperties", extras_of(v)))
}

/// What happens to undeclared members of this object, including an enclosing
/// `unevaluatedProperties`.
fn extras<'v>(m: &'v Map<String, Value>, inherited: Option<Extras<'v>>) -> Extras<'v> {
    local_extras(m)
        .map(|(_, e)| e)
        .or(inherited)
        .unwrap_or(Extras::Open)
}

/// What `allOf`/`anyOf`/`oneOf` entries of this object inherit: its
/// `unevaluatedProperties`, else what it inherited itself.
pub(crate) fn branch_inherit<'v>(
    o: &'v Map<String, Value>,
    n: &'v Map<String, Value>,
    inherit: Inherit<'v>,
) -> Inherit<'v> {
    Inherit {
        old: o
            .get("unevaluatedProperties")
            .map(extras_of)
            .or(inherit.old),
        new: n
            .get("unevaluatedProperties")
            .map(extras_of)
            .or(inherit.new),
    }
}

fn names(m: &Map<String, Value>) -> Result<BTreeSet<&str>, ()> {
    match m.get("required") {
        None => Ok(BTreeSet::new()),
        Some(Value::Array(a)) => a.iter().map(|v| v.as_str().ok_or(())).collect(),
        Some(_) => Err(()),
    }
}

fn properties(m: &Map<String, Value>) -> Result<Option<&Map<String, Value>>, ()> {
    match m.get("properties") {
        None => Ok(None),
        Some(Value::Object(p)) => Ok(Some(p)),
        Some(_) => Err(()),
    }
}

fn has_pattern_properties(m: &Map<String, Value>) -> bool {
    match m.get("patternProperties") {
        None => false,
        Some(Value::Object(p)) => !p.is_empty(),
        Some(_) => true,
    }
}

impl Walker<'_> {
    /// Compares the object keywords.
    pub(crate) fn check_object<'v>(
        &mut self,
        o: &'v Map<String, Value>,
        n: &'v Map<String, Value>,
        path: &Path,
        inherit: Inherit<'v>,
    ) {
        if !both_accept(o, n, "object") {
            return;
        }
        self.check_required(o, n, path);
        self.check_properties(o, n, path, inherit);
        self.check_extras(o, n, path);
        if o.contains_key("propertyNames") || n.contains_key("propertyNames") {
            let (a, b) = (
                o.get("propertyNames").unwrap_or(&TRUE),
                n.get("propertyNames").unwrap_or(&TRUE),
            );
            self.compare(a, b, &path.child("propertyNames"), Inherit::NONE);
        }
    }

    fn check_required(&mut self, o: &Map<String, Value>, n: &Map<String, Value>, path: &Path) {
        if opt_eq(o.get("required"), n.get("required")) {
            return;
        }
        let (Ok(a), Ok(b)) = (names(o), names(n)) else {
            self.undecidable(
                path,
                format!(
                    "`required` of {} changed, but is not a list of names.",
                    path.what()
                ),
            );
            return;
        };
        for name in b.difference(&a) {
            let p = path.child2("properties", *name);
            let what = p.what();
            self.emit(
                &p,
                ChangeKind::RequiredAdded,
                Breaks::Backward,
                format!("{what} is now required; older producers may leave it out."),
            );
        }
        for name in a.difference(&b) {
            let p = path.child2("properties", *name);
            let what = p.what();
            self.emit(
                &p,
                ChangeKind::RequiredRemoved,
                Breaks::Forward,
                format!("{what} is no longer required; newer producers may leave it out, which older readers reject."),
            );
        }
    }

    fn check_properties<'v>(
        &mut self,
        o: &'v Map<String, Value>,
        n: &'v Map<String, Value>,
        path: &Path,
        inherit: Inherit<'v>,
    ) {
        let (Ok(po), Ok(pn)) = (properties(o), properties(n)) else {
            if !opt_eq(o.get("properties"), n.get("properties")) {
                self.undecidable(
                    path,
                    format!(
                        "`properties` of {} changed, but is not an object.",
                        path.what()
                    ),
                );
            }
            return;
        };
        let empty = Map::new();
        let (po, pn) = (po.unwrap_or(&empty), pn.unwrap_or(&empty));
        let keys: BTreeSet<&String> = po.keys().chain(pn.keys()).collect();
        for k in keys {
            let p = path.child2("properties", k.as_str());
            match (po.get(k), pn.get(k)) {
                (Some(a), Some(b)) => self.compare(a, b, &p, Inherit::NONE),
                (None, Some(b)) => {
                    if has_pattern_properties(o) {
                        self.undecidable(
                            &p,
                            format!("{} was added, and the checker cannot tell whether it matches a `patternProperties` pattern of the old schema.", p.what()),
                        );
                    } else {
                        self.member_added(b, extras(o, inherit.old), path, &p);
                    }
                }
                (Some(a), None) => {
                    if has_pattern_properties(n) {
                        self.undecidable(
                            &p,
                            format!("{} was removed, and the checker cannot tell whether it matches a `patternProperties` pattern of the new schema.", p.what()),
                        );
                    } else {
                        self.member_removed(a, extras(n, inherit.new), path, &p);
                    }
                }
                (None, None) => {}
            }
        }
    }

    /// A member declared only by the new schema; `old` is what the old schema does with it.
    fn member_added(&mut self, schema: &Value, old: Extras<'_>, object: &Path, p: &Path) {
        let (what, owner) = (p.what(), object.what());
        match old {
            Extras::Open => self.emit(
                p,
                ChangeKind::PropertyAdded,
                Breaks::None,
                format!("{what} was added; older readers accept and ignore it."),
            ),
            Extras::Closed => self.emit(
                p,
                ChangeKind::PropertyAdded,
                Breaks::Forward,
                format!("{what} was added, but older readers reject it because {owner} did not allow unknown members."),
            ),
            Extras::Schema(s) => {
                let breaks = self.probe(false, |w| w.compare(s, schema, p, Inherit::NONE));
                let tail = if breaks.is_breaking() {
                    "which does not match the new declaration"
                } else {
                    "which the new declaration is compatible with"
                };
                self.emit(
                    p,
                    ChangeKind::PropertyAdded,
                    breaks,
                    format!("{what} was added; before, it was covered by the `additionalProperties` schema of {owner}, {tail}."),
                );
            }
            Extras::Invalid => self.undecidable(
                p,
                format!("{what} was added, but the `additionalProperties` of {owner} in the old schema is not a schema."),
            ),
        }
    }

    /// A member declared only by the old schema; `new` is what the new schema does with it.
    fn member_removed(&mut self, schema: &Value, new: Extras<'_>, object: &Path, p: &Path) {
        let (what, owner) = (p.what(), object.what());
        match new {
            Extras::Open => self.emit(
                p,
                ChangeKind::PropertyRemoved,
                Breaks::None,
                format!("{what} was removed; newer readers accept and ignore it when older producers still send it."),
            ),
            Extras::Closed => self.emit(
                p,
                ChangeKind::PropertyRemoved,
                Breaks::Backward,
                format!("{what} was removed, and newer readers reject it because {owner} does not allow unknown members, but older producers still send it."),
            ),
            Extras::Schema(s) => {
                let breaks = self.probe(false, |w| w.compare(schema, s, p, Inherit::NONE));
                let tail = if breaks.is_breaking() {
                    "which does not accept everything the old declaration allowed"
                } else {
                    "which accepts everything the old declaration allowed"
                };
                self.emit(
                    p,
                    ChangeKind::PropertyRemoved,
                    breaks,
                    format!("{what} was removed; it is now covered by the `additionalProperties` schema of {owner}, {tail}."),
                );
            }
            Extras::Invalid => self.undecidable(
                p,
                format!("{what} was removed, but the `additionalProperties` of {owner} in the new schema is not a schema."),
            ),
        }
    }

    /// Compares what the object does with undeclared members.
    fn check_extras(&mut self, o: &Map<String, Value>, n: &Map<String, Value>, path: &Path) {
        let what = path.what();
        for m in [o, n] {
            if m.contains_key("additionalProperties")
                && m.contains_key("unevaluatedProperties")
                && !self.same(
                    "unevaluatedProperties",
                    o.get("unevaluatedProperties"),
                    n.get("unevaluatedProperties"),
                )
            {
                self.undecidable(
                    &path.child("unevaluatedProperties"),
                    format!("`unevaluatedProperties` of {what} changed next to `additionalProperties`; the checker cannot decide its effect."),
                );
                break;
            }
        }
        let (lo, ln) = (local_extras(o), local_extras(n));
        let keyword = ln.or(lo).map_or("additionalProperties", |(k, _)| k);
        let p = path.child(keyword);
        let eo = lo.map_or(Extras::Open, |(_, e)| e);
        let en = ln.map_or(Extras::Open, |(_, e)| e);
        match (eo, en) {
            (Extras::Open, Extras::Open) | (Extras::Closed, Extras::Closed) => {}
            (Extras::Open, Extras::Closed) => self.emit(
                &p,
                ChangeKind::ObjectClosed,
                Breaks::None,
                format!("{what} no longer accepts unknown members; producers only send declared members, so this alone breaks nothing."),
            ),
            (Extras::Closed, Extras::Open) => self.emit(
                &p,
                ChangeKind::ObjectOpened,
                Breaks::None,
                format!("{what} accepts unknown members again; this alone breaks nothing."),
            ),
            (Extras::Open, Extras::Schema(_)) => self.emit(
                &p,
                ChangeKind::AdditionalPropertiesChanged,
                Breaks::None,
                format!("{what} now describes additional members with a schema; older readers accept any additional member."),
            ),
            (Extras::Schema(_), Extras::Open) => self.emit(
                &p,
                ChangeKind::AdditionalPropertiesChanged,
                Breaks::None,
                format!("{what} no longer restricts additional members; newer readers accept any additional member."),
            ),
            (Extras::Closed, Extras::Schema(_)) => self.emit(
                &p,
                ChangeKind::AdditionalPropertiesChanged,
                Breaks::Forward,
                format!("{what} now allows additional members, which older readers reject."),
            ),
            (Extras::Schema(_), Extras::Closed) => self.emit(
                &p,
                ChangeKind::AdditionalPropertiesChanged,
                Breaks::Backward,
                format!("{what} no longer allows additional members, which older producers may send."),
            ),
            (Extras::Schema(a), Extras::Schema(b)) => {
                if !opt_eq(Some(a), Some(b)) || contains_ref(a) || contains_ref(b) {
                    self.compare(a, b, &p, Inherit::NONE);
                }
            }
            (Extras::Invalid, _) | (_, Extras::Invalid) => {
                let same = ["additionalProperties", "unevaluatedProperties"]
                    .iter()
                    .all(|k| opt_eq(o.get(*k), n.get(*k)));
                if !same {
                    self.undecidable(
                        &p,
                        format!("`{keyword}` of {what} changed, but is not a schema."),
                    );
                }
            }
        }
    }
}
