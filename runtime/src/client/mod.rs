//! The hand-written HTTP client the generated request builders run on.
//!
//! - [`Client`] ([`Client::builder`]): base URL ([`Cloud`] or custom), a
//!   [`TokenProvider`] ([`StaticToken`] for a fixed bearer token), a
//!   [`Transport`] ([`ReqwestTransport`] by default, feature `reqwest`) and a
//!   [`RetryPolicy`]. [`Client::execute`] is the one place requests go out:
//!   it adds the token and `Prefer: include-unknown-enum-members`, retries
//!   throttled and unavailable responses, and records a `graph.request`
//!   tracing span.
//! - [`RequestPath`]: where a request goes, a path in the URL tree; keys are percent-encoded
//!   ([`encode::key_segment`]) so an id cannot leave its segment, and
//!   function parameters are [`encode::UrlLiteral`]s.
//! - Request builders: [`List`] (one [`Page`], or every item as a stream),
//!   [`Get`], [`Count`], [`Create`], [`Update`], [`Delete`], [`ActionCall`],
//!   [`FunctionCall`]. Each is sans-IO at heart (`into_request` gives an
//!   [`HttpRequest`], `parse` reads an [`HttpResponse`]) and `send`s
//!   through its path's client. [`OperationInfo`] carries the operation's
//!   method, path template and [`Permissions`].
//! - [`options`]: the system query options of a request ([`QueryOptions`])
//!   and the marker traits ([`options::FilterOption`], ...) saying which of
//!   them a request accepts: a builder's option methods exist only where the
//!   schema allows the option.
//! - [`Batch`] ([`Client::batch`]): JSON batching, up to 20 requests per
//!   `POST /$batch`, each read back as its own type through a [`Handle`].
//! - [`Error`]: one error type; [`ErrorKind`] tells Graph errors (with code,
//!   message and request id), other HTTP errors, decode failures, transport
//!   and auth failures, invalid input and refused next links apart.
//!
//! Tokens never appear in `Debug` output, errors or logs, and are sent only
//! to the base URL's scheme, host and port: a next link to anywhere else is
//! refused.
//!
//! Waits (retry backoffs, `Retry-After`, timeouts, the throttle gate) go
//! through [`Sleep`], by default the runtime-independent [`FuturesTimer`]:
//! the client itself needs no particular async runtime (the default
//! [`ReqwestTransport`] needs Tokio, as reqwest does). Every network wait is
//! bounded ([`ClientBuilder::timeout`], [`ClientBuilder::deadline`]), every
//! body capped ([`ClientBuilder::max_response_bytes`]), every retry counted
//! ([`RetryPolicy`]); see the README's "Running in production".
//!
//! # Example
//!
//! Listing active incidents, every page (the generated request builders
//! give the same calls with less typing):
//!
//! ```no_run
//! use futures_util::StreamExt as _;
//! use msgraph_security_runtime::client::{Client, List, Method, OperationInfo, Permissions, RequestPath};
//! use serde_json::Value as Incident; // any `DeserializeOwned` type; the generated crate has the real one
//!
//! static LIST_INCIDENTS: OperationInfo = OperationInfo {
//!     method: Method::Get,
//!     path: "/security/incidents",
//!     permissions: Permissions::EMPTY,
//!     reference: None,
//! };
//!
//! # async fn run() -> Result<(), msgraph_security_runtime::client::Error> {
//! let client = Client::builder()
//!     .bearer_token(std::env::var("MSGRAPH_TOKEN").unwrap_or_default())
//!     .build()?;
//! let incidents = RequestPath::root(&client, "security").segment("incidents");
//! let mut stream = List::<Incident>::new(incidents, &LIST_INCIDENTS)
//!     .filter("status eq 'active'")
//!     .top(50)
//!     .stream();
//! while let Some(incident) = stream.next().await {
//!     let incident = incident?;
//!     println!("{} {}", incident["id"], incident["displayName"]);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! Without a network, a builder is just a request:
//!
//! ```
//! use msgraph_security_runtime::client::{Client, Get, Method, OperationInfo, Permissions, RequestPath, Transport};
//! use serde_json::Value as Incident; // any `DeserializeOwned` type; the generated crate has the real one
//!
//! static GET_INCIDENT: OperationInfo = OperationInfo {
//!     method: Method::Get,
//!     path: "/security/incidents/{}",
//!     permissions: Permissions::EMPTY,
//!     reference: None,
//! };
//!
//! # #[derive(Debug)] struct Offline;
//! # impl Transport for Offline {
//! #     fn send(&self, _: msgraph_security_runtime::client::HttpRequest) -> msgraph_security_runtime::client::TransportFuture<'_> {
//! #         Box::pin(async { Err(msgraph_security_runtime::client::Error::transport("offline")) })
//! #     }
//! # }
//! let client = Client::builder().bearer_token("token").transport(Offline).build()?;
//! let path = RequestPath::root(&client, "security").segment("incidents").key("42");
//! let request = Get::<Incident>::new(path, &GET_INCIDENT).select(["id", "status"]).into_request()?;
//! assert_eq!(request.method, Method::Get);
//! assert_eq!(
//!     request.url,
//!     "https://graph.microsoft.com/v1.0/security/incidents/42?$select=id,status"
//! );
//! # Ok::<(), msgraph_security_runtime::client::Error>(())
//! ```

mod auth;
#[cfg(feature = "azure")]
mod azure;
mod base_url;
mod batch;
mod body;
mod budget;
mod builders;
mod client_builder;
mod cloud;
mod core;
pub mod encode;
mod error;
mod http;
mod list;

mod operation;
pub mod options;
mod page;
mod request_path;
mod retry;

pub mod sync;
mod throttle;
mod timer;
#[cfg(feature = "reqwest")]
mod tls;
mod transport;

pub use auth::{AccessToken, Rejection, StaticToken, TokenFuture, TokenProvider};
#[cfg(feature = "azure")]
pub use azure::AzureCredential;
pub use batch::{Batch, BatchItem, BatchResponses, Handle, IntoBatchItem, MAX_BATCH_REQUESTS};
pub use body::{Body, ByteStream};
pub use budget::{
    DECODE_BUDGET_FLOOR, DECODE_BUDGET_PER_BODY_BYTE, decode_budget, decoded_memory_bound,
};
pub use builders::{ActionCall, Count, Create, Delete, Download, FunctionCall, Get, Update};
pub use client_builder::{ClientBuilder, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT};
pub use cloud::Cloud;
pub use core::Client;
pub use error::{BoxError, Error, ErrorKind};
pub use http::{HttpRequest, HttpResponse, Method, Response, TransportResponse};
pub use list::List;
pub use operation::{OperationInfo, Permissions, ResultShape};
pub use options::QueryOptions;
pub use page::Page;
pub use request_path::RequestPath;

/// The old name of [`RequestPath`] (one of four things called "node" in the
/// project).
#[deprecated(note = "renamed to RequestPath")]
pub type Node = RequestPath;
pub use retry::{MAX_RETRY_AFTER, RetryPolicy, parse_retry_after};
pub use sync::{
    Checkpoint, CheckpointStore, FileCheckpointStore, SyncBuilder, SyncItem, SyncStream,
};
pub use throttle::RateLimit;
pub use timer::{FuturesTimer, Sleep, SleepFuture};
#[cfg(feature = "reqwest")]
pub use transport::ReqwestTransport;
pub use transport::{Transport, TransportFuture};
