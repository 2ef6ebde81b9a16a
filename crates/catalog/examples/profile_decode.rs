//! Decodes the seed example N times, for instruction counts (`valgrind --tool=callgrind`)
//! that do not depend on machine noise; see docs/performance.md. Modes: `typed` (one known
//! version), `any` (dispatch by `type`), `plain` (baseline A: serde_json into owned
//! `String`s, no checks), `value` (serde_json into `Value`, the first half of baseline B).

#[path = "../benches/support/plain.rs"]
mod plain;

use plain::PlainEvent;

fn main() {
    let seed = vcc_events_runtime::minify_json(include_str!("../events/channel.parked.v0.json"));
    let mode = std::env::args().nth(1).unwrap_or_default();
    let n: usize = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let bytes = std::hint::black_box(seed.as_bytes());
    let mut ok = 0;
    for _ in 0..n {
        ok += match mode.as_str() {
            "typed" => vcc_events::channel_parked::v0::Event::from_slice(bytes).is_ok(),
            "any" => vcc_events::AnyEvent::from_slice(bytes).is_ok(),
            "plain" => serde_json::from_slice::<PlainEvent>(bytes).is_ok(),
            _ => serde_json::from_slice::<serde_json::Value>(bytes).is_ok(),
        } as usize;
    }
    println!("{ok}");
}
