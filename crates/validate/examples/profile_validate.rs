//! Validates, decodes or parses one of the benchmarks' NDJSON streams once, for instruction
//! counts (`valgrind --tool=callgrind`) that do not depend on the load of the machine and for
//! whole-process times under `taskset`; see docs/performance.md. Run from the workspace root:
//! `profile_validate MODE EVENTS [THREADS] [STREAM]`, the stream being
//! `target/tmp/events-EVENTS.ndjson` (the seed stream) or, with STREAM `mix`,
//! `target/tmp/mix-EVENTS.ndjson` (every declared version in turn), made if missing: the files
//! the benches use. Modes: `validate` (the streaming validator over the file, THREADS workers,
//! 1 unless given), `decode` (the file read whole, then `AnyEvent::from_slice` on each line:
//! the decoder alone), `serde` and `sonic` (serde_json or sonic-rs into a struct borrowing
//! every string, seed stream only: the parsers' floor), `pipeline` (the `jsonschema` baseline:
//! each line read, parsed to `Value`, `is_valid` with formats on under the schema its `type`
//! names), `read` (the file read whole and its lines found: the floor of reading and framing).

#[path = "../benches/support/borrowed.rs"]
mod borrowed;
#[path = "../benches/support/lines.rs"]
mod lines;
#[path = "../benches/support/pipeline.rs"]
mod pipeline;
#[path = "../benches/support/stream.rs"]
mod stream;

use std::io::BufReader;
use std::path::Path;

use lines::count;
use stream::Kind;

fn main() {
    let mut args = std::env::args().skip(1);
    let mode = args.next().unwrap_or_default();
    let events: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(200_000);
    let threads: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1);
    let kind = match args.next().as_deref() {
        Some("mix") => Kind::Mix,
        _ => Kind::Seed,
    };
    let (path, _) = stream::ndjson_file(Path::new("target/tmp"), kind, events);
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
        "sonic" => count(&lines(), |line| {
            sonic_rs::from_slice::<borrowed::Borrowed>(line).is_ok()
        }),
        "read" => count(&lines(), |line| !line.is_empty()),
        "pipeline" => {
            let file = std::fs::File::open(&path).expect("opens");
            pipeline::Pipeline::new().count_valid(BufReader::with_capacity(1 << 20, file))
        }
        other => panic!("unknown mode {other:?}: validate, decode, serde, sonic, pipeline or read"),
    };
    assert_eq!(valid, events, "every event of the stream is valid");
    println!("{valid}");
}
