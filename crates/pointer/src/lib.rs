//! JSON pointers (RFC 6901) as the VCC event catalog writes them: a member name escaped as a
//! reference token in one place ([`push`], [`escape_into`], [`token`]), and the root pointer
//! (the empty string) shown one way ([`display`], [`ROOT`]); a pointer read back into its
//! member names ([`tokens`], [`unescape`]).
//!
//! No dependencies, so that the `#[family]` proc-macro uses it too.

#![warn(missing_docs)]

/// How the root pointer (the empty string) is shown to a person.
pub const ROOT: &str = "(root)";

/// Appends a member name to a pointer as one reference token: `~` as `~0`, `/` as `~1`.
pub fn escape_into(out: &mut String, name: &str) {
    for c in name.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

/// A member name as one reference token.
pub fn token(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    escape_into(&mut out, name);
    out
}

/// Appends `/` and a member name (escaped) to `pointer`: the pointer of that member.
pub fn push(pointer: &mut String, name: &str) {
    pointer.push('/');
    escape_into(pointer, name);
}

/// A reference token read back as the member name or index it stands for: `~1` as `/`,
/// `~0` as `~` (in that order, so `~01` is `~1`).
pub fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// The reference tokens of a pointer, unescaped: `[]` for the root, `["a/b", "0"]` for
/// `/a~1b/0`.
pub fn tokens(pointer: &str) -> Vec<String> {
    if pointer.is_empty() {
        return Vec::new();
    }
    pointer.split('/').skip(1).map(unescape).collect()
}

/// A pointer as shown to a person: as it is, or [`ROOT`] for the root.
pub fn display(pointer: &str) -> &str {
    if pointer.is_empty() { ROOT } else { pointer }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_escape_tilde_then_slash() {
        assert_eq!(token("a/b~c"), "a~1b~0c");
        assert_eq!(token("~1"), "~01");
    }

    #[test]
    fn tokens_unescape_what_escaping_wrote() {
        assert_eq!(tokens(""), Vec::<String>::new());
        assert_eq!(tokens("/a~1b/0/~01"), ["a/b", "0", "~1"]);
        let mut pointer = String::new();
        push(&mut pointer, "x~/y");
        assert_eq!(tokens(&pointer), ["x~/y"]);
    }

    #[test]
    fn push_adds_one_escaped_token() {
        let mut pointer = "/data".to_owned();
        push(&mut pointer, "x/y");
        assert_eq!(pointer, "/data/x~1y");
    }

    #[test]
    fn the_root_is_shown_as_root() {
        assert_eq!(display(""), "(root)");
        assert_eq!(display("/id"), "/id");
    }
}
