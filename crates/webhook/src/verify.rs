//! Signature verification: the `Vonage-Signature` JWT (HS256 only) and the hash of the body.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::{Map, Value};
use subtle::ConstantTimeEq;
use vcc_events_digest::{parse_sha256_hex, sha256};

use crate::claims::{DEFAULT_HASH_CLAIM, EXPIRES, ISSUED_AT};

/// The header that carries the token.
pub const SIGNATURE_HEADER: &str = "vonage-signature";

/// How many seconds a token may be expired, or issued in the future, by clock skew.
pub const DEFAULT_LEEWAY_SECS: u64 = 30;

/// The longest a token may live (`exp - iat`), and the oldest it may be (now - `iat`), in
/// seconds, each beyond the leeway, unless told otherwise: the platform's tokens live five
/// minutes.
pub const DEFAULT_MAX_TOKEN_AGE_SECS: u64 = 300;

/// The only algorithm accepted.
const ALGORITHM: &str = "HS256";

/// A subscription secret. Its text (the base64 form the platform shows) is the HMAC key.
///
/// `Debug` never shows the secret.
#[derive(Clone)]
pub struct Secret(DecodingKey);

impl Secret {
    /// The secret as configured (its base64 text); `None` if it is empty after trimming.
    pub fn new(text: &str) -> Option<Self> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        DecodingKey::from_secret(text.as_bytes()).ok().map(Secret)
    }

    /// Every non-empty secret of a comma- or newline-separated list (the form of
    /// `VCC_WEBHOOK_SECRETS` and of a secrets file).
    pub fn list(text: &str) -> Vec<Self> {
        text.split([',', '\n']).filter_map(Secret::new).collect()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(…)")
    }
}

/// Why a delivery's signature is refused (answered 401). The messages name the problem and
/// never contain a secret or the token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignatureError {
    /// No `Vonage-Signature` header.
    Missing,
    /// The header is not a JWT (three base64url parts, a JSON header naming an algorithm).
    Malformed,
    /// The token names another algorithm than HS256 (e.g. `none`, `RS256`).
    Algorithm,
    /// The token is signed with none of the configured secrets.
    WrongSignature,
    /// A required claim (`exp`, `iat`, or the hash claim) is missing or not of its type.
    Claim(String),
    /// The token expired (beyond the leeway).
    Expired,
    /// The token was issued in the future, or is not valid before a later time (beyond the
    /// leeway).
    NotYetValid,
    /// The token lives longer (`exp - iat`) than the longest token age, beyond the leeway: the
    /// platform's tokens live five minutes, and a longer-lived one could be replayed for long.
    TooLongLived,
    /// The token was issued (`iat`) longer ago than the longest token age, beyond the leeway.
    IssuedTooLongAgo,
    /// The body's SHA-256 differs from the token's hash claim.
    BodyHash,
}

impl SignatureError {
    /// A stable kebab-case name for the answer.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Missing => "missing-signature",
            Self::Malformed => "malformed-token",
            Self::Algorithm => "algorithm-not-allowed",
            Self::WrongSignature => "wrong-signature",
            Self::Claim(_) => "missing-claim",
            Self::Expired => "expired",
            Self::NotYetValid => "not-yet-valid",
            Self::TooLongLived => "lifetime-too-long",
            Self::IssuedTooLongAgo => "issued-too-long-ago",
            Self::BodyHash => "body-hash-mismatch",
        }
    }
}

impl fmt::Display for SignatureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing => f.write_str("the Vonage-Signature header is missing"),
            Self::Malformed => f.write_str("the Vonage-Signature header is not a JWT"),
            Self::Algorithm => f.write_str("the token's algorithm is not HS256"),
            Self::WrongSignature => f.write_str("the token is not signed with a known secret"),
            Self::Claim(name) => write!(f, "the token's claim `{name}` is missing or invalid"),
            Self::Expired => f.write_str("the token has expired"),
            Self::NotYetValid => f.write_str("the token is not valid yet (issued in the future)"),
            Self::TooLongLived => {
                f.write_str("the token lives longer (exp - iat) than the longest token age")
            }
            Self::IssuedTooLongAgo => {
                f.write_str("the token was issued (iat) longer ago than the longest token age")
            }
            Self::BodyHash => f.write_str("the body does not match the token's payload hash"),
        }
    }
}

impl std::error::Error for SignatureError {}

/// A token whose signature and times were checked; its hash claim is checked against the
/// body with [`VerifiedToken::check_body`].
#[derive(Debug)]
pub struct VerifiedToken {
    hash: [u8; 32],
}

impl VerifiedToken {
    /// Compares the SHA-256 of `body` with the token's hash claim, in constant time.
    pub fn check_body(&self, body: &[u8]) -> Result<(), SignatureError> {
        let digest = sha256(body);
        if bool::from(digest.ct_eq(&self.hash)) {
            Ok(())
        } else {
            Err(SignatureError::BodyHash)
        }
    }
}

/// Checks tokens against one or more secrets (several during a rotation).
#[derive(Clone, Debug)]
pub struct Verifier {
    secrets: Vec<Secret>,
    validation: Validation,
    leeway: u64,
    max_age: u64,
    hash_claim: String,
}

impl Verifier {
    /// A verifier that accepts tokens signed with any of `secrets`; `None` if there is none.
    pub fn new(secrets: Vec<Secret>) -> Option<Self> {
        if secrets.is_empty() {
            return None;
        }
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_required_spec_claims(&[EXPIRES]);
        validation.validate_exp = true;
        validation.validate_nbf = true;
        validation.validate_aud = false;
        validation.leeway = DEFAULT_LEEWAY_SECS;
        Some(Verifier {
            secrets,
            validation,
            leeway: DEFAULT_LEEWAY_SECS,
            max_age: DEFAULT_MAX_TOKEN_AGE_SECS,
            hash_claim: DEFAULT_HASH_CLAIM.to_owned(),
        })
    }

    /// Allows `secs` seconds of clock skew on `exp`, `iat` and `nbf` (default 30).
    pub fn with_leeway(mut self, secs: u64) -> Self {
        self.leeway = secs;
        self.validation.leeway = secs;
        self
    }

    /// Refuses tokens that live (`exp - iat`) or were issued (`iat`) more than `secs` seconds
    /// ago, beyond the leeway (default 300: the platform's tokens live five minutes).
    pub fn with_max_token_age(mut self, secs: u64) -> Self {
        self.max_age = secs;
        self
    }

    /// Reads the body's hash from the claim `name` instead of `payload_hash`.
    pub fn with_hash_claim(mut self, name: impl Into<String>) -> Self {
        self.hash_claim = name.into();
        self
    }

    /// Verifies the header's token: the algorithm, the signature with each secret in turn,
    /// `exp` and `iat` (required), `nbf` if present, the token's lifetime and age (see
    /// [`Verifier::with_max_token_age`]), and the form of the hash claim.
    ///
    /// A good token's header is decoded once, by the JWT library; a refused one is looked at
    /// again by [`token_of`], whose reading names what is wrong with its form.
    pub fn verify_header(&self, header: Option<&[u8]>) -> Result<VerifiedToken, SignatureError> {
        let header = header.ok_or(SignatureError::Missing)?;
        let token = token_text(header)?;
        let mut outcome = Err(SignatureError::WrongSignature);
        for secret in &self.secrets {
            match jsonwebtoken::decode::<Map<String, Value>>(token, &secret.0, &self.validation) {
                Ok(data) => {
                    outcome = Ok(data.claims);
                    break;
                }
                Err(e) if matches!(e.kind(), ErrorKind::InvalidSignature) => continue,
                Err(e) => {
                    return Err(token_of(header).err().unwrap_or_else(|| from_jwt(e.kind())));
                }
            }
        }
        let claims = outcome?;
        let iat = claims
            .get(ISSUED_AT)
            .and_then(Value::as_u64)
            .ok_or_else(|| SignatureError::Claim(ISSUED_AT.to_owned()))?;
        let now = crate::claims::now();
        if iat > now.saturating_add(self.leeway) {
            return Err(SignatureError::NotYetValid);
        }
        let exp = claims
            .get(EXPIRES)
            .and_then(Value::as_u64)
            .ok_or_else(|| SignatureError::Claim(EXPIRES.to_owned()))?;
        let longest = self.max_age.saturating_add(self.leeway);
        if exp.saturating_sub(iat) > longest {
            return Err(SignatureError::TooLongLived);
        }
        if now.saturating_sub(iat) > longest {
            return Err(SignatureError::IssuedTooLongAgo);
        }
        let hash = claims
            .get(&self.hash_claim)
            .and_then(Value::as_str)
            .and_then(|hex| parse_sha256_hex(hex.as_bytes()))
            .ok_or_else(|| SignatureError::Claim(self.hash_claim.clone()))?;
        Ok(VerifiedToken { hash })
    }

    /// [`Verifier::verify_header`], then [`VerifiedToken::check_body`].
    pub fn verify(&self, header: Option<&[u8]>, body: &[u8]) -> Result<(), SignatureError> {
        self.verify_header(header)?.check_body(body)
    }
}

/// The token of a header value (an optional `Bearer ` prefix is allowed), after checking that
/// it is a JWT whose header names HS256. This is the part that reads untrusted bytes before
/// any signature is checked.
pub fn token_of(header: &[u8]) -> Result<&str, SignatureError> {
    let token = token_text(header)?;
    let mut parts = token.split('.');
    let (Some(head), Some(_), Some(_), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(SignatureError::Malformed);
    };
    let head = URL_SAFE_NO_PAD
        .decode(head)
        .map_err(|_| SignatureError::Malformed)?;
    #[derive(serde::Deserialize)]
    struct Head<'a> {
        #[serde(borrow)]
        alg: std::borrow::Cow<'a, str>,
    }
    let head: Head<'_> = serde_json::from_slice(&head).map_err(|_| SignatureError::Malformed)?;
    if head.alg != ALGORITHM {
        return Err(SignatureError::Algorithm);
    }
    Ok(token)
}

/// The token's text in a header value: UTF-8, trimmed, without an optional `Bearer ` prefix.
fn token_text(header: &[u8]) -> Result<&str, SignatureError> {
    let text = std::str::from_utf8(header).map_err(|_| SignatureError::Malformed)?;
    let text = text.trim();
    Ok(text.strip_prefix("Bearer ").unwrap_or(text).trim_start())
}

fn from_jwt(kind: &ErrorKind) -> SignatureError {
    match kind {
        ErrorKind::ExpiredSignature => SignatureError::Expired,
        ErrorKind::ImmatureSignature => SignatureError::NotYetValid,
        ErrorKind::InvalidAlgorithm
        | ErrorKind::MissingAlgorithm
        | ErrorKind::InvalidAlgorithmName
        | ErrorKind::UnsupportedAlgorithm => SignatureError::Algorithm,
        ErrorKind::MissingRequiredClaim(name) | ErrorKind::InvalidClaimFormat(name) => {
            SignatureError::Claim(name.clone())
        }
        ErrorKind::InvalidSignature => SignatureError::WrongSignature,
        _ => SignatureError::Malformed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_list_skips_empty_entries() {
        assert_eq!(Secret::list(" a ,, b\n\nc\n").len(), 3);
        assert!(Secret::list(" , \n").is_empty());
        assert_eq!(
            format!("{:?}", Secret::new("hunter2").unwrap()),
            "Secret(…)"
        );
    }
}
