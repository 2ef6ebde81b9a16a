//! `vcc-events diff OLD.json NEW.json`: compares two versions of an event schema and reports
//! whether the change is backward compatible (new readers accept old events) and forward
//! compatible (old readers accept new events), with one line per change.

use std::io::Write;
use std::path::PathBuf;

use clap::ValueEnum;
use serde::Serialize;
use serde_json::Value;
use vcc_events_compat::{Counterexamples, Report, counterexamples, diff_documents};

use crate::input::{DEFAULT_MAX_INPUT_SIZE, is_stdin, read_schema};
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
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// Output formats (of `diff` and `drift`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// A readable report: a header, then one line per change.
    Text,
    /// One JSON object (for `diff`: `backward_compatible`, `forward_compatible`, the
    /// counterexamples as `{"instance": ...}` or `null`, and `changes`).
    Json,
}

/// The JSON output (also each `changed` entry of `vcc-events drift`).
#[derive(Serialize)]
pub(crate) struct JsonReport<'a> {
    backward_compatible: bool,
    forward_compatible: bool,
    /// An event an old producer can emit that the new schema rejects (checked), as
    /// `{"instance": ...}`; `null` only when there is none (backward compatible or not decided).
    backward_counterexample: Option<JsonInstance<'a>>,
    /// An event a new producer can emit that the old schema rejects (checked), as
    /// `{"instance": ...}`; `null` only when there is none (forward compatible or not decided).
    forward_counterexample: Option<JsonInstance<'a>>,
    changes: Vec<JsonChange<'a>>,
}

/// A counterexample in the JSON output: an object, so that the instance `null` is told apart
/// from no counterexample at all.
#[derive(Serialize)]
struct JsonInstance<'a> {
    instance: &'a Value,
}

/// One change in the JSON output.
#[derive(Serialize)]
struct JsonChange<'a> {
    pointer: &'a str,
    kind: &'static str,
    /// The broken directions: `[]`, `["backward"]`, `["forward"]` or both.
    breaks: &'static [&'static str],
    message: &'a str,
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
        Format::Text => write_text(&report, &examples, out)?,
        Format::Json => write_json(&report, &examples, out)?,
    }
    Ok(if report.breaks().is_breaking() {
        Outcome::Fail
    } else {
        Outcome::Pass
    })
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

/// Writes the text report: the verdicts, the counterexamples, then one line per change.
pub(crate) fn write_text(
    report: &Report,
    examples: &Counterexamples,
    out: &mut impl Write,
) -> std::io::Result<()> {
    writeln!(
        out,
        "backward compatible: {}",
        yes_no(report.backward_compatible())
    )?;
    writeln!(
        out,
        "forward compatible: {}",
        yes_no(report.forward_compatible())
    )?;
    for (direction, broken, example) in [
        (
            "backward",
            !report.backward_compatible(),
            &examples.backward,
        ),
        ("forward", !report.forward_compatible(), &examples.forward),
    ] {
        match example {
            Some(v) => writeln!(out, "{direction} counterexample: {v}")?,
            None if broken => writeln!(out, "{direction} counterexample: not decided")?,
            None => {}
        }
    }
    if report.is_empty() {
        writeln!(out, "no changes")?;
    }
    for c in report.changes() {
        let pointer = vcc_events_pointer::display(&c.pointer);
        writeln!(out, "{} {pointer}: {}", c.breaks, c.message)?;
    }
    Ok(())
}

fn write_json(
    report: &Report,
    examples: &Counterexamples,
    out: &mut impl Write,
) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &JsonReport::new(report, examples))?;
    writeln!(out)
}

impl<'a> JsonReport<'a> {
    /// The JSON form of `report` and its counterexamples.
    pub(crate) fn new(report: &'a Report, examples: &'a Counterexamples) -> Self {
        JsonReport {
            backward_compatible: report.backward_compatible(),
            forward_compatible: report.forward_compatible(),
            backward_counterexample: examples
                .backward
                .as_ref()
                .map(|instance| JsonInstance { instance }),
            forward_counterexample: examples
                .forward
                .as_ref()
                .map(|instance| JsonInstance { instance }),
            changes: report
                .changes()
                .iter()
                .map(|c| JsonChange {
                    pointer: &c.pointer,
                    kind: c.kind.as_str(),
                    breaks: c.breaks.directions(),
                    message: &c.message,
                })
                .collect(),
        }
    }
}
