//! Splitting an input into events without parsing them: newline-delimited events, one JSON
//! document (possibly spread over many lines), several documents, or a CloudEvents batch (a
//! JSON array, split into its elements).
//!
//! The splitter is incremental: it is fed chunks and returns the events whose end it has seen,
//! so an input of any size is read in bounded memory.

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
    /// Byte range in the chunk passed to [`Splitter::split`].
    pub start: usize,
    /// End of the byte range (exclusive).
    pub end: usize,
    /// Line (1-based) where the event starts.
    pub line: usize,
    /// Index of the event in a batch (`None` outside a batch).
    pub index: Option<usize>,
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
    if start[first] == b'[' {
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
            b if !b.is_ascii_whitespace() => self.started = true,
            _ => {}
        }
    }
}

/// State of an input between chunks.
#[derive(Debug)]
pub struct Splitter {
    layout: Layout,
    /// Line number at the start of the next chunk.
    line: usize,
    /// In a batch: before the opening bracket, between elements, or done.
    batch: BatchState,
    next_index: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BatchState {
    Open,
    Element,
    Separator,
    Done,
}

impl Splitter {
    /// A splitter for an input of `layout`.
    pub fn new(layout: Layout) -> Self {
        Splitter {
            layout,
            line: 1,
            batch: BatchState::Open,
            next_index: 0,
        }
    }

    /// Finds the complete events in `chunk` (unconsumed bytes of earlier chunks first).
    /// Returns them and how many bytes were consumed: the caller keeps the rest for the next
    /// call. With `at_eof`, everything left is one last (possibly truncated) event.
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

    fn split_lines(&mut self, chunk: &[u8], at_eof: bool, frames: &mut Vec<Frame>) -> usize {
        let mut pos = 0;
        while pos < chunk.len() {
            let end = match memchr::memchr(b'\n', &chunk[pos..]) {
                Some(n) => pos + n,
                None if at_eof => chunk.len(),
                None => break,
            };
            if chunk[pos..end].iter().any(|b| !b.is_ascii_whitespace()) {
                frames.push(Frame {
                    start: pos,
                    end,
                    line: self.line,
                    index: None,
                });
            }
            self.line += 1;
            pos = (end + 1).min(chunk.len());
        }
        pos
    }

    fn split_documents(&mut self, chunk: &[u8], at_eof: bool, frames: &mut Vec<Frame>) -> usize {
        let mut consumed = 0;
        let mut line = self.line;
        let mut scan = Scan::default();
        let mut start: Option<(usize, usize)> = None;
        for (i, &b) in chunk.iter().enumerate() {
            if start.is_none() {
                if b.is_ascii_whitespace() {
                    if b == b'\n' {
                        line += 1;
                    }
                    consumed = i + 1;
                    self.line = line;
                    continue;
                }
                start = Some((i, line));
                scan = Scan::default();
            }
            scan.step(b);
            if b == b'\n' {
                line += 1;
            }
            let scalar_end = scan.depth == 0
                && !scan.in_string
                && chunk
                    .get(i + 1)
                    .is_none_or(|n| n.is_ascii_whitespace() || matches!(n, b'{' | b'[' | b'"'));
            let container_end = matches!(b, b'}' | b']') && scan.depth == 0 && !scan.in_string;
            if container_end || (scalar_end && !matches!(b, b'}' | b']')) {
                if let Some((s, l)) = start.take() {
                    frames.push(Frame {
                        start: s,
                        end: i + 1,
                        line: l,
                        index: None,
                    });
                }
                consumed = i + 1;
                self.line = line;
            }
        }
        if at_eof {
            if let Some((s, l)) = start {
                frames.push(Frame {
                    start: s,
                    end: chunk.len(),
                    line: l,
                    index: None,
                });
            }
            self.line = line;
            return chunk.len();
        }
        consumed
    }

    fn split_batch(
        &mut self,
        chunk: &[u8],
        at_eof: bool,
        frames: &mut Vec<Frame>,
    ) -> Result<usize, Broken> {
        let mut consumed = 0;
        let mut line = self.line;
        let mut i = 0;
        let broken = |line: usize, message: &str| Broken {
            line,
            message: message.to_owned(),
        };
        while i < chunk.len() {
            let b = chunk[i];
            if b.is_ascii_whitespace() {
                if b == b'\n' {
                    line += 1;
                }
                i += 1;
                consumed = i;
                self.line = line;
                continue;
            }
            match self.batch {
                BatchState::Open => {
                    if b != b'[' {
                        return Err(broken(line, "a batch starts with `[`"));
                    }
                    self.batch = BatchState::Element;
                    i += 1;
                    consumed = i;
                    self.line = line;
                }
                BatchState::Separator => {
                    match b {
                        b',' => self.batch = BatchState::Element,
                        b']' => self.batch = BatchState::Done,
                        _ => {
                            return Err(broken(
                                line,
                                "expected `,` or `]` between the events of a batch",
                            ));
                        }
                    }
                    i += 1;
                    consumed = i;
                    self.line = line;
                }
                BatchState::Done => {
                    return Err(broken(
                        line,
                        "unexpected content after the end of the batch",
                    ));
                }
                BatchState::Element => {
                    if b == b']' && self.next_index == 0 {
                        self.batch = BatchState::Done;
                        i += 1;
                        consumed = i;
                        self.line = line;
                        continue;
                    }
                    // Scan one element.
                    let start = i;
                    let start_line = line;
                    let mut scan = Scan::default();
                    let mut end = None;
                    while i < chunk.len() {
                        let c = chunk[i];
                        if !scan.in_string
                            && scan.depth == 0
                            && scan.started
                            && matches!(c, b',' | b']')
                        {
                            end = Some(i);
                            break;
                        }
                        if !scan.in_string
                            && scan.depth == 0
                            && scan.started
                            && c.is_ascii_whitespace()
                        {
                            end = Some(i);
                            break;
                        }
                        scan.step(c);
                        if c == b'\n' {
                            line += 1;
                        }
                        i += 1;
                        if scan.depth == 0 && !scan.in_string && matches!(c, b'}' | b']') {
                            end = Some(i);
                            break;
                        }
                    }
                    match end {
                        Some(e) => {
                            frames.push(Frame {
                                start,
                                end: e,
                                line: start_line,
                                index: Some(self.next_index),
                            });
                            self.next_index += 1;
                            self.batch = BatchState::Separator;
                            i = e;
                            consumed = e;
                            self.line = line;
                        }
                        None if at_eof => {
                            frames.push(Frame {
                                start,
                                end: chunk.len(),
                                line: start_line,
                                index: Some(self.next_index),
                            });
                            self.next_index += 1;
                            self.batch = BatchState::Done;
                            return Err(broken(line, "the batch ends before its closing `]`"));
                        }
                        None => {
                            // Wait for more bytes; the element starts the next chunk.
                            return Ok(consumed);
                        }
                    }
                }
            }
        }
        if at_eof && self.batch != BatchState::Done {
            return Err(broken(line, "the batch ends before its closing `]`"));
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

    #[test]
    fn detects_layouts() {
        assert_eq!(detect(b"  [{}]", true), Some(Layout::Batch));
        assert_eq!(detect(b"{\"a\":1}\n{\"a\":2}\n", true), Some(Layout::Lines));
        assert_eq!(detect(b"{\n  \"a\": 1\n}\n", true), Some(Layout::Documents));
        assert_eq!(detect(b"{\"a\":1}", true), Some(Layout::Documents));
        assert_eq!(detect(b"   \n ", true), None);
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
                index: None
            }]
        );
        assert_eq!(consumed, 9);
    }
}
