//! The nesting limit: an event nests at most 127 arrays and objects, its own object included,
//! as `serde_json` reads by default; deeper input is refused with its own rule, at the first
//! container past the limit, whichever way the event is decoded.

use serde_json::Value;
use vcc_events::channel_parked::v0;
use vcc_events::{AnyEvent, Rule};

/// The seed example with an undeclared member `deep` in `data.channel.party` holding `arrays`
/// nested arrays: the event then nests 4 + `arrays` containers. With `type_last`, `type` is
/// moved to the end (the decoder reads the envelope first, then `data` on its own).
fn event(arrays: usize, type_last: bool) -> String {
    let deep = "[".repeat(arrays) + &"]".repeat(arrays);
    let seed = workspace_tests::seed_example();
    let mut event = vcc_events_runtime::minify_json(seed).replacen(
        r#""party":{"#,
        &format!(r#""party":{{"deep":{deep},"#),
        1,
    );
    if type_last {
        event = event.replacen(r#""type":"channel.parked.v0","#, "", 1);
        event.insert_str(event.len() - 1, r#","type":"channel.parked.v0""#);
    }
    event
}

/// Where the 128th container of [`event`] starts.
fn pointer_past_the_limit() -> String {
    "/data/channel/party/deep".to_owned() + &"/0".repeat(123)
}

#[test]
fn an_event_nesting_127_containers_is_accepted_as_serde_json_reads_it() {
    for type_last in [false, true] {
        let event = event(123, type_last);
        assert!(serde_json::from_str::<Value>(&event).is_ok());
        let decoded = AnyEvent::from_slice(event.as_bytes()).expect("within the limit");
        assert_eq!(decoded.to_json(), event, "kept byte for byte");
        assert!(v0::Event::from_slice(event.as_bytes()).is_ok());
    }
}

#[test]
fn an_event_nesting_128_containers_is_refused_where_the_limit_is_crossed() {
    for type_last in [false, true] {
        let event = event(124, type_last);
        assert!(
            serde_json::from_str::<Value>(&event).is_err(),
            "serde_json refuses it too"
        );
        for error in [
            AnyEvent::from_slice(event.as_bytes()).expect_err("past the limit"),
            v0::Event::from_slice(event.as_bytes())
                .map(|_| ())
                .expect_err("past the limit"),
        ] {
            assert_eq!(error.rule(), Rule::Depth, "{error}");
            assert_eq!(error.pointer(), pointer_past_the_limit());
        }
    }
}

#[test]
fn a_member_nested_100_000_levels_deep_is_refused_without_recursing() {
    let event = event(100_000, false);
    let error = AnyEvent::from_slice(event.as_bytes()).expect_err("past the limit");
    assert_eq!(error.rule(), Rule::Depth);
    assert_eq!(error.pointer(), pointer_past_the_limit());
}

#[test]
fn deep_members_of_a_batch_item_are_refused_on_their_own() {
    let batch = format!("[{},{}]", event(124, false), event(1, false));
    let items = AnyEvent::from_batch(batch.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        items[0].as_ref().map_err(|e| e.rule()).err(),
        Some(Rule::Depth)
    );
    assert!(items[1].is_ok());
}
