//! [`UpgradeError`]: why an event could not be converted to a later version.

use std::fmt;

/// Why a value could not be upgraded to the next version (e.g. an enum value the next version
/// removed, or a conversion function that refused the value).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UpgradeError {
    /// The Rust path of the member that could not be converted (e.g. `Party::role`).
    pub member: String,
    /// The version the conversion was to.
    pub to_version: &'static str,
    /// Why.
    pub message: String,
}

impl UpgradeError {
    /// An upgrade error for `member` on the way to `to_version`.
    pub fn new(
        member: impl Into<String>,
        to_version: &'static str,
        message: impl fmt::Display,
    ) -> Self {
        UpgradeError {
            member: member.into(),
            to_version,
            message: message.to_string(),
        }
    }
}

impl fmt::Display for UpgradeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot upgrade {} to {}: {}",
            self.member, self.to_version, self.message
        )
    }
}

impl std::error::Error for UpgradeError {}

impl From<std::convert::Infallible> for UpgradeError {
    fn from(never: std::convert::Infallible) -> Self {
        match never {}
    }
}
