//! Helpers shared by the workspace's integration tests (in `tests/tests/`).

use std::path::{Path, PathBuf};

pub mod fuzz_checks;
pub mod roundtrip;

pub use roundtrip::{
    Payload, pinned_schema, roundtrip_difference, roundtrip_difference_in,
    roundtrip_difference_normalised,
};

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(Path::to_path_buf).unwrap_or(manifest)
}

/// A path inside `../shared` (the reference data beside the workspace root), for
/// the tests that read it: `shared_path("seeds", "seed payloads")` is `None` after a
/// note when the path is absent, and panics instead, naming the path, when
/// `MSGRAPH_REQUIRE_SHARED=1` (as in CI). One helper for the whole workspace: the
/// generator's unit tests compile this same file.
mod shared;

pub use shared::{REQUIRE_SHARED, shared_path};

/// This crate's fixtures directory.
pub fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Every top-level JSON object embedded in a text (documentation pages mix
/// prose, HTTP lines and JSON): balanced-brace spans that parse as JSON objects.
pub fn json_objects_in(text: &str) -> Vec<serde_json::Value> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'{' {
            i += 1;
            continue;
        }
        match balanced_end(bytes, i) {
            Some(end) => {
                let candidate = &text[i..=end];
                match serde_json::from_str::<serde_json::Value>(candidate) {
                    Ok(v) if v.is_object() => {
                        out.push(v);
                        i = end + 1;
                    }
                    _ => i += 1,
                }
            }
            None => i += 1,
        }
    }
    out
}

/// Index of the `}` closing the `{` at `start`, honouring JSON strings.
fn balanced_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (offset, &b) in bytes[start..].iter().enumerate() {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' => depth += 1,
            b'}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(start + offset);
                }
            }
            _ => {}
        }
    }
    None
}

/// A documentation template ("JSON representation") rather than a payload:
/// its values are type placeholders such as `"String (timestamp)"`.
pub fn is_type_template(v: &serde_json::Value) -> bool {
    fn walk(v: &serde_json::Value) -> bool {
        match v {
            serde_json::Value::String(s) => {
                s == "String" || s.starts_with("String (") || s == "Int" || s == "Boolean"
            }
            serde_json::Value::Array(a) => a.iter().any(walk),
            serde_json::Value::Object(o) => o.values().any(walk),
            _ => false,
        }
    }
    walk(v)
}

/// The README's Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;

/// What `cargo xtask regen` writes: the files generated from the pinned schema
/// and permission facts in `metadata/`.
pub fn generated_from_pin() -> msgraph_security_codegen::Generated {
    msgraph_security_codegen::Pin::load(&workspace_root().join("metadata"))
        .and_then(|pin| pin.generate(&msgraph_security_codegen::Settings::crate_default()))
        .unwrap_or_else(|e| panic!("{e}"))
}
