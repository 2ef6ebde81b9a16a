//! The freeze of published versions in `gen` and `check`: reads the published schemas (the
//! committed files, or the files at a git ref), the changelog and the clock, and writes the
//! changelog. What is compatible, what is refused and what the messages say is decided by
//! `vcc_events_codegen::freeze`.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

use vcc_events_codegen::freeze::{
    self, CHANGELOG_PATH, Decision, Freeze, Mode, Status, is_version_schema,
};
use vcc_events_codegen::{GeneratedFile, SCHEMAS_DIR, is_generated};

/// Before `cargo xtask gen` writes anything: compares the regenerated schemas among `files` with
/// the committed ones. Returns `false` (having printed why) when a published version would
/// break and `allow_breaking` is `None`; then nothing may be written. With a reason, records
/// the breaking changes in the changelog first.
pub fn before_gen(
    root: &Path,
    files: &[GeneratedFile],
    allow_breaking: Option<&str>,
) -> io::Result<bool> {
    if allow_breaking.is_some_and(|reason| reason.trim().is_empty()) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "--allow-breaking needs a reason, e.g. --allow-breaking \"partners agreed on ...\"",
        ));
    }
    let published = published_on_disk(root)?;
    let frozen = freeze::compare(files, &published);
    let date = if frozen.is_breaking() && allow_breaking.is_some() {
        today()?
    } else {
        String::new()
    };
    let changelog_path = root.join(CHANGELOG_PATH);
    let changelog = read_optional(&changelog_path)?;
    match freeze::decide(&frozen, allow_breaking, &date, changelog.as_deref()) {
        Decision::Refuse { message } => {
            eprint!("error: {message}");
            Ok(false)
        }
        Decision::Write { summary, changelog } => {
            print!("{summary}");
            if allow_breaking.is_some() && changelog.is_none() {
                println!("nothing breaks a published version: --allow-breaking was not needed");
            }
            // The record comes first: if writing the files then fails, the log still says
            // what was attempted.
            if let Some(text) = changelog {
                crate::write_atomically(&changelog_path, text.as_bytes())?;
                println!("wrote {CHANGELOG_PATH}");
            }
            Ok(true)
        }
    }
}

/// For `cargo xtask check`: compares the regenerated schemas among `files` with the committed
/// ones, or with those at `baseline` (a git ref) where breaking changes recorded in changelog
/// entries added since are accepted. Returns whether no published version breaks, having
/// printed the comparison (and, on stderr, what breaks and what to do).
pub fn check(root: &Path, files: &[GeneratedFile], baseline: Option<&str>) -> io::Result<bool> {
    let (frozen, mode) = match baseline {
        None => (
            freeze::compare(files, &published_on_disk(root)?),
            Mode::Check,
        ),
        Some(git_ref) => {
            let commit = resolve(root, git_ref)?;
            let frozen = freeze::compare(files, &published_at(root, &commit)?);
            let current = read_optional(&root.join(CHANGELOG_PATH))?.unwrap_or_default();
            let before = git_file(root, &commit, CHANGELOG_PATH)?;
            let added = freeze::new_changelog_entries(&current, before.as_deref());
            (frozen.accept_recorded(&added), Mode::Baseline(git_ref))
        }
    };
    print!("{}", frozen.compatible_summary());
    print!("{}", frozen.allowed_summary(false));
    if frozen.is_breaking() {
        eprint!("{}", frozen.refusal(mode));
        return Ok(false);
    }
    println!("{}", tally(&frozen, baseline));
    Ok(true)
}

/// One line on how the published versions compare, e.g.
/// `published versions: 1 unchanged, 1 compatible change, 1 new (compared with HEAD)`.
fn tally(frozen: &Freeze, baseline: Option<&str>) -> String {
    let count = |status: Status| {
        frozen
            .comparisons()
            .iter()
            .filter(|c| c.status == status)
            .count()
    };
    let mut parts = vec![format!("{} unchanged", count(Status::Unchanged))];
    let compatible = count(Status::Compatible);
    if compatible > 0 {
        parts.push(format!("{compatible} changed compatibly"));
    }
    let recorded = frozen.comparisons().iter().filter(|c| c.recorded).count();
    if recorded > 0 {
        parts.push(format!(
            "{recorded} changed with a recorded breaking change"
        ));
    }
    let new = count(Status::New);
    if new > 0 {
        parts.push(format!("{new} new"));
    }
    let against = baseline.map_or_else(
        || "compared with the committed files".to_owned(),
        |git_ref| format!("compared with {git_ref}"),
    );
    format!("published versions: {} ({against})", parts.join(", "))
}

/// The published version schemas on disk: the generated `.json` files in `schemas/` (other than
/// the index), by path relative to `root`.
fn published_on_disk(root: &Path) -> io::Result<BTreeMap<PathBuf, String>> {
    let mut published = BTreeMap::new();
    let entries = match fs::read_dir(root.join(SCHEMAS_DIR)) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(published),
        Err(e) => return Err(e),
    };
    for entry in entries {
        let path = Path::new(SCHEMAS_DIR).join(entry?.file_name());
        if !is_version_schema(&path) {
            continue;
        }
        let Some(text) = read_optional(&root.join(&path))? else {
            continue;
        };
        // A file without the generated line is someone's own, not a published version.
        if is_generated(&text) {
            published.insert(path, text);
        }
    }
    Ok(published)
}

/// The published version schemas at `commit`: the `.json` files in `schemas/` (other than the
/// index), by path relative to `root`.
fn published_at(root: &Path, commit: &str) -> io::Result<BTreeMap<PathBuf, String>> {
    let listing = git(
        root,
        &["ls-tree", "--name-only", "-z", commit, "--", "schemas/"],
    )?;
    let mut published = BTreeMap::new();
    for name in listing.split('\0').filter(|n| !n.is_empty()) {
        let path = PathBuf::from(name);
        if is_version_schema(&path) {
            let text = git(root, &["show", &format!("{commit}:./{name}")])?;
            published.insert(path, text);
        }
    }
    Ok(published)
}

/// The file at `path` (relative to `root`) in `commit`, or `None` when it does not exist there.
fn git_file(root: &Path, commit: &str, path: &str) -> io::Result<Option<String>> {
    let listing = git(root, &["ls-tree", "--name-only", commit, "--", path])?;
    if listing.trim().is_empty() {
        return Ok(None);
    }
    git(root, &["show", &format!("{commit}:./{path}")]).map(Some)
}

/// The commit `git_ref` names, as a full hash; a clear error when it names none.
fn resolve(root: &Path, git_ref: &str) -> io::Result<String> {
    let bad = |why: String| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("--baseline {git_ref}: {why}"),
        )
    };
    if git_ref.is_empty() || git_ref.starts_with('-') {
        return Err(bad("not a git ref".to_owned()));
    }
    let spec = format!("{git_ref}^{{commit}}");
    git(root, &["rev-parse", "--verify", "--quiet", &spec])
        .map(|hash| hash.trim().to_owned())
        .map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => e,
            _ => bad(format!(
                "not a commit of the repository at {} (try a branch, a tag or a commit hash, \
                 e.g. `--baseline origin/main`)",
                root.display()
            )),
        })
}

/// Runs `git -C <root> <args>` and returns its standard output; an error naming the command
/// and its standard error when it fails.
fn git(root: &Path, args: &[&str]) -> io::Result<String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .map_err(|e| io::Error::new(e.kind(), format!("cannot run git: {e}")))?;
    if !output.status.success() {
        return Err(io::Error::other(format!(
            "`git {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    String::from_utf8(output.stdout).map_err(|_| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "`git {}` printed something that is not UTF-8",
                args.join(" ")
            ),
        )
    })
}

/// The text of the file at `path`, `None` when there is none.
fn read_optional(path: &Path) -> io::Result<Option<String>> {
    match fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io::Error::new(
            e.kind(),
            format!("cannot read {}: {e}", path.display()),
        )),
    }
}

/// Today's date in UTC, `YYYY-MM-DD`: from `SOURCE_DATE_EPOCH` (Unix seconds) when set, for
/// reproducible runs and tests, else from the system clock.
fn today() -> io::Result<String> {
    let seconds = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(value) => value.trim().parse::<i64>().map_err(|_| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("SOURCE_DATE_EPOCH={value:?} is not a number of seconds"),
            )
        })?,
        Err(_) => SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_err(|_| io::Error::other("the system clock is before 1970"))?
            .as_secs()
            .try_into()
            .unwrap_or(i64::MAX),
    };
    Ok(freeze::utc_date(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh, empty folder under the system's temporary folder.
    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-freeze-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn run(dir: &Path, args: &[&str]) {
        let status = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .output()
            .unwrap();
        assert!(status.status.success(), "git {args:?}: {status:?}");
    }

    /// Every generated file of the catalog, and the published copy of its schema made
    /// breaking: in the published copy `data` is optional, regenerated it is required.
    fn catalog_with_a_loosened_published_schema() -> (Vec<GeneratedFile>, GeneratedFile) {
        let files = vcc_events_codegen::generate();
        let schema = files
            .iter()
            .find(|f| is_version_schema(&f.path) && f.path.ends_with("channel.parked.v0.json"))
            .unwrap()
            .clone();
        let mut loosened: serde_json::Value = serde_json::from_str(&schema.contents).unwrap();
        let required = loosened["required"].as_array_mut().unwrap();
        required.retain(|r| r != "data");
        let published = GeneratedFile {
            path: schema.path,
            contents: serde_json::to_string_pretty(&loosened).unwrap() + "\n",
        };
        (files, published)
    }

    #[test]
    fn gen_refuses_a_breaking_change_and_writes_nothing() {
        let root = temp_dir("gen");
        let (files, published) = catalog_with_a_loosened_published_schema();
        let path = root.join(&published.path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, &published.contents).unwrap();
        assert!(!before_gen(&root, &files, None).unwrap());
        assert!(!root.join(CHANGELOG_PATH).exists());
        assert_eq!(fs::read_to_string(&path).unwrap(), published.contents);

        assert!(
            before_gen(&root, &files, Some("   ")).is_err(),
            "a reason is needed"
        );
        assert!(before_gen(&root, &files, Some("partners agreed")).unwrap());
        let changelog = fs::read_to_string(root.join(CHANGELOG_PATH)).unwrap();
        assert!(changelog.starts_with(freeze::CHANGELOG_HEADER.trim_end()));
        assert!(changelog.contains(" — channel.parked.v0\n"), "{changelog}");
        assert!(changelog.contains("\nReason: partners agreed\n"));
        assert!(changelog.contains("- `required_added` at `/properties/data` (breaks backward)"));
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn check_against_a_git_baseline() {
        let root = temp_dir("baseline");
        run(&root, &["init", "-q"]);
        run(
            &root,
            &[
                "commit",
                "-q",
                "--allow-empty",
                "-m",
                "before anything was published",
            ],
        );
        let (files, published) = catalog_with_a_loosened_published_schema();
        fs::create_dir_all(root.join(SCHEMAS_DIR)).unwrap();
        fs::write(root.join(&published.path), &published.contents).unwrap();
        fs::write(root.join("schemas/index.json"), "{}").unwrap();
        run(&root, &["add", "."]);
        run(&root, &["commit", "-q", "-m", "published"]);

        let at_head = published_at(&root, &resolve(&root, "HEAD").unwrap()).unwrap();
        assert_eq!(at_head.keys().collect::<Vec<_>>(), [&published.path]);
        assert_eq!(at_head[&published.path], published.contents);

        // The working tree has the regenerated (breaking) schema; HEAD the published one.
        let schema = files.iter().find(|f| f.path == published.path).unwrap();
        fs::write(root.join(&schema.path), &schema.contents).unwrap();
        assert!(check(&root, &files, None).unwrap(), "fresh on disk");
        assert!(!check(&root, &files, Some("HEAD")).unwrap());

        // Recorded in a changelog entry added since HEAD: accepted.
        assert!(
            before_gen(&root, &files, None).unwrap(),
            "nothing to refuse on disk"
        );
        let frozen = freeze::compare(&files, &at_head);
        let entries = frozen.changelog_entries("2024-01-01", "agreed");
        let changelog = freeze::prepend_entries(None, &entries);
        fs::create_dir_all(root.join("docs")).unwrap();
        fs::write(root.join(CHANGELOG_PATH), &changelog).unwrap();
        assert!(check(&root, &files, Some("HEAD")).unwrap());

        // Once committed, the entry is the baseline's: a further breaking change needs its own.
        run(&root, &["add", "."]);
        run(&root, &["commit", "-q", "-m", "allowed"]);
        assert!(
            check(&root, &files, Some("HEAD")).unwrap(),
            "unchanged since"
        );
        assert!(
            check(&root, &files, Some("HEAD~1")).unwrap(),
            "recorded since"
        );

        // A schema absent at the ref is new.
        assert!(published_at(&root, "HEAD~2").unwrap().is_empty());
        assert!(check(&root, &files, Some("HEAD~2")).unwrap());
        assert_eq!(git_file(&root, "HEAD~2", CHANGELOG_PATH).unwrap(), None);

        let error = resolve(&root, "no-such-branch").unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::InvalidInput);
        assert!(
            error
                .to_string()
                .starts_with("--baseline no-such-branch: not a commit"),
            "{error}"
        );
        assert!(resolve(&root, "--all").is_err());
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn the_tally_counts_each_status() {
        let files = vcc_events_codegen::generate();
        let versions = files.iter().filter(|f| is_version_schema(&f.path)).count();
        let frozen = freeze::compare(&files, &BTreeMap::new());
        assert_eq!(
            tally(&frozen, Some("origin/main")),
            format!("published versions: 0 unchanged, {versions} new (compared with origin/main)")
        );
    }
}
