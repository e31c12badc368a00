//! Reads a Graph response holding incidents (one incident, or a page with `value`),
//! prints a triage line per incident and per piece of alert evidence, then checks
//! that serializing again loses nothing.
//!
//! ```sh
//! cargo run -p msgraph-security --example triage -- tests/fixtures/payloads/list_incidents_expand_alerts.json
//! ```

use std::error::Error;

use msgraph_security::models::{AnyAlertEvidence, Incident};
use serde_json::Value;

fn main() -> Result<(), Box<dyn Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: triage <FILE.json> (a Graph incident or a page of incidents)")?;
    let bytes = std::fs::read(&path).map_err(|e| format!("{path}: {e}"))?;
    let json: Value = serde_json::from_slice(&bytes)?;
    let incidents: Vec<Incident> = match json.get("value") {
        Some(page) => serde_json::from_value(page.clone())?,
        None => vec![serde_json::from_value(json.clone())?],
    };
    for incident in &incidents {
        println!(
            "incident {} [{}] severity={} status={} assigned to {}",
            incident.id.as_deref().unwrap_or("?"),
            incident.display_name.value().map_or("", String::as_str),
            incident.severity.as_ref().map_or("?", |s| s.as_str()),
            incident.status.as_ref().map_or("?", |s| s.as_str()),
            incident
                .assigned_to
                .value()
                .map_or("nobody", String::as_str),
        );
        for alert in incident.alerts.iter().flatten() {
            println!("  alert {}", alert.title.value().map_or("", String::as_str));
            for evidence in alert.evidence.iter().flatten() {
                match evidence {
                    AnyAlertEvidence::FileEvidence(file) => {
                        let name = file
                            .file_details
                            .value()
                            .and_then(|d| d.file_name.value())
                            .map_or("?", String::as_str);
                        println!("    file {name}");
                    }
                    AnyAlertEvidence::AlertEvidence(unknown) => println!(
                        "    evidence of a type this crate does not know: {}",
                        unknown.odata_type.as_deref().unwrap_or("?")
                    ),
                    other => println!("    {}", other.type_name()),
                }
            }
        }
        if !incident.additional_properties.is_empty() {
            let keys: Vec<&String> = incident.additional_properties.keys().collect();
            println!("  kept, not in the schema: {keys:?}");
        }
    }
    // Nothing lost: the typed values serialize back to what was read.
    let again = serde_json::to_value(&incidents)?;
    let original = json
        .get("value")
        .cloned()
        .unwrap_or(Value::Array(vec![json.clone()]));
    println!("round trip identical: {}", again == original);
    Ok(())
}
