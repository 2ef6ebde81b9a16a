//! Annotations: keywords that describe a value without constraining it. Their changes are
//! reported but never break anything.

use serde_json::{Map, Value};

use super::union_keys;
use crate::change::{Breaks, ChangeKind};
use crate::json::{Path, json_eq};
use crate::keywords::is_annotation;
use crate::walk::Walker;

impl Walker<'_> {
    /// Reports every changed annotation as a non-breaking change.
    pub(crate) fn check_annotations(
        &mut self,
        o: &Map<String, Value>,
        n: &Map<String, Value>,
        path: &Path,
    ) {
        for k in union_keys(o, n) {
            if !is_annotation(k) {
                continue;
            }
            let (a, b) = (o.get(k), n.get(k));
            if let (Some(a), Some(b)) = (a, b)
                && json_eq(a, b)
            {
                continue;
            }
            let what = path.what();
            let message = match (k, a, b) {
                ("deprecated", _, Some(Value::Bool(true))) => {
                    format!("{what} is now marked as deprecated.")
                }
                ("deprecated", Some(Value::Bool(true)), _) => {
                    format!("{what} is no longer marked as deprecated.")
                }
                (_, None, Some(_)) => format!("The `{k}` annotation of {what} was added."),
                (_, Some(_), None) => format!("The `{k}` annotation of {what} was removed."),
                _ => format!("The `{k}` annotation of {what} changed."),
            };
            self.emit(path, ChangeKind::AnnotationChanged, Breaks::None, message);
        }
    }
}
