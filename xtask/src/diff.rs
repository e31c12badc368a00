//! `cargo xtask diff <OLD> <NEW> [--json] [--fail-on breaking|additive]`: the schema
//! drift report between two documents (full `$metadata` documents or `metadata/` pins).

use std::path::Path;
use std::process::ExitCode;

use msgraph_security_codegen::Pin;
use msgraph_security_codegen::diff::Bump;

/// The exit status when `--fail-on` trips (errors exit 1).
pub const FAIL_ON_STATUS: u8 = 3;

/// What `--fail-on` fails on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    /// Any breaking change (the report implies a major bump).
    Breaking,
    /// Any breaking or additive change (a major or minor bump).
    Additive,
}

impl FailOn {
    /// Parses the value of `--fail-on`.
    pub fn parse(value: &str) -> Result<Self, String> {
        match value {
            "breaking" => Ok(FailOn::Breaking),
            "additive" => Ok(FailOn::Additive),
            other => Err(format!(
                "--fail-on takes `breaking` or `additive`, not `{other}`"
            )),
        }
    }

    /// `breaking` or `additive`, as given on the command line.
    fn as_str(self) -> &'static str {
        match self {
            FailOn::Breaking => "breaking",
            FailOn::Additive => "additive",
        }
    }

    /// Whether a report with this bump fails.
    fn trips(self, bump: Bump) -> bool {
        match self {
            FailOn::Breaking => bump >= Bump::Major,
            FailOn::Additive => bump >= Bump::Minor,
        }
    }
}

/// A document's text.
fn read(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    String::from_utf8(bytes).map_err(|e| format!("{}: not UTF-8: {e}", path.display()))
}

/// Prints the drift report from `old` to `new` (text, or JSON with `json`); exit
/// status 0, or [`FAIL_ON_STATUS`] when `fail_on` trips. Errors (unreadable files,
/// reader errors located as `FILE:LINE:COLUMN: ...`) are returned for `main` to print
/// (exit status 1).
pub fn run(
    old: &Path,
    new: &Path,
    json: bool,
    fail_on: Option<FailOn>,
) -> Result<ExitCode, String> {
    let old_text = read(old)?;
    let new_text = read(new)?;
    let old_pin = Pin::from_document(&old_text, &old.display().to_string());
    let new_pin = Pin::from_document(&new_text, &new.display().to_string());
    let report = old_pin
        .and_then(|old| old.diff(&new_pin?))
        .map_err(|e| e.to_string())?;
    if json {
        let text = serde_json::to_string_pretty(&report.to_json()).map_err(|e| e.to_string())?;
        println!("{text}");
    } else {
        print!("{}", report.to_text());
    }
    if let Some(f) = fail_on.filter(|f| f.trips(report.bump())) {
        eprintln!(
            "drift: implied version bump is {} (--fail-on {})",
            report.bump(),
            f.as_str()
        );
        return Ok(ExitCode::from(FAIL_ON_STATUS));
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fail_on_thresholds() {
        assert!(FailOn::Breaking.trips(Bump::Major));
        assert!(!FailOn::Breaking.trips(Bump::Minor));
        assert!(FailOn::Additive.trips(Bump::Major));
        assert!(FailOn::Additive.trips(Bump::Minor));
        assert!(!FailOn::Additive.trips(Bump::Patch));
        assert!(!FailOn::Additive.trips(Bump::None));
        assert_eq!(FailOn::parse("additive"), Ok(FailOn::Additive));
        assert!(FailOn::parse("minor").is_err());
    }
}
