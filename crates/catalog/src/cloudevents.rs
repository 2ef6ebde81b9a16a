//! Interop with the CloudEvents SDK (crate `cloudevents-sdk`, library `cloudevents`): converting
//! any event of this catalog to [`cloudevents::Event`](sdk::Event) and back. Feature
//! `cloudevents`.
//!
//! | from | to | how |
//! | --- | --- | --- |
//! | [`AnyEvent`] (or `&AnyEvent`) | `cloudevents::Event` | `From`, infallible |
//! | `cloudevents::Event` (or `&Event`) | [`AnyEvent`] | `TryFrom`, [`DecodeError`] |
//! | [`CloudEvent<D>`](crate::CloudEvent) of one version (or `&CloudEvent<D>`) | `cloudevents::Event` | `From`, infallible |
//! | `cloudevents::Event` (or `&Event`) | [`CloudEvent<D>`](crate::CloudEvent) | `TryFrom`, [`DecodeError`] |
//!
//! A family enum (e.g. [`ChannelParked`](crate::channel_parked::ChannelParked)) converts
//! through [`AnyEvent`] or through the version it holds.
//!
//! ```
//! use vcc_events::cloudevents::sdk::{AttributesReader, Event};
//! use vcc_events::{AnyEvent, Rule};
//!
//! let body = include_bytes!("../events/channel.parked.v0.json");
//! let event = AnyEvent::from_slice(body)?;
//! let sdk = Event::from(&event);
//! assert_eq!(sdk.ty(), "channel.parked.v0");
//!
//! // Back: checked exactly like a webhook body.
//! assert_eq!(AnyEvent::try_from(&sdk)?, event);
//! let mut wrong = sdk.clone();
//! wrong.set_extension("Trace_Id", "x");
//! let error = AnyEvent::try_from(wrong).unwrap_err();
//! assert_eq!((error.pointer(), error.rule()), ("/Trace_Id", Rule::ExtensionName));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # To the SDK
//!
//! Every attribute (`id`, `type`, `source`, `subject`, `time`, `datacontenttype` when the event
//! states it), every extension attribute and the data are kept:
//!
//! - `data` becomes `Data::Json` (a `serde_json::Value`), members the version does not declare
//!   included. Without serde_json's `preserve_order` feature a `Value` keeps object members
//!   sorted by name; the way back puts them in declaration order again.
//! - `time` becomes a chrono `DateTime<Utc>`: the same instant (leap seconds included), no
//!   longer its text.
//! - Extension values become `ExtensionValue::String`, `Integer` or `Boolean`. An integer
//!   written as `1.0` or `1e2` becomes `1` or `100`; one beyond `i64` becomes a string of its
//!   JSON text (CloudEvents integers are 32-bit: a conforming producer sends none).
//! - An extension attribute `dataschema` holding an absolute URL becomes the SDK's `dataschema`
//!   attribute (the catalog keeps it with the extensions); the `url` crate may normalise it
//!   (`https://example.com` becomes `https://example.com/`).
//!
//! # From the SDK
//!
//! The SDK event is written as structured-mode JSON and decoded with
//! [`AnyEvent::from_slice`] (or [`CloudEvent::from_slice`](crate::CloudEvent::from_slice)):
//! every rule is checked and every error names the same JSON pointer and [`Rule`](crate::Rule)
//! as for a webhook body carrying that event (`/time`, `/data/channel/party/role`, `/traceparent`,
//! ...). The JSON is the SDK's own JSON form of the event, except that:
//!
//! - `data` held as text or bytes (`Data::String`, `Data::Binary`: what the SDK's HTTP binding
//!   gives for a binary-mode body) under a JSON `datacontenttype`, or none, is written as the
//!   JSON value it holds, as the CloudEvents JSON format asks. Text or bytes that are not JSON
//!   stay a string or become `data_base64`, which the decoder refuses;
//! - `time` is written with the shortest fraction that keeps the instant: chrono pads the
//!   fraction to 3, 6 or 9 digits (`.613432100Z`), this gives back the platform's 7 digits
//!   (`.6134321Z`). A fraction sent with trailing zeros (`.610Z`) comes back without them
//!   (`.61Z`);
//! - members are written in the catalog's order: `specversion`, `type`, `id`, `source`,
//!   `subject`, `time`, `datacontenttype`, `data` (its objects' members in declaration order,
//!   undeclared ones after them), then the extension attributes sorted by name (the SDK keeps
//!   them in a `HashMap`).
//!
//! # What a round trip gives back
//!
//! An event decoded from the platform's JSON, converted to the SDK and back, is equal to the
//! original and encodes to the same bytes ([`AnyEvent::to_json`]) when its members came in the
//! catalog's order with the extension attributes last, sorted by name, and its `time` has no
//! trailing zeros in the fraction. Otherwise it differs only in member order, in those zeros,
//! and in the normalisations above: a string extension value written with escapes that are not
//! needed (`"\u0041"`) comes back as serde_json writes it (`"A"`), and an undeclared member of
//! `data` passes through a `serde_json::Value` (an integer beyond 64 bits becomes a float).
//! `data.timestamp` and every other declared payload member are text and come back byte for
//! byte.

use crate::{AnyEvent, DecodeError};

/// The CloudEvents SDK (`cloudevents-sdk`) these conversions use, re-exported so that its
/// version always matches.
pub use ::cloudevents as sdk;

impl From<&AnyEvent> for sdk::Event {
    fn from(event: &AnyEvent) -> Self {
        vcc_events_runtime::cloudevents::to_sdk(event)
    }
}

impl From<AnyEvent> for sdk::Event {
    fn from(event: AnyEvent) -> Self {
        vcc_events_runtime::cloudevents::to_sdk(&event)
    }
}

impl TryFrom<&sdk::Event> for AnyEvent {
    type Error = DecodeError;

    /// Decodes the SDK event's structured JSON with [`AnyEvent::from_slice`].
    fn try_from(event: &sdk::Event) -> Result<Self, DecodeError> {
        vcc_events_runtime::cloudevents::from_sdk(event)
    }
}

impl TryFrom<sdk::Event> for AnyEvent {
    type Error = DecodeError;

    /// Decodes the SDK event's structured JSON with [`AnyEvent::from_slice`].
    fn try_from(event: sdk::Event) -> Result<Self, DecodeError> {
        vcc_events_runtime::cloudevents::from_sdk(&event)
    }
}
