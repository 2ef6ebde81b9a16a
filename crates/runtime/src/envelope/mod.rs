//! [`CloudEvent`]: the CloudEvents 1.0 envelope (JSON format) around a version's payload.
//!
//! The envelope's attributes are described once, in [`ENVELOPE`] and [`EXTENSIONS`]; the
//! decoder looks names up there, and the generated documents are made from them
//! ([`VersionInfo::attributes`](crate::VersionInfo::attributes)).

pub(crate) mod read;
pub(crate) mod spec;

use serde::ser::SerializeMap;

pub use spec::{
    ATTRIBUTES, Attribute, AttributeSpec, AttributeValue, CodeOnlyRule, ENVELOPE, EXTENSIONS,
    ExtensionRule, ValueKind, attribute, is_attribute,
};

use crate::extra::Extra;
use crate::{EventData, Ksuid, Timestamp};

/// The CloudEvents specification version these events use.
pub const SPECVERSION: &str = "1.0";

/// The only `datacontenttype` these events use: `application/json`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct JsonContentType;

impl JsonContentType {
    /// The media type.
    pub const MEDIA_TYPE: &'static str = "application/json";
}

/// A CloudEvent carrying payload `D`, one version of an event family.
///
/// `specversion`, `type` and `source` are fixed by the version and not stored; everything
/// else that was on the wire is: encoding a decoded event gives back the same bytes.
#[derive(Clone, Debug, PartialEq)]
pub struct CloudEvent<D: EventData> {
    /// With `source`, identifies the notification (deduplicate on both): a KSUID.
    pub id: Ksuid,
    /// What the event is about; equals the payload member named by
    /// [`VersionInfo::subject_pointer`](crate::VersionInfo::subject_pointer).
    pub subject: D::Subject,
    /// When the notification was sent.
    pub time: Timestamp,
    /// `Some` when the event states its content type (always `application/json`).
    pub datacontenttype: Option<JsonContentType>,
    /// The payload.
    pub data: D,
    /// Extension attributes (names: `a-z0-9`, at most 20 characters), with the order the
    /// attributes arrived in.
    pub extensions: Extra,
}

impl<D: EventData> CloudEvent<D> {
    /// A new event: `subject` is derived from the payload, `datacontenttype` is stated.
    pub fn new(id: Ksuid, time: Timestamp, data: D) -> Self {
        CloudEvent {
            id,
            subject: data.subject().clone(),
            time,
            datacontenttype: Some(JsonContentType),
            data,
            extensions: Extra::default(),
        }
    }

    /// The CloudEvents `type`, e.g. `channel.parked.v0`.
    pub fn event_type(&self) -> &'static str {
        D::INFO.event_type
    }

    /// The CloudEvents `source`, e.g. `/channel`.
    pub fn source(&self) -> &'static str {
        D::INFO.source
    }

    /// Encodes the event as compact JSON.
    pub fn to_json(&self) -> String {
        // Serializing these types cannot fail: every map key is a string.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Converts the event to the next version of its family.
    pub fn upgrade(self) -> Result<CloudEvent<D::Next>, crate::UpgradeError>
    where
        D: crate::Upgrade,
    {
        Ok(CloudEvent {
            id: self.id,
            subject: self.subject,
            time: self.time,
            datacontenttype: self.datacontenttype,
            data: self.data.upgrade()?,
            extensions: self.extensions,
        })
    }
}

impl<D: EventData> serde::Serialize for CloudEvent<D> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        self.extensions
            .serialize_members(&mut map, ENVELOPE.len() as u8, |map, i| {
                let spec = &ENVELOPE[usize::from(i)];
                let name = spec.name;
                match spec.value {
                    ValueKind::SpecVersion => map.serialize_entry(name, SPECVERSION),
                    ValueKind::EventType => map.serialize_entry(name, D::INFO.event_type),
                    ValueKind::Ksuid => map.serialize_entry(name, &self.id),
                    ValueKind::Source => map.serialize_entry(name, D::INFO.source),
                    ValueKind::Subject => map.serialize_entry(name, &self.subject),
                    ValueKind::DateTime => map.serialize_entry(name, &self.time),
                    ValueKind::ContentType => match self.datacontenttype {
                        Some(_) => map.serialize_entry(name, JsonContentType::MEDIA_TYPE),
                        None => Ok(()),
                    },
                    ValueKind::Data => map.serialize_entry(name, &self.data),
                }
            })?;
        map.end()
    }
}
