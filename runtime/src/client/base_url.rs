//! Base URL validation and the origin (scheme, host, port) comparison that
//! keeps the token on the base URL's server, both on the `url` crate.

use super::error::Error;

/// The origin (scheme, host, port) of an absolute `http`/`https` URL, as the
/// `url` crate (the parser reqwest uses) computes it: WHATWG URL parsing,
/// lower-cased and IDNA-normalised host, default ports filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Origin(url::Origin);

impl Origin {
    /// The origin of `url`; `None` unless it is an absolute `http`/`https`
    /// URL with a host.
    pub(crate) fn of(url: &str) -> Option<Self> {
        let parsed = url::Url::parse(url).ok()?;
        if !matches!(parsed.scheme(), "http" | "https") || !parsed.has_host() {
            return None;
        }
        Some(Self(parsed.origin()))
    }
}

/// Whether `url` carries user info (`user:password@host`), which reqwest
/// turns into a `Basic` `Authorization` header beside the bearer token.
pub(crate) fn has_user_info(url: &str) -> bool {
    url::Url::parse(url)
        .is_ok_and(|parsed| !parsed.username().is_empty() || parsed.password().is_some())
}

/// Whether `url`'s host is a loopback address (`127.0.0.0/8`, `::1`) or
/// `localhost` itself. `*.localhost` names are not: they are resolved like
/// any name (through DNS when the hosts file does not have them), so they
/// may not be loopback at all.
fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

/// Whether a (validated) base URL is on a loopback host: the default
/// transport then goes there directly, never through a proxy from the
/// environment (which would get the token, in clear text for `http://`).
pub(crate) fn is_loopback_url(url: &str) -> bool {
    url::Url::parse(url).is_ok_and(|parsed| is_loopback(&parsed))
}

/// Checks a base URL: absolute `https` (or `http` to a loopback host, or to
/// any host when `allow_http`) with a host, no user info, query, fragment,
/// whitespace or control characters. Trailing `/`s are removed.
pub(crate) fn validate_base_url(url: &str, allow_http: bool) -> Result<String, Error> {
    let trimmed = url.trim_end_matches('/');
    let bad = |why: &str| Err(Error::invalid_input(format!("bad base URL {url:?}: {why}")));
    if trimmed.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return bad("it contains whitespace or control characters");
    }
    if trimmed.contains(['?', '#']) {
        return bad("a base URL cannot have a query or fragment");
    }
    let parsed = match url::Url::parse(trimmed) {
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https") && parsed.has_host() => parsed,
        _ => return bad("expected http:// or https:// followed by a host"),
    };
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return bad("a base URL cannot have user info");
    }
    if parsed.scheme() == "http" && !allow_http && !is_loopback(&parsed) {
        return bad(
            "http:// would send the token in clear text; use https://, a loopback host, or ClientBuilder::allow_http",
        );
    }
    Ok(trimmed.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls() {
        assert_eq!(
            validate_base_url("https://graph.microsoft.com/v1.0/", false).unwrap(),
            "https://graph.microsoft.com/v1.0"
        );
        assert_eq!(
            validate_base_url("http://127.0.0.1:8080", false).unwrap(),
            "http://127.0.0.1:8080"
        );
        assert_eq!(
            validate_base_url("HTTP://[::1]:9/x", false).unwrap(),
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
            "http://graph.microsoft.com/v1.0",
            "http://10.0.0.1/v1.0",
        ] {
            assert!(validate_base_url(bad, false).is_err(), "{bad:?}");
        }
        // http to a non-loopback host only when allowed.
        assert!(validate_base_url("http://graph.internal/v1.0", true).is_ok());
        assert!(validate_base_url("http://localhost:1/v1.0", false).is_ok());
        // Only `localhost` itself: other names may resolve anywhere.
        assert!(validate_base_url("http://evil.localhost:1/v1.0", false).is_err());
        assert!(is_loopback_url("http://[::1]:1/v1.0"));
        assert!(is_loopback_url("http://LOCALHOST/v1.0"));
        assert!(!is_loopback_url("http://a.localhost/v1.0"));
        assert!(!is_loopback_url("https://graph.microsoft.com/v1.0"));
        let error = validate_base_url("http://graph.internal/v1.0", false).unwrap_err();
        assert!(error.to_string().contains("clear text"), "{error}");
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
        // User info does not change where a request goes.
        assert_eq!(
            Origin::of("https://evil.test@graph.microsoft.com/").as_ref(),
            Some(&base)
        );
        assert_ne!(
            Origin::of("https://graph.microsoft.com@evil.test/").as_ref(),
            Some(&base)
        );
        assert_ne!(
            Origin::of("https://graph.microsoft.com./v1.0").as_ref(),
            Some(&base)
        );
        assert_eq!(Origin::of("ftp://graph.microsoft.com/"), None);
        assert_eq!(Origin::of("/v1.0/security"), None);
        assert_eq!(
            Origin::of("http://[::1]:80/a"),
            Origin::of("http://[::1]/b")
        );
    }
}
