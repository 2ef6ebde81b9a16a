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

    /// The KSUID whose 27 base62 digits encode `bytes` (a 160-bit number, big-endian): the
    /// inverse of [`Ksuid::to_bytes`].
    pub fn from_bytes(bytes: [u8; 20]) -> Ksuid {
        const DIGITS: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        let mut number = bytes;
        let mut digits = [b'0'; 27];
        for digit in digits.iter_mut().rev() {
            // Divides the big-endian number by 62, keeping the remainder.
            let mut remainder = 0u32;
            for byte in number.iter_mut() {
                let value = remainder << 8 | u32::from(*byte);
                *byte = (value / 62) as u8;
                remainder = value % 62;
            }
            *digit = DIGITS[remainder as usize];
        }
        Ksuid(InlineStr::new(&digits))
    }

    /// The 20 bytes (a 160-bit number, big-endian) its 27 base62 digits encode.
    pub fn to_bytes(&self) -> [u8; 20] {
        let mut limbs = [0u32; 5]; // big-endian 32-bit limbs
        for c in self.as_str().bytes() {
            let digit = match c {
                b'0'..=b'9' => c - b'0',
                b'A'..=b'Z' => c - b'A' + 10,
                _ => c - b'a' + 36,
            };
            let mut carry = u64::from(digit);
            for limb in limbs.iter_mut().rev() {
                let value = u64::from(*limb) * 62 + carry;
                *limb = value as u32;
                carry = value >> 32;
            }
        }
        let mut bytes = [0; 20];
        for (chunk, limb) in bytes.chunks_exact_mut(4).zip(limbs) {
            chunk.copy_from_slice(&limb.to_be_bytes());
        }
        bytes
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
    fn from_bytes_is_the_inverse_of_to_bytes() {
        for text in [
            "000000000000000000000000000",
            "2aRffDVJbosbADf1Kw2VY2Qub3Z",
            Ksuid::MAX,
        ] {
            let ksuid = Ksuid::parse(text).unwrap();
            assert_eq!(Ksuid::from_bytes(ksuid.to_bytes()).as_str(), text);
        }
        assert_eq!(Ksuid::from_bytes([0xff; 20]).as_str(), Ksuid::MAX);
    }

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
    fn bytes_are_the_base62_number_big_endian() {
        assert_eq!(
            Ksuid::parse("000000000000000000000000000")
                .unwrap()
                .to_bytes(),
            [0; 20]
        );
        assert_eq!(Ksuid::parse(Ksuid::MAX).unwrap().to_bytes(), [0xff; 20]);
        let mut one = [0; 20];
        one[19] = 1;
        assert_eq!(
            Ksuid::parse("000000000000000000000000001")
                .unwrap()
                .to_bytes(),
            one
        );
        let mut sixty_two = [0; 20];
        sixty_two[19] = 62;
        assert_eq!(
            Ksuid::parse("000000000000000000000000010")
                .unwrap()
                .to_bytes(),
            sixty_two
        );
    }

    #[test]
    fn rejects_wrong_length_and_characters() {
        assert!(Ksuid::parse("2aRffDVJbosbADf1Kw2VY2Qub3").is_err());
        assert!(Ksuid::parse("2aRffDVJbosbADf1Kw2VY2Qub3_").is_err());
    }
}
