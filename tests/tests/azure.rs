//! `AzureCredential` (runtime feature `azure`) against a stub
//! `azure_core::credentials::TokenCredential`, end to end on loopback.
#![allow(clippy::unwrap_used)]

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, SystemTime};

use azure_core::credentials::{AccessToken, TokenCredential, TokenRequestOptions};
use azure_core::time::OffsetDateTime;
use msgraph_security_runtime::client::{
    AzureCredential, Client, ErrorKind, Get, Method, OperationInfo, Permissions, RequestPath,
    TokenProvider as _,
};
use serde_json::{Value, json};
use wiremock::matchers::header;
use wiremock::{Mock, MockServer, ResponseTemplate};

static GET: OperationInfo =
    OperationInfo::new(Method::Get, "/security/incidents/{}", Permissions::EMPTY);

/// Hands out `token-1`, `token-2`, ... and records the scopes asked for.
#[derive(Debug, Default)]
struct Stub {
    calls: AtomicU32,
    scopes: std::sync::Mutex<Vec<String>>,
    fail: bool,
}

#[async_trait::async_trait]
impl TokenCredential for Stub {
    async fn get_token(
        &self,
        scopes: &[&str],
        _options: Option<TokenRequestOptions<'_>>,
    ) -> azure_core::Result<AccessToken> {
        if self.fail {
            return Err(azure_core::Error::with_message(
                azure_core::error::ErrorKind::Credential,
                "no managed identity here",
            ));
        }
        let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
        self.scopes
            .lock()
            .unwrap()
            .extend(scopes.iter().map(|s| (*s).to_owned()));
        let expires = OffsetDateTime::now_utc() + Duration::from_secs(3_600);
        Ok(AccessToken::new(format!("token-{n}"), expires))
    }
}

#[tokio::test]
async fn tokens_come_from_the_credential_and_are_refreshed_after_a_401() {
    let server = MockServer::start().await;
    Mock::given(header("authorization", "Bearer token-2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "1"})))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(header("authorization", "Bearer token-1"))
        .respond_with(ResponseTemplate::new(401))
        .with_priority(2)
        .mount(&server)
        .await;
    let stub = Arc::new(Stub::default());
    let provider = AzureCredential::new(stub.clone());
    // The token carries the credential's expiry.
    let token = provider.token().await.unwrap();
    assert_eq!(token.secret(), "token-1");
    assert!(token.expires_on().unwrap() > SystemTime::now() + Duration::from_secs(3_000));
    stub.calls.store(0, Ordering::SeqCst);
    let client = Client::builder()
        .token_provider(provider)
        .base_url(format!("{}/v1.0", server.uri()))
        .build()
        .unwrap();
    let node = RequestPath::root(&client, "security")
        .segment("incidents")
        .key("1");
    let incident: Value = Get::<Value>::new(node, &GET).send().await.unwrap();
    assert_eq!(incident["id"], "1");
    assert_eq!(stub.calls.load(Ordering::SeqCst), 2);
    assert!(
        stub.scopes
            .lock()
            .unwrap()
            .iter()
            .all(|s| s == "https://graph.microsoft.com/.default")
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn credential_errors_are_auth_errors_and_scopes_are_configurable() {
    let stub = Arc::new(Stub {
        fail: true,
        ..Stub::default()
    });
    let error = AzureCredential::new(stub).token().await.unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Auth { .. }), "{error:?}");
    assert!(error.to_string().contains("no managed identity"), "{error}");
    let stub = Arc::new(Stub::default());
    let provider =
        AzureCredential::new(stub.clone()).with_scopes(["https://graph.microsoft.us/.default"]);
    provider.token().await.unwrap();
    assert_eq!(
        *stub.scopes.lock().unwrap(),
        ["https://graph.microsoft.us/.default"]
    );
    assert!(!format!("{provider:?}").contains("token-"));
}
