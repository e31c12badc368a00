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

/// Gives the bearer token for each request.
///
/// The client asks for a token before every attempt (retries included), so a
/// provider can cache and refresh. Errors should be built with
/// [`Error::auth`] or [`Error::auth_from`] and must not contain the token.
///
/// Adapting another credential type takes a few lines, e.g. for the Azure
/// SDK's `TokenCredential` (not a dependency of this crate):
///
/// ```ignore
/// #[derive(Debug)]
/// struct Azure(std::sync::Arc<dyn azure_core::credentials::TokenCredential>);
///
/// impl TokenProvider for Azure {
///     fn token(&self) -> TokenFuture<'_> {
///         Box::pin(async move {
///             let token = self
///                 .0
///                 .get_token(&["https://graph.microsoft.com/.default"], None)
///                 .await
///                 .map_err(Error::auth_from)?;
///             Ok(AccessToken::new(token.token.secret().to_owned()))
///         })
///     }
/// }
/// ```
pub trait TokenProvider: Send + Sync + fmt::Debug + 'static {
    /// A currently valid token.
    fn token(&self) -> Pin<Box<dyn Future<Output = Result<AccessToken, Error>> + Send + '_>>;
}

impl<T: TokenProvider + ?Sized> TokenProvider for Arc<T> {
    fn token(&self) -> TokenFuture<'_> {
        (**self).token()
    }
}

impl<T: TokenProvider + ?Sized> TokenProvider for Box<T> {
    fn token(&self) -> TokenFuture<'_> {
        (**self).token()
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
