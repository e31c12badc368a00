//! [`ClientBuilder`]: a [`Client`]'s configuration and its defaults.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::auth::{StaticToken, TokenProvider};
use super::base_url::{Origin, is_loopback_url, validate_base_url};
use super::cloud::Cloud;
use super::core::{Client, Inner};
use super::error::Error;
use super::retry::RetryPolicy;
use super::throttle::{RateLimit, Throttle};
use super::timer::{FuturesTimer, Sleep, Timer};
use super::transport::Transport;

/// The default per-attempt timeout (as .NET's `HttpClient`).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(100);

/// The default cap on a response body (after decompression).
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 64 * 1024 * 1024;

/// Configures a [`Client`]; see [`Client::builder`].
///
/// Only a token provider is required. Defaults: the global cloud, the
/// reqwest transport (feature `reqwest`), [`RetryPolicy::default`], a
/// 100 s per-attempt timeout and no overall deadline, a 64 MiB body cap,
/// no client-side rate limit (the throttle gate is always on), the
/// runtime-independent timer, `https://` only (`http://` for loopback),
/// `Prefer: include-unknown-enum-members` sent, `User-Agent:
/// msgraph-security-rs/<version>`.
pub struct ClientBuilder {
    token_provider: Option<Arc<dyn TokenProvider>>,
    base_url: String,
    transport: Option<Arc<dyn Transport>>,
    retry_policy: RetryPolicy,
    include_unknown_enum_members: bool,
    user_agent: String,
    timeout: Duration,
    deadline: Option<Duration>,
    max_response_bytes: u64,
    sleep: Arc<dyn Sleep>,
    rate_limit: RateLimit,
    allow_http: bool,
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
            .field("timeout", &self.timeout)
            .field("deadline", &self.deadline)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("sleep", &self.sleep)
            .field("rate_limit", &self.rate_limit)
            .field("allow_http", &self.allow_http)
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
            timeout: DEFAULT_TIMEOUT,
            deadline: None,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            sleep: Arc::new(FuturesTimer),
            rate_limit: RateLimit::new(),
            allow_http: false,
        }
    }

    /// The longest one attempt may take, from sending the request to the
    /// last byte of the response (default 100 s, [`DEFAULT_TIMEOUT`]); for a
    /// download, the longest wait for its headers and between two chunks.
    /// A timed-out attempt is an [`ErrorKind::Timeout`](super::ErrorKind::Timeout), retried like a
    /// `504` for every method but `POST`. Enforced by the client, whatever
    /// the transport.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The longest a whole call may take, retries, waits at the throttle
    /// gate and backoffs included (default: none; each call is then bounded
    /// by `max_attempts` x `timeout` plus the retry policy's `max_total`).
    #[must_use]
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// The largest response body read (default 64 MiB,
    /// [`DEFAULT_MAX_RESPONSE_BYTES`]), counted after decompression: a
    /// larger `Content-Length` fails before reading, a body that grows past
    /// it fails as soon as it does ([`ErrorKind::TooLarge`](super::ErrorKind::TooLarge), not retried).
    /// Downloads ([`ByteStream`](super::ByteStream)) are not capped.
    #[must_use]
    pub fn max_response_bytes(mut self, max: u64) -> Self {
        self.max_response_bytes = max;
        self
    }

    /// How the client waits (retry backoffs, `Retry-After`, timeouts, the
    /// throttle gate). The default ([`FuturesTimer`](super::FuturesTimer))
    /// needs no async runtime; pass your runtime's timer to use it instead.
    #[must_use]
    pub fn sleep(mut self, sleep: impl Sleep) -> Self {
        self.sleep = Arc::new(sleep);
        self
    }

    /// A client-side rate limit and concurrency cap (default: none; see
    /// [`RateLimit`] for the presets of Microsoft's documented limits).
    /// Independently of it, a `429` with `Retry-After` closes the client's
    /// throttle gate: every request through the client (and its clones)
    /// waits until then.
    #[must_use]
    pub fn rate_limit(mut self, rate_limit: RateLimit) -> Self {
        self.rate_limit = rate_limit;
        self
    }

    /// Allows an `http://` base URL to a host that is not loopback (the
    /// token then crosses the network in clear text; for a TLS-terminating
    /// proxy on a trusted network only). `http://` to `127.0.0.0/8`, `::1`
    /// or `localhost` (not `*.localhost`) is always allowed, and the default
    /// transport sends such requests directly, never through a proxy from
    /// the environment.
    #[must_use]
    pub fn allow_http(mut self, allow: bool) -> Self {
        self.allow_http = allow;
        self
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
    /// Fails ([`ErrorKind::InvalidInput`](super::ErrorKind::InvalidInput)) without a token provider, with a
    /// bad base URL, or without a transport when the `reqwest` feature is
    /// off; fails ([`ErrorKind::Transport`](super::ErrorKind::Transport)) if the default transport cannot
    /// be created.
    pub fn build(self) -> Result<Client, Error> {
        let Some(token_provider) = self.token_provider else {
            return Err(Error::invalid_input(
                "no token provider: call ClientBuilder::bearer_token or ClientBuilder::token_provider",
            ));
        };
        let base_url = validate_base_url(&self.base_url, self.allow_http)?;
        let origin = Origin::of(&base_url)
            .ok_or_else(|| Error::invalid_input(format!("bad base URL {base_url:?}")))?;
        let transport = match self.transport {
            Some(transport) => transport,
            None => default_transport(is_loopback_url(&base_url))?,
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
                timeout: self.timeout,
                deadline: self.deadline,
                max_response_bytes: self.max_response_bytes,
                timer: Timer(self.sleep),
                throttle: Throttle::new(self.rate_limit),
            }),
        })
    }
}

/// The reqwest transport; without proxies for a loopback base URL.
#[cfg(feature = "reqwest")]
fn default_transport(loopback: bool) -> Result<Arc<dyn Transport>, Error> {
    Ok(Arc::new(super::transport::ReqwestTransport::with_proxies(
        !loopback,
    )?))
}

#[cfg(not(feature = "reqwest"))]
fn default_transport(_loopback: bool) -> Result<Arc<dyn Transport>, Error> {
    Err(Error::invalid_input(
        "no transport: enable the `reqwest` feature or call ClientBuilder::transport",
    ))
}
