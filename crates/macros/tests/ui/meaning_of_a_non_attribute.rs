use vcc_events_macros::family;

/// A widget changed.
#[family(
    name = "test.widget",
    source = "/widget",
    subject = widget_id,
    subject_doc = "The widget's ID.",
    // The macro accepts this declaration and the compiler reports the mistake: the examples
    // point at a file the UI test crate has.
    versions(
        v0(stability = beta, example = "Cargo.toml"),
        v1(
            stability = stable,
            example = "Cargo.toml",
            meaning(data = "The payload."),
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
