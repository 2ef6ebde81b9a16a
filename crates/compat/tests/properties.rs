//! Properties that hold for any JSON input, checked on generated schema-like values.

use proptest::prelude::*;
use serde_json::{Map, Value, json};
use vcc_events_compat::{ChangeKind, diff};

/// Keys drawn mostly from schema keywords, so that the generated values exercise the rules.
const KEYS: &[&str] = &[
    "type",
    "const",
    "enum",
    "properties",
    "required",
    "additionalProperties",
    "unevaluatedProperties",
    "propertyNames",
    "patternProperties",
    "items",
    "prefixItems",
    "additionalItems",
    "contains",
    "minContains",
    "anyOf",
    "oneOf",
    "allOf",
    "not",
    "if",
    "then",
    "$ref",
    "$defs",
    "minimum",
    "exclusiveMinimum",
    "maximum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxItems",
    "uniqueItems",
    "pattern",
    "format",
    "description",
    "$anchor",
    "$id",
    "x-extra",
    "a",
    "b",
];

/// Strings drawn mostly from values that mean something in a schema.
const STRINGS: &[&str] = &[
    "string",
    "integer",
    "number",
    "object",
    "array",
    "null",
    "boolean",
    "#",
    "#/$defs/a",
    "#/$defs/b",
    "#/properties/a",
    "#/$defs/a~1b",
    "#a",
    "other.json",
    "a",
    "b",
    "^x",
];

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-3i64..5).prop_map(Value::from),
        (-4.0f64..4.0).prop_map(|f| json!(f)),
        prop::sample::select(STRINGS).prop_map(Value::from),
    ]
}

fn schema_like() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(5, 48, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(prop::sample::select(KEYS), inner, 0..5).prop_map(|m| {
                Value::Object(
                    m.into_iter()
                        .map(|(k, v)| (k.to_owned(), v))
                        .collect::<Map<_, _>>(),
                )
            }),
        ]
    })
}

/// Replaces the `n`-th node (in pre-order) of `v` by `replacement`; returns whether it did.
fn replace_nth(v: &mut Value, n: &mut usize, replacement: &Value) -> bool {
    if *n == 0 {
        *v = replacement.clone();
        return true;
    }
    *n -= 1;
    match v {
        Value::Array(a) => a.iter_mut().any(|c| replace_nth(c, n, replacement)),
        Value::Object(m) => m.values_mut().any(|c| replace_nth(c, n, replacement)),
        _ => false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    /// Never panics, and swapping the schemas swaps the two directions.
    #[test]
    fn directions_mirror_when_swapped(old in schema_like(), new in schema_like()) {
        let forth = diff(&old, &new);
        let back = diff(&new, &old);
        prop_assert_eq!(forth.backward_compatible(), back.forward_compatible());
        prop_assert_eq!(forth.forward_compatible(), back.backward_compatible());
        for c in forth.changes() {
            prop_assert!(!c.message.is_empty());
        }
    }

    /// A schema compared with itself reports nothing.
    #[test]
    fn identical_schemas_report_nothing(schema in schema_like()) {
        prop_assert!(diff(&schema, &schema).is_empty());
    }

    /// Every subschema compared with an identical copy of itself is compatible, even with
    /// `$ref`s in it: only the annotation that differs between the documents is reported.
    #[test]
    fn equal_subschemas_are_compatible(a in schema_like(), b in schema_like()) {
        let doc = |description: &str| json!({
            "description": description,
            "$defs": {"a": a, "b": b},
            "properties": {"a": a, "b": {"$ref": "#/$defs/b"}},
            "items": {"$ref": "#/$defs/a"},
        });
        let report = diff(&doc("old"), &doc("new"));
        prop_assert!(report.backward_compatible(), "{:?}", report);
        prop_assert!(report.forward_compatible(), "{:?}", report);
        prop_assert!(report.changes().iter().all(|c| c.kind == ChangeKind::AnnotationChanged));
    }

    /// The same holds for a schema and a copy with one subtree replaced, which is much
    /// closer to a real schema change than two unrelated values.
    #[test]
    fn directions_mirror_for_one_edit(old in schema_like(), at in 0usize..30, replacement in schema_like()) {
        let mut new = old.clone();
        let mut n = at;
        replace_nth(&mut new, &mut n, &replacement);
        let forth = diff(&old, &new);
        let back = diff(&new, &old);
        prop_assert_eq!(forth.backward_compatible(), back.forward_compatible(), "{:?}\n{:?}", forth, back);
        prop_assert_eq!(forth.forward_compatible(), back.backward_compatible(), "{:?}\n{:?}", forth, back);
    }
}
