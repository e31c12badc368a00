//! Resolves many incidents in few round trips: one `PATCH` per incident, sent
//! 20 at a time in `POST /$batch` requests (JSON batching), each incident
//! with its own result.
//!
//! ```sh
//! MSGRAPH_TOKEN=... cargo run -p msgraph-security --example batch_update -- <INCIDENT-ID>...
//! cargo run -p msgraph-security --example batch_update -- --offline 45 [--latency-ms 50]
//! ```
//!
//! `MSGRAPH_TOKEN` needs `SecurityIncident.ReadWrite.All`; `MSGRAPH_BASE_URL` is optional.
//! `--offline N` needs no network or token: it updates N made-up incidents
//! through an in-process transport that answers like Graph (each request
//! taking `--latency-ms`, default 50), once batched and once one request at a
//! time, and prints the round trips and time of each.

use std::error::Error;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use msgraph_security::ClientExt as _;
use msgraph_security::client::{
    Client, FuturesTimer, HttpRequest, HttpResponse, Sleep as _, Transport, TransportFuture,
};
use msgraph_security::models::{AlertClassification, Incident, IncidentStatus};
use msgraph_security::runtime::Nullable;
use serde_json::{Value, json};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: batch_update <INCIDENT-ID>... | --offline N [--latency-ms MS]";
    if let Some(position) = args.iter().position(|a| a == "--offline") {
        let count: usize = args.get(position + 1).ok_or(usage)?.parse()?;
        let latency = match args.iter().position(|a| a == "--latency-ms") {
            Some(p) => args.get(p + 1).ok_or(usage)?.parse()?,
            None => 50,
        };
        return offline(count, Duration::from_millis(latency)).await;
    }
    if args.is_empty() {
        return Err(usage.into());
    }
    let token = std::env::var("MSGRAPH_TOKEN").unwrap_or_default();
    if token.is_empty() {
        return Err("set MSGRAPH_TOKEN to a bearer token (or use --offline N)".into());
    }
    let mut builder = Client::builder().bearer_token(token);
    if let Ok(base) = std::env::var("MSGRAPH_BASE_URL") {
        builder = builder.base_url(base);
    }
    let client = builder.build()?;
    let (failures, round_trips) = resolve_all(&client, &args).await?;
    println!(
        "{} of {} incidents updated in {round_trips} round trips",
        args.len() - failures,
        args.len()
    );
    Ok(())
}

/// The change: resolved as a false positive, unassigned.
fn change() -> Incident {
    let mut change = Incident::default();
    change.status = Some(IncidentStatus::Resolved);
    change.classification = Nullable::Value(AlertClassification::FalsePositive);
    change.assigned_to = Nullable::Null;
    change
}

/// Updates every incident in one batch; prints each one's outcome and
/// returns the number of failures and of `POST /$batch` round trips.
async fn resolve_all(client: &Client, ids: &[String]) -> Result<(usize, u32), Box<dyn Error>> {
    let incidents = client.security().incidents();
    let change = change();
    let mut batch = client.batch();
    let mut handles = Vec::new();
    for id in ids {
        handles.push((id, batch.add(incidents.by_id(id).update(&change))?));
    }
    let mut responses = batch.send().await?;
    let mut failures = 0;
    for (id, handle) in handles {
        // Each result is this request's own `Result<Option<Incident>, Error>`.
        match responses.get(handle) {
            Ok(_) => println!("{id}: resolved"),
            Err(error) => {
                failures += 1;
                println!("{id}: {error}");
            }
        }
    }
    Ok((failures, responses.round_trips()))
}

/// The same workload without a network: batched, then one request at a time.
async fn offline(count: usize, latency: Duration) -> Result<(), Box<dyn Error>> {
    let transport = Offline {
        latency,
        round_trips: Arc::new(AtomicUsize::new(0)),
    };
    let round_trips = Arc::clone(&transport.round_trips);
    let client = Client::builder()
        .bearer_token("offline")
        .transport(transport)
        .build()?;
    let ids: Vec<String> = (1..=count).map(|i| format!("incident-{i}")).collect();

    let started = Instant::now();
    let (failures, _) = resolve_all(&client, &ids).await?;
    let batched = (round_trips.swap(0, Ordering::SeqCst), started.elapsed());
    if failures > 0 {
        return Err(format!("{failures} updates failed").into());
    }

    let started = Instant::now();
    let incidents = client.security().incidents();
    let change = change();
    for id in &ids {
        incidents.by_id(id).update(&change).send().await?;
    }
    let single = (round_trips.swap(0, Ordering::SeqCst), started.elapsed());

    println!(
        "{count} updates, {} ms per round trip: batched {} round trips in {:.2} s; one by one {} round trips in {:.2} s",
        latency.as_millis(),
        batched.0,
        batched.1.as_secs_f64(),
        single.0,
        single.1.as_secs_f64()
    );
    Ok(())
}

/// Answers like Graph, in process: a `$batch` with one `200` per request
/// (the incident, as a `PATCH` with `Prefer: return=representation` would
/// return it), any other request with a `204`; each after `latency`.
#[derive(Debug)]
struct Offline {
    latency: Duration,
    round_trips: Arc<AtomicUsize>,
}

impl Transport for Offline {
    fn send(&self, request: HttpRequest) -> TransportFuture<'_> {
        Box::pin(async move {
            self.round_trips.fetch_add(1, Ordering::SeqCst);
            FuturesTimer.sleep(self.latency).await;
            if !request.url.ends_with("/$batch") {
                return Ok(HttpResponse::new(204, Vec::new()).into());
            }
            let batch: Value = serde_json::from_slice(request.body.as_deref().unwrap_or_default())
                .map_err(|e| msgraph_security::client::Error::transport(e.to_string()))?;
            let responses: Vec<Value> = batch["requests"]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default()
                .iter()
                .map(|sub| {
                    let url = sub["url"].as_str().unwrap_or_default();
                    let id = url.rsplit('/').next().unwrap_or_default();
                    let mut incident = sub["body"].clone();
                    incident["id"] = json!(id);
                    json!({
                        "id": sub["id"],
                        "status": 200,
                        "headers": {"Content-Type": "application/json"},
                        "body": incident,
                    })
                })
                .collect();
            let mut response =
                HttpResponse::new(200, json!({ "responses": responses }).to_string());
            response
                .headers
                .push(("Content-Type".to_owned(), "application/json".to_owned()));
            Ok(response.into())
        })
    }
}
