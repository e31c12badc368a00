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
        "alerts/any(a: a/severity eq 'high' and a/status ne 'resolved')"
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
            .contains("$filter=alerts/any(a:%20a/status%20eq%20%27new%27)"),
        "{}",
        request.url
    );
}

/// The alert queries security teams write most after dates and enums: a
/// lambda over the polymorphic `evidence` with a cast to a derived type,
/// rendered exactly as the service's examples write them, and sent once
/// percent-encoded.
#[tokio::test]
async fn evidence_lambdas_with_casts_render_the_real_queries() {
    use msgraph_security::models::{
        AlertEvidence, DeviceEvidence, FileDetails, FileEvidence, UserAccount, UserEvidence,
    };
    let user = Alert::EVIDENCE.any_with(|e| {
        e.cast::<UserEvidence>()
            .then(UserEvidence::USER_ACCOUNT)
            .then(UserAccount::USER_PRINCIPAL_NAME)
            .eq("x")
    });
    assert_eq!(
        user.to_string(),
        "evidence/any(e: e/microsoft.graph.security.userEvidence/userAccount/userPrincipalName eq 'x')"
    );
    let device = Alert::EVIDENCE.any_with(|e| {
        e.cast::<DeviceEvidence>()
            .then(DeviceEvidence::MDE_DEVICE_ID)
            .eq("2e0d1cd2c3ad4c1dd1e6dcd6e8e5bc1b6e4f9e0a")
    });
    assert_eq!(
        device.to_string(),
        "evidence/any(e: e/microsoft.graph.security.deviceEvidence/mdeDeviceId eq '2e0d1cd2c3ad4c1dd1e6dcd6e8e5bc1b6e4f9e0a')"
    );
    let file = Alert::EVIDENCE.any_with(|e| {
        e.cast::<FileEvidence>()
            .then(FileEvidence::FILE_DETAILS)
            .then(FileDetails::FILE_NAME)
            .contains("mimikatz")
    });
    assert_eq!(
        file.to_string(),
        "evidence/any(e: contains(e/microsoft.graph.security.fileEvidence/fileDetails/fileName,'mimikatz'))"
    );
    // The base type's own properties next to a cast, in one lambda.
    let since: DateTimeOffset = "2026-03-01T00:00:00Z".parse().unwrap();
    let mixed = Alert::EVIDENCE.any_with(|e| {
        e.then(AlertEvidence::CREATED_DATE_TIME).ge(since).and(
            e.cast::<UserEvidence>()
                .then(UserEvidence::USER_ACCOUNT)
                .then(UserAccount::USER_PRINCIPAL_NAME)
                .is_not_null(),
        )
    });
    assert_eq!(
        mixed.to_string(),
        "evidence/any(e: e/createdDateTime ge 2026-03-01T00:00:00Z and e/microsoft.graph.security.userEvidence/userAccount/userPrincipalName ne null)"
    );
    // Inside an incident's alerts: the variables nest (`a`, then `e`).
    let nested = Incident::ALERTS.any(Alert::EVIDENCE.any_with(|e| {
        e.cast::<FileEvidence>()
            .then(FileEvidence::FILE_DETAILS)
            .then(FileDetails::SHA256)
            .eq("ab")
    }));
    assert_eq!(
        nested.to_string(),
        "alerts/any(a: a/evidence/any(e: e/microsoft.graph.security.fileEvidence/fileDetails/sha256 eq 'ab'))"
    );

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1.0/security/alerts_v2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"value": []})))
        .mount(&server)
        .await;
    let client = client(&server);
    client
        .security()
        .alerts_v2()
        .list()
        .filter(user)
        .send()
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        requests[0].url.query(),
        Some(
            "$filter=evidence/any(e:%20e/microsoft.graph.security.userEvidence/userAccount/userPrincipalName%20eq%20%27x%27)"
        )
    );
}

/// A single-valued polymorphic property cast to a derived type.
#[test]
fn single_valued_casts() {
    use msgraph_security::models::{ArticleIndicator, Artifact, Hostname};
    use msgraph_security::runtime::query::Property;
    assert_eq!(
        ArticleIndicator::ARTIFACT
            .cast::<Hostname>()
            .then(Hostname::REGISTRAR)
            .eq("MarkMonitor")
            .to_string(),
        "artifact/microsoft.graph.security.hostname/registrar eq 'MarkMonitor'"
    );
    assert_eq!(
        ArticleIndicator::ARTIFACT
            .then(Artifact::ID)
            .eq("contoso.com")
            .to_string(),
        "artifact/id eq 'contoso.com'"
    );
    // `hostName`, as the real queries write it, is no property the pinned
    // schema declares on `hostname`: a hand-declared path reaches it.
    const HOST_NAME: Property<Hostname, Option<String>> = Property::new("hostName");
    assert_eq!(
        ArticleIndicator::ARTIFACT
            .cast::<Hostname>()
            .then(HOST_NAME)
            .eq("x")
            .to_string(),
        "artifact/microsoft.graph.security.hostname/hostName eq 'x'"
    );
}

/// A value an enum does not know yet is written only through its named
/// constructor; a known name gives the member.
#[test]
fn unknown_enum_values_are_explicit() {
    assert_eq!(
        Alert::SEVERITY
            .eq(AlertSeverity::unrecognized("critical"))
            .to_string(),
        "severity eq 'critical'"
    );
    assert_eq!(AlertSeverity::unrecognized("high"), AlertSeverity::High);
    assert_eq!(
        Alert::SEVERITY.eq(AlertSeverity::High).to_string(),
        "severity eq 'high'"
    );
}

/// `$expand` on navigation properties, single and collection, and on a
/// polymorphic navigation property (the counterparts of the `compile_fail`
/// examples for complex and primitive collections).
#[test]
fn expand_reaches_navigation_properties() {
    use msgraph_security::models::{ArticleIndicator, Hostname};
    assert_eq!(Incident::ALERTS.expand().to_string(), "alerts");
    assert_eq!(ArticleIndicator::ARTIFACT.expand().to_string(), "artifact");
    assert_eq!(
        Hostname::COMPONENTS.expand().top(3).to_string(),
        "components($top=3)"
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
    // Documented by a reference page though the permissions reference does
    // not list it: "documented" means either source.
    let certificates = client
        .security()
        .threat_intelligence()
        .hosts()
        .by_id("contoso.com")
        .ssl_certificates()
        .list();
    let info = certificates.info();
    assert!(info.documented());
    assert!(
        info.reference
            .is_some_and(|url| url.contains("security-host-list-sslcertificates"))
    );
    assert!(info.permissions.delegated.is_empty() && info.permissions.application.is_empty());
}
