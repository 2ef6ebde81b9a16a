//! Wire names from Rust names: fields in camelCase, enum variants in lowercase.

/// `conversation_id` -> `conversationId`.
pub fn camel_case(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.trim_start_matches("r#").chars() {
        if c == '_' {
            upper = !out.is_empty();
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// `VoiceMail` -> `voicemail`.
pub fn lower_case(pascal: &str) -> String {
    pascal.to_lowercase()
}

/// `channel_parked` -> `ChannelParked`.
pub fn pascal_case(snake: &str) -> String {
    let camel = camel_case(snake);
    let mut chars = camel.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases() {
        assert_eq!(camel_case("conversation_id"), "conversationId");
        assert_eq!(camel_case("role"), "role");
        assert_eq!(lower_case("VoiceMail"), "voicemail");
        assert_eq!(pascal_case("channel_parked"), "ChannelParked");
    }
}
