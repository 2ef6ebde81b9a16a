//! Removing insignificant whitespace from JSON text, as the decoder keeps undeclared members.

use serde_json::value::RawValue;

/// Keeps a member's JSON text without insignificant whitespace.
pub(crate) fn minify(raw: Box<RawValue>) -> Box<RawValue> {
    if !raw
        .get()
        .bytes()
        .any(|b| matches!(b, b' ' | b'\n' | b'\r' | b'\t'))
    {
        return raw;
    }
    RawValue::from_string(minify_json(raw.get())).unwrap_or(raw)
}

/// Removes insignificant whitespace (outside strings) from JSON text; other bytes are kept,
/// so a decoded event re-encodes to exactly `minify_json` of its input.
pub fn minify_json(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if in_string {
            out.push(c);
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
        } else if !matches!(c, ' ' | '\n' | '\r' | '\t') {
            in_string = c == '"';
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(s: &str) -> Box<RawValue> {
        RawValue::from_string(s.to_owned()).unwrap()
    }

    #[test]
    fn minify_keeps_whitespace_inside_strings() {
        assert_eq!(
            minify(raw("{ \"a b\" : [ 1 ,\n 2 ] }")).get(),
            "{\"a b\":[1,2]}"
        );
        assert_eq!(minify(raw("\"x \\\" y\"")).get(), "\"x \\\" y\"");
    }
}
