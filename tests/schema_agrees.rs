//! Every fixture is judged twice: by our decoder and by the published JSON Schema (the
//! `jsonschema` crate, formats on). The verdicts agree, except where a fixture's case names a
//! rule JSON Schema cannot express; there the schema accepts and the decoder refuses with
//! exactly that fixture's rule.

use serde_json::Value;
use vcc_events::AnyEvent;
use workspace_tests::{Expect, Schema, all_cases};

use workspace_tests::validator;

#[test]
fn decoder_and_published_schema_agree_on_every_fixture() {
    let mut disagreements = Vec::new();
    for case in all_cases() {
        let bytes = case.bytes();
        let schema_accepts = match serde_json::from_slice::<Value>(&bytes) {
            Ok(value) => validator(case.folder).is_valid(&value),
            Err(_) => false,
        };
        let decoded = AnyEvent::from_slice(&bytes);
        let agrees = match (case.expect, case.schema()) {
            (Expect::Valid, _) => decoded.is_ok() && schema_accepts,
            (Expect::Invalid { rule, .. }, Schema::Rejects) => {
                decoded.as_ref().err().map(|e| e.rule()) == Some(rule) && !schema_accepts
            }
            (Expect::Invalid { rule, .. }, Schema::CannotExpress(_)) => {
                decoded.as_ref().err().map(|e| e.rule()) == Some(rule) && schema_accepts
            }
            (Expect::Invalid { .. }, Schema::Accepts) => false,
        };
        if !agrees {
            disagreements.push(format!(
                "{}/{}: decoder {:?}, schema {}",
                case.folder,
                case.file,
                decoded.map(|_| "accepts").map_err(|e| e.to_string()),
                if schema_accepts { "accepts" } else { "rejects" }
            ));
        }
    }
    assert!(
        disagreements.is_empty(),
        "verdicts differ:\n{}",
        disagreements.join("\n")
    );
}

#[test]
fn only_rules_json_schema_cannot_express_are_left_to_the_decoder() {
    let mut code_only: Vec<vcc_events::Rule> = all_cases()
        .filter_map(|c| match c.expect {
            Expect::Invalid {
                rule,
                schema: Schema::CannotExpress(_),
                ..
            } => Some(rule),
            _ => None,
        })
        .collect();
    code_only.sort_by_key(|rule| rule.to_string());
    code_only.dedup();
    // Three rules: the KSUID upper bound, subject equals a payload member, no duplicate members.
    assert_eq!(
        code_only,
        [
            vcc_events::Rule::Duplicate,
            vcc_events::Rule::Ksuid,
            vcc_events::Rule::Subject
        ],
        "{code_only:?}"
    );
}
