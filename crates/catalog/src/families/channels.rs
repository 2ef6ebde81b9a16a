//! The `channel.*` families: what happens to a channel, phase by phase, from alerting to its end.
//!
//! Where the facts come from: `channel.parked.v0` is declared word for word from the platform's
//! page for it. The others are described in this catalog's own words from the facts their pages
//! give: the payload of their documented examples (`crates/catalog/events/`), byte for byte, and
//! what each event marks in the channel's lifecycle. The stored v0 pages of `channel.alerted` and
//! `channel.held` stop just before their `time` line; all that can be read of them matches the
//! `channel.parked.v0` page, so their `time` is read as that page's (the moment the notification
//! was sent). Their v1 pages say `time` is the moment the thing happened and carry no beta
//! banner: that is what their `v1` declares (`why`, `meaning(time = ...)`, `stability = stable`).

use vcc_events_macros::{family, shapes};

/// The channel every channel event is about, declared once for every `channel.*` family.
///
/// The member descriptions are the platform's own, from its `channel.parked.v0` page: every
/// channel page shows this same object. One sentence of that page speaks of the parked
/// channel only (`channel_id`, "the connected channel that has been interrupted"): here it is
/// said for every channel, and `channel.parked` gives it back its page's words with
/// `#[describe]`.
#[shapes]
pub mod channel {
    use vcc_events_runtime::{Guid, NumericId};

    /// The channel the event is about: the conversation and interaction it belongs to, its own identifier, and the party on it.
    pub struct Channel {
        /// A unique identifier assigned to a conversation within VCC. The conversation ID is a GUID (Globally Unique Identifier) such as '4f27b3a1-6f02-4006-8b9d-5f6e1c1a8f65.
        pub conversation_id: Guid,
        /// The unique identifier of the interaction that the channel is part of. It is a UUID.
        pub interaction_id: Guid,
        /// The unique identifier of the channel, a GUID.
        pub channel_id: Guid,
        /// This object provides some further information about the party on the channel.
        pub party: Party,
    }

    /// This object provides some further information about the party on the channel.
    pub struct Party {
        /// The role of the party on the channel. Possible values are external, agent, monitor, and voicemail.
        pub role: Role,
        /// The ID for the party if they are an agent or monitor role.
        pub agent_id: Option<NumericId>,
        /// The ID for the user.
        pub user_id: Option<Guid>,
    }

    /// The role of the party on the channel. Possible values are external, agent, monitor, and voicemail.
    pub enum Role {
        /// An external party.
        External,
        /// An agent.
        Agent,
        /// A monitor.
        Monitor,
        /// Voicemail.
        Voicemail,
    }
}

/// Tells that a channel has started alerting: the phase in which a call or other interaction is offered to a party, for example while an agent's phone rings, before anyone answers.
///
/// Every channel begins with this phase. The first channel of an inbound call alerts for no time at all and still gets this event, so every channel's lifecycle starts with one.
///
/// The notification is sent when the alerting phase begins.
#[family(
    name = "channel.alerted",
    source = "/channel",
    subject = channel.channel_id,
    subject_doc = "What the event is about: the channel, given by its channel ID (a GUID).",
    lifecycle(to = "Alerting"),
    versions(
        v0(stability = beta, example = "events/channel.alerted.v0.json"),
        v1(
            stability = stable,
            example = "events/channel.alerted.v1.json",
            why = "Version 1 states what `time` stands for: the moment the channel started alerting, where version 0 said it was the moment the notification was sent. The payload is the same, and the version left the beta program.",
            meaning(time = "An ISO 8601 UTC datetime representing the moment the channel started alerting: when the event happened, not when the notification was sent."),
        ),
    ),
)]
pub mod channel_alerted {
    use super::channel::Channel;
    use vcc_events_runtime::Timestamp;

    /// The event payload.
    pub struct Data {
        /// The moment, in UTC (ISO 8601), at which the channel started alerting. It says when the alerting began, not when this notification was sent.
        pub timestamp: Timestamp,
        /// The channel that started alerting. It is the channel the event is about.
        pub channel: Channel,
    }
}

/// Tells that an alerting channel has been connected: the party answered, and the channel is now live.
///
/// A channel that does not connect ends its alerting phase with `channel.connectionfailed` instead.
///
/// The notification is sent when the connected phase begins.
#[family(
    name = "channel.connected",
    source = "/channel",
    subject = channel.channel_id,
    subject_doc = "What the event is about: the channel, given by its channel ID (a GUID).",
    lifecycle(from = "Alerting", to = "Connected"),
    versions(v0(stability = beta, example = "events/channel.connected.v0.json")),
)]
pub mod channel_connected {
    use super::channel::Channel;
    use vcc_events_runtime::Timestamp;

    /// The event payload.
    pub struct Data {
        /// The moment, in UTC (ISO 8601), at which the channel was connected. It says when the connection happened, not when this notification was sent.
        pub timestamp: Timestamp,
        /// The channel that was connected. It is the channel the event is about.
        pub channel: Channel,
    }
}

/// Tells that an alerting channel could not be connected, for example because the call was released before anyone answered. `reason` says why.
///
/// This ends the alerting phase the way `channel.connected` would have, but without a live channel.
///
/// The notification is sent when the attempt to connect fails.
#[family(
    name = "channel.connectionfailed",
    source = "/channel",
    subject = channel.channel_id,
    subject_doc = "What the event is about: the channel, given by its channel ID (a GUID).",
    lifecycle(from = "Alerting", to = "Failed"),
    versions(v0(stability = beta, example = "events/channel.connectionfailed.v0.json")),
)]
pub mod channel_connectionfailed {
    use super::channel::Channel;
    use vcc_events_runtime::{Open, Timestamp};

    /// The event payload.
    pub struct Data {
        /// The moment, in UTC (ISO 8601), at which the connection attempt failed. It says when the failure happened, not when this notification was sent.
        pub timestamp: Timestamp,
        /// The channel that failed to connect. It is the channel the event is about.
        pub channel: Channel,
        /// Why the channel could not be connected, as a short code such as `released`.
        pub reason: Open<Reason>,
    }

    /// Why it happened. The platform documents only some of the values it sends: any other value is kept as sent.
    pub enum Reason {
        /// The call was released: hung up or ended normally.
        Released,
    }
}

/// Tells that a connected channel has been put on hold: the party stays on the channel but the conversation with them is paused, for example while the agent looks something up.
///
/// Taking the channel off hold gives a `channel.retrieved` event.
///
/// The notification is sent when the held phase begins.
#[family(
    name = "channel.held",
    source = "/channel",
    subject = channel.channel_id,
    subject_doc = "What the event is about: the channel, given by its channel ID (a GUID).",
    lifecycle(from = "Connected", to = "Held"),
    versions(
        v0(stability = beta, example = "events/channel.held.v0.json"),
        v1(
            stability = stable,
            example = "events/channel.held.v1.json",
            why = "Version 1 states what `time` stands for: the moment the channel was put on hold, where version 0 said it was the moment the notification was sent. The payload is the same, and the version left the beta program.",
            meaning(time = "An ISO 8601 UTC datetime representing the moment the channel was put on hold: when the event happened, not when the notification was sent."),
        ),
    ),
)]
pub mod channel_held {
    use super::channel::Channel;
    use vcc_events_runtime::Timestamp;

    /// The event payload.
    pub struct Data {
        /// The moment, in UTC (ISO 8601), at which the channel was put on hold. It says when the hold began, not when this notification was sent.
        pub timestamp: Timestamp,
        /// The channel that was put on hold. It is the channel the event is about.
        pub channel: Channel,
    }
}

/// Tells that a held channel has been taken off hold, so the conversation with the party goes on.
///
/// It closes the held phase that a `channel.held` event opened.
///
/// The notification is sent when the channel leaves the held phase.
#[family(
    name = "channel.retrieved",
    source = "/channel",
    subject = channel.channel_id,
    subject_doc = "What the event is about: the channel, given by its channel ID (a GUID).",
    lifecycle(from = "Held", to = "Connected"),
    versions(v0(stability = beta, example = "events/channel.retrieved.v0.json")),
)]
pub mod channel_retrieved {
    use super::channel::Channel;
    use vcc_events_runtime::Timestamp;

    /// The event payload.
    pub struct Data {
        /// The moment, in UTC (ISO 8601), at which the channel was taken off hold. It says when that happened, not when this notification was sent.
        pub timestamp: Timestamp,
        /// The channel that was taken off hold. It is the channel the event is about.
        pub channel: Channel,
    }
}

/// This type of event indicates that a channel has been parked. This happens when a connected channel is intentionally set aside by the agent and is made inactive for the time being. This can occur if the agent temporarily shifts focus to another task or interaction.
///
/// For example, a channel.parked event will occur for both the agent and customer channels when an agent decides to park a less urgent interaction to focus on a more urgent interaction.
///
/// A notification will be sent at the moment the parked phase of the channel lifecycle begins.
#[family(
    name = "channel.parked",
    source = "/channel",
    subject = channel.channel_id,
    subject_doc = "The subject of the event, which in this case is the channel. The value is the channel ID, which is a GUID.",
    lifecycle(from = "Connected", to = "Parked"),
    versions(v0(stability = beta, example = "events/channel.parked.v0.json")),
)]
pub mod channel_parked {
    use super::channel::Channel;
    use vcc_events_runtime::Timestamp;

    /// The event payload.
    pub struct Data {
        /// An ISO 8601 UTC datetime representing the moment the channel was parked.
        ///
        /// This is not the timestamp of when a notification related to this event was sent.
        pub timestamp: Timestamp,
        /// Provides some further information about the connected channel that was parked.
        #[describe(
            path = "channel_id",
            doc = "The unique identifier of the connected channel that has been interrupted. It is a UUID."
        )]
        pub channel: Channel,
    }
}

/// Tells that a parked channel has been taken back: the agent returns to the interaction that was set aside, and the channel is active again.
///
/// It closes the parked phase that a `channel.parked` event opened.
///
/// The notification is sent when the parked phase ends.
#[family(
    name = "channel.unparked",
    source = "/channel",
    subject = channel.channel_id,
    subject_doc = "What the event is about: the channel, given by its channel ID (a GUID).",
    lifecycle(from = "Parked", to = "Connected"),
    versions(v0(stability = beta, example = "events/channel.unparked.v0.json")),
)]
pub mod channel_unparked {
    use super::channel::Channel;
    use vcc_events_runtime::Timestamp;

    /// The event payload.
    pub struct Data {
        /// The moment, in UTC (ISO 8601), at which the channel was unparked. It says when that happened, not when this notification was sent.
        pub timestamp: Timestamp,
        /// The channel that was taken back from parking. It is the channel the event is about.
        pub channel: Channel,
    }
}

/// Tells that a channel which was interrupted by more urgent work has been resumed, so the agent is back on it.
///
/// The interruption itself is not documented as an event of its own; this event marks its end.
///
/// The notification is sent when the channel becomes active again.
#[family(
    name = "channel.resumed",
    source = "/channel",
    subject = channel.channel_id,
    subject_doc = "What the event is about: the channel, given by its channel ID (a GUID).",
    lifecycle(from = "Interrupted", to = "Connected"),
    versions(v0(stability = beta, example = "events/channel.resumed.v0.json")),
)]
pub mod channel_resumed {
    use super::channel::Channel;
    use vcc_events_runtime::Timestamp;

    /// The event payload.
    pub struct Data {
        /// The moment, in UTC (ISO 8601), at which the channel was resumed. It says when that happened, not when this notification was sent.
        pub timestamp: Timestamp,
        /// The channel that was resumed. It is the channel the event is about.
        pub channel: Channel,
    }
}

/// Tells that an agent's channel has gone into wrap-up: the conversation is over and the agent is finishing the work that follows it, such as notes or a disposition.
///
/// It happens at the same moment the channel is disconnected from the conversation.
///
/// The notification is sent when the wrap-up phase begins.
#[family(
    name = "channel.wrapstarted",
    source = "/channel",
    subject = channel.channel_id,
    subject_doc = "What the event is about: the channel, given by its channel ID (a GUID).",
    lifecycle(from = "Connected", to = "WrapUp"),
    versions(v0(stability = beta, example = "events/channel.wrapstarted.v0.json")),
)]
pub mod channel_wrapstarted {
    use super::channel::Channel;
    use vcc_events_runtime::Timestamp;

    /// The event payload.
    pub struct Data {
        /// The moment, in UTC (ISO 8601), at which wrap-up began. It says when that happened, not when this notification was sent.
        pub timestamp: Timestamp,
        /// The channel that went into wrap-up. It is the channel the event is about.
        pub channel: Channel,
    }
}

/// Tells that a channel's life is over: nothing more will happen on it. `reason` says how it came to an end.
///
/// This is the last event of every channel. The time a channel spent in each phase can be worked out from the timestamps of its consecutive events.
///
/// The notification is sent when the channel ends.
#[family(
    name = "channel.ended",
    source = "/channel",
    subject = channel.channel_id,
    subject_doc = "What the event is about: the channel, given by its channel ID (a GUID).",
    lifecycle(from = ["Failed", "Disconnected", "WrapUp"], to = "Ended"),
    versions(v0(stability = beta, example = "events/channel.ended.v0.json")),
)]
pub mod channel_ended {
    use super::channel::Channel;
    use vcc_events_runtime::{Open, Timestamp};

    /// The event payload.
    pub struct Data {
        /// The moment, in UTC (ISO 8601), at which the channel ended. It says when that happened, not when this notification was sent.
        pub timestamp: Timestamp,
        /// How the channel came to an end, as a short code such as `released`.
        pub reason: Open<Reason>,
        /// The channel that ended. It is the channel the event is about.
        pub channel: Channel,
    }

    /// Why it happened. The platform documents only some of the values it sends: any other value is kept as sent.
    pub enum Reason {
        /// The call was released: hung up or ended normally.
        Released,
    }
}
