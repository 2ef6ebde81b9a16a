//! `test.described`: a test-only family whose payload uses one shared shape twice, declared
//! twice: as published (`before`: both uses as declared) and with the second use describing two
//! nested members in its own words (`after`: `#[describe]`). The tests compare the two.

/// The shapes and the family, with the attributes of the second use given as tokens.
macro_rules! described_family {
    ($shapes:ident, $family:ident, [$($second:tt)*]) => {
        /// The shared shapes.
        #[vcc_events::shapes]
        pub mod $shapes {
            use vcc_events_runtime::Guid;

            /// What the event is about.
            pub struct Holder {
                /// The holder's ID.
                pub holder_id: Guid,
                /// Who holds it.
                pub party: Party,
            }

            /// Who holds it.
            pub struct Party {
                /// What the party is.
                pub role: Role,
                /// The party's agent ID.
                pub agent_id: Option<Guid>,
            }

            /// What a party is.
            pub enum Role {
                /// An agent.
                Agent,
                /// A customer.
                Customer,
            }
        }

        /// A holder was handed over to another (test-only).
        #[vcc_events::family(
            name = "test.described",
            source = "/test",
            subject = first.holder_id,
            subject_doc = "The first holder's ID.",
            versions(v0(stability = stable, example = "tests/fixtures/test.shared/described.json")),
        )]
        pub mod $family {
            use super::$shapes::Holder;

            /// The payload.
            pub struct Data {
                /// The holder before the handover.
                pub first: Holder,
                /// The holder after the handover.
                $($second)*
                pub second: Holder,
            }
        }
    };
}

/// The family as published: both uses of `Holder` as declared.
pub mod before {
    described_family!(shapes, test_described, []);
}

/// The second use of `Holder` describes its `holderId` and its party's `agentId` anew.
pub mod after {
    described_family!(
        shapes,
        test_described,
        [
            #[describe(path = "holder_id", doc = "The ID of the holder the handover went to.")]
            #[describe(path = "party.agent_id", doc = "The agent ID of the party the handover went to.")]
        ]
    );
}
