//! JSON batching (`POST /$batch`): many typed requests in few round trips,
//! each with its own result.
//!
//! [`Client::batch`] gives a [`Batch`]; [`Batch::add`] takes any request
//! builder (or a hand-made [`BatchItem`]) and returns a [`Handle`] typed with
//! that request's result; [`Batch::send`] sends everything and
//! [`BatchResponses::get`] gives each request's own `Result<T, Error>`, as
//! sending it alone would have.
//!
//! See [`Batch`] for the wire format, splitting, dependencies and retries.

use std::any::Any;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime};

use base64::Engine as _;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;
use tracing::Instrument as _;

use super::builders::{ActionCall, Count, Create, Delete, FunctionCall, Get, Update};
use super::core::{Client, new_request_id};
use super::error::{Error, ErrorKind};
use super::http::{HttpRequest, HttpResponse, Method};
use super::list::List;
use super::operation::{OperationInfo, Permissions};
use super::page::Page;
use super::retry::parse_retry_after;

/// The most requests Graph accepts in one `$batch`.
pub const MAX_BATCH_REQUESTS: usize = 20;

const PREFER_UNKNOWN_ENUM_MEMBERS: &str = "include-unknown-enum-members";

static BATCH: OperationInfo = OperationInfo::new(Method::Post, "/$batch", Permissions::EMPTY);

/// Numbers batches, so a [`Handle`] is only read from its own batch.
static NEXT_BATCH: AtomicU64 = AtomicU64::new(1);

/// A request ready for a batch: the HTTP request, its operation and how its
/// response is read. The request builders turn into one through
/// [`IntoBatchItem`]; build one by hand for a request of your own.
pub struct BatchItem<T> {
    request: HttpRequest,
    info: &'static OperationInfo,
    parse: Box<dyn FnOnce(HttpResponse) -> Result<T, Error> + Send>,
}

impl<T> fmt::Debug for BatchItem<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BatchItem")
            .field("request", &self.request)
            .field("operation", &self.info.path)
            .finish_non_exhaustive()
    }
}

impl<T> BatchItem<T> {
    /// `request` (an absolute URL below the client's base URL, a JSON body
    /// if any), the operation it performs, and `parse`, which reads its
    /// response (status, headers and decoded body) as `send` would.
    pub fn new(
        request: HttpRequest,
        info: &'static OperationInfo,
        parse: impl FnOnce(HttpResponse) -> Result<T, Error> + Send + 'static,
    ) -> Self {
        Self {
            request,
            info,
            parse: Box::new(parse),
        }
    }
}

/// A request that can go into a [`Batch`]: every request builder but
/// [`Download`](super::Download) (a stream has no place in a batch
/// response).
pub trait IntoBatchItem {
    /// What the request gives, as its `send` would.
    type Output: Send + 'static;

    /// The request, its operation and its parser.
    fn into_batch_item(self) -> Result<BatchItem<Self::Output>, Error>;
}

impl<T: Send + 'static> IntoBatchItem for BatchItem<T> {
    type Output = T;

    fn into_batch_item(self) -> Result<BatchItem<T>, Error> {
        Ok(self)
    }
}

impl<T: DeserializeOwned + Send + 'static, Q: 'static> IntoBatchItem for Get<T, Q> {
    type Output = T;

    fn into_batch_item(self) -> Result<BatchItem<T>, Error> {
        let info = self.info();
        Ok(BatchItem::new(self.into_request()?, info, Self::parse))
    }
}

impl<T: DeserializeOwned + Send + 'static, Q: 'static> IntoBatchItem for List<T, Q> {
    type Output = Page<T>;

    fn into_batch_item(self) -> Result<BatchItem<Page<T>>, Error> {
        let info = self.info();
        Ok(BatchItem::new(self.into_request()?, info, Self::parse))
    }
}

impl<Q: 'static> IntoBatchItem for Count<Q> {
    type Output = u64;

    fn into_batch_item(self) -> Result<BatchItem<u64>, Error> {
        let info = self.info();
        Ok(BatchItem::new(self.into_request()?, info, Self::parse))
    }
}

impl<T: DeserializeOwned + Send + 'static> IntoBatchItem for Create<T> {
    type Output = T;

    fn into_batch_item(self) -> Result<BatchItem<T>, Error> {
        let info = self.info();
        Ok(BatchItem::new(self.into_request()?, info, Self::parse))
    }
}

impl<T: DeserializeOwned + Send + 'static> IntoBatchItem for Update<T> {
    type Output = Option<T>;

    fn into_batch_item(self) -> Result<BatchItem<Option<T>>, Error> {
        let info = self.info();
        Ok(BatchItem::new(self.into_request()?, info, Self::parse))
    }
}

impl IntoBatchItem for Delete {
    type Output = ();

    fn into_batch_item(self) -> Result<BatchItem<()>, Error> {
        let info = self.info();
        Ok(BatchItem::new(self.into_request()?, info, Self::parse))
    }
}

impl<R: DeserializeOwned + Send + 'static> IntoBatchItem for ActionCall<R> {
    type Output = R;

    fn into_batch_item(self) -> Result<BatchItem<R>, Error> {
        let info = self.info();
        let shape = self.shape();
        let request = self.into_request()?;
        Ok(BatchItem::new(request, info, move |response| {
            Self::parse(shape, response)
        }))
    }
}

impl<R: DeserializeOwned + Send + 'static> IntoBatchItem for FunctionCall<R> {
    type Output = R;

    fn into_batch_item(self) -> Result<BatchItem<R>, Error> {
        let info = self.info();
        let shape = self.shape();
        let request = self.into_request()?;
        Ok(BatchItem::new(request, info, move |response| {
            Self::parse(shape, response)
        }))
    }
}

/// Where one request's result is in the [`BatchResponses`]: typed with the
/// request's result, so it can only be read as that type.
///
/// ```compile_fail,E0308
/// use msgraph_security_runtime::client::{Batch, BatchResponses, Get};
/// # fn f(mut batch: Batch, incident: Get<u64>, mut responses: BatchResponses) {
/// let handle = batch.add(incident).unwrap(); // Handle<u64>
/// let wrong: Result<String, _> = responses.get(handle); // a Handle<u64> gives a u64
/// # }
/// ```
pub struct Handle<T> {
    batch: u64,
    index: usize,
    _output: PhantomData<fn() -> T>,
}

impl<T> fmt::Debug for Handle<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Handle")
            .field("batch", &self.batch)
            .field("id", &self.id())
            .field("type", &std::any::type_name::<T>())
            .finish()
    }
}

impl<T> Handle<T> {
    /// The request's `id` in the batch (`"1"` for the first request added).
    pub fn id(&self) -> String {
        wire_id(self.index)
    }
}

fn wire_id(index: usize) -> String {
    (index + 1).to_string()
}

/// What reads one request's outcome as its own `Result<T, Error>` (boxed),
/// marking an error with the [`Stamp`].
type Finish = Box<dyn FnOnce(Result<HttpResponse, Error>, &Stamp) -> Box<dyn Any + Send> + Send>;

/// What a request's error carries from the batch: how often it was sent,
/// the `client-request-id` of its last `POST`, the `Retry-After` of its
/// last answer.
struct Stamp {
    attempts: u32,
    client_request_id: Option<String>,
    retry_after: Option<Duration>,
}

impl Stamp {
    fn apply(&self, error: Error) -> Error {
        let error = error
            .with_attempts(self.attempts)
            .with_retry_after(self.retry_after);
        match &self.client_request_id {
            Some(id) => error.with_client_request_id(id),
            None => error,
        }
    }
}

struct Entry {
    method: Method,
    /// The URL relative to the base URL (from its `/`).
    url: String,
    headers: BTreeMap<String, String>,
    body: Option<Box<RawValue>>,
    depends_on: Option<usize>,
}

/// Requests to send together with `POST /$batch` ([`Client::batch`]).
///
/// # On the wire
///
/// As [Graph documents JSON batching](https://learn.microsoft.com/graph/json-batching):
/// `{"requests":[{"id","method","url","headers","body","dependsOn"}]}` with
/// URLs relative to the base URL (a request to another origin is refused
/// when added) and JSON bodies inline; responses come back in any order and
/// are matched by `id`; a JSON response body is inline, any other is
/// base64-encoded by the service and decoded here.
///
/// # Splitting, dependencies, retries
///
/// Graph takes at most [`MAX_BATCH_REQUESTS`] (20) requests per batch; more
/// are sent as several batches, in the order added. A request added with
/// [`Batch::add_after`] carries `dependsOn` when its dependency is in the
/// same batch (the service then answers it `424 Failed Dependency` if the
/// dependency fails). When splitting puts the dependency in an earlier batch,
/// the dependency's outcome is known before the dependent is sent: a failed
/// dependency fails the dependent with a `424` error (code
/// `FailedDependency`, the message saying it was not sent) without sending
/// it, a successful one lets it go without `dependsOn`. Either way the
/// documented rule holds and requests run in the order added.
///
/// A request answered `429` (any method: the service did not run it) or
/// `503`/`504` (every method but `POST`) is sent again in a later batch,
/// after the longest `Retry-After` of the requests being retried (else the
/// policy's backoff), within the client's [`RetryPolicy`](super::RetryPolicy)
/// (`max_attempts` per request, `max_total` of waiting) and
/// [deadline](super::ClientBuilder::deadline) for the whole `send`; a `429`
/// with `Retry-After` also closes the client-wide throttle gate. A request
/// answered `424` because its dependency is being retried goes again with
/// it. The `POST /$batch` itself goes through [`Client::execute`] (token,
/// throttle gate, retries of a whole-batch `429`, timeout, the body cap
/// [`max_response_bytes`](super::ClientBuilder::max_response_bytes) on the
/// whole batch response); a whole batch answered `503`/`504` or lost to a
/// transport failure or timeout is sent again for its idempotent requests
/// only. Client-side [rate limits](super::RateLimit) count every request of
/// a batch, not the one `POST`.
///
/// # Example
///
/// ```no_run
/// use msgraph_security_runtime::client::{Client, Get, RequestPath, OperationInfo, Method, Permissions};
/// use serde_json::Value as Incident; // the generated crate has the real type
///
/// static GET_INCIDENT: OperationInfo =
///     OperationInfo::new(Method::Get, "/security/incidents/{}", Permissions::EMPTY);
///
/// # async fn run(client: Client) -> Result<(), msgraph_security_runtime::client::Error> {
/// let incidents = RequestPath::root(&client, "security").segment("incidents");
/// let mut batch = client.batch();
/// let first = batch.add(Get::<Incident>::new(incidents.key("1"), &GET_INCIDENT))?;
/// let second = batch.add(Get::<Incident>::new(incidents.key("2"), &GET_INCIDENT))?;
/// let mut responses = batch.send().await?; // one round trip
/// let first: Incident = responses.get(first)?;
/// match responses.get(second) {
///     Ok(incident) => println!("{}", incident["displayName"]),
///     Err(error) if error.status() == Some(404) => println!("gone"),
///     Err(error) => return Err(error),
/// }
/// # let _ = first; Ok(())
/// # }
/// ```
pub struct Batch {
    client: Client,
    id: u64,
    entries: Vec<Entry>,
    /// Per entry: how its outcome becomes its typed result.
    finishers: Vec<Finish>,
}

impl fmt::Debug for Batch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let requests: Vec<_> = self
            .entries
            .iter()
            .map(|e| format!("{} {}", e.method, e.url))
            .collect();
        f.debug_struct("Batch")
            .field("id", &self.id)
            .field("requests", &requests)
            .finish()
    }
}

impl Client {
    /// An empty [`Batch`] on this client: collect requests with
    /// [`Batch::add`], send them with [`Batch::send`] in as few round
    /// trips as Graph allows (20 requests each).
    pub fn batch(&self) -> Batch {
        Batch {
            client: self.clone(),
            id: NEXT_BATCH.fetch_add(1, Ordering::Relaxed),
            entries: Vec::new(),
            finishers: Vec::new(),
        }
    }
}

impl Batch {
    /// How many requests were added.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no request was added.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Adds `request`; its result is read with the returned handle.
    ///
    /// Fails ([`ErrorKind::InvalidInput`]) when the request cannot be built,
    /// when its URL is not below the client's base URL (a batch goes to one
    /// origin, with one token), or when its body is not JSON.
    pub fn add<R: IntoBatchItem>(&mut self, request: R) -> Result<Handle<R::Output>, Error> {
        self.push(request, None)
    }

    /// Adds `request` to run only after `dependency` succeeded (`dependsOn`):
    /// if the dependency fails, this request fails with status `424` and is
    /// not run.
    ///
    /// Fails like [`add`](Self::add), and when `dependency` is from another
    /// batch.
    pub fn add_after<D, R: IntoBatchItem>(
        &mut self,
        dependency: &Handle<D>,
        request: R,
    ) -> Result<Handle<R::Output>, Error> {
        if dependency.batch != self.id || dependency.index >= self.entries.len() {
            return Err(Error::invalid_input(
                "add_after: the dependency's handle is from another batch",
            ));
        }
        self.push(request, Some(dependency.index))
    }

    fn push<R: IntoBatchItem>(
        &mut self,
        request: R,
        depends_on: Option<usize>,
    ) -> Result<Handle<R::Output>, Error> {
        let BatchItem {
            request,
            info,
            parse,
        } = request.into_batch_item()?;
        let (_, _, _, prefer_unknown) = self.client.batch_parts();
        let base = self.client.base_url();
        let url = match request.url.strip_prefix(base) {
            Some(rest) if rest.starts_with('/') => rest.to_owned(),
            _ => {
                return Err(Error::invalid_input(format!(
                    "a batch request's URL must be below the base URL {base} (a batch goes to one origin and API version); refused a {} to another",
                    request.method
                )));
            }
        };
        let body = match request.body {
            None => None,
            Some(bytes) => Some(
                serde_json::from_slice::<Box<RawValue>>(&bytes).map_err(|e| {
                    Error::invalid_input(format!(
                        "a batch request's body must be JSON ({} {}): {e}",
                        request.method, info.path
                    ))
                })?,
            ),
        };
        let mut headers = BTreeMap::new();
        for (name, value) in request.headers {
            let lower = name.to_ascii_lowercase();
            if matches!(
                lower.as_str(),
                "authorization" | "user-agent" | "client-request-id"
            ) {
                continue;
            }
            headers.insert(name, value);
        }
        if prefer_unknown {
            // As `Client::execute` does: added to the request's own `Prefer`.
            let prefer = headers
                .iter_mut()
                .find(|(name, _)| name.eq_ignore_ascii_case("prefer"));
            match prefer {
                Some((_, value)) if value.contains(PREFER_UNKNOWN_ENUM_MEMBERS) => {}
                Some((_, value)) => {
                    value.push_str(", ");
                    value.push_str(PREFER_UNKNOWN_ENUM_MEMBERS);
                }
                None => {
                    headers.insert("Prefer".to_owned(), PREFER_UNKNOWN_ENUM_MEMBERS.to_owned());
                }
            }
        }
        let path = info.path;
        let finish: Finish =
            Box::new(move |outcome: Result<HttpResponse, Error>, stamp: &Stamp| {
                let result: Result<R::Output, Error> = outcome
                    .and_then(|response| parse(response).map_err(|e| e.with_path(path)))
                    .map_err(|e| stamp.apply(e));
                Box::new(result)
            });
        let index = self.entries.len();
        self.entries.push(Entry {
            method: request.method,
            url,
            headers,
            body,
            depends_on,
        });
        self.finishers.push(finish);
        Ok(Handle {
            batch: self.id,
            index,
            _output: PhantomData,
        })
    }

    /// Sends every request, 20 per `POST /$batch`, retrying what the
    /// service throttled (see [`Batch`]), and returns every
    /// request's outcome.
    ///
    /// Fails as a whole only when no batch response came back at all (the
    /// service unreachable, the token refused, the throttle gate closed
    /// beyond the budget): the error of the last `POST` tried. Otherwise each
    /// request's own success or error is in the [`BatchResponses`].
    pub async fn send(self) -> Result<BatchResponses, Error> {
        let Batch {
            client,
            id,
            entries,
            finishers,
        } = self;
        let count = entries.len();
        let mut run = Run::new(&client, &entries);
        let span = tracing::info_span!(
            "graph.batch",
            requests = count,
            round_trips = tracing::field::Empty
        );
        run.drive().instrument(span.clone()).await;
        span.record("round_trips", run.round_trips);
        if run.answered == 0 && count > 0 {
            if let Some(error) = run.last_batch_error.take() {
                return Err(error);
            }
        }
        let round_trips = run.round_trips;
        let states = std::mem::take(&mut run.states);
        let attempts = std::mem::take(&mut run.attempts);
        let request_ids = std::mem::take(&mut run.client_request_ids);
        drop(run);
        let mut results = Vec::with_capacity(count);
        for (((finish, state), attempts), request_id) in finishers
            .into_iter()
            .zip(states)
            .zip(attempts)
            .zip(request_ids)
        {
            let outcome = match state {
                State::Done(outcome) => outcome,
                State::Pending | State::Retrying { .. } => Err(Error::invalid_input(
                    "internal: a batch request was left without an outcome",
                )),
            };
            let retry_after = match &outcome {
                Ok(response) => response
                    .header("retry-after")
                    .and_then(|value| parse_retry_after(value, SystemTime::now())),
                Err(error) => error.retry_after(),
            };
            let stamp = Stamp {
                attempts,
                client_request_id: request_id,
                retry_after,
            };
            results.push(Some(finish(outcome, &stamp)));
        }
        Ok(BatchResponses {
            batch: id,
            results,
            round_trips,
        })
    }
}

/// Where one request stands while a batch is sent.
enum State {
    Pending,
    Retrying {
        error: Error,
        retry_after: Option<Duration>,
    },
    Done(Result<HttpResponse, Error>),
}

impl State {
    fn succeeded(&self) -> bool {
        matches!(self, Self::Done(Ok(response)) if response.is_success())
    }
}

/// The sending of one batch.
struct Run<'a> {
    client: &'a Client,
    entries: &'a [Entry],
    states: Vec<State>,
    attempts: Vec<u32>,
    /// The `client-request-id` of the last `POST` that carried each request.
    client_request_ids: Vec<Option<String>>,
    started: Instant,
    waited: Duration,
    round_trips: u32,
    /// How many `POST`s got a batch response.
    answered: u32,
    last_batch_error: Option<Error>,
}

impl<'a> Run<'a> {
    fn new(client: &'a Client, entries: &'a [Entry]) -> Self {
        Self {
            client,
            entries,
            states: entries.iter().map(|_| State::Pending).collect(),
            attempts: vec![0; entries.len()],
            client_request_ids: vec![None; entries.len()],
            started: Instant::now(),
            waited: Duration::ZERO,
            round_trips: 0,
            answered: 0,
            last_batch_error: None,
        }
    }

    /// The time left before the client's deadline, if it has one.
    fn remaining(&self) -> Option<Duration> {
        let (_, _, deadline, _) = self.client.batch_parts();
        deadline.map(|limit| limit.saturating_sub(self.started.elapsed()))
    }

    async fn drive(&mut self) {
        let policy = self.client.retry_policy().clone();
        let mut queue: Vec<usize> = (0..self.entries.len()).collect();
        let mut round: u32 = 0;
        while !queue.is_empty() {
            round += 1;
            let mut cursor = 0;
            while cursor < queue.len() {
                let mut chunk = Vec::new();
                while chunk.len() < MAX_BATCH_REQUESTS && cursor < queue.len() {
                    let index = queue[cursor];
                    cursor += 1;
                    if self.resolve_dependency(index, &chunk) {
                        chunk.push(index);
                    }
                }
                if !chunk.is_empty() {
                    self.send_chunk(&chunk).await;
                }
            }
            queue = (0..self.entries.len())
                .filter(|&i| matches!(self.states[i], State::Retrying { .. }))
                .collect();
            if queue.is_empty() {
                break;
            }
            let longest = queue
                .iter()
                .filter_map(|&i| match &self.states[i] {
                    State::Retrying { retry_after, .. } => *retry_after,
                    _ => None,
                })
                .max();
            let wait = longest.unwrap_or_else(|| policy.backoff(round));
            let past_deadline = self
                .remaining()
                .is_some_and(|left| wait >= left || left.is_zero());
            if self.waited.saturating_add(wait) > policy.max_total || past_deadline {
                tracing::debug!(
                    requests = queue.len(),
                    "batch: not retrying, the wait would exceed max_total or the deadline"
                );
                for &index in &queue {
                    let state = std::mem::replace(&mut self.states[index], State::Pending);
                    if let State::Retrying { error, retry_after } = state {
                        self.states[index] = State::Done(Err(error.with_retry_after(retry_after)));
                    }
                }
                break;
            }
            tracing::debug!(
                requests = queue.len(),
                wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                "batch: retrying"
            );
            if !wait.is_zero() {
                let (timer, ..) = self.client.batch_parts();
                timer.sleep(wait).await;
            }
            self.waited += wait;
        }
    }

    /// Whether request `index` goes into the batch being built (`chunk`):
    /// settles it here when its dependency failed, requeues it when the
    /// dependency is being retried.
    fn resolve_dependency(&mut self, index: usize, chunk: &[usize]) -> bool {
        let Some(dependency) = self.entries[index].depends_on else {
            return true;
        };
        if chunk.contains(&dependency) || self.states[dependency].succeeded() {
            return true;
        }
        match &self.states[dependency] {
            State::Retrying { .. } | State::Pending => {
                self.states[index] = State::Retrying {
                    error: Error::from_response(&failed_dependency(
                        dependency,
                        "has not succeeded (throttled or unavailable)",
                    )),
                    retry_after: None,
                };
            }
            State::Done(_) => {
                self.states[index] = State::Done(Ok(failed_dependency(dependency, "failed")));
            }
        }
        false
    }

    /// Sends one `POST /$batch` with the requests `chunk` and records their
    /// outcomes.
    async fn send_chunk(&mut self, chunk: &[usize]) {
        let (timer, throttle, deadline, _) = self.client.batch_parts();
        let policy = self.client.retry_policy().clone();
        // The rate limits count every request; `execute` takes the first.
        for _ in 1..chunk.len() {
            let remaining = self.remaining();
            let budget = policy.max_total.saturating_sub(self.waited);
            let budget = remaining.map_or(budget, |r| budget.min(r));
            match throttle.admit(timer, budget, remaining).await {
                Ok(admission) => self.waited += admission.waited,
                Err(error) => {
                    self.last_batch_error = Some(error.clone());
                    for &index in chunk {
                        self.states[index] = State::Done(Err(error.clone()));
                    }
                    return;
                }
            }
        }
        let body = match wire_body(self.entries, chunk) {
            Ok(body) => body,
            Err(error) => {
                for &index in chunk {
                    self.states[index] = State::Done(Err(error.clone()));
                }
                return;
            }
        };
        let client_request_id = new_request_id();
        let mut request =
            HttpRequest::new(Method::Post, format!("{}/$batch", self.client.base_url()));
        request.set_header("Content-Type", "application/json");
        request.set_header("client-request-id", client_request_id.clone());
        request.body = Some(body);
        for &index in chunk {
            self.attempts[index] += 1;
            self.client_request_ids[index] = Some(client_request_id.clone());
        }
        self.round_trips += 1;
        tracing::debug!(requests = chunk.len(), "batch: POST /$batch");
        let outcome = match (self.remaining(), deadline) {
            (Some(left), Some(limit)) => timer
                .timeout(left, self.client.execute(request, &BATCH))
                .await
                .unwrap_or_else(|()| Err(Error::timeout(limit, true))),
            _ => self.client.execute(request, &BATCH).await,
        };
        let response = match outcome {
            Ok(response) => response,
            Err(error) => {
                self.last_batch_error = Some(error.clone());
                let resend = match error.kind() {
                    ErrorKind::Transport { .. } => true,
                    ErrorKind::Timeout { deadline, .. } => !deadline,
                    _ => matches!(error.status(), Some(503 | 504)),
                };
                for &index in chunk {
                    let method = self.entries[index].method;
                    self.states[index] = if resend
                        && method.is_idempotent()
                        && self.attempts[index] < policy.max_attempts.max(1)
                    {
                        State::Retrying {
                            retry_after: error.retry_after(),
                            error: error.clone(),
                        }
                    } else {
                        State::Done(Err(error.clone()))
                    };
                }
                return;
            }
        };
        self.answered += 1;
        let mut answers = match read_responses(&response.body) {
            Ok(answers) => answers,
            Err(message) => {
                let error = Error::decode("the $batch response", BATCH.path, message);
                for &index in chunk {
                    self.states[index] = State::Done(Err(error.clone()));
                }
                return;
            }
        };
        for &index in chunk {
            let id = wire_id(index);
            let state = match answers.remove(&id).as_deref() {
                None | Some([]) => State::Done(Err(Error::decode(
                    "the $batch response",
                    BATCH.path,
                    format!("no response has the id {id:?} of this request"),
                ))),
                Some([_, _, ..]) => State::Done(Err(Error::decode(
                    "the $batch response",
                    BATCH.path,
                    format!("several responses have the id {id:?} of this request"),
                ))),
                Some([answer]) => match answer.to_response(&id, &response) {
                    Err(error) => State::Done(Err(error)),
                    Ok(sub) => self.judge(index, sub, &policy),
                },
            };
            self.states[index] = state;
        }
    }

    /// What a sub-response means for request `index`: its outcome, or a
    /// retry.
    fn judge(&self, index: usize, response: HttpResponse, policy: &super::RetryPolicy) -> State {
        let entry = &self.entries[index];
        let (_, throttle, ..) = self.client.batch_parts();
        let retry_after = response
            .header("retry-after")
            .and_then(|value| parse_retry_after(value, SystemTime::now()));
        if response.status == 429 {
            if let Some(wait) = retry_after {
                throttle.close_for(wait);
            }
        }
        let attempts_left = self.attempts[index] < policy.max_attempts.max(1);
        if attempts_left && policy.retries_status(entry.method, response.status) {
            return State::Retrying {
                error: Error::from_response(&response).with_retry_after(retry_after),
                retry_after,
            };
        }
        if response.status == 424 {
            if let Some(dependency) = entry.depends_on {
                if matches!(self.states[dependency], State::Retrying { .. }) {
                    // Not run: it goes again with its dependency.
                    return State::Retrying {
                        error: Error::from_response(&response),
                        retry_after: None,
                    };
                }
            }
        }
        State::Done(Ok(response))
    }
}

/// The `424` answer for a request not sent because its dependency failed
/// (`why`: "failed", or that it has not succeeded yet).
fn failed_dependency(dependency: usize, why: &str) -> HttpResponse {
    let body = serde_json::json!({
        "error": {
            "code": "FailedDependency",
            "message": format!(
                "not sent: the request it depends on (id {}) {why}",
                wire_id(dependency)
            ),
        }
    });
    HttpResponse::new(424, body.to_string())
}

/// The JSON body of a `POST /$batch` with the requests `chunk`.
fn wire_body(entries: &[Entry], chunk: &[usize]) -> Result<Vec<u8>, Error> {
    let mut requests = Vec::with_capacity(chunk.len());
    for &index in chunk {
        let entry = &entries[index];
        let mut object: BTreeMap<&'static str, Box<RawValue>> = BTreeMap::new();
        object.insert("id", raw(&wire_id(index))?);
        object.insert("method", raw(entry.method.as_str())?);
        object.insert("url", raw(&entry.url)?);
        if !entry.headers.is_empty() {
            object.insert("headers", raw(&entry.headers)?);
        }
        if let Some(body) = &entry.body {
            object.insert("body", body.clone());
        }
        if let Some(dependency) = entry.depends_on.filter(|d| chunk.contains(d)) {
            object.insert("dependsOn", raw(&[wire_id(dependency)])?);
        }
        requests.push(object);
    }
    let mut root = BTreeMap::new();
    root.insert("requests", requests);
    serde_json::to_vec(&root)
        .map_err(|e| Error::invalid_input(format!("internal: the batch body: {e}")))
}

/// A member of the batch body as JSON text.
fn raw<T: serde::Serialize + ?Sized>(value: &T) -> Result<Box<RawValue>, Error> {
    serde_json::value::to_raw_value(value)
        .map_err(|e| Error::invalid_input(format!("internal: a batch member: {e}")))
}

/// One entry of `responses` in a batch response.
struct Answer {
    status: Option<Box<RawValue>>,
    headers: Option<Box<RawValue>>,
    body: Option<Box<RawValue>>,
}

/// The `responses` of a batch response, by id (a list, to tell duplicates).
fn read_responses(body: &[u8]) -> Result<HashMap<String, Vec<Answer>>, String> {
    let root: HashMap<String, Box<RawValue>> =
        serde_json::from_slice(body).map_err(|e| e.to_string())?;
    let responses = root
        .get("responses")
        .ok_or_else(|| "no `responses` member".to_owned())?;
    let responses: Vec<HashMap<String, Box<RawValue>>> =
        serde_json::from_str(responses.get()).map_err(|e| format!("`responses`: {e}"))?;
    let mut by_id: HashMap<String, Vec<Answer>> = HashMap::new();
    for mut response in responses {
        let id = match response
            .get("id")
            .map(|raw| serde_json::from_str(raw.get()))
        {
            Some(Ok(serde_json::Value::String(id))) => id,
            Some(Ok(serde_json::Value::Number(id))) => id.to_string(),
            // A response without a usable id belongs to no request.
            _ => continue,
        };
        by_id.entry(id).or_default().push(Answer {
            status: response.remove("status"),
            headers: response.remove("headers"),
            body: response.remove("body"),
        });
    }
    Ok(by_id)
}

impl Answer {
    /// The sub-response as an [`HttpResponse`]: JSON bodies as sent, other
    /// bodies base64-decoded; the batch response's `request-id` and
    /// `client-request-id` where the sub-response has none.
    fn to_response(&self, id: &str, batch: &HttpResponse) -> Result<HttpResponse, Error> {
        let bad = |what: String| {
            Error::decode(
                "the $batch response",
                BATCH.path,
                format!("the response with id {id:?}: {what}"),
            )
        };
        let status: u16 = match &self.status {
            Some(raw) => serde_json::from_str(raw.get())
                .map_err(|e| bad(format!("`status` is not an HTTP status: {e}")))?,
            None => return Err(bad("no `status`".to_owned())),
        };
        let mut headers = Vec::new();
        if let Some(raw) = &self.headers {
            let map: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(raw.get())
                    .map_err(|e| bad(format!("`headers` is not an object: {e}")))?;
            for (name, value) in map {
                let value = match value {
                    serde_json::Value::String(text) => text,
                    other => other.to_string(),
                };
                headers.push((name, value));
            }
        }
        for name in ["request-id", "client-request-id"] {
            if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) {
                if let Some(value) = batch.header(name) {
                    headers.push((name.to_owned(), value.to_owned()));
                }
            }
        }
        let is_json = headers.iter().any(|(n, v)| {
            n.eq_ignore_ascii_case("content-type") && v.to_ascii_lowercase().contains("json")
        });
        let body = match &self.body {
            None => Vec::new(),
            Some(raw) if is_json => raw.get().as_bytes().to_vec(),
            Some(raw) => match serde_json::from_str::<serde_json::Value>(raw.get()) {
                Ok(serde_json::Value::String(text)) => base64::engine::general_purpose::STANDARD
                    .decode(text.trim())
                    .map_err(|e| bad(format!("a non-JSON body that is not base64: {e}")))?,
                Ok(serde_json::Value::Null) => Vec::new(),
                // JSON sent without a JSON content type: keep it as sent.
                _ => raw.get().as_bytes().to_vec(),
            },
        };
        Ok(HttpResponse {
            status,
            headers,
            body,
        })
    }
}

/// Every request's outcome of a sent [`Batch`].
pub struct BatchResponses {
    batch: u64,
    results: Vec<Option<Box<dyn Any + Send>>>,
    round_trips: u32,
}

impl fmt::Debug for BatchResponses {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BatchResponses")
            .field("batch", &self.batch)
            .field("requests", &self.results.len())
            .field("round_trips", &self.round_trips)
            .finish()
    }
}

impl BatchResponses {
    /// The request's own result: what its `send()` would have returned
    /// (its type, and on failure the same [`Error`] kinds, with the status,
    /// Graph error code, `request-id` and `client-request-id`), taken out
    /// (a handle is read once).
    ///
    /// A handle of another batch gives an [`ErrorKind::InvalidInput`] error.
    pub fn get<T: 'static>(&mut self, handle: Handle<T>) -> Result<T, Error> {
        if handle.batch != self.batch {
            return Err(Error::invalid_input(
                "BatchResponses::get: the handle is from another batch",
            ));
        }
        let boxed = self
            .results
            .get_mut(handle.index)
            .and_then(Option::take)
            .ok_or_else(|| Error::invalid_input("BatchResponses::get: no such request"))?;
        match boxed.downcast::<Result<T, Error>>() {
            Ok(result) => *result,
            Err(_) => Err(Error::invalid_input(
                "BatchResponses::get: the handle's type does not match its request",
            )),
        }
    }

    /// How many requests the batch had.
    pub fn len(&self) -> usize {
        self.results.len()
    }

    /// Whether the batch had no request.
    pub fn is_empty(&self) -> bool {
        self.results.is_empty()
    }

    /// How many `POST /$batch` requests were sent (splitting and retries
    /// included; not the retries inside [`Client::execute`]).
    pub fn round_trips(&self) -> u32 {
        self.round_trips
    }
}
