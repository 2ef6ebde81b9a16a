//! [`Ksuid`]: the notification `id`.

use super::inline::InlineStr;
use super::{ScalarError, quote, scalar_impls};
use crate::Rule;
use crate::describe::{Describe, ScalarShape, Shape};

/// A KSUID: 27 characters of base62 (`0-9A-Za-z`) encoding 20 bytes, so at most
/// `aWgEPTl1tmebfsQzFP4bxwgy80V`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ksuid(InlineStr<27>);

impl Ksuid {
    /// The largest valid KSUID (20 bytes of `0xff`).
    pub const MAX: &'static str = "aWgEPTl1tmebfsQzFP4bxwgy80V";

    /// Checks and copies a KSUID given as bytes.
    pub fn parse_bytes(s: &[u8]) -> Result<Self, ScalarError> {
        let error = |why: &str| ScalarError {
            rule: Rule::Ksuid,
            message: format!("{} is not a KSUID: {why}", quote(s)),
        };
        if s.len() != 27 {
            return Err(error("a KSUID has exactly 27 characters"));
        }
        if !s.iter().all(|b| b.is_ascii_alphanumeric()) {
            return Err(error("a KSUID uses only the characters 0-9, A-Z and a-z"));
        }
        // Base62 digits sort like ASCII, so the byte order is the numeric order.
        if s > Self::MAX.as_bytes() {
            return Err(error(
                "it encodes more than 20 bytes (the largest KSUID is aWgEPTl1tmebfsQzFP4bxwgy80V)",
            ));
        }
        Ok(Ksuid(InlineStr::new(s)))
    }

    /// The KSUID as sent.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

scalar_impls!(Ksuid, "a KSUID (27 base62 characters)");

impl Describe for Ksuid {
    fn describe() -> Shape {
        static SHAPE: ScalarShape = ScalarShape {
            name: "Ksuid",
            json_type: "string",
            format: None,
            pattern: Some("^[0-9A-Za-z]{27}$"),
            summary: "KSUID (27 base62 characters)",
            code_only_rule: Some("at most aWgEPTl1tmebfsQzFP4bxwgy80V (20 bytes)"),
        };
        Shape::Scalar(&SHAPE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_largest_ksuid() {
        assert!(Ksuid::parse(Ksuid::MAX).is_ok());
    }

    #[test]
    fn rejects_one_past_the_largest_ksuid() {
        let e = Ksuid::parse("aWgEPTl1tmebfsQzFP4bxwgy80W").unwrap_err();
        assert!(e.message.contains("more than 20 bytes"), "{e}");
    }

    #[test]
    fn rejects_wrong_length_and_characters() {
        assert!(Ksuid::parse("2aRffDVJbosbADf1Kw2VY2Qub3").is_err());
        assert!(Ksuid::parse("2aRffDVJbosbADf1Kw2VY2Qub3_").is_err());
    }
}
