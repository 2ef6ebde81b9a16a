//! The traversal: walks the old and the new schema side by side, follows `$ref`s (guarding
//! against cycles), and hands each pair of schema objects to the keyword rules.

use std::collections::HashSet;
use std::sync::LazyLock;

use serde_json::{Map, Value};

use crate::change::{Breaks, Change, ChangeKind};
use crate::finite;
use crate::json::{Path, contains_ref, json_eq};
use crate::keywords::{Reads, constrains, reads};
use crate::normalize::normalize;
use crate::resolve::{effective, ref_of};

/// Most schema pairs compared before giving up (protects against exponential `$ref` graphs).
const MAX_STEPS: usize = 20_000;
/// Deepest nesting of comparisons before giving up.
const MAX_DEPTH: usize = 96;

/// The schema `true`, used where a keyword is absent.
pub(crate) static TRUE: Value = Value::Bool(true);

/// An empty schema object, what `true` means.
static EMPTY: LazyLock<Map<String, Value>> = LazyLock::new(Map::new);

/// Which document a subschema belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    /// The old schema.
    Old,
    /// The new schema.
    New,
}

/// What an object does with members it does not declare in `properties`.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Extras<'v> {
    /// Accepted, and never emitted by producers (`additionalProperties` absent or `true`).
    Open,
    /// Rejected (`additionalProperties: false`).
    Closed,
    /// Accepted when valid against the schema, and emitted by producers (a map).
    Schema(&'v Value),
    /// The keyword has a value that is not a schema.
    Invalid,
}

/// `unevaluatedProperties` of enclosing schemas, which also applies to members declared in
/// `allOf`/`anyOf`/`oneOf` entries and referenced schemas.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Inherit<'v> {
    /// From the old schema.
    pub(crate) old: Option<Extras<'v>>,
    /// From the new schema.
    pub(crate) new: Option<Extras<'v>>,
}

impl Inherit<'_> {
    /// Nothing inherited.
    pub(crate) const NONE: Self = Self {
        old: None,
        new: None,
    };

    fn is_none(&self) -> bool {
        self.old.is_none() && self.new.is_none()
    }
}

/// A schema after `true` and `false` are interpreted.
enum Shape<'v> {
    /// `false`: accepts nothing.
    False,
    /// An object (`true` is the empty object).
    Object(&'v Map<String, Value>),
    /// Not a schema.
    Invalid,
}

fn shape(v: &Value) -> Shape<'_> {
    match v {
        Value::Bool(false) => Shape::False,
        Value::Bool(true) => Shape::Object(&EMPTY),
        Value::Object(m) => Shape::Object(m),
        _ => Shape::Invalid,
    }
}

/// The comparison state.
pub(crate) struct Walker<'r> {
    old_root: &'r Value,
    new_root: &'r Value,
    changes: Vec<Change>,
    /// Pairs of followed references being compared; meeting one again is a cycle.
    in_progress: Vec<(String, String)>,
    /// Pairs of followed references already compared without any change.
    clean: HashSet<(String, String)>,
    /// How often a cycle was cut (results depending on it are not memoized).
    assumptions: usize,
    /// How many changes were ever recorded, including those a probe dropped again.
    emitted: usize,
    steps: usize,
    depth: usize,
    exhausted: bool,
}

impl<'r> Walker<'r> {
    /// A walker over two whole documents.
    pub(crate) fn new(old_root: &'r Value, new_root: &'r Value) -> Self {
        Self {
            old_root,
            new_root,
            changes: Vec::new(),
            in_progress: Vec::new(),
            clean: HashSet::new(),
            assumptions: 0,
            emitted: 0,
            steps: 0,
            depth: 0,
            exhausted: false,
        }
    }

    /// Compares the two documents from their roots.
    pub(crate) fn compare_roots(&mut self) {
        let (old, new) = (self.old_root, self.new_root);
        // The roots are what `#` refers to: a `$ref` back to the root is a cycle.
        self.in_progress.push(("#".to_owned(), "#".to_owned()));
        self.compare(old, new, &Path::root(), Inherit::NONE);
        self.in_progress.pop();
    }

    /// The changes found so far.
    pub(crate) fn into_changes(self) -> Vec<Change> {
        self.changes
    }

    /// The document of one side.
    pub(crate) fn root(&self, side: Side) -> &'r Value {
        match side {
            Side::Old => self.old_root,
            Side::New => self.new_root,
        }
    }

    /// Records a change.
    pub(crate) fn emit(&mut self, path: &Path, kind: ChangeKind, breaks: Breaks, message: String) {
        let mut chars = message.chars();
        let message = match chars.next() {
            Some(first) if first.is_lowercase() => first.to_uppercase().chain(chars).collect(),
            _ => message,
        };
        self.emitted += 1;
        self.changes.push(Change {
            pointer: path.pointer(),
            kind,
            breaks,
            message,
        });
    }

    /// Records a change the checker cannot decide (breaks both directions).
    pub(crate) fn undecidable(&mut self, path: &Path, message: String) {
        // Every such message says so, in the same words.
        let message = if message.contains("not decided") {
            message
        } else {
            format!("{}; not decided.", message.trim_end_matches('.'))
        };
        self.emit(path, ChangeKind::Undecidable, Breaks::Both, message);
    }

    /// Runs `f` and returns the directions broken by the changes it recorded; with
    /// `keep: false` those changes are removed again.
    pub(crate) fn probe(&mut self, keep: bool, f: impl FnOnce(&mut Self)) -> Breaks {
        let start = self.changes.len();
        f(self);
        let breaks = self.changes[start..]
            .iter()
            .fold(Breaks::None, |acc, c| acc | c.breaks);
        if !keep {
            self.changes.truncate(start);
        }
        breaks
    }

    /// How many changes are recorded.
    pub(crate) fn changes_len(&self) -> usize {
        self.changes.len()
    }

    /// The changes recorded since `start`.
    pub(crate) fn changes_since(&self, start: usize) -> &[Change] {
        self.changes.get(start..).unwrap_or(&[])
    }

    /// Drops the changes recorded since `start`.
    pub(crate) fn truncate_changes(&mut self, start: usize) {
        self.changes.truncate(start);
    }

    /// Compares an old subschema with a new one at `path`.
    pub(crate) fn compare(&mut self, old: &Value, new: &Value, path: &Path, inherit: Inherit<'_>) {
        if self.exhausted {
            return;
        }
        // Equal schemas without references cost nothing, however many there are.
        if ref_of(old).is_none() && json_eq(old, new) && !contains_ref(old) {
            return;
        }
        let (no, nn) = (normalize(old, new), normalize(new, old));
        if no.lifted_all_of || nn.lifted_all_of {
            // Pointers follow the new schema as written.
            let lifted;
            let path = if nn.lifted_all_of {
                lifted = path.child2("allOf", "0");
                &lifted
            } else {
                path
            };
            self.compare_normal(&no.value, &nn.value, path, inherit);
        } else {
            self.compare_normal(&no.value, &nn.value, path, inherit);
        }
    }

    /// [`compare`](Self::compare) after equivalent spellings were rewritten.
    fn compare_normal(&mut self, old: &Value, new: &Value, path: &Path, inherit: Inherit<'_>) {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            self.exhausted = true;
            self.undecidable(
                path,
                "The schemas are too large or too recursive to compare completely; the rest is not decided.".to_owned(),
            );
            return;
        }
        if self.depth > MAX_DEPTH {
            self.undecidable(
                path,
                format!(
                    "{} is nested too deeply to compare; not decided.",
                    path.what()
                ),
            );
            return;
        }
        if ref_of(old).is_none() && ref_of(new).is_none() {
            if json_eq(old, new) && !contains_ref(old) {
                return;
            }
            self.depth += 1;
            let start = self.changes.len();
            self.compare_schemas(old, new, path, inherit);
            if inherit.is_none() && !contains_ref(old) && !contains_ref(new) {
                self.settle_by_values(old, new, start);
            }
            self.depth -= 1;
            return;
        }
        let (eo, en) = match (effective(self.old_root, old), effective(self.new_root, new)) {
            (Ok(eo), Ok(en)) => (eo, en),
            (Err(e), _) | (_, Err(e)) => {
                if !json_eq(old, new) {
                    self.undecidable(
                        path,
                        format!(
                            "{} changed, but {}, so the checker cannot compare it.",
                            path.what(),
                            e.describe()
                        ),
                    );
                }
                return;
            }
        };
        let here = || format!("@{}", path.pointer());
        let key = (
            eo.key.clone().unwrap_or_else(here),
            en.key.clone().unwrap_or_else(here),
        );
        if self.in_progress.contains(&key) {
            // A cycle: the comparison already under way reports whatever differs.
            self.assumptions += 1;
            return;
        }
        if inherit.is_none() && self.clean.contains(&key) {
            return;
        }
        self.in_progress.push(key);
        let before = self.emitted;
        let assumptions = self.assumptions;
        self.depth += 1;
        self.compare_schemas(&eo.value, &en.value, path, inherit);
        self.depth -= 1;
        if let Some(key) = self.in_progress.pop()
            && inherit.is_none()
            && self.emitted == before
            && !self.exhausted
            && self.assumptions == assumptions
        {
            self.clean.insert(key);
        }
    }

    /// Where a side accepts finitely many values (an `enum`, a `const`, a bounded integer
    /// range, `boolean`, `null`), decides its direction exactly: every one of them is checked
    /// against the other side's schema. A direction the rules found broken but that no such
    /// value breaks is cleared from the changes recorded since `start` (not from
    /// undecidable ones).
    fn settle_by_values(&mut self, old: &Value, new: &Value, start: usize) {
        let found = self.changes[start..]
            .iter()
            .filter(|c| c.kind != ChangeKind::Undecidable)
            .fold(Breaks::None, |acc, c| acc | c.breaks);
        let holds = |producer: &Value, reader: &Value| {
            finite::all_accepted(producer, reader).unwrap_or(false)
        };
        let clear_backward = found.backward() && holds(old, new);
        let clear_forward = found.forward() && holds(new, old);
        if !clear_backward && !clear_forward {
            return;
        }
        for c in &mut self.changes[start..] {
            if c.kind == ChangeKind::Undecidable {
                continue;
            }
            let (b, f) = (
                c.breaks.backward() && !clear_backward,
                c.breaks.forward() && !clear_forward,
            );
            let cleared = Breaks::from_directions(b, f);
            if cleared == c.breaks {
                continue;
            }
            let which = match (c.breaks.backward() && !b, c.breaks.forward() && !f) {
                (true, true) => {
                    "every value either schema allows is accepted by the other, so this breaks nothing"
                }
                (true, false) => {
                    "every value the old schema allows is still accepted, so this breaks nothing backward"
                }
                _ => {
                    "every value the new schema allows was already accepted, so this breaks nothing forward"
                }
            };
            c.message = format!("{} Yet {which}.", c.message);
            c.breaks = cleared;
        }
    }

    /// Compares two schemas whose top-level `$ref` has been followed.
    fn compare_schemas(&mut self, old: &Value, new: &Value, path: &Path, inherit: Inherit<'_>) {
        match (shape(old), shape(new)) {
            (Shape::Invalid, _) | (_, Shape::Invalid) => {
                if !json_eq(old, new) {
                    self.undecidable(
                        path,
                        format!(
                            "{} changed, but is not a valid schema (an object or a boolean).",
                            path.what()
                        ),
                    );
                }
            }
            (Shape::False, Shape::False) => {}
            (Shape::False, Shape::Object(_)) => self.emit(
                path,
                ChangeKind::SchemaNoLongerFalse,
                Breaks::Forward,
                format!(
                    "{} accepted no value before and now accepts some, which older readers reject.",
                    path.what()
                ),
            ),
            (Shape::Object(_), Shape::False) => self.emit(
                path,
                ChangeKind::SchemaBecameFalse,
                Breaks::Backward,
                format!(
                    "{} no longer accepts any value; newer readers reject what older producers send.",
                    path.what()
                ),
            ),
            (Shape::Object(o), Shape::Object(n)) => {
                self.check_annotations(o, n, path);
                self.check_type(o, n, path);
                self.check_values(o, n, path);
                self.check_bounds(o, n, path);
                self.check_strings(o, n, path);
                self.check_object(o, n, path, inherit);
                self.check_array(o, n, path);
                self.check_composition(o, n, path, inherit);
                self.check_conditions(o, n, path);
                self.check_opaque(o, n, path);
            }
        }
    }

    /// Whether the values of `keyword` mean the same in both schemas, following `$ref`s
    /// and ignoring annotations where the keyword holds schemas. Used for keywords the
    /// checker does not interpret, where any difference is undecidable.
    pub(crate) fn same(&self, keyword: &str, old: Option<&Value>, new: Option<&Value>) -> bool {
        match (old, new) {
            (None, None) => true,
            (Some(o), Some(n)) => {
                let mut seen = HashSet::new();
                self.same_keyword(keyword, o, n, &mut seen, 0)
            }
            _ => false,
        }
    }

    fn same_keyword(
        &self,
        keyword: &str,
        o: &Value,
        n: &Value,
        seen: &mut HashSet<(String, String)>,
        depth: usize,
    ) -> bool {
        match (reads(keyword), o, n) {
            (Some(Reads::Schema), _, _) => self.same_schema(o, n, seen, depth),
            (Some(Reads::SchemaList), Value::Array(a), Value::Array(b))
            | (Some(Reads::SchemaOrList), Value::Array(a), Value::Array(b)) => {
                a.len() == b.len()
                    && a.iter()
                        .zip(b)
                        .all(|(x, y)| self.same_schema(x, y, seen, depth + 1))
            }
            (Some(Reads::SchemaOrList), _, _) => self.same_schema(o, n, seen, depth),
            (Some(Reads::SchemaMap), Value::Object(a), Value::Object(b)) => {
                a.len() == b.len()
                    && a.iter().all(|(k, x)| {
                        b.get(k)
                            .is_some_and(|y| self.same_schema(x, y, seen, depth + 1))
                    })
            }
            (Some(Reads::Dependencies), Value::Object(a), Value::Object(b)) => {
                a.len() == b.len()
                    && a.iter().all(|(k, x)| {
                        b.get(k).is_some_and(|y| {
                            if x.is_array() || y.is_array() {
                                json_eq(x, y)
                            } else {
                                self.same_schema(x, y, seen, depth + 1)
                            }
                        })
                    })
            }
            (Some(Reads::Data), _, _) => json_eq(o, n),
            (Some(Reads::Reference) | None, _, _) => self.same_value(o, n, seen, depth),
            _ => json_eq(o, n),
        }
    }

    /// Whether two schemas are the same, following `$ref`s and ignoring annotations.
    fn same_schema(
        &self,
        o: &Value,
        n: &Value,
        seen: &mut HashSet<(String, String)>,
        depth: usize,
    ) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        if ref_of(o).is_some() || ref_of(n).is_some() {
            let (Ok(eo), Ok(en)) = (effective(self.old_root, o), effective(self.new_root, n))
            else {
                return json_eq(o, n);
            };
            let key = (
                eo.key.clone().unwrap_or_else(|| format!("@{depth}:{o}")),
                en.key.clone().unwrap_or_else(|| format!("@{depth}:{n}")),
            );
            if !seen.insert(key) {
                return true;
            }
            if ref_of(&eo.value).is_some() || ref_of(&en.value).is_some() {
                return json_eq(&eo.value, &en.value);
            }
            return self.same_schema(&eo.value, &en.value, seen, depth + 1);
        }
        match (shape(o), shape(n)) {
            (Shape::Object(a), Shape::Object(b)) => {
                let keys: std::collections::BTreeSet<&String> =
                    a.keys().chain(b.keys()).filter(|k| constrains(k)).collect();
                keys.into_iter().all(|k| match (a.get(k), b.get(k)) {
                    (Some(x), Some(y)) => self.same_keyword(k, x, y, seen, depth + 1),
                    _ => false,
                })
            }
            (Shape::False, Shape::False) => true,
            _ => json_eq(o, n),
        }
    }

    /// Structural equality of values of unknown meaning, following `$ref`s.
    fn same_value(
        &self,
        o: &Value,
        n: &Value,
        seen: &mut HashSet<(String, String)>,
        depth: usize,
    ) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        if !contains_ref(o) && !contains_ref(n) {
            return json_eq(o, n);
        }
        if ref_of(o).is_some() || ref_of(n).is_some() {
            return self.same_schema(o, n, seen, depth);
        }
        match (o, n) {
            (Value::Object(a), Value::Object(b)) => {
                a.len() == b.len()
                    && a.iter().all(|(k, v)| {
                        b.get(k)
                            .is_some_and(|w| self.same_value(v, w, seen, depth + 1))
                    })
            }
            (Value::Array(a), Value::Array(b)) => {
                a.len() == b.len()
                    && a.iter()
                        .zip(b)
                        .all(|(v, w)| self.same_value(v, w, seen, depth + 1))
            }
            _ => json_eq(o, n),
        }
    }
}
