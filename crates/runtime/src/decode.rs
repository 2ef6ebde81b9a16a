//! The decoder's front door: every way to decode, and the checks every way shares.
//!
//! - [`event`]: one event of a known version ([`CloudEvent::from_slice`]);
//! - [`any`]: one event of any family of a [`Catalog`] (re-exported as [`crate::decode()`]);
//! - [`family`]: one event of one family, at any of its versions (the family enums'
//!   `from_slice`);
//! - [`batch`]: a CloudEvents batch, every item on its own ([`crate::decode_batch`]).
//!
//! An event whose `type` comes first (as the platform sends it) is decoded typed in one pass;
//! any other is read as a [`RawEvent`] first and finished once its `type` has chosen the version.

use serde_json::value::RawValue;

use crate::catalog::{Catalog, Family, split_type};
use crate::envelope::CloudEvent;
use crate::envelope::read::RawEvent;
use crate::{DecodeError, EventData, Rule, error};

impl<D: EventData> CloudEvent<D> {
    /// Decodes and validates one event of this version from JSON bytes.
    #[inline]
    pub fn from_slice(json: &[u8]) -> Result<Self, DecodeError> {
        event(json)
    }

    /// Decodes and validates one event of this version from JSON text.
    pub fn from_json(json: &str) -> Result<Self, DecodeError> {
        event(json.as_bytes())
    }
}

/// Decodes and validates one event of version `D`.
#[inline]
pub(crate) fn event<D: EventData>(json: &[u8]) -> Result<CloudEvent<D>, DecodeError> {
    check_not_empty(json)?;
    error::scoped(|| serde_json::from_slice(json))
}

/// Decodes and validates one event of any family in catalog `C`.
///
/// An unknown family and a known family at an unknown version are different errors
/// ([`Rule::UnknownFamily`], [`Rule::UnknownVersion`]), both at `/type`.
#[inline]
pub fn any<C: Catalog>(json: &[u8]) -> Result<C, DecodeError> {
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

/// Decodes one event of family `F`, at any of its versions.
pub fn family<F: Family>(json: &[u8]) -> Result<F, DecodeError> {
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

/// Decodes a CloudEvents batch (a JSON array of events): every item is decoded on its own,
/// and every bad item is reported (its pointer starts with its index).
///
/// Fails as a whole only when the input is not a JSON array.
pub fn batch<C: Catalog>(json: &[u8]) -> Result<Vec<Result<C, DecodeError>>, DecodeError> {
    check_not_empty(json)?;
    let items: Vec<&RawValue> = error::scoped(|| serde_json::from_slice(json)).map_err(|e| {
        if e.rule() == Rule::Syntax {
            e
        } else {
            DecodeError::new("", Rule::Type, "a batch must be a JSON array of events")
        }
    })?;
    Ok(items
        .into_iter()
        .enumerate()
        .map(|(i, item)| any::<C>(item.get().as_bytes()).map_err(|e| e.prefixed(&format!("/{i}"))))
        .collect())
}

/// Refuses an input with nothing but whitespace in it.
fn check_not_empty(json: &[u8]) -> Result<(), DecodeError> {
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

/// The `type` of an event whose first members are plain strings (no escapes) and include
/// `type` (as the platform sends them: `specversion`, then `type`); `None` otherwise. Only a
/// hint: the typed decoder checks the `type` it reads.
#[inline]
fn sniff_type(json: &[u8]) -> Option<&str> {
    // The platform's own (minified) order first: `specversion`, then `type`.
    const CANONICAL: &[u8] = br#"{"specversion":"1.0","type":""#;
    if let Some(tail) = json.strip_prefix(CANONICAL) {
        let end = tail
            .iter()
            .position(|b| matches!(b, b'"' | b'\\' | 0..=0x1f))?;
        return (tail[end] == b'"')
            .then(|| std::str::from_utf8(&tail[..end]).ok())
            .flatten();
    }
    let mut rest = json;
    let skip_ws = |rest: &mut &[u8]| {
        let n = rest.iter().take_while(|b| b.is_ascii_whitespace()).count();
        *rest = &rest[n..];
    };
    let eat = |rest: &mut &[u8], byte: u8| -> Option<()> {
        skip_ws(rest);
        let (first, tail) = rest.split_first()?;
        (*first == byte).then(|| *rest = tail)
    };
    // A string with no escapes and no control characters (anything else: give up).
    let string = |rest: &mut &'_ [u8]| -> Option<usize> {
        skip_ws(rest);
        let (first, tail) = rest.split_first()?;
        if *first != b'"' {
            return None;
        }
        let end = tail
            .iter()
            .position(|b| matches!(b, b'"' | b'\\' | 0..=0x1f))?;
        (tail[end] == b'"').then_some(end)
    };
    eat(&mut rest, b'{')?;
    for _ in 0..4 {
        let key_len = string(&mut rest)?;
        let key = &rest[1..1 + key_len];
        rest = &rest[key_len + 2..];
        eat(&mut rest, b':')?;
        let value_len = string(&mut rest)?;
        let value = &rest[1..1 + value_len];
        rest = &rest[value_len + 2..];
        if key == b"type" {
            return std::str::from_utf8(value).ok();
        }
        eat(&mut rest, b',')?;
    }
    None
}
