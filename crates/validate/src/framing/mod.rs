//! Splitting an input into events without parsing them: newline-delimited events, one JSON
//! document (possibly spread over many lines), several documents, or a CloudEvents batch (a
//! JSON array, split into its elements).
//!
//! The splitter is incremental: it is fed chunks and returns the events whose end it has seen,
//! and the next call resumes scanning where the last one stopped, so an event of any size is
//! scanned once. An event larger than the maximum size is reported as such and skipped
//! without being kept, so an input of any size (an endless one included) is read in bounded
//! memory.

mod detect;
mod scan;
mod splitter;
#[cfg(test)]
mod tests;

pub use detect::detect;
pub use splitter::Splitter;

/// The default maximum size of one event: 16 MiB.
pub const DEFAULT_MAX_EVENT_SIZE: usize = 16 << 20;

/// The UTF-8 byte order mark, which JSON text must not start with.
pub const BYTE_ORDER_MARK: &[u8] = b"\xEF\xBB\xBF";

/// How an input is laid out, decided from its first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// One event per line; a line that is not valid JSON is one bad event.
    Lines,
    /// JSON documents, each possibly spread over lines.
    Documents,
    /// A JSON array of events.
    Batch,
}

/// One event's bytes in the current chunk, and where it starts in the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Frame {
    /// Byte range in the chunk passed to [`Splitter::split`] (empty for an event that is
    /// [`too_large`](Frame::too_large)).
    pub start: usize,
    /// End of the byte range (exclusive).
    pub end: usize,
    /// Line (1-based) where the event starts.
    pub line: usize,
    /// Index of the event in a batch (`None` outside a batch).
    pub index: Option<usize>,
    /// The event is larger than the maximum event size: its bytes were skipped, not kept.
    pub too_large: bool,
}

/// A structural problem that ends an input early (only in a batch: the array is broken).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Broken {
    /// Line of the problem.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}
