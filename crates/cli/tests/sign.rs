//! `vcc-events sign`: the token it prints is the platform's (it verifies with `jsonwebtoken`
//! and `receive` accepts it), for the bytes given and no others.

#[path = "../../webhook/tests/support/http.rs"]
mod http;
mod support;

use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::Value;
use support::receiver::{self, PATH, SECRET};
use support::{Run, vcc_events_with_env};

const BODY: &str = include_str!("../../catalog/events/channel.parked.v0.json");

fn sign(args: &[&str], body: &str) -> Run {
    vcc_events_with_env(args, body, &[("VCC_WEBHOOK_SECRETS", SECRET)])
}

fn claims(token: &str) -> Value {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.set_required_spec_claims(&["exp", "iat"]);
    let key = DecodingKey::from_secret(SECRET.as_bytes()).unwrap();
    jsonwebtoken::decode::<Value>(token, &key, &validation)
        .expect("the token verifies")
        .claims
}

#[test]
fn the_token_verifies_with_the_secret_text_and_carries_the_body_hash_and_five_minutes() {
    let run = sign(&["sign", "-"], BODY);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let claims = claims(run.stdout.trim_end());
    let hash = vcc_events_digest::sha256_hex(BODY.as_bytes());
    assert_eq!(claims["payload_hash"], hash.as_str());
    let (iat, exp) = (
        claims["iat"].as_u64().unwrap(),
        claims["exp"].as_u64().unwrap(),
    );
    assert_eq!(exp - iat, 300);
}

#[test]
fn ttl_sets_the_lifetime() {
    let run = sign(&["sign", "--ttl", "1m"], BODY);
    let claims = claims(run.stdout.trim_end());
    assert_eq!(
        claims["exp"].as_u64().unwrap() - claims["iat"].as_u64().unwrap(),
        60
    );
}

#[test]
fn receive_accepts_the_token_for_its_body_and_refuses_it_for_other_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let receiver = receiver::start(&dir.path().join("events.ndjson"), &[]);
    let token = sign(&["sign"], BODY).stdout.trim_end().to_owned();
    let mut connection = http::Connection::open(receiver.addr).unwrap();
    let (status, answer) = connection
        .post(PATH, Some(&token), BODY.as_bytes())
        .unwrap();
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&answer));
    let other = BODY.replace("2aRffDVJbosbADf1Kw2VY2Qub3Z", "2aRffDVJbosbADf1Kw2VY2Qub3Y");
    let mut connection = http::Connection::open(receiver.addr).unwrap();
    let (status, answer) = connection
        .post(PATH, Some(&token), other.as_bytes())
        .unwrap();
    assert_eq!(status, 401);
    assert!(String::from_utf8_lossy(&answer).contains("body-hash-mismatch"));
}

#[test]
fn a_secrets_file_signs_with_its_first_secret() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("secrets");
    std::fs::write(&file, format!("\n{SECRET}\nYW5vdGhlciBzZWNyZXQ=\n")).unwrap();
    let run = vcc_events_with_env(
        &["sign", "--secrets-file", file.to_str().unwrap()],
        BODY,
        &[],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    claims(run.stdout.trim_end());
}

#[test]
fn without_a_secret_sign_says_where_to_put_one_and_exits_2() {
    let run = vcc_events_with_env(&["sign"], BODY, &[]);
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("VCC_WEBHOOK_SECRETS"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
}
