//! The maintainers' command line: `cargo xtask <command>`. Each command is file I/O
//! around one call of the generator's pipeline type, `msgraph_security_codegen::Pin`.
//!
//! - `cargo xtask import <PATH> [--date YYYY-MM-DD]`: pin a Graph `$metadata` document
//!   (only what the crate needs, facts only) into `metadata/`.
//! - `cargo xtask regen [--check]`: regenerate `generated/src/models` and
//!   `generated/src/requests` from `metadata/`,
//!   or only check that it is fresh.
//! - `cargo xtask routes`: every generated operation and its Rust call.
//! - `cargo xtask reference [DIR]`: derive `metadata/reference.json` (links to
//!   Microsoft's API reference) from the index of the reference in DIR.
//! - `cargo xtask diff <OLD> <NEW> [--json] [--fail-on breaking|additive]`: the schema
//!   drift report between two documents.
//! - `cargo xtask fuzz <TARGET> [--time <SECONDS>] [--merge]`: a fuzzing campaign (see `fuzz.rs`).

mod diff;
mod documents;
mod features;
mod fuzz;
mod import;
mod reference;
mod regen;
mod routes;
mod semver;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  import <PATH> [--date YYYY-MM-DD] [--permissions <PATH>]
                                      pin a Graph $metadata document into metadata/, with the
                                      permission facts of the Graph permissions reference
                                      (default ../shared/graph-permissions/permissions.json)
  regen [--check]                     regenerate generated/src/{models,requests} and the area features
                                      of generated/Cargo.toml from metadata/
                                      (--check: write nothing, fail if stale)
  routes [--sync]                     print every generated operation: METHOD /path, a tab,
                                      the Rust call (--sync: the syncable collections, their
                                      change-time property, ordered or not, and `sync()` call)
  reference [DIR]                     derive metadata/reference.json, the links to Microsoft's API
                                      reference, from its index in DIR (default ../shared/graph-docs);
                                      prints the matched and unmatched counts and why
  documents [DIR]                     import, generate and compile every CSDL document in DIR
                                      (default ../shared/graph-metadata), timing each
  features                            check that every area feature of the crate builds alone
  semver --baseline <PATH>            check with cargo-semver-checks that the crate is a minor
                                      release after the crate generated from PATH
  diff <OLD> <NEW> [--json] [--fail-on breaking|additive]
                                      schema drift report between two documents ($metadata
                                      or metadata/ pins): changes, their effect on the Rust
                                      API, the implied version bump (--json: for tools;
                                      --fail-on: exit status 3 on a breaking change, or on
                                      a breaking or additive one)
  fuzz <TARGET> [--time <SECONDS>] [--merge]
                                      run a cargo-fuzz campaign on fuzz/ (default 60 s; needs
                                      cargo-fuzz); --merge: minimise the new inputs into
                                      fuzz/corpus/<TARGET>; targets: csdl, csdl_structured,
                                      models, edm, origin, literal
";

/// The workspace root (the parent of this crate's directory).
fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<ExitCode, String> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_env();
    let command = match parser.next().map_err(|e| e.to_string())? {
        Some(Value(v)) => v.string().map_err(|e| e.to_string())?,
        Some(Long("help") | Short('h')) | None => {
            print!("{USAGE}");
            return Ok(ExitCode::SUCCESS);
        }
        Some(other) => return Err(format!("{}\n{USAGE}", other.unexpected())),
    };
    let root = workspace_root();
    match command.as_str() {
        "regen" => {
            let mut check = false;
            while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
                match arg {
                    Long("check") => check = true,
                    other => return Err(format!("{}\n{USAGE}", other.unexpected())),
                }
            }
            regen::run(&root, check)
        }
        "features" => {
            if let Some(arg) = parser.next().map_err(|e| e.to_string())? {
                return Err(format!("{}\n{USAGE}", arg.unexpected()));
            }
            features::run(&root)
        }
        "fuzz" => {
            let mut target: Option<String> = None;
            let mut seconds: u64 = 60;
            let mut merge = false;
            while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
                match arg {
                    Long("time") => {
                        let value = parser.value().map_err(|e| e.to_string())?;
                        seconds = value.parse().map_err(|e| format!("--time: {e}"))?;
                    }
                    Long("merge") => merge = true,
                    Value(v) if target.is_none() => {
                        target = Some(v.string().map_err(|e| e.to_string())?)
                    }
                    other => return Err(format!("{}\n{USAGE}", other.unexpected())),
                }
            }
            let target = target.ok_or_else(|| format!("fuzz: which target?\n{USAGE}"))?;
            fuzz::run(&root, &target, seconds, merge)
        }
        "reference" => {
            let mut dir: Option<PathBuf> = None;
            while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
                match arg {
                    Value(v) if dir.is_none() => dir = Some(PathBuf::from(v)),
                    other => return Err(format!("{}\n{USAGE}", other.unexpected())),
                }
            }
            reference::run(&root, dir.as_deref())
        }
        "routes" => {
            let mut sync = false;
            while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
                match arg {
                    Long("sync") => sync = true,
                    other => return Err(format!("{}\n{USAGE}", other.unexpected())),
                }
            }
            routes::run(&root, sync)
        }
        "import" => {
            let mut path: Option<PathBuf> = None;
            let mut date: Option<String> = None;
            let mut permissions: Option<PathBuf> = None;
            while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
                match arg {
                    Long("permissions") => {
                        permissions =
                            Some(PathBuf::from(parser.value().map_err(|e| e.to_string())?))
                    }
                    Long("date") => {
                        date = Some(
                            parser
                                .value()
                                .map_err(|e| e.to_string())?
                                .string()
                                .map_err(|e| e.to_string())?,
                        )
                    }
                    Value(v) if path.is_none() => path = Some(PathBuf::from(v)),
                    other => return Err(format!("{}\n{USAGE}", other.unexpected())),
                }
            }
            let path = path
                .ok_or_else(|| format!("import needs the path of a $metadata document\n{USAGE}"))?;
            import::run(&root, &path, date, permissions)
        }
        "semver" => {
            let mut baseline: Option<PathBuf> = None;
            while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
                match arg {
                    Long("baseline") => {
                        baseline = Some(PathBuf::from(parser.value().map_err(|e| e.to_string())?))
                    }
                    other => return Err(format!("{}\n{USAGE}", other.unexpected())),
                }
            }
            let baseline =
                baseline.ok_or_else(|| format!("semver needs --baseline <PATH>\n{USAGE}"))?;
            semver::run(&root, &baseline)
        }
        "documents" => {
            let mut dir: Option<PathBuf> = None;
            while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
                match arg {
                    Value(v) if dir.is_none() => dir = Some(PathBuf::from(v)),
                    other => return Err(format!("{}\n{USAGE}", other.unexpected())),
                }
            }
            let dir = dir.unwrap_or_else(|| root.join("..").join("shared").join("graph-metadata"));
            documents::run(&root, &dir)
        }
        "diff" => {
            let mut paths: Vec<PathBuf> = Vec::new();
            let mut json = false;
            let mut fail_on: Option<diff::FailOn> = None;
            while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
                match arg {
                    Long("json") => json = true,
                    Long("fail-on") => {
                        let value = parser
                            .value()
                            .map_err(|e| e.to_string())?
                            .string()
                            .map_err(|e| e.to_string())?;
                        fail_on = Some(diff::FailOn::parse(&value)?);
                    }
                    Value(v) if paths.len() < 2 => paths.push(PathBuf::from(v)),
                    other => return Err(format!("{}\n{USAGE}", other.unexpected())),
                }
            }
            let [old, new] = <[PathBuf; 2]>::try_from(paths)
                .map_err(|_| format!("diff needs two documents, <OLD> and <NEW>\n{USAGE}"))?;
            diff::run(&old, &new, json, fail_on)
        }
        other => Err(format!("unknown command `{other}`\n{USAGE}")),
    }
}
