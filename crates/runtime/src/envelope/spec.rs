//! The envelope's attributes as data: one table the decoder looks names up in and the
//! schemas, doc pages, AsyncAPI and xRegistry documents are generated from.

use crate::VersionInfo;
use crate::describe::{Describe, Shape};
use crate::{Ksuid, Timestamp};

use super::{JsonContentType, SPECVERSION};

/// What the value of an envelope attribute is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ValueKind {
    /// The fixed CloudEvents version, [`SPECVERSION`].
    SpecVersion,
    /// The fixed `type` of the version ([`VersionInfo::event_type`]).
    EventType,
    /// A KSUID.
    Ksuid,
    /// The fixed `source` the family declares ([`VersionInfo::source`]).
    Source,
    /// The subject, of the kind the family declares ([`VersionInfo::subject`]).
    Subject,
    /// An RFC 3339 UTC date-time.
    DateTime,
    /// The fixed content type of `data`, [`JsonContentType::MEDIA_TYPE`].
    ContentType,
    /// The payload, of the shape the version declares ([`VersionInfo::data`]).
    Data,
}

/// A rule across attributes that the decoder checks and JSON Schema cannot express.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CodeOnlyRule {
    /// The value equals the payload member at [`VersionInfo::subject_pointer`].
    EqualsSubjectMember,
}

/// One envelope attribute every event has, or may have.
#[derive(Debug)]
pub struct AttributeSpec {
    /// The attribute name.
    pub name: &'static str,
    /// Whether every event must carry it.
    pub required: bool,
    /// What its value is.
    pub value: ValueKind,
    /// What it means, as the platform documents it (`{type}` stands for the event type);
    /// empty when the family's declaration describes it (`subject`, `data`).
    pub description: &'static str,
    /// A rule across attributes checked on decode only, if any.
    pub code_only_rule: Option<CodeOnlyRule>,
}

/// The envelope attributes, in wire order.
pub const ENVELOPE: [AttributeSpec; 8] = [
    AttributeSpec {
        name: "specversion",
        required: true,
        value: ValueKind::SpecVersion,
        description: "The version of the specification being used.",
        code_only_rule: None,
    },
    AttributeSpec {
        name: "type",
        required: true,
        value: ValueKind::EventType,
        description: "The type of event, which is {type}. This comprises three parts: the entity performing the event, a description of the event, and the version of the event.",
        code_only_rule: None,
    },
    AttributeSpec {
        name: "id",
        required: true,
        value: ValueKind::Ksuid,
        description: "When combined with the source, forms a unique identifier for the notification. The format is a ksuid.",
        code_only_rule: None,
    },
    AttributeSpec {
        name: "source",
        required: true,
        value: ValueKind::Source,
        description: "The type of event source.",
        code_only_rule: None,
    },
    AttributeSpec {
        name: "subject",
        required: true,
        value: ValueKind::Subject,
        description: "",
        code_only_rule: Some(CodeOnlyRule::EqualsSubjectMember),
    },
    AttributeSpec {
        name: "time",
        required: true,
        value: ValueKind::DateTime,
        description: "An ISO 8601 UTC datetime representing the moment the notification was sent.",
        code_only_rule: None,
    },
    AttributeSpec {
        name: "datacontenttype",
        required: false,
        value: ValueKind::ContentType,
        description: "The content type used by the data property.",
        code_only_rule: None,
    },
    AttributeSpec {
        name: "data",
        required: true,
        value: ValueKind::Data,
        description: "",
        code_only_rule: None,
    },
];

/// The envelope attribute names, in wire order (the names of [`ENVELOPE`]).
pub const ATTRIBUTES: [&str; ENVELOPE.len()] = {
    let mut names = [""; ENVELOPE.len()];
    let mut i = 0;
    while i < ENVELOPE.len() {
        names[i] = ENVELOPE[i].name;
        i += 1;
    }
    names
};

/// Whether a version may state anew what attribute `name` means (`meaning(name = "...")` in
/// its declaration): every attribute of [`ENVELOPE`] but `data`, which the payload's own
/// declaration describes. `const`, so that the family macro checks a declaration at compile
/// time against this table.
pub const fn can_state_meaning(name: &str) -> bool {
    let mut i = 0;
    while i < ENVELOPE.len() {
        let spec = &ENVELOPE[i];
        if bytes_eq(spec.name.as_bytes(), name.as_bytes()) {
            return !matches!(spec.value, ValueKind::Data);
        }
        i += 1;
    }
    false
}

const fn bytes_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The position in [`ENVELOPE`] of the attribute of that kind.
pub(crate) const fn position(kind: ValueKind) -> usize {
    let mut i = 0;
    while i < ENVELOPE.len() {
        if ENVELOPE[i].value as u8 == kind as u8 {
            return i;
        }
        i += 1;
    }
    panic!("every value kind has an attribute")
}

/// The attribute whose value is of that kind.
pub const fn attribute(kind: ValueKind) -> &'static AttributeSpec {
    &ENVELOPE[position(kind)]
}

/// The position in [`ENVELOPE`] of the attribute named `key`, if it names one.
#[inline]
pub(crate) fn attribute_index(key: &[u8]) -> Option<usize> {
    ENVELOPE.iter().position(|a| a.name.as_bytes() == key)
}

/// Whether `name` is an envelope attribute (not an extension).
pub fn is_attribute(name: &str) -> bool {
    attribute_index(name.as_bytes()).is_some()
}

/// What an extension attribute (any top-level member not in [`ENVELOPE`]) may be.
#[derive(Debug)]
pub struct ExtensionRule {
    /// The most characters a name may have.
    pub max_name_len: usize,
    /// The pattern names match (ECMA 262): CloudEvents attribute names.
    pub name_pattern: &'static str,
    /// The JSON types a value may have.
    pub value_types: [&'static str; 3],
    /// What a value is, in words.
    pub description: &'static str,
    /// The one name that is refused although it matches: this catalog's `data` is JSON.
    pub refused: &'static str,
}

/// The rule every extension attribute follows.
pub const EXTENSIONS: ExtensionRule = ExtensionRule {
    max_name_len: 20,
    name_pattern: "^[a-z0-9]{1,20}$",
    value_types: ["string", "integer", "boolean"],
    description: "A CloudEvents extension attribute: a string, an integer or a boolean.",
    refused: "data_base64",
};

impl ExtensionRule {
    /// Whether `name` is a valid extension attribute name.
    pub fn allows_name(&self, name: &str) -> bool {
        !name.is_empty()
            && name.len() <= self.max_name_len
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    }
}

/// The value of an envelope attribute of one version.
#[derive(Clone, Copy, Debug)]
pub enum AttributeValue {
    /// A fixed string.
    Const(&'static str),
    /// A value of a shape.
    Shape(Shape),
}

/// One envelope attribute of one version, as schemas and docs present it.
#[derive(Debug)]
pub struct Attribute {
    /// The attribute's entry in [`ENVELOPE`].
    pub spec: &'static AttributeSpec,
    /// What it means for this version.
    pub description: String,
    /// Its value for this version.
    pub value: AttributeValue,
    /// The rule across members checked on decode only, for this version, if any (a scalar's
    /// own such rule is in its shape).
    pub rule: Option<String>,
}

impl VersionInfo {
    /// The envelope attributes of this version's events, in wire order.
    pub fn attributes(&self) -> Vec<Attribute> {
        ENVELOPE.iter().map(|spec| self.attribute(spec)).collect()
    }

    /// The rule extension attributes follow.
    pub fn extensions(&self) -> &'static ExtensionRule {
        &EXTENSIONS
    }

    fn attribute(&self, spec: &'static AttributeSpec) -> Attribute {
        // What the attribute means: what this version says anew, else what every event shares.
        let shared = || match self.meaning_of(spec.name) {
            Some(meaning) => meaning.to_owned(),
            None => spec.description.replace("{type}", self.event_type),
        };
        let (description, value) = match spec.value {
            ValueKind::SpecVersion => (shared(), AttributeValue::Const(SPECVERSION)),
            ValueKind::EventType => (shared(), AttributeValue::Const(self.event_type)),
            ValueKind::Source => (shared(), AttributeValue::Const(self.source)),
            ValueKind::ContentType => {
                (shared(), AttributeValue::Const(JsonContentType::MEDIA_TYPE))
            }
            ValueKind::Ksuid => (shared(), AttributeValue::Shape(Ksuid::describe())),
            ValueKind::DateTime => (shared(), AttributeValue::Shape(Timestamp::describe())),
            ValueKind::Subject => (
                self.subject_doc.to_owned(),
                AttributeValue::Shape((self.subject)()),
            ),
            ValueKind::Data => {
                let data = (self.data)();
                (data.doc().to_owned(), AttributeValue::Shape(data))
            }
        };
        let rule = spec.code_only_rule.map(|rule| match rule {
            CodeOnlyRule::EqualsSubjectMember => {
                format!("equals the payload member at `{}`", self.subject_pointer)
            }
        });
        Attribute {
            spec,
            description,
            value,
            rule,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_indices_follow_the_wire_order() {
        for (i, name) in ATTRIBUTES.iter().enumerate() {
            assert_eq!(attribute_index(name.as_bytes()), Some(i));
        }
        assert_eq!(attribute_index(b"traceparent"), None);
    }

    #[test]
    fn every_attribute_but_data_can_state_its_meaning() {
        assert!(can_state_meaning("time"));
        assert!(can_state_meaning("subject"));
        assert!(!can_state_meaning("data"));
        assert!(!can_state_meaning("traceparent"));
    }

    #[test]
    fn every_value_kind_has_one_attribute() {
        for (i, spec) in ENVELOPE.iter().enumerate() {
            assert_eq!(position(spec.value), i);
        }
    }

    #[test]
    fn extension_names_follow_cloudevents() {
        assert!(EXTENSIONS.allows_name("traceparent"));
        assert!(!EXTENSIONS.allows_name("trace_parent"));
        assert!(!EXTENSIONS.allows_name(""));
        assert!(!EXTENSIONS.allows_name("abcdefghijklmnopqrstu"));
    }
}
