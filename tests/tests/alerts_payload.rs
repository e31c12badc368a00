//! A hand-written `alerts_v2` page (tests/fixtures/payloads/alerts_v2_page.json,
//! our own made-up values) deserializes into typed alerts with polymorphic
//! evidence and round-trips without losing anything.
//!
//! The fixture covers what real pages do and what the typed models must survive:
//! ten evidence types, one evidence object whose `@odata.type` is not its first
//! member, an evidence type this crate does not know
//! (`#microsoft.graph.security.futureEvidence`), enum values the schema does not
//! know, undeclared members, nulls, seven-digit fractional seconds and
//! `@odata.nextLink`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use msgraph_security::models::{
    Alert, AlertClassification, AlertDetermination, AlertSeverity, AlertStatus, AnyAlertEvidence,
    DetectionSource, DetectionStatus, EvidenceRemediationStatus, EvidenceRole, EvidenceVerdict,
    ServiceSource,
};
use msgraph_security::runtime::Model as _;
use msgraph_security::runtime::Nullable;
use msgraph_security_tests::{Payload, fixtures_dir, roundtrip_difference};
use serde_json::Value;

fn page() -> Value {
    let path = fixtures_dir().join("payloads").join("alerts_v2_page.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

fn alerts(page: &Value) -> Vec<Alert> {
    serde_json::from_value(page["value"].clone()).unwrap()
}

/// The variant name of each evidence object of `alert`.
fn kinds(alert: &Alert) -> Vec<&'static str> {
    alert
        .evidence
        .iter()
        .flatten()
        .map(|e| match e {
            AnyAlertEvidence::AlertEvidence(_) => "AlertEvidence",
            AnyAlertEvidence::DeviceEvidence(_) => "DeviceEvidence",
            AnyAlertEvidence::ProcessEvidence(_) => "ProcessEvidence",
            AnyAlertEvidence::FileEvidence(_) => "FileEvidence",
            AnyAlertEvidence::RegistryValueEvidence(_) => "RegistryValueEvidence",
            AnyAlertEvidence::MailboxEvidence(_) => "MailboxEvidence",
            AnyAlertEvidence::AnalyzedMessageEvidence(_) => "AnalyzedMessageEvidence",
            AnyAlertEvidence::UrlEvidence(_) => "UrlEvidence",
            AnyAlertEvidence::IpEvidence(_) => "IpEvidence",
            AnyAlertEvidence::CloudApplicationEvidence(_) => "CloudApplicationEvidence",
            AnyAlertEvidence::UserEvidence(_) => "UserEvidence",
            other => other.type_name(),
        })
        .collect()
}

#[test]
fn page_round_trips_without_loss() {
    let original = page();
    let alerts = alerts(&original);
    assert_eq!(alerts.len(), 3);

    // The whole page again, with the typed alerts written back as its `value`.
    let mut again = original.as_object().cloned().unwrap();
    again.insert(
        String::from("value"),
        serde_json::to_value(&alerts).unwrap(),
    );
    let again = Value::Object(again);
    if let Some(diff) = roundtrip_difference(&original, &again, Payload::Page(Alert::ODATA_TYPE)) {
        panic!("alerts_v2_page.json: round trip differs at {diff}");
    }
    // And the value array alone, compared strictly: no enum in the fixture
    // needs case normalisation, so the JSON values are identical.
    assert_eq!(serde_json::to_value(&alerts).unwrap(), original["value"]);

    // Typed values survive a second trip unchanged.
    let twice: Vec<Alert> = serde_json::from_value(serde_json::to_value(&alerts).unwrap()).unwrap();
    assert_eq!(twice, alerts);

    assert!(
        original["@odata.nextLink"]
            .as_str()
            .is_some_and(|link| link.contains("$skiptoken="))
    );
}

#[test]
fn evidence_dispatches_on_odata_type() {
    let alerts = alerts(&page());
    assert_eq!(
        kinds(&alerts[0]),
        [
            "DeviceEvidence",
            "ProcessEvidence",
            "FileEvidence",
            "RegistryValueEvidence"
        ]
    );
    assert_eq!(
        kinds(&alerts[1]),
        [
            "MailboxEvidence",
            "AnalyzedMessageEvidence",
            "UrlEvidence",
            "IpEvidence",
            "AlertEvidence"
        ]
    );
    assert_eq!(
        kinds(&alerts[2]),
        ["CloudApplicationEvidence", "UserEvidence"]
    );
}

#[test]
fn alert_members_are_typed() {
    let alerts = alerts(&page());
    let first = &alerts[0];
    assert_eq!(
        first.odata_type.as_deref(),
        Some("#microsoft.graph.security.alert")
    );
    assert_eq!(first.id.as_deref(), Some("da100000000000000001_2000000001"));
    assert_eq!(first.status, Some(AlertStatus::InProgress));
    assert_eq!(first.severity, Some(AlertSeverity::High));
    assert_eq!(
        first.service_source,
        Some(ServiceSource::MicrosoftDefenderForEndpoint)
    );
    assert_eq!(
        first.detection_source,
        Nullable::Value(DetectionSource::Antivirus)
    );
    assert_eq!(first.classification, Nullable::Null);
    assert_eq!(first.resolved_date_time, Nullable::Null);
    assert_eq!(
        first
            .created_date_time
            .value()
            .map(ToString::to_string)
            .as_deref(),
        Some("2026-01-22T12:09:23.1433333Z")
    );
    assert_eq!(
        first.mitre_techniques.as_deref(),
        Some(&[String::from("T1059.001"), String::from("T1547.001")][..])
    );
    let comments = first.comments.as_ref().unwrap();
    assert_eq!(comments.len(), 1);
    assert_eq!(
        comments[0]
            .created_by_display_name
            .value()
            .map(String::as_str),
        Some("analyst@contoso.example")
    );

    let third = &alerts[2];
    assert_eq!(
        third.classification,
        Nullable::Value(AlertClassification::TruePositive)
    );
    assert_eq!(
        third.determination,
        Nullable::Value(AlertDetermination::CompromisedAccount)
    );
    // Undeclared by microsoft.graph.security.alert: kept as is.
    assert_eq!(
        third.additional_properties.get("isPreview"),
        Some(&Value::Bool(false))
    );
    assert!(third.custom_details.is_value());
}

#[test]
fn unknown_enum_values_are_kept() {
    let alerts = alerts(&page());

    // A detection source the pinned schema does not have.
    let source = alerts[2].detection_source.value().unwrap();
    assert!(matches!(source, DetectionSource::Unrecognized(_)));
    assert_eq!(source.as_str(), "microsoftDefenderForQuantum");

    // An evidence verdict the schema does not have.
    let Some(AnyAlertEvidence::AnalyzedMessageEvidence(message)) =
        alerts[1].evidence.as_ref().unwrap().get(1)
    else {
        panic!("the second evidence of the second alert is an analyzed message");
    };
    let verdict = message.verdict.as_ref().unwrap();
    assert!(matches!(verdict, EvidenceVerdict::Unrecognized(_)));
    assert_eq!(verdict.as_str(), "likelyMalicious");
    assert_eq!(message.url_count, Nullable::Value(1));
    assert_eq!(
        message
            .p1_sender
            .value()
            .and_then(|s| s.domain_name.value())
            .map(String::as_str),
        Some("mail.example.net")
    );
}

#[test]
fn unknown_evidence_type_keeps_its_name_and_members() {
    let alerts = alerts(&page());
    let Some(AnyAlertEvidence::AlertEvidence(future)) = alerts[1].evidence.as_ref().unwrap().get(4)
    else {
        panic!("an unknown evidence type gives the base variant");
    };
    assert_eq!(
        future.odata_type.as_deref(),
        Some("#microsoft.graph.security.futureEvidence")
    );
    // The base members are typed...
    assert_eq!(future.verdict, Some(EvidenceVerdict::Suspicious));
    assert_eq!(
        future.remediation_status,
        Some(EvidenceRemediationStatus::None)
    );
    // ...the derived type's members are kept.
    assert_eq!(
        future.additional_properties.get("futureIdentifier"),
        Some(&Value::from("fixture-future-0001"))
    );
    assert!(future.additional_properties["futureDetails"].is_object());
}

#[test]
fn odata_type_not_first_still_dispatches() {
    let alerts = alerts(&page());
    let Some(AnyAlertEvidence::FileEvidence(file)) = alerts[0].evidence.as_ref().unwrap().get(2)
    else {
        panic!("the third evidence of the first alert is a file");
    };
    // The members read before `@odata.type` are typed too.
    assert_eq!(
        file.odata_type.as_deref(),
        Some("#microsoft.graph.security.fileEvidence")
    );
    assert_eq!(file.verdict, Some(EvidenceVerdict::Malicious));
    assert_eq!(
        file.remediation_status,
        Some(EvidenceRemediationStatus::Remediated)
    );
    assert_eq!(
        file.created_date_time
            .as_ref()
            .map(ToString::to_string)
            .as_deref(),
        Some("2026-01-22T12:09:23.2366667Z")
    );
    assert_eq!(
        file.detection_status,
        Nullable::Value(DetectionStatus::Detected)
    );
    let details = file.file_details.value().unwrap();
    assert_eq!(
        details.file_name.value().map(String::as_str),
        Some("fixture.vbs")
    );
    assert_eq!(details.file_size, Nullable::Value(2048));
    assert!(file.additional_properties.is_empty());
}

#[test]
fn nested_complex_values_are_typed() {
    let alerts = alerts(&page());
    let evidence = alerts[0].evidence.as_ref().unwrap();

    let AnyAlertEvidence::DeviceEvidence(device) = &evidence[0] else {
        panic!("device first");
    };
    let users = device.logged_on_users.as_ref().unwrap();
    assert_eq!(users.len(), 2);
    assert_eq!(
        users[1].account_name.value().map(String::as_str),
        Some("svc-fixture")
    );
    assert_eq!(device.os_build, Nullable::Value(26100));
    assert_eq!(device.rbac_group_id, Nullable::Value(42));
    assert_eq!(device.vm_metadata, Nullable::Null);

    let AnyAlertEvidence::ProcessEvidence(process) = &evidence[1] else {
        panic!("process second");
    };
    assert_eq!(
        process.roles.as_deref(),
        Some(&[EvidenceRole::Attacker][..])
    );
    assert_eq!(process.process_id, Nullable::Value(7412));
    let account = process.user_account.value().unwrap();
    assert_eq!(
        account
            .active_directory_object_guid
            .value()
            .map(ToString::to_string)
            .as_deref(),
        Some("5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d")
    );

    let Some(AnyAlertEvidence::IpEvidence(ip)) = alerts[1].evidence.as_ref().unwrap().get(3) else {
        panic!("ip fourth");
    };
    let location = ip.location.value().unwrap();
    assert_eq!(location.latitude, Nullable::Value(52.3676));
    assert_eq!(location.city.value().map(String::as_str), Some("Amsterdam"));

    let Some(AnyAlertEvidence::UserEvidence(user)) = alerts[2].evidence.as_ref().unwrap().get(1)
    else {
        panic!("user second");
    };
    // Undeclared by userEvidence: kept.
    assert_eq!(
        user.additional_properties.get("riskLevel"),
        Some(&Value::from("medium"))
    );
    assert_eq!(
        user.user_account.value().map(|a| a.user_sid.is_null()),
        Some(true)
    );
}
