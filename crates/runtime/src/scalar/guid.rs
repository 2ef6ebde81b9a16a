//! [`Guid`]: the platform's identifiers.

use super::inline::InlineStr;
use super::{ScalarError, quote, scalar_impls};
use crate::Rule;
use crate::describe::{Describe, ScalarShape, Shape};

/// Which bytes are hexadecimal digits.
static HEX: [bool; 256] = {
    let mut table = [false; 256];
    let mut c = 0;
    while c < 256 {
        table[c] = (c as u8).is_ascii_hexdigit();
        c += 1;
    }
    table
};

/// A GUID: 8-4-4-4-12 hexadecimal digits, either case, kept as sent.
///
/// No RFC 4122 variant or version is demanded: the platform's own GUIDs do not all carry one.
/// Equality compares the text as sent.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Guid(InlineStr<36>);

impl Guid {
    /// Checks and copies a GUID given as bytes.
    pub fn parse_bytes(s: &[u8]) -> Result<Self, ScalarError> {
        let hex = |r: std::ops::Range<usize>| s[r].iter().all(|&c| HEX[c as usize]);
        let ok = s.len() == 36
            && s[8] == b'-'
            && s[13] == b'-'
            && s[18] == b'-'
            && s[23] == b'-'
            && hex(0..8)
            && hex(9..13)
            && hex(14..18)
            && hex(19..23)
            && hex(24..36);
        if ok {
            Ok(Guid(InlineStr::new(s)))
        } else {
            Err(ScalarError {
                rule: Rule::Guid,
                message: format!(
                    "{} is not a GUID: expected 8-4-4-4-12 hexadecimal digits such as 740109c1-12d5-430f-9543-131fe5c4edcb",
                    quote(s)
                ),
            })
        }
    }

    /// The GUID as sent.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

scalar_impls!(Guid, "a GUID (8-4-4-4-12 hexadecimal digits)");

impl Describe for Guid {
    fn describe() -> Shape {
        static SHAPE: ScalarShape = ScalarShape {
            name: "Guid",
            json_type: "string",
            format: Some("uuid"),
            pattern: Some(
                "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$",
            ),
            summary: "GUID (8-4-4-4-12 hexadecimal digits, either case)",
            code_only_rule: None,
        };
        Shape::Scalar(&SHAPE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_guids_without_an_rfc4122_variant() {
        assert!(Guid::parse("3e71f453-116a-3abc-7769-bc678ef6e080").is_ok());
    }

    #[test]
    fn accepts_upper_case() {
        assert!(Guid::parse("740109C1-12D5-430F-9543-131FE5C4EDCB").is_ok());
    }

    #[test]
    fn rejects_misplaced_hyphens_and_non_hex() {
        assert!(Guid::parse("740109c112d5-430f-9543-131fe5c4edcb-").is_err());
        assert!(Guid::parse("740109g1-12d5-430f-9543-131fe5c4edcb").is_err());
        assert!(Guid::parse("{740109c1-12d5-430f-9543-131fe5c4edcb}").is_err());
    }
}
