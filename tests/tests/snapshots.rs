//! Snapshot tests of the generator over small hand-written CSDL fixtures, one per
//! construct (tests/fixtures/csdl), and of every reader error (tests/fixtures/errors).
//! A change in the generator's output shows up as a reviewable snapshot diff.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;

use msgraph_security_codegen::{Pin, Settings, csdl, emit};

fn settings() -> Settings {
    Settings::crate_default()
}

/// The generated model files of a fixture, concatenated with a header per file.
fn generate_all(text: &str, name: &str) -> String {
    concatenated(text, name, |schema| emit::models(schema, &settings()))
}

/// What `emit` makes of a fixture, concatenated with a header per file.
fn concatenated(
    text: &str,
    name: &str,
    emit: impl Fn(
        &msgraph_security_codegen::ir::Schema,
    )
        -> Result<std::collections::BTreeMap<String, String>, msgraph_security_codegen::Error>,
) -> String {
    let schema = csdl::read(text, name).unwrap_or_else(|e| panic!("{e}"));
    let files = emit(&schema).unwrap_or_else(|e| panic!("{e}"));
    let mut out = String::new();
    for (path, contents) in files {
        out.push_str(&format!("==> {path}\n{contents}\n"));
    }
    out
}

#[test]
fn generated_rust_per_construct() {
    insta::glob!("../fixtures/csdl", "*.xml", |path| {
        let text = fs::read_to_string(path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        insta::assert_snapshot!(generate_all(&text, &name));
    });
}

/// The request builders of the URL-tree fixture, concatenated with a header per file.
fn requests_of(text: &str, name: &str) -> String {
    concatenated(text, name, |schema| {
        Pin::from_schema(schema.clone())
            .generate(&settings())
            .map(|generated| generated.requests)
    })
}

#[test]
fn generated_request_builders() {
    let path = msgraph_security_tests::fixtures_dir().join("csdl/requests.xml");
    let text = fs::read_to_string(&path).unwrap();
    insta::assert_snapshot!(requests_of(&text, "requests.xml"));
    let pin = Pin::read(&text, "requests.xml").unwrap_or_else(|e| panic!("{e}"));
    insta::assert_snapshot!("routes_of_the_requests_fixture", pin.routes());
}

/// The revision-facts fixture: its request builders (deprecated operations and the
/// accessor into a deprecated branch) and its route listing with the removal dates.
#[test]
fn deprecated_request_builders_and_routes() {
    let path = msgraph_security_tests::fixtures_dir().join("csdl/deprecations.xml");
    let text = fs::read_to_string(&path).unwrap();
    insta::assert_snapshot!(requests_of(&text, "deprecations.xml"));
    let pin = Pin::read(&text, "deprecations.xml").unwrap_or_else(|e| panic!("{e}"));
    let routes = pin.routes();
    assert!(
        routes.contains("GET /security/incidents/{}/legacyAlerts\tundocumented\tclient.security().incidents().by_id(..).legacy_alerts().list()\tdeprecated (removal 2026-04-10)\n"),
        "{routes}"
    );
    assert!(
        routes.contains(
            "GET /security/incidents\tundocumented\tclient.security().incidents().list()\n"
        ),
        "{routes}"
    );
    insta::assert_snapshot!("routes_of_the_deprecations_fixture", routes);
}

/// `cargo xtask routes` for the pin: every generated operation, whether
/// Microsoft's API reference documents it, and its Rust call.
#[test]
fn routes_of_the_pin() {
    let metadata = msgraph_security_tests::workspace_root().join("metadata");
    let listing = Pin::load(&metadata)
        .unwrap_or_else(|e| panic!("{e}"))
        .routes();
    // The legacy alerts API is deprecated by the schema's revision facts.
    assert!(
        listing.contains(
            "GET /security/alerts\tdocumented\tclient.security().alerts().list()\tdeprecated (removal 2026-04-10)\n"
        ),
        "{listing}"
    );
    // The schema implies creating incidents; the service does not offer it.
    assert!(
        listing.contains("POST /security/incidents\tundocumented\t"),
        "{listing}"
    );
    assert!(
        listing.contains("GET /security/incidents\tdocumented\t"),
        "{listing}"
    );
    insta::assert_snapshot!(listing);
}

#[test]
fn canonical_csdl_per_construct() {
    insta::glob!("../fixtures/csdl", "*.xml", |path| {
        let text = fs::read_to_string(path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let schema = csdl::read(&text, &name).unwrap_or_else(|e| panic!("{e}"));
        insta::assert_snapshot!(csdl::write(&schema));
    });
}

#[test]
fn reader_errors() {
    insta::glob!("../fixtures/errors", "*.xml", |path| {
        let text = fs::read_to_string(path).unwrap();
        let name = format!("errors/{}", path.file_name().unwrap().to_string_lossy());
        let err = csdl::read(&text, &name).expect_err("the fixture must be rejected");
        insta::assert_snapshot!(err.to_string());
    });
}

#[test]
fn alias_and_qualified_spellings_generate_identical_code() {
    let dir = msgraph_security_tests::fixtures_dir().join("csdl");
    let alias = fs::read_to_string(dir.join("alias_forms.xml")).unwrap();
    let qualified = fs::read_to_string(dir.join("qualified_forms.xml")).unwrap();
    assert_eq!(
        generate_all(&alias, "alias_forms.xml"),
        generate_all(&qualified, "qualified_forms.xml")
    );
}

#[test]
fn generation_is_deterministic() {
    let dir = msgraph_security_tests::fixtures_dir().join("csdl");
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = fs::read_to_string(&path).unwrap();
        let name = path.display().to_string();
        assert_eq!(
            generate_all(&text, &name),
            generate_all(&text, &name),
            "{name}"
        );
    }
}
