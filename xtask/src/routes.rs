//! `cargo xtask routes`: every generated operation, one per line, sorted:
//! `METHOD /path` (key segments as `{}`), a tab, `documented` or
//! `undocumented` (whether Microsoft's API reference has the operation: the pinned
//! permissions reference or the pinned links to its pages), a tab, the Rust call.

use std::path::Path;
use std::process::ExitCode;

use msgraph_security_codegen::Pin;

/// The listing of the pin, one line per operation.
pub fn listing(root: &Path) -> Result<String, String> {
    Pin::load(&root.join("metadata"))
        .map(|pin| pin.routes())
        .map_err(|e| e.to_string())
}

pub fn run(root: &Path) -> Result<ExitCode, String> {
    print!("{}", listing(root)?);
    Ok(ExitCode::SUCCESS)
}
