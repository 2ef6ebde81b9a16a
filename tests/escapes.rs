//! Escapes in strings and member names: what decoding then encoding normalises.
//!
//! JSON writes the same string in several ways (`"agent"`, `"\u0061gent"`; `"/channel"`,
//! `"\/channel"`). The catalog's types hold the string, not its spelling, so an escape in a
//! declared member's name or value is written back in the one form serde_json writes (see
//! docs/consumers.md, "Escapes"): the result is the same JSON value, and encoding it again gives
//! the same bytes. Undeclared members and extension attributes keep their value's text,
//! escapes included; their names are normalised like declared ones.

use serde_json::Value;
use vcc_events::AnyEvent;
use vcc_events_runtime::minify_json;

/// The example of `agent.presencechanged.v0`, which has free-text members.
fn presence_example() -> String {
    let path = workspace_tests::workspace_root()
        .join("crates/catalog/events/agent.presencechanged.v0.json");
    std::fs::read_to_string(path).unwrap()
}

/// `example` with `from` (which must occur) spelled `to`.
fn respelled(example: &str, from: &str, to: &str) -> String {
    assert!(example.contains(from), "{from} is in the example");
    example.replacen(from, to, 1)
}

/// Decodes `input`, encodes the event, and checks that the encoding is `expected` (minified),
/// the same JSON value as the input, and that it encodes to itself.
fn assert_normalised(input: &str, expected: &str) {
    let event = AnyEvent::from_slice(input.as_bytes())
        .unwrap_or_else(|e| panic!("an escaped spelling is accepted: {e}\n{input}"));
    let encoded = event.to_json();
    assert_eq!(encoded, minify_json(expected));
    assert_eq!(
        serde_json::from_str::<Value>(&encoded).unwrap(),
        serde_json::from_str::<Value>(input).unwrap(),
        "the same JSON value"
    );
    let again = AnyEvent::from_slice(encoded.as_bytes()).unwrap();
    assert_eq!(again, event);
    assert_eq!(again.to_json(), encoded, "the normal form is stable");
}

/// Each case: the text in the example, how the input spells it, and how the output does.
const DECLARED: [(&str, &str, &str); 7] = [
    // A declared member's name.
    (r#""role""#, r#""\u0072ole""#, r#""role""#),
    // An enum's value.
    (r#""agent""#, r#""\u0061gent""#, r#""agent""#),
    // An envelope attribute, with the solidus escaped.
    (r#""/channel""#, r#""\/channel""#, r#""/channel""#),
    // An envelope attribute's name.
    (
        r#""specversion""#,
        r#""spec\u0076ersion""#,
        r#""specversion""#,
    ),
    // A scalar (numeric id, KSUID, date-time).
    (r#""1544""#, r#""15\u00344""#, r#""1544""#),
    (
        r#""2aRffDVJbosbADf1Kw2VY2Qub3Z""#,
        r#""2aRffDVJbosbADf1Kw2VY2Qub3\u005A""#,
        r#""2aRffDVJbosbADf1Kw2VY2Qub3Z""#,
    ),
    (
        r#""2022-08-30T14:34:36.088Z""#,
        r#""2022-08-30T14:34:36.088\u005a""#,
        r#""2022-08-30T14:34:36.088Z""#,
    ),
];

#[test]
fn escapes_in_declared_names_and_values_are_written_plain() {
    let seed = workspace_tests::seed_example();
    for (text, input, output) in DECLARED {
        assert_normalised(
            &respelled(seed, text, input),
            &respelled(seed, text, output),
        );
    }
}

#[test]
fn free_text_is_written_as_serde_json_escapes_it() {
    let example = presence_example();
    // Non-ASCII is written as UTF-8, `/` plain; `"`, `\` and control characters keep the
    // short escapes, other control characters `\u00xx` in lower case.
    let cases = [
        (
            r#""Ready (Outbound)""#,
            r#""Caf\u00E9 \/ \u0022A\u0022""#,
            r#""Café / \"A\"""#,
        ),
        (
            r#""Ready""#,
            r#""Tab\u0009Line\u000aBell\u0007""#,
            r#""Tab\tLine\nBell\u0007""#,
        ),
        // An open enum's value outside the declared ones (kept as `Other`).
        (
            r#""readyOutbound""#,
            r#""ready\u0049nbound\/x""#,
            r#""readyInbound/x""#,
        ),
    ];
    for (text, input, output) in cases {
        assert_normalised(
            &respelled(&example, text, input),
            &respelled(&example, text, output),
        );
    }
}

#[test]
fn undeclared_members_keep_their_value_text_and_normalise_their_name() {
    let seed = workspace_tests::seed_example();
    let input = respelled(
        seed,
        r#""data": {"#,
        r#""data": {"x\u0041": ["\/y", "\u0061"], "#,
    );
    let output = respelled(
        seed,
        r#""data": {"#,
        r#""data": {"xA": ["\/y", "\u0061"], "#,
    );
    assert_normalised(&input, &output);
}

#[test]
fn extension_attributes_keep_their_value_text_and_normalise_their_name() {
    let seed = workspace_tests::seed_example();
    let from = r#""specversion": "1.0","#;
    let input = respelled(seed, from, &format!(r#"{from} "tr\u0061ce": "\/a\u0062","#));
    let output = respelled(seed, from, &format!(r#"{from} "trace": "\/a\u0062","#));
    assert_normalised(&input, &output);
}

#[test]
fn plain_input_is_written_back_byte_for_byte() {
    for example in [
        workspace_tests::seed_example().to_owned(),
        presence_example(),
    ] {
        let event = AnyEvent::from_slice(example.as_bytes()).unwrap();
        assert_eq!(event.to_json(), minify_json(&example));
    }
}
