//! Updates an incident: sets its status and classification and unassigns it
//! (`assignedTo: null`). The PATCH body carries exactly these three properties.
//!
//! ```sh
//! MSGRAPH_TOKEN=... cargo run -p msgraph-security --example update_incident -- <INCIDENT-ID> [--dry-run]
//! ```
//!
//! `MSGRAPH_TOKEN` needs `SecurityIncident.ReadWrite.All`; `MSGRAPH_BASE_URL` is optional.
//! `--dry-run` prints the request instead of sending it (no network, no token needed).

use std::error::Error;

use msgraph_security::ClientExt as _;
use msgraph_security::client::Client;
use msgraph_security::models::{AlertClassification, Incident, IncidentStatus};
use msgraph_security::runtime::Nullable;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn Error>> {
    let mut argv = std::env::args().skip(1);
    let id = argv
        .next()
        .ok_or("usage: update_incident <INCIDENT-ID> [--dry-run]")?;
    let dry_run = argv.next().as_deref() == Some("--dry-run");
    let token = std::env::var("MSGRAPH_TOKEN").unwrap_or_default();
    if token.is_empty() && !dry_run {
        return Err("set MSGRAPH_TOKEN to a bearer token (or pass --dry-run)".into());
    }
    let mut builder = Client::builder().bearer_token(token);
    if let Ok(base) = std::env::var("MSGRAPH_BASE_URL") {
        builder = builder.base_url(base);
    }
    let client = builder.build()?;

    let mut change = Incident::default();
    change.status = Some(IncidentStatus::Resolved);
    change.classification = Nullable::Value(AlertClassification::FalsePositive);
    change.assigned_to = Nullable::Null; // unassign
    let request = client.security().incidents().by_id(&id).update(&change);
    if dry_run {
        let http = request.into_request()?;
        println!("{} {}", http.method, http.url);
        println!(
            "{}",
            String::from_utf8_lossy(http.body.as_deref().unwrap_or_default())
        );
        return Ok(());
    }
    match request.send().await? {
        Some(updated) => println!("{}", serde_json::to_string(&updated)?),
        None => println!("updated {id}"),
    }
    Ok(())
}
