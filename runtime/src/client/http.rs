//! Plain HTTP values: [`Method`], [`HttpRequest`] and [`HttpResponse`].
//!
//! They carry no I/O: request builders turn into an [`HttpRequest`], a
//! [`Transport`](super::Transport) sends it and gives back an [`HttpResponse`],
//! and the builders parse that.

use std::fmt;

/// The HTTP methods Graph operations use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`: list, get, count, functions.
    Get,
    /// `POST`: create, actions.
    Post,
    /// `PATCH`: update.
    Patch,
    /// `DELETE`: delete.
    Delete,
}

impl Method {
    /// The method name as sent on the wire, e.g. `"GET"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Patch => "PATCH",
            Self::Delete => "DELETE",
        }
    }

    /// Whether sending the request twice has the same effect as sending it
    /// once, as far as retries are concerned: every method but `POST`
    /// (a Graph `PATCH` sets properties to given values, so repeating it is
    /// harmless).
    pub const fn is_idempotent(self) -> bool {
        !matches!(self, Self::Post)
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Finds a header by name, ASCII-case-insensitively.
fn find<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Whether a header's value must never be shown: `Authorization`,
/// `Proxy-Authorization`, `Cookie`, `Set-Cookie`, and names ending in `-Key`
/// or `-Token` (`X-Api-Key`, `Ocp-Apim-Subscription-Key`, `X-Auth-Token`).
pub(crate) fn is_secret_header(name: &str) -> bool {
    let ends_with = |suffix: &str| {
        name.len() >= suffix.len()
            && name.as_bytes()[name.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
    };
    [
        "authorization",
        "proxy-authorization",
        "cookie",
        "set-cookie",
    ]
    .iter()
    .any(|secret| name.eq_ignore_ascii_case(secret))
        || ends_with("-key")
        || ends_with("-token")
}

/// Headers for `Debug`, with secret values replaced.
pub(crate) struct RedactedHeaders<'a>(pub(crate) &'a [(String, String)]);

impl fmt::Debug for RedactedHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut list = f.debug_list();
        for (name, value) in self.0 {
            if is_secret_header(name) {
                list.entry(&(name, "<redacted>"));
            } else {
                list.entry(&(name, value));
            }
        }
        list.finish()
    }
}

/// `header`, `request_id` and `client_request_id` of a response type with
/// `headers: Vec<(String, String)>`.
macro_rules! response_headers {
    () => {
        /// The first value of header `name` (ASCII-case-insensitive).
        pub fn header(&self, name: &str) -> Option<&str> {
            find(&self.headers, name)
        }

        /// The `request-id` header: the service's id of the request (quote
        /// it to Microsoft support with the `client-request-id`).
        pub fn request_id(&self) -> Option<&str> {
            self.header("request-id")
        }

        /// The `client-request-id` header the service echoed (the id the
        /// client sent).
        pub fn client_request_id(&self) -> Option<&str> {
            self.header("client-request-id")
        }
    };
}

/// An HTTP request, ready for a [`Transport`](super::Transport).
///
/// `Debug` shows the method, URL, headers (the values of `Authorization`,
/// `Cookie` and other credentials redacted) and the body's length, never
/// its content.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// The method.
    pub method: Method,
    /// The absolute URL, query included.
    pub url: String,
    /// Header names and values, in order; a name may repeat.
    pub headers: Vec<(String, String)>,
    /// The body, if any.
    pub body: Option<Vec<u8>>,
}

impl HttpRequest {
    /// A request without headers or body.
    pub fn new(method: Method, url: impl Into<String>) -> Self {
        Self {
            method,
            url: url.into(),
            headers: Vec::new(),
            body: None,
        }
    }

    /// The first value of header `name` (ASCII-case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        find(&self.headers, name)
    }

    /// Replaces every header `name` (ASCII-case-insensitive) with one `name: value`.
    pub fn set_header(&mut self, name: impl Into<String>, value: impl Into<String>) {
        let name = name.into();
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
        self.headers.push((name, value.into()));
    }
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("body_len", &self.body.as_ref().map(Vec::len))
            .finish()
    }
}

/// An HTTP response as received from a [`Transport`](super::Transport).
#[derive(Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// Header names and values, in order.
    pub headers: Vec<(String, String)>,
    /// The whole body.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// A response with a status and a body, without headers.
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    response_headers!();

    /// Whether the status is 2xx.
    pub const fn is_success(&self) -> bool {
        self.status >= 200 && self.status < 300
    }
}

impl fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// A decoded result with its response's status and headers, from a
/// builder's `send_with_response()`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Response<T> {
    /// The decoded result.
    pub value: T,
    /// The status code.
    pub status: u16,
    /// Header names and values, in order.
    pub headers: Vec<(String, String)>,
}

impl<T> Response<T> {
    response_headers!();

    /// The decoded result.
    pub fn into_value(self) -> T {
        self.value
    }
}

/// A response as a [`Transport`](super::Transport) returns it: status and
/// headers, and the body still to be read (so the client can cap its size
/// and time it out whatever the transport).
#[derive(Debug)]
pub struct TransportResponse {
    /// The status code.
    pub status: u16,
    /// Header names and values, in order.
    pub headers: Vec<(String, String)>,
    /// The body, read as the client consumes it.
    pub body: super::body::Body,
}

impl TransportResponse {
    /// The first value of header `name` (ASCII-case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        find(&self.headers, name)
    }

    /// `Content-Length`, when present and a number.
    pub fn content_length(&self) -> Option<u64> {
        self.header("content-length")
            .and_then(|v| v.trim().parse().ok())
    }
}

impl From<HttpResponse> for TransportResponse {
    fn from(response: HttpResponse) -> Self {
        Self {
            status: response.status,
            headers: response.headers,
            body: super::body::Body::from_bytes(response.body),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_redacts_authorization() {
        let mut request = HttpRequest::new(Method::Get, "https://example.test/v1.0/security");
        request.set_header("Authorization", "Bearer s3cret");
        request.set_header("Prefer", "include-unknown-enum-members");
        let debug = format!("{request:?}");
        assert!(!debug.contains("s3cret"), "{debug}");
        assert!(debug.contains("include-unknown-enum-members"), "{debug}");
        assert_eq!(request.header("authorization"), Some("Bearer s3cret"));
        request.set_header("AUTHORIZATION", "Bearer other");
        assert_eq!(request.headers.len(), 2);
        for name in [
            "Cookie",
            "set-cookie",
            "Proxy-Authorization",
            "X-Api-Key",
            "Ocp-Apim-Subscription-Key",
            "X-Auth-Token",
        ] {
            assert!(is_secret_header(name), "{name}");
        }
        for name in ["ConsistencyLevel", "Prefer", "key", "token", "x-keyed"] {
            assert!(!is_secret_header(name), "{name}");
        }
    }

    #[test]
    fn method_display_and_idempotence() {
        assert_eq!(Method::Patch.to_string(), "PATCH");
        assert!(Method::Get.is_idempotent());
        assert!(!Method::Post.is_idempotent());
    }
}
