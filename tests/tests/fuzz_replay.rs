//! The fuzz targets' committed corpora and regression inputs, replayed through
//! the same check functions as plain tests (no fuzzing engine): every input
//! under `fuzz/corpus/<target>/` and `fuzz/regressions/<target>/`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use msgraph_security_tests::fuzz_checks::{TARGETS, corpus_dir, inputs_in, regressions_dir};

/// Runs `check` on every file of `dir`; the number of files.
fn replay(dir: &Path, check: fn(&[u8])) -> usize {
    let inputs = inputs_in(dir);
    for path in &inputs {
        let data = std::fs::read(path).unwrap();
        let outcome = std::panic::catch_unwind(|| check(&data));
        assert!(
            outcome.is_ok(),
            "{} breaks its target's invariants",
            path.display()
        );
    }
    inputs.len()
}

#[test]
fn committed_corpora_and_regressions_replay() {
    for (target, check) in TARGETS {
        let corpus = replay(&corpus_dir(target), *check);
        assert!(corpus > 0, "no committed corpus for fuzz target `{target}`");
        replay(&regressions_dir(target), *check);
    }
}

/// Every regression directory belongs to a target (a misnamed one would be
/// skipped silently).
#[test]
fn regression_directories_name_targets() {
    let dir = regressions_dir("");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        assert!(
            TARGETS.iter().any(|(target, _)| *target == name),
            "{}/{name} is not a fuzz target",
            dir.display()
        );
    }
}
