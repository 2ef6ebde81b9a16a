//! `--strict`: members an event carries that its version does not declare (accepted by the
//! tolerant decoder, but a producer's own tests want to know).

use serde_json::Value;
use vcc_events_runtime::VersionInfo;
use vcc_events_runtime::describe::Shape;
use vcc_events_runtime::envelope::ATTRIBUTES;
use vcc_events_runtime::error::pointer_token;

/// The JSON pointers (sorted) of the members of `event` (a valid event of version `info`) that the
/// version does not declare: extension attributes and undeclared payload members.
pub fn undeclared_members(info: &VersionInfo, event: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let Ok(Value::Object(top)) = serde_json::from_slice::<Value>(event) else {
        return out;
    };
    for (name, value) in &top {
        if !ATTRIBUTES.contains(&name.as_str()) {
            out.push(format!("/{}", pointer_token(name)));
        } else if name == "data" {
            walk(&(info.data)(), value, "/data", &mut out);
        }
    }
    out.sort();
    out
}

fn walk(shape: &Shape, value: &Value, pointer: &str, out: &mut Vec<String>) {
    match (shape, value) {
        (Shape::Struct(s), Value::Object(map)) => {
            for (name, v) in map {
                let child = format!("{pointer}/{}", pointer_token(name));
                match s.fields.iter().find(|f| f.name == name) {
                    Some(field) => walk(&(field.shape)(), v, &child, out),
                    None => out.push(child),
                }
            }
        }
        (Shape::Array(item), Value::Array(items)) => {
            for (i, v) in items.iter().enumerate() {
                walk(&item(), v, &format!("{pointer}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = include_str!("../../catalog/events/channel.parked.v0.json");

    #[test]
    fn the_seed_has_no_undeclared_members() {
        let info = vcc_events::versions()[0];
        assert!(undeclared_members(info, SEED.as_bytes()).is_empty());
    }

    #[test]
    fn extensions_and_unknown_payload_members_are_listed() {
        let info = vcc_events::versions()[0];
        let event = SEED
            .replacen(
                "\"specversion\"",
                "\"traceparent\": \"x\", \"specversion\"",
                1,
            )
            .replacen("\"role\"", "\"skill\": 3, \"role\"", 1);
        assert_eq!(
            undeclared_members(info, event.as_bytes()),
            vec![
                "/data/channel/party/skill".to_owned(),
                "/traceparent".to_owned()
            ]
        );
    }
}
