//! The duplicate memory shared by the file store's askers and its writer: the ids of the
//! stored events and the sources they name.

use vcc_events::Ksuid;

use crate::seen::{Key, Seen};

/// The ids of the stored events and the sources they name; shared by the writer (which adds
/// keys once synced) and the askers (who answer a known repeat at once).
pub(super) struct Memory {
    pub(super) seen: Seen,
    pub(super) sources: Sources,
}

impl Memory {
    pub(super) fn key(&mut self, source: &str, id: Ksuid) -> Key {
        Key::new(self.sources.index(source), &id)
    }
}

/// The `source`s seen, numbered so that a key is small.
#[derive(Default)]
pub(super) struct Sources(Vec<String>);

impl Sources {
    pub(super) fn index(&mut self, source: &str) -> u16 {
        if let Some(i) = self.0.iter().position(|s| s == source) {
            return i as u16;
        }
        // A catalog has a handful of sources; a file with more than 65,535 shares the last.
        if self.0.len() < usize::from(u16::MAX) {
            self.0.push(source.to_owned());
        }
        (self.0.len() - 1) as u16
    }
}
