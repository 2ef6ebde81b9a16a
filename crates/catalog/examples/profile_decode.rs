//! Decodes the seed example, or the catalog-wide mix, N times, for instruction counts
//! (`valgrind --tool=callgrind`, `perf stat`) that do not depend on machine noise; see
//! docs/performance.md. Modes on the seed example: `typed` (one known version), `any`
//! (dispatch by `type`), `plain` (baseline A: serde_json into owned `String`s, no checks),
//! `value` (serde_json into `Value`, the first half of baseline B). Modes on the mix of every
//! documented type (52 events a round): `mix-any`, `mix-plain` (baseline A), `mix-b`
//! (baseline B: `Value` and the `jsonschema` validator of the event's type), `mix-ignored`
//! (serde_json skipping every value: the floor any decoder of this JSON pays).

#[path = "../benches/support/mix.rs"]
mod mix;
#[path = "../benches/support/plain.rs"]
mod plain;
#[path = "../benches/support/plain_any.rs"]
mod plain_any;

use plain::PlainEvent;
use plain_any::PlainAny;

fn main() {
    let seed = vcc_events_runtime::minify_json(include_str!("../events/channel.parked.v0.json"));
    let mode = std::env::args().nth(1).unwrap_or_default();
    let n: usize = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let ok = if let Some(mode) = mode.strip_prefix("mix-") {
        let mix = mix::mix();
        let validators = (mode == "b").then(mix::validators).unwrap_or_default();
        let mut ok = 0;
        for _ in 0..n {
            for event in &mix {
                let bytes = std::hint::black_box(event.as_slice());
                ok += match mode {
                    "any" => vcc_events::AnyEvent::from_slice(bytes).is_ok(),
                    "plain" => serde_json::from_slice::<PlainAny>(bytes).is_ok(),
                    "ignored" => serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_ok(),
                    _ => mix::baseline_b(&validators, bytes),
                } as usize;
            }
        }
        ok
    } else {
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
        ok
    };
    println!("{ok}");
}
