//! `client::sync` end to end against a simulated service on loopback whose
//! items change while the stream runs (tests/support/sim.rs): many passes,
//! every version delivered, none twice, memory bounded by the window.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code

#[path = "support/sim.rs"]
mod sim;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use futures_util::StreamExt as _;
use jiff::{SignedDuration, Timestamp};
use msgraph_security_runtime::client::{
    Client, List, Method, OperationInfo, Permissions, RequestPath, RetryPolicy, SyncBuilder,
};
use serde_json::value::RawValue;

static LIST_INCIDENTS: OperationInfo =
    OperationInfo::new(Method::Get, "/security/incidents", Permissions::EMPTY);

const COLLECTION: &str = "incidents";

fn client(uri: &str) -> Client {
    Client::builder()
        .bearer_token("test-token")
        .base_url(uri)
        .timeout(Duration::from_millis(700))
        .retry_policy(
            RetryPolicy::default()
                .with_initial_backoff(Duration::from_millis(5))
                .with_max_backoff(Duration::from_millis(20))
                .with_max_attempts(3),
        )
        .build()
        .unwrap()
}

fn sync(client: &Client, sortable: bool) -> SyncBuilder<Box<RawValue>> {
    let node = RequestPath::root(client, "security").segment("incidents");
    SyncBuilder::from_list(
        List::new(node, &LIST_INCIDENTS),
        "lastUpdateDateTime",
        sortable,
    )
    .lookback(Duration::from_secs(1))
    .poll_interval(Duration::from_millis(10))
    .page_size(10)
    .scope("tenant-a")
}

/// Changes applied in bursts: each touches distinct ids (new items, updates,
/// a tie of 60 items at one change time, late arrivals inside the window).
fn burst(state: &mut sim::State, round: usize) {
    let now = state.now();
    match round % 5 {
        0 => {
            // 60 items sharing one change time, more than a page holds.
            for i in 0..60 {
                state.put(COLLECTION, &format!("tie{round}-{i}"), now, Duration::ZERO);
            }
        }
        1 => {
            for i in 0..15 {
                state.touch(COLLECTION, &format!("seed{}", (round * 7 + i * 3) % 200));
            }
        }
        2 => {
            // Late arrivals: changed half a second ago, visible 300 ms from now.
            let past = now
                .checked_sub(SignedDuration::from_millis(500))
                .unwrap_or(now);
            for i in 0..5 {
                state.put(
                    COLLECTION,
                    &format!("late{round}-{i}"),
                    past,
                    Duration::from_millis(300),
                );
            }
        }
        3 => {
            // More failures in a row than the retries cover: yielded.
            state.faults.extend([sim::Fault::Unavailable; 4]);
            for i in 0..10 {
                state.touch(COLLECTION, &format!("new{round}-{i}"));
            }
        }
        _ => {
            for i in 0..8 {
                state.touch(COLLECTION, &format!("tie{}-{}", round - 4, i * 7));
            }
        }
    }
}

async fn run(honour_orderby: bool, sortable: bool, expect_ordered: bool) {
    run_with(honour_orderby, false, sortable, expect_ordered).await;
}

async fn run_with(
    honour_orderby: bool,
    reject_orderby: bool,
    sortable: bool,
    expect_ordered: bool,
) {
    let skew = SignedDuration::from_mins(5);
    let (sim, _server) = sim::Sim::start(honour_orderby, skew).await;
    {
        let mut state = sim.lock();
        for i in 0..200 {
            state.touch(COLLECTION, &format!("seed{i}"));
        }
        state.fault_every = 17;
        state.reject_orderby = reject_orderby;
    }
    let client = client(&sim.uri);
    let mut stream = sync(&client, sortable).stream();
    let mut delivered: Vec<sim::Version> = Vec::new();
    let mut set = HashSet::new();
    let mut max_window = 0usize;
    let mut errors = 0u32;
    let deadline = Instant::now() + Duration::from_secs(90);
    let rounds = 25;
    for round in 0..=rounds {
        // Wait until every version the service holds has come.
        loop {
            let missing: Vec<sim::Version> = {
                let state = sim.lock();
                state
                    .current(COLLECTION)
                    .into_iter()
                    .filter(|v| !set.contains(v))
                    .collect()
            };
            if missing.is_empty() {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "round {round}: {} versions never delivered, e.g. {:?}",
                missing.len(),
                missing.first()
            );
            let next = tokio::time::timeout(Duration::from_secs(10), stream.next())
                .await
                .expect("the stream answers within 10 s")
                .expect("a sync stream never ends");
            match next {
                Ok(item) => {
                    let version = sim::Version {
                        id: item.id.clone(),
                        t: item.changed,
                    };
                    // The item is exactly what was sent.
                    let raw: serde_json::Value = serde_json::from_str(item.item.get()).unwrap();
                    assert_eq!(raw["id"], item.id.as_str());
                    assert!(set.insert(version.clone()), "{version:?} delivered twice");
                    delivered.push(version);
                    // After the first passes (which read the whole collection
                    // once), the window holds the look-back's worth only.
                    if round > rounds / 2 {
                        max_window = max_window.max(stream.window_len());
                    }
                }
                Err(error) => {
                    // Errors that outlived the retries: the stream goes on.
                    errors += 1;
                    assert!(errors < 50, "too many errors: {error}");
                }
            }
        }
        if round < rounds {
            let mut state = sim.lock();
            burst(&mut state, round);
        }
    }
    // Every version the service held was delivered.
    let history = sim.lock().history(COLLECTION);
    for version in &history {
        assert!(set.contains(version), "{version:?} never delivered");
    }
    assert_eq!(stream.is_ordered(), expect_ordered);
    // The watermark is the service's clock (five minutes ahead), never ours.
    let watermark = stream.watermark().expect("a watermark after many passes");
    let host_now = Timestamp::now();
    assert!(
        watermark > host_now.checked_add(SignedDuration::from_mins(4)).unwrap(),
        "watermark {watermark} is not from the service's clock (host {host_now})"
    );
    // Memory is bounded by the window, not by history.
    let checkpoint = stream.checkpoint();
    let floor = watermark.checked_sub(SignedDuration::from_secs(1)).unwrap();
    assert!(checkpoint.seen.iter().all(|(t, _)| *t >= floor));
    let stats = stream.stats();
    assert!(stats.passes >= 10, "{stats:?}");
    eprintln!(
        "ordered={expect_ordered}: {} versions, {} passes, {} pages, {} re-read, {} errors, window max {max_window}, now {}",
        history.len(),
        stats.passes,
        stats.pages,
        stats.duplicates,
        stats.errors,
        stream.window_len()
    );
    // Quiet for twice the look-back: the watermark catches up (unordered
    // passes need a confirming pass) and the window keeps only the last
    // second of changes, however long the history.
    let quiet_until = tokio::time::Instant::now() + Duration::from_secs(2);
    while let Ok(next) = tokio::time::timeout_at(quiet_until, stream.next()).await {
        // An error that outlived the retries may come; an item may not.
        assert!(
            !matches!(next, Some(Ok(_))),
            "an item while quiet: {next:?}"
        );
    }
    let window = stream.window_len();
    assert!(
        window < history.len() / 4,
        "the window holds {window} of {} versions after a quiet look-back (max {max_window} while busy)",
        history.len()
    );
    assert!(
        errors >= 1,
        "the failures that outlived the retries were yielded"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_passes_orderby_honoured() {
    run(true, true, true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_passes_orderby_ignored() {
    run(false, true, false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_passes_orderby_not_allowed() {
    run(true, false, false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_passes_orderby_rejected() {
    run_with(true, true, true, false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_checkpoint_of_another_collection_is_refused() {
    let (sim, _server) = sim::Sim::start(true, SignedDuration::ZERO).await;
    let client = client(&sim.uri);
    let mut other =
        msgraph_security_runtime::client::Checkpoint::new("/security/alerts_v2", "tenant-a");
    other.watermark = Some(Timestamp::now());
    let mut stream = sync(&client, true).resume(Some(other)).stream();
    let error = stream.next().await.unwrap().unwrap_err().to_string();
    assert!(
        error.contains("/security/alerts_v2") && error.contains("/security/incidents"),
        "{error}"
    );
    assert!(stream.next().await.is_none());
    assert_eq!(sim.lock().requests, 0, "nothing was requested");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn once_ends_after_a_pass_and_resumes_from_its_checkpoint() {
    let (sim, _server) = sim::Sim::start(true, SignedDuration::ZERO).await;
    {
        let mut state = sim.lock();
        for i in 0..35 {
            state.touch(COLLECTION, &format!("a{i}"));
        }
    }
    let client = client(&sim.uri);
    let mut first = sync(&client, true).once();
    let mut ids = Vec::new();
    while let Some(item) = first.next().await {
        ids.push(item.unwrap().id);
    }
    assert_eq!(ids.len(), 35);
    let checkpoint = first.checkpoint();
    // Nothing new: a resumed run delivers nothing.
    let mut again = sync(&client, true).resume(Some(checkpoint.clone())).once();
    assert!(again.next().await.is_none());
    // One change: exactly it.
    let t = sim.lock().touch(COLLECTION, "a3");
    let mut third = sync(&client, true).resume(Some(checkpoint)).once();
    let item = third.next().await.unwrap().unwrap();
    assert_eq!((item.id.as_str(), item.changed), ("a3", t));
    assert!(third.next().await.is_none());
}
