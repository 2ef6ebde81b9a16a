//! Streaming validation of VCC webhook events.
//!
//! An input holds one event, a CloudEvents batch (a JSON array) or newline-delimited events.
//! One thread reads it and splits it into events ([`framing`]); the chunks of events go to the
//! workers in turn (one per core), each worker hands its reports back in small batches through
//! its own bounded queue, and they come out in input order. Every queue is bounded, so a slow
//! consumer of reports holds the reader back: memory depends on the chunk size, the number of
//! workers and the maximum event size, never on the input's length or on how many events are
//! invalid.

#![warn(missing_docs)]

pub mod framing;
pub mod strict;

use std::io::{self, Read};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::thread;

use vcc_events::AnyEvent;
use vcc_events_runtime::Rule;

use crate::framing::{BYTE_ORDER_MARK, Frame, Layout, Splitter};

/// How to validate.
#[derive(Clone, Debug)]
pub struct Options {
    /// Also report members a version does not declare (extension attributes included).
    pub strict: bool,
    /// Worker threads (at least 1).
    pub threads: usize,
    /// Bytes read at a time (1 MiB by default: a chunk that stays in a core's cache between
    /// being read, split into events and validated; 4 MiB was 6 % slower).
    pub chunk_size: usize,
    /// Events larger than this (in bytes) are reported ([`Rule::TooLarge`]) and skipped.
    pub max_event_size: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            strict: false,
            threads: thread::available_parallelism().map_or(1, |n| n.get()),
            chunk_size: 1 << 20,
            max_event_size: framing::DEFAULT_MAX_EVENT_SIZE,
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
    /// The rule that failed ([`Rule::UndeclaredMember`] in strict mode).
    pub rule: Rule,
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
    let text = bytes.trim_ascii_start();
    if text.starts_with(BYTE_ORDER_MARK) {
        return vec![Report {
            line,
            pointer: prefix,
            rule: Rule::Syntax,
            message: "the event starts with a UTF-8 byte order mark (U+FEFF), which JSON text \
                      must not start with: remove it"
                .to_owned(),
        }];
    }
    match AnyEvent::from_slice(bytes) {
        Ok(event) if strict => strict::undeclared_members(&event)
            .into_iter()
            .map(|pointer| Report {
                line,
                message: format!(
                    "{pointer} is not declared by {} (accepted by readers, reported in strict mode)",
                    event.event_type()
                ),
                pointer: format!("{prefix}{pointer}"),
                rule: Rule::UndeclaredMember,
            })
            .collect(),
        Ok(_) => Vec::new(),
        Err(e) => vec![Report {
            line,
            pointer: format!("{prefix}{}", e.pointer()),
            rule: e.rule(),
            message: match (e.line(), e.column()) {
                (Some(l), Some(c)) => format!("{} (line {}, column {c})", e.message(), line + l - 1),
                _ => e.message().to_owned(),
            },
        }],
    }
}

/// The report of an event over the maximum size, which was skipped unread.
fn too_large(frame: &Frame, max_event_size: usize) -> Report {
    Report {
        line: frame.line,
        pointer: frame.index.map(|i| format!("/{i}")).unwrap_or_default(),
        rule: Rule::TooLarge,
        message: format!(
            "the event is larger than the maximum event size ({max_event_size} bytes): it was \
             skipped without being read whole"
        ),
    }
}

/// Reports a worker hands back at a time: the most that waits in a worker's queue.
const REPORT_BATCH: usize = 256;

/// Events in one chunk, at most: bounds a chunk's frames and reports however small its events.
const MAX_FRAMES: usize = 8192;

/// The first bytes of an input that decide its layout, at most.
const DETECT_WINDOW: usize = 1 << 20;

/// A chunk read ahead: its bytes and the events found in it.
struct Chunk {
    bytes: Vec<u8>,
    frames: Vec<Frame>,
    /// A problem that ended the input here.
    broken: Option<framing::Broken>,
    read: u64,
}

/// What a worker hands back for a chunk: reports in input order, then its end.
enum Checked {
    Reports(Vec<Report>),
    Done {
        summary: Summary,
        broken: Option<framing::Broken>,
        read: u64,
    },
    Failed(io::Error),
}

/// How the reader reads.
#[derive(Clone, Copy)]
struct Sizes {
    chunk: usize,
    max_event: usize,
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
    let sizes = Sizes {
        chunk: options.chunk_size.max(1024),
        max_event: options.max_event_size.max(1),
    };
    let mut summary = Summary::default();
    thread::scope(|scope| -> io::Result<()> {
        // Buffers go back to the reader once validated: no fresh pages for every chunk. The
        // queue holds every buffer the pool may make, so giving one back never fails.
        let most = Pool::most(workers);
        let (recycle, recycled) = mpsc::sync_channel::<Vec<u8>>(most);
        let mut inboxes = Vec::with_capacity(workers);
        let mut outboxes = Vec::with_capacity(workers);
        for _ in 0..workers {
            let (inbox, chunks) = mpsc::sync_channel::<io::Result<Chunk>>(1);
            let (checked, outbox) = mpsc::sync_channel::<Checked>(2);
            let recycle = recycle.clone();
            scope.spawn(move || check_chunks(chunks, checked, recycle, strict, sizes));
            inboxes.push(inbox);
            outboxes.push(outbox);
        }
        drop(recycle);
        scope.spawn(move || read_chunks(reader, sizes, inboxes, Pool::new(recycled, most)));
        // Chunk n went to worker n % workers: taking each worker's answers in turn keeps the
        // input order. A worker that stops answering has no more chunks, nor have the others.
        for turn in 0.. {
            loop {
                match outboxes[turn % workers].recv() {
                    Ok(Checked::Reports(reports)) => reports.iter().for_each(&mut on_report),
                    Ok(Checked::Done {
                        summary: checked,
                        broken,
                        read,
                    }) => {
                        summary += checked;
                        if let Some(broken) = broken {
                            summary.invalid += 1;
                            on_report(&Report {
                                line: broken.line,
                                pointer: String::new(),
                                rule: Rule::Syntax,
                                message: broken.message,
                            });
                        }
                        on_progress(read);
                        break;
                    }
                    Ok(Checked::Failed(e)) => return Err(e),
                    Err(_) => return Ok(()),
                }
            }
        }
        Ok(())
    })?;
    Ok(summary)
}

/// A worker: checks the events of each chunk it is given, handing reports back as it goes.
fn check_chunks(
    chunks: Receiver<io::Result<Chunk>>,
    checked: SyncSender<Checked>,
    recycle: SyncSender<Vec<u8>>,
    strict: bool,
    sizes: Sizes,
) {
    for chunk in chunks {
        let chunk = match chunk {
            Ok(chunk) => chunk,
            Err(e) => {
                let _ = checked.send(Checked::Failed(e));
                return;
            }
        };
        let mut summary = Summary::default();
        let mut reports = Vec::new();
        for f in &chunk.frames {
            let found = if f.too_large {
                vec![too_large(f, sizes.max_event)]
            } else {
                validate_event(&chunk.bytes[f.start..f.end], f.index, f.line, strict)
            };
            if found.is_empty() {
                summary.valid += 1;
                continue;
            }
            summary.invalid += 1;
            reports.extend(found);
            if reports.len() >= REPORT_BATCH
                && checked
                    .send(Checked::Reports(std::mem::take(&mut reports)))
                    .is_err()
            {
                return;
            }
        }
        if !reports.is_empty() && checked.send(Checked::Reports(reports)).is_err() {
            return;
        }
        // Every buffer goes back to the pool (before the chunk is done: the reader may be
        // waiting for it); one grown for a large event is cut back to twice the chunk size.
        let mut bytes = chunk.bytes;
        if bytes.capacity() > 2 * sizes.chunk {
            bytes.truncate(2 * sizes.chunk);
            bytes.shrink_to(2 * sizes.chunk);
        }
        let _ = recycle.try_send(bytes);
        let done = Checked::Done {
            summary,
            broken: chunk.broken,
            read: chunk.read,
        };
        if checked.send(done).is_err() {
            return;
        }
    }
}

/// The reader's buffers: a few made, then the same ones over and over, given back by the
/// workers once their events are validated. A fresh buffer costs a page fault for every 4 KiB
/// it is filled with; a recycled one none.
struct Pool {
    /// The buffers the workers gave back.
    recycled: Receiver<Vec<u8>>,
    /// Buffers made so far (the reader's first one included).
    made: usize,
    /// The most buffers made.
    most: usize,
}

impl Pool {
    /// The most buffers ever in use at once with `workers` workers: the one the reader fills,
    /// the one it hands over, and two a worker (one queued, one being validated).
    fn most(workers: usize) -> usize {
        2 * workers + 2
    }

    fn new(recycled: Receiver<Vec<u8>>, most: usize) -> Self {
        Pool {
            recycled,
            made: 1,
            most,
        }
    }

    /// A buffer: one given back, a new one while fewer than `most` exist, or else the next one
    /// a worker gives back; `None` once no worker is left to give one back.
    fn take(&mut self) -> Option<Vec<u8>> {
        if let Ok(bytes) = self.recycled.try_recv() {
            return Some(bytes);
        }
        if self.made < self.most {
            self.made += 1;
            return Some(Vec::new());
        }
        self.recycled.recv().ok()
    }
}

/// The reading thread: fills a buffer, splits it into events, hands chunks of whole events to
/// the workers in turn. The bytes of an unfinished event stay in the buffer and the splitter
/// resumes where it stopped: an event is scanned once and copied at most twice, whatever its
/// size.
fn read_chunks<R: Read>(
    mut reader: R,
    sizes: Sizes,
    inboxes: Vec<SyncSender<io::Result<Chunk>>>,
    mut pool: Pool,
) {
    let mut turn = 0;
    let mut send = |chunk: io::Result<Chunk>| {
        let sent = inboxes[turn % inboxes.len()].send(chunk).is_ok();
        turn += 1;
        sent
    };
    // `buffer[start..filled]` holds the bytes read and not yet handed over; the rest is spare
    // room (initialised once, reused).
    let mut buffer: Vec<u8> = Vec::new();
    let (mut start, mut filled) = (0, 0);
    let mut splitter: Option<Splitter> = None;
    let mut blank_lines = 0;
    let mut total: u64 = 0;
    let mut done = false;
    let mut full = false;
    loop {
        // A call that stopped at the most events per chunk is followed by another one first.
        if !full && !done {
            buffer.copy_within(start..filled, 0);
            filled -= start;
            start = 0;
            done = match fill(
                &mut reader,
                &mut buffer,
                &mut filled,
                sizes.chunk,
                &mut total,
            ) {
                Ok(done) => done,
                Err(e) => {
                    send(Err(e));
                    return;
                }
            };
        }
        let split = match splitter.as_mut() {
            Some(split) => split,
            None => {
                // Blank lines before the first event are only counted.
                let blank = buffer[start..filled]
                    .iter()
                    .take_while(|b| b.is_ascii_whitespace())
                    .count();
                blank_lines += memchr::memchr_iter(b'\n', &buffer[start..start + blank]).count();
                start += blank;
                if start == filled && done {
                    // Only whitespace: one empty event.
                    let frames = vec![Frame {
                        start: 0,
                        end: 0,
                        line: 1,
                        index: None,
                        too_large: false,
                    }];
                    send(Ok(Chunk {
                        bytes: Vec::new(),
                        frames,
                        broken: None,
                        read: total,
                    }));
                    return;
                }
                let window = (filled - start).min(DETECT_WINDOW);
                let at_eof = done && start + window == filled;
                let layout = match framing::detect(&buffer[start..start + window], at_eof) {
                    Some(layout) => layout,
                    // A first line this long: one event per line.
                    None if window == DETECT_WINDOW || done => Layout::Lines,
                    None => continue,
                };
                splitter.insert(
                    Splitter::new(layout)
                        .with_max_event_size(sizes.max_event)
                        .with_max_frames(MAX_FRAMES)
                        .starting_at_line(1 + blank_lines),
                )
            }
        };
        let mut frames = Vec::new();
        let (consumed, broken) = match split.split(&buffer[start..filled], done, &mut frames) {
            Ok(consumed) => (consumed, None),
            Err(broken) => (filled - start, Some(broken)),
        };
        full = frames.len() >= MAX_FRAMES;
        let ends = (done && !full) || broken.is_some();
        if frames.is_empty() && !ends {
            start += consumed;
            continue;
        }
        let Some(mut bytes) = pool.take() else {
            // No worker is left to hand a chunk to.
            return;
        };
        if start == 0 && !full {
            // The buffer itself is handed over, and the bytes of the next event move to the
            // start of a recycled one (whose bytes are already initialised).
            let rest = filled - consumed;
            if bytes.len() < rest {
                bytes.resize(rest, 0);
            }
            bytes[..rest].copy_from_slice(&buffer[consumed..filled]);
            std::mem::swap(&mut bytes, &mut buffer);
            bytes.truncate(consumed);
            filled = rest;
        } else {
            // Many small events: the chunk is a copy of its part, which leaves the rest where
            // it is for the next chunk.
            bytes.clear();
            bytes.extend_from_slice(&buffer[start..start + consumed]);
            start += consumed;
        }
        let chunk = Chunk {
            bytes,
            frames,
            broken,
            read: total,
        };
        if !send(Ok(chunk)) || ends {
            return;
        }
    }
}

/// Reads up to `room` more bytes after `buffer[..filled]`; returns whether the input ended.
/// A short read (a pipe or a terminal delivering what it has) returns at once, so that the
/// events of a stream are checked as they arrive.
fn fill(
    reader: &mut impl Read,
    buffer: &mut Vec<u8>,
    filled: &mut usize,
    room: usize,
    total: &mut u64,
) -> io::Result<bool> {
    let end = *filled + room;
    if buffer.len() < end {
        // Grows geometrically (the capacity at least doubles).
        buffer.resize(end, 0);
    }
    while *filled < end {
        match reader.read(&mut buffer[*filled..end]) {
            Ok(0) => return Ok(true),
            Ok(n) => {
                *filled += n;
                *total += n as u64;
                if *filled < end {
                    return Ok(false);
                }
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(false)
}

/// Validates a whole input held in memory (for tests and small inputs).
pub fn validate_bytes(input: &[u8], options: &Options) -> (Summary, Vec<Report>) {
    let mut reports = Vec::new();
    let summary = validate(input, options, |r| reports.push(r.clone()), |_| {}).unwrap_or_default();
    (summary, reports)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pool_makes_at_most_its_most_buffers_then_waits_for_one_given_back() {
        let (give_back, recycled) = mpsc::sync_channel::<Vec<u8>>(3);
        let mut pool = Pool::new(recycled, 3);
        // The reader's own buffer is the first; two more are made.
        assert!(pool.take().is_some_and(|b| b.capacity() == 0));
        assert!(pool.take().is_some_and(|b| b.capacity() == 0));
        let worker = thread::spawn(move || {
            thread::sleep(std::time::Duration::from_millis(50));
            give_back
                .send(Vec::with_capacity(777))
                .expect("the pool waits");
        });
        // The third is the one a worker gives back, not a new one.
        assert_eq!(pool.take().map(|b| b.capacity()), Some(777));
        worker.join().expect("the worker ends");
    }

    #[test]
    fn the_pool_gives_nothing_once_no_worker_is_left() {
        let (give_back, recycled) = mpsc::sync_channel::<Vec<u8>>(2);
        let mut pool = Pool::new(recycled, 2);
        assert!(pool.take().is_some());
        drop(give_back);
        assert!(pool.take().is_none());
    }
}
