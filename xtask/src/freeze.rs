//! The freeze of published versions in `gen` and `check`: reads the published schemas (the
//! files in git's `HEAD`, or at the `--baseline` ref; the working tree only outside a git
//! checkout), the changelog and the clock, and writes the changelog. What is compatible, what
//! is refused and what the messages say is decided by `vcc_events_codegen::freeze`.

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

/// What the regenerated schemas are compared with: where the published versions are read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Baseline {
    /// The files in a commit: `HEAD`, or the `--baseline` ref. A version committed there is
    /// published, whatever the working tree holds.
    Commit {
        /// The ref as given (`HEAD` by default).
        name: String,
        /// The commit's full hash.
        hash: String,
    },
    /// The generated files in the working tree, because there is no commit to read (not a git
    /// checkout, e.g. an unpacked release, or a repository without commits). Then a deleted
    /// schema cannot be told from a new one.
    WorkingTree {
        /// Why there is no commit, e.g. `not a git checkout`.
        why: String,
    },
}

impl Baseline {
    /// Where the published versions of the workspace at `root` are read: the commit `git_ref`
    /// names (an error when it names none), else `HEAD`, else the working tree.
    pub fn find(root: &Path, git_ref: Option<&str>) -> io::Result<Baseline> {
        if let Some(git_ref) = git_ref {
            return Ok(Baseline::Commit {
                name: git_ref.to_owned(),
                hash: resolve(root, git_ref)?,
            });
        }
        let why = match git(root, &["rev-parse", "--is-inside-work-tree"]) {
            Ok(answer) if answer.trim() == "true" => None,
            Ok(_) => Some("not in a git work tree"),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Some("git is not installed"),
            Err(e) if e.to_string().contains("not a git repository") => Some("not a git checkout"),
            // Git is there but refuses (e.g. a repository owned by another user): say why
            // rather than compare with the working tree unannounced.
            Err(e) => return Err(e),
        };
        if let Some(why) = why {
            return Ok(Baseline::WorkingTree {
                why: why.to_owned(),
            });
        }
        match git(root, &["rev-parse", "--verify", "--quiet", "HEAD^{commit}"]) {
            Ok(hash) => Ok(Baseline::Commit {
                name: "HEAD".to_owned(),
                hash: hash.trim().to_owned(),
            }),
            Err(_) => Ok(Baseline::WorkingTree {
                why: "the git repository has no commit yet".to_owned(),
            }),
        }
    }

    /// The line that says what the comparison is against when it is not a commit, for stderr.
    pub fn note(&self) -> Option<String> {
        match self {
            Baseline::Commit { .. } => None,
            Baseline::WorkingTree { why } => Some(format!(
                "note: {why}: published versions are read from the schemas in the working tree, \
                 so a deleted or renamed schema is not noticed"
            )),
        }
    }

    /// The published version schemas, by path relative to `root`: the version schemas of the
    /// commit, or the generated ones of the working tree. A file without the generated line
    /// counts when generation produces its path (removing the line does not unpublish it), and
    /// is someone's own otherwise.
    pub fn published(
        &self,
        root: &Path,
        files: &[GeneratedFile],
    ) -> io::Result<BTreeMap<PathBuf, String>> {
        let mut published = match self {
            Baseline::Commit { hash, .. } => published_at(root, hash)?,
            Baseline::WorkingTree { .. } => published_on_disk(root)?,
        };
        published.retain(|path, text| is_generated(text) || files.iter().any(|f| &f.path == path));
        Ok(published)
    }

    /// The regenerated schemas among `files` compared with the published ones. Against a
    /// commit, breaking changes that changelog entries added since the commit list are
    /// accepted (what `gen --allow-breaking` wrote and has not been committed yet).
    pub fn compare(&self, root: &Path, files: &[GeneratedFile]) -> io::Result<Freeze> {
        let frozen = freeze::compare(files, &self.published(root, files)?);
        match self {
            Baseline::Commit { hash, .. } => {
                let current = read_optional(&root.join(CHANGELOG_PATH))?.unwrap_or_default();
                let before = git_file(root, hash, CHANGELOG_PATH)?;
                let added = freeze::new_changelog_entries(&current, before.as_deref());
                Ok(frozen.accept_recorded(&added))
            }
            Baseline::WorkingTree { .. } => Ok(frozen),
        }
    }

    /// What the tally says it compared with.
    fn against(&self) -> String {
        match self {
            Baseline::Commit { name, .. } => format!("compared with {name}"),
            Baseline::WorkingTree { why } => {
                format!("compared with the working tree: {why}")
            }
        }
    }

    /// How a refusal describes the comparison.
    fn mode(&self) -> Mode<'_> {
        match self {
            Baseline::Commit { name, .. } if name != "HEAD" => Mode::Baseline(name),
            _ => Mode::Check,
        }
    }
}

/// Before `cargo xtask gen` writes anything: compares the regenerated schemas among `files` with
/// the published ones (see [`Baseline::find`]). Returns `None` (having printed why) when a
/// published version would break and `allow_breaking` is `None`; then nothing may be written.
/// With a reason, records the breaking changes in the changelog first. Otherwise returns the
/// comparison, so that the caller can tell a restored hand edit from a change.
pub fn before_gen(
    root: &Path,
    files: &[GeneratedFile],
    allow_breaking: Option<&str>,
) -> io::Result<Option<Freeze>> {
    if allow_breaking.is_some_and(|reason| reason.trim().is_empty()) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "--allow-breaking needs a reason, e.g. --allow-breaking \"partners agreed on ...\"",
        ));
    }
    let baseline = Baseline::find(root, None)?;
    if let Some(note) = baseline.note() {
        eprintln!("{note}");
    }
    let frozen = baseline.compare(root, files)?;
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
            Ok(None)
        }
        Decision::Write { summary, changelog } => {
            print!("{summary}");
            if !frozen.is_breaking() {
                print!("{}", frozen.allowed_summary(false));
            }
            if allow_breaking.is_some() && changelog.is_none() {
                println!("nothing breaks a published version: --allow-breaking was not needed");
            }
            // The record comes first: if writing the files then fails, the log still says
            // what was attempted.
            if let Some(text) = changelog {
                crate::write_atomically(&changelog_path, text.as_bytes())?;
                println!("wrote {CHANGELOG_PATH}");
            }
            Ok(Some(frozen))
        }
    }
}

/// For `cargo xtask check`: compares the regenerated schemas among `files` with the published
/// ones, those in `HEAD` or at `baseline` (a git ref), where breaking changes recorded in
/// changelog entries added since are accepted. Returns whether no published version breaks,
/// having printed the comparison (and, on stderr, what breaks and what to do).
pub fn check(root: &Path, files: &[GeneratedFile], baseline: Option<&str>) -> io::Result<bool> {
    let baseline = Baseline::find(root, baseline)?;
    if let Some(note) = baseline.note() {
        eprintln!("{note}");
    }
    let frozen = baseline.compare(root, files)?;
    print!("{}", frozen.compatible_summary());
    print!("{}", frozen.allowed_summary(false));
    if frozen.is_breaking() {
        eprint!("{}", frozen.refusal(baseline.mode()));
        return Ok(false);
    }
    println!("{}", tally(&frozen, &baseline));
    Ok(true)
}

/// One line on how the published versions compare, e.g.
/// `published versions: 1 unchanged, 1 compatible change, 1 new (compared with HEAD)`.
fn tally(frozen: &Freeze, baseline: &Baseline) -> String {
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
    format!(
        "published versions: {} ({})",
        parts.join(", "),
        baseline.against()
    )
}

/// The version schemas in the working tree: the `.json` files in `schemas/` (other than the
/// catalog's own), by path relative to `root`.
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
        if let Some(text) = read_optional(&root.join(&path))? {
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
/// and its standard error (in English, whatever the locale) when it fails.
pub(crate) fn git(root: &Path, args: &[&str]) -> io::Result<String> {
    let output = Command::new("git")
        .env("LC_ALL", "C")
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
pub(crate) fn today() -> io::Result<String> {
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
    use crate::test_support::{
        catalog, git as run, loosened, parked_schema, repository_with, temp_dir,
        without_generated_line, write,
    };

    /// Every generated file of the catalog, and the published copy of its schema made
    /// breaking: in the published copy `data` is optional, regenerated it is required.
    fn catalog_with_a_loosened_published_schema() -> (Vec<GeneratedFile>, GeneratedFile) {
        let files = catalog();
        let published = loosened(&parked_schema(&files));
        (files, published)
    }

    #[test]
    fn gen_refuses_a_breaking_change_and_writes_nothing() {
        let root = temp_dir("gen");
        let (files, published) = catalog_with_a_loosened_published_schema();
        let path = root.join(&published.path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, &published.contents).unwrap();
        assert!(before_gen(&root, &files, None).unwrap().is_none());
        assert!(!root.join(CHANGELOG_PATH).exists());
        assert_eq!(fs::read_to_string(&path).unwrap(), published.contents);

        assert!(
            before_gen(&root, &files, Some("   ")).is_err(),
            "a reason is needed"
        );
        assert!(
            before_gen(&root, &files, Some("partners agreed"))
                .unwrap()
                .is_some()
        );
        let changelog = fs::read_to_string(root.join(CHANGELOG_PATH)).unwrap();
        assert!(changelog.starts_with(freeze::CHANGELOG_HEADER.trim_end()));
        assert!(changelog.contains(" — channel.parked.v0\n"), "{changelog}");
        assert!(changelog.contains("\nReason: partners agreed\n"));
        assert!(changelog.contains("- `required_added` at `/properties/data` (breaks backward)"));
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_published_schema_deleted_from_the_working_tree_is_still_frozen() {
        let (files, published) = catalog_with_a_loosened_published_schema();
        let root = repository_with("deleted", &[(&published.path, &published.contents)]);
        fs::remove_file(root.join(&published.path)).unwrap();

        assert!(before_gen(&root, &files, None).unwrap().is_none());
        assert!(!root.join(CHANGELOG_PATH).exists());
        assert!(!check(&root, &files, None).unwrap());
        let frozen = Baseline::find(&root, None)
            .unwrap()
            .compare(&root, &files)
            .unwrap();
        assert_eq!(
            frozen.get(&published.path).unwrap().status,
            Status::Breaking
        );
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_published_schema_without_the_generated_line_is_still_frozen() {
        let (files, published) = catalog_with_a_loosened_published_schema();
        let bare = without_generated_line(&published);
        let root = repository_with("bare", &[(&bare.path, &bare.contents)]);

        assert!(before_gen(&root, &files, None).unwrap().is_none());
        assert!(!check(&root, &files, None).unwrap());
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_file_of_someones_own_in_schemas_is_not_a_published_version() {
        let files = catalog();
        let own = Path::new("schemas/notes.v0.json");
        let root = repository_with("own", &[(own, "{}\n")]);
        let baseline = Baseline::find(&root, None).unwrap();
        assert!(baseline.published(&root, &files).unwrap().is_empty());
        assert!(check(&root, &files, None).unwrap());
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn outside_a_git_checkout_the_working_tree_is_the_baseline_and_says_so() {
        let root = temp_dir("unpacked");
        let baseline = Baseline::find(&root, None).unwrap();
        assert_eq!(
            baseline,
            Baseline::WorkingTree {
                why: "not a git checkout".to_owned()
            }
        );
        let note = baseline.note().unwrap();
        assert!(note.starts_with("note: not a git checkout: published versions are read from the schemas in the working tree"), "{note}");
        assert!(Baseline::find(&root, Some("HEAD")).is_err());
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_repository_without_commits_has_nothing_published() {
        let root = temp_dir("unborn");
        run(&root, &["init", "-q"]);
        let baseline = Baseline::find(&root, None).unwrap();
        assert!(
            matches!(baseline, Baseline::WorkingTree { .. }),
            "{baseline:?}"
        );
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn check_against_a_git_baseline() {
        let root = repository_with("baseline", &[]);
        let (files, published) = catalog_with_a_loosened_published_schema();
        write(&root, &published.path, &published.contents);
        write(&root, Path::new("schemas/index.json"), "{}");
        run(&root, &["add", "."]);
        run(&root, &["commit", "-q", "-m", "published"]);

        let at_head = published_at(&root, &resolve(&root, "HEAD").unwrap()).unwrap();
        assert_eq!(at_head.keys().collect::<Vec<_>>(), [&published.path]);
        assert_eq!(at_head[&published.path], published.contents);

        // The working tree has the regenerated (breaking) schema; HEAD the published one.
        let schema = files.iter().find(|f| f.path == published.path).unwrap();
        write(&root, &schema.path, &schema.contents);
        assert!(!check(&root, &files, None).unwrap(), "HEAD is the baseline");
        assert!(!check(&root, &files, Some("HEAD")).unwrap());
        assert!(before_gen(&root, &files, None).unwrap().is_none());

        // Recorded in a changelog entry added since HEAD: accepted.
        let frozen = freeze::compare(&files, &at_head);
        let entries = frozen.changelog_entries("2024-01-01", "agreed");
        let changelog = freeze::prepend_entries(None, &entries);
        write(&root, Path::new(CHANGELOG_PATH), &changelog);
        assert!(check(&root, &files, Some("HEAD")).unwrap());
        assert!(check(&root, &files, None).unwrap());
        assert!(
            before_gen(&root, &files, None).unwrap().is_some(),
            "recorded, not yet committed"
        );
        assert_eq!(
            fs::read_to_string(root.join(CHANGELOG_PATH)).unwrap(),
            changelog,
            "recorded once"
        );

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
        let files = catalog();
        let versions = files.iter().filter(|f| is_version_schema(&f.path)).count();
        let frozen = freeze::compare(&files, &BTreeMap::new());
        let baseline = Baseline::Commit {
            name: "origin/main".to_owned(),
            hash: String::new(),
        };
        assert_eq!(
            tally(&frozen, &baseline),
            format!("published versions: 0 unchanged, {versions} new (compared with origin/main)")
        );
    }
}
