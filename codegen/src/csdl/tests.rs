use std::collections::BTreeMap;

use super::*;
use crate::error::Error;
use crate::ir::{
    Annotation, AnnotationValue, OperationKind, Primitive, QualifiedName, SECURITY_NAMESPACE,
    StructuredKind, TypeRef, TypeTarget,
};

const EDMX_OPEN: &str = r#"<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>"#;
const EDMX_CLOSE: &str = "  </edmx:DataServices>\n</edmx:Edmx>\n";

/// Wraps schema elements into a document.
fn doc(schemas: &str) -> String {
    format!("{EDMX_OPEN}\n{schemas}\n{EDMX_CLOSE}")
}

/// One schema of the security namespace (alias `self`), with `graph` too.
fn security(body: &str) -> String {
    doc(&format!(
        r#"    <Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="entity" Abstract="true">
        <Key>
          <PropertyRef Name="id" />
        </Key>
        <Property Name="id" Type="Edm.String" Nullable="false" />
      </EntityType>
    </Schema>
    <Schema Namespace="microsoft.graph.security" Alias="self" xmlns="http://docs.oasis-open.org/odata/ns/edm">
{body}
    </Schema>"#
    ))
}

fn q(namespace: &str, name: &str) -> QualifiedName {
    QualifiedName::new(namespace, name)
}

fn sec(name: &str) -> QualifiedName {
    q(SECURITY_NAMESPACE, name)
}

fn named(collection: bool, name: QualifiedName) -> TypeRef {
    TypeRef {
        collection,
        target: TypeTarget::Named(name),
    }
}

fn prim(collection: bool, p: Primitive) -> TypeRef {
    TypeRef {
        collection,
        target: TypeTarget::Primitive(p),
    }
}

fn read_ok(text: &str) -> Schema {
    read(text, "fx.xml").unwrap_or_else(|e| panic!("{e}"))
}

fn read_err(text: &str) -> String {
    match read(text, "fx.xml") {
        Ok(_) => panic!("the document must be rejected"),
        Err(e) => e.to_string(),
    }
}

const ALIASED: &str = r#"    <Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="entity" Abstract="true">
        <Key>
          <PropertyRef Name="id" />
        </Key>
        <Property Name="id" Type="Edm.String" Nullable="false" />
      </EntityType>
      <ComplexType Name="identitySet" OpenType="true" />
      <EntityType Name="security" BaseType="graph.entity">
        <NavigationProperty Name="incidents" Type="Collection(self.incident)" ContainsTarget="true" />
      </EntityType>
      <EntityContainer Name="GraphService">
        <Singleton Name="security" Type="graph.security" />
      </EntityContainer>
      <Annotations Target="self.incident/alerts">
        <Annotation Term="Org.OData.Capabilities.V1.ReadRestrictions">
          <Record>
            <PropertyValue Property="Readable" Bool="true" />
          </Record>
        </Annotation>
      </Annotations>
    </Schema>
    <Schema Namespace="microsoft.graph.security" Alias="self" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EnumType Name="incidentStatus">
        <Member Name="active" Value="1" />
      </EnumType>
      <EntityType Name="incident" BaseType="graph.entity">
        <Property Name="createdBy" Type="graph.identitySet" />
        <Property Name="status" Type="self.incidentStatus" Nullable="false" />
        <NavigationProperty Name="alerts" Type="Collection(self.alert)" />
      </EntityType>
      <EntityType Name="alert" BaseType="graph.entity" />
      <Action Name="assign" IsBound="true">
        <Parameter Name="bindingParameter" Type="Collection(self.incident)" />
        <Parameter Name="to" Type="graph.identitySet" />
        <ReturnType Type="self.incident" />
      </Action>
    </Schema>"#;

#[test]
fn alias_and_qualified_spellings_read_equal() {
    let aliased = doc(ALIASED);
    let mut qualified = ALIASED.to_owned();
    for (alias, namespace) in [
        ("graph.", "microsoft.graph."),
        ("self.", "microsoft.graph.security."),
    ] {
        for quote in ["\"", "("] {
            qualified =
                qualified.replace(&format!("{quote}{alias}"), &format!("{quote}{namespace}"));
        }
    }
    let qualified = doc(&qualified);
    assert!(qualified.contains(r#"Type="Collection(microsoft.graph.security.incident)""#));
    let a = read_ok(&aliased);
    let b = read_ok(&qualified);
    assert_eq!(a, b);
    let incident = &a.structured[&sec("incident")];
    assert_eq!(incident.base, Some(q("microsoft.graph", "entity")));
    assert_eq!(
        incident.properties[0].ty,
        named(false, q("microsoft.graph", "identitySet"))
    );
    assert_eq!(
        a.annotations.keys().collect::<Vec<_>>(),
        ["microsoft.graph.security.incident/alerts"]
    );
}

#[test]
fn an_alias_holds_across_the_whole_document() {
    // `self` is declared by the second schema but used by the first.
    let s = read_ok(&doc(ALIASED));
    let root = &s.structured[&q("microsoft.graph", "security")];
    assert_eq!(root.navigation[0].ty, named(true, sec("incident")));
}

#[test]
fn byte_order_mark_is_skipped() {
    let text = doc(ALIASED);
    assert_eq!(read_ok(&format!("\u{feff}{text}")), read_ok(&text));
    let err = read("\u{feff}<?xml version=\"1.0\"?>\n<a>", "bom.xml");
    assert!(matches!(err, Err(Error::Xml { .. })), "{err:?}");
}

#[test]
fn defaults() {
    let s = read_ok(&security(
        r#"      <EnumType Name="level">
        <Member Name="low" />
        <Member Name="mid" />
        <Member Name="high" Value="10" />
        <Member Name="higher" />
      </EnumType>
      <ComplexType Name="c">
        <Property Name="a" Type="Edm.String" />
        <Property Name="b" Type="Edm.Int32" Nullable="false" />
        <Property Name="g" Type="Edm.GeographyPoint" />
        <Property Name="u" Type="Collection(Edm.Untyped)" />
        <NavigationProperty Name="n" Type="self.e" />
      </ComplexType>
      <EntityType Name="e" BaseType="graph.entity" OpenType="true" HasStream="true" Abstract="1">
        <NavigationProperty Name="m" Type="Collection(self.e)" Nullable="false" ContainsTarget="true" />
      </EntityType>"#,
    ));
    let level = &s.enums[&sec("level")];
    assert_eq!(level.underlying, Primitive::Int32);
    assert!(!level.is_flags);
    let values: Vec<(&str, i64)> = level
        .members
        .iter()
        .map(|m| (m.name.as_str(), m.value))
        .collect();
    assert_eq!(
        values,
        [("low", 0), ("mid", 1), ("high", 10), ("higher", 11)]
    );

    let c = &s.structured[&sec("c")];
    assert_eq!(c.kind, StructuredKind::Complex);
    assert!(!c.is_abstract && !c.open && !c.has_stream && c.base.is_none() && c.key.is_empty());
    assert!(c.properties[0].nullable);
    assert!(!c.properties[1].nullable);
    assert_eq!(c.properties[2].ty, prim(false, Primitive::Untyped));
    assert_eq!(c.properties[3].ty, prim(true, Primitive::Untyped));
    assert!(c.navigation[0].nullable);
    assert!(!c.navigation[0].contains_target);

    let e = &s.structured[&sec("e")];
    assert!(e.is_abstract && e.open && e.has_stream);
    assert!(!e.navigation[0].nullable && e.navigation[0].contains_target);
    assert_eq!(s.key_of(&sec("e")), ["id"]);
}

#[test]
fn flags_enum() {
    let s = read_ok(&security(
        r#"      <EnumType Name="perm" IsFlags="true" UnderlyingType="Edm.Int64">
        <Member Name="none" Value="0" />
        <Member Name="read" Value="1" />
        <Member Name="write" Value="2" />
        <Member Name="all" Value="3" />
      </EnumType>"#,
    ));
    let e = &s.enums[&sec("perm")];
    assert!(e.is_flags);
    assert_eq!(e.underlying, Primitive::Int64);
    assert_eq!(e.members.len(), 4);
    assert_eq!(s.counts(SECURITY_NAMESPACE).flags_enum_types, 1);
    assert_eq!(
        read_err(&security(
            r#"      <EnumType Name="bad" UnderlyingType="Edm.String" />"#
        )),
        "fx.xml:12:7: UnderlyingType `Edm.String` of enum `microsoft.graph.security.bad` is not an integer type"
    );
}

const OPERATIONS: &str = r#"    <edmx:Reference Uri="https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Core.V1.xml">
      <edmx:Include Namespace="Org.OData.Core.V1" Alias="Core" />
    </edmx:Reference>"#;

#[test]
fn operations_bound_and_unbound() {
    let text = format!(
        "{EDMX_OPEN}\n{OPERATIONS}\n{}",
        security(
            r#"      <EntityType Name="sensor" BaseType="graph.entity" />
      <ComplexType Name="results" />
      <Function Name="ping">
        <Parameter Name="count" Type="Edm.Int32" Nullable="false" />
        <ReturnType Type="Collection(Edm.String)" />
      </Function>
      <Action Name="run" IsBound="true">
        <Parameter Name="bindingParameter" Type="self.sensor" />
        <Parameter Name="query" Type="Edm.String" />
        <Parameter Name="timespan" Type="Edm.String">
          <Annotation Term="Core.OptionalParameter" />
        </Parameter>
        <Parameter Name="other" Type="Edm.String">
          <Annotation Term="Core.Description" String="not optional" />
        </Parameter>
        <ReturnType Type="self.results" Nullable="false" />
      </Action>
      <Action Name="run" IsBound="true">
        <Parameter Name="bindingParameter" Type="Collection(self.sensor)" />
      </Action>
      <Function Name="key" IsBound="true" IsComposable="true" EntitySetPath="bindingParameter">
        <Parameter Name="bindingParameter" Type="Collection(self.sensor)" />
        <ReturnType Type="Edm.String" />
      </Function>"#
        )
        .replacen(EDMX_OPEN, "", 1)
    );
    let s = read_ok(&text);
    let names: Vec<String> = s.operations.iter().map(operation_target).collect();
    assert_eq!(
        names,
        [
            "microsoft.graph.security.key(Collection(microsoft.graph.security.sensor))",
            "microsoft.graph.security.ping(Edm.Int32)",
            "microsoft.graph.security.run(microsoft.graph.security.sensor, Edm.String, Edm.String, Edm.String)",
            "microsoft.graph.security.run(Collection(microsoft.graph.security.sensor))",
        ]
    );
    let key = &s.operations[0];
    assert_eq!(key.kind, OperationKind::Function);
    assert!(key.is_bound && key.is_composable);
    assert_eq!(key.entity_set_path.as_deref(), Some("bindingParameter"));
    let ping = &s.operations[1];
    assert!(!ping.is_bound && !ping.is_composable && ping.binding().is_none());
    assert!(!ping.parameters[0].nullable);
    let ret = ping.return_type.as_ref().map(|r| (&r.ty, r.nullable));
    assert_eq!(ret, Some((&prim(true, Primitive::String), true)));
    let run = &s.operations[2];
    assert_eq!(run.kind, OperationKind::Action);
    assert_eq!(
        run.binding().map(|b| &b.ty),
        Some(&named(false, sec("sensor")))
    );
    let optional: Vec<bool> = run.parameters.iter().map(|p| p.optional).collect();
    assert_eq!(optional, [false, false, true, false]);
    assert_eq!(run.return_type.as_ref().map(|r| r.nullable), Some(false));
    assert!(s.operations[3].return_type.is_none());
    assert_eq!(read(&write(&s), "x").ok(), Some(s));
}

#[test]
fn container() {
    let s = read_ok(&security(
        r#"      <EntityType Name="a" BaseType="graph.entity" />
      <EntityContainer Name="Box">
        <Singleton Name="zeta" Type="self.a" />
        <EntitySet Name="as" EntityType="self.a">
          <NavigationPropertyBinding Path="x" Target="y" />
        </EntitySet>
        <Singleton Name="alpha" Type="microsoft.graph.security.a" />
      </EntityContainer>"#,
    ));
    let c = &s.container;
    assert_eq!(c.name, Some(sec("Box")));
    let singletons: Vec<(&str, &QualifiedName)> = c
        .singletons
        .iter()
        .map(|x| (x.name.as_str(), &x.ty))
        .collect();
    assert_eq!(singletons, [("alpha", &sec("a")), ("zeta", &sec("a"))]);
    assert_eq!(c.entity_sets.len(), 1);
    assert_eq!(c.entity_sets[0].ty, sec("a"));
}

const ANNOTATED: &str = r#"    <edmx:Reference Uri="https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Capabilities.V1.xml">
      <edmx:Include Namespace="Org.OData.Capabilities.V1" Alias="Capabilities" />
    </edmx:Reference>
  <edmx:DataServices>
    <Schema Namespace="microsoft.graph.security" Alias="self" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="alert">
        <Annotation Term="Org.OData.Core.V1.Description" String="An alert." />
        <Annotation Term="Capabilities.TopSupported" Bool="true" />
        <Key>
          <PropertyRef Name="id" />
        </Key>
        <Property Name="id" Type="Edm.String" Nullable="false">
          <Annotation Term="Org.OData.Capabilities.V1.Tagged" />
        </Property>
        <NavigationProperty Name="comments" Type="Collection(self.alert)" ContainsTarget="true">
          <Annotation Term="Org.OData.Capabilities.V1.NavigationRestrictions">
            <Record>
              <PropertyValue Property="Referenceable" Bool="true" />
              <PropertyValue Property="Description" String="prose, dropped" />
              <PropertyValue Property="Navigability">
                <EnumMember>Org.OData.Capabilities.V1.NavigationType/None</EnumMember>
              </PropertyValue>
            </Record>
          </Annotation>
        </NavigationProperty>
      </EntityType>
      <EntityContainer Name="Box">
        <EntitySet Name="alerts" EntityType="self.alert">
          <Annotation Term="Org.OData.Capabilities.V1.CountRestrictions">
            <Record>
              <PropertyValue Property="Countable" Bool="false" />
            </Record>
          </Annotation>
        </EntitySet>
      </EntityContainer>
      <Annotations Target="self.alert/comments">
        <Annotation Term="Org.OData.Core.V1.LongDescription" String="dropped" />
        <Annotation Term="Capabilities.InsertRestrictions">
          <Record>
            <PropertyValue Property="Insertable" Bool="false" />
          </Record>
        </Annotation>
        <Annotation Term="Capabilities.ReadRestrictions">
          <Record>
            <PropertyValue Property="CustomHeaders">
              <Collection>
                <Record>
                  <PropertyValue Property="Name" String="ConsistencyLevel" />
                  <PropertyValue Property="Required">
                    <Bool>false</Bool>
                  </PropertyValue>
                  <PropertyValue Property="Max" Int="3" />
                </Record>
              </Collection>
            </PropertyValue>
          </Record>
        </Annotation>
      </Annotations>
      <Annotations Target="microsoft.graph.security.alert/comments">
        <Annotation Term="Org.OData.Capabilities.V1.InsertRestrictions">
          <Record>
            <PropertyValue Property="Insertable" Bool="true" />
          </Record>
        </Annotation>
        <Annotation Term="Org.OData.Capabilities.V1.SortRestrictions">
          <Record>
            <PropertyValue Property="NonSortableProperties">
              <Collection>
                <PropertyPath>id</PropertyPath>
                <String>a &amp; b</String>
                <Int>7</Int>
              </Collection>
            </PropertyValue>
            <PropertyValue Property="Sortable" Path="id" />
          </Record>
        </Annotation>
      </Annotations>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>"#;

fn annotated() -> Schema {
    let head = r#"<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">"#;
    read_ok(&format!("{head}\n{ANNOTATED}"))
}

fn record(fields: &[(&str, AnnotationValue)]) -> AnnotationValue {
    AnnotationValue::Record(
        fields
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect::<BTreeMap<_, _>>(),
    )
}

#[test]
fn annotations_inline_and_in_blocks() {
    let s = annotated();
    let targets: Vec<&str> = s.annotations.keys().map(String::as_str).collect();
    assert_eq!(
        targets,
        [
            "microsoft.graph.security.Box/alerts",
            "microsoft.graph.security.alert",
            "microsoft.graph.security.alert/comments",
            "microsoft.graph.security.alert/id",
        ]
    );
    // Descriptions are never kept; aliased terms are resolved.
    assert_eq!(
        s.annotations_for("microsoft.graph.security.alert"),
        [Annotation {
            term: "Org.OData.Capabilities.V1.TopSupported".into(),
            value: AnnotationValue::Bool(true),
        }]
    );
    assert_eq!(
        s.annotations_for("microsoft.graph.security.alert/id")[0].value,
        AnnotationValue::Tag
    );
    assert_eq!(
        s.annotations_for("microsoft.graph.security.Box/alerts")[0].value,
        record(&[("Countable", AnnotationValue::Bool(false))])
    );
    let comments = s.annotations_for("microsoft.graph.security.alert/comments");
    let terms: Vec<&str> = comments.iter().map(|a| a.term.as_str()).collect();
    assert_eq!(
        terms,
        [
            "Org.OData.Capabilities.V1.InsertRestrictions",
            "Org.OData.Capabilities.V1.NavigationRestrictions",
            "Org.OData.Capabilities.V1.ReadRestrictions",
            "Org.OData.Capabilities.V1.SortRestrictions",
        ]
    );
    // The same term twice for one target: the later one wins.
    assert_eq!(
        comments[0].value,
        record(&[("Insertable", AnnotationValue::Bool(true))])
    );
    // The record's Description property is dropped.
    assert_eq!(
        comments[1].value,
        record(&[
            (
                "Navigability",
                AnnotationValue::EnumMember("Org.OData.Capabilities.V1.NavigationType/None".into())
            ),
            ("Referenceable", AnnotationValue::Bool(true)),
        ])
    );
    assert_eq!(
        comments[2].value,
        record(&[(
            "CustomHeaders",
            AnnotationValue::Collection(vec![record(&[
                ("Max", AnnotationValue::Int(3)),
                ("Name", AnnotationValue::String("ConsistencyLevel".into())),
                ("Required", AnnotationValue::Bool(false)),
            ])])
        )])
    );
    assert_eq!(
        comments[3].value,
        record(&[
            (
                "NonSortableProperties",
                AnnotationValue::Collection(vec![
                    AnnotationValue::Path("id".into()),
                    AnnotationValue::String("a & b".into()),
                    AnnotationValue::Int(7),
                ])
            ),
            ("Sortable", AnnotationValue::Path("id".into())),
        ])
    );
    assert_eq!(read(&write(&s), "x").ok(), Some(s));
}

#[test]
fn unknown_elements_and_attributes_are_skipped() {
    let s = read_ok(&security(
        r#"      <TypeDefinition Name="td" UnderlyingType="Edm.String" />
      <Term Name="t" Type="Edm.String" AppliesTo="x" />
      <Frobnicate />
      <ComplexType Name="c" Sparkly="very">
        <Property Name="a" Type="Edm.String" MaxLength="10" Unicode="false" />
        <Widget />
      </ComplexType>"#,
    ));
    assert_eq!(s.structured.len(), 2);
    assert_eq!(s.structured[&sec("c")].properties.len(), 1);
}

// One test per error kind, with its exact message.

#[test]
fn error_malformed_xml() {
    let text = security(
        r#"      <ComplexType Name="broken">
        <Property Name="a" Type="Edm.String">
      </ComplexType>"#,
    );
    assert_eq!(
        read_err(&text),
        "fx.xml:14:7: malformed XML: expected 'Property' tag, not 'ComplexType'"
    );
}

#[test]
fn error_missing_name() {
    let text = security(
        r#"      <ComplexType Name="fileDetails">
        <Property Type="Edm.String" />
      </ComplexType>"#,
    );
    assert_eq!(
        read_err(&text),
        "fx.xml:13:9: <Property> in `microsoft.graph.security.fileDetails` has no Name attribute"
    );
    assert_eq!(
        read_err(&doc("    <Schema><EnumType Name=\"e\" /></Schema>")),
        "fx.xml:3:5: <Schema> has no Namespace attribute"
    );
}

#[test]
fn error_dangling_type() {
    let text = security(
        r#"      <ComplexType Name="alertEvidence">
        <Property Name="verdict" Type="self.evidenceVerdict" />
      </ComplexType>"#,
    );
    assert_eq!(
        read_err(&text),
        "fx.xml:13:9: unknown type `microsoft.graph.security.evidenceVerdict` in property `verdict` of type `microsoft.graph.security.alertEvidence`"
    );
    let cases = [
        (
            r#"      <EntityType Name="t" BaseType="graph.nothing" />"#,
            "fx.xml:12:7: unknown type `microsoft.graph.nothing` in base type of `microsoft.graph.security.t`",
        ),
        (
            r#"      <Action Name="a"><Parameter Name="p" Type="Collection(self.x)" /></Action>"#,
            "fx.xml:12:24: unknown type `microsoft.graph.security.x` in parameter `p` of action `microsoft.graph.security.a`",
        ),
        (
            r#"      <Function Name="f"><ReturnType Type="self.x" /></Function>"#,
            "fx.xml:12:26: unknown type `microsoft.graph.security.x` in return type of function `microsoft.graph.security.f`",
        ),
        (
            r#"      <EntityContainer Name="C"><Singleton Name="security" Type="graph.security" /></EntityContainer>"#,
            "fx.xml:12:33: unknown type `microsoft.graph.security` in singleton `security`",
        ),
        (
            r#"      <ComplexType Name="c"><NavigationProperty Name="n" Type="self.x" /></ComplexType>"#,
            "fx.xml:12:29: unknown type `microsoft.graph.security.x` in navigation property `n` of type `microsoft.graph.security.c`",
        ),
    ];
    for (body, expected) in cases {
        assert_eq!(read_err(&security(body)), expected);
    }
}

#[test]
fn error_duplicate_type() {
    let text = security(
        r#"      <ComplexType Name="fileDetails">
        <Property Name="fileName" Type="Edm.String" />
      </ComplexType>
      <EnumType Name="fileDetails">
        <Member Name="a" Value="0" />
      </EnumType>"#,
    );
    assert_eq!(
        read_err(&text),
        "fx.xml:15:7: duplicate name `microsoft.graph.security.fileDetails` (first defined at 12:7)"
    );
}

#[test]
fn error_duplicate_property() {
    let text = security(
        r#"      <ComplexType Name="fileDetails">
        <Property Name="fileName" Type="Edm.String" />
        <NavigationProperty Name="fileName" Type="graph.entity" />
      </ComplexType>"#,
    );
    assert_eq!(
        read_err(&text),
        "fx.xml:14:9: duplicate name `microsoft.graph.security.fileDetails/fileName` (first defined at 13:9)"
    );
    // A declared property clashing with an inherited one.
    let text = security(
        r#"      <EntityType Name="e" BaseType="graph.entity">
        <Property Name="id" Type="Edm.String" />
      </EntityType>"#,
    );
    assert_eq!(
        read_err(&text),
        "fx.xml:13:9: duplicate name `microsoft.graph.security.e/id` (first defined at 8:9)"
    );
}

#[test]
fn error_duplicate_member_and_operation() {
    let text = security(
        r#"      <EnumType Name="e">
        <Member Name="a" />
        <Member Name="a" />
      </EnumType>"#,
    );
    assert_eq!(
        read_err(&text),
        "fx.xml:14:9: duplicate name `microsoft.graph.security.e/a` (first defined at 13:9)"
    );
    let text = security(
        r#"      <Action Name="go" IsBound="true">
        <Parameter Name="b" Type="graph.entity" />
      </Action>
      <Action Name="go" IsBound="true">
        <Parameter Name="b" Type="graph.entity" />
      </Action>
      <Function Name="go" IsBound="true">
        <Parameter Name="b" Type="graph.entity" />
      </Function>"#,
    );
    assert_eq!(
        read_err(&text),
        "fx.xml:15:7: duplicate name `microsoft.graph.security.go(microsoft.graph.entity)` (first defined at 12:7)"
    );
}

#[test]
fn error_base_type_cycle() {
    let text = security(
        r#"      <ComplexType Name="a" BaseType="self.c" />
      <ComplexType Name="b" BaseType="self.a" />
      <ComplexType Name="c" BaseType="self.b" />"#,
    );
    assert_eq!(
        read_err(&text),
        "fx.xml:12:7: base type cycle: microsoft.graph.security.a -> microsoft.graph.security.c -> microsoft.graph.security.b -> microsoft.graph.security.a"
    );
    let text = security(r#"      <ComplexType Name="a" BaseType="self.a" />"#);
    assert_eq!(
        read_err(&text),
        "fx.xml:12:7: base type cycle: microsoft.graph.security.a -> microsoft.graph.security.a"
    );
}

#[test]
fn error_invalid_values() {
    let cases = [
        (
            r#"      <ComplexType Name="c" BaseType="graph.entity" />"#,
            "fx.xml:12:7: the base type `microsoft.graph.entity` of complex type `microsoft.graph.security.c` is an entity type",
        ),
        (
            r#"      <ComplexType Name="c"><Property Name="p" Type="Edm.Text" /></ComplexType>"#,
            "fx.xml:12:29: unknown primitive type `Edm.Text` in property `p` of type `microsoft.graph.security.c`",
        ),
        (
            r#"      <ComplexType Name="c"><Property Name="p" Type="Edm.String" Nullable="maybe" /></ComplexType>"#,
            r#"fx.xml:12:29: Nullable="maybe" on <Property> is not a boolean (expected true or false)"#,
        ),
        (
            r#"      <EnumType Name="e"><Member Name="a" Value="x" /></EnumType>"#,
            "fx.xml:12:26: Value `x` of member `a` of enum `microsoft.graph.security.e` is not an integer",
        ),
        (
            r#"      <ComplexType Name="c"><NavigationProperty Name="n" Type="Edm.String" /></ComplexType>"#,
            "fx.xml:12:29: navigation property `n` of type `microsoft.graph.security.c` has the primitive type `Edm.String`, not an entity type",
        ),
        (
            r#"      <ComplexType Name="c"><NavigationProperty Name="n" Type="self.c" /></ComplexType>"#,
            "fx.xml:12:29: navigation property `n` of type `microsoft.graph.security.c` refers to `microsoft.graph.security.c`, which is a complex type, not an entity type",
        ),
        (
            r#"      <Action Name="a" IsBound="true" />"#,
            "fx.xml:12:7: bound action `microsoft.graph.security.a` has no binding parameter",
        ),
    ];
    for (body, expected) in cases {
        assert_eq!(read_err(&security(body)), expected);
    }
    assert_eq!(
        read_err("<Schema Namespace=\"x\" />"),
        "fx.xml:1:1: the root element is <Schema>, not <edmx:Edmx>"
    );
}

/// Found by fuzzing (target `csdl`): a namespace `microsoft.grap(.security`
/// was accepted, and the annotation target `microsoft.grap(.security.x/y`
/// read back from the canonical form as the operation overload
/// `microsoft.grap(.security.x)/y`. Names and namespaces must be identifiers.
#[test]
fn error_names_that_are_not_identifiers() {
    let cases = [
        (
            r#"      <ComplexType Name="c(d" />"#,
            r#"fx.xml:12:7: Name="c(d" on <ComplexType> in `microsoft.graph.security` is not an identifier (a letter or `_`, then letters, digits or `_`)"#,
        ),
        (
            r#"      <ComplexType Name="c"><Property Name="a/b" Type="Edm.String" /></ComplexType>"#,
            r#"fx.xml:12:29: Name="a/b" on <Property> in `microsoft.graph.security.c` is not a member name (not empty, without `.`, `/`, `(`, `)`, `,` or spaces)"#,
        ),
        (
            r#"      <EnumType Name="e"><Member Name="graph.a" /></EnumType>"#,
            r#"fx.xml:12:26: Name="graph.a" on <Member> in `microsoft.graph.security.e` is not a member name (not empty, without `.`, `/`, `(`, `)`, `,` or spaces)"#,
        ),
        (
            r#"      <EnumType Name="1e" />"#,
            r#"fx.xml:12:7: Name="1e" on <EnumType> in `microsoft.graph.security` is not an identifier (a letter or `_`, then letters, digits or `_`)"#,
        ),
        (
            r#"      <Action Name="" />"#,
            r#"fx.xml:12:7: Name="" on <Action> in `microsoft.graph.security` is not an identifier (a letter or `_`, then letters, digits or `_`)"#,
        ),
    ];
    for (body, expected) in cases {
        assert_eq!(read_err(&security(body)), expected);
    }
    let schema = |namespace: &str| {
        doc(&format!(
            r#"    <Schema Namespace="{namespace}" xmlns="http://docs.oasis-open.org/odata/ns/edm"><EntityType Name="x" /></Schema>"#
        ))
    };
    assert_eq!(
        read_err(&schema("microsoft.grap(.security")),
        r#"fx.xml:3:5: Namespace="microsoft.grap(.security" on <Schema> is not a namespace name (identifiers separated by `.`)"#
    );
    assert!(read_err(&schema("a..b")).contains("is not a namespace name"));
    assert!(read(&schema("ns_1.Über.x2"), "fx.xml").is_ok());
    // Graph's own non-identifier member names stay readable.
    let graph = security(
        r#"      <ComplexType Name="innerError"><Property Name="request-id" Type="Edm.String" /></ComplexType>"#,
    );
    assert!(read(&graph, "fx.xml").is_ok());
    let alias = doc(
        r#"    <Schema Namespace="a.b" Alias="a b" xmlns="http://docs.oasis-open.org/odata/ns/edm" />"#,
    );
    assert_eq!(
        read_err(&alias),
        r#"fx.xml:3:5: <Schema> Namespace="a.b" Alias="a b": expected identifiers (the namespace's separated by `.`)"#
    );
}

#[test]
fn writer_output_is_canonical() {
    let s = read_ok(&doc(ALIASED));
    let expected = r#"<?xml version="1.0" encoding="utf-8"?>
<!-- Generated by `cargo xtask import` from Microsoft Graph's CSDL metadata, in canonical form. Do not edit. -->
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="microsoft.graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <ComplexType Name="identitySet" OpenType="true" />
      <EntityType Name="entity" Abstract="true">
        <Key>
          <PropertyRef Name="id" />
        </Key>
        <Property Name="id" Type="Edm.String" Nullable="false" />
      </EntityType>
      <EntityType Name="security" BaseType="microsoft.graph.entity">
        <NavigationProperty Name="incidents" Type="Collection(microsoft.graph.security.incident)" ContainsTarget="true" />
      </EntityType>
      <EntityContainer Name="GraphService">
        <Singleton Name="security" Type="microsoft.graph.security" />
      </EntityContainer>
      <Annotations Target="microsoft.graph.security.incident/alerts">
        <Annotation Term="Org.OData.Capabilities.V1.ReadRestrictions">
          <Record>
            <PropertyValue Property="Readable" Bool="true" />
          </Record>
        </Annotation>
      </Annotations>
    </Schema>
    <Schema Namespace="microsoft.graph.security" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EnumType Name="incidentStatus">
        <Member Name="active" Value="1" />
      </EnumType>
      <EntityType Name="alert" BaseType="microsoft.graph.entity" />
      <EntityType Name="incident" BaseType="microsoft.graph.entity">
        <Property Name="createdBy" Type="microsoft.graph.identitySet" />
        <Property Name="status" Type="microsoft.graph.security.incidentStatus" Nullable="false" />
        <NavigationProperty Name="alerts" Type="Collection(microsoft.graph.security.alert)" />
      </EntityType>
      <Action Name="assign" IsBound="true">
        <Parameter Name="bindingParameter" Type="Collection(microsoft.graph.security.incident)" />
        <Parameter Name="to" Type="microsoft.graph.identitySet" />
        <ReturnType Type="microsoft.graph.security.incident" />
      </Action>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>
"#;
    assert_eq!(write(&s), expected);
    assert_eq!(read(expected, "x").ok(), Some(s));
}

#[test]
fn writer_round_trips() {
    let mut s = annotated();
    // Values the reader never meets in Graph's documents still round-trip.
    s.annotations.insert(
        "microsoft.graph.security.alert/id".into(),
        vec![Annotation {
            term: "Org.OData.Capabilities.V1.X".into(),
            value: record(&[
                ("a", AnnotationValue::String(" \"<&>\"\n\tx\r ".into())),
                ("b", AnnotationValue::Tag),
                ("c", AnnotationValue::Collection(vec![])),
                ("d", AnnotationValue::Record(BTreeMap::new())),
                (
                    "e",
                    AnnotationValue::Collection(vec![
                        AnnotationValue::Tag,
                        AnnotationValue::String(" <&>\r\n ".into()),
                        AnnotationValue::String(String::new()),
                        AnnotationValue::Bool(true),
                        AnnotationValue::EnumMember("A/b c/d".into()),
                        AnnotationValue::Collection(vec![AnnotationValue::Int(-1)]),
                    ]),
                ),
            ]),
        }],
    );
    let text = write(&s);
    assert_eq!(read(&text, "x").ok(), Some(s.clone()));
    assert_eq!(write(&s), text, "deterministic");

    let s = read_ok(&security(
        r#"      <EnumType Name="b" UnderlyingType="Edm.Byte" IsFlags="true"><Member Name="x" Value="1" /></EnumType>
      <EnumType Name="empty" />
      <ComplexType Name="base" Abstract="true"><Property Name="p" Type="Collection(Edm.Duration)" Nullable="false" /></ComplexType>
      <ComplexType Name="derived" BaseType="self.base" OpenType="true" />
      <EntityType Name="media" BaseType="graph.entity" HasStream="true" />
      <Function Name="f" IsComposable="true"><ReturnType Type="Collection(self.b)" Nullable="false" /></Function>"#,
    ));
    assert_eq!(read(&write(&s), "x").ok(), Some(s));
}

// The real documents, when the shared copies are around.

/// `../shared/graph-metadata/<name>`, read, when it exists (see
/// [`crate::shared::shared_path`]: a failure instead with `MSGRAPH_REQUIRE_SHARED=1`).
fn real(name: &str) -> Option<Schema> {
    let path = crate::shared::shared_path(
        &format!("graph-metadata/{name}"),
        "real_documents_select_and_round_trip",
    )?;
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Some(read(&text, &path.display().to_string()).unwrap_or_else(|e| panic!("{e}")))
}

#[test]
fn real_documents_select_and_round_trip() {
    let (Some(new), Some(old)) = (real("v1.0-2026-08-04.xml"), real("v1.0-2026-01-20.xml")) else {
        return;
    };
    let counts = new.counts(SECURITY_NAMESPACE);
    assert_eq!(
        counts.to_string(),
        "87 entity types, 511 complex types, 93 enum types (13 flags), 31 actions, 3 functions"
    );
    let new = crate::select::security_closure(&new);
    let old = crate::select::security_closure(&old);
    assert_eq!(new.counts(SECURITY_NAMESPACE), counts);
    assert_eq!(
        old.counts(SECURITY_NAMESPACE).to_string(),
        "80 entity types, 101 complex types, 80 enum types (12 flags), 28 actions, 3 functions"
    );
    for s in [&new, &old] {
        let text = write(s);
        assert_eq!(read(&text, "pinned.xml").as_ref(), Ok(s));
        assert_eq!(write(s), text);
    }
    assert_eq!(crate::select::security_closure(&new), new, "idempotent");
    let incident = sec("incident");
    assert!(new.structured.contains_key(&incident));
    assert_eq!(new.structured.get(&incident), old.structured.get(&incident));
    let status = sec("incidentStatus");
    assert_eq!(new.enums.get(&status), old.enums.get(&status));
    // Only the root singleton is kept; the container keeps its name.
    let singletons: Vec<&str> = new
        .container
        .singletons
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(singletons, ["security"]);
    assert!(new.container.entity_sets.is_empty());
    assert_eq!(
        new.container.name,
        Some(q("microsoft.graph", "GraphService"))
    );
}
