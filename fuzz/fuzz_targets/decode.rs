//! Any bytes in: decoding never panics, and whatever decodes re-encodes to its own bytes.
//! The same bytes also go through the streaming validator's framing and per-event checks
//! (without its threads, so that runs stay fast and deterministic).
#![no_main]

use libfuzzer_sys::fuzz_target;
use vcc_events::AnyEvent;
use vcc_events_validate::framing::{Splitter, detect};
use vcc_events_validate::validate_event;

fuzz_target!(|data: &[u8]| {
    if let Ok(event) = AnyEvent::from_slice(data) {
        let text = std::str::from_utf8(data).expect("an accepted event is UTF-8");
        let encoded = event.to_json();
        assert_eq!(encoded, vcc_events_runtime::minify_json(text));
        assert_eq!(AnyEvent::from_slice(encoded.as_bytes()).as_ref(), Ok(&event));
    }
    let _ = AnyEvent::from_batch(data);
    if let Some(layout) = detect(data, true) {
        let mut frames = Vec::new();
        let _ = Splitter::new(layout).split(data, true, &mut frames);
        for frame in frames {
            assert!(frame.start <= frame.end && frame.end <= data.len());
            let _ = validate_event(&data[frame.start..frame.end], frame.index, frame.line, true);
        }
    }
});
