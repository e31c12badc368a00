//! `cargo xtask import <PATH> [--date YYYY-MM-DD] [--permissions <PATH>]`: pin a Graph
//! `$metadata` document, and the permission facts of the Graph permissions reference
//! (`permissions.json`; by default `../shared/graph-permissions/permissions.json` when it
//! exists, else the pinned facts are kept), and the links to Microsoft's API reference
//! (`metadata/reference.json`, from `../shared/graph-docs` when it exists, else kept).
//!
//! When it replaces a pin, it prints the drift report from the old pin to the new one
//! and appends it to `metadata/CHANGELOG.md` (nothing when nothing changed). The pin,
//! its source note and the changelog are written together: an error writes none of them.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use msgraph_security_codegen::diff::{Effect, Report};
use msgraph_security_codegen::files::write_atomic;
use msgraph_security_codegen::ir::{NamespaceCounts, Schema};
use msgraph_security_codegen::{
    PINNED_PERMISSIONS, PINNED_SCHEMA, PINNED_SOURCE, Pin, permissions, reference,
};
use sha2::{Digest, Sha256};

/// The changelog of the pin, inside `metadata/`.
pub const CHANGELOG: &str = "CHANGELOG.md";

/// The start of a new `metadata/CHANGELOG.md`.
const CHANGELOG_HEADER: &str = "\
# Changelog of the pinned schema

One entry per `cargo xtask import` that changed `metadata/microsoft.graph.security.csdl.xml`,
oldest first: the source document, and the drift report from the previous pin to the new one
(what `cargo xtask diff <old pin> <new pin>` prints). Facts only; written by `cargo xtask import`.
";

/// Where the permissions reference is read from when `--permissions` is not given.
pub const DEFAULT_PERMISSIONS: &str = "../shared/graph-permissions/permissions.json";

pub fn run(
    root: &Path,
    source: &Path,
    date: Option<String>,
    permissions: Option<PathBuf>,
) -> Result<ExitCode, String> {
    let bytes =
        std::fs::read(source).map_err(|e| format!("{}: cannot read: {e}", source.display()))?;
    let text = String::from_utf8(bytes.clone())
        .map_err(|e| format!("{}: not UTF-8: {e}", source.display()))?;
    let file_name = source
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| source.display().to_string());
    let import = Pin::import(&text, &source.display().to_string()).map_err(|e| e.to_string())?;
    let pin = import.pin;
    let (pinned, canonical) = (pin.schema(), pin.canonical_text());

    let sha = hex(&Sha256::digest(&bytes));
    let date = date
        .or_else(|| date_in(&file_name))
        .unwrap_or_else(|| String::from("unknown"));
    let note = source_note(&file_name, &sha, &date, import.source, pinned)?;

    let metadata = root.join("metadata");
    let pin_path = metadata.join(PINNED_SCHEMA);
    let source_path = metadata.join(PINNED_SOURCE);
    let changelog_path = metadata.join(CHANGELOG);

    // The drift from the pin being replaced, if any.
    let drift = match read_optional(&pin_path)? {
        None => None,
        Some(old_text) => {
            let old = Pin::from_document(&old_text, &pin_path.display().to_string())
                .map_err(|e| e.to_string())?;
            Some(old.diff(&pin).map_err(|e| e.to_string())?)
        }
    };
    let mut writes: Vec<(PathBuf, String)> =
        vec![(pin_path, canonical), (source_path.clone(), note)];
    let permissions = permissions.or_else(|| {
        let default = root.join(DEFAULT_PERMISSIONS);
        default.exists().then_some(default)
    });
    let mut new_facts = None;
    let permissions_note = match &permissions {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
            let facts = permissions::extract(&text, &path.display().to_string())
                .map_err(|e| e.to_string())?;
            writes.push((metadata.join(PINNED_PERMISSIONS), facts.to_json_text()));
            new_facts = Some(facts.clone());
            format!(
                "permission facts from {}: {} permissions",
                path.display(),
                facts.permissions.len()
            )
        }
        None => format!(
            "no permissions reference ({DEFAULT_PERMISSIONS} is absent; --permissions <PATH>): metadata/{PINNED_PERMISSIONS} kept"
        ),
    };
    // The links to Microsoft's reference follow the new pin (the index's default
    // place only; `cargo xtask reference DIR` reads another).
    let docs = root.join(crate::reference::DEFAULT_DOCS);
    let reference_note = if docs.exists() {
        let facts = match new_facts {
            Some(facts) => facts,
            None => match read_optional(&metadata.join(PINNED_PERMISSIONS))? {
                Some(text) => {
                    permissions::PermissionFacts::from_json_text(&text, PINNED_PERMISSIONS)
                        .map_err(|e| e.to_string())?
                }
                None => permissions::PermissionFacts::default(),
            },
        };
        let derived = crate::reference::derive(
            &pin.clone().with_permissions(facts),
            &crate::reference::read_index(&docs)?,
        );
        writes.push((
            metadata.join(reference::PINNED_REFERENCE),
            derived.facts.to_json_text(),
        ));
        format!(
            "links to Microsoft's reference from {}:\n{}",
            docs.display(),
            derived.summary()
        )
    } else {
        format!(
            "no index of Microsoft's reference ({} is absent): metadata/{} kept\n",
            crate::reference::DEFAULT_DOCS,
            reference::PINNED_REFERENCE
        )
    };
    if let Some(report) = drift.as_ref().filter(|r| !r.is_empty()) {
        let replaced = previous_source(&source_path)?;
        let entry = changelog_entry(&file_name, &sha, &date, replaced.as_ref(), report);
        let mut changelog =
            read_optional(&changelog_path)?.unwrap_or_else(|| String::from(CHANGELOG_HEADER));
        changelog.push('\n');
        changelog.push_str(&entry);
        writes.push((changelog_path, changelog));
    }
    write_all(&writes)?;

    println!("pinned {file_name} ({date}, sha256 {sha})");
    for ns in namespaces(pinned) {
        println!("  {ns}: {}", pinned.counts(&ns));
    }
    match &drift {
        None => println!("no previous pin: no drift report"),
        Some(report) if report.is_empty() => println!("no drift: the pin is unchanged"),
        Some(report) => {
            println!("\ndrift from the previous pin:\n{}", report.to_text());
            println!("appended an entry to metadata/{CHANGELOG}");
        }
    }
    println!("{permissions_note}");
    print!("{reference_note}");
    println!("now run `cargo xtask regen`");
    Ok(ExitCode::SUCCESS)
}

/// A file's contents, or `None` when it does not exist.
fn read_optional(path: &Path) -> Result<Option<String>, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("{}: cannot read: {e}", path.display())),
    }
}

/// Writes every file (each through the atomic writer), or none: when one write
/// fails, the files already written get their previous contents back (or are removed
/// when they did not exist).
fn write_all(files: &[(PathBuf, String)]) -> Result<(), String> {
    let mut before = Vec::with_capacity(files.len());
    for (path, _) in files {
        before.push(read_optional(path)?);
    }
    for (i, (path, contents)) in files.iter().enumerate() {
        if let Err(e) = write_atomic(path, contents) {
            for ((written, _), previous) in files.iter().zip(&before).take(i) {
                let _ = match previous {
                    Some(text) => write_atomic(written, text).map_err(|e| e.to_string()),
                    None => std::fs::remove_file(written).map_err(|e| e.to_string()),
                };
            }
            return Err(format!("{e} (nothing written)"));
        }
    }
    Ok(())
}

/// The source of the pin being replaced, from its `source.json`: file, date, sha256.
struct Replaced {
    file: String,
    date: String,
    sha256: String,
}

/// The `source` of an existing source note; `None` when there is no note.
fn previous_source(path: &Path) -> Result<Option<Replaced>, String> {
    let Some(text) = read_optional(path)? else {
        return Ok(None);
    };
    let note: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: not JSON: {e}", path.display()))?;
    let field = |name: &str| {
        note["source"][name]
            .as_str()
            .map(String::from)
            .ok_or_else(|| format!("{}: no string `source.{name}`", path.display()))
    };
    Ok(Some(Replaced {
        file: field("file")?,
        date: field("date")?,
        sha256: field("sha256")?,
    }))
}

/// One `metadata/CHANGELOG.md` entry: facts only (no description text).
fn changelog_entry(
    file_name: &str,
    sha: &str,
    date: &str,
    replaced: Option<&Replaced>,
    report: &Report,
) -> String {
    let mut out = format!("## {date}: {file_name}\n\n");
    out.push_str(&format!(
        "- source: `{file_name}`, dated {date}, sha256 `{sha}`\n"
    ));
    if let Some(r) = replaced {
        out.push_str(&format!(
            "- replaces: `{}`, dated {}, sha256 `{}`\n",
            r.file, r.date, r.sha256
        ));
    }
    let effects: Vec<String> = Effect::ALL
        .iter()
        .map(|e| format!("{} {e}", report.count(*e)))
        .collect();
    out.push_str(&format!(
        "- changes: {} ({})\n",
        report.changes.len(),
        effects.join(", ")
    ));
    let kinds: Vec<String> = report
        .counts_by_kind()
        .into_iter()
        .map(|(k, n)| format!("{k} {n}"))
        .collect();
    out.push_str(&format!("- by kind: {}\n", kinds.join(", ")));
    out.push_str(&format!("- implied version bump: {}\n\n", report.bump()));
    out.push_str("```text\n");
    out.push_str(report.sections().trim_end());
    out.push_str("\n```\n");
    out
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
    source: NamespaceCounts,
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
            "security_namespace": counts_json(source),
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
        let err = run(&root, &bad, None, None).unwrap_err();
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
    fn permission_facts_are_pinned_with_the_schema() {
        let root = std::env::temp_dir().join(format!("xtask-import-perm-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).unwrap();
        let (old, _) = drift_fixture("types");
        let reference = root.join("permissions.json");
        std::fs::write(
            &reference,
            r#"{"permissions": {
                "SecurityIncident.Read.All": {
                    "schemes": {"DelegatedWork": {"adminDisplayName": "Read incidents", "privilegeLevel": 3},
                                "Application": {"adminDisplayName": "Read all incidents", "privilegeLevel": 3}},
                    "pathSets": [{"schemeKeys": ["DelegatedWork", "Application"], "methods": ["GET"],
                                  "paths": {"/security/incidents": "least=DelegatedWork,Application",
                                            "/users/{id}": "least=Application"}}]},
                "User.Read": {"schemes": {"DelegatedWork": {}},
                              "pathSets": [{"schemeKeys": ["DelegatedWork"], "methods": ["GET"], "paths": {"/me": ""}}]}
            }}"#,
        )
        .unwrap();
        run(&root, &old, None, Some(reference.clone())).unwrap();
        let pinned = read(&root.join("metadata").join(PINNED_PERMISSIONS));
        assert!(pinned.contains("SecurityIncident.Read.All"), "{pinned}");
        assert!(pinned.contains("/security/incidents"), "{pinned}");
        assert!(
            !pinned.contains("User.Read"),
            "only /security path sets are kept: {pinned}"
        );
        assert!(
            !pinned.contains("/users/"),
            "only /security paths are kept: {pinned}"
        );
        assert!(
            !pinned.contains("Read incidents"),
            "no display text: {pinned}"
        );

        // A bad reference writes nothing, not even the schema.
        std::fs::write(&reference, "{\"permissions\": [1, 2]}").unwrap();
        let before = read(&root.join("metadata").join(PINNED_SCHEMA));
        let (_, new) = drift_fixture("types");
        assert!(run(&root, &new, None, Some(reference)).is_err());
        assert_eq!(read(&root.join("metadata").join(PINNED_SCHEMA)), before);
        assert_eq!(
            read(&root.join("metadata").join(PINNED_PERMISSIONS)),
            pinned
        );
        let _ = std::fs::remove_dir_all(&root);
    }

    /// A drift fixture pair of the tests crate: (old, new).
    fn drift_fixture(case: &str) -> (PathBuf, PathBuf) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/fixtures/drift")
            .join(case);
        (dir.join("old.xml"), dir.join("new.xml"))
    }

    fn read(path: &Path) -> String {
        std::fs::read_to_string(path).unwrap()
    }

    #[test]
    fn replacing_the_pin_appends_the_drift_to_the_changelog() {
        let root = std::env::temp_dir().join(format!("xtask-import-drift-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let metadata = root.join("metadata");
        let (old, new) = drift_fixture("enums");
        let changelog = metadata.join(CHANGELOG);

        // The first pin: nothing to compare with, no changelog.
        run(&root, &old, Some(String::from("2026-01-01")), None).unwrap();
        assert!(!changelog.exists());

        // Replacing it: one entry, facts only.
        run(&root, &new, Some(String::from("2026-02-01")), None).unwrap();
        let text = read(&changelog);
        assert!(text.starts_with(CHANGELOG_HEADER), "{text}");
        let sha = |p: &Path| hex(&Sha256::digest(std::fs::read(p).unwrap()));
        let entry = format!(
            "## 2026-02-01: new.xml

- source: `new.xml`, dated 2026-02-01, sha256 `{}`
- replaces: `old.xml`, dated 2026-01-01, sha256 `{}`
- changes: 5 (1 breaking, 2 additive, 2 compatible)
- by kind: enum-member-added 1, enum-member-removed 1, enum-member-value-changed 1, flags-changed 1, underlying-type-changed 1
- implied version bump: major

```text
Breaking (1):
  enum-member-removed microsoft.graph.security.status/redirected: value 4

Additive (2):
  enum-member-added microsoft.graph.security.status/inProgress: value 8
  flags-changed microsoft.graph.security.permissions: not flags -> flags

Compatible (2):
  enum-member-value-changed microsoft.graph.security.status/resolved: 2 -> 3
  underlying-type-changed microsoft.graph.security.level: Edm.Int32 -> Edm.Int64
```
",
            sha(&new),
            sha(&old)
        );
        assert_eq!(text, format!("{CHANGELOG_HEADER}\n{entry}"));

        // The same document again: no drift, no entry.
        run(&root, &new, Some(String::from("2026-02-01")), None).unwrap();
        assert_eq!(read(&changelog), text);

        // A bad document: pin, note and changelog untouched.
        let pin = read(&metadata.join(PINNED_SCHEMA));
        let note = read(&metadata.join(PINNED_SOURCE));
        let bad = root.join("bad.xml");
        std::fs::write(&bad, read(&new).replace("Value=\"8\"", "Value=\"x\"")).unwrap();
        assert!(run(&root, &bad, None, None).is_err());
        assert_eq!(read(&metadata.join(PINNED_SCHEMA)), pin);
        assert_eq!(read(&metadata.join(PINNED_SOURCE)), note);
        assert_eq!(read(&changelog), text);

        // A failing changelog write (its temporary file's path is taken by a
        // directory): the pin and its note are rolled back.
        let tmp = metadata.join(format!(".{CHANGELOG}.tmp{}", std::process::id()));
        std::fs::create_dir_all(&tmp).unwrap();
        let err = run(&root, &old, None, None).unwrap_err();
        assert!(err.contains("nothing written"), "{err}");
        assert_eq!(read(&metadata.join(PINNED_SCHEMA)), pin);
        assert_eq!(read(&metadata.join(PINNED_SOURCE)), note);
        assert_eq!(read(&changelog), text);
        std::fs::remove_dir(&tmp).unwrap();

        // Going back: a second entry after the first.
        run(&root, &old, Some(String::from("2026-03-01")), None).unwrap();
        let again = read(&changelog);
        assert!(again.starts_with(&text), "{again}");
        assert!(
            again[text.len()..].starts_with("\n## 2026-03-01: old.xml\n"),
            "{again}"
        );
        assert!(again.contains("- implied version bump: major\n"));
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
