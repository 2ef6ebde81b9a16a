//! The parser's floor for the benchmarks' events: a `channel.parked.v0` event read by serde
//! into a plain struct that borrows every string from the input, nothing checked.

use serde::Deserialize;

/// A `channel.parked.v0` event as borrowed strings.
#[allow(dead_code)]
#[derive(Deserialize)]
pub struct Borrowed<'a> {
    specversion: &'a str,
    #[serde(rename = "type")]
    event_type: &'a str,
    id: &'a str,
    source: &'a str,
    subject: &'a str,
    time: &'a str,
    datacontenttype: Option<&'a str>,
    #[serde(borrow)]
    data: Data<'a>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Data<'a> {
    timestamp: &'a str,
    #[serde(borrow)]
    channel: Channel<'a>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Channel<'a> {
    conversation_id: &'a str,
    interaction_id: &'a str,
    channel_id: &'a str,
    #[serde(borrow)]
    party: Party<'a>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Party<'a> {
    role: &'a str,
    agent_id: Option<&'a str>,
    user_id: Option<&'a str>,
}
