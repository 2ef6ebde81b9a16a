//! Splitting an input into events without parsing them: newline-delimited events, one JSON
//! document (possibly spread over many lines), several documents, or a CloudEvents batch (a
//! JSON array, split into its elements).
//!
//! The splitter is incremental: it is fed chunks and returns the events whose end it has seen,
//! and the next call resumes scanning where the last one stopped, so an event of any size is
//! scanned once. An event larger than the maximum size is reported as such and skipped
//! without being kept, so an input of any size (an endless one included) is read in bounded
//! memory.

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

/// Decides the layout from the start of an input (`None` while only whitespace was seen).
pub fn detect(start: &[u8], at_eof: bool) -> Option<Layout> {
    let first = start.iter().position(|b| !b.is_ascii_whitespace())?;
    let body = start[first..]
        .strip_prefix(BYTE_ORDER_MARK)
        .unwrap_or(&start[first..]);
    if body.first() == Some(&b'[') {
        return Some(Layout::Batch);
    }
    // Newline-delimited when the first document ends on its first line.
    let mut scan = Scan::default();
    for (i, &b) in start[first..].iter().enumerate() {
        if b == b'\n' {
            return Some(if scan.depth == 0 && i > 0 {
                Layout::Lines
            } else {
                Layout::Documents
            });
        }
        scan.step(b);
        if scan.depth == 0 && scan.started && !scan.in_string {
            // The first document is complete: lines if only whitespace follows up to a newline.
            let rest = &start[first + i + 1..];
            return match rest.iter().position(|b| !matches!(b, b' ' | b'\t' | b'\r')) {
                Some(j) if rest[j] == b'\n' => Some(Layout::Lines),
                Some(_) => Some(Layout::Documents),
                None if at_eof => Some(Layout::Documents),
                None => None,
            };
        }
    }
    at_eof.then_some(Layout::Documents)
}

/// Tracks strings and nesting, byte by byte.
#[derive(Clone, Copy, Debug, Default)]
struct Scan {
    depth: usize,
    in_string: bool,
    escaped: bool,
    started: bool,
}

impl Scan {
    fn step(&mut self, b: u8) {
        if self.in_string {
            match b {
                _ if self.escaped => self.escaped = false,
                b'\\' => self.escaped = true,
                b'"' => self.in_string = false,
                _ => {}
            }
            return;
        }
        match b {
            b'"' => {
                self.in_string = true;
                self.started = true;
            }
            b'{' | b'[' => {
                self.depth += 1;
                self.started = true;
            }
            b'}' | b']' => self.depth = self.depth.saturating_sub(1),
            // A byte order mark before a document does not start it.
            0xEF | 0xBB | 0xBF if !self.started => {}
            b if !b.is_ascii_whitespace() => self.started = true,
            _ => {}
        }
    }

    /// Outside any string and container, after the document started.
    fn at_top(&self) -> bool {
        self.depth == 0 && !self.in_string && self.started
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &str, layout: Layout) -> Vec<(String, usize, Option<usize>)> {
        let mut splitter = Splitter::new(layout);
        let mut out = Vec::new();
        let mut frames = Vec::new();
        let _ = splitter.split(input.as_bytes(), true, &mut frames);
        for f in frames {
            out.push((input[f.start..f.end].to_owned(), f.line, f.index));
        }
        out
    }

    /// Each event found (its text, `None` when too large; its line; its index) and the message
    /// of a broken batch.
    type Fed = (Vec<(Option<String>, usize, Option<usize>)>, Option<String>);

    /// Feeds `input` in pieces of `step` bytes, as the reader does, and lists what was found:
    /// each event's text (`None` when too large), line and index, and the broken message.
    fn fed(input: &[u8], layout: Layout, step: usize, max: usize) -> Fed {
        fed_in_calls_of(input, layout, step, max, usize::MAX)
    }

    /// [`fed`], finding at most `max_frames` events per call.
    fn fed_in_calls_of(
        input: &[u8],
        layout: Layout,
        step: usize,
        max: usize,
        max_frames: usize,
    ) -> Fed {
        let mut splitter = Splitter::new(layout)
            .with_max_event_size(max)
            .with_max_frames(max_frames);
        let mut buffer = Vec::new();
        let mut found = Vec::new();
        let mut offset = 0;
        let mut full = false;
        loop {
            if !full {
                let end = (offset + step).min(input.len());
                buffer.extend_from_slice(&input[offset..end]);
                offset = end;
            }
            let at_eof = offset == input.len();
            let mut frames = Vec::new();
            let result = splitter.split(&buffer, at_eof, &mut frames);
            full = frames.len() >= max_frames;
            for f in frames {
                let text = (!f.too_large)
                    .then(|| String::from_utf8_lossy(&buffer[f.start..f.end]).into_owned());
                found.push((text, f.line, f.index));
            }
            match result {
                Ok(consumed) => {
                    buffer.drain(..consumed);
                }
                Err(broken) => return (found, Some(broken.message)),
            }
            if at_eof && !full {
                return (found, None);
            }
        }
    }

    #[test]
    fn detects_layouts() {
        assert_eq!(detect(b"  [{}]", true), Some(Layout::Batch));
        assert_eq!(detect(b"{\"a\":1}\n{\"a\":2}\n", true), Some(Layout::Lines));
        assert_eq!(detect(b"{\n  \"a\": 1\n}\n", true), Some(Layout::Documents));
        assert_eq!(detect(b"{\"a\":1}", true), Some(Layout::Documents));
        assert_eq!(detect(b"   \n ", true), None);
    }

    #[test]
    fn a_byte_order_mark_does_not_change_the_layout() {
        assert_eq!(
            detect(b"\xEF\xBB\xBF{\"a\":1}\n{}\n", true),
            Some(Layout::Lines)
        );
        assert_eq!(detect(b"\xEF\xBB\xBF[{}]", true), Some(Layout::Batch));
    }

    #[test]
    fn lines_skip_blank_lines_and_keep_line_numbers() {
        let got = frames("{\"a\":1}\n\n{\"a\":\n{\"b\":2}", Layout::Lines);
        assert_eq!(
            got,
            vec![
                ("{\"a\":1}".into(), 1, None),
                ("{\"a\":".into(), 3, None),
                ("{\"b\":2}".into(), 4, None)
            ]
        );
    }

    #[test]
    fn documents_span_lines_and_ignore_brackets_in_strings() {
        let got = frames("{\n \"a\": \"}\"\n}\n{\"b\": [1]}", Layout::Documents);
        assert_eq!(
            got,
            vec![
                ("{\n \"a\": \"}\"\n}".into(), 1, None),
                ("{\"b\": [1]}".into(), 4, None)
            ]
        );
    }

    #[test]
    fn a_byte_order_mark_belongs_to_the_document_it_precedes() {
        let got = frames("\u{feff}{\n \"a\": 1\n}\n{}", Layout::Documents);
        assert_eq!(
            got,
            vec![
                ("\u{feff}{\n \"a\": 1\n}".into(), 1, None),
                ("{}".into(), 4, None)
            ]
        );
    }

    #[test]
    fn batches_split_into_elements_with_their_index() {
        let got = frames("[\n {\"a\":\"]\"},\n {\"b\":1}\n]", Layout::Batch);
        assert_eq!(
            got,
            vec![
                ("{\"a\":\"]\"}".into(), 2, Some(0)),
                ("{\"b\":1}".into(), 3, Some(1))
            ]
        );
    }

    #[test]
    fn a_broken_batch_is_reported() {
        let mut splitter = Splitter::new(Layout::Batch);
        let mut frames = Vec::new();
        let e = splitter
            .split(b"[{\"a\":1} {\"b\":2}]", true, &mut frames)
            .unwrap_err();
        assert!(e.message.contains("expected `,`"), "{e:?}");
    }

    #[test]
    fn a_comma_after_the_last_event_of_a_batch_is_a_trailing_comma() {
        let (found, broken) = fed(b"[{\"a\":1},\n]", Layout::Batch, 100, 1 << 20);
        assert_eq!(found, vec![(Some("{\"a\":1}".into()), 1, Some(0))]);
        let broken = broken.expect("the batch is broken");
        assert!(broken.starts_with("trailing comma"), "{broken}");
    }

    #[test]
    fn chunks_carry_unfinished_events_over() {
        let input = b"{\"a\":1}\n{\"bb\":2}\n";
        let mut splitter = Splitter::new(Layout::Lines);
        let mut frames = Vec::new();
        let consumed = splitter.split(&input[..12], false, &mut frames).unwrap();
        assert_eq!((frames.len(), consumed), (1, 8));
        frames.clear();
        let consumed = splitter.split(&input[8..], true, &mut frames).unwrap();
        assert_eq!(
            frames,
            vec![Frame {
                start: 0,
                end: 8,
                line: 2,
                index: None,
                too_large: false,
            }]
        );
        assert_eq!(consumed, 9);
    }

    #[test]
    fn events_are_the_same_whatever_the_pieces_the_input_arrives_in() {
        let inputs: [(&[u8], Layout); 3] = [
            (b"{\"a\":\"x\\\"}\"}\n\n12\n{\"b\":[1,2]}\n", Layout::Lines),
            (
                b"{\n\"a\": \"}\"\n}  12 \"s\" 3{\"b\":\n[1]}\n",
                Layout::Documents,
            ),
            (b"[ {\"a\":\"]\"} ,\n12, \"s\" ,{\"b\":[1]}]", Layout::Batch),
        ];
        for (input, layout) in inputs {
            let whole = fed(input, layout, input.len(), 1 << 20);
            for step in 1..8 {
                assert_eq!(
                    fed(input, layout, step, 1 << 20),
                    whole,
                    "{layout:?}, {step}"
                );
            }
            for calls in 1..3 {
                assert_eq!(
                    fed_in_calls_of(input, layout, 5, 1 << 20, calls),
                    whole,
                    "{layout:?}, {calls} per call"
                );
            }
        }
    }

    #[test]
    fn an_event_over_the_maximum_size_is_skipped_and_the_stream_goes_on() {
        let big = format!("{{\"a\":\"{}\"}}", "x".repeat(100));
        let cases = [
            (format!("{{}}\n{big}\n{{}}\n"), Layout::Lines, None),
            (format!("{{}}\n{big}\n{{}}"), Layout::Documents, None),
            (format!("[{{}},\n{big},\n{{}}]"), Layout::Batch, Some(1)),
        ];
        for (input, layout, index) in cases {
            for step in [1, 7, 64, input.len()] {
                let (found, broken) = fed(input.as_bytes(), layout, step, 50);
                assert_eq!(broken, None, "{layout:?}");
                assert_eq!(found.len(), 3, "{layout:?}, {step}: {found:?}");
                assert_eq!(found[1], (None, 2, index), "{layout:?}, {step}");
                assert_eq!(found[2].0.as_deref(), Some("{}"), "{layout:?}, {step}");
                assert_eq!(found[2].1, 3, "{layout:?}, {step}");
            }
        }
    }

    #[test]
    fn skipping_a_large_event_keeps_none_of_it() {
        let mut splitter = Splitter::new(Layout::Lines).with_max_event_size(10);
        let mut frames = Vec::new();
        let consumed = splitter
            .split(b"{}\n\"xxxxxxxxxxxxxx", false, &mut frames)
            .unwrap();
        assert_eq!(consumed, 18);
        assert_eq!(frames.len(), 2);
        assert!(frames[1].too_large);
        frames.clear();
        assert_eq!(
            splitter.split(b"xxxxxxxxxxxxxxxx", false, &mut frames),
            Ok(16)
        );
        assert_eq!(splitter.split(b"xx\"\n{}\n", true, &mut frames), Ok(7));
        assert_eq!(frames.len(), 1);
        assert_eq!((frames[0].line, frames[0].too_large), (3, false));
    }
}
