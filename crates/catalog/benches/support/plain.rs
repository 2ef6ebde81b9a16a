//! Baseline A of the decoding benchmarks: the struct a partner would write by hand, every
//! member an owned `String`, nothing checked.

use serde::Deserialize;

/// A `channel.parked.v0` event as plain strings.
#[allow(dead_code)]
#[derive(Deserialize)]
pub struct PlainEvent {
    specversion: String,
    #[serde(rename = "type")]
    event_type: String,
    id: String,
    source: String,
    subject: String,
    time: String,
    datacontenttype: Option<String>,
    data: PlainData,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PlainData {
    timestamp: String,
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
