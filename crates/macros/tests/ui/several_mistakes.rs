use vcc_events_macros::family;

/// A widget changed.
#[family(
    name = "test.widget",
    source = "/widget",
    subject = widget_id,
    subject_doc = "The widget's ID.",
    versions(
        v0(stability = beta, example = "events/test.widget.v0.json"),
        v1(stability = solid, example = "events/test.widget.v1.json"),
    ),
)]
pub mod test_widget {
    use vcc_events_runtime::Guid;

    /// The event payload.
    pub struct Data {
        /// The widget's ID.
        pub widget_id: Guid,
        pub name: String,
        /// The widget's size.
        #[added(v3)]
        pub size: u64,
        /// The widget's weight.
        weight: u64,
        /// The widget's colour.
        pub color: Color,
    }

    /// A colour.
    pub enum Color {
        /// Red.
        Red,
        /// Blue.
        #[removed(v0)]
        Blue,
        /// Green.
        #[serde(rename = "GREEN")]
        Green,
    }
}

fn main() {}
