//! `--strict`: members an event carries that its version does not declare (accepted by the
//! tolerant decoder, but a producer's own tests want to know). They are listed from what the
//! decoder kept of them, so whatever decodes is judged, however deep or odd its members.

use vcc_events_runtime::undeclared::{self, Undeclared};

/// The JSON pointers (sorted) of the members of `event` (a decoded event) that its version
/// does not declare: extension attributes and undeclared payload members.
pub fn undeclared_members(event: &impl Undeclared) -> Vec<String> {
    let mut out = undeclared::pointers(event);
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use vcc_events::AnyEvent;

    const SEED: &str = include_str!("../../catalog/events/channel.parked.v0.json");

    fn decoded(json: &str) -> AnyEvent {
        AnyEvent::from_slice(json.as_bytes()).expect("a valid event")
    }

    #[test]
    fn the_seed_has_no_undeclared_members() {
        assert!(undeclared_members(&decoded(SEED)).is_empty());
    }

    #[test]
    fn extensions_and_unknown_payload_members_are_listed() {
        let event = SEED
            .replacen(
                "\"specversion\"",
                "\"traceparent\": \"x\", \"specversion\"",
                1,
            )
            .replacen("\"role\"", "\"skill\": 3, \"role\"", 1);
        assert_eq!(
            undeclared_members(&decoded(&event)),
            vec![
                "/data/channel/party/skill".to_owned(),
                "/traceparent".to_owned()
            ]
        );
    }

    #[test]
    fn member_names_are_escaped_in_pointers() {
        let event = SEED.replacen("\"role\"", "\"a/b~c\": 3, \"role\"", 1);
        assert_eq!(
            undeclared_members(&decoded(&event)),
            vec!["/data/channel/party/a~1b~0c".to_owned()]
        );
    }
}
