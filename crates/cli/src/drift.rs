//! `vcc-events drift RESPONSE.json`: compares a saved answer of the platform's event-types API
//! (`GET /webhooks/event-types`) with the catalog: types on one side only, `data` schemas that
//! differ (judged as `vcc-events diff` judges catalog -> platform), and release statuses that
//! differ.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use vcc_events_codegen::event_types::{EVENT_TYPES, EventType, event_types};
use vcc_events_compat::{Counterexamples, Document, Report, counterexamples, diff_documents};

use crate::input::{DEFAULT_MAX_INPUT_SIZE, InputError, read_json};
use crate::output::{Format, JsonReport, write_pretty, write_report_text};
use crate::{Error, Outcome};

/// The long help of `vcc-events drift`.
pub(crate) const LONG_ABOUT: &str =
    "Compare a saved answer of the platform's event-types API with the catalog.

RESPONSE.json is the body of `GET /webhooks/event-types`: `{ \"eventTypes\": [ { \"name\", \
\"description\", \"jsonSchema\", \"releaseStatus\" } ] }`, where `jsonSchema` is the schema of \
`data` alone. schemas/event-types.json is the catalog in that shape.

Reports the types the platform serves that the catalog lacks (missing in catalog), the types \
the catalog declares that the platform does not serve (missing on platform), each type on both \
sides whose `data` schema differs, with the verdict `vcc-events diff` gives from the catalog's \
schema (old) to the platform's (new) and one line per change (changed), and each type whose \
`releaseStatus` differs from the catalog's stability (release status).

The file may be `-` for standard input. Inputs larger than --max-size are refused.

Exit status: 0 when nothing drifted, 1 when something did, 2 on bad arguments or an unreadable \
or malformed response.";

/// Arguments of `vcc-events drift`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The saved response of the platform's event-types API (a JSON file, or `-` for standard
    /// input).
    #[arg(value_name = "RESPONSE.json")]
    response: PathBuf,
    /// The largest input read, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_INPUT_SIZE)]
    max_size: u64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// A type on both sides whose `data` schemas differ: the verdict from the catalog's schema to
/// the platform's.
struct Changed {
    name: String,
    report: Report,
    examples: Counterexamples,
}

/// A type whose release status differs.
#[derive(Serialize)]
struct StatusMismatch {
    name: String,
    catalog: String,
    platform: String,
}

/// Everything that drifted.
#[derive(Default)]
struct Drift {
    missing_in_catalog: Vec<String>,
    missing_on_platform: Vec<String>,
    changed: Vec<Changed>,
    release_status: Vec<StatusMismatch>,
}

impl Drift {
    fn is_empty(&self) -> bool {
        self.missing_in_catalog.is_empty()
            && self.missing_on_platform.is_empty()
            && self.changed.is_empty()
            && self.release_status.is_empty()
    }
}

/// The JSON output.
#[derive(Serialize)]
struct JsonDrift<'a> {
    drift: bool,
    missing_in_catalog: &'a [String],
    missing_on_platform: &'a [String],
    changed: Vec<JsonChanged<'a>>,
    release_status: &'a [StatusMismatch],
}

/// One `changed` entry: the name, then the `vcc-events diff --format json` report.
#[derive(Serialize)]
struct JsonChanged<'a> {
    name: &'a str,
    #[serde(flatten)]
    report: JsonReport<'a>,
}

/// Runs the subcommand, writing the report to `out`.
pub(crate) fn run(args: &Args, out: &mut impl Write) -> Result<Outcome, Error> {
    let response = read_json(&args.response, args.max_size)?;
    let platform = parse(&args.response, &response)?;
    let catalog = parse(
        Path::new("schemas/event-types.json"),
        &event_types(&vcc_events::versions()),
    )?;
    let drift = compare(&catalog, &platform);
    match args.format {
        Format::Text => write_text_drift(&drift, out)?,
        Format::Json => write_json_drift(&drift, out)?,
    }
    Ok(if drift.is_empty() {
        Outcome::Pass
    } else {
        Outcome::Fail
    })
}

/// The event types of an event-types answer, in its order; an error names the first member
/// that is not as the API documents it.
fn parse(path: &Path, response: &Value) -> Result<Vec<EventType>, InputError> {
    let shape = |pointer: String, expected: &str| InputError::shape(path, pointer, expected);
    let Some(root) = response.as_object() else {
        return Err(shape(String::new(), "an object"));
    };
    let Some(entries) = root.get(EVENT_TYPES).and_then(Value::as_array) else {
        return Err(shape(format!("/{EVENT_TYPES}"), "an array of event types"));
    };
    let mut types = Vec::with_capacity(entries.len());
    for (i, entry) in entries.iter().enumerate() {
        let at = format!("/{EVENT_TYPES}/{i}");
        let event_type = EventType::deserialize(entry)
            .map_err(|e| shape(at.clone(), &format!("an event type ({e})")))?;
        if !matches!(event_type.json_schema, Value::Object(_) | Value::Bool(_)) {
            return Err(shape(
                format!("{at}/jsonSchema"),
                "a JSON Schema (an object or a boolean)",
            ));
        }
        types.push(event_type);
    }
    Ok(types)
}

/// What differs between the catalog's event types and the platform's.
fn compare(catalog: &[EventType], platform: &[EventType]) -> Drift {
    let ours: BTreeMap<&str, &EventType> = catalog.iter().map(|t| (t.name.as_str(), t)).collect();
    let theirs: BTreeMap<&str, &EventType> =
        platform.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut drift = Drift {
        missing_in_catalog: theirs
            .keys()
            .filter(|name| !ours.contains_key(*name))
            .map(|name| (*name).to_owned())
            .collect(),
        missing_on_platform: ours
            .keys()
            .filter(|name| !theirs.contains_key(*name))
            .map(|name| (*name).to_owned())
            .collect(),
        ..Drift::default()
    };
    for (name, our) in &ours {
        let Some(their) = theirs.get(name) else {
            continue;
        };
        let (Some(old), Some(new)) = (document(&our.json_schema), document(&their.json_schema))
        else {
            continue;
        };
        let report = diff_documents(&old, &new);
        if !report.is_empty() {
            let examples = counterexamples(old.value(), new.value(), &report);
            drift.changed.push(Changed {
                name: (*name).to_owned(),
                report,
                examples,
            });
        }
        if our.release_status != their.release_status {
            drift.release_status.push(StatusMismatch {
                name: (*name).to_owned(),
                catalog: our.release_status.clone(),
                platform: their.release_status.clone(),
            });
        }
    }
    drift
}

/// A schema value as the compatibility checker reads it. (The text of a parsed value always
/// parses again, so `None` does not happen.)
fn document(schema: &Value) -> Option<Document> {
    Document::parse(&schema.to_string()).ok()
}

fn write_text_drift(drift: &Drift, out: &mut impl Write) -> std::io::Result<()> {
    if drift.is_empty() {
        return writeln!(out, "no drift");
    }
    for name in &drift.missing_in_catalog {
        writeln!(out, "missing in catalog: {name}")?;
    }
    for name in &drift.missing_on_platform {
        writeln!(out, "missing on platform: {name}")?;
    }
    for changed in &drift.changed {
        writeln!(out, "changed: {} (catalog -> platform)", changed.name)?;
        let mut report = Vec::new();
        write_report_text(&changed.report, &changed.examples, &mut report)?;
        for line in String::from_utf8_lossy(&report).lines() {
            writeln!(out, "  {line}")?;
        }
    }
    for mismatch in &drift.release_status {
        writeln!(
            out,
            "release status: {}: catalog {}, platform {}",
            mismatch.name, mismatch.catalog, mismatch.platform
        )?;
    }
    Ok(())
}

fn write_json_drift(drift: &Drift, out: &mut impl Write) -> std::io::Result<()> {
    let json = JsonDrift {
        drift: !drift.is_empty(),
        missing_in_catalog: &drift.missing_in_catalog,
        missing_on_platform: &drift.missing_on_platform,
        changed: drift
            .changed
            .iter()
            .map(|c| JsonChanged {
                name: &c.name,
                report: JsonReport::new(&c.report, &c.examples),
            })
            .collect(),
        release_status: &drift.release_status,
    };
    write_pretty(&json, out)
}
