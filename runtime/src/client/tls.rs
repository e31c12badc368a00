//! Telling a refused server certificate from other transport failures: a
//! certificate the client does not trust (unknown issuer, another host's
//! name, expired, ...) will not become trusted by trying again, so it is an
//! [`ErrorKind::Certificate`](super::ErrorKind::Certificate), which is not
//! retried, naming the host.

use std::error::Error as StdError;

use super::error::Error;

/// The error for a failed `reqwest` request to `host`: a certificate error
/// when rustls refused the server's certificate (found by walking the
/// error's source chain, through `std::io::Error` wrappers), else a
/// transport error.
pub(crate) fn classify(error: reqwest::Error, host: &str) -> Error {
    match refused_certificate(&error) {
        Some(reason) => Error::certificate(host, reason, error),
        None => Error::transport_from(error),
    }
}

/// rustls' reason, when the chain holds a certificate error.
fn refused_certificate(error: &(dyn StdError + 'static)) -> Option<String> {
    let mut next: Option<&(dyn StdError + 'static)> = Some(error);
    // Bounded: a source chain is finite, but never trust that blindly.
    for _ in 0..32 {
        let current = next?;
        if let Some(reason) = certificate_reason(current) {
            return Some(reason);
        }
        // `io::Error::source` skips the error it wraps: look inside too.
        if let Some(inner) = current
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::get_ref)
        {
            if let Some(reason) = certificate_reason(inner) {
                return Some(reason);
            }
            if let Some(reason) = inner.source().and_then(certificate_reason) {
                return Some(reason);
            }
        }
        next = current.source();
    }
    None
}

fn certificate_reason(error: &(dyn StdError + 'static)) -> Option<String> {
    match error.downcast_ref::<rustls::Error>()? {
        rustls::Error::InvalidCertificate(reason) => Some(reason.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_rustls_inside_io_errors() {
        let rustls_error =
            rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer);
        let io = std::io::Error::new(std::io::ErrorKind::InvalidData, rustls_error);
        let reason = refused_certificate(&io).unwrap();
        assert!(reason.to_lowercase().contains("issuer"), "{reason}");
        let other = std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            rustls::Error::DecryptError,
        );
        assert_eq!(refused_certificate(&other), None);
        assert_eq!(
            refused_certificate(&std::io::Error::other("connection reset")),
            None
        );
    }
}
