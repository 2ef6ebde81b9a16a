//! [`BuildError`]: why a declared type's builder could not build a value.

use std::fmt;

/// A builder's `build()` was called with a required member left unset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildError {
    type_name: &'static str,
    member: &'static str,
}

impl BuildError {
    /// The error for the required member `member` (its wire name) of `type_name`.
    pub(crate) const fn missing(type_name: &'static str, member: &'static str) -> Self {
        BuildError { type_name, member }
    }

    /// The type that could not be built, e.g. `Party`.
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// The wire name of the required member that was not set, e.g. `role`.
    pub fn member(&self) -> &'static str {
        self.member
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot build {}: the required member `{}` is not set",
            self.type_name, self.member
        )
    }
}

impl std::error::Error for BuildError {}

/// The error of a builder's `build()` for the required member `member` (its wire name) of
/// `type_name`: what the builders `#[family]` generates return.
pub const fn missing_member(type_name: &'static str, member: &'static str) -> BuildError {
    BuildError::missing(type_name, member)
}
