use std::path::{Path, PathBuf};

use super::*;
use crate::routes::{Route, routes};

/// A small permissions.json in the source's shape: security and other paths,
/// mixed path sets, display text to drop, every marker form, ties and gaps.
const FIXTURE: &str = r#"{
  "$schema": "https://example.invalid/schema.json",
  "permissions": {
    "SecurityIncident.Read.All": {
      "authorizationType": "oAuth2",
      "schemes": {
        "DelegatedWork": {
          "adminDisplayName": "Read incidents",
          "adminDescription": "Allows the app to read security incidents.",
          "userDisplayName": "Read security incidents",
          "userDescription": "Allows the app to read all security incidents.",
          "requiresAdminConsent": true,
          "privilegeLevel": 3
        },
        "Application": { "adminDisplayName": "Read all security incidents", "privilegeLevel": 3 }
      },
      "pathSets": [
        {
          "schemeKeys": ["DelegatedWork", "Application"],
          "methods": ["GET"],
          "paths": {
            "/security/incidents": "least=DelegatedWork,Application",
            "/security/incidents/{id}": "least=DelegatedWork,Application",
            "/users/{userId}/security/incidents": "least=DelegatedWork"
          }
        }
      ],
      "ownerInfo": { "ownerSecurityGroup": "IdentityReq" }
    },
    "SecurityIncident.ReadWrite.All": {
      "schemes": {
        "DelegatedWork": { "privilegeLevel": 3 },
        "Application": { "privilegeLevel": 3 }
      },
      "pathSets": [
        { "schemeKeys": ["DelegatedWork", "Application"], "methods": ["GET"],
          "paths": { "/security/incidents": "" } },
        { "schemeKeys": ["DelegatedWork", "Application"], "methods": ["get", "PATCH"],
          "paths": { "/Security/Incidents/{incidentId}": "least=DelegatedWork,Application" } }
      ]
    },
    "ThreatHunting.Read.All": {
      "schemes": { "DelegatedWork": { "privilegeLevel": 2 }, "Application": { "privilegeLevel": null } },
      "pathSets": [
        { "schemeKeys": ["DelegatedWork", "Application"], "methods": ["POST"],
          "paths": { "/security/runhuntingquery": "least=DelegatedWork,Application" } }
      ]
    },
    "eDiscovery.Read.All": {
      "schemes": { "DelegatedWork": { "privilegeLevel": 3 }, "Application": { "privilegeLevel": 3 } },
      "pathSets": [
        { "schemeKeys": ["DelegatedWork", "Application"], "methods": ["POST"],
          "paths": {
            "/compliance/ediscovery/cases/{id}/close": "least=DelegatedWork,Application",
            "/security/cases/ediscoverycases/{ediscoveryCaseId}/microsoft.graph.security.close": "least=DelegatedWork,Application"
          } },
        { "schemeKeys": ["DelegatedWork", "Application"], "methods": ["GET"],
          "paths": { "/security/cases/ediscoverycases/{id}/reviewsets/{id}/queries/{id}": "least=DelegatedWork,Application" } }
      ]
    },
    "eDiscovery.ReadWrite.All": {
      "schemes": { "DelegatedWork": { "privilegeLevel": 3 }, "Application": { "privilegeLevel": 3 } },
      "pathSets": [
        { "schemeKeys": ["DelegatedWork", "Application"], "methods": ["POST"],
          "paths": { "/security/cases/ediscoveryCases/{id}/close": "" } },
        { "schemeKeys": ["DelegatedWork", "Application"], "methods": ["GET"],
          "paths": { "/security/cases/ediscoveryCases/{id}/reviewSets/{id}/queries/{id}": "least=DelegatedWork,Application" } }
      ]
    },
    "SensitivityLabel.Evaluate": {
      "schemes": { "DelegatedWork": { "privilegeLevel": 1 } },
      "pathSets": [
        { "schemeKeys": ["DelegatedWork"], "methods": ["GET"],
          "paths": { "/security/dataSecurityAndGovernance/sensitivityLabels/computeInheritance(labelIds={labelIds},locale={locale})": "least=DelegatedWork" } }
      ]
    },
    "ThreatSubmission.ReadWrite.All": {
      "schemes": { "DelegatedWork": { "privilegeLevel": 3 } },
      "pathSets": [
        { "schemeKeys": ["DelegatedWork"], "methods": ["GET", "POST"],
          "paths": { "/security/threatSubmission/emailThreats": "" } }
      ]
    },
    "ThreatSubmission.Read.All": {
      "schemes": { "DelegatedWork": { "privilegeLevel": 2 } },
      "pathSets": [
        { "schemeKeys": ["DelegatedWork"], "methods": ["GET"],
          "paths": { "/security/threatSubmission/emailThreats": "" } }
      ]
    },
    "User.Read": {
      "schemes": { "DelegatedWork": { "privilegeLevel": 1 }, "DelegatedPersonal": { "privilegeLevel": 1 } },
      "pathSets": [
        { "schemeKeys": ["DelegatedWork", "DelegatedPersonal"], "methods": ["GET"],
          "paths": { "/me": "least=DelegatedWork,DelegatedPersonal", "/securityx/y": "",
                     "/agents?$filter=x eq '{id}'": "AlsoRequires=B,A" } }
      ]
    }
  }
}"#;

fn fixture() -> PermissionFacts {
    extract(FIXTURE, "fx.json").unwrap()
}

#[test]
fn keeps_only_security_facts() {
    let facts = fixture();
    let names: Vec<&str> = facts.permissions.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "SecurityIncident.Read.All",
            "SecurityIncident.ReadWrite.All",
            "SensitivityLabel.Evaluate",
            "ThreatHunting.Read.All",
            "ThreatSubmission.Read.All",
            "ThreatSubmission.ReadWrite.All",
            "eDiscovery.Read.All",
            "eDiscovery.ReadWrite.All",
        ]
    );
    let read = &facts.permissions["SecurityIncident.Read.All"];
    assert_eq!(read.schemes["DelegatedWork"].privilege_level, Some(3));
    assert_eq!(read.path_sets.len(), 1);
    let set = &read.path_sets[0];
    assert_eq!(set.methods, ["GET"]);
    assert_eq!(set.scheme_keys, ["Application", "DelegatedWork"]);
    let paths: Vec<&str> = set.paths.keys().map(String::as_str).collect();
    assert_eq!(paths, ["/security/incidents", "/security/incidents/{id}"]);
    assert_eq!(
        set.paths["/security/incidents"].least,
        ["Application", "DelegatedWork"]
    );
    // A path set with an /compliance path keeps only its /security path.
    let close = &facts.permissions["eDiscovery.Read.All"].path_sets;
    assert!(
        close
            .iter()
            .all(|s| s.paths.keys().all(|p| p.starts_with("/security/")))
    );
    // null privilege level, lower-case method.
    let hunting = &facts.permissions["ThreatHunting.Read.All"];
    assert_eq!(hunting.schemes["Application"].privilege_level, None);
    let rw = &facts.permissions["SecurityIncident.ReadWrite.All"];
    assert!(rw.path_sets.iter().any(|s| s.methods == ["GET", "PATCH"]));
    // No display text survives.
    let text = facts.to_json_text();
    for dropped in [
        "Read incidents",
        "adminDescription",
        "requiresAdminConsent",
        "ownerInfo",
        "/me",
        "/compliance",
    ] {
        assert!(!text.contains(dropped), "{dropped} kept:\n{text}");
    }
}

#[test]
fn canonical_text_round_trips_and_is_stable() {
    let facts = fixture();
    let text = facts.to_json_text();
    assert!(text.ends_with("}\n"));
    let again = PermissionFacts::from_json_text(&text, "permissions.json").unwrap();
    assert_eq!(again, facts);
    assert_eq!(again.to_json_text(), text);
    // Path-set order in the input does not matter.
    let mut shuffled = facts.clone();
    for p in shuffled.permissions.values_mut() {
        p.path_sets.reverse();
    }
    assert_eq!(shuffled.to_json_text(), text);
    // Markers: both forms, sorted.
    let marker = Marker::parse("AlsoRequires=B,A; least=DelegatedWork,Application").unwrap();
    assert_eq!(
        marker.to_text(),
        "least=Application,DelegatedWork;AlsoRequires=A,B"
    );
    assert_eq!(Marker::parse(&marker.to_text()).unwrap(), marker);
    assert_eq!(Marker::parse("").unwrap(), Marker::default());
}

#[test]
fn lookup_rules() {
    let facts = fixture();
    let list = facts.for_route("GET", "/security/incidents");
    assert_eq!(
        list.least_delegated.as_deref(),
        Some("SecurityIncident.Read.All")
    );
    assert_eq!(
        list.least_application.as_deref(),
        Some("SecurityIncident.Read.All")
    );
    assert_eq!(
        list.delegated,
        [
            "SecurityIncident.Read.All",
            "SecurityIncident.ReadWrite.All"
        ]
    );
    assert_eq!(list.application, list.delegated);
    // $count reads the list.
    assert_eq!(facts.for_route("get", "/security/incidents/$count"), list);
    // Keys, letter case.
    let update = facts.for_route("PATCH", "/security/incidents/{}");
    assert_eq!(
        update.least_delegated.as_deref(),
        Some("SecurityIncident.ReadWrite.All")
    );
    assert_eq!(update.application, ["SecurityIncident.ReadWrite.All"]);
    assert!(
        facts
            .for_route("DELETE", "/security/incidents/{}")
            .is_empty()
    );
    // Qualified route, unqualified data; data qualified with another namespace.
    let hunt = facts.for_route("POST", "/security/microsoft.graph.security.runHuntingQuery");
    assert_eq!(
        hunt.least_application.as_deref(),
        Some("ThreatHunting.Read.All")
    );
    let close = facts.for_route(
        "POST",
        "/security/cases/ediscoveryCases/{}/microsoft.graph.security.close",
    );
    assert_eq!(
        close.delegated,
        ["eDiscovery.Read.All", "eDiscovery.ReadWrite.All"]
    );
    // Function parameters: compared by name.
    let f = "/security/dataSecurityAndGovernance/sensitivityLabels/microsoft.graph.security.computeInheritance(labelIds={},locale={},contentFormats={})";
    let inherit = facts.for_route("GET", f);
    assert_eq!(
        inherit.least_delegated.as_deref(),
        Some("SensitivityLabel.Evaluate")
    );
    assert_eq!(inherit.least_application, None);
    assert_eq!(
        facts.for_route(
            "GET",
            "/security/dataSecurityAndGovernance/sensitivityLabels/computeInheritance()"
        ),
        inherit
    );
    // Two marked least: privilege level, then name.
    let query = facts.for_route(
        "GET",
        "/security/cases/ediscoveryCases/{}/reviewSets/{}/queries/{}",
    );
    assert_eq!(
        query.least_delegated.as_deref(),
        Some("eDiscovery.Read.All")
    );
    // None marked least: privilege level, then name.
    let threats = facts.for_route("GET", "/security/threatSubmission/emailThreats");
    assert_eq!(
        threats.delegated,
        [
            "ThreatSubmission.Read.All",
            "ThreatSubmission.ReadWrite.All"
        ]
    );
    assert_eq!(
        threats.least_delegated.as_deref(),
        Some("ThreatSubmission.Read.All")
    );
    let create = facts.for_route("POST", "/security/threatSubmission/emailThreats");
    assert_eq!(
        create.least_delegated.as_deref(),
        Some("ThreatSubmission.ReadWrite.All")
    );
    assert!(create.application.is_empty());
    // Outside /security nothing is kept.
    assert!(facts.for_route("GET", "/me").is_empty());
}

#[test]
fn normalisation() {
    for (path, expected) in [
        ("/security/incidents/{id}/", "/security/incidents/{}"),
        ("/Security/Incidents/{}", "/security/incidents/{}"),
        (
            "/security/a/microsoft.graph.security.f(p1={},p2={})",
            "/security/a/f",
        ),
        ("/security/a/f(p={p})", "/security/a/f"),
        ("/security/a/microsoft.graph.f()", "/security/a/f"),
        ("/security/incidents/$count", "/security/incidents/$count"),
        (
            "/security/requests{requestId}/getFinalReport",
            "/security/requests/{}/getfinalreport",
        ),
        ("/security/a/f(p={p},q='{q}')", "/security/a/f"),
        ("", "/"),
    ] {
        assert_eq!(normalise_path(path), expected, "{path}");
    }
}

#[test]
fn errors_name_the_file_and_the_problem() {
    let cases = [
        (
            "{\"permissions\": {",
            "fx.json:1:17: malformed JSON: EOF while parsing an object",
        ),
        (
            "[]",
            "fx.json:1:1: the document has no `permissions` object at its top level",
        ),
        (
            "{\"permissions\": {\n  \"A.B\": {\"pathSets\": [{\"methods\": [\"GET\"], \"schemeKeys\": [\"Application\"], \"paths\": {\"/security/x\": \"most=Application\"}}]}}}",
            "fx.json:2:3: permission `A.B`: pathSets[0]: path `/security/x`: marker `most=Application` is neither `least=...` nor `AlsoRequires=...`",
        ),
        (
            "{\"permissions\": {\"A.B\": {\"pathSets\": [{\"methods\": \"GET\", \"schemeKeys\": [], \"paths\": {\"/security\": \"\"}}]}}}",
            "fx.json:1:18: permission `A.B`: pathSets[0]: `methods` is missing or not an array",
        ),
        (
            "{\"permissions\": {\"A.B\": {\"schemes\": {\"Application\": {\"privilegeLevel\": \"high\"}}, \"pathSets\": [{\"methods\": [\"GET\"], \"schemeKeys\": [], \"paths\": {\"/security\": \"\"}}]}}}",
            "fx.json:1:18: permission `A.B`: scheme `Application`: `privilegeLevel` \"high\" is not a small whole number",
        ),
        (
            "{\"permissions\": {\"A.B\": {\"pathSets\": {}}}}",
            "fx.json:1:18: permission `A.B`: `pathSets` is not an array",
        ),
    ];
    for (text, expected) in cases {
        let err = extract(text, "fx.json").unwrap_err();
        assert_eq!(err.to_string(), expected);
    }
    // A bad marker outside /security is not our concern.
    let other = "{\"permissions\": {\"A.B\": {\"pathSets\": [{\"methods\": [\"GET\"], \"schemeKeys\": [], \"paths\": {\"/me\": \"most=x\"}}]}}}";
    assert_eq!(
        extract(other, "fx.json").unwrap(),
        PermissionFacts::default()
    );
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `../shared/graph-permissions/permissions.json`, when it exists (see
/// [`crate::shared::shared_path`]: a failure instead with `MSGRAPH_REQUIRE_SHARED=1`).
#[track_caller]
fn shared_permissions(skipped: &str) -> Option<String> {
    let path = crate::shared::shared_path("graph-permissions/permissions.json", skipped)?;
    Some(std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

fn pinned() -> PermissionFacts {
    let text = std::fs::read_to_string(workspace().join("metadata/permissions.json")).unwrap();
    PermissionFacts::from_json_text(&text, "permissions.json").unwrap()
}

#[test]
fn metadata_file_is_canonical_and_fresh() {
    let path = workspace().join("metadata/permissions.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let facts = PermissionFacts::from_json_text(&text, "permissions.json").unwrap();
    assert_eq!(
        facts.to_json_text(),
        text,
        "metadata/permissions.json is not canonical"
    );
    if let Some(source) = shared_permissions("the freshness check of metadata/permissions.json") {
        let fresh = extract(&source, "permissions.json").unwrap();
        assert!(
            fresh.to_json_text() == text,
            "metadata/permissions.json differs from ../shared/graph-permissions/permissions.json: re-import it"
        );
    }
}

#[test]
fn real_data_findings() {
    let facts = pinned();
    // DelegatedPersonal never grants a /security path (see the module docs).
    for (name, p) in &facts.permissions {
        for set in &p.path_sets {
            assert!(
                !set.scheme_keys.iter().any(|s| s == DELEGATED_PERSONAL),
                "{name}"
            );
            for marker in set.paths.values() {
                assert!(marker.also_requires.is_empty(), "{name}");
            }
        }
    }
    // The seed: reading incidents.
    let list = facts.for_route("GET", "/security/incidents");
    assert_eq!(
        list.least_delegated.as_deref(),
        Some("SecurityIncident.Read.All")
    );
    assert_eq!(
        list.least_application.as_deref(),
        Some("SecurityIncident.Read.All")
    );
    let hunt = facts.for_route("POST", "/security/microsoft.graph.security.runHuntingQuery");
    assert_eq!(
        hunt.least_application.as_deref(),
        Some("ThreatHunting.Read.All")
    );
}

/// The measurement for the closing note of issue 3: the permission facts of
/// `../shared/graph-permissions/permissions.json` against the routes of the v1.0 pin.
/// Run with `--nocapture` to see the numbers and lists.
#[test]
fn coverage_of_the_v1_routes() {
    let Some(source) = shared_permissions("coverage_of_the_v1_routes") else {
        return;
    };
    let facts = extract(&source, "permissions.json").unwrap();
    let csdl_text =
        std::fs::read_to_string(workspace().join("metadata").join(crate::PINNED_SCHEMA)).unwrap();
    let schema = crate::csdl::read(&csdl_text, crate::PINNED_SCHEMA).unwrap();
    let all: Vec<Route> = routes(&schema);
    let mut by_key: BTreeMap<(String, String), Vec<&Route>> = BTreeMap::new();
    for r in &all {
        by_key
            .entry((r.method.as_str().to_string(), normalise_path(&r.path)))
            .or_default()
            .push(r);
    }
    let collisions: Vec<_> = by_key.iter().filter(|(_, v)| v.len() > 1).collect();
    let route_paths: BTreeSet<&str> = by_key.keys().map(|(_, p)| p.as_str()).collect();
    let pairs = facts.method_paths();
    let matched: Vec<_> = pairs.iter().filter(|k| by_key.contains_key(*k)).collect();
    let unmatched: Vec<_> = pairs.iter().filter(|k| !by_key.contains_key(*k)).collect();
    // Why a pair is not a v1.0 route.
    let mut reasons: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (method, path) in &unmatched {
        let branch: String = path.split('/').take(3).collect::<Vec<_>>().join("/");
        let reason = if method == "PUT" {
            "PUT (no route uses PUT)"
        } else if route_paths.contains(path.as_str()) {
            "path is a v1.0 route, method is not"
        } else if !route_paths
            .iter()
            .any(|p| *p == branch || p.starts_with(&format!("{branch}/")))
        {
            "branch absent from v1.0 (beta-only)"
        } else {
            "path absent from the v1.0 tree"
        };
        reasons
            .entry(reason)
            .or_default()
            .push(format!("{method} {path}"));
    }
    let entries: Vec<(&Route, RoutePermissions)> = all
        .iter()
        .map(|r| (r, facts.for_route(r.method.as_str(), &r.path)))
        .collect();
    let without: Vec<&Route> = entries
        .iter()
        .filter(|(_, p)| p.is_empty())
        .map(|(r, _)| *r)
        .collect();
    let via_count = entries
        .iter()
        .filter(|(r, p)| {
            let key = (r.method.as_str().to_string(), normalise_path(&r.path));
            !p.is_empty() && r.path.ends_with("/$count") && !pairs.contains(&key)
        })
        .count();
    let both = entries
        .iter()
        .filter(|(_, p)| p.least_delegated.is_some() && p.least_application.is_some())
        .count();
    println!(
        "permission (method, path) pairs under /security: {}",
        pairs.len()
    );
    println!("  of which v1.0 routes (matched): {}", matched.len());
    println!("  not v1.0 routes: {}", unmatched.len());
    for (reason, list) in &reasons {
        println!("  - {reason}: {}", list.len());
        for line in list {
            println!("      {line}");
        }
    }
    println!("v1.0 routes: {}", all.len());
    println!(
        "  with a permission entry: {} ({via_count} of them `$count` via the list)",
        all.len() - without.len()
    );
    println!("  with both a least delegated and a least application permission: {both}");
    println!("  without a permission entry: {}", without.len());
    for r in &without {
        println!("      {r}");
    }
    println!(
        "route keys that collide after normalisation: {}",
        collisions.len()
    );
    assert!(collisions.is_empty(), "{collisions:?}");
    // Measured on the 2026-08-07 data and the v1.0 pin: 375 pairs, 189 matched.
    assert!(pairs.len() >= 340, "{}", pairs.len());
    assert!(matched.len() >= 170, "{}", matched.len());
}
