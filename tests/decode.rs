//! Decoding the `channel.parked.v0` fixtures: each valid one decodes and gives back the same
//! bytes; each invalid one fails with the rule and the JSON pointer its case states.

use vcc_events::AnyEvent;
use vcc_events::channel_parked::v0;
use vcc_events_runtime::minify_json;
use workspace_tests::{CHANNEL_PARKED_V0, Case, Expect, case, fixtures_dir};

fn check(file: &str) {
    let case: &Case = case(file);
    let bytes = case.bytes();
    let result = AnyEvent::from_slice(&bytes);
    match (case.expect, result) {
        (Expect::Valid, Ok(event)) => {
            let input = std::str::from_utf8(&bytes).expect("fixtures are UTF-8");
            assert_eq!(
                event.to_json(),
                minify_json(input),
                "{file}: re-encoding changed the bytes"
            );
            let typed = v0::Event::from_slice(&bytes).expect("the typed decoder agrees");
            assert_eq!(
                typed.to_json(),
                event.to_json(),
                "{file}: typed and any-event encodings differ"
            );
        }
        (Expect::Valid, Err(e)) => panic!("{file} should decode, got: {e}"),
        (Expect::Invalid { rule, pointer, .. }, Ok(_)) => {
            panic!("{file} should fail with {rule} at {pointer:?}, but it decoded")
        }
        (Expect::Invalid { rule, pointer, .. }, Err(e)) => {
            assert_eq!((e.rule(), e.pointer()), (rule, pointer), "{file}: {e}");
            assert!(!e.message().is_empty(), "{file}: empty message");
            if rule == vcc_events::Rule::Syntax {
                assert!(
                    e.line().is_some() && e.column().is_some(),
                    "{file}: syntax errors give the line"
                );
            }
            // Decoding as the version directly gives the same verdict, except for the `type`
            // rules, which only the any-event decoder distinguishes.
            if !matches!(
                rule,
                vcc_events::Rule::UnknownFamily | vcc_events::Rule::UnknownVersion
            ) {
                let typed =
                    v0::Event::from_slice(&bytes).expect_err("the typed decoder also refuses it");
                assert_eq!(
                    (typed.rule(), typed.pointer()),
                    (rule, pointer),
                    "{file} (typed): {typed}"
                );
            }
        }
    }
}

macro_rules! fixtures {
    ($($name:ident => $file:literal,)*) => {
        $(
            #[test]
            fn $name() {
                check($file);
            }
        )*

        #[test]
        fn every_fixture_has_a_test_and_every_test_a_fixture() {
            let tested = [$($file),*];
            let mut on_disk: Vec<String> = std::fs::read_dir(fixtures_dir().join("channel.parked.v0"))
                .expect("fixtures folder")
                .filter_map(|e| e.ok()?.file_name().into_string().ok())
                .filter(|n| n.ends_with(".json"))
                .collect();
            on_disk.sort();
            let mut listed: Vec<&str> = CHANNEL_PARKED_V0.iter().map(|c| c.file).collect();
            listed.sort();
            let mut tested = tested.to_vec();
            tested.sort();
            assert_eq!(listed, tested, "the case table and the tests list different fixtures");
            assert_eq!(on_disk, listed, "fixture files and the case table differ");
        }
    };
}

fixtures! {
    seed_example_round_trips_byte_for_byte => "valid-seed-example.json",
    extension_attributes_are_kept_in_place => "valid-with-extension-attributes.json",
    an_external_party_needs_no_agent_or_user_id => "valid-external-party-without-ids.json",
    unknown_data_members_are_kept_in_place => "valid-unknown-data-members.json",
    upper_case_guids_are_accepted_and_kept => "valid-upper-case-guids.json",
    members_in_another_order_keep_their_order => "valid-members-in-another-order.json",
    datacontenttype_is_optional => "valid-without-datacontenttype.json",
    the_largest_ksuid_is_accepted => "valid-largest-ksuid.json",
    a_leap_second_is_accepted => "valid-leap-second.json",
    type_may_come_last => "valid-type-stated-last.json",
    specversion_must_be_1_0 => "invalid-specversion.json",
    an_unknown_family_is_refused => "invalid-type-unknown-family.json",
    a_known_family_at_an_unknown_version_is_refused => "invalid-type-unknown-version.json",
    id_must_be_27_base62_characters => "invalid-id-not-ksuid.json",
    id_must_not_exceed_the_largest_ksuid => "invalid-id-above-largest-ksuid.json",
    source_must_be_channel => "invalid-source.json",
    subject_must_be_a_guid => "invalid-subject-not-guid.json",
    subject_must_equal_the_channel_id => "invalid-subject-not-channel-id.json",
    time_must_be_utc => "invalid-time-with-offset.json",
    time_must_be_a_real_date => "invalid-time-impossible-date.json",
    data_timestamp_must_be_a_date_time => "invalid-timestamp-not-a-date-time.json",
    conversation_id_must_be_a_guid => "invalid-conversation-id.json",
    interaction_id_must_be_a_guid => "invalid-interaction-id.json",
    channel_id_must_be_a_guid => "invalid-channel-id.json",
    user_id_must_be_a_guid => "invalid-user-id.json",
    role_must_be_an_allowed_value => "invalid-role.json",
    role_is_checked_when_type_comes_last => "invalid-role-type-stated-last.json",
    agent_id_must_be_digits => "invalid-agent-id-not-digits.json",
    agent_id_must_not_be_null => "invalid-agent-id-null.json",
    agent_id_must_be_a_string => "invalid-agent-id-number.json",
    id_is_required => "invalid-missing-id.json",
    time_is_required => "invalid-missing-time.json",
    role_is_required => "invalid-missing-role.json",
    channel_is_required => "invalid-missing-channel.json",
    extension_names_are_lower_case => "invalid-extension-name-upper-case.json",
    extension_names_have_at_most_20_characters => "invalid-extension-name-too-long.json",
    extension_values_are_strings_integers_or_booleans => "invalid-extension-value-object.json",
    data_base64_is_refused => "invalid-data-base64.json",
    data_must_be_an_object_not_a_string => "invalid-data-as-string.json",
    datacontenttype_must_be_application_json => "invalid-datacontenttype.json",
    an_attribute_must_not_appear_twice => "invalid-duplicate-attribute.json",
    truncated_json_is_a_syntax_error => "invalid-truncated-json.json",
    an_event_is_a_json_object => "invalid-not-an-object.json",
    empty_input_is_refused => "invalid-empty.json",
}

#[test]
fn the_catalogs_canonical_example_is_the_seed_example() {
    let seed = case("valid-seed-example.json").bytes();
    let seed = minify_json(std::str::from_utf8(&seed).expect("UTF-8"));
    let info = vcc_events::versions()
        .into_iter()
        .find(|v| v.event_type == "channel.parked.v0")
        .expect("channel.parked.v0 is declared");
    assert_eq!(minify_json(info.example), seed);
}
