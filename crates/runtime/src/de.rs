//! Values the decoders read with serde: text and bytes borrowed from the input where possible,
//! arrays whose element errors name the index, and checked names of undeclared members.

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
