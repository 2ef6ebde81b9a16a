//! Re-exports for the code the macros generate; not a public API.

pub use serde;
pub use serde_json;

pub use crate::error::{fail, fail_at, within};
pub use crate::extra::Recorder;

pub use crate::error::{fail_at_owned, within_owned};

use std::borrow::Cow;
use std::fmt;

/// A member name or string borrowed from the input where possible.
pub struct Text<'de>(pub Cow<'de, str>);

impl std::ops::Deref for Text<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl<'de> serde::Deserialize<'de> for Text<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v.to_owned())))
            }
        }
        d.deserialize_str(V)
    }
}

/// A JSON array whose element errors name the element's index.
pub struct List<T>(pub Vec<T>);

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for List<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: serde::Deserialize<'de>> serde::de::Visitor<'de> for V<T> {
            type Value = List<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON array")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<List<T>, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
                let mut index = 0;
                while let Some(item) = crate::error::within_index(index, seq.next_element())? {
                    items.push(item);
                    index += 1;
                }
                Ok(List(items))
            }
        }
        d.deserialize_seq(V(std::marker::PhantomData))
    }
}

/// A string value as bytes, borrowed from the input where possible: for values compared with
/// ASCII constants, where JSON's own UTF-8 check of the string would be wasted.
pub struct Bytes<'de>(pub Cow<'de, [u8]>);

impl Bytes<'_> {
    /// The value as text, for messages and for values kept as strings.
    pub fn text(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Bytes<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Bytes<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_bytes<E>(self, v: &'de [u8]) -> Result<Bytes<'de>, E> {
                Ok(Bytes(Cow::Borrowed(v)))
            }
            fn visit_bytes<E>(self, v: &[u8]) -> Result<Bytes<'de>, E> {
                Ok(Bytes(Cow::Owned(v.to_vec())))
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Bytes<'de>, E> {
                Ok(Bytes(Cow::Borrowed(v.as_bytes())))
            }
            fn visit_str<E>(self, v: &str) -> Result<Bytes<'de>, E> {
                Ok(Bytes(Cow::Owned(v.as_bytes().to_vec())))
            }
        }
        d.deserialize_bytes(V)
    }
}

/// The name of a member the decoder does not declare, read as bytes: it must be UTF-8, and
/// control characters (which raw reading does not check) are refused.
pub fn member_name<E: serde::de::Error>(key: &[u8]) -> Result<&str, E> {
    match std::str::from_utf8(key) {
        Ok(name) if !key.iter().any(|b| *b < 0x20) => Ok(name),
        _ => Err(crate::error::fail(
            crate::Rule::Syntax,
            format!(
                "member name {:?} is not valid: it holds control characters or is not UTF-8",
                String::from_utf8_lossy(key)
            ),
        )),
    }
}

/// A member of a shape declared with `#[shapes]`, found by [`member_key`] of its Rust field
/// name: how a family whose `subject` path, or a `#[describe]` path, leads into a shared shape
/// learns the member's type and wire name at compile time.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no member of that name, or is not a shared struct",
    label = "not a field of a struct declared with `#[shapes]`",
    note = "a path into a shared shape names, step by step, the Rust fields of structs declared with `#[shapes]`: see the declaration of `{Self}`"
)]
pub trait Member<const KEY: u64> {
    /// The field's Rust type.
    type Type;
    /// The type of the member's value: the field's type without `Option` and `Vec`. A
    /// `#[describe]` path goes on from here.
    type Value;
    /// The member's wire name as a JSON pointer reference token (escaped).
    const TOKEN: &'static str;
    /// The member's wire name.
    const NAME: &'static str;
    /// Whether the member must be present (it is not an `Option`).
    const REQUIRED: bool;
}

/// The wire name of the member `KEY` of `T`: a step of a `#[describe]` path. A call spanned at
/// the path makes a wrong step a compile error there.
pub const fn describe_step<T: Member<KEY>, const KEY: u64>() -> &'static str {
    T::NAME
}

/// The key of a field name in [`Member`]: FNV-1a, 64 bits. The macros compute the same.
pub const fn member_key(name: &str) -> u64 {
    let bytes = name.as_bytes();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < bytes.len() {
        hash ^= bytes[i] as u64;
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        i += 1;
    }
    hash
}

/// The total length of `parts`, for [`concat`].
pub const fn concat_len(parts: &[&str]) -> usize {
    let mut len = 0;
    let mut i = 0;
    while i < parts.len() {
        len += parts[i].len();
        i += 1;
    }
    len
}

/// The bytes of `parts` one after the other; `N` is [`concat_len`] of them.
pub const fn concat<const N: usize>(parts: &[&str]) -> [u8; N] {
    let mut out = [0u8; N];
    let mut at = 0;
    let mut i = 0;
    while i < parts.len() {
        let part = parts[i].as_bytes();
        let mut j = 0;
        while j < part.len() {
            out[at] = part[j];
            at += 1;
            j += 1;
        }
        i += 1;
    }
    out
}

/// Bytes made by [`concat`] from strings, as a string.
pub const fn utf8(bytes: &[u8]) -> &str {
    match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(_) => panic!("the parts were strings"),
    }
}
