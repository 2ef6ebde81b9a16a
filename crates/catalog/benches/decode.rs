//! Decoding speed: ours (bytes -> typed event, every rule checked) against two baselines
//! measured in the same run: (A) `serde_json` into a plain struct of owned `String`s with no
//! validation, (B) `serde_json` into `Value` plus a `jsonschema` validator of the published
//! schema with formats on. Run with `cargo bench -p vcc-events --bench decode`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use vcc_events::AnyEvent;
use vcc_events::channel_parked::v0;

#[path = "support/plain.rs"]
mod plain;

use plain::PlainEvent;

const SEED: &str = include_str!("../events/channel.parked.v0.json");
const SCHEMA: &str = include_str!("../../../schemas/channel.parked.v0.json");

/// The seed example minified, and a batch of varied valid events (one per line).
fn inputs() -> (Vec<u8>, Vec<Vec<u8>>) {
    let seed = vcc_events_runtime::minify_json(SEED);
    let roles = ["agent", "external", "monitor", "voicemail"];
    let varied = (0..64)
        .map(|i| {
            let mut e = seed
                .replace("\"agent\"", &format!("\"{}\"", roles[i % 4]))
                .replace("2aRffDVJbosbADf1Kw2VY2Qub3Z", &format!("2aRffDVJbosbADf1Kw2VY2Q{i:04}"))
                .replace(".088Z", &format!(".{:03}Z", i * 7 % 1000));
            if i % 3 == 0 {
                e = e.replace(",\"agentId\":\"1544\"", "");
            }
            if i % 5 == 0 {
                e = e.replace(
                    "\"datacontenttype\"",
                    "\"traceparent\":\"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\",\"datacontenttype\"",
                );
            }
            e.into_bytes()
        })
        .collect();
    (seed.into_bytes(), varied)
}

fn decode(c: &mut Criterion) {
    let (seed, varied) = inputs();
    let schema: serde_json::Value =
        serde_json::from_str(SCHEMA).expect("the published schema is JSON");
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the published schema compiles");
    for input in std::iter::once(&seed).chain(&varied) {
        assert!(AnyEvent::from_slice(input).is_ok());
        let value: serde_json::Value = serde_json::from_slice(input).expect("JSON");
        assert!(validator.is_valid(&value));
    }

    let mut group = c.benchmark_group("seed example");
    group.throughput(Throughput::Bytes(seed.len() as u64));
    group.bench_function("ours: typed v0 decode, all rules", |b| {
        b.iter(|| v0::Event::from_slice(black_box(&seed)).is_ok())
    });
    group.bench_function("ours: any-event decode by type, all rules", |b| {
        b.iter(|| AnyEvent::from_slice(black_box(&seed)).is_ok())
    });
    group.bench_function(
        "baseline A: serde_json into owned Strings, no checks",
        |b| b.iter(|| serde_json::from_slice::<PlainEvent>(black_box(&seed)).is_ok()),
    );
    group.bench_function(
        "baseline B: serde_json Value + jsonschema (formats on)",
        |b| {
            b.iter(|| {
                let value: serde_json::Value =
                    serde_json::from_slice(black_box(&seed)).expect("JSON");
                validator.is_valid(&value)
            })
        },
    );
    group.finish();

    let total: usize = varied.iter().map(Vec::len).sum();
    let mut group = c.benchmark_group("64 varied events");
    group.throughput(Throughput::Bytes(total as u64));
    group.bench_function("ours: any-event decode by type, all rules", |b| {
        b.iter(|| {
            varied
                .iter()
                .filter(|e| AnyEvent::from_slice(e).is_ok())
                .count()
        })
    });
    group.bench_function(
        "baseline A: serde_json into owned Strings, no checks",
        |b| {
            b.iter(|| {
                varied
                    .iter()
                    .filter(|e| serde_json::from_slice::<PlainEvent>(e).is_ok())
                    .count()
            })
        },
    );
    group.bench_function(
        "baseline B: serde_json Value + jsonschema (formats on)",
        |b| {
            b.iter(|| {
                varied
                    .iter()
                    .filter(|e| {
                        validator.is_valid(
                            &serde_json::from_slice::<serde_json::Value>(e).expect("JSON"),
                        )
                    })
                    .count()
            })
        },
    );
    group.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
