//! Reading the envelope: one visitor for every decode path, and one [`Envelope::finish`].
//!
//! Decoding a known version reads `subject` and `data` as their types in the same pass
//! ([`Typed`]); decoding any event first keeps them as raw JSON ([`Raw`], [`RawEvent`]), then
//! finishes once the `type` has chosen the version.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, MapAccess};
use serde_json::value::RawValue;

use super::spec::{ENVELOPE, EXTENSIONS, ValueKind, attribute_index};
use super::{CloudEvent, JsonContentType, SPECVERSION};
use crate::de::{Bytes, Text};
use crate::error::{self, fail, fail_at, within, within_owned};
use crate::extra::{Extra, Recorder};
use crate::{DecodeError, EventData, Ksuid, Rule, Timestamp};

impl<'de, D: EventData> serde::Deserialize<'de> for CloudEvent<D> {
    fn deserialize<De: serde::Deserializer<'de>>(d: De) -> Result<Self, De::Error> {
        d.deserialize_map(EnvelopeVisitor::<Typed<D>>(PhantomData))?
            .finish(Violation::raise, |subject, data| Ok((subject, data)))
    }
}

/// An event whose envelope is read and checked, with `subject` and `data` still raw JSON:
/// the state between reading any event and knowing its version. (An event that states its
/// `type` first is decoded typed in one pass instead: see [`Family::decode_type`].)
///
/// [`Family::decode_type`]: crate::Family::decode_type
pub struct RawEvent<'de> {
    envelope: Envelope<'de, Raw>,
    /// The whole input, to place errors inside `data` on the input's lines.
    input: &'de [u8],
}

impl<'de> RawEvent<'de> {
    /// Reads the envelope of any event.
    pub(crate) fn read(json: &'de [u8]) -> Result<Self, DecodeError> {
        let envelope = error::scoped(|| {
            let mut de = serde_json::Deserializer::from_slice(json);
            let envelope =
                de::Deserializer::deserialize_map(&mut de, EnvelopeVisitor::<Raw>(PhantomData))?;
            de.end().map(|()| envelope)
        })?;
        Ok(RawEvent {
            envelope,
            input: json,
        })
    }

    /// The CloudEvents `type`.
    pub fn event_type(&self) -> &str {
        &self.envelope.event_type
    }

    /// Finishes decoding as version `D`, whose `type` the caller has matched.
    pub fn finish<D: EventData>(self) -> Result<CloudEvent<D>, DecodeError> {
        let input = self.input;
        self.envelope
            .finish(Violation::into_error, |subject, data| {
                let subject: D::Subject = decode_part(input, "/subject", subject)?;
                let data: D = decode_part(input, "/data", data)?;
                Ok((subject, data))
            })
    }
}

/// Decodes `subject` or `data` of an event whose version is now known.
fn decode_part<T: for<'a> serde::Deserialize<'a>>(
    input: &[u8],
    pointer: &str,
    raw: &RawValue,
) -> Result<T, DecodeError> {
    // A part read raw sits inside the event's object: one level down.
    error::scoped(|| crate::nesting::within_levels(1, || serde_json::from_str(raw.get()))).map_err(
        |e| {
            let (line, column) = position_of(input, raw.get());
            e.prefixed(pointer).shifted(line, column)
        },
    )
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
pub(crate) struct Violation {
    /// The attribute.
    attribute: &'static str,
    /// The rule it broke.
    rule: Rule,
    /// The sentence that explains it.
    message: String,
}

impl Violation {
    /// A required attribute is missing.
    fn missing(attribute: &'static str) -> Self {
        Violation {
            attribute,
            rule: Rule::Required,
            message: format!("missing required attribute `{attribute}`"),
        }
    }

    fn into_error(self) -> DecodeError {
        DecodeError::new(format!("/{}", self.attribute), self.rule, self.message)
    }

    /// Records the violation in the error channel and returns the serde error to propagate.
    fn raise<E: de::Error>(self) -> E {
        fail_at(self.attribute, self.rule, self.message)
    }
}

fn check_source<D: EventData>(source: &str) -> Result<(), Violation> {
    if source == D::INFO.source {
        return Ok(());
    }
    Err(wrong_source::<D>(source))
}

fn wrong_source<D: EventData>(source: &str) -> Violation {
    Violation {
        attribute: ENVELOPE[SOURCE].name,
        rule: Rule::Const,
        message: format!(
            "`source` must be {:?} for {}, found {:?}",
            D::INFO.source,
            D::INFO.event_type,
            source
        ),
    }
}

/// The message for an empty `type`.
const EMPTY_TYPE: &str = "`type` must not be empty";

fn check_subject<D: EventData>(subject: &D::Subject, data: &D) -> Result<(), Violation> {
    if subject == data.subject() {
        return Ok(());
    }
    Err(Violation {
        attribute: ENVELOPE[SUBJECT].name,
        rule: Rule::Subject,
        message: format!(
            "`subject` must equal {} ({}), found {}",
            D::INFO.subject_pointer,
            data.subject(),
            subject
        ),
    })
}

const SOURCE: usize = super::spec::position(ValueKind::Source);
const SUBJECT: usize = super::spec::position(ValueKind::Subject);

/// How the envelope visitor reads `subject` and `data`.
pub(crate) trait Body<'de> {
    type Subject;
    type Data;
    /// Reads `type` and checks it at once: the outer error is the reader's, the inner one the
    /// message of a `type` this body refuses.
    fn read_type<A: MapAccess<'de>>(map: &mut A)
    -> Result<Result<Cow<'de, str>, String>, A::Error>;
    fn subject<A: MapAccess<'de>>(map: &mut A) -> Result<Self::Subject, A::Error>;
    fn data<A: MapAccess<'de>>(map: &mut A) -> Result<Self::Data, A::Error>;
    /// Reads `source` and checks it at once (errors as for [`Body::read_type`]).
    fn read_source<A: MapAccess<'de>>(
        map: &mut A,
    ) -> Result<Result<Cow<'de, str>, Violation>, A::Error>;
}

/// Reads a known version: `subject` and `data` in place.
pub(crate) struct Typed<D>(PhantomData<D>);

impl<'de, D: EventData> Body<'de> for Typed<D> {
    type Subject = D::Subject;
    type Data = D;
    /// Compares the bytes as read with the version's own `type`: no UTF-8 check, no copy.
    fn read_type<A: MapAccess<'de>>(
        map: &mut A,
    ) -> Result<Result<Cow<'de, str>, String>, A::Error> {
        let v = map.next_value::<Bytes<'de>>()?;
        Ok(if *v.0 == *D::INFO.event_type.as_bytes() {
            Ok(Cow::Borrowed(D::INFO.event_type))
        } else if v.0.is_empty() {
            Err(EMPTY_TYPE.to_owned())
        } else {
            Err(format!(
                "`type` must be {:?}, found {:?}",
                D::INFO.event_type,
                v.text()
            ))
        })
    }
    fn subject<A: MapAccess<'de>>(map: &mut A) -> Result<D::Subject, A::Error> {
        map.next_value()
    }
    fn data<A: MapAccess<'de>>(map: &mut A) -> Result<D, A::Error> {
        map.next_value()
    }
    /// Compares the bytes as read with the version's own `source`, as for `type`.
    fn read_source<A: MapAccess<'de>>(
        map: &mut A,
    ) -> Result<Result<Cow<'de, str>, Violation>, A::Error> {
        let v = map.next_value::<Bytes<'de>>()?;
        Ok(if *v.0 == *D::INFO.source.as_bytes() {
            Ok(Cow::Borrowed(D::INFO.source))
        } else {
            Err(wrong_source::<D>(&v.text()))
        })
    }
}

/// Reads any event: `subject` and `data` as raw JSON.
pub(crate) struct Raw;

impl<'de> Body<'de> for Raw {
    type Subject = &'de RawValue;
    type Data = &'de RawValue;
    fn read_type<A: MapAccess<'de>>(
        map: &mut A,
    ) -> Result<Result<Cow<'de, str>, String>, A::Error> {
        let v = map.next_value::<Text<'de>>()?.0;
        Ok(if v.is_empty() {
            Err(EMPTY_TYPE.to_owned())
        } else {
            Ok(v)
        })
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
    fn read_source<A: MapAccess<'de>>(
        map: &mut A,
    ) -> Result<Result<Cow<'de, str>, Violation>, A::Error> {
        Ok(Ok(map.next_value::<Text<'de>>()?.0))
    }
}

/// The envelope as read, before the version-specific checks.
pub(crate) struct Envelope<'de, B: Body<'de>> {
    event_type: Cow<'de, str>,
    source: Option<Cow<'de, str>>,
    id: Option<Ksuid>,
    time: Option<Timestamp>,
    datacontenttype: Option<JsonContentType>,
    subject: Option<B::Subject>,
    data: Option<B::Data>,
    extensions: Extra,
}

impl<'de, B: Body<'de>> Envelope<'de, B> {
    /// Finishes decoding as version `D`: every required attribute present (the first one
    /// missing, in wire order, is reported), `source` fixed by the version, `subject` and
    /// `data` as `body` makes them, and `subject` equal to its payload member. `violated`
    /// turns a broken rule into the caller's error.
    fn finish<D: EventData, E>(
        self,
        violated: impl Fn(Violation) -> E,
        body: impl FnOnce(B::Subject, B::Data) -> Result<(D::Subject, D), E>,
    ) -> Result<CloudEvent<D>, E> {
        let required = |name: &'static str| violated(Violation::missing(name));
        let source = self.source.ok_or_else(|| required("source"))?;
        let id = self.id.ok_or_else(|| required("id"))?;
        let subject = self.subject.ok_or_else(|| required("subject"))?;
        let time = self.time.ok_or_else(|| required("time"))?;
        let data = self.data.ok_or_else(|| required("data"))?;
        check_source::<D>(&source).map_err(&violated)?;
        let (subject, data) = body(subject, data)?;
        check_subject(&subject, &data).map_err(&violated)?;
        Ok(CloudEvent {
            id,
            subject,
            time,
            datacontenttype: self.datacontenttype,
            data,
            extensions: self.extensions,
        })
    }
}

struct EnvelopeVisitor<B>(PhantomData<B>);

impl<'de, B: Body<'de>> de::Visitor<'de> for EnvelopeVisitor<B> {
    type Value = Envelope<'de, B>;

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
            let Some(index) = attribute_index(&key) else {
                let key = crate::de::member_name(&key)?;
                let value: Box<RawValue> = within_owned(key, map.next_value())?;
                check_extension(key, &value)?;
                if recorder.has_extra(key) {
                    return Err(error::fail_at_owned(
                        key,
                        Rule::Duplicate,
                        format!("attribute `{key}` appears twice"),
                    ));
                }
                recorder.extra(key, value)?;
                continue;
            };
            let name = ENVELOPE[index].name;
            if !recorder.known(index as u8) {
                return Err(fail_at(
                    name,
                    Rule::Duplicate,
                    format!("attribute `{name}` appears twice"),
                ));
            }
            match ENVELOPE[index].value {
                ValueKind::SpecVersion => {
                    let v = within(name, map.next_value::<Bytes<'de>>())?;
                    if *v.0 != *SPECVERSION.as_bytes() {
                        return Err(fail_at(
                            name,
                            Rule::Const,
                            format!("`specversion` must be \"1.0\", found {:?}", v.text()),
                        ));
                    }
                    specversion = true;
                }
                ValueKind::EventType => {
                    let checked = within(name, B::read_type(&mut map))?;
                    event_type = Some(checked.map_err(|m| fail_at(name, Rule::Const, m))?);
                }
                ValueKind::Ksuid => id = Some(within(name, map.next_value::<Ksuid>())?),
                ValueKind::Source => {
                    let checked = within(name, B::read_source(&mut map))?;
                    source = Some(checked.map_err(Violation::raise)?);
                }
                ValueKind::Subject => subject = Some(within(name, B::subject(&mut map))?),
                ValueKind::DateTime => time = Some(within(name, map.next_value::<Timestamp>())?),
                ValueKind::ContentType => {
                    let v = within(name, map.next_value::<Bytes<'de>>())?;
                    if *v.0 != *JsonContentType::MEDIA_TYPE.as_bytes() {
                        return Err(fail_at(
                            name,
                            Rule::Const,
                            format!(
                                "`datacontenttype` must be \"application/json\", found {:?}",
                                v.text()
                            ),
                        ));
                    }
                    datacontenttype = Some(JsonContentType);
                }
                ValueKind::Data => data = Some(within(name, B::data(&mut map))?),
            }
        }
        if !specversion {
            return Err(Violation::missing("specversion").raise());
        }
        Ok(Envelope {
            event_type: event_type.ok_or_else(|| Violation::missing("type").raise())?,
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

/// Checks an extension attribute against [`EXTENSIONS`]: its name, and a string, integer or
/// boolean value.
fn check_extension<E: de::Error>(name: &str, value: &RawValue) -> Result<(), E> {
    if name == EXTENSIONS.refused {
        return Err(error::fail_at_owned(
            name,
            Rule::DataBase64,
            "`data_base64` is not allowed: these events carry their payload as JSON in `data`",
        ));
    }
    if !EXTENSIONS.allows_name(name) {
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
