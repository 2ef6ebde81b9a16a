//! How reports, doc pages and the changelog write a JSON pointer: the root as `(root)`.

pub use vcc_events_pointer::{ROOT, display as pointer};

/// A JSON pointer in Markdown: in backticks, or [`ROOT`].
pub fn markdown_pointer(pointer: &str) -> String {
    if pointer.is_empty() {
        ROOT.to_owned()
    } else {
        format!("`{pointer}`")
    }
}
