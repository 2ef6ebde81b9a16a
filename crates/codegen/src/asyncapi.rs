//! `schemas/asyncapi.json`: an AsyncAPI 3.0.0 document of the webhook, one message per event
//! version.
//!
//! The document describes the **partner's application**: the platform POSTs every notification
//! to the HTTPS endpoint the partner registered, so the partner *receives* on one channel.
//!
//! - `servers.partnerEndpoint`: the partner's HTTPS host (`{host}`, a server variable);
//! - `channels.vccWebhook`: address `{webhookPath}` (a channel parameter: the path of the
//!   registered URL), with every event version as a message;
//! - `operations.receiveVccEvent`: `action: receive` on that channel, HTTP `POST` (operation
//!   binding), listing every message, its description stating the delivery rules;
//! - `components.messages.<type>`: per event version, `name` and `title` the type, `summary`
//!   the description's first sentence, `description` the declaration's doc comment,
//!   `contentType` `application/cloudevents+json` (structured mode), the family as a tag,
//!   `deprecated` when the version is, `examples` the version's example as `payload`, and as
//!   `payload` a multi-format schema object: `schemaFormat`
//!   `application/schema+json;version=draft-2020-12` and `schema` a `$ref` to the published
//!   schema file, relative to this document (`channel.parked.v0.json`).
//!
//! The schema is referenced rather than embedded: the published schemas refer to their own
//! `$defs` (`#/$defs/Data`), and AsyncAPI tools resolve a `$ref` inside an embedded schema
//! against the AsyncAPI document's root, not against the schema's `$id`, so an embedded copy
//! does not parse (`@asyncapi/parser` reports each such `$ref` as an invalid reference). A
//! reference relative to this file resolves to the file beside it in `schemas/`, and, read from
//! where it is published, to the schema's `$id`.
//!
//! The generated-by line is the extension member `x-generated-by`, second after `asyncapi`.

use serde_json::{Map, Value, json};
use vcc_events_pointer::token as pointer_token;
use vcc_events_runtime::{Stability, VersionInfo};

use crate::{GENERATED_BY, example, schema_file_name};

/// The AsyncAPI version the document is written against.
pub const ASYNCAPI_VERSION: &str = "3.0.0";

/// The `schemaFormat` of the message payloads: the published schemas' dialect.
pub const PAYLOAD_SCHEMA_FORMAT: &str = "application/schema+json;version=draft-2020-12";

/// The media type of a notification's HTTP body: a CloudEvent in structured mode.
pub const CLOUDEVENTS_JSON: &str = "application/cloudevents+json";

/// The key of the webhook channel in `channels`.
pub const CHANNEL: &str = "vccWebhook";

/// The key of the partner's receive operation in `operations`.
pub const OPERATION: &str = "receiveVccEvent";

/// The key of the partner's endpoint in `servers`.
pub const SERVER: &str = "partnerEndpoint";

/// The version of the AsyncAPI HTTP bindings used.
const HTTP_BINDING_VERSION: &str = "0.3.0";

/// The AsyncAPI 3.0.0 document of the webhook for `versions` (families in declaration order,
/// versions oldest first; messages come in that order). See the [module docs](self) for its
/// shape.
///
/// `info.version` is the catalog's version (the workspace's package version).
///
/// # Panics
///
/// When an example is not JSON.
pub fn asyncapi(versions: &[&VersionInfo]) -> Value {
    let mut channel_messages = Map::new();
    let mut operation_messages = Vec::new();
    let mut messages = Map::new();
    for info in versions {
        let key = info.event_type;
        channel_messages.insert(
            key.to_owned(),
            json!({ "$ref": format!("#/components/messages/{}", pointer_token(key)) }),
        );
        operation_messages.push(json!({
            "$ref": format!("#/channels/{CHANNEL}/messages/{}", pointer_token(key))
        }));
        messages.insert(key.to_owned(), message(info));
    }
    json!({
        "asyncapi": ASYNCAPI_VERSION,
        "x-generated-by": GENERATED_BY,
        "info": {
            "title": "VCC webhook events",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "The webhook notifications of the VCC contact-center \
                platform: CloudEvents 1.0 events in the JSON format (structured mode), one \
                message per event version.\n\n\
                This document describes the partner's application, which receives the \
                notifications: the platform POSTs each one to the HTTPS endpoint the partner \
                registered. Each message's payload is the published JSON Schema (draft 2020-12) \
                of the whole notification, envelope and payload, referenced by its file name \
                beside this document.",
        },
        "defaultContentType": CLOUDEVENTS_JSON,
        "servers": {
            SERVER: {
                "host": "{host}",
                "protocol": "https",
                "title": "Partner webhook endpoint",
                "description": "The partner's HTTPS endpoint, registered with the platform, \
                    that the notifications are POSTed to.",
                "variables": {
                    "host": {
                        "description": "The host (and port, if not 443) of the registered \
                            webhook URL.",
                        "examples": ["webhooks.partner.example"],
                    },
                },
            },
        },
        "channels": {
            CHANNEL: {
                "address": "{webhookPath}",
                "title": "VCC webhook",
                "summary": "The partner's webhook URL, which receives every notification.",
                "description": "Every event type and version arrives on the same URL; the \
                    CloudEvents `type` member of the body tells which message it is.",
                "servers": [{ "$ref": format!("#/servers/{SERVER}") }],
                "parameters": {
                    "webhookPath": {
                        "description": "The path of the registered webhook URL, starting \
                            with `/`.",
                        "examples": ["/vcc/events"],
                    },
                },
                "messages": channel_messages,
            },
        },
        "operations": {
            OPERATION: {
                "action": "receive",
                "channel": { "$ref": format!("#/channels/{CHANNEL}") },
                "title": "Receive a notification",
                "summary": "The platform POSTs one CloudEvent per request to the webhook URL.",
                "description": "Delivery rules: a notification can arrive more than once \
                    (deduplicate on `source` + `id`); order is not guaranteed (use \
                    `data.timestamp`); answer with a 2xx status within 10 seconds, or the \
                    delivery is retried for up to 24 hours.",
                "bindings": {
                    "http": { "method": "POST", "bindingVersion": HTTP_BINDING_VERSION },
                },
                "messages": operation_messages,
            },
        },
        "components": { "messages": messages },
    })
}

/// The message of one event version.
fn message(info: &VersionInfo) -> Value {
    let mut message = Map::new();
    let mut put = |key: &str, value: Value| {
        message.insert(key.to_owned(), value);
    };
    put("name", json!(info.event_type));
    put("title", json!(info.event_type));
    put("summary", json!(first_sentence(info.description)));
    put("description", json!(info.description));
    put("contentType", json!(CLOUDEVENTS_JSON));
    put("tags", json!([{ "name": info.family }]));
    if info.stability == Stability::Deprecated {
        put("deprecated", json!(true));
    }
    put(
        "payload",
        json!({
            "schemaFormat": PAYLOAD_SCHEMA_FORMAT,
            "schema": { "$ref": schema_file_name(info) },
        }),
    );
    put(
        "examples",
        json!([{
            "name": info.event_type,
            "summary": format!("A {} notification.", info.event_type),
            "payload": example(info),
        }]),
    );
    put("x-stability", json!(info.stability.as_str()));
    Value::Object(message)
}

/// The first sentence of `text`'s first paragraph: up to the first `. ` (the period kept), or
/// the whole paragraph.
fn first_sentence(text: &str) -> String {
    let paragraph = text.split("\n\n").next().unwrap_or_default().trim();
    let paragraph = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
    match paragraph.find(". ") {
        Some(end) => paragraph[..=end].to_owned(),
        None => paragraph,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vcc_events::channel_parked::v0::Data;
    use vcc_events_runtime::EventData;

    fn parked() -> &'static VersionInfo {
        <Data as EventData>::INFO
    }

    #[test]
    fn one_message_per_version_on_one_channel_received_by_post() {
        let doc = asyncapi(&[parked()]);
        assert_eq!(doc["asyncapi"], "3.0.0");
        assert_eq!(doc["x-generated-by"], GENERATED_BY);
        let keys: Vec<&str> = doc
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(&keys[..2], ["asyncapi", "x-generated-by"]);
        assert_eq!(
            doc["channels"][CHANNEL]["messages"]["channel.parked.v0"]["$ref"],
            "#/components/messages/channel.parked.v0"
        );
        let operation = &doc["operations"][OPERATION];
        assert_eq!(operation["action"], "receive");
        assert_eq!(operation["channel"]["$ref"], "#/channels/vccWebhook");
        assert_eq!(operation["bindings"]["http"]["method"], "POST");
        assert_eq!(
            operation["messages"],
            json!([{ "$ref": "#/channels/vccWebhook/messages/channel.parked.v0" }])
        );
    }

    #[test]
    fn a_message_references_the_published_schema_and_carries_the_example() {
        let doc = asyncapi(&[parked()]);
        let message = &doc["components"]["messages"]["channel.parked.v0"];
        assert_eq!(message["name"], "channel.parked.v0");
        assert_eq!(message["contentType"], "application/cloudevents+json");
        assert_eq!(
            message["summary"],
            "This type of event indicates that a channel has been parked."
        );
        assert_eq!(message["description"], parked().description);
        assert_eq!(
            message["payload"],
            json!({
                "schemaFormat": "application/schema+json;version=draft-2020-12",
                "schema": { "$ref": "channel.parked.v0.json" },
            })
        );
        assert_eq!(message["examples"][0]["payload"], example(parked()));
        assert_eq!(message["x-stability"], "beta");
        assert!(message.get("deprecated").is_none());
    }

    #[test]
    fn a_deprecated_version_is_a_deprecated_message() {
        fn string() -> vcc_events_runtime::describe::Shape {
            use vcc_events_runtime::describe::Describe;
            String::describe()
        }
        let old = VersionInfo {
            stability: Stability::Deprecated,
            data: string,
            example: "{}",
            ..*parked()
        };
        assert_eq!(message(&old)["deprecated"], true);
        assert_eq!(message(&old)["x-stability"], "deprecated");
    }

    #[test]
    fn first_sentence_stops_at_the_first_period_and_space() {
        assert_eq!(first_sentence("One. Two.\n\nThree."), "One.");
        assert_eq!(first_sentence("No period"), "No period");
        assert_eq!(first_sentence("Ends here.\nNext line."), "Ends here.");
    }

    #[test]
    fn pointer_tokens_escape_tilde_and_slash() {
        assert_eq!(pointer_token("a/b~c"), "a~1b~0c");
        assert_eq!(pointer_token("channel.parked.v0"), "channel.parked.v0");
    }
}
