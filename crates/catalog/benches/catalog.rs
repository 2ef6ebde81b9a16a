//! Decoding speed as the catalog grows: any event over a mix of every documented type, against
//! (A) plain structs of owned `String`s dispatched by `type` (serde's internally tagged enum),
//! no checks, and (B) `serde_json` into `Value` plus the `jsonschema` validator (formats on)
//! of the event's own published schema, looked up by `type`. Run with
//! `cargo bench -p vcc-events --bench catalog`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use vcc_events::AnyEvent;

#[path = "support/mix.rs"]
mod mix;
#[path = "support/plain_any.rs"]
mod plain_any;

use mix::{baseline_b, mix, validators};
use plain_any::PlainAny;

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
