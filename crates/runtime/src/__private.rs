//! Re-exports for the code the macros generate; not a public API.

pub use serde;
pub use serde_json;

pub use crate::error::{fail, fail_at, within};
pub use crate::extra::Recorder;
