//! A throwaway family, `test.grow.v0`, through three releases of its generated crate in a
//! scratch git repository: the freeze and `cargo xtask release` together, with
//! cargo-semver-checks run for real on the two changes where the API verdict decides (an
//! optional member added: no break; a `$defs` entry renamed: a break the schemas do not show),
//! and recorded verdicts elsewhere.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};
use vcc_events_codegen::GeneratedFile;
use vcc_events_consumer_gen::Versions;
use xtask::release::plan::{Bump, Plan, Version};
use xtask::release::{self, Options};
use xtask::{crate_versions, freeze, run};

const PACKAGE: &str = "vcc-event-test-grow-v0";
const SCHEMA: &str = "schemas/test.grow.v0.json";
const CRATE: &str = "crates/generated/test-grow-v0";

/// The family's first published schema: `data.party` (a `Party`, `$defs`) with a required
/// `name` and an optional `role`; open objects, as the catalog's are.
fn first_schema() -> Value {
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://events.example/schemas/test.grow.v0.json",
        "title": "test.grow.v0",
        "description": "A throwaway family that grows over three releases.",
        "type": "object",
        "required": ["type", "data"],
        "properties": {
            "type": { "const": "test.grow.v0" },
            "data": { "$ref": "#/$defs/Data" }
        },
        "$defs": {
            "Data": {
                "description": "The payload.",
                "type": "object",
                "required": ["party"],
                "properties": { "party": { "$ref": "#/$defs/Party" } }
            },
            "Party": {
                "description": "Who took part.",
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": { "description": "The party's name.", "type": "string" },
                    "role": { "description": "What the party did.", "type": "string" }
                }
            }
        }
    })
}

/// The family's generated files for `schema`: the schema, the index, the consumer crate at
/// `versions`.
fn family(schema: &Value, versions: &Versions) -> io::Result<Vec<GeneratedFile>> {
    let schema_text = serde_json::to_string_pretty(schema).unwrap() + "\n";
    let index = "{\"events\": [{\"schema\": \"test.grow.v0.json\"}]}\n".to_owned();
    let mut files = vec![
        GeneratedFile {
            path: SCHEMA.into(),
            contents: schema_text,
        },
        GeneratedFile {
            path: "schemas/index.json".into(),
            contents: index,
        },
    ];
    let crates = vcc_events_consumer_gen::generate(
        files
            .iter()
            .map(|f| (f.path.as_path(), f.contents.as_str())),
        versions,
    )
    .map_err(io::Error::other)?;
    files.extend(crates.into_iter().map(|f| GeneratedFile {
        path: f.path,
        contents: f.contents,
    }));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// The workspace this test runs in (for its lock file and target folder).
fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn git(root: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .output()
        .unwrap();
    assert!(output.status.success(), "git {args:?}: {output:?}");
    String::from_utf8(output.stdout).unwrap()
}

/// A scratch repository: a cargo workspace of the generated crates, offline (dependencies from
/// the local cache, resolved by this workspace's lock file), its target folder shared with
/// earlier runs of this test, and git identity set for the commits and tags `release` makes;
/// removed when dropped, whether the test passed or not.
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::Builder::new()
        .prefix("xtask-three-releases-")
        .tempdir()
        .unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join(".cargo")).unwrap();
    fs::write(
        root.join("Cargo.toml"),
        "[workspace]\nresolver = \"3\"\nmembers = [\"crates/generated/*\"]\n\n\
         [workspace.package]\nedition = \"2024\"\nrust-version = \"1.95\"\n\
         license = \"MIT OR Apache-2.0\"\n",
    )
    .unwrap();
    let target = workspace().join("target/three-releases");
    fs::write(
        root.join(".cargo/config.toml"),
        format!(
            "[net]\noffline = true\n\n[build]\ntarget-dir = {:?}\n",
            target.display().to_string()
        ),
    )
    .unwrap();
    fs::copy(workspace().join("Cargo.lock"), root.join("Cargo.lock")).unwrap();
    fs::write(root.join(".gitignore"), "/target\n").unwrap();
    git(root, &["init", "-q"]);
    git(root, &["config", "user.name", "release test"]);
    git(root, &["config", "user.email", "release@example.com"]);
    dir
}

/// Generates the family from `schema` as `cargo xtask gen` would (the freeze first): `None`
/// when the freeze refused and nothing was written.
fn generate(root: &Path, schema: &Value) -> Option<()> {
    let files = family(schema, &crate_versions(root).unwrap()).unwrap();
    run::generate(root, &files, None).unwrap().map(|_| ())
}

fn commit(root: &Path, message: &str) {
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", message]);
}

/// `cargo xtask release` on the scratch repository with the API verdicts `api` gives.
fn release_with(
    root: &Path,
    schema: &Value,
    api: &mut release::ApiVerdict<'_>,
    allow_breaking: Option<&str>,
) -> Option<Plan> {
    let schema = schema.clone();
    let generate = move |versions: &Versions| family(&schema, versions);
    let options = Options {
        allow_breaking,
        dry_run: false,
    };
    release::release(root, &generate, api, options).unwrap()
}

/// cargo-semver-checks for real, counting its runs.
fn semver_checks<'a>(
    root: &'a Path,
    runs: &'a mut u32,
) -> impl FnMut(&str, &str) -> io::Result<Option<Bump>> + 'a {
    move |package, tag| {
        *runs += 1;
        xtask::api::required_bump(root, package, tag)
    }
}

fn manifest_version(root: &Path) -> String {
    let manifest = fs::read_to_string(root.join(CRATE).join("Cargo.toml")).unwrap();
    vcc_events_consumer_gen::manifest_version(&manifest)
        .unwrap()
        .to_owned()
}

fn tags(root: &Path) -> Vec<String> {
    git(root, &["tag", "--list"])
        .lines()
        .map(str::to_owned)
        .collect()
}

fn only_release(plan: &Plan) -> (Option<Bump>, Version) {
    assert_eq!(plan.releases.len(), 1, "{plan:?}");
    (plan.releases[0].bump, plan.releases[0].to)
}

#[test]
fn a_family_through_three_releases() {
    let scratch = scratch();
    let root = scratch.path().to_path_buf();
    let mut schema = first_schema();
    generate(&root, &schema).expect("a new family is not frozen");
    commit(&root, "test.grow.v0");
    let mut never = |package: &str, _: &str| -> io::Result<Option<Bump>> {
        panic!("the API of {package} was compared, but it has no earlier release")
    };

    // The first release: at the version a new crate starts at.
    let plan = release_with(&root, &schema, &mut never, None).expect("released");
    assert_eq!(only_release(&plan), (None, Version::new(0, 1, 0)));
    assert_eq!(tags(&root), [format!("{PACKAGE}-v0.1.0")]);

    // An optional member added to the published version: the freeze accepts it, the API check
    // (run for real) finds nothing that breaks (the structs are non-exhaustive), so the release
    // is a minor bump, which `release` writes into the manifest and the README.
    schema["$defs"]["Party"]["properties"]["queue"] =
        json!({ "description": "The queue the party came from.", "type": "string" });
    let files = family(&schema, &crate_versions(&root).unwrap()).unwrap();
    assert!(
        freeze::check(&root, &files, None).unwrap(),
        "the freeze accepts an optional member"
    );
    generate(&root, &schema).expect("not refused");
    commit(&root, "test.grow.v0: an optional queue");
    let mut runs = 0;
    let plan = release_with(&root, &schema, &mut semver_checks(&root, &mut runs), None)
        .expect("an addition is not refused");
    assert_eq!(runs, 1);
    assert_eq!(
        only_release(&plan),
        (Some(Bump::Minor), Version::new(0, 1, 1))
    );
    assert_eq!(manifest_version(&root), "0.1.1");
    let readme = fs::read_to_string(root.join(CRATE).join("README.md")).unwrap();
    assert!(
        readme.contains(&format!("{PACKAGE} = \"0.1.1\"")),
        "{readme}"
    );
    assert!(tags(&root).contains(&format!("{PACKAGE}-v0.1.1")));
    assert_eq!(
        git(&root, &["status", "--porcelain"]),
        "",
        "the release is committed"
    );
    let changelog = fs::read_to_string(root.join("docs/CHANGELOG.md")).unwrap();
    assert!(
        changelog.contains(&format!(
            "- {PACKAGE} 0.1.0 -> 0.1.1 (minor: schemas: compatible additions"
        )),
        "{changelog}"
    );

    // A member removed (the required `name`): the freeze refuses, nothing is written.
    let mut removed = schema.clone();
    removed["$defs"]["Party"]["properties"]
        .as_object_mut()
        .unwrap()
        .remove("name");
    removed["$defs"]["Party"]["required"] = json!([]);
    let before = fs::read_to_string(root.join(SCHEMA)).unwrap();
    assert!(
        generate(&root, &removed).is_none(),
        "the freeze refuses a removed member"
    );
    assert_eq!(fs::read_to_string(root.join(SCHEMA)).unwrap(), before);

    // A description changed: a patch (the API verdict recorded: documentation changes no API).
    schema["$defs"]["Party"]["properties"]["name"]["description"] =
        json!("The party's display name.");
    generate(&root, &schema).expect("not refused");
    commit(&root, "test.grow.v0: a better description");
    let mut asked = Vec::new();
    let mut recorded = |package: &str, tag: &str| -> io::Result<Option<Bump>> {
        asked.push(format!("{package} since {tag}"));
        Ok(None)
    };
    let plan = release_with(&root, &schema, &mut recorded, None).expect("released");
    assert_eq!(asked, [format!("{PACKAGE} since {PACKAGE}-v0.1.1")]);
    assert_eq!(
        only_release(&plan),
        (Some(Bump::Patch), Version::new(0, 1, 2))
    );
    assert!(
        plan.releases[0]
            .why
            .starts_with("schemas: annotations only"),
        "{plan:?}"
    );
    assert_eq!(manifest_version(&root), "0.1.2");

    // The shared shape's `$defs` entry renamed: no change on the wire (the freeze accepts it),
    // but the generated type is renamed, `Party` to `Member`: generated type names follow the
    // `$defs` keys, so they are not kept stable, and the API check (run for real) is what
    // catches it. Refused without a reason, released as 0.2.0 with one.
    let defs = schema["$defs"].as_object_mut().unwrap();
    let party = defs.remove("Party").unwrap();
    defs.insert("Member".to_owned(), party);
    schema["$defs"]["Data"]["properties"]["party"] = json!({ "$ref": "#/$defs/Member" });
    generate(&root, &schema).expect("the freeze accepts a renamed $defs entry");
    let lib = fs::read_to_string(root.join(CRATE).join("src/lib.rs")).unwrap();
    assert!(lib.contains("pub struct Member {") && !lib.contains("pub struct Party {"));
    commit(&root, "test.grow.v0: Party is a Member");
    let mut verdicts = Vec::new();
    let mut real = |package: &str, tag: &str| {
        let verdict = xtask::api::required_bump(&root, package, tag);
        if let Ok(v) = &verdict {
            verdicts.push(*v);
        }
        verdict
    };
    let refused = release_with(&root, &schema, &mut real, None);
    assert_eq!(
        verdicts,
        [Some(Bump::Major)],
        "cargo-semver-checks sees the renamed type"
    );
    assert!(refused.is_none(), "a break of a published crate is refused");
    assert_eq!(manifest_version(&root), "0.1.2", "nothing written");
    assert!(!tags(&root).iter().any(|t| t.ends_with("-v0.2.0")));
    // Allowed with a reason; the verdict just measured is replayed rather than measured again.
    let mut replay = |_: &str, _: &str| Ok(Some(Bump::Major));
    let plan = release_with(
        &root,
        &schema,
        &mut replay,
        Some("partners agreed to rename Party"),
    )
    .expect("allowed");
    assert_eq!(
        only_release(&plan),
        (Some(Bump::Major), Version::new(0, 2, 0))
    );
    assert!(plan.releases[0].why.contains("API: major"), "{plan:?}");
    let changelog = fs::read_to_string(root.join("docs/CHANGELOG.md")).unwrap();
    assert!(
        changelog.contains("Reason: partners agreed to rename Party"),
        "{changelog}"
    );
    assert!(tags(&root).contains(&format!("{PACKAGE}-v0.2.0")));
}
