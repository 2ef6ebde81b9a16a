//! Every documented version besides the seed: its documented example is its canonical example,
//! decodes, re-encodes to its own bytes and is valid under its published schema; each invalid
//! fixture fails with the rule and at the JSON pointer its case states (see
//! `tests/support/catalog.rs`).

use std::path::Path;

use serde_json::Value;
use vcc_events::AnyEvent;
use vcc_events_runtime::minify_json;
use workspace_tests::catalog::DOCUMENTED;
use workspace_tests::{Case, Expect, fixtures_dir};

fn case(folder: &str, file: &str) -> &'static Case {
    DOCUMENTED
        .iter()
        .find(|c| c.folder == folder && c.file == file)
        .unwrap_or_else(|| panic!("no case {folder}/{file}"))
}

fn check(folder: &str, file: &str) {
    let case = case(folder, file);
    let bytes = case.bytes();
    match (case.expect, AnyEvent::from_slice(&bytes)) {
        (Expect::Valid, Ok(event)) => {
            assert_eq!(
                event.event_type(),
                folder,
                "{file}: decoded as another type"
            );
            let input = std::str::from_utf8(&bytes).expect("fixtures are UTF-8");
            assert_eq!(
                event.to_json(),
                minify_json(input),
                "{folder}/{file}: re-encoding changed the bytes"
            );
        }
        (Expect::Valid, Err(e)) => panic!("{folder}/{file} should decode, got: {e}"),
        (Expect::Invalid { rule, pointer, .. }, Ok(_)) => {
            panic!("{folder}/{file} should fail with {rule} at {pointer:?}, but it decoded")
        }
        (Expect::Invalid { rule, pointer, .. }, Err(e)) => {
            assert_eq!(
                (e.rule(), e.pointer()),
                (rule, pointer),
                "{folder}/{file}: {e}"
            );
        }
    }
}

macro_rules! fixtures {
    ($($name:ident => $folder:literal / $file:literal,)*) => {
        $(
            #[test]
            fn $name() {
                check($folder, $file);
            }
        )*

        #[test]
        fn every_documented_fixture_has_a_test_and_a_case() {
            let mut tested: Vec<(&str, &str)> = vec![$(($folder, $file)),*];
            tested.sort();
            let mut listed: Vec<(&str, &str)> = DOCUMENTED.iter().map(|c| (c.folder, c.file)).collect();
            listed.sort();
            assert_eq!(listed, tested, "the case table and the tests list different fixtures");
            let mut on_disk = Vec::new();
            for folder in DOCUMENTED.iter().map(|c| c.folder) {
                for entry in std::fs::read_dir(fixtures_dir().join(folder)).expect("fixtures folder") {
                    let name = entry.expect("a folder entry").file_name().into_string().expect("UTF-8 names");
                    on_disk.push((folder, name));
                }
            }
            on_disk.sort();
            on_disk.dedup();
            let listed: Vec<(&str, String)> = listed.into_iter().map(|(f, n)| (f, n.to_owned())).collect();
            assert_eq!(on_disk, listed, "fixture files and the case table differ");
        }
    };
}

fixtures! {
    alerted_v0_example => "channel.alerted.v0" / "valid-documented-example.json",
    alerted_v1_example => "channel.alerted.v1" / "valid-documented-example.json",
    connected_example => "channel.connected.v0" / "valid-documented-example.json",
    connectionfailed_example => "channel.connectionfailed.v0" / "valid-documented-example.json",
    connectionfailed_keeps_an_undocumented_reason => "channel.connectionfailed.v0" / "valid-unknown-reason.json",
    connectionfailed_needs_a_reason => "channel.connectionfailed.v0" / "invalid-missing-reason.json",
    connectionfailed_reason_is_a_string => "channel.connectionfailed.v0" / "invalid-reason-not-a-string.json",
    held_v0_example => "channel.held.v0" / "valid-documented-example.json",
    held_v1_example => "channel.held.v1" / "valid-documented-example.json",
    retrieved_example => "channel.retrieved.v0" / "valid-documented-example.json",
    retrieved_subject_is_its_own_channel => "channel.retrieved.v0" / "invalid-subject-not-channel-id.json",
    unparked_example => "channel.unparked.v0" / "valid-documented-example.json",
    resumed_example => "channel.resumed.v0" / "valid-documented-example.json",
    wrapstarted_example => "channel.wrapstarted.v0" / "valid-documented-example.json",
    ended_example => "channel.ended.v0" / "valid-documented-example.json",
    ended_keeps_an_undocumented_reason => "channel.ended.v0" / "valid-unknown-reason.json",
    ended_needs_a_reason => "channel.ended.v0" / "invalid-missing-reason.json",
    ended_reason_is_a_string => "channel.ended.v0" / "invalid-reason-not-a-string.json",
    presencechanged_example_as_repaired => "agent.presencechanged.v0" / "valid-documented-example.json",
    presencechanged_user_id_is_optional => "agent.presencechanged.v0" / "valid-without-user-id.json",
    presencechanged_keeps_an_undocumented_category => "agent.presencechanged.v0" / "valid-unknown-category.json",
    presencechanged_example_as_documented_lacks_a_comma => "agent.presencechanged.v0" / "invalid-as-documented-missing-comma.json",
    presencechanged_source_is_agent => "agent.presencechanged.v0" / "invalid-source-channel.json",
    presencechanged_subject_equals_the_agent_id => "agent.presencechanged.v0" / "invalid-subject-not-agent-id.json",
    presencechanged_subject_is_digits => "agent.presencechanged.v0" / "invalid-subject-not-digits.json",
    presencechanged_subject_is_not_a_guid => "agent.presencechanged.v0" / "invalid-subject-guid.json",
    presencechanged_needs_the_agent_id => "agent.presencechanged.v0" / "invalid-missing-agent-id.json",
    presencechanged_agent_id_is_a_string => "agent.presencechanged.v0" / "invalid-agent-id-number.json",
    presencechanged_presence_id_is_a_guid => "agent.presencechanged.v0" / "invalid-presence-id-not-guid.json",
    presencechanged_category_type_is_a_string => "agent.presencechanged.v0" / "invalid-category-type-not-a-string.json",
    presencechanged_needs_a_presence => "agent.presencechanged.v0" / "invalid-missing-presence.json",
}

/// The malformed documented example is reported where the comma is missing: the line and
/// column of the member that follows it.
#[test]
fn the_documented_presencechanged_example_is_reported_at_its_line_and_column() {
    let case = case(
        "agent.presencechanged.v0",
        "invalid-as-documented-missing-comma.json",
    );
    let error = AnyEvent::from_slice(&case.bytes()).expect_err("a comma is missing");
    assert_eq!(
        (error.line(), error.column()),
        (Some(22), Some(10)),
        "{error}"
    );
}

/// Every declared version's canonical example is its documented example (the files under
/// `crates/catalog/events/`), and the published schema accepts it.
#[test]
fn every_version_has_its_documented_example_as_canonical_example() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for info in vcc_events::versions() {
        let path = root
            .join("crates/catalog/events")
            .join(format!("{}.json", info.event_type));
        let file =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(
            info.example, file,
            "{}: the canonical example is not the file",
            info.event_type
        );
        let schema_path = root
            .join("schemas")
            .join(format!("{}.json", info.event_type));
        let schema: Value =
            serde_json::from_str(&std::fs::read_to_string(&schema_path).unwrap()).unwrap();
        let validator = jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .expect("a published schema compiles");
        let example: Value = serde_json::from_str(&file).unwrap();
        assert!(
            validator.is_valid(&example),
            "{}: the schema refuses its example",
            info.event_type
        );
    }
}

/// The catalog declares the thirteen documented versions, in lifecycle order.
#[test]
fn the_catalog_declares_every_documented_version() {
    let types: Vec<&str> = vcc_events::versions()
        .iter()
        .map(|v| v.event_type)
        .collect();
    assert_eq!(
        types,
        [
            "channel.alerted.v0",
            "channel.alerted.v1",
            "channel.connected.v0",
            "channel.connectionfailed.v0",
            "channel.held.v0",
            "channel.held.v1",
            "channel.retrieved.v0",
            "channel.parked.v0",
            "channel.unparked.v0",
            "channel.resumed.v0",
            "channel.wrapstarted.v0",
            "channel.ended.v0",
            "agent.presencechanged.v0",
        ]
    );
}

/// An open set: a documented value decodes as known, any other string as another value,
/// and both re-encode as sent.
#[test]
fn a_reader_tells_a_known_reason_from_another_one() {
    use vcc_events::channel_ended::v0::{Event, Reason};
    let known =
        Event::from_slice(&case("channel.ended.v0", "valid-documented-example.json").bytes())
            .expect("the documented example decodes");
    assert_eq!(known.data.reason.known(), Some(Reason::Released));
    let other = Event::from_slice(&case("channel.ended.v0", "valid-unknown-reason.json").bytes())
        .expect("an undocumented reason decodes");
    assert_eq!(other.data.reason.known(), None);
    assert_eq!(other.data.reason.as_str(), "transferredAway");
    assert!(other.to_json().contains(r#""reason":"transferredAway""#));
}

/// The published schema of an open set accepts any string and names the known values as
/// examples; the doc page lists them and says the set is open. The closed `role` keeps its
/// `enum`.
#[test]
fn open_sets_are_documented_as_open_and_closed_sets_stay_closed() {
    let info = vcc_events::versions()
        .into_iter()
        .find(|v| v.event_type == "channel.ended.v0")
        .expect("declared");
    let schema = vcc_events_codegen::schema(info);
    assert_eq!(schema["$defs"]["Reason"]["type"], "string");
    assert_eq!(
        schema["$defs"]["Reason"]["examples"],
        serde_json::json!(["released"])
    );
    assert!(schema["$defs"]["Reason"].get("enum").is_none());
    assert_eq!(
        schema["$defs"]["Role"]["enum"],
        serde_json::json!(["external", "agent", "monitor", "voicemail"])
    );
    let page = vcc_events_codegen::doc_page(info);
    assert!(
        page.contains("an open set: known values `released`"),
        "{page}"
    );
    assert!(page.contains("any other string may come and is kept as sent"));
}

/// The documented presence values are known values, spelled as the platform sends them.
#[test]
fn the_documented_presence_values_are_known() {
    use vcc_events::agent_presencechanged::v0::{Event, PresenceType, Subcategory};
    let event = Event::from_slice(
        &case("agent.presencechanged.v0", "valid-documented-example.json").bytes(),
    )
    .expect("the repaired example decodes");
    let category = &event.data.presence.category;
    assert_eq!(category.kind.known(), Some(PresenceType::Ready));
    assert_eq!(
        category.subcategory.as_ref().and_then(|s| s.known()),
        Some(Subcategory::ReadyOutbound)
    );
    let other =
        Event::from_slice(&case("agent.presencechanged.v0", "valid-unknown-category.json").bytes())
            .expect("undocumented values decode");
    assert_eq!(other.data.presence.category.kind.as_str(), "lunch");
    assert_eq!(other.data.presence.category.kind.known(), None);
}

fn info(event_type: &str) -> &'static vcc_events::VersionInfo {
    vcc_events::versions()
        .into_iter()
        .find(|v| v.event_type == event_type)
        .unwrap_or_else(|| panic!("{event_type} is declared"))
}

/// Version 1 of `alerted` and `held` changes what `time` means, not the wire: the page says
/// why the version exists, that nothing changed on the wire, and what `time` meant and means;
/// it never says that nothing changed. The beta banner is gone.
#[test]
fn a_change_of_meaning_shows_next_to_an_unchanged_wire() {
    for (v0, v1, moment) in [
        (
            "channel.alerted.v0",
            "channel.alerted.v1",
            "the moment the channel started alerting",
        ),
        (
            "channel.held.v0",
            "channel.held.v1",
            "the moment the channel was put on hold",
        ),
    ] {
        let (v0, v1) = (info(v0), info(v1));
        assert_eq!(
            v1.meaning_of("time").map(|m| m.contains(moment)),
            Some(true)
        );
        let page = vcc_events_codegen::doc_page_with_changes(v1, Some(v0));
        let section = page
            .split("## Changes from v0\n")
            .nth(1)
            .expect("a changes section");
        assert!(section.contains("Nothing changed on the wire"), "{section}");
        assert!(!section.contains("Nothing else changed"), "{section}");
        assert!(section.contains(&format!(
            "| `/time` | An ISO 8601 UTC datetime representing the moment the notification was sent. | An ISO 8601 UTC datetime representing {moment}"
        )), "{section}");
        assert!(
            section.contains(v1.why),
            "the reason for the version: {section}"
        );
        assert!(
            !page.contains("Beta/Early Access Program"),
            "v1 left the beta program"
        );
        assert!(vcc_events_codegen::doc_page(v0).contains("Beta/Early Access Program"));
    }
}

/// Families the platform names without documenting them are not guessed at: decoding one is
/// the unknown-type error.
#[test]
fn named_but_undocumented_families_are_unknown_types() {
    for family in vcc_events::UNDOCUMENTED {
        let event = format!(
            r#"{{"specversion":"1.0","type":"{}.v0","id":"2VejGqWZPqHXHVNcfUPUO8IASAp","source":"{}","subject":"740109c1-12d5-430f-9543-131fe5c4edcb","time":"2022-08-30T14:34:36.6134321Z","data":{{}}}}"#,
            family.family, family.source
        );
        let error = AnyEvent::from_slice(event.as_bytes()).expect_err("not declared");
        assert_eq!(
            (error.rule(), error.pointer()),
            (vcc_events::Rule::UnknownFamily, "/type"),
            "{}: {error}",
            family.family
        );
    }
}
