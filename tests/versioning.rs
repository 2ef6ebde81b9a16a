//! Versioning end to end: a test-only family with three versions that uses every version gate
//! of `#[family]`, decoded, encoded, upgraded and rejected as a partner would see it.
//! The family is declared in `tests/support/widget.rs`.

use vcc_events::{DecodeError, Family, Rule, Stability, Upgrade, UpgradeError};

use workspace_tests::widget::AnyEvent;
use workspace_tests::widget::test_widget::{TestWidget, v0, v1, v2};

const V0: &str = include_str!("fixtures/test.widget.v0/example.json");
const V1: &str = include_str!("fixtures/test.widget.v1/example.json");
const V2: &str = include_str!("fixtures/test.widget.v2/example.json");

use vcc_events_runtime::minify_json as minify;

fn v0_event() -> v0::Event {
    v0::Event::from_json(V0).expect("the v0 example decodes")
}

fn v1_event() -> v1::Event {
    v1::Event::from_json(V1).expect("the v1 example decodes")
}

/// The v1 example with `replace` applied to its text.
fn v1_with(from: &str, to: &str) -> Result<v1::Event, DecodeError> {
    assert!(V1.contains(from), "the v1 example contains {from:?}");
    v1::Event::from_json(&V1.replacen(from, to, 1))
}

/// The v2 example with `replace` applied to its text.
fn v2_with(from: &str, to: &str) -> Result<v2::Event, DecodeError> {
    assert!(V2.contains(from), "the v2 example contains {from:?}");
    v2::Event::from_json(&V2.replacen(from, to, 1))
}

fn guid(s: &str) -> vcc_events::Guid {
    s.parse().unwrap()
}

// Decoding each version's example.

#[test]
fn v0_example_decodes_as_a_typed_v0_event() {
    let event = v0_event();
    assert_eq!(event.event_type(), "test.widget.v0");
    assert_eq!(event.subject, guid("0b7c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d"));
    let widget = &event.data.widget;
    assert_eq!(widget.color, v0::Color::Gray);
    assert_eq!(widget.size, 12);
    assert_eq!(widget.count, "7");
    assert_eq!(widget.legacy_code, "W-17");
    assert_eq!(widget.origin.as_ref().unwrap().factory, "Leeds");
    assert_eq!(widget.accents, [v0::Color::Crimson, v0::Color::Red]);
    assert_eq!(event.data.aliases, ["gizmo", "doohickey"]);
    assert_eq!(event.data.note.as_deref(), Some("the first widget"));
    assert!(widget.extra.is_empty() && event.data.extra.is_empty());
}

#[test]
fn v1_example_decodes_as_a_typed_v1_event() {
    let event = v1_event();
    assert_eq!(event.event_type(), "test.widget.v1");
    let widget = &event.data.widget;
    assert_eq!(widget.color, v1::Color::Teal);
    assert_eq!(widget.size, "40 cm");
    assert_eq!(widget.count, "12");
    assert_eq!(widget.priority, 1);
    assert_eq!(
        widget.owner,
        Some(guid("ef71f453-556a-3abc-7769-bc678ef6e090"))
    );
    assert_eq!(widget.legacy_code, "W-42");
    assert_eq!(widget.accents, [v1::Color::Gray, v1::Color::Crimson]);
    assert!(event.data.aliases.is_empty());
}

#[test]
fn v2_example_decodes_as_a_typed_v2_event() {
    let event = v2::Event::from_json(V2).unwrap();
    assert_eq!(event.event_type(), "test.widget.v2");
    assert_eq!(event.datacontenttype, None);
    let widget = &event.data.widget;
    assert_eq!(widget.color, v2::Color::UltraViolet);
    assert_eq!(widget.count, 12);
    assert_eq!(widget.owner, None);
    assert_eq!(widget.accents, [v2::Color::Teal, v2::Color::Red]);
    assert_eq!(event.data.tags.len(), 1);
    assert_eq!(
        (&*event.data.tags[0].key, &*event.data.tags[0].value),
        ("line", "b")
    );
}

#[test]
fn any_event_decodes_every_version_by_type() {
    for (json, expected) in [
        (V0, "test.widget.v0"),
        (V1, "test.widget.v1"),
        (V2, "test.widget.v2"),
    ] {
        let event = AnyEvent::from_slice(json.as_bytes()).unwrap();
        assert_eq!(event.event_type(), expected);
        assert!(matches!(event, AnyEvent::TestWidget(_)));
    }
}

#[test]
fn family_enum_decodes_every_version_into_its_variant() {
    assert!(matches!(
        TestWidget::from_slice(V0.as_bytes()),
        Ok(TestWidget::V0(_))
    ));
    assert!(matches!(
        TestWidget::from_slice(V1.as_bytes()),
        Ok(TestWidget::V1(_))
    ));
    assert!(matches!(
        TestWidget::from_slice(V2.as_bytes()),
        Ok(TestWidget::V2(_))
    ));
}

#[test]
fn family_enum_decodes_to_the_same_value_as_the_typed_decoder() {
    assert_eq!(
        TestWidget::from_slice(V0.as_bytes()).unwrap(),
        TestWidget::V0(v0_event())
    );
}

#[test]
fn family_lists_its_versions_with_their_stability() {
    let versions: Vec<_> = TestWidget::VERSIONS
        .iter()
        .map(|v| (v.event_type, v.stability))
        .collect();
    assert_eq!(
        versions,
        [
            ("test.widget.v0", Stability::Deprecated),
            ("test.widget.v1", Stability::Stable),
            ("test.widget.v2", Stability::Beta),
        ]
    );
}

#[test]
fn subject_pointer_follows_the_member_in_each_version() {
    for info in TestWidget::VERSIONS {
        assert_eq!(info.subject_pointer, "/data/widget/widgetId");
    }
}

#[test]
fn each_version_carries_its_example() {
    assert_eq!(TestWidget::VERSIONS[0].example, V0);
    assert_eq!(TestWidget::VERSIONS[1].example, V1);
    assert_eq!(TestWidget::VERSIONS[2].example, V2);
}

// Encoding.

#[test]
fn encoding_v0_gives_back_the_example_minified() {
    assert_eq!(v0_event().to_json(), minify(V0));
}

#[test]
fn encoding_v1_gives_back_the_example_minified() {
    assert_eq!(v1_event().to_json(), minify(V1));
}

#[test]
fn encoding_v2_gives_back_the_example_minified() {
    assert_eq!(v2::Event::from_json(V2).unwrap().to_json(), minify(V2));
}

#[test]
fn encoding_through_the_any_event_enum_gives_back_the_example_minified() {
    for json in [V0, V1, V2] {
        assert_eq!(
            AnyEvent::from_slice(json.as_bytes()).unwrap().to_json(),
            minify(json)
        );
    }
}

#[test]
fn encoding_keeps_members_in_arrival_order() {
    let without = V2.replacen(r#""count": 12,"#, "", 1);
    let reordered = without.replacen(r#""widget": {"#, r#""widget": {"count": 12,"#, 1);
    let event = v2::Event::from_json(&reordered).unwrap();
    assert_eq!(event.to_json(), minify(&reordered));
}

// Upgrading.

#[test]
fn upgrade_trait_links_each_version_to_the_next() {
    fn next<D: Upgrade>(_: D) -> D::Next {
        unreachable!()
    }
    let _: fn(v0::Data) -> v1::Data = next;
    let _: fn(v1::Data) -> v2::Data = next;
}

#[test]
fn infallible_steps_are_from_and_fallible_steps_are_try_from() {
    let _: fn(v0::Widget) -> v1::Widget = From::from;
    let _: fn(v0::Color) -> v1::Color = From::from;
    let _: fn(v0::Origin) -> v1::Origin = From::from;
    let _: fn(v1::Widget) -> Result<v2::Widget, UpgradeError> = TryFrom::try_from;
    let _: fn(v1::Color) -> Result<v2::Color, UpgradeError> = TryFrom::try_from;
    let _: fn(v1::Data) -> Result<v2::Data, UpgradeError> = TryFrom::try_from;
}

/// The other half: a fallible step does not compile as `From` (the compiler's message is
/// pinned in `tests/ui/fallible_upgrade_is_not_from.stderr`).
#[test]
fn a_fallible_step_is_not_from() {
    trybuild::TestCases::new().compile_fail("tests/ui/fallible_upgrade_is_not_from.rs");
}

#[test]
fn upgrading_v0_to_v1_keeps_the_envelope() {
    let old = v0_event();
    let new = old.clone().upgrade().unwrap();
    assert_eq!(new.event_type(), "test.widget.v1");
    assert_eq!(
        (new.id, new.subject, new.time),
        (old.id, old.subject, old.time)
    );
    assert_eq!(new.datacontenttype, old.datacontenttype);
}

#[test]
fn upgrading_v0_to_v1_follows_a_renamed_value() {
    let widget = v0_event().upgrade().unwrap().data.widget;
    assert_eq!(widget.color, v1::Color::Gray);
}

#[test]
fn upgrading_v0_to_v1_converts_a_changed_member_with_its_function() {
    let widget = v0_event().upgrade().unwrap().data.widget;
    assert_eq!(widget.size, "12 cm");
}

#[test]
fn upgrading_v0_to_v1_fills_an_added_member_from_its_default_function() {
    let widget = v0_event().upgrade().unwrap().data.widget;
    assert_eq!(widget.priority, 3);
}

#[test]
fn upgrading_v0_to_v1_fills_an_added_member_without_default_with_default_value() {
    let widget = v0_event().upgrade().unwrap().data.widget;
    assert_eq!(widget.owner, None);
}

#[test]
fn upgrading_v0_to_v1_keeps_unchanged_members_and_nested_types() {
    let event = v0_event().upgrade().unwrap();
    let widget = &event.data.widget;
    assert_eq!(widget.count, "7");
    assert_eq!(widget.legacy_code, "W-17");
    assert_eq!(widget.origin.as_ref().unwrap().factory, "Leeds");
    assert_eq!(widget.accents, [v1::Color::Crimson, v1::Color::Red]);
    assert_eq!(event.data.aliases, ["gizmo", "doohickey"]);
    assert_eq!(event.data.note.as_deref(), Some("the first widget"));
}

#[test]
fn upgrading_v0_to_v1_writes_the_new_wire_names() {
    let json = v0_event().upgrade().unwrap().to_json();
    assert_eq!(
        json,
        concat!(
            r#"{"specversion":"1.0","type":"test.widget.v1","id":"2aRffDVJbosbADf1Kw2VY2Qub3Z","source":"/widget","#,
            r#""subject":"0b7c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d","time":"2022-08-30T14:34:36.6134321Z","#,
            r#""datacontenttype":"application/json","data":{"timestamp":"2022-08-30T14:34:36.088Z","#,
            r#""widget":{"widgetId":"0b7c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d","color":"gray","size":"12 cm","#,
            r#""count":"7","priority":3,"legacyCode":"W-17","origin":{"factory":"Leeds"},"#,
            r#""accents":["crimson","red"]},"aliases":["gizmo","doohickey"],"note":"the first widget"}}"#,
        )
    );
    assert!(
        v1::Event::from_json(&json).is_ok(),
        "the upgraded event is a valid v1 event"
    );
}

#[test]
fn upgrading_v1_to_v2_converts_a_changed_member_with_its_fallible_function() {
    let widget = v1_event().upgrade().unwrap().data.widget;
    assert_eq!(widget.count, 12);
}

#[test]
fn upgrading_v1_to_v2_maps_a_removed_value_into_its_replacement() {
    let widget = v1_event().upgrade().unwrap().data.widget;
    assert_eq!(widget.accents, [v2::Color::Gray, v2::Color::Red]);
}

#[test]
fn upgrading_v1_to_v2_fills_an_added_list_with_an_empty_one() {
    let data = v1_event().upgrade().unwrap().data;
    assert!(data.tags.is_empty());
}

#[test]
fn upgrading_v1_to_v2_drops_removed_members() {
    let json = v1_event().upgrade().unwrap().to_json();
    for removed in ["legacyCode", "origin", "note"] {
        assert!(!json.contains(removed), "{removed} is gone from {json}");
    }
    assert!(json.contains(r#""widget":{"widgetId":"5e1f0a9b-8c7d-4e6f-a5b4-c3d2e1f0a9b8","color":"teal","size":"40 cm","count":12,"priority":1,"owner":"ef71f453-556a-3abc-7769-bc678ef6e090","accents":["gray","red"]}"#), "{json}");
    assert!(json.ends_with(r#""aliases":[],"tags":[]}}"#), "{json}");
}

#[test]
fn upgrading_keeps_undeclared_members_in_extra() {
    let event = v1_with(
        r#""priority": 1,"#,
        r#""priority": 1, "shape": {"sides": 6},"#,
    )
    .unwrap();
    let widget = event.upgrade().unwrap().data.widget;
    assert_eq!(
        widget.extra.get("shape").map(|v| v.get()),
        Some(r#"{"sides":6}"#)
    );
}

#[test]
fn upgrading_drops_an_undeclared_member_the_next_version_declares() {
    // `tags` is unknown to v1 (kept in `extra`) and declared by v2: the upgrade does not
    // write it twice.
    let event = v1_with(
        r#""aliases": [],"#,
        r#""aliases": [], "tags": [{"key": "k", "val": "v"}],"#,
    )
    .unwrap();
    assert!(event.data.extra.get("tags").is_some());
    let upgraded = event.upgrade().unwrap();
    assert!(upgraded.data.extra.get("tags").is_none());
    assert_eq!(upgraded.to_json().matches("\"tags\"").count(), 1);
}

#[test]
fn upgrading_fails_when_a_fallible_conversion_refuses_the_value() {
    let event = v1_with(r#""count": "12""#, r#""count": "a dozen""#).unwrap();
    let error = event.upgrade().unwrap_err();
    assert_eq!(error.member, "Widget::count");
    assert_eq!(error.to_version, "v2");
    assert_eq!(error.message, "invalid digit found in string");
    assert_eq!(
        error.to_string(),
        "cannot upgrade Widget::count to v2: invalid digit found in string"
    );
}

#[test]
fn upgrading_fails_on_a_removed_value_without_replacement() {
    let event = v1_with(r#"["gray", "crimson"]"#, r#"["gray", "beige"]"#).unwrap();
    let error = event.upgrade().unwrap_err();
    assert_eq!(error.member, "Color::Beige");
    assert_eq!(error.to_version, "v2");
    assert!(error.message.contains("\"beige\""), "{}", error.message);
}

#[test]
fn into_latest_upgrades_an_old_event_through_every_version() {
    let latest: v2::Event = TestWidget::V0(v0_event()).into_latest().unwrap();
    let expected: v2::Event = v0_event().upgrade().unwrap().upgrade().unwrap();
    assert_eq!(latest, expected);
    let widget = &latest.data.widget;
    assert_eq!(widget.color, v2::Color::Gray);
    assert_eq!(widget.size, "12 cm");
    assert_eq!(widget.count, 7);
    assert_eq!(widget.priority, 3);
    assert_eq!(widget.accents, [v2::Color::Red, v2::Color::Red]);
}

#[test]
fn into_latest_leaves_a_latest_event_as_it_is() {
    let event = v2::Event::from_json(V2).unwrap();
    assert_eq!(TestWidget::V2(event.clone()).into_latest().unwrap(), event);
}

#[test]
fn into_latest_fails_with_the_upgrade_error() {
    let event = v1_with(r#""count": "12""#, r#""count": "-""#).unwrap();
    let error = TestWidget::from(event).into_latest().unwrap_err();
    assert_eq!(error.member, "Widget::count");
}

// Unknown types.

#[test]
fn an_unknown_family_is_an_unknown_family_error_at_type() {
    let error = AnyEvent::from_slice(V0.replace("test.widget.v0", "test.gadget.v0").as_bytes())
        .unwrap_err();
    assert_eq!(error.rule(), Rule::UnknownFamily);
    assert_eq!(error.pointer(), "/type");
}

#[test]
fn a_known_family_at_an_unknown_version_is_an_unknown_version_error_at_type() {
    let error = AnyEvent::from_slice(V2.replace("test.widget.v2", "test.widget.v3").as_bytes())
        .unwrap_err();
    assert_eq!(error.rule(), Rule::UnknownVersion);
    assert_eq!(error.pointer(), "/type");
    assert!(
        error.message().contains("v0, v1, v2"),
        "{}",
        error.message()
    );
}

#[test]
fn the_family_enum_reports_an_unknown_version_as_such() {
    let error = TestWidget::from_slice(V2.replace("test.widget.v2", "test.widget.v3").as_bytes())
        .unwrap_err();
    assert_eq!(error.rule(), Rule::UnknownVersion);
    assert_eq!(error.pointer(), "/type");
}

#[test]
fn a_typed_decoder_refuses_another_version() {
    let error = v2::Event::from_json(V1).unwrap_err();
    assert_eq!(error.rule(), Rule::Const);
    assert_eq!(error.pointer(), "/type");
}

// Old and new wire names and values in the wrong version.

#[test]
fn an_old_wire_name_alone_in_a_new_version_is_a_missing_member() {
    let error = v1_with(r#""color": "teal""#, r#""colour": "teal""#).unwrap_err();
    assert_eq!(error.rule(), Rule::Required);
    assert_eq!(error.pointer(), "/data/widget/color");
}

#[test]
fn an_old_wire_name_next_to_the_new_one_is_kept_in_extra() {
    let json = V1.replacen(
        r#""color": "teal","#,
        r#""color": "teal", "colour": "grey","#,
        1,
    );
    let event = v1::Event::from_json(&json).unwrap();
    assert_eq!(event.data.widget.color, v1::Color::Teal);
    assert_eq!(
        event.data.widget.extra.get("colour").map(|v| v.get()),
        Some(r#""grey""#)
    );
    assert_eq!(event.to_json(), minify(&json));
}

#[test]
fn a_new_wire_name_in_an_old_version_is_kept_in_extra() {
    let json = V0.replacen(
        r#""colour": "grey","#,
        r#""colour": "grey", "color": "gray","#,
        1,
    );
    let event = v0::Event::from_json(&json).unwrap();
    assert_eq!(
        event.data.widget.extra.get("color").map(|v| v.get()),
        Some(r#""gray""#)
    );
}

#[test]
fn a_removed_member_sent_to_a_new_version_is_kept_in_extra() {
    let event = v2_with(
        r#""priority": 5,"#,
        r#""priority": 5, "legacyCode": "W-1","#,
    )
    .unwrap();
    assert_eq!(
        event.data.widget.extra.get("legacyCode").map(|v| v.get()),
        Some(r#""W-1""#)
    );
}

#[test]
fn an_old_value_of_a_renamed_variant_is_not_allowed_in_a_new_version() {
    let error = v1_with(r#"["gray", "crimson"]"#, r#"["grey", "crimson"]"#).unwrap_err();
    assert_eq!(error.rule(), Rule::AllowedValues);
    // The pointer names the element of the list.
    assert_eq!(error.pointer(), "/data/widget/accents/0");
}

#[test]
fn a_removed_value_is_not_allowed_in_a_new_version() {
    let error = v2_with(r#""color": "ultra-violet""#, r#""color": "crimson""#).unwrap_err();
    assert_eq!(error.rule(), Rule::AllowedValues);
    assert_eq!(error.pointer(), "/data/widget/color");
    assert!(
        error.message().contains("\"crimson\""),
        "{}",
        error.message()
    );
}

#[test]
fn a_removed_value_without_replacement_is_not_allowed_in_a_new_version() {
    let error = v2_with(r#""color": "ultra-violet""#, r#""color": "beige""#).unwrap_err();
    assert_eq!(error.rule(), Rule::AllowedValues);
    assert_eq!(error.pointer(), "/data/widget/color");
}

#[test]
fn an_added_value_is_not_allowed_in_an_old_version() {
    let error = v0::Event::from_json(&V0.replacen(r#""colour": "grey""#, r#""colour": "teal""#, 1))
        .unwrap_err();
    assert_eq!(error.rule(), Rule::AllowedValues);
    assert_eq!(error.pointer(), "/data/widget/colour");
}

#[test]
fn a_member_with_its_type_before_a_change_is_refused() {
    let error = v2_with(r#""count": 12"#, r#""count": "12""#).unwrap_err();
    assert_eq!(error.rule(), Rule::Type);
    assert_eq!(error.pointer(), "/data/widget/count");
}

#[test]
fn a_member_added_without_default_is_required_when_not_optional() {
    let error = v1_with(r#""priority": 1,"#, "").unwrap_err();
    assert_eq!(error.rule(), Rule::Required);
    assert_eq!(error.pointer(), "/data/widget/priority");
}

// Values built in code.

#[test]
fn a_value_built_in_code_encodes_in_declaration_order() {
    let widget = v2::Widget::builder()
        .widget_id(guid("9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d"))
        .color(v2::Color::UltraViolet)
        .size("3 m")
        .count(12u64)
        .priority(5u64)
        .accents(vec![v2::Color::Teal, v2::Color::Red])
        .build()
        .unwrap();
    let tag = v2::Tag::builder().key("line").value("b").build().unwrap();
    let data = v2::Data::builder()
        .timestamp(
            "2022-09-01T17:44:59.5Z"
                .parse::<vcc_events_runtime::Timestamp>()
                .unwrap(),
        )
        .widget(widget)
        .aliases(vec!["uv".to_owned()])
        .tags(vec![tag])
        .build()
        .unwrap();
    let mut event = v2::Event::new(
        "2aRhK1mQw3Xy7ZtPb9LcVdN4sEf".parse().unwrap(),
        "2022-09-01T17:45:00Z".parse().unwrap(),
        data,
    );
    event.datacontenttype = None;
    assert_eq!(event.to_json(), minify(V2));
}

#[test]
fn enum_values_list_only_the_values_of_their_version() {
    assert_eq!(
        v0::Color::ALL,
        [
            v0::Color::Red,
            v0::Color::Gray,
            v0::Color::Crimson,
            v0::Color::Beige
        ]
    );
    let v2_values: Vec<&str> = v2::Color::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(v2_values, ["red", "gray", "teal", "ultra-violet"]);
    assert_eq!(v0::Color::Gray.as_str(), "grey");
}

#[test]
fn a_builder_names_the_required_member_left_unset() {
    let error = v2::Tag::builder().key("line").build().unwrap_err();
    assert_eq!(error.type_name(), "Tag");
    assert_eq!(error.member(), "val");
    assert_eq!(
        error.to_string(),
        "cannot build Tag: the required member `val` is not set"
    );
}

#[test]
fn a_builder_started_from_a_value_builds_it_again_with_the_changes() {
    let event = v2::Event::from_json(V2).unwrap();
    let widget = v2::WidgetBuilder::from(event.data.widget.clone());
    let rebuilt = v2::WidgetBuilder::from(event.data.widget.clone())
        .owner(None)
        .build()
        .unwrap();
    assert_eq!(widget.build().unwrap(), event.data.widget);
    assert_eq!(rebuilt.owner, None);
    assert_eq!(rebuilt.extra, event.data.widget.extra);
}
