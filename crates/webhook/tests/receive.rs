//! The answers to deliveries, with tokens signed here: only a delivery signed with a
//! configured secret, in time, over this very body, and valid, is stored, once.

mod support;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::json;
use support::{OTHER_SECRET, SECRET, SEED, SEED_ID, lines, post, signed, with_id};
use vcc_events_digest::sha256_hex;
use vcc_events_webhook::signing::{Signer, now};
use vcc_events_webhook::{DEFAULT_BODY_LIMIT, Secret, Signatures, StoreOptions, Verifier};

fn signer(secret: &str) -> Signer {
    Signer::new(secret).unwrap()
}

/// Asserts a 401 naming `problem` whose answer shows neither the secret nor the token.
fn assert_unauthorized(answer: (u16, serde_json::Value), problem: &str, token: &str) {
    let (status, body) = answer;
    assert_eq!(
        (status, body["problem"].as_str()),
        (401, Some(problem)),
        "{body}"
    );
    let text = body.to_string();
    assert!(
        !text.contains(SECRET) && !text.contains(OTHER_SECRET),
        "{text}"
    );
    assert!(token.is_empty() || !text.contains(token), "{text}");
}

#[tokio::test]
async fn a_good_token_stores_the_event_as_sent_on_one_line_and_answers_200() {
    let h = signed(&[SECRET]);
    let token = signer(SECRET).sign(SEED.as_bytes());
    let (status, body) = post(&h.router, Some(&token), SEED).await;
    assert_eq!((status, body), (200, json!({ "status": "stored" })));
    // The indented example: its line breaks become spaces, nothing else changes.
    assert!(SEED.contains('\n'));
    let stored = lines(&h.path);
    assert_eq!(stored, [SEED.replace(['\n', '\r'], " ")]);
    let value: serde_json::Value = serde_json::from_str(&stored[0]).unwrap();
    assert_eq!(
        value,
        serde_json::from_str::<serde_json::Value>(SEED).unwrap()
    );
}

#[tokio::test]
async fn a_raw_line_break_inside_a_string_is_refused_as_invalid_json() {
    let h = signed(&[SECRET]);
    for broken in ["\n", "\r", "\r\n"] {
        let body = SEED.replace("\"1544\"", &format!("\"15{broken}44\""));
        assert_ne!(body, SEED);
        let token = signer(SECRET).sign(body.as_bytes());
        let (status, answer) = post(&h.router, Some(&token), body).await;
        assert_eq!(
            (status, &answer["error"]),
            (400, &json!("invalid-event")),
            "{answer}"
        );
    }
    assert!(lines(&h.path).is_empty());
}

#[tokio::test]
async fn a_tampered_body_is_refused() {
    let h = signed(&[SECRET]);
    let token = signer(SECRET).sign(SEED.as_bytes());
    let tampered = SEED.replace("\"1544\"", "\"1545\"");
    assert_unauthorized(
        post(&h.router, Some(&token), tampered).await,
        "body-hash-mismatch",
        &token,
    );
    assert!(lines(&h.path).is_empty());
}

#[tokio::test]
async fn an_expired_token_is_refused_beyond_the_leeway_only() {
    let h = signed(&[SECRET]);
    let now = now();
    let expired = signer(SECRET).sign_at(SEED.as_bytes(), now - 400, now - 100);
    assert_unauthorized(
        post(&h.router, Some(&expired), SEED).await,
        "expired",
        &expired,
    );
    // 10 s late is within the default 30 s leeway.
    let late = signer(SECRET).sign_at(SEED.as_bytes(), now - 310, now - 10);
    assert_eq!(post(&h.router, Some(&late), SEED).await.0, 200);
}

#[tokio::test]
async fn a_token_that_lives_longer_than_five_minutes_is_refused() {
    let h = signed(&[SECRET]);
    let now = now();
    for exp in [now + 365 * 86_400, 1 << 63] {
        let long = signer(SECRET).sign_at(SEED.as_bytes(), now, exp);
        assert_unauthorized(
            post(&h.router, Some(&long), SEED).await,
            "lifetime-too-long",
            &long,
        );
    }
    // Five minutes and the 30 s leeway is the longest.
    let longest = signer(SECRET).sign_at(SEED.as_bytes(), now, now + 330);
    assert_eq!(post(&h.router, Some(&longest), SEED).await.0, 200);
}

#[tokio::test]
async fn a_token_issued_longer_ago_than_five_minutes_is_refused() {
    let h = signed(&[SECRET]);
    let now = now();
    // Ten days old, still unexpired: its lifetime is what is wrong first.
    let old = signer(SECRET).sign_at(SEED.as_bytes(), now - 10 * 86_400, now + 60);
    assert_unauthorized(
        post(&h.router, Some(&old), SEED).await,
        "lifetime-too-long",
        &old,
    );
    // A lifetime within the limit, expired within the leeway, but issued 335 s ago: beyond
    // five minutes and the leeway.
    let stale = signer(SECRET).sign_at(SEED.as_bytes(), now - 335, now - 5);
    assert_unauthorized(
        post(&h.router, Some(&stale), SEED).await,
        "issued-too-long-ago",
        &stale,
    );
    assert!(lines(&h.path).is_empty());
}

#[test]
fn the_token_age_is_configurable() {
    let now = now();
    let token = signer(SECRET).sign_at(SEED.as_bytes(), now - 500, now + 500);
    let strict = Verifier::new(vec![Secret::new(SECRET).unwrap()]).unwrap();
    assert_eq!(
        strict.verify(Some(token.as_bytes()), SEED.as_bytes()),
        Err(vcc_events_webhook::SignatureError::TooLongLived)
    );
    let lax = strict.with_max_token_age(1000);
    assert_eq!(lax.verify(Some(token.as_bytes()), SEED.as_bytes()), Ok(()));
}

#[tokio::test]
async fn a_token_issued_in_the_future_is_not_valid_yet() {
    let h = signed(&[SECRET]);
    let now = now();
    let future = signer(SECRET).sign_at(SEED.as_bytes(), now + 120, now + 420);
    assert_unauthorized(
        post(&h.router, Some(&future), SEED).await,
        "not-yet-valid",
        &future,
    );

    let mut claims = json!({ "iat": now, "exp": now + 300, "nbf": now + 120 });
    claims["payload_hash"] = json!(sha256_hex(SEED.as_bytes()));
    let later = signer(SECRET).sign_claims(&claims);
    assert_unauthorized(
        post(&h.router, Some(&later), SEED).await,
        "not-yet-valid",
        &later,
    );
    assert!(lines(&h.path).is_empty());
}

#[tokio::test]
async fn a_token_signed_with_another_secret_is_refused() {
    let h = signed(&[SECRET]);
    let token = signer(OTHER_SECRET).sign(SEED.as_bytes());
    assert_unauthorized(
        post(&h.router, Some(&token), SEED).await,
        "wrong-signature",
        &token,
    );
}

#[tokio::test]
async fn the_secret_is_its_base64_text_not_the_decoded_bytes() {
    let h = signed(&[SECRET]);
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(SECRET)
        .unwrap();
    let key = jsonwebtoken::EncodingKey::from_secret(&decoded).unwrap();
    let mut claims = json!({ "iat": now(), "exp": now() + 300 });
    claims["payload_hash"] = json!(sha256_hex(SEED.as_bytes()));
    let token = jsonwebtoken::encode(&jsonwebtoken::Header::default(), &claims, &key).unwrap();
    assert_unauthorized(
        post(&h.router, Some(&token), SEED).await,
        "wrong-signature",
        &token,
    );
}

#[tokio::test]
async fn during_a_rotation_both_secrets_are_accepted() {
    let h = signed(&[OTHER_SECRET, SECRET]);
    let first = with_id("2aRffDVJbosbADf1Kw2VY2Qub3A");
    let second = with_id("2aRffDVJbosbADf1Kw2VY2Qub3B");
    let old = signer(OTHER_SECRET).sign(first.as_bytes());
    let new = signer(SECRET).sign(second.as_bytes());
    assert_eq!(post(&h.router, Some(&old), first).await.0, 200);
    assert_eq!(post(&h.router, Some(&new), second).await.0, 200);
    assert_eq!(lines(&h.path).len(), 2);
}

#[tokio::test]
async fn alg_none_is_refused() {
    let h = signed(&[SECRET]);
    let claims =
        json!({ "iat": now(), "exp": now() + 300, "payload_hash": sha256_hex(SEED.as_bytes()) });
    let token = format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    assert_unauthorized(
        post(&h.router, Some(&token), SEED).await,
        "algorithm-not-allowed",
        &token,
    );
}

#[tokio::test]
async fn another_algorithm_keyed_with_the_secret_is_refused() {
    // An HS256 signature under a header that claims RS256 (the key-confusion attack).
    let h = signed(&[SECRET]);
    let good = signer(SECRET).sign(SEED.as_bytes());
    let mut parts = good.splitn(2, '.');
    let (_, rest) = (parts.next().unwrap(), parts.next().unwrap());
    for alg in ["RS256", "HS512", "HS384"] {
        let header = URL_SAFE_NO_PAD.encode(format!(r#"{{"alg":"{alg}","typ":"JWT"}}"#));
        let token = format!("{header}.{rest}");
        assert_unauthorized(
            post(&h.router, Some(&token), SEED).await,
            "algorithm-not-allowed",
            &token,
        );
    }
}

#[tokio::test]
async fn a_missing_header_is_refused() {
    let h = signed(&[SECRET]);
    assert_unauthorized(post(&h.router, None, SEED).await, "missing-signature", "");
}

#[tokio::test]
async fn a_garbage_header_is_refused() {
    let h = signed(&[SECRET]);
    for garbage in [
        "hello",
        "a.b.c",
        "Bearer",
        "....",
        "eyJhbGciOiJIUzI1NiJ9.%%%.x",
    ] {
        assert_unauthorized(
            post(&h.router, Some(garbage), SEED).await,
            "malformed-token",
            "",
        );
    }
}

#[tokio::test]
async fn a_token_without_iat_or_the_hash_claim_is_refused() {
    let h = signed(&[SECRET]);
    let without_iat = signer(SECRET).sign_claims(&json!({
        "exp": now() + 300, "payload_hash": sha256_hex(SEED.as_bytes()),
    }));
    let (status, body) = post(&h.router, Some(&without_iat), SEED).await;
    assert_eq!((status, &body["problem"]), (401, &json!("missing-claim")));
    assert!(body["message"].as_str().unwrap().contains("iat"), "{body}");

    let without_hash = signer(SECRET).sign_claims(&json!({ "iat": now(), "exp": now() + 300 }));
    let (status, body) = post(&h.router, Some(&without_hash), SEED).await;
    assert_eq!((status, &body["problem"]), (401, &json!("missing-claim")));
    assert!(
        body["message"].as_str().unwrap().contains("payload_hash"),
        "{body}"
    );
}

#[tokio::test]
async fn the_hash_claim_name_is_a_setting() {
    let verifier = Verifier::new(Secret::list(SECRET))
        .unwrap()
        .with_hash_claim("body_sha256");
    let h = support::harness(Signatures::Verify(verifier), StoreOptions::default());
    let token = signer(SECRET)
        .with_hash_claim("body_sha256")
        .sign(SEED.as_bytes());
    assert_eq!(post(&h.router, Some(&token), SEED).await.0, 200);
    let default_name = signer(SECRET).sign(SEED.as_bytes());
    assert_eq!(post(&h.router, Some(&default_name), SEED).await.0, 401);
}

#[tokio::test]
async fn a_duplicate_is_answered_200_and_stored_once() {
    let h = signed(&[SECRET]);
    let token = signer(SECRET).sign(SEED.as_bytes());
    assert_eq!(
        post(&h.router, Some(&token), SEED).await.1["status"],
        "stored"
    );
    // The same notification again, even written differently (here: without whitespace).
    let minified = vcc_events_runtime::minify_json(SEED);
    let token = signer(SECRET).sign(minified.as_bytes());
    let (status, body) = post(&h.router, Some(&token), minified).await;
    assert_eq!((status, body), (200, json!({ "status": "duplicate" })));
    assert_eq!(lines(&h.path).len(), 1);
    assert!(lines(&h.path)[0].contains(SEED_ID));
}

#[tokio::test]
async fn an_invalid_event_with_a_good_signature_gets_400_with_rule_and_pointer() {
    let h = signed(&[SECRET]);
    let invalid = SEED.replace("\"agent\"", "\"pilot\"");
    let token = signer(SECRET).sign(invalid.as_bytes());
    let (status, body) = post(&h.router, Some(&token), invalid).await;
    assert_eq!(status, 400);
    assert_eq!(body["rule"], "allowed-values");
    assert_eq!(body["pointer"], "/data/channel/party/role");
    assert!(lines(&h.path).is_empty());
}

#[tokio::test]
async fn a_body_over_the_limit_gets_413() {
    let h = signed(&[SECRET]);
    let big = format!("{}{}", SEED, " ".repeat(DEFAULT_BODY_LIMIT));
    let token = signer(SECRET).sign(big.as_bytes());
    let (status, body) = post(&h.router, Some(&token), big).await;
    assert_eq!((status, &body["error"]), (413, &json!("too-large")));
    assert_eq!(body["limit"], DEFAULT_BODY_LIMIT);
    assert!(lines(&h.path).is_empty());
}

#[tokio::test]
async fn a_full_queue_gets_503_and_nothing_is_stored() {
    let options = StoreOptions {
        queue_bytes: 16,
        ..StoreOptions::default()
    };
    let h = support::harness(Signatures::Unsigned, options);
    let (status, body) = post(&h.router, None, SEED).await;
    assert_eq!((status, &body["error"]), (503, &json!("unavailable")));
    assert!(lines(&h.path).is_empty());
}

#[tokio::test]
async fn unsigned_mode_needs_no_header() {
    let h = support::harness(Signatures::Unsigned, StoreOptions::default());
    assert_eq!(post(&h.router, None, SEED).await.0, 200);
}

#[tokio::test]
async fn a_content_length_over_the_limit_gets_413_before_the_body_is_sent() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let h = signed(&[SECRET]);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(axum::serve(listener, h.router.clone()).into_future());

    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let token = signer(SECRET).sign(SEED.as_bytes());
    let head = format!(
        "POST {} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/cloudevents+json\r\n\
         Content-Length: {}\r\nVonage-Signature: {token}\r\n\r\n",
        vcc_events_webhook::DEFAULT_PATH,
        DEFAULT_BODY_LIMIT + 1
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    // Only the headers are sent: the answer must come without waiting for the body.
    let mut answer = Vec::new();
    let mut chunk = [0; 1024];
    let read_answer = async {
        loop {
            let n = stream.read(&mut chunk).await.unwrap();
            answer.extend_from_slice(&chunk[..n]);
            let text = String::from_utf8_lossy(&answer);
            if n == 0 || text.contains("\"too-large\"") {
                break;
            }
        }
    };
    tokio::time::timeout(std::time::Duration::from_secs(10), read_answer)
        .await
        .expect("no answer before the body was sent");
    let text = String::from_utf8_lossy(&answer);
    assert!(text.starts_with("HTTP/1.1 413 "), "{text}");
    assert!(
        text.contains(&format!("\"limit\":{DEFAULT_BODY_LIMIT}")),
        "{text}"
    );
    assert!(lines(&h.path).is_empty());
    server.abort();
}
