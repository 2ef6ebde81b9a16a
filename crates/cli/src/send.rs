//! `vcc-events send`: delivers the events of files (one event, a batch or NDJSON, as
//! `validate` reads them) to a URL as the platform does; replaying a receiver's file is `send`
//! over it.

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use bytes::Bytes;
use tokio::sync::mpsc;
use vcc_events_validate::framing::{self, Splitter};

use crate::deliver::{self, Outgoing, Tally, Target};
use crate::input::display_name;
use crate::{Error, Outcome};

/// The long help of `vcc-events send`.
pub(crate) const LONG_ABOUT: &str = "\
Deliver events to URL as the platform does: one POST per event, in structured mode \
(Content-Type: application/cloudevents+json), signed with a fresh Vonage-Signature token for \
each attempt, each answer awaited at most 10 s.

Each input may hold one JSON event, a JSON array (a CloudEvents batch) or newline-delimited \
events, as `validate` reads them; each event's bytes are posted exactly as they are in the \
input. `-` or no file reads standard input. Replaying what a receiver stored is `send` over its \
NDJSON file. Inputs are read as they are sent: memory stays bounded whatever their size.

An event is acknowledged by an answer of 200 to 205. With --retry, every other answer, a \
timeout or a refused connection is retried after 1 s, then twice as long each time (at most 5 \
min apart), until --retry-for has passed since its first attempt.

The secret is the first of VCC_WEBHOOK_SECRETS (comma-separated) or of --secrets-file (one per \
line), never a command-line argument.

URL is http or https. Over https the endpoint's certificate is always verified, against \
Mozilla's root certificates (built in) and the CA certificates of --ca-file (PEM), for a local \
test endpoint whose certificate a CA of one's own signed; there is no way to skip the check. \
An event whose endpoint's certificate is not trusted or names another host is not \
acknowledged: its line names the URL and what was wrong.

Output: one line per event that was not acknowledged (`FILE:LINE: STATUS ANSWER`, or why there \
was no answer), then `N acknowledged, M not acknowledged`.

Exit status: 0 when every event was acknowledged, 1 when any was not, 2 on usage errors (bad \
URL, no secret, unreadable input or --ca-file).";

/// Arguments of `vcc-events send`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Where to post the events (`http://host[:port]/path` or `https://...`).
    url: String,
    /// Files of events; `-` (or none) for standard input.
    files: Vec<PathBuf>,
    #[command(flatten)]
    delivery: deliver::Options,
}

/// How much is read from an input at once.
const CHUNK: usize = 1 << 20;

/// Delivers every event of the inputs.
pub(crate) fn run(args: &Args, out: &mut impl Write) -> Result<Outcome, Error> {
    let target = Target::new(&args.url, &args.delivery)?;
    let mut files = if args.files.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.files.clone()
    };
    let mut stdin_seen = false;
    files.retain(|path| path.as_os_str() != "-" || !std::mem::replace(&mut stdin_seen, true));
    let unreadable = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let failed = unreadable.clone();
    let tally = deliver::run_with(
        target,
        &args.delivery,
        move |sender| {
            let mut skipped = 0;
            for path in &files {
                match read_events(path, &sender) {
                    Ok(n) => skipped += n,
                    Err(e) => {
                        eprintln!("error: cannot read {}: {e}", display_name(path));
                        failed.store(true, std::sync::atomic::Ordering::Relaxed);
                    }
                }
            }
            Ok(skipped)
        },
        out,
    )?;
    finish(tally, out)?;
    if unreadable.load(std::sync::atomic::Ordering::Relaxed) {
        return Err(Error::Reported);
    }
    Ok(outcome(tally))
}

/// Writes the summary line.
pub(crate) fn finish(tally: Tally, out: &mut impl Write) -> io::Result<()> {
    writeln!(
        out,
        "{} acknowledged, {} not acknowledged",
        tally.acknowledged, tally.unacknowledged
    )?;
    out.flush()
}

/// Pass when every event was acknowledged.
pub(crate) fn outcome(tally: Tally) -> Outcome {
    if tally.unacknowledged == 0 {
        Outcome::Pass
    } else {
        Outcome::Fail
    }
}

/// Hands every event of one input to `sender`, as it is read; returns how many could not be
/// sent (too large, or after a broken batch), each reported on stderr.
fn read_events(path: &Path, sender: &mpsc::Sender<Outgoing>) -> io::Result<u64> {
    let name = display_name(path);
    let mut reader: Box<dyn Read> = if crate::input::is_stdin(path) {
        Box::new(io::stdin().lock())
    } else {
        Box::new(File::open(path)?)
    };
    let mut buffer = Vec::with_capacity(CHUNK);
    let mut at_eof;
    let layout = loop {
        at_eof = fill(&mut reader, &mut buffer)?;
        if let Some(layout) = framing::detect(&buffer, at_eof) {
            break layout;
        }
        if at_eof {
            return Ok(0);
        }
    };
    let mut splitter = Splitter::new(layout);
    let mut frames = Vec::new();
    let mut skipped = 0;
    loop {
        let consumed = match splitter.split(&buffer, at_eof, &mut frames) {
            Ok(consumed) => consumed,
            Err(broken) => {
                eprintln!("{name}:{}: {}", broken.line, broken.message);
                return Ok(skipped + 1);
            }
        };
        for frame in frames.drain(..) {
            let label = format!("{name}:{}", frame.line);
            if frame.too_large {
                eprintln!("{label}: skipped: the event is larger than the event size limit");
                skipped += 1;
                continue;
            }
            let body = Bytes::copy_from_slice(&buffer[frame.start..frame.end]);
            if sender.blocking_send(Outgoing { label, body }).is_err() {
                return Ok(skipped);
            }
        }
        buffer.drain(..consumed);
        if at_eof {
            return Ok(skipped);
        }
        at_eof = fill(&mut reader, &mut buffer)?;
    }
}

/// Reads up to one more chunk onto `buffer`; true at the end of the input.
fn fill(reader: &mut impl Read, buffer: &mut Vec<u8>) -> io::Result<bool> {
    let start = buffer.len();
    buffer.resize(start + CHUNK, 0);
    let read = loop {
        match reader.read(&mut buffer[start..]) {
            Ok(n) => break n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => {
                buffer.truncate(start);
                return Err(e);
            }
        }
    };
    buffer.truncate(start + read);
    Ok(read == 0)
}
