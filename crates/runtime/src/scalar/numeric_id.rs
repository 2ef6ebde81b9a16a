//! [`NumericId`]: identifiers made of decimal digits, such as `agentId`.

use super::inline::InlineStr;
use super::{ScalarError, quote, scalar_impls};
use crate::Rule;
use crate::describe::{Describe, ScalarShape, Shape};

/// A string of 1 to 20 decimal digits (e.g. the agent id `"1544"`), kept as sent.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NumericId(InlineStr<20>);

impl NumericId {
    /// Checks and copies a numeric id given as bytes.
    pub fn parse_bytes(s: &[u8]) -> Result<Self, ScalarError> {
        if !s.is_empty() && s.len() <= 20 && s.iter().all(|b| b.is_ascii_digit()) {
            Ok(NumericId(InlineStr::new(s)))
        } else {
            Err(ScalarError {
                rule: Rule::Digits,
                message: format!(
                    "{} is not a numeric id: expected 1 to 20 decimal digits",
                    quote(s)
                ),
            })
        }
    }

    /// The id as sent.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

scalar_impls!(NumericId, "a string of decimal digits");

impl Describe for NumericId {
    fn describe() -> Shape {
        static SHAPE: ScalarShape = ScalarShape {
            name: "NumericId",
            json_type: "string",
            format: None,
            pattern: Some("^[0-9]{1,20}$"),
            summary: "string of 1 to 20 decimal digits",
            code_only_rule: None,
        };
        Shape::Scalar(&SHAPE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_digits() {
        assert_eq!(
            NumericId::parse("1544").map(|n| n.to_string()),
            Ok("1544".into())
        );
    }

    #[test]
    fn rejects_empty_signs_and_letters() {
        for bad in ["", "-1", "15a4", "123456789012345678901"] {
            assert!(NumericId::parse(bad).is_err(), "{bad}");
        }
    }
}
