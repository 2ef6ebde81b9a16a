//! Sets of events decoded by their `type`: the [`Family`] trait (one family, any version), the
//! [`Catalog`] trait and the [`catalog!`](crate::catalog!) macro that implements it over a list
//! of families. The entry points are [`decode()`](crate::decode()) and
//! [`decode_batch`](crate::decode_batch).

use crate::envelope::read::RawEvent;
use crate::{DecodeError, Ksuid, Rule, VersionInfo};

/// A set of event families: decodes any of their events by `type`.
///
/// Implemented by [`catalog!`](crate::catalog!).
pub trait Catalog: Sized {
    /// Every version of every family, families in declaration order, versions oldest first.
    fn versions() -> Vec<&'static VersionInfo>;

    /// Finishes decoding an event whose envelope has been read (called by the decoder).
    #[doc(hidden)]
    fn from_raw(raw: RawEvent<'_>) -> Result<Self, DecodeError>;

    /// Decodes, in one typed pass, an event whose `type` was read ahead as `event_type`;
    /// `None` when no family has a version of that type (called by the decoder).
    #[doc(hidden)]
    fn decode_type(event_type: &str, json: &[u8]) -> Option<Result<Self, DecodeError>>;

    /// The static facts about the version this event is.
    fn info(&self) -> &'static VersionInfo;

    /// The event's `id` (with its `source`, what identifies the notification).
    fn id(&self) -> &Ksuid;
}

/// An event family: an enum over its versions; implemented by the `#[family]` macro.
pub trait Family: Sized + serde::Serialize {
    /// The family name, e.g. `channel.parked`.
    const NAME: &'static str;

    /// Every version of the family, oldest first.
    const VERSIONS: &'static [&'static VersionInfo];

    /// Finishes decoding an event whose `type` names this family; a version the family does
    /// not have is a [`Rule::UnknownVersion`] error (called by the decoder).
    #[doc(hidden)]
    fn from_raw(raw: RawEvent<'_>) -> Result<Self, DecodeError>;

    /// Decodes, in one typed pass, an event whose `type` was read ahead as `event_type`;
    /// `None` when the family has no version of that type. The decoder checks the `type` again.
    #[doc(hidden)]
    fn decode_type(event_type: &str, json: &[u8]) -> Option<Result<Self, DecodeError>>;

    /// The static facts about the version this event is.
    fn info(&self) -> &'static VersionInfo;

    /// The event's `id` (with its `source`, what identifies the notification).
    fn id(&self) -> &Ksuid;
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
            fn from_raw(raw: $crate::__private::RawEvent<'_>) -> ::std::result::Result<Self, $crate::DecodeError> {
                let family = $crate::__private::split_type(raw.event_type()).0;
                $(
                    if family == <$family as $crate::Family>::NAME {
                        return <$family as $crate::Family>::from_raw(raw).map($name::$variant);
                    }
                )*
                ::std::result::Result::Err($crate::__private::unknown_family(
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

            fn id(&self) -> &$crate::Ksuid {
                match self {
                    $( $name::$variant(event) => $crate::Family::id(event), )*
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
