//! The generated `sync()` of a syncable collection: its requests and typed
//! items (the loop itself is tested in the runtime and the collector).

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code

use futures_util::StreamExt as _;
use msgraph_security::ClientExt as _;
use msgraph_security::client::{CheckpointStore as _, Client, FileCheckpointStore};
use msgraph_security::models::{Incident, IncidentStatus};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The README's "Running a collector" example, compiled.
#[allow(dead_code)]
async fn collect(client: Client, tenant: &str) -> Result<(), msgraph_security::client::Error> {
    let store = FileCheckpointStore::new("state");
    let sync = client
        .security()
        .incidents()
        .sync()
        .filter(Incident::STATUS.ne(IncidentStatus::Redirected))
        .scope(tenant);
    let checkpoint = store.load(&sync.collection(), tenant).await?;
    let mut stream = sync.resume(checkpoint).stream();
    while let Some(item) = stream.next().await {
        match item {
            Ok(item) => {
                println!("{} changed at {}", item.id, item.changed);
                store.commit(&stream.checkpoint()).await?;
            }
            Err(error) => eprintln!("pass failed, the next one goes on: {error}"),
        }
    }
    Ok(())
}

#[tokio::test]
async fn incidents_sync_pages_by_last_update_with_the_users_filter() {
    let server = MockServer::start().await;
    let body = r#"{"value":[
        {"id":"1","status":"active","lastUpdateDateTime":"2026-12-01T10:00:00.1234567Z"},
        {"id":"2","status":"resolved","lastUpdateDateTime":"2026-12-01T10:00:01Z"}]}"#;
    Mock::given(method("GET"))
        .and(path("/v1.0/security/incidents"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    let client = Client::builder()
        .bearer_token("t")
        .base_url(format!("{}/v1.0", server.uri()))
        .build()
        .unwrap();
    let sync = client
        .security()
        .incidents()
        .sync()
        .filter(Incident::STATUS.ne(IncidentStatus::Redirected))
        .select([Incident::DISPLAY_NAME.selector()])
        .scope("contoso");
    assert_eq!(sync.change_time(), "lastUpdateDateTime");
    assert_eq!(sync.collection(), "/security/incidents");
    let mut stream = sync.once();
    let mut items = Vec::new();
    while let Some(item) = stream.next().await {
        items.push(item.unwrap());
    }
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].item.status, Some(IncidentStatus::Active));
    assert_eq!(items[1].id, "2");
    assert_eq!(
        stream.watermark().map(|t| t.to_string()).as_deref(),
        Some("2026-12-01T10:00:01Z")
    );
    let requests = server.received_requests().await.unwrap();
    let first = requests[0].url.query().unwrap_or_default().to_owned();
    assert!(
        first.contains("$filter=status%20ne%20%27redirected%27")
            && first.contains("$select=displayName,id,lastUpdateDateTime")
            && first.contains("$orderby=lastUpdateDateTime%20asc")
            && first.contains("$top=50"),
        "{first}"
    );
    // The calibration probe: the same request, descending.
    let second = requests[1].url.query().unwrap_or_default();
    assert!(
        second.contains("$orderby=lastUpdateDateTime%20desc"),
        "{second}"
    );
    let checkpoint = stream.checkpoint();
    assert_eq!(
        (checkpoint.collection.as_str(), checkpoint.scope.as_str()),
        ("/security/incidents", "contoso")
    );
    assert_eq!(checkpoint.seen.len(), 2);
}
