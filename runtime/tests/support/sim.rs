//! A simulated Graph collection on loopback (wiremock, 127.0.0.1) whose
//! items change while a collector runs: `/security/incidents` and
//! `/security/alerts_v2` filtered by `lastUpdateDateTime` (`ge`, `gt`,
//! `eq`), `$orderby` honoured or ignored, `$top`, offset-based next links
//! re-evaluated on every request (no snapshot isolation: an update moves an
//! item and shifts the others across page boundaries), late arrivals, 429s
//! and 503s, stalls, and a service clock minutes ahead of the host's.
//!
//! Shared by the runtime's in-process tests and the collector's SIGKILL
//! test (`#[path]`-included), so it has no dependency beyond wiremock,
//! jiff and serde_json.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code
#![allow(dead_code, clippy::manual_is_multiple_of)]

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use jiff::{SignedDuration, Timestamp};
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// One version of one item.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    pub id: String,
    pub t: Timestamp,
}

/// A fault to answer the next request with.
#[derive(Debug, Clone, Copy)]
pub enum Fault {
    /// `429` with `Retry-After: 1`... in milliseconds-friendly form (`0`).
    Throttle,
    /// `503`.
    Unavailable,
    /// The answer comes after this long.
    Stall(Duration),
}

#[derive(Debug)]
struct Item {
    t: Timestamp,
    /// Visible from this instant (late arrivals).
    visible_at: Instant,
    seq: u64,
}

/// The mutable state of one collection.
#[derive(Debug, Default)]
pub struct Collection {
    items: BTreeMap<String, Item>,
    /// Every version ever held.
    pub history: Vec<Version>,
}

#[derive(Debug)]
pub struct State {
    pub collections: BTreeMap<String, Collection>,
    /// The service clock's lead over the host's.
    pub skew: SignedDuration,
    pub honour_orderby: bool,
    /// Answer `400` to any `$orderby`.
    pub reject_orderby: bool,
    /// Page size when no `$top` is sent.
    pub default_page: usize,
    pub faults: Vec<Fault>,
    pub requests: u64,
    /// Requests whose answer ended a read (no next link, not a full page).
    pub read_ends: u64,
    /// The largest item count of one answer (memory of the reader).
    pub largest_page: usize,
    seq: u64,
    /// A fault every this many requests (0: none).
    pub fault_every: u64,
    /// Whether every version is recorded (`history`); off for long soaks.
    pub keep_history: bool,
    /// Base URL (for next links).
    base: String,
}

impl State {
    /// The service's clock.
    pub fn now(&self) -> Timestamp {
        Timestamp::now()
            .checked_add(self.skew)
            .unwrap_or_else(|_| Timestamp::now())
    }

    /// Sets item `id` of `collection` to a new version changed at `t`,
    /// visible after `delay`.
    pub fn put(&mut self, collection: &str, id: &str, t: Timestamp, delay: Duration) {
        self.seq += 1;
        let seq = self.seq;
        let keep = self.keep_history;
        let c = self.collections.entry(collection.to_owned()).or_default();
        c.items.insert(
            id.to_owned(),
            Item {
                t,
                visible_at: Instant::now() + delay,
                seq,
            },
        );
        if keep {
            c.history.push(Version {
                id: id.to_owned(),
                t,
            });
        }
    }

    /// A new version of `id` changed now, visible now.
    pub fn touch(&mut self, collection: &str, id: &str) -> Timestamp {
        let t = self.now();
        self.put(collection, id, t, Duration::ZERO);
        t
    }

    /// The versions currently held (visible or not).
    pub fn current(&self, collection: &str) -> Vec<Version> {
        self.collections
            .get(collection)
            .map(|c| {
                c.items
                    .iter()
                    .map(|(id, item)| Version {
                        id: id.clone(),
                        t: item.t,
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn history(&self, collection: &str) -> Vec<Version> {
        self.collections
            .get(collection)
            .map(|c| c.history.clone())
            .unwrap_or_default()
    }
}

/// The running service.
#[derive(Debug, Clone)]
pub struct Sim {
    pub state: Arc<Mutex<State>>,
    pub uri: String,
}

impl Sim {
    pub async fn start(honour_orderby: bool, skew: SignedDuration) -> (Sim, MockServer) {
        // No request log: long runs would grow it without bound.
        let server = MockServer::builder()
            .disable_request_recording()
            .start()
            .await;
        let state = Arc::new(Mutex::new(State {
            collections: BTreeMap::new(),
            skew,
            honour_orderby,
            reject_orderby: false,
            default_page: 7,
            faults: Vec::new(),
            requests: 0,
            read_ends: 0,
            largest_page: 0,
            seq: 0,
            fault_every: 0,
            keep_history: true,
            base: server.uri(),
        }));
        Mock::given(method("GET"))
            .and(path_regex(r"^/v1\.0/security/(incidents|alerts_v2)$"))
            .respond_with(Responder(state.clone()))
            .mount(&server)
            .await;
        let uri = format!("{}/v1.0", server.uri());
        (Sim { state, uri }, server)
    }

    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

struct Responder(Arc<Mutex<State>>);

/// The change-time bound of a `$filter` the sync writes (`... lastUpdateDateTime ge T`).
fn bound(filter: &str) -> Option<(&'static str, Timestamp)> {
    let at = filter.rfind("lastUpdateDateTime ")?;
    let rest = &filter[at + "lastUpdateDateTime ".len()..];
    let (op, value) = rest.split_once(' ')?;
    let value = value.trim_end_matches(')');
    let op = match op {
        "ge" => "ge",
        "gt" => "gt",
        "eq" => "eq",
        _ => return None,
    };
    Some((op, value.parse().ok()?))
}

fn scramble(id: &str, t: Timestamp) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325_u64;
    for byte in id.bytes().chain(t.as_nanosecond().to_le_bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

impl Respond for Responder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut state = self.0.lock().unwrap_or_else(|e| e.into_inner());
        state.requests += 1;
        let date = jiff::fmt::rfc2822::DateTimePrinter::new()
            .timestamp_to_rfc9110_string(&state.now())
            .unwrap_or_default();
        let fault = if state.fault_every > 0 && state.requests % state.fault_every == 0 {
            Some(match (state.requests / state.fault_every) % 3 {
                0 => Fault::Throttle,
                1 => Fault::Unavailable,
                _ => Fault::Stall(Duration::from_millis(1500)),
            })
        } else if state.faults.is_empty() {
            None
        } else {
            Some(state.faults.remove(0))
        };
        let mut stall = None;
        match fault {
            Some(Fault::Throttle) => {
                return ResponseTemplate::new(429)
                    .insert_header("Retry-After", "0")
                    .insert_header("Date", date.as_str())
                    .set_body_string(
                        r#"{"error":{"code":"TooManyRequests","message":"slow down"}}"#,
                    );
            }
            Some(Fault::Unavailable) => {
                return ResponseTemplate::new(503)
                    .insert_header("Date", date.as_str())
                    .set_body_string(
                        r#"{"error":{"code":"ServiceUnavailable","message":"later"}}"#,
                    );
            }
            Some(Fault::Stall(d)) => stall = Some(d),
            None => {}
        }
        let collection = request
            .url
            .path()
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_owned();
        let mut filter = None;
        let mut orderby = None;
        let mut top = None;
        let mut skip = 0usize;
        for (key, value) in request.url.query_pairs() {
            match &*key {
                "$filter" => filter = Some(value.into_owned()),
                "$orderby" => orderby = Some(value.into_owned()),
                "$top" => top = value.parse::<usize>().ok(),
                "$skiptoken" => skip = value.parse().unwrap_or(0),
                _ => {}
            }
        }
        if state.reject_orderby && orderby.is_some() {
            return ResponseTemplate::new(400).set_body_string(
                r#"{"error":{"code":"BadRequest","message":"$orderby is not supported"}}"#,
            );
        }
        let bound = filter.as_deref().and_then(bound);
        if filter.is_some() && bound.is_none() {
            return ResponseTemplate::new(400).set_body_string(
                r#"{"error":{"code":"BadRequest","message":"unsupported filter"}}"#,
            );
        }
        let now = Instant::now();
        let empty = Collection::default();
        let c = state.collections.get(&collection).unwrap_or(&empty);
        let mut rows: Vec<(&String, &Item)> = c
            .items
            .iter()
            .filter(|(_, item)| item.visible_at <= now)
            .filter(|(_, item)| match bound {
                None => true,
                Some(("ge", b)) => item.t >= b,
                Some(("gt", b)) => item.t > b,
                Some((_, b)) => item.t == b,
            })
            .collect();
        match (state.honour_orderby, orderby.as_deref()) {
            (true, Some(o)) if o.ends_with(" asc") => {
                rows.sort_by_key(|(id, item)| (item.t, (*id).clone()))
            }
            (true, Some(o)) if o.ends_with(" desc") => {
                rows.sort_by_key(|(id, item)| std::cmp::Reverse((item.t, (*id).clone())))
            }
            // The default order: by last change, newest... no: by a scramble of
            // (id, change time), so an update moves an item anywhere.
            _ => rows.sort_by_key(|(id, item)| (scramble(id, item.t), item.seq)),
        }
        let size = top.unwrap_or(state.default_page).max(1);
        let end = (skip + size).min(rows.len());
        let page: Vec<serde_json::Value> = rows
            .get(skip..end)
            .unwrap_or_default()
            .iter()
            .map(|(id, item)| {
                serde_json::json!({
                    "id": id,
                    "displayName": format!("item {id}"),
                    "status": "active",
                    "lastUpdateDateTime": item.t.to_string(),
                    "createdDateTime": "2026-01-01T00:00:00Z",
                })
            })
            .collect();
        let mut body = serde_json::json!({
            "@odata.context": format!("{}/v1.0/$metadata#security/{collection}", state.base),
            "value": page,
        });
        let more = end < rows.len();
        if more {
            let mut next = request.url.clone();
            let pairs: Vec<(String, String)> = request
                .url
                .query_pairs()
                .filter(|(k, _)| k != "$skiptoken")
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
            next.query_pairs_mut()
                .clear()
                .extend_pairs(pairs)
                .append_pair("$skiptoken", &end.to_string());
            // wiremock's request URL has no port: the link is made on the base.
            let link = format!(
                "{}{}?{}",
                state.base,
                next.path(),
                next.query().unwrap_or_default()
            );
            body["@odata.nextLink"] = serde_json::Value::String(link);
        } else if end - skip.min(end) < size {
            state.read_ends += 1;
        }
        state.largest_page = state.largest_page.max(end - skip.min(end));
        let mut response = ResponseTemplate::new(200)
            .insert_header("Date", date.as_str())
            .set_body_raw(
                serde_json::to_vec(&body).unwrap_or_default(),
                "application/json",
            );
        if let Some(stall) = stall {
            response = response.set_delay(stall);
        }
        response
    }
}
