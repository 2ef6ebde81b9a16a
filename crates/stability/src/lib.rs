//! How far an event version can be relied on: the one list of stabilities, with every name
//! each is known by (in declarations, in generated documents, in the platform's API).

/// How far a version can be relied on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stability {
    /// In the Beta/Early Access Program: still under development.
    Beta,
    /// Generally available.
    Stable,
    /// Still sent, but superseded by a later version.
    Deprecated,
}

impl Stability {
    /// Every stability, in the order a declaration's error message lists them.
    pub const ALL: [Stability; 3] = [Stability::Beta, Stability::Stable, Stability::Deprecated];

    /// The lowercase name (`beta`, `stable`, `deprecated`): what a declaration writes
    /// (`stability = beta`) and what the generated documents say.
    pub const fn as_str(self) -> &'static str {
        match self {
            Stability::Beta => "beta",
            Stability::Stable => "stable",
            Stability::Deprecated => "deprecated",
        }
    }

    /// The stability named `name` ([`Stability::as_str`]).
    pub fn from_name(name: &str) -> Option<Stability> {
        Stability::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// The accepted names, for a message: `` `beta`, `stable` or `deprecated` ``.
    pub fn names_listed() -> String {
        let names: Vec<String> = Stability::ALL
            .iter()
            .map(|s| format!("`{}`", s.as_str()))
            .collect();
        match names.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
            None => String::new(),
        }
    }

    /// The name the platform's event-types API gives it (`releaseStatus`): `Beta`, `General
    /// Availability` or `Deprecated`.
    pub fn release_status(self) -> &'static str {
        match self {
            Stability::Beta => "Beta",
            Stability::Stable => "General Availability",
            Stability::Deprecated => "Deprecated",
        }
    }

    /// The banner a doc page shows for this stability: a title and its paragraphs.
    pub fn banner(self) -> Option<(&'static str, &'static [&'static str])> {
        match self {
            Stability::Beta => Some((
                "Beta/Early Access Program",
                &[
                    "This API is in the Beta/Early Access Program and is still under development. If you are interested in using this API, please contact your Customer Success Manager or Account Manager. Participation in this pilot program is at the discretion of Product Management and not guaranteed.",
                    "Use of this API outside of the program is prohibited.",
                ],
            )),
            Stability::Stable => None,
            Stability::Deprecated => Some((
                "Deprecated",
                &[
                    "This version is superseded by a later version of the same event. It is still sent; plan to move to the latest version.",
                ],
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stability_reads_back_from_its_name() {
        for stability in Stability::ALL {
            assert_eq!(Stability::from_name(stability.as_str()), Some(stability));
        }
        assert_eq!(Stability::from_name("Beta"), None);
    }

    #[test]
    fn the_names_are_listed_for_a_message() {
        assert_eq!(
            Stability::names_listed(),
            "`beta`, `stable` or `deprecated`"
        );
    }
}
