//! Differential test: for generated valid events and mutations of them, our decoder and the
//! `jsonschema` validator of the published schema (formats on) agree, except for the rules
//! JSON Schema cannot express (documented in the schema's `$comment`s and in the fixtures'
//! case table): the KSUID upper bound and `subject` equal to `data.channel.channelId`.

use proptest::prelude::*;
use serde_json::{Map, Value, json};
use vcc_events::{AnyEvent, Rule};

fn validator() -> jsonschema::Validator {
    workspace_tests::validator("channel.parked.v0")
}

fn hex(n: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(b"0123456789abcdefABCDEF".to_vec()), n)
        .prop_map(|b| String::from_utf8(b).expect("ASCII"))
}

fn guid() -> impl Strategy<Value = String> {
    (hex(8), hex(4), hex(4), hex(4), hex(12))
        .prop_map(|(a, b, c, d, e)| format!("{a}-{b}-{c}-{d}-{e}"))
}

fn ksuid() -> impl Strategy<Value = String> {
    let base62 = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".to_vec();
    // Mostly valid ids, sometimes above the largest KSUID.
    (
        prop::sample::select(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZaz".to_vec()),
        prop::collection::vec(prop::sample::select(base62), 26),
    )
        .prop_map(|(first, rest)| {
            let mut s = vec![first];
            s.extend(rest);
            String::from_utf8(s).expect("ASCII")
        })
}

fn timestamp() -> impl Strategy<Value = String> {
    (
        1970u32..2100,
        1u32..=12,
        1u32..=31,
        0u32..24,
        0u32..60,
        0u32..60,
        prop::option::of(1usize..=9),
    )
        .prop_map(|(y, mo, d, h, mi, s, frac)| {
            let fraction = frac
                .map(|n| format!(".{}", "7".repeat(n)))
                .unwrap_or_default();
            format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{fraction}Z")
        })
}

/// A valid `channel.parked.v0` event (or one with an impossible date, which both refuse).
fn event() -> impl Strategy<Value = Value> {
    (
        ksuid(),
        guid(),
        (guid(), guid()),
        (timestamp(), timestamp()),
        prop::sample::select(vec!["external", "agent", "monitor", "voicemail"]),
        (prop::option::of("[0-9]{1,20}"), prop::option::of(guid())),
        any::<bool>(),
        prop::option::of((
            "[a-z0-9]{1,20}",
            prop_oneof![
                "[ -~]{0,20}".prop_map(Value::from),
                any::<i64>().prop_map(Value::from),
                any::<bool>().prop_map(Value::from),
            ],
        )),
    )
        .prop_map(
            |(
                id,
                channel_id,
                (conversation, interaction),
                (time, timestamp),
                role,
                (agent, user),
                dct,
                extension,
            )| {
                let mut party = Map::new();
                party.insert("role".into(), json!(role));
                if let Some(agent) = agent {
                    party.insert("agentId".into(), json!(agent));
                }
                if let Some(user) = user {
                    party.insert("userId".into(), json!(user));
                }
                let mut event = Map::new();
                event.insert("specversion".into(), json!("1.0"));
                event.insert("type".into(), json!("channel.parked.v0"));
                event.insert("id".into(), json!(id));
                event.insert("source".into(), json!("/channel"));
                event.insert("subject".into(), json!(channel_id));
                event.insert("time".into(), json!(time));
                if dct {
                    event.insert("datacontenttype".into(), json!("application/json"));
                }
                event.insert(
                    "data".into(),
                    json!({
                        "timestamp": timestamp,
                        "channel": {
                            "conversationId": conversation,
                            "interactionId": interaction,
                            "channelId": channel_id,
                            "party": party,
                        }
                    }),
                );
                if let Some((name, value)) = extension
                    && !event.contains_key(&name)
                {
                    event.insert(name, value);
                }
                Value::Object(event)
            },
        )
}

/// Any JSON value, a little nested.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (-1e6f64..1e6).prop_map(Value::from),
        "[ -~]{0,12}".prop_map(Value::from),
        guid().prop_map(Value::from),
        timestamp().prop_map(Value::from),
        Just(json!("channel.parked.v0")),
        Just(json!("/channel")),
    ];
    workspace_tests::json_value(leaf, 2, 8, 3)
}

#[derive(Debug, Clone)]
enum Mutation {
    Replace(usize, Value),
    Remove(usize),
    Insert(usize, String, Value),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), json_value()).prop_map(|(i, v)| Mutation::Replace(i, v)),
        any::<usize>().prop_map(Mutation::Remove),
        (any::<usize>(), "[a-zA-Z0-9_]{1,22}", json_value())
            .prop_map(|(i, k, v)| Mutation::Insert(i, k, v)),
    ]
}

/// JSON pointers of every value in `value`.
fn pointers(value: &Value, prefix: String, out: &mut Vec<String>) {
    if let Value::Object(map) = value {
        for (k, v) in map {
            let p = format!("{prefix}/{k}");
            out.push(p.clone());
            pointers(v, p, out);
        }
    }
}

fn apply(mut value: Value, m: &Mutation) -> Value {
    let mut all = Vec::new();
    pointers(&value, String::new(), &mut all);
    let pick = |i: usize| all[i % all.len()].clone();
    match m {
        Mutation::Replace(i, v) => {
            if let Some(slot) = value.pointer_mut(&pick(*i)) {
                *slot = v.clone();
            }
        }
        Mutation::Remove(i) => {
            let p = pick(*i);
            let (parent, key) = p.rsplit_once('/').expect("a pointer");
            if let Some(Value::Object(map)) = value.pointer_mut(parent) {
                map.remove(key);
            }
        }
        Mutation::Insert(i, k, v) => {
            let p = pick(*i);
            let target = if matches!(value.pointer(&p), Some(Value::Object(_))) {
                p
            } else {
                String::new()
            };
            if let Some(Value::Object(map)) = value.pointer_mut(&target) {
                map.insert(k.clone(), v.clone());
            }
        }
    }
    value
}

/// The decoder and the schema agree, or the decoder refused for a rule the schema cannot say.
fn assert_agree(validator: &jsonschema::Validator, event: &Value) {
    let bytes = serde_json::to_vec(event).expect("serializes");
    let schema_ok = validator.is_valid(event);
    match AnyEvent::from_slice(&bytes) {
        Ok(_) => assert!(schema_ok, "decoder accepts, schema rejects: {event}"),
        Err(e) if schema_ok => {
            let code_only = match e.rule() {
                Rule::Subject => true,
                Rule::Ksuid => event["id"]
                    .as_str()
                    .is_some_and(|id| id.len() == 27 && id > "aWgEPTl1tmebfsQzFP4bxwgy80V"),
                _ => false,
            };
            assert!(code_only, "decoder rejects ({e}), schema accepts: {event}");
        }
        Err(_) => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn generated_events_get_the_same_verdict(event in event()) {
        assert_agree(&validator(), &event);
    }

    #[test]
    fn mutated_events_get_the_same_verdict(event in event(), mutations in prop::collection::vec(mutation(), 1..4)) {
        let validator = validator();
        let mutated = mutations.iter().fold(event, apply);
        assert_agree(&validator, &mutated);
    }
}
