//! The work behind `cargo xtask`: every generated file, how the files on disk compare with
//! it, atomic writes, and the release bundle ([`dist`]). The binary (`main.rs`) parses the
//! command line and runs [`run::generate`], [`run::check`] or [`dist::bundle`]; the workspace's
//! freshness tests call [`out_of_date`], the same check `cargo xtask check` runs.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use vcc_events_codegen::freeze::CHANGELOG_PATH;
use vcc_events_codegen::{GeneratedFile, OUTPUT_DIRS, generate};
use vcc_events_consumer_gen::{Versions, manifest_version};

pub mod api;
pub mod dist;
pub mod freeze;
pub mod lock;
pub mod release;
pub mod run;
mod write;

#[cfg(test)]
mod test_support;

pub use write::{is_temporary, write_all, write_atomically};

/// Every generated file of the workspace at `root`, sorted by path: the catalog's (schemas,
/// index, doc pages) and the consumer crates generated from those schemas, in memory, each
/// crate at the version its manifest on disk has (see [`crate_versions`]).
pub fn generate_all(root: &Path) -> io::Result<Vec<GeneratedFile>> {
    generate_at(&crate_versions(root)?)
}

/// Every generated file, the consumer crates at `versions` (a crate missing there starts at
/// [`vcc_events_consumer_gen::FIRST_VERSION`]).
pub fn generate_at(versions: &Versions) -> io::Result<Vec<GeneratedFile>> {
    let mut files = generate();
    let crates = vcc_events_consumer_gen::generate(
        files
            .iter()
            .map(|f| (f.path.as_path(), f.contents.as_str())),
        versions,
    )
    .map_err(|e| io::Error::other(format!("cannot generate the consumer crates: {e}")))?;
    files.extend(crates.into_iter().map(|f| GeneratedFile {
        path: f.path,
        contents: f.contents,
    }));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// The version of each consumer crate on disk under `root`, by package name: what its
/// `Cargo.toml` says, so that generation never changes a version. Crates whose manifest has no
/// version of its own are left out (they start at the first version).
pub fn crate_versions(root: &Path) -> io::Result<Versions> {
    let mut versions = Versions::new();
    let dir = root.join(vcc_events_consumer_gen::OUTPUT_DIR);
    let entries = match fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(versions),
        Err(e) => return Err(e),
    };
    for entry in entries {
        let manifest = entry?.path().join("Cargo.toml");
        let text = match fs::read_to_string(&manifest) {
            Ok(text) => text,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => {
                return Err(io::Error::new(
                    e.kind(),
                    format!("cannot read {}: {e}", manifest.display()),
                ));
            }
        };
        if let (Some(name), Some(version)) = (api::package_name(&text), manifest_version(&text)) {
            versions.insert(name, version.to_owned());
        }
    }
    Ok(versions)
}

/// Whether the file with `contents` is a generated one (of either generator).
pub fn is_generated(contents: &str) -> bool {
    vcc_events_codegen::is_generated(contents) || vcc_events_consumer_gen::is_generated(contents)
}

/// How a file on disk compares with its generated contents.
#[derive(Debug, PartialEq, Eq)]
pub enum State {
    /// Equal.
    Fresh,
    /// Different.
    Stale,
    /// Not there.
    Missing,
}

/// How the file at `path` compares with `contents`.
pub fn state(path: &Path, contents: &str) -> io::Result<State> {
    match fs::read(path) {
        Ok(bytes) if bytes == contents.as_bytes() => Ok(State::Fresh),
        Ok(_) => Ok(State::Stale),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(State::Missing),
        Err(e) => Err(io::Error::new(
            e.kind(),
            format!("cannot read {}: {e}", path.display()),
        )),
    }
}

/// Generated files (paths relative to `root`) in the output folders that `files` does not
/// contain, sorted.
pub fn leftovers(root: &Path, files: &[GeneratedFile]) -> io::Result<Vec<PathBuf>> {
    let produced: BTreeSet<&Path> = files.iter().map(|f| f.path.as_path()).collect();
    let mut found = Vec::new();
    for dir in OUTPUT_DIRS
        .into_iter()
        .chain([vcc_events_consumer_gen::OUTPUT_DIR])
    {
        walk(root, Path::new(dir), &mut found)?;
    }
    found.retain(|path| !produced.contains(path.as_path()) && !is_temporary_path(path));
    let mut leftovers = Vec::new();
    for path in found {
        // Files that are not text, or lack the generated line, are someone's own.
        if fs::read_to_string(root.join(&path)).is_ok_and(|text| is_generated(&text)) {
            leftovers.push(path);
        }
    }
    leftovers.sort();
    Ok(leftovers)
}

/// The temporary files (paths relative to `root`) that an interrupted run left in the output
/// folders and next to the changelog, sorted, whatever they hold (empty ones included).
pub fn temporaries(root: &Path) -> io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for dir in OUTPUT_DIRS
        .into_iter()
        .chain([vcc_events_consumer_gen::OUTPUT_DIR])
    {
        walk(root, Path::new(dir), &mut found)?;
    }
    let changelog_dir = Path::new(CHANGELOG_PATH).parent().unwrap_or(Path::new(""));
    if let Ok(entries) = fs::read_dir(root.join(changelog_dir)) {
        for entry in entries {
            let entry = entry?;
            if !entry.file_type()?.is_dir() {
                found.push(changelog_dir.join(entry.file_name()));
            }
        }
    }
    found.retain(|path| is_temporary_path(path));
    found.sort();
    found.dedup();
    Ok(found)
}

/// Whether the file at `path` is named like a temporary file of a run.
fn is_temporary_path(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|name| is_temporary(&name.to_string_lossy()))
}

/// Collects the files under `root/dir`, recursively, as paths relative to `root`.
fn walk(root: &Path, dir: &Path, found: &mut Vec<PathBuf>) -> io::Result<()> {
    let entries = match fs::read_dir(root.join(dir)) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    for entry in entries {
        let entry = entry?;
        let path = dir.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            walk(root, &path, found)?;
        } else {
            found.push(path);
        }
    }
    Ok(())
}

/// Removes the folders under `root/dir` (not `dir` itself) that are empty or hold only empty
/// folders: what removing a crate's generated files leaves behind. (A folder left under
/// crates/generated/ without a Cargo.toml would stop cargo from loading the workspace.)
pub fn remove_empty_dirs(root: &Path, dir: &Path) -> io::Result<()> {
    let entries = match fs::read_dir(root.join(dir)) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    for entry in entries {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            let path = dir.join(entry.file_name());
            remove_empty_dirs(root, &path)?;
            if fs::read_dir(root.join(&path))?.next().is_none() {
                fs::remove_dir(root.join(&path))?;
                println!("removed {}/ (empty)", path.display());
            }
        }
    }
    Ok(())
}

/// Every generated file that is stale, missing, or no longer generated, and every temporary
/// file left by an interrupted run, as lines such as `stale    schemas/x.json`: what
/// `cargo xtask check` reports (empty when all are fresh).
pub fn out_of_date(root: &Path, files: &[GeneratedFile]) -> io::Result<Vec<String>> {
    let mut problems = Vec::new();
    for file in files {
        match state(&root.join(&file.path), &file.contents)? {
            State::Fresh => {}
            State::Stale => problems.push(format!("stale    {}", file.path.display())),
            State::Missing => problems.push(format!("missing  {}", file.path.display())),
        }
    }
    for leftover in leftovers(root, files)? {
        problems.push(format!(
            "leftover {} (no longer generated)",
            leftover.display()
        ));
    }
    for temporary in temporaries(root)? {
        problems.push(format!(
            "temporary {} (left by an interrupted run; `cargo xtask gen` removes it)",
            temporary.display()
        ));
    }
    Ok(problems)
}
