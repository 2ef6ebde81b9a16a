//! Interop with the CloudEvents SDK (feature `cloudevents`): both directions, extension
//! attributes, what is normalised, and errors that match decoding the same JSON.
#![cfg(feature = "cloudevents")]

use serde_json::{Value, json};
use vcc_events::cloudevents::sdk::event::{
    Data, EventBuilder, EventBuilderV03, EventBuilderV10, ExtensionValue, SpecVersion, TryIntoTime,
};
use vcc_events::cloudevents::sdk::{AttributesReader, Event};
use vcc_events::{AnyEvent, DecodeError, Rule, channel_parked};
use vcc_events_runtime::minify_json;

const SEED: &str = include_str!("../events/channel.parked.v0.json");

fn seed() -> AnyEvent {
    AnyEvent::from_slice(SEED.as_bytes()).unwrap()
}

fn seed_v0() -> channel_parked::v0::Event {
    channel_parked::v0::Event::from_slice(SEED.as_bytes()).unwrap()
}

fn seed_data() -> Value {
    serde_json::from_str::<Value>(SEED).unwrap()["data"].clone()
}

/// The seed as a v0 event with extension attributes, in the order given.
fn with_extensions(members: &[(&str, Value)]) -> channel_parked::v0::Event {
    let mut event = seed_v0();
    for (name, value) in members {
        event.extensions.insert(name, value).unwrap();
    }
    event
}

fn json_value(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

/// The error of decoding, as a webhook body, the JSON the SDK itself writes for `event`.
fn decoding_sdk_json(event: &Event) -> DecodeError {
    AnyEvent::from_slice(&serde_json::to_vec(event).unwrap()).unwrap_err()
}

fn assert_error(error: &DecodeError, pointer: &str, rule: Rule) {
    assert_eq!((error.pointer(), error.rule()), (pointer, rule), "{error}");
}

/// The seed's attributes but `time`, built with the SDK alone.
fn sdk_builder_without_time() -> EventBuilderV10 {
    EventBuilderV10::new()
        .id("2aRffDVJbosbADf1Kw2VY2Qub3Z")
        .ty("channel.parked.v0")
        .source("/channel")
        .subject("740109c1-12d5-430f-9543-131fe5c4edcb")
}

/// The seed's attributes, built with the SDK alone (add the data to make it valid).
fn sdk_builder() -> EventBuilderV10 {
    sdk_builder_without_time().time("2022-08-30T14:34:36.6134321Z")
}

#[test]
fn the_seed_keeps_every_attribute_and_the_data() {
    let sdk = Event::from(seed());
    assert_eq!(sdk.specversion(), SpecVersion::V10);
    assert_eq!(sdk.id(), "2aRffDVJbosbADf1Kw2VY2Qub3Z");
    assert_eq!(sdk.ty(), "channel.parked.v0");
    assert_eq!(sdk.source(), "/channel");
    assert_eq!(sdk.subject(), Some("740109c1-12d5-430f-9543-131fe5c4edcb"));
    assert_eq!(
        sdk.time(),
        Some(&"2022-08-30T14:34:36.6134321Z".into_time().unwrap())
    );
    assert_eq!(sdk.datacontenttype(), Some("application/json"));
    assert_eq!(sdk.dataschema(), None);
    assert_eq!(sdk.data(), Some(&Data::Json(seed_data())));
    assert_eq!(sdk.iter_extensions().count(), 0);
}

#[test]
fn the_seed_comes_back_equal_and_byte_exact() {
    let original = seed();
    let sdk = Event::from(&original);
    let back = AnyEvent::try_from(&sdk).unwrap();
    assert_eq!(back, original);
    assert_eq!(back.to_json(), minify_json(SEED));
    assert!(
        back.to_json()
            .contains(r#""time":"2022-08-30T14:34:36.6134321Z""#)
    );
    assert_eq!(AnyEvent::try_from(sdk).unwrap(), original);
}

#[test]
fn one_version_converts_both_ways() {
    let original = seed_v0();
    let sdk = Event::from(&original);
    assert_eq!(sdk, Event::from(seed()));
    let back = channel_parked::v0::Event::try_from(&sdk).unwrap();
    assert_eq!(back, original);
    assert_eq!(back.to_json(), minify_json(SEED));
    assert_eq!(
        channel_parked::v0::Event::try_from(Event::from(original.clone())).unwrap(),
        original
    );
}

#[test]
fn extension_attributes_keep_their_names_and_values() {
    let traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    // Inserted in name order: the order the way back writes them.
    let original = with_extensions(&[
        ("retries", json!(3)),
        ("sampled", json!(true)),
        ("traceparent", json!(traceparent)),
    ]);
    let sdk = Event::from(&original);
    assert_eq!(sdk.iter_extensions().count(), 3);
    assert_eq!(
        sdk.extension("traceparent"),
        Some(&ExtensionValue::String(traceparent.into()))
    );
    assert_eq!(sdk.extension("retries"), Some(&ExtensionValue::Integer(3)));
    assert_eq!(
        sdk.extension("sampled"),
        Some(&ExtensionValue::Boolean(true))
    );

    let back = channel_parked::v0::Event::try_from(&sdk).unwrap();
    assert_eq!(back, original);
    assert_eq!(back.to_json(), original.to_json());
    assert!(back.to_json().ends_with(&format!(
        r#","retries":3,"sampled":true,"traceparent":"{traceparent}"}}"#
    )));
}

#[test]
fn extension_attributes_come_back_sorted_by_name() {
    let original = with_extensions(&[("zz", json!("last")), ("aa", json!(-1))]);
    let back = channel_parked::v0::Event::try_from(Event::from(&original)).unwrap();
    let names: Vec<&str> = back.extensions.iter().map(|(name, _)| name).collect();
    assert_eq!(names, ["aa", "zz"]);
    assert_eq!(json_value(&back.to_json()), json_value(&original.to_json()));
    assert!(back.to_json().ends_with(r#","aa":-1,"zz":"last"}"#));
}

#[test]
fn extensions_added_in_the_sdk_are_decoded() {
    let mut sdk = Event::from(seed());
    sdk.set_extension(
        "traceparent",
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
    );
    sdk.set_extension("attempt", 2i64);
    sdk.set_extension("replayed", false);
    let back = channel_parked::v0::Event::try_from(&sdk).unwrap();
    assert_eq!(back.extensions.get("attempt").unwrap().get(), "2");
    assert_eq!(back.extensions.get("replayed").unwrap().get(), "false");
    assert_eq!(
        back.extensions.get("traceparent").unwrap().get(),
        r#""00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01""#
    );
}

#[test]
fn integers_the_sdk_cannot_hold_are_normalised() {
    let original = with_extensions(&[
        ("huge", json_value("18446744073709551616")),
        ("one", json_value("1.0")),
        ("hundred", json_value("1e2")),
    ]);
    let sdk = Event::from(&original);
    assert_eq!(sdk.extension("one"), Some(&ExtensionValue::Integer(1)));
    assert_eq!(
        sdk.extension("hundred"),
        Some(&ExtensionValue::Integer(100))
    );
    assert!(matches!(
        sdk.extension("huge"),
        Some(ExtensionValue::String(_))
    ));
}

#[test]
fn dataschema_becomes_the_sdk_attribute_and_comes_back_as_an_extension() {
    let url = "https://events.vcc.example/schemas/channel.parked.v0.json";
    let original = with_extensions(&[("dataschema", json!(url))]);
    let sdk = Event::from(&original);
    assert_eq!(sdk.dataschema().map(|u| u.as_str()), Some(url));
    assert_eq!(sdk.extension("dataschema"), None);
    let back = channel_parked::v0::Event::try_from(&sdk).unwrap();
    assert_eq!(back, original);

    // Not an absolute URL: stays an extension attribute.
    let relative = with_extensions(&[("dataschema", json!("schemas/x.json"))]);
    let sdk = Event::from(&relative);
    assert_eq!(sdk.dataschema(), None);
    assert_eq!(
        sdk.extension("dataschema"),
        Some(&ExtensionValue::String("schemas/x.json".into()))
    );
    assert_eq!(channel_parked::v0::Event::try_from(&sdk).unwrap(), relative);
}

#[test]
fn an_event_without_datacontenttype_stays_without() {
    let json = SEED.replace("\"datacontenttype\": \"application/json\",\n", "");
    let original = AnyEvent::from_slice(json.as_bytes()).unwrap();
    let sdk = Event::from(&original);
    assert_eq!(sdk.datacontenttype(), None);
    assert_eq!(sdk.data(), Some(&Data::Json(seed_data())));
    let back = AnyEvent::try_from(&sdk).unwrap();
    assert_eq!(back, original);
    assert_eq!(back.to_json(), minify_json(&json));
}

#[test]
fn time_comes_back_with_the_shortest_fraction() {
    for (sent, back) in [
        (
            "2022-08-30T14:34:36.6134321Z",
            "2022-08-30T14:34:36.6134321Z",
        ),
        (
            "2022-08-30T14:34:36.123456789Z",
            "2022-08-30T14:34:36.123456789Z",
        ),
        ("2022-08-30T14:34:36Z", "2022-08-30T14:34:36Z"),
        ("2022-08-30T14:34:36.610Z", "2022-08-30T14:34:36.61Z"),
        ("2022-08-30T14:34:36.0Z", "2022-08-30T14:34:36Z"),
        ("2016-12-31T23:59:60.5Z", "2016-12-31T23:59:60.5Z"),
    ] {
        let json = SEED.replace("2022-08-30T14:34:36.6134321Z", sent);
        let event = AnyEvent::from_slice(json.as_bytes()).unwrap();
        let sdk = Event::from(&event);
        // The SDK's own JSON pads the fraction as chrono does.
        let sdk_json: Value = serde_json::to_value(&sdk).unwrap();
        assert!(sdk_json["time"].as_str().unwrap().ends_with('Z'));
        let again = AnyEvent::try_from(&sdk).unwrap().to_json();
        assert!(
            again.contains(&format!(r#""time":"{back}""#)),
            "{sent}: {again}"
        );
        // `data.timestamp` is payload text: byte for byte.
        assert!(again.contains(r#""timestamp":"2022-08-30T14:34:36.088Z""#));
    }
}

#[test]
fn the_sdks_own_json_is_a_valid_webhook_body() {
    let sdk = Event::from(seed());
    let body = serde_json::to_vec(&sdk).unwrap();
    let decoded = AnyEvent::from_slice(&body).unwrap();
    assert!(
        decoded
            .to_json()
            .contains(r#""time":"2022-08-30T14:34:36.613432100Z""#)
    );
    assert_eq!(json_value(&decoded.to_json())["data"], seed_data());
}

#[test]
fn an_event_built_with_the_sdk_is_decoded() {
    let sdk = sdk_builder()
        .extension(
            "traceparent",
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        )
        .data("application/json", seed_data())
        .build()
        .unwrap();
    assert_eq!(
        AnyEvent::try_from(&sdk).unwrap().event_type(),
        "channel.parked.v0"
    );
    let event = channel_parked::v0::Event::try_from(&sdk).unwrap();
    assert_eq!(
        event.data.channel.party.role,
        vcc_events::channel::Role::Agent
    );
    assert_eq!(event.time.as_str(), "2022-08-30T14:34:36.6134321Z");
    assert!(event.extensions.get("traceparent").is_some());
    // Data members come in declaration order, whatever order the SDK's `Value` keeps.
    let mut expected = seed_v0();
    expected
        .extensions
        .insert(
            "traceparent",
            &"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        )
        .unwrap();
    assert_eq!(event, expected);
}

#[test]
fn binary_mode_data_holding_json_is_read_as_json() {
    // The SDK's HTTP binding gives a binary-mode body as bytes.
    let bytes = serde_json::to_vec(&seed_data()).unwrap();
    let sdk = sdk_builder()
        .data("application/json", bytes.clone())
        .build()
        .unwrap();
    assert!(matches!(sdk.data(), Some(Data::Binary(_))));
    let back = AnyEvent::try_from(&sdk).unwrap();
    assert_eq!(back, seed());

    // Text holding JSON, with no content type (CloudEvents reads that as JSON).
    let mut sdk = sdk_builder().build().unwrap();
    sdk.set_data_unchecked(String::from_utf8(bytes).unwrap());
    let back = AnyEvent::try_from(&sdk).unwrap();
    assert_eq!(json_value(&back.to_json())["data"], seed_data());
}

#[test]
fn data_that_is_not_json_is_refused_where_the_json_would_be() {
    let sdk = sdk_builder()
        .data("application/json", vec![0xff, 0x00])
        .build()
        .unwrap();
    let error = AnyEvent::try_from(&sdk).unwrap_err();
    assert_error(&error, "/data_base64", Rule::DataBase64);

    let sdk = sdk_builder()
        .data("application/json", "not json")
        .build()
        .unwrap();
    assert_error(&AnyEvent::try_from(&sdk).unwrap_err(), "/data", Rule::Type);

    let sdk = sdk_builder()
        .data("text/plain", seed_data().to_string())
        .build()
        .unwrap();
    let error = AnyEvent::try_from(&sdk).unwrap_err();
    assert_error(&error, "/datacontenttype", Rule::Const);
}

#[test]
fn errors_name_the_pointer_and_rule_of_the_same_json() {
    let mut bad_role = seed_data();
    bad_role["channel"]["party"]["role"] = json!("pilot");
    let mut bad_agent = seed_data();
    bad_agent["channel"]["party"]["agentId"] = json!("15a4");
    let mut sdk_events: Vec<(Event, &str, Rule)> = vec![
        (
            sdk_builder()
                .data("application/json", bad_role)
                .build()
                .unwrap(),
            "/data/channel/party/role",
            Rule::AllowedValues,
        ),
        (
            sdk_builder()
                .data("application/json", bad_agent)
                .build()
                .unwrap(),
            "/data/channel/party/agentId",
            Rule::Digits,
        ),
        (
            sdk_builder()
                .source("/agent")
                .data("application/json", seed_data())
                .build()
                .unwrap(),
            "/source",
            Rule::Const,
        ),
        (
            sdk_builder()
                .id("not-a-ksuid")
                .data("application/json", seed_data())
                .build()
                .unwrap(),
            "/id",
            Rule::Ksuid,
        ),
        (
            sdk_builder()
                .subject("00000000-0000-0000-0000-000000000000")
                .data("application/json", seed_data())
                .build()
                .unwrap(),
            "/subject",
            Rule::Subject,
        ),
        (
            sdk_builder()
                .ty("channel.teleported.v0")
                .data("application/json", seed_data())
                .build()
                .unwrap(),
            "/type",
            Rule::UnknownFamily,
        ),
        (
            sdk_builder()
                .ty("channel.parked.v9")
                .data("application/json", seed_data())
                .build()
                .unwrap(),
            "/type",
            Rule::UnknownVersion,
        ),
        (
            sdk_builder()
                .extension("Trace_Id", "x")
                .data("application/json", seed_data())
                .build()
                .unwrap(),
            "/Trace_Id",
            Rule::ExtensionName,
        ),
        (
            EventBuilderV03::new()
                .id("2aRffDVJbosbADf1Kw2VY2Qub3Z")
                .ty("channel.parked.v0")
                .source("/channel")
                .data("application/json", seed_data())
                .build()
                .unwrap(),
            "/specversion",
            Rule::Const,
        ),
    ];
    let no_time = sdk_builder_without_time()
        .data("application/json", seed_data())
        .build()
        .unwrap();
    sdk_events.push((no_time, "/time", Rule::Required));
    let no_data = sdk_builder().build().unwrap();
    sdk_events.push((no_data, "/data", Rule::Required));

    for (sdk, pointer, rule) in &sdk_events {
        let error = AnyEvent::try_from(sdk).unwrap_err();
        assert_error(&error, pointer, *rule);
        // The same error as decoding the SDK's own JSON of that event.
        let same = decoding_sdk_json(sdk);
        assert_eq!(
            (same.pointer(), same.rule()),
            (error.pointer(), error.rule())
        );
    }
}

#[test]
fn one_version_refuses_another_type() {
    let sdk = sdk_builder()
        .ty("channel.parked.v1")
        .data("application/json", seed_data())
        .build()
        .unwrap();
    let error = channel_parked::v0::Event::try_from(&sdk).unwrap_err();
    assert_error(&error, "/type", Rule::Const);
}

#[test]
fn undeclared_data_members_survive_the_round_trip() {
    let json = SEED.replace(
        "\"userId\": \"ef71f453-556a-3abc-7769-bc678ef6e090\"",
        "\"userId\": \"ef71f453-556a-3abc-7769-bc678ef6e090\", \"zone\": {\"b\": 1, \"a\": [true]}",
    );
    let original = AnyEvent::from_slice(json.as_bytes()).unwrap();
    let back = AnyEvent::try_from(Event::from(&original)).unwrap();
    assert_eq!(json_value(&back.to_json()), json_value(&original.to_json()));
    // Declared members first, in declaration order.
    assert!(back.to_json().contains(
        r#""party":{"role":"agent","agentId":"1544","userId":"ef71f453-556a-3abc-7769-bc678ef6e090","zone":"#
    ));
}
