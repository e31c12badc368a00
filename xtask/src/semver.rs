//! `cargo xtask semver --baseline <PATH>`: is the crate generated from the pin a
//! minor (non-breaking) release after the crate generated from another schema?
//!
//! The baseline crate is generated into `target/xtask/semver-baseline` and compared with
//! `generated/` by cargo-semver-checks (`cargo install cargo-semver-checks --locked`).

use std::path::Path;
use std::process::{Command, ExitCode};

use msgraph_security_codegen::files::standalone_crate;
use msgraph_security_codegen::{Pin, Settings};

pub fn run(root: &Path, baseline: &Path) -> Result<ExitCode, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| String::from("cargo"));
    let installed = Command::new(&cargo)
        .args(["semver-checks", "--version"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !installed {
        return Err(String::from(
            "cargo-semver-checks is not installed: run `cargo install cargo-semver-checks --locked`",
        ));
    }
    let text = std::fs::read_to_string(baseline)
        .map_err(|e| format!("{}: cannot read: {e}", baseline.display()))?;
    // A full $metadata document or a pin: selection is idempotent on a pin.
    let generated = Pin::from_document(&text, &baseline.display().to_string())
        .and_then(|pin| pin.generate(&Settings::crate_default()))
        .map_err(|e| e.to_string())?;
    let dir = root.join("target").join("xtask").join("semver-baseline");
    standalone_crate(root, &dir, &generated).map_err(|e| e.to_string())?;
    println!(
        "baseline crate generated from {} at {}",
        baseline.display(),
        dir.display()
    );
    let output = Command::new(&cargo)
        .current_dir(root)
        .args([
            "semver-checks",
            "check-release",
            "--package",
            "msgraph-security",
            "--release-type",
            "minor",
            "--baseline-root",
        ])
        .arg(&dir)
        .output()
        .map_err(|e| format!("cannot run cargo semver-checks: {e}"))?;
    let report = String::from_utf8_lossy(&output.stderr);
    eprint!("{report}");
    print!("{}", String::from_utf8_lossy(&output.stdout));
    // Warning-level lints ("produced warnings suggest new major version") count too:
    // a change users can notice is not a minor release.
    let status_ok = output.status.success() && !report.contains("suggest new major version");
    if status_ok {
        println!("semver: the pinned crate is a valid minor release after the baseline");
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("semver: the pinned crate breaks the baseline's API (see above)");
        Ok(ExitCode::FAILURE)
    }
}
