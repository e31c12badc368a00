//! The HTTP client against a real HTTP server on loopback (wiremock): every
//! request builder, paging, retries, errors, configuration, with JSON values
//! as the payload type. What needs the generated models (typed enums, PATCH
//! bodies of `Nullable` fields, decode errors naming a model) is tested with
//! them in `generated/tests/client.rs`.
#![allow(clippy::unwrap_used)] // test helpers outside `#[test]` functions
#![cfg(feature = "reqwest")] // the wiremock tests go through the default transport

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

mod support;

use futures_util::StreamExt as _;
use msgraph_security_runtime::client::encode::UrlLiteral as _;
use msgraph_security_runtime::client::options::AllOptions;
use msgraph_security_runtime::client::{
    AccessToken, ActionCall, Client, Count, Delete, Error, ErrorKind, FunctionCall, Get,
    HttpRequest, HttpResponse, List, Method, OperationInfo, Permissions, RequestPath, ResultShape,
    RetryPolicy, StaticToken, Transport, TransportFuture, Update,
};
use serde_json::{Value, json};
use support::client::{COUNT, DELETE, GET, UPDATE, incidents};
use wiremock::matchers::{body_string, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "s3cr3t-t0ken-value";

static LIST: OperationInfo = OperationInfo {
    method: Method::Get,
    path: "/security/incidents",
    permissions: Permissions {
        least_delegated: Some("SecurityIncident.Read.All"),
        least_application: Some("SecurityIncident.Read.All"),
        delegated: &[
            "SecurityIncident.Read.All",
            "SecurityIncident.ReadWrite.All",
        ],
        application: &[
            "SecurityIncident.Read.All",
            "SecurityIncident.ReadWrite.All",
        ],
    },
    reference: None,
};
static ACTION: OperationInfo = OperationInfo::new(
    Method::Post,
    "/security/microsoft.graph.security.runHuntingQuery",
    Permissions::EMPTY,
);
static FUNCTION: OperationInfo =
    OperationInfo::new(Method::Get, "/security/ns.f(p={},n={})", Permissions::EMPTY);

fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(5))
        .with_max_total(Duration::from_secs(4))
}

fn base_url(server: &MockServer) -> String {
    format!("{}/v1.0", server.uri())
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .bearer_token(TOKEN)
        .base_url(base_url(server))
        .retry_policy(fast_retries())
        .build()
        .unwrap()
}

fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).map(|v| v.to_str().unwrap())
}

async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap()
}

fn page_body(server: &MockServer, ids: &[&str], next: Option<&str>) -> Value {
    let items: Vec<Value> = ids.iter().map(|id| json!({"id": id})).collect();
    let mut body = json!({"@odata.context": "ctx", "value": items});
    if let Some(token) = next {
        body["@odata.nextLink"] = json!(format!(
            "{}/security/incidents?$top=2&$skiptoken={token}",
            base_url(server)
        ));
    }
    body
}

#[tokio::test]
async fn stream_follows_next_links_across_three_pages() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1.0/security/incidents"))
        .and(query_param_is_missing("$skiptoken"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page_body(
            &server,
            &["1", "2"],
            Some("p2"),
        )))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1.0/security/incidents"))
        .and(query_param("$skiptoken", "p2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page_body(
            &server,
            &["3", "4"],
            Some("p3"),
        )))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1.0/security/incidents"))
        .and(query_param("$skiptoken", "p3"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page_body(&server, &["5"], None)))
        .expect(1)
        .mount(&server)
        .await;
    let stream = List::<Value>::new(incidents(&client(&server)), &LIST)
        .top(2)
        .header("ConsistencyLevel", "eventual")
        .stream();
    let ids: Vec<String> = stream
        .map(|incident| incident.unwrap()["id"].as_str().unwrap().to_owned())
        .collect()
        .await;
    assert_eq!(ids, ["1", "2", "3", "4", "5"]);
    let requests = received(&server).await;
    assert_eq!(requests.len(), 3);
    assert_eq!(requests[1].url.query(), Some("$top=2&$skiptoken=p2"));
    for request in &requests {
        // The token and the caller's headers on every page.
        assert_eq!(
            header(request, "authorization"),
            Some(format!("Bearer {TOKEN}").as_str())
        );
        assert_eq!(header(request, "consistencylevel"), Some("eventual"));
    }
}

#[tokio::test]
async fn count_in_a_page_and_the_count_endpoint() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1.0/security/incidents/$count"))
        .respond_with(ResponseTemplate::new(200).set_body_string("\u{feff}42"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1.0/security/incidents"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"@odata.count": 42, "value": []})),
        )
        .mount(&server)
        .await;
    let client = client(&server);
    let page = List::<Value>::new(incidents(&client), &LIST)
        .count(true)
        .send()
        .await
        .unwrap();
    assert_eq!(page.count, Some(42));
    assert!(page.items.is_empty());
    let count = Count::<AllOptions>::new(incidents(&client), &COUNT)
        .filter("status eq 'active'")
        .send()
        .await
        .unwrap();
    assert_eq!(count, 42);
    let requests = received(&server).await;
    let counted = requests
        .iter()
        .find(|r| r.url.path().ends_with("$count"))
        .unwrap();
    assert_eq!(
        counted.url.query(),
        Some("$filter=status%20eq%20%27active%27")
    );
}

#[tokio::test]
async fn get_by_an_id_that_needs_encoding() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1.0/security/incidents/a%2Fb%3Fc%23d"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "a/b?c#d"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1.0/security/incidents/..%2F..%2Fusers"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "../../users"})))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let incident: Value = Get::<_, AllOptions>::new(incidents(&client).key("a/b?c#d"), &GET)
        .send()
        .await
        .unwrap();
    assert_eq!(incident["id"], "a/b?c#d");
    let incident: Value = Get::<_, AllOptions>::new(incidents(&client).key("../../users"), &GET)
        .send()
        .await
        .unwrap();
    assert_eq!(incident["id"], "../../users");
    let requests = received(&server).await;
    assert_eq!(requests[0].url.query(), None);
    // Dot keys are refused before sending.
    let error = Get::<Value>::new(incidents(&client).key(".."), &GET)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::InvalidInput { .. }),
        "{error}"
    );
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn action_body_and_typed_results() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(
            "/v1.0/security/microsoft.graph.security.runHuntingQuery",
        ))
        .and(body_string(r#"{"query":"DeviceInfo | take 1"}"#))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "@odata.context": "ctx", "value": ["a", "b"]
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1.0/security/ns.object"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"id": "7", "status": "active"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1.0/security/ns.nothing"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = client(&server);
    let security = RequestPath::root(&client, "/security");
    let rows: Vec<String> = ActionCall::new(
        security.segment("microsoft.graph.security.runHuntingQuery"),
        &ACTION,
        ResultShape::Value,
        Some(&json!({"query": "DeviceInfo | take 1"})),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(rows, ["a", "b"]);
    let object: Value =
        ActionCall::without_body(security.segment("ns.object"), &ACTION, ResultShape::Object)
            .send()
            .await
            .unwrap();
    assert_eq!(object["id"], "7");
    ActionCall::<()>::without_body(security.segment("ns.nothing"), &ACTION, ResultShape::None)
        .send()
        .await
        .unwrap();
    let requests = received(&server).await;
    assert_eq!(
        header(&requests[0], "content-type"),
        Some("application/json")
    );
    // No parameters: no body and no content type.
    assert!(requests[1].body.is_empty());
    assert_eq!(header(&requests[1], "content-type"), None);
}

#[tokio::test]
async fn function_parameters_in_the_url() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"value": 3})))
        .expect(2)
        .mount(&server)
        .await;
    let client = client(&server);
    let node = RequestPath::root(&client, "security").function(
        "ns.f",
        &[("p", "it's".url_literal()), ("n", 3i32.url_literal())],
    );
    let value: i64 = FunctionCall::new(node, &FUNCTION, ResultShape::Value)
        .send()
        .await
        .unwrap();
    assert_eq!(value, 3);
    let node = RequestPath::root(&client, "security").function("ns.g", &[]);
    let _: i64 = FunctionCall::new(node, &FUNCTION, ResultShape::Value)
        .send()
        .await
        .unwrap();
    let requests = received(&server).await;
    assert_eq!(requests[0].url.path(), "/v1.0/security/ns.f(p='it''s',n=3)");
    assert_eq!(requests[1].url.path(), "/v1.0/security/ns.g()");
}

#[tokio::test]
async fn throttled_then_ok_honors_retry_after() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("Retry-After", "1")
                .set_body_json(
                    json!({"error": {"code": "TooManyRequests", "message": "slow down"}}),
                ),
        )
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "1"})))
        .expect(1)
        .mount(&server)
        .await;
    let started = std::time::Instant::now();
    let incident: Value = Get::<_, AllOptions>::new(incidents(&client(&server)).key("1"), &GET)
        .send()
        .await
        .unwrap();
    assert_eq!(incident["id"], "1");
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(received(&server).await.len(), 2);
}

fn graph_error(code: &str) -> Value {
    json!({"error": {
        "code": code,
        "message": "The service is unavailable.",
        "innerError": {"request-id": "req-1", "client-request-id": "client-1", "date": "2026-01-22T12:09:23"}
    }})
}

#[tokio::test]
async fn unavailable_until_attempts_are_exhausted() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).set_body_json(graph_error("ServiceUnavailable")))
        .expect(3)
        .mount(&server)
        .await;
    let client = Client::builder()
        .bearer_token(TOKEN)
        .base_url(base_url(&server))
        .retry_policy(fast_retries().with_max_attempts(3))
        .build()
        .unwrap();
    let error = Get::<Value>::new(incidents(&client).key("1"), &GET)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert_eq!(error.code(), Some("ServiceUnavailable"));
    assert_eq!(error.attempts(), 3);
    assert!(error.is_retryable());
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn post_is_not_retried_when_unavailable() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503).set_body_json(graph_error("ServiceUnavailable")))
        .expect(1)
        .mount(&server)
        .await;
    let error = ActionCall::<()>::without_body(
        RequestPath::root(&client(&server), "security").segment("ns.act"),
        &ACTION,
        ResultShape::None,
    )
    .send()
    .await
    .unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert_eq!(error.attempts(), 1);
}

#[tokio::test]
async fn graph_error_body_is_parsed() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(403).set_body_json(graph_error("Forbidden")))
        .mount(&server)
        .await;
    let error = Delete::new(incidents(&client(&server)).key("1"), &DELETE)
        .send()
        .await
        .unwrap_err();
    let ErrorKind::Graph {
        status,
        code,
        message,
        request_id,
        client_request_id,
        date,
        ..
    } = error.kind()
    else {
        panic!("{error:?}");
    };
    assert_eq!(*status, 403);
    assert_eq!(code, "Forbidden");
    assert_eq!(message, "The service is unavailable.");
    assert_eq!(request_id.as_deref(), Some("req-1"));
    assert_eq!(client_request_id.as_deref(), Some("client-1"));
    assert_eq!(date.as_deref(), Some("2026-01-22T12:09:23"));
    assert_eq!(
        error.to_string(),
        "Graph error 403 Forbidden: The service is unavailable. (request-id req-1)"
    );
    assert!(!format!("{error} {error:?}").contains(TOKEN));
}

#[tokio::test]
async fn foreign_next_link_is_refused() {
    let server = MockServer::start().await;
    let foreign = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "value": [{"id": "1"}],
            "@odata.nextLink": format!("{}/v1.0/security/incidents?$skiptoken=2", foreign.uri()),
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"value": []})))
        .mount(&foreign)
        .await;
    let results: Vec<Result<Value, Error>> =
        List::<_, AllOptions>::new(incidents(&client(&server)), &LIST)
            .stream()
            .collect()
            .await;
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].as_ref().unwrap()["id"], "1");
    let error = results[1].as_ref().unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::ForeignNextLink { .. }),
        "{error}"
    );
    assert_eq!(received(&foreign).await.len(), 0);
}

#[tokio::test]
async fn next_link_loop_ends_with_an_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param_is_missing("$skiptoken"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page_body(
            &server,
            &["1"],
            Some("p2"),
        )))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("$skiptoken", "p2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page_body(
            &server,
            &["2"],
            Some("p2"),
        )))
        .mount(&server)
        .await;
    let results: Vec<Result<Value, Error>> =
        List::<_, AllOptions>::new(incidents(&client(&server)), &LIST)
            .stream()
            .collect()
            .await;
    assert_eq!(results.len(), 3);
    assert!(results[0].is_ok() && results[1].is_ok());
    let error = results[2].as_ref().unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::NextLinkLoop { .. }),
        "{error}"
    );
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn prefer_header_by_default_and_disabled() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "1"})))
        .mount(&server)
        .await;
    let _: Value = Get::<_, AllOptions>::new(incidents(&client(&server)).key("1"), &GET)
        .send()
        .await
        .unwrap();
    let plain = Client::builder()
        .bearer_token(TOKEN)
        .base_url(base_url(&server))
        .include_unknown_enum_members(false)
        .build()
        .unwrap();
    let _: Value = Get::<_, AllOptions>::new(incidents(&plain).key("1"), &GET)
        .send()
        .await
        .unwrap();
    let requests = received(&server).await;
    assert_eq!(
        header(&requests[0], "prefer"),
        Some("include-unknown-enum-members")
    );
    assert_eq!(header(&requests[1], "prefer"), None);
    for request in &requests {
        assert_eq!(
            header(request, "authorization"),
            Some(format!("Bearer {TOKEN}").as_str())
        );
        assert!(
            header(request, "user-agent")
                .unwrap()
                .starts_with("msgraph-security-rs/")
        );
    }
}

#[test]
fn debug_output_never_contains_the_token() {
    let client = Client::builder()
        .bearer_token(TOKEN)
        .base_url("http://127.0.0.1:9/v1.0")
        .build()
        .unwrap();
    let mut request = HttpRequest::new(Method::Get, "http://127.0.0.1:9/v1.0/security");
    request.set_header("Authorization", format!("Bearer {TOKEN}"));
    let builder = Client::builder().bearer_token(TOKEN);
    let shown = format!(
        "{client:?} {:?} {:?} {request:?} {builder:?} {:?}",
        StaticToken::new(TOKEN),
        AccessToken::new(TOKEN.to_owned()),
        RequestPath::root(&client, "security"),
    );
    assert!(!shown.contains(TOKEN), "{shown}");
    assert!(shown.contains("http://127.0.0.1:9/v1.0"), "{shown}");
}

#[test]
fn into_request_is_sans_io() {
    let client = Client::builder()
        .bearer_token(TOKEN)
        .base_url("https://graph.example.test/v1.0/")
        .build()
        .unwrap();
    let request = List::<Value>::new(incidents(&client), &LIST)
        .filter("severity eq 'high'")
        .top(5)
        .into_request()
        .unwrap();
    assert_eq!(request.method, Method::Get);
    assert_eq!(
        request.url,
        "https://graph.example.test/v1.0/security/incidents?$filter=severity%20eq%20%27high%27&$top=5"
    );
    assert_eq!(request.header("authorization"), None);
    assert_eq!(request.body, None);

    let change = json!({"status": "active"});
    let request = Update::<Value>::new(incidents(&client).key("9"), &UPDATE, &change)
        .into_request()
        .unwrap();
    assert_eq!(request.method, Method::Patch);
    assert_eq!(
        request.url,
        "https://graph.example.test/v1.0/security/incidents/9"
    );
    assert_eq!(
        request.body.as_deref(),
        Some(&br#"{"status":"active"}"#[..])
    );
    assert_eq!(request.header("content-type"), Some("application/json"));

    let response = HttpResponse::new(
        200,
        r#"{"value":[{"id":"1"}],"@odata.nextLink":"https://graph.example.test/v1.0/next"}"#,
    );
    let page = List::<Value>::parse(response).unwrap();
    assert_eq!(page.items.len(), 1);
    assert_eq!(
        page.next_link.as_deref(),
        Some("https://graph.example.test/v1.0/next")
    );
    assert_eq!(
        LIST.permissions.least_delegated,
        Some("SecurityIncident.Read.All")
    );
    assert_eq!(
        List::<Value>::new(incidents(&client), &LIST).info().path,
        "/security/incidents"
    );
}

#[test]
fn builder_rejects_bad_configuration() {
    let error = Client::builder().build().unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::InvalidInput { .. }),
        "{error}"
    );
    for bad in [
        "ftp://x",
        "https://graph.example.test/v1.0?x",
        "graph.microsoft.com",
    ] {
        let result = Client::builder().bearer_token(TOKEN).base_url(bad).build();
        assert!(result.is_err(), "{bad}");
    }
    let client = Client::builder().bearer_token(TOKEN).build().unwrap();
    assert_eq!(client.base_url(), "https://graph.microsoft.com/v1.0");
}

/// Fails the first send with a transport error, then answers.
#[derive(Debug, Default)]
struct Flaky {
    sends: AtomicU32,
}

impl Transport for Flaky {
    fn send(&self, request: HttpRequest) -> TransportFuture<'_> {
        let n = self.sends.fetch_add(1, Ordering::SeqCst);
        Box::pin(async move {
            assert!(request.header("authorization").is_some());
            if n == 0 {
                Err(Error::transport("connection reset"))
            } else {
                Ok(HttpResponse::new(200, r#"{"id":"1"}"#).into())
            }
        })
    }
}

#[tokio::test]
async fn custom_transport_and_transport_errors_retried_for_get() {
    let transport = Arc::new(Flaky::default());
    let client = Client::builder()
        .bearer_token(TOKEN)
        .transport(Arc::clone(&transport))
        .retry_policy(fast_retries())
        .build()
        .unwrap();
    let incident: Value = Get::<_, AllOptions>::new(incidents(&client).key("1"), &GET)
        .send()
        .await
        .unwrap();
    assert_eq!(incident["id"], "1");
    assert_eq!(transport.sends.load(Ordering::SeqCst), 2);
    // A foreign absolute URL never reaches the transport.
    let error = client
        .execute(
            HttpRequest::new(Method::Get, "https://elsewhere.test/v1.0/x"),
            &GET,
        )
        .await
        .unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::InvalidInput { .. }),
        "{error}"
    );
    assert_eq!(transport.sends.load(Ordering::SeqCst), 2);
}

fn assert_send<T: Send>(_: &T) {}
fn assert_unpin<T: Unpin>(_: &T) {}

#[test]
fn futures_and_streams_are_send() {
    let client = Client::builder().bearer_token(TOKEN).build().unwrap();
    let node = incidents(&client);
    let body = json!({});
    assert_send(&List::<Value>::new(node.clone(), &LIST).send());
    assert_send(&List::<Value>::new(node.clone(), &LIST).stream());
    assert_unpin(&List::<Value>::new(node.clone(), &LIST).stream());
    assert_send(&List::<Value>::new(node.clone(), &LIST).pages());
    assert_send(&Get::<Value>::new(node.clone(), &GET).send());
    assert_send(&Count::<AllOptions>::new(node.clone(), &COUNT).send());
    assert_send(
        &msgraph_security_runtime::client::Create::<Value>::new(node.clone(), &LIST, &body).send(),
    );
    assert_send(&Update::<Value>::new(node.clone(), &UPDATE, &body).send());
    assert_send(&Delete::new(node.clone(), &DELETE).send());
    assert_send(
        &ActionCall::<Vec<String>>::new(node.clone(), &ACTION, ResultShape::Value, Some(&body))
            .send(),
    );
    assert_send(&FunctionCall::<i64>::new(node.clone(), &FUNCTION, ResultShape::Value).send());
    assert_send(&client.execute(HttpRequest::new(Method::Get, "x"), &GET));
}
