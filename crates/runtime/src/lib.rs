//! Runtime of the VCC event catalog.
//!
//! The `#[family]` macro of `vcc-events-macros` turns one declaration of an event family into
//! typed Rust events; the code it generates builds on this crate:
//!
//! - [`CloudEvent`]: the CloudEvents 1.0 envelope (JSON format) around a version's payload;
//! - [`scalar`]: the validated scalar types events use ([`Ksuid`], [`Guid`], [`Timestamp`],
//!   [`NumericId`]), each parsed in place without allocating;
//! - [`Extra`]: members a reader does not declare, kept with the order members arrived in, so
//!   that decoding then encoding gives back the same bytes;
//! - [`DecodeError`]: every failure says where (a JSON pointer) and which [`Rule`] failed;
//! - [`EventData`], [`Family`], [`Catalog`]: the traits the macro implements, and decoding of
//!   any known event by its `type` ([`decode()`], [`decode_batch`]; one version decodes with
//!   [`CloudEvent::from_slice`], one family with its enum's `from_slice`);
//! - [`describe`]: a reflection model of the declared types, from which schemas and docs are
//!   generated ([`json_schema`] renders it as JSON Schema; with the feature `schemars`, the
//!   `schemars` module implements `schemars::JsonSchema` from it).

#![warn(missing_docs)]

mod build;
mod catalog;
#[cfg(feature = "cloudevents")]
pub mod cloudevents;
mod concat;
mod de;
mod decode;
pub mod describe;
pub mod envelope;
mod error;
mod extra;
pub mod json_schema;
mod member;
mod minify;
pub mod nesting;
pub mod open;
pub mod scalar;
#[cfg(feature = "schemars")]
pub mod schemars;
pub mod traits;
pub mod undeclared;
pub mod upgrade;

#[doc(hidden)]
pub mod __private;

pub use build::BuildError;
pub use catalog::{Catalog, Family};
pub use decode::{any as decode, batch as decode_batch};
pub use envelope::{CloudEvent, JsonContentType, SPECVERSION};
pub use error::{DecodeError, Problem, Rule};
pub use extra::Extra;
pub use minify::minify_json;
pub use open::{Open, WireEnum};
pub use scalar::{Guid, Ksuid, NumericId, Timestamp};
pub use traits::{EventData, Meaning, Stability, Transition, Undocumented, Upgrade, VersionInfo};
pub use undeclared::Undeclared;
pub use upgrade::UpgradeError;

/// Without the feature `schemars`, the declared types implement no `JsonSchema`.
#[cfg(not(feature = "schemars"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __json_schema {
    ($($tokens:tt)*) => {};
}
