//! The `agent.*` families: what happens to an agent (source `/agent`).

use vcc_events_macros::family;

/// Tells that an agent's presence has changed: the agent moved to another state, such as from a break to being ready for outbound work. `data.presence` is the state the agent is in now.
///
/// The presence is described at three levels: a category (for example ready), an optional subcategory that refines it (for example ready for outbound work), and the display text the contact center shows for the whole presence.
///
/// The notification is sent when the agent's presence changes.
#[family(
    name = "agent.presencechanged",
    source = "/agent",
    subject = user.agent_id,
    subject_doc = "What the event is about: the agent, given by their agent ID (a string of digits, the same as `data.user.agentId`).",
    versions(v0(stability = beta, example = "events/agent.presencechanged.v0.json")),
)]
pub mod agent_presencechanged {
    use vcc_events_runtime::{Guid, NumericId, Open, Timestamp};

    /// The event payload.
    pub struct Data {
        /// The moment, in UTC (ISO 8601), at which the agent's presence changed. It says when the change happened, not when this notification was sent.
        pub timestamp: Timestamp,
        /// The presence the agent is in now.
        pub presence: Presence,
        /// The agent whose presence changed.
        pub user: User,
    }

    /// The presence the agent is in now.
    pub struct Presence {
        /// The identifier of this presence in the contact center's configuration, as a GUID.
        pub presence_id: Guid,
        /// The kind of presence, with an optional refinement.
        pub category: Category,
        /// The text the contact center shows for this presence, for example `Ready (Outbound)`.
        pub description: Option<String>,
    }

    /// The kind of presence, with an optional refinement.
    pub struct Category {
        /// The kind of presence, in lower case, for example `ready`.
        #[wire = "type"]
        pub kind: Open<PresenceType>,
        /// The text the contact center shows for the category, for example `Ready`.
        pub description: Option<String>,
        /// A refinement of the category, in camelCase, for example `readyOutbound`.
        pub subcategory: Option<Open<Subcategory>>,
    }

    /// The agent whose presence changed.
    pub struct User {
        /// The agent's numeric ID, as a string of digits; the event's `subject` carries the same value.
        pub agent_id: NumericId,
        /// The platform user who is the agent, as a GUID, when the platform sends it.
        pub user_id: Option<Guid>,
    }

    /// The kind of presence. The platform documents only some of the values it sends: any other value is kept as sent.
    pub enum PresenceType {
        /// Ready to take work.
        Ready,
    }

    /// A refinement of the presence category. The platform documents only some of the values it sends: any other value is kept as sent.
    pub enum Subcategory {
        /// Ready for outbound work.
        #[wire = "readyOutbound"]
        ReadyOutbound,
    }
}
