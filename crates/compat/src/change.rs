//! The result types: one [`Change`] per difference, its [`ChangeKind`], the directions it
//! [`Breaks`], and the [`Report`] that collects them.

use std::cmp::Ordering;
use std::fmt;
use std::ops::BitOr;

use serde::{Deserialize, Serialize};

/// Which compatibility directions a change breaks.
///
/// - *backward*: a reader of the new schema may reject an event that a producer of the old
///   schema emits (new consumers cannot read old data);
/// - *forward*: a reader of the old schema may reject an event that a producer of the new
///   schema emits (old consumers cannot read new data).
///
/// Its names, words and directions are written once, in one table; serde reads and writes the
/// name ([`Breaks::as_str`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Breaks {
    /// Compatible in both directions.
    None,
    /// Breaks backward compatibility only.
    Backward,
    /// Breaks forward compatibility only.
    Forward,
    /// Breaks both directions.
    Both,
}

impl Breaks {
    /// Builds the value from the two directions.
    #[must_use]
    pub const fn from_directions(backward: bool, forward: bool) -> Self {
        match (backward, forward) {
            (false, false) => Self::None,
            (true, false) => Self::Backward,
            (false, true) => Self::Forward,
            (true, true) => Self::Both,
        }
    }

    /// Whether backward compatibility is broken.
    #[must_use]
    pub const fn backward(self) -> bool {
        matches!(self, Self::Backward | Self::Both)
    }

    /// Whether forward compatibility is broken.
    #[must_use]
    pub const fn forward(self) -> bool {
        matches!(self, Self::Forward | Self::Both)
    }

    /// Whether any direction is broken.
    #[must_use]
    pub const fn is_breaking(self) -> bool {
        !matches!(self, Self::None)
    }

    /// The directions broken by either `self` or `other`.
    #[must_use]
    pub const fn union(self, other: Self) -> Self {
        Self::from_directions(
            self.backward() || other.backward(),
            self.forward() || other.forward(),
        )
    }

    /// The broken directions as a list of names: `[]`, `["backward"]`, `["forward"]` or
    /// `["backward", "forward"]`.
    #[must_use]
    pub const fn directions(self) -> &'static [&'static str] {
        self.spelling().directions
    }

    /// What the change breaks, in words: `nothing`, `backward`, `forward` or
    /// `backward and forward` (the one wording of reports, doc pages and the changelog).
    #[must_use]
    pub const fn words(self) -> &'static str {
        self.spelling().words
    }

    /// The lowercase name: `none`, `backward`, `forward` or `both`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        self.spelling().name
    }

    /// The value named `name` ([`Breaks::as_str`]).
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        SPELLINGS
            .iter()
            .find(|spelling| spelling.name == name)
            .map(|spelling| spelling.breaks)
    }

    const fn spelling(self) -> &'static Spelling {
        &SPELLINGS[self as usize]
    }
}

/// How one [`Breaks`] value is written.
#[derive(Debug)]
struct Spelling {
    /// The value.
    breaks: Breaks,
    /// Its name, in JSON and in report lines.
    name: &'static str,
    /// What it breaks, in words.
    words: &'static str,
    /// The directions it breaks, by name.
    directions: &'static [&'static str],
}

/// Every [`Breaks`] value's spelling, in the order of the variants.
const SPELLINGS: [Spelling; 4] = [
    Spelling {
        breaks: Breaks::None,
        name: "none",
        words: "nothing",
        directions: &[],
    },
    Spelling {
        breaks: Breaks::Backward,
        name: "backward",
        words: "backward",
        directions: &["backward"],
    },
    Spelling {
        breaks: Breaks::Forward,
        name: "forward",
        words: "forward",
        directions: &["forward"],
    },
    Spelling {
        breaks: Breaks::Both,
        name: "both",
        words: "backward and forward",
        directions: &["backward", "forward"],
    },
];

impl Serialize for Breaks {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Breaks {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Breaks::from_name(&name).ok_or_else(|| {
            let names: Vec<&str> = SPELLINGS.iter().map(|spelling| spelling.name).collect();
            serde::de::Error::custom(format!(
                "unknown value `{name}`, expected one of {}",
                names.join(", ")
            ))
        })
    }
}

impl BitOr for Breaks {
    type Output = Self;

    fn bitor(self, rhs: Self) -> Self {
        self.union(rhs)
    }
}

impl fmt::Display for Breaks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! change_kinds {
    ($( $(#[$doc:meta])* $variant:ident => $name:literal, )*) => {
        /// What kind of change was found. Serialized as a `snake_case` string.
        ///
        /// The directions a kind usually breaks are listed in `docs/compatibility.md`; the
        /// [`Change::breaks`] of each change is authoritative.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum ChangeKind {
            $( $(#[$doc])* $variant, )*
        }

        impl ChangeKind {
            /// Every kind, in declaration order.
            pub const ALL: &'static [ChangeKind] = &[ $( ChangeKind::$variant, )* ];

            /// The `snake_case` name, as serialized.
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self {
                    $( ChangeKind::$variant => $name, )*
                }
            }
        }
    };
}

change_kinds! {
    /// An annotation changed (`title`, `description`, `examples`, `$comment`, `$id`,
    /// `default`, `deprecated`, `readOnly`, `writeOnly`, `x-*`, ...). Never breaking.
    AnnotationChanged => "annotation_changed",
    /// `type` now accepts fewer types. Breaks backward.
    TypeNarrowed => "type_narrowed",
    /// `type` now accepts more types. Breaks forward.
    TypeWidened => "type_widened",
    /// `type` lost some types and gained others. Breaks both.
    TypeChanged => "type_changed",
    /// A `const` was added to an unrestricted value. Breaks backward.
    ConstAdded => "const_added",
    /// A `const` was removed and the value is now unrestricted. Breaks forward.
    ConstRemoved => "const_removed",
    /// The `const` value changed. Breaks both.
    ConstChanged => "const_changed",
    /// An `enum` was added to an unrestricted value. Breaks backward.
    EnumAdded => "enum_added",
    /// An `enum` was removed and the value is now unrestricted. Breaks forward.
    EnumRemoved => "enum_removed",
    /// A value was added to the allowed values (`enum` or `const`). Breaks forward.
    EnumValueAdded => "enum_value_added",
    /// A value was removed from the allowed values (`enum` or `const`). Breaks backward.
    EnumValueRemoved => "enum_value_removed",
    /// A member became required. Breaks backward.
    RequiredAdded => "required_added",
    /// A member is no longer required. Breaks forward.
    RequiredRemoved => "required_removed",
    /// A member was declared in `properties`. Breaks nothing in an open object, forward in a
    /// closed one.
    PropertyAdded => "property_added",
    /// A member was removed from `properties`. Breaks nothing in an open object, backward in
    /// a closed one.
    PropertyRemoved => "property_removed",
    /// The object no longer accepts undeclared members (`additionalProperties: false` or
    /// `unevaluatedProperties: false`). Breaks nothing by itself, since producers only emit
    /// declared members.
    ObjectClosed => "object_closed",
    /// The object accepts undeclared members again. Breaks nothing by itself.
    ObjectOpened => "object_opened",
    /// `additionalProperties` (or `unevaluatedProperties`) changed between closed and a
    /// schema, or between open and a schema. Breaks forward (closed to schema), backward
    /// (schema to closed) or nothing (open to or from a schema).
    AdditionalPropertiesChanged => "additional_properties_changed",
    /// A `pattern` was added. Breaks backward.
    PatternAdded => "pattern_added",
    /// The `pattern` was removed. Breaks forward.
    PatternRemoved => "pattern_removed",
    /// The `pattern` changed. Regular expressions are not compared, so it breaks both.
    PatternChanged => "pattern_changed",
    /// A `format` was added. Breaks backward.
    FormatAdded => "format_added",
    /// The `format` was removed. Breaks forward.
    FormatRemoved => "format_removed",
    /// The `format` changed. Breaks both.
    FormatChanged => "format_changed",
    /// A bound (`minimum`, `maxLength`, `uniqueItems`, `multipleOf`, ...) was added or
    /// tightened. Breaks backward.
    BoundTightened => "bound_tightened",
    /// A bound was removed or loosened. Breaks forward.
    BoundLoosened => "bound_loosened",
    /// A bound changed in a way that is neither tighter nor looser (e.g. `multipleOf` 2 to
    /// 3). Breaks both.
    BoundChanged => "bound_changed",
    /// A `contains` constraint was added to an array. Breaks backward.
    ContainsAdded => "contains_added",
    /// The `contains` constraint was removed. Breaks forward.
    ContainsRemoved => "contains_removed",
    /// An `anyOf` or `oneOf` was added. Breaks backward.
    CompositionAdded => "composition_added",
    /// An `anyOf` or `oneOf` was removed. Breaks forward.
    CompositionRemoved => "composition_removed",
    /// An alternative was added to an `anyOf` or `oneOf`. Breaks forward (and backward for a
    /// `oneOf` alternative that may overlap another one).
    BranchAdded => "branch_added",
    /// An alternative was removed from an `anyOf` or `oneOf`. Breaks backward (and forward
    /// for a `oneOf` alternative that may overlap another one).
    BranchRemoved => "branch_removed",
    /// A schema was added to an `allOf`. Breaks backward.
    AllOfBranchAdded => "all_of_branch_added",
    /// A schema was removed from an `allOf`. Breaks forward.
    AllOfBranchRemoved => "all_of_branch_removed",
    /// A `not` was added. Breaks backward.
    NotAdded => "not_added",
    /// The `not` was removed. Breaks forward.
    NotRemoved => "not_removed",
    /// The `not` schema changed: what it excludes grew (breaks backward) or shrank (breaks
    /// forward), the opposite of the same change outside a negation.
    NotChanged => "not_changed",
    /// A dependency between members was added (`dependentRequired` or `dependentSchemas`
    /// for a member that had none). Breaks backward.
    DependencyAdded => "dependency_added",
    /// A dependency between members was removed. Breaks forward.
    DependencyRemoved => "dependency_removed",
    /// The members a member requires changed (`dependentRequired`): more of them breaks
    /// backward, fewer breaks forward, others both.
    DependencyChanged => "dependency_changed",
    /// A conditional (`if` with `then`/`else`) was added. Breaks backward.
    ConditionAdded => "condition_added",
    /// The conditional was removed. Breaks forward.
    ConditionRemoved => "condition_removed",
    /// The schema became `false`: no value is accepted any more. Breaks backward.
    SchemaBecameFalse => "schema_became_false",
    /// The schema was `false` and now accepts values. Breaks forward.
    SchemaNoLongerFalse => "schema_no_longer_false",
    /// The checker cannot decide the effect of the change (unknown keyword, a changed `if`,
    /// `patternProperties`, external `$ref`, ...). Counted as breaking both directions; the
    /// message says it is not decided.
    Undecidable => "undecidable",
}

impl fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One difference between the old and the new schema.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// JSON pointer (RFC 6901) of the affected subschema, following the path through the new
    /// schema (through the old one for something only the old schema has). Subschemas reached
    /// through a `$ref` are reported at the place of use, not inside `$defs`. The root is `""`.
    pub pointer: String,
    /// What changed.
    pub kind: ChangeKind,
    /// Which directions the change breaks.
    pub breaks: Breaks,
    /// One sentence describing the change for a reader of the event.
    pub message: String,
}

impl Change {
    /// The change on one line of a compatibility report (`vcc-events diff`, `drift`):
    /// `<breaks> <pointer>: <message>`, where `<breaks>` is [`Breaks::as_str`] and the root
    /// pointer is shown as `(root)`.
    #[must_use]
    pub fn report_line(&self) -> String {
        let pointer = vcc_events_pointer::display(&self.pointer);
        format!("{} {pointer}: {}", self.breaks, self.message)
    }

    /// The change on one line of the freeze's messages (`cargo xtask gen`, `check`):
    /// `<kind> <pointer> (breaks <words>): <message>`, or `(compatible)`; the root pointer is
    /// shown as `(root)`.
    #[must_use]
    pub fn verdict_line(&self) -> String {
        let breaks = if self.breaks.is_breaking() {
            format!("breaks {}", self.breaks.words())
        } else {
            "compatible".to_owned()
        };
        let pointer = vcc_events_pointer::display(&self.pointer);
        format!("{} {pointer} ({breaks}): {}", self.kind, self.message)
    }

    /// Orders changes by pointer (segment by segment), then by kind name.
    fn order(&self, other: &Self) -> Ordering {
        self.pointer
            .split('/')
            .cmp(other.pointer.split('/'))
            .then_with(|| self.kind.as_str().cmp(other.kind.as_str()))
    }
}

/// Every change found between two schemas, sorted by pointer (compared segment by segment,
/// so a subschema's changes follow its parent's), then by kind name; changes with the same
/// pointer and kind keep the order in which they were found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    changes: Vec<Change>,
}

impl Report {
    /// Builds a report from changes in any order: sorts them and drops exact duplicates.
    #[must_use]
    pub fn new(mut changes: Vec<Change>) -> Self {
        changes.sort_by(Change::order);
        changes.dedup();
        Self { changes }
    }

    /// All changes, breaking or not.
    #[must_use]
    pub fn changes(&self) -> &[Change] {
        &self.changes
    }

    /// The changes that break at least one direction.
    pub fn breaking_changes(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| c.breaks.is_breaking())
    }

    /// Consumes the report, returning its changes.
    #[must_use]
    pub fn into_changes(self) -> Vec<Change> {
        self.changes
    }

    /// Whether no change at all was found (not even an annotation).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// Whether every event a producer of the old schema can emit is accepted by a reader of
    /// the new schema.
    #[must_use]
    pub fn backward_compatible(&self) -> bool {
        !self.changes.iter().any(|c| c.breaks.backward())
    }

    /// Whether every event a producer of the new schema can emit is accepted by a reader of
    /// the old schema.
    #[must_use]
    pub fn forward_compatible(&self) -> bool {
        !self.changes.iter().any(|c| c.breaks.forward())
    }

    /// The union of the directions broken by all changes.
    #[must_use]
    pub fn breaks(&self) -> Breaks {
        self.changes
            .iter()
            .fold(Breaks::None, |acc, c| acc.union(c.breaks))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_value_has_its_own_spelling_and_reads_back_from_its_name() {
        for (index, spelling) in SPELLINGS.iter().enumerate() {
            assert_eq!(spelling.breaks as usize, index);
            let json = serde_json::to_string(&spelling.breaks).unwrap();
            assert_eq!(json, format!("\"{}\"", spelling.name));
            assert_eq!(
                serde_json::from_str::<Breaks>(&json).unwrap(),
                spelling.breaks
            );
        }
        let unknown = serde_json::from_str::<Breaks>("\"sideways\"").unwrap_err();
        assert!(
            unknown
                .to_string()
                .contains("expected one of none, backward, forward, both"),
            "{unknown}"
        );
    }

    #[test]
    fn kinds_serialize_as_their_snake_case_name() {
        for kind in ChangeKind::ALL {
            let json = serde_json::to_value(kind).ok();
            assert_eq!(json, Some(serde_json::Value::from(kind.as_str())));
            let back: Option<ChangeKind> =
                serde_json::from_value(serde_json::Value::from(kind.as_str())).ok();
            assert_eq!(back, Some(*kind));
        }
    }

    #[test]
    fn breaks_serialize_as_their_name_and_combine() {
        for b in [
            Breaks::None,
            Breaks::Backward,
            Breaks::Forward,
            Breaks::Both,
        ] {
            let json = serde_json::to_value(b).ok();
            assert_eq!(json, Some(serde_json::Value::from(b.as_str())));
            assert_eq!(Breaks::from_directions(b.backward(), b.forward()), b);
            assert_eq!(
                b.directions().len(),
                usize::from(b.backward()) + usize::from(b.forward())
            );
        }
        assert_eq!(Breaks::Backward | Breaks::Forward, Breaks::Both);
        assert_eq!(Breaks::None | Breaks::Forward, Breaks::Forward);
    }

    #[test]
    fn reports_sort_by_pointer_segments_then_kind() {
        let change = |pointer: &str, kind| Change {
            pointer: pointer.to_owned(),
            kind,
            breaks: Breaks::None,
            message: String::new(),
        };
        let report = Report::new(vec![
            change("/properties/a-b", ChangeKind::PropertyAdded),
            change("/properties/a/type", ChangeKind::TypeChanged),
            change("/properties/a", ChangeKind::RequiredAdded),
            change("/properties/a", ChangeKind::PropertyAdded),
            change("", ChangeKind::AnnotationChanged),
            change("/properties/a", ChangeKind::PropertyAdded),
        ]);
        let order: Vec<(&str, ChangeKind)> = report
            .changes()
            .iter()
            .map(|c| (c.pointer.as_str(), c.kind))
            .collect();
        assert_eq!(
            order,
            [
                ("", ChangeKind::AnnotationChanged),
                ("/properties/a", ChangeKind::PropertyAdded),
                ("/properties/a", ChangeKind::RequiredAdded),
                ("/properties/a/type", ChangeKind::TypeChanged),
                ("/properties/a-b", ChangeKind::PropertyAdded),
            ]
        );
    }
}
