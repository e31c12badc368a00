//! The [`Transport`] trait and the default [`ReqwestTransport`].

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use super::error::Error;
use super::http::{HttpRequest, HttpResponse};

/// The future a [`Transport`] returns.
pub type TransportFuture<'a> =
    Pin<Box<dyn Future<Output = Result<HttpResponse, Error>> + Send + 'a>>;

/// Sends one HTTP request and returns the whole response.
///
/// Implement it to use another HTTP stack (or a test double). A transport
/// only moves bytes: it must not retry, add headers or treat error statuses
/// specially; the [`Client`](super::Client) does all that. A non-2xx status
/// is an `Ok` response; only failing to get a response at all is an `Err`
/// (build it with [`Error::transport`] or [`Error::transport_from`]).
pub trait Transport: Send + Sync + 'static + fmt::Debug {
    /// Sends `request`.
    fn send(
        &self,
        request: HttpRequest,
    ) -> Pin<Box<dyn Future<Output = Result<HttpResponse, Error>> + Send + '_>>;
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

    use super::{Error, HttpRequest, HttpResponse, Transport, TransportFuture};
    use crate::client::http::Method;

    /// The default transport: [`reqwest`] with rustls (the `ring` crypto
    /// provider and the platform's certificate verifier).
    ///
    /// Available with the `reqwest` cargo feature (on by default).
    #[derive(Debug, Clone)]
    pub struct ReqwestTransport {
        client: reqwest::Client,
    }

    impl ReqwestTransport {
        /// A transport with its own connection pool: connect timeout 30 s,
        /// redirects followed (reqwest drops `Authorization` on a redirect to
        /// another host).
        ///
        /// Installs rustls' `ring` crypto provider as the process default if
        /// none is installed yet.
        pub fn new() -> Result<Self, Error> {
            let _ = rustls::crypto::ring::default_provider().install_default();
            let client = reqwest::Client::builder()
                .connect_timeout(Duration::from_secs(30))
                .build()
                .map_err(|e| Error::transport_from(e.without_url()))?;
            Ok(Self { client })
        }

        /// A transport over an existing `reqwest::Client` (to share its pool
        /// or set proxies and timeouts). With a rustls client built from
        /// reqwest's `rustls-no-provider` feature, install a crypto provider
        /// before building it.
        pub fn from_client(client: reqwest::Client) -> Self {
            Self { client }
        }

        async fn send_inner(&self, request: HttpRequest) -> Result<HttpResponse, Error> {
            let method = match request.method {
                Method::Get => reqwest::Method::GET,
                Method::Post => reqwest::Method::POST,
                Method::Patch => reqwest::Method::PATCH,
                Method::Delete => reqwest::Method::DELETE,
            };
            let mut builder = self.client.request(method, request.url.as_str());
            for (name, value) in &request.headers {
                builder = builder.header(name.as_str(), value.as_str());
            }
            if let Some(body) = request.body {
                builder = builder.body(body);
            }
            let built = builder
                .build()
                .map_err(|e| Error::invalid_input(e.without_url().to_string()))?;
            let response = self
                .client
                .execute(built)
                .await
                .map_err(|e| Error::transport_from(e.without_url()))?;
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
            let body = response
                .bytes()
                .await
                .map_err(|e| Error::transport_from(e.without_url()))?
                .to_vec();
            Ok(HttpResponse {
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
}
