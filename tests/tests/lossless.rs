//! Nothing is lost: values unknown when the crate was generated survive a round trip.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use msgraph_security::models::{
    AlertEvidence, AnyAlertEvidence, EvidenceVerdict, FileEvidence, Incident, IncidentStatus,
};
use msgraph_security::runtime::{Nullable, ODataEnum};
use serde_json::{Value, json};

fn roundtrip<T: serde::Serialize + serde::de::DeserializeOwned>(input: &Value) -> (T, Value) {
    let typed: T = serde_json::from_value(input.clone()).unwrap();
    let out = serde_json::to_value(&typed).unwrap();
    (typed, out)
}

#[test]
fn unknown_enum_value_survives() {
    let input = json!({ "id": "1", "status": "underInvestigationByRobots" });
    let (incident, out): (Incident, Value) = roundtrip(&input);
    let status = incident.status.clone().unwrap();
    assert_eq!(status.as_str(), "underInvestigationByRobots");
    assert!(!matches!(
        status,
        IncidentStatus::Active | IncidentStatus::Resolved
    ));
    assert_eq!(out, input);
}

#[test]
fn members_after_unknown_future_value_are_known() {
    // awaitingAction comes after unknownFutureValue in incidentStatus.
    let status = IncidentStatus::from_wire("awaitingAction");
    assert_eq!(status, IncidentStatus::AwaitingAction);
    assert_eq!(status.to_string(), "awaitingAction");
}

#[test]
fn unknown_odata_type_survives_as_the_base_shape() {
    let input = json!({
        "@odata.type": "#microsoft.graph.security.quantumEvidence",
        "createdDateTime": "2026-01-22T12:09:23.1433333Z",
        "verdict": "malicious",
        "qubits": 7
    });
    let (evidence, out): (AnyAlertEvidence, Value) = roundtrip(&input);
    match &evidence {
        AnyAlertEvidence::AlertEvidence(base) => {
            assert_eq!(
                base.odata_type.as_deref(),
                Some("#microsoft.graph.security.quantumEvidence")
            );
            assert_eq!(base.verdict, Some(EvidenceVerdict::Malicious));
            assert_eq!(base.additional_properties.get("qubits"), Some(&json!(7)));
        }
        other => panic!("expected the base shape, got {other:?}"),
    }
    assert_eq!(out, input);
}

#[test]
fn known_odata_type_dispatches_even_when_not_first() {
    let input = json!({
        "detectionStatus": "detected",
        "@odata.type": "#microsoft.graph.security.fileEvidence",
        "fileDetails": { "fileName": "a.exe", "sha256": "00" }
    });
    let (evidence, out): (AnyAlertEvidence, Value) = roundtrip(&input);
    assert!(
        matches!(evidence, AnyAlertEvidence::FileEvidence(_)),
        "{evidence:?}"
    );
    assert_eq!(out, input);
}

#[test]
fn derived_variant_writes_its_odata_type() {
    let mut file = FileEvidence::new();
    file.verdict = Some(EvidenceVerdict::Suspicious);
    let value = serde_json::to_value(AnyAlertEvidence::from(file)).unwrap();
    assert_eq!(
        value["@odata.type"],
        json!("#microsoft.graph.security.fileEvidence")
    );
    let base = serde_json::to_value(AnyAlertEvidence::from(AlertEvidence::new())).unwrap();
    assert_eq!(base, json!({}));
}

#[test]
fn undeclared_properties_and_annotations_survive() {
    let input = json!({
        "@odata.etag": "W/\"abc\"",
        "id": "7",
        "severity": "low",
        "brandNewProperty": { "nested": [1, 2, 3] },
        "displayName@odata.type": "#String"
    });
    let (incident, out): (Incident, Value) = roundtrip(&input);
    assert_eq!(incident.additional_properties.len(), 3);
    assert_eq!(out, input);
}

#[test]
fn null_for_a_non_nullable_property_is_kept() {
    // microsoft.graph.security.incident/createdDateTime is Nullable="false".
    let input = json!({ "id": "8", "createdDateTime": null });
    let (incident, out): (Incident, Value) = roundtrip(&input);
    assert_eq!(incident.created_date_time, None);
    assert_eq!(out, input);
}

#[test]
fn missing_and_null_properties_never_fail() {
    let incident: Incident = serde_json::from_value(json!({})).unwrap();
    assert_eq!(incident, Incident::new());
    let incident: Incident = serde_json::from_value(json!({ "assignedTo": null })).unwrap();
    assert_eq!(incident.assigned_to, Nullable::Null);
}
