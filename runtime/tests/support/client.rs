//! The client set-up the loopback tests share: the operations they call on
//! `/security/incidents`, a client builder for a loopback base URL, quick
//! retries, and the time bound every case runs under.

use std::future::Future;
use std::time::Duration;

use msgraph_security_runtime::client::{
    Client, ClientBuilder, Get, List, Method, OperationInfo, Permissions, RequestPath, RetryPolicy,
};
use serde_json::Value;

/// The bearer token of [`builder`]'s clients (tests look for it in what was sent
/// and make sure it is nowhere else).
pub const TOKEN: &str = "s3cr3t-t0ken";

/// `GET /security/incidents`.
pub static LIST: OperationInfo =
    OperationInfo::new(Method::Get, "/security/incidents", Permissions::EMPTY);
/// `GET /security/incidents/{}`.
pub static GET: OperationInfo =
    OperationInfo::new(Method::Get, "/security/incidents/{}", Permissions::EMPTY);
/// `GET /security/incidents/$count`.
pub static COUNT: OperationInfo = OperationInfo::new(
    Method::Get,
    "/security/incidents/$count",
    Permissions::EMPTY,
);
/// `POST /security/incidents`.
pub static CREATE: OperationInfo =
    OperationInfo::new(Method::Post, "/security/incidents", Permissions::EMPTY);
/// `PATCH /security/incidents/{}`.
pub static UPDATE: OperationInfo =
    OperationInfo::new(Method::Patch, "/security/incidents/{}", Permissions::EMPTY);
/// `DELETE /security/incidents/{}`.
pub static DELETE: OperationInfo =
    OperationInfo::new(Method::Delete, "/security/incidents/{}", Permissions::EMPTY);

/// Every case ends within this, whatever the client does.
pub const CASE_LIMIT: Duration = Duration::from_secs(30);

/// Runs `case`, failing the test if it takes longer than [`CASE_LIMIT`].
pub async fn bounded<F: Future>(case: F) -> F::Output {
    tokio::time::timeout(CASE_LIMIT, case)
        .await
        .expect("the case did not finish in time")
}

/// `attempts` attempts, 10-20 ms apart, no jitter: retries a test can wait for.
pub fn quick_retries(attempts: u32) -> RetryPolicy {
    RetryPolicy::default()
        .with_max_attempts(attempts)
        .with_initial_backoff(Duration::from_millis(10))
        .with_max_backoff(Duration::from_millis(20))
        .with_jitter(false)
}

/// A client builder for the server at `base` (`http://127.0.0.1:port`, the
/// API below `/v1.0`), bearer token [`TOKEN`], no retries.
pub fn builder(base: &str) -> ClientBuilder {
    Client::builder()
        .bearer_token(TOKEN)
        .base_url(format!("{base}/v1.0"))
        .retry_policy(RetryPolicy::none())
}

/// `/security/incidents`.
pub fn incidents(client: &Client) -> RequestPath {
    RequestPath::root(client, "security").segment("incidents")
}

/// `GET /security/incidents/{id}` as JSON.
pub fn get(client: &Client, id: &str) -> Get<Value> {
    Get::new(incidents(client).key(id), &GET)
}

/// `GET /security/incidents` as JSON.
pub fn list(client: &Client) -> List<Value> {
    List::new(incidents(client), &LIST)
}
