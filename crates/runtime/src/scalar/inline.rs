//! A short ASCII string stored inline, the storage of every scalar type.

/// Up to `N` bytes of ASCII text, stored without allocating.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct InlineStr<const N: usize> {
    len: u8,
    bytes: [u8; N],
}

impl<const N: usize> InlineStr<N> {
    /// Copies `s`, which the caller has checked is ASCII and at most `N` bytes long.
    pub(crate) fn new(s: &[u8]) -> Self {
        let mut bytes = [0u8; N];
        let len = s.len().min(N);
        bytes[..len].copy_from_slice(&s[..len]);
        InlineStr {
            len: len as u8,
            bytes,
        }
    }

    pub(crate) fn as_str(&self) -> &str {
        // Only ASCII is ever stored (every scalar validates before calling `new`).
        std::str::from_utf8(&self.bytes[..self.len as usize]).unwrap_or_default()
    }
}
