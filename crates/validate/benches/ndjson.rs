//! End to end on large streams: validating an NDJSON file with this crate, on every core and
//! with one worker, against, in the same run, a plain NDJSON validator built on the
//! `jsonschema` crate (read a line, parse to `Value`, `is_valid` with formats on, the schema
//! picked by `type`). Two streams: the seed stream (varied `channel.parked.v0` events) and the
//! mix (the thirteen documented versions in turn).
//!
//! The files are made on first use under the target directory (not committed). Set
//! `NDJSON_EVENTS` to change their size (1,000,000 events unless set). Run with
//! `cargo bench -p vcc-events-validate --bench ndjson`; for the figures per core, pin the whole
//! run to one core: `taskset -c 0 cargo bench -p vcc-events-validate --bench ndjson -- "one worker|baseline"`.

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use vcc_events_validate::Options;

#[path = "support/pipeline.rs"]
mod pipeline;
#[path = "support/stream.rs"]
mod stream;

use stream::Kind;

/// The NDJSON file of `kind` (`NDJSON_EVENTS` events, 1,000,000 unless set): path, events, bytes.
fn ndjson_file(kind: Kind) -> (PathBuf, u64, u64) {
    let events: u64 = std::env::var("NDJSON_EVENTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000);
    let (path, bytes) = stream::ndjson_file(Path::new(env!("CARGO_TARGET_TMPDIR")), kind, events);
    (path, events, bytes)
}

fn ndjson(c: &mut Criterion) {
    let baseline = pipeline::Pipeline::new();
    for (kind, name) in [(Kind::Seed, "seed stream"), (Kind::Mix, "13-type mix")] {
        let (path, events, bytes) = ndjson_file(kind);
        let mut group = c.benchmark_group(format!("NDJSON, {name}, {events} events"));
        group.sample_size(10);
        group.throughput(Throughput::Bytes(bytes));
        let all_cores = Options::default();
        let one_worker = Options {
            threads: 1,
            ..Options::default()
        };
        for (label, options) in [("all cores", &all_cores), ("one worker", &one_worker)] {
            group.bench_function(format!("ours: streaming validate, {label}"), |b| {
                b.iter(|| {
                    let file = File::open(&path).expect("opens");
                    let summary = vcc_events_validate::validate(file, options, |_| {}, |_| {})
                        .expect("reads");
                    assert_eq!(summary.valid, events);
                })
            });
        }
        group.bench_function(
            "baseline: lines -> Value -> jsonschema is_valid (formats on)",
            |b| {
                b.iter(|| {
                    let file = File::open(&path).expect("opens");
                    let valid = baseline.count_valid(BufReader::with_capacity(1 << 20, file));
                    assert_eq!(valid, events);
                })
            },
        );
        group.finish();
    }
}

criterion_group!(benches, ndjson);
criterion_main!(benches);
