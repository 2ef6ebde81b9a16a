use vcc_events_macros::family;

/// A widget changed.
#[family(
    name = "test.widget",
    source = "/widget",
    subject = widget,
    subject_doc = "The widget's ID.",
    versions(v0(stability = beta, example = "events/test.widget.v0.json")),
)]
pub mod test_widget {
    use vcc_events_runtime::Guid;

    /// The event payload.
    pub struct Data {
        /// The widget.
        pub widget: Widget,
    }

    /// A widget.
    pub struct Widget {
        /// The widget's ID.
        pub widget_id: Guid,
    }
}

fn main() {}
