//! TLS for deliveries to https URLs: rustls with the ring provider, Mozilla's root
//! certificates and those of `--ca-file`; certificates are always verified.

use std::path::Path;
use std::sync::Arc;

use rustls::RootCertStore;
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;

use crate::Error;

/// The client configuration: the public roots, plus every certificate of `ca_file`.
pub(crate) fn client_config(ca_file: Option<&Path>) -> Result<rustls::ClientConfig, Error> {
    let mut roots = RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    if let Some(path) = ca_file {
        for certificate in certificates(path)? {
            roots.add(certificate).map_err(|e| {
                Error::Usage(format!(
                    "--ca-file {}: a certificate cannot be trusted: {e}",
                    path.display()
                ))
            })?;
        }
    }
    // ring builds in seconds with a C compiler alone; rustls deprecates its provider because
    // it has no post-quantum key exchange (aws-lc-rs has, at several times the build time).
    // Certificate verification is the same with either.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::Usage(format!("TLS cannot be set up: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(config)
}

/// Every certificate of a PEM file; an error naming the file when it cannot be read or holds
/// none.
fn certificates(path: &Path) -> Result<Vec<CertificateDer<'static>>, Error> {
    let refused = |why: String| Error::Usage(format!("--ca-file {}: {why}", path.display()));
    let certificates = CertificateDer::pem_file_iter(path)
        .map_err(|e| refused(pem_error(e)))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| refused(pem_error(e)))?;
    if certificates.is_empty() {
        return Err(refused(
            "no certificate in it (a PEM file with `-----BEGIN CERTIFICATE-----` sections \
             is expected)"
                .to_owned(),
        ));
    }
    Ok(certificates)
}

fn pem_error(e: rustls::pki_types::pem::Error) -> String {
    match e {
        rustls::pki_types::pem::Error::Io(e) => e.to_string(),
        other => format!("not a PEM file: {other}"),
    }
}

/// Why a request got no answer, in one line: the chain of causes, and for a TLS failure what
/// rustls says was wrong (an untrusted certificate names `--ca-file` as the way to trust it).
pub(crate) fn explain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(e);
    let mut why = Vec::new();
    while let Some(error) = cause {
        if let Some(tls) = rustls_error(error) {
            let hint = match tls {
                rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer) => {
                    " (no trusted authority signed the certificate: pass the CA that did with \
                     --ca-file)"
                }
                _ => "",
            };
            return format!("the TLS handshake failed: {tls}{hint}");
        }
        why.push(error.to_string());
        cause = error.source();
    }
    why.join(": ")
}

/// Whether `e` is a certificate the client refused: waiting does not change it (the
/// receiver's certificate, or the client's trust, has to), so it is not delivered again.
pub(crate) fn is_certificate_refused(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(error) = cause {
        if let Some(tls) = rustls_error(error) {
            return matches!(tls, rustls::Error::InvalidCertificate(_));
        }
        cause = error.source();
    }
    false
}

/// The rustls error `error` is, or wraps in I/O errors (one in another, as the connector
/// wraps the TLS stream's).
fn rustls_error<'e>(error: &'e (dyn std::error::Error + 'static)) -> Option<&'e rustls::Error> {
    let mut error = error;
    loop {
        if let Some(tls) = error.downcast_ref::<rustls::Error>() {
            return Some(tls);
        }
        let inner = error.downcast_ref::<std::io::Error>()?.get_ref()?;
        error = inner;
    }
}
