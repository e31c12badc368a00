//! The [`Transport`] trait and the default [`ReqwestTransport`].

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use super::error::Error;
use super::http::{HttpRequest, TransportResponse};

/// The future a [`Transport`] returns.
pub type TransportFuture<'a> =
    Pin<Box<dyn Future<Output = Result<TransportResponse, Error>> + Send + 'a>>;

/// Sends one HTTP request and returns the response with its body still to
/// be read ([`Body`](super::Body); an in-memory
/// [`HttpResponse`](super::HttpResponse) converts with `.into()`).
///
/// Implement it to use another HTTP stack (or a test double). A transport
/// only moves bytes: it must not retry, add headers or treat error statuses
/// specially; the [`Client`](super::Client) does all that, and also enforces
/// its timeout, deadline and body cap on every transport. A non-2xx status
/// is an `Ok` response; only failing to get a response at all is an `Err`
/// (build it with [`Error::transport`] or [`Error::transport_from`]).
pub trait Transport: Send + Sync + 'static + fmt::Debug {
    /// Sends `request`.
    fn send(
        &self,
        request: HttpRequest,
    ) -> Pin<Box<dyn Future<Output = Result<TransportResponse, Error>> + Send + '_>>;
}

impl<T: Transport + ?Sized> Transport for Arc<T> {
    fn send(&self, request: HttpRequest) -> TransportFuture<'_> {
        (**self).send(request)
    }
}

impl<T: Transport + ?Sized> Transport for Box<T> {
    fn send(&self, request: HttpRequest) -> TransportFuture<'_> {
        (**self).send(request)
    }
}

#[cfg(feature = "reqwest")]
pub use self::reqwest_transport::ReqwestTransport;

#[cfg(feature = "reqwest")]
mod reqwest_transport {
    use std::time::Duration;

    use futures_util::TryStreamExt as _;

    use super::{Error, HttpRequest, Transport, TransportFuture, TransportResponse};
    use crate::client::body::Body;
    use crate::client::http::Method;

    /// The most redirects followed for one request.
    const MAX_REDIRECTS: usize = 10;

    /// The longest URL sent: the `http` crate's limit on a request target
    /// (`u16::MAX - 1` bytes); longer ones fail locally, so they are refused
    /// as [`ErrorKind::InvalidInput`](crate::client::ErrorKind::InvalidInput)
    /// (not retried) before reqwest sees them.
    const MAX_URL_BYTES: usize = 65_534;

    /// The default transport: [`reqwest`] with rustls (the `ring` crypto
    /// provider and the platform's certificate verifier).
    ///
    /// Available with the `reqwest` cargo feature (on by default).
    #[derive(Debug, Clone)]
    pub struct ReqwestTransport {
        client: reqwest::Client,
    }

    /// Whether a redirect from `previous` (the chain so far) to `next` is
    /// followed: at most [`MAX_REDIRECTS`], never from `https` down to `http`.
    pub(crate) fn redirect_allowed(
        previous: &[url::Url],
        next: &url::Url,
    ) -> Result<(), &'static str> {
        if previous.len() >= MAX_REDIRECTS {
            return Err("too many redirects");
        }
        if next.scheme() != "https" && previous.iter().any(|url| url.scheme() == "https") {
            return Err("refused a redirect from https to a non-https URL");
        }
        Ok(())
    }

    impl ReqwestTransport {
        /// A transport with its own connection pool: connect timeout 30 s,
        /// `Accept-Encoding: gzip` (bodies decompressed as they are read, so
        /// the client's size cap counts decompressed bytes), HTTP/2 when the
        /// server offers it (ALPN), proxies from `HTTPS_PROXY`/`HTTP_PROXY`/
        /// `ALL_PROXY` and `NO_PROXY` (read once, here), no `Referer`, at
        /// most 10 redirects and never from `https` to `http`
        /// (`Authorization` is dropped on a redirect to another host, scheme
        /// or port, and is marked sensitive for HTTP/2 header compression).
        ///
        /// Installs rustls' `ring` crypto provider as the process default if
        /// none is installed yet.
        pub fn new() -> Result<Self, Error> {
            let _ = rustls::crypto::ring::default_provider().install_default();
            let client = reqwest::Client::builder()
                .connect_timeout(Duration::from_secs(30))
                .gzip(true)
                .referer(false)
                .redirect(reqwest::redirect::Policy::custom(
                    |attempt| match redirect_allowed(attempt.previous(), attempt.url()) {
                        Ok(()) => attempt.follow(),
                        Err(why) => attempt.error(why),
                    },
                ))
                .build()
                .map_err(|e| Error::transport_from(e.without_url()))?;
            Ok(Self { client })
        }

        /// A transport over an existing `reqwest::Client` (to share its pool
        /// or set proxies and TLS roots). With a rustls client built from
        /// reqwest's `rustls-no-provider` feature, install a crypto provider
        /// before building it. The client's timeouts and body cap still
        /// apply; the redirect and compression settings are the given
        /// client's.
        pub fn from_client(client: reqwest::Client) -> Self {
            Self { client }
        }

        async fn send_inner(&self, request: HttpRequest) -> Result<TransportResponse, Error> {
            let method = match request.method {
                Method::Get => reqwest::Method::GET,
                Method::Post => reqwest::Method::POST,
                Method::Patch => reqwest::Method::PATCH,
                Method::Delete => reqwest::Method::DELETE,
            };
            if request.url.len() > MAX_URL_BYTES {
                return Err(Error::invalid_input(format!(
                    "the request URL is too long: {} bytes, above the {MAX_URL_BYTES} an HTTP request target can carry here (a huge key or query option?)",
                    request.url.len()
                )));
            }
            let mut builder = self.client.request(method, request.url.as_str());
            for (name, value) in &request.headers {
                let mut value = reqwest::header::HeaderValue::from_str(value).map_err(|_| {
                    Error::invalid_input(format!("header {name:?} has a value that cannot be sent"))
                })?;
                if super::super::http::is_secret_header(name) {
                    value.set_sensitive(true);
                }
                builder = builder.header(name.as_str(), value);
            }
            if let Some(body) = request.body {
                builder = builder.body(body);
            }
            let built = builder
                .build()
                .map_err(|e| Error::invalid_input(e.without_url().to_string()))?;
            let response = self.client.execute(built).await.map_err(|e| {
                if e.is_builder() {
                    // Refused before sending (a URL or header reqwest cannot
                    // encode): sending it again would fail the same way.
                    Error::invalid_input(format!(
                        "the request cannot be built: {}",
                        e.without_url()
                    ))
                } else {
                    Error::transport_from(e.without_url())
                }
            })?;
            let status = response.status().as_u16();
            let headers = response
                .headers()
                .iter()
                .map(|(name, value)| {
                    (
                        name.as_str().to_owned(),
                        String::from_utf8_lossy(value.as_bytes()).into_owned(),
                    )
                })
                .collect();
            let body = Body::from_stream(
                response
                    .bytes_stream()
                    .map_err(|e| Error::transport_from(e.without_url())),
            );
            Ok(TransportResponse {
                status,
                headers,
                body,
            })
        }
    }

    impl Transport for ReqwestTransport {
        fn send(&self, request: HttpRequest) -> TransportFuture<'_> {
            Box::pin(self.send_inner(request))
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn redirects_never_downgrade() {
            let url = |s: &str| url::Url::parse(s).unwrap();
            assert!(redirect_allowed(&[url("https://a/")], &url("https://b/")).is_ok());
            assert!(redirect_allowed(&[url("http://127.0.0.1/")], &url("http://b/")).is_ok());
            assert!(redirect_allowed(&[url("https://a/")], &url("http://a/")).is_err());
            assert!(
                redirect_allowed(&[url("https://a/"), url("https://b/")], &url("http://c/"))
                    .is_err()
            );
            let chain: Vec<_> = (0..10).map(|i| url(&format!("https://a/{i}"))).collect();
            assert_eq!(
                redirect_allowed(&chain, &url("https://a/x")),
                Err("too many redirects")
            );
        }
    }
}
