//! Incremental sync of a collection that has no delta query: [`SyncBuilder`], the
//! [`SyncStream`] it runs, and the [`Checkpoint`] a collector commits.
//!
//! `incidents` and `alerts_v2` (and the other collections the generator
//! finds with a change-time property that can be filtered on) have no
//! `delta` function: a collector filters on the change time
//! (`lastUpdateDateTime ge <watermark>`), pages through, remembers the
//! watermark and survives restarts. This module is that loop, written once.
//!
//! # Guarantees
//!
//! - **At least once, never lost.** Every version of every item (an
//!   `(id, change time)` pair) that the service holds while a pass runs is
//!   delivered at least once, across restarts, crashes at any point and
//!   transient errors, provided it becomes visible no later than the
//!   look-back window after its change time. One limit, inherent to offset
//!   paging: where the sync must follow next links (unordered mode, and a
//!   tie group larger than a page), a version that a read skips *and* that
//!   changes again before the confirming read is delivered only in its newer
//!   form; the latest version of every item is always delivered.
//! - **Exactly once while running.** Within one [`SyncStream`] a version is
//!   not delivered twice. After a crash, what was delivered after the last
//!   committed [`Checkpoint`] may come again, nothing before it.
//! - **The service's clock.** The watermark is only ever a change time the
//!   service sent (or, for unordered passes, the `Date` of the service's
//!   first answer of a pass, if lower): the collector's clock is never read,
//!   so a skewed host clock changes nothing.
//!
//! # How, and why this way
//!
//! Graph's `@odata.nextLink` on these collections is a position (an offset)
//! in a live result set, not a snapshot. When an item read earlier in a pass
//! is updated, it moves to its new place in the order and every item behind
//! it shifts one place back across the page boundary: following next links
//! then skips an item that did not change at all, and if the watermark moves
//! past its change time it is lost for good. A look-back window does not
//! help (the skipped item can be hours old). So this module never lets a
//! watermark rest on a read that followed next links, unless the read has
//! been confirmed by a later one:
//!
//! 1. **Ordered mode** (key-based paging, used where the schema allows
//!    `$orderby` and the service honours it). Each request is the *first
//!    page* of `$filter=<change time> ge C&$orderby=<change time> asc&$top=N`;
//!    next links are not followed. One answer is one consistent, sorted
//!    read, so every item changed before the page's last change time `M` is
//!    in it; the next request starts at `ge M` (re-reading the items at `M`,
//!    de-duplicated). An update during the pass moves an item to a later
//!    change time, where this pass still reads it: nothing shifts under a key.
//!    The order is checked on every page (sorted, all inside the bound); the
//!    first page that is not sends the sync to unordered mode for good, and
//!    a `400` to the ordered request (the service rejects `$orderby`) does the
//!    same, without an error.
//! 2. **Ties.** When a full page holds only one change time (more items share
//!    it than a page holds), `ge M` would return the same page forever: the
//!    tie group is read on its own with `eq M`, through next links, and read
//!    again until a read contains every id of the read before it. An item can
//!    only leave the group (an update moves it later), and a read that skipped
//!    an item did so because one it had already read left, which is then
//!    missing from the next read: so a read whose ids all come back was
//!    complete. Then the pass goes on with `gt M`. A group that does not
//!    settle in 8 reads (`MAX_REREADS`) ends the pass with
//!    an error (the watermark stays at `M`, so the next pass reads it again).
//! 3. **Unordered mode** (`$orderby` not allowed, ignored or rejected). A pass
//!    reads everything `ge watermark - lookback` through next links and
//!    delivers what is new, but the watermark does not move on its own
//!    evidence: a pass is complete when every version it read is read again
//!    by the next complete pass (a version that changed or vanished during
//!    the pass, which is what makes a skip, is missing from every later one).
//!    Then the watermark moves to the lower of that pass's newest change time
//!    and its first answer's `Date`. Under constant churn the watermark waits
//!    (and more is re-read, de-duplicated); nothing is lost.
//! 4. **Late arrivals.** Each pass starts at `watermark - lookback`
//!    ([`SyncBuilder::lookback`], default [`DEFAULT_LOOKBACK`], 10 minutes): an item
//!    that becomes visible after the watermark passed its change time is
//!    still read if the delay is within the window. The versions delivered
//!    inside the window are kept (and checkpointed) to de-duplicate the
//!    re-read, so memory is bounded by the window, not by history. Ten
//!    minutes is well above the delays seen between an alert's change time
//!    and its visibility (seconds to a few minutes) while keeping the re-read
//!    to ten minutes of changes; raise it if your tenant sees longer ones.
//! 5. **Crash between sink and checkpoint.** [`SyncStream::checkpoint`] after
//!    an item covers that item and everything before it; the watermark a page
//!    earns applies only once its last item has been handed out, so a
//!    checkpoint never claims an item the caller has not seen. Commit it
//!    after your sink has the data; a crash before the commit re-delivers
//!    from the previous checkpoint.
//!
//! A pass that ends with an error (one that outlived the client's retries)
//! yields it; polling again waits a little (the poll interval, at most a
//! minute) and starts a new pass from the last good state. Dropping the
//! stream at any point loses nothing that a committed checkpoint claims.

mod checkpoint;
pub(crate) mod engine;
#[cfg(test)]
mod model_tests;

use std::collections::VecDeque;
use std::collections::hash_map::RandomState;
use std::fmt;
use std::future::Future;
use std::hash::{BuildHasher as _, Hasher as _};
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use futures_util::Stream;
use jiff::{SignedDuration, Timestamp};
use serde::de::{DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;

pub use checkpoint::{
    CHECKPOINT_FORMAT, Checkpoint, CheckpointStore, FileCheckpointStore, StoreFuture,
};
use engine::{Bound, Engine, Fetch, Mode, Order, PageIn, Step};

use super::base_url::has_user_info;
use super::builders::{Parts, common_methods, decode, expand_method, filter_method, select_method};
use super::core::Client;
use super::error::Error;
use super::http::{HttpRequest, HttpResponse, Method};
use super::list::List;
use super::operation::OperationInfo;
use super::options::{self, AllOptions};
use super::page::Envelope;
use super::timer::SleepFuture;

/// The default look-back window: each pass re-reads the last 10 minutes of
/// changes before the watermark, for items the service makes visible late.
pub const DEFAULT_LOOKBACK: Duration = Duration::from_secs(600);

/// The default pause between passes (jittered by up to a tenth either way).
pub const DEFAULT_POLL_INTERVAL: Duration = Duration::from_secs(60);

/// The default page size (`$top` of ordered requests): the largest
/// `/security/incidents` accepts.
pub const DEFAULT_PAGE_SIZE: u32 = 50;

/// The longest wait after a failed pass before the next one.
const MAX_ERROR_WAIT: Duration = Duration::from_secs(60);

/// How many pages one read may follow before it is cut with an error (a
/// bound on a next-link chain that never ends).
const MAX_PAGES_PER_READ: u32 = 100_000;

/// Incremental sync of one collection: every new and changed item, pass
/// after pass ([`stream`](Self::stream)) or one pass ([`once`](Self::once)).
///
/// Made by the generated `sync()` of a syncable collection
/// (`client.security().incidents().sync()`), which names the change-time
/// property and whether the schema allows `$orderby` on it. The typed
/// `$filter`, `$select` (the id and change time are always added) and
/// `$expand` apply to every request; the semantics are in the
/// [module docs](self).
#[must_use = "a sync does nothing until streamed"]
pub struct SyncBuilder<T, Q = AllOptions> {
    parts: Parts,
    change_time: &'static str,
    sortable: bool,
    lookback: Duration,
    poll_interval: Duration,
    page_size: u32,
    scope: String,
    checkpoint: Option<Checkpoint>,
    _output: PhantomData<fn() -> (T, Q)>,
}

impl<T, Q> fmt::Debug for SyncBuilder<T, Q> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SyncBuilder")
            .field("request", &self.parts)
            .field("change_time", &self.change_time)
            .field("sortable", &self.sortable)
            .field("lookback", &self.lookback)
            .field("poll_interval", &self.poll_interval)
            .field("page_size", &self.page_size)
            .field("scope", &self.scope)
            .field("watermark", &self.checkpoint.as_ref().map(|c| c.watermark))
            .finish()
    }
}

impl<T, Q: options::FilterOption> SyncBuilder<T, Q> {
    filter_method!(typed);
}

impl<T, Q: options::SelectOption> SyncBuilder<T, Q> {
    select_method!();
}

impl<T, Q: options::ExpandOption> SyncBuilder<T, Q> {
    expand_method!();
}

impl<T: DeserializeOwned + Send + 'static, Q> SyncBuilder<T, Q> {
    /// A sync of the collection `list` lists, by its `DateTimeOffset`
    /// property `change_time` (wire name); `sortable` says whether the
    /// schema allows `$orderby` there (ordered mode is tried only then).
    /// The list's headers and `$filter`, `$select` and `$expand` are kept.
    pub fn from_list(list: List<T, Q>, change_time: &'static str, sortable: bool) -> Self {
        Self {
            parts: list.into_parts(),
            change_time,
            sortable,
            lookback: DEFAULT_LOOKBACK,
            poll_interval: DEFAULT_POLL_INTERVAL,
            page_size: DEFAULT_PAGE_SIZE,
            scope: String::new(),
            checkpoint: None,
            _output: PhantomData,
        }
    }

    common_methods!();

    /// The change-time property (wire name) the sync pages on.
    pub fn change_time(&self) -> &'static str {
        self.change_time
    }

    /// The collection's path (`/security/incidents`), the key of its
    /// checkpoint together with the [`scope`](Self::scope).
    pub fn collection(&self) -> String {
        self.parts
            .target
            .path()
            .map(str::to_owned)
            .unwrap_or_default()
    }

    /// The look-back window ([`DEFAULT_LOOKBACK`]): how far before the
    /// watermark each pass starts, for items the service makes visible late.
    pub fn lookback(mut self, lookback: Duration) -> Self {
        self.lookback = lookback;
        self
    }

    /// The pause between passes ([`DEFAULT_POLL_INTERVAL`]), jittered by up
    /// to a tenth either way so many collectors do not poll in step.
    pub fn poll_interval(mut self, interval: Duration) -> Self {
        self.poll_interval = interval;
        self
    }

    /// The page size of ordered requests (`$top`, [`DEFAULT_PAGE_SIZE`]; at least 2).
    pub fn page_size(mut self, size: u32) -> Self {
        self.page_size = size.max(2);
        self
    }

    /// Whose data this is (a tenant id, or any label): part of the
    /// checkpoint's identity, so one tenant's checkpoint is never used for
    /// another's.
    pub fn scope(mut self, scope: impl Into<String>) -> Self {
        self.scope = scope.into();
        self
    }

    /// Goes on from a committed checkpoint (`None`: from the beginning). A
    /// checkpoint of another collection or scope, or of a newer format,
    /// makes the stream yield that error and end.
    pub fn resume(mut self, checkpoint: Option<Checkpoint>) -> Self {
        self.checkpoint = checkpoint;
        self
    }

    /// The same sync, delivering each item exactly as the service sent it
    /// (its JSON text), for sinks that store what they receive.
    pub fn raw(self) -> SyncBuilder<Box<RawValue>, Q> {
        SyncBuilder {
            parts: self.parts,
            change_time: self.change_time,
            sortable: self.sortable,
            lookback: self.lookback,
            poll_interval: self.poll_interval,
            page_size: self.page_size,
            scope: self.scope,
            checkpoint: self.checkpoint,
            _output: PhantomData,
        }
    }

    /// Passes forever, [`poll_interval`](Self::poll_interval) apart.
    pub fn stream(self) -> SyncStream<T> {
        SyncStream::new(self, false)
    }

    /// One pass (for cron-style jobs), then the stream ends. In unordered
    /// mode, passes run back to back until one is confirmed (at most
    /// a few), so the watermark can move.
    pub fn once(self) -> SyncStream<T> {
        SyncStream::new(self, true)
    }
}

/// One delivered version of an item.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SyncItem<T> {
    /// The item's `id`.
    pub id: String,
    /// Its change time, as the service sent it.
    pub changed: Timestamp,
    /// The item.
    pub item: T,
}

/// What a [`SyncStream`] has done so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct SyncStats {
    /// Passes completed.
    pub passes: u64,
    /// Pages read.
    pub pages: u64,
    /// Items delivered.
    pub delivered: u64,
    /// Items read again and not delivered (already delivered, or older than the window).
    pub duplicates: u64,
    /// Errors yielded.
    pub errors: u64,
}

/// What the stream is doing between items.
enum Phase {
    /// Start a pass now.
    Start,
    /// A request is out.
    Fetching(Pin<Box<dyn Future<Output = Result<Fetched, Error>> + Send>>),
    /// Waiting for the next pass.
    Waiting(SleepFuture),
    /// Ended (a `once` run, or an unusable checkpoint).
    Done,
}

/// One page as received.
struct Fetched {
    items: Vec<Box<RawValue>>,
    next_link: Option<String>,
    date: Option<Timestamp>,
}

/// The stream of a [`SyncBuilder`]: `Result<SyncItem<T>, Error>` items, and the
/// [`checkpoint`](Self::checkpoint) to commit after each.
///
/// `Send` and `Unpin`; dropping it at any point is safe (see the
/// [module docs](self)).
pub struct SyncStream<T> {
    client: Client,
    info: &'static OperationInfo,
    base: Parts,
    change_time: &'static str,
    collection: String,
    scope: String,
    poll_interval: Duration,
    once: bool,
    engine: Engine,
    phase: Phase,
    buffer: VecDeque<(String, Timestamp, Box<RawValue>)>,
    pages_in_read: u32,
    /// Whether the request out is an ordered query (a `400` to it means
    /// `$orderby` is rejected).
    ordered_out: bool,
    stats: SyncStats,
    pending_error: Option<Error>,
    jitter: RandomState,
    _output: PhantomData<fn() -> T>,
}

impl<T> fmt::Debug for SyncStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SyncStream")
            .field("collection", &self.collection)
            .field("scope", &self.scope)
            .field("watermark", &self.engine.watermark)
            .field("window", &self.engine.seen.len())
            .field("mode", &self.engine.mode)
            .field("buffered", &self.buffer.len())
            .field("stats", &self.stats)
            .finish()
    }
}

impl<T: DeserializeOwned + Send + 'static> SyncStream<T> {
    fn new<Q>(sync: SyncBuilder<T, Q>, once: bool) -> Self {
        let collection = sync.collection();
        let lookback = SignedDuration::try_from(sync.lookback).unwrap_or(SignedDuration::MAX);
        let mode = if sync.sortable {
            Mode::Ordered
        } else {
            Mode::Unordered
        };
        let mut engine = Engine::new(lookback, sync.page_size, mode);
        let mut pending_error = None;
        let mut phase = Phase::Start;
        if let Some(checkpoint) = sync.checkpoint {
            match checkpoint.check(&collection, &sync.scope) {
                Ok(()) => {
                    engine.watermark = checkpoint.watermark;
                    engine.seen = checkpoint.seen.into_iter().collect();
                }
                Err(error) => {
                    pending_error = Some(error);
                    phase = Phase::Done;
                }
            }
        }
        let mut base = sync.parts;
        let select = &mut base.query.select;
        if !select.is_empty() {
            for key in ["id", sync.change_time] {
                if !select.iter().any(|s| s == key) {
                    select.push(key.to_owned());
                }
            }
        }
        Self {
            client: base.target.client().clone(),
            info: base.info,
            base,
            change_time: sync.change_time,
            collection,
            scope: sync.scope,
            poll_interval: sync.poll_interval,
            once,
            engine,
            phase,
            buffer: VecDeque::new(),
            pages_in_read: 0,
            ordered_out: false,
            stats: SyncStats::default(),
            pending_error,
            jitter: RandomState::new(),
            _output: PhantomData,
        }
    }
}

impl<T> SyncStream<T> {
    /// The state after the last item yielded: commit it once your sink holds
    /// that item (and the ones before it).
    pub fn checkpoint(&self) -> Checkpoint {
        Checkpoint {
            format: CHECKPOINT_FORMAT,
            collection: self.collection.clone(),
            scope: self.scope.clone(),
            watermark: self.engine.watermark,
            seen: self.engine.seen.iter().cloned().collect(),
        }
    }

    /// The watermark: every version changed before it has been delivered
    /// (late arrivals within the look-back window aside).
    pub fn watermark(&self) -> Option<Timestamp> {
        self.engine.watermark
    }

    /// How many versions the de-duplication window holds.
    pub fn window_len(&self) -> usize {
        self.engine.seen.len()
    }

    /// Whether the service's ordering is relied on (`false` once `$orderby`
    /// turned out not to be allowed, honoured or accepted).
    pub fn is_ordered(&self) -> bool {
        self.engine.mode == Mode::Ordered
    }

    /// Counters of what the stream has done.
    pub fn stats(&self) -> SyncStats {
        self.stats
    }

    /// The request for `fetch`.
    fn request(&self, fetch: &Fetch) -> Result<HttpRequest, Error> {
        let url = match fetch {
            Fetch::Link(link) => {
                if !self.client.is_same_origin(link) {
                    return Err(Error::foreign_next_link(link, false));
                }
                if has_user_info(link) {
                    // A second credential (Basic) beside the token: refused.
                    return Err(Error::foreign_next_link(link, true));
                }
                link.clone()
            }
            Fetch::Query { bound, order } => {
                let mut query = self.base.query.clone();
                let prop = self.change_time;
                // The runtime's canonical `Edm.DateTimeOffset` literal (jiff's
                // `Display` writes six-digit years at the range's ends).
                let literal = |t: &Timestamp| {
                    crate::edm::DateTimeOffset::from(*t)
                        .canonical()
                        .map_err(|e| Error::invalid_input(format!("$filter on {prop}: {e}")))
                };
                let own = match bound {
                    Bound::All => None,
                    Bound::Ge(t) => Some(format!("{prop} ge {}", literal(t)?)),
                    Bound::Gt(t) => Some(format!("{prop} gt {}", literal(t)?)),
                    Bound::Eq(t) => Some(format!("{prop} eq {}", literal(t)?)),
                };
                query.filter = match (query.filter.take(), own) {
                    (Some(user), Some(own)) => Some(format!("({user}) and {own}")),
                    (user, own) => own.or(user),
                };
                match order {
                    Order::None => {
                        query.orderby.clear();
                        query.top = None;
                    }
                    Order::Asc | Order::Desc => {
                        let direction = if *order == Order::Asc { "asc" } else { "desc" };
                        query.orderby = vec![format!("{prop} {direction}")];
                        query.top = Some(self.engine.page_size);
                    }
                }
                query.skip = None;
                let mut url = self.base.target.url()?;
                let query = query.to_query_string();
                if !query.is_empty() {
                    url.push('?');
                    url.push_str(&query);
                }
                url
            }
        };
        let mut request = HttpRequest::new(Method::Get, url);
        for (name, value) in &self.base.headers {
            request.set_header(name.clone(), value.clone());
        }
        Ok(request)
    }

    fn start_fetch(&mut self) {
        let Some(fetch) = self.engine.next_fetch() else {
            self.phase = Phase::Start;
            return;
        };
        self.ordered_out = matches!(
            fetch,
            Fetch::Query {
                order: Order::Asc | Order::Desc,
                ..
            }
        );
        if matches!(fetch, Fetch::Query { .. }) {
            self.pages_in_read = 0;
        }
        self.pages_in_read += 1;
        let request = if self.pages_in_read > MAX_PAGES_PER_READ {
            Err(Error::invalid_input(format!(
                "{}: a read followed more than {MAX_PAGES_PER_READ} next links",
                self.collection
            )))
        } else {
            self.request(&fetch)
        };
        let client = self.client.clone();
        let info = self.info;
        self.phase = Phase::Fetching(Box::pin(async move {
            let response = client.execute(request?, info).await?;
            read_page(response).map_err(|e| e.with_path(info.path))
        }));
    }

    /// The pause before the next pass (or after an error), jittered.
    fn wait(&self, after_error: bool) -> SleepFuture {
        let base = if after_error {
            self.poll_interval.min(MAX_ERROR_WAIT)
        } else {
            self.poll_interval
        };
        let mut hasher = self.jitter.build_hasher();
        hasher.write_u64(self.stats.passes ^ self.stats.errors.rotate_left(32));
        let spread = base / 5;
        let offset = if spread.is_zero() {
            Duration::ZERO
        } else {
            Duration::from_nanos(hasher.finish() % (spread.as_nanos() as u64).max(1))
        };
        self.client.timer().sleep(base - base / 10 + offset)
    }

    /// A page arrived: hand it to the engine and buffer its items.
    fn on_fetched(&mut self, fetched: Fetched) -> Result<(), Error> {
        let mut page = PageIn {
            items: Vec::with_capacity(fetched.items.len()),
            next_link: fetched.next_link,
            date: fetched.date,
        };
        let mut raws = Vec::with_capacity(fetched.items.len());
        for raw in fetched.items {
            let (id, changed) = keys(&raw, self.change_time)
                .map_err(|message| Error::decode("SyncItem", self.info.path, message))?;
            page.items.push((id, changed));
            raws.push(raw);
        }
        self.stats.pages += 1;
        let step = self.engine.on_page(&page);
        for ((id, t), raw) in page.items.into_iter().zip(raws) {
            self.buffer.push_back((id, t, raw));
        }
        match step {
            Step::Continue => self.start_fetch(),
            Step::PassDone => {
                self.stats.passes += 1;
                tracing::info!(
                    target: "msgraph_security::sync",
                    collection = %self.collection,
                    passes = self.stats.passes,
                    delivered = self.stats.delivered,
                    window = self.engine.seen.len(),
                    ordered = self.engine.mode == Mode::Ordered,
                    "pass complete"
                );
                self.phase = match (self.once, self.engine.settled()) {
                    (true, true) => Phase::Done,
                    // An unconfirmed unordered pass: the next one confirms it.
                    (true, false) => Phase::Start,
                    (false, _) => Phase::Waiting(self.wait(false)),
                };
            }
            Step::Unsettled(at) => {
                self.engine.abort_pass();
                self.phase = Phase::Waiting(self.wait(true));
                return Err(Error::invalid_input(format!(
                    "{}: the items changed at {at} did not settle in {} reads; the next pass reads them again",
                    self.collection,
                    engine::MAX_REREADS
                )));
            }
        }
        if self.buffer.is_empty() {
            self.engine.page_done();
        }
        Ok(())
    }
}

/// Reads one page's envelope: the raw items, next link and `Date`.
fn read_page(response: HttpResponse) -> Result<Fetched, Error> {
    let date = response.header("date").and_then(|d| {
        jiff::fmt::rfc2822::DateTimeParser::new()
            .parse_timestamp(d)
            .ok()
    });
    let envelope: Envelope<Vec<Box<RawValue>>> = decode(&response.body)?;
    let Some(items) = envelope.value else {
        return Err(Error::decode(
            "SyncItem",
            "",
            "the response has no `value` member".to_owned(),
        ));
    };
    Ok(Fetched {
        items,
        next_link: envelope.next_link,
        date,
    })
}

/// The `id` and change time of one item's JSON.
fn keys(raw: &RawValue, change_time: &str) -> Result<(String, Timestamp), String> {
    let mut de = serde_json::Deserializer::from_str(raw.get());
    let (id, changed) = KeySeed(change_time)
        .deserialize(&mut de)
        .map_err(|e| format!("an item is not an object: {e}"))?;
    let id = id.ok_or_else(|| "an item has no `id`".to_owned())?;
    let changed = changed.ok_or_else(|| format!("item `{id}` has no `{change_time}`"))?;
    let changed = changed
        .parse::<Timestamp>()
        .map_err(|e| format!("item `{id}`: `{change_time}` is not a DateTimeOffset: {e}"))?;
    Ok((id, changed))
}

struct KeySeed<'p>(&'p str);

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = (Option<String>, Option<String>);

    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = (Option<String>, Option<String>);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an entity object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut id, mut changed) = (None, None);
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if key == "id" {
                id = map.next_value::<Option<String>>()?;
            } else if key == self.0 {
                changed = map.next_value::<Option<String>>()?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok((id, changed))
    }
}

impl<T: DeserializeOwned> Stream for SyncStream<T> {
    type Item = Result<SyncItem<T>, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(error) = this.pending_error.take() {
                this.stats.errors += 1;
                return Poll::Ready(Some(Err(error)));
            }
            if let Some((id, changed, raw)) = this.buffer.pop_front() {
                let new = this.engine.deliver((changed, id.clone()));
                if this.buffer.is_empty() {
                    this.engine.page_done();
                }
                if !new {
                    this.stats.duplicates += 1;
                    continue;
                }
                this.stats.delivered += 1;
                // A version that does not decode as `T` is still delivered (as
                // an error naming it): it is in the checkpoint from now on.
                return Poll::Ready(Some(
                    serde_json::from_str::<T>(raw.get())
                        .map(|item| SyncItem {
                            id: id.clone(),
                            changed,
                            item,
                        })
                        .map_err(|e| {
                            Error::decode(
                                std::any::type_name::<T>(),
                                this.info.path,
                                format!("item `{id}` changed at {changed}: {e}"),
                            )
                        }),
                ));
            }
            match &mut this.phase {
                Phase::Done => return Poll::Ready(None),
                Phase::Start => {
                    this.engine.start_pass();
                    tracing::debug!(target: "msgraph_security::sync", collection = %this.collection, watermark = ?this.engine.watermark, "pass starts");
                    this.start_fetch();
                }
                Phase::Waiting(sleep) => {
                    if sleep.as_mut().poll(cx).is_pending() {
                        return Poll::Pending;
                    }
                    this.phase = Phase::Start;
                }
                Phase::Fetching(future) => {
                    let result = match future.as_mut().poll(cx) {
                        Poll::Pending => return Poll::Pending,
                        Poll::Ready(result) => result,
                    };
                    match result {
                        Ok(fetched) => {
                            if let Err(error) = this.on_fetched(fetched) {
                                this.engine.abort_pass();
                                this.phase = Phase::Waiting(this.wait(true));
                                this.pending_error = Some(error);
                            }
                        }
                        Err(error)
                            if error.status() == Some(400)
                                && this.ordered_out
                                && this.engine.mode == Mode::Ordered
                                && this.engine.in_pass() =>
                        {
                            tracing::info!(target: "msgraph_security::sync", collection = %this.collection, "the service rejects $orderby on the change time; unordered passes from now on");
                            this.engine.orderby_rejected();
                            this.start_fetch();
                        }
                        Err(error) => {
                            tracing::warn!(target: "msgraph_security::sync", collection = %this.collection, error = %error, "pass failed; the next one starts from the last good state");
                            this.engine.abort_pass();
                            this.phase = Phase::Waiting(this.wait(true));
                            this.pending_error = Some(error);
                        }
                    }
                }
            }
        }
    }
}
