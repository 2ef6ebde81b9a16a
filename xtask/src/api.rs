//! The API guard of `cargo xtask check --baseline <ref>`: the public Rust API of every crate
//! partners depend on (the catalog crate `vcc-events` and each generated consumer crate) is
//! compared with the same crate at the ref by `cargo-semver-checks`, which fails when a change
//! needs a larger version bump than the crate's version made, naming the crate, each API item
//! and the bump needed. The wire is guarded by the freeze; this guards the code.

use std::fs;
use std::io;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::release::plan::{Bump, CATALOG_PACKAGE};

/// The version of `cargo-semver-checks` the guard is run with (CI installs it).
pub const SEMVER_CHECKS_VERSION: &str = "0.51.0";

/// The command that installs the tool.
pub fn install_command() -> String {
    format!("cargo install --locked --version {SEMVER_CHECKS_VERSION} cargo-semver-checks")
}

/// The folder of the catalog crate, relative to the workspace root.
pub const CATALOG_DIR: &str = "crates/catalog";

/// A crate whose public API partners compile against: its package name and its folder
/// relative to the workspace root.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Published {
    /// The package name, e.g. `vcc-event-channel-parked-v0`.
    pub package: String,
    /// The folder, e.g. `crates/generated/channel-parked-v0`.
    pub dir: String,
}

/// The catalog crate (when the workspace has one) and every generated crate of the workspace
/// at `root`, sorted by folder.
pub fn published(root: &Path) -> io::Result<Vec<Published>> {
    let mut crates = Vec::new();
    if root.join(CATALOG_DIR).join("Cargo.toml").is_file() {
        crates.push(Published {
            package: CATALOG_PACKAGE.to_owned(),
            dir: CATALOG_DIR.to_owned(),
        });
    }
    let generated = Path::new(vcc_events_consumer_gen::OUTPUT_DIR);
    let mut dirs: Vec<_> = match fs::read_dir(root.join(generated)) {
        Ok(entries) => entries.filter_map(Result::ok).map(|e| e.path()).collect(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(e),
    };
    dirs.sort();
    for dir in dirs {
        let Ok(manifest) = fs::read_to_string(dir.join("Cargo.toml")) else {
            continue;
        };
        if let Some(package) = package_name(&manifest) {
            let name = dir.file_name().map(|n| n.to_string_lossy().into_owned());
            crates.push(Published {
                package,
                dir: format!("{}/{}", generated.display(), name.unwrap_or_default()),
            });
        }
    }
    Ok(crates)
}

/// The `name` of a manifest's `[package]`.
pub(crate) fn package_name(manifest: &str) -> Option<String> {
    manifest
        .lines()
        .find_map(|line| line.strip_prefix("name = \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .map(str::to_owned)
}

/// Whether the crate in `dir` exists at the commit `git_ref` (a crate new since is not
/// compared: everything in it is an addition).
fn exists_at(root: &Path, git_ref: &str, dir: &str) -> bool {
    Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["cat-file", "-e", &format!("{git_ref}:{dir}/Cargo.toml")])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Fails, saying how to install it, when `cargo-semver-checks` is not installed; warns when its
/// version is not [`SEMVER_CHECKS_VERSION`].
fn ensure_installed(root: &Path) -> io::Result<()> {
    let installed = Command::new("cargo")
        .args(["semver-checks", "--version"])
        .current_dir(root)
        .output();
    match installed {
        Ok(out) if out.status.success() => {
            let version = String::from_utf8_lossy(&out.stdout);
            if !version.contains(SEMVER_CHECKS_VERSION) {
                eprintln!(
                    "note: the API guard expects cargo-semver-checks {SEMVER_CHECKS_VERSION}, \
                     found {}; install it with `{}`",
                    version.trim(),
                    install_command()
                );
            }
            Ok(())
        }
        _ => Err(io::Error::other(format!(
            "the API guard needs cargo-semver-checks {SEMVER_CHECKS_VERSION}: run `{}`",
            install_command()
        ))),
    }
}

/// The bump the public API change of `package` (in the workspace at `root`) since `git_ref`
/// needs, as cargo-semver-checks judges it: `None` when no check fails (nothing beyond a
/// patch: the tool does not see additions, the freeze does), else the bump its summary names.
/// The tool's report is printed as it runs.
///
/// # Errors
///
/// When the tool is not installed or cannot be run, or fails without saying which bump it
/// needs (e.g. the crate does not build at the ref): never read as "nothing needed".
pub fn required_bump(root: &Path, package: &str, git_ref: &str) -> io::Result<Option<Bump>> {
    ensure_installed(root)?;
    let output = Command::new("cargo")
        .current_dir(root)
        .args(["semver-checks", "check-release", "--color", "never"])
        .args([
            "--baseline-rev",
            git_ref,
            "--release-type",
            "patch",
            "-p",
            package,
        ])
        .stderr(Stdio::piped())
        .stdout(Stdio::piped())
        .output()?;
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    print!("{report}");
    if output.status.success() {
        return Ok(None);
    }
    needed_by(&report).map(Some).ok_or_else(|| {
        io::Error::other(format!(
            "cargo-semver-checks failed on {package} against {git_ref} without naming the bump \
             it needs (its output is above)"
        ))
    })
}

/// The bump a failing cargo-semver-checks report asks for: its summary says `semver requires
/// new major version` or `... new minor version`.
fn needed_by(report: &str) -> Option<Bump> {
    if report.contains("requires new major version") {
        Some(Bump::Major)
    } else if report.contains("requires new minor version") {
        Some(Bump::Minor)
    } else {
        None
    }
}

/// Runs `cargo-semver-checks` on every published crate of `root` that exists at `git_ref`.
/// Returns whether every crate's version allows its API change, having printed the tool's
/// report (crate, items, the bump needed) and what to do otherwise.
///
/// # Errors
///
/// When the tool is not installed (the error says how to install it) or cannot be run.
pub fn check(root: &Path, git_ref: &str) -> io::Result<bool> {
    ensure_installed(root)?;
    let crates: Vec<Published> = published(root)?
        .into_iter()
        .filter(|c| exists_at(root, git_ref, &c.dir))
        .collect();
    if crates.is_empty() {
        println!("API guard: no published crate exists at {git_ref}; nothing to compare");
        return Ok(true);
    }
    let mut command = Command::new("cargo");
    command
        .current_dir(root)
        .args(["semver-checks", "check-release", "--baseline-rev", git_ref]);
    for c in &crates {
        command.args(["-p", &c.package]);
    }
    let status = command.status()?;
    if status.success() {
        println!(
            "API guard: the public API of {} crate(s) is what their versions promise, \
             compared with {git_ref}",
            crates.len()
        );
        return Ok(true);
    }
    eprintln!(
        "API guard: a crate's public API changed more than its version says (above: each \
         crate, the API items and the bump it needs, compared with {git_ref}). Either keep \
         the API (declare a new event version instead of changing a published one), or give \
         the crate the version bump the report names (the `0.y` digit for a break while below \
         1.0) in its Cargo.toml, then run `cargo xtask check --baseline {git_ref}` again."
    );
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalog_crate_and_every_generated_crate_are_guarded() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let crates = published(root).unwrap();
        assert_eq!(crates[0].package, "vcc-events");
        let parked = crates
            .iter()
            .find(|c| c.package == "vcc-event-channel-parked-v0")
            .expect("the generated crate of channel.parked.v0");
        assert_eq!(parked.dir, "crates/generated/channel-parked-v0");
        assert_eq!(crates.len(), 1 + vcc_events_codegen_versions(root));
    }

    /// How many consumer crates the index lists.
    fn vcc_events_codegen_versions(root: &Path) -> usize {
        let index = fs::read_to_string(root.join("schemas/index.json")).unwrap();
        index.matches("\"schema\":").count()
    }

    #[test]
    fn the_summary_of_a_failing_report_names_the_bump() {
        let major =
            "     Summary semver requires new major version: 1 major and 0 minor checks failed";
        assert_eq!(needed_by(major), Some(Bump::Major));
        let minor =
            "     Summary semver requires new minor version: 0 major and 1 minor checks failed";
        assert_eq!(needed_by(minor), Some(Bump::Minor));
        assert_eq!(needed_by("error: no such package"), None);
    }

    #[test]
    fn a_crate_absent_at_the_ref_is_not_compared() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        assert!(!exists_at(root, "HEAD", "crates/generated/no-such-crate"));
    }
}
