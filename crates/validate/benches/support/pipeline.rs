//! The baseline a partner would build without this crate: read a line, parse it to a
//! `serde_json::Value`, pick the published schema by the event's `type` and ask a `jsonschema`
//! validator (formats on) whether it is valid.

use std::collections::HashMap;
use std::io::BufRead;

/// The folder of the published schemas (`schemas/<type>.json`).
const SCHEMAS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../schemas");

/// A `jsonschema` validator (formats on) for every published event schema.
pub struct Pipeline {
    validators: HashMap<&'static str, jsonschema::Validator>,
}

impl Pipeline {
    /// Compiles the published schema of every version the catalog declares.
    pub fn new() -> Self {
        let validators = vcc_events::versions()
            .into_iter()
            .map(|info| {
                let path = format!("{SCHEMAS}/{}.json", info.event_type);
                let text = std::fs::read_to_string(&path).expect("reads the published schema");
                let schema: serde_json::Value = serde_json::from_str(&text).expect("JSON");
                let validator = jsonschema::options()
                    .should_validate_formats(true)
                    .build(&schema)
                    .expect("compiles");
                (info.event_type, validator)
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
