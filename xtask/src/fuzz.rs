//! `cargo xtask fuzz <TARGET> [--time <SECONDS>] [--merge]`: a fuzzing campaign
//! with cargo-fuzz (libFuzzer) on the stable toolchain.
//!
//! Runs `cargo fuzz run` on the `fuzz/` crate with `RUSTC_BOOTSTRAP=1` (for
//! cargo-fuzz's nightly flags), no sanitizer (the crates forbid `unsafe`) and
//! debug assertions on (overflow checks). New inputs go to `fuzz/work/<TARGET>/`
//! (ignored by git); the committed corpus `fuzz/corpus/<TARGET>/` seeds the run.
//! `--merge` then minimises both into the committed corpus (`-merge=1`: the
//! smallest set of inputs with the same coverage). A crash or invariant failure
//! stops the run, leaving the input in `fuzz/artifacts/<TARGET>/`.

use std::path::Path;
use std::process::{Command, ExitCode};

/// The targets of `fuzz/Cargo.toml`.
pub const TARGETS: &[&str] = &[
    "csdl",
    "csdl_structured",
    "models",
    "edm",
    "origin",
    "literal",
];

pub fn run(root: &Path, target: &str, seconds: u64, merge: bool) -> Result<ExitCode, String> {
    if !TARGETS.contains(&target) {
        return Err(format!(
            "unknown fuzz target `{target}` (one of: {})",
            TARGETS.join(", ")
        ));
    }
    let corpus = root.join("fuzz").join("corpus").join(target);
    let work = root.join("fuzz").join("work").join(target);
    for dir in [&corpus, &work] {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let fuzz = |dirs: &[&Path], flags: &[String]| -> Result<bool, String> {
        let mut command = Command::new("cargo");
        command
            .current_dir(root)
            .env("RUSTC_BOOTSTRAP", "1")
            // fuzz/ builds in its own fuzz/target, with instrumentation flags.
            .env_remove("CARGO_TARGET_DIR")
            .args(["fuzz", "run", "--fuzz-dir", "fuzz", "--sanitizer", "none"])
            .args(["--debug-assertions", target])
            .args(dirs)
            .arg("--")
            .args(flags);
        let status = command
            .status()
            .map_err(|e| format!("cannot run cargo fuzz (cargo install cargo-fuzz): {e}"))?;
        Ok(status.success())
    };
    let flags = [
        format!("-max_total_time={seconds}"),
        String::from("-timeout=10"),
        String::from("-rss_limit_mb=2048"),
        String::from("-print_final_stats=1"),
    ];
    if !fuzz(&[&work, &corpus], &flags)? {
        return Ok(ExitCode::FAILURE);
    }
    if merge {
        let merged = root
            .join("fuzz")
            .join("work")
            .join(format!("{target}.merged"));
        let _ = std::fs::remove_dir_all(&merged);
        std::fs::create_dir_all(&merged).map_err(|e| format!("{}: {e}", merged.display()))?;
        if !fuzz(&[&merged, &corpus, &work], &[String::from("-merge=1")])? {
            return Ok(ExitCode::FAILURE);
        }
        std::fs::remove_dir_all(&corpus).map_err(|e| format!("{}: {e}", corpus.display()))?;
        std::fs::rename(&merged, &corpus).map_err(|e| format!("{}: {e}", corpus.display()))?;
        println!("merged into {}", corpus.display());
    }
    Ok(ExitCode::SUCCESS)
}
