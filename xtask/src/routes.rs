//! `cargo xtask routes`: every generated operation, one per line, sorted:
//! `METHOD /path` (key segments as `{}`), a tab, `documented` or
//! `undocumented` (whether Microsoft's API reference has the operation: the pinned
//! permissions reference or the pinned links to its pages), a tab, the Rust call.
//! `cargo xtask routes --sync`: the syncable collections instead, one per
//! line: `GET /path`, a tab, the change-time property, a tab, `ordered` or
//! `unordered` (whether `$orderby` on it is allowed), a tab, the Rust call.

use std::path::Path;
use std::process::ExitCode;

use msgraph_security_codegen::Pin;

/// The syncable collections of the pin, one line each.
pub fn sync_listing(root: &Path) -> Result<String, String> {
    Pin::load(&root.join("metadata"))
        .map(|pin| pin.sync_routes())
        .map_err(|e| e.to_string())
}

/// The listing of the pin, one line per operation.
pub fn listing(root: &Path) -> Result<String, String> {
    Pin::load(&root.join("metadata"))
        .map(|pin| pin.routes())
        .map_err(|e| e.to_string())
}

pub fn run(root: &Path, sync: bool) -> Result<ExitCode, String> {
    if sync {
        print!("{}", sync_listing(root)?);
        return Ok(ExitCode::SUCCESS);
    }
    print!("{}", listing(root)?);
    Ok(ExitCode::SUCCESS)
}
