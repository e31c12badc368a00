//! A loopback TLS server for the client's tests: a certificate authority and
//! a server certificate made per test (rcgen), rustls on the server side
//! with ALPN (`h2`, `http/1.1`), and either hyper serving a handler
//! ([`serve`]) or the raw TLS stream for faults hyper cannot express
//! ([`serve_raw`]). It counts TCP connections, finished handshakes, the
//! protocol negotiated, requests and the most requests in flight at once.
//!
//! Binds 127.0.0.1 only; the accept loop ends with the test's runtime.

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt as _, Full};
use hyper::body::Incoming;
use hyper::{Request, Response};
use hyper_util::rt::{TokioExecutor, TokioIo};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::server::TlsStream;

/// A response body for [`serve`] handlers.
pub type Body = BoxBody<Bytes, std::io::Error>;

/// A test CA and a server certificate it issued.
pub struct Certs {
    /// The CA certificate (DER): what a client trusts.
    pub ca_der: Vec<u8>,
    /// The server's chain (leaf, then CA).
    chain: Vec<CertificateDer<'static>>,
    key: Vec<u8>,
}

/// A CA and a server certificate for `names` (DNS names or IP addresses).
pub fn certs(names: &[&str]) -> Certs {
    let ca_key = rcgen::KeyPair::generate().unwrap();
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "msgraph-security test CA");
    let ca = rcgen::CertifiedIssuer::self_signed(ca_params, ca_key).unwrap();
    let leaf_key = rcgen::KeyPair::generate().unwrap();
    let names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
    let leaf = rcgen::CertificateParams::new(names)
        .unwrap()
        .signed_by(&leaf_key, &ca)
        .unwrap();
    Certs {
        ca_der: ca.der().to_vec(),
        chain: vec![leaf.der().clone(), ca.der().clone()],
        key: leaf_key.serialize_der(),
    }
}

/// What the server saw.
#[derive(Clone, Default)]
pub struct Stats {
    /// TCP connections accepted.
    pub connections: Arc<AtomicUsize>,
    /// TLS handshakes completed.
    pub handshakes: Arc<AtomicUsize>,
    /// The ALPN protocol of each completed handshake.
    pub alpn: Arc<Mutex<Vec<Option<String>>>>,
    /// Requests received (hyper mode).
    pub requests: Arc<AtomicUsize>,
    /// The HTTP version of each request (hyper mode).
    pub versions: Arc<Mutex<Vec<hyper::Version>>>,
    in_flight: Arc<AtomicUsize>,
    /// The most requests being handled at once.
    pub max_in_flight: Arc<AtomicUsize>,
}

impl Stats {
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    pub fn handshakes(&self) -> usize {
        self.handshakes.load(Ordering::SeqCst)
    }

    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

/// A running server.
pub struct TlsServer {
    /// `https://127.0.0.1:<port>`.
    pub base: String,
    pub addr: SocketAddr,
    pub stats: Stats,
}

fn acceptor(certs: &Certs, alpn: &[&[u8]]) -> TlsAcceptor {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            certs.chain.clone(),
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(certs.key.clone())),
        )
        .unwrap();
    config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
    TlsAcceptor::from(Arc::new(config))
}

/// Accepts connections, completes the handshake (counting both) and gives
/// each TLS stream to `connection`.
async fn accept_loop<F, Fut>(certs: &Certs, alpn: &[&[u8]], connection: F) -> TlsServer
where
    F: Fn(TlsStream<TcpStream>, Stats) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let stats = Stats::default();
    let acceptor = acceptor(certs, alpn);
    let connection = Arc::new(connection);
    let loop_stats = stats.clone();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            loop_stats.connections.fetch_add(1, Ordering::SeqCst);
            let acceptor = acceptor.clone();
            let stats = loop_stats.clone();
            let connection = Arc::clone(&connection);
            tokio::spawn(async move {
                let Ok(tls) = acceptor.accept(tcp).await else {
                    return;
                };
                stats.handshakes.fetch_add(1, Ordering::SeqCst);
                let protocol = tls
                    .get_ref()
                    .1
                    .alpn_protocol()
                    .map(|p| String::from_utf8_lossy(p).into_owned());
                stats.alpn.lock().unwrap().push(protocol);
                connection(tls, stats).await;
            });
        }
    });
    TlsServer {
        base: format!("https://{addr}"),
        addr,
        stats,
    }
}

/// Serves HTTP/2 or HTTP/1.1 (by ALPN) with `handler`.
pub async fn serve<H, Fut>(certs: &Certs, handler: H) -> TlsServer
where
    H: Fn(Request<Incoming>) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Response<Body>> + Send + 'static,
{
    serve_alpn(certs, &[b"h2", b"http/1.1"], handler).await
}

/// Serves with `handler`, offering the ALPN protocols `alpn` (e.g. only
/// `http/1.1`).
pub async fn serve_alpn<H, Fut>(certs: &Certs, alpn: &[&[u8]], handler: H) -> TlsServer
where
    H: Fn(Request<Incoming>) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Response<Body>> + Send + 'static,
{
    let handler = Arc::new(handler);
    accept_loop(certs, alpn, move |tls, stats| {
        let handler = Arc::clone(&handler);
        async move {
            let service = hyper::service::service_fn(move |request: Request<Incoming>| {
                let handler = Arc::clone(&handler);
                let stats = stats.clone();
                async move {
                    stats.requests.fetch_add(1, Ordering::SeqCst);
                    stats.versions.lock().unwrap().push(request.version());
                    let now = stats.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                    stats.max_in_flight.fetch_max(now, Ordering::SeqCst);
                    let response = handler(request).await;
                    stats.in_flight.fetch_sub(1, Ordering::SeqCst);
                    Ok::<_, Infallible>(response)
                }
            });
            let _ = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new())
                .serve_connection(TokioIo::new(tls), service)
                .await;
        }
    })
    .await
}

/// Hands each TLS stream (HTTP/1.1 only by ALPN) to `connection` for
/// faults hyper cannot produce.
pub async fn serve_raw<F, Fut>(certs: &Certs, connection: F) -> TlsServer
where
    F: Fn(TlsStream<TcpStream>, Stats) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    accept_loop(certs, &[b"http/1.1"], connection).await
}

/// A whole response.
pub fn full(status: u16, body: impl Into<Bytes>) -> Response<Body> {
    Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(
            Full::new(body.into())
                .map_err(|never: Infallible| match never {})
                .boxed(),
        )
        .unwrap()
}
