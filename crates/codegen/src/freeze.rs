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

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};

use serde_json::Value;
use vcc_events_compat::{Breaks, Change, ChangeKind, Report, diff};

use crate::{CATALOG_FILES, GeneratedFile, SCHEMAS_DIR};

/// Where the log of allowed breaking changes lives, relative to the workspace root.
pub const CHANGELOG_PATH: &str = "docs/CHANGELOG.md";

/// The file [`CHANGELOG_PATH`] starts as, before its first entry: a line saying who appends the
/// entries, a title and what the entries are. Everything above the first `## ` heading is the
/// header: it may be edited by hand and is kept.
pub const CHANGELOG_HEADER: &str = "\
<!-- Entries are appended by `cargo xtask gen --allow-breaking \"<reason>\"`, newest first; this header may be edited by hand. -->

# Changelog of published schemas

Published event versions are frozen (see
[compatibility.md](compatibility.md#freezing-published-versions)): a change that breaks their
readers is refused unless a maintainer runs `cargo xtask gen --allow-breaking \"<reason>\"`,
which writes it and adds an entry below, newest first: the event type, the date (UTC), the
breaking changes and the reason. `cargo xtask check --baseline <ref>` accepts a breaking
change only when an entry added since `<ref>` lists it.
";

/// Whether `path` (relative to the workspace root) is a version schema: a `.json` file directly
/// in [`SCHEMAS_DIR`], other than the catalog's own files ([`CATALOG_FILES`]: the index, the
/// AsyncAPI and the xRegistry documents).
pub fn is_version_schema(path: &Path) -> bool {
    path.parent() == Some(Path::new(SCHEMAS_DIR))
        && path.extension().is_some_and(|e| e == "json")
        && path
            .file_name()
            .is_some_and(|n| !CATALOG_FILES.iter().any(|catalog| n == *catalog))
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

    /// The lines of [changelog entries](Freeze::changelog_entries) that record this
    /// comparison's breaking changes, one per change (one line for a removed version).
    pub fn changelog_lines(&self) -> Vec<String> {
        if self.status == Status::Removed {
            return vec![REMOVED_LINE.to_owned()];
        }
        self.report
            .breaking_changes()
            .map(|change| {
                format!(
                    "- `{}` at {} (breaks {}): {}",
                    change.kind,
                    markdown_pointer(&change.pointer),
                    directions(change.breaks),
                    change.message
                )
            })
            .collect()
    }
}

/// The changelog line of a removed version.
const REMOVED_LINE: &str =
    "- the published version was removed: its schema is no longer generated (breaks every reader)";

/// What a removed version is called in reports.
const REMOVED_NOTE: &str = "the published version is no longer generated: its declaration was \
     removed, and every reader of it loses its events";

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
    /// `cargo xtask check`: compared with the committed files.
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

    /// Marks as [recorded](Comparison::recorded) every breaking comparison all of whose breaking changes are
    /// listed in `entries` (changelog entries, e.g. those added since a baseline; see
    /// [`new_changelog_entries`]) under its event type.
    #[must_use]
    pub fn accept_recorded(mut self, entries: &[&str]) -> Self {
        for comparison in &mut self.comparisons {
            if !comparison.is_breaking() {
                continue;
            }
            let heading_end = format!(" — {}", comparison.event_type);
            let recorded: Vec<&str> = entries
                .iter()
                .filter(|e| e.lines().next().is_some_and(|h| h.ends_with(&heading_end)))
                .flat_map(|e| e.lines())
                .collect();
            let lines = comparison.changelog_lines();
            let all_recorded = lines.iter().all(|line| {
                let key = line_key(line);
                recorded.iter().any(|r| line_key(r) == key)
            });
            comparison.recorded = all_recorded;
        }
        self
    }

    /// Lines for `cargo xtask gen` about published versions that change without breaking:
    /// `changed <path> (compatible: N changes)` followed by one indented line per change.
    /// Empty when no published version changes.
    pub fn compatible_summary(&self) -> String {
        let mut out = String::new();
        for c in self
            .comparisons
            .iter()
            .filter(|c| c.status == Status::Compatible)
        {
            let count = match c.report.changes().len() {
                0 => "only the text, not the schema".to_owned(),
                1 => "1 change".to_owned(),
                n => format!("{n} changes"),
            };
            let _ = writeln!(out, "changed {} (compatible: {count})", c.path.display());
            for change in c.report.changes() {
                let _ = writeln!(out, "  {}", change_line(change));
            }
        }
        out
    }

    /// Lines about breaking changes that `--allow-breaking` lets through (gen) or that the
    /// changelog records (check --baseline): `changed <path> (BREAKING, ...)` and the changes.
    pub fn allowed_summary(&self, allowed: bool) -> String {
        let mut out = String::new();
        for c in &self.comparisons {
            let what = if allowed && c.is_breaking() {
                format!("allowed with --allow-breaking, recorded in {CHANGELOG_PATH}")
            } else if c.recorded {
                format!("recorded in {CHANGELOG_PATH}")
            } else {
                continue;
            };
            let verb = if c.status == Status::Removed {
                "removed"
            } else {
                "changed"
            };
            let _ = writeln!(out, "{verb} {} (BREAKING, {what})", c.path.display());
            for change in c.report.breaking_changes() {
                let _ = writeln!(out, "  {}", change_line(change));
            }
        }
        out
    }

    /// The message refusing the breaking changes: each breaking file with its breaking changes
    /// (kind, pointer, directions, message), then what to do. Empty when nothing breaks.
    pub fn refusal(&self, mode: Mode<'_>) -> String {
        if !self.is_breaking() {
            return String::new();
        }
        let count = self.breaking().count();
        let mut out = match mode {
            Mode::Gen => format!(
                "refusing to change {count} published version(s) in a breaking way; \
                 nothing was written\n"
            ),
            Mode::Check => format!(
                "{count} published version(s) would change in a breaking way \
                 (regenerated schema compared with the committed file)\n"
            ),
            Mode::Baseline(git_ref) => format!(
                "{count} published version(s) change in a breaking way since {git_ref} \
                 (regenerated schema compared with the file at {git_ref})\n"
            ),
        };
        for c in self.breaking() {
            if c.status == Status::Removed {
                let _ = writeln!(
                    out,
                    "\n{} ({}): {REMOVED_NOTE}",
                    c.path.display(),
                    c.event_type
                );
                continue;
            }
            let n = c.report.breaking_changes().count();
            let _ = writeln!(
                out,
                "\n{} ({}): {n} breaking change{}",
                c.path.display(),
                c.event_type,
                if n == 1 { "" } else { "s" }
            );
            for change in c.report.breaking_changes() {
                let _ = writeln!(out, "  {}", change_line(change));
            }
        }
        out.push_str(
            "\nPublished versions are frozen: partners' readers and producers rely on them.\n",
        );
        for (family, next) in self.next_versions() {
            let _ = writeln!(
                out,
                "Declare the change in a new version of {family} instead: add `v{next}(...)` to \
                 its declaration, `#[family(name = \"{family}\", versions(..., v{next}(...)))]`, \
                 and gate the members with `#[added(v{next})]`, `#[changed(v{next}, ...)]`, \
                 `#[removed(v{next})]`."
            );
        }
        let gen_hint = "If the published version really must change, run \
             `cargo xtask gen --allow-breaking \"<reason>\"`: it writes the files and records the \
             breaking changes and the reason in docs/CHANGELOG.md.";
        match mode {
            Mode::Gen => {
                let _ = writeln!(out, "{gen_hint}");
            }
            Mode::Check => {
                let _ = writeln!(out, "{gen_hint} Then commit the result.");
            }
            Mode::Baseline(git_ref) => {
                let _ = writeln!(
                    out,
                    "{gen_hint} Commit the result with the new changelog entry: this check \
                     accepts a breaking change that an entry added since {git_ref} lists."
                );
            }
        }
        out
    }

    /// For each family with a breaking comparison, the number of the version to declare next.
    fn next_versions(&self) -> BTreeMap<String, u64> {
        let mut next = BTreeMap::new();
        for c in self.breaking() {
            if let Some((family, n)) = family_and_version(&c.event_type) {
                let newest = self.newest.get(family).copied().unwrap_or(n).max(n);
                next.insert(family.to_owned(), newest + 1);
            }
        }
        next
    }

    /// The changelog entries for the breaking comparisons, newest first as the changelog lists
    /// them (one per event type, in path order): `## <date> — <type>`, the reason, then one
    /// line per breaking change. Empty when nothing breaks.
    pub fn changelog_entries(&self, date: &str, reason: &str) -> String {
        let mut out = String::new();
        for c in self.breaking() {
            let _ = write!(
                out,
                "## {date} — {}\n\n\
                 Breaking change to the published `{}` (`{}`), written with \
                 `cargo xtask gen --allow-breaking`.\n\n\
                 Reason: {}\n\n",
                c.event_type,
                c.event_type,
                c.path.display(),
                reason.trim()
            );
            for line in c.changelog_lines() {
                out.push_str(&line);
                out.push('\n');
            }
            out.push('\n');
        }
        out
    }
}

/// One change on one line for the terminal:
/// `<kind> <pointer> (breaks backward): <message>`, or `(compatible)`; the root is `(root)`.
pub fn change_line(change: &Change) -> String {
    let breaks = if change.breaks.is_breaking() {
        format!("breaks {}", directions(change.breaks))
    } else {
        "compatible".to_owned()
    };
    let pointer = if change.pointer.is_empty() {
        "(root)"
    } else {
        &change.pointer
    };
    format!("{} {pointer} ({breaks}): {}", change.kind, change.message)
}

/// The broken directions in words: `backward`, `forward`, `backward and forward` or `nothing`.
pub fn directions(breaks: Breaks) -> &'static str {
    match breaks {
        Breaks::None => "nothing",
        Breaks::Backward => "backward",
        Breaks::Forward => "forward",
        Breaks::Both => "backward and forward",
    }
}

/// A JSON pointer in Markdown: in backticks, or `(root)`.
pub(crate) fn markdown_pointer(pointer: &str) -> String {
    if pointer.is_empty() {
        "(root)".to_owned()
    } else {
        format!("`{pointer}`")
    }
}

/// What identifies a changelog line: the part before the directions, e.g.
/// ``- `required_added` at `/properties/x` ``; whitespace-insensitive.
fn line_key(line: &str) -> String {
    let line = line.trim();
    let key = line.split(" (breaks ").next().unwrap_or(line);
    key.split_whitespace().collect::<Vec<_>>().join(" ")
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

/// The changelog with `entries` inserted after the header (everything before the first `## `
/// line), so the newest entry comes first. A missing changelog starts from
/// [`CHANGELOG_HEADER`].
pub fn prepend_entries(changelog: Option<&str>, entries: &str) -> String {
    let text = changelog.unwrap_or(CHANGELOG_HEADER);
    let split = first_entry_offset(text).unwrap_or(text.len());
    let (header, rest) = text.split_at(split);
    let mut out = header.trim_end().to_owned();
    out.push_str("\n\n");
    out.push_str(entries.trim_end());
    out.push('\n');
    if !rest.trim().is_empty() {
        out.push('\n');
        out.push_str(rest.trim_end());
        out.push('\n');
    }
    out
}

/// The byte offset of the first line starting with `## `.
fn first_entry_offset(text: &str) -> Option<usize> {
    if text.starts_with("## ") {
        return Some(0);
    }
    text.find("\n## ").map(|i| i + 1)
}

/// The entries of a changelog: from each `## ` heading up to the next, trimmed.
pub fn changelog_entries(text: &str) -> Vec<&str> {
    let Some(start) = first_entry_offset(text) else {
        return Vec::new();
    };
    let body = &text[start..];
    let mut entries = Vec::new();
    let mut from = 0;
    for (i, _) in body.match_indices("\n## ") {
        entries.push(body[from..i].trim());
        from = i + 1;
    }
    entries.push(body[from..].trim());
    entries
}

/// The entries of `current` (the changelog now) that `baseline` (the changelog at the
/// baseline, `None` when it did not exist) does not have.
pub fn new_changelog_entries<'a>(current: &'a str, baseline: Option<&str>) -> Vec<&'a str> {
    let old = baseline.map(changelog_entries).unwrap_or_default();
    changelog_entries(current)
        .into_iter()
        .filter(|e| !old.contains(e))
        .collect()
}

/// The UTC date, `YYYY-MM-DD`, of a Unix time in seconds.
pub fn utc_date(unix_seconds: i64) -> String {
    // Howard Hinnant's `civil_from_days`.
    let days = unix_seconds.div_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
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
        let changelog = include_str!("../../../docs/CHANGELOG.md");
        assert_eq!(changelog.lines().next(), CHANGELOG_HEADER.lines().next());
    }

    #[test]
    fn dates_are_utc_calendar_days() {
        assert_eq!(utc_date(0), "1970-01-01");
        assert_eq!(utc_date(86_399), "1970-01-01");
        assert_eq!(utc_date(951_782_400), "2000-02-29");
        assert_eq!(utc_date(1_709_251_199), "2024-02-29");
        assert_eq!(utc_date(1_709_251_200), "2024-03-01");
        assert_eq!(utc_date(-1), "1969-12-31");
    }
}
