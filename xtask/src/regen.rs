//! `cargo xtask regen [--check]`.

use std::path::Path;
use std::process::ExitCode;

use msgraph_security_codegen::files::{self, Mode};
use msgraph_security_codegen::{PINNED_SCHEMA, Settings};

/// The directory regen owns: nothing but generated files live there.
pub const MODELS_DIR: &str = "generated/src/models";

pub fn run(root: &Path, check: bool) -> Result<ExitCode, String> {
    let pin = root.join("metadata").join(PINNED_SCHEMA);
    let text = std::fs::read_to_string(&pin).map_err(|e| {
        format!(
            "{}: cannot read the pinned schema: {e} (run `cargo xtask import <PATH>` first)",
            pin.display()
        )
    })?;
    let display = format!("metadata/{PINNED_SCHEMA}");
    let generated = msgraph_security_codegen::generate(&text, &display, &Settings::crate_default())
        .map_err(|e| e.to_string())?;
    let dir = root.join(MODELS_DIR);
    let mode = if check { Mode::Check } else { Mode::Write };
    let report = files::sync_dir(&dir, &generated, mode).map_err(|e| e.to_string())?;
    if check {
        if report.is_fresh() {
            println!("{MODELS_DIR} is fresh ({} files)", report.unchanged);
            Ok(ExitCode::SUCCESS)
        } else {
            eprintln!(
                "{MODELS_DIR} is stale: {} changed, {} to remove:\n{}run `cargo xtask regen` and commit the result",
                report.changed.len(),
                report.removed.len(),
                report.stale_list()
            );
            Ok(ExitCode::FAILURE)
        }
    } else {
        println!(
            "{MODELS_DIR}: {} written, {} removed, {} unchanged",
            report.changed.len(),
            report.removed.len(),
            report.unchanged
        );
        Ok(ExitCode::SUCCESS)
    }
}
