//! [`Client`]: where requests go out ([`Client::execute`] and the calls built on
//! it: token, retries, throttle gate, timeouts, body cap, tracing). Its
//! configuration, [`ClientBuilder`](super::ClientBuilder), is in `client_builder.rs`.

use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::{BuildHasher, Hasher};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use tokio::sync::OwnedSemaphorePermit;
use tracing::Instrument as _;

use super::auth::{Rejection, TokenProvider};
use super::base_url::{Origin, has_user_info};
use super::body::{Body, ByteStream};
use super::client_builder::ClientBuilder;
use super::error::{ERROR_BODY_LIMIT, Error, ErrorKind};
use super::http::{HttpRequest, HttpResponse, TransportResponse};
use super::operation::OperationInfo;
use super::retry::{MAX_RETRY_AFTER, RetryPolicy, parse_retry_after};
use super::throttle::Throttle;
use super::timer::Timer;
use super::transport::Transport;

/// The `Prefer` value that makes Graph send enum members added after
/// `unknownFutureValue`.
const PREFER_UNKNOWN_ENUM_MEMBERS: &str = "include-unknown-enum-members";

/// Headers the transport writes from the URL and body; a request that sets
/// one is refused (a `Host` other than the URL's, a `Content-Length` other
/// than the body's, would make the request mean something else to proxies
/// and servers).
const FRAMING_HEADERS: [&str; 4] = ["host", "content-length", "transfer-encoding", "connection"];

/// A Microsoft Graph client: base URL, token provider, transport, retry
/// policy, timeouts, size cap and throttling. Cheap to clone (one `Arc`);
/// clones share everything, the throttle gate and rate limits included.
///
/// `Debug` shows the configuration, never a token.
#[derive(Clone)]
pub struct Client {
    pub(super) inner: Arc<Inner>,
}

/// What a [`Client`] shares between its clones; built by
/// [`ClientBuilder::build`](super::ClientBuilder::build).
pub(super) struct Inner {
    pub(super) base_url: String,
    pub(super) origin: Origin,
    pub(super) token_provider: Arc<dyn TokenProvider>,
    pub(super) transport: Arc<dyn Transport>,
    pub(super) retry_policy: RetryPolicy,
    pub(super) include_unknown_enum_members: bool,
    pub(super) user_agent: String,
    pub(super) timeout: Duration,
    pub(super) deadline: Option<Duration>,
    pub(super) max_response_bytes: u64,
    pub(super) timer: Timer,
    pub(super) throttle: Throttle,
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
            .field("timeout", &inner.timeout)
            .field("deadline", &inner.deadline)
            .field("max_response_bytes", &inner.max_response_bytes)
            .field("timer", &inner.timer)
            .field("throttle", &inner.throttle)
            .finish()
    }
}

/// How a call reads a successful response's body.
enum Read {
    /// Whole, capped.
    Buffered,
    /// As a stream for the caller.
    Streamed,
}

/// What one attempt got.
enum Answer {
    Buffered(HttpResponse),
    /// A download's response, with the concurrency permit its body holds
    /// until the caller drops the stream.
    Streamed(TransportResponse, Option<OwnedSemaphorePermit>),
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

    /// The timer waits go through (for the sync loop's pauses).
    pub(crate) fn timer(&self) -> &super::timer::Timer {
        &self.inner.timer
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry_policy
    }

    /// Whether `url` has the base URL's scheme, host and port (only such
    /// URLs are sent, with the token), compared as `url::Url::origin` does.
    pub fn is_same_origin(&self, url: &str) -> bool {
        Origin::of(url).is_some_and(|origin| origin == self.inner.origin)
    }

    /// What [`Batch`](super::Batch) needs from the client: its timer,
    /// throttle (gate and rate limits), deadline and whether `Prefer:
    /// include-unknown-enum-members` is sent.
    pub(crate) fn batch_parts(&self) -> (&Timer, &Throttle, Option<Duration>, bool) {
        let inner = &*self.inner;
        (
            &inner.timer,
            &inner.throttle,
            inner.deadline,
            inner.include_unknown_enum_members,
        )
    }

    /// Sends `request`: the one place requests go out.
    ///
    /// Adds `Authorization: Bearer <token>` (a token asked from the provider
    /// before each attempt), a `client-request-id` (a new UUID per call, the
    /// same for its retries, unless the request has one), `Prefer:
    /// include-unknown-enum-members` (unless disabled) and `User-Agent`
    /// (unless set); waits at the throttle gate and the rate limit; retries
    /// as the [`RetryPolicy`] says; refreshes the token once on `401`; reads
    /// the body within the per-attempt timeout and the size cap (an error
    /// body: its first 64 KiB); and records a `graph.request` tracing span
    /// (method, path template, status, attempt; never the query, headers,
    /// bodies or token).
    ///
    /// Returns the response when its status is 2xx, else the error built
    /// from the last response ([`Error::from_response`]). A request whose
    /// URL is not on the base URL's scheme, host and port is refused
    /// ([`ErrorKind::InvalidInput`]) without being sent, and so is one
    /// with user info (`user:password@`, a second credential) or a `Host`,
    /// `Content-Length`, `Transfer-Encoding` or `Connection` header (the
    /// transport writes those).
    pub async fn execute(
        &self,
        request: HttpRequest,
        info: &OperationInfo,
    ) -> Result<HttpResponse, Error> {
        match self.execute_as(request, info, Read::Buffered).await? {
            Answer::Buffered(response) => Ok(response),
            // execute_in only streams when asked to.
            Answer::Streamed(response, _) => Err(Error::invalid_input(format!(
                "internal: a streamed answer (status {}) to a buffered call",
                response.status
            ))),
        }
    }

    /// Like [`execute`](Self::execute), but a successful response's body
    /// is not read: it comes back as a [`ByteStream`] with the status and
    /// headers (for `Edm.Stream` downloads). Each chunk must arrive within
    /// the per-attempt timeout; the size is not capped.
    pub async fn execute_stream(
        &self,
        request: HttpRequest,
        info: &OperationInfo,
    ) -> Result<(u16, Vec<(String, String)>, ByteStream), Error> {
        match self.execute_as(request, info, Read::Streamed).await? {
            Answer::Streamed(response, permit) => {
                let content_type = response.header("content-type").map(str::to_owned);
                let content_length = response.content_length();
                let guard = permit.map(|p| Box::new(p) as Box<dyn Send + Sync>);
                let stream = ByteStream::new(
                    response.body,
                    self.inner.timeout,
                    self.inner.timer.clone(),
                    guard,
                    content_type,
                    content_length,
                );
                Ok((response.status, response.headers, stream))
            }
            Answer::Buffered(response) => {
                let content_type = response.header("content-type").map(str::to_owned);
                let length = response.body.len() as u64;
                let stream = ByteStream::new(
                    Body::from_bytes(response.body),
                    self.inner.timeout,
                    self.inner.timer.clone(),
                    None,
                    content_type,
                    Some(length),
                );
                Ok((response.status, response.headers, stream))
            }
        }
    }

    async fn execute_as(
        &self,
        request: HttpRequest,
        info: &OperationInfo,
        read: Read,
    ) -> Result<Answer, Error> {
        let span = tracing::info_span!(
            "graph.request",
            method = %request.method,
            path = info.path,
            status = tracing::field::Empty,
            attempt = tracing::field::Empty,
        );
        self.execute_in(request, span.clone(), read)
            .instrument(span)
            .await
    }

    async fn execute_in(
        &self,
        mut request: HttpRequest,
        span: tracing::Span,
        read: Read,
    ) -> Result<Answer, Error> {
        let inner = &*self.inner;
        if !self.is_same_origin(&request.url) {
            return Err(Error::invalid_input(
                "the request URL is not on the base URL's scheme, host and port; the token is only sent there",
            ));
        }
        if has_user_info(&request.url) {
            return Err(Error::invalid_input(
                "the request URL has user info (user:password@), which would be sent as a second Authorization header",
            ));
        }
        if let Some((name, _)) = request
            .headers
            .iter()
            .find(|(name, _)| FRAMING_HEADERS.iter().any(|f| name.eq_ignore_ascii_case(f)))
        {
            return Err(Error::invalid_input(format!(
                "the {name} header cannot be set: the transport writes it from the URL and body"
            )));
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
        let client_request_id = match request.header("client-request-id") {
            Some(id) => id.to_owned(),
            None => {
                let id = new_request_id();
                request
                    .headers
                    .push(("client-request-id".to_owned(), id.clone()));
                id
            }
        };
        let started = Instant::now();
        let policy = &inner.retry_policy;
        let max_attempts = policy.max_attempts.max(1);
        let mut waited = Duration::ZERO;
        let mut attempt: u32 = 0;
        let mut refreshed = false;
        let mut rejection: Option<Rejection> = None;
        let stamp = |error: Error, attempt: u32| {
            error
                .with_attempts(attempt)
                .with_client_request_id(&client_request_id)
        };
        loop {
            attempt += 1;
            span.record("attempt", attempt);
            let remaining = inner
                .deadline
                .map(|limit| limit.saturating_sub(started.elapsed()));
            if remaining == Some(Duration::ZERO) {
                let limit = inner.deadline.unwrap_or_default();
                return Err(stamp(Error::timeout(limit, true), attempt - 1));
            }
            let budget = policy.max_total.saturating_sub(waited);
            let budget = remaining.map_or(budget, |r| budget.min(r));
            let admission = inner
                .throttle
                .admit(&inner.timer, budget, remaining)
                .await
                .map_err(|e| stamp(e, attempt - 1))?;
            waited += admission.waited;
            let token = match rejection.take() {
                Some(rejection) => inner.token_provider.refresh(rejection).await,
                None => inner.token_provider.token().await,
            }
            .map_err(|e| stamp(e, attempt))?;
            let mut sent = request.clone();
            sent.set_header("Authorization", format!("Bearer {}", token.secret()));
            let remaining = inner
                .deadline
                .map(|limit| limit.saturating_sub(started.elapsed()));
            let (limit, is_deadline) = match remaining {
                Some(left) if left < inner.timeout => (left, true),
                _ => (inner.timeout, false),
            };
            let outcome = inner.timer.timeout(limit, self.attempt(sent, &read)).await;
            let mut permit = admission.permit;
            let (error, retry_after) = match outcome {
                Ok(Ok(answer)) => {
                    let status = match &answer {
                        Answer::Buffered(r) => r.status,
                        Answer::Streamed(r, _) => r.status,
                    };
                    span.record("status", status);
                    if (200..300).contains(&status) {
                        return Ok(match answer {
                            // The body of a download is read later: it keeps the permit.
                            Answer::Streamed(response, _) => {
                                Answer::Streamed(response, permit.take())
                            }
                            buffered => buffered,
                        });
                    }
                    drop(permit.take());
                    let Answer::Buffered(response) = answer else {
                        return Err(stamp(
                            Error::transport("unexpected streamed error"),
                            attempt,
                        ));
                    };
                    let error = Error::from_response(&response);
                    let requested = response
                        .header("retry-after")
                        .and_then(|value| parse_retry_after(value, SystemTime::now()));
                    let retry_after = requested.map(|wait| wait.min(MAX_RETRY_AFTER));
                    if response.status == 401 && !refreshed {
                        refreshed = true;
                        rejection = Some(Rejection::new(
                            token.clone(),
                            response.header("www-authenticate"),
                        ));
                        tracing::debug!("401: refreshing the token and retrying once");
                        drop(token);
                        continue;
                    }
                    if response.status == 429 {
                        if let Some(wait) = retry_after {
                            inner.throttle.close_for(wait);
                        }
                    }
                    let error = error
                        .with_retry_after(retry_after)
                        .with_requested_retry_after(requested);
                    if attempt >= max_attempts
                        || !policy.retries_status(request.method, response.status)
                    {
                        return Err(stamp(error, attempt));
                    }
                    (error, retry_after)
                }
                Ok(Err(error)) => {
                    let retryable = matches!(error.kind(), ErrorKind::Transport { .. })
                        && request.method.is_idempotent();
                    if attempt >= max_attempts || !retryable {
                        return Err(stamp(error, attempt));
                    }
                    (error, None)
                }
                Err(()) => {
                    let error = Error::timeout(limit, is_deadline);
                    if is_deadline || attempt >= max_attempts || !request.method.is_idempotent() {
                        return Err(stamp(error, attempt));
                    }
                    (error, None)
                }
            };
            drop(token);
            drop(permit); // not held through the wait
            let wait = retry_after.unwrap_or_else(|| policy.backoff(attempt));
            let past_deadline = inner
                .deadline
                .is_some_and(|limit| started.elapsed().saturating_add(wait) >= limit);
            if waited.saturating_add(wait) > policy.max_total || past_deadline {
                tracing::debug!(
                    wait_ms = millis(wait),
                    "not retrying: the wait would exceed max_total or the deadline"
                );
                return Err(stamp(error, attempt));
            }
            tracing::debug!(wait_ms = millis(wait), "retrying");
            if !wait.is_zero() {
                inner.timer.sleep(wait).await;
            }
            waited += wait;
        }
    }

    /// One attempt: send, then read the body (capped; an error body's first
    /// 64 KiB; a successful streamed body not at all).
    async fn attempt(&self, sent: HttpRequest, read: &Read) -> Result<Answer, Error> {
        let inner = &*self.inner;
        let response = inner.transport.send(sent).await?;
        let success = (200..300).contains(&response.status);
        if success && matches!(read, Read::Streamed) {
            return Ok(Answer::Streamed(response, None));
        }
        let TransportResponse {
            status,
            headers,
            body,
        } = response;
        let body = if success {
            let declared =
                find_header(&headers, "content-length").and_then(|v| v.trim().parse::<u64>().ok());
            if declared.is_some_and(|length| length > inner.max_response_bytes) {
                return Err(Error::too_large(inner.max_response_bytes));
            }
            body.read_capped(inner.max_response_bytes).await?
        } else {
            body.read_prefix(ERROR_BODY_LIMIT).await?
        };
        Ok(Answer::Buffered(HttpResponse {
            status,
            headers,
            body,
        }))
    }
}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// A random (version 4) UUID, from std's randomly keyed hasher over the
/// clock: no `rand`/`getrandom` dependency for a correlation id.
pub(crate) fn new_request_id() -> String {
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let mut bytes = [0u8; 16];
    for (i, half) in bytes.chunks_mut(8).enumerate() {
        let mut hasher = RandomState::new().build_hasher();
        hasher.write_u128(nanos);
        hasher.write_usize(i);
        half.copy_from_slice(&hasher.finish().to_le_bytes());
    }
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .hyphenated()
        .to_string()
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}
