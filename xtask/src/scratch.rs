//! A standalone copy of the `msgraph-security` crate with models generated from
//! another schema, for `cargo xtask semver` (and for compiling any document).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use msgraph_security_codegen::files::{self, Mode};
use msgraph_security_codegen::{Settings, csdl, emit, select};

/// Reads a full Graph `$metadata` document or an already pinned CSDL, keeping
/// what the crate needs (selection is idempotent on a pin).
pub fn load_schema(path: &Path) -> Result<msgraph_security_codegen::ir::Schema, String> {
    let text =
        fs::read_to_string(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    let full = csdl::read(&text, &path.display().to_string()).map_err(|e| e.to_string())?;
    Ok(select::security_closure(&full))
}

/// `[workspace.dependencies]` of the root manifest: name -> the spec text after `=`.
fn workspace_dependencies(root: &Path) -> Result<BTreeMap<String, String>, String> {
    let manifest = root.join("Cargo.toml");
    let text = fs::read_to_string(&manifest).map_err(|e| format!("{}: {e}", manifest.display()))?;
    let mut out = BTreeMap::new();
    let mut in_section = false;
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            in_section = trimmed == "[workspace.dependencies]";
            continue;
        }
        if !in_section || trimmed.starts_with('#') {
            continue;
        }
        if let Some((name, spec)) = trimmed.split_once('=') {
            out.insert(name.trim().to_string(), spec.trim().to_string());
        }
    }
    Ok(out)
}

/// Writes a standalone crate at `dir`: the hand-written part of `generated/`
/// copied, `Cargo.toml` made independent of the workspace, and the models
/// generated from `schema`.
pub fn write_crate(
    root: &Path,
    dir: &Path,
    schema: &msgraph_security_codegen::ir::Schema,
) -> Result<PathBuf, String> {
    let deps = workspace_dependencies(root)?;
    let source = root.join("generated");
    let manifest = fs::read_to_string(source.join("Cargo.toml")).map_err(|e| e.to_string())?;
    let mut out = String::new();
    for line in manifest.lines() {
        let trimmed = line.trim();
        if let Some((key, rest)) = trimmed.split_once('=') {
            let key = key.trim();
            if rest.contains("workspace = true") {
                if let Some(spec) = deps.get(key) {
                    out.push_str(&format!("{key} = {spec}\n"));
                    continue;
                }
                if let Some(field) = key.strip_suffix(".workspace") {
                    match field {
                        "edition" => out.push_str("edition = \"2024\"\n"),
                        "rust-version" | "license" | "repository" => {}
                        _ => {}
                    }
                    continue;
                }
            }
        }
        if trimmed == "[lints]" {
            break;
        }
        out.push_str(line);
        out.push('\n');
    }
    out.push_str("\n[workspace]\n");

    let _ = fs::remove_dir_all(dir);
    fs::create_dir_all(dir.join("src")).map_err(|e| format!("{}: {e}", dir.display()))?;
    fs::write(dir.join("Cargo.toml"), out).map_err(|e| e.to_string())?;
    copy_tree(&source.join("src"), &dir.join("src"), &["models"])?;
    let models = emit::models(schema, &Settings::crate_default()).map_err(|e| e.to_string())?;
    files::sync_dir(&dir.join("src/models"), &models, Mode::Write).map_err(|e| e.to_string())?;
    Ok(dir.to_path_buf())
}

fn copy_tree(from: &Path, to: &Path, skip: &[&str]) -> Result<(), String> {
    fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    let entries = fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| e.to_string())?;
        let name = entry.file_name();
        if skip.iter().any(|s| name == *s) {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            copy_tree(&path, &to.join(&name), &[])?;
        } else {
            fs::copy(&path, to.join(&name)).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(())
}
