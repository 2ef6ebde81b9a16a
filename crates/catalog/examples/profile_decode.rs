//! Decodes the seed example N times, for instruction counts (`valgrind --tool=callgrind`)
//! that do not depend on machine noise; see docs/performance.md.

fn main() {
    let seed = vcc_events_runtime::minify_json(include_str!("../events/channel.parked.v0.json"));
    let mode = std::env::args().nth(1).unwrap_or_default();
    let n: usize = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let mut ok = 0;
    for _ in 0..n {
        ok += match mode.as_str() {
            "typed" => {
                vcc_events::channel_parked::v0::Event::from_slice(seed.as_bytes()).is_ok() as usize
            }
            "any" => vcc_events::AnyEvent::from_slice(seed.as_bytes()).is_ok() as usize,
            _ => serde_json::from_slice::<serde_json::Value>(seed.as_bytes()).is_ok() as usize,
        };
    }
    println!("{ok}");
}
