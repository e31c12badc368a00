//! The invariants of the fuzz targets, as plain functions.
//!
//! Each `check_*` function takes the raw bytes a fuzz target receives and
//! panics, saying which invariant broke, when the code under test misbehaves;
//! it returns normally for every input the code handles as promised (an
//! accepted value that round-trips, or a clean error). The fuzz targets in
//! `fuzz/` (a crate outside the workspace, run with cargo-fuzz) call them, and
//! so does the `fuzz_replay` test, which replays the committed corpora and
//! regression inputs (`fuzz/corpus/<target>/`, `fuzz/regressions/<target>/`)
//! without a fuzzing engine.
//!
//! | target            | function                              |
//! |-------------------|---------------------------------------|
//! | `csdl`            | [`csdl::check_bytes`]                 |
//! | `csdl_structured` | [`csdl::check_structured`]            |
//! | `models`          | [`models::check`]                     |
//! | `edm`             | [`edm::check`]                        |
//! | `origin`          | [`client::check_origin`]              |
//! | `literal`         | [`client::check_literal`]             |

use std::path::PathBuf;

pub mod client;
pub mod csdl;
pub mod edm;
pub mod models;

/// A target's check: panics when an invariant breaks.
pub type Check = fn(&[u8]);

/// The fuzz targets and their check functions, in the order above.
pub const TARGETS: &[(&str, Check)] = &[
    ("csdl", csdl::check_bytes),
    ("csdl_structured", csdl::check_structured),
    ("models", models::check),
    ("edm", edm::check),
    ("origin", client::check_origin),
    ("literal", client::check_literal),
];

/// The committed, minimised corpus of a target: `fuzz/corpus/<target>/`.
pub fn corpus_dir(target: &str) -> PathBuf {
    crate::workspace_root()
        .join("fuzz")
        .join("corpus")
        .join(target)
}

/// The regression inputs of a target (minimised inputs that once failed):
/// `fuzz/regressions/<target>/`.
pub fn regressions_dir(target: &str) -> PathBuf {
    crate::workspace_root()
        .join("fuzz")
        .join("regressions")
        .join(target)
}

/// The files of a directory, sorted by name (none when it does not exist).
pub fn inputs_in(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// A short, printable rendering of an input for assertion messages.
pub(crate) fn shown(data: &[u8]) -> String {
    let text = String::from_utf8_lossy(data);
    let mut out: String = text.chars().take(300).collect();
    if text.chars().count() > 300 {
        out.push_str("...");
    }
    format!("{out:?}")
}
