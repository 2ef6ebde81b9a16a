//! Decoding any known event by its `type`: the [`Catalog`] trait, the [`catalog!`](crate::catalog!) macro that
//! implements it over a list of families, and batches.

use serde_json::value::RawValue;

use crate::envelope::{RawEvent, sniff_type};
use crate::{DecodeError, Family, Rule, VersionInfo};

/// A set of event families: decodes any of their events by `type`.
///
/// Implemented by [`catalog!`](crate::catalog!).
pub trait Catalog: Sized {
    /// Every version of every family, families in declaration order, versions oldest first.
    fn versions() -> Vec<&'static VersionInfo>;

    /// Finishes decoding an event whose envelope has been read.
    fn from_raw(raw: RawEvent<'_>) -> Result<Self, DecodeError>;

    /// Decodes, in one typed pass, an event whose `type` was read ahead as `event_type`;
    /// `None` when no family has a version of that type.
    fn decode_type(event_type: &str, json: &[u8]) -> Option<Result<Self, DecodeError>>;

    /// The static facts about the version this event is.
    fn info(&self) -> &'static VersionInfo;
}

/// Decodes and validates one event of any family in catalog `C`.
///
/// An unknown family and a known family at an unknown version are different errors
/// ([`Rule::UnknownFamily`], [`Rule::UnknownVersion`]), both at `/type`.
#[inline]
pub fn decode<C: Catalog>(json: &[u8]) -> Result<C, DecodeError> {
    check_not_empty(json)?;
    if first_byte(json) == Some(b'[') {
        return Err(DecodeError::new(
            "",
            Rule::Type,
            "this is a batch (a JSON array of events): decode it as a batch",
        ));
    }
    // The `type` comes first (as the platform sends it): decode typed in one pass. Otherwise,
    // or for an unknown type, read the envelope first, which reports its own problems first.
    if let Some(result) = sniff_type(json).and_then(|t| C::decode_type(t, json)) {
        return result;
    }
    C::from_raw(RawEvent::read(json)?)
}

/// Decodes a CloudEvents batch (a JSON array of events): every item is decoded on its own,
/// and every bad item is reported (its pointer starts with its index).
///
/// Fails as a whole only when the input is not a JSON array.
pub fn decode_batch<C: Catalog>(json: &[u8]) -> Result<Vec<Result<C, DecodeError>>, DecodeError> {
    check_not_empty(json)?;
    crate::error::reset();
    let items: Vec<&RawValue> = serde_json::from_slice(json).map_err(|e| {
        let e = DecodeError::from_json(e);
        if e.rule() == Rule::Syntax {
            e
        } else {
            DecodeError::new("", Rule::Type, "a batch must be a JSON array of events")
        }
    })?;
    Ok(items
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            decode::<C>(item.get().as_bytes()).map_err(|e| e.prefixed(&format!("/{i}")))
        })
        .collect())
}

/// Decodes one event of family `F`; used by the family enums.
pub fn decode_family<F: Family>(json: &[u8]) -> Result<F, DecodeError> {
    check_not_empty(json)?;
    if let Some(result) = sniff_type(json).and_then(|t| F::decode_type(t, json)) {
        return result;
    }
    let raw = RawEvent::read(json)?;
    if split_type(raw.event_type()).0 != F::NAME {
        return Err(DecodeError::new(
            "/type",
            Rule::Const,
            format!(
                "`type` must be an event of family {}, found {:?}",
                F::NAME,
                raw.event_type()
            ),
        ));
    }
    F::from_raw(raw)
}

/// Splits a `type` into family and version at its last dot (`channel.parked`, `v0`).
pub fn split_type(event_type: &str) -> (&str, &str) {
    event_type.rsplit_once('.').unwrap_or((event_type, ""))
}

/// The error for a `type` whose family the catalog does not know.
pub fn unknown_family(event_type: &str, known: &[&str]) -> DecodeError {
    DecodeError::new(
        "/type",
        Rule::UnknownFamily,
        format!(
            "unknown event type {event_type:?}: no family {:?} in this catalog (known families: {})",
            split_type(event_type).0,
            known.join(", ")
        ),
    )
}

/// The error for a known family at a version the catalog does not know.
pub fn unknown_version(family: &str, version: &str, known: &[&VersionInfo]) -> DecodeError {
    let known: Vec<&str> = known.iter().map(|v| v.version).collect();
    DecodeError::new(
        "/type",
        Rule::UnknownVersion,
        format!(
            "family {family} has no version {version:?} (known versions: {})",
            known.join(", ")
        ),
    )
}

pub(crate) fn check_not_empty(json: &[u8]) -> Result<(), DecodeError> {
    match first_byte(json) {
        Some(_) => Ok(()),
        None => Err(DecodeError::new(
            "",
            Rule::Empty,
            "the input is empty: expected a CloudEvent",
        )),
    }
}

fn first_byte(json: &[u8]) -> Option<u8> {
    json.iter().copied().find(|b| !b.is_ascii_whitespace())
}

/// Declares the enum of every event a catalog knows, and implements [`Catalog`] for it.
///
/// ```ignore
/// vcc_events_runtime::catalog! {
///     /// Any event this catalog knows.
///     pub enum AnyEvent {
///         /// `channel.parked`, any version.
///         ChannelParked(channel_parked::ChannelParked),
///     }
/// }
/// ```
#[macro_export]
macro_rules! catalog {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident($family:ty) ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant($family), )*
        }

        impl $crate::Catalog for $name {
            fn versions() -> ::std::vec::Vec<&'static $crate::VersionInfo> {
                let mut all = ::std::vec::Vec::new();
                $( all.extend_from_slice(<$family as $crate::Family>::VERSIONS); )*
                all
            }

            #[inline]
            fn from_raw(raw: $crate::envelope::RawEvent<'_>) -> ::std::result::Result<Self, $crate::DecodeError> {
                let family = $crate::catalog::split_type(raw.event_type()).0;
                $(
                    if family == <$family as $crate::Family>::NAME {
                        return <$family as $crate::Family>::from_raw(raw).map($name::$variant);
                    }
                )*
                ::std::result::Result::Err($crate::catalog::unknown_family(
                    raw.event_type(),
                    &[$( <$family as $crate::Family>::NAME ),*],
                ))
            }

            #[inline]
            fn decode_type(event_type: &str, json: &[u8]) -> ::std::option::Option<::std::result::Result<Self, $crate::DecodeError>> {
                $(
                    if let ::std::option::Option::Some(result) = <$family as $crate::Family>::decode_type(event_type, json) {
                        return ::std::option::Option::Some(result.map($name::$variant));
                    }
                )*
                ::std::option::Option::None
            }

            fn info(&self) -> &'static $crate::VersionInfo {
                match self {
                    $( $name::$variant(event) => $crate::Family::info(event), )*
                }
            }
        }

        $crate::__undeclared_for_catalog!($name $(, $variant)*);

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    $( $name::$variant(event) => event.serialize(serializer), )*
                }
            }
        }

        impl $name {
            /// Decodes and validates one event of any known family and version.
            pub fn from_slice(json: &[u8]) -> ::std::result::Result<Self, $crate::DecodeError> {
                $crate::decode(json)
            }

            /// Decodes a CloudEvents batch (a JSON array); every item is decoded on its own.
            pub fn from_batch(json: &[u8]) -> ::std::result::Result<::std::vec::Vec<::std::result::Result<Self, $crate::DecodeError>>, $crate::DecodeError> {
                $crate::decode_batch(json)
            }

            /// The CloudEvents `type` of this event.
            pub fn event_type(&self) -> &'static str {
                $crate::Catalog::info(self).event_type
            }

            /// Encodes the event as compact JSON.
            pub fn to_json(&self) -> ::std::string::String {
                $crate::__private::serde_json::to_string(self).unwrap_or_default()
            }
        }
    };
}
