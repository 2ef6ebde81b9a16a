//! Bounds: `minLength`, `maxLength`, `minItems`, `maxItems`, `minProperties`,
//! `maxProperties`, `minContains`, `maxContains`, `minimum`/`exclusiveMinimum`,
//! `maximum`/`exclusiveMaximum`, `multipleOf` and `uniqueItems`.

use std::cmp::Ordering;

use serde_json::{Map, Number, Value};

use super::types::{both_accept, type_set};
use crate::change::{Breaks, ChangeKind};
use crate::json::{Path, cmp_numbers, opt_eq, show_f64};
use crate::walk::Walker;

/// Counting bounds: keyword, the type it applies to, whether it is a lower bound, its
/// default, and a label.
const COUNTS: &[(&str, &str, bool, f64, &str)] = &[
    ("minLength", "string", true, 0.0, "minimum length"),
    (
        "maxLength",
        "string",
        false,
        f64::INFINITY,
        "maximum length",
    ),
    ("minItems", "array", true, 0.0, "minimum number of items"),
    (
        "maxItems",
        "array",
        false,
        f64::INFINITY,
        "maximum number of items",
    ),
    (
        "minProperties",
        "object",
        true,
        0.0,
        "minimum number of members",
    ),
    (
        "maxProperties",
        "object",
        false,
        f64::INFINITY,
        "maximum number of members",
    ),
    (
        "minContains",
        "array",
        true,
        1.0,
        "minimum number of matching items",
    ),
    (
        "maxContains",
        "array",
        false,
        f64::INFINITY,
        "maximum number of matching items",
    ),
];

/// A numeric range end: the value and whether it is exclusive.
type End = Option<(Number, bool)>;

fn number(v: Option<&Value>) -> Result<Option<f64>, ()> {
    match v {
        None => Ok(None),
        Some(v) => v.as_f64().map(Some).ok_or(()),
    }
}

fn exact(v: &Value) -> Result<Number, ()> {
    v.as_number().cloned().ok_or(())
}

/// The effective end of a range from the inclusive and exclusive keywords. `lower` says
/// which end it is (the tighter of the two is kept).
fn range_end(
    m: &Map<String, Value>,
    inclusive: &str,
    exclusive: &str,
    lower: bool,
) -> Result<End, ()> {
    let inc = m.get(inclusive).map(exact).transpose()?;
    let mut ends: Vec<(Number, bool)> = Vec::new();
    match m.get(exclusive) {
        None | Some(Value::Bool(false)) => ends.extend(inc.map(|v| (v, false))),
        // Draft 4: a boolean makes the inclusive keyword exclusive.
        Some(Value::Bool(true)) => ends.extend(inc.map(|v| (v, true))),
        Some(v) => {
            ends.extend(inc.map(|v| (v, false)));
            ends.push((exact(v)?, true));
        }
    }
    let end = ends
        .into_iter()
        .reduce(|a, b| if tighter(&b, &a, lower) { b } else { a });
    Ok(if only_integers(m) {
        end.map(|e| integer_end(e, lower))
    } else {
        end
    })
}

/// Whether the schema accepts integers only, so that `> 4` and `>= 5` mean the same.
fn only_integers(m: &Map<String, Value>) -> bool {
    matches!(type_set(m), Ok(Some(set)) if set.len() == 1 && set.contains("integer"))
}

/// The inclusive integer end that accepts the same integers as `end`.
fn integer_end(end: (Number, bool), lower: bool) -> (Number, bool) {
    let (n, exclusive) = &end;
    let inclusive = if let Some(i) = n.as_i64().map(i128::from).or(n.as_u64().map(i128::from)) {
        match (lower, *exclusive) {
            (true, true) => i + 1,
            (false, true) => i - 1,
            (_, false) => i,
        }
    } else {
        match n.as_f64() {
            // A fractional bound: the next integer inward is the first one allowed.
            Some(f) if f.abs() < 9.0e18 && f.fract() != 0.0 => {
                (if lower { f.ceil() } else { f.floor() }) as i128
            }
            _ => return end,
        }
    };
    i64::try_from(inclusive)
        .map(Number::from)
        .ok()
        .or_else(|| u64::try_from(inclusive).ok().map(Number::from))
        .map_or(end, |n| (n, false))
}

/// Whether end `a` excludes values that end `b` accepts.
fn tighter(a: &(Number, bool), b: &(Number, bool), lower: bool) -> bool {
    let order = cmp_numbers(&a.0, &b.0);
    let beyond = if lower {
        order == Ordering::Greater
    } else {
        order == Ordering::Less
    };
    beyond || (order == Ordering::Equal && a.1 && !b.1)
}

fn show_end(e: &End, lower: bool) -> String {
    match e {
        None => "none".to_owned(),
        Some((v, excl)) => {
            let op = match (lower, *excl) {
                (true, false) => ">=",
                (true, true) => ">",
                (false, false) => "<=",
                (false, true) => "<",
            };
            let shown = if v.is_i64() || v.is_u64() {
                v.to_string()
            } else {
                show_f64(v.as_f64().unwrap_or(0.0))
            };
            format!("{op} {shown}")
        }
    }
}

/// A positive decimal as `mantissa * 10^-scale`, from the shortest text of the number.
fn decimal(f: f64) -> Option<(u128, u32)> {
    let text = format!("{f:e}");
    let (mantissa, exponent) = text.split_once('e')?;
    let exponent: i32 = exponent.parse().ok()?;
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits: u128 = format!("{int}{frac}").parse().ok()?;
    let scale = i32::try_from(frac.len()).ok()? - exponent;
    if scale >= 0 {
        Some((digits, u32::try_from(scale).ok()?))
    } else {
        let factor = 10u128.checked_pow(u32::try_from(-scale).ok()?)?;
        Some((digits.checked_mul(factor)?, 0))
    }
}

/// Whether `a` is an integer multiple of `b`, both positive. Decided exactly on the
/// decimal values as written (so `0.3` is a multiple of `0.1`), falling back to a relative
/// tolerance only for numbers too large for 128-bit arithmetic.
fn is_multiple(a: f64, b: f64) -> bool {
    if let (Some((ma, sa)), Some((mb, sb))) = (decimal(a), decimal(b)) {
        let scale = sa.max(sb);
        let up = |m: u128, s: u32| 10u128.checked_pow(scale - s).and_then(|f| m.checked_mul(f));
        if let (Some(x), Some(y)) = (up(ma, sa), up(mb, sb))
            && y != 0
        {
            return x % y == 0;
        }
    }
    let q = a / b;
    q.is_finite() && (q - q.round()).abs() <= 1e-9 * q.abs().max(1.0)
}

impl Walker<'_> {
    /// Compares every bound keyword.
    pub(crate) fn check_bounds(
        &mut self,
        o: &Map<String, Value>,
        n: &Map<String, Value>,
        path: &Path,
    ) {
        let what = path.what();
        for &(k, family, lower, default, label) in COUNTS {
            if opt_eq(o.get(k), n.get(k)) || !both_accept(o, n, family) {
                continue;
            }
            let (Ok(a), Ok(b)) = (number(o.get(k)), number(n.get(k))) else {
                self.undecidable(
                    path,
                    format!("`{k}` of {what} changed, but is not a number."),
                );
                continue;
            };
            let (a, b) = (a.unwrap_or(default), b.unwrap_or(default));
            if a == b {
                continue;
            }
            let show = |x: f64| {
                if x.is_infinite() {
                    "none".to_owned()
                } else {
                    show_f64(x)
                }
            };
            let message = format!(
                "The {label} of {what} changed from {} to {}.",
                show(a),
                show(b)
            );
            if (b > a) == lower {
                self.emit(path, ChangeKind::BoundTightened, Breaks::Backward, message);
            } else {
                self.emit(path, ChangeKind::BoundLoosened, Breaks::Forward, message);
            }
        }
        for (inc, exc, lower, label) in [
            ("minimum", "exclusiveMinimum", true, "lower bound"),
            ("maximum", "exclusiveMaximum", false, "upper bound"),
        ] {
            if opt_eq(o.get(inc), n.get(inc)) && opt_eq(o.get(exc), n.get(exc))
                || !both_accept(o, n, "number")
            {
                continue;
            }
            let (Ok(a), Ok(b)) = (range_end(o, inc, exc, lower), range_end(n, inc, exc, lower))
            else {
                self.undecidable(
                    path,
                    format!(
                        "The {label} of {what} changed, but `{inc}` or `{exc}` is not a number."
                    ),
                );
                continue;
            };
            let message = format!(
                "The {label} of {what} changed from {} to {}.",
                show_end(&a, lower),
                show_end(&b, lower)
            );
            let tightened = match (&a, &b) {
                (None, None) => false,
                (None, Some(_)) => true,
                (Some(_), None) => false,
                (Some(a), Some(b)) => tighter(b, a, lower),
            };
            let loosened = match (&a, &b) {
                (Some(_), None) => true,
                (Some(a), Some(b)) => tighter(a, b, lower),
                _ => false,
            };
            if tightened {
                self.emit(path, ChangeKind::BoundTightened, Breaks::Backward, message);
            } else if loosened {
                self.emit(path, ChangeKind::BoundLoosened, Breaks::Forward, message);
            }
        }
        self.check_multiple_of(o, n, path);
        self.check_unique_items(o, n, path);
    }

    fn check_multiple_of(&mut self, o: &Map<String, Value>, n: &Map<String, Value>, path: &Path) {
        if opt_eq(o.get("multipleOf"), n.get("multipleOf")) || !both_accept(o, n, "number") {
            return;
        }
        let what = path.what();
        let valid = |x: Result<Option<f64>, ()>| match x {
            Ok(Some(v)) if v > 0.0 && v.is_finite() => Ok(Some(v)),
            Ok(None) => Ok(None),
            _ => Err(()),
        };
        let (Ok(a), Ok(b)) = (
            valid(number(o.get("multipleOf"))),
            valid(number(n.get("multipleOf"))),
        ) else {
            self.undecidable(
                path,
                format!("`multipleOf` of {what} changed, but is not a positive number."),
            );
            return;
        };
        let show = |x: Option<f64>| x.map_or_else(|| "none".to_owned(), show_f64);
        let message = format!(
            "The required multiple of {what} changed from {} to {}.",
            show(a),
            show(b)
        );
        let (backward, forward) = match (a, b) {
            (None, None) => (false, false),
            (None, Some(_)) => (true, false),
            (Some(_), None) => (false, true),
            (Some(a), Some(b)) => (!is_multiple(a, b), !is_multiple(b, a)),
        };
        let kind = match (backward, forward) {
            (false, false) => return,
            (true, false) => ChangeKind::BoundTightened,
            (false, true) => ChangeKind::BoundLoosened,
            (true, true) => ChangeKind::BoundChanged,
        };
        self.emit(
            path,
            kind,
            Breaks::from_directions(backward, forward),
            message,
        );
    }

    fn check_unique_items(&mut self, o: &Map<String, Value>, n: &Map<String, Value>, path: &Path) {
        if opt_eq(o.get("uniqueItems"), n.get("uniqueItems")) || !both_accept(o, n, "array") {
            return;
        }
        let what = path.what();
        let flag = |v: Option<&Value>| match v {
            None => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => Err(()),
        };
        match (flag(o.get("uniqueItems")), flag(n.get("uniqueItems"))) {
            (Ok(false), Ok(true)) => self.emit(
                path,
                ChangeKind::BoundTightened,
                Breaks::Backward,
                format!("The items of {what} must now be unique; older producers may send duplicates."),
            ),
            (Ok(true), Ok(false)) => self.emit(
                path,
                ChangeKind::BoundLoosened,
                Breaks::Forward,
                format!("The items of {what} no longer need to be unique; older readers reject duplicates."),
            ),
            (Ok(_), Ok(_)) => {}
            _ => self.undecidable(path, format!("`uniqueItems` of {what} changed, but is not a boolean.")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_multiple;

    #[test]
    fn multiples_are_decided_on_decimal_values() {
        assert!(is_multiple(4.0, 2.0));
        assert!(!is_multiple(6.0, 4.0));
        assert!(is_multiple(0.3, 0.1));
        assert!(!is_multiple(0.1, 0.3));
        assert!(is_multiple(1.5, 0.5));
        assert!(!is_multiple(1.0, 0.3));
    }
}
