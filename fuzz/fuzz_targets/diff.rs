//! Any two JSON texts (the input split at its first NUL byte) go through the schema
//! comparison: it must not panic, swapping the schemas must swap the two directions, and
//! every counterexample it returns must show the break it claims (the producer's schema
//! accepts it, the reader's rejects it).

#![no_main]

use libfuzzer_sys::fuzz_target;
use vcc_events_compat::{Document, counterexamples, diff_documents, shows_break};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (old_text, new_text) = text.split_once('\0').unwrap_or((text, "{}"));
    let (Ok(old), Ok(new)) = (Document::parse(old_text), Document::parse(new_text)) else {
        return;
    };
    let forth = diff_documents(&old, &new);
    let back = diff_documents(&new, &old);
    assert_eq!(forth.backward_compatible(), back.forward_compatible());
    assert_eq!(forth.forward_compatible(), back.backward_compatible());
    let (o, n) = (old.value(), new.value());
    let found = counterexamples(o, n, &forth);
    if let Some(v) = &found.backward {
        assert!(!forth.backward_compatible());
        assert!(shows_break(o, n, v), "backward counterexample {v} shows no break");
    }
    if let Some(v) = &found.forward {
        assert!(!forth.forward_compatible());
        assert!(shows_break(n, o, v), "forward counterexample {v} shows no break");
    }
});
