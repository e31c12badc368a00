//! Unit tests of the drift report on small schemas.

use super::*;
use crate::csdl;

fn doc(body: &str) -> String {
    format!(
        r#"<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="microsoft.graph.security" Alias="self" xmlns="http://docs.oasis-open.org/odata/ns/edm">
{body}
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>"#
    )
}

fn report(old: &str, new: &str) -> Report {
    let old = csdl::read(&doc(old), "old.xml").unwrap_or_else(|e| panic!("{e}"));
    let new = csdl::read(&doc(new), "new.xml").unwrap_or_else(|e| panic!("{e}"));
    diff(&old, &new).unwrap_or_else(|e| panic!("{e}"))
}

fn lines(r: &Report) -> Vec<String> {
    r.changes
        .iter()
        .map(|c| format!("{} {}", c.effect, c.line()))
        .collect()
}

#[test]
fn identical_schemas_have_no_changes() {
    let body = r#"<ComplexType Name="a"><Property Name="p" Type="Edm.String" /></ComplexType>"#;
    let r = report(body, body);
    assert!(r.is_empty());
    assert_eq!(r.bump(), Bump::None);
    assert_eq!(
        r.to_text(),
        "0 changes: 0 breaking, 0 additive, 0 compatible\n\nImplied version bump: none\n"
    );
}

#[test]
fn nullability_changes_the_rust_type_of_single_values_only() {
    let r = report(
        r#"<ComplexType Name="a">
                 <Property Name="one" Type="Edm.String" />
                 <Property Name="many" Type="Collection(Edm.String)" />
               </ComplexType>"#,
        r#"<ComplexType Name="a">
                 <Property Name="one" Type="Edm.String" Nullable="false" />
                 <Property Name="many" Type="Collection(Edm.String)" Nullable="false" />
               </ComplexType>"#,
    );
    assert_eq!(
        lines(&r),
        [
            "breaking property-nullability-changed microsoft.graph.security.a/one: nullable -> not nullable (Rust `one: Nullable<String>` -> `one: Option<String>`)",
            "compatible property-nullability-changed microsoft.graph.security.a/many: nullable -> not nullable",
        ]
    );
    assert_eq!(r.bump(), Bump::Major);
}

#[test]
fn inherited_fields_count_and_moved_properties_are_compatible() {
    // `p` moves from `derived` up to `base`: `base` gains a field (additive), and
    // `derived` keeps its field with the same Rust type.
    let r = report(
        r#"<ComplexType Name="base" />
               <ComplexType Name="derived" BaseType="self.base"><Property Name="p" Type="Edm.String" /></ComplexType>"#,
        r#"<ComplexType Name="base"><Property Name="p" Type="Edm.String" /></ComplexType>
               <ComplexType Name="derived" BaseType="self.base" />"#,
    );
    assert_eq!(
        lines(&r),
        [
            "additive property-added microsoft.graph.security.base/p: Edm.String, nullable",
            "compatible property-removed microsoft.graph.security.derived/p: Edm.String, nullable",
        ]
    );
}

#[test]
fn a_new_cycle_boxes_a_field_and_is_reported_on_its_own() {
    let r = report(
        r#"<ComplexType Name="a"><Property Name="b" Type="self.b" /></ComplexType>
               <ComplexType Name="b" />"#,
        r#"<ComplexType Name="a"><Property Name="b" Type="self.b" /></ComplexType>
               <ComplexType Name="b"><Property Name="a" Type="self.a" /></ComplexType>"#,
    );
    assert_eq!(
        lines(&r),
        [
            "breaking rust-api-changed microsoft.graph.security.a/b: `b: Nullable<B>` -> `b: Nullable<Box<B>>`",
            "additive property-added microsoft.graph.security.b/a: microsoft.graph.security.a, nullable",
        ]
    );
}

#[test]
fn operation_changes() {
    let op = |params: &str, ret: &str| {
        format!(
            r#"<ComplexType Name="r" />
                   <Function Name="f">{params}<ReturnType Type="{ret}" /></Function>"#
        )
    };
    let base = op(r#"<Parameter Name="a" Type="Edm.String" />"#, "Edm.String");
    let optional = op(
        r#"<Parameter Name="a" Type="Edm.String" />
               <Parameter Name="b" Type="Edm.Int32"><Annotation Term="Org.OData.Core.V1.OptionalParameter" /></Parameter>"#,
        "Edm.String",
    );
    let r = report(&base, &optional);
    assert_eq!(
        lines(&r),
        [
            "additive function-changed microsoft.graph.security.f: parameter added `b: Edm.Int32 (optional)`"
        ]
    );
    let returns = op(r#"<Parameter Name="a" Type="Edm.String" />"#, "self.r");
    let r = report(&base, &returns);
    assert_eq!(
        lines(&r),
        [
            "breaking function-changed microsoft.graph.security.f: returns Edm.String, nullable -> microsoft.graph.security.r, nullable"
        ]
    );
}

#[test]
fn text_and_json_reports() {
    let r = report(
        r#"<EnumType Name="e"><Member Name="a" Value="1" /><Member Name="b" Value="2" /></EnumType>"#,
        r#"<EnumType Name="e"><Member Name="a" Value="3" /><Member Name="c" Value="4" /></EnumType>"#,
    );
    assert_eq!(
            r.to_text(),
            "3 changes: 1 breaking, 1 additive, 1 compatible (enum-member-added 1, enum-member-removed 1, enum-member-value-changed 1)

Breaking (1):
  enum-member-removed microsoft.graph.security.e/b: value 2

Additive (1):
  enum-member-added microsoft.graph.security.e/c: value 4

Compatible (1):
  enum-member-value-changed microsoft.graph.security.e/a: 1 -> 3

Implied version bump: major
"
        );
    let json = r.to_json();
    assert_eq!(json["bump"], "major");
    assert_eq!(json["counts"]["total"], 3);
    assert_eq!(json["counts"]["by_kind"]["enum-member-added"], 1);
    assert_eq!(json["changes"][0]["kind"], "enum-member-removed");
    assert_eq!(json["changes"][0]["effect"], "breaking");
    assert_eq!(json["changes"][2]["detail"], "1 -> 3");
}

#[test]
fn every_kind_is_listed_once_in_order() {
    assert!(ChangeKind::ALL.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(ChangeKind::ALL.first(), Some(&ChangeKind::TypeAdded));
    assert_eq!(ChangeKind::ALL.last(), Some(&ChangeKind::RustApiChanged));
}

#[test]
fn bumps() {
    let change = |effect| Change {
        kind: ChangeKind::RouteAdded,
        subject: String::new(),
        detail: String::new(),
        effect,
    };
    let bump = |effects: &[Effect]| {
        Report {
            changes: effects.iter().map(|e| change(*e)).collect(),
        }
        .bump()
    };
    assert_eq!(bump(&[]), Bump::None);
    assert_eq!(bump(&[Effect::Compatible]), Bump::Patch);
    assert_eq!(bump(&[Effect::Compatible, Effect::Additive]), Bump::Minor);
    assert_eq!(bump(&[Effect::Additive, Effect::Breaking]), Bump::Major);
}
