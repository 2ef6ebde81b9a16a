// A partner cannot build a generated struct with a struct literal: it is `#[non_exhaustive]`,
// so that a member added to the schema is not a breaking change. The builder is the way.
use vcc_event_channel_parked_v0::{Party, Role};

fn main() {
    let _party = Party {
        role: Role::Agent,
        agent_id: None,
        user_id: None,
        extra: Default::default(),
    };
}
