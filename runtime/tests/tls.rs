//! The client over TLS, end to end, against the loopback TLS server of
//! `support/tls.rs` (a CA made per test, trusted only through
//! `ReqwestTransport::with_root_certificates`, never by weakening
//! verification): trust and refusal of certificates (not retried, one
//! connection), HTTP/2 by ALPN multiplexing concurrent requests on one
//! connection, the https -> http redirect refusal (not retried), and the hostile cases
//! that differ over TLS (a stalled handshake, a body cut without
//! `close_notify`, an endless HTTP/2 body). Loopback only, bounded in time.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code
#![cfg(feature = "reqwest")]

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt as _, StreamBody};
use msgraph_security_runtime::client::{Client, ErrorKind, ReqwestTransport, RetryPolicy};
use serde_json::{Value, json};
use support::client::{bounded, get, quick_retries};
use support::tls::{self, TlsServer, certs, full};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpListener;

/// A client for `server` trusting `roots` besides the platform's.
fn client(server: &TlsServer, roots: &[&[u8]], policy: RetryPolicy) -> Client {
    Client::builder()
        .bearer_token("t0ken")
        .base_url(format!("{}/v1.0", server.base))
        .transport(ReqwestTransport::with_root_certificates(roots.iter().copied()).unwrap())
        .retry_policy(policy)
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}

async fn echo_server(names: &[&str]) -> (tls::Certs, TlsServer) {
    let certs = certs(names);
    let server = tls::serve(&certs, |request| async move {
        full(200, json!({"path": request.uri().path()}).to_string())
    })
    .await;
    (certs, server)
}

#[tokio::test]
async fn a_trusted_certificate_speaks_http2_by_alpn() {
    bounded(async {
        let (certs, server) = echo_server(&["127.0.0.1"]).await;
        let client = client(&server, &[&certs.ca_der], RetryPolicy::none());
        let value = get(&client, "a").send().await.unwrap();
        assert_eq!(value, json!({"path": "/v1.0/security/incidents/a"}));
        assert_eq!(
            *server.stats.alpn.lock().unwrap(),
            vec![Some("h2".to_owned())]
        );
        assert_eq!(
            *server.stats.versions.lock().unwrap(),
            vec![hyper::Version::HTTP_2]
        );
    })
    .await;
}

#[tokio::test]
async fn http2_carries_concurrent_requests_on_one_connection() {
    bounded(async {
        let certs = certs(&["127.0.0.1"]);
        // Each of the eight answers only once all eight have arrived (or
        // after 5 s): they can only all succeed quickly if they were in flight
        // together.
        let arrived = Arc::new(AtomicUsize::new(0));
        let server = tls::serve(&certs, move |request| {
            let arrived = Arc::clone(&arrived);
            async move {
                if !request.uri().path().ends_with("/warm") {
                    arrived.fetch_add(1, Ordering::SeqCst);
                    let started = Instant::now();
                    while arrived.load(Ordering::SeqCst) < 8
                        && started.elapsed() < Duration::from_secs(5)
                    {
                        tokio::time::sleep(Duration::from_millis(5)).await;
                    }
                }
                full(200, json!({"path": request.uri().path()}).to_string())
            }
        })
        .await;
        let client = client(&server, &[&certs.ca_der], RetryPolicy::none());
        // The first request opens the connection; the next eight share it.
        get(&client, "warm").send().await.unwrap();
        let started = Instant::now();
        let calls = (0..8).map(|i| {
            let client = client.clone();
            async move { get(&client, &i.to_string()).send().await }
        });
        let results = futures_util::future::join_all(calls).await;
        let elapsed = started.elapsed();
        for (i, result) in results.into_iter().enumerate() {
            assert_eq!(
                result.unwrap()["path"],
                format!("/v1.0/security/incidents/{i}")
            );
        }
        let stats = &server.stats;
        assert_eq!((stats.connections(), stats.handshakes()), (1, 1));
        assert_eq!(stats.requests(), 9);
        assert!(
            stats
                .versions
                .lock()
                .unwrap()
                .iter()
                .all(|v| *v == hyper::Version::HTTP_2)
        );
        // Multiplexed: all eight were in flight at once, not one after another.
        assert_eq!(stats.max_in_flight.load(Ordering::SeqCst), 8);
        assert!(elapsed < Duration::from_secs(4), "{elapsed:?}");
    })
    .await;
}

#[tokio::test]
async fn a_batch_goes_over_http2_as_one_request() {
    bounded(async {
        let certs = certs(&["127.0.0.1"]);
        let server = tls::serve(&certs, |request| async move {
            assert_eq!(request.uri().path(), "/v1.0/$batch");
            let body = request.into_body().collect().await.unwrap().to_bytes();
            let batch: Value = serde_json::from_slice(&body).unwrap();
            let responses: Vec<Value> = batch["requests"]
                .as_array()
                .unwrap()
                .iter()
                .rev()
                .map(|r| {
                    json!({"id": r["id"], "status": 200,
                        "headers": {"Content-Type": "application/json"},
                        "body": {"url": r["url"]}})
                })
                .collect();
            full(200, json!({"responses": responses}).to_string())
        })
        .await;
        let client = client(&server, &[&certs.ca_der], RetryPolicy::none());
        let mut batch = client.batch();
        let handles: Vec<_> = (0..5)
            .map(|i| batch.add(get(&client, &i.to_string())).unwrap())
            .collect();
        let mut responses = batch.send().await.unwrap();
        for (i, handle) in handles.into_iter().enumerate() {
            assert_eq!(
                responses.get(handle).unwrap()["url"],
                format!("/security/incidents/{i}")
            );
        }
        assert_eq!(server.stats.requests(), 1);
        assert_eq!(
            *server.stats.versions.lock().unwrap(),
            vec![hyper::Version::HTTP_2]
        );
    })
    .await;
}

#[tokio::test]
async fn without_h2_in_alpn_concurrent_requests_need_connections() {
    bounded(async {
        let certs = certs(&["127.0.0.1"]);
        let server = tls::serve_alpn(&certs, &[b"http/1.1"], |request| async move {
            tokio::time::sleep(Duration::from_millis(200)).await;
            full(200, json!({"path": request.uri().path()}).to_string())
        })
        .await;
        let client = client(&server, &[&certs.ca_der], RetryPolicy::none());
        let calls = (0..4).map(|i| {
            let client = client.clone();
            async move { get(&client, &i.to_string()).send().await }
        });
        for result in futures_util::future::join_all(calls).await {
            result.unwrap();
        }
        let stats = &server.stats;
        // HTTP/1.1 has one request per connection at a time: the contrast to HTTP/2 above.
        assert_eq!(stats.connections(), 4);
        assert!(
            stats
                .alpn
                .lock()
                .unwrap()
                .iter()
                .all(|p| p.as_deref() == Some("http/1.1"))
        );
        assert!(
            stats
                .versions
                .lock()
                .unwrap()
                .iter()
                .all(|v| *v == hyper::Version::HTTP_11)
        );
    })
    .await;
}

#[tokio::test]
async fn an_untrusted_certificate_is_refused_once_naming_the_host() {
    bounded(async {
        let (_certs, server) = echo_server(&["127.0.0.1"]).await;
        // The platform's roots only: the test CA is not among them.
        let client = client(&server, &[], quick_retries(4));
        let error = get(&client, "a").send().await.unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::Certificate { host, .. } if host == "127.0.0.1"),
            "{error:?}"
        );
        assert_eq!(
            error.to_string(),
            "certificate not trusted for host 127.0.0.1: not issued by a trusted root (UnknownIssuer)"
        );
        assert!(!error.is_retryable());
        assert_eq!(error.attempts(), 1);
        assert_eq!(server.stats.connections(), 1);
        assert_eq!(server.stats.handshakes(), 0);
        assert_eq!(server.stats.requests(), 0);
    })
    .await;
}

#[tokio::test]
async fn a_certificate_for_another_host_is_refused_once() {
    bounded(async {
        let (certs, server) = echo_server(&["graph.example.test"]).await;
        let client = client(&server, &[&certs.ca_der], quick_retries(4));
        let error = get(&client, "a").send().await.unwrap_err();
        let ErrorKind::Certificate { host, reason, .. } = error.kind() else {
            panic!("{error:?}")
        };
        assert_eq!(host, "127.0.0.1");
        assert!(reason.contains("not valid for name"), "{reason}");
        assert!(
            error
                .to_string()
                .contains("certificate not trusted for host 127.0.0.1")
        );
        assert_eq!(error.attempts(), 1);
        assert_eq!(server.stats.connections(), 1);
        assert_eq!(server.stats.requests(), 0);
    })
    .await;
}

#[tokio::test]
async fn a_redirect_from_https_to_http_is_refused() {
    bounded(async {
        let plain = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let plain_addr = plain.local_addr().unwrap();
        let plain_connections = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&plain_connections);
        tokio::spawn(async move {
            while let Ok((_stream, _)) = plain.accept().await {
                counter.fetch_add(1, Ordering::SeqCst);
            }
        });
        let certs = certs(&["127.0.0.1"]);
        let target = format!("http://{plain_addr}/v1.0/security/incidents/a");
        let server = tls::serve(&certs, move |_| {
            let target = target.clone();
            async move {
                let mut response = full(302, "");
                response
                    .headers_mut()
                    .insert("location", target.parse().unwrap());
                response
            }
        })
        .await;
        // The default policy: a refused redirect is not retried (the server
        // would redirect again), so the https server sees one request.
        let client = client(&server, &[&certs.ca_der], RetryPolicy::default());
        let error = get(&client, "a").send().await.unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::InvalidInput { .. }),
            "{error:?}"
        );
        assert!(
            error
                .to_string()
                .contains("refused a redirect from https to a non-https URL"),
            "{error}"
        );
        assert_eq!(server.stats.requests(), 1);
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert_eq!(plain_connections.load(Ordering::SeqCst), 0);
    })
    .await;
}

#[tokio::test]
async fn a_stalled_handshake_times_out_per_attempt() {
    bounded(async {
        // Accepts TCP and never answers the ClientHello.
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let connections = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&connections);
        tokio::spawn(async move {
            let mut held = Vec::new();
            while let Ok((stream, _)) = listener.accept().await {
                counter.fetch_add(1, Ordering::SeqCst);
                held.push(stream);
            }
        });
        let client = Client::builder()
            .bearer_token("t0ken")
            .base_url(format!("https://{addr}/v1.0"))
            .transport(ReqwestTransport::new().unwrap())
            .retry_policy(quick_retries(2))
            .timeout(Duration::from_millis(300))
            .build()
            .unwrap();
        let started = Instant::now();
        let error = get(&client, "a").send().await.unwrap_err();
        let elapsed = started.elapsed();
        assert!(
            matches!(
                error.kind(),
                ErrorKind::Timeout {
                    deadline: false,
                    ..
                }
            ),
            "{error:?}"
        );
        assert_eq!(error.attempts(), 2);
        assert!(
            elapsed >= Duration::from_millis(600) && elapsed < Duration::from_secs(3),
            "{elapsed:?}"
        );
        assert_eq!(connections.load(Ordering::SeqCst), 2);
    })
    .await;
}

/// Reads a request head from a raw TLS stream.
async fn read_head<S: tokio::io::AsyncRead + Unpin>(stream: &mut S) -> Option<String> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if head.len() > 16 * 1024 || stream.read(&mut byte).await.ok()? == 0 {
            return None;
        }
        head.push(byte[0]);
    }
    Some(String::from_utf8_lossy(&head).into_owned())
}

#[tokio::test]
async fn a_body_cut_without_close_notify_is_an_error() {
    bounded(async {
        let certs = certs(&["127.0.0.1"]);
        // A complete-looking JSON body, read until the connection closes, then
        // the TCP connection dropped without TLS close_notify: a possible
        // truncation, which must not pass for the whole body.
        let server = tls::serve_raw(&certs, |mut tls, _| async move {
            if read_head(&mut tls).await.is_none() {
                return;
            }
            let response = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n{\"id\":\"a\"}";
            let _ = tls.write_all(response).await;
            let _ = tls.flush().await;
            let (tcp, _) = tls.into_inner();
            drop(tcp);
        })
        .await;
        let client = client(&server, &[&certs.ca_der], RetryPolicy::none());
        let error = get(&client, "a").send().await.unwrap_err();
        assert!(matches!(error.kind(), ErrorKind::Transport { .. }), "{error:?}");
        assert!(error.to_string().contains("close_notify"), "{error}");
        assert_eq!(server.stats.handshakes(), 1);
    })
    .await;
}

#[tokio::test]
async fn an_endless_http2_body_stops_at_the_cap() {
    bounded(async {
        let certs = certs(&["127.0.0.1"]);
        let sent = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&sent);
        let server = tls::serve(&certs, move |_| {
            let counter = Arc::clone(&counter);
            async move {
                let chunks = futures_util::stream::repeat_with(move || {
                    counter.fetch_add(16 * 1024, Ordering::SeqCst);
                    Ok::<_, std::io::Error>(hyper::body::Frame::data(Bytes::from(vec![
                        b' ';
                        16 * 1024
                    ])))
                });
                hyper::Response::builder()
                    .status(200)
                    .header("content-type", "application/json")
                    .body(StreamBody::new(chunks).boxed())
                    .unwrap()
            }
        })
        .await;
        let client = Client::builder()
            .bearer_token("t0ken")
            .base_url(format!("{}/v1.0", server.base))
            .transport(ReqwestTransport::with_root_certificates([&certs.ca_der]).unwrap())
            .retry_policy(RetryPolicy::none())
            .max_response_bytes(256 * 1024)
            .build()
            .unwrap();
        let error = get(&client, "a").send().await.unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::TooLarge { limit: 262_144, .. }),
            "{error:?}"
        );
        assert_eq!(
            *server.stats.versions.lock().unwrap(),
            vec![hyper::Version::HTTP_2]
        );
        // The stream is reset: the server stops well short of endless (flow control bounds it).
        tokio::time::sleep(Duration::from_millis(100)).await;
        let total = sent.load(Ordering::SeqCst);
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert_eq!(
            sent.load(Ordering::SeqCst),
            total,
            "the server kept sending"
        );
        assert!(total < 16 * 1024 * 1024, "{total}");
    })
    .await;
}

#[test]
fn a_root_certificate_that_does_not_parse_is_refused() {
    let good = certs(&["127.0.0.1"]).ca_der;
    let error = ReqwestTransport::with_root_certificates([
        good.as_slice(),
        b"not a certificate".as_slice(),
    ])
    .unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::InvalidInput { message, .. } if message.starts_with("root certificate 1 does not parse")),
        "{error:?}"
    );
    assert!(ReqwestTransport::with_root_certificates([good]).is_ok());
}
