//! Every kind of generated type has the traits the crate promises.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Debug;
use std::str::FromStr;

use msgraph_security::models::{
    AdditionalOptions, Alert, AlertSeverity, AnyAlertEvidence, AnyAuditData, AnyCaseOperation,
    Incident, graph,
};
use msgraph_security::runtime::{Flags, Model, ODataEnum, Polymorphic};
use serde::Serialize;
use serde::de::DeserializeOwned;

fn model<
    T: Debug + Clone + PartialEq + Default + Serialize + DeserializeOwned + Send + Sync + Model,
>() -> &'static str {
    T::ODATA_TYPE
}

fn polymorphic<
    T: Debug + Clone + PartialEq + Default + Serialize + DeserializeOwned + Send + Sync + Polymorphic,
>() -> &'static str {
    T::BASE_TYPE
}

fn enumeration<
    T: Debug
        + Clone
        + Eq
        + std::hash::Hash
        + Serialize
        + DeserializeOwned
        + Send
        + Sync
        + ODataEnum
        + FromStr
        + std::fmt::Display,
>() -> &'static str {
    T::ODATA_TYPE
}

#[test]
fn structs_enums_and_families_have_the_promised_traits() {
    assert_eq!(model::<Incident>(), "microsoft.graph.security.incident");
    assert_eq!(model::<Alert>(), "microsoft.graph.security.alert");
    assert_eq!(model::<graph::IdentitySet>(), "microsoft.graph.identitySet");
    assert_eq!(
        polymorphic::<AnyAlertEvidence>(),
        "microsoft.graph.security.alertEvidence"
    );
    assert_eq!(
        polymorphic::<AnyAuditData>(),
        "microsoft.graph.security.auditData"
    );
    assert_eq!(
        polymorphic::<AnyCaseOperation>(),
        "microsoft.graph.security.caseOperation"
    );
    assert_eq!(
        enumeration::<AlertSeverity>(),
        "microsoft.graph.security.alertSeverity"
    );
    assert_eq!(
        enumeration::<AdditionalOptions>(),
        "microsoft.graph.security.additionalOptions"
    );
    let flags: Flags<AdditionalOptions> =
        AdditionalOptions::CloudAttachments | AdditionalOptions::HtmlTranscripts;
    assert_eq!(flags.to_string(), "cloudAttachments,htmlTranscripts");
}

#[test]
fn values_are_built_with_new_and_field_assignment() {
    let mut incident = Incident::new();
    incident.severity = Some(AlertSeverity::High);
    incident.assigned_to = "analyst@example.com".to_string().into();
    let json = serde_json::to_value(&incident).unwrap();
    assert_eq!(
        json,
        serde_json::json!({ "severity": "high", "assignedTo": "analyst@example.com" })
    );
}

#[test]
fn enums_parse_case_insensitively_and_print_the_schema_spelling() {
    let severity: AlertSeverity = "HIGH".parse().unwrap();
    assert_eq!(severity, AlertSeverity::High);
    assert_eq!(severity.to_string(), "high");
    assert_eq!(AlertSeverity::unrecognized("Medium"), AlertSeverity::Medium);
    let unknown = AlertSeverity::unrecognized("catastrophic");
    assert_eq!(unknown.as_str(), "catastrophic");
    assert_eq!(
        serde_json::to_value(&unknown).unwrap(),
        serde_json::json!("catastrophic")
    );
}

#[test]
fn flags_parse_with_spaces_and_serialize_without() {
    let flags: Flags<AdditionalOptions> = serde_json::from_value(serde_json::json!(
        "htmlTranscripts, cloudAttachments ,futureOption"
    ))
    .unwrap();
    assert!(flags.contains(&AdditionalOptions::CloudAttachments));
    assert_eq!(
        serde_json::to_value(&flags).unwrap(),
        serde_json::json!("cloudAttachments,htmlTranscripts,futureOption")
    );
}
