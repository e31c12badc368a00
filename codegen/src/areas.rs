//! Areas: the cargo features of the generated crate, one per branch of the URL tree.
//!
//! IR in, data out (no XML, no files, no tokens). [`compute`] splits the URL tree
//! below the `security` singleton ([`crate::routes::tree`]) into *areas* and tells,
//! for every type of the schema, which areas need it. The emitters turn that into
//! `#[cfg(feature = ..)]` attributes; this module only computes the sets.
//!
//! # Areas
//!
//! - One area per navigation property of the singleton's type (`microsoft.graph.security`):
//!   `incidents`, `alerts_v2`, `cases`, `threatIntelligence`, ... It owns every route
//!   whose first segment after `/security/` is that property (`/security/incidents/{}/alerts`).
//!   Its feature is the property's snake_case name ([`crate::names::snake`]:
//!   `alerts_v2`, `threat_intelligence`, `audit_log`).
//! - One area for the singleton itself: `GET`/`PATCH /security` and the actions and
//!   functions bound to the singleton's type (`POST /security/microsoft.graph.security.runHuntingQuery`).
//!   Its feature is derived from the singleton's name: `<singleton>_operations`
//!   (`security_operations`), "operations" being OData's word for actions and
//!   functions. Its [`Area::segment`] is empty.
//!
//! A feature name that two areas would share, or that the generated crate's
//! manifest already uses ([`RESERVED_FEATURES`]), is an error.
//!
//! # The type closure of an area
//!
//! Two facts per type and area ([`TypeAreas`]):
//!
//! - **needed**: the type's struct (or enum) is compiled;
//! - **poly**: the type is referred to *polymorphically* (it has derived types, and a
//!   property, parameter, return type or URL node of the area has it as its declared
//!   type), so its `Any<Type>` enum is compiled, and with it every derived type.
//!   `poly` is always a subset of `needed`.
//!
//! Seeds (each a *reference*, see below):
//!
//! - the entity type of every node of the branch (collections, items, single-valued
//!   containment, references);
//! - the parameter types (not the binding parameter: the node is its type) and the
//!   return type of every action and function at a node of the branch;
//! - the type of every insertable structural collection (`POST <entity>/<property>`).
//!
//! For the singleton's area, the singleton's type is needed (its `GET` returns it and
//! its `PATCH` takes it), but not by reference (nothing derives from it) and its own
//! navigation properties are **not** followed: each of them *is* an area. A struct field
//! of the singleton's type for navigation property `p` belongs to the area whose
//! [`Area::segment`] is `p` (the emitter gates that field by that area's feature too).
//! The same holds wherever else the singleton's type may be needed.
//!
//! Rules, applied until nothing changes:
//!
//! 1. A *reference* to a type `T` makes `T` needed; when `T` has derived types it also
//!    makes `T` poly and every descendant of `T` (direct or not) needed.
//! 2. A needed structured type `T` makes each of its base types needed, nearest first
//!    (the derived struct carries the inherited fields and its docs link the bases).
//!    This is *not* a reference: reaching a base only by inheritance does not make it
//!    poly and does not pull in its other descendants (else `microsoft.graph.entity`
//!    would put every entity type in every area).
//! 3. A needed structured type `T` references the type of each of its structural and
//!    navigation properties, inherited ones included (collection element types
//!    likewise), enum types as well as structured ones, in any namespace.
//!
//! So a base type can be needed in an area where its `Any<Base>` enum is not: the
//! emitter gates the struct by [`TypeAreas::needed`] and the enum (in the same file)
//! by [`TypeAreas::poly`]. The enum's variants are exactly the descendants that rule 1
//! made needed in the same areas.
//!
//! Every collection is a `BTreeMap`/`BTreeSet`: the result depends only on the schema.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::Error;
use crate::ir::{QualifiedName, Schema, TypeRef};
use crate::names;
use crate::routes::{self, Node, Route, Verb};
use crate::select::ROOT_SINGLETON;

/// Appended to the singleton's snake_case name to name the area of the singleton's own
/// routes and of the operations bound to it (`security_operations`).
pub const ROOT_AREA_SUFFIX: &str = "_operations";

/// Feature names the generated crate's manifest defines by hand: no area may take them.
pub const RESERVED_FEATURES: &[&str] = &["default", "client", "reqwest"];

/// The areas of a schema and the areas each type is needed in. See the [module
/// documentation](self).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Areas {
    /// The areas by feature name.
    pub areas: BTreeMap<String, Area>,
    /// Every entity, complex and enum type of the schema (those the models module
    /// emits), with the areas that need it; both sets are empty for a type no area needs.
    pub types: BTreeMap<QualifiedName, TypeAreas>,
    /// The singleton's path (`/security`); empty when the schema has no such singleton.
    pub root_path: String,
    /// The feature of the singleton's own area (`security_operations`); empty when
    /// the schema has no such singleton.
    pub root_feature: String,
}

/// One area: a cargo feature of the generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Area {
    /// The cargo feature name (`alerts_v2`, `threat_intelligence`, `security_operations`).
    pub feature: String,
    /// The navigation property of the singleton's type, as on the wire (`alerts_v2`,
    /// `threatIntelligence`); empty for the singleton's own area.
    pub segment: String,
    /// The routes of the area, sorted by path, then method.
    pub routes: Vec<Route>,
    /// The types the area's routes use directly (before the closure).
    pub seeds: BTreeSet<QualifiedName>,
    /// How many types the area needs.
    pub type_count: usize,
    /// How many of those no other area needs.
    pub exclusive_type_count: usize,
}

/// The areas that need one type.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TypeAreas {
    /// Areas that need the type's struct or enum.
    pub needed: BTreeSet<String>,
    /// Areas that refer to the type polymorphically: they need its `Any<Type>` enum
    /// (and all its descendants). A subset of [`needed`](Self::needed).
    pub poly: BTreeSet<String>,
}

impl Areas {
    /// The feature of the area a route belongs to: the area of the first segment
    /// after the singleton's path, or the singleton's own area for the singleton's path
    /// itself and for its operation segments (`/security/microsoft.graph.security.x`).
    /// `None` for a path outside the singleton, or whose first segment is no area.
    pub fn area_of_route(&self, route: &Route) -> Option<&str> {
        self.area_of_path(&route.path)
    }

    /// [`area_of_route`](Self::area_of_route) for a path template.
    pub fn area_of_path(&self, path: &str) -> Option<&str> {
        if self.root_path.is_empty() {
            return None;
        }
        let rest = path.strip_prefix(self.root_path.as_str())?;
        if rest.is_empty() {
            return self.root_area().map(|a| a.feature.as_str());
        }
        let rest = rest.strip_prefix('/')?;
        let segment = rest.split('/').next().unwrap_or(rest);
        if segment.contains('.') {
            // An operation bound to the singleton's type (qualified name).
            return self.root_area().map(|a| a.feature.as_str());
        }
        self.area_of_segment(segment).map(|a| a.feature.as_str())
    }

    /// The area of a navigation property of the singleton's type (wire name).
    pub fn area_of_segment(&self, segment: &str) -> Option<&Area> {
        if segment.is_empty() {
            return None;
        }
        self.areas.values().find(|a| a.segment == segment)
    }

    /// The singleton's own area.
    pub fn root_area(&self) -> Option<&Area> {
        self.areas.get(&self.root_feature)
    }

    /// The areas of a type (empty sets for a type no area needs or one not in the schema).
    pub fn of_type(&self, name: &QualifiedName) -> &TypeAreas {
        static NONE: TypeAreas = TypeAreas {
            needed: BTreeSet::new(),
            poly: BTreeSet::new(),
        };
        self.types.get(name).unwrap_or(&NONE)
    }
}

/// Computes the areas of a schema and the areas each type is needed in (see the
/// [module documentation](self)). A schema without the `security` singleton has no
/// areas. Fails when two areas would get the same feature name, or an area a reserved one.
pub fn compute(schema: &Schema) -> Result<Areas, Error> {
    let mut out = Areas {
        types: schema
            .structured
            .keys()
            .chain(schema.enums.keys())
            .map(|n| (n.clone(), TypeAreas::default()))
            .collect(),
        ..Areas::default()
    };
    let Some(singleton) = schema
        .container
        .singletons
        .iter()
        .find(|s| s.name == ROOT_SINGLETON)
    else {
        return Ok(out);
    };
    let Some(root) = routes::tree(schema)
        .into_iter()
        .find(|n| n.name == singleton.name)
    else {
        return Ok(out);
    };
    let family = Families::new(schema);

    // (feature, segment, nodes of the area, whether the node's children count).
    let root_feature = format!("{}{ROOT_AREA_SUFFIX}", names::snake(&singleton.name));
    let mut specs: Vec<(String, String, Vec<&Node>)> =
        vec![(root_feature.clone(), String::new(), vec![&root])];
    for child in &root.children {
        specs.push((names::snake(&child.name), child.name.clone(), child.walk()));
    }

    let mut claimed: BTreeMap<String, String> = BTreeMap::new();
    for (feature, segment, _) in &specs {
        let what = if segment.is_empty() {
            format!("the operations of the singleton `{}`", singleton.name)
        } else {
            format!("the navigation property `{segment}` of `{}`", root.ty)
        };
        if RESERVED_FEATURES.contains(&feature.as_str()) {
            return Err(Error::Other {
                message: format!(
                    "the area of {what} would be the feature `{feature}`, which the crate's manifest reserves"
                ),
            });
        }
        if let Some(other) = claimed.insert(feature.clone(), what.clone()) {
            return Err(Error::Other {
                message: format!("{other} and {what} both map to the feature `{feature}`"),
            });
        }
    }

    for (feature, segment, nodes) in specs {
        let mut closure = Closure::new(schema, &family, &root.ty);
        let mut area_routes: BTreeSet<Route> = BTreeSet::new();
        let mut seeds: BTreeSet<QualifiedName> = BTreeSet::new();
        let is_root = segment.is_empty();
        for node in nodes {
            seeds.insert(node.ty.clone());
            if is_root {
                closure.need(&node.ty);
            } else {
                closure.reference(&node.ty);
            }
            for op in &node.operations {
                area_routes.insert(op.route.clone());
                match &op.verb {
                    Verb::Action(i) | Verb::Function(i) => {
                        let Some(operation) = schema.operations.get(*i) else {
                            return Err(Error::Other {
                                message: format!("internal: no operation #{i} for `{}`", op.route),
                            });
                        };
                        let params = operation
                            .parameters
                            .iter()
                            .skip(usize::from(operation.is_bound))
                            .map(|p| &p.ty);
                        let ret = operation.return_type.iter().map(|r| &r.ty);
                        for name in params.chain(ret).filter_map(TypeRef::named) {
                            seeds.insert(name.clone());
                            closure.reference(name);
                        }
                    }
                    Verb::AddToProperty { ty, .. } => {
                        if let Some(name) = ty.named() {
                            seeds.insert(name.clone());
                            closure.reference(name);
                        }
                    }
                    Verb::Get
                    | Verb::List
                    | Verb::Count
                    | Verb::Create
                    | Verb::Update
                    | Verb::Delete => {}
                }
            }
        }
        closure.run();
        for name in &closure.needed {
            if let Some(t) = out.types.get_mut(name) {
                t.needed.insert(feature.clone());
            }
        }
        for name in &closure.poly {
            if let Some(t) = out.types.get_mut(name) {
                t.poly.insert(feature.clone());
            }
        }
        out.areas.insert(
            feature.clone(),
            Area {
                feature,
                segment,
                routes: area_routes.into_iter().collect(),
                seeds,
                type_count: closure.needed.len(),
                exclusive_type_count: 0,
            },
        );
    }
    for t in out.types.values() {
        if let [only] = t.needed.iter().collect::<Vec<_>>()[..] {
            if let Some(area) = out.areas.get_mut(only) {
                area.exclusive_type_count += 1;
            }
        }
    }
    out.root_path = root.path.clone();
    out.root_feature = root_feature;
    Ok(out)
}

/// Every structured type's descendants (direct or not), sorted by name; computed once.
struct Families {
    descendants: BTreeMap<QualifiedName, Vec<QualifiedName>>,
}

impl Families {
    fn new(schema: &Schema) -> Self {
        let mut descendants: BTreeMap<QualifiedName, Vec<QualifiedName>> = BTreeMap::new();
        for t in schema.structured.values() {
            for a in schema.ancestors(&t.name) {
                descendants
                    .entry(a.name.clone())
                    .or_default()
                    .push(t.name.clone());
            }
        }
        for list in descendants.values_mut() {
            list.sort();
        }
        Self { descendants }
    }

    fn of(&self, name: &QualifiedName) -> &[QualifiedName] {
        self.descendants.get(name).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// The closure of one area.
struct Closure<'a> {
    schema: &'a Schema,
    family: &'a Families,
    /// The singleton's type: its navigation properties are areas, not followed.
    root: &'a QualifiedName,
    needed: BTreeSet<QualifiedName>,
    poly: BTreeSet<QualifiedName>,
    work: Vec<QualifiedName>,
}

impl<'a> Closure<'a> {
    fn new(schema: &'a Schema, family: &'a Families, root: &'a QualifiedName) -> Self {
        Self {
            schema,
            family,
            root,
            needed: BTreeSet::new(),
            poly: BTreeSet::new(),
            work: Vec::new(),
        }
    }

    /// Rule 1: a declared type of a value that may hold any derived type.
    fn reference(&mut self, name: &QualifiedName) {
        self.need(name);
        let derived = self.family.of(name);
        if !derived.is_empty() && self.poly.insert(name.clone()) {
            for d in derived {
                self.need(d);
            }
        }
    }

    /// The type's struct or enum is compiled.
    fn need(&mut self, name: &QualifiedName) {
        if self.schema.get(name).is_some() && self.needed.insert(name.clone()) {
            self.work.push(name.clone());
        }
    }

    /// Rules 2 and 3 until nothing changes.
    fn run(&mut self) {
        let schema = self.schema;
        while let Some(name) = self.work.pop() {
            let Some(t) = schema.structured.get(&name) else {
                continue;
            };
            let mut chain = vec![t];
            chain.extend(schema.ancestors(&name));
            for base in &chain[1..] {
                self.need(&base.name);
            }
            for owner in chain {
                for p in &owner.properties {
                    if let Some(n) = p.ty.named() {
                        self.reference(n);
                    }
                }
                if owner.name == *self.root {
                    continue;
                }
                for n in &owner.navigation {
                    if let Some(target) = n.ty.named() {
                        self.reference(target);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
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
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
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
}
