//! `Undeclared`: the members a decoded event carried that its version does not declare, as
//! the macro generates it for every struct, in `Option`s and `Vec`s, under renamed members.
//! The family is declared in `tests/support/widget.rs`.

use vcc_events_runtime::undeclared;
use workspace_tests::widget::AnyEvent;

const V1: &str = include_str!("fixtures/test.widget.v1/example.json");
const V2: &str = include_str!("fixtures/test.widget.v2/example.json");

fn undeclared_in(json: &str) -> Vec<String> {
    let event = AnyEvent::from_slice(json.as_bytes()).expect("a valid event");
    undeclared::pointers(&event)
}

#[test]
fn examples_carry_no_undeclared_members() {
    assert!(undeclared_in(V1).is_empty());
    assert!(undeclared_in(V2).is_empty());
}

#[test]
fn members_in_a_list_of_structs_are_found_with_their_index() {
    let event = V2
        .replacen("\"val\": \"b\"", "\"val\": \"b\", \"weight\": 2", 1)
        .replacen("\"aliases\"", "\"extra\": {\"a\": 1}, \"aliases\"", 1)
        .replacen(
            "\"specversion\"",
            "\"traceparent\": \"t\", \"specversion\"",
            1,
        );
    assert_eq!(
        undeclared_in(&event),
        ["/traceparent", "/data/extra", "/data/tags/0/weight"]
    );
}

#[test]
fn members_in_an_optional_struct_and_under_a_renamed_member_are_found() {
    let event = V1
        .replacen("\"factory\"", "\"town~/\": \"x\", \"factory\"", 1)
        .replacen("\"widgetId\"", "\"colour\": \"red\", \"widgetId\"", 1);
    assert_eq!(
        undeclared_in(&event),
        ["/data/widget/colour", "/data/widget/origin/town~0~1"]
    );
}

/// Members inside a shared shape (the `channel` every channel family shares) are found too.
#[test]
fn members_inside_a_shared_shape_are_found() {
    let seed = vcc_events_runtime::minify_json(workspace_tests::seed_example());
    let event = seed
        .replacen(r#""party":{"#, r#""party":{"seat":"4B","#, 1)
        .replacen(r#""channel":{"#, r#""channel":{"queue":{"id":1},"#, 1);
    let decoded = vcc_events::AnyEvent::from_slice(event.as_bytes()).expect("a valid event");
    assert_eq!(
        undeclared::pointers(&decoded),
        ["/data/channel/queue", "/data/channel/party/seat"]
    );
}
