//! Any bytes as a `Vonage-Signature` header and a body (split at the first NUL byte): reading
//! and verifying the token never panics, never accepts a token not signed with the secret,
//! and never puts the secret in a message; a token signed for the body is accepted.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vcc_events_webhook::signing::Signer;
use vcc_events_webhook::{Secret, SignatureError, Verifier, token_of};

const SECRET: &str = "ZnV6emluZyB0aGUgc2lnbmF0dXJlIGhlYWRlciBhbmQgdG9rZW4=";

fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|&b| b == 0).unwrap_or(data.len());
    let (header, body) = (&data[..split], data.get(split + 1..).unwrap_or(&[]));

    if let Ok(token) = token_of(header) {
        assert_eq!(token.split('.').count(), 3, "{token:?}");
    }
    let verifier = Verifier::new(Secret::list(SECRET)).expect("one secret");
    match verifier.verify(Some(header), body) {
        // Only a token made with the secret verifies; the fuzzer cannot make one.
        Ok(()) => panic!("accepted a token not signed here: {:?}", String::from_utf8_lossy(header)),
        Err(error) => assert!(!error.to_string().contains(SECRET)),
    }

    let signer = Signer::new(SECRET).expect("a secret");
    let token = signer.sign(body);
    assert_eq!(verifier.verify(Some(token.as_bytes()), body), Ok(()));
    let mut other = body.to_vec();
    other.push(b' ');
    assert_eq!(
        verifier.verify(Some(token.as_bytes()), &other),
        Err(SignatureError::BodyHash)
    );
});
