//! The incremental splitter: finds the events of each chunk for each layout, carries an
//! unfinished event over to the next chunk and skips one over the maximum size.

use super::scan::Scan;
use super::{BYTE_ORDER_MARK, Broken, DEFAULT_MAX_EVENT_SIZE, Frame, Layout};

/// The event being scanned: where it starts in the unconsumed bytes, on which line, and how
/// far its nesting has been followed.
#[derive(Clone, Copy, Debug)]
struct Pending {
    start: usize,
    line: usize,
    scan: Scan,
}

/// State of an input between chunks.
#[derive(Debug)]
pub struct Splitter {
    layout: Layout,
    max_event_size: usize,
    /// Line number at the point where the next call resumes scanning.
    line: usize,
    /// Where the next call resumes scanning, counted from the first unconsumed byte.
    resume: usize,
    /// The event whose end has not been seen yet (documents and batches).
    pending: Option<Pending>,
    /// The rest of an event larger than the maximum size is being skipped.
    skipping: bool,
    /// In a batch: before the opening bracket, between elements, or done.
    batch: BatchState,
    next_index: usize,
    /// Frames found by one call, at most.
    max_frames: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BatchState {
    Open,
    Element,
    Separator,
    Done,
}

impl Splitter {
    /// A splitter for an input of `layout`, starting on line 1, with the default maximum event
    /// size ([`DEFAULT_MAX_EVENT_SIZE`]).
    pub fn new(layout: Layout) -> Self {
        Splitter {
            layout,
            max_event_size: DEFAULT_MAX_EVENT_SIZE,
            line: 1,
            resume: 0,
            pending: None,
            skipping: false,
            batch: BatchState::Open,
            next_index: 0,
            max_frames: usize::MAX,
        }
    }

    /// One call finds at most `frames` events (at least 1) and stops after the last one; the
    /// caller hands them on and calls again with the bytes that were not consumed.
    pub fn with_max_frames(mut self, frames: usize) -> Self {
        self.max_frames = frames.max(1);
        self
    }

    /// Whether `frames` holds as many events as one call may find.
    fn full(&self, frames: &[Frame]) -> bool {
        frames.len() >= self.max_frames
    }

    /// Events larger than `bytes` are reported [`too_large`](Frame::too_large) and skipped.
    pub fn with_max_event_size(mut self, bytes: usize) -> Self {
        self.max_event_size = bytes;
        self
    }

    /// The first chunk starts on `line` (1-based): lines before it were blank.
    pub fn starting_at_line(mut self, line: usize) -> Self {
        self.line = line;
        self
    }

    /// Finds the complete events in `chunk`, which starts with the bytes the previous call
    /// did not consume, followed by new bytes. Returns how many bytes were consumed: the
    /// caller keeps the rest for the next call, which resumes scanning where this one stopped.
    /// With `at_eof`, everything left is one last (possibly truncated) event.
    pub fn split(
        &mut self,
        chunk: &[u8],
        at_eof: bool,
        frames: &mut Vec<Frame>,
    ) -> Result<usize, Broken> {
        match self.layout {
            Layout::Lines => Ok(self.split_lines(chunk, at_eof, frames)),
            Layout::Documents => Ok(self.split_documents(chunk, at_eof, frames)),
            Layout::Batch => self.split_batch(chunk, at_eof, frames),
        }
    }

    /// The frame of an event `start..end` of the chunk, or of a skipped one if it is too large.
    fn frame(&self, start: usize, end: usize, line: usize, index: Option<usize>) -> Frame {
        let too_large = end - start > self.max_event_size;
        Frame {
            start: if too_large { end } else { start },
            end,
            line,
            index,
            too_large,
        }
    }

    fn split_lines(&mut self, chunk: &[u8], at_eof: bool, frames: &mut Vec<Frame>) -> usize {
        let mut pos = 0;
        let mut search = self.resume.min(chunk.len());
        loop {
            let end = match memchr::memchr(b'\n', &chunk[search..]) {
                Some(n) => search + n,
                None if at_eof && pos < chunk.len() => chunk.len(),
                None => break,
            };
            if self.skipping {
                self.skipping = false;
            } else if chunk[pos..end].iter().any(|b| !b.is_ascii_whitespace()) {
                frames.push(self.frame(pos, end, self.line, None));
            }
            self.line += 1;
            pos = (end + 1).min(chunk.len());
            search = pos;
            if self.full(frames) {
                self.resume = 0;
                return pos;
            }
        }
        if !self.skipping && chunk.len() - pos > self.max_event_size {
            frames.push(self.frame(pos, chunk.len(), self.line, None));
            self.skipping = true;
        }
        if self.skipping {
            self.resume = 0;
            return chunk.len();
        }
        self.resume = chunk.len() - pos;
        pos
    }

    /// Ends the pending event at `end`: its frame, unless it was being skipped (its frame is
    /// out already).
    fn finish(
        &mut self,
        pending: Pending,
        end: usize,
        index: Option<usize>,
        frames: &mut Vec<Frame>,
    ) {
        if self.skipping {
            self.skipping = false;
        } else {
            frames.push(self.frame(pending.start, end, pending.line, index));
            if index.is_some() {
                self.next_index += 1;
            }
        }
    }

    /// Keeps the pending event for the next call, or starts skipping it when it is already
    /// too large. Returns how many bytes are consumed.
    fn carry(
        &mut self,
        mut pending: Pending,
        chunk: &[u8],
        index: Option<usize>,
        frames: &mut Vec<Frame>,
    ) -> usize {
        if !self.skipping && chunk.len() - pending.start > self.max_event_size {
            frames.push(self.frame(pending.start, chunk.len(), pending.line, index));
            if index.is_some() {
                self.next_index += 1;
            }
            self.skipping = true;
        }
        let consumed = if self.skipping {
            chunk.len()
        } else {
            pending.start
        };
        pending.start = 0;
        self.resume = chunk.len() - consumed;
        self.pending = Some(pending);
        consumed
    }

    fn split_documents(&mut self, chunk: &[u8], at_eof: bool, frames: &mut Vec<Frame>) -> usize {
        let mut i = self.resume.min(chunk.len());
        let mut pending = self.pending.take();
        while i < chunk.len() {
            let b = chunk[i];
            let mut p = match pending.take() {
                Some(p) => {
                    // A scalar ends before whitespace or the start of another document.
                    if p.scan.at_top()
                        && (b.is_ascii_whitespace() || matches!(b, b'{' | b'[' | b'"'))
                    {
                        self.finish(p, i, None, frames);
                        if self.full(frames) {
                            self.resume = 0;
                            return i;
                        }
                        continue;
                    }
                    p
                }
                None if b.is_ascii_whitespace() => {
                    if b == b'\n' {
                        self.line += 1;
                    }
                    i += 1;
                    continue;
                }
                None => Pending {
                    start: i,
                    line: self.line,
                    scan: Scan::default(),
                },
            };
            p.scan.step(b);
            if b == b'\n' {
                self.line += 1;
            }
            i += 1;
            // A container or a string ends with its closing byte.
            if p.scan.depth == 0 && !p.scan.in_string && matches!(b, b'}' | b']' | b'"') {
                self.finish(p, i, None, frames);
                if self.full(frames) {
                    self.resume = 0;
                    return i;
                }
            } else {
                pending = Some(p);
            }
        }
        match pending {
            Some(p) if at_eof => {
                self.finish(p, chunk.len(), None, frames);
                self.resume = 0;
                chunk.len()
            }
            Some(p) => self.carry(p, chunk, None, frames),
            None => {
                self.resume = 0;
                chunk.len()
            }
        }
    }

    fn split_batch(
        &mut self,
        chunk: &[u8],
        at_eof: bool,
        frames: &mut Vec<Frame>,
    ) -> Result<usize, Broken> {
        let mut i = self.resume.min(chunk.len());
        let mut pending = self.pending.take();
        while i < chunk.len() {
            let b = chunk[i];
            if let Some(mut p) = pending.take() {
                // An element ends at a separator or whitespace once it is complete, or with
                // the bracket that closes it.
                if p.scan.at_top() && (matches!(b, b',' | b']') || b.is_ascii_whitespace()) {
                    self.finish(p, i, Some(self.next_index), frames);
                    self.batch = BatchState::Separator;
                    if self.full(frames) {
                        self.resume = 0;
                        return Ok(i);
                    }
                    continue;
                }
                p.scan.step(b);
                if b == b'\n' {
                    self.line += 1;
                }
                i += 1;
                if p.scan.depth == 0 && !p.scan.in_string && matches!(b, b'}' | b']') {
                    self.finish(p, i, Some(self.next_index), frames);
                    self.batch = BatchState::Separator;
                    if self.full(frames) {
                        self.resume = 0;
                        return Ok(i);
                    }
                } else {
                    pending = Some(p);
                }
                continue;
            }
            if b.is_ascii_whitespace() {
                if b == b'\n' {
                    self.line += 1;
                }
                i += 1;
                continue;
            }
            let broken = |message: &str| Broken {
                line: self.line,
                message: message.to_owned(),
            };
            match (self.batch, b) {
                (BatchState::Open, b'[') => self.batch = BatchState::Element,
                (BatchState::Open, 0xEF) if chunk[i..].starts_with(BYTE_ORDER_MARK) => {
                    self.batch = BatchState::Done;
                    return Err(broken(
                        "the batch starts with a UTF-8 byte order mark, which JSON text must not start with",
                    ));
                }
                (BatchState::Open, _) => {
                    self.batch = BatchState::Done;
                    return Err(broken("a batch starts with `[`"));
                }
                (BatchState::Separator, b',') => self.batch = BatchState::Element,
                (BatchState::Separator | BatchState::Element, b']') if self.next_index == 0 => {
                    self.batch = BatchState::Done;
                }
                (BatchState::Separator, b']') => self.batch = BatchState::Done,
                (BatchState::Separator, _) => {
                    self.batch = BatchState::Done;
                    return Err(broken("expected `,` or `]` between the events of a batch"));
                }
                (BatchState::Element, b']') => {
                    self.batch = BatchState::Done;
                    return Err(broken(
                        "trailing comma: the batch has a `,` after its last event",
                    ));
                }
                (BatchState::Element, _) => {
                    pending = Some(Pending {
                        start: i,
                        line: self.line,
                        scan: Scan::default(),
                    });
                    continue;
                }
                (BatchState::Done, _) => {
                    return Err(broken("unexpected content after the end of the batch"));
                }
            }
            i += 1;
        }
        let consumed = match pending {
            Some(p) if at_eof => {
                self.finish(p, chunk.len(), Some(self.next_index), frames);
                self.batch = BatchState::Done;
                return Err(Broken {
                    line: self.line,
                    message: "the batch ends before its closing `]`".to_owned(),
                });
            }
            Some(p) => self.carry(p, chunk, Some(self.next_index), frames),
            None => {
                self.resume = 0;
                chunk.len()
            }
        };
        if at_eof && self.batch != BatchState::Done {
            return Err(Broken {
                line: self.line,
                message: "the batch ends before its closing `]`".to_owned(),
            });
        }
        Ok(consumed)
    }
}
