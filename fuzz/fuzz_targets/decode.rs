//! Any bytes in: decoding never panics, and whatever decodes re-encodes to its own bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vcc_events::AnyEvent;

fuzz_target!(|data: &[u8]| {
    if let Ok(event) = AnyEvent::from_slice(data) {
        let text = std::str::from_utf8(data).expect("an accepted event is UTF-8");
        let encoded = event.to_json();
        assert_eq!(encoded, vcc_events_runtime::minify_json(text));
        assert_eq!(AnyEvent::from_slice(encoded.as_bytes()).as_ref(), Ok(&event));
    }
    let _ = AnyEvent::from_batch(data);
    let _ = vcc_events_validate::validate_bytes(data, &vcc_events_validate::Options::default());
});
