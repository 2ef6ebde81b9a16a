//! Published versions are frozen, end to end, on the test-only family `test.widget` (declared
//! in tests/support/widget.rs).
//!
//! The family's schemas as published live in `tests/fixtures/test.widget.published/` (not
//! under `schemas/`: the family is not part of the catalog). They are made by
//! [`regenerated`], the codegen schema function applied to the family's `VersionInfo`s; run
//! with `UPDATE_PUBLISHED=1` to write them again. The tests then change a "regenerated" schema
//! by editing the published JSON (the family cannot be declared anew per test) and run the same
//! pure functions `cargo xtask gen` and `cargo xtask check` use:
//! `vcc_events_codegen::freeze::{compare, decide}`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use vcc_events_codegen::compat::{Breaks, ChangeKind};
use vcc_events_codegen::freeze::{
    CHANGELOG_HEADER, Decision, Freeze, Mode, Status, compare, decide, utc_date,
};
use vcc_events_codegen::{GeneratedFile, doc_page_with_changes, generate_for, schema};
use vcc_events_runtime::{EventData, Family, VersionInfo};

use workspace_tests::widget::test_widget::{TestWidget, v0, v1, v2};

/// Where the family's published schemas are kept.
fn published_dir() -> PathBuf {
    workspace_tests::workspace_root().join("tests/fixtures/test.widget.published")
}

/// The family's versions, oldest first, as the macro exposes them.
fn versions() -> Vec<&'static VersionInfo> {
    let versions = TestWidget::VERSIONS.to_vec();
    let by_data = [
        <v0::Data as EventData>::INFO,
        <v1::Data as EventData>::INFO,
        <v2::Data as EventData>::INFO,
    ];
    assert_eq!(versions.len(), by_data.len());
    for (a, b) in versions.iter().zip(by_data) {
        assert!(std::ptr::eq(*a, b), "{} is the same info", a.event_type);
    }
    versions
}

/// The family's schema files as `cargo xtask gen` would write them under `schemas/`: the
/// codegen schema function's value, pretty-printed, with a final newline.
fn regenerated() -> Vec<GeneratedFile> {
    let files: Vec<GeneratedFile> = versions()
        .into_iter()
        .map(|info| GeneratedFile {
            path: Path::new("schemas").join(format!("{}.json", info.event_type)),
            contents: text(&schema(info)),
        })
        .collect();
    // The same text generation writes.
    let generated = generate_for(&versions());
    for file in &files {
        let same = generated.iter().find(|g| g.path == file.path);
        assert_eq!(same, Some(file), "{}", file.path.display());
    }
    files
}

/// A schema as a file's text.
fn text(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap() + "\n"
}

/// The published schemas, by the path they would have under `schemas/`.
fn published() -> BTreeMap<PathBuf, String> {
    let mut published = BTreeMap::new();
    for entry in fs::read_dir(published_dir()).expect("the published fixtures exist") {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".json") {
            let contents = fs::read_to_string(entry.path()).unwrap();
            published.insert(Path::new("schemas").join(name), contents);
        }
    }
    published
}

/// The published schema of `version` (e.g. `v1`) as JSON.
fn published_value(version: &str) -> Value {
    let path = format!("schemas/test.widget.{version}.json");
    serde_json::from_str(&published()[Path::new(&path)]).unwrap()
}

/// A version (e.g. `v1`) and an edit of its published schema.
type Edit = (&'static str, fn(&mut Value));

/// The regenerated files, with the schema of each edited version replaced by the edit applied
/// to its published JSON.
fn regenerated_with(edits: &[Edit]) -> Vec<GeneratedFile> {
    let mut files = regenerated();
    for (version, edit) in edits {
        let mut value = published_value(version);
        edit(&mut value);
        let path = PathBuf::from(format!("schemas/test.widget.{version}.json"));
        let file = files.iter_mut().find(|f| f.path == path).unwrap();
        file.contents = text(&value);
    }
    files
}

/// The value at `pointer`, which must exist.
fn at<'a>(value: &'a mut Value, pointer: &str) -> &'a mut Value {
    value
        .pointer_mut(pointer)
        .unwrap_or_else(|| panic!("no {pointer} in the published schema"))
}

fn statuses(freeze: &Freeze) -> Vec<(&str, Status)> {
    freeze
        .comparisons()
        .iter()
        .map(|c| (c.event_type.as_str(), c.status))
        .collect()
}

const V1_PATH: &str = "schemas/test.widget.v1.json";
const OWNER: &str = "/properties/data/properties/widget/properties/owner";
const SIZE: &str = "/properties/data/properties/widget/properties/size";

/// The published fixtures are what the family generates now (or are written anew with
/// `UPDATE_PUBLISHED=1`), and the family as declared changes none of its published versions.
#[test]
fn the_published_fixtures_are_the_declared_schemas() {
    let files = regenerated();
    if std::env::var_os("UPDATE_PUBLISHED").is_some() {
        fs::create_dir_all(published_dir()).unwrap();
        for file in &files {
            fs::write(
                published_dir().join(file.path.file_name().unwrap()),
                &file.contents,
            )
            .unwrap();
        }
    }
    let freeze = compare(&files, &published());
    assert!(
        !freeze.is_breaking(),
        "test.widget changes a published version:\n{}",
        freeze.refusal(Mode::Check)
    );
    assert_eq!(
        statuses(&freeze),
        [
            ("test.widget.v0", Status::Unchanged),
            ("test.widget.v1", Status::Unchanged),
            ("test.widget.v2", Status::Unchanged),
        ],
        "stale fixtures under {}: run `UPDATE_PUBLISHED=1 cargo test -p workspace-tests --test freeze`",
        published_dir().display()
    );
}

/// (a) `widget.owner` is optional in v1: making it required breaks v1's producers' events.
#[test]
fn making_an_optional_member_required_is_refused() {
    let old = published_value("v1");
    assert!(
        !old["$defs"]["Widget"]["required"]
            .as_array()
            .unwrap()
            .contains(&json!("owner")),
        "owner is optional in the published v1"
    );
    let files = regenerated_with(&[("v1", |v| {
        at(v, "/$defs/Widget/required")
            .as_array_mut()
            .unwrap()
            .push(json!("owner"));
    })]);
    let freeze = compare(&files, &published());
    assert!(freeze.is_breaking());
    let v1 = freeze.get(Path::new(V1_PATH)).unwrap();
    assert_eq!(v1.status, Status::Breaking);
    let changes: Vec<_> = v1
        .report
        .breaking_changes()
        .map(|c| (c.pointer.as_str(), c.kind, c.breaks))
        .collect();
    assert_eq!(
        changes,
        [(OWNER, ChangeKind::RequiredAdded, Breaks::Backward)]
    );

    let Decision::Refuse { message } = decide(&freeze, None, "2024-05-01", None) else {
        panic!("a breaking change was let through")
    };
    assert!(message.starts_with(
        "refusing to change 1 published version(s) in a breaking way; nothing was written\n"
    ));
    assert!(message.contains(&format!(
        "\n{V1_PATH} (test.widget.v1): 1 breaking change\n  required_added {OWNER} (breaks backward): `data.widget.owner` is now required"
    )), "{message}");
    assert!(
        message.contains("`#[family(name = \"test.widget\", versions(..., v3(...)))]`"),
        "the hint names the next version after v2:\n{message}"
    );
    assert!(message.contains("cargo xtask gen --allow-breaking \"<reason>\""));
    // `cargo xtask check` says the same, with its own headline.
    assert!(
        freeze
            .refusal(Mode::Check)
            .contains("would change in a breaking way")
    );
}

/// (b) Changing the type of `widget.size` from text to a number breaks both directions.
#[test]
fn changing_a_member_type_is_refused() {
    let files = regenerated_with(&[("v1", |v| {
        *at(v, "/$defs/Widget/properties/size/type") = json!("integer");
    })]);
    let freeze = compare(&files, &published());
    let v1 = freeze.get(Path::new(V1_PATH)).unwrap();
    assert_eq!(v1.status, Status::Breaking);
    let change = v1.report.breaking_changes().next().unwrap();
    assert_eq!(
        (change.pointer.as_str(), change.kind, change.breaks),
        (SIZE, ChangeKind::TypeChanged, Breaks::Both)
    );
    let Decision::Refuse { message } = decide(&freeze, None, "2024-05-01", None) else {
        panic!("a breaking change was let through")
    };
    assert!(
        message.contains(&format!(
            "  type_changed {SIZE} (breaks backward and forward): "
        )),
        "{message}"
    );
}

/// (c) Adding an optional member to an open object breaks nobody: written, and listed.
#[test]
fn adding_an_optional_member_passes_and_is_listed() {
    let files = regenerated_with(&[("v1", |v| {
        at(v, "/$defs/Widget/properties")
            .as_object_mut()
            .unwrap()
            .insert(
                "weight".to_owned(),
                json!({"type": "number", "description": "The weight in grams."}),
            );
    })]);
    let freeze = compare(&files, &published());
    assert!(!freeze.is_breaking());
    assert_eq!(
        freeze.get(Path::new(V1_PATH)).unwrap().status,
        Status::Compatible
    );
    let Decision::Write { summary, changelog } = decide(&freeze, None, "2024-05-01", None) else {
        panic!("a compatible change was refused")
    };
    assert_eq!(changelog, None, "nothing to record");
    assert_eq!(
        summary,
        format!(
            "changed {V1_PATH} (compatible: 1 change)\n  \
             property_added /properties/data/properties/widget/properties/weight (compatible): \
             `data.widget.weight` was added; older readers accept and ignore it.\n"
        )
    );
}

/// (d) `--allow-breaking "<reason>"` writes, and records type, date, changes and reason in the
/// changelog, newest first, below the hand-editable header.
#[test]
fn allow_breaking_records_the_change_in_the_changelog() {
    let files = regenerated_with(&[("v1", |v| {
        at(v, "/$defs/Widget/required")
            .as_array_mut()
            .unwrap()
            .push(json!("owner"));
    })]);
    let freeze = compare(&files, &published());
    // The date as `cargo xtask gen` takes it from SOURCE_DATE_EPOCH: 2024-05-01T12:00:00Z.
    let date = utc_date(1_714_564_800);
    assert_eq!(date, "2024-05-01");
    let committed = include_str!("../docs/CHANGELOG.md");
    let existing = format!(
        "{}\n\n## 2024-01-02 — test.widget.v0\n\nAn older entry.\n",
        committed.trim_end()
    );
    let Decision::Write { summary, changelog } = decide(
        &freeze,
        Some("every producer already sends the owner"),
        &date,
        Some(&existing),
    ) else {
        panic!("--allow-breaking refused")
    };
    assert_eq!(
        summary,
        format!(
            "changed {V1_PATH} (BREAKING, allowed with --allow-breaking, recorded in docs/CHANGELOG.md)\n  \
             required_added {OWNER} (breaks backward): `data.widget.owner` is now required; older producers may leave it out.\n"
        )
    );
    let changelog = changelog.expect("the change is recorded");
    let expected_entry = format!(
        "## 2024-05-01 — test.widget.v1\n\n\
         Breaking change to the published `test.widget.v1` (`{V1_PATH}`), written with \
         `cargo xtask gen --allow-breaking`.\n\n\
         Reason: every producer already sends the owner\n\n\
         - `required_added` at `{OWNER}` (breaks backward): `data.widget.owner` is now required; \
         older producers may leave it out.\n"
    );
    assert_eq!(
        changelog,
        format!(
            "{}\n\n{expected_entry}\n## 2024-01-02 — test.widget.v0\n\nAn older entry.\n",
            committed.trim_end()
        )
    );
    assert!(changelog.starts_with(CHANGELOG_HEADER.lines().next().unwrap()));
}

/// (e) One breaking file among several: nothing is written, and every breaking file is listed
/// (everything is checked before anything is written); the compatible one is not blamed.
#[test]
fn one_breaking_file_among_several_writes_nothing() {
    let files = regenerated_with(&[
        ("v0", |v| {
            *at(v, "/$defs/Widget/description") = json!("A widget, described anew.");
        }),
        ("v1", |v| {
            *at(v, "/$defs/Widget/properties/size/type") = json!("integer");
        }),
        ("v2", |v| {
            // The last accent colour value is gone.
            at(v, "/$defs/Color/enum").as_array_mut().unwrap().pop();
        }),
    ]);
    let freeze = compare(&files, &published());
    assert_eq!(
        statuses(&freeze),
        [
            ("test.widget.v0", Status::Compatible),
            ("test.widget.v1", Status::Breaking),
            ("test.widget.v2", Status::Breaking),
        ]
    );
    let decision = decide(&freeze, None, "2024-05-01", None);
    let Decision::Refuse { message } = &decision else {
        panic!("written: {decision:?}")
    };
    assert!(message.starts_with(
        "refusing to change 2 published version(s) in a breaking way; nothing was written\n"
    ));
    assert!(
        message.contains("\nschemas/test.widget.v1.json (test.widget.v1): 1 breaking change\n")
    );
    assert!(message.contains("\nschemas/test.widget.v2.json (test.widget.v2): "));
    assert!(!message.contains("test.widget.v0.json"), "{message}");

    // What gen does with the decision: only `Write` lets files through, so the published files
    // stay exactly as they were.
    let mut on_disk = published();
    let before = on_disk.clone();
    if let Decision::Write { .. } = decision {
        for file in &files {
            on_disk.insert(file.path.clone(), file.contents.clone());
        }
    }
    assert_eq!(on_disk, before);
}

/// A version never published is new, not frozen; a published version no longer declared is
/// refused like a breaking change.
#[test]
fn new_versions_are_free_and_removed_ones_are_refused() {
    let mut published = published();
    published.remove(Path::new("schemas/test.widget.v2.json"));
    let freeze = compare(&regenerated(), &published);
    assert_eq!(
        freeze
            .get(Path::new("schemas/test.widget.v2.json"))
            .map(|c| c.status),
        Some(Status::New)
    );
    assert!(!freeze.is_breaking());

    let files: Vec<GeneratedFile> = regenerated()
        .into_iter()
        .filter(|f| !f.path.ends_with("test.widget.v2.json"))
        .collect();
    let freeze = compare(&files, &self::published());
    assert_eq!(
        freeze
            .get(Path::new("schemas/test.widget.v2.json"))
            .map(|c| c.status),
        Some(Status::Removed)
    );
    let Decision::Refuse { message } = decide(&freeze, None, "2024-05-01", None) else {
        panic!("a removed version was let through")
    };
    assert!(message.contains("schemas/test.widget.v2.json (test.widget.v2): the published version is no longer generated"), "{message}");
}

/// The doc page of each later version lists the changes from the version before.
#[test]
fn doc_pages_list_the_changes_from_the_previous_version() {
    let [v0, v1, v2] = versions()[..] else {
        panic!("three versions")
    };
    assert!(!vcc_events_codegen::doc_page(v0).contains("## Changes from"));
    let page = doc_page_with_changes(v1, Some(v0));
    let section = page
        .split_once("\n## Changes from v0\n\n")
        .map(|(_, s)| s)
        .expect("v1's page has the section");
    for row in [
        // `colour` renamed `color`: removed and added in an open object.
        "| `property_removed` | `/properties/data/properties/widget/properties/colour` |",
        "| `property_added` | `/properties/data/properties/widget/properties/color` |",
        // `size` changed from a number to text.
        &format!("| `type_changed` | `{SIZE}` |"),
        // `owner` added, optional.
        &format!("| `property_added` | `{OWNER}` |"),
    ] {
        assert!(section.contains(row), "no row {row} in:\n{section}");
    }
    assert!(
        section
            .contains("Backward compatible (a reader of this version accepts every v0 event): no.")
    );
    assert!(
        !section.contains("/properties/type"),
        "the type is set aside"
    );

    let page = doc_page_with_changes(v2, Some(v1));
    assert!(page.contains("\n## Changes from v1\n\n"));
    assert!(
        page.contains("\"ultra-violet\""),
        "the added colour is listed"
    );

    // Generation adds the sections by itself.
    let generated = generate_for(&versions());
    let doc = |name: &str| {
        generated
            .iter()
            .find(|f| f.path.ends_with(name))
            .map(|f| f.contents.clone())
            .unwrap()
    };
    assert_eq!(
        doc("test.widget.v1.md"),
        doc_page_with_changes(v1, Some(v0))
    );
    assert_eq!(
        doc("test.widget.v2.md"),
        doc_page_with_changes(v2, Some(v1))
    );
}

/// One edit of a shared shape changes every family that uses it: the freeze compares each
/// published version and refuses the edit, naming every version it breaks.
#[test]
fn an_edit_of_a_shared_shape_is_refused_for_every_published_version_it_breaks() {
    use workspace_tests::shared::{after, before};
    let files = |versions: &[&'static VersionInfo]| -> Vec<GeneratedFile> {
        generate_for(versions)
            .into_iter()
            .filter(|f| f.path.starts_with("schemas") && f.path.to_string_lossy().contains(".v0."))
            .collect()
    };
    let published: BTreeMap<PathBuf, String> = files(&[
        <before::test_alpha::v0::Data as EventData>::INFO,
        <before::test_beta::v0::Data as EventData>::INFO,
    ])
    .into_iter()
    .map(|f| (f.path, f.contents))
    .collect();
    let edited = files(&[
        <after::test_alpha::v0::Data as EventData>::INFO,
        <after::test_beta::v0::Data as EventData>::INFO,
    ]);
    let freeze = compare(&edited, &published);
    assert_eq!(
        statuses(&freeze),
        [
            ("test.alpha.v0", Status::Breaking),
            ("test.beta.v0", Status::Breaking)
        ]
    );
    let Decision::Refuse { message } = decide(&freeze, None, "2024-05-01", None) else {
        panic!("an edit that breaks published versions is refused")
    };
    for event_type in ["test.alpha.v0", "test.beta.v0"] {
        assert!(message.contains(event_type), "{event_type} in:\n{message}");
    }
    assert!(
        message.contains("/properties/data/properties/holder/properties/party/properties/agentId"),
        "{message}"
    );
}

/// Every channel family uses the one shared `Channel`: the same Rust type, and the same
/// `$defs` entries in every published channel schema, but for the one description
/// `channel.parked` gives its `channelId` with `#[describe]` (its page's own sentence).
#[test]
fn every_channel_family_shares_one_channel_shape() {
    use vcc_events::channel::Channel;
    fn channel_of<D: EventData>(data: &D, get: fn(&D) -> &Channel) -> Channel {
        get(data).clone()
    }
    let parked = vcc_events::channel_parked::v0::Event::from_slice(
        workspace_tests::seed_example().as_bytes(),
    )
    .unwrap();
    let _: Channel = channel_of(&parked.data, |d| &d.channel);
    let channel_schemas: Vec<Value> = vcc_events::versions()
        .into_iter()
        .filter(|info| info.source == "/channel")
        .map(schema)
        .collect();
    assert_eq!(channel_schemas.len(), 12);
    let channel_id = "/$defs/Channel/properties/channelId/description";
    let as_shared = |schema: &Value| -> Value {
        let mut schema = schema.clone();
        if schema["title"] == "channel.parked.v0" {
            let description = schema.pointer_mut(channel_id).expect("channelId");
            assert_eq!(
                *description,
                "The unique identifier of the connected channel that has been interrupted. It is a UUID."
            );
            *description = json!("The unique identifier of the channel, a GUID.");
        }
        schema
    };
    let channel_schemas: Vec<Value> = channel_schemas.iter().map(as_shared).collect();
    for defs in ["Channel", "Party", "Role"] {
        let first = &channel_schemas[0]["$defs"][defs];
        assert!(first.is_object(), "{defs}");
        for schema in &channel_schemas {
            assert_eq!(
                &schema["$defs"][defs], first,
                "{defs} in {}",
                schema["title"]
            );
        }
    }
}
