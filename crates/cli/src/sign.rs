//! `vcc-events sign`: the `Vonage-Signature` header value the platform would send with a body.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::time::Duration;

use vcc_events_webhook::DEFAULT_HASH_CLAIM;
use vcc_events_webhook::signing::now;

use crate::input::{DEFAULT_MAX_INPUT_SIZE, display_name, is_stdin};
use crate::{Error, Outcome};

/// The long help of `vcc-events sign`.
pub(crate) const LONG_ABOUT: &str = "\
Print the Vonage-Signature header value the platform would send with a body: a JWT (HS256) \
keyed with the subscription secret in its base64 text form, with `iat` now, `exp` five minutes \
later (or --ttl) and `payload_hash` the hex SHA-256 of the bytes given, exactly as read (no \
trailing newline is added or removed).

The secret is the first of VCC_WEBHOOK_SECRETS (comma-separated) or of --secrets-file (one per \
line); it is never taken from the command line, where process lists would show it.

  curl -H \"Vonage-Signature: $(vcc-events sign event.json)\" \\
       -H 'Content-Type: application/cloudevents+json' --data-binary @event.json URL

Exit status: 0 when the token is printed, 2 on usage errors (no secret, unreadable input).";

/// Arguments of `vcc-events sign`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// A file of subscription secrets, one per line; the first signs (instead of
    /// VCC_WEBHOOK_SECRETS).
    #[arg(long, value_name = "FILE")]
    secrets_file: Option<PathBuf>,
    /// How long the token is valid (e.g. 300, 30s, 10m).
    #[arg(long, value_name = "DURATION", value_parser = crate::duration::parse,
          default_value = "300s")]
    ttl: Duration,
    /// The token claim that holds the body's hex SHA-256.
    #[arg(long, value_name = "NAME", default_value = DEFAULT_HASH_CLAIM)]
    hash_claim: String,
    /// The body to sign; `-` (or none) for standard input.
    #[arg(default_value = "-")]
    file: PathBuf,
}

/// Prints the token for the body.
pub(crate) fn run(args: &Args, out: &mut impl Write) -> Result<Outcome, Error> {
    let signer = crate::secrets::signer(args.secrets_file.as_deref(), &args.hash_claim)?;
    let body = read_body(&args.file)?;
    let iat = now();
    let exp = iat.saturating_add(args.ttl.as_secs());
    writeln!(out, "{}", signer.sign_at(&body, iat, exp))?;
    Ok(Outcome::Pass)
}

/// The bytes of the body, at most the input size limit.
fn read_body(path: &std::path::Path) -> Result<Vec<u8>, Error> {
    let mut body = Vec::new();
    let read = if is_stdin(path) {
        std::io::stdin()
            .lock()
            .take(DEFAULT_MAX_INPUT_SIZE + 1)
            .read_to_end(&mut body)
    } else {
        std::fs::File::open(path)
            .and_then(|f| f.take(DEFAULT_MAX_INPUT_SIZE + 1).read_to_end(&mut body))
    };
    read.map_err(|e| Error::Usage(format!("cannot read {}: {e}", display_name(path))))?;
    if body.len() as u64 > DEFAULT_MAX_INPUT_SIZE {
        return Err(Error::Usage(format!(
            "{} is larger than {DEFAULT_MAX_INPUT_SIZE} bytes",
            display_name(path)
        )));
    }
    Ok(body)
}
