// A partner cannot build a payload struct of the catalog crate with a struct literal: it is
// `#[non_exhaustive]`, so that a member added to a published version is not a breaking change.
use vcc_events::channel::{Party, Role};

fn main() {
    let _party = Party {
        role: Role::Agent,
        agent_id: None,
        user_id: None,
    };
}
