//! Real documented payloads deserialize into the typed models and round-trip.
//!
//! The JSON examples of the seed documents in `../shared/seeds` are used when
//! `../shared` exists (and required when `MSGRAPH_REQUIRE_SHARED=1`); the project's
//! own fixtures (tests/fixtures/payloads, the same shapes written with our own
//! values) always run.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use msgraph_security::models::{
    Alert, AlertClassification, AlertSeverity, Incident, IncidentStatus,
};
use msgraph_security::runtime::Model as _;
use msgraph_security::runtime::Nullable;
use msgraph_security_tests::{
    Payload, fixtures_dir, is_type_template, json_objects_in, roundtrip_difference, shared_path,
};
use serde_json::Value;

/// A single incident, or a page (`value`) of incidents.
fn roundtrip_incidents(label: &str, payload: &Value) -> Vec<Incident> {
    let incidents: Vec<Incident> = match payload.get("value") {
        Some(page) => {
            serde_json::from_value(page.clone()).unwrap_or_else(|e| panic!("{label}: {e}"))
        }
        None => {
            vec![serde_json::from_value(payload.clone()).unwrap_or_else(|e| panic!("{label}: {e}"))]
        }
    };
    let again = match payload.get("value") {
        Some(_) => {
            let mut page = payload.as_object().cloned().unwrap_or_default();
            page.insert(
                String::from("value"),
                serde_json::to_value(&incidents).unwrap(),
            );
            Value::Object(page)
        }
        None => serde_json::to_value(&incidents[0]).unwrap(),
    };
    let shape = match payload.get("value") {
        Some(_) => Payload::Page(Incident::ODATA_TYPE),
        None => Payload::Object(Incident::ODATA_TYPE),
    };
    if let Some(diff) = roundtrip_difference(payload, &again, shape) {
        panic!("{label}: round trip differs at {diff}");
    }
    // Typed values survive a second trip unchanged.
    let twice: Vec<Incident> = incidents
        .iter()
        .map(|i| serde_json::from_value(serde_json::to_value(i).unwrap()).unwrap())
        .collect();
    assert_eq!(twice, incidents, "{label}");
    incidents
}

fn fixture(name: &str) -> Value {
    let path = fixtures_dir().join("payloads").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

#[test]
fn own_fixture_get_incident() {
    let incidents = roundtrip_incidents("get_incident.json", &fixture("get_incident.json"));
    let incident = &incidents[0];
    assert_eq!(incident.id.as_deref(), Some("4711"));
    assert_eq!(incident.status, Some(IncidentStatus::Active));
    assert_eq!(incident.redirect_incident_id, Nullable::Null);
    assert_eq!(
        incident.assigned_to.value().map(String::as_str),
        Some("analyst@example.com")
    );
    assert_eq!(
        incident
            .created_date_time
            .as_ref()
            .map(ToString::to_string)
            .as_deref(),
        Some("2026-03-02T08:15:42.1234567Z")
    );
    assert!(
        incident
            .additional_properties
            .contains_key("@odata.context")
    );
}

#[test]
fn own_fixture_list_incidents_with_pascal_case_enums() {
    let incidents = roundtrip_incidents(
        "list_incidents_beta.json",
        &fixture("list_incidents_beta.json"),
    );
    let incident = &incidents[0];
    assert_eq!(
        incident.classification,
        Nullable::Value(AlertClassification::TruePositive)
    );
    assert_eq!(incident.severity, Some(AlertSeverity::Medium));
    assert_eq!(incident.status, Some(IncidentStatus::Active));
    // Not declared by microsoft.graph.security.incident: kept.
    assert!(incident.additional_properties.contains_key("aadTenantId"));
    assert!(incident.additional_properties.contains_key("tags"));
}

#[test]
fn own_fixture_list_incidents_with_expanded_alerts() {
    let incidents = roundtrip_incidents(
        "list_incidents_expand_alerts.json",
        &fixture("list_incidents_expand_alerts.json"),
    );
    let alerts: &Vec<Alert> = incidents[0].alerts.as_ref().expect("alerts expanded");
    assert_eq!(alerts.len(), 1);
    assert_eq!(
        alerts[0].odata_type.as_deref(),
        Some("#microsoft.graph.alert_v2")
    );
    assert_eq!(
        alerts[0].title.value().map(String::as_str),
        Some("Fixture alert")
    );
}

#[test]
fn seed_payloads_deserialize_and_roundtrip() {
    let Some(seeds) = shared_path(
        "seeds",
        "seed payloads (own fixtures cover the same shapes)",
    ) else {
        return;
    };
    let mut payloads = 0;
    let mut templates = 0;
    let mut entries: Vec<_> = std::fs::read_dir(seeds)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        let text = std::fs::read_to_string(&path).unwrap();
        for (i, json) in json_objects_in(&text).into_iter().enumerate() {
            let label = format!("{} #{i}", path.display());
            if json.get("blockType").is_some() {
                // Docs build metadata (`<!-- { "blockType": ... } -->`), not a payload.
                continue;
            }
            if is_type_template(&json) {
                // A "JSON representation" table: values are type names, not data.
                templates += 1;
                continue;
            }
            let incidents = roundtrip_incidents(&label, &json);
            assert!(!incidents.is_empty(), "{label}");
            payloads += 1;
        }
    }
    // 000: Get incident; 003: List incidents, and List incidents with $expand=alerts.
    assert_eq!(payloads, 3, "payload examples found in the seeds");
    assert_eq!(
        templates, 1,
        "JSON representation templates found in the seeds"
    );
}
