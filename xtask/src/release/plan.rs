//! The pure core of `cargo xtask release`: from what changed in each published crate since its
//! last release (the freeze's verdict on its schemas, cargo-semver-checks' on its API), the
//! smallest version bump it needs, the tags, the refusals and the changelog entry. No I/O:
//! [`super`] reads git, runs the tools and writes.

use std::cmp::Ordering;

use vcc_events_codegen::freeze::{Comparison, Status};
use vcc_events_compat::ChangeKind;

pub use super::version::{Bump, CATALOG_PACKAGE, Version, last_release, tag, tag_prefix};

/// What the freeze says about a crate's schemas since its last release.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Wire {
    /// The same schemas.
    Unchanged,
    /// Only annotations (descriptions, examples, ...) or only the text changed.
    Annotations,
    /// Changes that break no reader: a new optional member, a new version, ...
    Additions,
    /// A change that breaks readers (accepted with `gen --allow-breaking`, or it would not be
    /// committed), or a version removed.
    Breaking,
}

impl Wire {
    /// The freeze's verdict on one schema.
    pub fn of(comparison: &Comparison) -> Wire {
        match comparison.status {
            Status::Unchanged => Wire::Unchanged,
            Status::New => Wire::Additions,
            Status::Breaking | Status::Removed => Wire::Breaking,
            Status::Compatible
                if comparison
                    .report
                    .changes()
                    .iter()
                    .all(|c| c.kind == ChangeKind::AnnotationChanged) =>
            {
                Wire::Annotations
            }
            Status::Compatible => Wire::Additions,
        }
    }

    /// The verdict on several schemas (the catalog crate's): the strongest of theirs.
    pub fn of_all<'a>(comparisons: impl IntoIterator<Item = &'a Comparison>) -> Wire {
        comparisons
            .into_iter()
            .map(Wire::of)
            .max()
            .unwrap_or(Wire::Unchanged)
    }

    /// The bump the wire change needs on its own.
    fn bump(self) -> Bump {
        match self {
            Wire::Unchanged | Wire::Annotations => Bump::Patch,
            Wire::Additions => Bump::Minor,
            Wire::Breaking => Bump::Major,
        }
    }

    /// How the plan names it.
    fn words(self) -> &'static str {
        match self {
            Wire::Unchanged => "schemas unchanged",
            Wire::Annotations => "schemas: annotations only",
            Wire::Additions => "schemas: compatible additions",
            Wire::Breaking => "schemas: a breaking change",
        }
    }
}

/// What is known of one published crate, read by the I/O shell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Crate {
    /// The package name.
    pub package: String,
    /// The version its manifest carries now.
    pub version: Version,
    /// Its last release, if it had one (then it is published: a break needs a reason).
    pub released: Option<Version>,
    /// Whether any of its files changed since that release.
    pub changed: bool,
    /// The freeze's verdict on its schemas since that release.
    pub wire: Wire,
    /// What cargo-semver-checks says its API change needs since that release (`None`: nothing
    /// beyond a patch; not asked for a crate never released or unchanged).
    pub api: Option<Bump>,
}

/// One crate's release in a plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Release {
    /// The package name.
    pub package: String,
    /// The last release, `None` for a first release.
    pub from: Option<Version>,
    /// The version released.
    pub to: Version,
    /// The bump from `from` (`None` for a first release).
    pub bump: Option<Bump>,
    /// Why that bump, e.g. `schemas: compatible additions; API: minor`.
    pub why: String,
}

impl Release {
    /// The tag this release creates.
    pub fn tag(&self) -> String {
        tag(&self.package, self.to)
    }

    /// One line of the plan, e.g. `vcc-events 0.1.0 -> 0.1.1 (minor: ...), tag catalog-v0.1.1`.
    pub fn line(&self) -> String {
        match (self.from, self.bump) {
            (Some(from), Some(bump)) => format!(
                "{} {from} -> {} ({bump}: {}), tag {}",
                self.package,
                self.to,
                self.why,
                self.tag()
            ),
            _ => format!(
                "{} {} (first release), tag {}",
                self.package,
                self.to,
                self.tag()
            ),
        }
    }
}

/// A breaking bump of a published crate that was not allowed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// The package name.
    pub package: String,
    /// Its last release.
    pub from: Version,
    /// What the break would make it.
    pub to: Version,
    /// Why it breaks.
    pub why: String,
}

/// What `release` does: the releases, in the order given, and the refusals. Nothing is written
/// when anything is refused.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// The crates to release.
    pub releases: Vec<Release>,
    /// The breaking bumps refused (without `--allow-breaking`).
    pub refused: Vec<Refusal>,
    /// The reason given with `--allow-breaking`, when a release of the plan breaks.
    pub breaking_reason: Option<String>,
    /// The crates left as they are: unchanged since their last release.
    pub unchanged: Vec<String>,
}

/// The plan for `crates`: a crate never released is released at its version; a crate unchanged
/// since its release is left; a changed one gets the smallest bump both its wire change and
/// its API change need (at least a patch), or the version its manifest already has when that
/// is larger. A major bump of a released crate is refused unless `allow_breaking` gives a
/// reason.
pub fn plan(crates: &[Crate], allow_breaking: Option<&str>) -> Plan {
    let mut plan = Plan::default();
    for c in crates {
        let Some(from) = c.released else {
            plan.releases.push(Release {
                package: c.package.clone(),
                from: None,
                to: c.version,
                bump: None,
                why: String::new(),
            });
            continue;
        };
        if !c.changed {
            plan.unchanged.push(c.package.clone());
            continue;
        }
        let bump = c.wire.bump().max(c.api.unwrap_or(Bump::Patch));
        let mut why = c.wire.words().to_owned();
        if let Some(api) = c.api {
            why.push_str(&format!("; API: {api} (cargo-semver-checks)"));
        } else {
            why.push_str("; API: nothing beyond a patch (cargo-semver-checks)");
        }
        let needed = from.bumped(bump);
        let to = match c.version.cmp(&needed) {
            Ordering::Greater => c.version,
            _ => needed,
        };
        let breaks = bump == Bump::Major;
        if breaks && allow_breaking.is_none() {
            plan.refused.push(Refusal {
                package: c.package.clone(),
                from,
                to,
                why: why.clone(),
            });
            continue;
        }
        if breaks {
            plan.breaking_reason = allow_breaking.map(|r| r.trim().to_owned());
        }
        plan.releases.push(Release {
            package: c.package.clone(),
            from: Some(from),
            to,
            bump: Some(bump),
            why,
        });
    }
    plan
}

impl Plan {
    /// What the plan does, for people: one line per release, unchanged crate and refusal.
    pub fn summary(&self) -> String {
        let mut out = String::new();
        for release in &self.releases {
            out.push_str(&format!("release {}\n", release.line()));
        }
        if !self.unchanged.is_empty() {
            out.push_str(&format!(
                "unchanged since their last release: {}\n",
                self.unchanged.join(", ")
            ));
        }
        if self.releases.is_empty() && self.refused.is_empty() {
            out.push_str("nothing to release\n");
        }
        out
    }

    /// Why the plan is refused, with what to do; `None` when nothing is refused.
    pub fn refusal(&self) -> Option<String> {
        if self.refused.is_empty() {
            return None;
        }
        let mut out = String::from(
            "a published crate would need a breaking version bump (partners would have to \
             change their requirement and may have to edit code):\n",
        );
        for r in &self.refused {
            out.push_str(&format!(
                "  {} {} -> {} ({})\n",
                r.package, r.from, r.to, r.why
            ));
        }
        out.push_str(
            "keep the published API (declare a new event version instead of changing a \
             published one), or run `cargo xtask release --allow-breaking \"<reason>\"` to \
             release the break and record the reason in docs/CHANGELOG.md\n",
        );
        Some(out)
    }

    /// The changelog entry of the releases: `## <date> — release`, one line per release, and
    /// the reason of an allowed break. `None` when nothing is released.
    pub fn changelog_entry(&self, date: &str) -> Option<String> {
        if self.releases.is_empty() {
            return None;
        }
        let mut out = format!("## {date} — release\n\nReleased with `cargo xtask release`:\n\n");
        for release in &self.releases {
            out.push_str(&format!("- {}\n", release.line()));
        }
        if let Some(reason) = &self.breaking_reason {
            out.push_str(&format!(
                "\nBreaking version bump allowed (`--allow-breaking`). Reason: {reason}\n"
            ));
        }
        out.push('\n');
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        Version::parse(text).unwrap()
    }

    /// A released generated crate at `version`, changed as `wire` and `api` say.
    fn changed(version: &str, wire: Wire, api: Option<Bump>) -> Crate {
        Crate {
            package: "vcc-event-test-grow-v0".to_owned(),
            version: v(version),
            released: Some(v(version)),
            changed: true,
            wire,
            api,
        }
    }

    fn one(plan: &Plan) -> &Release {
        assert_eq!(plan.releases.len(), 1, "{plan:?}");
        &plan.releases[0]
    }

    #[test]
    fn a_crate_never_released_is_released_at_its_version() {
        let mut c = changed("0.1.0", Wire::Breaking, Some(Bump::Major));
        c.released = None;
        let plan = plan(&[c], None);
        let release = one(&plan);
        assert_eq!(
            (release.from, release.to, release.bump),
            (None, v("0.1.0"), None)
        );
        assert_eq!(
            release.line(),
            "vcc-event-test-grow-v0 0.1.0 (first release), tag vcc-event-test-grow-v0-v0.1.0"
        );
    }

    #[test]
    fn an_unchanged_crate_is_left_as_it_is() {
        let mut c = changed("0.1.0", Wire::Unchanged, None);
        c.changed = false;
        let plan = plan(&[c], None);
        assert!(plan.releases.is_empty());
        assert_eq!(plan.unchanged, ["vcc-event-test-grow-v0"]);
        assert!(
            plan.summary()
                .contains("unchanged since their last release")
        );
    }

    #[test]
    fn documentation_only_is_a_patch() {
        let plan = plan(&[changed("0.1.0", Wire::Annotations, None)], None);
        assert_eq!(one(&plan).bump, Some(Bump::Patch));
        assert_eq!(one(&plan).to, v("0.1.1"));
    }

    #[test]
    fn additions_are_a_minor_bump() {
        let plan = plan(&[changed("1.4.2", Wire::Additions, None)], None);
        assert_eq!(one(&plan).bump, Some(Bump::Minor));
        assert_eq!(one(&plan).to, v("1.5.0"));
    }

    #[test]
    fn the_api_check_can_ask_for_more_than_the_wire() {
        let plan = plan(
            &[changed("0.1.0", Wire::Annotations, Some(Bump::Minor))],
            None,
        );
        assert_eq!(one(&plan).bump, Some(Bump::Minor));
        let refused = super::plan(
            &[changed("0.1.0", Wire::Annotations, Some(Bump::Major))],
            None,
        );
        assert!(refused.releases.is_empty());
        assert_eq!(refused.refused[0].to, v("0.2.0"));
        assert!(refused.refused[0].why.contains("API: major"), "{refused:?}");
    }

    #[test]
    fn a_break_is_refused_without_a_reason_and_recorded_with_one() {
        let crates = [changed("0.3.1", Wire::Breaking, None)];
        let refused = plan(&crates, None);
        assert!(refused.releases.is_empty());
        let message = refused.refusal().unwrap();
        assert!(
            message.contains("  vcc-event-test-grow-v0 0.3.1 -> 0.4.0 (schemas: a breaking change"),
            "{message}"
        );
        assert!(message.contains("--allow-breaking \"<reason>\""));

        let allowed = plan(&crates, Some(" partners agreed "));
        assert_eq!(allowed.refusal(), None);
        assert_eq!(one(&allowed).to, v("0.4.0"));
        let entry = allowed.changelog_entry("2026-12-04").unwrap();
        assert!(entry.starts_with("## 2026-12-04 — release\n"), "{entry}");
        assert!(entry.contains("- vcc-event-test-grow-v0 0.3.1 -> 0.4.0 (major: "));
        assert!(entry.contains("Reason: partners agreed\n"), "{entry}");
    }

    #[test]
    fn a_version_already_raised_by_hand_is_kept_when_it_is_enough() {
        let mut c = changed("0.1.0", Wire::Annotations, None);
        c.version = v("0.1.5");
        assert_eq!(one(&plan(&[c.clone()], None)).to, v("0.1.5"));
        c.version = v("0.1.0");
        assert_eq!(one(&plan(&[c], None)).to, v("0.1.1"));
    }

    /// A comparison of `status` with changes of `kinds`.
    fn comparison(status: Status, kinds: &[ChangeKind]) -> Comparison {
        let changes = kinds
            .iter()
            .map(|&kind| vcc_events_compat::Change {
                pointer: "/properties/data".to_owned(),
                kind,
                breaks: vcc_events_compat::Breaks::None,
                message: String::new(),
            })
            .collect();
        Comparison {
            path: "schemas/test.grow.v0.json".into(),
            event_type: "test.grow.v0".to_owned(),
            status,
            report: vcc_events_compat::Report::new(changes),
            recorded: false,
        }
    }

    #[test]
    fn the_freeze_verdict_reads_as_a_wire_change() {
        let annotation = ChangeKind::AnnotationChanged;
        let added = ChangeKind::PropertyAdded;
        assert_eq!(
            Wire::of(&comparison(Status::Unchanged, &[])),
            Wire::Unchanged
        );
        assert_eq!(
            Wire::of(&comparison(Status::Compatible, &[])),
            Wire::Annotations
        );
        assert_eq!(
            Wire::of(&comparison(Status::Compatible, &[annotation])),
            Wire::Annotations
        );
        assert_eq!(
            Wire::of(&comparison(Status::Compatible, &[annotation, added])),
            Wire::Additions
        );
        assert_eq!(Wire::of(&comparison(Status::New, &[])), Wire::Additions);
        let mut recorded = comparison(Status::Breaking, &[]);
        recorded.recorded = true;
        assert_eq!(
            Wire::of(&recorded),
            Wire::Breaking,
            "accepted, still a break"
        );
        assert_eq!(Wire::of(&comparison(Status::Removed, &[])), Wire::Breaking);
        let all = [
            comparison(Status::Unchanged, &[]),
            comparison(Status::Compatible, &[added]),
            comparison(Status::Compatible, &[annotation]),
        ];
        assert_eq!(Wire::of_all(&all), Wire::Additions);
        assert_eq!(Wire::of_all(&[]), Wire::Unchanged);
    }

    #[test]
    fn nothing_to_release_says_so_and_writes_no_entry() {
        let plan = plan(&[], None);
        assert_eq!(plan.summary(), "nothing to release\n");
        assert_eq!(plan.changelog_entry("2026-12-04"), None);
    }
}
