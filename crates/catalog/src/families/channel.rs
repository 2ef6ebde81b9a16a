//! The `channel.*` families: what happens to a channel (the seed pages, word for word).

use vcc_events_macros::family;

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
    versions(v0(stability = beta, example = "events/channel.parked.v0.json")),
)]
pub mod channel_parked {
    use vcc_events_runtime::{Guid, NumericId, Timestamp};

    /// The event payload.
    pub struct Data {
        /// An ISO 8601 UTC datetime representing the moment the channel was parked.
        ///
        /// This is not the timestamp of when a notification related to this event was sent.
        pub timestamp: Timestamp,
        /// Provides some further information about the connected channel that was parked.
        pub channel: Channel,
    }

    /// Provides some further information about the connected channel that was parked.
    pub struct Channel {
        /// A unique identifier assigned to a conversation within VCC. The conversation ID is a GUID (Globally Unique Identifier) such as '4f27b3a1-6f02-4006-8b9d-5f6e1c1a8f65.
        pub conversation_id: Guid,
        /// The unique identifier of the interaction that the channel is part of. It is a UUID.
        pub interaction_id: Guid,
        /// The unique identifier of the connected channel that has been interrupted. It is a UUID.
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
