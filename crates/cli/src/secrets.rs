//! Where the subscription secrets come from: `--secrets-file` or `VCC_WEBHOOK_SECRETS`, never
//! a command-line argument (which would show in process lists).

use std::path::Path;

use crate::Error;

/// The environment variable that holds the subscription secrets, comma-separated.
pub(crate) const SECRETS_VARIABLE: &str = "VCC_WEBHOOK_SECRETS";

/// The text of the secrets list: the file's if one is given, else the variable's (empty when
/// it is not set).
pub(crate) fn text(file: Option<&Path>) -> Result<String, Error> {
    match file {
        Some(path) => std::fs::read_to_string(path).map_err(|e| {
            Error::Usage(format!(
                "cannot read the secrets file {}: {e}",
                path.display()
            ))
        }),
        None => Ok(std::env::var(SECRETS_VARIABLE).unwrap_or_default()),
    }
}

/// The signer for the first secret of the list, or a usage error saying where to put one.
pub(crate) fn signer(
    file: Option<&Path>,
    hash_claim: &str,
) -> Result<vcc_events_webhook::signing::Signer, Error> {
    let text = text(file)?;
    vcc_events_webhook::signing::Signer::first_of(&text)
        .map(|signer| signer.with_hash_claim(hash_claim))
        .ok_or_else(|| {
            Error::Usage(format!(
                "no secret: set {SECRETS_VARIABLE} (comma-separated, the first signs) or pass \
                 --secrets-file (one per line)"
            ))
        })
}
