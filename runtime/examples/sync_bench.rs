//! Figures for `client::sync` against services on loopback (127.0.0.1 only).
//!
//! `cargo run --release -p msgraph-security-runtime --example sync_bench -- throughput 100000 1000`:
//! items per second through one ordered pass of a large collection (a
//! pre-sorted in-memory service, so the figure is the client's).
//! `... -- soak 120`: a stream against the simulated service (items changing
//! at ~200 versions/s, look-back 5 s; served by a child process) for 120 s,
//! printing the resident memory (`VmRSS`) and the de-duplication window
//! every 10 s: both must stay flat.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a measuring tool

#[path = "../tests/support/sim.rs"]
mod sim;

use std::time::{Duration, Instant};

use futures_util::StreamExt as _;
use jiff::{SignedDuration, Timestamp};
use msgraph_security_runtime::client::{
    Client, List, Method, OperationInfo, Permissions, RequestPath, SyncBuilder,
};
use serde_json::value::RawValue;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

static LIST: OperationInfo =
    OperationInfo::new(Method::Get, "/security/alerts_v2", Permissions::EMPTY);

fn sync(client: &Client) -> SyncBuilder<Box<RawValue>> {
    let node = RequestPath::root(client, "security").segment("alerts_v2");
    SyncBuilder::from_list(List::new(node, &LIST), "lastUpdateDateTime", true)
}

/// A pre-sorted collection: `ge`/`gt` by binary search, `$top`, asc or desc.
struct Sorted {
    times: Vec<Timestamp>,
    json: Vec<String>,
}

impl Respond for Sorted {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let (mut top, mut desc, mut from) = (self.times.len(), false, 0);
        for (k, v) in request.url.query_pairs() {
            match &*k {
                "$top" => top = v.parse().unwrap(),
                "$orderby" => desc = v.ends_with("desc"),
                "$filter" => {
                    let mut parts = v.rsplit(' ');
                    let t: Timestamp = parts.next().unwrap().parse().unwrap();
                    from = match parts.next() {
                        Some("gt") => self.times.partition_point(|x| *x <= t),
                        _ => self.times.partition_point(|x| *x < t),
                    };
                }
                _ => {}
            }
        }
        let rows: Vec<&str> = if desc {
            self.json[from..]
                .iter()
                .rev()
                .take(top)
                .map(String::as_str)
                .collect()
        } else {
            self.json[from..]
                .iter()
                .take(top)
                .map(String::as_str)
                .collect()
        };
        let body = format!("{{\"value\":[{}]}}", rows.join(","));
        ResponseTemplate::new(200).set_body_raw(body, "application/json")
    }
}

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
        })
        .unwrap_or(0)
}

async fn throughput(n: usize, page: u32) {
    let start = Timestamp::from_second(1_800_000_000).unwrap();
    let times: Vec<Timestamp> = (0..n)
        .map(|i| {
            start
                .checked_add(SignedDuration::from_millis(i as i64 * 10))
                .unwrap()
        })
        .collect();
    // A realistic alert body (about 1 KiB each).
    let json = times
        .iter()
        .enumerate()
        .map(|(i, t)| {
            serde_json::json!({
                "id": format!("da637{i:012}_-1234567890"),
                "lastUpdateDateTime": t.to_string(),
                "createdDateTime": "2026-12-01T10:00:00.1234567Z",
                "title": "Suspicious PowerShell command line",
                "description": "A suspicious PowerShell activity was observed on the machine. ".repeat(8),
                "severity": "medium", "status": "new", "category": "Execution",
                "serviceSource": "microsoftDefenderForEndpoint", "detectionSource": "antivirus",
                "evidence": [{"@odata.type": "#microsoft.graph.security.processEvidence", "processId": 4242,
                    "processCommandLine": "powershell.exe -enc SQBFAFgA", "remediationStatus": "none"}],
            })
            .to_string()
        })
        .collect();
    let server = MockServer::builder()
        .disable_request_recording()
        .start()
        .await;
    Mock::given(method("GET"))
        .respond_with(Sorted { times, json })
        .mount(&server)
        .await;
    let client = Client::builder()
        .bearer_token("t")
        .base_url(format!("{}/v1.0", server.uri()))
        .build()
        .unwrap();
    let began = Instant::now();
    let mut stream = sync(&client).page_size(page).raw().once();
    let mut count = 0usize;
    let mut bytes = 0usize;
    while let Some(item) = stream.next().await {
        let item = item.unwrap();
        bytes += item.item.get().len();
        count += 1;
    }
    let elapsed = began.elapsed();
    assert_eq!(count, n);
    println!(
        "throughput: {n} items ({:.1} MB) in {:.2} s with $top={page}: {:.0} items/s, {} pages, RSS {} MiB",
        bytes as f64 / 1e6,
        elapsed.as_secs_f64(),
        n as f64 / elapsed.as_secs_f64(),
        stream.stats().pages,
        rss_kib() / 1024
    );
}

/// The simulated service with ~200 changes/s, in its own process (wiremock
/// keeps every request it matched, which would be counted in the client's
/// memory otherwise): prints its base URL, serves until stdin closes.
async fn serve_sim() {
    let (sim, _server) = sim::Sim::start(true, SignedDuration::ZERO).await;
    {
        let mut state = sim.lock();
        state.keep_history = false;
        for i in 0..5000 {
            state.touch("alerts_v2", &format!("a{i}"));
        }
    }
    let writer = sim.clone();
    std::thread::spawn(move || {
        let mut i = 0u64;
        loop {
            {
                let mut state = writer.lock();
                for _ in 0..4 {
                    i += 1;
                    state.touch("alerts_v2", &format!("a{}", (i * 7919) % 5000));
                }
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    });
    println!("{}", sim.uri);
    let _ = tokio::task::spawn_blocking(|| {
        let mut sink = String::new();
        let _ = std::io::stdin().read_line(&mut sink);
    })
    .await;
}

async fn soak(seconds: u64) {
    use std::io::BufRead as _;
    let mut server = std::process::Command::new(std::env::current_exe().unwrap())
        .arg("serve-sim")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut uri = String::new();
    std::io::BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut uri)
        .unwrap();
    let client = Client::builder()
        .bearer_token("t")
        .base_url(uri.trim())
        .build()
        .unwrap();
    let mut stream = sync(&client)
        .lookback(Duration::from_secs(5))
        .poll_interval(Duration::from_millis(200))
        .page_size(200)
        .raw()
        .stream();
    let began = Instant::now();
    let mut next_report = Duration::from_secs(10);
    let mut delivered = 0u64;
    while began.elapsed() < Duration::from_secs(seconds) {
        if let Ok(Some(item)) = tokio::time::timeout(Duration::from_secs(1), stream.next()).await {
            item.unwrap();
            delivered += 1;
        }
        if began.elapsed() >= next_report {
            println!(
                "soak {:>4} s: {delivered} versions delivered, window {}, passes {}, RSS {} KiB",
                next_report.as_secs(),
                stream.window_len(),
                stream.stats().passes,
                rss_kib()
            );
            next_report += Duration::from_secs(10);
        }
    }
    drop(server.stdin.take());
    let _ = server.kill();
    let _ = server.wait();
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("throughput") => {
            let n = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(100_000);
            let page = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(1000);
            throughput(n, page).await;
        }
        Some("soak") => soak(args.get(1).and_then(|a| a.parse().ok()).unwrap_or(120)).await,
        Some("serve-sim") => serve_sim().await,
        _ => eprintln!("usage: sync_bench throughput [ITEMS] [PAGE] | soak [SECONDS]"),
    }
}
