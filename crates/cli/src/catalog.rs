//! `vcc-events list`, `schema` and `example`: what the catalog knows.

use std::io::Write;

use vcc_events::{Catalog, VersionInfo};

use crate::{Error, Outcome};

/// Arguments naming one event type.
#[derive(Debug, clap::Args)]
pub(crate) struct TypeArg {
    /// An event type, e.g. `channel.parked.v0`.
    event_type: String,
}

/// Prints every known type with its stability.
pub(crate) fn list(out: &mut impl Write) -> Result<Outcome, Error> {
    for info in <vcc_events::AnyEvent as Catalog>::versions() {
        writeln!(out, "{}\t{}", info.event_type, info.stability.as_str())?;
    }
    Ok(Outcome::Pass)
}

/// Prints the published schema of a type.
pub(crate) fn schema(arg: &TypeArg, out: &mut impl Write) -> Result<Outcome, Error> {
    let info = find(&arg.event_type)?;
    out.write_all(vcc_events_codegen::schema_text(info).as_bytes())?;
    Ok(Outcome::Pass)
}

/// Prints the canonical example of a type.
pub(crate) fn example(arg: &TypeArg, out: &mut impl Write) -> Result<Outcome, Error> {
    let info = find(&arg.event_type)?;
    let example = info.example.trim_end();
    writeln!(out, "{example}")?;
    Ok(Outcome::Pass)
}

fn find(event_type: &str) -> Result<&'static VersionInfo, Error> {
    let versions = <vcc_events::AnyEvent as Catalog>::versions();
    versions
        .iter()
        .copied()
        .find(|v| v.event_type == event_type)
        .ok_or_else(|| {
            let known: Vec<&str> = versions.iter().map(|v| v.event_type).collect();
            Error::Usage(format!(
                "unknown event type {event_type:?}; known types: {}",
                known.join(", ")
            ))
        })
}
