//! The catalog's documents: `schemas/asyncapi.json` is a valid AsyncAPI 3.0.0 document
//! (checked against the official JSON Schema of the `@asyncapi/specs` npm package) whose
//! references all resolve, and `schemas/xregistry.json` declares every event version with its
//! fixed `type` and `source` and a data schema that resolves within the document.
//!
//! The official schema is not committed: the first test that needs it runs
//! `npm pack @asyncapi/specs@<SPECS_VERSION>` (an exact version, so that every run checks
//! against the same schema) into `<CARGO_TARGET_TMPDIR>/asyncapi-specs-<SPECS_VERSION>` and
//! extracts the tarball there; later runs reuse it. Delete that folder to fetch it again.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde_json::{Value, json};
use vcc_events::VersionInfo;
use vcc_events_codegen::{SCHEMA_BASE_URL, schema_file_name, schema_id};
use workspace_tests::workspace_root as root;

/// The version of `@asyncapi/specs` the schema is taken from, exactly.
const SPECS_VERSION: &str = "6.11.1";

/// The schema of AsyncAPI 3.0.0 inside the package: bundled, without `$id`s, so every `$ref`
/// is a pointer into the file itself.
const SPECS_SCHEMA: &str = "package/schemas/3.0.0-without-$id.json";

fn read_json(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

fn asyncapi_document() -> Value {
    read_json(&root().join("schemas/asyncapi.json"))
}

fn xregistry_document() -> Value {
    read_json(&root().join("schemas/xregistry.json"))
}

/// The published schema of `info`, from its file.
fn published_schema(info: &VersionInfo) -> Value {
    read_json(&root().join("schemas").join(schema_file_name(info)))
}

/// The official JSON Schema of AsyncAPI 3.0.0, fetched once with npm (see the module docs).
fn official_asyncapi_schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let dir =
            Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("asyncapi-specs-{SPECS_VERSION}"));
        if !dir.join(SPECS_SCHEMA).is_file() {
            fetch_specs(&dir);
        }
        read_json(&dir.join(SPECS_SCHEMA))
    })
}

/// Packs `@asyncapi/specs@<SPECS_VERSION>` with npm and extracts it into `dir`, through a
/// staging folder renamed into place, so that a half-done fetch is never taken for the package.
fn fetch_specs(dir: &Path) {
    let staging = dir.with_file_name(format!("asyncapi-specs.tmp-{}", std::process::id()));
    let _ = fs::remove_dir_all(&staging);
    fs::create_dir_all(&staging).unwrap();
    // Removes the staging folder when the fetch fails (or once it is renamed, finds nothing).
    let _cleanup = RemoveOnDrop(staging.clone());
    let package = format!("@asyncapi/specs@{SPECS_VERSION}");
    let output = Command::new("npm")
        .args(["pack", &package, "--pack-destination"])
        .arg(&staging)
        .current_dir(&staging)
        .output()
        .unwrap_or_else(|e| {
            if e.kind() == io::ErrorKind::NotFound {
                panic!(
                    "npm is not installed: this test fetches the official AsyncAPI 3.0.0 JSON \
                     Schema with `npm pack {package}`. Install Node.js with npm (e.g. \
                     `sudo apt-get install npm`, or from https://nodejs.org/) and run the tests \
                     again."
                )
            }
            panic!("cannot run npm: {e}")
        });
    assert!(
        output.status.success(),
        "`npm pack {package}` failed ({}); the npm registry must be reachable:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let tarball = tarball_in(&staging).unwrap_or_else(|| {
        panic!(
            "`npm pack {package}` left no .tgz in {}:\n{}",
            staging.display(),
            String::from_utf8_lossy(&output.stdout)
        )
    });
    let status = Command::new("tar")
        .arg("-xzf")
        .arg(&tarball)
        .arg("-C")
        .arg(&staging)
        .status()
        .unwrap_or_else(|e| panic!("cannot run tar: {e}"));
    assert!(status.success(), "tar -xzf {} failed", tarball.display());
    assert!(
        staging.join(SPECS_SCHEMA).is_file(),
        "{package} has no {SPECS_SCHEMA}"
    );
    // Another test process may have won the race: then its copy is as good as ours (and the
    // staging folder is removed on return).
    if fs::rename(&staging, dir).is_err() {
        assert!(dir.join(SPECS_SCHEMA).is_file(), "{}", dir.display());
    }
}

/// Removes a folder when dropped, even while a failed assertion unwinds.
struct RemoveOnDrop(PathBuf);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn tarball_in(dir: &Path) -> Option<PathBuf> {
    fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|entry| entry.path())
        .find(|path| path.extension().is_some_and(|e| e == "tgz"))
}

/// The errors of `instance` against the official schema, one line each.
fn asyncapi_errors(instance: &Value) -> Vec<String> {
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(official_asyncapi_schema())
        .expect("the official AsyncAPI 3.0.0 schema compiles");
    validator
        .iter_errors(instance)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

#[test]
fn asyncapi_json_is_a_valid_asyncapi_3_0_0_document() {
    let document = asyncapi_document();
    assert_eq!(document["asyncapi"], "3.0.0");
    let errors = asyncapi_errors(&document);
    assert!(
        errors.is_empty(),
        "schemas/asyncapi.json fails the official AsyncAPI 3.0.0 schema:\n{}",
        errors.join("\n")
    );
}

/// The official schema does reject what AsyncAPI 3.0.0 forbids, so the test above means
/// something.
#[test]
fn the_official_schema_rejects_a_broken_document() {
    let mut broken = asyncapi_document();
    broken["operations"]["receiveVccEvent"]["action"] = json!("subscribe");
    broken["components"]["messages"]["channel.parked.v0"]["contentTypes"] = json!("typo");
    broken.as_object_mut().unwrap().remove("info");
    let errors = asyncapi_errors(&broken);
    assert!(errors.len() >= 3, "{errors:#?}");
}

/// Every `$ref` in the document: a pointer into the document (`#/...`) must resolve in it; any
/// other is a schema file beside it in `schemas/`.
#[test]
fn every_asyncapi_reference_resolves() {
    let document = asyncapi_document();
    let mut refs = Vec::new();
    collect_refs(&document, &mut refs);
    assert!(!refs.is_empty());
    for reference in refs {
        match reference.strip_prefix('#') {
            Some(pointer) => assert!(
                document.pointer(pointer).is_some(),
                "{reference} does not resolve in schemas/asyncapi.json"
            ),
            None => {
                let path = root().join("schemas").join(&reference);
                assert!(path.is_file(), "{reference} is not a file in schemas/");
                // Read from where it is published, it resolves to the schema's `$id`.
                assert_eq!(
                    read_json(&path)["$id"],
                    format!("{SCHEMA_BASE_URL}{reference}")
                );
            }
        }
    }
}

fn collect_refs(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(members) => {
            for (name, member) in members {
                match (name.as_str(), member) {
                    ("$ref", Value::String(reference)) => found.push(reference.clone()),
                    // Examples are data, not references.
                    ("examples", _) => {}
                    _ => collect_refs(member, found),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_refs(item, found)),
        _ => {}
    }
}

/// One message per event version, on the channel and in the receive operation, with the
/// published schema as payload and the version's example, which that schema accepts.
#[test]
fn asyncapi_has_a_message_per_event_version() {
    let document = asyncapi_document();
    let versions = vcc_events::versions();
    let messages = document["components"]["messages"].as_object().unwrap();
    assert_eq!(messages.len(), versions.len(), "{:?}", messages.keys());
    let operation = &document["operations"]["receiveVccEvent"];
    assert_eq!(operation["action"], "receive");
    assert_eq!(operation["bindings"]["http"]["method"], "POST");
    let operation_messages: Vec<&str> = operation["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["$ref"].as_str().unwrap())
        .collect();
    for info in versions {
        let key = info.event_type;
        let message = &messages[key];
        assert_eq!(message["name"], key);
        assert_eq!(message["description"], info.description);
        assert_eq!(message["contentType"], "application/cloudevents+json");
        assert_eq!(
            document["channels"]["vccWebhook"]["messages"][key]["$ref"],
            format!("#/components/messages/{key}")
        );
        assert!(
            operation_messages.contains(&format!("#/channels/vccWebhook/messages/{key}").as_str()),
            "{key} is not received by the operation"
        );
        let payload = &message["payload"];
        assert_eq!(
            payload["schemaFormat"],
            "application/schema+json;version=draft-2020-12"
        );
        let file = payload["schema"]["$ref"].as_str().unwrap();
        let schema = read_json(&root().join("schemas").join(file));
        assert_eq!(
            schema["$id"],
            schema_id(info),
            "{key} refers to its own schema"
        );

        let example = &message["examples"][0]["payload"];
        assert_eq!(
            example,
            &serde_json::from_str::<Value>(info.example).unwrap()
        );
        let validator = jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .unwrap();
        assert!(
            validator.is_valid(example),
            "{key}: the example fails its schema"
        );
    }
}

/// Resolves an xRegistry reference within the document: `/<groups>/<group>/<resources>/<id>`,
/// optionally followed by `#<JSON pointer>` into the resource's document (for a schema, the
/// `schema` of its newest version).
fn resolve_xregistry<'a>(document: &'a Value, reference: &str) -> Option<&'a Value> {
    let (xid, fragment) = reference.split_once('#').unwrap_or((reference, ""));
    let resource = document.pointer(xid)?;
    let target = match resource.get("versions") {
        Some(versions) => {
            let newest = versions
                .as_object()?
                .iter()
                .max_by_key(|(id, _)| id.parse::<u64>().unwrap_or(0))?
                .1;
            newest.get("schema")?
        }
        None => resource,
    };
    target.pointer(fragment)
}

#[test]
fn xregistry_declares_every_event_version() {
    let document = xregistry_document();
    assert!(document["specversion"].is_string());
    let group = &document["messagegroups"]["vcc.events"];
    assert_eq!(group["envelope"], "CloudEvents/1.0");
    let messages = group["messages"].as_object().unwrap();
    let versions = vcc_events::versions();
    assert_eq!(messages.len(), versions.len(), "{:?}", messages.keys());
    for info in versions {
        let key = info.event_type;
        let message = messages
            .get(key)
            .unwrap_or_else(|| panic!("{key} has no message definition"));
        assert_eq!(message["messageid"], key);
        assert_eq!(message["envelope"], "CloudEvents/1.0");
        let metadata = &message["envelopemetadata"];
        assert_eq!(metadata["type"]["value"], key, "{key}: fixed type");
        assert_eq!(metadata["type"]["required"], true);
        assert_eq!(
            metadata["source"]["value"], info.source,
            "{key}: fixed source"
        );
        assert_eq!(metadata["source"]["required"], true);
        assert_eq!(metadata["specversion"]["value"], "1.0");
        for attribute in ["id", "subject", "time"] {
            assert_eq!(metadata[attribute]["required"], true, "{key}: {attribute}");
        }
        assert_eq!(message["dataschemaformat"], "JsonSchema/draft/2020-12");
        assert_eq!(message["datacontenttype"], "application/cloudevents+json");
    }
}

/// Each message's `dataschemauri` resolves within the document to the schema of `data` in the
/// published schema, which the schema group holds whole; the example's `data` validates
/// against it.
#[test]
fn every_xregistry_schema_reference_resolves_within_the_document() {
    let document = xregistry_document();
    let schemas = &document["schemagroups"]["vcc.events"];
    assert_eq!(schemas["format"], "JsonSchema/draft/2020-12");
    assert_eq!(
        schemas["schemas"].as_object().unwrap().len(),
        vcc_events::versions().len()
    );
    for info in vcc_events::versions() {
        let key = info.event_type;
        let published = published_schema(info);
        let uri = document["messagegroups"]["vcc.events"]["messages"][key]["dataschemauri"]
            .as_str()
            .unwrap();
        let (xid, _) = uri.split_once('#').expect("the uri points into the schema");
        let whole = resolve_xregistry(&document, xid)
            .unwrap_or_else(|| panic!("{key}: {xid} does not resolve in xregistry.json"));
        assert_eq!(
            whole, &published,
            "{key}: the schema group holds the published schema"
        );
        let data_schema = resolve_xregistry(&document, uri)
            .unwrap_or_else(|| panic!("{key}: {uri} does not resolve in xregistry.json"));
        assert_eq!(data_schema, &published["properties"]["data"]);

        // The pointer, applied to the published schema (whose `$defs` its `$ref`s name),
        // accepts the example's payload.
        let (_, pointer) = uri.split_once('#').unwrap();
        let bundle = json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": format!("{}#{pointer}", schema_id(info)),
            "$defs": { "published": published },
        });
        let validator = jsonschema::options()
            .should_validate_formats(true)
            .build(&bundle)
            .unwrap_or_else(|e| panic!("{key}: the data schema does not compile: {e}"));
        let example: Value = serde_json::from_str(info.example).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&example["data"])
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{key}: {}", errors.join("\n"));
        assert!(
            !validator.is_valid(&json!({ "timestamp": 1 })),
            "{key}: the data schema is not empty"
        );
    }
}

/// The index lists the catalog's documents (their digests are checked by the freshness test
/// in tests/generated.rs: the index is generated from the documents' text).
#[test]
fn the_index_lists_the_documents() {
    let index = read_json(&root().join("schemas/index.json"));
    let documents = index["documents"].as_array().unwrap();
    let paths: Vec<&str> = documents
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        ["asyncapi.json", "event-types.json", "xregistry.json"]
    );
    for document in documents {
        let path = document["path"].as_str().unwrap();
        assert!(root().join("schemas").join(path).is_file(), "{path}");
        assert_eq!(document["url"], format!("{SCHEMA_BASE_URL}{path}"));
        assert_eq!(document["sha256"].as_str().unwrap().len(), 64, "{path}");
    }
}

/// `packages/asyncapi/asyncapi.json`, the document for code generators (payloads inline, named
/// under `components.schemas`).
fn tools_document() -> Value {
    read_json(&root().join("packages/asyncapi/asyncapi.json"))
}

#[test]
fn the_document_for_code_generators_is_a_valid_asyncapi_3_0_0_document() {
    let document = tools_document();
    let errors = asyncapi_errors(&document);
    assert!(
        errors.is_empty(),
        "packages/asyncapi/asyncapi.json fails the official AsyncAPI 3.0.0 schema:\n{}",
        errors.join("\n")
    );
}

/// Its references are all pointers into itself, and each message's payload is the named
/// schema of its version, whose envelope members are required as in the published schema.
#[test]
fn the_document_for_code_generators_is_self_contained_with_a_named_payload_per_version() {
    let document = tools_document();
    let mut refs = Vec::new();
    collect_refs(&document, &mut refs);
    for reference in refs {
        let pointer = reference
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("{reference} points outside the document"));
        assert!(
            document.pointer(pointer).is_some(),
            "{reference} does not resolve"
        );
    }
    for info in vcc_events::versions() {
        let name = vcc_events_codegen::packages::pascal(info.event_type);
        let message = &document["components"]["messages"][info.event_type];
        assert_eq!(
            message["payload"],
            json!({ "$ref": format!("#/components/schemas/{name}") })
        );
        let schema = &document["components"]["schemas"][&name];
        assert_eq!(schema["title"], json!(name));
        assert_eq!(schema["required"], published_schema(info)["required"]);
    }
}

/// `@asyncapi/parser` and `@asyncapi/modelina` (pinned in `tests/asyncapi-tools/`, installed
/// with `npm ci`) read the document for code generators: no parser error or warning, a named
/// TypeScript and Python model per version with the envelope members required, and every
/// documented example type-checks against the TypeScript interfaces (`check.js` says how).
#[test]
fn asyncapi_tools_read_the_document_for_code_generators() {
    use workspace_tests::tools::{INSTALL_NODE, run};
    let dir = root().join("tests/asyncapi-tools");
    run(
        "npm ci (tests/asyncapi-tools)",
        INSTALL_NODE,
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&dir),
    );
    let output = run(
        "npm run check (tests/asyncapi-tools)",
        INSTALL_NODE,
        Command::new("npm").args(["run", "check"]).current_dir(&dir),
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    for line in ["ok parser:", "ok modelina:", "ok tsc --strict:"] {
        assert!(stdout.contains(line), "{line} missing:\n{stdout}");
    }
}
