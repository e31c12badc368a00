//! Telling a refused server certificate from other transport failures: a
//! certificate the client does not trust (unknown issuer, another host's
//! name, expired, ...) will not become trusted by trying again, so it is an
//! [`ErrorKind::Certificate`](super::ErrorKind::Certificate), which is not
//! retried, naming the host.

use std::error::Error as StdError;
use std::fmt;

use super::error::Error;

/// The error for a failed `reqwest` request to `host`: a certificate error
/// when rustls refused the server's certificate (found by walking the
/// error's source chain, into `std::io::Error` wrappers), else a transport
/// error whose message is the whole chain (reqwest's own says only "error
/// sending request" or "error following redirect").
///
/// `host` is the request's; the error's own URL (a redirect's target) wins
/// when it has one. The URL itself is dropped (its query is not for errors).
pub(crate) fn classify(error: reqwest::Error, host: &str) -> Error {
    let host = error
        .url()
        .and_then(|url| url.host_str())
        .unwrap_or(host)
        .to_owned();
    let error = error.without_url();
    let host = host.as_str();
    let reason = chain(&error).find_map(certificate_reason);
    match reason {
        Some(reason) => Error::certificate(host, reason, error),
        None => transport_error(error),
    }
}

/// A transport error whose message is `error` with its causes.
pub(crate) fn transport_error(error: reqwest::Error) -> Error {
    Error::transport_from(Chained(error))
}

/// The error and its causes, looking inside `std::io::Error`s (whose
/// `source` skips the error they wrap); at most 32 deep.
fn chain<'a>(
    error: &'a (dyn StdError + 'static),
) -> impl Iterator<Item = &'a (dyn StdError + 'static)> {
    std::iter::successors(Some(error), |&current: &&'a (dyn StdError + 'static)| {
        match current.downcast_ref::<std::io::Error>() {
            Some(io) if io.get_ref().is_some() => {
                io.get_ref().map(|inner| inner as &(dyn StdError + 'static))
            }
            _ => current.source(),
        }
    })
    .take(32)
}

/// A `reqwest::Error` shown with its causes ("error following redirect:
/// refused a redirect from https to a non-https URL").
#[derive(Debug)]
struct Chained(reqwest::Error);

impl fmt::Display for Chained {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut previous = String::new();
        for (i, error) in chain(&self.0).enumerate() {
            let text = error.to_string();
            if text.is_empty() || previous.contains(&text) {
                continue;
            }
            if i > 0 {
                f.write_str(": ")?;
            }
            f.write_str(&text)?;
            previous = text;
        }
        Ok(())
    }
}

impl StdError for Chained {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&self.0)
    }
}

fn certificate_reason(error: &(dyn StdError + 'static)) -> Option<String> {
    match error.downcast_ref::<rustls::Error>()? {
        rustls::Error::InvalidCertificate(reason) => Some(match reason {
            rustls::CertificateError::UnknownIssuer => {
                "not issued by a trusted root (UnknownIssuer)".to_owned()
            }
            other => other.to_string(),
        }),
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
        let wrapped = std::io::Error::other(io);
        let reason = chain(&wrapped).find_map(certificate_reason).unwrap();
        assert_eq!(reason, "not issued by a trusted root (UnknownIssuer)");
        let other =
            std::io::Error::new(std::io::ErrorKind::InvalidData, rustls::Error::DecryptError);
        assert_eq!(chain(&other).find_map(certificate_reason), None);
        assert_eq!(chain(&other).count(), 2);
        let reset = std::io::Error::other("connection reset");
        assert_eq!(chain(&reset).find_map(certificate_reason), None);
    }
}
