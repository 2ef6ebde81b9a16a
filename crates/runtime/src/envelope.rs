//! [`CloudEvent`]: the CloudEvents 1.0 envelope (JSON format) around a version's payload.
//!
//! One visitor reads the envelope. Decoding a known version reads `subject` and `data` as their
//! types in the same pass; decoding any event first keeps them as raw JSON ([`RawEvent`]),
//! then finishes once the `type` has chosen the version.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, MapAccess};
use serde::ser::SerializeMap;
use serde_json::value::RawValue;

use crate::__private::{Bytes, Text};
use crate::error::{self, fail, fail_at, within, within_owned};
use crate::extra::{Extra, Recorder};
use crate::{DecodeError, EventData, Ksuid, Rule, Timestamp};

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

    /// Decodes and validates one event of this version from JSON bytes.
    #[inline]
    pub fn from_slice(json: &[u8]) -> Result<Self, DecodeError> {
        crate::catalog::check_not_empty(json)?;
        error::reset();
        serde_json::from_slice(json).map_err(DecodeError::from_json)
    }

    /// Decodes and validates one event of this version from JSON text.
    pub fn from_json(json: &str) -> Result<Self, DecodeError> {
        Self::from_slice(json.as_bytes())
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

/// What each envelope attribute means, as the platform documents it (`{type}` stands for the
/// event type). `subject` and `data` are described by each family's declaration.
pub const ATTRIBUTE_DOCS: [(&str, &str); 6] = [
    (
        "specversion",
        "The version of the specification being used.",
    ),
    (
        "type",
        "The type of event, which is {type}. This comprises three parts: the entity performing the event, a description of the event, and the version of the event.",
    ),
    (
        "id",
        "When combined with the source, forms a unique identifier for the notification. The format is a ksuid.",
    ),
    ("source", "The type of event source."),
    (
        "time",
        "An ISO 8601 UTC datetime representing the moment the notification was sent.",
    ),
    (
        "datacontenttype",
        "The content type used by the data property.",
    ),
];

/// The documented meaning of envelope attribute `name` for `event_type`, for the attributes
/// every event shares (see [`ATTRIBUTE_DOCS`]).
pub fn attribute_doc(name: &str, event_type: &str) -> Option<String> {
    ATTRIBUTE_DOCS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, doc)| doc.replace("{type}", event_type))
}

/// Envelope attribute names, in wire order; the index is the declared-member index.
pub const ATTRIBUTES: [&str; 8] = [
    "specversion",
    "type",
    "id",
    "source",
    "subject",
    "time",
    "datacontenttype",
    "data",
];

impl<D: EventData> serde::Serialize for CloudEvent<D> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        self.extensions
            .serialize_members(&mut map, ATTRIBUTES.len() as u8, |map, i| match i {
                0 => map.serialize_entry("specversion", SPECVERSION),
                1 => map.serialize_entry("type", D::INFO.event_type),
                2 => map.serialize_entry("id", &self.id),
                3 => map.serialize_entry("source", D::INFO.source),
                4 => map.serialize_entry("subject", &self.subject),
                5 => map.serialize_entry("time", &self.time),
                6 => match self.datacontenttype {
                    Some(_) => map.serialize_entry("datacontenttype", JsonContentType::MEDIA_TYPE),
                    None => Ok(()),
                },
                _ => map.serialize_entry("data", &self.data),
            })?;
        map.end()
    }
}

impl<'de, D: EventData> serde::Deserialize<'de> for CloudEvent<D> {
    fn deserialize<De: serde::Deserializer<'de>>(d: De) -> Result<Self, De::Error> {
        let parts = d.deserialize_map(EnvelopeVisitor::<Typed<D>>(PhantomData))?;
        let (_, id, subject, time, data, datacontenttype, extensions) =
            parts.complete().map_err(missing)?;
        if let Err(v) = check_subject(&subject, &data) {
            return Err(fail_at(v.0, v.1, v.2));
        }
        Ok(CloudEvent {
            id,
            subject,
            time,
            datacontenttype,
            data,
            extensions,
        })
    }
}

/// An event whose envelope is read and checked, with `subject` and `data` still raw JSON:
/// the state between reading any event and knowing its version. (An event that states its
/// `type` first is decoded typed in one pass instead: see [`Family::decode_type`].)
///
/// [`Family::decode_type`]: crate::Family::decode_type
pub struct RawEvent<'de> {
    parts: Parts<'de, Raw>,
    /// The whole input, to place errors inside `data` on the input's lines.
    input: &'de [u8],
}

impl<'de> RawEvent<'de> {
    /// Reads the envelope of any event.
    pub(crate) fn read(json: &'de [u8]) -> Result<Self, DecodeError> {
        error::reset();
        let mut de = serde_json::Deserializer::from_slice(json);
        let parts = de::Deserializer::deserialize_map(&mut de, EnvelopeVisitor::<Raw>(PhantomData))
            .and_then(|parts| de.end().map(|()| parts))
            .map_err(DecodeError::from_json)?;
        Ok(RawEvent { parts, input: json })
    }

    /// The CloudEvents `type`.
    pub fn event_type(&self) -> &str {
        &self.parts.event_type
    }

    /// Finishes decoding as version `D`, whose `type` the caller has matched.
    pub fn finish<D: EventData>(self) -> Result<CloudEvent<D>, DecodeError> {
        let (source, id, subject, time, data, datacontenttype, extensions) =
            self.parts.complete().map_err(|name| {
                DecodeError::new(
                    format!("/{name}"),
                    Rule::Required,
                    format!("missing required attribute `{name}`"),
                )
            })?;
        if let Err(v) = check_source::<D>(&source) {
            return Err(v.into_error());
        }
        let subject: D::Subject = decode_part(self.input, "/subject", subject)?;
        let data: D = decode_part(self.input, "/data", data)?;
        if let Err(v) = check_subject(&subject, &data) {
            return Err(v.into_error());
        }
        Ok(CloudEvent {
            id,
            subject,
            time,
            datacontenttype,
            data,
            extensions,
        })
    }
}

/// The `type` of an event whose first members are plain strings (no escapes) and include
/// `type` (as the platform sends them: `specversion`, then `type`); `None` otherwise. Only a
/// hint: the typed decoder checks the `type` it reads.
#[inline]
pub(crate) fn sniff_type(json: &[u8]) -> Option<&str> {
    // The platform's own (minified) order first: `specversion`, then `type`.
    const CANONICAL: &[u8] = br#"{"specversion":"1.0","type":""#;
    if let Some(tail) = json.strip_prefix(CANONICAL) {
        let end = tail
            .iter()
            .position(|b| matches!(b, b'"' | b'\\' | 0..=0x1f))?;
        return (tail[end] == b'"')
            .then(|| std::str::from_utf8(&tail[..end]).ok())
            .flatten();
    }
    let mut rest = json;
    let skip_ws = |rest: &mut &[u8]| {
        let n = rest.iter().take_while(|b| b.is_ascii_whitespace()).count();
        *rest = &rest[n..];
    };
    let eat = |rest: &mut &[u8], byte: u8| -> Option<()> {
        skip_ws(rest);
        let (first, tail) = rest.split_first()?;
        (*first == byte).then(|| *rest = tail)
    };
    // A string with no escapes and no control characters (anything else: give up).
    let string = |rest: &mut &'_ [u8]| -> Option<usize> {
        skip_ws(rest);
        let (first, tail) = rest.split_first()?;
        if *first != b'"' {
            return None;
        }
        let end = tail
            .iter()
            .position(|b| matches!(b, b'"' | b'\\' | 0..=0x1f))?;
        (tail[end] == b'"').then_some(end)
    };
    eat(&mut rest, b'{')?;
    for _ in 0..4 {
        let key_len = string(&mut rest)?;
        let key = &rest[1..1 + key_len];
        rest = &rest[key_len + 2..];
        eat(&mut rest, b':')?;
        let value_len = string(&mut rest)?;
        let value = &rest[1..1 + value_len];
        rest = &rest[value_len + 2..];
        if key == b"type" {
            return std::str::from_utf8(value).ok();
        }
        eat(&mut rest, b',')?;
    }
    None
}

/// Decodes `subject` or `data` of an event whose version is now known.
fn decode_part<T: for<'a> serde::Deserialize<'a>>(
    input: &[u8],
    pointer: &str,
    raw: &RawValue,
) -> Result<T, DecodeError> {
    error::reset();
    serde_json::from_str(raw.get()).map_err(|e| {
        let (line, column) = position_of(input, raw.get());
        DecodeError::from_json(e)
            .prefixed(pointer)
            .shifted(line, column)
    })
}

/// The line and column (1-based) where `fragment`, a slice of `input`, starts.
fn position_of(input: &[u8], fragment: &str) -> (usize, usize) {
    let offset = (fragment.as_ptr() as usize)
        .checked_sub(input.as_ptr() as usize)
        .filter(|o| *o <= input.len())
        .unwrap_or(0);
    let before = &input[..offset];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let column = offset
        - before
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |p| p + 1)
        + 1;
    (line, column)
}

/// A rule broken at a top-level attribute.
pub(crate) struct Violation(&'static str, Rule, String);

impl Violation {
    fn into_error(self) -> DecodeError {
        DecodeError::new(format!("/{}", self.0), self.1, self.2)
    }
}

fn check_source<D: EventData>(source: &str) -> Result<(), Violation> {
    if source == D::INFO.source {
        Ok(())
    } else {
        Err(Violation(
            "source",
            Rule::Const,
            format!(
                "`source` must be {:?} for {}, found {:?}",
                D::INFO.source,
                D::INFO.event_type,
                source
            ),
        ))
    }
}

fn check_subject<D: EventData>(subject: &D::Subject, data: &D) -> Result<(), Violation> {
    if subject == data.subject() {
        Ok(())
    } else {
        Err(Violation(
            "subject",
            Rule::Subject,
            format!(
                "`subject` must equal {} ({}), found {}",
                D::INFO.subject_pointer,
                data.subject(),
                subject
            ),
        ))
    }
}

/// How the envelope visitor reads `subject` and `data`.
pub(crate) trait Body<'de> {
    type Subject;
    type Data;
    /// Checks `type` as soon as it is read.
    fn check_type(event_type: &str) -> Result<(), String>;
    fn subject<A: MapAccess<'de>>(map: &mut A) -> Result<Self::Subject, A::Error>;
    fn data<A: MapAccess<'de>>(map: &mut A) -> Result<Self::Data, A::Error>;
    /// Checks `source` as soon as it is read.
    fn check_source(source: &str) -> Result<(), Violation>;
}

/// Reads a known version: `subject` and `data` in place.
pub(crate) struct Typed<D>(PhantomData<D>);

impl<'de, D: EventData> Body<'de> for Typed<D> {
    type Subject = D::Subject;
    type Data = D;
    fn check_type(event_type: &str) -> Result<(), String> {
        if event_type == D::INFO.event_type {
            Ok(())
        } else {
            Err(format!(
                "`type` must be {:?}, found {:?}",
                D::INFO.event_type,
                event_type
            ))
        }
    }
    fn subject<A: MapAccess<'de>>(map: &mut A) -> Result<D::Subject, A::Error> {
        map.next_value()
    }
    fn data<A: MapAccess<'de>>(map: &mut A) -> Result<D, A::Error> {
        map.next_value()
    }
    fn check_source(source: &str) -> Result<(), Violation> {
        check_source::<D>(source)
    }
}

/// Reads any event: `subject` and `data` as raw JSON.
pub(crate) struct Raw;

impl<'de> Body<'de> for Raw {
    type Subject = &'de RawValue;
    type Data = &'de RawValue;
    fn check_type(_: &str) -> Result<(), String> {
        Ok(())
    }
    fn subject<A: MapAccess<'de>>(map: &mut A) -> Result<&'de RawValue, A::Error> {
        map.next_value()
    }
    fn data<A: MapAccess<'de>>(map: &mut A) -> Result<&'de RawValue, A::Error> {
        let raw: &'de RawValue = map.next_value()?;
        match raw.get().as_bytes().first() {
            Some(b'{') => Ok(raw),
            _ => Err(fail(
                Rule::Type,
                "`data` must be a JSON object: these events carry their payload as JSON",
            )),
        }
    }
    fn check_source(_: &str) -> Result<(), Violation> {
        Ok(())
    }
}

/// The envelope as read, before the version-specific checks.
pub(crate) struct Parts<'de, B: Body<'de>> {
    pub(crate) event_type: Cow<'de, str>,
    source: Option<Cow<'de, str>>,
    id: Option<Ksuid>,
    time: Option<Timestamp>,
    datacontenttype: Option<JsonContentType>,
    subject: Option<B::Subject>,
    data: Option<B::Data>,
    extensions: Extra,
}

struct EnvelopeVisitor<B>(PhantomData<B>);

impl<'de, B: Body<'de>> de::Visitor<'de> for EnvelopeVisitor<B> {
    type Value = Parts<'de, B>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a CloudEvent (a JSON object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut recorder = Recorder::new();
        let mut specversion = false;
        let mut event_type: Option<Cow<'de, str>> = None;
        let mut source: Option<Cow<'de, str>> = None;
        let mut id = None;
        let mut time = None;
        let mut datacontenttype = None;
        let mut subject = None;
        let mut data = None;
        while let Some(key) = map.next_key::<Bytes<'de>>()? {
            let key = key.0;
            let index = attribute_index(&key);
            if let Some(index) = index
                && !recorder.known(index as u8)
            {
                return Err(fail_at(
                    ATTRIBUTES[index],
                    Rule::Duplicate,
                    format!("attribute `{}` appears twice", ATTRIBUTES[index]),
                ));
            }
            match index {
                Some(0) => {
                    let v = within("specversion", map.next_value::<Bytes<'de>>())?;
                    if *v.0 != *SPECVERSION.as_bytes() {
                        return Err(fail_at(
                            "specversion",
                            Rule::Const,
                            format!("`specversion` must be \"1.0\", found {:?}", v.text()),
                        ));
                    }
                    specversion = true;
                }
                Some(1) => {
                    let v = within("type", map.next_value::<Text<'de>>())?.0;
                    if v.is_empty() {
                        return Err(fail_at("type", Rule::Const, "`type` must not be empty"));
                    }
                    if let Err(message) = B::check_type(&v) {
                        return Err(fail_at("type", Rule::Const, message));
                    }
                    event_type = Some(v);
                }
                Some(2) => id = Some(within("id", map.next_value::<Ksuid>())?),
                Some(3) => {
                    let v = within("source", map.next_value::<Text<'de>>())?.0;
                    if let Err(v) = B::check_source(&v) {
                        return Err(fail_at(v.0, v.1, v.2));
                    }
                    source = Some(v);
                }
                Some(4) => subject = Some(within("subject", B::subject(&mut map))?),
                Some(5) => time = Some(within("time", map.next_value::<Timestamp>())?),
                Some(6) => {
                    let v = within("datacontenttype", map.next_value::<Bytes<'de>>())?;
                    if *v.0 != *JsonContentType::MEDIA_TYPE.as_bytes() {
                        return Err(fail_at(
                            "datacontenttype",
                            Rule::Const,
                            format!(
                                "`datacontenttype` must be \"application/json\", found {:?}",
                                v.text()
                            ),
                        ));
                    }
                    datacontenttype = Some(JsonContentType);
                }
                Some(_) => data = Some(within("data", B::data(&mut map))?),
                None => {
                    let key = crate::__private::member_name(&key)?;
                    let value: Box<RawValue> = within_owned(key, map.next_value())?;
                    check_extension(key, &value)?;
                    if !recorder.extra(key, value) {
                        return Err(error::fail_at_owned(
                            key,
                            Rule::Duplicate,
                            format!("attribute `{key}` appears twice"),
                        ));
                    }
                }
            }
        }
        if !specversion {
            return Err(missing("specversion"));
        }
        Ok(Parts {
            event_type: event_type.ok_or_else(|| missing("type"))?,
            source,
            id,
            subject,
            time,
            datacontenttype,
            data,
            extensions: recorder.finish(),
        })
    }
}

fn missing<E: de::Error>(name: &'static str) -> E {
    fail_at(
        name,
        Rule::Required,
        format!("missing required attribute `{name}`"),
    )
}

impl<'de, B: Body<'de>> Parts<'de, B> {
    /// The attributes every event has, or the first one missing (in wire order).
    #[allow(clippy::type_complexity)]
    fn complete(
        self,
    ) -> Result<
        (
            Cow<'de, str>,
            Ksuid,
            B::Subject,
            Timestamp,
            B::Data,
            Option<JsonContentType>,
            Extra,
        ),
        &'static str,
    > {
        Ok((
            self.source.ok_or("source")?,
            self.id.ok_or("id")?,
            self.subject.ok_or("subject")?,
            self.time.ok_or("time")?,
            self.data.ok_or("data")?,
            self.datacontenttype,
            self.extensions,
        ))
    }
}

/// The index of an envelope attribute in [`ATTRIBUTES`], if `key` names one.
#[inline]
fn attribute_index(key: &[u8]) -> Option<usize> {
    Some(match key {
        b"specversion" => 0,
        b"type" => 1,
        b"id" => 2,
        b"source" => 3,
        b"subject" => 4,
        b"time" => 5,
        b"datacontenttype" => 6,
        b"data" => 7,
        _ => return None,
    })
}

/// Checks an extension attribute: CloudEvents names (`a-z0-9`, at most 20 characters), and a
/// string, integer or boolean value.
fn check_extension<E: de::Error>(name: &str, value: &RawValue) -> Result<(), E> {
    if name == "data_base64" {
        return Err(error::fail_at_owned(
            name,
            Rule::DataBase64,
            "`data_base64` is not allowed: these events carry their payload as JSON in `data`",
        ));
    }
    let valid_name = !name.is_empty()
        && name.len() <= 20
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    if !valid_name {
        return Err(error::fail_at_owned(
            name,
            Rule::ExtensionName,
            format!(
                "{name:?} is not a valid CloudEvents attribute name: use 1 to 20 characters a-z and 0-9"
            ),
        ));
    }
    let text = value.get();
    let valid_value = match text.as_bytes().first() {
        Some(b'"') => true,
        Some(b't' | b'f') => true,
        Some(b'-' | b'0'..=b'9') => is_integer(text),
        _ => false,
    };
    if !valid_value {
        return Err(error::fail_at_owned(
            name,
            Rule::ExtensionValue,
            format!("extension attribute `{name}` must be a string, an integer or a boolean"),
        ));
    }
    Ok(())
}

/// Whether a JSON number is an integer (as JSON Schema counts them: `1.0` is one).
fn is_integer(number: &str) -> bool {
    if number.bytes().all(|b| b == b'-' || b.is_ascii_digit()) {
        return true;
    }
    number
        .parse::<f64>()
        .is_ok_and(|f| f.is_finite() && f.fract() == 0.0)
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
    fn position_of_counts_lines_and_columns() {
        let input = "{\n  \"data\": {}\n}";
        let fragment = &input[12..14];
        assert_eq!(position_of(input.as_bytes(), fragment), (2, 11));
    }

    #[test]
    fn integers_as_json_schema_counts_them() {
        assert!(is_integer("12"));
        assert!(is_integer("-3"));
        assert!(is_integer("1.0"));
        assert!(is_integer("1e2"));
        assert!(!is_integer("1.5"));
    }
}
