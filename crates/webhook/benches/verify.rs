//! Verifying one delivery's token: ours (`Verifier::verify_header`: HS256 only, `exp`, `iat`,
//! the hash claim's form) against the load bench's baseline, `jsonwebtoken::decode` into a
//! `Map` with the same validation. Run with `cargo bench -p vcc-events-webhook --bench verify`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::{Map, Value};
use vcc_events_webhook::signing::Signer;
use vcc_events_webhook::{Secret, Verifier};

const SECRET: &str = "dGhlIHN1YnNjcmlwdGlvbiBzZWNyZXQgb2YgdGhlIHRlc3Rz";
const SEED: &str = include_str!("../../catalog/events/channel.parked.v0.json");

fn verify(c: &mut Criterion) {
    let token = Signer::new(SECRET).unwrap().sign(SEED.as_bytes());
    let verifier = Verifier::new(Secret::list(SECRET)).unwrap();
    let key = DecodingKey::from_secret(SECRET.as_bytes()).unwrap();
    let mut validation = Validation::new(Algorithm::HS256);
    validation.validate_aud = false;
    validation.leeway = 30;
    assert!(
        verifier
            .verify(Some(token.as_bytes()), SEED.as_bytes())
            .is_ok()
    );
    assert!(jsonwebtoken::decode::<Map<String, Value>>(&token, &key, &validation).is_ok());

    let mut group = c.benchmark_group("a good token");
    group.bench_function("ours: Verifier::verify_header", |b| {
        b.iter(|| verifier.verify_header(Some(black_box(token.as_bytes()))))
    });
    group.bench_function("baseline: jsonwebtoken::decode into a Map", |b| {
        b.iter(|| {
            jsonwebtoken::decode::<Map<String, Value>>(black_box(&token), &key, &validation)
                .map(|data| data.claims.len())
        })
    });
    group.finish();
}

criterion_group!(benches, verify);
criterion_main!(benches);
