//! `proptest` strategies for valid events, built from each version's shape (the model the
//! schemas and docs are rendered from): a family added to the catalog has them by itself.
//!
//! Every strategy first writes the event's JSON text, members in wire order, and then decodes
//! it, so that a value is exactly what a receiver would get from that text: it re-encodes to
//! the same bytes, and shrinking shrinks the text's parts (shorter strings, fewer optional
//! members, fewer array items).

use proptest::prelude::*;

use super::{KSUID_EPOCH, envelope, guid, ksuid, quoted, timestamp};
use crate::describe::{ScalarShape, Shape, StructShape};
use crate::{AnyEvent, CloudEvent, EventData, VersionInfo};

/// The JSON text of a valid event of the version `info`: a KSUID `id`, a `time`, the
/// `subject` taken from the payload member it must equal, and a payload generated from the
/// version's declared shape.
pub fn event_json(info: &'static VersionInfo) -> BoxedStrategy<String> {
    let id = (
        KSUID_EPOCH..KSUID_EPOCH + u64::from(u32::MAX),
        any::<[u8; 16]>(),
    )
        .prop_map(|(secs, payload)| ksuid(secs, payload));
    (id, date_time(), value((info.data)()))
        .prop_map(move |(id, time, data)| envelope(info, &id, &time, &data))
        .boxed()
}

/// A valid event of the version whose payload is `D`, decoded from its JSON text.
pub fn event<D: EventData>() -> BoxedStrategy<CloudEvent<D>> {
    event_json(D::INFO)
        .prop_map(|json| {
            CloudEvent::<D>::from_slice(json.as_bytes())
                .unwrap_or_else(|e| panic!("a generated {} is invalid: {e}", D::INFO.event_type))
        })
        .boxed()
}

/// The JSON text of a valid event of any version of any family.
pub fn any_event_json() -> BoxedStrategy<String> {
    let versions: Vec<_> = crate::versions().into_iter().map(event_json).collect();
    proptest::strategy::Union::new(versions).boxed()
}

/// A valid event of any version of any family, decoded from its JSON text.
pub fn any_event() -> BoxedStrategy<AnyEvent> {
    any_event_json()
        .prop_map(|json| {
            AnyEvent::from_slice(json.as_bytes())
                .unwrap_or_else(|e| panic!("a generated event is invalid: {e}"))
        })
        .boxed()
}

/// JSON text of a value of `shape`.
pub fn value(shape: Shape) -> BoxedStrategy<String> {
    match shape {
        Shape::Scalar(scalar) => scalar_value(scalar),
        Shape::Struct(s) => object(s),
        Shape::Enum(e) => {
            let known: Vec<String> = e.variants.iter().map(|v| quoted(v.name)).collect();
            let known = proptest::sample::select(known);
            if e.open {
                prop_oneof![3 => known, 1 => "[a-z][a-zA-Z]{0,15}".prop_map(|s| quoted(&s))].boxed()
            } else {
                known.boxed()
            }
        }
        Shape::Array(items) => proptest::collection::vec(value(items()), 0..4)
            .prop_map(|items| format!("[{}]", items.join(",")))
            .boxed(),
    }
}

/// An object with every required member and some optional ones, in declaration (wire) order.
fn object(s: &'static StructShape) -> BoxedStrategy<String> {
    let members: Vec<BoxedStrategy<Option<String>>> = s
        .fields
        .iter()
        .map(|field| {
            let name = quoted(field.name);
            let member = value((field.shape)()).prop_map(move |v| format!("{name}:{v}"));
            if field.required {
                member.prop_map(Some).boxed()
            } else {
                proptest::option::of(member).boxed()
            }
        })
        .collect();
    members
        .prop_map(|members| {
            let members: Vec<String> = members.into_iter().flatten().collect();
            format!("{{{}}}", members.join(","))
        })
        .boxed()
}

/// JSON text of a scalar, by the declared type.
fn scalar_value(scalar: &'static ScalarShape) -> BoxedStrategy<String> {
    match scalar.name {
        "Guid" => (any::<[u8; 16]>(), any::<bool>())
            .prop_map(|(bytes, upper)| quoted(&guid(bytes, upper)))
            .boxed(),
        "Ksuid" => (any::<u64>(), any::<[u8; 16]>())
            .prop_map(|(secs, payload)| quoted(&ksuid(secs, payload)))
            .boxed(),
        "Timestamp" => date_time().prop_map(|t| quoted(&t)).boxed(),
        "bool" => any::<bool>().prop_map(|b| b.to_string()).boxed(),
        "i64" => any::<i64>().prop_map(|n| n.to_string()).boxed(),
        "u64" => any::<u64>().prop_map(|n| n.to_string()).boxed(),
        _ => match scalar.pattern {
            // A declared pattern is a regular expression anchored at both ends.
            Some(pattern) => proptest::string::string_regex(
                pattern.trim_start_matches('^').trim_end_matches('$'),
            )
            .map(|s| s.prop_map(|s| quoted(&s)).boxed())
            .unwrap_or_else(|_| any::<String>().prop_map(|s| quoted(&s)).boxed()),
            None => any::<String>().prop_map(|s| quoted(&s)).boxed(),
        },
    }
}

/// A UTC date-time from 1970 to 2099 with 0 to 9 fractional digits.
fn date_time() -> impl Strategy<Value = String> {
    (0i64..4_102_444_800, 0u32..1_000_000_000, 0u32..=9)
        .prop_map(|(secs, nanos, digits)| timestamp(secs, nanos, digits))
}
