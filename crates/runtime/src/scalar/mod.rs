//! Validated scalar types: each is parsed in place from the wire text and keeps that text, so
//! encoding gives back the same bytes. None of them allocates.

mod guid;
mod inline;
mod ksuid;
mod numeric_id;
mod timestamp;

pub use guid::Guid;
pub use ksuid::Ksuid;
pub use numeric_id::NumericId;
pub use timestamp::Timestamp;

/// Why a text is not a valid scalar value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScalarError {
    /// The rule that failed.
    pub rule: crate::Rule,
    /// A sentence that explains it.
    pub message: String,
}

impl std::fmt::Display for ScalarError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ScalarError {}

/// Implements the traits every scalar shares, from its `parse` and `as_str`.
macro_rules! scalar_impls {
    ($ty:ident, $expecting:literal) => {
        impl std::str::FromStr for $ty {
            type Err = $crate::scalar::ScalarError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $ty::parse(s)
            }
        }

        impl $ty {
            /// Checks and copies a value given as text.
            pub fn parse(s: &str) -> Result<Self, $crate::scalar::ScalarError> {
                Self::parse_bytes(s.as_bytes())
            }
        }

        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::fmt::Debug for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}({:?})", stringify!($ty), self.as_str())
            }
        }

        impl AsRef<str> for $ty {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct Visitor;
                impl serde::de::Visitor<'_> for Visitor {
                    type Value = $ty;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$ty, E> {
                        self.visit_bytes(v.as_bytes())
                    }
                    fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<$ty, E> {
                        $ty::parse_bytes(v).map_err(|e| $crate::error::fail(e.rule, e.message))
                    }
                }
                // As bytes: the value is checked to be ASCII here, so JSON's own UTF-8 check of
                // the string would be done twice.
                d.deserialize_bytes(Visitor)
            }
        }
    };
}
pub(crate) use scalar_impls;

/// Shortens a value for an error message.
pub(crate) fn quote(value: &[u8]) -> String {
    const MAX: usize = 40;
    let value = String::from_utf8_lossy(value);
    if value.chars().count() <= MAX {
        format!("{value:?}")
    } else {
        let head: String = value.chars().take(MAX).collect();
        format!("{head:?}…")
    }
}
