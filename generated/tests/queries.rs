//! Typed queries end to end: the generated property paths build `$filter`,
//! `$select`, `$orderby` and `$expand`, and the exact query string reaches a
//! server on loopback (wiremock), percent-encoded once.
#![allow(clippy::unwrap_used)]
#![cfg(feature = "reqwest")]

use msgraph_security::ClientExt as _;
use msgraph_security::client::{Client, RetryPolicy};
use msgraph_security::models::{Alert, AlertSeverity, AlertStatus, Incident, IncidentStatus};
use msgraph_security::runtime::DateTimeOffset;
use msgraph_security::runtime::query::quote;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .bearer_token("t")
        .base_url(format!("{}/v1.0", server.uri()))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
}

async fn serve_empty_page() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1.0/security/incidents"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"value": []})))
        .mount(&server)
        .await;
    server
}

/// The seed's scenario: active incidents of high severity created after a
/// date, newest first, with the id and status of at most 5 of their alerts.
#[tokio::test]
async fn the_seed_scenario_sends_the_exact_query() {
    let server = serve_empty_page().await;
    let client = client(&server);
    let since: DateTimeOffset = "2026-03-01T00:00:00.1234567Z".parse().unwrap();
    let filter = Incident::STATUS
        .eq(IncidentStatus::Active)
        .and(Incident::SEVERITY.eq(AlertSeverity::High))
        .and(Incident::CREATED_DATE_TIME.ge(since));
    let page = client
        .security()
        .incidents()
        .list()
        .filter(filter)
        .select([
            Incident::ID.selector(),
            Incident::DISPLAY_NAME.selector(),
            Incident::CREATED_DATE_TIME.selector(),
        ])
        .orderby([Incident::CREATED_DATE_TIME.desc()])
        .expand([Incident::ALERTS
            .expand()
            .select([Alert::ID.selector(), Alert::STATUS.selector()])
            .top(5)])
        .top(50)
        .send()
        .await
        .unwrap();
    assert!(page.items.is_empty());
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        requests[0].url.query(),
        Some(concat!(
            "$filter=status%20eq%20%27active%27%20and%20severity%20eq%20%27high%27",
            "%20and%20createdDateTime%20ge%202026-03-01T00:00:00.1234567Z",
            "&$select=id,displayName,createdDateTime",
            "&$expand=alerts($select%3Did,status%3B$top%3D5)",
            "&$orderby=createdDateTime%20desc",
            "&$top=50",
        ))
    );
    // What the server decodes is exactly the rendered expression.
    let pairs: Vec<(String, String)> = requests[0].url.query_pairs().into_owned().collect();
    assert_eq!(
        pairs[0],
        (
            "$filter".to_owned(),
            "status eq 'active' and severity eq 'high' and createdDateTime ge 2026-03-01T00:00:00.1234567Z"
                .to_owned()
        )
    );
    assert_eq!(
        pairs[2],
        (
            "$expand".to_owned(),
            "alerts($select=id,status;$top=5)".to_owned()
        )
    );
}

/// A user-supplied value can never leave its literal or its query parameter.
#[tokio::test]
async fn hostile_values_stay_inside_their_literal() {
    let server = serve_empty_page().await;
    let client = client(&server);
    let values = [
        "x' or status eq 'resolved",
        "a&$top=1",
        "a#fragment",
        "a+b c",
        "100%25 %",
        "über 中文 😀",
        "ctl\u{1}\u{7f}\n",
    ];
    for value in values {
        let filter = Incident::ASSIGNED_TO
            .eq(value)
            .or(Incident::DISPLAY_NAME.contains(value));
        client
            .security()
            .incidents()
            .list()
            .filter(filter)
            .send()
            .await
            .unwrap();
    }
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), values.len());
    for (request, value) in requests.iter().zip(values) {
        let pairs: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
        assert_eq!(pairs.len(), 1, "{value:?} split the query: {pairs:?}");
        assert_eq!(request.url.fragment(), None);
        let expected = format!(
            "assignedTo eq {q} or contains(displayName,{q})",
            q = quote(value)
        );
        assert_eq!(pairs[0], ("$filter".to_owned(), expected));
    }
}

#[tokio::test]
async fn lambdas_and_raw_strings_side_by_side() {
    let server = serve_empty_page().await;
    let client = client(&server);
    let typed = Incident::ALERTS.any(
        Alert::SEVERITY
            .eq(AlertSeverity::High)
            .and(Alert::STATUS.ne(AlertStatus::Resolved)),
    );
    let incidents = client.security().incidents();
    incidents.list().filter(typed).send().await.unwrap();
    // The escape hatch: a raw expression, with `quote` for the value.
    incidents
        .list()
        .filter(format!("assignedTo eq {}", quote("O'Brien")))
        .orderby(["createdDateTime desc"])
        .send()
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    let filter = |i: usize| {
        requests[i]
            .url
            .query_pairs()
            .find(|(k, _)| k == "$filter")
            .unwrap()
            .1
            .into_owned()
    };
    assert_eq!(
        filter(0),
        "alerts/any(a:a/severity eq 'high' and a/status ne 'resolved')"
    );
    assert_eq!(filter(1), "assignedTo eq 'O''Brien'");
}

/// The allowed counterparts of the `compile_fail` examples in the crate docs
/// compile (so those fail for the reason they show).
#[test]
fn counterparts_of_the_compile_fail_examples() {
    use msgraph_security::models::Article;
    let client = Client::builder().bearer_token("t").build().unwrap();
    let articles = client.security().threat_intelligence().articles().list();
    let request = articles
        .select([Article::TITLE.selector()])
        .into_request()
        .unwrap();
    assert!(
        request
            .url
            .ends_with("/security/threatIntelligence/articles?$select=title")
    );
    assert_eq!(
        Incident::ASSIGNED_TO.is_null().to_string(),
        "assignedTo eq null"
    );
    assert_eq!(
        Incident::DISPLAY_NAME.contains("hi").to_string(),
        "contains(displayName,'hi')"
    );
    assert_eq!(
        Incident::STATUS.eq(IncidentStatus::Active).to_string(),
        "status eq 'active'"
    );
    let since: DateTimeOffset = "2026-03-01T00:00:00Z".parse().unwrap();
    assert_eq!(
        Incident::CREATED_DATE_TIME.ge(since).to_string(),
        "createdDateTime ge 2026-03-01T00:00:00Z"
    );
    use msgraph_security::models::{IntelligenceProfile, IntelligenceProfileKind};
    assert_eq!(
        IntelligenceProfile::KIND
            .eq(IntelligenceProfileKind::Actor)
            .to_string(),
        "kind eq 'actor'"
    );
    assert_eq!(IntelligenceProfile::TITLE.selector().to_string(), "title");
    assert_eq!(
        IntelligenceProfile::FIRST_ACTIVE_DATE_TIME
            .selector()
            .to_string(),
        "firstActiveDateTime"
    );
    let filter = Incident::ALERTS.any(Alert::STATUS.eq(AlertStatus::New));
    let request = client
        .security()
        .incidents()
        .list()
        .filter(filter)
        .into_request()
        .unwrap();
    assert!(
        request
            .url
            .contains("$filter=alerts/any(a:a/status%20eq%20%27new%27)"),
        "{}",
        request.url
    );
}

/// Operations say whether Microsoft's API reference documents them.
#[test]
fn documented_and_undocumented_operations() {
    let client = Client::builder().bearer_token("t").build().unwrap();
    let incidents = client.security().incidents();
    assert!(incidents.list().info().documented());
    assert!(incidents.by_id("1").get().info().documented());
    // Implied by the schema, not offered by the service.
    assert!(!incidents.create(&Incident::new()).info().documented());
}
