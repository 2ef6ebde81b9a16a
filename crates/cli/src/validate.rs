//! `vcc-events validate`: checks captured webhook bodies and event streams against the catalog.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::path::PathBuf;

use serde_json::json;
use vcc_events::Problem;
use vcc_events_validate::{Options, Report, Summary};

use crate::output::{Format, printable, write_problem};
use crate::{Error, Outcome};

/// The long help of `vcc-events validate`.
pub(crate) const LONG_ABOUT: &str = "\
Validate events against the catalog: each event is decoded by its CloudEvents `type` and every \
rule of its version is checked.

Each input may hold one JSON event, a JSON array (a CloudEvents batch) or newline-delimited \
events (one per line; blank lines are ignored). `-` or no file reads standard input (once, \
however often `-` is given). Inputs are streamed: memory stays flat whatever their size and \
however many events are invalid, and all cores are used. When the input is a pipe, each \
problem is printed as soon as its event has arrived.

An event larger than --max-event-size (16 MiB unless given) is reported invalid (rule \
`too-large`, at the line where it starts) and skipped without being read whole; the events \
after it are still checked.

Text output: one line per problem, `FILE:LINE: /json/pointer: message` (LINE is where the event \
starts), then `N valid, M invalid`. JSON output: one JSON object per line for each problem, then \
a summary object.

Exit status: 0 when every event is valid, 1 when any is invalid, 2 on usage or I/O errors.";

/// Arguments of `vcc-events validate`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Also report members a version does not declare (extension attributes included):
    /// readers accept them, but producers' own tests usually should not send them.
    #[arg(long)]
    strict: bool,
    /// Output format: `text` prints `FILE:LINE: /pointer: message` lines and a summary line,
    /// `json` one JSON object per line for each problem, then a summary object.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// The largest event accepted, in bytes (16 MiB = 16777216 by default); a larger one is
    /// reported invalid and skipped.
    #[arg(long, value_name = "BYTES", default_value_t = vcc_events_validate::framing::DEFAULT_MAX_EVENT_SIZE,
          value_parser = clap::value_parser!(usize))]
    max_event_size: usize,
    /// Files to validate; `-` (or none) for standard input.
    files: Vec<PathBuf>,
}

/// Validates every input; an unreadable input is reported and the others still validated.
pub(crate) fn run(args: &Args, out: &mut impl Write) -> Result<Outcome, Error> {
    let options = Options {
        strict: args.strict,
        max_event_size: args.max_event_size,
        ..Options::default()
    };
    let mut inputs: Vec<PathBuf> = if args.files.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.files.clone()
    };
    // Standard input is read once.
    let mut stdin_seen = false;
    inputs.retain(|path| path.as_os_str() != "-" || !std::mem::replace(&mut stdin_seen, true));
    let mut out = BufWriter::new(out);
    let mut total = Summary::default();
    let mut io_failure = None;
    for path in &inputs {
        let name = if path.as_os_str() == "-" {
            "<stdin>".to_owned()
        } else {
            printable(&path.display().to_string())
        };
        // A regular file's reports are written in large blocks; a stream's (a pipe, a FIFO, a
        // terminal) as soon as each one is known.
        let (reader, size, stream): (Box<dyn Read + Send>, Option<u64>, bool) =
            if path.as_os_str() == "-" {
                let regular = stdin_is_regular_file();
                (Box::new(io::stdin()), None, !regular)
            } else {
                match File::open(path) {
                    Ok(file) => {
                        let metadata = file.metadata().ok();
                        let size = metadata.as_ref().map(|m| m.len());
                        let stream = !metadata.is_some_and(|m| m.is_file());
                        (Box::new(file), size, stream)
                    }
                    Err(e) => {
                        eprintln!("error: cannot read {name}: {e}");
                        io_failure = Some(());
                        continue;
                    }
                }
            };
        let progress = Progress::new(&name, size);
        let mut write_error = None;
        let result = vcc_events_validate::validate(
            reader,
            &options,
            |report| {
                if write_error.is_none()
                    && let Err(e) = print_report(&mut out, args.format, &name, report)
                        .and_then(|()| if stream { out.flush() } else { Ok(()) })
                {
                    write_error = Some(e);
                }
            },
            |read| progress.update(read),
        );
        progress.finish();
        if let Some(e) = write_error {
            return Err(Error::Output(e));
        }
        match result {
            Ok(summary) => total += summary,
            Err(e) => {
                eprintln!("error: cannot read {name}: {e}");
                io_failure = Some(());
            }
        }
    }
    match args.format {
        Format::Text => writeln!(out, "{} valid, {} invalid", total.valid, total.invalid)?,
        Format::Json => writeln!(
            out,
            "{}",
            json!({"summary": {"valid": total.valid, "invalid": total.invalid}})
        )?,
    }
    out.flush()?;
    if io_failure.is_some() {
        return Err(Error::Reported);
    }
    Ok(if total.invalid == 0 {
        Outcome::Pass
    } else {
        Outcome::Fail
    })
}

fn print_report(out: &mut impl Write, format: Format, file: &str, r: &Report) -> io::Result<()> {
    let problem = Problem {
        pointer: &r.pointer,
        rule: r.rule,
        message: &r.message,
    };
    write_problem(out, format, file, r.line, problem)
}

/// Whether standard input is a regular file (redirected with `<`), not a pipe or a terminal.
fn stdin_is_regular_file() -> bool {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        io::stdin()
            .as_fd()
            .try_clone_to_owned()
            .map(File::from)
            .and_then(|f| f.metadata())
            .is_ok_and(|m| m.is_file())
    }
    #[cfg(not(unix))]
    {
        false
    }
}

/// A progress bar on stderr for large inputs, shown only when stderr is a terminal.
struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    const LARGE: u64 = 32 << 20;

    fn new(name: &str, size: Option<u64>) -> Self {
        if !io::stderr().is_terminal() || size.is_some_and(|s| s < Self::LARGE) {
            return Progress(None);
        }
        let bar = match size {
            Some(size) => indicatif::ProgressBar::new(size).with_style(
                indicatif::ProgressStyle::with_template(
                    "{msg} {wide_bar} {bytes}/{total_bytes} ({bytes_per_sec}, {eta})",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            ),
            None => indicatif::ProgressBar::new_spinner(),
        };
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        bar.set_message(name.to_owned());
        Progress(Some(bar))
    }

    fn update(&self, read: u64) {
        if let Some(bar) = &self.0 {
            bar.set_position(read);
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
