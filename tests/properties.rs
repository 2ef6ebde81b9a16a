//! Property tests of the decoder: no input panics, and every accepted input re-encodes to
//! exactly its own bytes (minified).

use proptest::prelude::*;
use serde_json::Value;
use vcc_events::AnyEvent;
use vcc_events_runtime::minify_json;

/// Accepted inputs re-encode to their own bytes, and decoding the encoding gives the same event.
fn assert_round_trip(input: &[u8]) {
    if let Ok(event) = AnyEvent::from_slice(input) {
        let text = std::str::from_utf8(input).expect("an accepted input is UTF-8");
        let encoded = event.to_json();
        assert_eq!(encoded, minify_json(text));
        assert_eq!(AnyEvent::from_slice(encoded.as_bytes()), Ok(event));
    }
}

/// Any JSON value, a few levels deep.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        "[a-zA-Z0-9 ._:/-]{0,40}".prop_map(Value::String),
        Just(Value::String("740109c1-12d5-430f-9543-131fe5c4edcb".into())),
        Just(Value::String("2022-08-30T14:34:36.088Z".into())),
    ];
    workspace_tests::json_value(leaf, 3, 16, 4)
}

/// The seed example with the value at one path (chosen by `pick`) replaced.
fn replace_one(mut value: Value, pick: usize, replacement: Value) -> Value {
    fn paths(value: &Value, prefix: String, out: &mut Vec<String>) {
        out.push(prefix.clone());
        if let Value::Object(map) = value {
            for (k, v) in map {
                paths(v, format!("{prefix}/{k}"), out);
            }
        }
    }
    let mut all = Vec::new();
    paths(&value, String::new(), &mut all);
    let path = &all[pick % all.len()];
    if let Some(slot) = value.pointer_mut(path) {
        *slot = replacement;
    }
    value
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = AnyEvent::from_slice(&bytes);
        let _ = AnyEvent::from_batch(&bytes);
        assert_round_trip(&bytes);
    }

    #[test]
    fn byte_mutations_of_the_seed_never_panic(
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0..3u8), 1..6)
    ) {
        let mut bytes = workspace_tests::seed_example().as_bytes().to_vec();
        for (at, byte, op) in edits {
            let i = at.index(bytes.len().max(1));
            match op {
                0 if i < bytes.len() => bytes[i] = byte,
                1 => bytes.insert(i.min(bytes.len()), byte),
                _ if i < bytes.len() => { bytes.remove(i); }
                _ => {}
            }
        }
        assert_round_trip(&bytes);
    }

    #[test]
    fn value_mutations_of_the_seed_round_trip_when_accepted(pick in any::<usize>(), replacement in json_value()) {
        let seed: Value = serde_json::from_str(workspace_tests::seed_example()).expect("the seed is JSON");
        let mutated = serde_json::to_vec(&replace_one(seed, pick, replacement)).expect("serializes");
        assert_round_trip(&mutated);
    }

    #[test]
    fn extra_members_anywhere_round_trip(
        name in "[a-z][a-z0-9]{0,19}",
        value in json_value(),
        pick in any::<usize>(),
    ) {
        let mut seed: Value = serde_json::from_str(workspace_tests::seed_example()).expect("the seed is JSON");
        let objects = ["", "/data", "/data/channel", "/data/channel/party"];
        let at = objects[pick % objects.len()];
        if let Some(Value::Object(map)) = seed.pointer_mut(at) {
            map.insert(name, value);
        }
        assert_round_trip(&serde_json::to_vec(&seed).expect("serializes"));
    }
}
