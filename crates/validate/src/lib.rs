//! Streaming validation of VCC webhook events.
//!
//! An input holds one event, a CloudEvents batch (a JSON array) or newline-delimited events.
//! It is read in chunks on one thread and split into events ([`framing`]); workers on every
//! core take whole chunks and decode their events by `type` against the catalog, and the
//! verdicts come out in input order. Memory stays bounded by a few chunks whatever the input size.

#![warn(missing_docs)]

pub mod framing;
pub mod strict;

use std::collections::BTreeMap;
use std::io::{self, Read};
use std::sync::{Mutex, mpsc};
use std::thread;

use vcc_events::AnyEvent;

use crate::framing::{Frame, Splitter};

/// How to validate.
#[derive(Clone, Debug)]
pub struct Options {
    /// Also report members a version does not declare (extension attributes included).
    pub strict: bool,
    /// Worker threads (at least 1).
    pub threads: usize,
    /// Bytes read at a time.
    pub chunk_size: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            strict: false,
            threads: thread::available_parallelism().map_or(1, |n| n.get()),
            chunk_size: 4 << 20,
        }
    }
}

/// One problem with one event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// The line where the event starts (1-based).
    pub line: usize,
    /// The JSON pointer of the member at fault (`""` for the whole event); for an event in a
    /// batch it starts with the event's index.
    pub pointer: String,
    /// The rule that failed (kebab-case, e.g. `allowed-values`; `undeclared-member` in strict
    /// mode).
    pub rule: &'static str,
    /// A sentence that explains it.
    pub message: String,
}

/// How many events were valid and invalid.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Events that passed.
    pub valid: u64,
    /// Events with at least one problem.
    pub invalid: u64,
}

impl std::ops::AddAssign for Summary {
    fn add_assign(&mut self, other: Summary) {
        self.valid += other.valid;
        self.invalid += other.invalid;
    }
}

/// Validates one event's bytes; `index` is its place in a batch.
pub fn validate_event(
    bytes: &[u8],
    index: Option<usize>,
    line: usize,
    strict: bool,
) -> Vec<Report> {
    let prefix = index.map(|i| format!("/{i}")).unwrap_or_default();
    match AnyEvent::from_slice(bytes) {
        Ok(event) if strict => strict::undeclared_members(vcc_events::Catalog::info(&event), bytes)
            .into_iter()
            .map(|pointer| Report {
                line,
                message: format!(
                    "{pointer} is not declared by {} (accepted by readers, reported in strict mode)",
                    event.event_type()
                ),
                pointer: format!("{prefix}{pointer}"),
                rule: "undeclared-member",
            })
            .collect(),
        Ok(_) => Vec::new(),
        Err(e) => vec![Report {
            line,
            pointer: format!("{prefix}{}", e.pointer()),
            rule: e.rule().code(),
            message: match (e.line(), e.column()) {
                (Some(l), Some(c)) => format!("{} (line {}, column {c})", e.message(), line + l - 1),
                _ => e.message().to_owned(),
            },
        }],
    }
}

/// A chunk read ahead: its bytes and the events found in it.
struct Chunk {
    bytes: Vec<u8>,
    frames: Vec<Frame>,
    /// A problem that ended the input here.
    broken: Option<framing::Broken>,
    read: u64,
}

/// Validates everything `reader` holds. `on_report` sees every problem in input order
/// (several for one event only in strict mode); `on_progress` the bytes read so far.
pub fn validate<R: Read + Send>(
    reader: R,
    options: &Options,
    mut on_report: impl FnMut(&Report),
    mut on_progress: impl FnMut(u64),
) -> io::Result<Summary> {
    let workers = options.threads.max(1);
    let strict = options.strict;
    let chunk_size = options.chunk_size.max(1024);
    let mut summary = Summary::default();
    let (tx, rx) = mpsc::sync_channel::<io::Result<Chunk>>(workers);
    // Buffers go back to the reader once validated: no fresh pages for every chunk.
    let (recycle, recycled) = mpsc::channel::<Vec<u8>>();
    // Each worker takes whole chunks, numbered in input order, and hands back verdicts.
    let input = Mutex::new(rx.into_iter().enumerate());
    thread::scope(|scope| -> io::Result<()> {
        scope.spawn(move || read_chunks(reader, chunk_size, tx, recycled));
        let (done_tx, done_rx) = mpsc::channel::<(usize, io::Result<Checked>)>();
        for _ in 0..workers {
            let (input, done_tx) = (&input, done_tx.clone());
            scope.spawn(move || {
                loop {
                    let next = input.lock().ok().and_then(|mut chunks| chunks.next());
                    let Some((seq, chunk)) = next else { break };
                    let checked = chunk.map(|chunk| {
                        let (summary, reports) = check_frames(&chunk.bytes, &chunk.frames, strict);
                        Checked {
                            summary,
                            reports,
                            broken: chunk.broken,
                            read: chunk.read,
                            bytes: chunk.bytes,
                        }
                    });
                    if done_tx.send((seq, checked)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);

        // Verdicts come back in any order; they go out in input order.
        let mut waiting = BTreeMap::new();
        let mut next = 0;
        for (seq, checked) in done_rx {
            waiting.insert(seq, checked);
            while let Some(checked) = waiting.remove(&next) {
                next += 1;
                let checked = checked?;
                summary += checked.summary;
                checked.reports.iter().for_each(&mut on_report);
                if let Some(broken) = checked.broken {
                    summary.invalid += 1;
                    on_report(&Report {
                        line: broken.line,
                        pointer: String::new(),
                        rule: "syntax",
                        message: broken.message,
                    });
                }
                on_progress(checked.read);
                let _ = recycle.send(checked.bytes);
            }
        }
        Ok(())
    })?;
    Ok(summary)
}

/// A chunk's verdicts, on their way back to be reported in order.
struct Checked {
    summary: Summary,
    reports: Vec<Report>,
    broken: Option<framing::Broken>,
    read: u64,
    bytes: Vec<u8>,
}

fn check_frames(bytes: &[u8], frames: &[Frame], strict: bool) -> (Summary, Vec<Report>) {
    let mut summary = Summary::default();
    let mut reports = Vec::new();
    for f in frames {
        let found = validate_event(&bytes[f.start..f.end], f.index, f.line, strict);
        if found.is_empty() {
            summary.valid += 1;
        } else {
            summary.invalid += 1;
            reports.extend(found);
        }
    }
    (summary, reports)
}

/// The reading thread: fills chunks, splits them into events, hands them over.
fn read_chunks<R: Read>(
    mut reader: R,
    chunk_size: usize,
    tx: mpsc::SyncSender<io::Result<Chunk>>,
    recycled: mpsc::Receiver<Vec<u8>>,
) {
    let mut buffer: Vec<u8> = Vec::with_capacity(chunk_size);
    let mut splitter: Option<Splitter> = None;
    let mut total: u64 = 0;
    let mut done = false;
    while !done {
        // Fill the buffer up to chunk_size (more when one event is larger than a chunk),
        // appending without zero-filling first.
        let want = chunk_size.max(buffer.len() + chunk_size / 4);
        while buffer.len() < want {
            let room = (want - buffer.len()) as u64;
            match reader.by_ref().take(room).read_to_end(&mut buffer) {
                Ok(0) => {
                    done = true;
                    break;
                }
                Ok(n) => total += n as u64,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    let _ = tx.send(Err(e));
                    return;
                }
            }
        }
        let layout = match &splitter {
            Some(_) => None,
            None => match framing::detect(&buffer, done) {
                Some(layout) => Some(layout),
                None if done => {
                    // Only whitespace: one empty event.
                    let frames = vec![Frame {
                        start: 0,
                        end: buffer.len(),
                        line: 1,
                        index: None,
                    }];
                    let _ = tx.send(Ok(Chunk {
                        bytes: std::mem::take(&mut buffer),
                        frames,
                        broken: None,
                        read: total,
                    }));
                    return;
                }
                None => continue,
            },
        };
        if let Some(layout) = layout {
            splitter = Some(Splitter::new(layout));
        }
        let Some(split) = splitter.as_mut() else {
            continue;
        };
        let mut frames = Vec::new();
        let (consumed, broken) = match split.split(&buffer, done, &mut frames) {
            Ok(consumed) => (consumed, None),
            Err(broken) => (buffer.len(), Some(broken)),
        };
        let ends = broken.is_some();
        let mut next = recycled.try_recv().unwrap_or_default();
        next.clear();
        next.reserve(chunk_size.max(buffer.len() - consumed));
        next.extend_from_slice(&buffer[consumed..]);
        let bytes = std::mem::replace(&mut buffer, next);
        if tx
            .send(Ok(Chunk {
                bytes,
                frames,
                broken,
                read: total,
            }))
            .is_err()
            || ends
        {
            return;
        }
    }
}

/// Validates a whole input held in memory (for tests and small inputs).
pub fn validate_bytes(input: &[u8], options: &Options) -> (Summary, Vec<Report>) {
    let mut reports = Vec::new();
    let summary = validate(input, options, |r| reports.push(r.clone()), |_| {}).unwrap_or_default();
    (summary, reports)
}
