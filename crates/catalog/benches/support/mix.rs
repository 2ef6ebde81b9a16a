//! The catalog-wide input: every documented version's example, minified, four times with
//! other ids (52 events, every type alike), and baseline B's validators by `type`.

use std::collections::HashMap;
use std::path::Path;

/// Every version's example, minified, four times with other ids: 52 events, each type alike.
pub fn mix() -> Vec<Vec<u8>> {
    let examples: Vec<String> = vcc_events::versions()
        .iter()
        .map(|info| vcc_events_runtime::minify_json(info.example))
        .collect();
    (0..4)
        .flat_map(|round| {
            examples.iter().map(move |e| {
                let id = e
                    .split(r#""id":""#)
                    .nth(1)
                    .and_then(|rest| rest.get(..27))
                    .unwrap_or_default()
                    .to_owned();
                let other = format!("{}{round}", &id[..26]);
                e.replacen(&id, &other, 1).into_bytes()
            })
        })
        .collect()
}

/// Each version's published schema, compiled (formats on), by `type`.
pub fn validators() -> HashMap<&'static str, jsonschema::Validator> {
    let schemas = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas");
    vcc_events::versions()
        .iter()
        .map(|info| {
            let path = schemas.join(format!("{}.json", info.event_type));
            let text = std::fs::read_to_string(&path).expect("a published schema");
            let schema: serde_json::Value = serde_json::from_str(&text).expect("JSON");
            let validator = jsonschema::options()
                .should_validate_formats(true)
                .build(&schema)
                .expect("the published schema compiles");
            (info.event_type, validator)
        })
        .collect()
}

/// Baseline B: `serde_json` into `Value`, then the validator of the event's own `type`.
pub fn baseline_b(validators: &HashMap<&str, jsonschema::Validator>, event: &[u8]) -> bool {
    let value: serde_json::Value = serde_json::from_slice(event).expect("JSON");
    value["type"]
        .as_str()
        .and_then(|t| validators.get(t))
        .is_some_and(|validator| validator.is_valid(&value))
}
