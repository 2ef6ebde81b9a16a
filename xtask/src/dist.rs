//! `cargo xtask dist`: the release bundle `target/dist/vcc-events-catalog-<version>.tar.gz`.
//!
//! It holds, under the folder `vcc-events-catalog-<version>/`, every file generation writes
//! to `schemas/` (the schemas, `index.json` with their SHA-256, the AsyncAPI, xRegistry and
//! event-types documents) and `docs/events/` (the doc pages and the front page), in the same
//! layout so that the pages' links resolve, `docs/CHANGELOG.md` when there is one, and
//! `SHA256SUMS`: the SHA-256 of every other file in the bundle, in the format `sha256sum -c`
//! reads.
//!
//! The same commit gives the same bytes: entries sorted by path, each a regular file with
//! mode 0644, owner and group 0 without names, and the time [`MTIME`]; the gzip header
//! carries no time and no file name.

use std::fmt::Write as _;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use flate2::{Compression, GzBuilder};
use vcc_events_codegen::{generate, sha256_hex};

/// The version of the bundle: the workspace's (also that of the generated crates).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The time every entry of the bundle carries: 2000-01-01T00:00:00Z. (Any fixed time would
/// do; zero makes some `tar`s warn of an implausibly old time stamp.)
pub const MTIME: u64 = 946_684_800;

/// The changelog the bundle carries when it exists, relative to the workspace root.
pub const CHANGELOG: &str = "docs/CHANGELOG.md";

/// The file of the bundle that lists the SHA-256 of every other file.
pub const CHECKSUMS: &str = "SHA256SUMS";

/// The name of the bundle's top folder, e.g. `vcc-events-catalog-0.1.0`.
pub fn bundle_name() -> String {
    format!("vcc-events-catalog-{VERSION}")
}

/// Where `cargo xtask dist` writes the bundle: `<target>/dist/<name>.tar.gz`, where
/// `<target>` is `CARGO_TARGET_DIR` when set, otherwise `root/target`.
pub fn bundle_path(root: &Path) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    target
        .join("dist")
        .join(format!("{}.tar.gz", bundle_name()))
}

/// One file of the bundle: its path inside the bundle's folder, and its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BundleFile {
    /// Relative, with `/` separators, e.g. `schemas/index.json`.
    pub path: String,
    /// The whole file.
    pub contents: Vec<u8>,
}

/// The files of the bundle of the workspace at `root`, sorted by path, `SHA256SUMS` included.
pub fn bundle_files(root: &Path) -> io::Result<Vec<BundleFile>> {
    let mut files: Vec<BundleFile> = generate()
        .into_iter()
        .map(|file| BundleFile {
            path: slash_path(&file.path),
            contents: file.contents.into_bytes(),
        })
        .collect();
    match fs::read(root.join(CHANGELOG)) {
        Ok(contents) => files.push(BundleFile {
            path: CHANGELOG.to_owned(),
            contents,
        }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => {
            return Err(io::Error::new(
                e.kind(),
                format!("cannot read {CHANGELOG}: {e}"),
            ));
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let mut sums = String::new();
    for file in &files {
        let _ = writeln!(sums, "{}  {}", sha256_hex(&file.contents), file.path);
    }
    files.push(BundleFile {
        path: CHECKSUMS.to_owned(),
        contents: sums.into_bytes(),
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// A path as the bundle writes it: its components joined with `/`.
fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The gzipped tar archive of `files` under the folder `name`, entries in the order given.
pub fn archive(name: &str, files: &[BundleFile]) -> io::Result<Vec<u8>> {
    // No time, no file name in the gzip header; flate2 marks the OS as unknown.
    let gzip = GzBuilder::new()
        .mtime(0)
        .write(Vec::new(), Compression::best());
    let mut tar = tar::Builder::new(gzip);
    for file in files {
        let mut header = tar::Header::new_ustar();
        header.set_entry_type(tar::EntryType::Regular);
        header.set_size(file.contents.len() as u64);
        header.set_mode(0o644);
        header.set_uid(0);
        header.set_gid(0);
        header.set_mtime(MTIME);
        tar.append_data(
            &mut header,
            format!("{name}/{}", file.path),
            file.contents.as_slice(),
        )?;
    }
    let mut gzip = tar.into_inner()?;
    gzip.flush()?;
    gzip.finish()
}

/// The bundle of the workspace at `root`: its bytes.
pub fn bundle(root: &Path) -> io::Result<Vec<u8>> {
    archive(&bundle_name(), &bundle_files(root)?)
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use flate2::read::GzDecoder;
    use serde_json::Value;

    use super::*;

    fn root() -> &'static Path {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("the workspace root")
    }

    /// Each entry of a bundle: path, header, contents.
    fn entries(bytes: &[u8]) -> Vec<(String, tar::Header, Vec<u8>)> {
        let mut archive = tar::Archive::new(GzDecoder::new(bytes));
        archive
            .entries()
            .expect("a tar archive")
            .map(|entry| {
                let mut entry = entry.expect("an entry");
                let path = entry.path().expect("a path").display().to_string();
                let header = entry.header().clone();
                let mut contents = Vec::new();
                entry.read_to_end(&mut contents).expect("readable");
                (path, header, contents)
            })
            .collect()
    }

    #[test]
    fn two_builds_give_the_same_bytes() {
        let first = bundle(root()).expect("a bundle");
        let second = bundle(root()).expect("a bundle");
        assert!(first == second, "two builds differ");
    }

    #[test]
    fn the_gzip_header_has_no_time_and_no_name() {
        let bytes = bundle(root()).expect("a bundle");
        assert_eq!(&bytes[..3], [0x1f, 0x8b, 8], "gzip, deflate");
        assert_eq!(bytes[3], 0, "no FNAME, FCOMMENT or FEXTRA");
        assert_eq!(&bytes[4..8], [0, 0, 0, 0], "MTIME 0");
    }

    #[test]
    fn entries_are_sorted_relative_files_with_fixed_owner_mode_and_time() {
        let entries = entries(&bundle(root()).expect("a bundle"));
        let prefix = format!("{}/", bundle_name());
        let paths: Vec<&str> = entries.iter().map(|(p, _, _)| p.as_str()).collect();
        let mut sorted = paths.clone();
        sorted.sort();
        assert_eq!(paths, sorted);
        for (path, header, _) in &entries {
            assert!(path.starts_with(&prefix), "{path}");
            assert!(!path.contains(".."), "{path}");
            assert_eq!(header.entry_type(), tar::EntryType::Regular, "{path}");
            assert_eq!(header.mode().expect("a mode"), 0o644, "{path}");
            assert_eq!(header.uid().expect("a uid"), 0, "{path}");
            assert_eq!(header.gid().expect("a gid"), 0, "{path}");
            assert_eq!(header.mtime().expect("a time"), MTIME, "{path}");
            assert_eq!(header.username().ok().flatten(), Some(""), "{path}");
        }
    }

    #[test]
    fn holds_the_schemas_documents_pages_index_and_changelog() {
        let entries = entries(&bundle(root()).expect("a bundle"));
        let name = bundle_name();
        let has = |path: &str| {
            entries
                .iter()
                .any(|(p, _, _)| *p == format!("{name}/{path}"))
        };
        for path in [
            "schemas/channel.parked.v0.json",
            "schemas/agent.presencechanged.v0.json",
            "schemas/index.json",
            "schemas/asyncapi.json",
            "schemas/xregistry.json",
            "schemas/event-types.json",
            "docs/events/README.md",
            "docs/events/channel.parked.v0.md",
            CHECKSUMS,
        ] {
            assert!(has(path), "{path} missing");
        }
        assert_eq!(has(CHANGELOG), root().join(CHANGELOG).exists());
        assert!(
            !entries.iter().any(|(p, _, _)| p.contains("crates/")),
            "consumer crates are published as crates, not in the bundle"
        );
    }

    #[test]
    fn the_index_digests_match_the_bundled_schemas_and_documents() {
        let entries = entries(&bundle(root()).expect("a bundle"));
        let name = bundle_name();
        let file = |path: &str| {
            entries
                .iter()
                .find(|(p, _, _)| *p == format!("{name}/schemas/{path}"))
                .map(|(_, _, contents)| contents.clone())
                .unwrap_or_else(|| panic!("schemas/{path} missing"))
        };
        let index: Value = serde_json::from_slice(&file("index.json")).expect("JSON");
        let listed = index["events"]
            .as_array()
            .expect("events")
            .iter()
            .map(|e| (&e["schema"], &e["sha256"]))
            .chain(
                index["documents"]
                    .as_array()
                    .expect("documents")
                    .iter()
                    .map(|d| (&d["path"], &d["sha256"])),
            );
        let mut checked = 0;
        for (path, digest) in listed {
            let path = path.as_str().expect("a file name");
            assert_eq!(
                digest.as_str(),
                Some(sha256_hex(&file(path)).as_str()),
                "{path}"
            );
            checked += 1;
        }
        // Every JSON file in schemas/ but the index itself.
        let bundled = entries
            .iter()
            .filter(|(p, _, _)| p.starts_with(&format!("{name}/schemas/")) && p.ends_with(".json"))
            .count();
        assert_eq!(checked, bundled - 1);
    }

    #[test]
    fn sha256sums_lists_every_other_file() {
        let entries = entries(&bundle(root()).expect("a bundle"));
        let name = bundle_name();
        let (_, _, sums) = entries
            .iter()
            .find(|(p, _, _)| *p == format!("{name}/{CHECKSUMS}"))
            .expect("SHA256SUMS");
        let sums = String::from_utf8(sums.clone()).expect("UTF-8");
        let others: Vec<_> = entries
            .iter()
            .filter(|(p, _, _)| *p != format!("{name}/{CHECKSUMS}"))
            .collect();
        assert_eq!(sums.lines().count(), others.len());
        let prefix = format!("{name}/");
        for (line, (path, _, contents)) in sums.lines().zip(others) {
            let relative = path.strip_prefix(&prefix).expect("under the folder");
            assert_eq!(line, format!("{}  {relative}", sha256_hex(contents)));
        }
    }
}
