//! Shared by the workspace-level tests: the fixture table (what each fixture under
//! `tests/fixtures/` is expected to do), the workspace root, the validator of a published
//! schema, the seed example and a proptest strategy of JSON values.

pub mod catalog;
pub mod described;
pub mod shared;
pub mod tools;
pub mod widget;

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use serde_json::Value;
use vcc_events_runtime::{EventData, Rule};

/// The workspace root.
pub fn workspace_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A validator (formats checked) of the JSON Schema `schema`.
///
/// # Panics
///
/// When the schema does not compile.
pub fn validator_of(schema: &Value) -> jsonschema::Validator {
    jsonschema::options()
        .should_validate_formats(true)
        .build(schema)
        .unwrap_or_else(|e| panic!("the schema does not compile: {e}"))
}

/// A validator (formats checked) of the published schema of `event_type`
/// (`schemas/<type>.json`).
///
/// # Panics
///
/// When the file is missing, not JSON or does not compile.
pub fn validator(event_type: &str) -> jsonschema::Validator {
    let path = workspace_root()
        .join("schemas")
        .join(format!("{event_type}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let schema: Value = serde_json::from_str(&text).expect("a published schema is JSON");
    validator_of(&schema)
}

/// The seed example: the catalog's canonical example of `channel.parked.v0`, as declared.
pub fn seed_example() -> &'static str {
    <vcc_events::channel_parked::v0::Data as EventData>::INFO.example
}

/// Any JSON value: `leaf` values nested `depth` levels deep, at most `size` nodes, at most
/// `branch` items per array or object.
pub fn json_value(
    leaf: impl Strategy<Value = Value> + 'static,
    depth: u32,
    size: u32,
    branch: u32,
) -> impl Strategy<Value = Value> {
    leaf.prop_recursive(depth, size, branch, move |inner| {
        let n = branch as usize;
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..n).prop_map(Value::Array),
            prop::collection::btree_map("[a-zA-Z_]{1,8}", inner, 0..n)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// What the published JSON Schema is expected to say about a fixture.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Schema {
    /// The schema accepts it too (a valid event).
    Accepts,
    /// The schema rejects it too.
    Rejects,
    /// The schema accepts it although the decoder rejects it: the rule named here cannot be
    /// said in JSON Schema.
    CannotExpress(&'static str),
}

/// What decoding a fixture is expected to give.
#[derive(Clone, Copy, Debug)]
pub enum Expect {
    /// Decodes; encoding gives back the same bytes (minified).
    Valid,
    /// Fails with this rule at this JSON pointer.
    Invalid {
        /// The rule that fails.
        rule: Rule,
        /// Where.
        pointer: &'static str,
        /// The schema's verdict.
        schema: Schema,
    },
}

/// One fixture file and its expectation.
#[derive(Clone, Copy, Debug)]
pub struct Case {
    /// The event type folder under `tests/fixtures/`.
    pub folder: &'static str,
    /// The file name.
    pub file: &'static str,
    /// What must happen.
    pub expect: Expect,
}

impl Case {
    /// The fixture's path.
    pub fn path(&self) -> PathBuf {
        fixtures_dir().join(self.folder).join(self.file)
    }

    /// The fixture's bytes.
    pub fn bytes(&self) -> Vec<u8> {
        std::fs::read(self.path()).unwrap_or_else(|e| panic!("{}: {e}", self.path().display()))
    }

    /// The verdict the published schema must give.
    pub fn schema(&self) -> Schema {
        match self.expect {
            Expect::Valid => Schema::Accepts,
            Expect::Invalid { schema, .. } => schema,
        }
    }
}

/// `tests/fixtures/`.
pub fn fixtures_dir() -> PathBuf {
    workspace_root().join("tests/fixtures")
}

const fn valid(file: &'static str) -> Case {
    Case {
        folder: "channel.parked.v0",
        file,
        expect: Expect::Valid,
    }
}

const fn invalid(file: &'static str, rule: Rule, pointer: &'static str, schema: Schema) -> Case {
    Case {
        folder: "channel.parked.v0",
        file,
        expect: Expect::Invalid {
            rule,
            pointer,
            schema,
        },
    }
}

use Schema::{CannotExpress, Rejects};

/// Every fixture of `channel.parked.v0`, with what it must do.
pub const CHANNEL_PARKED_V0: &[Case] = &[
    valid("valid-seed-example.json"),
    valid("valid-with-extension-attributes.json"),
    valid("valid-external-party-without-ids.json"),
    valid("valid-unknown-data-members.json"),
    valid("valid-upper-case-guids.json"),
    valid("valid-members-in-another-order.json"),
    valid("valid-without-datacontenttype.json"),
    valid("valid-largest-ksuid.json"),
    valid("valid-leap-second.json"),
    valid("valid-type-stated-last.json"),
    invalid(
        "invalid-specversion.json",
        Rule::Const,
        "/specversion",
        Rejects,
    ),
    invalid(
        "invalid-type-unknown-family.json",
        Rule::UnknownFamily,
        "/type",
        Rejects,
    ),
    invalid(
        "invalid-type-unknown-version.json",
        Rule::UnknownVersion,
        "/type",
        Rejects,
    ),
    invalid("invalid-id-not-ksuid.json", Rule::Ksuid, "/id", Rejects),
    invalid(
        "invalid-id-above-largest-ksuid.json",
        Rule::Ksuid,
        "/id",
        CannotExpress("a KSUID encodes at most 20 bytes: at most aWgEPTl1tmebfsQzFP4bxwgy80V"),
    ),
    invalid("invalid-source.json", Rule::Const, "/source", Rejects),
    invalid(
        "invalid-subject-not-guid.json",
        Rule::Guid,
        "/subject",
        Rejects,
    ),
    invalid(
        "invalid-subject-not-channel-id.json",
        Rule::Subject,
        "/subject",
        CannotExpress("subject equals data.channel.channelId"),
    ),
    invalid(
        "invalid-time-with-offset.json",
        Rule::DateTime,
        "/time",
        Rejects,
    ),
    invalid(
        "invalid-time-impossible-date.json",
        Rule::DateTime,
        "/time",
        Rejects,
    ),
    invalid(
        "invalid-timestamp-not-a-date-time.json",
        Rule::DateTime,
        "/data/timestamp",
        Rejects,
    ),
    invalid(
        "invalid-conversation-id.json",
        Rule::Guid,
        "/data/channel/conversationId",
        Rejects,
    ),
    invalid(
        "invalid-interaction-id.json",
        Rule::Guid,
        "/data/channel/interactionId",
        Rejects,
    ),
    invalid(
        "invalid-channel-id.json",
        Rule::Guid,
        "/data/channel/channelId",
        Rejects,
    ),
    invalid(
        "invalid-user-id.json",
        Rule::Guid,
        "/data/channel/party/userId",
        Rejects,
    ),
    invalid(
        "invalid-role.json",
        Rule::AllowedValues,
        "/data/channel/party/role",
        Rejects,
    ),
    invalid(
        "invalid-role-type-stated-last.json",
        Rule::AllowedValues,
        "/data/channel/party/role",
        Rejects,
    ),
    invalid(
        "invalid-agent-id-not-digits.json",
        Rule::Digits,
        "/data/channel/party/agentId",
        Rejects,
    ),
    invalid(
        "invalid-agent-id-null.json",
        Rule::Type,
        "/data/channel/party/agentId",
        Rejects,
    ),
    invalid(
        "invalid-agent-id-number.json",
        Rule::Type,
        "/data/channel/party/agentId",
        Rejects,
    ),
    invalid("invalid-missing-id.json", Rule::Required, "/id", Rejects),
    invalid(
        "invalid-missing-time.json",
        Rule::Required,
        "/time",
        Rejects,
    ),
    invalid(
        "invalid-missing-role.json",
        Rule::Required,
        "/data/channel/party/role",
        Rejects,
    ),
    invalid(
        "invalid-missing-channel.json",
        Rule::Required,
        "/data/channel",
        Rejects,
    ),
    invalid(
        "invalid-extension-name-upper-case.json",
        Rule::ExtensionName,
        "/traceParent",
        Rejects,
    ),
    invalid(
        "invalid-extension-name-too-long.json",
        Rule::ExtensionName,
        "/averyveryverylongname1",
        Rejects,
    ),
    invalid(
        "invalid-extension-value-object.json",
        Rule::ExtensionValue,
        "/tenant",
        Rejects,
    ),
    invalid(
        "invalid-data-base64.json",
        Rule::DataBase64,
        "/data_base64",
        Rejects,
    ),
    invalid("invalid-data-as-string.json", Rule::Type, "/data", Rejects),
    invalid(
        "invalid-datacontenttype.json",
        Rule::Const,
        "/datacontenttype",
        Rejects,
    ),
    invalid(
        "invalid-duplicate-attribute.json",
        Rule::Duplicate,
        "/id",
        CannotExpress(
            "a member appears at most once: a JSON Schema validator sees only one of the two",
        ),
    ),
    invalid(
        "invalid-truncated-json.json",
        Rule::Syntax,
        "/data/channel/channelId",
        Rejects,
    ),
    invalid("invalid-not-an-object.json", Rule::Type, "", Rejects),
    invalid("invalid-empty.json", Rule::Empty, "", Rejects),
];

/// Every fixture with an expectation, all event types.
pub fn all_cases() -> impl Iterator<Item = &'static Case> {
    CHANNEL_PARKED_V0.iter().chain(catalog::DOCUMENTED)
}

/// Looks a case of `channel.parked.v0` up by file name.
pub fn case(file: &str) -> &'static Case {
    CHANNEL_PARKED_V0
        .iter()
        .find(|c| c.file == file)
        .unwrap_or_else(|| panic!("no fixture case named {file}"))
}
