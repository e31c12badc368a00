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
        /// Whether redirects are followed here ([`ReqwestTransport::new`]),
        /// not by the given client ([`ReqwestTransport::from_client`]).
        follows_redirects: bool,
    }

    /// The request headers kept on a redirect to another origin: none that
    /// can carry a credential or that the caller set for Graph.
    const CROSS_ORIGIN_HEADERS: [&str; 3] = ["accept", "accept-language", "user-agent"];

    /// What to send after a redirect `status` from `current` to `next`, or
    /// why not: at most [`MAX_REDIRECTS`], never from `https` to `http`,
    /// never to a URL with user info. `303` (and `301`/`302` after a `POST`)
    /// becomes a `GET` without body, `307`/`308` keep the method and body.
    /// To another scheme, host or port (or after having gone to one), only
    /// [`CROSS_ORIGIN_HEADERS`] are kept (not `Authorization`, cookies or
    /// any header the caller set), and a body is never carried: such a
    /// `307`/`308` is refused.
    pub(crate) fn redirected(
        previous: &[url::Url],
        current: &HttpRequest,
        status: u16,
        next: &url::Url,
        crossed: &mut bool,
    ) -> Result<HttpRequest, String> {
        redirect_allowed(previous, next).map_err(str::to_owned)?;
        if !next.username().is_empty() || next.password().is_some() {
            return Err("refused a redirect to a URL with user info".to_owned());
        }
        let mut request = current.clone();
        request.url = next.as_str().to_owned();
        if status == 303 || (matches!(status, 301 | 302) && request.method == Method::Post) {
            request.method = Method::Get;
            request.body = None;
            request
                .headers
                .retain(|(name, _)| !name.eq_ignore_ascii_case("content-type"));
        }
        let from = previous.last().map(url::Url::origin);
        if from.as_ref() != Some(&next.origin()) {
            *crossed = true;
        }
        if *crossed {
            if request.body.is_some() {
                return Err(format!(
                    "refused a {status} redirect to another origin ({}): it would carry the request body there",
                    next.host_str().unwrap_or("?")
                ));
            }
            request.headers.retain(|(name, _)| {
                CROSS_ORIGIN_HEADERS
                    .iter()
                    .any(|kept| name.eq_ignore_ascii_case(kept))
            });
        }
        Ok(request)
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
        /// most 10 redirects and never from `https` to `http` nor to a URL
        /// with user info. A redirect to another scheme, host or port keeps
        /// only `Accept`, `Accept-Language` and `User-Agent` (not
        /// `Authorization`, cookies or any header the caller set), and is
        /// refused ([`ErrorKind::InvalidInput`](crate::client::ErrorKind::InvalidInput),
        /// not retried) when it would carry the request body (`307`/`308`).
        /// Secret headers (`Authorization`, cookies, `*-Key`, `*-Token`) are
        /// marked sensitive for HTTP/2 header compression.
        ///
        /// Installs rustls' `ring` crypto provider as the process default if
        /// none is installed yet.
        pub fn new() -> Result<Self, Error> {
            Self::with_settings(true, std::iter::empty::<&[u8]>())
        }

        /// Like [`new`](Self::new), also trusting the given root
        /// certificates (DER) besides the platform's: for a private CA or a
        /// test server. Certificates are still fully verified (chain, host
        /// name, validity); nothing is trusted that the platform verifier
        /// would refuse but for the added roots. Fails
        /// ([`ErrorKind::InvalidInput`](super::super::ErrorKind::InvalidInput))
        /// on a certificate that does not parse.
        pub fn with_root_certificates<C: AsRef<[u8]>>(
            roots: impl IntoIterator<Item = C>,
        ) -> Result<Self, Error> {
            Self::with_settings(true, roots)
        }

        /// [`new`](Self::new), with proxies from the environment or with none.
        pub(crate) fn with_proxies(proxies: bool) -> Result<Self, Error> {
            Self::with_settings(proxies, std::iter::empty::<&[u8]>())
        }

        /// The one constructor: proxies from the environment or none, and
        /// extra trusted roots.
        fn with_settings<C: AsRef<[u8]>>(
            proxies: bool,
            roots: impl IntoIterator<Item = C>,
        ) -> Result<Self, Error> {
            let _ = rustls::crypto::ring::default_provider().install_default();
            let mut extra = Vec::new();
            let mut check = rustls::RootCertStore::empty();
            for (i, der) in roots.into_iter().enumerate() {
                let der = der.as_ref();
                let invalid = |e: &dyn std::fmt::Display| {
                    Error::invalid_input(format!("root certificate {i} does not parse: {e}"))
                };
                // reqwest only reads it when building; check it here, by index.
                check
                    .add(rustls::pki_types::CertificateDer::from(der.to_vec()))
                    .map_err(|e| invalid(&e))?;
                extra.push(reqwest::Certificate::from_der(der).map_err(|e| invalid(&e))?);
            }
            let mut builder = reqwest::Client::builder();
            if !proxies {
                builder = builder.no_proxy();
            }
            let client = builder
                .connect_timeout(Duration::from_secs(30))
                .gzip(true)
                .referer(false)
                .tls_certs_merge(extra)
                // Redirects are followed by `send_following`, which sees the
                // method, body and headers reqwest's policy cannot.
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|e| Error::transport_from(e.without_url()))?;
            Ok(Self {
                client,
                follows_redirects: true,
            })
        }

        /// A transport over an existing `reqwest::Client` (to share its pool
        /// or set proxies and TLS roots). With a rustls client built from
        /// reqwest's `rustls-no-provider` feature, install a crypto provider
        /// before building it. The client's timeouts and body cap still
        /// apply; the redirect and compression settings are the given
        /// client's.
        pub fn from_client(client: reqwest::Client) -> Self {
            Self {
                client,
                follows_redirects: false,
            }
        }

        /// Sends `request`, following redirects as [`redirected`] allows.
        async fn send_following(&self, request: HttpRequest) -> Result<TransportResponse, Error> {
            if !self.follows_redirects {
                return self.send_inner(request).await;
            }
            let first = url::Url::parse(&request.url)
                .map_err(|e| Error::invalid_input(format!("bad request URL: {e}")))?;
            let mut chain = vec![first];
            let mut crossed = false;
            let mut current = request;
            loop {
                let response = self.send_inner(current.clone()).await?;
                let status = response.status;
                let location = response.header("location");
                let (true, Some(location)) =
                    (matches!(status, 301 | 302 | 303 | 307 | 308), location)
                else {
                    return Ok(response);
                };
                let Some(last) = chain.last() else {
                    return Ok(response);
                };
                let next = last.join(location).map_err(|e| {
                    Error::transport(format!("a {status} redirect to a bad Location: {e}"))
                })?;
                // A refusal is not retried: the server would redirect again.
                current = redirected(&chain, &current, status, &next, &mut crossed)
                    .map_err(Error::invalid_input)?;
                chain.push(next);
            }
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
            let host = built.url().host_str().unwrap_or_default().to_owned();
            let response = self.client.execute(built).await.map_err(|e| {
                if e.is_builder() {
                    // Refused before sending (a URL or header reqwest cannot
                    // encode): sending it again would fail the same way.
                    Error::invalid_input(format!(
                        "the request cannot be built: {}",
                        e.without_url()
                    ))
                } else {
                    crate::client::tls::classify(e, &host)
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
                    .map_err(|e| crate::client::tls::transport_error(e.without_url())),
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
            Box::pin(self.send_following(request))
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn cross_origin_redirects_keep_no_credentials_nor_bodies() {
            let url = |s: &str| url::Url::parse(s).unwrap();
            let mut post = HttpRequest::new(Method::Post, "https://a/x");
            post.body = Some(b"{}".to_vec());
            for (name, value) in [
                ("Authorization", "Bearer t"),
                ("X-Api-Key", "k"),
                ("ConsistencyLevel", "eventual"),
                ("Content-Type", "application/json"),
                ("User-Agent", "ua"),
            ] {
                post.set_header(name, value);
            }
            let chain = [url("https://a/x")];
            // Same origin: everything kept, 307 keeps the body.
            let mut crossed = false;
            let same = redirected(&chain, &post, 307, &url("https://a/y"), &mut crossed).unwrap();
            assert_eq!(same.body.as_deref(), Some(&b"{}"[..]));
            assert_eq!(same.headers.len(), 5);
            assert!(!crossed);
            // Another origin: a body is never carried there.
            let error =
                redirected(&chain, &post, 307, &url("https://b/y"), &mut crossed).unwrap_err();
            assert!(error.contains("request body"), "{error}");
            // 303: a GET without body, and only the harmless headers.
            let mut crossed = false;
            let get = redirected(&chain, &post, 303, &url("https://b/y"), &mut crossed).unwrap();
            assert_eq!(get.method, Method::Get);
            assert_eq!(get.body, None);
            assert_eq!(get.headers, [("User-Agent".to_owned(), "ua".to_owned())]);
            assert!(crossed);
            // Back to the first origin: still nothing restored.
            let chain = [url("https://a/x"), url("https://b/y")];
            let back = redirected(&chain, &get, 302, &url("https://a/z"), &mut crossed).unwrap();
            assert_eq!(back.headers.len(), 1);
            // User info in a Location is refused.
            let mut crossed = false;
            assert!(
                redirected(
                    &chain[..1],
                    &get,
                    302,
                    &url("https://u:p@a/z"),
                    &mut crossed
                )
                .is_err()
            );
        }

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
