//! Composition: `allOf`, `anyOf`, `oneOf` and `not`.
//!
//! Entries are matched by structural equality (then compared, since a `$ref` in an equal
//! entry may still point at a changed schema). Entries left over are paired when that is
//! unambiguous: `oneOf`/`anyOf` alternatives sharing a discriminator (a member with the same
//! `const`), and, for `allOf` and `anyOf`, the remaining entries by position when the same
//! number was added and removed. Anything still unpaired is reported as added or removed.

use std::collections::{BTreeSet, HashMap};

use serde_json::{Map, Value};

use super::objects::branch_inherit;
use super::types::{covers, overlap, type_set};
use super::values::value_set;
use crate::canon::canonical;
use crate::change::{Breaks, ChangeKind};
use crate::json::{Path, contains_ref, json_eq, opt_eq, type_of};
use crate::resolve::effective;
use crate::walk::{Inherit, Side, Walker};

/// How deep the disjointness proof looks into members.
const MAX_DISJOINT_DEPTH: usize = 4;

fn list<'v>(m: &'v Map<String, Value>, k: &str) -> Result<Option<&'v [Value]>, ()> {
    match m.get(k) {
        None => Ok(None),
        Some(Value::Array(a)) => Ok(Some(a)),
        Some(_) => Err(()),
    }
}

/// Pairs of (old index, new index) of equal entries, then the unpaired old and new indexes.
/// Entries are matched by their canonical forms, in linear time.
fn match_equal(lo: &[Value], ln: &[Value]) -> (Vec<(usize, usize)>, Vec<usize>, Vec<usize>) {
    let mut by_form: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, a) in lo.iter().enumerate().rev() {
        by_form.entry(canonical(a)).or_default().push(i);
    }
    let mut used = vec![false; lo.len()];
    let mut pairs = Vec::new();
    let mut un_n = Vec::new();
    for (j, b) in ln.iter().enumerate() {
        match by_form.get_mut(&canonical(b)).and_then(Vec::pop) {
            Some(i) => {
                used[i] = true;
                pairs.push((i, j));
            }
            None => un_n.push(j),
        }
    }
    let un_o = (0..lo.len()).filter(|&i| !used[i]).collect();
    (pairs, un_o, un_n)
}

/// Whether a change kind says exactly how the set of accepted values changed, rather than
/// resting on what producers emit (members added or removed, objects opened or closed),
/// which does not carry over to a schema that only applies to some values (`not`, `then`,
/// `else`, `dependentSchemas`).
pub(crate) fn is_set_exact(kind: ChangeKind) -> bool {
    !matches!(
        kind,
        ChangeKind::Undecidable
            | ChangeKind::PropertyAdded
            | ChangeKind::PropertyRemoved
            | ChangeKind::ObjectClosed
            | ChangeKind::ObjectOpened
            | ChangeKind::AdditionalPropertiesChanged
    )
}

impl Walker<'_> {
    /// Compares `allOf`, `anyOf`, `oneOf` and `not`.
    pub(crate) fn check_composition<'v>(
        &mut self,
        o: &'v Map<String, Value>,
        n: &'v Map<String, Value>,
        path: &Path,
        inherit: Inherit<'v>,
    ) {
        let inherit = branch_inherit(o, n, inherit);
        self.check_all_of(o, n, path, inherit);
        self.check_alternatives("anyOf", o, n, path, inherit);
        self.check_alternatives("oneOf", o, n, path, inherit);
        self.check_not(o, n, path);
    }

    fn unchanged(o: &Map<String, Value>, n: &Map<String, Value>, k: &str) -> bool {
        opt_eq(o.get(k), n.get(k)) && !o.get(k).is_some_and(contains_ref)
    }

    fn check_all_of<'v>(
        &mut self,
        o: &'v Map<String, Value>,
        n: &'v Map<String, Value>,
        path: &Path,
        inherit: Inherit<'v>,
    ) {
        if Self::unchanged(o, n, "allOf") {
            return;
        }
        let what = path.what();
        let (Ok(lo), Ok(ln)) = (list(o, "allOf"), list(n, "allOf")) else {
            if opt_eq(o.get("allOf"), n.get("allOf")) {
                return;
            }
            self.undecidable(
                path,
                format!("`allOf` of {what} changed, but is not a list."),
            );
            return;
        };
        let (lo, ln) = (lo.unwrap_or(&[]), ln.unwrap_or(&[]));
        let (mut pairs, mut un_o, mut un_n) = match_equal(lo, ln);
        if un_o.len() == un_n.len() {
            pairs.extend(un_o.drain(..).zip(un_n.drain(..)));
        }
        pairs.sort_by_key(|&(_, j)| j);
        for (i, j) in pairs {
            self.compare(
                &lo[i],
                &ln[j],
                &path.child2("allOf", j.to_string()),
                inherit,
            );
        }
        for j in un_n {
            self.emit(
                &path.child2("allOf", j.to_string()),
                ChangeKind::AllOfBranchAdded,
                Breaks::Backward,
                format!("{what} must now also satisfy an additional schema (`allOf` entry {j}); older producers may send values that do not."),
            );
        }
        for i in un_o {
            self.emit(
                &path.child2("allOf", i.to_string()),
                ChangeKind::AllOfBranchRemoved,
                Breaks::Forward,
                format!("{what} no longer has to satisfy a schema (`allOf` entry {i}); older readers reject values that do not."),
            );
        }
    }

    fn check_alternatives<'v>(
        &mut self,
        k: &'static str,
        o: &'v Map<String, Value>,
        n: &'v Map<String, Value>,
        path: &Path,
        inherit: Inherit<'v>,
    ) {
        if Self::unchanged(o, n, k) {
            return;
        }
        let what = path.what();
        let at = path.child(k);
        let (lo, ln) = match (list(o, k), list(n, k)) {
            (Ok(Some(lo)), Ok(Some(ln))) => (lo, ln),
            (Ok(None), Ok(Some(ln))) => {
                self.emit(
                    &at,
                    ChangeKind::CompositionAdded,
                    Breaks::Backward,
                    format!("{what} must now match one of {} alternatives (`{k}`); older producers may send values that match none.", ln.len()),
                );
                return;
            }
            (Ok(Some(lo)), Ok(None)) => {
                self.emit(
                    &at,
                    ChangeKind::CompositionRemoved,
                    Breaks::Forward,
                    format!("{what} no longer has to match one of {} alternatives (`{k}`); older readers reject values that match none.", lo.len()),
                );
                return;
            }
            (Ok(None), Ok(None)) => return,
            _ => {
                if !opt_eq(o.get(k), n.get(k)) {
                    self.undecidable(path, format!("`{k}` of {what} changed, but is not a list."));
                }
                return;
            }
        };
        let one_of = k == "oneOf";
        let (mut pairs, mut un_o, mut un_n) = match_equal(lo, ln);
        let by_discriminator = self.pair_by_discriminator(lo, ln, &un_o, &un_n);
        for &(i, j) in &by_discriminator {
            un_o.retain(|&x| x != i);
            un_n.retain(|&x| x != j);
        }
        pairs.extend(by_discriminator);
        if !one_of && un_o.len() == un_n.len() {
            pairs.extend(un_o.drain(..).zip(un_n.drain(..)));
        }
        pairs.sort_by_key(|&(_, j)| j);
        for (i, j) in pairs {
            let p = at.child(j.to_string());
            let breaks = self.probe(true, |w| w.compare(&lo[i], &ln[j], &p, inherit));
            if one_of && breaks.forward() && !self.disjoint_from_others(Side::New, ln, j) {
                self.undecidable(
                    &p,
                    format!("{} now accepts more values and may overlap another alternative, so older events could match more than one.", p.what()),
                );
            }
            if one_of && breaks.backward() && !self.disjoint_from_others(Side::Old, lo, i) {
                self.undecidable(
                    &p,
                    format!("{} now accepts fewer values than before, and the old alternative may overlap another one, so older readers could find newer events matching more than one.", p.what()),
                );
            }
        }
        for j in un_n {
            let overlap = one_of && !self.disjoint_from_others(Side::New, ln, j);
            let p = at.child(j.to_string());
            let extra = if overlap {
                " It may also overlap another alternative, so older events could match more than one."
            } else {
                ""
            };
            self.emit(
                &p,
                ChangeKind::BranchAdded,
                Breaks::from_directions(overlap, true),
                format!("{what} has a new alternative (`{k}` entry {j}); older readers reject values that only it accepts.{extra}"),
            );
        }
        for i in un_o {
            let overlap = one_of && !self.disjoint_from_others(Side::Old, lo, i);
            let p = at.child(i.to_string());
            let extra = if overlap {
                " It may also have overlapped another alternative, so for older readers newer events could match more than one."
            } else {
                ""
            };
            self.emit(
                &p,
                ChangeKind::BranchRemoved,
                Breaks::from_directions(true, overlap),
                format!("An alternative of {what} was removed (`{k}` entry {i} of the old schema); newer readers reject values that only it accepted.{extra}"),
            );
        }
    }

    fn check_not(&mut self, o: &Map<String, Value>, n: &Map<String, Value>, path: &Path) {
        let p = path.child("not");
        let what = path.what();
        match (o.get("not"), n.get("not")) {
            (None, None) => {}
            (None, Some(_)) => self.emit(
                &p,
                ChangeKind::NotAdded,
                Breaks::Backward,
                format!("{what} must now not match a given schema (`not`); older producers may send values that do."),
            ),
            (Some(_), None) => self.emit(
                &p,
                ChangeKind::NotRemoved,
                Breaks::Forward,
                format!("{what} may now match a schema it had to avoid (`not`); older readers reject such values."),
            ),
            (Some(a), Some(b)) => {
                if self.same("not", Some(a), Some(b)) {
                    return;
                }
                // What the negated schema accepts is what the schema rejects: a change that
                // would break backward outside `not` breaks forward inside it, and the other
                // way round. Only changes of what the negated schema accepts as a set can be
                // flipped; those that rest on what producers emit cannot.
                let start = self.changes_len();
                let inner = self.probe(true, |w| w.compare(a, b, &p, Inherit::NONE));
                let exact = self.changes_since(start).iter().all(|c| is_set_exact(c.kind));
                self.truncate_changes(start);
                if !exact {
                    self.undecidable(
                        &p,
                        format!("The `not` schema of {what} changed in a way the checker cannot negate; the effect is not decided."),
                    );
                } else if inner.is_breaking() {
                    self.emit(
                        &p,
                        ChangeKind::NotChanged,
                        Breaks::from_directions(inner.forward(), inner.backward()),
                        format!("The schema {what} must not match (`not`) changed; the values it excludes {}.", match (inner.backward(), inner.forward()) {
                            (true, false) => "shrank, so older readers reject some newer values",
                            (false, true) => "grew, so newer readers reject some older values",
                            _ => "changed, so both older and newer readers reject some values of the other",
                        }),
                    );
                }
            }
        }
    }

    /// The members of an alternative whose value is fixed (`const` or a one-value `enum`).
    fn discriminators(&self, side: Side, branch: &Value) -> Vec<(String, Value)> {
        let root = self.root(side);
        let Ok(e) = effective(root, branch) else {
            return Vec::new();
        };
        let Some(Value::Object(props)) = e.value.get("properties") else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (name, s) in props {
            let Ok(es) = effective(root, s) else { continue };
            if let Value::Object(m) = &*es.value
                && let Ok(Some(values)) = value_set(m)
                && let [only] = values.as_slice()
            {
                out.push((name.clone(), (*only).clone()));
            }
        }
        out
    }

    /// Pairs unmatched alternatives that share a discriminator, when the pairing is
    /// unambiguous.
    fn pair_by_discriminator(
        &self,
        lo: &[Value],
        ln: &[Value],
        un_o: &[usize],
        un_n: &[usize],
    ) -> Vec<(usize, usize)> {
        let d_o: Vec<(usize, Vec<(String, Value)>)> = un_o
            .iter()
            .map(|&i| (i, self.discriminators(Side::Old, &lo[i])))
            .collect();
        let d_n: Vec<(usize, Vec<(String, Value)>)> = un_n
            .iter()
            .map(|&j| (j, self.discriminators(Side::New, &ln[j])))
            .collect();
        let shares = |a: &[(String, Value)], b: &[(String, Value)]| {
            a.iter()
                .any(|(k, v)| b.iter().any(|(l, w)| k == l && json_eq(v, w)))
        };
        let mut pairs = Vec::new();
        for (j, dj) in &d_n {
            let cands: Vec<usize> = d_o
                .iter()
                .filter(|(_, di)| shares(di, dj))
                .map(|(i, _)| *i)
                .collect();
            if let [i] = cands.as_slice() {
                let Some((_, di)) = d_o.iter().find(|(x, _)| x == i) else {
                    continue;
                };
                let back = d_n.iter().filter(|(_, d)| shares(di, d)).count();
                if back == 1 {
                    pairs.push((*i, *j));
                }
            }
        }
        pairs
    }

    /// Whether alternative `idx` provably accepts no value that another alternative of
    /// `list` accepts.
    fn disjoint_from_others(&self, side: Side, list: &[Value], idx: usize) -> bool {
        let Some(me) = list.get(idx) else {
            return false;
        };
        list.iter()
            .enumerate()
            .filter(|(k, _)| *k != idx)
            .all(|(_, other)| self.disjoint(side, me, other, 0))
    }

    /// Whether no value is valid against both schemas, as far as types, fixed values and
    /// required members with disjoint schemas can tell.
    fn disjoint(&self, side: Side, a: &Value, b: &Value, depth: usize) -> bool {
        if depth > MAX_DISJOINT_DEPTH {
            return false;
        }
        let root = self.root(side);
        let (Ok(ea), Ok(eb)) = (effective(root, a), effective(root, b)) else {
            return false;
        };
        let (x, y) = match (&*ea.value, &*eb.value) {
            (Value::Bool(false), _) | (_, Value::Bool(false)) => return true,
            (Value::Object(x), Value::Object(y)) => (x, y),
            _ => return false,
        };
        let (Ok(tx), Ok(ty)) = (type_set(x), type_set(y)) else {
            return false;
        };
        if !overlap(tx.as_ref(), ty.as_ref()) {
            return true;
        }
        if let (Ok(vx), Ok(vy)) = (value_set(x), value_set(y)) {
            if let (Some(vx), Some(vy)) = (&vx, &vy)
                && !vx.iter().any(|v| vy.iter().any(|w| json_eq(v, w)))
            {
                return true;
            }
            if let Some(vx) = &vx
                && vx.iter().all(|v| !covers(ty.as_ref(), type_of(v)))
            {
                return true;
            }
            if let Some(vy) = &vy
                && vy.iter().all(|v| !covers(tx.as_ref(), type_of(v)))
            {
                return true;
            }
        }
        // Members only tell objects apart: other types must be excluded by `type`.
        const NON_OBJECT: &[&str] = &["array", "boolean", "integer", "null", "number", "string"];
        let non_object = |t: Option<&BTreeSet<&str>>| -> BTreeSet<&str> {
            NON_OBJECT
                .iter()
                .copied()
                .filter(|n| covers(t, n))
                .collect()
        };
        if overlap(
            Some(&non_object(tx.as_ref())),
            Some(&non_object(ty.as_ref())),
        ) {
            return false;
        }
        let required = |m: &Map<String, Value>| -> BTreeSet<String> {
            match m.get("required") {
                Some(Value::Array(a)) => a
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect(),
                _ => BTreeSet::new(),
            }
        };
        let (rx, ry) = (required(x), required(y));
        let (px, py) = (x.get("properties"), y.get("properties"));
        rx.intersection(&ry).any(|name| {
            match (
                px.and_then(|p| p.get(name.as_str())),
                py.and_then(|p| p.get(name.as_str())),
            ) {
                (Some(sx), Some(sy)) => self.disjoint(side, sx, sy, depth + 1),
                _ => false,
            }
        })
    }
}
