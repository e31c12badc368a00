//! [`List`]: `GET` a collection, one page or all of them as a stream.

use std::collections::hash_map::RandomState;
use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::hash::BuildHasher as _;
use std::marker::PhantomData;

use futures_util::future::Either;
use futures_util::stream::{self, Stream, StreamExt as _};
use serde::de::DeserializeOwned;

use super::base_url::has_user_info;
use super::builders::{
    Parts, check, common_methods, decode, expand_method, filter_method, search_method,
    select_method,
};
use super::core::Client;
use super::error::Error;
use super::http::{HttpRequest, HttpResponse, Method};
use super::operation::OperationInfo;
use super::options::{self, AllOptions};
use super::page::{Envelope, Page};
use super::request_path::RequestPath;

/// `GET` a collection with query options.
///
/// [`send`](Self::send) returns the first [`Page`]; [`stream`](Self::stream)
/// yields every item of every page, fetching a page when the previous one is
/// used up (one page in memory). `@odata.nextLink` is followed only when it
/// has the base URL's scheme, host and port and no user info
/// ([`ErrorKind::ForeignNextLink`](super::ErrorKind::ForeignNextLink)
/// otherwise, and the link is not requested), and a link already followed
/// ends the stream with
/// [`ErrorKind::NextLinkLoop`](super::ErrorKind::NextLinkLoop). Loop
/// detection keeps 64-bit keyed hashes of links, not links: the last 1,024
/// (a loop through up to 1,024 pages is caught at its first repeat) and a
/// checkpoint that moves at powers of two (Brent's cycle detection: a longer
/// loop is caught within two of its laps), so memory stays flat however
/// many pages are followed and however long their links.
#[must_use = "a request does nothing until sent"]
///
/// `Q` names the query options accepted ([`options`]): the methods of the
/// options the schema rules out for this collection do not exist.
pub struct List<T, Q = AllOptions> {
    parts: Parts,
    resume: Option<String>,
    max_pages: Option<u32>,
    _output: PhantomData<fn() -> (T, Q)>,
}

impl<T, Q> fmt::Debug for List<T, Q> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("List")
            .field("request", &self.parts)
            // A link with user info is refused when sent; never show it.
            .field(
                "resume",
                &self.resume.as_deref().map(|link| {
                    if has_user_info(link) {
                        "<a link with user info, redacted>"
                    } else {
                        link
                    }
                }),
            )
            .field("max_pages", &self.max_pages)
            .finish()
    }
}

impl<T, Q: options::FilterOption> List<T, Q> {
    filter_method!(typed);
}

impl<T, Q: options::SearchOption> List<T, Q> {
    search_method!();
}

impl<T, Q: options::SelectOption> List<T, Q> {
    select_method!();
}

impl<T, Q: options::ExpandOption> List<T, Q> {
    expand_method!();
}

impl<T, Q: options::OrderByOption> List<T, Q> {
    /// Sets `$orderby`: typed keys (`Incident::CREATED_DATE_TIME.desc()`) or
    /// raw ones such as `createdDateTime desc`.
    pub fn orderby<I>(mut self, keys: I) -> Self
    where
        I: IntoIterator,
        I::Item: crate::query::IntoOrderBy<T>,
    {
        self.parts.query.orderby = keys
            .into_iter()
            .map(crate::query::IntoOrderBy::into_order_by)
            .collect();
        self
    }
}

impl<T, Q: options::TopOption> List<T, Q> {
    /// Sets `$top`: the page size to ask for.
    pub fn top(mut self, top: u32) -> Self {
        self.parts.query.top = Some(top);
        self
    }
}

impl<T, Q: options::SkipOption> List<T, Q> {
    /// Sets `$skip`: how many items to skip.
    pub fn skip(mut self, skip: u32) -> Self {
        self.parts.query.skip = Some(skip);
        self
    }
}

impl<T, Q: options::CountOption> List<T, Q> {
    /// Sets `$count`: whether pages carry `@odata.count` ([`Page::count`]).
    pub fn count(mut self, count: bool) -> Self {
        self.parts.query.count = Some(count);
        self
    }
}

impl<T> List<T, AllOptions> {
    /// Replaces every query option at once (only where every option is accepted).
    pub fn query(mut self, options: super::QueryOptions) -> Self {
        self.parts.query = options;
        self
    }
}

impl<T: DeserializeOwned + Send + 'static, Q> List<T, Q> {
    /// A `GET` of the collection at `path`.
    pub fn new(path: RequestPath, info: &'static OperationInfo) -> Self {
        Self {
            parts: Parts::new(path, info),
            resume: None,
            max_pages: None,
            _output: PhantomData,
        }
    }

    common_methods!();

    /// The request's parts (for [`SyncBuilder`](super::SyncBuilder)).
    pub(crate) fn into_parts(self) -> Parts {
        self.parts
    }

    /// Starts from a saved `@odata.nextLink` ([`Page::next_link`] of an
    /// earlier run) instead of the first page: a collector that stops (or
    /// crashes) can go on where it was. The link carries the query, so the
    /// query options set on this builder are not used; its headers are. A
    /// link to another scheme, host or port than the base URL, or with user
    /// info, is refused
    /// ([`ErrorKind::ForeignNextLink`](super::ErrorKind::ForeignNextLink)).
    pub fn resume(mut self, next_link: impl Into<String>) -> Self {
        self.resume = Some(next_link.into());
        self
    }

    /// Stops [`pages`](Self::pages) and [`stream`](Self::stream) after `pages`
    /// pages (at least 1), even when the last one has a next link (keep it
    /// to [`resume`](Self::resume) later).
    pub fn max_pages(mut self, pages: u32) -> Self {
        self.max_pages = Some(pages.max(1));
        self
    }

    /// The HTTP request for the first page (or the resumed link), without
    /// sending it.
    pub fn into_request(self) -> Result<HttpRequest, Error> {
        let Some(link) = self.resume else {
            return self.parts.into_request(Method::Get);
        };
        if !self.parts.target.client().is_same_origin(&link) {
            return Err(Error::foreign_next_link(&link, false));
        }
        if has_user_info(&link) {
            return Err(Error::foreign_next_link(&link, true));
        }
        let mut request = HttpRequest::new(Method::Get, link);
        for (name, value) in self.parts.headers {
            request.set_header(name, value);
        }
        Ok(request)
    }

    /// The page in a response.
    pub fn parse(response: HttpResponse) -> Result<Page<T>, Error> {
        let response = check(response)?;
        let request_id = response.header("request-id").map(str::to_owned);
        let client_request_id = response.header("client-request-id").map(str::to_owned);
        let envelope: Envelope<Vec<T>> = decode(&response.body)?;
        let Some(items) = envelope.value else {
            return Err(Error::decode(
                std::any::type_name::<Page<T>>(),
                "",
                "the response has no `value` member".to_owned(),
            ));
        };
        Ok(Page {
            items,
            count: envelope.count,
            next_link: envelope.next_link,
            delta_link: envelope.delta_link,
            request_id,
            client_request_id,
        })
    }

    /// Sends the request and returns the first page.
    pub async fn send(self) -> Result<Page<T>, Error> {
        let info = self.parts.info;
        let client = self.parts.target.client().clone();
        let request = self.into_request()?;
        Self::parse(client.execute(request, info).await?).map_err(|e| e.with_path(info.path))
    }

    /// Every page, lazily: the first, then each `@odata.nextLink` in turn.
    /// After an error the stream ends. The stream is `Unpin`, so
    /// `StreamExt::next` works on it directly.
    pub fn pages(self) -> impl Stream<Item = Result<Page<T>, Error>> + Send + Unpin + 'static {
        let state = Paging {
            client: self.parts.target.client().clone(),
            info: self.parts.info,
            headers: self.parts.headers.clone(),
            pages_left: self.max_pages,
            next: Some(self.into_request()),
            seen: LoopGuard::new(),
        };
        Box::pin(stream::unfold(Some(state), |state| async move {
            let mut state = state?;
            let request = match state.next.take()? {
                Ok(request) => request,
                Err(error) => return Some((Err(error), None)),
            };
            state.seen.insert(&request.url);
            let path = state.info.path;
            let page = match state.client.execute(request, state.info).await {
                Ok(response) => Self::parse(response).map_err(|e| e.with_path(path)),
                Err(error) => Err(error),
            };
            let page = match page {
                Ok(page) => page,
                Err(error) => return Some((Err(error), None)),
            };
            if let Some(left) = &mut state.pages_left {
                *left -= 1;
            }
            if let Some(link) = &page.next_link {
                if state.pages_left != Some(0) {
                    state.next = Some(state.follow(link));
                }
            }
            Some((Ok(page), Some(state)))
        }))
    }

    /// Every item of every page, lazily (one page in memory). After an
    /// error the stream ends. The stream is `Unpin`, so `StreamExt::next`
    /// works on it directly.
    pub fn stream(self) -> impl Stream<Item = Result<T, Error>> + Send + Unpin + 'static {
        self.pages().flat_map(|page| match page {
            Ok(page) => Either::Left(stream::iter(page.items.into_iter().map(Ok))),
            Err(error) => Either::Right(stream::iter(Some(Err(error)))),
        })
    }
}

/// The state of [`List::pages`].
struct Paging {
    client: Client,
    info: &'static OperationInfo,
    headers: Vec<(String, String)>,
    pages_left: Option<u32>,
    next: Option<Result<HttpRequest, Error>>,
    seen: LoopGuard,
}

/// The links followed, in bounded memory: keyed hashes of the last
/// [`Self::WINDOW`] links, and Brent's checkpoint for longer loops.
struct LoopGuard {
    hasher: RandomState,
    recent: VecDeque<u64>,
    recent_set: HashSet<u64>,
    checkpoint: Option<u64>,
    since_checkpoint: u64,
    next_checkpoint: u64,
}

impl LoopGuard {
    const WINDOW: usize = 1024;

    fn new() -> Self {
        Self {
            hasher: RandomState::new(),
            recent: VecDeque::with_capacity(Self::WINDOW),
            recent_set: HashSet::with_capacity(Self::WINDOW),
            checkpoint: None,
            since_checkpoint: 0,
            next_checkpoint: 1,
        }
    }

    fn hash(&self, link: &str) -> u64 {
        self.hasher.hash_one(link)
    }

    /// Whether `link` was followed before (as far as the guard can tell:
    /// within the window, or the checkpoint).
    fn contains(&self, link: &str) -> bool {
        let hash = self.hash(link);
        self.recent_set.contains(&hash) || self.checkpoint == Some(hash)
    }

    /// Records a link as followed.
    fn insert(&mut self, link: &str) {
        let hash = self.hash(link);
        if self.recent_set.insert(hash) {
            self.recent.push_back(hash);
            if self.recent.len() > Self::WINDOW {
                if let Some(old) = self.recent.pop_front() {
                    self.recent_set.remove(&old);
                }
            }
        }
        self.since_checkpoint += 1;
        if self.since_checkpoint >= self.next_checkpoint {
            self.checkpoint = Some(hash);
            self.since_checkpoint = 0;
            self.next_checkpoint = self.next_checkpoint.saturating_mul(2);
        }
    }
}

impl Paging {
    /// The request for a next link, or why it is refused.
    fn follow(&self, link: &str) -> Result<HttpRequest, Error> {
        if !self.client.is_same_origin(link) {
            return Err(Error::foreign_next_link(link, false));
        }
        if has_user_info(link) {
            return Err(Error::foreign_next_link(link, true));
        }
        if self.seen.contains(link) {
            return Err(Error::next_link_loop(link));
        }
        let mut request = HttpRequest::new(Method::Get, link);
        for (name, value) in &self.headers {
            request.set_header(name.clone(), value.clone());
        }
        Ok(request)
    }
}

#[cfg(test)]
mod tests {
    use super::LoopGuard;

    /// Follows links `0, 1, ..., start - 1` then loops over
    /// `start..start + period`; returns how many links were followed
    /// before the guard saw a repeat.
    fn followed_until_caught(start: u64, period: u64) -> u64 {
        let mut guard = LoopGuard::new();
        let link = |i: u64| {
            let i = if i < start {
                i
            } else {
                start + (i - start) % period
            };
            format!("https://graph.microsoft.com/v1.0/x?$skiptoken={i}")
        };
        for i in 0.. {
            if guard.contains(&link(i)) {
                return i;
            }
            guard.insert(&link(i));
            assert!(guard.recent.len() <= LoopGuard::WINDOW);
        }
        unreachable!()
    }

    #[test]
    fn loops_are_caught_in_bounded_memory() {
        // Within the window: at the first repeat.
        assert_eq!(followed_until_caught(0, 1), 1);
        assert_eq!(followed_until_caught(5, 3), 8);
        assert_eq!(followed_until_caught(2_000, 1_000), 3_000);
        // Longer than the window: within two laps past the prefix.
        for (start, period) in [(0, 5_000), (3, 40_000), (10_000, 1_025)] {
            let caught = followed_until_caught(start, period);
            assert!(caught >= start + period, "{start} {period}: {caught}");
            assert!(
                caught <= 2 * (start + period) + period,
                "{start} {period}: {caught}"
            );
        }
        // A long run of distinct links is never taken for a loop.
        let mut guard = LoopGuard::new();
        for i in 0..100_000 {
            let link = format!("https://h/x?p={i}");
            assert!(!guard.contains(&link));
            guard.insert(&link);
        }
    }
}
