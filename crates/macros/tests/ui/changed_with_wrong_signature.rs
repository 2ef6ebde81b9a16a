use vcc_events_macros::family;

/// A widget changed.
#[family(
    name = "test.widget",
    source = "/widget",
    subject = widget_id,
    subject_doc = "The widget's ID.",
    // The macro accepts this declaration and the compiler reports the mistake: the examples
    // must exist, and the manifest of the crate trybuild builds does.
    versions(
        v0(stability = beta, example = "Cargo.toml"),
        v1(stability = stable, example = "Cargo.toml"),
    ),
)]
pub mod test_widget {
    use vcc_events_runtime::Guid;

    fn count_from_text(text: &str) -> u64 {
        text.len() as u64
    }

    /// The event payload.
    pub struct Data {
        /// The widget's ID.
        pub widget_id: Guid,
        /// How many there are: text in v0.
        #[changed(v1, from = String, with = count_from_text)]
        pub count: u64,
    }
}

fn main() {}
