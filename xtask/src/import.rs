//! `cargo xtask import <PATH> [--date YYYY-MM-DD]`: pin a Graph `$metadata` document.

use std::path::Path;
use std::process::ExitCode;

use msgraph_security_codegen::files::write_atomic;
use msgraph_security_codegen::ir::{NamespaceCounts, SECURITY_NAMESPACE, Schema};
use msgraph_security_codegen::{PINNED_SCHEMA, PINNED_SOURCE, csdl, select};
use sha2::{Digest, Sha256};

pub fn run(root: &Path, source: &Path, date: Option<String>) -> Result<ExitCode, String> {
    let bytes =
        std::fs::read(source).map_err(|e| format!("{}: cannot read: {e}", source.display()))?;
    let text = String::from_utf8(bytes.clone())
        .map_err(|e| format!("{}: not UTF-8: {e}", source.display()))?;
    let file_name = source
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| source.display().to_string());
    let full = csdl::read(&text, &source.display().to_string()).map_err(|e| e.to_string())?;
    let pinned = select::security_closure(&full);
    let canonical = csdl::write(&pinned);
    // The pin must read back to the same schema, or regen would see something else.
    let reread = csdl::read(&canonical, PINNED_SCHEMA)
        .map_err(|e| format!("internal: the canonical pin does not read back: {e}"))?;
    if reread != pinned {
        return Err(String::from(
            "internal: the canonical pin reads back differently",
        ));
    }

    let sha = hex(&Sha256::digest(&bytes));
    let date = date
        .or_else(|| date_in(&file_name))
        .unwrap_or_else(|| String::from("unknown"));
    let note = source_note(&file_name, &sha, &date, &full, &pinned)?;

    let metadata = root.join("metadata");
    write_atomic(&metadata.join(PINNED_SCHEMA), &canonical).map_err(|e| e.to_string())?;
    write_atomic(&metadata.join(PINNED_SOURCE), &note).map_err(|e| e.to_string())?;

    println!("pinned {file_name} ({date}, sha256 {sha})");
    for ns in namespaces(&pinned) {
        println!("  {ns}: {}", pinned.counts(&ns));
    }
    println!("now run `cargo xtask regen`");
    Ok(ExitCode::SUCCESS)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The first `YYYY-MM-DD` in a file name.
fn date_in(name: &str) -> Option<String> {
    let b = name.as_bytes();
    (0..b.len().saturating_sub(9)).find_map(|i| {
        let s = &b[i..i + 10];
        let shape = s.iter().enumerate().all(|(j, c)| match j {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        });
        shape.then(|| String::from_utf8_lossy(s).into_owned())
    })
}

fn namespaces(schema: &Schema) -> Vec<String> {
    let mut out: Vec<String> = schema
        .structured
        .keys()
        .chain(schema.enums.keys())
        .map(|n| n.namespace.clone())
        .chain(schema.operations.iter().map(|o| o.name.namespace.clone()))
        .collect();
    out.sort();
    out.dedup();
    out
}

fn counts_json(c: NamespaceCounts) -> serde_json::Value {
    serde_json::json!({
        "entity_types": c.entity_types,
        "complex_types": c.complex_types,
        "enum_types": c.enum_types,
        "flags_enum_types": c.flags_enum_types,
        "actions": c.actions,
        "functions": c.functions,
    })
}

fn source_note(
    file_name: &str,
    sha: &str,
    date: &str,
    full: &Schema,
    pinned: &Schema,
) -> Result<String, String> {
    let mut pinned_counts = serde_json::Map::new();
    for ns in namespaces(pinned) {
        pinned_counts.insert(ns.clone(), counts_json(pinned.counts(&ns)));
    }
    let note = serde_json::json!({
        "generated_by": "cargo xtask import",
        "source": {
            "file": file_name,
            "sha256": sha,
            "date": date,
            "security_namespace": counts_json(full.counts(SECURITY_NAMESPACE)),
        },
        "pinned_schema": PINNED_SCHEMA,
        "pinned_namespaces": pinned_counts,
    });
    let mut text = serde_json::to_string_pretty(&note).map_err(|e| e.to_string())?;
    text.push('\n');
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_document_writes_nothing() {
        let root = std::env::temp_dir().join(format!("xtask-import-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).unwrap();
        let bad = root.join("bad.xml");
        std::fs::write(
            &bad,
            "<edmx:Edmx xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\"><edmx:DataServices>\n\
             <Schema Namespace=\"microsoft.graph.security\" xmlns=\"http://docs.oasis-open.org/odata/ns/edm\">\n\
             <ComplexType Name=\"a\"><Property Name=\"p\" Type=\"microsoft.graph.security.missing\"/></ComplexType>\n\
             </Schema></edmx:DataServices></edmx:Edmx>",
        )
        .unwrap();
        let err = run(&root, &bad, None).unwrap_err();
        assert!(err.contains("bad.xml:3:"), "{err}");
        assert!(
            err.contains("unknown type `microsoft.graph.security.missing`"),
            "{err}"
        );
        assert!(
            !root.join("metadata").exists(),
            "import wrote into metadata/ despite the error"
        );
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn dates_in_file_names() {
        assert_eq!(
            date_in("v1.0-2026-08-04.xml").as_deref(),
            Some("2026-08-04")
        );
        assert_eq!(date_in("beta-usnat-2026-08.csdl"), None);
    }
}
