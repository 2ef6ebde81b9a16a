use vcc_events_macros::{family, shapes};

/// Shapes shared by several families.
#[shapes]
pub mod shared {
    use vcc_events_runtime::Guid;

    /// A holder.
    pub struct Holder {
        /// The holder's ID.
        pub holder_id: Guid,
    }
}

/// A holder changed.
#[family(
    name = "test.holder",
    source = "/holder",
    subject = holder.holder_id,
    subject_doc = "The holder's ID.",
    versions(v0(stability = beta, example = "Cargo.toml")),
)]
pub mod test_holder {
    use super::shared::Holder;

    /// The event payload.
    pub struct Data {
        /// The holder that changed.
        #[describe(path = "holder_id.value", doc = "The ID of the holder that changed.")]
        pub holder: Holder,
    }
}

fn main() {}
