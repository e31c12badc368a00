//! The request builders: [`Get`], [`Count`], [`Create`], [`Update`],
//! [`Delete`], [`ActionCall`] and [`FunctionCall`] ([`List`](super::List) has its own
//! module).
//!
//! Every builder is sans-IO at heart: [`into_request`](Get::into_request)
//! gives the [`HttpRequest`] (without the `Authorization` header, which
//! [`Client::execute`](super::Client::execute) adds) and `parse` turns an
//! [`HttpResponse`] into the result. `send` does both through the request path's
//! client.

use std::any::{Any, type_name};
use std::fmt;
use std::marker::PhantomData;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::body::ByteStream;
use super::error::Error;
use super::http::{HttpRequest, HttpResponse, Method, RedactedHeaders, Response};
use super::operation::{OperationInfo, ResultShape};
use super::options::QueryOptions;
use super::options::{self, AllOptions};
use super::page::Envelope;
use super::request_path::RequestPath;

/// What every builder holds.
#[derive(Clone)]
pub(crate) struct Parts {
    pub(crate) target: RequestPath,
    pub(crate) info: &'static OperationInfo,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) query: QueryOptions,
    pub(crate) body: Option<Result<Vec<u8>, Error>>,
    /// Appended to the request path (`/$count`).
    pub(crate) suffix: &'static str,
}

impl fmt::Debug for Parts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("path", &self.target.path())
            .field("operation", &self.info.path)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("query", &self.query)
            .field(
                "body_len",
                &self.body.as_ref().map(|b| b.as_ref().map(Vec::len)),
            )
            .finish()
    }
}

impl Parts {
    pub(crate) fn new(path: RequestPath, info: &'static OperationInfo) -> Self {
        Self {
            target: path,
            info,
            headers: Vec::new(),
            query: QueryOptions::default(),
            body: None,
            suffix: "",
        }
    }

    pub(crate) fn json_body(mut self, body: &(impl Serialize + ?Sized)) -> Self {
        self.body = Some(serde_json::to_vec(body).map_err(|e| {
            Error::invalid_input(format!("the request body does not serialize: {e}"))
        }));
        self
    }

    pub(crate) fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let name = name.into();
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
        self.headers.push((name, value.into()));
        self
    }

    pub(crate) fn into_request(self, method: Method) -> Result<HttpRequest, Error> {
        let mut url = self.target.url()?;
        url.push_str(self.suffix);
        let query = self.query.to_query_string();
        if !query.is_empty() {
            url.push('?');
            url.push_str(&query);
        }
        let mut request = HttpRequest::new(method, url);
        if let Some(body) = self.body {
            request.body = Some(body?);
            request
                .headers
                .push(("Content-Type".to_owned(), "application/json".to_owned()));
        }
        for (name, value) in self.headers {
            request.set_header(name, value);
        }
        Ok(request)
    }

    pub(crate) async fn send(self, method: Method) -> Result<HttpResponse, Error> {
        let client = self.target.client().clone();
        let info = self.info;
        let request = self.into_request(method)?;
        client.execute(request, info).await
    }
}

/// A result with its response's status and headers.
pub(crate) fn respond<T>(
    response: HttpResponse,
    path: &'static str,
    parse: impl FnOnce(HttpResponse) -> Result<T, Error>,
) -> Result<Response<T>, Error> {
    let status = response.status;
    let headers = response.headers.clone();
    let value = parse(response).map_err(|e| e.with_path(path))?;
    Ok(Response {
        value,
        status,
        headers,
    })
}

/// `Err` for a status outside 2xx.
pub(crate) fn check(response: HttpResponse) -> Result<HttpResponse, Error> {
    if response.is_success() {
        Ok(response)
    } else {
        Err(Error::from_response(&response))
    }
}

/// Decodes a JSON body as `T`, naming `T` in the error, within the memory
/// budget for the body's size ([`decode_budget`](super::decode_budget);
/// past it, [`ErrorKind::TooLarge`](super::ErrorKind::TooLarge)).
pub(crate) fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, Error> {
    super::budget::from_slice(body).map_err(|(error, exceeded)| {
        if exceeded {
            Error::too_large_decoded(super::budget::decode_budget(body.len() as u64))
        } else {
            Error::decode(type_name::<T>(), "", error.to_string())
        }
    })
}

/// Decodes `{"value": R}` as `R`; a `@odata.nextLink` beside it is an
/// [`ErrorKind::MorePages`](super::ErrorKind::MorePages) error (the result
/// would be cut short silently otherwise).
pub(crate) fn decode_value<R: DeserializeOwned>(body: &[u8]) -> Result<R, Error> {
    let envelope = decode::<Envelope<R>>(body)?;
    if let Some(link) = envelope.next_link {
        return Err(Error::more_pages(link));
    }
    envelope.value.ok_or_else(|| {
        Error::decode(
            type_name::<R>(),
            "",
            "the response has no `value` member".to_owned(),
        )
    })
}

/// The result of an action or function, by shape.
fn decode_shape<R: DeserializeOwned + 'static>(
    shape: ResultShape,
    body: Vec<u8>,
) -> Result<R, Error> {
    match shape {
        ResultShape::None => {
            R::deserialize(serde::de::value::UnitDeserializer::<serde::de::value::Error>::new())
                .map_err(|e| Error::decode(type_name::<R>(), "", e.to_string()))
        }
        ResultShape::Object => decode(&body),
        ResultShape::Value => decode_value(&body),
        ResultShape::Bytes => {
            let boxed: Box<dyn Any> = Box::new(body);
            boxed.downcast::<R>().map(|r| *r).map_err(|_| {
                Error::decode(
                    type_name::<R>(),
                    "",
                    "ResultShape::Bytes needs the result type Vec<u8>".to_owned(),
                )
            })
        }
    }
}

/// The methods every builder has.
macro_rules! common_methods {
    () => {
        /// The operation's facts (method, path template, permissions).
        pub fn info(&self) -> &'static OperationInfo {
            self.parts.info
        }

        /// Adds a request header (replacing one of the same name), e.g.
        /// `ConsistencyLevel: eventual`.
        pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
            self.parts = self.parts.header(name, value);
            self
        }
    };
}
pub(crate) use common_methods;

/// Adds `select` (for builders whose options type implements [`options::SelectOption`](super::options::SelectOption)).
macro_rules! select_method {
    () => {
        /// Sets `$select`: the properties to return, as typed paths
        /// (`Incident::STATUS.selector()`, checked against the result type)
        /// or raw names.
        pub fn select<I>(mut self, properties: I) -> Self
        where
            I: IntoIterator,
            I::Item: $crate::query::IntoSelect<T>,
        {
            self.parts.query.select = properties
                .into_iter()
                .map($crate::query::IntoSelect::into_select)
                .collect();
            self
        }
    };
}
pub(crate) use select_method;

/// Adds `expand`.
macro_rules! expand_method {
    () => {
        /// Sets `$expand`: the navigation properties to include, typed
        /// (`Incident::ALERTS.expand().top(5)`, with nested options) or raw
        /// (`alerts($select=id)`).
        pub fn expand<I>(mut self, properties: I) -> Self
        where
            I: IntoIterator,
            I::Item: $crate::query::IntoExpand<T>,
        {
            let items: Result<Vec<String>, _> = properties
                .into_iter()
                .map($crate::query::IntoExpand::try_into_expand)
                .collect();
            match items {
                Ok(items) => self.parts.query.expand = items,
                Err(error) => self.parts.target = self.parts.target.refuse(error, "$expand"),
            }
            self
        }
    };
}
pub(crate) use expand_method;

/// Adds `filter`.
macro_rules! filter_method {
    () => {
        /// Sets `$filter`, e.g. `status eq 'active'` (quote values with
        /// [`query::quote`](crate::query::quote)).
        pub fn filter(mut self, expression: impl Into<String>) -> Self {
            self.parts.query.filter = Some(expression.into());
            self
        }
    };
    (typed) => {
        /// Sets `$filter`: a typed [`Filter`](crate::query::Filter) on the
        /// item type (`Incident::STATUS.eq(IncidentStatus::Active)`), or a raw
        /// expression such as `status eq 'active'` (quote values with
        /// [`query::quote`](crate::query::quote)).
        pub fn filter(mut self, expression: impl $crate::query::IntoFilter<T>) -> Self {
            match $crate::query::IntoFilter::try_into_filter(expression) {
                Ok(filter) => self.parts.query.filter = Some(filter),
                Err(error) => self.parts.target = self.parts.target.refuse(error, "$filter"),
            }
            self
        }
    };
}
pub(crate) use filter_method;

/// Adds `search`.
macro_rules! search_method {
    () => {
        /// Sets `$search`, passed as given (write the quotes: `"\"phishing\""`,
        /// or use [`query::search_phrase`](crate::query::search_phrase)).
        pub fn search(mut self, expression: impl Into<String>) -> Self {
            self.parts.query.search = Some(expression.into());
            self
        }
    };
}
pub(crate) use search_method;

/// `GET` one entity (or a single-valued navigation), decoded as `T`.
#[must_use = "a request does nothing until sent"]
///
/// `Q` names the query options accepted ([`options`](super::options)).
pub struct Get<T, Q = AllOptions> {
    parts: Parts,
    _output: PhantomData<fn() -> (T, Q)>,
}

impl<T, Q> fmt::Debug for Get<T, Q> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Get").field(&self.parts).finish()
    }
}

impl<T, Q: options::SelectOption> Get<T, Q> {
    select_method!();
}

impl<T, Q: options::ExpandOption> Get<T, Q> {
    expand_method!();
}

impl<T: DeserializeOwned + Send + 'static, Q> Get<T, Q> {
    /// A `GET` of `path`.
    pub fn new(path: RequestPath, info: &'static OperationInfo) -> Self {
        Self {
            parts: Parts::new(path, info),
            _output: PhantomData,
        }
    }

    common_methods!();

    /// The HTTP request, without sending it.
    pub fn into_request(self) -> Result<HttpRequest, Error> {
        self.parts.into_request(Method::Get)
    }

    /// The result of a response.
    pub fn parse(response: HttpResponse) -> Result<T, Error> {
        decode(&check(response)?.body)
    }

    /// Sends the request and decodes the entity.
    pub async fn send(self) -> Result<T, Error> {
        Ok(self.send_with_response().await?.value)
    }

    /// Like `send`, with the response's status and headers (its
    /// `request-id` and `client-request-id`, for support cases and logs).
    pub async fn send_with_response(self) -> Result<Response<T>, Error> {
        let path = self.parts.info.path;
        respond(self.parts.send(Method::Get).await?, path, Self::parse)
    }
}

/// `GET {collection}/$count`: the number of items (with `$filter`/`$search`).
#[must_use = "a request does nothing until sent"]
///
/// `Q` names the query options accepted ([`options`](super::options)).
pub struct Count<Q = AllOptions> {
    parts: Parts,
    _options: PhantomData<fn() -> Q>,
}

impl<Q> fmt::Debug for Count<Q> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Count").field(&self.parts).finish()
    }
}

impl<Q: options::FilterOption> Count<Q> {
    filter_method!();
}

impl<Q: options::SearchOption> Count<Q> {
    search_method!();
}

impl<Q> Count<Q> {
    /// Counts the collection at `path` (the request goes to `{path}/$count`).
    pub fn new(path: RequestPath, info: &'static OperationInfo) -> Self {
        let mut parts = Parts::new(path, info);
        parts.suffix = "/$count";
        Self {
            parts,
            _options: PhantomData,
        }
    }

    common_methods!();

    /// The HTTP request, without sending it.
    pub fn into_request(self) -> Result<HttpRequest, Error> {
        self.parts.into_request(Method::Get)
    }

    /// The count in a response (a `text/plain` number).
    pub fn parse(response: HttpResponse) -> Result<u64, Error> {
        let response = check(response)?;
        let text = String::from_utf8_lossy(&response.body);
        let text = text.trim_start_matches('\u{feff}').trim();
        text.parse::<u64>().map_err(|e| {
            let shown: String = text.chars().take(40).collect();
            Error::decode("u64", "", format!("{e}: {shown:?}"))
        })
    }

    /// Sends the request and reads the count.
    pub async fn send(self) -> Result<u64, Error> {
        Ok(self.send_with_response().await?.value)
    }

    /// Like `send`, with the response's status and headers (its
    /// `request-id` and `client-request-id`, for support cases and logs).
    pub async fn send_with_response(self) -> Result<Response<u64>, Error> {
        let path = self.parts.info.path;
        respond(self.parts.send(Method::Get).await?, path, Self::parse)
    }
}

/// `POST` a new entity to a collection; the created entity is decoded as `T`.
#[must_use = "a request does nothing until sent"]
pub struct Create<T> {
    parts: Parts,
    _output: PhantomData<fn() -> T>,
}

impl<T> fmt::Debug for Create<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Create").field(&self.parts).finish()
    }
}

impl<T: DeserializeOwned + Send + 'static> Create<T> {
    /// A `POST` of `body` (as JSON) to `path`. A body that does not
    /// serialize is an error when the request is built.
    pub fn new(path: RequestPath, info: &'static OperationInfo, body: &impl Serialize) -> Self {
        Self {
            parts: Parts::new(path, info).json_body(body),
            _output: PhantomData,
        }
    }

    common_methods!();

    /// The HTTP request, without sending it.
    pub fn into_request(self) -> Result<HttpRequest, Error> {
        self.parts.into_request(Method::Post)
    }

    /// The created entity in a response.
    pub fn parse(response: HttpResponse) -> Result<T, Error> {
        decode(&check(response)?.body)
    }

    /// Sends the request and decodes the created entity.
    pub async fn send(self) -> Result<T, Error> {
        Ok(self.send_with_response().await?.value)
    }

    /// Like `send`, with the response's status and headers (its
    /// `request-id` and `client-request-id`, for support cases and logs).
    pub async fn send_with_response(self) -> Result<Response<T>, Error> {
        let path = self.parts.info.path;
        respond(self.parts.send(Method::Post).await?, path, Self::parse)
    }
}

/// `PATCH` an entity with exactly the properties set in the body.
///
/// Generated models skip absent properties, so the body holds the
/// properties you set, `null` for the ones set to
/// [`Nullable::Null`](crate::Nullable::Null) (clearing them), and
/// nothing else.
#[must_use = "a request does nothing until sent"]
pub struct Update<T> {
    parts: Parts,
    _output: PhantomData<fn() -> T>,
}

impl<T> fmt::Debug for Update<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Update").field(&self.parts).finish()
    }
}

impl<T: DeserializeOwned + Send + 'static> Update<T> {
    /// A `PATCH` of `path` with `body` (as JSON).
    pub fn new(path: RequestPath, info: &'static OperationInfo, body: &impl Serialize) -> Self {
        Self {
            parts: Parts::new(path, info).json_body(body),
            _output: PhantomData,
        }
    }

    common_methods!();

    /// The HTTP request, without sending it.
    pub fn into_request(self) -> Result<HttpRequest, Error> {
        self.parts.into_request(Method::Patch)
    }

    /// The updated entity, or `None` when the response has no body (204).
    pub fn parse(response: HttpResponse) -> Result<Option<T>, Error> {
        let response = check(response)?;
        if response.status == 204 || response.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(None);
        }
        decode(&response.body).map(Some)
    }

    /// Sends the request; Graph usually answers 204 (`None`).
    pub async fn send(self) -> Result<Option<T>, Error> {
        Ok(self.send_with_response().await?.value)
    }

    /// Like `send`, with the response's status and headers (its
    /// `request-id` and `client-request-id`, for support cases and logs).
    pub async fn send_with_response(self) -> Result<Response<Option<T>>, Error> {
        let path = self.parts.info.path;
        respond(self.parts.send(Method::Patch).await?, path, Self::parse)
    }
}

/// `DELETE` an entity.
#[must_use = "a request does nothing until sent"]
pub struct Delete {
    parts: Parts,
}

impl fmt::Debug for Delete {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Delete").field(&self.parts).finish()
    }
}

impl Delete {
    /// A `DELETE` of `path`.
    pub fn new(path: RequestPath, info: &'static OperationInfo) -> Self {
        Self {
            parts: Parts::new(path, info),
        }
    }

    common_methods!();

    /// The HTTP request, without sending it.
    pub fn into_request(self) -> Result<HttpRequest, Error> {
        self.parts.into_request(Method::Delete)
    }

    /// Checks a response.
    pub fn parse(response: HttpResponse) -> Result<(), Error> {
        check(response).map(drop)
    }

    /// Sends the request.
    pub async fn send(self) -> Result<(), Error> {
        self.send_with_response().await.map(|_| ())
    }

    /// Like `send`, with the response's status and headers (its
    /// `request-id` and `client-request-id`, for support cases and logs).
    pub async fn send_with_response(self) -> Result<Response<()>, Error> {
        let path = self.parts.info.path;
        respond(self.parts.send(Method::Delete).await?, path, Self::parse)
    }
}

/// `POST` a bound action (`/.../microsoft.graph.security.runHuntingQuery`),
/// with its parameters as a JSON body; the result is decoded as `R` by
/// [`ResultShape`].
#[must_use = "a request does nothing until sent"]
pub struct ActionCall<R> {
    parts: Parts,
    shape: ResultShape,
    _output: PhantomData<fn() -> R>,
}

impl<R> fmt::Debug for ActionCall<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ActionCall")
            .field(&self.parts)
            .field(&self.shape)
            .finish()
    }
}

impl<R: DeserializeOwned + Send + 'static> ActionCall<R> {
    /// A `POST` to `path` with `body` as JSON, or with no body (and no
    /// `Content-Type`) when `None`.
    pub fn new(
        path: RequestPath,
        info: &'static OperationInfo,
        shape: ResultShape,
        body: Option<&impl Serialize>,
    ) -> Self {
        let parts = Parts::new(path, info);
        Self {
            parts: match body {
                Some(body) => parts.json_body(body),
                None => parts,
            },
            shape,
            _output: PhantomData,
        }
    }

    /// An action without parameters (no body).
    pub fn without_body(
        path: RequestPath,
        info: &'static OperationInfo,
        shape: ResultShape,
    ) -> Self {
        Self::new(path, info, shape, None::<&()>)
    }

    common_methods!();

    /// How the response body becomes the result.
    pub fn shape(&self) -> ResultShape {
        self.shape
    }

    /// The HTTP request, without sending it.
    pub fn into_request(self) -> Result<HttpRequest, Error> {
        self.parts.into_request(Method::Post)
    }

    /// The result in a response, read as `shape` says (take it from
    /// [`shape`](Self::shape) before [`into_request`](Self::into_request)).
    pub fn parse(shape: ResultShape, response: HttpResponse) -> Result<R, Error> {
        decode_shape(shape, check(response)?.body)
    }

    /// Sends the request and decodes the result.
    pub async fn send(self) -> Result<R, Error> {
        Ok(self.send_with_response().await?.value)
    }

    /// Like `send`, with the response's status and headers (its
    /// `request-id` and `client-request-id`, for support cases and logs).
    pub async fn send_with_response(self) -> Result<Response<R>, Error> {
        let path = self.parts.info.path;
        let shape = self.shape;
        respond(
            self.parts.send(Method::Post).await?,
            path,
            move |response| Self::parse(shape, response),
        )
    }
}

/// `GET` a bound function (`/.../ns.f(p='x')`; build the path with
/// [`RequestPath::function`]); the result is decoded as `R` by [`ResultShape`].
#[must_use = "a request does nothing until sent"]
pub struct FunctionCall<R> {
    parts: Parts,
    shape: ResultShape,
    _output: PhantomData<fn() -> R>,
}

impl<R> fmt::Debug for FunctionCall<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("FunctionCall")
            .field(&self.parts)
            .field(&self.shape)
            .finish()
    }
}

impl<R: DeserializeOwned + Send + 'static> FunctionCall<R> {
    /// A `GET` of the function call at `path`.
    pub fn new(path: RequestPath, info: &'static OperationInfo, shape: ResultShape) -> Self {
        Self {
            parts: Parts::new(path, info),
            shape,
            _output: PhantomData,
        }
    }

    common_methods!();

    /// How the response body becomes the result.
    pub fn shape(&self) -> ResultShape {
        self.shape
    }

    /// The HTTP request, without sending it.
    pub fn into_request(self) -> Result<HttpRequest, Error> {
        self.parts.into_request(Method::Get)
    }

    /// The result in a response, read as `shape` says.
    pub fn parse(shape: ResultShape, response: HttpResponse) -> Result<R, Error> {
        decode_shape(shape, check(response)?.body)
    }

    /// Sends the request and decodes the result.
    pub async fn send(self) -> Result<R, Error> {
        Ok(self.send_with_response().await?.value)
    }

    /// Like `send`, with the response's status and headers (its
    /// `request-id` and `client-request-id`, for support cases and logs).
    pub async fn send_with_response(self) -> Result<Response<R>, Error> {
        let path = self.parts.info.path;
        let shape = self.shape;
        respond(self.parts.send(Method::Get).await?, path, move |response| {
            Self::parse(shape, response)
        })
    }
}

/// A download: a function whose result is an `Edm.Stream` (a report, an
/// attachment), sent with `GET` and read as a [`ByteStream`] that the caller
/// consumes chunk by chunk (never held whole in memory).
#[must_use = "a request does nothing until sent"]
pub struct Download {
    parts: Parts,
}

impl fmt::Debug for Download {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Download").field(&self.parts).finish()
    }
}

impl Download {
    /// A `GET` of the function call at `path`.
    pub fn new(path: RequestPath, info: &'static OperationInfo) -> Self {
        Self {
            parts: Parts::new(path, info),
        }
    }

    common_methods!();

    /// The HTTP request, without sending it.
    pub fn into_request(self) -> Result<HttpRequest, Error> {
        self.parts.into_request(Method::Get)
    }

    /// Sends the request; the body comes as a stream once the headers are
    /// in (an error status is an error, as for every call).
    pub async fn send(self) -> Result<ByteStream, Error> {
        let client = self.parts.target.client().clone();
        let info = self.parts.info;
        let request = self.into_request()?;
        let (_, _, stream) = client.execute_stream(request, info).await?;
        Ok(stream)
    }
}
