//! Every generated consumer crate (crates/generated/*) passes `cargo package`, so it can go
//! to a registry as it is: its dependencies all have versions, its manifest and files are
//! complete. (`--no-verify`: the crates are built and tested by `cargo test --workspace`
//! already; `--offline`: the dependencies are those the workspace has fetched.)

use std::path::PathBuf;
use std::process::Command;

use workspace_tests::workspace_root;

/// The package name and version of each generated crate, from its `Cargo.toml`.
fn generated_packages() -> Vec<(String, String)> {
    let dir = workspace_root().join("crates/generated");
    let mut names: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .filter_map(|entry| std::fs::read_to_string(entry.path().join("Cargo.toml")).ok())
        .map(|manifest| {
            let name = manifest
                .lines()
                .find_map(|line| line.strip_prefix("name = \""))
                .and_then(|rest| rest.strip_suffix('"'))
                .expect("a package name");
            let version = vcc_events_consumer_gen::manifest_version(&manifest)
                .expect("a generated crate carries its own version");
            (name.to_owned(), version.to_owned())
        })
        .collect();
    names.sort();
    names
}

#[test]
fn every_generated_consumer_crate_packages() {
    let packages = generated_packages();
    assert_eq!(packages.len(), vcc_events::versions().len());
    let scratch = tempfile::Builder::new()
        .prefix("vcc-events-package-")
        .tempdir()
        .unwrap();
    let target = scratch.path();
    let cargo = std::env::var_os("CARGO").map_or_else(|| PathBuf::from("cargo"), PathBuf::from);
    let mut command = Command::new(cargo);
    command
        .current_dir(workspace_root())
        .args([
            "package",
            "--no-verify",
            "--offline",
            "--allow-dirty",
            "--quiet",
        ])
        .arg("--target-dir")
        .arg(target);
    for (package, _) in &packages {
        command.args(["-p", package]);
    }
    let output = command.output().expect("cargo runs");
    let crates: Vec<bool> = packages
        .iter()
        .map(|(package, version)| {
            target
                .join("package")
                .join(format!("{package}-{version}.crate"))
                .is_file()
        })
        .collect();
    assert!(
        output.status.success(),
        "cargo package failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for ((package, _), packaged) in packages.iter().zip(crates) {
        assert!(packaged, "{package} produced no .crate file");
    }
}
