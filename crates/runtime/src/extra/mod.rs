//! [`Extra`]: members a type does not declare, and the order members arrived in.
//!
//! Readers are tolerant: an object may carry members a later compatible version added, and the
//! envelope may carry CloudEvents extension attributes. Both are kept, verbatim, so that
//! decoding then encoding an event gives back the same bytes, member order included.

mod recorder;

use serde::ser::SerializeMap;
use serde_json::value::RawValue;

pub use recorder::Recorder;

/// Members an object carried beyond its declared ones, with the order all members arrived in.
///
/// `Extra::default()` is right for a value built in code: declared members are written in
/// declaration order, followed by any members added with [`Extra::insert`]. The common case,
/// nothing undeclared and declaration order, takes one word and no allocation.
#[derive(Clone, Debug, Default)]
pub struct Extra(Option<Box<Members>>);

/// The undeclared members and the arrival order, when there is something to keep.
#[derive(Clone, Debug, Default)]
struct Members {
    members: Vec<(Box<str>, Box<RawValue>)>,
    /// Empty when members arrived in declaration order with the undeclared ones last; else
    /// the arrival order.
    order: Vec<Slot>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Slot {
    Known(u8),
    Extra(u32),
}

impl PartialEq for Extra {
    fn eq(&self, other: &Self) -> bool {
        let empty = Members::default();
        let a = self.0.as_deref().unwrap_or(&empty);
        let b = other.0.as_deref().unwrap_or(&empty);
        a == b
    }
}

impl PartialEq for Members {
    fn eq(&self, other: &Self) -> bool {
        self.members.len() == other.members.len()
            && self
                .members
                .iter()
                .zip(&other.members)
                .all(|((a, x), (b, y))| a == b && x.get() == y.get())
            && self.order == other.order
    }
}

impl Extra {
    /// The undeclared members, in arrival order, with their JSON text.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &RawValue)> {
        self.0
            .iter()
            .flat_map(|m| m.members.iter().map(|(k, v)| (&**k, &**v)))
    }

    /// The JSON text of the undeclared member `name`.
    pub fn get(&self, name: &str) -> Option<&RawValue> {
        self.iter().find(|(k, _)| *k == name).map(|(_, v)| v)
    }

    /// Whether there are no undeclared members.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The number of undeclared members.
    pub fn len(&self) -> usize {
        self.0.as_ref().map_or(0, |m| m.members.len())
    }

    /// Adds (or replaces) an undeclared member; a new one is written after all others.
    pub fn insert(&mut self, name: &str, value: &impl serde::Serialize) -> serde_json::Result<()> {
        let value = serde_json::value::to_raw_value(value)?;
        self.0
            .get_or_insert_with(Default::default)
            .insert(name, value);
        Ok(())
    }

    /// Removes an undeclared member and returns its JSON text.
    pub fn remove(&mut self, name: &str) -> Option<Box<RawValue>> {
        self.0.as_mut()?.remove(name)
    }

    /// Carries undeclared members into the next version of a type: members that version
    /// declares are dropped (they would be written twice), and declaration order is used.
    pub fn upgrade(mut self, declared: &[&str]) -> Extra {
        if let Some(m) = self.0.as_mut() {
            m.members.retain(|(k, _)| !declared.contains(&&**k));
            m.order.clear();
            if m.members.is_empty() {
                self.0 = None;
            }
        }
        self
    }

    /// Writes the members of an object: the declared ones through `known` (called with the
    /// index of each declared member, which writes it if present) and the undeclared ones,
    /// in arrival order.
    #[inline]
    pub fn serialize_members<M, F>(
        &self,
        map: &mut M,
        known_count: u8,
        mut known: F,
    ) -> Result<(), M::Error>
    where
        M: SerializeMap,
        F: FnMut(&mut M, u8) -> Result<(), M::Error>,
    {
        match &self.0 {
            None => (0..known_count).try_for_each(|i| known(map, i)),
            Some(m) => m.serialize_members(map, known_count, known),
        }
    }
}

impl Members {
    fn insert(&mut self, name: &str, value: Box<RawValue>) {
        if let Some(slot) = self.members.iter_mut().find(|(k, _)| &**k == name) {
            slot.1 = value;
        } else {
            if !self.order.is_empty() {
                self.order.push(Slot::Extra(self.members.len() as u32));
            }
            self.members.push((name.into(), value));
        }
    }

    fn remove(&mut self, name: &str) -> Option<Box<RawValue>> {
        let index = self.members.iter().position(|(k, _)| &**k == name)?;
        let removed = self.members.remove(index).1;
        if !self.order.is_empty() {
            let index = index as u32;
            self.order.retain(|s| *s != Slot::Extra(index));
            for slot in &mut self.order {
                if let Slot::Extra(i) = slot
                    && *i > index
                {
                    *i -= 1;
                }
            }
        }
        Some(removed)
    }

    fn serialize_members<M, F>(
        &self,
        map: &mut M,
        known_count: u8,
        mut known: F,
    ) -> Result<(), M::Error>
    where
        M: SerializeMap,
        F: FnMut(&mut M, u8) -> Result<(), M::Error>,
    {
        if self.order.is_empty() {
            for i in 0..known_count {
                known(map, i)?;
            }
            for (k, v) in &self.members {
                map.serialize_entry(&**k, &**v)?;
            }
            return Ok(());
        }
        let mut written: u64 = 0;
        let mut extras_written = 0usize;
        for slot in &self.order {
            match *slot {
                Slot::Known(i) if i < known_count => {
                    written |= 1 << i;
                    known(map, i)?;
                }
                Slot::Known(_) => {}
                Slot::Extra(i) => {
                    if let Some((k, v)) = self.members.get(i as usize) {
                        extras_written += 1;
                        map.serialize_entry(&**k, &**v)?;
                    }
                }
            }
        }
        // Declared members set after decoding, then members added after decoding.
        for i in (0..known_count).filter(|i| written & (1 << i) == 0) {
            known(map, i)?;
        }
        if extras_written < self.members.len() {
            let referenced: Vec<u32> = self
                .order
                .iter()
                .filter_map(|s| match s {
                    Slot::Extra(i) => Some(*i),
                    Slot::Known(_) => None,
                })
                .collect();
            for (i, (k, v)) in self.members.iter().enumerate() {
                if !referenced.contains(&(i as u32)) {
                    map.serialize_entry(&**k, &**v)?;
                }
            }
        }
        Ok(())
    }
}
