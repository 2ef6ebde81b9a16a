//! Validates, decodes or parses the benchmarks' NDJSON stream once, for instruction counts
//! (`valgrind --tool=callgrind`, `perf stat -e instructions`) that do not depend on the load of
//! the machine; see docs/performance.md. Run from the workspace root:
//! `profile_validate MODE EVENTS [THREADS]`, the stream being `target/tmp/events-EVENTS.ndjson`
//! (made if missing, the file the `ndjson` bench uses). Modes: `validate` (the streaming
//! validator over the file, THREADS workers, 1 unless given), `decode` (the file read whole,
//! then `AnyEvent::from_slice` on each line: the decoder alone), `serde` (serde_json into a
//! struct borrowing every string: the parser's floor), `pipeline` (the `jsonschema` baseline:
//! each line read, parsed to `Value`, `is_valid` with formats on), `read` (the file read whole
//! and its lines found: the floor of reading and framing).

#[path = "../benches/support/borrowed.rs"]
mod borrowed;
#[path = "../benches/support/stream.rs"]
mod stream;

use std::io::{BufRead, BufReader};
use std::path::Path;

const SCHEMA: &str = include_str!("../../../schemas/channel.parked.v0.json");

fn main() {
    let mut args = std::env::args().skip(1);
    let mode = args.next().unwrap_or_default();
    let events: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(200_000);
    let threads: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1);
    let (path, _) = stream::ndjson_file(Path::new("target/tmp"), events);
    let lines = || -> Vec<u8> { std::fs::read(&path).expect("reads the stream") };
    let valid = match mode.as_str() {
        "validate" => {
            let options = vcc_events_validate::Options {
                threads,
                ..Default::default()
            };
            let file = std::fs::File::open(&path).expect("opens the stream");
            vcc_events_validate::validate(file, &options, |_| {}, |_| {})
                .expect("reads the stream")
                .valid
        }
        "decode" => count(&lines(), |line| {
            vcc_events::AnyEvent::from_slice(line).is_ok()
        }),
        "serde" => count(&lines(), |line| {
            serde_json::from_slice::<borrowed::Borrowed>(line).is_ok()
        }),
        "read" => count(&lines(), |line| !line.is_empty()),
        "pipeline" => {
            let schema: serde_json::Value = serde_json::from_str(SCHEMA).expect("JSON");
            let validator = jsonschema::options()
                .should_validate_formats(true)
                .build(&schema)
                .expect("compiles");
            let reader =
                BufReader::with_capacity(1 << 20, std::fs::File::open(&path).expect("opens"));
            let mut valid = 0;
            for line in reader.lines() {
                let line = line.expect("reads");
                if let Ok(value) = serde_json::from_str::<serde_json::Value>(&line) {
                    valid += u64::from(validator.is_valid(&value));
                }
            }
            valid
        }
        other => panic!("unknown mode {other:?}: validate, decode, serde, pipeline or read"),
    };
    assert_eq!(valid, events, "every event of the stream is valid");
    println!("{valid}");
}

/// How many lines of `bytes` pass `check` (the lines found with `memchr`, as the validator does).
fn count(bytes: &[u8], mut check: impl FnMut(&[u8]) -> bool) -> u64 {
    let (mut valid, mut start) = (0, 0);
    for end in memchr::memchr_iter(b'\n', bytes) {
        let line = &bytes[start..end];
        start = end + 1;
        if !line.is_empty() {
            valid += u64::from(check(std::hint::black_box(line)));
        }
    }
    valid
}
