//! Tests of the area split and the type closures.

use super::*;
use crate::csdl;
use crate::ir::NavigationProperty;

const FIXTURE: &str = r#"<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
<Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
  <EntityType Name="entity" Abstract="true">
    <Key><PropertyRef Name="id" /></Key>
    <Property Name="id" Type="Edm.String" Nullable="false" />
  </EntityType>
  <EntityType Name="security">
    <NavigationProperty Name="incidents" Type="Collection(self.incident)" ContainsTarget="true" />
    <NavigationProperty Name="alerts_v2" Type="Collection(self.alert)" ContainsTarget="true" />
    <NavigationProperty Name="caseManagement" Type="self.casesRoot" ContainsTarget="true" />
  </EntityType>
  <ComplexType Name="identitySet">
    <Property Name="user" Type="graph.identity" />
  </ComplexType>
  <ComplexType Name="identity"><Property Name="displayName" Type="Edm.String" /></ComplexType>
  <ComplexType Name="userIdentity" BaseType="graph.identity" />
  <EntityType Name="user" BaseType="graph.entity" />
  <EntityContainer Name="GraphService">
    <Singleton Name="security" Type="graph.security" />
  </EntityContainer>
</Schema>
<Schema Namespace="microsoft.graph.security" Alias="self" xmlns="http://docs.oasis-open.org/odata/ns/edm">
  <ComplexType Name="alertComment">
    <Property Name="createdBy" Type="graph.identitySet" />
  </ComplexType>
  <EntityType Name="incident" BaseType="graph.entity">
    <Property Name="comments" Type="Collection(self.alertComment)" />
    <Property Name="status" Type="self.incidentStatus" />
  </EntityType>
  <EnumType Name="incidentStatus"><Member Name="active" /><Member Name="resolved" /></EnumType>
  <EntityType Name="alert" BaseType="graph.entity">
    <Property Name="comments" Type="Collection(self.alertComment)" />
    <Property Name="evidence" Type="Collection(self.alertEvidence)" />
  </EntityType>
  <ComplexType Name="alertEvidence" Abstract="true">
    <Property Name="createdDateTime" Type="Edm.DateTimeOffset" />
  </ComplexType>
  <ComplexType Name="ipEvidence" BaseType="self.alertEvidence">
    <Property Name="ipAddress" Type="Edm.String" />
  </ComplexType>
  <ComplexType Name="fileEvidence" BaseType="self.alertEvidence">
    <Property Name="fileDetails" Type="self.fileDetails" />
  </ComplexType>
  <ComplexType Name="processEvidence" BaseType="self.fileEvidence">
    <Property Name="processId" Type="Edm.Int64" />
  </ComplexType>
  <ComplexType Name="fileDetails">
    <Property Name="hash" Type="self.fileHash" />
  </ComplexType>
  <ComplexType Name="fileHash">
    <Property Name="algorithm" Type="self.fileHashAlgorithm" />
    <Property Name="value" Type="Edm.String" />
  </ComplexType>
  <EnumType Name="fileHashAlgorithm"><Member Name="md5" /><Member Name="sha256" /></EnumType>
  <EntityType Name="casesRoot" BaseType="graph.entity">
    <NavigationProperty Name="ediscoveryCases" Type="Collection(self.ediscoveryCase)" ContainsTarget="true" />
  </EntityType>
  <EntityType Name="case" BaseType="graph.entity" Abstract="true">
    <Property Name="displayName" Type="Edm.String" />
    <Property Name="status" Type="self.caseStatus" />
  </EntityType>
  <EnumType Name="caseStatus"><Member Name="active" /><Member Name="closed" /></EnumType>
  <EntityType Name="ediscoveryCase" BaseType="self.case">
    <Property Name="externalId" Type="Edm.String" />
  </EntityType>
  <EntityType Name="otherCase" BaseType="self.case">
    <Property Name="owner" Type="graph.identitySet" />
  </EntityType>
  <EntityType Name="caseHolder" BaseType="graph.entity">
    <Property Name="anyCase" Type="self.case" />
  </EntityType>
  <ComplexType Name="huntingOptions">
    <Property Name="mode" Type="self.huntingMode" />
  </ComplexType>
  <EnumType Name="huntingMode"><Member Name="fast" /><Member Name="thorough" /></EnumType>
  <ComplexType Name="huntingQueryResults">
    <Property Name="rows" Type="Collection(Edm.Untyped)" />
  </ComplexType>
  <ComplexType Name="resolveInput"><Property Name="reason" Type="Edm.String" /></ComplexType>
  <ComplexType Name="orphan"><Property Name="x" Type="Edm.String" /></ComplexType>
  <Action Name="runHuntingQuery" IsBound="true">
    <Parameter Name="bindingParameter" Type="graph.security" />
    <Parameter Name="query" Type="Edm.String" />
    <Parameter Name="options" Type="self.huntingOptions" />
    <ReturnType Type="self.huntingQueryResults" />
  </Action>
  <Action Name="resolve" IsBound="true">
    <Parameter Name="bindingParameter" Type="self.incident" />
    <Parameter Name="input" Type="self.resolveInput" />
  </Action>
</Schema>
  </edmx:DataServices>
</edmx:Edmx>"#;

fn schema() -> Schema {
    csdl::read(FIXTURE, "areas.xml").unwrap_or_else(|e| panic!("{e}"))
}

fn areas() -> Areas {
    compute(&schema()).unwrap_or_else(|e| panic!("{e}"))
}

fn qn(qualified: &str) -> QualifiedName {
    QualifiedName::parse(qualified).unwrap_or_else(|| panic!("bad name {qualified}"))
}

/// The areas needing `ty`, and those needing it polymorphically.
fn of(areas: &Areas, ty: &str) -> (Vec<String>, Vec<String>) {
    let t = areas.of_type(&qn(ty));
    (
        t.needed.iter().cloned().collect(),
        t.poly.iter().cloned().collect(),
    )
}

fn set(items: &[&str]) -> Vec<String> {
    items.iter().map(ToString::to_string).collect()
}

#[test]
fn one_area_per_navigation_property_of_the_root_and_one_for_its_operations() {
    let areas = areas();
    let features: Vec<&str> = areas.areas.keys().map(String::as_str).collect();
    assert_eq!(
        features,
        [
            "alerts_v2",
            "case_management",
            "incidents",
            "security_operations"
        ]
    );
    assert_eq!(areas.root_feature, "security_operations");
    assert_eq!(areas.root_path, "/security");
    let segments: Vec<(&str, &str)> = areas
        .areas
        .values()
        .map(|a| (a.feature.as_str(), a.segment.as_str()))
        .collect();
    assert_eq!(
        segments,
        [
            ("alerts_v2", "alerts_v2"),
            ("case_management", "caseManagement"),
            ("incidents", "incidents"),
            ("security_operations", ""),
        ]
    );
}

#[test]
fn every_route_belongs_to_exactly_its_area() {
    let schema = schema();
    let areas = compute(&schema).unwrap_or_else(|e| panic!("{e}"));
    let all = routes::routes(&schema);
    let mut listed: Vec<Route> = areas
        .areas
        .values()
        .flat_map(|a| a.routes.iter().cloned())
        .collect();
    listed.sort();
    assert_eq!(listed, all, "the areas partition the routes");
    for area in areas.areas.values() {
        for route in &area.routes {
            assert_eq!(
                areas.area_of_route(route),
                Some(area.feature.as_str()),
                "{route}"
            );
        }
    }
    let root: Vec<String> = areas.areas["security_operations"]
        .routes
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        root,
        [
            "GET /security",
            "PATCH /security",
            "POST /security/microsoft.graph.security.runHuntingQuery",
        ]
    );
    assert_eq!(
        areas.area_of_path("/security/incidents/{}/microsoft.graph.security.resolve"),
        Some("incidents")
    );
    assert_eq!(
        areas.area_of_path("/security/caseManagement/ediscoveryCases/$count"),
        Some("case_management")
    );
    assert_eq!(areas.area_of_path("/securityX"), None);
    assert_eq!(areas.area_of_path("/me"), None);
    assert_eq!(areas.area_of_path("/security/nothing"), None);
}

#[test]
fn two_areas_share_a_complex_type() {
    let areas = areas();
    for ty in [
        "microsoft.graph.security.alertComment",
        "microsoft.graph.identitySet",
    ] {
        assert_eq!(of(&areas, ty).0, set(&["alerts_v2", "incidents"]), "{ty}");
    }
    // identitySet.user is a polymorphic complex property: its family joins both.
    assert_eq!(
        of(&areas, "microsoft.graph.identity"),
        (
            set(&["alerts_v2", "incidents"]),
            set(&["alerts_v2", "incidents"])
        )
    );
    assert_eq!(
        of(&areas, "microsoft.graph.userIdentity").0,
        set(&["alerts_v2", "incidents"])
    );
    assert_eq!(
        of(&areas, "microsoft.graph.security.incidentStatus").0,
        set(&["incidents"])
    );
}

#[test]
fn a_polymorphic_property_pulls_in_every_descendant_and_what_they_refer_to() {
    let areas = areas();
    assert_eq!(
        of(&areas, "microsoft.graph.security.alertEvidence"),
        (set(&["alerts_v2"]), set(&["alerts_v2"]))
    );
    for ty in [
        "ipEvidence",
        "fileEvidence",
        "processEvidence",
        "fileDetails",
    ] {
        assert_eq!(
            of(&areas, &format!("microsoft.graph.security.{ty}")),
            (set(&["alerts_v2"]), set(&[])),
            "{ty}"
        );
    }
}

#[test]
fn an_enum_reached_through_nested_complex_types() {
    let areas = areas();
    // alert -> evidence (polymorphic) -> fileEvidence -> fileDetails -> fileHash -> enum.
    assert_eq!(
        of(&areas, "microsoft.graph.security.fileHashAlgorithm"),
        (set(&["alerts_v2"]), set(&[]))
    );
}

#[test]
fn a_base_reached_only_by_inheritance_does_not_pull_in_its_other_descendants() {
    let areas = areas();
    // ediscoveryCase needs its base `case` (fields, docs) but not `AnyCase`,
    // and not the sibling `otherCase`.
    assert_eq!(
        of(&areas, "microsoft.graph.security.case"),
        (set(&["case_management"]), set(&[]))
    );
    assert_eq!(
        of(&areas, "microsoft.graph.security.caseStatus").0,
        set(&["case_management"]),
        "inherited fields are followed"
    );
    assert_eq!(
        of(&areas, "microsoft.graph.security.otherCase"),
        (set(&[]), set(&[]))
    );
    assert_eq!(
        of(&areas, "microsoft.graph.security.caseHolder"),
        (set(&[]), set(&[]))
    );
    // Every entity derives from `entity`: needed as a base everywhere, never
    // polymorphically, so no area needs `user`.
    assert_eq!(
        of(&areas, "microsoft.graph.entity"),
        (
            set(&["alerts_v2", "case_management", "incidents"]),
            set(&[])
        )
    );
    assert_eq!(of(&areas, "microsoft.graph.user"), (set(&[]), set(&[])));
    // The collection node's type is a reference, but it has no derived types.
    assert_eq!(
        of(&areas, "microsoft.graph.security.ediscoveryCase"),
        (set(&["case_management"]), set(&[]))
    );
}

#[test]
fn root_bound_operations_seed_the_root_area() {
    let areas = areas();
    let root = &areas.areas["security_operations"];
    let seeds: Vec<String> = root.seeds.iter().map(ToString::to_string).collect();
    assert_eq!(
        seeds,
        [
            "microsoft.graph.security",
            "microsoft.graph.security.huntingOptions",
            "microsoft.graph.security.huntingQueryResults",
        ]
    );
    for ty in [
        "microsoft.graph.security.huntingOptions",
        "microsoft.graph.security.huntingMode",
        "microsoft.graph.security.huntingQueryResults",
        "microsoft.graph.security",
    ] {
        assert_eq!(
            of(&areas, ty),
            (set(&["security_operations"]), set(&[])),
            "{ty}"
        );
    }
    // The root's navigation properties are the other areas: not followed.
    assert_eq!(root.type_count, 4);
    assert_eq!(
        of(&areas, "microsoft.graph.security.incident").0,
        set(&["incidents"])
    );
    // An operation bound below the root belongs to its branch.
    assert_eq!(
        of(&areas, "microsoft.graph.security.resolveInput").0,
        set(&["incidents"])
    );
    assert_eq!(
        of(&areas, "microsoft.graph.security.orphan"),
        (set(&[]), set(&[]))
    );
}

#[test]
fn counts_and_every_type_listed() {
    let schema = schema();
    let areas = compute(&schema).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        areas.types.len(),
        schema.structured.len() + schema.enums.len()
    );
    for area in areas.areas.values() {
        let needed = areas
            .types
            .values()
            .filter(|t| t.needed.contains(&area.feature))
            .count();
        assert_eq!(area.type_count, needed, "{}", area.feature);
    }
    for (name, t) in &areas.types {
        assert!(t.poly.is_subset(&t.needed), "{name}");
    }
    let only_alerts: Vec<&str> = areas
        .types
        .iter()
        .filter(|(_, t)| t.needed.len() == 1 && t.needed.contains("alerts_v2"))
        .map(|(n, _)| n.name.as_str())
        .collect();
    assert_eq!(
        only_alerts,
        [
            "alert",
            "alertEvidence",
            "fileDetails",
            "fileEvidence",
            "fileHash",
            "fileHashAlgorithm",
            "ipEvidence",
            "processEvidence",
        ]
    );
    assert_eq!(areas.areas["alerts_v2"].exclusive_type_count, 8);
}

#[test]
fn clashing_feature_names_are_an_error() {
    let mut schema = schema();
    let root = qn("microsoft.graph.security");
    let Some(t) = schema.structured.get_mut(&root) else {
        panic!("no root type");
    };
    let mut clash: NavigationProperty = t.navigation[1].clone();
    clash.name = String::from("alertsV2");
    t.navigation.push(clash);
    let err = compute(&schema).err().map(|e| e.to_string());
    assert_eq!(
        err.as_deref(),
        Some(
            "the navigation property `alerts_v2` of `microsoft.graph.security` and the navigation property `alertsV2` of `microsoft.graph.security` both map to the feature `alerts_v2`"
        )
    );
}

#[test]
fn no_singleton_no_areas() {
    let areas = compute(&Schema::default()).unwrap_or_else(|e| panic!("{e}"));
    assert!(areas.areas.is_empty() && areas.types.is_empty());
    assert_eq!(areas.area_of_path("/security"), None);
}

/// The areas of the pinned schema, printed (`--nocapture`), with the magnitudes
/// the feature split was designed on.
#[test]
fn pinned_schema() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../metadata")
        .join(crate::PINNED_SCHEMA);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let schema = csdl::read(&text, crate::PINNED_SCHEMA).unwrap_or_else(|e| panic!("{e}"));
    let areas = compute(&schema).unwrap_or_else(|e| panic!("{e}"));
    println!(
        "{:<32} {:>6} {:>6} {:>6} {:>6}",
        "area", "routes", "types", "only", "poly"
    );
    for a in areas.areas.values() {
        let poly = areas
            .types
            .values()
            .filter(|t| t.poly.contains(&a.feature))
            .count();
        println!(
            "{:<32} {:>6} {:>6} {:>6} {:>6}",
            a.feature,
            a.routes.len(),
            a.type_count,
            a.exclusive_type_count,
            poly
        );
    }
    let union = |features: &[&str]| {
        areas
            .types
            .values()
            .filter(|t| features.iter().any(|f| t.needed.contains(*f)))
            .count()
    };
    let unused: Vec<String> = areas
        .types
        .iter()
        .filter(|(_, t)| t.needed.is_empty())
        .map(|(n, _)| n.to_string())
        .collect();
    let incidents_alerts = union(&["incidents", "alerts_v2"]);
    println!(
        "types: {}; incidents + alerts_v2: {incidents_alerts}; no area: {} {unused:?}",
        areas.types.len(),
        unused.len()
    );

    // Every route is in exactly one area, the one `area_of_route` names.
    let all = routes::routes(&schema);
    let mut listed: Vec<Route> = areas
        .areas
        .values()
        .flat_map(|a| a.routes.iter().cloned())
        .collect();
    listed.sort();
    assert_eq!(listed, all);
    for a in areas.areas.values() {
        assert!(
            a.routes
                .iter()
                .all(|r| areas.area_of_route(r) == Some(a.feature.as_str()))
        );
    }
    // A type is poly only where the emitter gives it an `Any` enum.
    let plan = crate::emit::Plan::new(&schema, crate::emit::Settings::crate_default())
        .unwrap_or_else(|e| panic!("{e}"));
    for (name, t) in &areas.types {
        if !t.poly.is_empty() {
            let info = plan.info(name).unwrap_or_else(|e| panic!("{e}"));
            assert!(
                info.poly_name.is_some(),
                "{name} is poly without an Any enum"
            );
        }
    }

    assert_eq!(areas.types.len(), 905);
    assert_eq!(areas.areas.len(), 17);
    assert!(
        (90..=100).contains(&incidents_alerts),
        "incidents + alerts_v2: {incidents_alerts}"
    );
    let audit = &areas.areas["audit_log"];
    assert!(
        (395..=405).contains(&audit.type_count),
        "{}",
        audit.type_count
    );
    assert!(
        audit.exclusive_type_count >= 390,
        "{}",
        audit.exclusive_type_count
    );
    let cases = areas.areas["cases"].type_count;
    assert!((78..=88).contains(&cases), "cases: {cases}");
}
