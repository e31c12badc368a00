//! `cargo xtask reference [DIR]`: derive `metadata/reference.json`, the links to
//! Microsoft's API reference of each operation and type of the pin, from the
//! facts-only index of the reference in DIR (default `../shared/graph-docs`:
//! `operations.tsv`, `types.tsv`, `pages.tsv`), and print the counts and every row or
//! route that did not match, with why (see `msgraph_security_codegen::reference` for
//! the matching rules). `regen` then reads only `metadata/`.

use std::path::Path;
use std::process::ExitCode;

use msgraph_security_codegen::Pin;
use msgraph_security_codegen::files::write_atomic;
use msgraph_security_codegen::reference::{self, DocsIndex, PINNED_REFERENCE, ReferenceFacts};

/// Where the index is read from when no directory is given.
pub const DEFAULT_DOCS: &str = "../shared/graph-docs";

/// The index of the reference in `dir`.
pub fn read_index(dir: &Path) -> Result<DocsIndex, String> {
    let read = |name: &str| {
        let path = dir.join(name);
        std::fs::read_to_string(&path).map_err(|e| format!("{}: cannot read: {e}", path.display()))
    };
    DocsIndex::from_tsv(
        &read("operations.tsv")?,
        &read("types.tsv")?,
        &read("pages.tsv")?,
    )
    .map_err(|e| format!("{}/{e}", dir.display()))
}

/// The links of `pin` by the index (see `msgraph_security_codegen::reference`).
pub fn derive(pin: &Pin, index: &DocsIndex) -> reference::Derivation {
    let routes = msgraph_security_codegen::routes::routes(pin.schema());
    reference::derive(pin.schema(), &routes, index, &|route| {
        !pin.route_permissions(route).is_empty()
    })
}

pub fn run(root: &Path, docs: Option<&Path>) -> Result<ExitCode, String> {
    let default = root.join(DEFAULT_DOCS);
    let index = read_index(docs.unwrap_or(&default))?;
    let metadata = root.join("metadata");
    let target = metadata.join(PINNED_REFERENCE);
    if !target.exists() {
        // The first derivation: the pin loads with no links, then gets them.
        write_atomic(&target, &ReferenceFacts::default().to_json_text())
            .map_err(|e| e.to_string())?;
    }
    let pin = Pin::load(&metadata).map_err(|e| e.to_string())?;
    let derived = derive(&pin, &index);
    write_atomic(&target, &derived.facts.to_json_text()).map_err(|e| e.to_string())?;
    print!("{}", derived.summary());
    for unmatched in &derived.unmatched {
        println!("{unmatched:?}");
    }
    Ok(ExitCode::SUCCESS)
}
