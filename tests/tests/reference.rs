//! Links to Microsoft's API reference end to end on fixtures: a small index of the
//! reference (`tests/fixtures/reference/`) matched against the URL-tree fixture
//! (`tests/fixtures/csdl/requests.xml`), then generated: the request builders carry
//! `Microsoft's reference: <URL>` and `OperationInfo::new_with_reference`, the models
//! the reference line of their type and the builder methods that return or take
//! them, the route listing counts them as documented.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;

use msgraph_security_codegen::reference::{self, DocsIndex, ReferenceFacts};
use msgraph_security_codegen::{Pin, Settings, routes};

fn fixture_pin() -> (Pin, reference::Derivation) {
    let fixtures = msgraph_security_tests::fixtures_dir();
    let text = fs::read_to_string(fixtures.join("csdl/requests.xml")).unwrap();
    let pin = Pin::read(&text, "requests.xml").unwrap_or_else(|e| panic!("{e}"));
    let read = |name: &str| fs::read_to_string(fixtures.join("reference").join(name)).unwrap();
    let index = DocsIndex::from_tsv(
        &read("operations.tsv"),
        &read("types.tsv"),
        &read("pages.tsv"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let derived = reference::derive(pin.schema(), &routes::routes(pin.schema()), &index, &|_| {
        false
    });
    // Through the file `metadata/` would hold.
    let facts = ReferenceFacts::from_json_text(&derived.facts.to_json_text(), "reference.json")
        .unwrap_or_else(|e| panic!("{e}"));
    (pin.with_reference(facts), derived)
}

#[test]
fn the_fixture_index_is_matched_structurally() {
    let (_, derived) = fixture_pin();
    let mut report = derived.summary();
    for unmatched in &derived.unmatched {
        report.push_str(&format!("{unmatched:?}\n"));
    }
    insta::assert_snapshot!(report);
    insta::assert_snapshot!(
        "reference_json_of_the_requests_fixture",
        derived.facts.to_json_text()
    );
}

#[test]
fn generated_docs_and_info_carry_the_links() {
    let (pin, _) = fixture_pin();
    let generated = pin
        .generate(&Settings::crate_default())
        .unwrap_or_else(|e| panic!("{e}"));
    let mut out = String::new();
    for (path, contents) in &generated.requests {
        out.push_str(&format!("==> requests/{path}\n{contents}\n"));
    }
    for name in ["incident.rs", "alert.rs", "task.rs"] {
        let contents = generated
            .models
            .get(name)
            .unwrap_or_else(|| panic!("no models/{name}"));
        out.push_str(&format!("==> models/{name}\n{contents}\n"));
    }
    assert!(out.contains(
        "/// Microsoft's reference: <https://learn.microsoft.com/graph/api/security-incident-get?view=graph-rest-1.0>"
    ));
    assert!(out.contains(
        "/// Microsoft's reference: <https://learn.microsoft.com/graph/api/resources/security-alert?view=graph-rest-1.0>"
    ));
    // "Returned by" on the models: the builder methods, as rustdoc links.
    let incident = &generated.models["incident.rs"];
    assert!(incident.contains(
        "/// - Returned by [`client.security().incidents().list()`](crate::requests::IncidentsRequest::list)"
    ), "{incident}");
    assert!(incident.contains("taken as the body by"), "{incident}");
    insta::assert_snapshot!(out);
    // A link makes an operation documented in the listing, permissions or not.
    let listing = pin.routes();
    assert!(
        listing.contains("GET /security/incidents/{}/tasks\tdocumented\t"),
        "{listing}"
    );
    assert!(
        listing.contains("POST /security/incidents\tundocumented\t"),
        "{listing}"
    );
}

/// Issue 19, section 4: the `list()` rustdoc names only the query options the
/// operation's type accepts; `threatIntelligence/articles` forbids `$filter` and
/// `$orderby`, so its docs do not advertise them (the generated file, as committed).
#[test]
fn list_docs_name_only_the_accepted_options() {
    let file = msgraph_security_tests::workspace_root()
        .join("generated/src/requests/threat_intelligence.rs");
    let text = fs::read_to_string(&file).unwrap();
    let doc = text
        .lines()
        .find(|l| {
            l.trim_start()
                .starts_with("/// `GET /security/threatIntelligence/articles`:")
        })
        .unwrap_or_else(|| panic!("no list() of articles in {}", file.display()));
    assert!(
        doc.contains("(`$select`, `$top`, `$skip`, `$count`, `$search`)"),
        "{doc}"
    );
    assert!(
        !doc.contains("$filter") && !doc.contains("$orderby"),
        "{doc}"
    );
}
