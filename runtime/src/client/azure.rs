//! [`AzureCredential`]: the Azure SDK's credentials (`azure_identity`'s
//! `ClientSecretCredential`, `ManagedIdentityCredential`, ...) as a
//! [`TokenProvider`]. Cargo feature `azure` (off by default; azure_core
//! needs Rust 1.88).

use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

use azure_core::credentials::TokenCredential;

use super::auth::{AccessToken, Rejection, TokenFuture, TokenProvider};
use super::error::Error;

/// The scope of Microsoft Graph in the global cloud.
pub const GRAPH_DEFAULT_SCOPE: &str = "https://graph.microsoft.com/.default";

/// An `azure_core::credentials::TokenCredential` as a [`TokenProvider`].
///
/// Asks the credential for a token for `https://graph.microsoft.com/.default`
/// (or the scopes given with [`with_scopes`](Self::with_scopes), e.g.
/// `https://graph.microsoft.us/.default` for a national cloud) before each
/// attempt; the credential caches and renews it.
///
/// After a `401`, [`refresh`](TokenProvider::refresh) asks the credential
/// again. azure_core 1's `TokenCredential::get_token` takes no claims and
/// has no way to drop a cached token, so a CAE claims challenge cannot be
/// passed on: when the credential returns the same token, the client's
/// second attempt gets `401` again and the call fails with that error
/// ([`Rejection::claims`] is then in your hands: build a credential that
/// asks for them).
///
/// ```no_run
/// # fn credential() -> std::sync::Arc<dyn azure_core::credentials::TokenCredential> { unimplemented!() }
/// use msgraph_security_runtime::client::{AzureCredential, Client};
///
/// // e.g. azure_identity::ManagedIdentityCredential::new(None)?
/// let credential = credential();
/// let client = Client::builder()
///     .token_provider(AzureCredential::new(credential))
///     .build()?;
/// # Ok::<(), msgraph_security_runtime::client::Error>(())
/// ```
#[derive(Clone)]
pub struct AzureCredential {
    credential: Arc<dyn TokenCredential>,
    scopes: Vec<String>,
}

impl fmt::Debug for AzureCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AzureCredential")
            .field("credential", &self.credential)
            .field("scopes", &self.scopes)
            .finish()
    }
}

impl AzureCredential {
    /// Tokens from `credential` for Graph in the global cloud.
    pub fn new(credential: Arc<dyn TokenCredential>) -> Self {
        Self {
            credential,
            scopes: vec![GRAPH_DEFAULT_SCOPE.to_owned()],
        }
    }

    /// Asks for tokens for `scopes` instead.
    #[must_use]
    pub fn with_scopes<I>(mut self, scopes: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        self.scopes = scopes.into_iter().map(Into::into).collect();
        self
    }

    async fn get(&self) -> Result<AccessToken, Error> {
        let scopes: Vec<&str> = self.scopes.iter().map(String::as_str).collect();
        let token = self
            .credential
            .get_token(&scopes, None)
            .await
            .map_err(Error::auth_from)?;
        Ok(AccessToken::new(token.token.secret().to_owned())
            .with_expires_on(SystemTime::from(token.expires_on)))
    }
}

impl TokenProvider for AzureCredential {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(self.get())
    }

    fn refresh(&self, rejection: Rejection) -> TokenFuture<'_> {
        tracing::debug!(
            error = rejection.error.as_deref().unwrap_or(""),
            claims = rejection.claims.is_some(),
            "token rejected; asking the Azure credential again"
        );
        Box::pin(self.get())
    }
}
