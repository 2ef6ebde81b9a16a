//! `pattern` and `format`. Regular expressions and formats are not compared with each
//! other, so any change of one into another counts as breaking both directions.

use serde_json::{Map, Value};

use super::types::both_accept;
use crate::change::{Breaks, ChangeKind};
use crate::json::{Path, opt_eq};
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
