//! Typed, validated VCC webhook events.
//!
//! The platform sends webhook notifications as CloudEvents 1.0 JSON (structured mode). This
//! crate knows every published event type and version, declared once per family with the
//! [`family`] macro; each version is a module of plain Rust types (e.g.
//! [`channel_parked::v0`]) whose serde impls produce exactly the documented wire format.
//!
//! # Decoding a webhook body of a known type
//!
//! ```
//! use vcc_events::channel_parked;
//!
//! let body = include_bytes!("../events/channel.parked.v0.json");
//! let event = channel_parked::v0::Event::from_slice(body)?;
//! assert_eq!(event.data.channel.party.role, vcc_events::channel::Role::Agent);
//! assert_eq!(event.subject, event.data.channel.channel_id);
//! // Encoding gives back the same JSON, member order and `time` digits included.
//! assert!(event.to_json().starts_with(r#"{"specversion":"1.0","type":"channel.parked.v0","id":"#));
//! assert!(event.to_json().contains(r#""time":"2022-08-30T14:34:36.6134321Z""#));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Decoding any known event
//!
//! ```
//! use vcc_events::{AnyEvent, Rule};
//!
//! let body = include_bytes!("../events/channel.parked.v0.json");
//! match AnyEvent::from_slice(body)? {
//!     AnyEvent::ChannelParked(parked) => assert_eq!(parked.event_type(), "channel.parked.v0"),
//!     other => panic!("not a parked channel: {}", other.event_type()),
//! }
//!
//! let unknown = br#"{"specversion":"1.0","type":"channel.teleported.v0"}"#;
//! let error = AnyEvent::from_slice(unknown).unwrap_err();
//! assert_eq!(error.rule(), Rule::UnknownFamily);
//! assert_eq!(error.pointer(), "/type");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Every error names the member (a JSON pointer) and the rule that failed; see [`DecodeError`].
//!
//! # What is checked
//!
//! `specversion` is `"1.0"`; `type` names the version; `id` is a KSUID; `source` is the
//! family's (`/channel` or `/agent`); `subject` is of the kind its family declares (a channel's
//! GUID, an agent's numeric id) and equals the payload member it is derived from
//! (`data.channel.channelId`, `data.user.agentId`); every GUID is 8-4-4-4-12 hexadecimal
//! digits (either case, no RFC 4122 variant demanded); `time` and `data.timestamp` are RFC 3339
//! UTC date-times; closed enums (such as `role`) hold an allowed value, while open sets (such
//! as `reason`, [`Open`]) take any string and keep it. Members a version does not declare are
//! accepted and kept, and so are CloudEvents extension attributes (names of 1 to 20 characters
//! `a-z0-9`; string, integer or boolean values). `data_base64` and non-object `data` are
//! refused. Arrays and objects nest at most 127 deep, the event's own object included, as
//! `serde_json` reads by default: a member nested deeper is refused with [`Rule::Depth`] at
//! the first container past the limit (see [`vcc_events_runtime::nesting`]).
//!
//! In the channel events, `data.channel.party.agentId` and `data.channel.party.userId` are
//! optional: the platform documents `agentId` for agent and monitor roles only, and parties
//! such as an external caller or voicemail need not have a user.
//!
//! # Feature `cloudevents`
//!
//! Converts any event to the CloudEvents SDK's `cloudevents::Event` (crate `cloudevents-sdk`)
//! and back, for code built on the SDK's bindings: `From<AnyEvent>` and
//! `TryFrom<cloudevents::Event>` (also for each version's `CloudEvent<D>`). The way back is
//! checked exactly like a webhook body. See the module `cloudevents` for what is kept byte for
//! byte and what the SDK normalises (the digits of `time`, extension value types).
//!
//! # Feature `schemars`
//!
//! Implements `schemars::JsonSchema` (schemars 1.x) for every version's `Data`, every payload
//! type and `CloudEvent<Data>`, so that services describing their APIs with schemars can embed
//! the events. The schemas come from the same declarations as the published ones: the schema
//! of `CloudEvent<Data>` judges every event as `schemas/<type>.json` does.
//!
//! ```ignore
//! let schema = schemars::schema_for!(vcc_events::CloudEvent<vcc_events::channel_parked::v0::Data>);
//! ```
//!
//! # Feature `testing`
//!
//! `proptest` strategies for every event version and for any event (module `testing`),
//! derived from the declarations: every value is valid, decodes from its own JSON text and
//! re-encodes to the same bytes. See `docs/testing.md`.

#![warn(missing_docs)]

#[cfg(feature = "cloudevents")]
pub mod cloudevents;
mod families;
#[cfg(feature = "testing")]
pub mod testing;

pub use families::*;
pub use vcc_events_macros::{family, shapes};
pub use vcc_events_runtime::{
    BuildError, Catalog, CloudEvent, DecodeError, EventData, Extra, Family, Guid, Ksuid, NumericId,
    Open, Problem, Rule, Stability, Timestamp, Transition, Undocumented, Upgrade, UpgradeError,
    VersionInfo, describe,
};

vcc_events_runtime::catalog! {
    /// Any event this catalog knows, at any version; decodes by the CloudEvents `type`.
    pub enum AnyEvent {
        /// `channel.alerted`.
        ChannelAlerted(channel_alerted::ChannelAlerted),
        /// `channel.connected`.
        ChannelConnected(channel_connected::ChannelConnected),
        /// `channel.connectionfailed`.
        ChannelConnectionfailed(channel_connectionfailed::ChannelConnectionfailed),
        /// `channel.held`.
        ChannelHeld(channel_held::ChannelHeld),
        /// `channel.retrieved`.
        ChannelRetrieved(channel_retrieved::ChannelRetrieved),
        /// `channel.parked`.
        ChannelParked(channel_parked::ChannelParked),
        /// `channel.unparked`.
        ChannelUnparked(channel_unparked::ChannelUnparked),
        /// `channel.resumed`.
        ChannelResumed(channel_resumed::ChannelResumed),
        /// `channel.wrapstarted`.
        ChannelWrapstarted(channel_wrapstarted::ChannelWrapstarted),
        /// `channel.ended`.
        ChannelEnded(channel_ended::ChannelEnded),
        /// `agent.presencechanged`.
        AgentPresencechanged(agent_presencechanged::AgentPresencechanged),
    }
}

/// Every version of every family this catalog knows, families in declaration order, versions
/// oldest first.
pub fn versions() -> Vec<&'static VersionInfo> {
    <AnyEvent as Catalog>::versions()
}

/// Event families the platform names on its pages but does not document: known, so that the
/// catalog's pages list them, and not declared (their shape is unknown), so that decoding one
/// gives the unknown-type error ([`Rule::UnknownFamily`]) rather than a guess.
pub const UNDOCUMENTED: &[Undocumented] = &[
    Undocumented {
        family: "channel.interrupted",
        source: "/channel",
        note: "Implied by `channel.resumed`: a channel set aside by more urgent work. No page documents it.",
        transition: Some(Transition {
            from: &["Connected"],
            to: "Interrupted",
        }),
    },
    Undocumented {
        family: "channel.disconnected",
        source: "/channel",
        note: "Named at v0 and v1 by other pages: a channel leaving the conversation, at the same moment an agent's channel starts wrap-up. No page documents its payload.",
        transition: Some(Transition {
            from: &["Connected"],
            to: "Disconnected",
        }),
    },
];
