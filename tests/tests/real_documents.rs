//! The generator on the real Graph documents in `../shared/graph-metadata` (skipped
//! with a note when `../shared` is absent, failing when `MSGRAPH_REQUIRE_SHARED=1`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

use msgraph_security_codegen::ir::Schema;
use msgraph_security_codegen::{PINNED_SCHEMA, Pin, Settings, emit, names};
use msgraph_security_tests::{shared_path, workspace_root};

fn document(name: &str) -> Option<(PathBuf, String)> {
    let path = shared_path(
        &format!("graph-metadata/{name}"),
        &format!("generator test on {name}"),
    )?;
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Some((path, text))
}

fn pinned_closure(text: &str, name: &str) -> Schema {
    Pin::from_document(text, name)
        .unwrap_or_else(|e| panic!("{e}"))
        .schema()
        .clone()
}

fn generate(schema: &Schema) -> BTreeMap<String, String> {
    emit::models(schema, &Settings::crate_default()).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn importing_the_pinned_document_reproduces_the_pin() {
    let Some((_, text)) = document("v1.0-2026-08-04.xml") else {
        return;
    };
    let canonical = Pin::from_document(&text, "v1.0-2026-08-04.xml")
        .unwrap_or_else(|e| panic!("{e}"))
        .canonical_text();
    let pin = fs::read_to_string(workspace_root().join("metadata").join(PINNED_SCHEMA)).unwrap();
    assert!(
        canonical == pin,
        "metadata/{PINNED_SCHEMA} is not what `cargo xtask import` writes for v1.0-2026-08-04.xml"
    );
}

/// The 2026-08 document spells names through aliases (`self.`, `graph.`); spelled out in
/// full, as the 2026-01 document does, it must generate the very same code.
#[test]
fn alias_and_qualified_spellings_of_a_real_document_generate_the_same_code() {
    let Some((_, text)) = document("v1.0-2026-08-04.xml") else {
        return;
    };
    assert!(
        text.contains("Type=\"self."),
        "the document no longer uses the self. alias"
    );
    let qualified = text
        .replace(" Alias=\"graph\"", "")
        .replace(" Alias=\"self\"", "")
        .replace("\"self.", "\"microsoft.graph.security.")
        .replace("(self.", "(microsoft.graph.security.")
        .replace("\"graph.", "\"microsoft.graph.")
        .replace("(graph.", "(microsoft.graph.");
    let a = pinned_closure(&text, "aliases.xml");
    let b = pinned_closure(&qualified, "qualified.xml");
    assert_eq!(a, b);
    assert_eq!(generate(&a), generate(&b));
}

/// Types that did not change between the 2026-01 (qualified names) and 2026-08 (aliases)
/// documents generate identical files.
#[test]
fn unchanged_types_generate_identical_files_across_document_dates() {
    let Some((_, old)) = document("v1.0-2026-01-20.xml") else {
        return;
    };
    let Some((_, new)) = document("v1.0-2026-08-04.xml") else {
        return;
    };
    let old_schema = pinned_closure(&old, "v1.0-2026-01-20.xml");
    let new_schema = pinned_closure(&new, "v1.0-2026-08-04.xml");
    let old_files = generate(&old_schema);
    let new_files = generate(&new_schema);
    let mut compared = 0;
    for (name, e) in &old_schema.enums {
        if new_schema.enums.get(name) == Some(e) {
            let stem = names::file_stem(&name.name);
            let path = match name.namespace.as_str() {
                "microsoft.graph.security" => format!("{stem}.rs"),
                _ => format!("graph/{stem}.rs"),
            };
            assert_eq!(old_files.get(&path), new_files.get(&path), "{path}");
            compared += 1;
        }
    }
    assert!(compared > 50, "only {compared} unchanged enums compared");
    // incident did not change between the two dates.
    assert_eq!(old_files.get("incident.rs"), new_files.get("incident.rs"));
}

/// Every real document reads, selects and generates.
#[test]
fn every_real_document_generates() {
    let Some(dir) = shared_path("graph-metadata", "every_real_document_generates") else {
        return;
    };
    let mut names: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "xml" || x == "csdl"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 7);
    for path in names {
        let text = fs::read_to_string(&path).unwrap();
        let schema = pinned_closure(&text, &path.display().to_string());
        let files = generate(&schema);
        assert!(
            files.len() > 100,
            "{}: {} files",
            path.display(),
            files.len()
        );
    }
}
