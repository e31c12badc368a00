//! [`Checkpoint`]: what a sync needs to go on after a restart, and where it
//! is kept ([`CheckpointStore`], [`FileCheckpointStore`]).

use std::fmt;
use std::fs;
use std::future::Future;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::pin::Pin;

use jiff::Timestamp;
use serde::de::Error as _;
use serde::ser::SerializeStruct as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::client::Error;

/// The format version this crate writes (and the newest it reads).
pub const CHECKPOINT_FORMAT: u32 = 1;

/// The state of a sync, to commit once the sink holds what was delivered
/// before it ([`SyncStream::checkpoint`](super::SyncStream::checkpoint)).
///
/// Small by design: the collection and scope it belongs to, the watermark
/// (a change time the service sent) and the versions (`(id, change time)`)
/// delivered inside the look-back window, which the next pass re-reads.
/// Serialized with serde (JSON in [`FileCheckpointStore`]):
///
/// ```json
/// {"format":1,"collection":"/security/incidents","scope":"contoso",
///  "watermark":"2026-12-01T10:00:00.1234567Z",
///  "seen":[["2026-12-01T09:59:00Z","42"]]}
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// [`CHECKPOINT_FORMAT`] when written; a newer one is refused.
    pub format: u32,
    /// The collection's path (`/security/incidents`).
    pub collection: String,
    /// Whose data: a tenant id or any label of the caller's (empty when unset).
    pub scope: String,
    /// Every version changed before this was delivered (ingestion delays
    /// aside, which the look-back window covers); `None` before the first
    /// pass.
    pub watermark: Option<Timestamp>,
    /// Versions delivered at or after `watermark - lookback`, as
    /// `(change time, id)`, sorted.
    pub seen: Vec<(Timestamp, String)>,
}

impl Checkpoint {
    /// An empty checkpoint (nothing delivered yet) of `collection` for `scope`.
    pub fn new(collection: impl Into<String>, scope: impl Into<String>) -> Self {
        Self {
            format: CHECKPOINT_FORMAT,
            collection: collection.into(),
            scope: scope.into(),
            watermark: None,
            seen: Vec::new(),
        }
    }

    /// `Ok` when this checkpoint is of `collection` and `scope` in a format
    /// this crate reads; otherwise an [`ErrorKind::InvalidInput`](crate::client::ErrorKind::InvalidInput)
    /// naming both sides.
    pub fn check(&self, collection: &str, scope: &str) -> Result<(), Error> {
        if self.format > CHECKPOINT_FORMAT || self.format == 0 {
            return Err(Error::invalid_input(format!(
                "the checkpoint has format {}; this version of the crate reads formats 1 to {CHECKPOINT_FORMAT}",
                self.format
            )));
        }
        if self.collection != collection || self.scope != scope {
            return Err(Error::invalid_input(format!(
                "the checkpoint is of collection `{}` (scope `{}`), not of `{collection}` (scope `{scope}`)",
                self.collection, self.scope
            )));
        }
        Ok(())
    }

    /// The checkpoint as JSON bytes.
    pub fn to_json(&self) -> Result<Vec<u8>, Error> {
        serde_json::to_vec(self)
            .map_err(|e| Error::invalid_input(format!("the checkpoint does not serialize: {e}")))
    }

    /// A checkpoint from JSON bytes; `source` names where they came from in
    /// the error.
    pub fn from_json(bytes: &[u8], source: &str) -> Result<Self, Error> {
        serde_json::from_slice(bytes)
            .map_err(|e| Error::invalid_input(format!("{source}: not a checkpoint: {e}")))
    }
}

impl Serialize for Checkpoint {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Checkpoint", 5)?;
        s.serialize_field("format", &self.format)?;
        s.serialize_field("collection", &self.collection)?;
        s.serialize_field("scope", &self.scope)?;
        s.serialize_field("watermark", &self.watermark)?;
        s.serialize_field("seen", &self.seen)?;
        s.end()
    }
}

impl<'de> Deserialize<'de> for Checkpoint {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut value = serde_json::Value::deserialize(deserializer)?;
        let Some(object) = value.as_object_mut() else {
            return Err(D::Error::custom("a checkpoint is a JSON object"));
        };
        // The format first, so a newer one is refused as such rather than
        // as a decoding error of whatever changed.
        let format = object
            .get("format")
            .and_then(serde_json::Value::as_u64)
            .ok_or_else(|| D::Error::custom("no `format` number"))?;
        if format > u64::from(CHECKPOINT_FORMAT) || format == 0 {
            return Err(D::Error::custom(format!(
                "the checkpoint has format {format}; this version of the crate reads formats 1 to {CHECKPOINT_FORMAT}"
            )));
        }
        let mut field = |name: &str| object.remove(name).unwrap_or(serde_json::Value::Null);
        let text = |value: serde_json::Value, name: &str| match value {
            serde_json::Value::String(s) => Ok(s),
            serde_json::Value::Null if name == "scope" => Ok(String::new()),
            _ => Err(D::Error::custom(format!("`{name}` is not a string"))),
        };
        let collection = text(field("collection"), "collection")?;
        let scope = text(field("scope"), "scope")?;
        let watermark = Option::<Timestamp>::deserialize(field("watermark"))
            .map_err(|e| D::Error::custom(format!("`watermark`: {e}")))?;
        let seen = Vec::<(Timestamp, String)>::deserialize(field("seen"))
            .map_err(|e| D::Error::custom(format!("`seen`: {e}")))?;
        Ok(Self {
            format: format as u32,
            collection,
            scope,
            watermark,
            seen,
        })
    }
}

/// The future a [`CheckpointStore`] returns.
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, Error>> + Send + 'a>>;

/// Where checkpoints are kept: one per collection and scope (tenant).
///
/// [`FileCheckpointStore`] keeps them in files; implement this trait to keep
/// them in your own database (commit the checkpoint in the same transaction
/// as the items, and a crash can neither lose nor repeat anything).
pub trait CheckpointStore: Send + Sync + fmt::Debug {
    /// The checkpoint of `collection` for `scope`, or `None` when there is
    /// none yet. A checkpoint of another collection or scope, or of a newer
    /// format, is an error.
    fn load<'a>(
        &'a self,
        collection: &'a str,
        scope: &'a str,
    ) -> StoreFuture<'a, Option<Checkpoint>>;

    /// Stores `checkpoint` (replacing the previous one of its collection and
    /// scope) so that a later `load` returns either it or the previous one,
    /// never a mix.
    fn commit<'a>(&'a self, checkpoint: &'a Checkpoint) -> StoreFuture<'a, ()>;
}

/// A [`CheckpointStore`] of one JSON file per collection and scope in a
/// directory.
///
/// A commit writes a temporary file beside the checkpoint, `fsync`s it,
/// renames it over the checkpoint and `fsync`s the directory (on Unix): a
/// crash at any point leaves the old checkpoint or the new one, whole. The
/// file name is derived from the collection's path and the scope
/// (`security_incidents@contoso.json`), and the file's own `collection` and
/// `scope` are checked on load.
#[derive(Debug, Clone)]
pub struct FileCheckpointStore {
    dir: PathBuf,
}

impl FileCheckpointStore {
    /// A store in `dir` (created on the first commit if missing).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// The file that holds the checkpoint of `collection` for `scope`.
    pub fn path_of(&self, collection: &str, scope: &str) -> PathBuf {
        let mut name: String = collection
            .trim_matches('/')
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        if !scope.is_empty() {
            name.push('@');
            name.extend(scope.chars().map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                    c
                } else {
                    '_'
                }
            }));
        }
        name.push_str(".json");
        self.dir.join(name)
    }

    /// [`CheckpointStore::load`], blocking.
    pub fn load_sync(&self, collection: &str, scope: &str) -> Result<Option<Checkpoint>, Error> {
        let path = self.path_of(collection, scope);
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(Error::invalid_input(format!("{}: {e}", path.display())));
            }
        };
        let checkpoint = Checkpoint::from_json(&bytes, &path.display().to_string())?;
        checkpoint
            .check(collection, scope)
            .map_err(|e| Error::invalid_input(format!("{}: {e}", path.display())))?;
        Ok(Some(checkpoint))
    }

    /// [`CheckpointStore::commit`], blocking.
    pub fn commit_sync(&self, checkpoint: &Checkpoint) -> Result<(), Error> {
        let path = self.path_of(&checkpoint.collection, &checkpoint.scope);
        let bytes = checkpoint.to_json()?;
        write_atomically(&self.dir, &path, &bytes)
            .map_err(|e| Error::invalid_input(format!("{}: {e}", path.display())))
    }
}

/// Temporary file, fsync, rename, fsync of the directory.
fn write_atomically(dir: &Path, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    fs::create_dir_all(dir)?;
    let mut tmp_name = path.file_name().unwrap_or_default().to_os_string();
    tmp_name.push(format!(".{}.tmp", std::process::id()));
    let tmp = dir.join(tmp_name);
    let result = (|| {
        let mut file = fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&tmp, path)?;
        #[cfg(unix)]
        fs::File::open(dir)?.sync_all()?;
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

impl CheckpointStore for FileCheckpointStore {
    fn load<'a>(
        &'a self,
        collection: &'a str,
        scope: &'a str,
    ) -> StoreFuture<'a, Option<Checkpoint>> {
        Box::pin(async move { self.load_sync(collection, scope) })
    }

    fn commit<'a>(&'a self, checkpoint: &'a Checkpoint) -> StoreFuture<'a, ()> {
        Box::pin(async move { self.commit_sync(checkpoint) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("msgraph-ckpt-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn commit_then_load_round_trips_and_refuses_strangers() {
        let dir = scratch("rt");
        let store = FileCheckpointStore::new(&dir);
        assert_eq!(store.load_sync("/security/incidents", "t1").unwrap(), None);
        let mut checkpoint = Checkpoint::new("/security/incidents", "t1");
        checkpoint.watermark = Some("2026-12-01T10:00:00.1234567Z".parse().unwrap());
        checkpoint
            .seen
            .push(("2026-12-01T09:59:00Z".parse().unwrap(), "42".into()));
        store.commit_sync(&checkpoint).unwrap();
        assert_eq!(
            store.load_sync("/security/incidents", "t1").unwrap(),
            Some(checkpoint.clone())
        );
        let text = fs::read_to_string(store.path_of("/security/incidents", "t1")).unwrap();
        assert!(text.contains("\"2026-12-01T10:00:00.1234567Z\""), "{text}");
        assert_eq!(
            fs::read_dir(&dir).unwrap().count(),
            1,
            "no temporary file is left behind"
        );

        // A file of another collection under this name is refused, naming both.
        let other = store.path_of("/security/alerts_v2", "t1");
        fs::copy(store.path_of("/security/incidents", "t1"), &other).unwrap();
        let error = store
            .load_sync("/security/alerts_v2", "t1")
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("/security/incidents") && error.contains("/security/alerts_v2"),
            "{error}"
        );

        // A newer format is refused as such.
        fs::write(
            &other,
            br#"{"format":2,"collection":"/security/alerts_v2","something":"new"}"#,
        )
        .unwrap();
        let error = store
            .load_sync("/security/alerts_v2", "t1")
            .unwrap_err()
            .to_string();
        assert!(error.contains("format 2"), "{error}");
        // Garbage names the file.
        fs::write(&other, b"{\"format\":1,").unwrap();
        let error = store
            .load_sync("/security/alerts_v2", "t1")
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("alerts_v2@t1.json") && error.contains("not a checkpoint"),
            "{error}"
        );
        let _ = fs::remove_dir_all(&dir);
    }
}
