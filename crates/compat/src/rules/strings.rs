//! `pattern` and `format`. Two patterns are compared by the strings they match (see
//! [`pattern`](crate::pattern)); formats are not compared with each other, so any change of
//! one into another counts as breaking both directions.

use serde_json::{Map, Value};

use super::types::both_accept;
use crate::change::{Breaks, ChangeKind};
use crate::json::{Path, opt_eq};
use crate::pattern::{Inclusion, Pattern, included};
use crate::walk::Walker;

impl Walker<'_> {
    /// Compares `pattern` and `format`.
    pub(crate) fn check_strings(
        &mut self,
        o: &Map<String, Value>,
        n: &Map<String, Value>,
        path: &Path,
    ) {
        let what = path.what();
        for (k, noun, added, removed, changed) in [
            (
                "pattern",
                "pattern",
                ChangeKind::PatternAdded,
                ChangeKind::PatternRemoved,
                ChangeKind::PatternChanged,
            ),
            (
                "format",
                "format",
                ChangeKind::FormatAdded,
                ChangeKind::FormatRemoved,
                ChangeKind::FormatChanged,
            ),
        ] {
            let (a, b) = (o.get(k), n.get(k));
            // `format` is not limited to strings (e.g. `int64`).
            if opt_eq(a, b) || (k == "pattern" && !both_accept(o, n, "string")) {
                continue;
            }
            match (a, b) {
                (None, Some(Value::String(s))) => self.emit(
                    path,
                    added,
                    Breaks::Backward,
                    format!("{what} must now match the {noun} `{s}`; older producers may send values that do not."),
                ),
                (Some(Value::String(s)), None) => self.emit(
                    path,
                    removed,
                    Breaks::Forward,
                    format!("{what} no longer has to match the {noun} `{s}`; older readers reject values that do not."),
                ),
                (Some(Value::String(x)), Some(Value::String(y))) if k == "pattern" => {
                    let (breaks, message) = compare_patterns(x, y, &what);
                    self.emit(path, changed, breaks, message);
                }
                (Some(Value::String(x)), Some(Value::String(y))) => self.emit(
                    path,
                    changed,
                    Breaks::Both,
                    format!("The {noun} of {what} changed from `{x}` to `{y}`; values matching one may not match the other."),
                ),
                _ => self.undecidable(path, format!("`{k}` of {what} changed, but is not a string.")),
            }
        }
    }
}

/// The directions a pattern change breaks, and the message saying why.
fn compare_patterns(old: &str, new: &str, what: &str) -> (Breaks, String) {
    let head = format!("The pattern of {what} changed from `{old}` to `{new}`");
    let (a, b) = match (Pattern::new(old), Pattern::new(new)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => {
            return (
                Breaks::Both,
                format!("{head}; {e}, so the effect is not decided."),
            );
        }
    };
    let (backward, forward) = (included(&a, Some(&b)), included(&b, Some(&a)));
    if let (Inclusion::Unknown(e), _) | (_, Inclusion::Unknown(e)) = (&backward, &forward) {
        return (
            Breaks::Both,
            format!("{head}; {e}, so the effect is not decided."),
        );
    }
    let show = |w: &Inclusion| match w {
        Inclusion::Witness(s) => Some(serde_json::Value::from(s.as_str()).to_string()),
        _ => None,
    };
    let mut reasons = Vec::new();
    if let Some(s) = show(&backward) {
        reasons.push(format!("{s} matched the old one and not the new one"));
    }
    if let Some(s) = show(&forward) {
        reasons.push(format!("{s} matches the new one and not the old one"));
    }
    let breaks = Breaks::from_directions(show(&backward).is_some(), show(&forward).is_some());
    let message = if reasons.is_empty() {
        format!("{head}; both match the same strings.")
    } else {
        format!("{head}: {}.", reasons.join(", and "))
    };
    (breaks, message)
}
