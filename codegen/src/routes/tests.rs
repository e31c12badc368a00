//! Tests of the URL tree and the route listing.

use super::*;
use crate::csdl;
use crate::ir::Schema;

const TINY: &str = r#"<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
<Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
  <EntityType Name="entity" Abstract="true">
    <Key><PropertyRef Name="id" /></Key>
    <Property Name="id" Type="Edm.String" Nullable="false" />
  </EntityType>
  <EntityType Name="security" BaseType="graph.entity">
    <NavigationProperty Name="incidents" Type="Collection(self.incident)" ContainsTarget="true" />
    <NavigationProperty Name="root" Type="self.caseRoot" ContainsTarget="true" />
    <NavigationProperty Name="owner" Type="graph.user" />
    <NavigationProperty Name="users" Type="Collection(graph.user)" />
  </EntityType>
  <EntityType Name="user" BaseType="graph.entity" />
  <EntityContainer Name="GraphService">
    <Singleton Name="security" Type="graph.security" />
  </EntityContainer>
</Schema>
<Schema Namespace="microsoft.graph.security" Alias="self" xmlns="http://docs.oasis-open.org/odata/ns/edm">
  <ComplexType Name="comment"><Property Name="text" Type="Edm.String" /></ComplexType>
  <EntityType Name="incident" BaseType="graph.entity">
    <Property Name="comments" Type="Collection(self.comment)" />
    <Property Name="tags" Type="Collection(Edm.String)" />
    <NavigationProperty Name="alerts" Type="Collection(self.alert)" ContainsTarget="true" />
  </EntityType>
  <EntityType Name="alert" BaseType="graph.entity">
    <NavigationProperty Name="incident" Type="self.incident" ContainsTarget="true" />
  </EntityType>
  <EntityType Name="caseRoot" BaseType="graph.entity" />
  <Action Name="merge" IsBound="true">
    <Parameter Name="b" Type="Collection(self.incident)" />
    <Parameter Name="ids" Type="Collection(Edm.String)" />
  </Action>
  <Action Name="touch" IsBound="true"><Parameter Name="b" Type="graph.entity" /></Action>
  <Function Name="stats" IsBound="true">
    <Parameter Name="b" Type="self.caseRoot" />
    <Parameter Name="from" Type="Edm.Date" />
    <Parameter Name="to" Type="Edm.Date" />
    <ReturnType Type="Edm.Int32" />
  </Function>
  <Function Name="summary" IsBound="true">
    <Parameter Name="b" Type="self.caseRoot" />
    <ReturnType Type="Edm.String" />
  </Function>
  <Function Name="unbound"><ReturnType Type="Edm.String" /></Function>
  <Annotations Target="graph.security/incidents">
    <Annotation Term="Org.OData.Capabilities.V1.InsertRestrictions">
      <Record><PropertyValue Property="Insertable" Bool="false" /></Record>
    </Annotation>
  </Annotations>
  <Annotations Target="self.incident">
    <Annotation Term="Org.OData.Capabilities.V1.DeleteRestrictions">
      <Record><PropertyValue Property="Deletable" Bool="false" /></Record>
    </Annotation>
    <Annotation Term="Org.OData.Capabilities.V1.CountRestrictions">
      <Record><PropertyValue Property="Countable" Bool="false" /></Record>
    </Annotation>
  </Annotations>
  <Annotations Target="graph.GraphService/security/incidents">
    <Annotation Term="Org.OData.Capabilities.V1.CountRestrictions">
      <Record><PropertyValue Property="Countable" Bool="true" /></Record>
    </Annotation>
  </Annotations>
  <Annotations Target="self.incident/comments">
    <Annotation Term="Org.OData.Capabilities.V1.InsertRestrictions">
      <Record><PropertyValue Property="Insertable" Bool="true" /></Record>
    </Annotation>
  </Annotations>
  <Annotations Target="self.caseRoot">
    <Annotation Term="Org.OData.Capabilities.V1.UpdateRestrictions">
      <Record><PropertyValue Property="Updatable" Bool="false" /></Record>
    </Annotation>
  </Annotations>
</Schema>
  </edmx:DataServices>
</edmx:Edmx>"#;

fn lines(schema: &Schema) -> Vec<String> {
    routes(schema).iter().map(ToString::to_string).collect()
}

#[test]
fn routes_of_a_tiny_schema() {
    let schema = csdl::read(TINY, "tiny.xml").unwrap_or_else(|e| panic!("{e}"));
    let ns = "microsoft.graph.security";
    let touch = "microsoft.graph.security.touch";
    let expected = [
        "GET /security".to_string(),
        "PATCH /security".to_string(),
        // Inherited binding: `touch` is bound to `entity`, a base type of every node.
        format!("POST /security/{touch}"),
        // Insertable=false on `security/incidents`; Countable=false on the entity type
        // is overruled by the more specific container path.
        "GET /security/incidents".to_string(),
        "GET /security/incidents/$count".to_string(),
        "GET /security/incidents/{}".to_string(),
        // Deletable=false on the entity type.
        "PATCH /security/incidents/{}".to_string(),
        "GET /security/incidents/{}/alerts".to_string(),
        "POST /security/incidents/{}/alerts".to_string(),
        "GET /security/incidents/{}/alerts/$count".to_string(),
        "DELETE /security/incidents/{}/alerts/{}".to_string(),
        "GET /security/incidents/{}/alerts/{}".to_string(),
        "PATCH /security/incidents/{}/alerts/{}".to_string(),
        // `incident` is already on the path: its node is listed, not walked again.
        "GET /security/incidents/{}/alerts/{}/incident".to_string(),
        "PATCH /security/incidents/{}/alerts/{}/incident".to_string(),
        format!("POST /security/incidents/{{}}/alerts/{{}}/incident/{touch}"),
        "POST /security/incidents/{}/alerts/{}/incident/comments".to_string(),
        format!("POST /security/incidents/{{}}/alerts/{{}}/{touch}"),
        // A structural collection with Insertable=true.
        "POST /security/incidents/{}/comments".to_string(),
        format!("POST /security/incidents/{{}}/{touch}"),
        format!("POST /security/incidents/{ns}.merge"),
        // Non-contained: read only, not walked.
        "GET /security/owner".to_string(),
        "DELETE /security/root".to_string(),
        "GET /security/root".to_string(),
        format!("POST /security/root/{touch}"),
        format!("GET /security/root/{ns}.stats(from={{}},to={{}})"),
        format!("GET /security/root/{ns}.summary"),
        "GET /security/users".to_string(),
        "GET /security/users/{}".to_string(),
    ];
    let mut expected: Vec<String> = expected.to_vec();
    let mut got = lines(&schema);
    // Compare as sets first for a readable failure, then the order.
    got.sort();
    expected.sort();
    assert_eq!(got, expected);
    let routes = routes(&schema);
    let mut sorted = routes.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(routes, sorted, "sorted by path, then method, no duplicates");
}

#[test]
fn tree_nodes_know_their_kind_type_and_operations() {
    let schema = csdl::read(TINY, "tiny.xml").unwrap_or_else(|e| panic!("{e}"));
    let roots = tree(&schema);
    assert_eq!(roots.len(), 1);
    let nodes: Vec<(&str, RouteNodeKind, String)> = roots[0]
        .walk()
        .into_iter()
        .map(|n| (n.path.as_str(), n.kind, n.ty.name.clone()))
        .collect();
    let expect = |path: &str, kind: RouteNodeKind, ty: &str| {
        assert!(
            nodes.contains(&(path, kind, ty.to_string())),
            "{path} {kind:?} {ty} not in {nodes:#?}"
        );
    };
    expect("/security", RouteNodeKind::Singleton, "security");
    expect("/security/incidents", RouteNodeKind::Collection, "incident");
    expect("/security/incidents/{}", RouteNodeKind::Item, "incident");
    expect(
        "/security/incidents/{}/alerts/{}/incident",
        RouteNodeKind::Single,
        "incident",
    );
    expect("/security/root", RouteNodeKind::Single, "caseRoot");
    expect("/security/owner", RouteNodeKind::ReferenceSingle, "user");
    expect(
        "/security/users",
        RouteNodeKind::ReferenceCollection,
        "user",
    );
    expect("/security/users/{}", RouteNodeKind::ReferenceItem, "user");
    // Parents come before children, and a collection's only child is its item.
    let incidents = &roots[0].children[0];
    assert_eq!(incidents.path, "/security/incidents");
    assert_eq!(incidents.children.len(), 1);
    let verbs: Vec<&Verb> = incidents.operations.iter().map(|o| &o.verb).collect();
    assert!(verbs.contains(&&Verb::List) && verbs.contains(&&Verb::Count));
    assert!(!verbs.contains(&&Verb::Create), "Insertable=false");
    assert!(
        verbs
            .iter()
            .any(|v| matches!(v, Verb::Action(i) if schema.operations[*i].name.name == "merge")),
        "the action bound to the collection"
    );
    let item = &incidents.children[0];
    assert!(
        item.operations.iter().any(
            |o| matches!(&o.verb, Verb::AddToProperty { property, .. } if property == "comments")
        ),
        "Insertable=true on a structural collection"
    );
}

#[test]
fn no_container_no_routes() {
    assert!(routes(&Schema::default()).is_empty());
}
