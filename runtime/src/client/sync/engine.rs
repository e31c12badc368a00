//! The sans-IO heart of [`Sync`](super::Sync): which query to send next,
//! what a page means for the watermark, and which versions are new.
//!
//! No HTTP and no clock here: the driver ([`SyncStream`](super::SyncStream))
//! turns a [`Fetch`] into a request and hands the page back as a
//! [`PageIn`]; the property tests drive the same engine against a model.
//! The reasoning behind each rule is in the [module docs](super).

use std::collections::{BTreeSet, HashSet};

use jiff::{SignedDuration, Timestamp};

/// One version of one item: its change time and its id (ordered by time
/// first, so the de-duplication set prunes by time).
pub(crate) type Version = (Timestamp, String);

/// How far the watermark is trusted to mean "everything below was read".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// `$orderby=<change time> asc` is sent and the pages are checked to be
    /// in that order: key-based paging.
    Ordered,
    /// `$orderby` is ignored, rejected or not allowed: whole passes over
    /// next links, repeated until one is confirmed by the next.
    Unordered,
}

/// The `$filter` bound on the change time of one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Bound {
    /// No bound (the first pass of a new checkpoint).
    All,
    /// `ge t`.
    Ge(Timestamp),
    /// `gt t`.
    Gt(Timestamp),
    /// `eq t` (a tie group).
    Eq(Timestamp),
}

impl Bound {
    /// Whether an item changed at `t` matches the bound.
    pub(crate) fn admits(&self, t: Timestamp) -> bool {
        match *self {
            Bound::All => true,
            Bound::Ge(b) => t >= b,
            Bound::Gt(b) => t > b,
            Bound::Eq(b) => t == b,
        }
    }
}

/// The `$orderby` of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Order {
    /// None (the service's default order), no `$top`; next links are followed.
    None,
    /// `<change time> asc` with `$top=<page size>`; only the first page is used.
    Asc,
    /// `<change time> desc` with `$top=<page size>`: the calibration probe.
    Desc,
}

/// What to request next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Fetch {
    /// The collection with this change-time bound, in this order.
    Query { bound: Bound, order: Order },
    /// A next link of the current offset-paged read.
    Link(String),
}

/// One page as the engine sees it.
#[derive(Debug, Clone, Default)]
pub(crate) struct PageIn {
    /// `(id, change time)` of every item, in the order received.
    pub(crate) items: Vec<(String, Timestamp)>,
    /// `@odata.nextLink`.
    pub(crate) next_link: Option<String>,
    /// The response's `Date` header.
    pub(crate) date: Option<Timestamp>,
}

/// What a page did to the pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Step {
    /// The pass goes on with [`Engine::next_fetch`].
    Continue,
    /// The pass is over.
    PassDone,
    /// A tie group did not settle within the bound of re-reads; the pass
    /// is abandoned (nothing was committed from it beyond what is sure).
    Unsettled(Timestamp),
}

/// How many times a tie group or an unordered pass is re-read before the
/// engine gives up for this pass (bounded work per pass).
pub(crate) const MAX_REREADS: u32 = 8;

/// The state of the pass in progress.
#[derive(Debug, Clone)]
enum Pass {
    /// Ordered mode before the service's ordering is known: the first page
    /// ascending, then the same request descending.
    Calibrate { bound: Bound, asc: Option<PageIn> },
    /// Key-based: the next request is the first page of `bound`, ordered.
    Ordered { bound: Bound },
    /// Reading the tie group at `at` through next links, until a full read
    /// contains every id of the read before it.
    Tie {
        at: Timestamp,
        next: Option<String>,
        current: HashSet<String>,
        previous: Option<HashSet<String>>,
        reads: u32,
    },
    /// Reading everything `>= from` through next links.
    Unordered {
        from: Bound,
        next: Option<String>,
        record: PassRecord,
    },
}

/// What an unordered pass read.
#[derive(Debug, Clone, Default)]
struct PassRecord {
    versions: HashSet<Version>,
    max: Option<Timestamp>,
    started: Option<Timestamp>,
}

/// The sync state: watermark, de-duplication window and the pass in progress.
#[derive(Debug, Clone)]
pub(crate) struct Engine {
    pub(crate) lookback: SignedDuration,
    pub(crate) page_size: u32,
    /// Every version changed before this was read (up to ingestion delays,
    /// which the look-back covers).
    pub(crate) watermark: Option<Timestamp>,
    /// Delivered versions changed at or after `watermark - lookback`.
    pub(crate) seen: BTreeSet<Version>,
    pub(crate) mode: Mode,
    /// Whether the service was seen to honour `$orderby` (ordered mode only).
    calibrated: bool,
    pass: Option<Pass>,
    /// The watermark the current page earns once all its items are delivered.
    pending: Option<Timestamp>,
    /// The last complete unordered pass, waiting for the next to confirm it.
    previous: Option<PassRecord>,
    /// Unordered passes since the watermark last moved (bounds `once`).
    unconfirmed: u32,
    /// Whether the last unordered pass confirmed the one before it.
    confirmed: bool,
}

impl Engine {
    pub(crate) fn new(lookback: SignedDuration, page_size: u32, mode: Mode) -> Self {
        Self {
            lookback,
            page_size: page_size.max(2),
            watermark: None,
            seen: BTreeSet::new(),
            mode,
            calibrated: false,
            pass: None,
            pending: None,
            previous: None,
            unconfirmed: 0,
            confirmed: false,
        }
    }

    /// The lower bound of a pass: `watermark - lookback`.
    pub(crate) fn floor(&self) -> Bound {
        match self.watermark {
            None => Bound::All,
            Some(w) => Bound::Ge(w.checked_sub(self.lookback).unwrap_or(Timestamp::MIN)),
        }
    }

    /// Whether a pass is in progress.
    pub(crate) fn in_pass(&self) -> bool {
        self.pass.is_some()
    }

    /// Starts a pass from `watermark - lookback`.
    pub(crate) fn start_pass(&mut self) {
        let from = self.floor();
        self.pass = Some(match self.mode {
            Mode::Ordered if !self.calibrated => Pass::Calibrate {
                bound: from,
                asc: None,
            },
            Mode::Ordered => Pass::Ordered { bound: from },
            Mode::Unordered => Pass::Unordered {
                from,
                next: None,
                record: PassRecord::default(),
            },
        });
    }

    /// Drops the pass in progress (after an error): the next pass starts
    /// again from the committed watermark.
    pub(crate) fn abort_pass(&mut self) {
        self.pass = None;
        self.pending = None;
    }

    /// The service refused `$orderby`: go on unordered, from the pass's start.
    pub(crate) fn orderby_rejected(&mut self) {
        self.mode = Mode::Unordered;
        self.pending = None;
        self.start_pass();
    }

    /// The request to send next, when a pass is in progress.
    pub(crate) fn next_fetch(&self) -> Option<Fetch> {
        Some(match self.pass.as_ref()? {
            Pass::Calibrate { bound, asc } => Fetch::Query {
                bound: bound.clone(),
                order: if asc.is_none() {
                    Order::Asc
                } else {
                    Order::Desc
                },
            },
            Pass::Ordered { bound } => Fetch::Query {
                bound: bound.clone(),
                order: Order::Asc,
            },
            Pass::Tie { at, next, .. } => match next {
                Some(link) => Fetch::Link(link.clone()),
                None => Fetch::Query {
                    bound: Bound::Eq(*at),
                    order: Order::None,
                },
            },
            Pass::Unordered { from, next, .. } => match next {
                Some(link) => Fetch::Link(link.clone()),
                None => Fetch::Query {
                    bound: from.clone(),
                    order: Order::None,
                },
            },
        })
    }

    fn below_window(&self, t: Timestamp) -> bool {
        match self.floor() {
            Bound::Ge(floor) => t < floor,
            _ => false,
        }
    }

    /// Records a delivery; `false` when the version was already delivered
    /// (or is older than the window, so it was delivered before).
    pub(crate) fn deliver(&mut self, version: Version) -> bool {
        if self.below_window(version.0) {
            return false;
        }
        self.seen.insert(version)
    }

    /// Every item of the current page has been delivered: the watermark the
    /// page earned applies, and the window forgets what fell out of it.
    pub(crate) fn page_done(&mut self) {
        if let Some(t) = self.pending.take() {
            self.advance(t);
        }
    }

    fn advance(&mut self, t: Timestamp) {
        if self.watermark.is_some_and(|w| w >= t) {
            return;
        }
        self.watermark = Some(t);
        self.unconfirmed = 0;
        if let Bound::Ge(floor) = self.floor() {
            self.seen = self.seen.split_off(&(floor, String::new()));
        }
    }

    /// Whether a `once` run may stop: no pass in progress and nothing waiting
    /// (an unordered pass waits for the pass that confirms it, up to a bound).
    pub(crate) fn settled(&self) -> bool {
        self.pass.is_none()
            && (self.mode == Mode::Ordered || self.confirmed || self.unconfirmed >= MAX_REREADS)
    }

    /// Reads a page: returns what it did to the pass. The items themselves
    /// are delivered by the caller through [`deliver`](Self::deliver), and
    /// [`page_done`](Self::page_done) once the last is.
    pub(crate) fn on_page(&mut self, page: &PageIn) -> Step {
        let Some(pass) = self.pass.take() else {
            return Step::PassDone;
        };
        match pass {
            Pass::Calibrate { bound, asc: None } => {
                self.pass = Some(Pass::Calibrate {
                    bound,
                    asc: Some(page.clone()),
                });
                Step::Continue
            }
            Pass::Calibrate {
                bound,
                asc: Some(asc),
            } => self.calibrate(bound, &asc, page),
            Pass::Ordered { bound } => self.ordered_page(bound, page),
            Pass::Tie {
                at,
                current,
                previous,
                reads,
                ..
            } => self.tie_page(at, current, previous, reads, page),
            Pass::Unordered { from, record, .. } => self.unordered_page(from, record, page),
        }
    }

    /// Decides from the same request sorted both ways whether the service
    /// honours `$orderby`. A service that ignores it answers both in its one
    /// default order, which cannot be sorted ascending and descending at
    /// once when the page holds two different change times; a page that
    /// holds one (or none) proves nothing, but when it is the whole answer
    /// it is complete in any order.
    fn calibrate(&mut self, bound: Bound, asc: &PageIn, desc: &PageIn) -> Step {
        let complete = asc.next_link.is_none() && asc.items.len() < self.page_size as usize;
        let distinct = asc
            .items
            .first()
            .is_some_and(|(_, first)| asc.items.iter().any(|(_, t)| t != first));
        if complete || distinct {
            let sorted_asc = asc.items.windows(2).all(|w| w[0].1 <= w[1].1);
            let sorted_desc = desc.items.windows(2).all(|w| w[0].1 >= w[1].1);
            if !distinct || (sorted_asc && sorted_desc) {
                self.calibrated = distinct;
                return self.ordered_page(bound, asc);
            }
            tracing::debug!(target: "msgraph_security::sync", "the service ignores $orderby on the change time; unordered passes from now on");
            self.mode = Mode::Unordered;
            self.start_pass();
            return Step::Continue;
        }
        // A full page of one change time: this pass reads unordered.
        self.pass = Some(Pass::Unordered {
            from: bound,
            next: None,
            record: PassRecord::default(),
        });
        Step::Continue
    }

    fn ordered_page(&mut self, bound: Bound, page: &PageIn) -> Step {
        let in_order = page.items.iter().all(|(_, t)| bound.admits(*t))
            && page.items.windows(2).all(|w| w[0].1 <= w[1].1);
        if !in_order {
            // `$orderby` (or the filter) is not honoured: nothing from this
            // page moves the watermark; read again, unordered, from the start.
            tracing::debug!(target: "msgraph_security::sync", "the service ignores $orderby on the change time; unordered passes from now on");
            self.mode = Mode::Unordered;
            self.start_pass();
            return Step::Continue;
        }
        let Some((_, last)) = page.items.last() else {
            return Step::PassDone;
        };
        let last = *last;
        let full = page.next_link.is_some() || page.items.len() >= self.page_size as usize;
        if !full {
            // The whole rest of the result set was in this one answer.
            self.pending = Some(last);
            return Step::PassDone;
        }
        // Everything changed before `last` is in this page (one sorted answer);
        // the items at `last` may go on past it.
        self.pending = Some(last);
        let stuck = page.items.first().is_some_and(|(_, t)| *t == last) && bound == Bound::Ge(last);
        self.pass = Some(if stuck {
            // A whole page of one change time: read the tie group itself.
            Pass::Tie {
                at: last,
                next: None,
                current: HashSet::new(),
                previous: None,
                reads: 0,
            }
        } else {
            Pass::Ordered {
                bound: Bound::Ge(last),
            }
        });
        Step::Continue
    }

    fn tie_page(
        &mut self,
        at: Timestamp,
        mut current: HashSet<String>,
        previous: Option<HashSet<String>>,
        reads: u32,
        page: &PageIn,
    ) -> Step {
        if page.items.iter().any(|(_, t)| *t != at) {
            tracing::debug!(target: "msgraph_security::sync", "the service ignores the eq filter on the change time; unordered passes from now on");
            self.mode = Mode::Unordered;
            self.start_pass();
            return Step::Continue;
        }
        current.extend(page.items.iter().map(|(id, _)| id.clone()));
        if let Some(link) = &page.next_link {
            self.pass = Some(Pass::Tie {
                at,
                next: Some(link.clone()),
                current,
                previous,
                reads,
            });
            return Step::Continue;
        }
        // A read that follows next links can skip an item when one read
        // before it leaves the group; the one that left is missing from the
        // next read, so a read whose ids all come back in the next one was
        // complete.
        let settled = previous
            .as_ref()
            .is_some_and(|previous| previous.is_subset(&current));
        if settled {
            self.pending = Some(at);
            self.pass = Some(Pass::Ordered {
                bound: Bound::Gt(at),
            });
            return Step::Continue;
        }
        if reads + 1 >= MAX_REREADS {
            return Step::Unsettled(at);
        }
        self.pass = Some(Pass::Tie {
            at,
            next: None,
            current: HashSet::new(),
            previous: Some(current),
            reads: reads + 1,
        });
        Step::Continue
    }

    fn unordered_page(&mut self, from: Bound, mut record: PassRecord, page: &PageIn) -> Step {
        if record.started.is_none() && record.versions.is_empty() {
            record.started = page.date;
        }
        for (id, t) in &page.items {
            if from.admits(*t) {
                record.versions.insert((*t, id.clone()));
                record.max = record.max.max(Some(*t));
            }
        }
        if let Some(link) = &page.next_link {
            self.pass = Some(Pass::Unordered {
                from,
                next: Some(link.clone()),
                record,
            });
            return Step::Continue;
        }
        // A pass over next links can skip an item when one read before it
        // changes (moves) or disappears during the pass; that one's version
        // is then missing from every later pass. So the previous pass was
        // complete when every version it read is read again by this one.
        let confirmed = self
            .previous
            .as_ref()
            .is_some_and(|previous| previous.versions.is_subset(&record.versions));
        if let (true, Some(previous)) = (confirmed, self.previous.take()) {
            // Versions changed during that pass are at least as new as its
            // start by the service's clock (`Date`), and no later than the
            // newest it returned.
            let mark = match (previous.max, previous.started) {
                (Some(max), Some(started)) => Some(max.min(started)),
                (max, _) => max,
            };
            self.pending = mark;
            self.confirmed = true;
        } else {
            self.unconfirmed += 1;
            self.confirmed = false;
        }
        self.previous = Some(record);
        Step::PassDone
    }
}

#[cfg(test)]
mod tests;
