//! Conversions between [`CloudEvent`] and the CloudEvents SDK's [`::cloudevents::Event`]
//! (crate `cloudevents-sdk`), behind the feature `cloudevents`.
//!
//! - `From<&CloudEvent<D>>` / `From<CloudEvent<D>>` for `cloudevents::Event` keep every
//!   attribute, every extension attribute and the data. Infallible.
//! - `TryFrom<&cloudevents::Event>` / `TryFrom<cloudevents::Event>` for `CloudEvent<D>`
//!   write the SDK event as structured-mode JSON and decode that with
//!   [`CloudEvent::from_slice`], so an SDK event is checked by exactly the rules (and fails with
//!   exactly the pointers) of a webhook body.
//! - [`to_sdk`] and [`from_sdk`] do the same for the enum of a whole catalog (any family, any
//!   version, chosen by `type`), which the catalog crate uses for its `AnyEvent`.
//!
//! The SDK holds `time` as a chrono instant and extension values as its own string, integer
//! or boolean type: what comes back is described in the catalog crate's `cloudevents` module.

use ::cloudevents::event::{Data, EventBuilder, EventBuilderV10, ExtensionValue, TryIntoUrl};
use ::cloudevents::{AttributesReader, AttributesWriter};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

use crate::describe::Shape;
use crate::envelope::ATTRIBUTES;
use crate::{Catalog, CloudEvent, DecodeError, EventData, Rule, VersionInfo};

impl<D: EventData> From<&CloudEvent<D>> for ::cloudevents::Event {
    fn from(event: &CloudEvent<D>) -> Self {
        sdk_event(event)
    }
}

impl<D: EventData> From<CloudEvent<D>> for ::cloudevents::Event {
    fn from(event: CloudEvent<D>) -> Self {
        sdk_event(&event)
    }
}

impl<D: EventData> TryFrom<&::cloudevents::Event> for CloudEvent<D> {
    type Error = DecodeError;

    /// Decodes the SDK event's structured JSON as this version, with the checks of
    /// [`CloudEvent::from_slice`].
    fn try_from(event: &::cloudevents::Event) -> Result<Self, DecodeError> {
        CloudEvent::from_slice(&structured_json(event, Some(D::INFO))?)
    }
}

impl<D: EventData> TryFrom<::cloudevents::Event> for CloudEvent<D> {
    type Error = DecodeError;

    /// Decodes the SDK event's structured JSON as this version, with the checks of
    /// [`CloudEvent::from_slice`].
    fn try_from(event: ::cloudevents::Event) -> Result<Self, DecodeError> {
        CloudEvent::try_from(&event)
    }
}

/// Converts an event of catalog `C` (any family, any version) to an SDK event, keeping every
/// attribute, every extension attribute and the data.
pub fn to_sdk<C: Catalog + Serialize>(event: &C) -> ::cloudevents::Event {
    sdk_event(event)
}

/// Converts an SDK event to an event of catalog `C`: its structured JSON is decoded with
/// [`decode`](crate::decode), so every rule and every error pointer are those of a webhook body.
pub fn from_sdk<C: Catalog>(event: &::cloudevents::Event) -> Result<C, DecodeError> {
    let versions = C::versions();
    let info = versions.into_iter().find(|v| v.event_type == event.ty());
    crate::decode(&structured_json(event, info)?)
}

/// Builds the SDK event from the structured JSON of a valid event (a `CloudEvent<D>`, or a
/// family or catalog enum around one).
fn sdk_event(event: &impl Serialize) -> ::cloudevents::Event {
    // Serializing these types cannot fail: every map key is a string.
    let mut members = match serde_json::to_value(event) {
        Ok(Value::Object(members)) => members,
        _ => Map::new(),
    };
    let mut builder = EventBuilderV10::new();
    if let Some(id) = take_string(&mut members, "id") {
        builder = builder.id(id);
    }
    if let Some(event_type) = take_string(&mut members, "type") {
        builder = builder.ty(event_type);
    }
    if let Some(source) = take_string(&mut members, "source") {
        builder = builder.source(source);
    }
    if let Some(subject) = take_string(&mut members, "subject") {
        builder = builder.subject(subject);
    }
    if let Some(time) = take_string(&mut members, "time") {
        builder = builder.time(time);
    }
    members.remove("specversion");
    let content_type = take_string(&mut members, "datacontenttype");
    let data = members.remove("data");
    let mut dataschema = None;
    for (name, value) in members {
        // The catalog keeps `dataschema` as an extension attribute; the SDK has a slot for it.
        if name == "dataschema"
            && let Value::String(url) = &value
            && let Ok(url) = url.as_str().into_url()
        {
            dataschema = Some(url);
            continue;
        }
        builder = builder.extension(&name, extension_value(value));
    }
    // `id`, `type` and `source` are set (non-empty) and `time` is an RFC 3339 date-time.
    let mut sdk = builder
        .build()
        .expect("a decoded or built event has every attribute the SDK requires");
    if let Some(data) = data {
        match content_type {
            Some(content_type) => sdk.set_data(content_type, data),
            None => (None, sdk.set_data_unchecked(data)),
        };
    }
    if dataschema.is_some() {
        sdk.set_dataschema(dataschema);
    }
    sdk
}

fn take_string(members: &mut Map<String, Value>, name: &str) -> Option<String> {
    match members.remove(name)? {
        Value::String(s) => Some(s),
        other => Some(other.to_string()),
    }
}

/// An extension value (a string, an integer or a boolean: the decoder refuses anything else)
/// as the SDK holds it. An integer written as `1.0` or `1e2` becomes `1` or `100`; one beyond
/// `i64` becomes a string of its JSON text.
fn extension_value(value: Value) -> ExtensionValue {
    match value {
        Value::String(s) => ExtensionValue::String(s),
        Value::Bool(b) => ExtensionValue::Boolean(b),
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => ExtensionValue::Integer(i),
            (None, Some(f))
                if f.fract() == 0.0 && (-(2f64.powi(63))..2f64.powi(63)).contains(&f) =>
            {
                ExtensionValue::Integer(f as i64)
            }
            _ => ExtensionValue::String(n.to_string()),
        },
        other => ExtensionValue::String(other.to_string()),
    }
}

/// The SDK event as structured-mode JSON, in the member order the catalog writes.
///
/// Starts from the SDK's own JSON form of the event, then:
/// - `data` held as text or bytes under a JSON content type (or none, which CloudEvents reads
///   as JSON) is written as the JSON value it holds, as the JSON event format asks (the SDK's
///   HTTP binding gives bytes for a binary-mode body); text or bytes that are not JSON stay as
///   the SDK writes them (`data` as a string, `data_base64`), which the decoder refuses;
/// - `time` is written with the shortest fraction that keeps the instant (chrono pads it to 3,
///   6 or 9 digits);
/// - members come in the catalog's order: `specversion`, `type`, `id`, `source`, `subject`,
///   `time`, `datacontenttype`, `data` (its objects' members in declaration order when the
///   version is known), then every other member by name.
fn structured_json(
    event: &::cloudevents::Event,
    info: Option<&'static VersionInfo>,
) -> Result<Vec<u8>, DecodeError> {
    let not_json = |e: serde_json::Error| {
        DecodeError::new(
            "",
            Rule::Syntax,
            format!("the SDK event has no JSON form: {e}"),
        )
    };
    let mut members = match serde_json::to_value(event).map_err(not_json)? {
        Value::Object(members) => members,
        _ => Map::new(),
    };
    if event.datacontenttype().is_none_or(|ct| {
        ct.starts_with("application/json") || ct.starts_with("text/json") || ct.ends_with("+json")
    }) {
        let parsed = match event.data() {
            Some(Data::String(text)) => serde_json::from_str::<Value>(text).ok(),
            Some(Data::Binary(bytes)) => serde_json::from_slice::<Value>(bytes).ok(),
            _ => None,
        };
        if let Some(data) = parsed {
            members.remove("data_base64");
            members.insert("data".to_owned(), data);
        }
    }
    if let Some(Value::String(time)) = members.get_mut("time") {
        *time = shortest_fraction(time);
    }
    serde_json::to_vec(&Ordered {
        members: &members,
        data: info.map(|info| (info.data)()),
    })
    .map_err(not_json)
}

/// A date-time with the trailing zeros of its fraction dropped (and the `.` if none remain).
fn shortest_fraction(time: &str) -> String {
    let Some((whole, fraction)) = time.strip_suffix('Z').and_then(|t| t.split_once('.')) else {
        return time.to_owned();
    };
    match fraction.trim_end_matches('0') {
        "" => format!("{whole}Z"),
        fraction => format!("{whole}.{fraction}Z"),
    }
}

/// An event's members in the catalog's order.
struct Ordered<'a> {
    members: &'a Map<String, Value>,
    data: Option<Shape>,
}

impl Serialize for Ordered<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.members.len()))?;
        for name in ATTRIBUTES {
            match self.members.get(name) {
                Some(data) if name == "data" => {
                    map.serialize_entry(name, &Shaped(data, self.data))?
                }
                Some(value) => map.serialize_entry(name, value)?,
                None => {}
            }
        }
        let mut rest: Vec<(&String, &Value)> = self
            .members
            .iter()
            .filter(|(name, _)| !ATTRIBUTES.contains(&name.as_str()))
            .collect();
        rest.sort_by_key(|(name, _)| *name);
        for (name, value) in rest {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

/// A JSON value whose objects write their declared members first, in declaration order.
struct Shaped<'a>(&'a Value, Option<Shape>);

impl Serialize for Shaped<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match (self.0, self.1) {
            (Value::Object(members), Some(Shape::Struct(shape))) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for field in shape.fields {
                    if let Some(value) = members.get(field.name) {
                        map.serialize_entry(field.name, &Shaped(value, Some((field.shape)())))?;
                    }
                }
                for (name, value) in members {
                    if !shape.fields.iter().any(|f| f.name == name) {
                        map.serialize_entry(name, value)?;
                    }
                }
                map.end()
            }
            (Value::Array(items), Some(Shape::Array(item))) => {
                let item = item();
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for value in items {
                    seq.serialize_element(&Shaped(value, Some(item)))?;
                }
                seq.end()
            }
            (value, _) => value.serialize(serializer),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortest_fraction_drops_trailing_zeros() {
        assert_eq!(
            shortest_fraction("2022-08-30T14:34:36.613432100Z"),
            "2022-08-30T14:34:36.6134321Z"
        );
        assert_eq!(
            shortest_fraction("2022-08-30T14:34:36.100Z"),
            "2022-08-30T14:34:36.1Z"
        );
        assert_eq!(
            shortest_fraction("2022-08-30T14:34:36.000Z"),
            "2022-08-30T14:34:36Z"
        );
        assert_eq!(
            shortest_fraction("2022-08-30T14:34:36Z"),
            "2022-08-30T14:34:36Z"
        );
        assert_eq!(
            shortest_fraction("+10000-01-01T00:00:00Z"),
            "+10000-01-01T00:00:00Z"
        );
    }

    #[test]
    fn extension_values_as_the_sdk_holds_them() {
        let v = |s: &str| extension_value(serde_json::from_str(s).unwrap());
        assert_eq!(v("\"x\""), ExtensionValue::String("x".into()));
        assert_eq!(v("true"), ExtensionValue::Boolean(true));
        assert_eq!(v("-7"), ExtensionValue::Integer(-7));
        assert_eq!(v("1.0"), ExtensionValue::Integer(1));
        assert_eq!(v("1e2"), ExtensionValue::Integer(100));
        assert_eq!(v("9223372036854775807"), ExtensionValue::Integer(i64::MAX));
        assert_eq!(
            v("18446744073709551615"),
            ExtensionValue::String("18446744073709551615".into())
        );
    }

    #[test]
    fn every_valid_time_is_an_sdk_time() {
        for time in [
            "2022-08-30T14:34:36.6134321Z",
            "2016-12-31T23:59:60Z",
            "2016-12-31T23:59:60.5Z",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999Z",
            "2024-02-29T00:00:00.1Z",
        ] {
            let sdk = EventBuilderV10::new()
                .id("x")
                .ty("t")
                .source("/s")
                .time(time)
                .build();
            let sdk = sdk.unwrap_or_else(|e| panic!("{time}: {e}"));
            let written = serde_json::to_value(sdk.time()).unwrap();
            assert_eq!(shortest_fraction(written.as_str().unwrap()), time);
        }
    }
}
