//! The client with the generated models against a real HTTP server on loopback
//! (wiremock): what depends on the models' serde (typed enums with members
//! added later, PATCH bodies of `Nullable` fields, decode errors naming the
//! model, read-modify-write of a fetched incident). The client itself, with
//! JSON values, is tested in `runtime/tests/client.rs`.
#![allow(clippy::unwrap_used)] // test helpers outside `#[test]` functions
#![cfg(feature = "reqwest")] // the wiremock tests go through the default transport

use std::time::Duration;

use msgraph_security::client::options::AllOptions;
use msgraph_security::client::{
    Client, ErrorKind, Get, List, Method, OperationInfo, Permissions, RequestPath, RetryPolicy,
    Update,
};
use msgraph_security::models::{Incident, IncidentStatus};
use msgraph_security::runtime::Nullable;
use serde_json::{Value, json};
use wiremock::matchers::{body_string, method, path};
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
static GET: OperationInfo =
    OperationInfo::new(Method::Get, "/security/incidents/{}", Permissions::EMPTY);
static UPDATE: OperationInfo =
    OperationInfo::new(Method::Patch, "/security/incidents/{}", Permissions::EMPTY);

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

fn incidents(client: &Client) -> RequestPath {
    RequestPath::root(client, "security").segment("incidents")
}

fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).map(|v| v.to_str().unwrap())
}

async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap()
}

#[tokio::test]
async fn list_encodes_every_query_option() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1.0/security/incidents"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "@odata.count": 2,
            "value": [{"id": "1", "status": "active"}, {"id": "2", "status": "somethingNew"}]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let page = List::<Incident>::new(incidents(&client(&server)), &LIST)
        .filter("status eq 'active' and severity ge 'medium'")
        .search("\"phish & chips\"")
        .select(["id", "status"])
        .expand(["alerts"])
        .orderby(["createdDateTime desc", "id"])
        .top(2)
        .skip(4)
        .count(true)
        .send()
        .await
        .unwrap();
    assert_eq!(page.count, Some(2));
    assert_eq!(page.next_link, None);
    assert_eq!(page.items.len(), 2);
    assert_eq!(page.items[0].status, Some(IncidentStatus::Active));
    assert_eq!(
        page.items[1]
            .status
            .as_ref()
            .map(ToString::to_string)
            .as_deref(),
        Some("somethingNew")
    );
    let requests = received(&server).await;
    assert_eq!(
        requests[0].url.query(),
        Some(
            "$filter=status%20eq%20%27active%27%20and%20severity%20ge%20%27medium%27\
             &$search=%22phish%20%26%20chips%22&$select=id,status&$expand=alerts\
             &$orderby=createdDateTime%20desc,id&$top=2&$skip=4&$count=true"
        )
    );
}

#[tokio::test]
async fn patch_sends_exactly_the_properties_set() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path("/v1.0/security/incidents/42"))
        .and(body_string(r#"{"assignedTo":null,"status":"resolved"}"#))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let mut change = Incident::new();
    change.assigned_to = Nullable::Null; // cleared
    change.status = Some(IncidentStatus::Resolved); // set; everything else untouched
    let updated = Update::<Incident>::new(incidents(&client(&server)).key("42"), &UPDATE, &change)
        .send()
        .await
        .unwrap();
    assert_eq!(updated, None);
    let requests = received(&server).await;
    assert_eq!(
        header(&requests[0], "content-type"),
        Some("application/json")
    );
    assert_eq!(
        requests[0].body,
        br#"{"assignedTo":null,"status":"resolved"}"#
    );
}

#[tokio::test]
async fn decode_errors_name_the_type_and_path() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{\"id\": 5}"))
        .mount(&server)
        .await;
    let error = Get::<Incident>::new(incidents(&client(&server)).key("1"), &GET)
        .send()
        .await
        .unwrap_err();
    let ErrorKind::Decode {
        type_name,
        path,
        message,
        ..
    } = error.kind()
    else {
        panic!("{error:?}");
    };
    assert!(type_name.ends_with("Incident"), "{type_name}");
    assert_eq!(*path, "/security/incidents/{}");
    assert!(message.contains("line 1 column"), "{message}");
}

/// Read-modify-write on a fetched incident where Graph sent `null` for
/// properties the schema calls non-nullable (`status`, `severity`,
/// `customTags`): the nulls are kept raw, and once the user sets a field the
/// body carries it once, with the user's value (the service keeps the last
/// key, so a second, raw `"status":null` would undo the update).
#[tokio::test]
async fn read_modify_write_of_a_fetched_incident_keeps_the_update() {
    let server = MockServer::start().await;
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/payloads/get_incident.json"
    );
    let mut fetched: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture).unwrap()).unwrap();
    fetched["status"] = Value::Null;
    fetched["severity"] = Value::Null;
    fetched["customTags"] = Value::Null;
    Mock::given(method("GET"))
        .and(path("/v1.0/security/incidents/4711"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&fetched))
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = client(&server);
    let mut incident: Incident = Get::<_, AllOptions>::new(incidents(&client).key("4711"), &GET)
        .send()
        .await
        .unwrap();
    assert_eq!(incident.status, None);
    assert_eq!(
        incident.additional_properties.get("status"),
        Some(&Value::Null)
    );
    incident.status = Some(IncidentStatus::Resolved);
    incident.custom_tags = Some(vec!["triaged".to_owned()]);
    Update::<Incident>::new(incidents(&client).key("4711"), &UPDATE, &incident)
        .send()
        .await
        .unwrap();
    let requests = received(&server).await;
    let body = std::str::from_utf8(&requests[1].body).unwrap();
    assert_eq!(body.matches(r#""status":"#).count(), 1, "{body}");
    assert_eq!(body.matches(r#""customTags":"#).count(), 1, "{body}");
    assert_eq!(body.matches(r#""severity":"#).count(), 1, "{body}");
    let sent: serde_json::Map<String, Value> = serde_json::from_str(body).unwrap();
    assert_eq!(sent["status"], "resolved");
    assert_eq!(sent["customTags"], json!(["triaged"]));
    // Untouched: the raw null stays as Graph sent it.
    assert_eq!(sent["severity"], Value::Null);
    // Everything else fetched is sent back as it came.
    let mut expected = fetched.as_object().unwrap().clone();
    expected.insert("status".into(), json!("resolved"));
    expected.insert("customTags".into(), json!(["triaged"]));
    assert_eq!(sent, expected);
}
