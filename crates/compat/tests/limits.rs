//! Large, recursive and deeply nested schemas: the checker terminates quickly and, where it
//! gives up, says so with an undecidable change instead of a wrong answer.

use std::time::{Duration, Instant};

use serde_json::{Map, Value, json};
use vcc_events_compat::{ChangeKind, diff};

/// `$defs` where each level uses the next one twice: 2^depth paths to the last level.
fn diamond(depth: usize, leaf: Value) -> Value {
    let mut defs = Map::new();
    for i in 0..depth {
        let next = format!("#/$defs/d{}", i + 1);
        defs.insert(
            format!("d{i}"),
            json!({"type": "object", "properties": {"l": {"$ref": next}, "r": {"$ref": next}}}),
        );
    }
    defs.insert(format!("d{depth}"), leaf);
    json!({"$ref": "#/$defs/d0", "$defs": defs})
}

#[test]
fn shared_definitions_are_compared_once_when_unchanged() {
    let old = diamond(40, json!({"type": "string"}));
    let mut new = old.clone();
    new["description"] = json!("changed");
    let start = Instant::now();
    let report = diff(&old, &new);
    assert!(start.elapsed() < Duration::from_secs(5));
    assert_eq!(report.changes().len(), 1, "{report:?}");
    assert_eq!(report.changes()[0].kind, ChangeKind::AnnotationChanged);
}

#[test]
fn exponentially_many_uses_of_a_change_end_in_an_undecidable_change() {
    let old = diamond(40, json!({"type": "string"}));
    let new = diamond(40, json!({"type": "integer"}));
    let start = Instant::now();
    let report = diff(&old, &new);
    assert!(start.elapsed() < Duration::from_secs(20));
    assert!(!report.backward_compatible() && !report.forward_compatible());
    assert!(
        report
            .changes()
            .iter()
            .any(|c| c.kind == ChangeKind::Undecidable)
    );
}

#[test]
fn deeply_nested_schemas_are_cut_off_with_an_undecidable_change() {
    let nest = |leaf: Value| {
        (0..150).fold(
            leaf,
            |inner, _| json!({"type": "object", "properties": {"a": inner}}),
        )
    };
    let report = diff(
        &nest(json!({"type": "string"})),
        &nest(json!({"type": "integer"})),
    );
    assert!(!report.backward_compatible() && !report.forward_compatible());
    assert!(
        report
            .changes()
            .iter()
            .all(|c| c.kind == ChangeKind::Undecidable)
    );
}

#[test]
fn reference_loops_without_a_schema_are_undecidable_when_changed() {
    let old = json!({"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, "properties": {"x": {"$ref": "#/$defs/a"}}});
    let mut new = old.clone();
    new["properties"]["x"] = json!({"$ref": "#/$defs/b"});
    let report = diff(&old, &new);
    assert_eq!(report.changes().len(), 1, "{report:?}");
    assert_eq!(report.changes()[0].kind, ChangeKind::Undecidable);
    assert_eq!(report.changes()[0].pointer, "/properties/x");
}

/// Times `diff` on inputs built for size `n`: the fastest of three runs, since a busy machine
/// only ever adds time (the ratio below compares work, not the machine's load).
fn time_diff(n: usize, build: impl Fn(usize) -> (Value, Value)) -> Duration {
    let (old, new) = build(n);
    (0..3)
        .map(|_| {
            let start = Instant::now();
            let report = diff(&old, &new);
            let elapsed = start.elapsed();
            assert!(report.is_empty(), "{:?}", report.changes().first());
            elapsed
        })
        .min()
        .unwrap_or_default()
}

/// `diff` is linear in the size of a keyword: ten times the values take well under a
/// hundred times as long (what a pairwise comparison takes), and 100,000 values finish in
/// seconds even in a debug build (the bound is loose: it guards against a quadratic
/// comparison, which takes minutes, not against a slow machine).
fn assert_linear(build: impl Fn(usize) -> (Value, Value)) {
    let small = time_diff(10_000, &build);
    let large = time_diff(100_000, &build);
    assert!(
        large < Duration::from_secs(30),
        "100,000 values took {large:?}"
    );
    let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-4);
    assert!(
        ratio < 40.0,
        "10x the values took {ratio:.1}x as long ({small:?} -> {large:?})"
    );
}

#[test]
fn reordered_enums_compare_in_linear_time() {
    assert_linear(|n| {
        let values: Vec<Value> = (0..n).map(|i| json!(format!("v{i}"))).collect();
        let mut reversed = values.clone();
        reversed.reverse();
        (json!({"enum": values}), json!({"enum": reversed}))
    });
}

#[test]
fn reordered_objects_compare_in_linear_time() {
    assert_linear(|n| {
        let values: Vec<Value> = (0..n).map(|i| json!({"id": i, "k": [i, "x"]})).collect();
        let mut reversed = values.clone();
        reversed.reverse();
        (json!({"enum": values}), json!({"enum": reversed}))
    });
}

#[test]
fn reordered_alternatives_compare_in_linear_time() {
    assert_linear(|n| {
        let branches: Vec<Value> = (0..n).map(|i| json!({"const": i})).collect();
        let mut reversed = branches.clone();
        reversed.reverse();
        (json!({"anyOf": branches}), json!({"anyOf": reversed}))
    });
}

#[test]
fn counterexamples_of_long_enums_are_found_quickly() {
    let values: Vec<Value> = (0..100_000).map(|i| json!(format!("v{i}"))).collect();
    let mut fewer = values.clone();
    fewer.retain(|v| v != &json!("v77777"));
    let (old, new) = (json!({"enum": values}), json!({"enum": fewer}));
    let start = Instant::now();
    let report = diff(&old, &new);
    let found = vcc_events_compat::counterexamples(&old, &new, &report);
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(found.backward, Some(json!("v77777")));
    assert_eq!(found.forward, None);
}
