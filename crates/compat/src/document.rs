//! Schemas read from their text, keeping the exact value of every number.
//!
//! `serde_json` holds an integer beyond 64 bits, or a number with more digits than an `f64`
//! keeps, as the nearest `f64`: `18446744073709551616` and `18446744073709551617` read the
//! same. A [`Document`] remembers the text of each such number, and [`diff_documents`]
//! compares those numbers by their decimal value, so a change the `f64`s hide is still found.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde_json::Value;

use crate::canon::canonical_number;
use crate::change::{Breaks, Change, ChangeKind, Report};
use crate::json::{Path, json_eq};
use crate::keywords::is_annotation;

/// A JSON Schema read from its text.
#[derive(Debug, Clone)]
pub struct Document {
    value: Value,
    /// Numbers whose value `serde_json` could not hold exactly: their location (as a list of
    /// segments) and their text.
    inexact: BTreeMap<Vec<String>, String>,
}

impl Document {
    /// Reads a JSON document.
    ///
    /// # Errors
    /// When the text is not JSON (the error has the line and column).
    pub fn parse(text: &str) -> Result<Self, serde_json::Error> {
        let value: Value = serde_json::from_str(text)?;
        let inexact = inexact_numbers(text);
        Ok(Self { value, inexact })
    }

    /// The parsed value (numbers beyond `f64` precision rounded).
    #[must_use]
    pub fn value(&self) -> &Value {
        &self.value
    }
}

/// Compares two schemas read from text, like [`diff`](crate::diff), and also compares the
/// numbers that differ only beyond the precision of an `f64` by their exact decimal values.
///
/// Such numbers are judged where they are written: `minimum`/`maximum` (and the exclusive
/// forms) as bounds, `enum` entries and `const` as allowed values; elsewhere the change is
/// reported as not decided.
#[must_use]
pub fn diff_documents(old: &Document, new: &Document) -> Report {
    let mut changes = crate::diff(&old.value, &new.value).into_changes();
    let locations: std::collections::BTreeSet<&Vec<String>> =
        old.inexact.keys().chain(new.inexact.keys()).collect();
    for segments in locations {
        let pointer = Path::from_segments(segments.clone()).pointer();
        let (Some(Value::Number(a)), Some(Value::Number(b))) =
            (old.value.pointer(&pointer), new.value.pointer(&pointer))
        else {
            continue;
        };
        // Numbers that differ as `f64`s were compared already.
        if !json_eq(&Value::Number(a.clone()), &Value::Number(b.clone())) {
            continue;
        }
        let text_a = old
            .inexact
            .get(segments)
            .cloned()
            .unwrap_or_else(|| canonical_number(a));
        let text_b = new
            .inexact
            .get(segments)
            .cloned()
            .unwrap_or_else(|| canonical_number(b));
        let (Some(da), Some(db)) = (Decimal::parse(&text_a), Decimal::parse(&text_b)) else {
            continue;
        };
        let order = da.cmp(&db);
        if order == Ordering::Equal {
            continue;
        }
        changes.extend(judge(segments, &text_a, &text_b, order));
    }
    Report::new(changes)
}

/// The changes for one number that differs beyond `f64` precision.
fn judge(segments: &[String], old: &str, new: &str, order: Ordering) -> Vec<Change> {
    let n = segments.len();
    let change = |schema: &[String], kind, breaks, message: String| Change {
        pointer: Path::from_segments(schema.to_vec()).pointer(),
        kind,
        breaks,
        message,
    };
    let last = segments.last().map_or("", String::as_str);
    let parent = &segments[..n.saturating_sub(1)];
    let what = Path::from_segments(parent.to_vec()).what();
    match last {
        "minimum" | "exclusiveMinimum" | "maximum" | "exclusiveMaximum" => {
            let lower = last.contains("inimum");
            let label = if lower { "lower bound" } else { "upper bound" };
            let tightened = (order == Ordering::Less) == lower;
            let message = format!("The {label} of {what} changed from {old} to {new} (`{last}`).");
            vec![if tightened {
                change(
                    parent,
                    ChangeKind::BoundTightened,
                    Breaks::Backward,
                    message,
                )
            } else {
                change(parent, ChangeKind::BoundLoosened, Breaks::Forward, message)
            }]
        }
        "const" => vec![change(
            parent,
            ChangeKind::ConstChanged,
            Breaks::Both,
            format!("The fixed value of {what} changed from {old} to {new}."),
        )],
        _ if n >= 2 && segments[n - 2] == "enum" => {
            let schema = &segments[..n - 2];
            let what = Path::from_segments(schema.to_vec()).what();
            vec![
                change(
                    schema,
                    ChangeKind::EnumValueAdded,
                    Breaks::Forward,
                    format!("{what} now also allows the value {new}; older readers reject it."),
                ),
                change(
                    schema,
                    ChangeKind::EnumValueRemoved,
                    Breaks::Backward,
                    format!(
                        "{what} no longer allows the value {old}; newer readers reject it when older producers send it."
                    ),
                ),
            ]
        }
        _ if segments.iter().any(|s| is_annotation(s)) => vec![change(
            parent,
            ChangeKind::AnnotationChanged,
            Breaks::None,
            format!("A number in an annotation of {what} changed from {old} to {new}."),
        )],
        _ => vec![change(
            parent,
            ChangeKind::Undecidable,
            Breaks::Both,
            format!(
                "A number of {what} changed from {old} to {new} (`{last}`); the effect is not decided."
            ),
        )],
    }
}

/// The numbers of a JSON text that `serde_json` does not hold exactly, by location.
/// The text must be valid JSON.
fn inexact_numbers(text: &str) -> BTreeMap<Vec<String>, String> {
    enum Frame {
        Object(Option<String>),
        Array(usize),
    }
    let bytes = text.as_bytes();
    let mut out = BTreeMap::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut expect_key = false;
    let location = |stack: &[Frame]| -> Vec<String> {
        stack
            .iter()
            .map(|f| match f {
                Frame::Object(k) => k.clone().unwrap_or_default(),
                Frame::Array(i) => i.to_string(),
            })
            .collect()
    };
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                if expect_key {
                    let key: String = serde_json::from_str(&text[start..=i.min(bytes.len() - 1)])
                        .unwrap_or_default();
                    if let Some(Frame::Object(k)) = stack.last_mut() {
                        *k = Some(key);
                    }
                    expect_key = false;
                }
            }
            b'{' => {
                stack.push(Frame::Object(None));
                expect_key = true;
            }
            b'[' => stack.push(Frame::Array(0)),
            b'}' | b']' => {
                stack.pop();
                expect_key = false;
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array(n)) => *n += 1,
                Some(Frame::Object(_)) => expect_key = true,
                None => {}
            },
            b'-' | b'0'..=b'9' => {
                let start = i;
                while i + 1 < bytes.len()
                    && matches!(bytes[i + 1], b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-')
                {
                    i += 1;
                }
                let token = &text[start..=i];
                if is_inexact(token) {
                    out.insert(location(&stack), token.to_owned());
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// Whether `serde_json` reads the number `token` as a different value.
fn is_inexact(token: &str) -> bool {
    if !token.contains(['.', 'e', 'E'])
        && (token.parse::<i64>().is_ok() || token.parse::<u64>().is_ok())
    {
        return false;
    }
    let Ok(f) = token.parse::<f64>() else {
        return true;
    };
    let held = canonical_number(&serde_json::Number::from_f64(f).unwrap_or_else(|| 0.into()));
    Decimal::parse(token) != Decimal::parse(&held)
}

/// An exact decimal: sign, significant digits (no leading or trailing zeros) and the power
/// of ten of the last digit. Zero has no digits.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Decimal {
    negative: bool,
    digits: String,
    exponent: i64,
}

impl Decimal {
    fn parse(text: &str) -> Option<Self> {
        let (negative, rest) = match text.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, text),
        };
        let (mantissa, exp) = match rest.find(['e', 'E']) {
            Some(i) => (&rest[..i], rest[i + 1..].parse::<i64>().ok()?),
            None => (rest, 0),
        };
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        if !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        let all = format!("{int}{frac}");
        let trimmed_start = all.trim_start_matches('0');
        let digits = trimmed_start.trim_end_matches('0').to_owned();
        let trailing = i64::try_from(trimmed_start.len() - digits.len()).ok()?;
        let exponent = exp - i64::try_from(frac.len()).ok()? + trailing;
        Some(if digits.is_empty() {
            Self {
                negative: false,
                digits,
                exponent: 0,
            }
        } else {
            Self {
                negative,
                digits,
                exponent,
            }
        })
    }

    /// The power of ten just above the leading digit.
    fn magnitude(&self) -> i64 {
        self.exponent + i64::try_from(self.digits.len()).unwrap_or(i64::MAX)
    }

    fn cmp_abs(&self, other: &Self) -> Ordering {
        match (self.digits.is_empty(), other.digits.is_empty()) {
            (true, true) => return Ordering::Equal,
            (true, false) => return Ordering::Less,
            (false, true) => return Ordering::Greater,
            _ => {}
        }
        self.magnitude()
            .cmp(&other.magnitude())
            .then_with(|| self.digits.as_str().cmp(other.digits.as_str()))
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.negative, other.negative) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => self.cmp_abs(other),
            (true, true) => other.cmp_abs(self),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_compare_by_value() {
        let d = |s: &str| Decimal::parse(s).expect("a number");
        assert_eq!(d("1.50"), d("15e-1"));
        assert_eq!(d("0"), d("-0.0"));
        assert!(d("18446744073709551617") > d("18446744073709551616"));
        assert!(d("-2") < d("-1.5"));
        assert!(d("0.1") < d("0.10000000000000000001"));
        assert!(d("9e2") > d("899.9999"));
    }

    #[test]
    fn only_numbers_f64_cannot_hold_are_inexact() {
        assert!(!is_inexact("18446744073709551615"));
        assert!(!is_inexact("18446744073709551616"));
        assert!(is_inexact("18446744073709551617"));
        assert!(!is_inexact("0.1"));
        assert!(!is_inexact("1.5e3"));
        assert!(is_inexact("0.10000000000000000001"));
    }

    #[test]
    fn inexact_numbers_are_found_by_location() {
        let text = r#"{"a/b": [1, {"x": "1e999\"", "y": 18446744073709551617}], "c": 0.1}"#;
        let found = inexact_numbers(text);
        let expected: BTreeMap<Vec<String>, String> = BTreeMap::from([(
            vec!["a/b".to_owned(), "1".to_owned(), "y".to_owned()],
            "18446744073709551617".to_owned(),
        )]);
        assert_eq!(found, expected);
    }
}
