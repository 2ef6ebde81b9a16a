//! The bounded memory of stored deliveries (`source` + `id`), oldest forgotten first: a ring of
//! compact keys and a hash index of ring positions, about 32 bytes per remembered id
//! (measured: 32 MB for 1,000,000).

use std::hash::{BuildHasher, RandomState};

use hashbrown::HashTable;
use vcc_events::Ksuid;

/// What identifies a notification: its `source` (an index into the store's sources) and its
/// `id` as the 20 bytes a KSUID encodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Key {
    id: [u8; 20],
    source: u16,
}

impl Key {
    /// The key of `id` from the source numbered `source`.
    pub(crate) fn new(source: u16, id: &Ksuid) -> Self {
        Key {
            id: id.to_bytes(),
            source,
        }
    }

    /// The key of an id already turned into its bytes by [`Ksuid::to_bytes`].
    pub(crate) fn from_bytes(source: u16, id: [u8; 20]) -> Self {
        Key { id, source }
    }
}

/// The keys of the last `capacity` stored events.
pub(crate) struct Seen {
    /// Keys in arrival order; once full, `oldest` is overwritten next.
    ring: Vec<Key>,
    oldest: usize,
    /// Positions in `ring`, hashed by their key.
    index: HashTable<u32>,
    hasher: RandomState,
    capacity: usize,
}

impl Seen {
    /// An empty memory of at most `capacity` keys (at least one, at most `u32::MAX`).
    pub(crate) fn new(capacity: usize) -> Self {
        Seen {
            ring: Vec::new(),
            oldest: 0,
            index: HashTable::new(),
            hasher: RandomState::new(),
            capacity: capacity.clamp(1, u32::MAX as usize),
        }
    }

    /// Whether `key` is remembered.
    pub(crate) fn contains(&self, key: &Key) -> bool {
        let ring = &self.ring;
        self.index
            .find(self.hasher.hash_one(key), |&i| ring[i as usize] == *key)
            .is_some()
    }

    /// Remembers `key`, forgetting the oldest key when full.
    pub(crate) fn insert(&mut self, key: Key) {
        if self.contains(&key) {
            return;
        }
        let Seen {
            ring,
            oldest,
            index,
            hasher,
            capacity,
        } = self;
        let position = if ring.len() < *capacity {
            ring.push(key);
            ring.len() - 1
        } else {
            let position = *oldest;
            let forgotten = ring[position];
            if let Ok(entry) =
                index.find_entry(hasher.hash_one(forgotten), |&i| i as usize == position)
            {
                entry.remove();
            }
            ring[position] = key;
            *oldest = (position + 1) % *capacity;
            position
        };
        index.insert_unique(hasher.hash_one(key), position as u32, |&i| {
            hasher.hash_one(ring[i as usize])
        });
    }

    /// How many keys are remembered.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.index.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(id: &str) -> Key {
        Key::new(0, &Ksuid::parse_bytes(id.as_bytes()).unwrap())
    }

    #[test]
    fn the_oldest_key_is_forgotten_first() {
        let mut seen = Seen::new(2);
        let [a, b, c, d] = [
            "2aRffDVJbosbADf1Kw2VY2Qub3A",
            "2aRffDVJbosbADf1Kw2VY2Qub3B",
            "2aRffDVJbosbADf1Kw2VY2Qub3C",
            "2aRffDVJbosbADf1Kw2VY2Qub3D",
        ]
        .map(key);
        seen.insert(a);
        seen.insert(b);
        seen.insert(b);
        assert!(seen.contains(&a) && seen.contains(&b));
        seen.insert(c);
        assert!(!seen.contains(&a) && seen.contains(&b) && seen.contains(&c));
        seen.insert(d);
        assert!(!seen.contains(&b) && seen.contains(&c) && seen.contains(&d));
        assert_eq!(seen.len(), 2);
    }

    #[test]
    fn a_key_is_the_ksuid_number_and_the_source() {
        let zero = Ksuid::parse_bytes(b"000000000000000000000000000").unwrap();
        let max = Ksuid::parse_bytes(Ksuid::MAX.as_bytes()).unwrap();
        let one = Ksuid::parse_bytes(b"000000000000000000000000001").unwrap();
        assert_eq!(zero.to_bytes(), [0; 20]);
        assert_eq!(max.to_bytes(), [0xff; 20]);
        assert_eq!(one.to_bytes()[19], 1);
        assert_ne!(Key::new(0, &one), Key::new(1, &one));
    }
}
