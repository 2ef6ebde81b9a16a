//! Signing bodies as the platform does, for tests of a receiver and for load generators.

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::verify::DEFAULT_HASH_CLAIM;

/// How long the platform's tokens live, in seconds.
pub const TOKEN_LIFETIME_SECS: u64 = 300;

/// Makes `Vonage-Signature` tokens: HS256 keyed with a secret's text, the body's hex SHA-256
/// in `payload_hash`, `iat` and `exp`.
pub struct Signer {
    key: EncodingKey,
    hash_claim: String,
}

impl Signer {
    /// A signer for `secret` (its base64 text, as configured on the receiver); `None` if it
    /// is empty.
    pub fn new(secret: &str) -> Option<Self> {
        Some(Signer {
            key: EncodingKey::from_secret(secret.as_bytes()).ok()?,
            hash_claim: DEFAULT_HASH_CLAIM.to_owned(),
        })
    }

    /// Puts the body's hash in the claim `name` instead of `payload_hash`.
    pub fn with_hash_claim(mut self, name: impl Into<String>) -> Self {
        self.hash_claim = name.into();
        self
    }

    /// A token for `body` issued now, valid for five minutes.
    pub fn sign(&self, body: &[u8]) -> String {
        let now = now();
        self.sign_at(body, now, now + TOKEN_LIFETIME_SECS)
    }

    /// A token for `body` with the given `iat` and `exp` (seconds since the Unix epoch).
    pub fn sign_at(&self, body: &[u8], iat: u64, exp: u64) -> String {
        let mut claims = json!({ "iat": iat, "exp": exp });
        claims[&self.hash_claim] = json!(hex(&Sha256::digest(body)));
        self.sign_claims(&claims)
    }

    /// A token carrying exactly `claims`.
    pub fn sign_claims(&self, claims: &serde_json::Value) -> String {
        // Encoding a JSON value with an HMAC key cannot fail.
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &self.key).unwrap_or_default()
    }
}

/// Seconds since the Unix epoch.
pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Lower-case hex.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
