use vcc_events_macros::family;

/// A widget changed.
#[family(
    name = "test.widget",
    source = "/widget",
    subject = widget_id,
    subject_doc = "The widget's ID.",
    lifecycle(from = ["Made", "In use"], until = "Gone"),
    versions(
        v0(stability = beta, example = "events/test.widget.v0.json"),

    ),
)]
pub mod test_widget {
    use vcc_events_runtime::Guid;

    /// The event payload.
    pub struct Data {
        /// The widget's ID.
        pub widget_id: Guid,
    }
}

fn main() {}
