use vcc_events_macros::family;

/// A holder changed.
#[family(
    name = "test.holder",
    source = "/holder",
    subject = holder.holder_id,
    subject_doc = "The holder's ID.",
    versions(v0(stability = beta, example = "Cargo.toml")),
)]
pub mod test_holder {
    use vcc_events_runtime::Guid;

    /// The event payload.
    pub struct Data {
        /// The holder that changed.
        #[describe(path = "holder_id", doc = "The ID of the holder that changed.")]
        pub holder: Holder,
    }

    /// A holder.
    #[describe(path = "holder_id", doc = "Not on a type.")]
    pub struct Holder {
        /// The holder's ID.
        pub holder_id: Guid,
    }
}

fn main() {}
