//! [`Recorder`]: what the decoders note while they read an object, which becomes its [`Extra`].

use serde_json::value::RawValue;

use super::{Extra, Members, Slot};
use crate::Rule;
use crate::minify::minify;
use crate::nesting::{self, Level, MAX_DEPTH};

/// Records, while an object is decoded, which members arrived in which order, and keeps the
/// members it does not declare (within the nesting limit).
pub struct Recorder {
    seen: u64,
    last_known: Option<u8>,
    in_order: bool,
    extra: Members,
    level: Level,
}

impl Default for Recorder {
    fn default() -> Self {
        Recorder::new()
    }
}

impl Recorder {
    /// A recorder for a new object, one level inside the object being decoded.
    pub fn new() -> Self {
        Recorder {
            seen: 0,
            last_known: None,
            in_order: true,
            extra: Members::default(),
            level: Level::enter(),
        }
    }

    /// Notes declared member `index` (at most 63); returns `false` if it was already seen.
    #[inline]
    pub fn known(&mut self, index: u8) -> bool {
        let bit = 1u64 << index;
        if self.seen & bit != 0 {
            return false;
        }
        if self.in_order {
            let ascending = self.last_known.is_none_or(|last| index > last);
            if ascending && self.extra.members.is_empty() {
                self.seen |= bit;
                self.last_known = Some(index);
                return true;
            }
            self.materialize();
        }
        self.seen |= bit;
        self.extra.order.push(Slot::Known(index));
        true
    }

    /// Whether an undeclared member of that name was kept already.
    pub fn has_extra(&self, name: &str) -> bool {
        self.extra.members.iter().any(|(k, _)| &**k == name)
    }

    /// Notes an undeclared member and keeps its JSON text (minified). Fails when a member of
    /// that name was already seen ([`Rule::Duplicate`]), or when the value nests past the
    /// limit ([`Rule::Depth`], at the first container too deep).
    pub fn extra<E: serde::de::Error>(
        &mut self,
        name: &str,
        value: Box<RawValue>,
    ) -> Result<(), E> {
        if self.has_extra(name) {
            return Err(crate::error::fail_at_owned(
                name,
                Rule::Duplicate,
                format!("member `{name}` appears twice"),
            ));
        }
        let budget = MAX_DEPTH.saturating_sub(self.level.depth());
        if let Err(steps) = nesting::check(value.get(), budget) {
            return Err(crate::error::fail_below(
                name,
                &steps,
                Rule::Depth,
                format!(
                    "arrays and objects nest deeper than {MAX_DEPTH} levels here: JSON parsers and validators refuse such input"
                ),
            ));
        }
        let value = minify(value);
        if !self.in_order {
            self.extra
                .order
                .push(Slot::Extra(self.extra.members.len() as u32));
        }
        self.extra.members.push((name.into(), value));
        Ok(())
    }

    /// Switches from "declaration order so far" to an explicit order.
    fn materialize(&mut self) {
        self.in_order = false;
        let mut order: Vec<Slot> = (0..64u8)
            .filter(|i| self.seen & (1 << i) != 0 && Some(*i) <= self.last_known)
            .map(Slot::Known)
            .collect();
        order.extend((0..self.extra.members.len() as u32).map(Slot::Extra));
        self.extra.order = order;
    }

    /// The undeclared members and the arrival order.
    #[inline]
    pub fn finish(self) -> Extra {
        if self.extra.members.is_empty() && self.extra.order.is_empty() {
            Extra(None)
        } else {
            Extra(Some(Box::new(self.extra)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(s: &str) -> Box<RawValue> {
        RawValue::from_string(s.to_owned()).unwrap()
    }

    #[test]
    fn in_order_members_record_no_order() {
        let mut r = Recorder::new();
        assert!(r.known(0));
        assert!(r.known(2));
        assert!(r.extra::<serde_json::Error>("x", raw("1")).is_ok());
        assert!(r.finish().0.is_some_and(|m| m.order.is_empty()));
    }

    #[test]
    fn nothing_undeclared_in_order_allocates_nothing() {
        let mut r = Recorder::new();
        assert!(r.known(0));
        assert!(r.known(1));
        assert!(r.finish().0.is_none());
    }

    #[test]
    fn out_of_order_members_record_arrival_order() {
        let mut r = Recorder::new();
        r.known(1);
        r.extra::<serde_json::Error>("x", raw("1")).unwrap();
        r.known(0);
        let extra = r.finish().0.expect("an order is kept");
        assert_eq!(
            extra.order,
            vec![Slot::Known(1), Slot::Extra(0), Slot::Known(0)]
        );
    }

    #[test]
    fn duplicates_are_refused() {
        let mut r = Recorder::new();
        assert!(r.known(3));
        assert!(!r.known(3));
        assert!(r.extra::<serde_json::Error>("x", raw("1")).is_ok());
        assert!(r.extra::<serde_json::Error>("x", raw("2")).is_err());
    }
}
