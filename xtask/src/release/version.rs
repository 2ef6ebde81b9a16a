//! Versions of the published crates, the bumps between them, and the tags that name releases.

use std::fmt;

/// The package name of the catalog crate, whose tags are `catalog-v<version>`.
pub const CATALOG_PACKAGE: &str = "vcc-events";

/// A crate version `major.minor.patch` (no pre-release or build part: the published crates
/// have none).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    /// The first number.
    pub major: u64,
    /// The second number.
    pub minor: u64,
    /// The third number.
    pub patch: u64,
}

impl Version {
    /// Reads `0.1.2`; `None` for anything else.
    pub fn parse(text: &str) -> Option<Version> {
        let mut parts = text.split('.').map(|p| {
            (!p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse::<u64>().ok())
                .flatten()
        });
        let version = Version {
            major: parts.next()??,
            minor: parts.next()??,
            patch: parts.next()??,
        };
        parts.next().is_none().then_some(version)
    }

    /// The version after a `bump`, as Cargo's caret rule reads versions: below 1.0 the `0.y`
    /// digit is the one whose change breaks, and the last digit carries additions and fixes.
    pub fn bumped(self, bump: Bump) -> Version {
        let Version {
            major,
            minor,
            patch,
        } = self;
        match (major, bump) {
            (0, Bump::Major) => Version::new(0, minor + 1, 0),
            (0, Bump::Minor | Bump::Patch) => Version::new(0, minor, patch + 1),
            (_, Bump::Major) => Version::new(major + 1, 0, 0),
            (_, Bump::Minor) => Version::new(major, minor + 1, 0),
            (_, Bump::Patch) => Version::new(major, minor, patch + 1),
        }
    }

    /// `major.minor.patch`.
    pub const fn new(major: u64, minor: u64, patch: u64) -> Version {
        Version {
            major,
            minor,
            patch,
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// How much a change asks of a crate's version, smallest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Bump {
    /// Documentation only: nothing for a partner to do.
    Patch,
    /// Additions: a partner's code still compiles after `cargo update`.
    Minor,
    /// A break: a partner opts in by changing the requirement (the `0.y` digit below 1.0).
    Major,
}

impl fmt::Display for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        })
    }
}

/// The tag of a crate's release: `catalog-v0.2.0` for the catalog crate,
/// `<package>-v<version>` (e.g. `vcc-event-channel-parked-v0-v0.1.1`) for a generated one.
pub fn tag(package: &str, version: Version) -> String {
    format!("{}{version}", tag_prefix(package))
}

/// What every tag of a crate starts with, before the version.
pub fn tag_prefix(package: &str) -> String {
    if package == CATALOG_PACKAGE {
        "catalog-v".to_owned()
    } else {
        format!("{package}-v")
    }
}

/// The newest release among `tags` (any tag names) of `package`, by version.
pub fn last_release<'a>(package: &str, tags: impl IntoIterator<Item = &'a str>) -> Option<Version> {
    let prefix = tag_prefix(package);
    tags.into_iter()
        .filter_map(|t| t.strip_prefix(&prefix).and_then(Version::parse))
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        Version::parse(text).unwrap()
    }

    #[test]
    fn versions_parse_only_as_three_numbers() {
        assert_eq!(v("0.12.3"), Version::new(0, 12, 3));
        for bad in [
            "",
            "1",
            "1.2",
            "1.2.3.4",
            "1.2.x",
            "1.2.-3",
            "1..2",
            "1.2.3-rc1",
        ] {
            assert_eq!(Version::parse(bad), None, "{bad}");
        }
        assert_eq!(v("0.1.10").to_string(), "0.1.10");
        assert!(v("0.1.10") > v("0.1.9"));
    }

    #[test]
    fn below_one_the_middle_digit_breaks_and_the_last_carries_the_rest() {
        assert_eq!(v("0.1.3").bumped(Bump::Patch), v("0.1.4"));
        assert_eq!(v("0.1.3").bumped(Bump::Minor), v("0.1.4"));
        assert_eq!(v("0.1.3").bumped(Bump::Major), v("0.2.0"));
        assert_eq!(v("1.2.3").bumped(Bump::Patch), v("1.2.4"));
        assert_eq!(v("1.2.3").bumped(Bump::Minor), v("1.3.0"));
        assert_eq!(v("1.2.3").bumped(Bump::Major), v("2.0.0"));
    }

    #[test]
    fn tags_name_the_crate_and_the_version() {
        assert_eq!(tag(CATALOG_PACKAGE, v("0.2.0")), "catalog-v0.2.0");
        assert_eq!(
            tag("vcc-event-channel-parked-v0", v("0.1.1")),
            "vcc-event-channel-parked-v0-v0.1.1"
        );
        let tags = [
            "catalog-v0.1.0",
            "catalog-v0.10.0",
            "catalog-v0.9.1",
            "catalog-vnext",
            "vcc-event-a-v0-v0.3.0",
        ];
        assert_eq!(last_release(CATALOG_PACKAGE, tags), Some(v("0.10.0")));
        assert_eq!(last_release("vcc-event-a-v0", tags), Some(v("0.3.0")));
        assert_eq!(last_release("vcc-event-a-v1", tags), None);
    }
}
