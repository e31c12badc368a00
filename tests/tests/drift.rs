//! The schema drift report (`cargo xtask diff`, `codegen::diff`).
//!
//! - Hand-written fixture pairs (`tests/fixtures/drift/<case>/{old,new}.xml`), together
//!   covering every [`ChangeKind`]: each case asserts its exact change lines, their
//!   effects and the implied bump, and snapshots its text report (one also its JSON).
//!   The `spelling` pair differs only in spelling and must report nothing.
//! - The real documents of `../shared/graph-metadata` (skipped with a note when
//!   `../shared` is absent, failing when `MSGRAPH_REQUIRE_SHARED=1`): one text
//!   snapshot per pair of dates, and the pin against the document it was imported from.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::fs;

use msgraph_security_codegen::diff::{Bump, ChangeKind, Report};
use msgraph_security_codegen::{Error, PINNED_SCHEMA, Pin};
use msgraph_security_tests::{fixtures_dir, shared_path, workspace_root};

/// The drift report between two documents, as `cargo xtask diff` makes it.
fn diff_documents(old: &str, old_name: &str, new: &str, new_name: &str) -> Result<Report, Error> {
    Pin::from_document(old, old_name)?.diff(&Pin::from_document(new, new_name)?)
}

// ---------------------------------------------------------------------------
// Fixture pairs.

fn case(name: &str) -> Report {
    let dir = fixtures_dir().join("drift").join(name);
    let old = fs::read_to_string(dir.join("old.xml")).unwrap();
    let new = fs::read_to_string(dir.join("new.xml")).unwrap();
    diff_documents(
        &old,
        &format!("drift/{name}/old.xml"),
        &new,
        &format!("drift/{name}/new.xml"),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

/// `<effect> <kind> <subject>: <detail>`, one per change, in report order.
fn lines(r: &Report) -> Vec<String> {
    r.changes
        .iter()
        .map(|c| format!("{} {}", c.effect, c.line()))
        .collect()
}

/// Asserts a case's change lines and bump, and snapshots its text report.
fn check(name: &str, expected: &[&str], bump: Bump) -> Report {
    let r = case(name);
    assert_eq!(lines(&r), expected, "case {name}");
    assert_eq!(r.bump(), bump, "case {name}");
    insta::assert_snapshot!(format!("fixture_{name}"), r.to_text());
    r
}

const CASES: [&str; 11] = [
    "deprecations",
    "types",
    "type_attributes",
    "properties",
    "navigation",
    "routes",
    "enums",
    "derived_types",
    "operations",
    "rust_api",
    "spelling",
];

#[test]
fn types_added_removed_and_changing_kind() {
    check(
        "types",
        &[
            "breaking type-removed microsoft.graph.security.retiredSetting: complex",
            "additive type-added microsoft.graph.security.verdict: enum",
            // The struct stays, and gains the inherited `id`.
            "additive type-kind-changed microsoft.graph.security.hostPort: complex -> entity",
            "additive base-type-changed microsoft.graph.security.hostPort: none -> microsoft.graph.entity",
        ],
        Bump::Major,
    );
}

#[test]
fn type_attributes() {
    check(
        "type_attributes",
        &[
            // geoLocation inherits `city`: a new field.
            "additive base-type-changed microsoft.graph.security.geoLocation: none -> microsoft.graph.security.location",
            "compatible abstract-changed microsoft.graph.security.evidence: false -> true",
            "compatible open-type-changed microsoft.graph.security.properties: false -> true",
            "compatible has-stream-changed microsoft.graph.security.file: false -> true",
        ],
        Bump::Minor,
    );
}

#[test]
fn properties() {
    check(
        "properties",
        &[
            "breaking property-removed microsoft.graph.security.incident/classification: Edm.String, nullable",
            "breaking property-type-changed microsoft.graph.security.incident/severity: Edm.String -> Edm.Int32 (Rust `severity: Nullable<String>` -> `severity: Nullable<i32>`)",
            "breaking property-nullability-changed microsoft.graph.security.incident/displayName: nullable -> not nullable (Rust `display_name: Nullable<String>` -> `display_name: Option<String>`)",
            "additive property-added microsoft.graph.security.incident/tenantId: Edm.String, nullable",
            // A collection is `Option<Vec<T>>` either way.
            "compatible property-nullability-changed microsoft.graph.security.incident/comments: nullable -> not nullable",
        ],
        Bump::Major,
    );
}

#[test]
fn navigation_properties() {
    check(
        "navigation",
        &[
            "breaking navigation-removed microsoft.graph.security.incident/owner: microsoft.graph.security.analyst, nullable",
            "breaking navigation-removed microsoft.graph.security.incident/tasks: Collection(microsoft.graph.security.task), nullable, contained",
            "breaking route-removed DELETE /security/incidents/{}/tasks/{}",
            "breaking route-removed GET /security/incidents/{}/owner",
            "breaking route-removed GET /security/incidents/{}/tasks",
            "breaking route-removed GET /security/incidents/{}/tasks/$count",
            "breaking route-removed GET /security/incidents/{}/tasks/{}",
            "breaking route-removed PATCH /security/incidents/{}/tasks/{}",
            "breaking route-removed POST /security/incidents/{}/tasks",
            "additive navigation-added microsoft.graph.security.incident/assignee: microsoft.graph.security.analyst, nullable",
            "additive route-added DELETE /security/incidents/{}/alerts/{}",
            "additive route-added GET /security/incidents/{}/alerts/$count",
            "additive route-added GET /security/incidents/{}/assignee",
            "additive route-added PATCH /security/incidents/{}/alerts/{}",
            "additive route-added POST /security/incidents/{}/alerts",
            // Containment is not in the models; its routes are above.
            "compatible navigation-changed microsoft.graph.security.incident/alerts: not contained -> contained",
        ],
        Bump::Major,
    );
}

#[test]
fn routes_below_the_root() {
    check(
        "routes",
        &[
            "breaking navigation-removed microsoft.graph.security/cases: Collection(microsoft.graph.security.case), nullable, contained",
            "breaking route-removed DELETE /security/cases/{}",
            "breaking route-removed GET /security/cases",
            "breaking route-removed GET /security/cases/$count",
            "breaking route-removed GET /security/cases/{}",
            "breaking route-removed PATCH /security/cases/{}",
            "breaking route-removed POST /security/cases",
            "additive navigation-added microsoft.graph.security/sensors: Collection(microsoft.graph.security.sensor), nullable, contained",
            "additive route-added DELETE /security/sensors/{}",
            "additive route-added GET /security/sensors",
            "additive route-added GET /security/sensors/$count",
            "additive route-added GET /security/sensors/{}",
            "additive route-added PATCH /security/sensors/{}",
            "additive route-added POST /security/sensors",
        ],
        Bump::Major,
    );
}

#[test]
fn enum_members_flags_and_underlying_type() {
    check(
        "enums",
        &[
            "breaking enum-member-removed microsoft.graph.security.status/redirected: value 4",
            "additive enum-member-added microsoft.graph.security.status/inProgress: value 8",
            "additive flags-changed microsoft.graph.security.permissions: not flags -> flags",
            "compatible enum-member-value-changed microsoft.graph.security.status/resolved: 2 -> 3",
            "compatible underlying-type-changed microsoft.graph.security.level: Edm.Int32 -> Edm.Int64",
        ],
        Bump::Major,
    );
}

#[test]
fn derived_types_of_a_polymorphic_family() {
    check(
        "derived_types",
        &[
            "breaking base-type-changed microsoft.graph.security.mailboxEvidence: microsoft.graph.security.alertEvidence -> none",
            "breaking derived-type-removed microsoft.graph.security.alertEvidence: microsoft.graph.security.mailboxEvidence",
            "additive base-type-changed microsoft.graph.security.ipEvidence: none -> microsoft.graph.security.alertEvidence",
            "additive derived-type-added microsoft.graph.security.alertEvidence: microsoft.graph.security.ipEvidence",
        ],
        Bump::Major,
    );
}

#[test]
fn actions_and_functions() {
    let r = check(
        "operations",
        &[
            "breaking action-removed microsoft.graph.security.purge(microsoft.graph.security.incident): ()",
            "breaking function-removed microsoft.graph.security.ping: () -> Edm.String",
            "breaking function-changed microsoft.graph.security.summary(Collection(microsoft.graph.security.incident)): parameter added `top: Edm.Int32 (not nullable)`",
            "breaking route-removed GET /security/incidents/microsoft.graph.security.summary",
            "breaking route-removed POST /security/incidents/{}/microsoft.graph.security.purge",
            "additive action-added microsoft.graph.security.reopen(microsoft.graph.security.incident): (reason: Edm.String)",
            "additive action-changed microsoft.graph.security.runHuntingQuery(microsoft.graph.security): parameter added `timespan: Edm.String (optional)`",
            "additive function-added microsoft.graph.security.count: () -> Edm.Int64",
            "additive route-added GET /security/incidents/microsoft.graph.security.summary(top={})",
            "additive route-added POST /security/incidents/{}/microsoft.graph.security.reopen",
        ],
        Bump::Major,
    );
    let json = serde_json::to_string_pretty(&r.to_json()).unwrap();
    insta::assert_snapshot!("fixture_operations_json", json);
}

/// Revision facts: a deprecation added inline on an enum member and in an
/// `Annotations` block, a removal date moved, one withdrawn, one unchanged (not
/// reported). Compatible, in a section of their own.
#[test]
fn deprecations() {
    let r = check(
        "deprecations",
        &[
            "compatible deprecation-added microsoft.graph.security.incident/title: deprecated (removal 2027-06-01)",
            "compatible deprecation-added microsoft.graph.security.severity/high: deprecated (removal 2027-06-01)",
            "compatible deprecation-changed microsoft.graph.security.incident/category: deprecated (removal 2027-01-01) -> deprecated (removal 2028-01-01)",
            "compatible deprecation-removed microsoft.graph.security.incident/oldThing: deprecated (no removal date)",
        ],
        Bump::Patch,
    );
    assert!(
        r.to_text().contains("\nDeprecations (compatible, 4):\n"),
        "{}",
        r.to_text()
    );
    assert!(!r.to_text().contains("\nCompatible ("), "{}", r.to_text());
}

#[test]
fn rust_api_change_no_schema_change_accounts_for() {
    check(
        "rust_api",
        &[
            "breaking rust-api-changed microsoft.graph.security.a/b: `b: Nullable<B>` -> `b: Nullable<Box<B>>`",
            "additive property-added microsoft.graph.security.b/a: microsoft.graph.security.a, nullable",
        ],
        Bump::Major,
    );
}

/// Aliases vs qualified names, element order, whitespace, a byte-order mark and
/// description annotations: no drift.
#[test]
fn spelling_is_not_drift() {
    let r = check("spelling", &[], Bump::None);
    assert!(r.is_empty());
    // The two documents really are spelled differently.
    let dir = fixtures_dir().join("drift").join("spelling");
    let old = fs::read_to_string(dir.join("old.xml")).unwrap();
    let new = fs::read_to_string(dir.join("new.xml")).unwrap();
    assert!(!old.contains("self.") && new.contains("Type=\"self."));
    assert!(new.contains("Org.OData.Core.V1.Description") && !old.contains("Description"));
}

#[test]
fn the_fixtures_cover_every_kind_and_effect() {
    let mut kinds = BTreeSet::new();
    let mut effects = BTreeSet::new();
    for name in CASES {
        for c in case(name).changes {
            kinds.insert(c.kind);
            effects.insert(c.effect);
        }
    }
    let missing: Vec<&str> = ChangeKind::ALL
        .iter()
        .filter(|k| !kinds.contains(*k))
        .map(|k| k.as_str())
        .collect();
    assert!(missing.is_empty(), "no fixture reports {missing:?}");
    assert_eq!(effects.len(), 3);
    // Every case directory is one of the cases above.
    let mut dirs: Vec<String> = fs::read_dir(fixtures_dir().join("drift"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    dirs.sort();
    let mut cases: Vec<String> = CASES.iter().map(ToString::to_string).collect();
    cases.sort();
    assert_eq!(dirs, cases);
}

#[test]
fn reader_errors_name_the_document() {
    let good = fs::read_to_string(fixtures_dir().join("drift/types/old.xml")).unwrap();
    let bad = good.replace("Type=\"Edm.Int32\"", "Type=\"self.missing\"");
    let err = diff_documents(&good, "old.xml", &bad, "new.xml").unwrap_err();
    let text = err.to_string();
    assert!(text.starts_with("new.xml:"), "{text}");
    assert!(text.contains("microsoft.graph.security.missing"), "{text}");
}

// ---------------------------------------------------------------------------
// Real documents.

/// A report above this size is snapshotted as its summary and the first lines of
/// each section.
const FULL_SNAPSHOT_LIMIT: usize = 1 << 20;
/// The lines kept per section of a shortened snapshot.
const SECTION_HEAD: usize = 40;

fn shared_document(name: &str) -> Option<String> {
    let path = shared_path(
        &format!("graph-metadata/{name}"),
        &format!("drift test on {name}"),
    )?;
    Some(fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

/// The text report, or, above [`FULL_SNAPSHOT_LIMIT`], its summary and the first
/// [`SECTION_HEAD`] lines of each section.
fn snapshot_text(r: &Report) -> String {
    let full = r.to_text();
    if full.len() <= FULL_SNAPSHOT_LIMIT {
        return full;
    }
    let mut out = format!(
        "{}\n\n(shortened: the full report has {} bytes; first {SECTION_HEAD} lines per section)\n\n",
        r.summary(),
        full.len()
    );
    let mut kept = 0;
    for line in r.sections().lines() {
        if !line.starts_with("  ") {
            kept = 0;
            out.push_str(line);
            out.push('\n');
        } else if kept < SECTION_HEAD {
            kept += 1;
            out.push_str(line);
            out.push('\n');
        }
    }
    out.push_str(&format!("Implied version bump: {}\n", r.bump()));
    out
}

fn real_pair(old: &str, new: &str, snapshot: &str) -> Option<Report> {
    let old_text = shared_document(old)?;
    let new_text = shared_document(new)?;
    let r = diff_documents(&old_text, old, &new_text, new).unwrap_or_else(|e| panic!("{e}"));
    insta::assert_snapshot!(snapshot, snapshot_text(&r));
    Some(r)
}

#[test]
fn real_2023_02_02_to_2025_02_13() {
    real_pair(
        "v1.0-2023-02-02.xml",
        "v1.0-2025-02-13.xml",
        "real_2023-02-02_to_2025-02-13",
    );
}

#[test]
fn real_2025_02_13_to_2026_01_20() {
    real_pair(
        "v1.0-2025-02-13.xml",
        "v1.0-2026-01-20.xml",
        "real_2025-02-13_to_2026-01-20",
    );
}

#[test]
fn real_2026_01_20_to_2026_08_04() {
    let Some(r) = real_pair(
        "v1.0-2026-01-20.xml",
        "v1.0-2026-08-04.xml",
        "real_2026-01-20_to_2026-08-04",
    ) else {
        return;
    };
    // The security namespace grew from 261 to 691 types, and nothing was removed:
    // schema growth is a minor release.
    let security_types_added = r
        .changes
        .iter()
        .filter(|c| c.kind == ChangeKind::TypeAdded)
        .filter(|c| c.subject.starts_with("microsoft.graph.security."))
        .count();
    assert_eq!(security_types_added, 691 - 261, "{}", r.summary());
    assert_eq!(r.bump(), Bump::Minor, "{}", r.summary());
}

#[test]
fn real_2026_08_04_to_prod_raw() {
    real_pair(
        "v1.0-2026-08-04.xml",
        "v1.0-prod-raw-2026-08.csdl",
        "real_2026-08-04_to_prod-raw-2026-08",
    );
}

#[test]
fn real_2026_08_04_to_usgov_fairfax() {
    real_pair(
        "v1.0-2026-08-04.xml",
        "v1.0-usgov-fairfax-2026-08.csdl",
        "real_2026-08-04_to_usgov-fairfax-2026-08",
    );
}

/// The pin was imported from the 2026-08-04 document: no drift between them, and
/// selecting the pin again changes nothing (so `cargo xtask diff` can take either).
#[test]
fn the_pin_is_the_2026_08_04_document() {
    let Some(document) = shared_document("v1.0-2026-08-04.xml") else {
        return;
    };
    let pin = fs::read_to_string(workspace_root().join("metadata").join(PINNED_SCHEMA)).unwrap();
    let pin_schema = Pin::read(&pin, PINNED_SCHEMA).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        Pin::from_document(&pin, PINNED_SCHEMA).unwrap_or_else(|e| panic!("{e}")) == pin_schema,
        "selecting the pin again changes it"
    );
    for (old, old_name, new, new_name) in [
        (&pin, PINNED_SCHEMA, &document, "v1.0-2026-08-04.xml"),
        (&document, "v1.0-2026-08-04.xml", &pin, PINNED_SCHEMA),
    ] {
        let r = diff_documents(old, old_name, new, new_name).unwrap_or_else(|e| panic!("{e}"));
        assert!(r.is_empty(), "{old_name} -> {new_name}:\n{}", r.to_text());
    }
}
