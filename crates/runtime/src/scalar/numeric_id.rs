//! [`NumericId`]: identifiers made of decimal digits, such as `agentId`.

use super::inline::InlineStr;
use super::{ScalarError, quote, scalar_impls};
use crate::Rule;
use crate::describe::{Describe, ScalarShape, Shape};

/// The most digits a numeric id has: the one number its check, its storage, its message, its
/// schema pattern and its summary are written with (a literal, so that `concat!` takes it).
macro_rules! max_digits {
    () => {
        20
    };
}

#[doc = concat!(
    "A string of 1 to ", max_digits!(), " decimal digits (e.g. the agent id `\"1544\"`), kept as sent."
)]
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NumericId(InlineStr<{ max_digits!() }>);

impl NumericId {
    /// Checks and copies a numeric id given as bytes.
    pub fn parse_bytes(s: &[u8]) -> Result<Self, ScalarError> {
        if !s.is_empty() && s.len() <= max_digits!() && s.iter().all(|b| b.is_ascii_digit()) {
            Ok(NumericId(InlineStr::new(s)))
        } else {
            Err(ScalarError {
                rule: Rule::Digits,
                message: format!(
                    concat!(
                        "{} is not a numeric id: expected 1 to ",
                        max_digits!(),
                        " decimal digits"
                    ),
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
            pattern: Some(concat!("^[0-9]{1,", max_digits!(), "}$")),
            summary: concat!("string of 1 to ", max_digits!(), " decimal digits"),
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
    fn the_pattern_the_summary_and_the_message_name_the_same_bound() {
        let shape = match NumericId::describe() {
            Shape::Scalar(shape) => shape,
            _ => unreachable!("a numeric id is a scalar"),
        };
        assert_eq!(shape.pattern, Some("^[0-9]{1,20}$"));
        assert_eq!(shape.summary, "string of 1 to 20 decimal digits");
        let longest = "9".repeat(20);
        assert!(NumericId::parse(&longest).is_ok());
        let error = NumericId::parse(&format!("{longest}9")).expect_err("21 digits");
        assert!(
            error.message.ends_with("expected 1 to 20 decimal digits"),
            "{}",
            error.message
        );
    }

    #[test]
    fn rejects_empty_signs_and_letters() {
        for bad in ["", "-1", "15a4", "123456789012345678901"] {
            assert!(NumericId::parse(bad).is_err(), "{bad}");
        }
    }
}
