//! The keyword rules, one module per keyword family. Each adds methods to
//! [`Walker`](crate::walk::Walker) that compare one family of keywords of an old and a new
//! schema object and record what changed.

pub(crate) mod annotations;
pub(crate) mod arrays;
pub(crate) mod bounds;
pub(crate) mod composition;
pub(crate) mod conditions;
pub(crate) mod objects;
pub(crate) mod opaque;
pub(crate) mod strings;
pub(crate) mod types;
pub(crate) mod values;

use serde_json::{Map, Value};

/// The keys of two schema objects, sorted, without repetition.
pub(crate) fn union_keys<'a>(
    o: &'a Map<String, Value>,
    n: &'a Map<String, Value>,
) -> std::collections::BTreeSet<&'a str> {
    o.keys().chain(n.keys()).map(String::as_str).collect()
}
