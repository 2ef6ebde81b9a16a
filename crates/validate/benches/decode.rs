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
#[path = "support/stream.rs"]
mod stream;

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

/// How many lines of `bytes` pass `check` (the lines found with `memchr`, as the validator does).
fn count(bytes: &[u8], mut check: impl FnMut(&[u8]) -> bool) -> u64 {
    let (mut valid, mut start) = (0, 0);
    for end in memchr::memchr_iter(b'\n', bytes) {
        let line = &bytes[start..end];
        start = end + 1;
        valid += u64::from(check(std::hint::black_box(line)));
    }
    valid
}

fn decode(c: &mut Criterion) {
    let (seed, events) = stream(Kind::Seed);
    let mut group = c.benchmark_group(format!("decode, seed stream, {events} events"));
    group.sample_size(10);
    group.throughput(Throughput::Bytes(seed.len() as u64));
    group.bench_function("ours: AnyEvent::from_slice (every rule checked)", |b| {
        b.iter(|| {
            assert_eq!(
                count(&seed, |l| vcc_events::AnyEvent::from_slice(l).is_ok()),
                events
            )
        })
    });
    group.bench_function("serde_json, borrowing, nothing checked", |b| {
        b.iter(|| {
            let valid = count(&seed, |l| {
                serde_json::from_slice::<borrowed::Borrowed>(l).is_ok()
            });
            assert_eq!(valid, events)
        })
    });
    group.bench_function("sonic-rs, borrowing, nothing checked", |b| {
        b.iter(|| {
            let valid = count(&seed, |l| {
                sonic_rs::from_slice::<borrowed::Borrowed>(l).is_ok()
            });
            assert_eq!(valid, events)
        })
    });
    group.finish();

    let (mix, events) = stream(Kind::Mix);
    let mut group = c.benchmark_group(format!("decode, 13-type mix, {events} events"));
    group.sample_size(10);
    group.throughput(Throughput::Bytes(mix.len() as u64));
    group.bench_function("ours: AnyEvent::from_slice (every rule checked)", |b| {
        b.iter(|| {
            assert_eq!(
                count(&mix, |l| vcc_events::AnyEvent::from_slice(l).is_ok()),
                events
            )
        })
    });
    group.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
