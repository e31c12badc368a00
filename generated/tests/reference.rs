//! Links to Microsoft's API reference as data: `info().reference` is the page the
//! reference's index gives for the operation's method and path, and `documented()`
//! holds when either the reference or the permissions reference has the operation.
//! No network: the builders are only inspected.
#![cfg(all(
    feature = "reqwest",
    feature = "incidents",
    feature = "threat_intelligence"
))]

use msgraph_security::ClientExt as _;
use msgraph_security::client::{Client, Method};

fn client() -> Client {
    Client::builder()
        .bearer_token("t0ken-for-reference")
        .base_url("http://127.0.0.1:9/v1.0")
        .build()
        .unwrap_or_else(|e| panic!("{e}"))
}

const PAGE: &str = "https://learn.microsoft.com/graph/api/";

#[test]
fn info_exposes_the_reference_page() {
    let client = client();
    let incidents = client.security().incidents();
    let list = incidents.list();
    let info = list.info();
    assert_eq!(
        (info.method, info.path),
        (Method::Get, "/security/incidents")
    );
    assert_eq!(
        info.reference,
        Some("https://learn.microsoft.com/graph/api/security-list-incidents?view=graph-rest-1.0")
    );
    assert!(info.documented());
    // `$count` gets the list page.
    assert_eq!(incidents.count().info().reference, info.reference);
    let get = incidents.by_id("1").get();
    let get_page = get.info().reference.unwrap_or_default();
    assert!(
        get_page.starts_with(PAGE) && get_page.contains("incident-get"),
        "{get_page}"
    );
}

#[test]
fn an_operation_only_the_reference_documents_is_documented() {
    // The permissions reference has no entry for it; Microsoft's reference has a page.
    let client = client();
    let hosts = client.security().threat_intelligence().hosts();
    let list = hosts.by_id("contoso.com").ssl_certificates().list();
    let info = list.info();
    assert!(info.permissions.delegated.is_empty() && info.permissions.application.is_empty());
    assert!(
        info.reference.is_some_and(|url| url.starts_with(PAGE)),
        "{info:?}"
    );
    assert!(info.documented());
}

#[test]
fn an_undocumented_operation_has_no_reference() {
    // Implied by the schema, documented nowhere.
    let client = client();
    let incidents = client.security().incidents();
    let create = incidents.create(&Default::default());
    let info = create.info();
    assert_eq!(info.reference, None);
    assert!(!info.documented());
}
