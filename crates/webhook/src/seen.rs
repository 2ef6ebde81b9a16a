//! The bounded memory of stored deliveries (`source` + `id`), oldest forgotten first.

use std::collections::{HashSet, VecDeque};

use vcc_events::Ksuid;

/// What identifies a notification: its `source` (an index into the store's sources) and `id`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Key {
    pub(crate) source: u16,
    pub(crate) id: Ksuid,
}

/// The keys of the last `capacity` stored events.
pub(crate) struct Seen {
    order: VecDeque<Key>,
    keys: HashSet<Key>,
    capacity: usize,
}

impl Seen {
    /// An empty memory of at most `capacity` keys (at least one).
    pub(crate) fn new(capacity: usize) -> Self {
        let capacity = capacity.max(1);
        Seen {
            order: VecDeque::new(),
            keys: HashSet::new(),
            capacity,
        }
    }

    /// Whether `key` is remembered.
    pub(crate) fn contains(&self, key: &Key) -> bool {
        self.keys.contains(key)
    }

    /// Remembers `key`, forgetting the oldest key when full.
    pub(crate) fn insert(&mut self, key: Key) {
        if !self.keys.insert(key) {
            return;
        }
        if self.order.len() == self.capacity
            && let Some(oldest) = self.order.pop_front()
        {
            self.keys.remove(&oldest);
        }
        self.order.push_back(key);
    }

    /// How many keys are remembered.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.order.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(id: &str) -> Key {
        Key {
            source: 0,
            id: Ksuid::parse_bytes(id.as_bytes()).unwrap(),
        }
    }

    #[test]
    fn the_oldest_key_is_forgotten_first() {
        let mut seen = Seen::new(2);
        let [a, b, c] = [
            "2aRffDVJbosbADf1Kw2VY2Qub3A",
            "2aRffDVJbosbADf1Kw2VY2Qub3B",
            "2aRffDVJbosbADf1Kw2VY2Qub3C",
        ]
        .map(key);
        seen.insert(a);
        seen.insert(b);
        seen.insert(b);
        assert!(seen.contains(&a) && seen.contains(&b));
        seen.insert(c);
        assert!(!seen.contains(&a) && seen.contains(&b) && seen.contains(&c));
        assert_eq!(seen.len(), 2);
    }
}
