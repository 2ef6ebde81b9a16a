//! How reports, doc pages and the changelog write a JSON pointer: the root as `(root)`.

/// How the root pointer (the empty string) is shown.
pub const ROOT: &str = "(root)";

/// A JSON pointer for the terminal: as it is, or [`ROOT`].
pub fn pointer(pointer: &str) -> &str {
    if pointer.is_empty() { ROOT } else { pointer }
}

/// A JSON pointer in Markdown: in backticks, or [`ROOT`].
pub fn markdown_pointer(pointer: &str) -> String {
    if pointer.is_empty() {
        ROOT.to_owned()
    } else {
        format!("`{pointer}`")
    }
}
