//! `cargo xtask documents [DIR]`: the proof on every real document.
//!
//! Every `*.xml` and `*.csdl` file in `DIR` (by default `../shared/graph-metadata`),
//! in name order, goes the way a pin goes: it is imported (read, security closure
//! selected, written canonically and read back to the same selection), its models are
//! generated with the crate's settings into a standalone copy of the crate at
//! `target/xtask/documents/<file stem>/`, and that copy is `cargo check`ed with
//! warnings as errors. All copies share one target directory,
//! `target/xtask/documents-target`, so the dependencies build once.
//!
//! One line per document (security-namespace counts, generated files, time to
//! import and generate, time to compile, OK or FAILED), then a total. The exit
//! status is success only when every document passes; the compiler's output of a
//! failure is printed after its line.

use std::ffi::OsStr;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use msgraph_security_codegen::files::standalone_crate;
use msgraph_security_codegen::ir::{NamespaceCounts, SECURITY_NAMESPACE};
use msgraph_security_codegen::{Generated, Pin, Settings};

/// Runs the proof on every document in `dir` for the workspace at `root`.
///
/// `Err` only for what stops the whole run (no such directory, no documents);
/// a document that fails is reported on its line and makes the exit status a failure.
pub fn run(root: &Path, dir: &Path) -> Result<ExitCode, String> {
    let paths = documents(dir)?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| String::from("cargo"));
    let crates = root.join("target").join("xtask").join("documents");
    let target = root.join("target").join("xtask").join("documents-target");
    let width = paths
        .iter()
        .map(|p| display_name(p).len())
        .max()
        .unwrap_or(0);
    println!(
        "{} document(s) in {}; crates in {}, target dir {}",
        paths.len(),
        dir.display(),
        crates.display(),
        target.display()
    );

    let started = Instant::now();
    let mut failed: Vec<String> = Vec::new();
    for path in &paths {
        let name = display_name(path);
        let crate_dir = crates.join(crate_dir_name(path));
        let generate_started = Instant::now();
        let generated = import_and_generate(path).and_then(|(counts, generated)| {
            standalone_crate(root, &crate_dir, &generated)
                .map_err(|e| e.to_string())
                .map(|()| (counts, generated.models.len() + generated.requests.len()))
        });
        let generate_time = generate_started.elapsed();
        let (counts, files) = match generated {
            Ok(ok) => ok,
            Err(message) => {
                println!(
                    "{name:<width$}  generate {}  FAILED",
                    Seconds(generate_time)
                );
                eprintln!("{name}: {message}");
                failed.push(name);
                continue;
            }
        };

        let compile_started = Instant::now();
        let output = Command::new(&cargo)
            .arg("check")
            .arg("--offline")
            .arg("--quiet")
            .arg("--manifest-path")
            .arg(crate_dir.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", &target)
            .env("RUSTFLAGS", "-D warnings")
            .output()
            .map_err(|e| format!("cannot run `{cargo} check`: {e}"))?;
        let compile_time = compile_started.elapsed();
        let verdict = if output.status.success() {
            "OK"
        } else {
            "FAILED"
        };
        println!(
            "{name:<width$}  {counts}  {files} files  generate {}  compile {}  {verdict}",
            Seconds(generate_time),
            Seconds(compile_time),
        );
        if !output.status.success() {
            eprintln!(
                "{name}: `cargo check` of {} failed:\n{}",
                crate_dir.display(),
                String::from_utf8_lossy(&output.stderr)
            );
            failed.push(name);
        }
    }

    let total = Seconds(started.elapsed());
    if failed.is_empty() {
        println!(
            "all {} documents generate and compile ({total})",
            paths.len()
        );
        Ok(ExitCode::SUCCESS)
    } else {
        println!(
            "{} of {} documents FAILED ({total}): {}",
            failed.len(),
            paths.len(),
            failed.join(", ")
        );
        Ok(ExitCode::FAILURE)
    }
}

/// The documents of `dir`: its `*.xml` and `*.csdl` files, sorted by name.
fn documents(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        format!(
            "{}: cannot list the documents directory: {e}",
            dir.display()
        )
    })?;
    let mut paths = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| format!("{}: cannot list: {e}", dir.display()))?;
        let path = entry.path();
        if is_document(&path) && path.is_file() {
            paths.push(path);
        }
    }
    paths.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    if paths.is_empty() {
        return Err(format!(
            "{}: no *.xml or *.csdl documents in it",
            dir.display()
        ));
    }
    Ok(paths)
}

/// A CSDL document by its extension: `.xml` or `.csdl`.
fn is_document(path: &Path) -> bool {
    path.extension()
        .is_some_and(|x| x == OsStr::new("xml") || x == OsStr::new("csdl"))
}

/// The document's file name, for the report.
fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// The directory (under `target/xtask/documents`) of the document's crate: its file stem.
fn crate_dir_name(path: &Path) -> String {
    path.file_stem()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| String::from("document"))
}

/// What `cargo xtask import` and then `cargo xtask regen` would do with the document:
/// the selection's security-namespace counts and the generated files (models and
/// request builders; permission facts do not change the code's shape and are left out).
fn import_and_generate(path: &Path) -> Result<(NamespaceCounts, Generated), String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    let pin = Pin::from_document(&text, &path.display().to_string()).map_err(|e| e.to_string())?;
    let generated = pin
        .generate(&Settings::crate_default())
        .map_err(|e| e.to_string())?;
    Ok((pin.schema().counts(SECURITY_NAMESPACE), generated))
}

/// A duration for the report: seconds with one decimal.
struct Seconds(Duration);

impl fmt::Display for Seconds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.1} s", self.0.as_secs_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_xml_and_csdl_files() {
        assert!(is_document(Path::new("dir/v1.0-2026-08-04.xml")));
        assert!(is_document(Path::new("beta-usnat-2026-08.csdl")));
        assert!(!is_document(Path::new("README.md")));
        assert!(!is_document(Path::new("xml")));
        assert_eq!(
            crate_dir_name(Path::new("dir/v1.0-2026-08-04.xml")),
            "v1.0-2026-08-04"
        );
        assert_eq!(
            display_name(Path::new("dir/beta-usnat-2026-08.csdl")),
            "beta-usnat-2026-08.csdl"
        );
    }

    #[test]
    fn durations_in_seconds() {
        assert_eq!(Seconds(Duration::from_millis(12_345)).to_string(), "12.3 s");
        assert_eq!(Seconds(Duration::ZERO).to_string(), "0.0 s");
    }

    #[test]
    fn a_missing_directory_is_named() {
        let dir = std::env::temp_dir().join(format!("xtask-documents-none-{}", std::process::id()));
        let err = documents(&dir).unwrap_err();
        assert!(err.contains(&dir.display().to_string()), "{err}");
    }

    #[test]
    fn a_directory_without_documents_is_an_error() {
        let dir =
            std::env::temp_dir().join(format!("xtask-documents-empty-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("README.md"), "not a document").unwrap();
        let err = documents(&dir).unwrap_err();
        assert!(err.contains("no *.xml or *.csdl"), "{err}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
