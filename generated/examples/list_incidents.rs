//! Lists security incidents, following every `@odata.nextLink`, and prints each
//! incident as one JSON line (exactly as received: nothing the crate does not
//! know is dropped).
//!
//! ```sh
//! MSGRAPH_TOKEN=... cargo run -p msgraph-security --example list_incidents -- \
//!     --filter "status eq 'active'" --top 50 --expand alerts
//! ```
//!
//! `MSGRAPH_TOKEN` is a bearer token with `SecurityIncident.Read.All`;
//! `MSGRAPH_BASE_URL` (optional) defaults to `https://graph.microsoft.com/v1.0`.

use std::error::Error;

use futures_util::TryStreamExt as _;
use msgraph_security::ClientExt as _;
use msgraph_security::client::Client;

#[derive(Debug, Default)]
struct Args {
    filter: Option<String>,
    top: Option<u32>,
    expand: Option<String>,
}

fn args() -> Result<Args, String> {
    let mut out = Args::default();
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = || it.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--filter" => out.filter = Some(value()?),
            "--top" => {
                let v = value()?;
                out.top = Some(v.parse().map_err(|e| format!("--top {v}: {e}"))?);
            }
            "--expand" => out.expand = Some(value()?),
            other => {
                return Err(format!(
                    "unexpected argument {other:?}\nusage: list_incidents [--filter EXPR] [--top N] [--expand alerts]"
                ));
            }
        }
    }
    Ok(out)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn Error>> {
    let args = args()?;
    let token =
        std::env::var("MSGRAPH_TOKEN").map_err(|_| "set MSGRAPH_TOKEN to a bearer token")?;
    let mut builder = Client::builder().bearer_token(token);
    if let Ok(base) = std::env::var("MSGRAPH_BASE_URL") {
        builder = builder.base_url(base);
    }
    let client = builder.build()?;

    let mut list = client.security().incidents().list();
    if let Some(filter) = args.filter {
        list = list.filter(filter);
    }
    if let Some(top) = args.top {
        list = list.top(top);
    }
    if let Some(expand) = args.expand {
        list = list.expand([expand]);
    }
    let mut incidents = Box::pin(list.stream());
    let mut count = 0usize;
    while let Some(incident) = incidents.try_next().await? {
        println!("{}", serde_json::to_string(&incident)?);
        count += 1;
    }
    eprintln!("{count} incident(s)");
    Ok(())
}
