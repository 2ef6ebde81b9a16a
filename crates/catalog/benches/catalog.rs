//! Decoding speed as the catalog grows: any event over a mix of every documented type, against
//! (A) plain structs of owned `String`s dispatched by `type` (serde's internally tagged enum),
//! no checks, and (B) `serde_json` into `Value` plus the `jsonschema` validator (formats on)
//! of the event's own published schema, looked up by `type`. Run with
//! `cargo bench -p vcc-events --bench catalog`.

use std::collections::HashMap;
use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use vcc_events::AnyEvent;

#[path = "support/plain_any.rs"]
mod plain_any;

use plain_any::PlainAny;

/// Every version's example, minified, four times with other ids: 52 events, each type alike.
fn mix() -> Vec<Vec<u8>> {
    let examples: Vec<String> = vcc_events::versions()
        .iter()
        .map(|info| vcc_events_runtime::minify_json(info.example))
        .collect();
    (0..4)
        .flat_map(|round| {
            examples.iter().map(move |e| {
                let id = e
                    .split(r#""id":""#)
                    .nth(1)
                    .and_then(|rest| rest.get(..27))
                    .unwrap_or_default()
                    .to_owned();
                let other = format!("{}{round}", &id[..26]);
                e.replacen(&id, &other, 1).into_bytes()
            })
        })
        .collect()
}

/// Each version's published schema, compiled, by `type`.
fn validators() -> HashMap<&'static str, jsonschema::Validator> {
    let schemas = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas");
    vcc_events::versions()
        .iter()
        .map(|info| {
            let path = schemas.join(format!("{}.json", info.event_type));
            let text = std::fs::read_to_string(&path).expect("a published schema");
            let schema: serde_json::Value = serde_json::from_str(&text).expect("JSON");
            let validator = jsonschema::options()
                .should_validate_formats(true)
                .build(&schema)
                .expect("the published schema compiles");
            (info.event_type, validator)
        })
        .collect()
}

fn baseline_b(validators: &HashMap<&str, jsonschema::Validator>, event: &[u8]) -> bool {
    let value: serde_json::Value = serde_json::from_slice(event).expect("JSON");
    value["type"]
        .as_str()
        .and_then(|t| validators.get(t))
        .is_some_and(|validator| validator.is_valid(&value))
}

fn catalog(c: &mut Criterion) {
    let mix = mix();
    let validators = validators();
    for event in &mix {
        assert!(AnyEvent::from_slice(event).is_ok());
        assert!(serde_json::from_slice::<PlainAny>(event).is_ok());
        assert!(baseline_b(&validators, event));
    }
    let total: usize = mix.iter().map(Vec::len).sum();
    let mut group = c.benchmark_group("every documented type, mixed");
    group.throughput(Throughput::Bytes(total as u64));
    group.bench_function("ours: any-event decode by type, all rules", |b| {
        b.iter(|| {
            mix.iter()
                .filter(|e| AnyEvent::from_slice(black_box(e)).is_ok())
                .count()
        })
    });
    group.bench_function("baseline A: plain structs by type, no checks", |b| {
        b.iter(|| {
            mix.iter()
                .filter(|e| serde_json::from_slice::<PlainAny>(black_box(e)).is_ok())
                .count()
        })
    });
    group.bench_function("baseline B: Value + jsonschema of its type", |b| {
        b.iter(|| {
            mix.iter()
                .filter(|e| baseline_b(&validators, black_box(e)))
                .count()
        })
    });
    group.finish();
}

criterion_group!(benches, catalog);
criterion_main!(benches);
