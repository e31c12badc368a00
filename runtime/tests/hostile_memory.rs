//! Memory under hostile responses, measured: each case runs in a child
//! process (this test binary re-run on one test with
//! `MSGRAPH_MEMORY_CHILD` set), which talks to a loopback server in the same
//! process, reads its own peak resident memory (`VmHWM` in
//! `/proc/self/status`) and prints it; the parent asserts it below the bound
//! the client documents. The child is killed (SIGKILL) if it runs too long.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code
#![cfg(all(feature = "reqwest", target_os = "linux"))]

use std::io::Read as _;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use futures_util::StreamExt as _;
use msgraph_security_runtime::client::{
    Client, ErrorKind, List, Method, OperationInfo, Permissions, RequestPath, RetryPolicy,
};
use msgraph_security_runtime::{DateTimeOffset, Nullable};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};

const CHILD: &str = "MSGRAPH_MEMORY_CHILD";
/// A child that runs longer than this is killed.
const CHILD_LIMIT: Duration = Duration::from_secs(120);

static LIST: OperationInfo =
    OperationInfo::new(Method::Get, "/security/incidents", Permissions::EMPTY);

/// The shape of `msgraph-security`'s `Incident` (enums as strings, the
/// navigation collections as `Value`s: the same sizes), so a page of `{}`
/// costs what it costs there.
#[derive(Clone, PartialEq, Default)]
pub struct Incident {
    pub odata_type: Option<String>,
    pub id: Option<String>,
    pub assigned_to: Nullable<String>,
    pub classification: Nullable<String>,
    pub comments: Option<Vec<serde_json::Value>>,
    pub created_date_time: Option<DateTimeOffset>,
    pub custom_tags: Option<Vec<String>>,
    pub description: Nullable<String>,
    pub determination: Nullable<String>,
    pub display_name: Nullable<String>,
    pub incident_web_url: Nullable<String>,
    pub last_modified_by: Nullable<String>,
    pub last_update_date_time: Option<DateTimeOffset>,
    pub priority_score: Nullable<i32>,
    pub redirect_incident_id: Nullable<String>,
    pub resolving_comment: Nullable<String>,
    pub severity: Option<String>,
    pub status: Option<String>,
    pub summary: Nullable<String>,
    pub system_tags: Option<Vec<String>>,
    pub tenant_id: Nullable<String>,
    pub alerts: Option<Vec<serde_json::Value>>,
    pub additional_properties: serde_json::Map<String, serde_json::Value>,
}

msgraph_security_runtime::model! {
    impl Model, Debug, Serialize, Deserialize, Wire for Incident = "microsoft.graph.security.incident" {
        "id" => id: Option<String> => ID,
        "assignedTo" => assigned_to: Nullable<String> => ASSIGNED_TO,
        "classification" => classification: Nullable<String> => CLASSIFICATION,
        "comments" => comments: Option<Vec<serde_json::Value>> => COMMENTS,
        "createdDateTime" => created_date_time: Option<DateTimeOffset> => CREATED_DATE_TIME,
        "customTags" => custom_tags: Option<Vec<String>> => CUSTOM_TAGS,
        "description" => description: Nullable<String> => DESCRIPTION,
        "determination" => determination: Nullable<String> => DETERMINATION,
        "displayName" => display_name: Nullable<String> => DISPLAY_NAME,
        "incidentWebUrl" => incident_web_url: Nullable<String> => INCIDENT_WEB_URL,
        "lastModifiedBy" => last_modified_by: Nullable<String> => LAST_MODIFIED_BY,
        "lastUpdateDateTime" => last_update_date_time: Option<DateTimeOffset> => LAST_UPDATE_DATE_TIME,
        "priorityScore" => priority_score: Nullable<i32> => PRIORITY_SCORE,
        "redirectIncidentId" => redirect_incident_id: Nullable<String> => REDIRECT_INCIDENT_ID,
        "resolvingComment" => resolving_comment: Nullable<String> => RESOLVING_COMMENT,
        "severity" => severity: Option<String> => SEVERITY,
        "status" => status: Option<String> => STATUS,
        "summary" => summary: Nullable<String> => SUMMARY,
        "systemTags" => system_tags: Option<Vec<String>> => SYSTEM_TAGS,
        "tenantId" => tenant_id: Nullable<String> => TENANT_ID,
        "alerts" => alerts: Option<Vec<serde_json::Value>> => ALERTS,
    }
}

/// `VmHWM` (peak resident) and `VmRSS` (resident now), in KiB.
fn memory_kib() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap()
    };
    (field("VmHWM:"), field("VmRSS:"))
}

/// In the child: whether this is the case to run. In the parent: runs the
/// case in a child process and returns what it printed after `RESULT `.
fn in_child(case: &str) -> Option<Vec<u64>> {
    if std::env::var(CHILD).as_deref() == Ok(case) {
        return None;
    }
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([case, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD, case)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > CHILD_LIMIT {
            child.kill().unwrap(); // SIGKILL
            child.wait().unwrap();
            panic!("the child of {case} ran longer than {CHILD_LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stdout = String::new();
    let mut stderr = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(
        status.success(),
        "the child of {case} failed ({status}):\n{stdout}\n{stderr}"
    );
    let line = stdout
        .lines()
        .find_map(|line| line.split_once("RESULT ").map(|(_, rest)| rest))
        .unwrap_or_else(|| panic!("no RESULT line from the child of {case}:\n{stdout}"));
    eprintln!("{case}: {line}");
    Some(
        line.split_whitespace()
            .map(|word| word.split_once('=').unwrap().1.parse().unwrap())
            .collect(),
    )
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// Reads a request head (at most 1 MiB); the request line's target.
async fn read_target(stream: &mut TcpStream) -> Option<String> {
    let mut head = Vec::new();
    let mut buffer = [0u8; 16 * 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let read = stream.read(&mut buffer).await.ok()?;
        if read == 0 || head.len() > 1024 * 1024 {
            return None;
        }
        head.extend_from_slice(&buffer[..read]);
    }
    let line = head.split(|&b| b == b'\r').next()?;
    let line = String::from_utf8_lossy(line);
    Some(line.split(' ').nth(1)?.to_owned())
}

/// What the loopback server answers.
enum Reply {
    /// A `200` with this JSON body.
    Json(String),
    /// A `200` with `{"value":[{},{},...]}` of this many items, written in
    /// 64 KiB chunks so the server holds none of it.
    EmptyItems(usize),
}

async fn write_reply(stream: &mut TcpStream, reply: Reply) -> std::io::Result<()> {
    let head = |length: usize| {
        format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {length}\r\n\r\n"
        )
    };
    match reply {
        Reply::Json(body) => {
            let mut whole = head(body.len()).into_bytes();
            whole.extend_from_slice(body.as_bytes());
            stream.write_all(&whole).await
        }
        Reply::EmptyItems(items) => {
            let length = br#"{"value":[]}"#.len() + items * 3 - 1;
            stream.write_all(head(length).as_bytes()).await?;
            stream.write_all(br#"{"value":["#).await?;
            let chunk = "{},".repeat(64 * 1024 / 3);
            let per_chunk = 64 * 1024 / 3;
            let mut left = items - 1;
            while left > 0 {
                let now = left.min(per_chunk);
                stream.write_all(&chunk.as_bytes()[..now * 3]).await?;
                left -= now;
            }
            stream.write_all(b"{}]}").await
        }
    }
}

/// A loopback server answering every request with `respond(target)`.
async fn server(respond: impl Fn(&str) -> Reply + Send + Sync + 'static) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let respond = Arc::new(respond);
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            stream.set_nodelay(true).unwrap();
            let respond = Arc::clone(&respond);
            tokio::spawn(async move {
                while let Some(target) = read_target(&mut stream).await {
                    if write_reply(&mut stream, respond(&target)).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    format!("http://{addr}")
}

fn client(base: &str) -> Client {
    Client::builder()
        .bearer_token("t0ken")
        .base_url(format!("{base}/v1.0"))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
}

fn incidents(client: &Client) -> List<Incident> {
    List::new(
        RequestPath::root(client, "security").segment("incidents"),
        &LIST,
    )
}

const MIB: u64 = 1024 * 1024;

#[test]
fn a_page_of_ten_million_empty_items_stays_within_the_memory_bound() {
    const ITEMS: usize = 10_000_000;
    let Some(result) = in_child("a_page_of_ten_million_empty_items_stays_within_the_memory_bound")
    else {
        let (before, _) = memory_kib();
        let outcome = runtime().block_on(async {
            let base = server(|_| Reply::EmptyItems(ITEMS)).await;
            incidents(&client(&base)).send().await
        });
        let (peak, _) = memory_kib();
        let error = outcome.map(|page| page.items.len()).unwrap_err();
        println!("{error}");
        let decoded_limit = match error.kind() {
            ErrorKind::TooLarge { limit, .. } => *limit,
            _ => panic!("{error:?}"),
        };
        println!(
            "RESULT size_of={} before_kib={before} peak_kib={peak} limit={decoded_limit}",
            std::mem::size_of::<Incident>()
        );
        return;
    };
    let [size_of, before_kib, peak_kib, _limit] = result[..] else {
        panic!("{result:?}")
    };
    assert!(size_of > 500, "the model is Incident-sized: {size_of}");
    let body = (ITEMS * 3 + 11) as u64;
    let bound = msgraph_security_runtime::client::decoded_memory_bound(body);
    let used = (peak_kib - before_kib) * 1024;
    assert!(
        used <= bound,
        "peak {peak_kib} KiB ({} MiB over the {before_kib} KiB at start) above the bound of {} MiB for a {} MiB body",
        used / MIB,
        bound / MIB,
        body / MIB
    );
}

#[test]
fn ten_thousand_pages_of_long_links_keep_memory_flat() {
    const PAGES: u64 = 10_000;
    const LINK: usize = 20 * 1024;
    let Some(result) = in_child("ten_thousand_pages_of_long_links_keep_memory_flat") else {
        let served = Arc::new(AtomicUsize::new(0));
        let (warm, end, pages) = runtime().block_on(async {
            let served_by_server = Arc::clone(&served);
            let base = Arc::new(std::sync::OnceLock::<String>::new());
            let base_for_server = Arc::clone(&base);
            let url = server(move |_| {
                let page = served_by_server.fetch_add(1, Ordering::SeqCst) as u64 + 1;
                let next = if page < PAGES {
                    let base = base_for_server.get().unwrap();
                    let padding = "a".repeat(LINK);
                    format!(r#","@odata.nextLink":"{base}/v1.0/security/incidents?$skiptoken={page}-{padding}""#)
                } else {
                    String::new()
                };
                Reply::Json(format!(r#"{{"value":[{{}}]{next}}}"#))
            })
            .await;
            base.set(url.clone()).unwrap();
            let client = client(&url);
            let mut pages = incidents(&client).pages();
            let mut count = 0u64;
            let mut warm = 0;
            while let Some(page) = pages.next().await {
                page.unwrap();
                count += 1;
                if count == 200 {
                    warm = memory_kib().1;
                }
            }
            (warm, memory_kib().0, count)
        });
        println!("RESULT pages={pages} warm_kib={warm} peak_kib={end}");
        return;
    };
    let [pages, warm_kib, peak_kib] = result[..] else {
        panic!("{result:?}")
    };
    assert_eq!(pages, PAGES);
    let growth = peak_kib.saturating_sub(warm_kib);
    assert!(
        growth < 16 * 1024,
        "memory grew {growth} KiB over {PAGES} pages of {LINK}-byte links"
    );
}
