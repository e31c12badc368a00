//! Authentication: [`TokenProvider`], [`AccessToken`] and [`StaticToken`].

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::SystemTime;

use super::error::Error;

/// A bearer token for Graph. `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken {
    secret: String,
    expires_on: Option<SystemTime>,
}

impl AccessToken {
    /// A token without a known expiry.
    pub fn new(secret: String) -> Self {
        Self {
            secret,
            expires_on: None,
        }
    }

    /// Sets when the token expires (informational: providers use it to refresh).
    #[must_use]
    pub fn with_expires_on(mut self, expires_on: SystemTime) -> Self {
        self.expires_on = Some(expires_on);
        self
    }

    /// The token itself (without the `Bearer ` prefix). Do not log it.
    pub fn secret(&self) -> &str {
        &self.secret
    }

    /// When the token expires, if known.
    pub fn expires_on(&self) -> Option<SystemTime> {
        self.expires_on
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken(<redacted>)")
    }
}

/// The future a [`TokenProvider`] returns.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<AccessToken, Error>> + Send + 'a>>;

/// Why the service refused a token: what the client passes to
/// [`TokenProvider::refresh`] after a `401`.
#[derive(Clone)]
#[non_exhaustive]
pub struct Rejection {
    /// The token that was refused (drop it from your cache).
    pub token: AccessToken,
    /// The `error` of the `WWW-Authenticate: Bearer` challenge, e.g.
    /// `invalid_token` or `insufficient_claims`, if there was one.
    pub error: Option<String>,
    /// The claims of a Continuous Access Evaluation challenge
    /// (`error="insufficient_claims", claims="<base64>"`), decoded to the JSON
    /// text the identity platform expects in a token request's `claims`
    /// parameter (kept as sent when it is not base64 of UTF-8).
    pub claims: Option<String>,
}

impl fmt::Debug for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rejection")
            .field("token", &self.token)
            .field("error", &self.error)
            .field("claims", &self.claims)
            .finish()
    }
}

impl Rejection {
    /// The rejection of `token` described by a `WWW-Authenticate` header
    /// value (`None`: no header).
    pub fn new(token: AccessToken, www_authenticate: Option<&str>) -> Self {
        let params = www_authenticate.map(bearer_params).unwrap_or_default();
        let find = |name: &str| {
            params
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.clone())
        };
        let claims = find("claims").map(|raw| decode_claims(&raw).unwrap_or(raw));
        Self {
            token,
            error: find("error"),
            claims,
        }
    }
}

/// The `name="value"` (or `name=token`) parameters of the `Bearer`
/// challenge in a `WWW-Authenticate` value.
fn bearer_params(header: &str) -> Vec<(String, String)> {
    let Some(start) = find_ascii_case_insensitive(header, "bearer") else {
        return Vec::new();
    };
    let mut rest = &header[start + "bearer".len()..];
    let mut params = Vec::new();
    loop {
        rest = rest.trim_start_matches([' ', ',', '\t']);
        let Some(eq) = rest.find('=') else { break };
        let name = rest[..eq].trim().to_owned();
        if name.is_empty() || name.contains(' ') {
            break; // the next challenge's scheme
        }
        rest = &rest[eq + 1..];
        let value;
        if let Some(quoted) = rest.strip_prefix('"') {
            let mut out = String::new();
            let mut chars = quoted.char_indices();
            let mut end = quoted.len();
            while let Some((i, c)) = chars.next() {
                match c {
                    '\\' => {
                        if let Some((_, escaped)) = chars.next() {
                            out.push(escaped);
                        }
                    }
                    '"' => {
                        end = i + 1;
                        break;
                    }
                    c => out.push(c),
                }
            }
            value = out;
            rest = &quoted[end.min(quoted.len())..];
        } else {
            let end = rest.find([',', ' ']).unwrap_or(rest.len());
            value = rest[..end].to_owned();
            rest = &rest[end..];
        }
        params.push((name, value));
    }
    params
}

fn find_ascii_case_insensitive(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Base64 (standard or URL-safe, padded or not) of UTF-8 text.
fn decode_claims(raw: &str) -> Option<String> {
    use base64::Engine as _;
    use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
    let trimmed = raw.trim_end_matches('=');
    let bytes = URL_SAFE_NO_PAD
        .decode(trimmed.replace('+', "-").replace('/', "_"))
        .or_else(|_| STANDARD.decode(raw))
        .ok()?;
    String::from_utf8(bytes).ok()
}

/// Gives the bearer token for each request.
///
/// The client asks for a token before every attempt (retries included), so a
/// provider can cache and refresh. When the service answers `401`, the
/// client calls [`refresh`](Self::refresh) with the refused token and the
/// challenge's claims, sends once more with the token it returns, and gives
/// up on a second `401`. Errors should be built with [`Error::auth`] or
/// [`Error::auth_from`] and must not contain the token.
///
/// The Azure SDK's credentials (`azure_identity`) plug in through
/// `AzureCredential` (cargo feature `azure`).
pub trait TokenProvider: Send + Sync + fmt::Debug + 'static {
    /// A currently valid token.
    fn token(&self) -> Pin<Box<dyn Future<Output = Result<AccessToken, Error>> + Send + '_>>;

    /// A new token after the service refused `rejection.token` (expired,
    /// revoked, or lacking the claims of a CAE challenge): drop it from any
    /// cache and get a fresh one, asking for `rejection.claims` when set.
    /// The default asks [`token`](Self::token) again, which is right for
    /// providers without a cache.
    fn refresh(&self, rejection: Rejection) -> TokenFuture<'_> {
        let _ = rejection;
        self.token()
    }
}

impl<T: TokenProvider + ?Sized> TokenProvider for Arc<T> {
    fn token(&self) -> TokenFuture<'_> {
        (**self).token()
    }

    fn refresh(&self, rejection: Rejection) -> TokenFuture<'_> {
        (**self).refresh(rejection)
    }
}

impl<T: TokenProvider + ?Sized> TokenProvider for Box<T> {
    fn token(&self) -> TokenFuture<'_> {
        (**self).token()
    }

    fn refresh(&self, rejection: Rejection) -> TokenFuture<'_> {
        (**self).refresh(rejection)
    }
}

/// A fixed token (from the environment, a test, a token obtained elsewhere).
/// `Debug` never shows it.
#[derive(Clone)]
pub struct StaticToken(AccessToken);

impl StaticToken {
    /// Uses `token` (without the `Bearer ` prefix) for every request.
    pub fn new(token: impl Into<String>) -> Self {
        Self(AccessToken::new(token.into()))
    }
}

impl fmt::Debug for StaticToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("StaticToken(<redacted>)")
    }
}

impl TokenProvider for StaticToken {
    fn token(&self) -> TokenFuture<'_> {
        let token = self.0.clone();
        Box::pin(async move { Ok(token) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn challenges_are_parsed() {
        let token = AccessToken::new("t".to_owned());
        // CAE: claims are base64 of `{"access_token":{"nbf":{"essential":true,"value":"1604106651"}}}`.
        let header = r#"Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000", error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnsibmJmIjp7ImVzc2VudGlhbCI6dHJ1ZSwgInZhbHVlIjoiMTYwNDEwNjY1MSJ9fX0=""#;
        let rejection = Rejection::new(token.clone(), Some(header));
        assert_eq!(rejection.error.as_deref(), Some("insufficient_claims"));
        assert_eq!(
            rejection.claims.as_deref(),
            Some(r#"{"access_token":{"nbf":{"essential":true, "value":"1604106651"}}}"#)
        );
        let rejection = Rejection::new(
            token.clone(),
            Some(r#"Basic realm="x", Bearer error=invalid_token"#),
        );
        assert_eq!(rejection.error.as_deref(), Some("invalid_token"));
        assert_eq!(rejection.claims, None);
        let rejection = Rejection::new(
            token.clone(),
            Some(r#"Bearer claims="not base64!", error="a\"b""#),
        );
        assert_eq!(rejection.claims.as_deref(), Some("not base64!"));
        assert_eq!(rejection.error.as_deref(), Some("a\"b"));
        let rejection = Rejection::new(token, None);
        assert_eq!((rejection.error, rejection.claims), (None, None));
        assert!(
            !format!(
                "{:?}",
                Rejection::new(AccessToken::new("s3cret".into()), None)
            )
            .contains("s3cret")
        );
    }

    #[test]
    fn debug_never_shows_the_token() {
        let token = AccessToken::new("s3cret".to_owned());
        assert_eq!(format!("{token:?}"), "AccessToken(<redacted>)");
        assert_eq!(token.secret(), "s3cret");
        assert_eq!(
            format!("{:?}", StaticToken::new("s3cret")),
            "StaticToken(<redacted>)"
        );
    }
}
