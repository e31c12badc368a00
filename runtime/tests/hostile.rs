//! The client against misbehaving servers on loopback: each case asserts the
//! exact outcome (error kind, requests the server saw, elapsed time bounds,
//! bytes sent where it matters) and is bounded in time.
//!
//! wiremock where it can express the fault; a raw Tokio TCP server
//! (`raw_server`) where it cannot (stalls, trickles, endless or oversized
//! bodies, a gzip bomb).
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code
#![cfg(feature = "reqwest")]

use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

mod support;

use futures_util::StreamExt as _;
use msgraph_security_runtime::client::{
    AccessToken, Client, Download, Error, ErrorKind, FunctionCall, HttpRequest, HttpResponse,
    Method, OperationInfo, Permissions, RateLimit, Rejection, RequestPath, ResultShape,
    RetryPolicy, TokenFuture, TokenProvider, Transport, TransportFuture,
};
use serde_json::{Value, json};
use support::client::{LIST, TOKEN, bounded, builder, get, list, quick_retries};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

static REPORT: OperationInfo = OperationInfo::new(
    Method::Get,
    "/security/subjectRightsRequests/{}/microsoft.graph.getFinalReport",
    Permissions::EMPTY,
);
static FUNCTION: OperationInfo =
    OperationInfo::new(Method::Get, "/security/ns.f()", Permissions::EMPTY);

fn within(elapsed: Duration, low_ms: u64, high_ms: u64) {
    assert!(
        elapsed >= Duration::from_millis(low_ms) && elapsed <= Duration::from_millis(high_ms),
        "elapsed {elapsed:?} not in {low_ms}..={high_ms} ms"
    );
}

// ---------------------------------------------------------------------------
// A raw TCP server for faults wiremock cannot express.

#[derive(Clone, Default)]
struct Stats {
    /// Request heads read.
    requests: Arc<AtomicUsize>,
    /// Body bytes written.
    sent: Arc<AtomicU64>,
    /// The request heads, as text.
    heads: Arc<Mutex<Vec<String>>>,
}

struct RawServer {
    base: String,
    stats: Stats,
}

/// Serves every connection with `handler` (after reading the request head).
async fn raw_server<F, Fut>(handler: F) -> RawServer
where
    F: Fn(TcpStream, Stats) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    let stats = Stats::default();
    let handler = Arc::new(handler);
    let accept_stats = stats.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let stats = accept_stats.clone();
            let handler = Arc::clone(&handler);
            tokio::spawn(async move {
                let Some(head) = read_head(&mut stream).await else {
                    return;
                };
                stats.requests.fetch_add(1, Ordering::SeqCst);
                stats.heads.lock().unwrap().push(head);
                handler(stream, stats).await;
            });
        }
    });
    RawServer {
        base: format!("http://{addr}"),
        stats,
    }
}

/// Reads up to the end of the request head (bodies are not used here).
async fn read_head(stream: &mut TcpStream) -> Option<String> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).await.ok()? == 0 || head.len() > 64 * 1024 {
            return None;
        }
        head.push(byte[0]);
    }
    Some(String::from_utf8_lossy(&head).into_owned())
}

async fn write_counted(stream: &mut TcpStream, stats: &Stats, bytes: &[u8]) -> bool {
    if stream.write_all(bytes).await.is_err() {
        return false;
    }
    stats.sent.fetch_add(bytes.len() as u64, Ordering::SeqCst);
    true
}

// ---------------------------------------------------------------------------
// Timeouts.

#[tokio::test]
async fn stall_after_reading_the_request_times_out_and_is_retried_for_get() {
    bounded(async {
        let server = raw_server(|stream, _| async move {
            let _open = stream; // keep the connection, never answer
            std::future::pending::<()>().await;
        })
        .await;
        let client = builder(&server.base)
            .timeout(Duration::from_millis(400))
            .retry_policy(quick_retries(2))
            .build()
            .unwrap();
        let start = Instant::now();
        let error = get(&client, "1").send().await.unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::Timeout { deadline: false, after, .. } if *after == Duration::from_millis(400)),
            "{error:?}"
        );
        assert!(error.to_string().contains("timed out"), "{error}");
        assert_eq!(error.attempts(), 2);
        assert_eq!(server.stats.requests.load(Ordering::SeqCst), 2);
        within(start.elapsed(), 800, 3_000);
    })
    .await;
}

#[tokio::test]
async fn a_timed_out_post_is_not_retried() {
    bounded(async {
        let server = raw_server(|stream, _| async move {
            let _open = stream; // keep the connection, never answer
            std::future::pending::<()>().await;
        })
        .await;
        let client = builder(&server.base)
            .timeout(Duration::from_millis(300))
            .retry_policy(quick_retries(3))
            .build()
            .unwrap();
        let request = HttpRequest::new(Method::Post, format!("{}/v1.0/security/x", server.base));
        let error = client.execute(request, &LIST).await.unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::Timeout { .. }),
            "{error:?}"
        );
        assert_eq!(server.stats.requests.load(Ordering::SeqCst), 1);
    })
    .await;
}

#[tokio::test]
async fn trickling_one_byte_a_second_times_out() {
    bounded(async {
        let server = raw_server(|mut stream, stats| async move {
            let head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n";
            if !write_counted(&mut stream, &stats, head).await {
                return;
            }
            loop {
                if !write_counted(&mut stream, &stats, b" ").await {
                    return;
                }
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        })
        .await;
        let client = builder(&server.base)
            .timeout(Duration::from_millis(1_500))
            .build()
            .unwrap();
        let start = Instant::now();
        let error = get(&client, "1").send().await.unwrap_err();
        assert!(matches!(error.kind(), ErrorKind::Timeout { deadline: false, .. }), "{error:?}");
        within(start.elapsed(), 1_400, 4_000);
        assert_eq!(server.stats.requests.load(Ordering::SeqCst), 1);
    })
    .await;
}

#[tokio::test]
async fn the_deadline_bounds_the_whole_call() {
    bounded(async {
        let server = raw_server(|stream, _| async move {
            let _open = stream; // keep the connection, never answer
            std::future::pending::<()>().await;
        })
        .await;
        let client = builder(&server.base)
            .timeout(Duration::from_secs(20))
            .deadline(Duration::from_millis(700))
            .retry_policy(quick_retries(5))
            .build()
            .unwrap();
        let start = Instant::now();
        let error = get(&client, "1").send().await.unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::Timeout { deadline: true, .. }),
            "{error:?}"
        );
        assert!(error.to_string().contains("deadline"), "{error}");
        within(start.elapsed(), 650, 2_500);
        assert_eq!(server.stats.requests.load(Ordering::SeqCst), 1);
    })
    .await;
}

// ---------------------------------------------------------------------------
// Size caps.

#[tokio::test]
async fn an_endless_chunked_body_stops_at_the_cap() {
    bounded(async {
        let server = raw_server(|mut stream, stats| async move {
            let head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
            if !write_counted(&mut stream, &stats, head).await {
                return;
            }
            let chunk = vec![b' '; 64 * 1024];
            let mut framed = format!("{:x}\r\n", chunk.len()).into_bytes();
            framed.extend_from_slice(&chunk);
            framed.extend_from_slice(b"\r\n");
            while write_counted(&mut stream, &stats, &framed).await {}
        })
        .await;
        let cap = 1024 * 1024;
        let client = builder(&server.base).max_response_bytes(cap).build().unwrap();
        let start = Instant::now();
        let error = get(&client, "1").send().await.unwrap_err();
        assert!(matches!(error.kind(), ErrorKind::TooLarge { limit, .. } if *limit == cap), "{error:?}");
        assert!(!error.is_retryable());
        assert_eq!(server.stats.requests.load(Ordering::SeqCst), 1);
        assert!(start.elapsed() < Duration::from_secs(10));
        // The server could only push what fits in the socket buffers past the cap.
        tokio::time::sleep(Duration::from_millis(200)).await;
        let sent = server.stats.sent.load(Ordering::SeqCst);
        assert!(sent < cap + 32 * 1024 * 1024, "server wrote {sent} bytes");
    })
    .await;
}

#[tokio::test]
async fn a_content_length_above_the_cap_fails_before_reading() {
    bounded(async {
        let server = raw_server(|mut stream, stats| async move {
            let head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 10737418240\r\n\r\n";
            write_counted(&mut stream, &stats, head).await;
            std::future::pending::<()>().await;
        })
        .await;
        let client = builder(&server.base)
            .timeout(Duration::from_secs(20))
            .build()
            .unwrap();
        let start = Instant::now();
        let error = get(&client, "1").send().await.unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::TooLarge { limit, .. } if *limit == 64 * 1024 * 1024),
            "{error:?}"
        );
        assert!(start.elapsed() < Duration::from_secs(2));
    })
    .await;
}

/// A gzip stream of `members` MiB of zeros (about 1 KiB on the wire per MiB):
/// one deflate block of 1 MiB of zeros, full-flushed (byte-aligned, no
/// history), repeated, then the final block and the trailer.
fn gzip_bomb(mebibytes: usize) -> Vec<u8> {
    use flate2::{Compress, Compression, Crc, FlushCompress};
    let zeros = vec![0u8; 1024 * 1024];
    let mut compress = Compress::new(Compression::best(), false);
    let mut block = Vec::with_capacity(64 * 1024);
    compress
        .compress_vec(&zeros, &mut block, FlushCompress::Full)
        .unwrap();
    assert_eq!(compress.total_in(), zeros.len() as u64);
    let mut last = Vec::with_capacity(64);
    compress
        .compress_vec(&[], &mut last, FlushCompress::Finish)
        .unwrap();
    let mut one = Crc::new();
    one.update(&zeros);
    let mut crc = Crc::new();
    for _ in 0..mebibytes {
        crc.combine(&one);
    }
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255];
    for _ in 0..mebibytes {
        out.extend_from_slice(&block);
    }
    out.extend_from_slice(&last);
    out.extend_from_slice(&crc.sum().to_le_bytes());
    out.extend_from_slice(&((mebibytes as u64 * 1024 * 1024) as u32).to_le_bytes());
    out
}

#[tokio::test]
async fn a_gzip_bomb_is_capped_after_decompression() {
    bounded(async {
        // 1 GiB of zeros in about 1 MiB.
        let bomb = Arc::new(gzip_bomb(1024));
        assert!(bomb.len() < 1_200_000, "{}", bomb.len());
        let served = Arc::clone(&bomb);
        let server = raw_server(move |mut stream, stats| {
            let bomb = Arc::clone(&served);
            async move {
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: {}\r\n\r\n",
                    bomb.len()
                );
                if write_counted(&mut stream, &stats, head.as_bytes()).await {
                    write_counted(&mut stream, &stats, &bomb).await;
                }
            }
        })
        .await;
        let client = builder(&server.base).build().unwrap();
        let start = Instant::now();
        let error = get(&client, "1").send().await.unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::TooLarge { limit, .. } if *limit == 64 * 1024 * 1024),
            "{error:?}"
        );
        assert!(start.elapsed() < Duration::from_secs(20));
        let heads = server.stats.heads.lock().unwrap().join("");
        assert!(heads.to_ascii_lowercase().contains("accept-encoding: gzip"), "{heads}");
    })
    .await;
}

#[tokio::test]
async fn a_compressed_body_below_the_cap_is_decompressed() {
    bounded(async {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut encoder, br#"{"id":"7","status":"active"}"#).unwrap();
        let body = encoder.finish().unwrap();
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(
                ResponseTemplate::new(200)
                    .insert_header("content-encoding", "gzip")
                    .set_body_raw(body, "application/json"),
            )
            .mount(&server)
            .await;
        let client = builder(&server.uri()).build().unwrap();
        let incident = get(&client, "7").send().await.unwrap();
        assert_eq!(incident, json!({"id": "7", "status": "active"}));
    })
    .await;
}

#[tokio::test]
async fn a_huge_error_body_is_read_only_in_part() {
    bounded(async {
        let server = raw_server(|mut stream, stats| async move {
            let size = 32 * 1024 * 1024;
            let head = format!("HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\nContent-Length: {size}\r\n\r\n");
            if !write_counted(&mut stream, &stats, head.as_bytes()).await {
                return;
            }
            let chunk = vec![b'x'; 64 * 1024];
            for _ in 0..size / chunk.len() {
                if !write_counted(&mut stream, &stats, &chunk).await {
                    return;
                }
            }
        })
        .await;
        let client = builder(&server.base).build().unwrap();
        let error = get(&client, "1").send().await.unwrap_err();
        assert!(matches!(error.kind(), ErrorKind::Http { status: 500, body, .. } if body.len() < 600), "{error:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
        let sent = server.stats.sent.load(Ordering::SeqCst);
        assert!(sent < 16 * 1024 * 1024, "the client read on: {sent} bytes sent");
    })
    .await;
}

// ---------------------------------------------------------------------------
// Bad answers.

#[tokio::test]
async fn an_html_502_from_a_gateway() {
    bounded(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(
                ResponseTemplate::new(502)
                    .set_body_raw("<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html"),
            )
            .mount(&server)
            .await;
        let client = builder(&server.uri()).retry_policy(quick_retries(4)).build().unwrap();
        let error = get(&client, "1").send().await.unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::Http { status: 502, body, .. } if body.contains("Bad Gateway")),
            "{error:?}"
        );
        assert_eq!(server.received_requests().await.unwrap().len(), 1);
    })
    .await;
}

#[tokio::test]
async fn truncated_json_in_a_200() {
    bounded(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(r#"{"value":[{"id":"1"},{"id":"#, "application/json"))
            .mount(&server)
            .await;
        let client = builder(&server.uri()).retry_policy(quick_retries(4)).build().unwrap();
        let error = list(&client).send().await.unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::Decode { path: "/security/incidents", message, .. } if message.contains("EOF")),
            "{error:?}"
        );
        assert_eq!(server.received_requests().await.unwrap().len(), 1);
    })
    .await;
}

// ---------------------------------------------------------------------------
// Tokens.

/// A rejection as the provider saw it: the refused token, the challenge's
/// `error` and its decoded claims.
type Seen = (String, Option<String>, Option<String>);

/// Hands out `stale` until refreshed, then `fresh`; records the rejections.
#[derive(Debug, Default)]
struct Refreshing {
    refreshed: AtomicBool,
    rejections: Mutex<Vec<Seen>>,
}

impl TokenProvider for Refreshing {
    fn token(&self) -> TokenFuture<'_> {
        let secret = if self.refreshed.load(Ordering::SeqCst) {
            "fresh"
        } else {
            "stale"
        };
        Box::pin(async move { Ok(AccessToken::new(secret.to_owned())) })
    }

    fn refresh(&self, rejection: Rejection) -> TokenFuture<'_> {
        self.rejections.lock().unwrap().push((
            rejection.token.secret().to_owned(),
            rejection.error,
            rejection.claims,
        ));
        self.refreshed.store(true, Ordering::SeqCst);
        self.token()
    }
}

#[tokio::test]
async fn a_401_refreshes_the_token_once() {
    bounded(async {
        let server = MockServer::start().await;
        Mock::given(header("authorization", "Bearer fresh"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "1"})))
            .with_priority(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .respond_with(
                ResponseTemplate::new(401)
                    .insert_header("www-authenticate", r#"Bearer error="invalid_token", error_description="expired""#)
                    .set_body_json(json!({"error": {"code": "InvalidAuthenticationToken", "message": "expired"}})),
            )
            .with_priority(2)
            .mount(&server)
            .await;
        let provider = Arc::new(Refreshing::default());
        let client = builder(&server.uri())
            .token_provider(Arc::clone(&provider))
            .build()
            .unwrap();
        let incident = get(&client, "1").send().await.unwrap();
        assert_eq!(incident["id"], "1");
        let rejections = provider.rejections.lock().unwrap().clone();
        assert_eq!(rejections, [("stale".to_owned(), Some("invalid_token".to_owned()), None)]);
        let seen = server.received_requests().await.unwrap();
        assert_eq!(seen.len(), 2);
        assert_eq!(seen[0].headers.get("authorization").unwrap(), "Bearer stale");
        assert_eq!(seen[1].headers.get("authorization").unwrap(), "Bearer fresh");
    })
    .await;
}

#[tokio::test]
async fn a_second_401_is_an_error() {
    bounded(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(401).set_body_json(
                json!({"error": {"code": "InvalidAuthenticationToken", "message": "no"}}),
            ))
            .mount(&server)
            .await;
        let provider = Arc::new(Refreshing::default());
        let client = builder(&server.uri())
            .token_provider(Arc::clone(&provider))
            .retry_policy(quick_retries(4))
            .build()
            .unwrap();
        let error = get(&client, "1").send().await.unwrap_err();
        assert_eq!(error.status(), Some(401));
        assert_eq!(error.code(), Some("InvalidAuthenticationToken"));
        assert_eq!(server.received_requests().await.unwrap().len(), 2);
        assert_eq!(provider.rejections.lock().unwrap().len(), 1);
    })
    .await;
}

#[tokio::test]
async fn a_cae_claims_challenge_reaches_the_provider() {
    bounded(async {
        let server = MockServer::start().await;
        Mock::given(header("authorization", "Bearer fresh"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "1"})))
            .with_priority(1)
            .mount(&server)
            .await;
        let challenge = r#"Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnsibmJmIjp7ImVzc2VudGlhbCI6dHJ1ZSwgInZhbHVlIjoiMTYwNDEwNjY1MSJ9fX0=""#;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(401).insert_header("www-authenticate", challenge))
            .with_priority(2)
            .mount(&server)
            .await;
        let provider = Arc::new(Refreshing::default());
        let client = builder(&server.uri())
            .token_provider(Arc::clone(&provider))
            .build()
            .unwrap();
        get(&client, "1").send().await.unwrap();
        let rejections = provider.rejections.lock().unwrap().clone();
        assert_eq!(rejections.len(), 1);
        assert_eq!(rejections[0].1.as_deref(), Some("insufficient_claims"));
        assert_eq!(
            rejections[0].2.as_deref(),
            Some(r#"{"access_token":{"nbf":{"essential":true, "value":"1604106651"}}}"#)
        );
    })
    .await;
}

// ---------------------------------------------------------------------------
// Throttling.

/// Answers the first request 429 with `Retry-After: 2`, every later one 200;
/// records when each arrived.
struct ThrottleOnce {
    throttled: AtomicBool,
    arrivals: Arc<Mutex<Vec<Instant>>>,
}

impl Respond for ThrottleOnce {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        self.arrivals.lock().unwrap().push(Instant::now());
        if self.throttled.swap(true, Ordering::SeqCst) {
            ResponseTemplate::new(200).set_body_json(json!({"id": "1"}))
        } else {
            ResponseTemplate::new(429)
                .insert_header("retry-after", "2")
                .set_body_json(
                    json!({"error": {"code": "TooManyRequests", "message": "slow down"}}),
                )
        }
    }
}

#[tokio::test]
async fn a_429_closes_the_gate_for_every_request_of_the_client() {
    bounded(async {
        let server = MockServer::start().await;
        let arrivals = Arc::new(Mutex::new(Vec::new()));
        Mock::given(method("GET"))
            .respond_with(ThrottleOnce {
                throttled: AtomicBool::new(false),
                arrivals: Arc::clone(&arrivals),
            })
            .mount(&server)
            .await;
        let client = builder(&server.uri())
            .retry_policy(quick_retries(3))
            .build()
            .unwrap();
        let start = Instant::now();
        let first = tokio::spawn(get(&client, "0").send());
        // Let the first request get its 429, then start 7 more.
        while arrivals.lock().unwrap().is_empty() {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        let others: Vec<_> = (1..8)
            .map(|i| tokio::spawn(get(&client, &i.to_string()).send()))
            .collect();
        first.await.unwrap().unwrap();
        for other in others {
            other.await.unwrap().unwrap();
        }
        let arrivals = arrivals.lock().unwrap().clone();
        assert_eq!(arrivals.len(), 9, "1 throttled + its retry + 7 others");
        let throttled_at = arrivals[0];
        for later in &arrivals[1..] {
            let after = later.duration_since(throttled_at);
            assert!(
                after >= Duration::from_millis(1_950),
                "a request went out {after:?} after the 429"
            );
        }
        within(start.elapsed(), 1_950, 6_000);
    })
    .await;
}

#[tokio::test]
async fn a_retry_after_beyond_the_budget_is_reported_not_waited() {
    bounded(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(
                ResponseTemplate::new(429)
                    .insert_header("retry-after", "86400")
                    .set_body_json(json!({"error": {"code": "TooManyRequests", "message": "tomorrow"}})),
            )
            .mount(&server)
            .await;
        let client = builder(&server.uri()).retry_policy(RetryPolicy::default()).build().unwrap();
        let start = Instant::now();
        let error = get(&client, "1").send().await.unwrap_err();
        assert_eq!(error.status(), Some(429));
        // Clamped to the ceiling; the value sent is kept.
        assert_eq!(error.retry_after(), Some(Duration::from_secs(3_600)));
        assert_eq!(error.requested_retry_after(), Some(Duration::from_secs(86_400)));
        assert_eq!(error.attempts(), 1);
        assert!(start.elapsed() < Duration::from_secs(2));
        // The gate stays closed: the next call is refused without a request.
        let error = get(&client, "2").send().await.unwrap_err();
        assert!(matches!(error.kind(), ErrorKind::Throttled { wait, .. } if *wait > Duration::from_secs(3_500)), "{error:?}");
        assert!(error.retry_after().unwrap() > Duration::from_secs(3_500));
        assert_eq!(server.received_requests().await.unwrap().len(), 1);
    })
    .await;
}

#[tokio::test]
async fn a_rate_limit_spaces_requests() {
    bounded(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "1"})))
            .mount(&server)
            .await;
        // 2 per second: a burst of 2, then one every 500 ms.
        let client = builder(&server.uri())
            .rate_limit(RateLimit::new().per(2, Duration::from_secs(1)))
            .build()
            .unwrap();
        let start = Instant::now();
        for i in 0..4 {
            get(&client, &i.to_string()).send().await.unwrap();
        }
        within(start.elapsed(), 950, 3_000);
        assert_eq!(server.received_requests().await.unwrap().len(), 4);
    })
    .await;
}

#[tokio::test]
async fn a_concurrency_limit_caps_requests_in_flight() {
    bounded(async {
        let in_flight = Arc::new(AtomicUsize::new(0));
        let peak = Arc::new(AtomicUsize::new(0));
        let (now, max) = (Arc::clone(&in_flight), Arc::clone(&peak));
        let server = raw_server(move |mut stream, stats| {
            let (now, max) = (Arc::clone(&now), Arc::clone(&max));
            async move {
                let current = now.fetch_add(1, Ordering::SeqCst) + 1;
                max.fetch_max(current, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(200)).await;
                now.fetch_sub(1, Ordering::SeqCst);
                let body = r#"{"id":"1"}"#;
                let answer = format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len());
                write_counted(&mut stream, &stats, answer.as_bytes()).await;
            }
        })
        .await;
        let client = builder(&server.base)
            .rate_limit(RateLimit::new().max_concurrent(2))
            .build()
            .unwrap();
        let calls: Vec<_> = (0..6).map(|i| tokio::spawn(get(&client, &i.to_string()).send())).collect();
        for call in calls {
            call.await.unwrap().unwrap();
        }
        assert_eq!(server.stats.requests.load(Ordering::SeqCst), 6);
        assert_eq!(peak.load(Ordering::SeqCst), 2);
    })
    .await;
}

// ---------------------------------------------------------------------------
// Redirects, ids.

#[tokio::test]
async fn a_redirect_to_a_foreign_host_carries_no_token() {
    bounded(async {
        let foreign = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "elsewhere"})))
            .mount(&foreign)
            .await;
        let home = MockServer::start().await;
        // Same machine, another host name and port.
        let target = format!(
            "http://localhost:{}/v1.0/security/incidents/1",
            foreign.address().port()
        );
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(302).insert_header("location", target.as_str()))
            .mount(&home)
            .await;
        let client = builder(&home.uri()).build().unwrap();
        get(&client, "1").send().await.unwrap();
        let at_home = home.received_requests().await.unwrap();
        assert_eq!(at_home.len(), 1);
        assert!(at_home[0].headers.get("authorization").is_some());
        assert!(at_home[0].headers.get("referer").is_none());
        let there = foreign.received_requests().await.unwrap();
        assert_eq!(there.len(), 1);
        assert!(
            there[0].headers.get("authorization").is_none(),
            "the token followed the redirect"
        );
        assert!(there[0].headers.get("referer").is_none());
    })
    .await;
}

#[tokio::test]
async fn one_client_request_id_per_call_across_retries() {
    bounded(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(503))
            .mount(&server)
            .await;
        let client = builder(&server.uri())
            .retry_policy(quick_retries(3))
            .build()
            .unwrap();
        let error = get(&client, "1").send().await.unwrap_err();
        let seen = server.received_requests().await.unwrap();
        assert_eq!(seen.len(), 3);
        let ids: Vec<_> = seen
            .iter()
            .map(|r| {
                r.headers
                    .get("client-request-id")
                    .unwrap()
                    .to_str()
                    .unwrap()
                    .to_owned()
            })
            .collect();
        assert!(ids.iter().all(|id| id == &ids[0]), "{ids:?}");
        let id = uuid::Uuid::parse_str(&ids[0]).unwrap();
        assert_eq!(id.get_version_num(), 4);
        assert_eq!(error.client_request_id(), Some(ids[0].as_str()));
        // The next call gets a new one.
        let _ = get(&client, "2").send().await;
        let seen = server.received_requests().await.unwrap();
        assert_ne!(
            seen[3]
                .headers
                .get("client-request-id")
                .unwrap()
                .to_str()
                .unwrap(),
            ids[0]
        );
    })
    .await;
}

// ---------------------------------------------------------------------------
// Paging.

fn page(items: &[&str], next: Option<String>) -> Value {
    let mut page = json!({"value": items.iter().map(|id| json!({"id": id})).collect::<Vec<_>>()});
    if let Some(next) = next {
        page["@odata.nextLink"] = json!(next);
    }
    page
}

async fn paged_server(pages: Vec<(Vec<&'static str>, Option<&'static str>)>) -> MockServer {
    let server = MockServer::start().await;
    let base = format!("{}/v1.0/security/incidents", server.uri());
    for (i, (items, next)) in pages.into_iter().enumerate() {
        let body = page(
            &items,
            next.map(|token| format!("{base}?$skiptoken={token}")),
        );
        let matcher = if i == 0 {
            Mock::given(wiremock::matchers::query_param_is_missing("$skiptoken"))
        } else {
            Mock::given(wiremock::matchers::query_param("$skiptoken", i.to_string()))
        };
        matcher
            .and(path("/v1.0/security/incidents"))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .mount(&server)
            .await;
    }
    server
}

#[tokio::test]
async fn an_empty_page_with_a_next_link_is_followed() {
    bounded(async {
        let server = paged_server(vec![(vec![], Some("1")), (vec!["a", "b"], None)]).await;
        let client = builder(&server.uri()).build().unwrap();
        let items: Vec<_> = list(&client).stream().collect().await;
        let ids: Vec<_> = items
            .into_iter()
            .map(|i| i.unwrap()["id"].clone())
            .collect();
        assert_eq!(ids, [json!("a"), json!("b")]);
        assert_eq!(server.received_requests().await.unwrap().len(), 2);
    })
    .await;
}

#[tokio::test]
async fn a_page_loop_ends_with_an_error() {
    bounded(async {
        // Page 1 links to page 2, page 2 back to page 1.
        let server = paged_server(vec![(vec!["a"], Some("1")), (vec!["b"], Some("1"))]).await;
        let client = builder(&server.uri()).build().unwrap();
        let pages: Vec<_> = list(&client).pages().collect().await;
        assert_eq!(pages.len(), 3);
        assert!(pages[0].is_ok() && pages[1].is_ok());
        let error = pages[2].as_ref().unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::NextLinkLoop { .. }),
            "{error:?}"
        );
        assert_eq!(server.received_requests().await.unwrap().len(), 2);
    })
    .await;
}

#[tokio::test]
async fn max_pages_then_resume_from_the_saved_link() {
    bounded(async {
        let server = paged_server(vec![
            (vec!["a"], Some("1")),
            (vec!["b"], Some("2")),
            (vec!["c"], None),
        ])
        .await;
        let client = builder(&server.uri()).build().unwrap();
        let pages: Vec<_> = list(&client).max_pages(2).pages().collect().await;
        assert_eq!(pages.len(), 2);
        let saved = pages[1].as_ref().unwrap().next_link.clone().unwrap();
        assert_eq!(server.received_requests().await.unwrap().len(), 2);
        let rest: Vec<_> = list(&client).resume(saved).stream().collect().await;
        let ids: Vec<_> = rest.into_iter().map(|i| i.unwrap()["id"].clone()).collect();
        assert_eq!(ids, [json!("c")]);
        assert_eq!(server.received_requests().await.unwrap().len(), 3);
        // A foreign link is refused without a request.
        let error = list(&client)
            .resume("https://evil.test/v1.0/security/incidents?$skiptoken=1")
            .send()
            .await
            .unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::ForeignNextLink { .. }),
            "{error:?}"
        );
        assert_eq!(server.received_requests().await.unwrap().len(), 3);
    })
    .await;
}

#[tokio::test]
async fn a_value_result_with_a_next_link_is_an_error_not_a_cut() {
    bounded(async {
        let server = MockServer::start().await;
        let next = format!("{}/v1.0/security/ns.f()?$skiptoken=2", server.uri());
        Mock::given(method("GET"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(json!({"value": [1, 2], "@odata.nextLink": next})),
            )
            .mount(&server)
            .await;
        let client = builder(&server.uri()).build().unwrap();
        let call = FunctionCall::<Vec<i64>>::new(
            RequestPath::root(&client, "security").function("ns.f", &[]),
            &FUNCTION,
            ResultShape::Value,
        );
        let error = call.send().await.unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::MorePages { next_link, .. } if *next_link == next),
            "{error:?}"
        );
    })
    .await;
}

// ---------------------------------------------------------------------------
// Downloads.

fn download(client: &Client) -> Download {
    Download::new(
        RequestPath::root(client, "security")
            .segment("subjectRightsRequests")
            .key("1")
            .function("microsoft.graph.getFinalReport", &[]),
        &REPORT,
    )
}

#[tokio::test]
async fn a_download_streams_and_is_not_capped() {
    bounded(async {
        let size: usize = 8 * 1024 * 1024;
        let server = raw_server(move |mut stream, stats| async move {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/zip\r\nContent-Length: {size}\r\n\r\n"
            );
            if !write_counted(&mut stream, &stats, head.as_bytes()).await {
                return;
            }
            let chunk = vec![7u8; 64 * 1024];
            for _ in 0..size / chunk.len() {
                if !write_counted(&mut stream, &stats, &chunk).await {
                    return;
                }
            }
        })
        .await;
        let client = builder(&server.base)
            .max_response_bytes(1024 * 1024)
            .build()
            .unwrap();
        let mut file = download(&client).send().await.unwrap();
        assert_eq!(file.content_type(), Some("application/zip"));
        assert_eq!(file.content_length(), Some(size as u64));
        let (mut total, mut largest) = (0usize, 0usize);
        while let Some(chunk) = file.next().await {
            let chunk = chunk.unwrap();
            assert!(chunk.iter().all(|&b| b == 7));
            total += chunk.len();
            largest = largest.max(chunk.len());
        }
        assert_eq!(total, size);
        assert!(
            largest <= 1024 * 1024,
            "a chunk of {largest} bytes: the body was buffered"
        );
    })
    .await;
}

#[tokio::test]
async fn a_download_that_stalls_midway_times_out() {
    bounded(async {
        let server = raw_server(|mut stream, stats| async move {
            let head = b"HTTP/1.1 200 OK\r\nContent-Type: application/zip\r\nContent-Length: 1000\r\n\r\nabc";
            write_counted(&mut stream, &stats, head).await;
            std::future::pending::<()>().await;
        })
        .await;
        let client = builder(&server.base).timeout(Duration::from_millis(400)).build().unwrap();
        let mut file = download(&client).send().await.unwrap();
        let first = file.next().await.unwrap().unwrap();
        assert_eq!(&first[..], b"abc");
        let start = Instant::now();
        let error = file.next().await.unwrap().unwrap_err();
        assert!(matches!(error.kind(), ErrorKind::Timeout { .. }), "{error:?}");
        within(start.elapsed(), 350, 2_000);
        assert!(file.next().await.is_none());
    })
    .await;
}

// ---------------------------------------------------------------------------
// No Tokio.

/// Answers 503 once, then 200.
#[derive(Debug, Default)]
struct Unavailable {
    sends: AtomicUsize,
}

impl Transport for Unavailable {
    fn send(&self, _: HttpRequest) -> TransportFuture<'_> {
        let n = self.sends.fetch_add(1, Ordering::SeqCst);
        Box::pin(async move {
            Ok(if n == 0 {
                HttpResponse::new(503, "")
            } else {
                HttpResponse::new(200, r#"{"id":"1"}"#)
            }
            .into())
        })
    }
}

/// Runs a future on this thread, parking until woken: no runtime at all.
fn block_on<F: Future>(future: F) -> F::Output {
    use std::task::{Context, Poll, Wake, Waker};
    struct Unpark(std::thread::Thread);
    impl Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
    let mut cx = Context::from_waker(&waker);
    let mut future = std::pin::pin!(future);
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
        std::thread::park_timeout(Duration::from_millis(100));
    }
}

#[test]
fn retries_wait_without_a_tokio_runtime() {
    let transport = Arc::new(Unavailable::default());
    let client = Client::builder()
        .bearer_token(TOKEN)
        .transport(Arc::clone(&transport))
        .retry_policy(
            RetryPolicy::default()
                .with_initial_backoff(Duration::from_millis(150))
                .with_jitter(false),
        )
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    assert!(tokio::runtime::Handle::try_current().is_err());
    let start = Instant::now();
    let incident: Value = block_on(get(&client, "1").send()).unwrap();
    assert_eq!(incident["id"], "1");
    assert_eq!(transport.sends.load(Ordering::SeqCst), 2);
    within(start.elapsed(), 140, 3_000);
}

// ---------------------------------------------------------------------------
// Proxies from the environment (in a child process: the environment is
// read when the transport is built, and a test must not change its own).

const PROXY_CHILD: &str = "MSGRAPH_TEST_PROXY_CHILD";

#[test]
fn proxies_come_from_the_environment() {
    if let Ok(base) = std::env::var(PROXY_CHILD) {
        // The child: one call through whatever the environment says.
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let client = builder(&base).allow_http(true).build().unwrap();
            let incident = get(&client, "1").send().await.unwrap();
            assert_eq!(incident["id"], "1");
        });
        return;
    }
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(bounded(async {
        let origin = MockServer::start().await;
        let proxy = MockServer::start().await;
        for (server, id) in [(&origin, "origin"), (&proxy, "proxy")] {
            Mock::given(method("GET"))
                .respond_with(
                    ResponseTemplate::new(200).set_body_json(json!({"id": "1", "via": id})),
                )
                .mount(server)
                .await;
        }
        let (origin_uri, proxy_uri) = (origin.uri(), proxy.uri());
        let run = move |base: &str| {
            std::process::Command::new(std::env::current_exe().unwrap())
                .args([
                    "--exact",
                    "proxies_come_from_the_environment",
                    "--nocapture",
                ])
                .env(PROXY_CHILD, base)
                .env("HTTP_PROXY", &proxy_uri)
                .env("http_proxy", &proxy_uri)
                .env_remove("NO_PROXY")
                .env_remove("no_proxy")
                .output()
                .unwrap()
        };
        // A host name that is never resolved (an HTTP proxy gets the whole
        // URL), and the loopback origin.
        let output =
            tokio::task::spawn_blocking(move || (run("http://graph.test"), run(&origin_uri)))
                .await
                .unwrap();
        for out in [&output.0, &output.1] {
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stdout)
            );
        }
        // The request to graph.test went to the proxy, in absolute form.
        let proxied = proxy.received_requests().await.unwrap();
        assert_eq!(proxied.len(), 1);
        assert_eq!(proxied[0].url.path(), "/v1.0/security/incidents/1");
        assert_eq!(
            proxied[0].headers.get("host").unwrap(),
            "graph.test",
            "{:?}",
            proxied[0].url
        );
        // The loopback base went straight to the origin, proxy or not (the
        // proxy would get the token in clear text, and cannot reach the
        // client's loopback anyway).
        assert_eq!(origin.received_requests().await.unwrap().len(), 1);
    }));
}

/// Errors are `Send + Sync` (they cross tasks in collectors).
#[test]
fn errors_are_send_and_sync() {
    fn check<T: Send + Sync + 'static>() {}
    check::<Error>();
}

/// Echoes the request's `client-request-id` and adds a `request-id`, as Graph does.
struct Echo;

impl Respond for Echo {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let id = request
            .headers
            .get("client-request-id")
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        ResponseTemplate::new(200)
            .insert_header("client-request-id", id.as_str())
            .insert_header("request-id", "service-id-1")
            .set_body_json(json!({"value": [{"id": "1"}], "id": "1"}))
    }
}

#[tokio::test]
async fn request_ids_are_readable_on_success() {
    bounded(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(Echo)
            .mount(&server)
            .await;
        let client = builder(&server.uri()).build().unwrap();
        let response = get(&client, "1").send_with_response().await.unwrap();
        assert_eq!(response.status, 200);
        assert_eq!(response.value["id"], "1");
        assert_eq!(response.request_id(), Some("service-id-1"));
        let sent = server.received_requests().await.unwrap();
        let sent_id = sent[0]
            .headers
            .get("client-request-id")
            .unwrap()
            .to_str()
            .unwrap();
        assert_eq!(response.client_request_id(), Some(sent_id));
        let page = list(&client).send().await.unwrap();
        assert_eq!(page.request_id.as_deref(), Some("service-id-1"));
        assert!(page.client_request_id.is_some());
    })
    .await;
}

/// A custom transport that never answers, or answers with an endless body.
#[derive(Debug)]
enum Misbehaving {
    Silent,
    Endless,
}

impl Transport for Misbehaving {
    fn send(&self, _: HttpRequest) -> TransportFuture<'_> {
        match self {
            Self::Silent => Box::pin(std::future::pending()),
            Self::Endless => Box::pin(async {
                let chunks = futures_util::stream::repeat_with(|| {
                    Ok(bytes::Bytes::from_static(&[b' '; 4096]))
                });
                Ok(msgraph_security_runtime::client::TransportResponse {
                    status: 200,
                    headers: Vec::new(),
                    body: msgraph_security_runtime::client::Body::from_stream(chunks),
                })
            }),
        }
    }
}

#[tokio::test]
async fn timeouts_and_caps_hold_for_a_custom_transport() {
    bounded(async {
        let client = Client::builder()
            .bearer_token(TOKEN)
            .transport(Misbehaving::Silent)
            .timeout(Duration::from_millis(200))
            .retry_policy(RetryPolicy::none())
            .build()
            .unwrap();
        let start = Instant::now();
        let error = get(&client, "1").send().await.unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::Timeout { .. }),
            "{error:?}"
        );
        within(start.elapsed(), 190, 2_000);
        let client = Client::builder()
            .bearer_token(TOKEN)
            .transport(Misbehaving::Endless)
            .max_response_bytes(100_000)
            .retry_policy(RetryPolicy::none())
            .build()
            .unwrap();
        let error = get(&client, "1").send().await.unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::TooLarge { limit: 100_000, .. }),
            "{error:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_download_holds_its_concurrency_permit_until_dropped() {
    bounded(async {
        let server = raw_server(|mut stream, stats| async move {
            let head =
                b"HTTP/1.1 200 OK\r\nContent-Type: application/zip\r\nContent-Length: 3\r\n\r\nabc";
            write_counted(&mut stream, &stats, head).await;
        })
        .await;
        let client = builder(&server.base)
            .rate_limit(RateLimit::new().max_concurrent(1))
            .deadline(Duration::from_millis(300))
            .build()
            .unwrap();
        let file = download(&client).send().await.unwrap();
        // While the download is open, the one permit is taken.
        let error = get(&client, "1").send().await.unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::Timeout { deadline: true, .. }),
            "{error:?}"
        );
        drop(file);
        let second = download(&client).send().await.unwrap();
        assert_eq!(second.collect_capped(10).await.unwrap(), b"abc");
    })
    .await;
}
