//! The `testing` feature's strategies: every event they make, of every version, decodes,
//! re-encodes to the same bytes and is valid under the version's published schema.

use std::path::Path;

use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, TestRunner};
use vcc_events::testing::strategy;
use vcc_events::{AnyEvent, Catalog};

/// Cases tried per version.
const CASES: u32 = 200;

fn published_schema(event_type: &str) -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../schemas")
        .join(format!("{event_type}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

#[test]
fn every_version_gives_valid_events_that_reencode_byte_for_byte() {
    for info in vcc_events::versions() {
        let schema = published_schema(info.event_type);
        let mut runner = TestRunner::new(Config {
            cases: CASES,
            ..Config::default()
        });
        let strategy = strategy::event_json(info);
        for _ in 0..CASES {
            let json = strategy.new_tree(&mut runner).unwrap().current();
            let event = AnyEvent::from_slice(json.as_bytes())
                .unwrap_or_else(|e| panic!("{}: {e}\n{json}", info.event_type));
            assert_eq!(event.info().event_type, info.event_type);
            assert_eq!(event.to_json(), json, "re-encoded {}", info.event_type);
            let value: serde_json::Value = serde_json::from_str(&json).unwrap();
            let errors: Vec<String> = schema.iter_errors(&value).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{}: {errors:?}\n{json}", info.event_type);
        }
    }
}

#[test]
fn any_event_covers_every_version() {
    let mut runner = TestRunner::deterministic();
    let strategy = strategy::any_event();
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..2000 {
        seen.insert(
            strategy
                .new_tree(&mut runner)
                .unwrap()
                .current()
                .event_type(),
        );
    }
    let all: std::collections::BTreeSet<_> = vcc_events::versions()
        .iter()
        .map(|v| v.event_type)
        .collect();
    assert_eq!(seen, all);
}

#[test]
fn a_typed_strategy_shrinks_to_a_valid_event() {
    let mut runner = TestRunner::deterministic();
    let mut tree = strategy::event::<vcc_events::channel_ended::v0::Data>()
        .new_tree(&mut runner)
        .unwrap();
    while tree.simplify() {
        let event = tree.current();
        assert_eq!(event.subject, event.data.channel.channel_id);
    }
}

proptest::proptest! {
    #[test]
    fn the_subject_of_a_parked_channel_is_its_channel_id(
        event in strategy::event::<vcc_events::channel_parked::v0::Data>()
    ) {
        proptest::prop_assert_eq!(event.subject, event.data.channel.channel_id);
    }
}
