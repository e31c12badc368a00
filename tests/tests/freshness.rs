//! The drift guard: what `cargo xtask regen` would write equals the committed
//! `generated/src/models` and `generated/src/requests`, and regenerating twice
//! gives the same bytes.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use msgraph_security_codegen::files::{self, Mode};
use msgraph_security_tests::{generated_from_pin, workspace_root};

#[test]
fn generated_code_is_fresh() {
    let generated = generated_from_pin();
    for (dir, files_map) in [
        ("generated/src/models", &generated.models),
        ("generated/src/requests", &generated.requests),
    ] {
        let report = files::sync_dir(&workspace_root().join(dir), files_map, Mode::Check)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            report.is_fresh(),
            "{dir} is stale:\n{}run `cargo xtask regen` and commit the result",
            report.stale_list()
        );
    }
}

#[test]
fn generated_features_are_fresh() {
    let generated = generated_from_pin();
    let manifest = workspace_root().join("generated/Cargo.toml");
    let fresh = files::sync_manifest_block(&manifest, &generated.features, Mode::Check)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        fresh,
        "generated/Cargo.toml features are stale: run `cargo xtask regen` and commit the result"
    );
}

#[test]
fn regeneration_is_deterministic() {
    assert_eq!(generated_from_pin(), generated_from_pin());
}

#[test]
fn every_generated_file_is_marked() {
    let generated = generated_from_pin();
    for (path, text) in generated.models.iter().chain(&generated.requests) {
        let first = text.lines().next().unwrap_or_default();
        assert!(
            first.contains("@generated"),
            "{path}: first line is {first:?}"
        );
    }
}
