//! End to end on a large stream: validating a generated 1,000,000-event NDJSON file with
//! this crate (all cores) against, in the same run, a plain NDJSON validator built on the
//! `jsonschema` crate (read a line, parse to `Value`, `is_valid` with formats on).
//!
//! The file is made on first use under the target directory (not committed). Set
//! `NDJSON_EVENTS` to change its size. Run with `cargo bench -p vcc-events-validate --bench ndjson`.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use vcc_events_validate::Options;

#[path = "support/stream.rs"]
mod stream;

const SCHEMA: &str = include_str!("../../../schemas/channel.parked.v0.json");

/// The NDJSON file (`NDJSON_EVENTS` events, 1,000,000 unless set): path, events, bytes.
fn ndjson_file() -> (PathBuf, u64, u64) {
    let events: u64 = std::env::var("NDJSON_EVENTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000);
    let (path, bytes) = stream::ndjson_file(Path::new(env!("CARGO_TARGET_TMPDIR")), events);
    (path, events, bytes)
}

fn ndjson(c: &mut Criterion) {
    let (path, events, bytes) = ndjson_file();
    let schema: serde_json::Value = serde_json::from_str(SCHEMA).expect("JSON");
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("compiles");

    let mut group = c.benchmark_group(format!("NDJSON, {events} events"));
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("ours: streaming validate, all cores", |b| {
        b.iter(|| {
            let file = File::open(&path).expect("opens");
            let summary = vcc_events_validate::validate(file, &Options::default(), |_| {}, |_| {})
                .expect("reads");
            assert_eq!(summary.valid, events);
        })
    });
    group.bench_function(
        "baseline: lines -> Value -> jsonschema is_valid (formats on)",
        |b| {
            b.iter(|| {
                let reader = BufReader::with_capacity(1 << 20, File::open(&path).expect("opens"));
                let mut valid = 0u64;
                for line in reader.lines() {
                    let line = line.expect("reads");
                    if line.trim().is_empty() {
                        continue;
                    }
                    if let Ok(value) = serde_json::from_str::<serde_json::Value>(&line) {
                        valid += u64::from(validator.is_valid(&value));
                    }
                }
                assert_eq!(valid, events);
            })
        },
    );
    group.finish();
}

criterion_group!(benches, ndjson);
criterion_main!(benches);
