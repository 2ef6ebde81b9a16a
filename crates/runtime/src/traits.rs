//! The traits the `#[family]` macro implements, and the static facts about each event version.

use crate::UpgradeError;
use crate::describe::{Describe, Shape};

pub use vcc_events_stability::Stability;

/// Everything known statically about one event version: what schemas and docs are made of.
#[derive(Debug)]
pub struct VersionInfo {
    /// The CloudEvents `type`, e.g. `channel.parked.v0`.
    pub event_type: &'static str,
    /// The family, e.g. `channel.parked`.
    pub family: &'static str,
    /// The version, e.g. `v0`.
    pub version: &'static str,
    /// The version's stability.
    pub stability: Stability,
    /// What the event means (the family's doc comment).
    pub description: &'static str,
    /// The CloudEvents `source`, e.g. `/channel`.
    pub source: &'static str,
    /// What `subject` holds.
    pub subject_doc: &'static str,
    /// The JSON pointer of the payload member `subject` must equal.
    pub subject_pointer: &'static str,
    /// The shape of `subject`.
    pub subject: fn() -> Shape,
    /// The shape of `data`.
    pub data: fn() -> Shape,
    /// The canonical example: a whole CloudEvent, as JSON text.
    pub example: &'static str,
    /// Why this version exists, as its declaration says; empty when it does not say.
    pub why: &'static str,
    /// The envelope attributes whose meaning this version states anew (for example what `time`
    /// stands for), in declaration order.
    pub meanings: &'static [Meaning],
    /// The step of its entity's lifecycle this event marks, if its family states one.
    pub transition: Option<&'static Transition>,
}

/// What an envelope attribute means in one version, where that version says it anew.
#[derive(Debug)]
pub struct Meaning {
    /// The attribute, e.g. `time`.
    pub attribute: &'static str,
    /// What it means in this version.
    pub doc: &'static str,
}

/// A step of an entity's lifecycle (e.g. a channel's): the phases an event is sent on leaving,
/// and the phase it leads to.
#[derive(Debug)]
pub struct Transition {
    /// The phases the step leaves; none when the step starts the lifecycle.
    pub from: &'static [&'static str],
    /// The phase the step leads to.
    pub to: &'static str,
}

/// An event family the platform names but does not document: known, so that the catalog's
/// pages can list it, and not declared, so that decoding one gives the unknown-type error
/// rather than a guess at its shape.
#[derive(Debug)]
pub struct Undocumented {
    /// The family, e.g. `channel.disconnected`.
    pub family: &'static str,
    /// The CloudEvents `source` its events would have.
    pub source: &'static str,
    /// What is known of it and where it is named.
    pub note: &'static str,
    /// The lifecycle step it would mark, if known.
    pub transition: Option<Transition>,
}

impl VersionInfo {
    /// What envelope attribute `name` means in this version, when the version says it anew.
    pub fn meaning_of(&self, name: &str) -> Option<&'static str> {
        self.meanings
            .iter()
            .find(|m| m.attribute == name)
            .map(|m| m.doc)
    }
}

/// The payload (`data`) of one event version; implemented by the `#[family]` macro.
pub trait EventData:
    Sized + Clone + std::fmt::Debug + serde::Serialize + for<'de> serde::Deserialize<'de> + Describe
{
    /// The static facts about this version.
    const INFO: &'static VersionInfo;

    /// The type of the envelope's `subject`.
    type Subject: Clone
        + std::fmt::Debug
        + PartialEq
        + std::fmt::Display
        + serde::Serialize
        + for<'de> serde::Deserialize<'de>
        + Describe;

    /// The payload member `subject` is derived from.
    fn subject(&self) -> &Self::Subject;
}

/// A payload that has a next version; implemented by the `#[family]` macro.
pub trait Upgrade: EventData {
    /// The next version's payload.
    type Next: EventData<Subject = Self::Subject>;

    /// Converts the payload to the next version.
    fn upgrade(self) -> Result<Self::Next, UpgradeError>;
}
