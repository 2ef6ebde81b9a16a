//! The names of the `Vonage-Signature` token's claims, shared by signing and verification.

/// The claim that holds the hex SHA-256 of the body unless a verifier or signer is told
/// another name.
pub const DEFAULT_HASH_CLAIM: &str = "payload_hash";

/// The claim that holds when the token was issued (seconds since the Unix epoch).
pub const ISSUED_AT: &str = "iat";

/// The claim that holds when the token expires (seconds since the Unix epoch).
pub const EXPIRES: &str = "exp";

/// How long the platform's tokens live, in seconds (five minutes).
pub const TOKEN_LIFETIME_SECS: u64 = 300;

/// Seconds since the Unix epoch, now.
pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}
