use vcc_events_macros::family;

/// A widget changed.
#[family(
    name = "test.widget",
    source = "/widget",
    subject = widget_id,
    subject_doc = "The widget's ID.",
    versions(
        v0(stability = beta, example = "events/test.widget.v0.json"),
        v1(
            stability = stable,
            example = "events/test.widget.v1.json",
            meaning(time = "When it happened.", time = "Again.", id = ""),
        ),
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
