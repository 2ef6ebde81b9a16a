//! Workspace automation, run as `cargo xtask <command>` (an alias in `.cargo/config.toml`).
//!
//! `gen` writes the files generated from the catalog's declarations, and the consumer crates
//! generated from the schemas among them; `check` verifies that the files on disk are what
//! generation would write; `dist` writes the release bundle. What the files contain is decided by the `vcc-events-codegen` and
//! `vcc-events-consumer-gen` libraries; this binary only compares and writes.

use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use xtask::{dist, generate_all, out_of_date, release, run};

/// Workspace automation for the VCC event catalog.
///
/// The JSON Schemas (schemas/) and doc pages (docs/events/) are generated from the event
/// declarations in crates/catalog, and the consumer crates (crates/generated/) from those
/// schemas, and all are committed. After changing a declaration, run `cargo xtask gen` and
/// commit the result; CI runs `cargo xtask check` to catch a stale copy.
#[derive(Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerates the schemas, doc pages, documents, packages and consumer crates.
    ///
    /// The long help lists the generated documents from their registry: see `gen_help`.
    #[command(long_about = gen_help())]
    Gen {
        /// Write breaking changes to published versions anyway, and record them with REASON
        /// (and the type, the date and the changes) in docs/CHANGELOG.md, newest first. The
        /// date is today's in UTC, or that of `SOURCE_DATE_EPOCH` when set.
        #[arg(long, value_name = "REASON")]
        allow_breaking: Option<String>,
    },
    /// Checks that every generated file is up to date; writes nothing.
    ///
    /// Regenerates in memory and compares with the files on disk. Exits with 0 when every
    /// file is fresh; otherwise lists each stale or missing file, and each generated file that
    /// generation no longer produces, and exits with 1: run `cargo xtask gen` then. Exits with
    /// 2 when a file cannot be read.
    ///
    /// Also fails (exit 1) when a regenerated schema changes a published version in a breaking
    /// way, naming the file, the breaking changes and what to do. Published means present in
    /// git's `HEAD` (whatever the working tree holds), or, with `--baseline`, at that git ref;
    /// outside a git checkout, the working tree's generated schemas (a note says so). Breaking
    /// changes that changelog entries added since list are accepted. Temporary files left by
    /// an interrupted `gen` are listed as out of date. Waits for a running `gen` to finish.
    Check {
        /// Compare the regenerated schemas with those at this git ref (`git show
        /// <ref>:schemas/<file>`) instead of `HEAD`, e.g. the target branch of a pull
        /// request. A schema absent at the ref is new. Breaking changes listed in
        /// docs/CHANGELOG.md entries added since the ref (by `gen --allow-breaking`) are
        /// accepted. A ref that names no commit is an error (exit 2).
        ///
        /// With a baseline, the API guard runs too: cargo-semver-checks (0.51.0, `cargo install
        /// --locked --version 0.51.0 cargo-semver-checks`) compares the public API of the catalog
        /// crate and of every generated crate with the same crate at the ref, and the check
        /// fails when a change needs a larger version bump than the crate's version made (the
        /// report names the crate, each API item and the bump). Without the tool: exit 2.
        #[arg(long, value_name = "GIT_REF")]
        baseline: Option<String>,
    },
    /// Writes the release bundle `target/dist/vcc-events-catalog-<version>.tar.gz`.
    ///
    /// <version> is the workspace's. The bundle holds, under the folder
    /// `vcc-events-catalog-<version>/`, the generated `schemas/` (every schema, `index.json`
    /// with the SHA-256 of each, the AsyncAPI, xRegistry and event-types documents) and
    /// `docs/events/` (the doc pages), `docs/CHANGELOG.md` when there is one, and `SHA256SUMS`
    /// (every other file's SHA-256, for `sha256sum -c`). The same commit gives the same bytes:
    /// sorted entries, fixed times, owners and modes, no time in the gzip header.
    ///
    /// Refuses (exit 1) when a generated file is out of date, so that the bundle is what the
    /// commit holds: run `cargo xtask gen` and commit first. Prints the bundle's path and
    /// SHA-256.
    Dist,
    /// Releases every published crate that changed since its last release: works out each
    /// one's smallest version bump, writes it, commits and tags.
    ///
    /// The published crates are the catalog crate (`vcc-events`, tags `catalog-v<version>`)
    /// and every generated crate (tags `<package>-v<version>`, e.g.
    /// `vcc-event-channel-parked-v0-v0.1.1`). A crate without a tag yet is released at the
    /// version its manifest has. For a crate changed since its last tag the bump is the
    /// larger of what the freeze says of its schemas (annotations only: patch; compatible
    /// additions or a new version: minor; a breaking change: major) and what
    /// cargo-semver-checks (0.51.0) says of its public API compared with the tag. Below 1.0,
    /// a major bump is the `0.y` digit and the others the last digit.
    ///
    /// A major bump of a released crate is refused (exit 1, nothing written) unless
    /// `--allow-breaking "<reason>"` is given; the reason is recorded in docs/CHANGELOG.md
    /// with the release. Otherwise writes the versions (the generated crates' manifests and
    /// READMEs by generation, the catalog's manifest and the workspace's dependency on it),
    /// a changelog entry and Cargo.lock, commits them and creates one annotated tag per crate.
    /// Refuses a dirty working tree, and generated files that are out of date.
    Release {
        /// Release a breaking bump of a published crate anyway, recording REASON in
        /// docs/CHANGELOG.md.
        #[arg(long, value_name = "REASON")]
        allow_breaking: Option<String>,
        /// Print the plan (each crate, its bump and why, its tag) and write nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

fn main() -> ExitCode {
    let root = workspace_root();
    let result = match Cli::parse().command {
        Command::Gen { allow_breaking } => run_gen(&root, allow_breaking.as_deref()),
        Command::Check { baseline } => run_check(&root, baseline.as_deref()),
        Command::Dist => run_dist(&root),
        Command::Release {
            allow_breaking,
            dry_run,
        } => run_release(&root, allow_breaking.as_deref(), dry_run),
    };
    result.unwrap_or_else(|e| {
        eprintln!("error: {e}");
        ExitCode::from(2)
    })
}

/// The workspace root: the parent of this crate's folder.
fn workspace_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().unwrap_or(manifest_dir).to_path_buf()
}

fn run_gen(root: &Path, allow_breaking: Option<&str>) -> io::Result<ExitCode> {
    let files = generate_all(root)?;
    let Some(outcomes) = run::generate(root, &files, allow_breaking)? else {
        return Ok(ExitCode::FAILURE);
    };
    for outcome in outcomes {
        println!("{outcome}");
    }
    Ok(ExitCode::SUCCESS)
}

fn run_check(root: &Path, baseline: Option<&str>) -> io::Result<ExitCode> {
    let files = generate_all(root)?;
    let mut fresh = run::check(root, &files, baseline)?;
    if let Some(baseline) = baseline {
        fresh &= xtask::api::check(root, baseline)?;
    }
    Ok(if fresh {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn run_release(root: &Path, allow_breaking: Option<&str>, dry_run: bool) -> io::Result<ExitCode> {
    let options = release::Options {
        allow_breaking,
        dry_run,
    };
    let mut api = |package: &str, tag: &str| xtask::api::required_bump(root, package, tag);
    Ok(
        match release::release(root, &xtask::generate_at, &mut api, options)? {
            Some(_) => ExitCode::SUCCESS,
            None => ExitCode::FAILURE,
        },
    )
}

fn run_dist(root: &Path) -> io::Result<ExitCode> {
    let problems = out_of_date(root, &generate_all(root)?)?;
    if !problems.is_empty() {
        for problem in &problems {
            eprintln!("{problem}");
        }
        eprintln!(
            "{} generated file(s) out of date: run `cargo xtask gen` and commit the result \
             before building a release",
            problems.len()
        );
        return Ok(ExitCode::FAILURE);
    }
    let bytes = dist::bundle(root)?;
    let path = dist::bundle_path(root);
    xtask::write_atomically(&path, &bytes)?;
    println!(
        "wrote {} ({} bytes, sha256 {})",
        path.display(),
        bytes.len(),
        vcc_events_codegen::sha256_hex(&bytes)
    );
    Ok(ExitCode::SUCCESS)
}

/// The long help of `gen`: the catalog's documents come from their registry
/// ([`vcc_events_codegen::DOCUMENTS`]), so that a new document is listed without editing this.
fn gen_help() -> String {
    format!(
        "Regenerates the schemas, doc pages, documents, packages and consumer crates.\n\n\
         Writes, from the event declarations in crates/catalog: `schemas/<type>.json` (the JSON \
         Schema of each event version), `docs/events/<type>.md` (each version's doc page) and \
         the catalog's documents {documents}; then, from each schema the index lists (never \
         from the declarations), the consumer crate `crates/generated/<type with dashes>/` \
         (typify's types for the schema: `Cargo.toml`, `README.md`, `rustfmt.toml`, \
         `src/lib.rs`). {GEN_WRITES}",
        documents = vcc_events_codegen::documents::listed(),
    )
}

/// The part of `gen`'s long help that says how it writes.
const GEN_WRITES: &str = "Only files whose contents change are written, each atomically (a \
     temporary file in the same folder, synced, then renamed); every changed file is written to \
     its temporary file before any is renamed, so an error (a folder that cannot be written, \
     say) leaves every file as it was. Generated files under schemas/, docs/events/ and \
     crates/generated/ that are no longer produced are removed, and so are the folders they \
     leave empty under crates/generated/; files without the \"Generated by `cargo xtask gen`\" \
     line are never touched. Temporary files an interrupted run left (`<file>.tmp-<pid>`) are \
     removed first. Prints each file as `wrote`, `fresh`, `restored` or `removed`.\n\n\
     One run at a time: a run holds the lock target/xtask.lock, and a second run waits for it, \
     saying so.\n\n\
     Published versions are frozen: each regenerated schema is compared first with the schema \
     of the same version in git's `HEAD`, whatever the working tree holds (outside a git \
     checkout, with the working tree's generated schemas, and a note says so). Compatible \
     changes are listed (`changed <file> (compatible: N changes)`) and written; a change that \
     breaks readers, or a published version no longer generated, is refused: nothing at all is \
     written, the breaking changes are listed, and the exit status is 1. Declare a new version \
     instead. A schema not in `HEAD` is a new version, not frozen. A published schema edited or \
     deleted by hand, whose declaration still produces the committed schema, is written back \
     (`restored <file>`). Breaking changes that a changelog entry added since `HEAD` lists \
     (written by an earlier `--allow-breaking`, not yet committed) are accepted.";
