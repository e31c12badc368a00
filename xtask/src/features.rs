//! `cargo xtask features`: every area of the generated crate builds alone.
//!
//! `cargo check -p msgraph-security --no-default-features` with each area's
//! feature and the client (so request builders and the types only that area
//! needs), then with no area at all, then one area without the client (models
//! only). An area that needs a type some other area gates fails here.

use std::path::Path;
use std::process::{Command, ExitCode};
use std::time::Instant;

use msgraph_security_codegen::Pin;

pub fn run(root: &Path) -> Result<ExitCode, String> {
    let areas = Pin::load(&root.join("metadata"))
        .and_then(|pin| pin.areas())
        .map_err(|e| e.to_string())?;
    let mut runs: Vec<(String, String)> = areas
        .areas
        .keys()
        .map(|f| (f.clone(), format!("client,{f}")))
        .collect();
    runs.push((String::from("(no area)"), String::from("client")));
    if let Some(first) = areas.areas.keys().next() {
        runs.push((format!("{first} without the client"), first.clone()));
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| String::from("cargo"));
    let mut failed = Vec::new();
    for (name, features) in &runs {
        let started = Instant::now();
        let output = Command::new(&cargo)
            .current_dir(root)
            .args(["check", "--quiet", "-p", "msgraph-security"])
            .args(["--no-default-features", "--features", features])
            .output()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        // A warning (an import left unused by the gating, say) fails the area too.
        let stderr = String::from_utf8_lossy(&output.stderr);
        let ok = output.status.success() && !stderr.contains("warning");
        if !ok {
            eprint!("{stderr}");
        }
        let outcome = if ok { "ok" } else { "FAILED" };
        println!(
            "{name:<40} {outcome} in {:.1} s (--features {features})",
            started.elapsed().as_secs_f64()
        );
        if !ok {
            failed.push(name.clone());
        }
    }
    if failed.is_empty() {
        println!("every area builds alone ({} runs)", runs.len());
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("areas that do not build alone: {}", failed.join(", "));
        Ok(ExitCode::FAILURE)
    }
}
