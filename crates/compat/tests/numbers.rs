//! Numbers are compared by their exact values, also beyond what an `f64` holds.

use vcc_events_compat::{Breaks, ChangeKind, Document, diff_documents};

fn judge(old: &str, new: &str) -> Vec<(String, ChangeKind, Breaks)> {
    let parse = |text: &str| Document::parse(text).expect("valid JSON");
    diff_documents(&parse(old), &parse(new))
        .changes()
        .iter()
        .map(|c| (c.pointer.clone(), c.kind, c.breaks))
        .collect()
}

#[test]
fn enum_values_beyond_64_bits_are_told_apart() {
    assert_eq!(
        judge(
            r#"{"enum": [18446744073709551616]}"#,
            r#"{"enum": [18446744073709551617]}"#
        ),
        [
            (String::new(), ChangeKind::EnumValueAdded, Breaks::Forward),
            (
                String::new(),
                ChangeKind::EnumValueRemoved,
                Breaks::Backward
            ),
        ]
    );
}

#[test]
fn bounds_beyond_f64_precision_are_ordered() {
    assert_eq!(
        judge(
            r#"{"properties": {"n": {"minimum": 0.10000000000000000001}}}"#,
            r#"{"properties": {"n": {"minimum": 0.10000000000000000002}}}"#
        ),
        [(
            "/properties/n".to_owned(),
            ChangeKind::BoundTightened,
            Breaks::Backward
        )]
    );
}

#[test]
fn the_same_number_written_differently_is_no_change() {
    assert!(
        judge(
            r#"{"const": 1.0e20}"#,
            r#"{"const": 100000000000000000000}"#
        )
        .is_empty()
    );
    assert!(
        judge(
            r#"{"maximum": 123456789012345678901234567890}"#,
            r#"{"maximum": 1.2345678901234567890123456789e29}"#
        )
        .is_empty()
    );
}

#[test]
fn other_numbers_beyond_f64_precision_are_not_decided() {
    let changes = judge(
        r#"{"limit": {"deep": 18446744073709551617}}"#,
        r#"{"limit": {"deep": 18446744073709551618}}"#,
    );
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].1, ChangeKind::Undecidable);
}
