//! `vcc-events diff OLD.json NEW.json`: compares two versions of an event schema and reports
//! whether the change is backward compatible (new readers accept old events) and forward
//! compatible (old readers accept new events), with one line per change.

use std::io::Write;
use std::path::PathBuf;

use vcc_events_compat::{counterexamples, diff_documents};

use crate::input::{DEFAULT_MAX_INPUT_SIZE, is_stdin, read_schema};
use crate::output::{Format, JsonReport, write_pretty, write_report_text};
use crate::{Error, Outcome};

/// The long help of `vcc-events diff`.
pub(crate) const LONG_ABOUT: &str =
    "Compare two versions of an event schema and report what breaks.

Backward compatible: every event a producer of the OLD schema can emit is accepted by a reader \
of the NEW schema (a new consumer can read old data). Forward compatible: every event a producer \
of the NEW schema can emit is accepted by a reader of the OLD schema (an old consumer can read \
new data).

Prints whether the change is backward and forward compatible; for each broken direction, a \
counterexample (an event the producer's schema accepts and the reader's schema rejects, checked \
with a validator, formats on), or `not decided` when none was found; then one line per change: \
`<breaks> <pointer>: <message>`, where <breaks> is none, backward, forward or both.

Either file may be `-` for standard input. Inputs larger than --max-size are refused.

Exit status: 0 when nothing breaks, 1 when something breaks in either direction, 2 on bad \
arguments or an unreadable or invalid file.";

/// Arguments of `vcc-events diff`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The old version of the schema (a JSON file, or `-` for standard input).
    #[arg(value_name = "OLD.json")]
    old: PathBuf,
    /// The new version of the schema (a JSON file, or `-` for standard input).
    #[arg(value_name = "NEW.json")]
    new: PathBuf,
    /// The largest input read, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_INPUT_SIZE)]
    max_size: u64,
    /// Output format: `text` prints a header, then one line per change; `json` one JSON object
    /// (`backward_compatible`, `forward_compatible`, the counterexamples as `{"instance": ...}`
    /// or `null`, and `changes`).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// Runs the subcommand, writing the report to `out`.
pub(crate) fn run(args: &Args, out: &mut impl Write) -> Result<Outcome, Error> {
    if is_stdin(&args.old) && is_stdin(&args.new) {
        return Err(Error::Usage(
            "only one of OLD.json and NEW.json can be `-` (standard input)".to_owned(),
        ));
    }
    let old = read_schema(&args.old, args.max_size)?;
    let new = read_schema(&args.new, args.max_size)?;
    let report = diff_documents(&old, &new);
    let examples = counterexamples(old.value(), new.value(), &report);
    match args.format {
        Format::Text => write_report_text(&report, &examples, out)?,
        Format::Json => write_pretty(&JsonReport::new(&report, &examples), out)?,
    }
    Ok(if report.breaks().is_breaking() {
        Outcome::Fail
    } else {
        Outcome::Pass
    })
}
