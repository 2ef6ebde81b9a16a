//! What the freeze prints: the compatible and allowed changes, and the refusal with what to
//! do instead.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::{CHANGELOG_PATH, Freeze, Mode, Status, family_and_version};

/// What a removed version is called in reports.
const REMOVED_NOTE: &str = "the published version is no longer generated: its declaration was \
     removed, and every reader of it loses its events";

impl Freeze {
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
                let _ = writeln!(out, "  {}", change.verdict_line());
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
                let _ = writeln!(out, "  {}", change.verdict_line());
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
                let _ = writeln!(out, "  {}", change.verdict_line());
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
}
