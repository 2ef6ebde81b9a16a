//! Published versions are frozen: a regenerated schema may change its published file only in
//! ways that break no reader.
//!
//! [`compare`] compares each regenerated version schema with the published file of the same
//! version (the committed `schemas/<type>.json`, or the file at a git ref) using
//! [`vcc_events_compat::diff`], and [`decide`] turns the result into what `cargo xtask gen`
//! does: write (listing the compatible changes), refuse (listing the breaking changes, with
//! what to do instead), or, when the maintainer passed `--allow-breaking "<reason>"`, write and
//! record the breaking changes in [`CHANGELOG_PATH`]. A version whose schema was never
//! published is new, not frozen; a published version that is no longer generated counts as
//! breaking.
//!
//! Everything here is pure: `cargo xtask` reads the files, the git ref and the clock, and
//! writes.

mod changelog;
mod messages;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;
use vcc_events_compat::{Breaks, Change, ChangeKind, Report, diff};

pub use self::changelog::{
    CHANGELOG_HEADER, CHANGELOG_PATH, ChangelogEntry, RecordedChange, changelog_entries,
    new_changelog_entries, prepend_entries,
};
pub use crate::calendar::utc_date;
use crate::{GeneratedFile, SCHEMAS_DIR, documents};

/// Whether `path` (relative to the workspace root) is a version schema: a `.json` file directly
/// in [`SCHEMAS_DIR`], other than the catalog's own documents ([`DOCUMENTS`](crate::DOCUMENTS):
/// the index, the AsyncAPI, xRegistry and event-types documents).
pub fn is_version_schema(path: &Path) -> bool {
    path.parent() == Some(Path::new(SCHEMAS_DIR))
        && path.extension().is_some_and(|e| e == "json")
        && path.file_name().is_some_and(|n| {
            n.to_str()
                .is_none_or(|n| documents::in_schemas(n).is_none())
        })
}

/// How a regenerated version schema compares with its published file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Never published: not frozen.
    New,
    /// The same text as the published file.
    Unchanged,
    /// Changed, and nothing breaks (possibly only annotations, or only the text).
    Compatible,
    /// Changed in a way that breaks readers, backward or forward.
    Breaking,
    /// Published, but no longer generated: the version's declaration is gone. Breaking.
    Removed,
}

/// One version schema: its path, event type, status and the changes from the published file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comparison {
    /// The schema's path relative to the workspace root, e.g. `schemas/channel.parked.v0.json`.
    pub path: PathBuf,
    /// The event type, e.g. `channel.parked.v0` (the file name without `.json`).
    pub event_type: String,
    /// How it compares.
    pub status: Status,
    /// The changes from the published schema to the regenerated one (empty when new, unchanged
    /// or removed).
    pub report: Report,
    /// Whether the breaking changes are recorded in changelog entries given to
    /// [`Freeze::accept_recorded`]: then they are accepted.
    pub recorded: bool,
}

impl Comparison {
    /// Whether writing the regenerated schema (or removing the published one) breaks readers.
    /// Recorded breaking changes are accepted, so they do not count.
    pub fn is_breaking(&self) -> bool {
        matches!(self.status, Status::Breaking | Status::Removed) && !self.recorded
    }
}

/// The comparison of a set of regenerated version schemas with the published ones.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Freeze {
    comparisons: Vec<Comparison>,
    /// The newest declared version number of each family, from the regenerated file names.
    newest: BTreeMap<String, u64>,
}

/// Compares each version schema among `regenerated` (other files are ignored, see
/// [`is_version_schema`]) with the published file of the same path in `published` (path
/// relative to the workspace root → file text), and reports every published version schema
/// that is no longer regenerated as removed.
///
/// A published file that is not JSON counts as breaking (an undecidable change at the root):
/// a change is never silently compatible.
pub fn compare(regenerated: &[GeneratedFile], published: &BTreeMap<PathBuf, String>) -> Freeze {
    let mut comparisons = Vec::new();
    let mut newest: BTreeMap<String, u64> = BTreeMap::new();
    for file in regenerated.iter().filter(|f| is_version_schema(&f.path)) {
        let event_type = event_type(&file.path);
        if let Some((family, n)) = family_and_version(&event_type) {
            let entry = newest.entry(family.to_owned()).or_default();
            *entry = (*entry).max(n);
        }
        let (status, report) = match published.get(&file.path) {
            None => (Status::New, Report::default()),
            Some(old) if *old == file.contents => (Status::Unchanged, Report::default()),
            Some(old) => {
                let report = match (
                    serde_json::from_str::<Value>(old),
                    serde_json::from_str::<Value>(&file.contents),
                ) {
                    (Ok(old), Ok(new)) => diff(&old, &new),
                    (Err(e), _) => unreadable(&format!("the published file is not JSON: {e}")),
                    (_, Err(e)) => unreadable(&format!("the regenerated file is not JSON: {e}")),
                };
                let status = if report.breaks().is_breaking() {
                    Status::Breaking
                } else {
                    Status::Compatible
                };
                (status, report)
            }
        };
        comparisons.push(Comparison {
            path: file.path.clone(),
            event_type,
            status,
            report,
            recorded: false,
        });
    }
    for path in published.keys().filter(|p| is_version_schema(p)) {
        if !regenerated.iter().any(|f| &f.path == path) {
            comparisons.push(Comparison {
                path: path.clone(),
                event_type: event_type(path),
                status: Status::Removed,
                report: Report::default(),
                recorded: false,
            });
        }
    }
    comparisons.sort_by(|a, b| a.path.cmp(&b.path));
    Freeze {
        comparisons,
        newest,
    }
}

/// A report with one undecidable change at the root, breaking both directions.
fn unreadable(message: &str) -> Report {
    Report::new(vec![Change {
        pointer: String::new(),
        kind: ChangeKind::Undecidable,
        breaks: Breaks::Both,
        message: message.to_owned(),
    }])
}

/// The event type of a schema file: its name without `.json`.
fn event_type(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// `("test.widget", 1)` for `test.widget.v1`.
fn family_and_version(event_type: &str) -> Option<(&str, u64)> {
    let (family, version) = event_type.rsplit_once('.')?;
    Some((family, version.strip_prefix('v')?.parse().ok()?))
}

/// Which report a refusal is for: decides the headline and the advice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode<'a> {
    /// `cargo xtask gen`: nothing was written.
    Gen,
    /// `cargo xtask check`: compared with the committed files (in `HEAD`, or in the working
    /// tree outside a git checkout).
    Check,
    /// `cargo xtask check --baseline <ref>`: compared with the files at the ref.
    Baseline(&'a str),
}

impl Freeze {
    /// Every version schema compared, sorted by path.
    pub fn comparisons(&self) -> &[Comparison] {
        &self.comparisons
    }

    /// The comparison of the schema at `path`, if it was compared.
    pub fn get(&self, path: &Path) -> Option<&Comparison> {
        self.comparisons.iter().find(|c| c.path == path)
    }

    /// The comparisons that break readers (not recorded ones).
    pub fn breaking(&self) -> impl Iterator<Item = &Comparison> {
        self.comparisons.iter().filter(|c| c.is_breaking())
    }

    /// Whether any comparison breaks readers.
    pub fn is_breaking(&self) -> bool {
        self.breaking().next().is_some()
    }
}

/// What `cargo xtask gen` does with a [`Freeze`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Nothing breaks (or the breaking changes are allowed): write every file. `changelog` is
    /// the new text of [`CHANGELOG_PATH`] when breaking changes were allowed.
    Write {
        /// What to print: the compatible (and allowed) changes of published versions.
        summary: String,
        /// The new changelog, when there are allowed breaking changes to record.
        changelog: Option<String>,
    },
    /// Something breaks and was not allowed: write nothing, print the message, fail.
    Refuse {
        /// The [refusal](Freeze::refusal).
        message: String,
    },
}

/// Decides what `cargo xtask gen` does: refuse when a published version would break and
/// `allow_breaking` (the reason given with `--allow-breaking`) is `None`; otherwise write, with
/// the changelog entries (dated `date`, `YYYY-MM-DD`) prepended to `changelog` (the current
/// text of [`CHANGELOG_PATH`], `None` when the file does not exist yet).
pub fn decide(
    freeze: &Freeze,
    allow_breaking: Option<&str>,
    date: &str,
    changelog: Option<&str>,
) -> Decision {
    let mut summary = freeze.compatible_summary();
    if !freeze.is_breaking() {
        return Decision::Write {
            summary,
            changelog: None,
        };
    }
    let Some(reason) = allow_breaking else {
        return Decision::Refuse {
            message: freeze.refusal(Mode::Gen),
        };
    };
    summary.push_str(&freeze.allowed_summary(true));
    Decision::Write {
        summary,
        changelog: Some(prepend_entries(
            changelog,
            &freeze.changelog_entries(date, reason),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn file(path: &str, value: &Value) -> GeneratedFile {
        GeneratedFile {
            path: PathBuf::from(path),
            contents: crate::json_text(value),
        }
    }

    fn schema(required: &[&str]) -> Value {
        json!({
            "type": "object",
            "properties": {"a": {"type": "string"}, "b": {"type": "string"}},
            "required": required,
        })
    }

    fn published(files: &[GeneratedFile]) -> BTreeMap<PathBuf, String> {
        files
            .iter()
            .map(|f| (f.path.clone(), f.contents.clone()))
            .collect()
    }

    #[test]
    fn recognizes_version_schemas() {
        assert!(is_version_schema(Path::new("schemas/a.v0.json")));
        assert!(!is_version_schema(Path::new("schemas/index.json")));
        assert!(!is_version_schema(Path::new("schemas/asyncapi.json")));
        assert!(!is_version_schema(Path::new("schemas/xregistry.json")));
        assert!(!is_version_schema(Path::new("schemas/sub/a.v0.json")));
        assert!(!is_version_schema(Path::new("docs/events/a.v0.md")));
        assert!(!is_version_schema(Path::new("schemas/a.v0.md")));
    }

    #[test]
    fn new_unchanged_compatible_breaking_and_removed() {
        let old = [
            file("schemas/a.v0.json", &schema(&["a"])),
            file("schemas/b.v0.json", &schema(&["a"])),
            file("schemas/c.v0.json", &schema(&["a"])),
            file("schemas/gone.v0.json", &schema(&[])),
            file("schemas/index.json", &json!({})),
        ];
        let new = [
            file("schemas/a.v0.json", &schema(&["a"])),
            file("schemas/b.v0.json", &schema(&[])),
            file("schemas/c.v0.json", &schema(&["a", "b"])),
            file("schemas/d.v0.json", &schema(&[])),
            file("schemas/index.json", &json!({"x": 1})),
            file("docs/events/a.v0.md", &json!("page")),
        ];
        let freeze = compare(&new, &published(&old));
        let statuses: Vec<(&str, Status)> = freeze
            .comparisons()
            .iter()
            .map(|c| (c.event_type.as_str(), c.status))
            .collect();
        assert_eq!(
            statuses,
            [
                ("a.v0", Status::Unchanged),
                ("b.v0", Status::Breaking),
                ("c.v0", Status::Breaking),
                ("d.v0", Status::New),
                ("gone.v0", Status::Removed),
            ]
        );
        let b = freeze.get(Path::new("schemas/b.v0.json")).unwrap();
        assert_eq!(b.report.changes()[0].kind, ChangeKind::RequiredRemoved);
    }

    #[test]
    fn an_optional_member_added_is_compatible_and_listed() {
        let mut added = schema(&["a"]);
        added["properties"]["c"] = json!({"type": "integer"});
        let freeze = compare(
            &[file("schemas/a.v0.json", &added)],
            &published(&[file("schemas/a.v0.json", &schema(&["a"]))]),
        );
        assert!(!freeze.is_breaking());
        let Decision::Write { summary, changelog } = decide(&freeze, None, "2024-01-01", None)
        else {
            panic!("refused")
        };
        assert_eq!(changelog, None);
        assert_eq!(
            summary,
            "changed schemas/a.v0.json (compatible: 1 change)\n  \
             property_added /properties/c (compatible): `c` was added; older readers accept and ignore it.\n"
        );
    }

    #[test]
    fn an_unreadable_published_file_is_breaking() {
        let mut old = published(&[]);
        old.insert(PathBuf::from("schemas/a.v0.json"), "{ not json".to_owned());
        let freeze = compare(&[file("schemas/a.v0.json", &schema(&[]))], &old);
        assert!(freeze.is_breaking());
        let change = &freeze.comparisons()[0].report.changes()[0];
        assert_eq!(change.kind, ChangeKind::Undecidable);
        assert!(change.message.starts_with("the published file is not JSON"));
    }

    #[test]
    fn the_refusal_names_file_changes_and_the_next_version() {
        let freeze = compare(
            &[
                file("schemas/fam.v0.json", &schema(&["a", "b"])),
                file("schemas/fam.v1.json", &schema(&[])),
            ],
            &published(&[file("schemas/fam.v0.json", &schema(&["a"]))]),
        );
        let message = freeze.refusal(Mode::Gen);
        assert!(message.starts_with(
            "refusing to change 1 published version(s) in a breaking way; nothing was written\n"
        ));
        assert!(message.contains(
            "\nschemas/fam.v0.json (fam.v0): 1 breaking change\n  required_added /properties/b (breaks backward): "
        ));
        assert!(message.contains("`#[family(name = \"fam\", versions(..., v2(...)))]`"));
        assert!(message.contains("cargo xtask gen --allow-breaking \"<reason>\""));
        assert!(
            freeze
                .refusal(Mode::Baseline("origin/main"))
                .contains("since origin/main")
        );
        assert_eq!(
            decide(&freeze, None, "2024-01-01", None),
            Decision::Refuse { message }
        );
    }

    #[test]
    fn allowed_breaking_changes_are_logged_newest_first() {
        let freeze = compare(
            &[file("schemas/fam.v0.json", &schema(&["a", "b"]))],
            &published(&[file("schemas/fam.v0.json", &schema(&["a"]))]),
        );
        let existing =
            format!("{CHANGELOG_HEADER}\nHand note.\n\n## 2020-01-01 — old.v0\n\nOld.\n");
        let Decision::Write { summary, changelog } = decide(
            &freeze,
            Some("  partners agreed  "),
            "2024-02-29",
            Some(&existing),
        ) else {
            panic!("refused")
        };
        assert!(summary.starts_with(
            "changed schemas/fam.v0.json (BREAKING, allowed with --allow-breaking, recorded in docs/CHANGELOG.md)\n"
        ));
        let changelog = changelog.unwrap();
        assert!(changelog.starts_with(CHANGELOG_HEADER.trim_end()));
        assert!(changelog.contains("\nHand note.\n\n## 2024-02-29 — fam.v0\n"));
        assert!(changelog.contains("\nReason: partners agreed\n"));
        assert!(changelog.contains("\n- `required_added` at `/properties/b` (breaks backward): "));
        assert!(changelog.ends_with("\n\n## 2020-01-01 — old.v0\n\nOld.\n"));
        let entries = changelog_entries(&changelog);
        assert_eq!(entries.len(), 2);
        assert!(entries[0].starts_with("## 2024-02-29 — fam.v0"));
    }

    #[test]
    fn a_missing_changelog_starts_from_the_header() {
        let text = prepend_entries(None, "## d — t\n\nx\n");
        assert_eq!(
            text,
            format!("{}\n\n## d — t\n\nx\n", CHANGELOG_HEADER.trim_end())
        );
        assert_eq!(
            prepend_entries(Some(&text), "## e — u\n"),
            format!(
                "{}\n\n## e — u\n\n## d — t\n\nx\n",
                CHANGELOG_HEADER.trim_end()
            )
        );
    }

    #[test]
    fn recorded_breaking_changes_are_accepted_only_when_every_change_is_listed() {
        let old = published(&[
            file("schemas/fam.v0.json", &schema(&["a"])),
            file("schemas/gone.v0.json", &schema(&[])),
        ]);
        let new = [file("schemas/fam.v0.json", &schema(&["a", "b"]))];
        let freeze = compare(&new, &old);
        let entries = freeze.changelog_entries("2024-01-01", "why");
        let baseline = CHANGELOG_HEADER;
        let current = prepend_entries(Some(baseline), &entries);
        let added = new_changelog_entries(&current, Some(baseline));
        assert_eq!(added.len(), 2);
        let accepted = freeze.clone().accept_recorded(&added);
        assert!(!accepted.is_breaking(), "{accepted:?}");
        assert!(
            accepted
                .allowed_summary(false)
                .contains("removed schemas/gone.v0.json (BREAKING, recorded in docs/CHANGELOG.md)")
        );
        // An entry for another type, or one already in the baseline, does not count.
        assert!(freeze.clone().accept_recorded(&added[1..]).is_breaking());
        assert!(
            new_changelog_entries(&current, Some(&current)).is_empty(),
            "nothing new"
        );
    }

    #[test]
    fn the_committed_changelog_keeps_the_first_line() {
        let changelog = include_str!("../../../../docs/CHANGELOG.md");
        assert_eq!(changelog.lines().next(), CHANGELOG_HEADER.lines().next());
    }
}
