use vcc_events_macros::shapes;

/// Shapes shared by several families.
#[shapes]
pub mod shared {
    use vcc_events_runtime::Guid;

    /// A holder.
    pub struct Holder {
        /// The holder's ID.
        pub holder_id: Guid,
        /// Its label.
        #[added(v1)]
        pub label: String,
    }
}

fn main() {}
