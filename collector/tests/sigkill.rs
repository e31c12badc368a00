//! The collector binary, killed with SIGKILL at random points (24 times)
//! while the simulated service on loopback changes under it, restarted each
//! time from its file checkpoint: every version the service held is in the
//! output, no version twice within one run, the checkpoint file always whole.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code
#![cfg(unix)]

#[path = "../../runtime/tests/support/sim.rs"]
mod sim;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use jiff::{SignedDuration, Timestamp};
use msgraph_security::client::{Checkpoint, FileCheckpointStore};

const COLLECTION: &str = "incidents";
const KILLS: usize = 24;

/// A small deterministic generator (the test prints its seed).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "msgraph-collector-sigkill-{}-{}",
        std::process::id(),
        Timestamp::now().as_millisecond()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn spawn(dir: &Path, uri: &str, run: usize) -> Child {
    let log = std::fs::File::create(dir.join(format!("run{run}.log"))).unwrap();
    Command::new(env!("CARGO_BIN_EXE_msgraph-security-collector"))
        .env_clear()
        .env("MSGRAPH_BASE_URL", uri)
        .env("MSGRAPH_STATIC_TOKEN", "test-token")
        .env("MSGRAPH_COLLECTIONS", COLLECTION)
        .env("MSGRAPH_OUT_DIR", dir.join("out"))
        .env("MSGRAPH_STATE_DIR", dir.join("state"))
        .env("MSGRAPH_POLL_SECONDS", "0.02")
        .env("MSGRAPH_LOOKBACK_SECONDS", "2")
        .env("MSGRAPH_PAGE_SIZE", "10")
        .env("MSGRAPH_COMMIT_EVERY", "7")
        .env("MSGRAPH_RATE_LIMIT", "none")
        .env("MSGRAPH_TIMEOUT_MS", "700")
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("the collector starts")
}

/// The complete lines of the output (a line cut by a kill is not one).
fn lines(dir: &Path) -> Vec<sim::Version> {
    let text =
        std::fs::read(dir.join("out").join(format!("{COLLECTION}.ndjson"))).unwrap_or_default();
    let complete = text.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    text[..complete]
        .split(|b| *b == b'\n')
        .filter(|line| !line.is_empty())
        .map(|line| {
            let item: serde_json::Value = serde_json::from_slice(line)
                .unwrap_or_else(|e| panic!("a line is not the JSON received: {e}"));
            sim::Version {
                id: item["id"].as_str().unwrap().to_owned(),
                t: item["lastUpdateDateTime"]
                    .as_str()
                    .unwrap()
                    .parse()
                    .unwrap(),
            }
        })
        .collect()
}

fn burst(state: &mut sim::State, round: usize, rng: &mut Rng) {
    let now = state.now();
    match round % 4 {
        0 => {
            for i in 0..60 {
                state.put(COLLECTION, &format!("tie{round}-{i}"), now, Duration::ZERO);
            }
        }
        1 => {
            let mut ids = HashSet::new();
            for _ in 0..20 {
                ids.insert(rng.below(120));
            }
            for i in ids {
                state.touch(COLLECTION, &format!("seed{i}"));
            }
        }
        2 => {
            let past = now
                .checked_sub(SignedDuration::from_millis(600))
                .unwrap_or(now);
            for i in 0..6 {
                state.put(
                    COLLECTION,
                    &format!("late{round}-{i}"),
                    past,
                    Duration::from_millis(300),
                );
            }
            for i in 0..10 {
                state.touch(COLLECTION, &format!("new{round}-{i}"));
            }
        }
        _ => {
            for i in 0..12 {
                state.touch(COLLECTION, &format!("tie{}-{}", round - 3, i * 5));
            }
        }
    }
}

/// Waits until the output holds every version the service holds now.
async fn delivered(sim: &sim::Sim, dir: &Path, child: &mut Child, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(40);
    loop {
        let have: HashSet<sim::Version> = lines(dir).into_iter().collect();
        let missing: Vec<_> = sim
            .lock()
            .current(COLLECTION)
            .into_iter()
            .filter(|v| !have.contains(v))
            .collect();
        if missing.is_empty() {
            return;
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!(
                "{what}: the collector exited ({status}) with {} versions missing",
                missing.len()
            );
        }
        assert!(
            Instant::now() < deadline,
            "{what}: {} versions never delivered, e.g. {:?}",
            missing.len(),
            missing.first()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn check_checkpoint(dir: &Path, what: &str) {
    let store = FileCheckpointStore::new(dir.join("state"));
    let path = store.path_of("/security/incidents", "");
    match std::fs::read(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => panic!("{what}: {e}"),
        Ok(bytes) => {
            let checkpoint = Checkpoint::from_json(&bytes, &path.display().to_string())
                .unwrap_or_else(|e| panic!("{what}: the checkpoint file is torn: {e}"));
            checkpoint.check("/security/incidents", "").unwrap();
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_at_random_points_loses_nothing() {
    let seed = Timestamp::now().as_nanosecond() as u64 | 1;
    eprintln!("seed {seed}");
    let mut rng = Rng(seed);
    let (sim, _server) = sim::Sim::start(true, SignedDuration::from_mins(3)).await;
    {
        let mut state = sim.lock();
        for i in 0..120 {
            state.touch(COLLECTION, &format!("seed{i}"));
        }
        state.fault_every = 11;
    }
    let dir = scratch();
    std::fs::create_dir_all(&dir).unwrap();
    // Line counts of the output at each kill: the runs' segments.
    let mut marks = vec![0usize];
    for run in 0..KILLS {
        let mut child = spawn(&dir, &sim.uri, run);
        delivered(&sim, &dir, &mut child, &format!("run {run}")).await;
        burst(&mut sim.lock(), run, &mut rng);
        // Kill at a random point of the passes that follow the changes.
        tokio::time::sleep(Duration::from_millis(rng.below(400))).await;
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        check_checkpoint(&dir, &format!("after kill {run}"));
        marks.push(lines(&dir).len());
    }
    // A last run, stopped gracefully once everything has come.
    let mut child = spawn(&dir, &sim.uri, KILLS);
    delivered(&sim, &dir, &mut child, "last run").await;
    // Let it start even when there was nothing left to deliver.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "SIGTERM did not stop the collector"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "graceful stop: {status}");
    check_checkpoint(&dir, "after SIGTERM");
    let all = lines(&dir);
    marks.push(all.len());

    // Every version the service held was delivered.
    let have: HashSet<&sim::Version> = all.iter().collect();
    let history = sim.lock().history(COLLECTION);
    for version in &history {
        assert!(have.contains(version), "{version:?} never delivered");
    }
    // No version twice within one run (between two kills).
    for (run, window) in marks.windows(2).enumerate() {
        let mut seen = HashSet::new();
        for version in &all[window[0]..window[1].max(window[0])] {
            assert!(
                seen.insert(version),
                "run {run} delivered {version:?} twice"
            );
        }
    }
    let requests = sim.lock().requests;
    eprintln!(
        "{} versions, {} lines over {} runs ({} re-delivered after kills), {requests} requests",
        history.len(),
        all.len(),
        KILLS + 1,
        all.len() - have.len()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
