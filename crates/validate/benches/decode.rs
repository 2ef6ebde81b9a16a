//! The decoder alone over a stream held in memory, line by line, against the parser's floor in
//! the same run: serde_json and sonic-rs (SIMD) each reading the seed stream's events into a
//! struct that borrows every string, nothing checked. And the decoder over the 13-type mix.
//!
//! Unlike a loop over one event, every event differs (ids, times, roles, optional members) and
//! comes from memory, as in the validator. The streams are the `ndjson` bench's files, made on
//! first use (`NDJSON_EVENTS` events, 200,000 unless set). Run with
//! `cargo bench -p vcc-events-validate --bench decode`.

use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

#[path = "support/borrowed.rs"]
mod borrowed;
#[path = "support/lines.rs"]
mod lines;
#[path = "support/stream.rs"]
mod stream;

use lines::count;
use stream::Kind;

/// The stream of `kind`, read whole: its bytes and how many events it holds.
fn stream(kind: Kind) -> (Vec<u8>, u64) {
    let events: u64 = std::env::var("NDJSON_EVENTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(200_000);
    let (path, _) = stream::ndjson_file(Path::new(env!("CARGO_TARGET_TMPDIR")), kind, events);
    (std::fs::read(path).expect("reads the stream"), events)
}

/// A decoder under test: its name and whether it accepts one event.
type Decoder = (&'static str, fn(&[u8]) -> bool);

const OURS: Decoder = ("ours: AnyEvent::from_slice (every rule checked)", |line| {
    vcc_events::AnyEvent::from_slice(line).is_ok()
});
const SERDE_JSON: Decoder = ("serde_json, borrowing, nothing checked", |line| {
    serde_json::from_slice::<borrowed::Borrowed>(line).is_ok()
});
const SONIC_RS: Decoder = ("sonic-rs, borrowing, nothing checked", |line| {
    sonic_rs::from_slice::<borrowed::Borrowed>(line).is_ok()
});

fn decode(c: &mut Criterion) {
    // The borrowing structs are `channel.parked.v0` events: the floors run on the seed stream.
    let runs: [(Kind, &str, &[Decoder]); 2] = [
        (Kind::Seed, "seed stream", &[OURS, SERDE_JSON, SONIC_RS]),
        (Kind::Mix, "13-type mix", &[OURS]),
    ];
    for (kind, name, decoders) in runs {
        let (bytes, events) = stream(kind);
        let mut group = c.benchmark_group(format!("decode, {name}, {events} events"));
        group.sample_size(10);
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        for (label, accepts) in decoders {
            group.bench_function(*label, |b| {
                b.iter(|| assert_eq!(count(&bytes, accepts), events))
            });
        }
        group.finish();
    }
}

criterion_group!(benches, decode);
criterion_main!(benches);
