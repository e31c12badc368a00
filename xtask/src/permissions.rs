//! The pinned permission facts (`metadata/permissions.json`).

use std::path::Path;

use msgraph_security_codegen::PINNED_PERMISSIONS;
use msgraph_security_codegen::permissions::PermissionFacts;

/// Reads `metadata/permissions.json`.
pub fn load(root: &Path) -> Result<PermissionFacts, String> {
    let path = root.join("metadata").join(PINNED_PERMISSIONS);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        format!(
            "{}: cannot read the pinned permissions: {e} (run `cargo xtask import <PATH>` first)",
            path.display()
        )
    })?;
    let display = format!("metadata/{PINNED_PERMISSIONS}");
    PermissionFacts::from_json_text(&text, &display).map_err(|e| e.to_string())
}
