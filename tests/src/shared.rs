//! The reference data beside the workspace root (`../shared`: the real Graph
//! documents, the permissions reference, the seed payloads), for the tests that
//! read it: the integration tests of this crate (which re-exports [`shared_path`])
//! and the unit tests of `msgraph-security-codegen` (which compiles this file as
//! a test-only module).
//!
//! Without `../shared` those tests skip themselves with a note, so that
//! `cargo test --workspace` works on a fresh clone. CI always has it: there
//! `MSGRAPH_REQUIRE_SHARED=1` (exported by `.ci/run`) turns a missing path into a
//! failure, so no test can pass in CI by skipping.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// The environment variable that makes a missing `../shared` path a test failure
/// when it is `1` (unset, empty or `0`: the test skips with a note).
pub const REQUIRE_SHARED: &str = "MSGRAPH_REQUIRE_SHARED";

/// `../shared` beside the workspace root (it may not exist).
pub fn shared_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let workspace = manifest.parent().unwrap_or(manifest);
    workspace.join("..").join("shared")
}

/// `relative` inside `../shared` (`"graph-metadata"`, `"seeds"`,
/// `"graph-permissions/permissions.json"`), when it exists.
///
/// When it does not, `None` after a note on stderr naming the path and what is
/// skipped (`skipped`, e.g. `"drift test on v1.0-2026-08-04.xml"`): the caller
/// returns and the test passes without checking anything.
///
/// # Panics
///
/// When the path does not exist and `MSGRAPH_REQUIRE_SHARED=1` (as in CI), with a
/// message naming the missing path and the variable; and when the variable holds
/// anything but `1`, `0` or nothing, so that a misspelt value cannot skip silently.
#[track_caller]
pub fn shared_path(relative: &str, skipped: &str) -> Option<PathBuf> {
    let required = required(std::env::var_os(REQUIRE_SHARED).as_deref());
    existing_or_skip(shared_root().join(relative), required, skipped)
}

/// `path` when it exists; else a panic when `required`, a note and `None` otherwise.
#[track_caller]
fn existing_or_skip(path: PathBuf, required: bool, skipped: &str) -> Option<PathBuf> {
    if path.exists() {
        return Some(path);
    }
    if required {
        panic!(
            "{} is absent and {REQUIRE_SHARED}=1: {skipped} must not be skipped \
             (put the reference data at ../shared beside the workspace root, or unset {REQUIRE_SHARED})",
            path.display()
        );
    }
    eprintln!(
        "note: {} is absent: {skipped} skipped ({REQUIRE_SHARED}=1 makes this a failure)",
        path.display()
    );
    None
}

/// Whether the value of [`REQUIRE_SHARED`] requires `../shared`.
fn required(value: Option<&OsStr>) -> bool {
    match value.map(|v| v.to_str()) {
        None | Some(Some("" | "0")) => false,
        Some(Some("1")) => true,
        Some(other) => panic!("{REQUIRE_SHARED} must be 1, 0 or unset, not {other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_variable_is_one_zero_or_unset() {
        assert!(!required(None));
        assert!(!required(Some(OsStr::new(""))));
        assert!(!required(Some(OsStr::new("0"))));
        assert!(required(Some(OsStr::new("1"))));
        let misspelt = std::panic::catch_unwind(|| required(Some(OsStr::new("yes"))));
        assert!(misspelt.is_err(), "a value other than 1 or 0 must not skip");
    }

    #[test]
    fn an_absent_path_skips_or_fails() {
        let present = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        assert_eq!(
            existing_or_skip(present.clone(), true, "x"),
            Some(present.clone())
        );
        let absent = present.join("no-such-file");
        assert_eq!(existing_or_skip(absent.clone(), false, "x"), None);
        let failure = std::panic::catch_unwind(|| existing_or_skip(absent.clone(), true, "x"));
        let message = failure
            .err()
            .and_then(|e| e.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        assert!(message.contains(&absent.display().to_string()), "{message}");
        assert!(message.contains("MSGRAPH_REQUIRE_SHARED=1"), "{message}");
    }
}
