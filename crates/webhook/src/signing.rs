//! Signing bodies as the platform does (feature `signing`): the `Vonage-Signature` token a
//! receiver checks, for testing receivers and for load generators.
//!
//! ```
//! use vcc_events_webhook::signing::Signer;
//! use vcc_events_webhook::{Secret, Verifier};
//!
//! let secret = "c2VjcmV0IHRleHQgb2YgYSBzdWJzY3JpcHRpb24=";
//! let signer = Signer::new(secret).expect("a secret");
//! let body = br#"{"specversion":"1.0"}"#;
//! let token = signer.sign(body);
//! let verifier = Verifier::new(vec![Secret::new(secret).unwrap()]).unwrap();
//! assert!(verifier.verify(Some(token.as_bytes()), body).is_ok());
//! assert!(verifier.verify(Some(token.as_bytes()), b"other bytes").is_err());
//! ```

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::json;
use vcc_events_digest::sha256_hex;

use crate::claims::{DEFAULT_HASH_CLAIM, EXPIRES, ISSUED_AT};
pub use crate::claims::{TOKEN_LIFETIME_SECS, now};

/// Makes `Vonage-Signature` tokens: HS256 keyed with a secret's text (the base64 form the
/// platform shows, used as is, not decoded), the body's hex SHA-256 in `payload_hash`, `iat`
/// and `exp`.
///
/// `Debug` never shows the key.
pub struct Signer {
    key: EncodingKey,
    hash_claim: String,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer")
            .field("hash_claim", &self.hash_claim)
            .finish_non_exhaustive()
    }
}

impl Signer {
    /// A signer for `secret` (its base64 text, as configured on the receiver, surrounding
    /// white space ignored as the receiver ignores it); `None` if it is empty.
    pub fn new(secret: &str) -> Option<Self> {
        let secret = secret.trim();
        if secret.is_empty() {
            return None;
        }
        Some(Signer {
            key: EncodingKey::from_secret(secret.as_bytes()).ok()?,
            hash_claim: DEFAULT_HASH_CLAIM.to_owned(),
        })
    }

    /// A signer for the first secret of a comma- or newline-separated list (the form of
    /// `VCC_WEBHOOK_SECRETS` and of a secrets file: during a rotation the first is the
    /// newest); `None` if the list holds none.
    pub fn first_of(list: &str) -> Option<Self> {
        list.split([',', '\n']).find_map(Signer::new)
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
        let mut claims = serde_json::Map::new();
        claims.insert(ISSUED_AT.to_owned(), json!(iat));
        claims.insert(EXPIRES.to_owned(), json!(exp));
        claims.insert(self.hash_claim.clone(), json!(sha256_hex(body)));
        self.sign_claims(&serde_json::Value::Object(claims))
    }

    /// A token carrying exactly `claims` (for testing how a receiver treats odd tokens).
    pub fn sign_claims(&self, claims: &serde_json::Value) -> String {
        // Encoding a JSON value with an HMAC key cannot fail.
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &self.key).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_secret_of_a_list_signs() {
        let first = Signer::first_of(" , a-secret ,b-secret\n").unwrap();
        let same = Signer::new("a-secret").unwrap();
        assert_eq!(first.sign_at(b"x", 1, 2), same.sign_at(b"x", 1, 2));
        assert!(Signer::first_of(" ,\n").is_none());
        assert!(!format!("{first:?}").contains("a-secret"));
    }
}
