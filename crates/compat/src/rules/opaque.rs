//! Keywords the checker does not interpret: `patternProperties`, draft-7 `dependencies`,
//! content keywords, dynamic references and unknown keywords. Any change to one of them is
//! undecidable and counts as breaking both directions.

use serde_json::{Map, Value};

use super::union_keys;
use crate::json::Path;
use crate::keywords::is_annotation;
use crate::keywords::is_checked;
use crate::walk::Walker;

impl Walker<'_> {
    /// Reports changes of keywords the checker does not interpret.
    pub(crate) fn check_opaque(
        &mut self,
        o: &Map<String, Value>,
        n: &Map<String, Value>,
        path: &Path,
    ) {
        let what = path.what();
        for k in union_keys(o, n) {
            if is_checked(k) || is_annotation(k) {
                continue;
            }
            if matches!(k, "$dynamicRef" | "$recursiveRef") {
                self.undecidable(
                    path,
                    format!("{what} uses a dynamic reference (`{k}`), which the checker does not follow; the effect is not decided."),
                );
                continue;
            }
            if self.same(k, o.get(k), n.get(k)) {
                continue;
            }
            let message = match k {
                "patternProperties" => format!(
                    "The `patternProperties` of {what} changed; the checker does not match member names against patterns, so the effect is not decided."
                ),
                "dependencies" => format!(
                    "`{k}` of {what} changed; the checker does not interpret draft-7 `dependencies`, so the effect is not decided."
                ),
                _ => format!(
                    "The keyword `{k}` of {what} changed; the checker does not interpret it, so the effect is not decided."
                ),
            };
            self.undecidable(path, message);
        }
    }
}
