//! [`Guid`]: the platform's identifiers.

use super::inline::InlineStr;
use super::{ScalarError, quote, scalar_impls};
use crate::Rule;
use crate::describe::{Describe, ScalarShape, Shape};

/// A GUID: 8-4-4-4-12 hexadecimal digits, either case, kept as sent.
///
/// No RFC 4122 variant or version is demanded: the platform's own GUIDs do not all carry one.
/// Equality compares the text as sent.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Guid(InlineStr<36>);

impl Guid {
    /// Checks and copies a GUID given as bytes.
    pub fn parse_bytes(s: &[u8]) -> Result<Self, ScalarError> {
        let ok = is_guid(s);
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

/// Whether `s` is 8-4-4-4-12 hexadecimal digits: the hyphens one by one, the 32 digits eight
/// at a time.
fn is_guid(s: &[u8]) -> bool {
    let Ok(s) = <&[u8; 36]>::try_from(s) else {
        return false;
    };
    let word = |at: usize| {
        u64::from_le_bytes([
            s[at],
            s[at + 1],
            s[at + 2],
            s[at + 3],
            s[at + 4],
            s[at + 5],
            s[at + 6],
            s[at + 7],
        ])
    };
    let halves = |a: usize, b: usize| {
        u64::from_le_bytes([
            s[a],
            s[a + 1],
            s[a + 2],
            s[a + 3],
            s[b],
            s[b + 1],
            s[b + 2],
            s[b + 3],
        ])
    };
    s[8] == b'-'
        && s[13] == b'-'
        && s[18] == b'-'
        && s[23] == b'-'
        && hex_digits(word(0))
        && hex_digits(halves(9, 14))
        && hex_digits(halves(19, 24))
        && hex_digits(word(28))
}

/// Whether each of the eight bytes of `x` is an ASCII hexadecimal digit (either case).
///
/// Each byte is tested for ranges by adding to it what brings the range's bound to `0x80`:
/// its high bit then says whether it reached the bound. Bytes of `0x80` and above fail first,
/// so no addition carries into the next byte.
fn hex_digits(x: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    let at_least = |x: u64, bound: u8| x + ONES * u64::from(0x80 - bound);
    if x & HIGH != 0 {
        return false;
    }
    let digit = at_least(x, b'0') & !at_least(x, b'9' + 1);
    let lower = x | (ONES * 0x20);
    let letter = at_least(lower, b'a') & !at_least(lower, b'f' + 1);
    (digit | letter) & HIGH == HIGH
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
    fn each_position_takes_exactly_the_bytes_its_place_allows() {
        let guid = *b"740109c1-12d5-430f-9543-131fe5c4edcb";
        for at in 0..guid.len() {
            for byte in 0..=255u8 {
                let mut text = guid;
                text[at] = byte;
                let expected = if matches!(at, 8 | 13 | 18 | 23) {
                    byte == b'-'
                } else {
                    byte.is_ascii_hexdigit()
                };
                assert_eq!(is_guid(&text), expected, "byte {byte:#04x} at {at}");
            }
        }
    }

    #[test]
    fn rejects_other_lengths() {
        assert!(!is_guid(b"740109c1-12d5-430f-9543-131fe5c4edc"));
        assert!(!is_guid(b"740109c1-12d5-430f-9543-131fe5c4edcbb"));
        assert!(!is_guid(b""));
    }

    #[test]
    fn rejects_misplaced_hyphens_and_non_hex() {
        assert!(Guid::parse("740109c112d5-430f-9543-131fe5c4edcb-").is_err());
        assert!(Guid::parse("740109g1-12d5-430f-9543-131fe5c4edcb").is_err());
        assert!(Guid::parse("{740109c1-12d5-430f-9543-131fe5c4edcb}").is_err());
    }
}
