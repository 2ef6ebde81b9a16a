//! Two test-only families, `test.alpha` and `test.beta`, that share one shape, declared twice:
//! as published (`before`) and after one edit of the shared `Party` (`after`: `agentId`, optional
//! before, is required). The freeze tests compare the two declarations.

/// The shapes and both families, with the type of `agentId` given as tokens (a `ty` fragment
/// would hide its `Option` from the macro).
macro_rules! shared_families {
    ($shapes:ident, $alpha:ident, $beta:ident, [$($agent_id:tt)*]) => {
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
                pub agent_id: $($agent_id)*,
            }

            /// What a party is.
            pub enum Role {
                /// An agent.
                Agent,
                /// A customer.
                Customer,
            }
        }

        /// Something happened to a holder (test-only).
        #[vcc_events::family(
            name = "test.alpha",
            source = "/test",
            subject = holder.holder_id,
            subject_doc = "The holder's ID.",
            versions(v0(stability = stable, example = "tests/fixtures/test.shared/alpha.json")),
        )]
        pub mod $alpha {
            use super::$shapes::Holder;

            /// The payload.
            pub struct Data {
                /// The holder.
                pub holder: Holder,
            }
        }

        /// Something else happened to a holder (test-only).
        #[vcc_events::family(
            name = "test.beta",
            source = "/test",
            subject = holder.holder_id,
            subject_doc = "The holder's ID.",
            versions(v0(stability = stable, example = "tests/fixtures/test.shared/beta.json")),
        )]
        pub mod $beta {
            use super::$shapes::Holder;

            /// The payload.
            pub struct Data {
                /// The holder.
                pub holder: Holder,
            }
        }
    };
}

/// The families as published.
pub mod before {
    shared_families!(
        shapes,
        test_alpha,
        test_beta,
        [Option<vcc_events_runtime::NumericId>]
    );
}

/// The families after one edit of the shared `Party`.
pub mod after {
    shared_families!(
        shapes,
        test_alpha,
        test_beta,
        [vcc_events_runtime::NumericId]
    );
}
