//! The reference collector: every new and changed incident and alert
//! (`/security/incidents`, `/security/alerts_v2`) into newline-delimited JSON
//! files, each item exactly as the service sent it, around the clock.
//!
//! It is `msgraph_security::client::sync` with a file sink: one task per
//! collection runs [`SyncBuilder::stream`](msgraph_security::client::SyncBuilder::stream),
//! appends each item to `<out>/<collection>.ndjson` (one `write` per line),
//! and whenever the stream has nothing ready (or every
//! `MSGRAPH_COMMIT_EVERY` items) `fsync`s the file and commits the stream's
//! checkpoint to `<state>/` ([`FileCheckpointStore`]: temporary file, fsync,
//! rename, fsync of the directory). A crash at any point re-delivers at most
//! what came after the last commit; nothing is lost. On start, a line cut by
//! a crash at the end of a file is removed. SIGINT and SIGTERM stop it
//! gracefully (the last items are committed).
//!
//! Configuration, from the environment:
//!
//! | variable | meaning | default |
//! |---|---|---|
//! | `MSGRAPH_OUT_DIR` | where the `.ndjson` files go | `./out` |
//! | `MSGRAPH_STATE_DIR` | where the checkpoints go | `./state` |
//! | `MSGRAPH_COLLECTIONS` | `incidents`, `alerts_v2` or both, comma-separated | both |
//! | `MSGRAPH_POLL_SECONDS` | pause between passes (jittered) | 60 |
//! | `MSGRAPH_LOOKBACK_SECONDS` | look-back window | 600 |
//! | `MSGRAPH_PAGE_SIZE` | `$top` of ordered requests | 50 |
//! | `MSGRAPH_COMMIT_EVERY` | the most items between two commits | 500 |
//! | `MSGRAPH_ONCE` | `1`: one pass, then exit (cron) | unset |
//! | `MSGRAPH_RATE_LIMIT` | `none` to drop the `RateLimit::graph_security()` preset | preset |
//! | `MSGRAPH_BASE_URL` | another Graph endpoint (national clouds, tests) | global |
//! | `MSGRAPH_TIMEOUT_MS` | per-attempt timeout | the client's |
//! | `RUST_LOG` | log filter (`tracing`) | `info` |
//!
//! Authentication is app-only, chosen from the environment as the Azure
//! tools' environment credential does: `AZURE_TENANT_ID`, `AZURE_CLIENT_ID`
//! and `AZURE_CLIENT_SECRET` (client secret); or `AZURE_CLIENT_CERTIFICATE_PATH`
//! (a PKCS#12 certificate, with the `certificate` feature, which needs
//! OpenSSL); or `AZURE_FEDERATED_TOKEN_FILE` (workload identity, e.g. AKS);
//! otherwise the managed identity of the host (`AZURE_CLIENT_ID` picks a
//! user-assigned one). Tokens are refreshed before they expire, so a run
//! outlives a token's hour. `MSGRAPH_STATIC_TOKEN` (a fixed bearer token) is
//! for tests only.

use std::fs::{File, OpenOptions};
use std::io::{Read as _, Seek as _, SeekFrom, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use azure_core::credentials::TokenCredential;
use futures_util::{FutureExt as _, StreamExt as _};
use msgraph_security::ClientExt as _;
use msgraph_security::client::{
    AzureCredential, CheckpointStore as _, Client, FileCheckpointStore, RateLimit,
};
use tokio::sync::watch;

/// The collections this collector knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Collection {
    Incidents,
    AlertsV2,
}

impl Collection {
    fn name(self) -> &'static str {
        match self {
            Collection::Incidents => "incidents",
            Collection::AlertsV2 => "alerts_v2",
        }
    }
}

/// The configuration (see the crate docs).
struct Config {
    out: PathBuf,
    state: PathBuf,
    collections: Vec<Collection>,
    poll: Duration,
    lookback: Duration,
    page_size: u32,
    commit_every: usize,
    once: bool,
    rate_limit: bool,
    base_url: Option<String>,
    timeout: Option<Duration>,
    static_token: Option<String>,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("out", &self.out)
            .field("state", &self.state)
            .field("collections", &self.collections)
            .field("poll", &self.poll)
            .field("lookback", &self.lookback)
            .field("page_size", &self.page_size)
            .field("commit_every", &self.commit_every)
            .field("once", &self.once)
            .field("rate_limit", &self.rate_limit)
            .field("base_url", &self.base_url)
            .field(
                "static_token",
                &self.static_token.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

fn number<T: std::str::FromStr>(name: &str, default: T) -> Result<T, String> {
    match var(name) {
        None => Ok(default),
        Some(v) => v
            .parse()
            .map_err(|_| format!("{name}: `{v}` is not a number")),
    }
}

impl Config {
    fn from_env() -> Result<Self, String> {
        let collections = match var("MSGRAPH_COLLECTIONS") {
            None => vec![Collection::Incidents, Collection::AlertsV2],
            Some(list) => list
                .split(',')
                .map(|name| match name.trim() {
                    "incidents" => Ok(Collection::Incidents),
                    "alerts_v2" => Ok(Collection::AlertsV2),
                    other => Err(format!(
                        "MSGRAPH_COLLECTIONS: `{other}` is not `incidents` or `alerts_v2`"
                    )),
                })
                .collect::<Result<_, _>>()?,
        };
        Ok(Self {
            out: var("MSGRAPH_OUT_DIR").map_or_else(|| PathBuf::from("out"), PathBuf::from),
            state: var("MSGRAPH_STATE_DIR").map_or_else(|| PathBuf::from("state"), PathBuf::from),
            collections,
            poll: Duration::from_secs_f64(number("MSGRAPH_POLL_SECONDS", 60.0)?),
            lookback: Duration::from_secs_f64(number("MSGRAPH_LOOKBACK_SECONDS", 600.0)?),
            page_size: number("MSGRAPH_PAGE_SIZE", 50)?,
            commit_every: number("MSGRAPH_COMMIT_EVERY", 500usize)?.max(1),
            once: var("MSGRAPH_ONCE").is_some_and(|v| v == "1"),
            rate_limit: var("MSGRAPH_RATE_LIMIT").is_none_or(|v| v != "none"),
            base_url: var("MSGRAPH_BASE_URL"),
            timeout: var("MSGRAPH_TIMEOUT_MS")
                .map(|_| number("MSGRAPH_TIMEOUT_MS", 0u64).map(Duration::from_millis))
                .transpose()?,
            static_token: var("MSGRAPH_STATIC_TOKEN"),
        })
    }
}

/// The credential the environment names (see the crate docs).
fn credential() -> Result<Arc<dyn TokenCredential>, String> {
    let tenant = var("AZURE_TENANT_ID");
    let client_id = var("AZURE_CLIENT_ID");
    if let Some(secret) = var("AZURE_CLIENT_SECRET") {
        let (Some(tenant), Some(client_id)) = (tenant, client_id) else {
            return Err("AZURE_CLIENT_SECRET needs AZURE_TENANT_ID and AZURE_CLIENT_ID".into());
        };
        tracing::info!(credential = "client secret", "authenticating");
        return azure_identity::ClientSecretCredential::new(
            &tenant,
            client_id,
            secret.into(),
            None,
        )
        .map(|c| c as Arc<dyn TokenCredential>)
        .map_err(|e| format!("client secret credential: {e}"));
    }
    if var("AZURE_CLIENT_CERTIFICATE_PATH").is_some() {
        return certificate(tenant, client_id);
    }
    if var("AZURE_FEDERATED_TOKEN_FILE").is_some() {
        tracing::info!(credential = "workload identity", "authenticating");
        return azure_identity::WorkloadIdentityCredential::new(None)
            .map(|c| c as Arc<dyn TokenCredential>)
            .map_err(|e| format!("workload identity credential: {e}"));
    }
    tracing::info!(credential = "managed identity", "authenticating");
    let options = azure_identity::ManagedIdentityCredentialOptions {
        user_assigned_id: client_id.map(azure_identity::UserAssignedId::ClientId),
        ..Default::default()
    };
    azure_identity::ManagedIdentityCredential::new(Some(options))
        .map(|c| c as Arc<dyn TokenCredential>)
        .map_err(|e| format!("managed identity credential: {e}"))
}

#[cfg(feature = "certificate")]
fn certificate(
    tenant: Option<String>,
    client_id: Option<String>,
) -> Result<Arc<dyn TokenCredential>, String> {
    let (Some(tenant), Some(client_id)) = (tenant, client_id) else {
        return Err(
            "AZURE_CLIENT_CERTIFICATE_PATH needs AZURE_TENANT_ID and AZURE_CLIENT_ID".into(),
        );
    };
    let path = var("AZURE_CLIENT_CERTIFICATE_PATH").unwrap_or_default();
    let bytes = std::fs::read(&path).map_err(|e| format!("{path}: {e}"))?;
    tracing::info!(credential = "client certificate", "authenticating");
    azure_identity::ClientCertificateCredential::new(tenant, client_id, bytes.into(), None)
        .map(|c| c as Arc<dyn TokenCredential>)
        .map_err(|e| format!("client certificate credential: {e}"))
}

#[cfg(not(feature = "certificate"))]
fn certificate(_: Option<String>, _: Option<String>) -> Result<Arc<dyn TokenCredential>, String> {
    Err("AZURE_CLIENT_CERTIFICATE_PATH is set, but this build has no certificate support: build with `--features certificate` (needs OpenSSL)".into())
}

fn client(config: &Config) -> Result<Client, String> {
    let mut builder = Client::builder();
    builder = match &config.static_token {
        Some(token) => {
            tracing::warn!("MSGRAPH_STATIC_TOKEN: a fixed token (for tests; it expires)");
            builder.bearer_token(token.clone())
        }
        None => builder.token_provider(AzureCredential::new(credential()?)),
    };
    if let Some(url) = &config.base_url {
        builder = builder.base_url(url.clone());
    }
    if config.rate_limit {
        builder = builder.rate_limit(RateLimit::graph_security());
    }
    if let Some(timeout) = config.timeout {
        builder = builder.timeout(timeout);
    }
    builder.build().map_err(|e| format!("client: {e}"))
}

/// Opens the sink for appending, first removing a line a crash cut short.
fn open_sink(path: &Path) -> Result<File, String> {
    let mut file = OpenOptions::new()
        .create(true)
        .read(true)
        .append(true)
        .open(path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let len = file
        .metadata()
        .map_err(|e| format!("{}: {e}", path.display()))?
        .len();
    if len > 0 {
        // Find the last newline, reading backwards in blocks.
        let mut end = len;
        let mut keep = 0;
        let mut block = vec![0u8; 64 * 1024];
        'search: while end > 0 {
            let start = end.saturating_sub(block.len() as u64);
            let n = (end - start) as usize;
            file.seek(SeekFrom::Start(start))
                .and_then(|_| file.read_exact(&mut block[..n]))
                .map_err(|e| format!("{}: {e}", path.display()))?;
            if let Some(i) = block[..n].iter().rposition(|b| *b == b'\n') {
                keep = start + i as u64 + 1;
                break 'search;
            }
            end = start;
        }
        if keep < len {
            tracing::warn!(file = %path.display(), cut = len - keep, "removing a line cut short by a crash");
            file.set_len(keep)
                .and_then(|()| file.sync_all())
                .map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(file)
}

async fn collect(
    client: Client,
    store: FileCheckpointStore,
    which: Collection,
    config: Arc<Config>,
    mut shutdown: watch::Receiver<bool>,
) -> Result<(), String> {
    let sync = match which {
        Collection::Incidents => client.security().incidents().sync().raw(),
        Collection::AlertsV2 => client.security().alerts_v2().sync().raw(),
    };
    let scope = var("AZURE_TENANT_ID").unwrap_or_default();
    let sync = sync
        .scope(scope.clone())
        .lookback(config.lookback)
        .poll_interval(config.poll)
        .page_size(config.page_size);
    let collection = sync.collection();
    let checkpoint = store
        .load(&collection, &scope)
        .await
        .map_err(|e| e.to_string())?;
    tracing::info!(%collection, watermark = ?checkpoint.as_ref().and_then(|c| c.watermark), "starting");
    std::fs::create_dir_all(&config.out).map_err(|e| format!("{}: {e}", config.out.display()))?;
    let path = config.out.join(format!("{}.ndjson", which.name()));
    let mut file = open_sink(&path)?;
    let sync = sync.resume(checkpoint);
    let mut stream = if config.once {
        sync.once()
    } else {
        sync.stream()
    };
    let mut uncommitted = 0usize;
    let mut total = 0u64;
    let mut line = Vec::new();
    loop {
        if *shutdown.borrow() {
            break;
        }
        let next = match stream.next().now_or_never() {
            Some(next) => next,
            None => {
                // Nothing ready: the sink holds everything so far; commit.
                if uncommitted > 0 {
                    commit(&mut file, &path, &store, &stream.checkpoint()).await?;
                    tracing::info!(%collection, items = uncommitted, total, watermark = ?stream.watermark(), "committed");
                    uncommitted = 0;
                }
                tokio::select! {
                    next = stream.next() => next,
                    _ = shutdown.changed() => break,
                }
            }
        };
        match next {
            None => break,
            Some(Ok(item)) => {
                line.clear();
                line.extend_from_slice(item.item.get().as_bytes());
                line.push(b'\n');
                file.write_all(&line)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                uncommitted += 1;
                total += 1;
                if uncommitted >= config.commit_every {
                    commit(&mut file, &path, &store, &stream.checkpoint()).await?;
                    uncommitted = 0;
                }
            }
            Some(Err(error)) => {
                tracing::warn!(%collection, %error, "a pass failed; the next starts from the last good state");
            }
        }
    }
    if uncommitted > 0 {
        commit(&mut file, &path, &store, &stream.checkpoint()).await?;
    }
    let stats = stream.stats();
    tracing::info!(%collection, total, passes = stats.passes, errors = stats.errors, "stopped");
    Ok(())
}

/// The sink first (fsync), then the checkpoint that claims it.
async fn commit(
    file: &mut File,
    path: &Path,
    store: &FileCheckpointStore,
    checkpoint: &msgraph_security::client::Checkpoint,
) -> Result<(), String> {
    file.sync_data()
        .map_err(|e| format!("{}: {e}", path.display()))?;
    store.commit(checkpoint).await.map_err(|e| e.to_string())
}

/// Sets `shutdown` on SIGINT or SIGTERM. The handlers are installed before
/// this returns (the future only waits), so a signal that comes while the
/// collector starts is not lost to the default action.
#[cfg(unix)]
fn signals(shutdown: watch::Sender<bool>) -> Result<impl std::future::Future<Output = ()>, String> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate()).map_err(|e| format!("SIGTERM: {e}"))?;
    let mut int = signal(SignalKind::interrupt()).map_err(|e| format!("SIGINT: {e}"))?;
    Ok(async move {
        tokio::select! {
            _ = term.recv() => tracing::info!("SIGTERM: stopping"),
            _ = int.recv() => tracing::info!("SIGINT: stopping"),
        }
        let _ = shutdown.send(true);
    })
}

#[cfg(not(unix))]
fn signals(shutdown: watch::Sender<bool>) -> Result<impl std::future::Future<Output = ()>, String> {
    Ok(async move {
        let _ = tokio::signal::ctrl_c().await;
        tracing::info!("Ctrl-C: stopping");
        let _ = shutdown.send(true);
    })
}

async fn run() -> Result<(), String> {
    let (tx, rx) = watch::channel(false);
    tokio::spawn(signals(tx)?);
    let config = Arc::new(Config::from_env()?);
    tracing::debug!(?config, "configuration");
    let client = client(&config)?;
    let store = FileCheckpointStore::new(&config.state);
    let tasks: Vec<_> = config
        .collections
        .iter()
        .map(|which| {
            tokio::spawn(collect(
                client.clone(),
                store.clone(),
                *which,
                config.clone(),
                rx.clone(),
            ))
        })
        .collect();
    let mut result = Ok(());
    for task in tasks {
        match task.await {
            Ok(Ok(())) => {}
            Ok(Err(error)) => result = Err(error),
            Err(error) => result = Err(format!("a collection task failed: {error}")),
        }
    }
    result
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!("{error}");
            ExitCode::FAILURE
        }
    }
}
