//! The generated request builders end to end, against a real HTTP server on
//! loopback (wiremock): the URL each builder addresses, the query options it
//! sends, its body, its typed result, and the permissions it carries as data.
#![allow(clippy::unwrap_used)]
#![cfg(feature = "reqwest")]

use std::time::Duration;

use futures_util::StreamExt as _;
use msgraph_security::ClientExt as _;
use msgraph_security::client::{Client, ErrorKind, Method, RetryPolicy};
use msgraph_security::models::{AlertComment, Incident, IncidentStatus};
use msgraph_security::requests::SecurityRunHuntingQueryParameters;
use msgraph_security::runtime::Nullable;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "t0ken-for-builders";

fn client(server: &MockServer) -> Client {
    Client::builder()
        .bearer_token(TOKEN)
        .base_url(format!("{}/v1.0", server.uri()))
        .retry_policy(
            RetryPolicy::default()
                .with_initial_backoff(Duration::from_millis(1))
                .with_max_backoff(Duration::from_millis(5)),
        )
        .build()
        .unwrap()
}

async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap()
}

fn bearer(request: &Request) -> Option<String> {
    request
        .headers
        .get("authorization")
        .map(|v| v.to_str().unwrap().to_owned())
}

#[tokio::test]
async fn list_incidents_with_filter_expand_and_paging() {
    let server = MockServer::start().await;
    let next = format!("{}/v1.0/security/incidents?$skiptoken=page2", server.uri());
    Mock::given(method("GET"))
        .and(path("/v1.0/security/incidents"))
        .respond_with(move |request: &Request| {
            if request
                .url
                .query()
                .unwrap_or_default()
                .contains("skiptoken")
            {
                ResponseTemplate::new(200).set_body_json(json!({
                    "value": [{"id": "3", "status": "resolved", "newServiceField": 1}]
                }))
            } else {
                ResponseTemplate::new(200).set_body_json(json!({
                    "@odata.count": 3,
                    "@odata.nextLink": next,
                    "value": [
                        {"id": "1", "status": "active", "alerts": [{"id": "a1"}]},
                        {"id": "2", "status": "someFutureStatus"}
                    ]
                }))
            }
        })
        .mount(&server)
        .await;

    let client = client(&server);
    let list = client
        .security()
        .incidents()
        .list()
        .filter("status eq 'active'")
        .expand(["alerts"])
        .top(2)
        .count(true);
    assert_eq!(list.info().method, Method::Get);
    assert_eq!(list.info().path, "/security/incidents");
    assert_eq!(
        list.info().permissions.least_application,
        Some("SecurityIncident.Read.All")
    );
    let incidents: Vec<Incident> = list.stream().map(|r| r.unwrap()).collect::<Vec<_>>().await;
    let ids: Vec<_> = incidents.iter().map(|i| i.id.clone().unwrap()).collect();
    assert_eq!(ids, ["1", "2", "3"]);
    assert_eq!(
        incidents[0].alerts.as_ref().unwrap()[0].id.as_deref(),
        Some("a1")
    );
    // An enum value unknown to the crate is kept, and so is an unknown member.
    assert_eq!(
        incidents[1].status.as_ref().unwrap().as_str(),
        "someFutureStatus"
    );
    assert_eq!(
        serde_json::to_value(&incidents[2]).unwrap()["newServiceField"],
        json!(1)
    );

    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[0].url.query(),
        Some("$filter=status%20eq%20%27active%27&$expand=alerts&$top=2&$count=true")
    );
    assert_eq!(requests[1].url.query(), Some("$skiptoken=page2"));
    for r in &requests {
        assert_eq!(bearer(r).as_deref(), Some(&*format!("Bearer {TOKEN}")));
        assert_eq!(
            r.headers.get("prefer").map(|v| v.to_str().unwrap()),
            Some("include-unknown-enum-members")
        );
    }
}

#[tokio::test]
async fn get_by_an_id_that_needs_encoding_and_count() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1.0/security/alerts_v2/..%2F..%2Fusers"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "../../users"})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1.0/security/incidents/$count"))
        .respond_with(ResponseTemplate::new(200).set_body_string("42"))
        .mount(&server)
        .await;
    let client = client(&server);
    let alert = client
        .security()
        .alerts_v2()
        .by_id("../../users")
        .get()
        .select(["id"])
        .send()
        .await
        .unwrap();
    assert_eq!(alert.id.as_deref(), Some("../../users"));
    let count = client
        .security()
        .incidents()
        .count()
        .filter("status eq 'active'")
        .send()
        .await
        .unwrap();
    assert_eq!(count, 42);
}

#[tokio::test]
async fn update_sends_exactly_the_properties_set() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path("/v1.0/security/incidents/17"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = client(&server);
    let mut change = Incident::default();
    change.status = Some(IncidentStatus::Resolved);
    change.assigned_to = Nullable::Null; // unassign; every other property untouched
    let updated = client
        .security()
        .incidents()
        .by_id("17")
        .update(&change)
        .send()
        .await
        .unwrap();
    assert!(updated.is_none());
    let requests = received(&server).await;
    let body: Value = serde_json::from_slice(&requests[0].body).unwrap();
    assert_eq!(body, json!({"assignedTo": null, "status": "resolved"}));
}

#[tokio::test]
async fn run_hunting_query_action_body_and_typed_result() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(
            "/v1.0/security/microsoft.graph.security.runHuntingQuery",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "schema": [{"name": "Timestamp", "type": "DateTime"}],
            "results": [{"Timestamp": "2026-11-25T10:00:00Z"}]
        })))
        .mount(&server)
        .await;
    let client = client(&server);
    let parameters =
        SecurityRunHuntingQueryParameters::new(String::from("DeviceProcessEvents | take 1"));
    let result = client
        .security()
        .run_hunting_query(&parameters)
        .send()
        .await
        .unwrap();
    let schema = result.schema.clone().unwrap();
    assert_eq!(
        schema[0].name.value().map(String::as_str),
        Some("Timestamp")
    );
    assert_eq!(result.columns(), [("Timestamp", "DateTime")]);
    // Rows as the caller's own type.
    let rows: Vec<std::collections::BTreeMap<String, Value>> = result.rows().unwrap();
    assert_eq!(rows[0]["Timestamp"], "2026-11-25T10:00:00Z");
    let error = result.rows::<Vec<u8>>().unwrap_err();
    assert!(error.to_string().starts_with("row 0:"), "{error}");
    assert_eq!(result.results.unwrap().len(), 1);
    let requests = received(&server).await;
    let body: Value = serde_json::from_slice(&requests[0].body).unwrap();
    assert_eq!(body, json!({"query": "DeviceProcessEvents | take 1"}));
}

#[tokio::test]
async fn insertable_collection_property_and_graph_errors() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1.0/security/alerts_v2/a1/comments"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "value": [{"comment": "looked at it", "createdByDisplayName": "me"}]
        })))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/v1.0/security/cases/ediscoveryCases/c1"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "error": {"code": "NotFound", "message": "no such case",
                      "innerError": {"request-id": "r-1", "client-request-id": "c-1", "date": "2026-11-25T10:00:00"}}
        })))
        .mount(&server)
        .await;
    let client = client(&server);
    let mut comment = AlertComment::default();
    comment.comment = Nullable::Value(String::from("looked at it"));
    let comments = client
        .security()
        .alerts_v2()
        .by_id("a1")
        .add_comments(&comment)
        .send()
        .await
        .unwrap();
    assert_eq!(
        comments[0]
            .created_by_display_name
            .value()
            .map(String::as_str),
        Some("me")
    );
    let err = client
        .security()
        .cases()
        .ediscovery_cases()
        .by_id("c1")
        .delete()
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.code(), Some("NotFound"));
    assert_eq!(err.request_id(), Some("r-1"));
    assert!(matches!(err.kind(), ErrorKind::Graph { .. }));
}

#[test]
fn builders_are_sans_io() {
    let client = Client::builder()
        .bearer_token(TOKEN)
        .base_url("https://graph.example.test/v1.0")
        .build()
        .unwrap();
    let request = client
        .security()
        .cases()
        .ediscovery_cases()
        .by_id("case 1")
        .custodians()
        .by_id("c/2")
        .get()
        .into_request()
        .unwrap();
    assert_eq!(request.method, Method::Get);
    assert_eq!(
        request.url,
        "https://graph.example.test/v1.0/security/cases/ediscoveryCases/case%201/custodians/c%2F2"
    );
    assert!(!format!("{request:?}").contains(TOKEN));
}
