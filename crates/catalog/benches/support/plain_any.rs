//! Baseline A of the catalog-wide benchmark: the plain structs a partner would write by hand
//! for every documented type, every member an owned `String`, nothing checked, dispatched by
//! `type` the way serde does it (an internally tagged enum).

use serde::Deserialize;

/// Any documented event, as plain strings.
#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(tag = "type")]
pub enum PlainAny {
    #[serde(rename = "channel.alerted.v0")]
    AlertedV0(PlainChannelEvent),
    #[serde(rename = "channel.alerted.v1")]
    AlertedV1(PlainChannelEvent),
    #[serde(rename = "channel.connected.v0")]
    ConnectedV0(PlainChannelEvent),
    #[serde(rename = "channel.connectionfailed.v0")]
    ConnectionfailedV0(PlainChannelEvent),
    #[serde(rename = "channel.held.v0")]
    HeldV0(PlainChannelEvent),
    #[serde(rename = "channel.held.v1")]
    HeldV1(PlainChannelEvent),
    #[serde(rename = "channel.retrieved.v0")]
    RetrievedV0(PlainChannelEvent),
    #[serde(rename = "channel.parked.v0")]
    ParkedV0(PlainChannelEvent),
    #[serde(rename = "channel.unparked.v0")]
    UnparkedV0(PlainChannelEvent),
    #[serde(rename = "channel.resumed.v0")]
    ResumedV0(PlainChannelEvent),
    #[serde(rename = "channel.wrapstarted.v0")]
    WrapstartedV0(PlainChannelEvent),
    #[serde(rename = "channel.ended.v0")]
    EndedV0(PlainChannelEvent),
    #[serde(rename = "agent.presencechanged.v0")]
    PresencechangedV0(PlainAgentEvent),
}

/// The envelope around a channel payload.
#[allow(dead_code)]
#[derive(Deserialize)]
pub struct PlainChannelEvent {
    specversion: String,
    id: String,
    source: String,
    subject: String,
    time: String,
    datacontenttype: Option<String>,
    data: PlainChannelData,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PlainChannelData {
    timestamp: String,
    reason: Option<String>,
    channel: PlainChannel,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PlainChannel {
    conversation_id: String,
    interaction_id: String,
    channel_id: String,
    party: PlainParty,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PlainParty {
    role: String,
    agent_id: Option<String>,
    user_id: Option<String>,
}

/// The envelope around an agent's presence payload.
#[allow(dead_code)]
#[derive(Deserialize)]
pub struct PlainAgentEvent {
    specversion: String,
    id: String,
    source: String,
    subject: String,
    time: String,
    datacontenttype: Option<String>,
    data: PlainPresenceData,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PlainPresenceData {
    timestamp: String,
    presence: PlainPresence,
    user: PlainUser,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PlainPresence {
    presence_id: String,
    category: PlainCategory,
    description: Option<String>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
struct PlainCategory {
    #[serde(rename = "type")]
    kind: String,
    description: Option<String>,
    subcategory: Option<String>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PlainUser {
    agent_id: String,
    user_id: Option<String>,
}
