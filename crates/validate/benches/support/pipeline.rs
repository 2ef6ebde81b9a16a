//! The baseline a partner would build without this crate: read a line, parse it to a
//! `serde_json::Value`, pick the published schema by the event's `type` and ask a `jsonschema`
//! validator (formats on) whether it is valid.

use std::collections::HashMap;
use std::io::BufRead;

/// Every published event schema, by type.
const SCHEMAS: [(&str, &str); 13] = [
    (
        "agent.presencechanged.v0",
        include_str!("../../../../schemas/agent.presencechanged.v0.json"),
    ),
    (
        "channel.alerted.v0",
        include_str!("../../../../schemas/channel.alerted.v0.json"),
    ),
    (
        "channel.alerted.v1",
        include_str!("../../../../schemas/channel.alerted.v1.json"),
    ),
    (
        "channel.connected.v0",
        include_str!("../../../../schemas/channel.connected.v0.json"),
    ),
    (
        "channel.connectionfailed.v0",
        include_str!("../../../../schemas/channel.connectionfailed.v0.json"),
    ),
    (
        "channel.ended.v0",
        include_str!("../../../../schemas/channel.ended.v0.json"),
    ),
    (
        "channel.held.v0",
        include_str!("../../../../schemas/channel.held.v0.json"),
    ),
    (
        "channel.held.v1",
        include_str!("../../../../schemas/channel.held.v1.json"),
    ),
    (
        "channel.parked.v0",
        include_str!("../../../../schemas/channel.parked.v0.json"),
    ),
    (
        "channel.resumed.v0",
        include_str!("../../../../schemas/channel.resumed.v0.json"),
    ),
    (
        "channel.retrieved.v0",
        include_str!("../../../../schemas/channel.retrieved.v0.json"),
    ),
    (
        "channel.unparked.v0",
        include_str!("../../../../schemas/channel.unparked.v0.json"),
    ),
    (
        "channel.wrapstarted.v0",
        include_str!("../../../../schemas/channel.wrapstarted.v0.json"),
    ),
];

/// A `jsonschema` validator (formats on) for every published event schema.
pub struct Pipeline {
    validators: HashMap<&'static str, jsonschema::Validator>,
}

impl Pipeline {
    /// Compiles every schema.
    pub fn new() -> Self {
        let validators = SCHEMAS
            .iter()
            .map(|(name, text)| {
                let schema: serde_json::Value = serde_json::from_str(text).expect("JSON");
                let validator = jsonschema::options()
                    .should_validate_formats(true)
                    .build(&schema)
                    .expect("compiles");
                (*name, validator)
            })
            .collect();
        Pipeline { validators }
    }

    /// Whether one event (JSON text) is valid under the schema its `type` names.
    pub fn is_valid(&self, line: &str) -> bool {
        let Ok(value) = serde_json::from_str::<serde_json::Value>(line) else {
            return false;
        };
        let validator = value
            .get("type")
            .and_then(|t| t.as_str())
            .and_then(|t| self.validators.get(t));
        validator.is_some_and(|v| v.is_valid(&value))
    }

    /// How many lines of `reader` are valid events (blank lines skipped).
    pub fn count_valid(&self, reader: impl BufRead) -> u64 {
        let mut valid = 0;
        for line in reader.lines() {
            let line = line.expect("reads");
            if !line.trim().is_empty() {
                valid += u64::from(self.is_valid(&line));
            }
        }
        valid
    }
}
