use vcc_events_macros::shapes;

/// Shapes shared by several families.
#[shapes]
pub mod shared {
    use vcc_events_runtime::Guid;

    /// A holder.
    pub struct Holder {
        /// The holder's ID.
        pub holder_id: Guid,
        /// Its kind.
        pub kind: Kind,
    }

    /// The kind of a holder.
    pub enum Kind {
        /// A small one.
        Small,
    }

    /// A place with a holder.
    pub struct Place {
        /// The holder at this place.
        #[describe(path = "holder_idd", doc = "Unknown member.")]
        #[describe(path = "holder_id.value", doc = "Into a scalar.")]
        #[describe(path = "kind.small", doc = "Into an enum.")]
        #[describe(path = "kind", doc = "The kind of the holder at this place.")]
        #[describe(path = "kind", doc = "The same member again.")]
        #[describe(path = "holder_id", doc = "  ")]
        #[describe(doc = "No path.")]
        #[describe(path = "holder_id")]
        #[describe()]
        #[describe(path = "holder..id", doc = "Not a path.")]
        #[describe(path = "holder_id", doc = "A description.", note = "x")]
        #[describe = "holder_id"]
        pub holder: Holder,
        /// Its ID.
        #[describe(path = "value", doc = "A scalar has no members.")]
        pub place_id: Guid,
    }
}

fn main() {}
