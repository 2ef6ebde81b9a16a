//! Depending by version, end to end: two generated crates are packaged (`cargo package`),
//! laid out with their third-party dependencies as a local registry (a `directory` source:
//! each crate unpacked with a `.cargo-checksum.json`), and a partner project in a temporary
//! folder outside the workspace, which names the two event versions by version number only,
//! builds and runs offline against that registry alone (crates.io replaced by it): it decodes
//! the documented examples of both versions, encodes them back, and builds one event through
//! the builders.
//!
//! The third-party crates come from the local cargo cache by `cargo vendor --offline`, run on a
//! staging copy of the partner project that reaches the two unpacked packages by path (path
//! dependencies are not vendored, so the vendored folder holds the third-party crates only).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

use workspace_tests::workspace_root;

/// The two event versions the partner depends on, by package name.
const EVENTS: [&str; 2] = ["vcc-event-channel-parked-v0", "vcc-event-channel-held-v1"];

fn cargo() -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    // The partner's build is its own: none of this workspace's build settings leak into it.
    for var in [
        "CARGO_TARGET_DIR",
        "CARGO_BUILD_TARGET_DIR",
        "RUSTFLAGS",
        "CARGO_ENCODED_RUSTFLAGS",
    ] {
        command.env_remove(var);
    }
    command
}

fn run(command: &mut Command, what: &str) -> Output {
    let output = command.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        output.status.success(),
        "{what} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// The version the generated crate `package` carries.
fn version_of(package: &str) -> String {
    let dir = package.trim_start_matches("vcc-event-");
    let manifest = fs::read_to_string(
        workspace_root()
            .join("crates/generated")
            .join(dir)
            .join("Cargo.toml"),
    )
    .unwrap();
    vcc_events_consumer_gen::manifest_version(&manifest)
        .expect("a generated crate carries its own version")
        .to_owned()
}

/// Unpacks the package `crate_file` into `registry/<name>-<version>/` with the checksum file a
/// directory source needs (the package's SHA-256; the files are not listed, so not checked).
fn unpack(crate_file: &Path, registry: &Path) -> PathBuf {
    run(
        Command::new("tar")
            .arg("xzf")
            .arg(crate_file)
            .arg("-C")
            .arg(registry),
        "tar",
    );
    let name = crate_file
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let dir = registry.join(&name);
    let sha = vcc_events_digest::sha256_hex(&fs::read(crate_file).unwrap());
    fs::write(
        dir.join(".cargo-checksum.json"),
        format!("{{\"files\":{{}},\"package\":\"{sha}\"}}"),
    )
    .unwrap();
    dir
}

/// The partner's program: decodes both documented examples, encodes them back to the same
/// JSON, and builds the parked example through the builders.
const MAIN_RS: &str = r#"use vcc_event_channel_held_v1::ChannelHeldV1;
use vcc_event_channel_parked_v0 as parked;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let parked_json = include_str!("../examples/channel.parked.v0.json");
    let held_json = include_str!("../examples/channel.held.v1.json");
    let decoded: parked::ChannelParkedV0 = serde_json::from_str(parked_json)?;
    let held: ChannelHeldV1 = serde_json::from_str(held_json)?;
    let same = |a: serde_json::Value, b: &str| -> Result<bool, serde_json::Error> {
        Ok(a == serde_json::from_str::<serde_json::Value>(b)?)
    };
    assert!(same(serde_json::to_value(&decoded)?, parked_json)?, "parked re-encodes");
    assert!(same(serde_json::to_value(&held)?, held_json)?, "held re-encodes");

    let party = parked::Party::builder()
        .role("agent")
        .agent_id(parked::PartyAgentId::try_from("1544")?)
        .user_id(parked::PartyUserId::try_from("ef71f453-556a-3abc-7769-bc678ef6e090")?)
        .build()?;
    let channel = parked::Channel::builder()
        .conversation_id("3e71f453-116a-3abc-7769-bc678ef6e080")
        .interaction_id("1371f451-116a-4abc-8869-bc678ef67070")
        .channel_id("740109c1-12d5-430f-9543-131fe5c4edcb")
        .party(party)
        .build()?;
    let data = parked::Data::builder()
        .timestamp("2022-08-30T14:34:36.088Z")
        .channel(channel)
        .build()?;
    let built = parked::ChannelParkedV0::builder()
        .specversion("1.0")
        .type_("channel.parked.v0")
        .id("2aRffDVJbosbADf1Kw2VY2Qub3Z")
        .source("/channel")
        .subject("740109c1-12d5-430f-9543-131fe5c4edcb")
        .time("2022-08-30T14:34:36.6134321Z")
        .datacontenttype(parked::ChannelParkedV0Datacontenttype::ApplicationJson)
        .data(data)
        .build()?;
    assert!(same(serde_json::to_value(&built)?, parked_json)?, "built = the example");
    println!("partner: decoded 2 examples, built 1 event");
    Ok(())
}
"#;

/// The partner's manifest: the events by `requirement` (a version, or a path for staging).
fn manifest(requirement: impl Fn(&str) -> String) -> String {
    let mut out = "[package]\nname = \"partner\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[workspace]\n\n[dependencies]\nserde_json = \"1\"\n".to_owned();
    for event in EVENTS {
        out.push_str(&format!("{event} = {}\n", requirement(event)));
    }
    out
}

#[test]
fn a_partner_builds_offline_against_the_packaged_crates_by_version() {
    let started = Instant::now();
    // Removed when the test ends, failed or not.
    let scratch = tempfile::Builder::new()
        .prefix("vcc-events-registry-")
        .tempdir()
        .unwrap();
    let tmp = scratch.path().to_path_buf();
    let (packages, unpacked, registry, staging, partner) = (
        tmp.join("package-target"),
        tmp.join("unpacked"),
        tmp.join("registry"),
        tmp.join("staging"),
        tmp.join("partner"),
    );
    for dir in [&unpacked, &staging, &partner] {
        fs::create_dir_all(dir.join("src")).unwrap();
    }
    assert!(
        !tmp.starts_with(workspace_root()),
        "the partner is outside the workspace"
    );

    // `cargo package` the two crates, as they would go to a registry.
    let mut package = cargo();
    package
        .current_dir(workspace_root())
        .args([
            "package",
            "--no-verify",
            "--offline",
            "--allow-dirty",
            "--quiet",
        ])
        .arg("--target-dir")
        .arg(&packages);
    for event in EVENTS {
        package.args(["-p", event]);
    }
    run(&mut package, "cargo package");
    let crate_file = |event: &str| {
        packages
            .join("package")
            .join(format!("{event}-{}.crate", version_of(event)))
    };
    let staged: Vec<PathBuf> = EVENTS
        .iter()
        .map(|e| unpack(&crate_file(e), &unpacked))
        .collect();

    // The third-party crates they need, from the local cache.
    fs::write(staging.join("src/main.rs"), "fn main() {}\n").unwrap();
    fs::write(
        staging.join("Cargo.toml"),
        manifest(|event| {
            let dir = staged
                .iter()
                .find(|d| d.to_string_lossy().contains(event))
                .unwrap();
            format!("{{ path = {:?} }}", dir.display().to_string())
        }),
    )
    .unwrap();
    run(
        cargo()
            .current_dir(&staging)
            .args(["vendor", "--offline", "--versioned-dirs", "--quiet"])
            .arg(&registry),
        "cargo vendor",
    );
    for event in EVENTS {
        unpack(&crate_file(event), &registry);
    }
    let vendored = fs::read_dir(&registry).unwrap().count();

    // The partner: the events by version only, crates.io replaced by the local registry.
    let root = workspace_root();
    fs::create_dir_all(partner.join(".cargo")).unwrap();
    fs::create_dir_all(partner.join("examples")).unwrap();
    for event in ["channel.parked.v0", "channel.held.v1"] {
        fs::copy(
            root.join(format!("crates/catalog/events/{event}.json")),
            partner.join(format!("examples/{event}.json")),
        )
        .unwrap();
    }
    fs::write(partner.join("src/main.rs"), MAIN_RS).unwrap();
    let by_version = manifest(|event| format!("\"{}\"", version_of(event)));
    assert!(!by_version.contains("path"), "{by_version}");
    fs::write(partner.join("Cargo.toml"), by_version).unwrap();
    fs::write(
        partner.join(".cargo/config.toml"),
        format!(
            "[source.crates-io]\nreplace-with = \"local\"\n\n[source.local]\ndirectory = {:?}\n\n[net]\noffline = true\n",
            registry.display().to_string()
        ),
    )
    .unwrap();
    let output = run(
        cargo()
            .current_dir(&partner)
            .args(["run", "--offline", "--quiet"]),
        "the partner's cargo run",
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(stdout.trim(), "partner: decoded 2 examples, built 1 event");
    let lock = fs::read_to_string(partner.join("Cargo.lock")).unwrap();
    for event in EVENTS {
        assert!(
            lock.contains(&format!(
                "name = \"{event}\"\nversion = \"{}\"\nsource = \"registry+",
                version_of(event)
            )),
            "{event} comes from the (replaced) registry:\n{lock}"
        );
    }
    eprintln!(
        "registry test: {vendored} crates in the local registry, {:.1?} in all",
        started.elapsed()
    );
}
