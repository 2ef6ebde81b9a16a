//! The published files: `schemas/` and `docs/events/` are exactly what `cargo xtask gen`
//! makes from the catalog, generation is deterministic, every schema is a valid draft 2020-12
//! schema that accepts what the declared types encode, and the doc page of
//! `channel.parked.v0` keeps the platform's wording.

use std::path::Path;

use serde_json::Value;
use vcc_events::describe::Shape;
use vcc_events::{AnyEvent, VersionInfo};
use vcc_events_codegen::{doc_page, generate, schema};
use workspace_tests::workspace_root as root;

/// The committed generated files (schemas, docs, consumer crates) must equal a fresh
/// generation, and no file generation no longer produces may linger: the same check as
/// `cargo xtask check`.
#[test]
fn generated_files_are_fresh() {
    let files = xtask::generate_all(root()).expect("generation works");
    let problems = xtask::out_of_date(root(), &files).expect("the files can be read");
    assert!(
        problems.is_empty(),
        "generated files are out of date:\n{}\nrun `cargo xtask gen` and commit the result",
        problems.join("\n")
    );
}

#[test]
fn generation_is_deterministic() {
    let first = xtask::generate_all(root()).expect("generation works");
    let second = xtask::generate_all(root()).expect("generation works");
    assert_eq!(first.len(), second.len());
    for (a, b) in first.iter().zip(&second) {
        assert_eq!(a.path, b.path);
        assert!(
            a.contents == b.contents,
            "{} differs between two generations",
            a.path.display()
        );
    }
}

/// Every file under `schemas/` that generation writes, parsed: the per-version schemas.
fn published_schemas() -> Vec<(&'static VersionInfo, Value)> {
    let files = generate();
    vcc_events::versions()
        .into_iter()
        .map(|info| {
            let path = Path::new("schemas").join(format!("{}.json", info.event_type));
            let file = files
                .iter()
                .find(|f| f.path == path)
                .unwrap_or_else(|| panic!("{} is not generated", path.display()));
            let value: Value = serde_json::from_str(&file.contents).expect("a schema is JSON");
            assert_eq!(
                value,
                schema(info),
                "the file is the schema `schema()` returns"
            );
            (info, value)
        })
        .collect()
}

#[test]
fn every_schema_is_a_valid_draft_2020_12_schema() {
    for (info, schema) in published_schemas() {
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        if let Err(e) = jsonschema::draft202012::meta::validate(&schema) {
            panic!(
                "the schema of {} is not a valid draft 2020-12 schema: {e} at {}",
                info.event_type,
                e.instance_path()
            );
        }
        let text = serde_json::to_string(&schema).unwrap();
        assert!(
            !text.contains("\"$ref\":\"http"),
            "{}: no external $ref",
            info.event_type
        );
    }
}

/// Each version's example decodes into its Rust types and encodes back to its own bytes
/// (insignificant whitespace aside): members in their order, nothing added or lost.
#[test]
fn each_example_encodes_back_to_its_own_bytes() {
    for info in vcc_events::versions() {
        let event = AnyEvent::from_slice(info.example.as_bytes())
            .unwrap_or_else(|e| panic!("the example of {} does not decode: {e}", info.event_type));
        assert_eq!(
            event.to_json(),
            vcc_events_runtime::minify_json(info.example),
            "{}",
            info.event_type
        );
    }
}

/// What the declared types encode validates against the published schema (formats checked):
/// each example, and variants of it the decoder accepts: each optional member left out, no
/// `datacontenttype`, extension attributes, an undeclared payload member.
#[test]
fn encoded_events_validate_against_their_schema() {
    for (info, schema) in published_schemas() {
        let validator = jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .unwrap_or_else(|e| panic!("the schema of {} does not compile: {e}", info.event_type));
        let example: Value = serde_json::from_str(info.example).unwrap();
        let mut variants = vec![("the example".to_owned(), example.clone())];
        for pointer in optional_members((info.data)(), "/data") {
            let mut without = example.clone();
            if remove(&mut without, &pointer) {
                variants.push((format!("the example without {pointer}"), without));
            }
        }
        let mut bare = example.clone();
        if remove(&mut bare, "/datacontenttype") {
            variants.push(("the example without datacontenttype".to_owned(), bare));
        }
        let mut extended = example.clone();
        extended["traceparent"] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01".into();
        extended["retrycount"] = 2.into();
        extended["replayed"] = false.into();
        extended["data"]["undeclaredmember"] = serde_json::json!({ "any": ["shape", 1.5] });
        variants.push((
            "the example with extensions and an undeclared member".to_owned(),
            extended,
        ));

        for (what, input) in variants {
            let event = AnyEvent::from_slice(input.to_string().as_bytes())
                .unwrap_or_else(|e| panic!("{}: {what} does not decode: {e}", info.event_type));
            let encoded: Value = serde_json::from_str(&event.to_json()).unwrap();
            let errors: Vec<String> = validator
                .iter_errors(&encoded)
                .map(|e| format!("{e} at {}", e.instance_path()))
                .collect();
            assert!(
                errors.is_empty(),
                "{}: {what}, encoded, fails its schema:\n{}",
                info.event_type,
                errors.join("\n")
            );
        }
    }
}

/// JSON pointers of the optional members declared under `shape` at `at`.
fn optional_members(shape: Shape, at: &str) -> Vec<String> {
    let mut found = Vec::new();
    if let Shape::Struct(s) = shape {
        for field in s.fields {
            let pointer = format!("{at}/{}", field.name);
            if !field.required {
                found.push(pointer.clone());
            }
            found.extend(optional_members((field.shape)(), &pointer));
        }
    }
    found
}

/// Removes the member at `pointer`; whether it was there.
fn remove(value: &mut Value, pointer: &str) -> bool {
    let (parent, name) = pointer.rsplit_once('/').unwrap();
    value
        .pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .is_some_and(|object| object.remove(name).is_some())
}

/// The generated page of `channel.parked.v0` keeps the platform's page word for word: every
/// property description (`• name — description`), the banner, the description paragraphs and
/// the headings. The seed page is a verbatim copy of the platform's page, copied from the web:
/// some of its spaces are no-break spaces, so words are compared, not spaces.
#[test]
fn the_channel_parked_page_keeps_the_seed_wording() {
    let seed = include_str!("fixtures/channel.parked.v0/seed-page.txt");
    let info = vcc_events::versions()
        .into_iter()
        .find(|info| info.event_type == "channel.parked.v0")
        .expect("channel.parked.v0 is declared");
    let page = words(&doc_page(info));
    let mut bullets = 0;
    for line in seed.lines().map(words).filter(|l| !l.is_empty()) {
        if let Some(bullet) = line.strip_prefix("• ") {
            let (name, description) = bullet
                .split_once(" — ")
                .expect("a bullet is `name — description`");
            let item = format!("`{name}` — {description}");
            assert!(
                page.contains(&item),
                "the page lacks the property line:\n{item}\n\npage:\n{page}"
            );
            bullets += 1;
        } else if !line.starts_with(['{', '}', '"']) {
            // Headings, banner, description paragraphs, the example's lead-in, and the second
            // paragraph of `timestamp` (the example JSON is laid out differently).
            assert!(
                page.contains(&line),
                "the page lacks the seed's line:\n{line}\n\npage:\n{page}"
            );
        }
    }
    assert_eq!(bullets, 17, "every property of the seed page was checked");
}

/// The words of `text`, separated by one space: any run of whitespace, no-break spaces
/// included, counts as one separator.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
