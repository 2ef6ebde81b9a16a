//! How the commands print: the one `--format` choice, a compatibility report (text and JSON,
//! shared by `diff` and `drift`), a validation problem (the JSON form shared with the
//! receiver's answers), and file names made safe to print.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::Value;
use vcc_events::Problem;
use vcc_events_compat::{Breaks, Counterexamples, Report};

/// The output format of a command with a `--format` option.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// Lines for a person to read.
    Text,
    /// JSON for a program to read.
    Json,
}

/// `yes` or `no`.
fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

/// Writes a compatibility report as text: the verdicts, the counterexamples, then one line per
/// change ([`Change::report_line`](vcc_events_compat::Change::report_line)).
pub(crate) fn write_report_text(
    report: &Report,
    examples: &Counterexamples,
    out: &mut impl Write,
) -> io::Result<()> {
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
            Breaks::Backward.as_str(),
            !report.backward_compatible(),
            &examples.backward,
        ),
        (
            Breaks::Forward.as_str(),
            !report.forward_compatible(),
            &examples.forward,
        ),
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
        writeln!(out, "{}", c.report_line())?;
    }
    Ok(())
}

/// Writes a JSON value pretty-printed, then a line break.
pub(crate) fn write_pretty(value: &impl Serialize, out: &mut impl Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}

/// A compatibility report as JSON (`vcc-events diff --format json`, and each `changed` entry
/// of `vcc-events drift --format json`).
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

impl<'a> JsonReport<'a> {
    /// The JSON form of `report` and its counterexamples.
    pub(crate) fn new(report: &'a Report, examples: &'a Counterexamples) -> Self {
        let instance =
            |example: &'a Option<Value>| example.as_ref().map(|instance| JsonInstance { instance });
        JsonReport {
            backward_compatible: report.backward_compatible(),
            forward_compatible: report.forward_compatible(),
            backward_counterexample: instance(&examples.backward),
            forward_counterexample: instance(&examples.forward),
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

/// One problem of `vcc-events validate --format json`: where (file and line), then the
/// problem as the receiver's answers give it.
#[derive(Serialize)]
struct JsonProblem<'a> {
    file: &'a str,
    line: usize,
    #[serde(flatten)]
    problem: Problem<'a>,
}

/// Writes one problem found in `file` at `line`: `FILE:LINE: /pointer: message` as text, one
/// JSON object on one line as JSON.
pub(crate) fn write_problem(
    out: &mut impl Write,
    format: Format,
    file: &str,
    line: usize,
    problem: Problem<'_>,
) -> io::Result<()> {
    match format {
        Format::Text => {
            let pointer = vcc_events_pointer::display(problem.pointer);
            writeln!(out, "{file}:{line}: {pointer}: {}", problem.message)
        }
        Format::Json => {
            serde_json::to_writer(
                &mut *out,
                &JsonProblem {
                    file,
                    line,
                    problem,
                },
            )?;
            writeln!(out)
        }
    }
}

/// `name` with its control characters escaped (`\n`, `\u{1b}`, ...), so that a file name
/// cannot forge report lines or terminal output.
pub(crate) fn printable(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().collect()
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use vcc_events::Rule;

    fn problem(format: Format) -> String {
        let mut out = Vec::new();
        let problem = Problem {
            pointer: "",
            rule: Rule::Empty,
            message: "the input is empty",
        };
        write_problem(&mut out, format, "a.json", 3, problem).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_problem_prints_as_file_line_pointer_message_with_the_root_shown() {
        assert_eq!(
            problem(Format::Text),
            "a.json:3: (root): the input is empty\n"
        );
    }

    #[test]
    fn a_problem_prints_as_one_json_line_with_the_location_first() {
        assert_eq!(
            problem(Format::Json),
            "{\"file\":\"a.json\",\"line\":3,\"pointer\":\"\",\"rule\":\"empty\",\
             \"message\":\"the input is empty\"}\n"
        );
    }

    #[test]
    fn control_characters_of_a_file_name_are_escaped() {
        assert_eq!(printable("a\nb\u{1b}c"), "a\\nb\\u{1b}c");
    }
}
