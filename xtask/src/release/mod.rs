//! `cargo xtask release`: the I/O shell around [`plan`]. For every published crate (the catalog
//! crate and each generated crate, see [`api::published`]) it reads the last release tag, what
//! changed since (git), the freeze's verdict on the schemas ([`freeze::Baseline`]) and
//! cargo-semver-checks' on the API ([`api::required_bump`]); then, unless it is a dry run or
//! something is refused, writes the versions (the generated crates through generation, which
//! rewrites their manifests and READMEs), the changelog entry, commits and tags.

pub mod plan;
pub mod version;

use std::fs;
use std::io;
use std::path::Path;
use std::process::Command;

use vcc_events_codegen::GeneratedFile;
use vcc_events_codegen::freeze::{CHANGELOG_PATH, prepend_entries};
use vcc_events_consumer_gen::{CrateNames, Versions, manifest_version};

use self::plan::{Bump, CATALOG_PACKAGE, Crate, Plan, Version, Wire, last_release, tag};
use crate::api::{self, CATALOG_DIR, Published};
use crate::freeze::{self, Baseline, git};
use crate::{crate_versions, out_of_date, run};

/// What the command line asked for.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options<'a> {
    /// The reason a breaking bump of a published crate is released anyway.
    pub allow_breaking: Option<&'a str>,
    /// Print the plan, write nothing.
    pub dry_run: bool,
}

/// How the API verdict is obtained: `(package, baseline tag)` to the bump cargo-semver-checks
/// asks for. The command runs [`api::required_bump`]; tests may pass recorded verdicts.
pub type ApiVerdict<'a> = dyn FnMut(&str, &str) -> io::Result<Option<Bump>> + 'a;

/// Every generated file at the given consumer-crate versions ([`crate::generate_at`] for the
/// workspace; a test passes its own family's generator).
pub type Generate<'a> = dyn Fn(&Versions) -> io::Result<Vec<GeneratedFile>> + 'a;

/// `cargo xtask release` in the workspace at `root`. Returns the plan when it was carried out
/// (or, with `dry_run`, only printed), `None` when it was refused, having printed why.
///
/// # Errors
///
/// On a dirty working tree (outside a dry run: the release commit must hold exactly the
/// release), an empty `--allow-breaking` reason, a manifest without a version, a failing tool
/// or git command.
pub fn release(
    root: &Path,
    generate: &Generate<'_>,
    api_verdict: &mut ApiVerdict<'_>,
    options: Options<'_>,
) -> io::Result<Option<Plan>> {
    if options.allow_breaking.is_some_and(|r| r.trim().is_empty()) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "--allow-breaking needs a reason, e.g. --allow-breaking \"partners agreed on ...\"",
        ));
    }
    if !options.dry_run {
        let dirty = git(root, &["status", "--porcelain"])?;
        if !dirty.trim().is_empty() {
            return Err(io::Error::other(format!(
                "the working tree has uncommitted changes; commit them first, so that the \
                 release commit holds the release alone (or use --dry-run):\n{dirty}"
            )));
        }
    }
    let versions = crate_versions(root)?;
    let files = generate(&versions)?;
    let problems = out_of_date(root, &files)?;
    if !problems.is_empty() {
        for problem in &problems {
            eprintln!("{problem}");
        }
        eprintln!(
            "error: {} generated file(s) out of date: run `cargo xtask gen` and commit the \
             result before releasing",
            problems.len()
        );
        return Ok(None);
    }
    let tags = git(root, &["tag", "--list", "--merged", "HEAD"])?;
    let mut crates = Vec::new();
    for published in api::published(root)? {
        crates.push(read_crate(root, &published, &files, &tags, api_verdict)?);
    }
    let plan = plan::plan(&crates, options.allow_breaking);
    print!("{}", plan.summary());
    if let Some(refusal) = plan.refusal() {
        eprint!("error: {refusal}");
        return Ok(None);
    }
    if options.dry_run {
        println!("dry run: nothing written, no commit, no tag");
        return Ok(Some(plan));
    }
    if plan.releases.is_empty() {
        return Ok(Some(plan));
    }
    write(root, generate, versions, &plan)?;
    commit_and_tag(root, &plan)?;
    Ok(Some(plan))
}

/// What the planner needs to know of one published crate.
fn read_crate(
    root: &Path,
    published: &Published,
    files: &[GeneratedFile],
    tags: &str,
    api_verdict: &mut ApiVerdict<'_>,
) -> io::Result<Crate> {
    let manifest_path = root.join(&published.dir).join("Cargo.toml");
    let manifest = fs::read_to_string(&manifest_path).map_err(|e| {
        io::Error::new(
            e.kind(),
            format!("cannot read {}: {e}", manifest_path.display()),
        )
    })?;
    let version = manifest_version(&manifest)
        .and_then(Version::parse)
        .ok_or_else(|| {
            io::Error::other(format!(
                "{} has no version of its own (`version = \"x.y.z\"` in [package]): each \
                 published crate carries its own",
                manifest_path.display()
            ))
        })?;
    let released = last_release(&published.package, tags.lines().map(str::trim));
    let mut c = Crate {
        package: published.package.clone(),
        version,
        released,
        changed: false,
        wire: Wire::Unchanged,
        api: None,
    };
    let Some(released) = released else {
        return Ok(c);
    };
    let tag = tag(&published.package, released);
    c.changed = changed_since(root, &tag, &published.dir)?;
    if !c.changed {
        return Ok(c);
    }
    let frozen = Baseline::find(root, Some(&tag))?.compare(root, files)?;
    c.wire = if published.package == CATALOG_PACKAGE {
        Wire::of_all(frozen.comparisons())
    } else {
        Wire::of_all(
            frozen
                .comparisons()
                .iter()
                .filter(|cmp| CrateNames::of(&cmp.event_type).package == published.package),
        )
    };
    c.api = api_verdict(&published.package, &tag)?;
    Ok(c)
}

/// Whether a tracked file under `dir` differs between `tag` and the working tree.
fn changed_since(root: &Path, tag: &str, dir: &str) -> io::Result<bool> {
    let status = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["diff", "--quiet", tag, "--", dir])
        .status()
        .map_err(|e| io::Error::new(e.kind(), format!("cannot run git: {e}")))?;
    match status.code() {
        Some(0) => Ok(false),
        Some(1) => Ok(true),
        _ => Err(io::Error::other(format!(
            "`git diff --quiet {tag} -- {dir}` failed"
        ))),
    }
}

/// Writes the plan's versions: the generated crates' through generation (their manifests and
/// READMEs), the catalog crate's in its manifest and in the workspace's dependency on it; then
/// the changelog entry and the lock file.
fn write(
    root: &Path,
    generate: &Generate<'_>,
    mut versions: Versions,
    plan: &Plan,
) -> io::Result<()> {
    for release in &plan.releases {
        if release.package == CATALOG_PACKAGE {
            set_catalog_version(root, release.to)?;
        } else {
            versions.insert(release.package.clone(), release.to.to_string());
        }
    }
    let files = generate(&versions)?;
    if run::generate(root, &files, None)?.is_none() {
        return Err(io::Error::other(
            "generation refused to write the new versions (see above)",
        ));
    }
    if let Some(entry) = plan.changelog_entry(&freeze::today()?) {
        let path = root.join(CHANGELOG_PATH);
        let current = match fs::read_to_string(&path) {
            Ok(text) => Some(text),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(e),
        };
        crate::write_atomically(
            &path,
            prepend_entries(current.as_deref(), &entry).as_bytes(),
        )?;
        println!("wrote {CHANGELOG_PATH}");
    }
    if root.join("Cargo.lock").is_file() {
        let status = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
            .current_dir(root)
            .args(["update", "--workspace", "--offline", "--quiet"])
            .status()?;
        if !status.success() {
            return Err(io::Error::other(
                "`cargo update --workspace --offline` failed",
            ));
        }
    }
    Ok(())
}

/// Writes `version` into the catalog crate's manifest and into the workspace's dependency line
/// on it (`vcc-events = { path = "crates/catalog", version = "..." }`).
fn set_catalog_version(root: &Path, version: Version) -> io::Result<()> {
    let manifest = root.join(CATALOG_DIR).join("Cargo.toml");
    let text = fs::read_to_string(&manifest)?;
    let updated = set_package_version(&text, version).ok_or_else(|| {
        io::Error::other(format!(
            "{} has no `version = \"...\"` line",
            manifest.display()
        ))
    })?;
    crate::write_atomically(&manifest, updated.as_bytes())?;
    let workspace = root.join("Cargo.toml");
    if let Ok(text) = fs::read_to_string(&workspace)
        && let Some(updated) = set_dependency_version(&text, CATALOG_DIR, version)
    {
        crate::write_atomically(&workspace, updated.as_bytes())?;
    }
    Ok(())
}

/// `manifest` with the `version = "..."` of its `[package]` set to `version`.
fn set_package_version(manifest: &str, version: Version) -> Option<String> {
    let mut in_package = false;
    let mut done = false;
    let mut out = String::new();
    for line in manifest.split_inclusive('\n') {
        if line.starts_with('[') {
            in_package = line.trim() == "[package]";
        }
        if in_package && !done && line.starts_with("version = \"") {
            out.push_str(&format!("version = \"{version}\"\n"));
            done = true;
        } else {
            out.push_str(line);
        }
    }
    done.then_some(out)
}

/// `manifest` with the `version = "..."` of the dependency whose `path` is `dir` set to
/// `version`; `None` when there is no such line.
fn set_dependency_version(manifest: &str, dir: &str, version: Version) -> Option<String> {
    let path = format!("path = \"{dir}\"");
    let mut done = false;
    let mut out = String::new();
    for line in manifest.split_inclusive('\n') {
        match line.find("version = \"") {
            Some(at) if !done && line.contains(&path) => {
                let rest = &line[at + "version = \"".len()..];
                let end = rest.find('"')?;
                out.push_str(&line[..at]);
                out.push_str(&format!("version = \"{version}\""));
                out.push_str(&rest[end + 1..]);
                done = true;
            }
            _ => out.push_str(line),
        }
    }
    done.then_some(out)
}

/// Commits what the release wrote and creates one annotated tag per release.
fn commit_and_tag(root: &Path, plan: &Plan) -> io::Result<()> {
    let tags: Vec<String> = plan.releases.iter().map(|r| r.tag()).collect();
    git(root, &["add", "-A"])?;
    let message = format!("release: {}\n\n{}", tags.join(", "), plan.summary());
    git(root, &["commit", "-q", "--allow-empty", "-m", &message])?;
    for release in &plan.releases {
        let name = release.tag();
        git(root, &["tag", "-a", &name, "-m", &release.line()])?;
        println!("tagged {name}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_package_version_is_set_and_nothing_else() {
        let manifest = "[package]\nname = \"vcc-events\"\nversion = \"0.1.0\"\n\n[dependencies]\nserde = { version = \"1\" }\n";
        assert_eq!(
            set_package_version(manifest, Version::new(0, 2, 0)).unwrap(),
            "[package]\nname = \"vcc-events\"\nversion = \"0.2.0\"\n\n[dependencies]\nserde = { version = \"1\" }\n"
        );
        assert_eq!(
            set_package_version(
                "[package]\nversion.workspace = true\n",
                Version::new(0, 2, 0)
            ),
            None
        );
    }

    #[test]
    fn the_workspace_dependency_on_the_catalog_follows() {
        let manifest = "[workspace.dependencies]\nvcc-events-runtime = { path = \"crates/runtime\", version = \"0.1.0\" }\nvcc-events = { path = \"crates/catalog\", version = \"0.1.0\" }\n";
        let updated =
            set_dependency_version(manifest, "crates/catalog", Version::new(0, 1, 1)).unwrap();
        assert!(
            updated.contains("vcc-events = { path = \"crates/catalog\", version = \"0.1.1\" }\n")
        );
        assert!(updated.contains("crates/runtime\", version = \"0.1.0\" }"));
        assert_eq!(
            set_dependency_version(manifest, "crates/none", Version::new(1, 0, 0)),
            None
        );
    }
}
