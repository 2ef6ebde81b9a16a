//! The fixtures of every documented version besides `channel.parked.v0`: each version's
//! documented example, and one invalid fixture per rule that is new for its family.

use vcc_events_runtime::Rule;

use crate::Schema::{CannotExpress, Rejects};
use crate::{Case, Expect, Schema};

const fn valid(folder: &'static str, file: &'static str) -> Case {
    Case {
        folder,
        file,
        expect: Expect::Valid,
    }
}

const fn invalid(
    folder: &'static str,
    file: &'static str,
    rule: Rule,
    pointer: &'static str,
    schema: Schema,
) -> Case {
    Case {
        folder,
        file,
        expect: Expect::Invalid {
            rule,
            pointer,
            schema,
        },
    }
}

const EXAMPLE: &str = "valid-documented-example.json";
const AGENT: &str = "agent.presencechanged.v0";

/// The fixtures of every documented version except `channel.parked.v0` (see
/// [`CHANNEL_PARKED_V0`](crate::CHANNEL_PARKED_V0), whose rules every channel family shares).
pub const DOCUMENTED: &[Case] = &[
    valid("channel.alerted.v0", EXAMPLE),
    valid("channel.alerted.v1", EXAMPLE),
    valid("channel.connected.v0", EXAMPLE),
    valid("channel.connectionfailed.v0", EXAMPLE),
    valid("channel.connectionfailed.v0", "valid-unknown-reason.json"),
    invalid(
        "channel.connectionfailed.v0",
        "invalid-missing-reason.json",
        Rule::Required,
        "/data/reason",
        Rejects,
    ),
    invalid(
        "channel.connectionfailed.v0",
        "invalid-reason-not-a-string.json",
        Rule::Type,
        "/data/reason",
        Rejects,
    ),
    valid("channel.held.v0", EXAMPLE),
    valid("channel.held.v1", EXAMPLE),
    valid("channel.retrieved.v0", EXAMPLE),
    invalid(
        "channel.retrieved.v0",
        "invalid-subject-not-channel-id.json",
        Rule::Subject,
        "/subject",
        CannotExpress("subject equals data.channel.channelId"),
    ),
    valid("channel.unparked.v0", EXAMPLE),
    valid("channel.resumed.v0", EXAMPLE),
    valid("channel.wrapstarted.v0", EXAMPLE),
    valid("channel.ended.v0", EXAMPLE),
    valid("channel.ended.v0", "valid-unknown-reason.json"),
    invalid(
        "channel.ended.v0",
        "invalid-missing-reason.json",
        Rule::Required,
        "/data/reason",
        Rejects,
    ),
    invalid(
        "channel.ended.v0",
        "invalid-reason-not-a-string.json",
        Rule::Type,
        "/data/reason",
        Rejects,
    ),
    valid(AGENT, EXAMPLE),
    valid(AGENT, "valid-without-user-id.json"),
    valid(AGENT, "valid-unknown-category.json"),
    invalid(
        AGENT,
        "invalid-as-documented-missing-comma.json",
        Rule::Syntax,
        "/data/user",
        Rejects,
    ),
    invalid(
        AGENT,
        "invalid-source-channel.json",
        Rule::Const,
        "/source",
        Rejects,
    ),
    invalid(
        AGENT,
        "invalid-subject-not-agent-id.json",
        Rule::Subject,
        "/subject",
        CannotExpress("subject equals data.user.agentId"),
    ),
    invalid(
        AGENT,
        "invalid-subject-not-digits.json",
        Rule::Digits,
        "/subject",
        Rejects,
    ),
    invalid(
        AGENT,
        "invalid-subject-guid.json",
        Rule::Digits,
        "/subject",
        Rejects,
    ),
    invalid(
        AGENT,
        "invalid-missing-agent-id.json",
        Rule::Required,
        "/data/user/agentId",
        Rejects,
    ),
    invalid(
        AGENT,
        "invalid-agent-id-number.json",
        Rule::Type,
        "/data/user/agentId",
        Rejects,
    ),
    invalid(
        AGENT,
        "invalid-presence-id-not-guid.json",
        Rule::Guid,
        "/data/presence/presenceId",
        Rejects,
    ),
    invalid(
        AGENT,
        "invalid-category-type-not-a-string.json",
        Rule::Type,
        "/data/presence/category/type",
        Rejects,
    ),
    invalid(
        AGENT,
        "invalid-missing-presence.json",
        Rule::Required,
        "/data/presence",
        Rejects,
    ),
];
