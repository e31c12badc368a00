//! Helpers shared by the workspace's integration tests (in `tests/tests/`).

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(Path::to_path_buf).unwrap_or(manifest)
}

/// `../shared` beside the workspace root, when it exists (it does on developer
/// machines and in CI; tests that need it are skipped with a note otherwise).
pub fn shared_dir() -> Option<PathBuf> {
    let dir = workspace_root().join("..").join("shared");
    dir.is_dir().then_some(dir)
}

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

/// Compares a payload with its deserialize-then-serialize round trip. Key order
/// is ignored (JSON objects are maps). The one difference allowed is the
/// documented enum canonicalization: an enum value sent in another case
/// (`"TruePositive"`) is written back in the schema's spelling (`"truePositive"`).
/// Returns the JSON pointer of the first difference.
pub fn roundtrip_difference(
    original: &serde_json::Value,
    again: &serde_json::Value,
) -> Option<String> {
    fn lower_first(s: &str) -> String {
        let mut c = s.chars();
        match c.next() {
            Some(f) => f.to_lowercase().chain(c).collect(),
            None => String::new(),
        }
    }
    fn walk(a: &serde_json::Value, b: &serde_json::Value, path: &str) -> Option<String> {
        use serde_json::Value as V;
        match (a, b) {
            (V::Object(x), V::Object(y)) => {
                for (k, va) in x {
                    let p = format!("{path}/{k}");
                    match y.get(k) {
                        Some(vb) => {
                            if let Some(d) = walk(va, vb, &p) {
                                return Some(d);
                            }
                        }
                        None => return Some(format!("{p} (missing after the round trip)")),
                    }
                }
                y.keys()
                    .find(|k| !x.contains_key(*k))
                    .map(|k| format!("{path}/{k} (added by the round trip)"))
            }
            (V::Array(x), V::Array(y)) => {
                if x.len() != y.len() {
                    return Some(format!("{path} (length {} vs {})", x.len(), y.len()));
                }
                x.iter()
                    .zip(y)
                    .enumerate()
                    .find_map(|(i, (va, vb))| walk(va, vb, &format!("{path}/{i}")))
            }
            (V::String(x), V::String(y)) if x == y || lower_first(x) == *y => None,
            (V::Number(x), V::Number(y)) if x.as_f64() == y.as_f64() => None,
            _ if a == b => None,
            _ => Some(format!("{path} ({a} vs {b})")),
        }
    }
    walk(original, again, "")
}

/// The README's Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;

/// What `cargo xtask regen` writes: the files generated from the pinned schema
/// and permission facts in `metadata/`.
pub fn generated_from_pin() -> msgraph_security_codegen::Generated {
    msgraph_security_codegen::files::generate_pinned(
        &workspace_root().join("metadata"),
        &msgraph_security_codegen::Settings::crate_default(),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}
