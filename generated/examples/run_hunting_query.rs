//! Runs an advanced hunting query (`POST /security/microsoft.graph.security.runHuntingQuery`)
//! and prints the schema and each result row as a JSON line.
//!
//! ```sh
//! MSGRAPH_TOKEN=... cargo run -p msgraph-security --example run_hunting_query -- \
//!     "DeviceProcessEvents | where FileName == 'powershell.exe' | take 10" [P7D]
//! ```
//!
//! `MSGRAPH_TOKEN` needs `ThreatHunting.Read.All`; `MSGRAPH_BASE_URL` is optional.

use std::error::Error;

use msgraph_security::ClientExt as _;
use msgraph_security::client::Client;
use msgraph_security::requests::SecurityRunHuntingQueryParameters;
use msgraph_security::runtime::Nullable;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn Error>> {
    let mut argv = std::env::args().skip(1);
    let query = argv
        .next()
        .ok_or("usage: run_hunting_query <KQL QUERY> [TIMESPAN, e.g. P7D]")?;
    let timespan = argv.next();
    let token =
        std::env::var("MSGRAPH_TOKEN").map_err(|_| "set MSGRAPH_TOKEN to a bearer token")?;
    let mut builder = Client::builder().bearer_token(token);
    if let Ok(base) = std::env::var("MSGRAPH_BASE_URL") {
        builder = builder.base_url(base);
    }
    let client = builder.build()?;

    let mut parameters = SecurityRunHuntingQueryParameters::new(query);
    parameters.timespan = Nullable::from_option(timespan);
    let request = client.security().run_hunting_query(&parameters);
    let permissions = request.info().permissions;
    eprintln!(
        "needs {} (delegated) or {} (application)",
        permissions.least_delegated.unwrap_or("?"),
        permissions.least_application.unwrap_or("?")
    );
    let result = request.send().await?;
    for column in result.schema.iter().flatten() {
        eprintln!(
            "column {} : {}",
            column.name.value().map_or("?", String::as_str),
            column.r#type.value().map_or("?", String::as_str)
        );
    }
    for row in result.results.iter().flatten() {
        println!("{}", serde_json::to_string(row)?);
    }
    Ok(())
}
