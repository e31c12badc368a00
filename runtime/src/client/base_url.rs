//! Base URL validation and the origin (scheme, host, port) comparison that
//! keeps the token on the base URL's server.

use super::error::Error;

/// The scheme, host and port of an absolute `http`/`https` URL, normalised
/// (lower case, default ports filled in).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Origin {
    scheme: String,
    host: String,
    port: u16,
}

impl Origin {
    /// The origin of `url`; `None` unless it is an absolute `http`/`https`
    /// URL with a host and no user info.
    pub(crate) fn of(url: &str) -> Option<Self> {
        let (scheme, rest) = url.split_once("://")?;
        let scheme = scheme.to_ascii_lowercase();
        let default_port = match scheme.as_str() {
            "http" => 80,
            "https" => 443,
            _ => return None,
        };
        let end = rest.find(['/', '?', '#', '\\']).unwrap_or(rest.len());
        let authority = &rest[..end];
        if authority.contains('@') {
            return None;
        }
        let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
            let (inside, after) = v6.split_once(']')?;
            let host = format!("[{inside}]");
            match after {
                "" => (host, None),
                _ => (host, Some(after.strip_prefix(':')?)),
            }
        } else {
            match authority.split_once(':') {
                Some((host, port)) => (host.to_owned(), Some(port)),
                None => (authority.to_owned(), None),
            }
        };
        if host.is_empty()
            || host
                .bytes()
                .any(|b| b.is_ascii_whitespace() || b.is_ascii_control())
        {
            return None;
        }
        let port = match port {
            None | Some("") => default_port,
            Some(port) if port.bytes().all(|b| b.is_ascii_digit()) => port.parse().ok()?,
            Some(_) => return None,
        };
        Some(Self {
            scheme,
            host: host.to_ascii_lowercase(),
            port,
        })
    }
}

/// Checks a base URL: absolute `http`/`https` with a host, no user info,
/// query, fragment, whitespace or control characters. Trailing `/`s are
/// removed.
pub(crate) fn validate_base_url(url: &str) -> Result<String, Error> {
    let trimmed = url.trim_end_matches('/');
    let bad = |why: &str| Err(Error::invalid_input(format!("bad base URL {url:?}: {why}")));
    if trimmed.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return bad("it contains whitespace or control characters");
    }
    if trimmed.contains(['?', '#']) {
        return bad("a base URL cannot have a query or fragment");
    }
    if Origin::of(trimmed).is_none() {
        return bad("expected http:// or https:// followed by a host (and no user info)");
    }
    Ok(trimmed.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls() {
        assert_eq!(
            validate_base_url("https://graph.microsoft.com/v1.0/").unwrap(),
            "https://graph.microsoft.com/v1.0"
        );
        assert_eq!(
            validate_base_url("http://127.0.0.1:8080").unwrap(),
            "http://127.0.0.1:8080"
        );
        assert_eq!(
            validate_base_url("HTTP://[::1]:9/x").unwrap(),
            "HTTP://[::1]:9/x"
        );
        for bad in [
            "",
            "graph.microsoft.com",
            "ftp://graph.microsoft.com",
            "https://",
            "https:///v1.0",
            "https://graph.microsoft.com/v1.0?x=1",
            "https://graph.microsoft.com/v1.0#x",
            "https://user:pw@graph.microsoft.com",
            "https://graph microsoft.com",
            "https://host:port",
        ] {
            assert!(validate_base_url(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn origins() {
        let base = Origin::of("https://graph.microsoft.com/v1.0").unwrap();
        assert_eq!(
            Origin::of("HTTPS://Graph.Microsoft.com:443/v1.0/x?$skiptoken=1").as_ref(),
            Some(&base)
        );
        assert_ne!(
            Origin::of("http://graph.microsoft.com/v1.0").as_ref(),
            Some(&base)
        );
        assert_ne!(
            Origin::of("https://graph.microsoft.com:8443/v1.0").as_ref(),
            Some(&base)
        );
        assert_ne!(
            Origin::of("https://graph.microsoft.com.evil.test/v1.0").as_ref(),
            Some(&base)
        );
        assert_eq!(Origin::of("https://evil.test@graph.microsoft.com/"), None);
        assert_eq!(Origin::of("/v1.0/security"), None);
        assert_eq!(
            Origin::of("http://[::1]:80/a"),
            Origin::of("http://[::1]/b")
        );
    }
}
