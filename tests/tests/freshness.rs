//! The drift guard: what `cargo xtask regen` would write equals the committed
//! `generated/src/models`, and regenerating twice gives the same bytes.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use msgraph_security_codegen::files::{self, Mode};
use msgraph_security_codegen::{PINNED_SCHEMA, Settings, generate};
use msgraph_security_tests::workspace_root;

fn pinned() -> String {
    let path = workspace_root().join("metadata").join(PINNED_SCHEMA);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn generated_models_are_fresh() {
    let display = format!("metadata/{PINNED_SCHEMA}");
    let generated =
        generate(&pinned(), &display, &Settings::crate_default()).unwrap_or_else(|e| panic!("{e}"));
    let dir = workspace_root().join("generated/src/models");
    let report = files::sync_dir(&dir, &generated, Mode::Check).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        report.is_fresh(),
        "generated/src/models is stale:\n{}run `cargo xtask regen` and commit the result",
        report.stale_list()
    );
}

#[test]
fn regeneration_is_deterministic() {
    let display = format!("metadata/{PINNED_SCHEMA}");
    let text = pinned();
    let a = generate(&text, &display, &Settings::crate_default()).unwrap_or_else(|e| panic!("{e}"));
    let b = generate(&text, &display, &Settings::crate_default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(a, b);
}

#[test]
fn every_generated_file_is_marked() {
    let display = format!("metadata/{PINNED_SCHEMA}");
    let generated =
        generate(&pinned(), &display, &Settings::crate_default()).unwrap_or_else(|e| panic!("{e}"));
    for (path, text) in &generated {
        let first = text.lines().next().unwrap_or_default();
        assert!(
            first.contains("@generated"),
            "{path}: first line is {first:?}"
        );
    }
}
