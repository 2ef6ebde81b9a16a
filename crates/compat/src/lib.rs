//! Compatibility checker for the JSON Schemas (draft 2020-12) of VCC webhook events.
//!
//! [`diff`] compares the old and the new schema of one event and returns a [`Report`]: one
//! [`Change`] per difference, each saying which directions it [`Breaks`]:
//!
//! - **backward compatible**: every event that a producer of the *old* schema can emit is
//!   accepted by a reader of the *new* schema (a new consumer can read old data);
//! - **forward compatible**: every event that a producer of the *new* schema can emit is
//!   accepted by a reader of the *old* schema (an old consumer can read new data).
//!
//! Producers emit only the members their schema declares; readers accept unknown members
//! unless the schema closes the object (`additionalProperties: false` or
//! `unevaluatedProperties: false`). Changes the checker cannot decide are reported as
//! [`ChangeKind::Undecidable`] and count as breaking both directions: a change is never
//! silently compatible.
//!
//! ```
//! use serde_json::json;
//! use vcc_events_compat::{diff, Breaks, ChangeKind};
//!
//! let old = json!({"type": "object", "properties": {"role": {"enum": ["agent"]}}});
//! let new = json!({"type": "object", "properties": {"role": {"enum": ["agent", "supervisor"]}}});
//! let report = diff(&old, &new);
//! assert!(report.backward_compatible());
//! assert!(!report.forward_compatible());
//! let change = &report.changes()[0];
//! assert_eq!(change.pointer, "/properties/role");
//! assert_eq!(change.kind, ChangeKind::EnumValueAdded);
//! assert_eq!(change.breaks, Breaks::Forward);
//! ```
//!
//! The rules for each keyword and the list of change kinds are documented in
//! `docs/compatibility.md`.

#![warn(missing_docs)]

mod canon;
mod change;
mod document;
mod finite;
mod json;
pub mod keywords;
mod normalize;
mod pattern;
mod resolve;
mod rules;
mod walk;
mod witness;

pub use change::{Breaks, Change, ChangeKind, Report};
pub use document::{Document, diff_documents};
pub use witness::{Counterexamples, counterexamples, shows_break};

use serde_json::Value;

use crate::json::json_eq;
use crate::walk::Walker;

/// Compares the old and the new schema of an event.
///
/// Both values should be JSON Schemas (an object or a boolean); anything else is compared
/// as an opaque value and, if different, reported as undecidable. `$ref`s are resolved
/// within each document. Never panics.
#[must_use]
pub fn diff(old: &Value, new: &Value) -> Report {
    if json_eq(old, new) {
        return Report::default();
    }
    let mut walker = Walker::new(old, new);
    walker.compare_roots();
    Report::new(walker.into_changes())
}

/// Whether a JSON value can be a schema: an object or a boolean.
#[must_use]
pub fn is_schema(value: &Value) -> bool {
    value.is_object() || value.is_boolean()
}
