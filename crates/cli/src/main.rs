//! `vcc-events`: command-line tools for the VCC webhook event schemas.
//!
//! This file only parses the arguments, dispatches to the subcommand's module and maps the
//! outcome to an exit code: 0 success, 1 the check failed (e.g. a breaking change), 2 bad
//! arguments or unusable input.

mod catalog;
mod deliver;
mod diff;
mod drift;
mod duration;
mod events;
mod input;
mod output;
mod receive;
mod secrets;
mod send;
mod sign;
mod simulate;
mod tls;
mod validate;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Command-line tools for the VCC webhook event schemas.
#[derive(Debug, Parser)]
#[command(name = "vcc-events", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
enum Command {
    /// Validate events (one event, a batch, or one event per line) against the catalog.
    #[command(long_about = validate::LONG_ABOUT)]
    Validate(validate::Args),
    /// List the known event types and their stability.
    List,
    /// Print the published JSON Schema of an event type.
    Schema(catalog::TypeArg),
    /// Print the canonical example of an event type.
    Example(catalog::TypeArg),
    /// Compare two versions of an event schema and report what breaks.
    #[command(long_about = diff::LONG_ABOUT)]
    Diff(diff::Args),
    /// Receive notifications over HTTP: verify, validate, store each once (NDJSON file or PostgreSQL).
    #[command(long_about = receive::LONG_ABOUT)]
    Receive(Box<receive::Args>),
    /// Print the events stored in PostgreSQL by `receive --database-url`, as NDJSON.
    #[command(long_about = events::LONG_ABOUT)]
    Events(events::Args),
    /// Compare a saved answer of the platform's event-types API with the catalog.
    #[command(long_about = drift::LONG_ABOUT)]
    Drift(drift::Args),
    /// Print the Vonage-Signature header value the platform would send with a body.
    #[command(long_about = sign::LONG_ABOUT)]
    Sign(sign::Args),
    /// Deliver events to a URL as the platform does: signed, one POST each, with retries.
    #[command(long_about = send::LONG_ABOUT)]
    Send(send::Args),
    /// Simulate the platform's traffic of calls, as NDJSON or delivered to a URL.
    #[command(long_about = simulate::LONG_ABOUT)]
    Simulate(simulate::Args),
}

/// How a subcommand that ran to the end came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Everything is fine: exit code 0.
    Pass,
    /// The check found a problem (e.g. a breaking change): exit code 1.
    Fail,
}

/// Why a subcommand could not run to the end: exit code 2.
#[derive(Debug)]
pub(crate) enum Error {
    /// An input file is missing, unreadable or invalid.
    Input(input::InputError),
    /// Writing the output failed.
    Output(io::Error),
    /// The arguments name something that does not exist (e.g. an unknown event type).
    Usage(String),
    /// The problem was already reported on stderr as it happened.
    Reported,
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Input(e) => e.fmt(f),
            Self::Output(e) => write!(f, "cannot write the output: {e}"),
            Self::Usage(message) => f.write_str(message),
            Self::Reported => f.write_str("see the errors above"),
        }
    }
}

impl From<input::InputError> for Error {
    fn from(e: input::InputError) -> Self {
        Self::Input(e)
    }
}

impl From<io::Error> for Error {
    fn from(e: io::Error) -> Self {
        Self::Output(e)
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let mut stdout = io::stdout().lock();
    let result = match &cli.command {
        Command::Validate(args) => validate::run(args, &mut stdout),
        Command::List => catalog::list(&mut stdout),
        Command::Schema(arg) => catalog::schema(arg, &mut stdout),
        Command::Example(arg) => catalog::example(arg, &mut stdout),
        Command::Diff(args) => diff::run(args, &mut stdout),
        Command::Receive(args) => receive::run(args),
        Command::Drift(args) => drift::run(args, &mut stdout),
        Command::Sign(args) => sign::run(args, &mut stdout),
        Command::Send(args) => send::run(args, &mut stdout),
        Command::Simulate(args) => simulate::run(args, &mut stdout),
        Command::Events(args) => events::run(args, &mut stdout),
    };
    let result = result.and_then(|outcome| stdout.flush().map(|()| outcome).map_err(Error::from));
    match result {
        Ok(Outcome::Pass) => ExitCode::SUCCESS,
        Ok(Outcome::Fail) => ExitCode::from(1),
        // The reader went away (e.g. `| head`): not worth a message.
        Err(Error::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::from(2),
        Err(Error::Reported) => ExitCode::from(2),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
