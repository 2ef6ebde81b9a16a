//! SHA-256 digests as the VCC event tools write them, in one place: the hash of a body in a
//! `Vonage-Signature` token, the checksums of the index and of the release bundle. A digest is
//! written as 64 lowercase hex digits ([`sha256_hex`]) and read back in either case
//! ([`parse_sha256_hex`]).

#![warn(missing_docs)]

use sha2::{Digest, Sha256};

/// The SHA-256 of `bytes`.
pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// The SHA-256 of `bytes`, as 64 lowercase hex digits.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&sha256(bytes))
}

/// Bytes as lowercase hex, two digits each.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    out
}

/// 64 hex digits (either case) as the 32 bytes of a SHA-256; `None` for any other text.
pub fn parse_sha256_hex(hex: &[u8]) -> Option<[u8; 32]> {
    if hex.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (byte, pair) in out.iter_mut().zip(hex.chunks_exact(2)) {
        let digit = |c: u8| char::from(c).to_digit(16);
        *byte = u8::try_from(digit(pair[0])? * 16 + digit(pair[1])?).ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_of_abc_is_the_published_test_vector() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn hex_is_two_lowercase_digits_a_byte() {
        assert_eq!(hex(&[0, 9, 10, 255]), "00090aff");
    }

    #[test]
    fn hex_of_either_case_reads_back_and_other_text_does_not() {
        let lower = sha256_hex(b"x");
        assert_eq!(parse_sha256_hex(lower.as_bytes()), Some(sha256(b"x")));
        assert_eq!(
            parse_sha256_hex(lower.to_uppercase().as_bytes()),
            Some(sha256(b"x"))
        );
        assert_eq!(parse_sha256_hex(b"00ff"), None);
        assert_eq!(parse_sha256_hex("zz".repeat(32).as_bytes()), None);
        assert_eq!(parse_sha256_hex("+f".repeat(32).as_bytes()), None);
    }
}
