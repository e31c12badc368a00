//! [`Error`], the one error type of the client, and its [`ErrorKind`].

use std::error::Error as StdError;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::http::HttpResponse;

/// A shareable error source (what a transport or token provider failed with).
pub type BoxError = Arc<dyn StdError + Send + Sync + 'static>;

/// How many bytes of a Graph error body are kept.
const GRAPH_BODY_LIMIT: usize = 8 * 1024;
/// How many bytes of a non-Graph error body are kept.
const SNIPPET_LIMIT: usize = 512;
/// How many bytes of an error body are read and parsed at most.
pub(crate) const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// Everything that can go wrong calling Graph.
///
/// `Display` is one line of at most about 1 KiB: each piece of server text
/// in it (a code, a message, a `request-id`, a link, a decoder message) is
/// cut to 256 bytes with its length noted, control characters and line
/// separators become spaces, and bidi controls and zero-width characters
/// (`U+202E`, `U+200B`, ...) become `U+FFFD`, so a hostile server can
/// neither flood a log nor make a line read as something else. The texts
/// [`kind`](Self::kind) gives are kept up to 8 KiB each. Neither `Display` nor `Debug` ever contains a
/// token: requests (with their `Authorization` header) are never stored in
/// an error. Match on [`kind`](Self::kind) for details, or use the shortcuts
/// [`status`](Self::status), [`code`](Self::code) and
/// [`is_retryable`](Self::is_retryable).
///
/// When the client retried, the error is the one of the last attempt and
/// [`attempts`](Self::attempts) tells how many were made.
#[derive(Clone)]
pub struct Error {
    inner: Box<Inner>,
}

#[derive(Clone, Debug)]
struct Inner {
    kind: ErrorKind,
    attempts: u32,
    retry_after: Option<Duration>,
    requested_retry_after: Option<Duration>,
    client_request_id: Option<String>,
}

/// What went wrong; see [`Error`].
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Graph answered with an error status and a Graph error body
    /// (`{"error":{"code","message","innerError":{..}}}`).
    #[non_exhaustive]
    Graph {
        /// HTTP status.
        status: u16,
        /// `error.code`, e.g. `"Forbidden"` or `"TooManyRequests"`.
        code: String,
        /// `error.message` (its first 1 KiB, like the other texts here,
        /// with control, bidi and zero-width characters replaced).
        message: String,
        /// `error.innerError.request-id` (or the `request-id` response header).
        request_id: Option<String>,
        /// `error.innerError.client-request-id` (or the response header).
        client_request_id: Option<String>,
        /// `error.innerError.date` (or the `Date` response header).
        date: Option<String>,
        /// The raw body (at most 8 KiB of it).
        body: String,
    },
    /// An error status whose body is not a Graph error (a proxy, a gateway).
    #[non_exhaustive]
    Http {
        /// HTTP status.
        status: u16,
        /// The start of the body (at most 512 bytes, lossily decoded).
        body: String,
    },
    /// A successful response whose body did not decode as the expected type.
    #[non_exhaustive]
    Decode {
        /// The Rust type that was expected (`std::any::type_name`).
        type_name: &'static str,
        /// The operation's path template, e.g. `/security/incidents/{}`.
        path: &'static str,
        /// What the decoder said, with line and column (its first 8 KiB).
        message: String,
    },
    /// The transport could not send the request or read the response
    /// (connection, TLS, timeout).
    #[non_exhaustive]
    Transport {
        /// What happened.
        message: String,
        /// The underlying error, if any.
        source: Option<BoxError>,
    },
    /// The server's TLS certificate was refused (not issued by a trusted
    /// root, for another host, expired, ...). Not retried: trying again
    /// gives the same certificate.
    #[non_exhaustive]
    Certificate {
        /// The host the client connected to.
        host: String,
        /// Why the certificate was refused (rustls' reason).
        reason: String,
        /// The underlying error.
        source: Option<BoxError>,
    },
    /// The token provider could not give a token.
    #[non_exhaustive]
    Auth {
        /// What happened.
        message: String,
        /// The underlying error, if any.
        source: Option<BoxError>,
    },
    /// An argument was rejected before sending anything (a key that cannot be
    /// a path segment, a bad base URL, a body that does not serialize, a
    /// missing token provider, a URL too long to send, a URL with user info,
    /// a `Host` or `Content-Length` header), or the default transport refused
    /// a redirect (one that would carry the request body to another origin,
    /// downgrade to `http`, or go on past 10 hops). Never retried.
    #[non_exhaustive]
    InvalidInput {
        /// What was wrong.
        message: String,
    },
    /// A page's `@odata.nextLink` (or a [`List::resume`](super::List::resume)
    /// link) points at another scheme, host or port than the base URL, or
    /// carries user info (`user:password@`, which the transport would send as
    /// a second, `Basic`, `Authorization`); it was not followed (the token is
    /// never sent elsewhere, nor beside other credentials).
    #[non_exhaustive]
    ForeignNextLink {
        /// The refused link (its first 8 KiB).
        link: String,
        /// Whether it was refused for its user info (else for its origin).
        user_info: bool,
    },
    /// A page's `@odata.nextLink` repeats a link already followed; paging
    /// stopped instead of looping forever.
    #[non_exhaustive]
    NextLinkLoop {
        /// The repeated link (its first 8 KiB).
        link: String,
    },
    /// No answer in time: an attempt took longer than
    /// [`ClientBuilder::timeout`](super::ClientBuilder::timeout), or the
    /// whole call (retries included) longer than
    /// [`ClientBuilder::deadline`](super::ClientBuilder::deadline).
    #[non_exhaustive]
    Timeout {
        /// The limit that was reached.
        after: Duration,
        /// Whether it was the call's deadline (else one attempt's timeout).
        deadline: bool,
    },
    /// The response body is larger than
    /// [`ClientBuilder::max_response_bytes`](super::ClientBuilder::max_response_bytes)
    /// (by its `Content-Length` or as read, after decompression); reading
    /// stopped there. Or (`decoded`) the body decodes to more memory than
    /// its budget ([`decode_budget`](super::decode_budget): 8 bytes per body
    /// byte plus 64 MiB), e.g. millions of empty items; decoding stopped there.
    #[non_exhaustive]
    TooLarge {
        /// The cap, in bytes (of body, or of estimated decoded memory).
        limit: u64,
        /// Whether the decoded value, not the body, went past the limit.
        decoded: bool,
    },
    /// The client is throttled (an earlier `429` asked to wait until later)
    /// and waiting would exceed the retry budget or the deadline; the
    /// request was not sent. [`Error::retry_after`] tells how long is left.
    #[non_exhaustive]
    Throttled {
        /// How long the client still has to wait.
        wait: Duration,
    },
    /// A result that is one collection (`{"value": [...]}`) came with an
    /// `@odata.nextLink`: there is more than this response holds, and the
    /// operation has no paging; the partial result is not returned.
    #[non_exhaustive]
    MorePages {
        /// The next link the service sent (its first 8 KiB).
        next_link: String,
    },
}

/// How many bytes of one piece of server text (a code, a message, a header,
/// a link, a decoder message) `Display` shows; longer text is cut and its
/// length noted.
pub(crate) const TEXT_LIMIT: usize = 256;
/// How many bytes of each text of a Graph error body an error keeps.
const GRAPH_TEXT_LIMIT: usize = 1024;
/// How many bytes of a message or link an error keeps (what `kind()` gives).
const STORED_LIMIT: usize = 8 * 1024;

/// Whether `c` could make text display as something it is not: bidi
/// embeddings, overrides and isolates, directional marks, zero-width
/// characters and the byte-order mark.
fn is_spoofing(c: char) -> bool {
    matches!(
        c,
        '\u{061C}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// Server text made safe for one line: control characters and line or
/// paragraph separators become spaces, bidi controls and zero-width
/// characters `\u{FFFD}`; cut to [`TEXT_LIMIT`] bytes, with the length noted.
fn one_line(text: &str) -> String {
    clean(text, TEXT_LIMIT)
}

/// [`one_line`] with another limit.
fn clean(text: &str, limit: usize) -> String {
    let mut out = String::with_capacity(text.len().min(limit + 32));
    for c in text.chars() {
        let c = if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{0085}') {
            ' '
        } else if is_spoofing(c) {
            '\u{FFFD}'
        } else {
            c
        };
        if out.len() + c.len_utf8() > limit {
            out.push_str(&format!("... ({} bytes)", original_len(text)));
            return out;
        }
        out.push(c);
    }
    out
}

/// The length of the text `text` was cut from (by [`clean`] or [`stored`],
/// which note it at the end), else its own.
fn original_len(text: &str) -> usize {
    text.strip_suffix(" bytes)")
        .and_then(|rest| rest.rsplit_once("... ("))
        .and_then(|(_, digits)| digits.parse().ok())
        .filter(|&len| len > text.len())
        .unwrap_or(text.len())
}

/// `text` cut to [`STORED_LIMIT`] bytes on a char boundary, the length noted.
fn stored(text: &str) -> String {
    if text.len() <= STORED_LIMIT {
        return text.to_owned();
    }
    let mut end = STORED_LIMIT;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}... ({} bytes)", &text[..end], text.len())
}

/// The first `limit` bytes of `body`, lossily decoded, cut on a char boundary.
fn truncated(body: &[u8], limit: usize) -> String {
    let text = String::from_utf8_lossy(body);
    if text.len() <= limit {
        return text.into_owned();
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}...", &text[..end])
}

impl Error {
    fn from_kind(kind: ErrorKind) -> Self {
        Self {
            inner: Box::new(Inner {
                kind,
                attempts: 1,
                retry_after: None,
                requested_retry_after: None,
                client_request_id: None,
            }),
        }
    }

    pub(crate) fn timeout(after: Duration, deadline: bool) -> Self {
        Self::from_kind(ErrorKind::Timeout { after, deadline })
    }

    pub(crate) fn too_large(limit: u64) -> Self {
        Self::from_kind(ErrorKind::TooLarge {
            limit,
            decoded: false,
        })
    }

    pub(crate) fn too_large_decoded(limit: u64) -> Self {
        Self::from_kind(ErrorKind::TooLarge {
            limit,
            decoded: true,
        })
    }

    pub(crate) fn throttled(wait: Duration) -> Self {
        Self::from_kind(ErrorKind::Throttled { wait }).with_retry_after(Some(wait))
    }

    pub(crate) fn more_pages(next_link: String) -> Self {
        Self::from_kind(ErrorKind::MorePages {
            next_link: stored(&next_link),
        })
    }

    pub(crate) fn with_retry_after(mut self, retry_after: Option<Duration>) -> Self {
        if retry_after.is_some() {
            self.inner.retry_after = retry_after;
        }
        self
    }

    pub(crate) fn with_requested_retry_after(mut self, requested: Option<Duration>) -> Self {
        if requested.is_some() {
            self.inner.requested_retry_after = requested;
        }
        self
    }

    pub(crate) fn with_client_request_id(mut self, id: &str) -> Self {
        self.inner.client_request_id = Some(id.to_owned());
        self
    }

    /// A transport failure with a message (for [`Transport`](super::Transport) implementations).
    pub fn transport(message: impl Into<String>) -> Self {
        Self::from_kind(ErrorKind::Transport {
            message: stored(&message.into()),
            source: None,
        })
    }

    /// A transport failure caused by `source`; its `Display` is the message.
    pub fn transport_from(source: impl StdError + Send + Sync + 'static) -> Self {
        Self::from_kind(ErrorKind::Transport {
            message: stored(&source.to_string()),
            source: Some(Arc::new(source)),
        })
    }

    /// A refused server certificate for `host`.
    #[cfg(feature = "reqwest")]
    pub(crate) fn certificate(
        host: &str,
        reason: String,
        source: impl StdError + Send + Sync + 'static,
    ) -> Self {
        Self::from_kind(ErrorKind::Certificate {
            host: host.to_owned(),
            reason,
            source: Some(Arc::new(source)),
        })
    }

    /// A token provider failure with a message (for
    /// [`TokenProvider`](super::TokenProvider) implementations). Never put a
    /// token in it.
    pub fn auth(message: impl Into<String>) -> Self {
        Self::from_kind(ErrorKind::Auth {
            message: stored(&message.into()),
            source: None,
        })
    }

    /// A token provider failure caused by `source`.
    pub fn auth_from(source: impl StdError + Send + Sync + 'static) -> Self {
        Self::from_kind(ErrorKind::Auth {
            message: stored(&source.to_string()),
            source: Some(Arc::new(source)),
        })
    }

    /// An argument rejected before anything was sent.
    pub fn invalid_input(message: impl Into<String>) -> Self {
        Self::from_kind(ErrorKind::InvalidInput {
            message: stored(&message.into()),
        })
    }

    pub(crate) fn decode(type_name: &'static str, path: &'static str, message: String) -> Self {
        Self::from_kind(ErrorKind::Decode {
            type_name,
            path,
            message: stored(&message),
        })
    }

    pub(crate) fn foreign_next_link(link: &str, user_info: bool) -> Self {
        Self::from_kind(ErrorKind::ForeignNextLink {
            user_info,
            link: stored(link),
        })
    }

    pub(crate) fn next_link_loop(link: &str) -> Self {
        Self::from_kind(ErrorKind::NextLinkLoop { link: stored(link) })
    }

    /// Names the operation's path template in a decode error that has none.
    pub(crate) fn with_path(mut self, operation_path: &'static str) -> Self {
        if let ErrorKind::Decode { path, .. } = &mut self.inner.kind {
            if path.is_empty() {
                *path = operation_path;
            }
        }
        self
    }

    pub(crate) fn with_attempts(mut self, attempts: u32) -> Self {
        self.inner.attempts = attempts;
        self
    }

    /// The error for an unsuccessful response: [`ErrorKind::Graph`] when the
    /// body is a Graph error, else [`ErrorKind::Http`].
    ///
    /// At most the first 64 KiB of the body are parsed.
    pub fn from_response(response: &HttpResponse) -> Self {
        let head = &response.body[..response.body.len().min(ERROR_BODY_LIMIT)];
        let parsed = serde_json::from_slice::<serde_json::Value>(head).ok();
        let error = parsed.as_ref().and_then(|v| v.get("error"));
        let Some(error) = error.filter(|e| e.is_object()) else {
            return Self::from_kind(ErrorKind::Http {
                status: response.status,
                body: truncated(&response.body, SNIPPET_LIMIT),
            });
        };
        let text = |value: Option<&serde_json::Value>| {
            value
                .and_then(serde_json::Value::as_str)
                .map(|text| clean(text, GRAPH_TEXT_LIMIT))
        };
        let inner = error.as_object().and_then(|object| {
            object
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case("innerError"))
                .map(|(_, value)| value)
        });
        let inner_text = |name: &str| text(inner.and_then(|i| i.get(name)));
        let header = |name: &str| {
            response
                .header(name)
                .map(|text| clean(text, GRAPH_TEXT_LIMIT))
        };
        Self::from_kind(ErrorKind::Graph {
            status: response.status,
            code: text(error.get("code")).unwrap_or_default(),
            message: text(error.get("message")).unwrap_or_default(),
            request_id: inner_text("request-id").or_else(|| header("request-id")),
            client_request_id: inner_text("client-request-id")
                .or_else(|| header("client-request-id")),
            date: inner_text("date").or_else(|| header("date")),
            body: truncated(&response.body, GRAPH_BODY_LIMIT),
        })
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.inner.kind
    }

    /// What went wrong, by value.
    pub fn into_kind(self) -> ErrorKind {
        self.inner.kind
    }

    /// How many times the request was sent (1 when it was not retried).
    pub fn attempts(&self) -> u32 {
        self.inner.attempts
    }

    /// The HTTP status, for [`ErrorKind::Graph`] and [`ErrorKind::Http`].
    pub fn status(&self) -> Option<u16> {
        match &self.inner.kind {
            ErrorKind::Graph { status, .. } | ErrorKind::Http { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The Graph error code (`error.code`), for [`ErrorKind::Graph`].
    pub fn code(&self) -> Option<&str> {
        match &self.inner.kind {
            ErrorKind::Graph { code, .. } => Some(code),
            _ => None,
        }
    }

    /// The Graph `request-id`, for [`ErrorKind::Graph`] (quote it to Microsoft support).
    pub fn request_id(&self) -> Option<&str> {
        match &self.inner.kind {
            ErrorKind::Graph { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// Whether trying again later may succeed: throttling (429 or
    /// [`ErrorKind::Throttled`]), service unavailable (503), gateway timeout
    /// (504), timeouts and transport failures.
    pub fn is_retryable(&self) -> bool {
        match &self.inner.kind {
            ErrorKind::Transport { .. }
            | ErrorKind::Timeout { .. }
            | ErrorKind::Throttled { .. } => true,
            _ => matches!(self.status(), Some(429 | 503 | 504)),
        }
    }

    /// How long the service asked to wait (the last response's
    /// `Retry-After`), also when the client gave up because the wait was
    /// longer than its retry budget; for [`ErrorKind::Throttled`], how long
    /// the client's throttle gate is still closed.
    pub fn retry_after(&self) -> Option<Duration> {
        self.inner.retry_after
    }

    /// The wait the last response's `Retry-After` asked for, as sent (a
    /// huge value saturates at `u64::MAX` seconds). The client waits at most
    /// [`MAX_RETRY_AFTER`](super::MAX_RETRY_AFTER): [`retry_after`](Self::retry_after)
    /// is this value clamped to it.
    pub fn requested_retry_after(&self) -> Option<Duration> {
        self.inner.requested_retry_after
    }

    /// The `client-request-id` the client sent with the request (the same
    /// for every attempt of one call): quote it with the service's
    /// `request-id` when asking Microsoft about a call. `None` for errors
    /// raised before sending.
    pub fn client_request_id(&self) -> Option<&str> {
        self.inner.client_request_id.as_deref()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner.kind {
            ErrorKind::Graph {
                status,
                code,
                message,
                request_id,
                ..
            } => {
                // Cleaned when parsed; again here, for errors built by hand.
                write!(
                    f,
                    "Graph error {status} {}: {}",
                    one_line(code),
                    one_line(message)
                )?;
                if let Some(id) = request_id {
                    write!(f, " (request-id {})", one_line(id))?;
                }
            }
            ErrorKind::Http { status, body } => {
                write!(
                    f,
                    "HTTP {status} without a Graph error body: {}",
                    one_line(body)
                )?;
            }
            ErrorKind::Decode {
                type_name,
                path,
                message,
            } => {
                f.write_str("cannot decode the response")?;
                if !path.is_empty() {
                    write!(f, " of {path}")?;
                }
                write!(f, " as {type_name}: {}", one_line(message))?;
            }
            ErrorKind::Transport { message, .. } => {
                write!(f, "transport error: {}", one_line(message))?;
            }
            ErrorKind::Certificate { host, reason, .. } => write!(
                f,
                "certificate not trusted for host {}: {}",
                one_line(host),
                one_line(reason)
            )?,
            ErrorKind::Auth { message, .. } => {
                write!(f, "cannot get an access token: {}", one_line(message))?;
            }
            ErrorKind::InvalidInput { message } => {
                write!(f, "invalid input: {}", one_line(message))?;
            }
            ErrorKind::ForeignNextLink { link, user_info } => {
                let why = if *user_info {
                    "with user info (user:password@), which would send a second credential"
                } else {
                    "to another scheme, host or port"
                };
                write!(f, "refused to follow a next link {why}: {}", one_line(link))?;
            }
            ErrorKind::NextLinkLoop { link } => write!(
                f,
                "next link repeats one already followed: {}",
                one_line(link)
            )?,
            ErrorKind::Timeout { after, deadline } => {
                let what = if *deadline {
                    "the call's deadline"
                } else {
                    "the per-attempt timeout"
                };
                write!(
                    f,
                    "timed out: no complete answer within {what} of {after:?}"
                )?;
            }
            ErrorKind::TooLarge {
                limit,
                decoded: false,
            } => write!(
                f,
                "the response body is larger than the cap of {limit} bytes (max_response_bytes)"
            )?,
            ErrorKind::TooLarge {
                limit,
                decoded: true,
            } => write!(
                f,
                "the response body decodes to more memory than its budget of {limit} bytes (8 bytes per body byte plus 64 MiB); decoding stopped"
            )?,
            ErrorKind::Throttled { wait } => write!(
                f,
                "throttled: the service asked to wait {wait:?} more, beyond the retry budget or deadline; not sent"
            )?,
            ErrorKind::MorePages { next_link } => write!(
                f,
                "the result has more pages than this response (@odata.nextLink {}), and the operation returns one collection",
                one_line(next_link)
            )?,
        }
        if let (Some(requested), Some(used)) =
            (self.inner.requested_retry_after, self.inner.retry_after)
        {
            if requested > used {
                write!(
                    f,
                    " (Retry-After of {} s clamped to {} s)",
                    requested.as_secs(),
                    used.as_secs()
                )?;
            }
        }
        if self.inner.attempts > 1 {
            write!(f, " (after {} attempts)", self.inner.attempts)?;
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.inner.kind)
            .field("attempts", &self.inner.attempts)
            .field("retry_after", &self.inner.retry_after)
            .field("requested_retry_after", &self.inner.requested_retry_after)
            .field("client_request_id", &self.inner.client_request_id)
            .finish()
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match &self.inner.kind {
            ErrorKind::Transport { source, .. }
            | ErrorKind::Auth { source, .. }
            | ErrorKind::Certificate { source, .. } => source
                .as_deref()
                .map(|source| source as &(dyn StdError + 'static)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_error_body_is_parsed() {
        let body = r#"{"error":{"code":"Forbidden","message":"Missing role\nsecond line","innerError":{"request-id":"r1","client-request-id":"c1","date":"2026-01-01T00:00:00"}}}"#;
        let error = Error::from_response(&HttpResponse::new(403, body));
        assert_eq!(error.status(), Some(403));
        assert_eq!(error.code(), Some("Forbidden"));
        assert_eq!(error.request_id(), Some("r1"));
        let ErrorKind::Graph {
            client_request_id,
            date,
            message,
            ..
        } = error.kind()
        else {
            panic!("{error:?}")
        };
        assert_eq!(client_request_id.as_deref(), Some("c1"));
        assert_eq!(date.as_deref(), Some("2026-01-01T00:00:00"));
        assert_eq!(message, "Missing role second line");
        assert!(!error.to_string().contains('\n'));
        assert!(!error.is_retryable());
    }

    #[test]
    fn non_graph_body_is_a_snippet() {
        let body = "x".repeat(2000);
        let error = Error::from_response(&HttpResponse::new(502, body));
        assert!(matches!(error.kind(), ErrorKind::Http { status: 502, body } if body.len() < 600));
        let error = Error::from_response(&HttpResponse::new(503, "<html>")).with_attempts(4);
        assert!(error.is_retryable());
        assert!(error.to_string().ends_with("(after 4 attempts)"), "{error}");
    }

    #[test]
    fn sources_are_kept() {
        let io = std::io::Error::other("connection reset");
        let error = Error::transport_from(io);
        assert!(error.source().is_some());
        assert_eq!(error.to_string(), "transport error: connection reset");
    }
}
