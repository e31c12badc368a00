//! `cargo xtask routes`: every generated operation, one per line, sorted:
//! `METHOD /path` (key segments as `{}`), a tab, `documented` or
//! `undocumented` (whether the pinned Graph permissions reference, i.e.
//! Microsoft's API reference, has the operation), a tab, the Rust call.
//! `cargo xtask routes --sync`: the syncable collections instead, one per
//! line: `GET /path`, a tab, the change-time property, a tab, `ordered` or
//! `unordered` (whether `$orderby` on it is allowed), a tab, the Rust call.

use std::path::Path;
use std::process::ExitCode;

use msgraph_security_codegen::{
    PINNED_PERMISSIONS, PINNED_SCHEMA, csdl, emit, permission_lookup, permissions::PermissionFacts,
};

/// The pinned schema.
fn pinned(root: &Path) -> Result<msgraph_security_codegen::ir::Schema, String> {
    let pin = root.join("metadata").join(PINNED_SCHEMA);
    let text = std::fs::read_to_string(&pin)
        .map_err(|e| format!("{}: cannot read the pinned schema: {e}", pin.display()))?;
    csdl::read(&text, &format!("metadata/{PINNED_SCHEMA}")).map_err(|e| e.to_string())
}

/// The syncable collections of the pin, one line each.
pub fn sync_listing(root: &Path) -> Result<String, String> {
    Ok(emit::sync::listing(&pinned(root)?))
}

/// The listing of the pin, one line per operation.
pub fn listing(root: &Path) -> Result<String, String> {
    let pin = root.join("metadata").join(PINNED_SCHEMA);
    let text = std::fs::read_to_string(&pin)
        .map_err(|e| format!("{}: cannot read the pinned schema: {e}", pin.display()))?;
    let schema =
        csdl::read(&text, &format!("metadata/{PINNED_SCHEMA}")).map_err(|e| e.to_string())?;
    let facts_path = root.join("metadata").join(PINNED_PERMISSIONS);
    let facts_text = std::fs::read_to_string(&facts_path).map_err(|e| {
        format!(
            "{}: cannot read the pinned permission facts: {e}",
            facts_path.display()
        )
    })?;
    let facts =
        PermissionFacts::from_json_text(&facts_text, &format!("metadata/{PINNED_PERMISSIONS}"))
            .map_err(|e| e.to_string())?;
    Ok(emit::requests::listing(&schema, &permission_lookup(&facts)))
}

pub fn run(root: &Path, sync: bool) -> Result<ExitCode, String> {
    if sync {
        print!("{}", sync_listing(root)?);
        return Ok(ExitCode::SUCCESS);
    }
    print!("{}", listing(root)?);
    Ok(ExitCode::SUCCESS)
}
