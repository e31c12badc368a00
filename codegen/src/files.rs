//! The one module that writes to the file system: bringing a directory in line
//! with a set of generated files, or checking that it already is. It generates
//! nothing itself: callers pass what [`crate::Pin::generate`] returned.
//!
//! `cargo xtask regen`, `cargo xtask regen --check` and the freshness test all
//! go through [`sync_dir`], so they cannot disagree.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// What [`sync_dir`] should do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write changed files, delete files no longer generated.
    Write,
    /// Write nothing; report what differs.
    Check,
}

/// What [`sync_dir`] found or did, paths relative to the directory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Files whose content differs from (or are missing compared to) what is generated.
    pub changed: Vec<String>,
    /// Files present in the directory that are no longer generated.
    pub removed: Vec<String>,
    /// Files already up to date.
    pub unchanged: usize,
}

impl Report {
    /// True when the directory already matched.
    pub fn is_fresh(&self) -> bool {
        self.changed.is_empty() && self.removed.is_empty()
    }

    /// Every stale path, changed then removed, each on its own line, for messages.
    pub fn stale_list(&self) -> String {
        let mut out = String::new();
        for c in &self.changed {
            out.push_str(&format!("  changed: {c}\n"));
        }
        for r in &self.removed {
            out.push_str(&format!("  removed: {r}\n"));
        }
        out
    }
}

fn io_error(path: &Path, what: &str, e: io::Error) -> Error {
    Error::Other {
        message: format!("{}: cannot {what}: {e}", path.display()),
    }
}

/// Every `.rs` file under `dir`, relative, with `/` separators.
fn existing_files(dir: &Path) -> Result<BTreeSet<String>, Error> {
    let mut out = BTreeSet::new();
    if !dir.exists() {
        return Ok(out);
    }
    let mut stack: Vec<PathBuf> = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = fs::read_dir(&d).map_err(|e| io_error(&d, "list directory", e))?;
        for entry in entries {
            let entry = entry.map_err(|e| io_error(&d, "list directory", e))?;
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "rs") {
                if let Ok(rel) = path.strip_prefix(dir) {
                    let rel: Vec<String> = rel
                        .components()
                        .map(|c| c.as_os_str().to_string_lossy().into_owned())
                        .collect();
                    out.insert(rel.join("/"));
                }
            }
        }
    }
    Ok(out)
}

/// Writes `contents` to `path` through a temporary file and a rename, so a
/// reader never sees a half-written file.
pub fn write_atomic(path: &Path, contents: &str) -> Result<(), Error> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| io_error(parent, "create directory", e))?;
    }
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{file_name}.tmp{}", std::process::id()));
    fs::write(&tmp, contents).map_err(|e| io_error(&tmp, "write", e))?;
    fs::rename(&tmp, path).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        io_error(path, "replace", e)
    })
}

/// Brings `dir` in line with `files` (relative path -> content), or in
/// [`Mode::Check`] only reports the difference. Only `.rs` files under `dir`
/// are considered: `dir` must hold nothing but generated code. Unchanged files
/// are not rewritten, so their modification times stay.
pub fn sync_dir(dir: &Path, files: &BTreeMap<String, String>, mode: Mode) -> Result<Report, Error> {
    let mut report = Report::default();
    let existing = existing_files(dir)?;
    for (rel, contents) in files {
        let path = dir.join(rel);
        let current = match fs::read_to_string(&path) {
            Ok(s) => Some(s),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(io_error(&path, "read", e)),
        };
        if current.as_deref() == Some(contents.as_str()) {
            report.unchanged += 1;
            continue;
        }
        report.changed.push(rel.clone());
    }
    for rel in existing.iter().filter(|r| !files.contains_key(*r)) {
        report.removed.push(rel.clone());
    }
    if mode == Mode::Write {
        for rel in &report.changed {
            if let Some(contents) = files.get(rel) {
                write_atomic(&dir.join(rel), contents)?;
            }
        }
        for rel in &report.removed {
            let path = dir.join(rel);
            fs::remove_file(&path).map_err(|e| io_error(&path, "remove", e))?;
            // Drop directories left empty.
            let mut parent = path.parent();
            while let Some(p) = parent {
                if p == dir || fs::remove_dir(p).is_err() {
                    break;
                }
                parent = p.parent();
            }
        }
    }
    Ok(report)
}

/// The line after which `cargo xtask regen` writes the area features into
/// `generated/Cargo.toml` (see [`crate::Generated::features`]).
pub const FEATURES_BEGIN: &str = "# @generated by `cargo xtask regen`: the areas of the URL tree (do not edit up to the end line)";
/// The line that ends the generated features block.
pub const FEATURES_END: &str = "# @generated: end";

/// Brings the block between [`FEATURES_BEGIN`] and [`FEATURES_END`] of the
/// manifest at `path` in line with `block`, or in [`Mode::Check`] only tells
/// whether it already is. Returns whether the file was already fresh.
pub fn sync_manifest_block(path: &Path, block: &str, mode: Mode) -> Result<bool, Error> {
    let text = fs::read_to_string(path).map_err(|e| io_error(path, "read", e))?;
    let missing = |line: &str| Error::Other {
        message: format!(
            "{}: no line `{line}` to generate features after",
            path.display()
        ),
    };
    let begin = text
        .find(FEATURES_BEGIN)
        .ok_or_else(|| missing(FEATURES_BEGIN))?;
    let start = begin + FEATURES_BEGIN.len() + 1;
    let end = text[start.min(text.len())..]
        .find(FEATURES_END)
        .map(|i| i + start)
        .ok_or_else(|| missing(FEATURES_END))?;
    if text.get(start..end) == Some(block) {
        return Ok(true);
    }
    if mode == Mode::Write {
        let updated = format!("{}{block}{}", &text[..start], &text[end..]);
        write_atomic(path, &updated)?;
    }
    Ok(false)
}

/// The manifest of a standalone crate of generated code: the runtime crate of
/// the workspace at `root` by path (with its client), serde, its own `[workspace]`.
fn standalone_manifest(root: &Path, features: &str) -> String {
    let runtime = root.join("runtime");
    format!(
        r#"[package]
name = "msgraph-security"
version = "0.0.0"
edition = "2024"
publish = false

[lib]
name = "msgraph_security"

[dependencies]
msgraph-security-runtime = {{ path = {runtime:?}, default-features = false, features = ["client"] }}
serde = "1"
serde_json = "1"

[features]
default = ["all_areas"]
{FEATURES_BEGIN}
{features}{FEATURES_END}

[workspace]
"#,
        runtime = runtime.display().to_string()
    )
}

/// The crate root of a standalone crate of generated code: the paths generated
/// code reaches (`crate::runtime`, `crate::client`, `crate::models`,
/// `crate::requests`), as the real crate root has them.
const STANDALONE_LIB: &str =
    "//! Code generated from a schema, compiled against the workspace's runtime crate.
pub use msgraph_security_runtime as runtime;
pub use msgraph_security_runtime::client;

#[rustfmt::skip]
#[allow(deprecated, clippy::deprecated_semver)]
pub mod models;

#[rustfmt::skip]
#[allow(deprecated, clippy::deprecated_semver)]
pub mod requests;
";

/// Writes at `dir` a crate of generated code compiled against the runtime
/// crate of the workspace at `root` (by path): `src/models` holds the
/// generated models (path relative to `src/models` -> content), `src/requests`
/// the request builders (none gives an empty module), the manifest the area
/// features, every area on by default. Used to compile code
/// generated from other schemas (fixtures, `xtask documents`, `xtask semver`).
pub fn standalone_crate(
    root: &Path,
    dir: &Path,
    generated: &crate::Generated,
) -> Result<(), Error> {
    let (models, requests) = (&generated.models, &generated.requests);
    if dir.exists() {
        fs::remove_dir_all(dir).map_err(|e| io_error(dir, "remove", e))?;
    }
    write_atomic(
        &dir.join("Cargo.toml"),
        &standalone_manifest(root, &generated.features),
    )?;
    write_atomic(&dir.join("src").join("lib.rs"), STANDALONE_LIB)?;
    // The workspace's lock file pins the same dependency versions (cargo prunes the rest).
    let lock = root.join("Cargo.lock");
    if lock.exists() {
        fs::copy(&lock, dir.join("Cargo.lock")).map_err(|e| io_error(&lock, "copy", e))?;
    }
    sync_dir(&dir.join("src").join("models"), models, Mode::Write)?;
    let mut requests = requests.clone();
    requests
        .entry(String::from("mod.rs"))
        .or_insert_with(|| String::from("// @generated: no request builders\n"));
    sync_dir(&dir.join("src").join("requests"), &requests, Mode::Write)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("msgraph-codegen-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn check_reports_and_write_fixes() {
        let dir = scratch("sync");
        fs::create_dir_all(dir.join("old")).unwrap();
        fs::write(dir.join("old/gone.rs"), "x").unwrap();
        fs::write(dir.join("same.rs"), "same").unwrap();
        let mut files = BTreeMap::new();
        files.insert(String::from("same.rs"), String::from("same"));
        files.insert(String::from("sub/new.rs"), String::from("new"));

        let report = sync_dir(&dir, &files, Mode::Check).unwrap();
        assert_eq!(report.changed, vec![String::from("sub/new.rs")]);
        assert_eq!(report.removed, vec![String::from("old/gone.rs")]);
        assert_eq!(report.unchanged, 1);
        assert!(!dir.join("sub/new.rs").exists(), "check mode wrote a file");

        let report = sync_dir(&dir, &files, Mode::Write).unwrap();
        assert!(!report.is_fresh());
        assert_eq!(fs::read_to_string(dir.join("sub/new.rs")).unwrap(), "new");
        assert!(!dir.join("old").exists(), "empty directory left behind");

        let report = sync_dir(&dir, &files, Mode::Check).unwrap();
        assert!(report.is_fresh(), "{report:?}");
        let _ = fs::remove_dir_all(&dir);
    }
}
