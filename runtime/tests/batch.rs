//! JSON batching against a loopback server that answers `POST /$batch` the
//! way Graph does (relative URLs, `dependsOn` with `424`, JSON bodies inline
//! and others base64, responses in any order), with hostile twists: a
//! sub-request throttled with `Retry-After`, a missing and a duplicate
//! response id, a response over the body cap, whole-batch failures.
//!
//! Each case asserts every request's exact outcome, that none is lost or
//! swapped, and what the server received. Bounded in time; loopback only.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code
#![cfg(feature = "reqwest")]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

mod support;

use base64::Engine as _;
use msgraph_security_runtime::client::{
    ActionCall, Client, ClientBuilder, Count, Create, Delete, Error, ErrorKind, List, Method,
    OperationInfo, Permissions, RateLimit, ResultShape, RetryPolicy, Update,
};
use serde_json::{Value, json};
use support::client::{
    COUNT, CREATE, DELETE, LIST, UPDATE, bounded, get, incidents, quick_retries,
};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

static ACTION: OperationInfo = OperationInfo::new(
    Method::Post,
    "/security/incidents/{}/ns.act",
    Permissions::EMPTY,
);

fn builder(server: &MockServer) -> ClientBuilder {
    support::client::builder(&server.uri()).retry_policy(quick_retries(4))
}

fn update(client: &Client, id: &str) -> Update<Value> {
    Update::new(
        incidents(client).key(id),
        &UPDATE,
        &json!({"status": "resolved"}),
    )
}

/// One sub-response the emulated service gives.
#[derive(Clone, Debug)]
struct Answer {
    status: u16,
    headers: Value,
    body: Option<Value>,
}

fn ok(body: Value) -> Answer {
    Answer {
        status: 200,
        headers: json!({"Content-Type": "application/json; odata.metadata=minimal"}),
        body: Some(body),
    }
}

fn graph_error(status: u16, code: &str, request_id: &str) -> Answer {
    Answer {
        status,
        headers: json!({"Content-Type": "application/json"}),
        body: Some(
            json!({"error": {"code": code, "message": format!("{code} here"),
            "innerError": {"request-id": request_id, "client-request-id": format!("c-{request_id}")}}}),
        ),
    }
}

/// What the service does with one request: `(method, url, attempt of this
/// request, starting at 1)` -> its answers (none: the response is left out;
/// two: a duplicate id).
type Script = dyn Fn(&str, &str, usize) -> Vec<Answer> + Send + Sync;

/// A `$batch` endpoint that runs requests in order, applies `dependsOn`
/// (a failed dependency gives `424`), and answers in reverse order.
#[derive(Clone)]
struct BatchService {
    script: Arc<Script>,
    /// Every batch body received.
    received: Arc<Mutex<Vec<Value>>>,
    /// How often each `method url` was received.
    seen: Arc<Mutex<HashMap<String, usize>>>,
}

impl Respond for BatchService {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let batch: Value = serde_json::from_slice(&request.body).unwrap();
        self.received.lock().unwrap().push(batch.clone());
        let mut statuses: HashMap<String, u16> = HashMap::new();
        let mut responses = Vec::new();
        for sub in batch["requests"].as_array().unwrap() {
            let id = sub["id"].as_str().unwrap().to_owned();
            let method = sub["method"].as_str().unwrap();
            let url = sub["url"].as_str().unwrap();
            assert!(url.starts_with('/'), "relative URL: {url}");
            let failed_dependency = sub["dependsOn"].as_array().is_some_and(|deps| {
                deps.iter().any(|d| {
                    statuses
                        .get(d.as_str().unwrap())
                        .is_none_or(|s| !(200..300).contains(s))
                })
            });
            let answers = if failed_dependency {
                vec![graph_error(424, "FailedDependency", "dep")]
            } else {
                let key = format!("{method} {url}");
                let attempt = {
                    let mut seen = self.seen.lock().unwrap();
                    let n = seen.entry(key).or_default();
                    *n += 1;
                    *n
                };
                (self.script)(method, url, attempt)
            };
            if let Some(first) = answers.first() {
                statuses.insert(id.clone(), first.status);
            }
            for answer in answers {
                let mut response =
                    json!({"id": id, "status": answer.status, "headers": answer.headers});
                if let Some(body) = answer.body {
                    response["body"] = body;
                }
                responses.push(response);
            }
        }
        responses.reverse();
        ResponseTemplate::new(200)
            .insert_header("request-id", "batch-request-id")
            .set_body_json(json!({"responses": responses}))
    }
}

async fn batch_server(
    script: impl Fn(&str, &str, usize) -> Vec<Answer> + Send + Sync + 'static,
) -> (MockServer, BatchService) {
    let server = MockServer::start().await;
    let service = BatchService {
        script: Arc::new(script),
        received: Arc::default(),
        seen: Arc::default(),
    };
    Mock::given(method("POST"))
        .and(path("/v1.0/$batch"))
        .respond_with(service.clone())
        .mount(&server)
        .await;
    (server, service)
}

fn ids_of(batch: &Value) -> Vec<String> {
    batch["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn hostile_mix_gives_each_request_its_own_outcome() {
    bounded(async {
        let (server, service) = batch_server(|method, url, attempt| match (method, url) {
            ("GET", "/security/incidents/a") => vec![ok(json!({"id": "a"}))],
            ("GET", "/security/incidents/b") if attempt == 1 => vec![Answer {
                status: 429,
                headers: json!({"Retry-After": "1", "Content-Type": "application/json"}),
                body: Some(json!({"error": {"code": "TooManyRequests", "message": "slow down"}})),
            }],
            ("GET", "/security/incidents/b") => vec![ok(json!({"id": "b"}))],
            ("GET", "/security/incidents/c") => vec![graph_error(404, "NotFound", "r-c")],
            ("GET", "/security/incidents/$count") => vec![Answer {
                status: 200,
                headers: json!({"Content-Type": "text/plain"}),
                body: Some(json!(base64::engine::general_purpose::STANDARD.encode("42"))),
            }],
            ("POST", "/security/incidents") => vec![graph_error(400, "BadRequest", "r-create")],
            ("GET", "/security/incidents/missing") => vec![],
            ("GET", "/security/incidents/twice") => {
                vec![ok(json!({"id": "first"})), ok(json!({"id": "second"}))]
            }
            ("GET", "/security/incidents?$top=2") => vec![ok(json!({
                "value": [{"id": "p1"}, {"id": "p2"}],
                "@odata.nextLink": format!("{}/v1.0/security/incidents?$skiptoken=2", "BASE")
            }))],
            other => panic!("unexpected {other:?}"),
        })
        .await;
        let client = builder(&server).build().unwrap();
        let mut batch = client.batch();
        let a = batch
            .add(get(&client, "a").header("Prefer", "odata.maxpagesize=5"))
            .unwrap();
        let b = batch.add(get(&client, "b")).unwrap();
        let c = batch.add(get(&client, "c")).unwrap();
        let count = batch.add(Count::<()>::new(incidents(&client), &COUNT)).unwrap();
        let create = batch
            .add(Create::<Value>::new(incidents(&client), &CREATE, &json!({"title": "x"})))
            .unwrap();
        let patch = batch.add_after(&create, update(&client, "new")).unwrap();
        let delete = batch
            .add_after(&patch, Delete::new(incidents(&client).key("new"), &DELETE))
            .unwrap();
        let missing = batch.add(get(&client, "missing")).unwrap();
        let twice = batch.add(get(&client, "twice")).unwrap();
        let page = batch
            .add(List::<Value>::new(incidents(&client), &LIST).top(2))
            .unwrap();
        assert_eq!(batch.len(), 10);

        let started = Instant::now();
        let mut responses = batch.send().await.unwrap();
        let elapsed = started.elapsed();

        // Two round trips: everything, then the throttled request alone after its Retry-After.
        assert_eq!(responses.round_trips(), 2);
        assert!(elapsed >= Duration::from_secs(1), "{elapsed:?}");
        let received = service.received.lock().unwrap().clone();
        assert_eq!(received.len(), 2);
        assert_eq!(ids_of(&received[0]).len(), 10);
        assert_eq!(ids_of(&received[1]), vec!["2".to_owned()]);
        // dependsOn as Graph documents it; JSON bodies inline.
        let first = &received[0]["requests"];
        assert_eq!(first[5]["dependsOn"], json!(["5"]));
        assert_eq!(first[6]["dependsOn"], json!(["6"]));
        assert_eq!(first[4]["body"], json!({"title": "x"}));
        assert_eq!(first[4]["headers"]["Content-Type"], "application/json");
        assert_eq!(first[5]["method"], "PATCH");
        assert!(first[0].get("body").is_none());
        // Headers per request: the client's Prefer added to the request's own; never the token.
        assert_eq!(
            first[0]["headers"]["Prefer"],
            "odata.maxpagesize=5, include-unknown-enum-members"
        );
        assert_eq!(first[1]["headers"]["Prefer"], "include-unknown-enum-members");
        for sub in first.as_array().unwrap() {
            let headers = sub["headers"].as_object().unwrap();
            assert!(
                headers.keys().all(|k| !k.eq_ignore_ascii_case("authorization")),
                "{sub}"
            );
        }

        assert_eq!(responses.get(a).unwrap(), json!({"id": "a"}));
        assert_eq!(responses.get(b).unwrap(), json!({"id": "b"}));
        let error = responses.get(c).unwrap_err();
        assert_eq!(error.status(), Some(404));
        assert_eq!(error.code(), Some("NotFound"));
        assert_eq!(error.request_id(), Some("r-c"));
        assert!(error.client_request_id().is_some());
        assert_eq!(responses.get(count).unwrap(), 42);
        let error = responses.get(create).unwrap_err();
        assert_eq!((error.status(), error.code()), (Some(400), Some("BadRequest")));
        for error in [
            responses.get(patch).unwrap_err(),
            responses.get(delete).unwrap_err(),
        ] {
            assert_eq!(error.status(), Some(424), "{error}");
            assert_eq!(error.code(), Some("FailedDependency"));
        }
        let error = responses.get(missing).unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::Decode { message, .. } if message.contains("no response has the id \"8\"")),
            "{error}"
        );
        let error = responses.get(twice).unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::Decode { message, .. } if message.contains("several responses")),
            "{error}"
        );
        let page = responses.get(page).unwrap();
        assert_eq!(page.items, vec![json!({"id": "p1"}), json!({"id": "p2"})]);
        assert_eq!(
            page.next_link.as_deref(),
            Some("BASE/v1.0/security/incidents?$skiptoken=2")
        );
        // The batch's request-id stands in where a sub-response has none.
        assert_eq!(page.request_id.as_deref(), Some("batch-request-id"));
    })
    .await;
}

#[tokio::test]
async fn a_page_from_a_batch_resumes_outside_it() {
    bounded(async {
        let server = MockServer::start().await;
        let next = format!("{}/v1.0/security/incidents?$skiptoken=2", server.uri());
        let body = json!({"responses": [{"id": "1", "status": 200,
            "headers": {"Content-Type": "application/json"},
            "body": {"value": [{"id": "p1"}], "@odata.nextLink": next}}]});
        Mock::given(method("POST"))
            .and(path("/v1.0/$batch"))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/v1.0/security/incidents"))
            .and(wiremock::matchers::query_param("$skiptoken", "2"))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(json!({"value": [{"id": "p2"}]})),
            )
            .expect(1)
            .mount(&server)
            .await;
        let client = builder(&server).build().unwrap();
        let mut batch = client.batch();
        let handle = batch
            .add(List::<Value>::new(incidents(&client), &LIST))
            .unwrap();
        let page = batch.send().await.unwrap().get(handle).unwrap();
        let link = page.next_link.unwrap();
        let rest = List::<Value>::new(incidents(&client), &LIST)
            .resume(link)
            .send()
            .await
            .unwrap();
        assert_eq!(rest.items, vec![json!({"id": "p2"})]);
    })
    .await;
}

#[tokio::test]
async fn forty_five_updates_take_three_round_trips() {
    bounded(async {
        let (server, service) = batch_server(|method, url, _| {
            assert_eq!(method, "PATCH");
            let id = url.rsplit('/').next().unwrap();
            vec![ok(json!({"id": id, "status": "resolved"}))]
        })
        .await;
        let client = builder(&server).build().unwrap();
        let mut batch = client.batch();
        let handles: Vec<_> = (0..45)
            .map(|i| batch.add(update(&client, &format!("inc-{i}"))).unwrap())
            .collect();
        let mut responses = batch.send().await.unwrap();
        assert_eq!(responses.round_trips(), 3);
        let sizes: Vec<usize> = service
            .received
            .lock()
            .unwrap()
            .iter()
            .map(|b| ids_of(b).len())
            .collect();
        assert_eq!(sizes, vec![20, 20, 5]);
        for (i, handle) in handles.into_iter().enumerate() {
            let value = responses.get(handle).unwrap().unwrap();
            assert_eq!(value["id"], format!("inc-{i}"));
        }
        // The same workload without batching: 45 round trips.
        Mock::given(method("PATCH"))
            .respond_with(ResponseTemplate::new(204))
            .expect(45)
            .mount(&server)
            .await;
        for i in 0..45 {
            update(&client, &format!("inc-{i}")).send().await.unwrap();
        }
        server.verify().await;
    })
    .await;
}

#[tokio::test]
async fn dependencies_across_the_split_are_settled_by_the_client() {
    bounded(async {
        let (server, service) = batch_server(|_, url, _| match url {
            "/security/incidents/bad" => vec![graph_error(403, "Forbidden", "r-bad")],
            _ => vec![ok(json!({"url": url}))],
        })
        .await;
        let client = builder(&server).build().unwrap();
        let mut batch = client.batch();
        let bad = batch.add(get(&client, "bad")).unwrap();
        let good = batch.add(get(&client, "good")).unwrap();
        let fillers: Vec<_> = (0..18)
            .map(|i| batch.add(get(&client, &format!("f{i}"))).unwrap())
            .collect();
        // Requests 21 and 22: their dependencies went in the first batch.
        let after_bad = batch.add_after(&bad, update(&client, "after-bad")).unwrap();
        let after_good = batch
            .add_after(&good, update(&client, "after-good"))
            .unwrap();
        let mut responses = batch.send().await.unwrap();
        assert_eq!(responses.round_trips(), 2);
        let received = service.received.lock().unwrap().clone();
        // The dependent of the failed request was never sent; the other went without dependsOn.
        assert_eq!(ids_of(&received[1]), vec!["22".to_owned()]);
        assert!(received[1]["requests"][0].get("dependsOn").is_none());
        assert_eq!(
            received[1]["requests"][0]["url"],
            "/security/incidents/after-good"
        );
        let error = responses.get(after_bad).unwrap_err();
        assert_eq!(
            (error.status(), error.code()),
            (Some(424), Some("FailedDependency"))
        );
        assert!(error.to_string().contains("not sent"), "{error}");
        assert_eq!(error.attempts(), 0);
        assert_eq!(
            responses.get(after_good).unwrap().unwrap()["url"],
            "/security/incidents/after-good"
        );
        assert_eq!(responses.get(bad).unwrap_err().status(), Some(403));
        assert_eq!(
            responses.get(good).unwrap()["url"],
            "/security/incidents/good"
        );
        for (i, filler) in fillers.into_iter().enumerate() {
            assert_eq!(
                responses.get(filler).unwrap()["url"],
                format!("/security/incidents/f{i}")
            );
        }
    })
    .await;
}

#[tokio::test]
async fn a_dependency_being_retried_takes_its_dependent_along() {
    bounded(async {
        let (server, service) = batch_server(|method, _, attempt| match (method, attempt) {
            ("POST", 1) => vec![Answer {
                status: 429,
                headers: json!({"Retry-After": "0"}),
                body: None,
            }],
            ("POST", _) => vec![ok(json!({"created": true}))],
            _ => vec![ok(json!({"patched": true}))],
        })
        .await;
        let client = builder(&server).build().unwrap();
        let mut batch = client.batch();
        let action = batch
            .add(ActionCall::<Value>::new(
                incidents(&client).key("x").segment("ns.act"),
                &ACTION,
                ResultShape::Object,
                Some(&json!({})),
            ))
            .unwrap();
        let patch = batch.add_after(&action, update(&client, "x")).unwrap();
        let mut responses = batch.send().await.unwrap();
        assert_eq!(responses.get(action).unwrap(), json!({"created": true}));
        assert_eq!(
            responses.get(patch).unwrap(),
            Some(json!({"patched": true}))
        );
        let received = service.received.lock().unwrap().clone();
        assert_eq!(received.len(), 2);
        assert_eq!(ids_of(&received[1]), vec!["1".to_owned(), "2".to_owned()]);
        assert_eq!(received[1]["requests"][1]["dependsOn"], json!(["1"]));
    })
    .await;
}

#[tokio::test]
async fn unavailable_is_retried_only_where_idempotent() {
    bounded(async {
        let (server, service) = batch_server(|method, _, attempt| {
            if attempt == 1 {
                vec![graph_error(503, "ServiceUnavailable", "r-503")]
            } else {
                assert_eq!(method, "GET", "a POST answered 503 must not be sent again");
                vec![ok(json!({"ok": attempt}))]
            }
        })
        .await;
        let client = builder(&server).build().unwrap();
        let mut batch = client.batch();
        let read = batch.add(get(&client, "r")).unwrap();
        let create = batch
            .add(Create::<Value>::new(
                incidents(&client),
                &CREATE,
                &json!({}),
            ))
            .unwrap();
        let mut responses = batch.send().await.unwrap();
        assert_eq!(responses.get(read).unwrap(), json!({"ok": 2}));
        let error = responses.get(create).unwrap_err();
        assert_eq!(error.status(), Some(503));
        assert_eq!(error.attempts(), 1);
        assert_eq!(service.received.lock().unwrap().len(), 2);
    })
    .await;
}

#[tokio::test]
async fn retries_stop_at_max_attempts_with_the_last_error() {
    bounded(async {
        let (server, service) = batch_server(|_, _, _| {
            vec![Answer {
                status: 429,
                headers: json!({"Retry-After": "0", "Content-Type": "application/json"}),
                body: Some(json!({"error": {"code": "TooManyRequests", "message": "no"}})),
            }]
        })
        .await;
        let client = builder(&server)
            .retry_policy(quick_retries(3))
            .build()
            .unwrap();
        let mut batch = client.batch();
        let handle = batch.add(get(&client, "x")).unwrap();
        let mut responses = batch.send().await.unwrap();
        let error = responses.get(handle).unwrap_err();
        assert_eq!((error.status(), error.attempts()), (Some(429), 3));
        assert_eq!(error.retry_after(), Some(Duration::ZERO));
        assert_eq!(service.received.lock().unwrap().len(), 3);
    })
    .await;
}

#[tokio::test]
async fn a_throttled_sub_request_closes_the_client_gate() {
    bounded(async {
        let (server, _service) = batch_server(|_, _, _| {
            vec![Answer {
                status: 429,
                headers: json!({"Retry-After": "1"}),
                body: None,
            }]
        })
        .await;
        Mock::given(method("GET"))
            .and(path("/v1.0/security/incidents/next"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "next"})))
            .mount(&server)
            .await;
        let client = builder(&server)
            .retry_policy(RetryPolicy::none())
            .build()
            .unwrap();
        let mut batch = client.batch();
        let handle = batch.add(get(&client, "x")).unwrap();
        let mut responses = batch.send().await.unwrap();
        let error = responses.get(handle).unwrap_err();
        assert_eq!(error.status(), Some(429));
        assert_eq!(error.retry_after(), Some(Duration::from_secs(1)));
        // Every request through the client now waits for the gate.
        let started = Instant::now();
        get(&client, "next").send().await.unwrap();
        assert!(
            started.elapsed() >= Duration::from_millis(900),
            "{:?}",
            started.elapsed()
        );
    })
    .await;
}

#[tokio::test]
async fn rate_limits_count_every_sub_request() {
    bounded(async {
        let (server, service) = batch_server(|_, url, _| vec![ok(json!({"url": url}))]).await;
        let client = builder(&server)
            .rate_limit(RateLimit::new().per(3, Duration::from_secs(3_600)))
            .build()
            .unwrap();
        let mut batch = client.batch();
        for i in 0..4 {
            batch.add(get(&client, &i.to_string())).unwrap();
        }
        // Four requests, three allowed an hour: nothing is sent.
        let error = batch.send().await.unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::Throttled { .. }),
            "{error}"
        );
        assert!(service.received.lock().unwrap().is_empty());

        let client = builder(&server)
            .rate_limit(RateLimit::new().per(3, Duration::from_secs(3_600)))
            .build()
            .unwrap();
        let mut batch = client.batch();
        let handles: Vec<_> = (0..3)
            .map(|i| batch.add(get(&client, &i.to_string())).unwrap())
            .collect();
        let mut responses = batch.send().await.unwrap();
        for (i, handle) in handles.into_iter().enumerate() {
            assert_eq!(
                responses.get(handle).unwrap()["url"],
                format!("/security/incidents/{i}")
            );
        }
        // The bucket is empty now: even one more request waits an hour, so it fails unsent.
        let error = get(&client, "more").send().await.unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::Throttled { .. }),
            "{error}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_batch_response_over_the_cap_fails_its_own_requests_only() {
    bounded(async {
        let (server, _service) = batch_server(|_, url, _| {
            if url.ends_with("/big") {
                vec![ok(json!({"blob": "x".repeat(64 * 1024)}))]
            } else {
                vec![ok(json!({"url": url}))]
            }
        })
        .await;
        let client = builder(&server)
            .max_response_bytes(32 * 1024)
            .build()
            .unwrap();
        let mut batch = client.batch();
        let small: Vec<_> = (0..20)
            .map(|i| batch.add(get(&client, &format!("s{i}"))).unwrap())
            .collect();
        let big = batch.add(get(&client, "big")).unwrap();
        let mut responses = batch.send().await.unwrap();
        for (i, handle) in small.into_iter().enumerate() {
            assert_eq!(
                responses.get(handle).unwrap()["url"],
                format!("/security/incidents/s{i}")
            );
        }
        let error = responses.get(big).unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::TooLarge { limit: 32_768, .. }),
            "{error}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_whole_batch_unavailable_resends_idempotent_requests_only() {
    bounded(async {
        let server = MockServer::start().await;
        let calls = Arc::new(Mutex::new(Vec::<Value>::new()));
        let seen = Arc::clone(&calls);
        Mock::given(method("POST"))
            .and(path("/v1.0/$batch"))
            .respond_with(move |request: &Request| {
                let body: Value = serde_json::from_slice(&request.body).unwrap();
                let mut calls = seen.lock().unwrap();
                calls.push(body.clone());
                if calls.len() == 1 {
                    return ResponseTemplate::new(503).insert_header("Retry-After", "0");
                }
                let responses: Vec<Value> = body["requests"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| json!({"id": r["id"], "status": 204}))
                    .collect();
                ResponseTemplate::new(200).set_body_json(json!({"responses": responses}))
            })
            .mount(&server)
            .await;
        let client = builder(&server).build().unwrap();
        let mut batch = client.batch();
        let delete = batch
            .add(Delete::new(incidents(&client).key("d"), &DELETE))
            .unwrap();
        let create = batch
            .add(Create::<Value>::new(
                incidents(&client),
                &CREATE,
                &json!({}),
            ))
            .unwrap();
        let mut responses = batch.send().await.unwrap();
        assert_eq!(responses.round_trips(), 2);
        responses.get(delete).unwrap();
        let error = responses.get(create).unwrap_err();
        assert_eq!(error.status(), Some(503));
        let calls = calls.lock().unwrap();
        assert_eq!(ids_of(&calls[1]), vec!["1".to_owned()]);
    })
    .await;
}

#[tokio::test]
async fn foreign_requests_and_handles_are_refused() {
    bounded(async {
        let server = MockServer::start().await;
        let client = builder(&server).build().unwrap();
        let other = Client::builder()
            .bearer_token("t")
            .base_url("https://graph.microsoft.com/v1.0")
            .build()
            .unwrap();
        let mut batch = client.batch();
        let error = batch.add(get(&other, "x")).unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::InvalidInput { message, .. } if message.contains("below the base URL")),
            "{error}"
        );
        let mut second = client.batch();
        let foreign = second.add(get(&client, "y")).unwrap();
        let error = batch.add_after(&foreign, get(&client, "z")).unwrap_err();
        assert!(matches!(error.kind(), ErrorKind::InvalidInput { .. }), "{error}");
        assert!(batch.is_empty());
        // Nothing to send: no round trip.
        let responses = batch.send().await.unwrap();
        assert_eq!((responses.len(), responses.round_trips()), (0, 0));
        // The server has no $batch mock: the error is the whole batch's.
        let error: Error = second.send().await.unwrap_err();
        assert_eq!(error.status(), Some(404));
    })
    .await;
}

#[test]
fn batches_and_their_futures_are_send() {
    fn send<T: Send>(_: &T) {}
    let client = Client::builder()
        .bearer_token("t")
        .base_url("http://127.0.0.1:9/v1.0")
        .build()
        .unwrap();
    let mut batch = client.batch();
    let handle = batch.add(get(&client, "x")).unwrap();
    send(&batch);
    send(&handle);
    let future = batch.send();
    send(&future);
    drop(future);
}

#[tokio::test]
async fn a_whole_batch_throttled_is_retried_by_the_client() {
    bounded(async {
        let server = MockServer::start().await;
        let calls = Arc::new(Mutex::new(0usize));
        let seen = Arc::clone(&calls);
        Mock::given(method("POST"))
            .and(path("/v1.0/$batch"))
            .respond_with(move |request: &Request| {
                let mut calls = seen.lock().unwrap();
                *calls += 1;
                if *calls == 1 {
                    return ResponseTemplate::new(429).insert_header("Retry-After", "0");
                }
                let body: Value = serde_json::from_slice(&request.body).unwrap();
                let responses: Vec<Value> = body["requests"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| {
                        json!({"id": r["id"], "status": 201,
                        "headers": {"Content-Type": "application/json"}, "body": {"made": r["id"]}})
                    })
                    .collect();
                ResponseTemplate::new(200).set_body_json(json!({"responses": responses}))
            })
            .mount(&server)
            .await;
        let client = builder(&server).build().unwrap();
        let mut batch = client.batch();
        let create = batch
            .add(Create::<Value>::new(
                incidents(&client),
                &CREATE,
                &json!({}),
            ))
            .unwrap();
        let mut responses = batch.send().await.unwrap();
        // A 429 means the batch was not run: even the POST inside goes again.
        assert_eq!(responses.get(create).unwrap(), json!({"made": "1"}));
        assert_eq!(*calls.lock().unwrap(), 2);
        assert_eq!(responses.round_trips(), 1);
    })
    .await;
}

#[tokio::test]
async fn a_retry_after_beyond_the_deadline_is_not_waited() {
    bounded(async {
        let (server, service) = batch_server(|_, _, _| {
            vec![Answer {
                status: 429,
                headers: json!({"Retry-After": "30"}),
                body: None,
            }]
        })
        .await;
        let client = builder(&server)
            .deadline(Duration::from_secs(2))
            .build()
            .unwrap();
        let mut batch = client.batch();
        let handle = batch.add(get(&client, "x")).unwrap();
        let started = Instant::now();
        let mut responses = batch.send().await.unwrap();
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "{:?}",
            started.elapsed()
        );
        let error = responses.get(handle).unwrap_err();
        assert_eq!(error.status(), Some(429));
        assert_eq!(error.retry_after(), Some(Duration::from_secs(30)));
        assert_eq!(error.attempts(), 1);
        assert_eq!(service.received.lock().unwrap().len(), 1);
    })
    .await;
}

/// An in-process `$batch` service for the property test: per request, by
/// the number at the end of its URL, an outcome kind; responses shuffled.
#[derive(Debug)]
struct Shuffler {
    kinds: Vec<u8>,
    seed: Mutex<u64>,
    attempts: Mutex<HashMap<usize, usize>>,
    posts: Mutex<usize>,
}

fn next(seed: &mut u64) -> u64 {
    // xorshift64
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    *seed
}

impl msgraph_security_runtime::client::Transport for Shuffler {
    fn send(
        &self,
        request: msgraph_security_runtime::client::HttpRequest,
    ) -> msgraph_security_runtime::client::TransportFuture<'_> {
        let batch: Value = serde_json::from_slice(request.body.as_deref().unwrap()).unwrap();
        *self.posts.lock().unwrap() += 1;
        let mut responses = Vec::new();
        for sub in batch["requests"].as_array().unwrap() {
            let url = sub["url"].as_str().unwrap();
            let number: usize = url
                .trim_end_matches("/$count")
                .rsplit('/')
                .next()
                .unwrap()
                .parse()
                .unwrap();
            let attempt = {
                let mut attempts = self.attempts.lock().unwrap();
                let n = attempts.entry(number).or_default();
                *n += 1;
                *n
            };
            let id = sub["id"].clone();
            let answer = |status: u16, body: Value| {
                json!({"id": id, "status": status,
                    "headers": {"Content-Type": "application/json"}, "body": body})
            };
            match self.kinds[number] {
                0 => responses.push(answer(200, json!({"n": number}))),
                1 => responses.push(answer(
                    404,
                    json!({"error": {"code": format!("NotFound{number}"), "message": "m"}}),
                )),
                2 if attempt == 1 => responses.push(json!({"id": id, "status": 429,
                    "headers": {"Retry-After": "0"}})),
                2 => responses.push(answer(200, json!({"n": number, "retried": true}))),
                3 => {}
                4 => {
                    responses.push(answer(200, json!({"n": number})));
                    responses.push(answer(200, json!({"n": number + 1})));
                }
                _ => responses.push(json!({"id": id, "status": 200,
                    "headers": {"Content-Type": "text/plain"},
                    "body": base64::engine::general_purpose::STANDARD.encode(number.to_string())})),
            }
        }
        // Fisher-Yates with the shared seed.
        let mut seed = self.seed.lock().unwrap();
        for i in (1..responses.len()).rev() {
            let j = (next(&mut seed) % (i as u64 + 1)) as usize;
            responses.swap(i, j);
        }
        let mut response = msgraph_security_runtime::client::HttpResponse::new(
            200,
            json!({"responses": responses}).to_string(),
        );
        response
            .headers
            .push(("Content-Type".into(), "application/json".into()));
        Box::pin(async move { Ok(response.into()) })
    }
}

/// Over 300 generated batches (1 to 60 requests of six outcome kinds, two
/// result types, responses in random order): every request gets exactly its
/// own outcome, and the round trips are what splitting and retries imply.
#[tokio::test]
async fn property_every_request_gets_its_own_outcome() {
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for case in 0..300 {
        let count = (next(&mut seed) % 60 + 1) as usize;
        let kinds: Vec<u8> = (0..count).map(|_| (next(&mut seed) % 6) as u8).collect();
        let transport = Arc::new(Shuffler {
            kinds: kinds.clone(),
            seed: Mutex::new(next(&mut seed) | 1),
            attempts: Mutex::default(),
            posts: Mutex::default(),
        });
        let client = Client::builder()
            .bearer_token("t")
            .base_url("http://127.0.0.1:9/v1.0")
            .transport(Arc::clone(&transport))
            .retry_policy(quick_retries(3))
            .build()
            .unwrap();
        let mut batch = client.batch();
        enum Typed {
            Value(msgraph_security_runtime::client::Handle<Value>),
            Count(msgraph_security_runtime::client::Handle<u64>),
        }
        let handles: Vec<Typed> = kinds
            .iter()
            .enumerate()
            .map(|(n, kind)| {
                if *kind == 5 {
                    let node = incidents(&client).key(&n.to_string());
                    Typed::Count(batch.add(Count::<()>::new(node, &COUNT)).unwrap())
                } else {
                    Typed::Value(batch.add(get(&client, &n.to_string())).unwrap())
                }
            })
            .collect();
        let mut responses = batch.send().await.unwrap();
        for (n, handle) in handles.into_iter().enumerate() {
            let kind = kinds[n];
            let context = format!("case {case}, request {n}, kind {kind}");
            match handle {
                Typed::Count(h) => assert_eq!(responses.get(h).unwrap(), n as u64, "{context}"),
                Typed::Value(h) => match (kind, responses.get(h)) {
                    (0, Ok(v)) => assert_eq!(v, json!({"n": n}), "{context}"),
                    (1, Err(e)) => {
                        assert_eq!(e.code(), Some(format!("NotFound{n}").as_str()), "{context}");
                        assert_eq!(e.status(), Some(404), "{context}");
                    }
                    (2, Ok(v)) => assert_eq!(v, json!({"n": n, "retried": true}), "{context}"),
                    (3, Err(e)) => assert!(e.to_string().contains("no response"), "{context}: {e}"),
                    (4, Err(e)) => assert!(e.to_string().contains("several"), "{context}: {e}"),
                    (_, other) => panic!("{context}: {other:?}"),
                },
            }
        }
        let retried = kinds.iter().filter(|k| **k == 2).count();
        let expected = count.div_ceil(20) + retried.div_ceil(20);
        assert_eq!(responses.round_trips() as usize, expected, "case {case}");
        assert_eq!(*transport.posts.lock().unwrap(), expected, "case {case}");
    }
}
