//! [`Client`] and [`ClientBuilder`]: where requests go out.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use tracing::Instrument as _;

use super::auth::{StaticToken, TokenProvider};
use super::base_url::{Origin, validate_base_url};
use super::cloud::Cloud;
use super::error::{Error, ErrorKind};
use super::http::{HttpRequest, HttpResponse};
use super::operation::OperationInfo;
use super::retry::{RetryPolicy, parse_retry_after};
use super::transport::Transport;

/// The `Prefer` value that makes Graph send enum members added after
/// `unknownFutureValue`.
const PREFER_UNKNOWN_ENUM_MEMBERS: &str = "include-unknown-enum-members";

/// A Microsoft Graph client: base URL, token provider, transport and retry
/// policy. Cheap to clone (one `Arc`); clones share everything.
///
/// `Debug` shows the configuration, never a token.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    base_url: String,
    origin: Origin,
    token_provider: Arc<dyn TokenProvider>,
    transport: Arc<dyn Transport>,
    retry_policy: RetryPolicy,
    include_unknown_enum_members: bool,
    user_agent: String,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.inner;
        f.debug_struct("Client")
            .field("base_url", &inner.base_url)
            .field("token_provider", &"<redacted>")
            .field("transport", &inner.transport)
            .field("retry_policy", &inner.retry_policy)
            .field(
                "include_unknown_enum_members",
                &inner.include_unknown_enum_members,
            )
            .field("user_agent", &inner.user_agent)
            .finish()
    }
}

impl Client {
    /// A [`ClientBuilder`] for the global cloud.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// The base URL, without a trailing `/` (e.g. `https://graph.microsoft.com/v1.0`).
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry_policy
    }

    /// Whether `url` has the base URL's scheme, host and port (only such
    /// URLs are sent, with the token).
    pub fn is_same_origin(&self, url: &str) -> bool {
        Origin::of(url).is_some_and(|origin| origin == self.inner.origin)
    }

    /// Sends `request`: the one place requests go out.
    ///
    /// Adds `Authorization: Bearer <token>` (a token asked from the provider
    /// before each attempt), `Prefer: include-unknown-enum-members` (unless
    /// disabled) and `User-Agent` (unless set), retries as the
    /// [`RetryPolicy`] says, and records a `graph.request` tracing span
    /// (method, path template, status, attempt; never the query, headers,
    /// bodies or token).
    ///
    /// Returns the response when its status is 2xx, else the error built
    /// from the last response ([`Error::from_response`]). A request whose
    /// URL is not on the base URL's scheme, host and port is refused
    /// ([`ErrorKind::InvalidInput`]) without being sent.
    pub async fn execute(
        &self,
        request: HttpRequest,
        info: &OperationInfo,
    ) -> Result<HttpResponse, Error> {
        let span = tracing::info_span!(
            "graph.request",
            method = %request.method,
            path = info.path,
            status = tracing::field::Empty,
            attempt = tracing::field::Empty,
        );
        self.execute_in(request, span.clone())
            .instrument(span)
            .await
    }

    async fn execute_in(
        &self,
        mut request: HttpRequest,
        span: tracing::Span,
    ) -> Result<HttpResponse, Error> {
        let inner = &*self.inner;
        if !self.is_same_origin(&request.url) {
            return Err(Error::invalid_input(
                "the request URL is not on the base URL's scheme, host and port; the token is only sent there",
            ));
        }
        if inner.include_unknown_enum_members
            && !request.headers.iter().any(|(n, v)| {
                n.eq_ignore_ascii_case("prefer") && v.contains(PREFER_UNKNOWN_ENUM_MEMBERS)
            })
        {
            request
                .headers
                .push(("Prefer".to_owned(), PREFER_UNKNOWN_ENUM_MEMBERS.to_owned()));
        }
        if request.header("user-agent").is_none() {
            request
                .headers
                .push(("User-Agent".to_owned(), inner.user_agent.clone()));
        }
        let policy = &inner.retry_policy;
        let max_attempts = policy.max_attempts.max(1);
        let mut waited = Duration::ZERO;
        let mut attempt: u32 = 0;
        loop {
            attempt += 1;
            span.record("attempt", attempt);
            let token = inner
                .token_provider
                .token()
                .await
                .map_err(|e| e.with_attempts(attempt))?;
            let mut sent = request.clone();
            sent.set_header("Authorization", format!("Bearer {}", token.secret()));
            drop(token);
            let (error, retry_after) = match inner.transport.send(sent).await {
                Ok(response) => {
                    span.record("status", response.status);
                    if response.is_success() {
                        return Ok(response);
                    }
                    let error = Error::from_response(&response);
                    if attempt >= max_attempts
                        || !policy.retries_status(request.method, response.status)
                    {
                        return Err(error.with_attempts(attempt));
                    }
                    let retry_after = response
                        .header("retry-after")
                        .and_then(|value| parse_retry_after(value, SystemTime::now()));
                    (error, retry_after)
                }
                Err(error) => {
                    let retryable = matches!(error.kind(), ErrorKind::Transport { .. })
                        && request.method.is_idempotent();
                    if attempt >= max_attempts || !retryable {
                        return Err(error.with_attempts(attempt));
                    }
                    (error, None)
                }
            };
            let wait = retry_after.unwrap_or_else(|| policy.backoff(attempt));
            if waited.saturating_add(wait) > policy.max_total {
                tracing::debug!(
                    wait_ms = millis(wait),
                    "not retrying: the wait would exceed max_total"
                );
                return Err(error.with_attempts(attempt));
            }
            tracing::debug!(wait_ms = millis(wait), "retrying");
            if !wait.is_zero() {
                tokio::time::sleep(wait).await;
            }
            waited += wait;
        }
    }
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// Configures a [`Client`]; see [`Client::builder`].
///
/// Only a token provider is required. Defaults: the global cloud, the
/// reqwest transport (feature `reqwest`), [`RetryPolicy::default`],
/// `Prefer: include-unknown-enum-members` sent, `User-Agent:
/// msgraph-security-rs/<version>`.
pub struct ClientBuilder {
    token_provider: Option<Arc<dyn TokenProvider>>,
    base_url: String,
    transport: Option<Arc<dyn Transport>>,
    retry_policy: RetryPolicy,
    include_unknown_enum_members: bool,
    user_agent: String,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field(
                "token_provider",
                &self.token_provider.as_ref().map(|_| "<redacted>"),
            )
            .field("base_url", &self.base_url)
            .field("transport", &self.transport)
            .field("retry_policy", &self.retry_policy)
            .field(
                "include_unknown_enum_members",
                &self.include_unknown_enum_members,
            )
            .field("user_agent", &self.user_agent)
            .finish()
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl ClientBuilder {
    /// A builder with the defaults.
    pub fn new() -> Self {
        Self {
            token_provider: None,
            base_url: Cloud::Global.base_url().to_owned(),
            transport: None,
            retry_policy: RetryPolicy::default(),
            include_unknown_enum_members: true,
            user_agent: concat!("msgraph-security-rs/", env!("CARGO_PKG_VERSION")).to_owned(),
        }
    }

    /// Where bearer tokens come from.
    #[must_use]
    pub fn token_provider(mut self, provider: impl TokenProvider) -> Self {
        self.token_provider = Some(Arc::new(provider));
        self
    }

    /// Uses one fixed bearer token (a [`StaticToken`]).
    #[must_use]
    pub fn bearer_token(self, token: impl Into<String>) -> Self {
        self.token_provider(StaticToken::new(token))
    }

    /// Uses the base URL of `cloud` (replaces an earlier [`base_url`](Self::base_url)).
    #[must_use]
    pub fn cloud(mut self, cloud: Cloud) -> Self {
        self.base_url = cloud.base_url().to_owned();
        self
    }

    /// Uses a custom base URL, e.g. `http://127.0.0.1:8080/v1.0` for a test
    /// server (replaces an earlier [`cloud`](Self::cloud)). Checked by
    /// [`build`](Self::build): `http` or `https`, a host, no query or
    /// fragment; trailing `/`s are removed.
    #[must_use]
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// Sends requests through `transport` instead of the default.
    #[must_use]
    pub fn transport(mut self, transport: impl Transport) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// Sets the retry policy ([`RetryPolicy::none`] disables retries).
    #[must_use]
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry_policy = policy;
        self
    }

    /// Whether to send `Prefer: include-unknown-enum-members` (default true),
    /// so Graph returns enum members added after `unknownFutureValue`
    /// instead of `unknownFutureValue`.
    #[must_use]
    pub fn include_unknown_enum_members(mut self, include: bool) -> Self {
        self.include_unknown_enum_members = include;
        self
    }

    /// Sets the `User-Agent` header.
    #[must_use]
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Builds the client.
    ///
    /// Fails ([`ErrorKind::InvalidInput`]) without a token provider, with a
    /// bad base URL, or without a transport when the `reqwest` feature is
    /// off; fails ([`ErrorKind::Transport`]) if the default transport cannot
    /// be created.
    pub fn build(self) -> Result<Client, Error> {
        let Some(token_provider) = self.token_provider else {
            return Err(Error::invalid_input(
                "no token provider: call ClientBuilder::bearer_token or ClientBuilder::token_provider",
            ));
        };
        let base_url = validate_base_url(&self.base_url)?;
        let origin = Origin::of(&base_url)
            .ok_or_else(|| Error::invalid_input(format!("bad base URL {base_url:?}")))?;
        let transport = match self.transport {
            Some(transport) => transport,
            None => default_transport()?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                base_url,
                origin,
                token_provider,
                transport,
                retry_policy: self.retry_policy,
                include_unknown_enum_members: self.include_unknown_enum_members,
                user_agent: self.user_agent,
            }),
        })
    }
}

#[cfg(feature = "reqwest")]
fn default_transport() -> Result<Arc<dyn Transport>, Error> {
    Ok(Arc::new(super::transport::ReqwestTransport::new()?))
}

#[cfg(not(feature = "reqwest"))]
fn default_transport() -> Result<Arc<dyn Transport>, Error> {
    Err(Error::invalid_input(
        "no transport: enable the `reqwest` feature or call ClientBuilder::transport",
    ))
}
