//! The client against an attacker on the response path, second round: a
//! gateway, a proxy or a compromised service that tries to crash the client,
//! make it use unbounded memory or send confusing credentials. Every case
//! runs on loopback (or an in-process transport), asserts the exact outcome
//! and is bounded in time. Memory figures are in `hostile_memory.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code
#![cfg(feature = "reqwest")]

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

mod support;

use futures_util::StreamExt as _;
use msgraph_security_runtime::client::{
    Client, Error, ErrorKind, HttpRequest, HttpResponse, MAX_RETRY_AFTER, Method, OperationInfo,
    Permissions, RequestPath, RetryPolicy, Transport, TransportFuture,
};
use proptest::prelude::*;
use serde_json::{Value, json};
use support::client::{GET, LIST, TOKEN, bounded, builder, get, list};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Polls a future that never waits on Tokio (an in-process transport).
fn block_on<F: Future>(future: F) -> F::Output {
    futures_util::FutureExt::now_or_never(future).expect("the future waited")
}

// ---------------------------------------------------------------------------
// 1. Retry-After.

/// Answers every request with one canned response; counts requests.
#[derive(Debug, Clone)]
struct Canned {
    response: HttpResponse,
    sent: Arc<Mutex<Vec<HttpRequest>>>,
}

impl Canned {
    fn new(response: HttpResponse) -> Self {
        Self {
            response,
            sent: Arc::default(),
        }
    }
}

impl Transport for Canned {
    fn send(&self, request: HttpRequest) -> TransportFuture<'_> {
        self.sent.lock().unwrap().push(request);
        let response = self.response.clone();
        Box::pin(async move { Ok(response.into()) })
    }
}

fn throttled(retry_after: &str) -> HttpResponse {
    let mut response = HttpResponse::new(
        429,
        r#"{"error":{"code":"TooManyRequests","message":"slow down"}}"#,
    );
    response
        .headers
        .push(("Retry-After".to_owned(), retry_after.to_owned()));
    response
}

/// Sends one request that gets a 429 with `retry_after`, then a second one
/// that meets the closed gate (or gets the 429 too, when the gate stayed
/// open); returns both errors and how many requests were sent.
fn two_calls_after_a_429(retry_after: &str) -> (Error, Error, usize) {
    let transport = Canned::new(throttled(retry_after));
    let client = Client::builder()
        .bearer_token(TOKEN)
        .transport(transport.clone())
        // No waiting at all: a closed gate fails at once with its wait.
        .retry_policy(RetryPolicy::none().with_max_total(Duration::ZERO))
        .build()
        .unwrap();
    let first = block_on(get(&client, "1").send()).unwrap_err();
    let second = block_on(get(&client.clone(), "2").send()).unwrap_err();
    let sent = transport.sent.lock().unwrap().len();
    (first, second, sent)
}

#[test]
fn a_huge_retry_after_is_clamped_not_a_panic() {
    for (value, requested) in [
        ("9223372036854775807", Duration::from_secs(i64::MAX as u64)),
        ("18446744073709551615", Duration::from_secs(u64::MAX)),
        ("99999999999999999999", Duration::from_secs(u64::MAX)),
        ("99999999999", Duration::from_secs(99_999_999_999)),
        ("Fri, 31 Dec 2100 23:59:59 GMT", Duration::ZERO),
    ] {
        let (first, second, sent) = two_calls_after_a_429(value);
        assert_eq!(sent, 1, "{value}: the gate held");
        assert_eq!(first.status(), Some(429), "{value}: {first:?}");
        assert_eq!(first.retry_after(), Some(MAX_RETRY_AFTER), "{value}");
        if requested.is_zero() {
            // A date: the wait from now, years.
            assert!(first.requested_retry_after().unwrap() > MAX_RETRY_AFTER * 24 * 365);
        } else {
            assert_eq!(first.requested_retry_after(), Some(requested), "{value}");
        }
        let text = first.to_string();
        assert!(
            text.contains("clamped to 3600 s"),
            "the error says the wait was clamped: {text}"
        );
        let ErrorKind::Throttled { wait, .. } = second.kind() else {
            panic!("{value}: {second:?}")
        };
        assert!(
            *wait <= MAX_RETRY_AFTER && *wait > MAX_RETRY_AFTER - Duration::from_secs(60),
            "{value}: the gate is closed for {wait:?}"
        );
    }
}

#[tokio::test]
async fn a_huge_retry_after_over_loopback_is_clamped_for_every_clone() {
    bounded(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(
                ResponseTemplate::new(429)
                    .insert_header("retry-after", "18446744073709551615")
                    .set_body_json(
                        json!({"error": {"code": "TooManyRequests", "message": "never"}}),
                    ),
            )
            .mount(&server)
            .await;
        let client = builder(&server.uri())
            .retry_policy(RetryPolicy::default())
            .build()
            .unwrap();
        // Awaited from a task: no panic, an error.
        let task = tokio::spawn({
            let client = client.clone();
            async move { get(&client, "1").send().await }
        });
        let error = task.await.expect("the task did not panic").unwrap_err();
        assert_eq!(error.retry_after(), Some(MAX_RETRY_AFTER));
        assert_eq!(error.attempts(), 1, "an hour is beyond the 2-minute budget");
        let error = get(&client.clone(), "2").send().await.unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::Throttled { wait, .. } if *wait <= MAX_RETRY_AFTER),
            "{error:?}"
        );
        assert_eq!(server.received_requests().await.unwrap().len(), 1);
    })
    .await;
}

#[test]
fn a_small_retry_after_is_kept_as_sent() {
    let (first, second, sent) = two_calls_after_a_429("120");
    assert_eq!(sent, 1);
    assert_eq!(first.retry_after(), Some(Duration::from_secs(120)));
    assert_eq!(
        first.requested_retry_after(),
        Some(Duration::from_secs(120))
    );
    assert!(!first.to_string().contains("clamped"), "{first}");
    assert!(
        matches!(second.kind(), ErrorKind::Throttled { wait, .. } if *wait <= Duration::from_secs(120))
    );
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 512,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// No `Retry-After` value panics the client, and the wait it takes (the
    /// retry's and the gate's) never passes the ceiling.
    #[test]
    fn any_retry_after_gives_a_wait_within_the_ceiling(
        value in prop_oneof![
            any::<String>(),
            "[0-9]{1,40}",
            " *[0-9]{1,25} *",
            "(Mon|Tue|Fri), [0-9]{1,2} (Jan|Dec) [0-9]{1,5} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT",
        ]
    ) {
        // Header values with control characters cannot be sent; the transport
        // here is in-process, so every string reaches the parser.
        let (first, second, _) = two_calls_after_a_429(&value);
        prop_assert_eq!(first.status(), Some(429));
        if let Some(wait) = first.retry_after() {
            prop_assert!(wait <= MAX_RETRY_AFTER, "{:?}: {:?}", value, wait);
            match second.kind() {
                ErrorKind::Throttled { wait, .. } => prop_assert!(*wait <= MAX_RETRY_AFTER),
                // A zero wait leaves the gate open: the second call got the 429 too.
                _ => prop_assert!(wait.is_zero(), "{:?}: {:?}", value, second),
            }
        }
        prop_assert!(first.to_string().len() < 2_048);
    }
}

// ---------------------------------------------------------------------------
// 4. One credential: user info in a link is refused.

#[tokio::test]
async fn user_info_in_a_next_link_or_resume_link_is_refused() {
    bounded(async {
        let server = MockServer::start().await;
        let address = server.address();
        let sneaky = format!("http://user:pass@{address}/v1.0/security/incidents?$skiptoken=2");
        Mock::given(method("GET"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(json!({"value": [{"id": "a"}], "@odata.nextLink": sneaky})),
            )
            .mount(&server)
            .await;
        let client = builder(&server.uri()).build().unwrap();
        // The link has the base URL's origin, but it is not followed.
        assert!(client.is_same_origin(&sneaky));
        let pages: Vec<_> = list(&client).pages().collect().await;
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[0].as_ref().unwrap().items.len(), 1);
        let error = pages[1].as_ref().unwrap_err();
        assert!(
            matches!(
                error.kind(),
                ErrorKind::ForeignNextLink {
                    user_info: true,
                    ..
                }
            ),
            "{error:?}"
        );
        assert!(error.to_string().contains("user info"), "{error}");
        // A saved link with user info is refused too, unsent.
        let error = list(&client)
            .resume(sneaky.as_str())
            .send()
            .await
            .unwrap_err();
        assert!(
            matches!(
                error.kind(),
                ErrorKind::ForeignNextLink {
                    user_info: true,
                    ..
                }
            ),
            "{error:?}"
        );
        // And so is any request with user info, whatever built it.
        let request = HttpRequest::new(Method::Get, sneaky.as_str());
        let error = client.execute(request, &LIST).await.unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::InvalidInput { .. }),
            "{error:?}"
        );
        assert!(error.to_string().contains("user info"), "{error}");
        // One request reached the server, with one Authorization: the bearer.
        let received = server.received_requests().await.unwrap();
        assert_eq!(received.len(), 1);
        let credentials: Vec<_> = received[0]
            .headers
            .get_all("authorization")
            .iter()
            .collect();
        assert_eq!(credentials.len(), 1);
        assert_eq!(credentials[0], &format!("Bearer {TOKEN}"));
    })
    .await;
}

// ---------------------------------------------------------------------------
// 5. Error text is bounded and cannot spoof.

/// What `Display` may be at most (the documented "about 1 KiB").
const DISPLAY_LIMIT: usize = 1024;

fn assert_tame(error: &Error) {
    let text = error.to_string();
    assert!(
        text.len() <= DISPLAY_LIMIT,
        "Display is {} bytes: {}...",
        text.len(),
        &text[..200]
    );
    for bad in [
        '\n', '\r', '\u{202E}', '\u{2028}', '\u{2029}', '\u{200B}', '\u{2066}', '\u{FEFF}',
    ] {
        assert!(!text.contains(bad), "{bad:?} in {text}");
    }
}

fn canned_client(response: HttpResponse) -> Client {
    Client::builder()
        .bearer_token(TOKEN)
        .transport(Canned::new(response))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
}

#[test]
fn every_hostile_field_is_capped_in_display() {
    let huge = "x".repeat(30 * 1024 * 1024);
    // A 30 MB `@odata.count` string: a decode error.
    let body = format!(r#"{{"value":[],"@odata.count":"{huge}"}}"#);
    let error = block_on(list(&canned_client(HttpResponse::new(200, body))).send()).unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Decode { .. }),
        "{:.200}",
        error.to_string()
    );
    assert_tame(&error);
    let ErrorKind::Decode { message, .. } = error.kind() else {
        unreachable!()
    };
    assert!(message.len() <= 9 * 1024, "kept {} bytes", message.len());

    // A 300 KB request-id header and a spoofing Graph message.
    let mut response = HttpResponse::new(
        403,
        json!({"error": {
            "code": format!("Forbidden{}", "\u{202E}".repeat(1000)),
            "message": "ok\u{2028}FAKE: all good\u{2029}\u{200B}\u{202E}txt.exe\u{2066}\u{FEFF}",
        }})
        .to_string(),
    );
    response
        .headers
        .push(("request-id".to_owned(), "r".repeat(300 * 1024)));
    let error = block_on(get(&canned_client(response), "1").send()).unwrap_err();
    assert_tame(&error);
    let text = error.to_string();
    assert!(text.contains("ok FAKE: all good"), "{text}");
    assert!(
        text.contains(&format!("({} bytes)", 300 * 1024)),
        "the length is noted: {text}"
    );
    assert!(error.request_id().unwrap().len() < 1100);

    // A non-Graph error body with bidi overrides.
    let response = HttpResponse::new(
        502,
        "<html>\u{202E}gateway\u{2028}error</html>".repeat(1000),
    );
    let error = block_on(get(&canned_client(response), "1").send()).unwrap_err();
    assert_tame(&error);

    // 10 MB links: foreign, looping, and beside a one-collection result.
    let far = format!("https://evil.test/{}", "l".repeat(10 * 1024 * 1024));
    let body = json!({"value": [], "@odata.nextLink": far}).to_string();
    let pages: Vec<_> = block_on(
        list(&canned_client(HttpResponse::new(200, body.clone())))
            .pages()
            .collect::<Vec<_>>(),
    );
    let error = pages[1].as_ref().unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::ForeignNextLink { .. }));
    assert_tame(error);
    let ErrorKind::ForeignNextLink { link, .. } = error.kind() else {
        unreachable!()
    };
    assert!(link.len() <= 9 * 1024, "kept {} bytes", link.len());

    let same = format!(
        "https://graph.microsoft.com/v1.0/security/incidents?t={}",
        "l".repeat(10 * 1024 * 1024)
    );
    let body = json!({"value": [], "@odata.nextLink": same}).to_string();
    let function = msgraph_security_runtime::client::FunctionCall::<Vec<Value>>::new(
        RequestPath::root(&canned_client(HttpResponse::new(200, body)), "security")
            .function("ns.f", &[]),
        &GET,
        msgraph_security_runtime::client::ResultShape::Value,
    );
    let error = block_on(function.send()).unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::MorePages { .. }),
        "{error:.200}"
    );
    assert_tame(&error);

    // Messages from a transport or a token provider.
    assert_tame(&Error::transport(format!("reset\u{202E}{huge}")));
    assert_tame(&Error::auth(format!("no\u{2028}token{huge}")));
    assert_tame(&Error::invalid_input(huge.clone()));
}

// ---------------------------------------------------------------------------
// 6. Builder Debug redacts credentials.

#[test]
fn builder_debug_redacts_user_credentials() {
    let client = canned_client(HttpResponse::new(200, "{}"));
    let secrets = [
        ("Authorization", "Bearer user-secret-1"),
        ("Cookie", "session=user-secret-2"),
        ("Proxy-Authorization", "Basic user-secret-3"),
        ("X-Api-Key", "user-secret-4"),
        ("X-Auth-Token", "user-secret-5"),
        ("Ocp-Apim-Subscription-Key", "user-secret-6"),
    ];
    let mut get = get(&client, "1").header("ConsistencyLevel", "eventual");
    let mut list = list(&client).header("ConsistencyLevel", "eventual");
    for (name, value) in secrets {
        get = get.header(name, value);
        list = list.header(name, value);
    }
    // A saved link with user info is not shown either.
    let list =
        list.resume("http://user:user-secret-7@127.0.0.1:1/v1.0/security/incidents?$skiptoken=1");
    for debug in [
        format!("{get:?}"),
        format!("{list:?}"),
        format!("{:?}", get.into_request().unwrap()),
    ] {
        assert!(!debug.contains("user-secret"), "{debug}");
        assert!(debug.contains("eventual"), "{debug}");
        assert!(debug.contains("X-Api-Key"), "names stay: {debug}");
    }
}

// ---------------------------------------------------------------------------
// 7. Local failures are not retried as transport errors.

#[tokio::test]
async fn a_url_too_long_fails_locally_once() {
    bounded(async {
        let server = MockServer::start().await;
        let client = builder(&server.uri())
            .retry_policy(
                RetryPolicy::default()
                    .with_max_attempts(4)
                    .with_initial_backoff(Duration::from_millis(10))
                    .with_jitter(false),
            )
            .build()
            .unwrap();
        let error = get(&client, &"i".repeat(1024 * 1024))
            .send()
            .await
            .unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::InvalidInput { .. }),
            "{error:.300}"
        );
        assert!(
            error.to_string().contains("URL is too long"),
            "{error:.300}"
        );
        assert!(!error.is_retryable());
        assert_eq!(error.attempts(), 1);
        assert_tame(&error);
        assert!(server.received_requests().await.unwrap().is_empty());
    })
    .await;
}

// ---------------------------------------------------------------------------
// 8. Redirects, framing headers, loopback.

static PATCH: OperationInfo =
    OperationInfo::new(Method::Patch, "/security/incidents/{}", Permissions::EMPTY);

fn update(client: &Client, id: &str) -> msgraph_security_runtime::client::Update<Value> {
    msgraph_security_runtime::client::Update::new(
        RequestPath::root(client, "security")
            .segment("incidents")
            .key(id),
        &PATCH,
        &json!({"status": "resolved"}),
    )
}

/// A server on `localhost` (another origin than `127.0.0.1`, same machine).
async fn foreign_server(respond: ResponseTemplate) -> (MockServer, String) {
    let foreign = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(respond.clone())
        .mount(&foreign)
        .await;
    Mock::given(method("PATCH"))
        .respond_with(respond)
        .mount(&foreign)
        .await;
    let base = format!("http://localhost:{}", foreign.address().port());
    (foreign, base)
}

#[tokio::test]
async fn a_cross_origin_redirect_carries_no_user_headers() {
    bounded(async {
        let (foreign, foreign_base) =
            foreign_server(ResponseTemplate::new(200).set_body_json(json!({"id": "x"}))).await;
        let home = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(
                ResponseTemplate::new(302)
                    .insert_header("location", format!("{foreign_base}/elsewhere").as_str()),
            )
            .mount(&home)
            .await;
        let client = builder(&home.uri()).build().unwrap();
        get(&client, "1")
            .header("X-Api-Key", "user-secret")
            .header("ConsistencyLevel", "eventual")
            .header("Cookie", "a=b")
            .send()
            .await
            .unwrap();
        let at_home = home.received_requests().await.unwrap();
        assert_eq!(at_home.len(), 1);
        assert!(at_home[0].headers.get("x-api-key").is_some());
        let there = foreign.received_requests().await.unwrap();
        assert_eq!(there.len(), 1);
        let names: Vec<_> = there[0]
            .headers
            .keys()
            .map(|n| n.as_str().to_owned())
            .collect();
        for gone in [
            "authorization",
            "x-api-key",
            "consistencylevel",
            "cookie",
            "client-request-id",
            "prefer",
        ] {
            assert!(
                !names.iter().any(|n| n == gone),
                "{gone} crossed: {names:?}"
            );
        }
        assert!(names.iter().any(|n| n == "user-agent"), "{names:?}");
    })
    .await;
}

#[tokio::test]
async fn a_cross_origin_307_with_a_body_is_refused_and_not_retried() {
    bounded(async {
        let (foreign, foreign_base) = foreign_server(ResponseTemplate::new(204)).await;
        let home = MockServer::start().await;
        Mock::given(method("PATCH"))
            .respond_with(
                ResponseTemplate::new(307)
                    .insert_header("location", format!("{foreign_base}/elsewhere").as_str()),
            )
            .mount(&home)
            .await;
        let client = builder(&home.uri())
            .retry_policy(
                RetryPolicy::default()
                    .with_max_attempts(4)
                    .with_initial_backoff(Duration::from_millis(10))
                    .with_jitter(false),
            )
            .build()
            .unwrap();
        let error = update(&client, "1").send().await.unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::InvalidInput { .. }),
            "{error:?}"
        );
        assert!(error.to_string().contains("request body"), "{error}");
        assert!(
            error.to_string().contains("localhost"),
            "names the host: {error}"
        );
        assert_eq!(error.attempts(), 1);
        assert_eq!(home.received_requests().await.unwrap().len(), 1);
        assert!(foreign.received_requests().await.unwrap().is_empty());
    })
    .await;
}

#[tokio::test]
async fn a_same_origin_307_keeps_the_body_and_the_token() {
    bounded(async {
        let home = MockServer::start().await;
        Mock::given(method("PATCH"))
            .and(wiremock::matchers::path("/v1.0/security/incidents/1"))
            .respond_with(ResponseTemplate::new(307).insert_header("location", "/v1.0/moved/1"))
            .mount(&home)
            .await;
        Mock::given(method("PATCH"))
            .and(wiremock::matchers::path("/v1.0/moved/1"))
            .respond_with(ResponseTemplate::new(204))
            .mount(&home)
            .await;
        let client = builder(&home.uri()).build().unwrap();
        assert_eq!(update(&client, "1").send().await.unwrap(), None);
        let received = home.received_requests().await.unwrap();
        assert_eq!(received.len(), 2);
        assert_eq!(received[1].body, br#"{"status":"resolved"}"#);
        assert_eq!(
            received[1].headers.get("authorization").unwrap(),
            &format!("Bearer {TOKEN}")
        );
    })
    .await;
}

#[tokio::test]
async fn host_and_content_length_headers_are_refused_unsent() {
    bounded(async {
        let server = MockServer::start().await;
        let client = builder(&server.uri()).build().unwrap();
        for (name, value) in [
            ("Host", "graph.microsoft.com"),
            ("content-length", "0"),
            ("Transfer-Encoding", "chunked"),
        ] {
            let error = get(&client, "1")
                .header(name, value)
                .send()
                .await
                .unwrap_err();
            assert!(
                matches!(error.kind(), ErrorKind::InvalidInput { .. }),
                "{error:?}"
            );
            assert!(error.to_string().contains(name), "{error}");
        }
        assert!(server.received_requests().await.unwrap().is_empty());
    })
    .await;
}

#[test]
fn only_localhost_itself_counts_as_loopback() {
    for base in [
        "http://evil.localhost:8080/v1.0",
        "http://localhost.evil.test/v1.0",
    ] {
        let error = Client::builder()
            .bearer_token(TOKEN)
            .base_url(base)
            .build()
            .unwrap_err();
        assert!(error.to_string().contains("clear text"), "{base}: {error}");
    }
    for base in [
        "http://localhost:8080/v1.0",
        "http://127.0.0.2/v1.0",
        "http://[::1]/v1.0",
    ] {
        Client::builder()
            .bearer_token(TOKEN)
            .base_url(base)
            .build()
            .unwrap();
    }
}
