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

use futures_util::StreamExt as _;
use msgraph_security_runtime::client::{
    Client, Error, ErrorKind, Get, HttpRequest, HttpResponse, List, MAX_RETRY_AFTER, Method, Node,
    OperationInfo, Permissions, RetryPolicy, Transport, TransportFuture,
};
use proptest::prelude::*;
use serde_json::{Value, json};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "s3cr3t-t0ken";

static LIST: OperationInfo =
    OperationInfo::new(Method::Get, "/security/incidents", Permissions::EMPTY);
static GET: OperationInfo =
    OperationInfo::new(Method::Get, "/security/incidents/{}", Permissions::EMPTY);

/// Every case ends within this, whatever the client does.
const CASE_LIMIT: Duration = Duration::from_secs(30);

async fn bounded<F: Future>(case: F) -> F::Output {
    tokio::time::timeout(CASE_LIMIT, case)
        .await
        .expect("the case did not finish in time")
}

fn builder(base: &str) -> msgraph_security_runtime::client::ClientBuilder {
    Client::builder()
        .bearer_token(TOKEN)
        .base_url(format!("{base}/v1.0"))
        .retry_policy(RetryPolicy::none())
}

fn get(client: &Client, id: &str) -> Get<Value> {
    Get::new(
        Node::root(client, "security").segment("incidents").key(id),
        &GET,
    )
}

fn list(client: &Client) -> List<Value> {
    List::new(Node::root(client, "security").segment("incidents"), &LIST)
}

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

#[test]
fn a_small_retry_after_is_kept_as_sent() {
    let (first, second, sent) = two_calls_after_a_429("120");
    assert_eq!(sent, 1);
    assert_eq!(first.retry_after(), Some(Duration::from_secs(120)));
    assert_eq!(first.requested_retry_after(), Some(Duration::from_secs(120)));
    assert!(!first.to_string().contains("clamped"), "{first}");
    assert!(matches!(second.kind(), ErrorKind::Throttled { wait, .. } if *wait <= Duration::from_secs(120)));
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
