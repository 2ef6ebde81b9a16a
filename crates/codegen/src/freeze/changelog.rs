//! The changelog of allowed breaking changes ([`CHANGELOG_PATH`]): typed entries that render and
//! parse, and how new entries are added to the file.

use vcc_events_compat::Breaks;

use super::{Comparison, Freeze, Status};
use crate::words::{self, markdown_pointer};

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

/// The changelog line of a removed version.
const REMOVED_LINE: &str =
    "- the published version was removed: its schema is no longer generated (breaks every reader)";

/// What identifies [`REMOVED_LINE`]: the part before the directions.
const REMOVED_KEY: &str = "- the published version was removed: its schema is no longer generated";

/// The paragraph of an entry that names the schema: its start and its end.
const WRITTEN_WITH: (&str, &str) = (
    "Breaking change to the published `",
    "`), written with `cargo xtask gen --allow-breaking`.",
);

/// One entry of the changelog: a breaking change to one published version, allowed with a
/// reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangelogEntry {
    /// The day it was written, `YYYY-MM-DD` (UTC).
    pub date: String,
    /// The event type whose published schema changed.
    pub event_type: String,
    /// The schema's path relative to the workspace root (empty when the entry does not say).
    pub path: String,
    /// Why the change was allowed (empty when the entry does not say).
    pub reason: String,
    /// The breaking changes, one line each.
    pub changes: Vec<RecordedChange>,
}

/// One line of a [`ChangelogEntry`]: a breaking change, or the removal of the version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecordedChange {
    /// A breaking change at a pointer.
    Change {
        /// The change kind's name, e.g. `required_added`.
        kind: String,
        /// Where, a JSON pointer (`""` for the root).
        pointer: String,
        /// What it breaks.
        breaks: Breaks,
        /// The change in words.
        message: String,
    },
    /// The published version is no longer generated.
    Removed,
}

impl RecordedChange {
    /// The line: ``- `<kind>` at `<pointer>` (breaks <directions>): <message>``.
    pub fn render(&self) -> String {
        match self {
            RecordedChange::Change {
                kind,
                pointer,
                breaks,
                message,
            } => format!(
                "- `{kind}` at {} (breaks {}): {message}",
                markdown_pointer(pointer),
                breaks.words()
            ),
            RecordedChange::Removed => REMOVED_LINE.to_owned(),
        }
    }

    /// Reads a line [`render`](Self::render) wrote; `None` for any other line.
    pub fn parse(line: &str) -> Option<Self> {
        let line = line.trim();
        if normalized(line).starts_with(REMOVED_KEY) {
            return Some(RecordedChange::Removed);
        }
        let (kind, rest) = line.strip_prefix("- `")?.split_once("` at ")?;
        let (pointer, rest) = match rest.strip_prefix(words::ROOT) {
            Some(rest) => ("", rest),
            None => rest.strip_prefix('`')?.split_once('`')?,
        };
        let (breaks, message) = rest.strip_prefix(" (breaks ")?.split_once("): ")?;
        let breaks = [Breaks::Backward, Breaks::Forward, Breaks::Both]
            .into_iter()
            .find(|b| b.words() == breaks)?;
        Some(RecordedChange::Change {
            kind: normalized(kind),
            pointer: pointer.to_owned(),
            breaks,
            message: message.to_owned(),
        })
    }

    /// Whether both lines record the same change: same kind at the same pointer, or both the
    /// removal (directions and wording may differ).
    fn same_change(&self, other: &Self) -> bool {
        match (self, other) {
            (
                RecordedChange::Change { kind, pointer, .. },
                RecordedChange::Change {
                    kind: k,
                    pointer: p,
                    ..
                },
            ) => kind == k && pointer == p,
            (RecordedChange::Removed, RecordedChange::Removed) => true,
            _ => false,
        }
    }
}

/// Whitespace collapsed to single spaces.
fn normalized(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl ChangelogEntry {
    /// The entry as the changelog lists it: `## <date> — <type>`, what was written, the
    /// reason, then one line per change, and a blank line.
    pub fn render(&self) -> String {
        let (start, end) = WRITTEN_WITH;
        let mut out = format!(
            "## {date} — {event_type}\n\n{start}{event_type}` (`{path}{end}\n\nReason: {reason}\n\n",
            date = self.date,
            event_type = self.event_type,
            path = self.path,
            reason = self.reason,
        );
        for change in &self.changes {
            out.push_str(&change.render());
            out.push('\n');
        }
        out.push('\n');
        out
    }

    /// Reads one entry (from its `## ` heading to the next): the heading gives the date and
    /// the event type; the other paragraphs are read when they are as [`render`](Self::render)
    /// writes them, and lines that record no change are skipped. `None` without a heading.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let (heading, body) = text.split_once('\n').unwrap_or((text, ""));
        let (date, event_type) = heading.strip_prefix("## ")?.rsplit_once(" — ")?;
        let mut entry = ChangelogEntry {
            date: date.trim().to_owned(),
            event_type: event_type.trim().to_owned(),
            path: String::new(),
            reason: String::new(),
            changes: Vec::new(),
        };
        for paragraph in body.split("\n\n").map(str::trim) {
            if let Some(reason) = paragraph.strip_prefix("Reason: ") {
                entry.reason = reason.to_owned();
            } else if let Some(rest) = paragraph.strip_prefix(WRITTEN_WITH.0) {
                if let Some((_, path)) = rest
                    .strip_suffix(WRITTEN_WITH.1)
                    .and_then(|r| r.split_once("` (`"))
                {
                    entry.path = path.to_owned();
                }
            } else {
                entry
                    .changes
                    .extend(paragraph.lines().filter_map(RecordedChange::parse));
            }
        }
        Some(entry)
    }
}

impl Comparison {
    /// The breaking changes a changelog entry records for this comparison (one line for a
    /// removed version).
    pub fn recorded_changes(&self) -> Vec<RecordedChange> {
        if self.status == Status::Removed {
            return vec![RecordedChange::Removed];
        }
        self.report
            .breaking_changes()
            .map(|change| RecordedChange::Change {
                kind: change.kind.to_string(),
                pointer: change.pointer.clone(),
                breaks: change.breaks,
                message: change.message.clone(),
            })
            .collect()
    }

    /// The lines of [changelog entries](Freeze::changelog_entries) that record this
    /// comparison's breaking changes, one per change (one line for a removed version).
    pub fn changelog_lines(&self) -> Vec<String> {
        self.recorded_changes()
            .iter()
            .map(RecordedChange::render)
            .collect()
    }
}

impl Freeze {
    /// Marks as [recorded](Comparison::recorded) every breaking comparison all of whose
    /// breaking changes are listed in `entries` (changelog entries, e.g. those added since a
    /// baseline; see [`new_changelog_entries`]) under its event type.
    #[must_use]
    pub fn accept_recorded(mut self, entries: &[&str]) -> Self {
        let entries: Vec<ChangelogEntry> = entries
            .iter()
            .filter_map(|e| ChangelogEntry::parse(e))
            .collect();
        for comparison in &mut self.comparisons {
            if !comparison.is_breaking() {
                continue;
            }
            let recorded: Vec<&RecordedChange> = entries
                .iter()
                .filter(|e| e.event_type == comparison.event_type)
                .flat_map(|e| &e.changes)
                .collect();
            comparison.recorded = comparison
                .recorded_changes()
                .iter()
                .all(|change| recorded.iter().any(|r| r.same_change(change)));
        }
        self
    }

    /// The changelog entries for the breaking comparisons, newest first as the changelog lists
    /// them (one per event type, in path order): `## <date> — <type>`, the reason, then one
    /// line per breaking change. Empty when nothing breaks.
    pub fn changelog_entries(&self, date: &str, reason: &str) -> String {
        self.breaking()
            .map(|c| {
                ChangelogEntry {
                    date: date.to_owned(),
                    event_type: c.event_type.clone(),
                    path: c.path.display().to_string(),
                    reason: reason.trim().to_owned(),
                    changes: c.recorded_changes(),
                }
                .render()
            })
            .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_renders_and_parses_back() {
        let entry = ChangelogEntry {
            date: "2024-02-29".to_owned(),
            event_type: "fam.v0".to_owned(),
            path: "schemas/fam.v0.json".to_owned(),
            reason: "partners agreed".to_owned(),
            changes: vec![
                RecordedChange::Change {
                    kind: "required_added".to_owned(),
                    pointer: "/properties/b".to_owned(),
                    breaks: Breaks::Backward,
                    message: "member `b` is now required".to_owned(),
                },
                RecordedChange::Change {
                    kind: "undecidable".to_owned(),
                    pointer: String::new(),
                    breaks: Breaks::Both,
                    message: "the published file is not JSON".to_owned(),
                },
                RecordedChange::Removed,
            ],
        };
        let text = entry.render();
        assert!(text.starts_with(
            "## 2024-02-29 — fam.v0\n\nBreaking change to the published `fam.v0` (`schemas/fam.v0.json`), written with `cargo xtask gen --allow-breaking`.\n\nReason: partners agreed\n\n- `required_added` at `/properties/b` (breaks backward): "
        ));
        assert!(text.contains("\n- `undecidable` at (root) (breaks backward and forward): "));
        assert_eq!(ChangelogEntry::parse(&text), Some(entry));
    }

    #[test]
    fn a_hand_written_entry_parses_by_its_heading() {
        let entry = ChangelogEntry::parse("## 2020-01-01 — old.v0\n\nOld.").unwrap();
        assert_eq!(
            (entry.date.as_str(), entry.event_type.as_str()),
            ("2020-01-01", "old.v0")
        );
        assert!(entry.changes.is_empty());
        assert_eq!(ChangelogEntry::parse("Not an entry."), None);
    }
}
