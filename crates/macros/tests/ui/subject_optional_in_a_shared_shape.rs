use vcc_events_macros::{family, shapes};

/// Shapes shared by several families.
#[shapes]
pub mod shared {
    use vcc_events_runtime::Guid;

    /// A holder.
    pub struct Holder {
        /// The holder's ID, when known.
        pub holder_id: Option<Guid>,
    }
}

/// A holder changed.
#[family(
    name = "test.holder",
    source = "/holder",
    subject = holder.holder_id,
    subject_doc = "The holder's ID.",
    // The macro accepts this declaration and the compiler reports the mistake: the example
    // points at a file the UI test crate has.
    versions(v0(stability = beta, example = "Cargo.toml")),
)]
pub mod test_holder {
    use super::shared::Holder;

    /// The event payload.
    pub struct Data {
        /// The holder.
        pub holder: Holder,
    }
}

fn main() {}
