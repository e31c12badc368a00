//! `cargo xtask regen [--check]`.

use std::path::Path;
use std::process::ExitCode;

use msgraph_security_codegen::files::{self, Mode};
use msgraph_security_codegen::{Pin, Settings};

/// The directories regen owns: nothing but generated files live there.
pub const MODELS_DIR: &str = "generated/src/models";
/// See [`MODELS_DIR`].
pub const REQUESTS_DIR: &str = "generated/src/requests";
/// The manifest whose area features regen writes (between marker lines).
pub const MANIFEST: &str = "generated/Cargo.toml";

pub fn run(root: &Path, check: bool) -> Result<ExitCode, String> {
    let pin = Pin::load(&root.join("metadata")).map_err(|e| e.to_string())?;
    // Removal dates that have passed: a warning, not a failure (the schema still
    // describes the item; the service may have stopped serving it).
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let today = msgraph_security_codegen::deprecations::utc_date(now);
    for warning in msgraph_security_codegen::deprecations::removal_warnings(pin.schema(), &today) {
        eprintln!("{warning}");
    }
    let generated = pin
        .generate(&Settings::crate_default())
        .map_err(|e| e.to_string())?;
    let mode = if check { Mode::Check } else { Mode::Write };
    let mut fresh = true;
    // Both directories are checked (or written) only after both generated without error.
    for (dir_name, files_map) in [
        (MODELS_DIR, &generated.models),
        (REQUESTS_DIR, &generated.requests),
    ] {
        let dir = root.join(dir_name);
        let report = files::sync_dir(&dir, files_map, mode).map_err(|e| e.to_string())?;
        if check {
            if report.is_fresh() {
                println!("{dir_name} is fresh ({} files)", report.unchanged);
            } else {
                fresh = false;
                eprintln!(
                    "{dir_name} is stale: {} changed, {} to remove:\n{}",
                    report.changed.len(),
                    report.removed.len(),
                    report.stale_list()
                );
            }
        } else {
            println!(
                "{dir_name}: {} written, {} removed, {} unchanged",
                report.changed.len(),
                report.removed.len(),
                report.unchanged
            );
        }
    }
    let manifest = root.join(MANIFEST);
    let manifest_fresh = files::sync_manifest_block(&manifest, &generated.features, mode)
        .map_err(|e| e.to_string())?;
    match (check, manifest_fresh) {
        (true, true) => println!("{MANIFEST} features are fresh"),
        (true, false) => {
            fresh = false;
            eprintln!("{MANIFEST}: the generated features block is stale");
        }
        (false, true) => println!("{MANIFEST}: features unchanged"),
        (false, false) => println!("{MANIFEST}: features written"),
    }
    if fresh {
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("run `cargo xtask regen` and commit the result");
        Ok(ExitCode::FAILURE)
    }
}
