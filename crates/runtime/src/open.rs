//! [`Open`]: a string member whose documented values are known but whose set is open: the
//! platform may send a value it has not documented yet, and a reader must not break on it.

use std::fmt;

use crate::describe::{Describe, Shape};

/// A declared enum's values on the wire; implemented by the `#[family]` macro for every
/// declared enum, so that it can be the known part of an [`Open`] member.
pub trait WireEnum: Copy + Describe + 'static {
    /// The value whose wire text is `bytes`, if it is one of the declared values.
    fn from_wire(bytes: &[u8]) -> Option<Self>;

    /// The value on the wire.
    fn wire(self) -> &'static str;

    /// The shape of the enum as the known values of an open set: the same values, marked open.
    fn describe_open() -> Shape;
}

/// A string with known values `E` and an open set: any other string is kept as sent.
///
/// ```
/// # use vcc_events_runtime::{Open, WireEnum};
/// # fn reason(r: &Open<impl WireEnum + std::fmt::Debug>) {
/// match r.known() {
///     Some(known) => println!("a documented value: {known:?}"),
///     None => println!("a value the platform has not documented: {}", r.as_str()),
/// }
/// # }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Open<E> {
    /// One of the documented values.
    Known(E),
    /// Any other string, as sent.
    Other(String),
}

impl<E: WireEnum> Open<E> {
    /// The value for `text`: [`Open::Known`] when it is a documented value, so that one value
    /// has one representation.
    pub fn from_wire(text: &str) -> Self {
        match E::from_wire(text.as_bytes()) {
            Some(known) => Open::Known(known),
            None => Open::Other(text.to_owned()),
        }
    }

    /// The documented value, or `None` for any other string.
    pub fn known(&self) -> Option<E> {
        match self {
            Open::Known(known) => Some(*known),
            Open::Other(_) => None,
        }
    }

    /// The value on the wire.
    pub fn as_str(&self) -> &str {
        match self {
            Open::Known(known) => known.wire(),
            Open::Other(text) => text,
        }
    }
}

impl<E: WireEnum> From<E> for Open<E> {
    fn from(known: E) -> Self {
        Open::Known(known)
    }
}

impl<E: WireEnum> fmt::Display for Open<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl<E: WireEnum> serde::Serialize for Open<E> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de, E: WireEnum> serde::Deserialize<'de> for Open<E> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor<E>(std::marker::PhantomData<E>);
        impl<E: WireEnum> serde::de::Visitor<'_> for Visitor<E> {
            type Value = Open<E>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<Er: serde::de::Error>(self, text: &str) -> Result<Open<E>, Er> {
                Ok(Open::from_wire(text))
            }
        }
        deserializer.deserialize_str(Visitor(std::marker::PhantomData))
    }
}

impl<E: WireEnum> Describe for Open<E> {
    fn describe() -> Shape {
        E::describe_open()
    }
}
