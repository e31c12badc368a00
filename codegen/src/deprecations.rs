//! Which generated operations are deprecated, from the revision facts of the IR
//! ([`crate::ir::Deprecation`]): an operation is deprecated when the service
//! deprecates it, the type it addresses or any navigation property or type on its
//! path (`/security/alerts` addresses the deprecated `microsoft.graph.alert`).
//! The request emitter marks those methods `#[deprecated]`, the route listing
//! prints the removal date, and `cargo xtask regen` warns about removal dates that
//! have passed.

use std::collections::BTreeMap;

use crate::ir::{Deprecation, Schema};
use crate::routes::{self, Route, RouteNode, RouteNodeKind, Verb};

/// The deprecation of every deprecated route of the URL tree.
pub fn of_routes(schema: &Schema) -> BTreeMap<Route, Deprecation> {
    of_tree(schema).routes
}

/// The deprecated routes and nodes of the URL tree.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TreeDeprecations {
    /// Each deprecated operation's route.
    pub routes: BTreeMap<Route, Deprecation>,
    /// Each deprecated node's path template (`/security/alerts`): the node, its
    /// type or a navigation property on its path is deprecated.
    pub nodes: BTreeMap<String, Deprecation>,
}

/// The deprecated routes and nodes of the URL tree.
pub fn of_tree(schema: &Schema) -> TreeDeprecations {
    let mut out = TreeDeprecations::default();
    for root in routes::tree(schema) {
        walk(schema, &root, None, &mut out);
    }
    out
}

/// The deprecation of a node, given its parent's (`inherited`).
fn walk(
    schema: &Schema,
    node: &RouteNode,
    inherited: Option<(&RouteNode, Option<&Deprecation>)>,
    out: &mut TreeDeprecations,
) {
    let (parent, parent_deprecation) = match inherited {
        Some((parent, d)) => (Some(parent), d.cloned()),
        None => (None, None),
    };
    let own = parent_deprecation
        .or_else(|| match (parent, node.kind) {
            // An item node is the collection's key segment: no member of its own.
            (Some(_), RouteNodeKind::Item | RouteNodeKind::ReferenceItem) => None,
            (Some(parent), _) => schema.member_deprecation(&parent.ty, &node.name),
            (None, _) => schema
                .container
                .name
                .as_ref()
                .and_then(|c| schema.deprecation(&format!("{c}/{}", node.name))),
        })
        .or_else(|| schema.type_deprecation(&node.ty));
    if let Some(d) = &own {
        out.nodes.insert(node.path.clone(), d.clone());
    }
    for op in &node.operations {
        let found = own.clone().or_else(|| match &op.verb {
            Verb::Action(i) | Verb::Function(i) => schema
                .operations
                .get(*i)
                .and_then(|o| schema.operation_deprecation(o)),
            Verb::AddToProperty { property, .. } => schema.member_deprecation(&node.ty, property),
            _ => None,
        });
        if let Some(d) = found {
            out.routes.insert(op.route.clone(), d);
        }
    }
    for child in &node.children {
        walk(schema, child, Some((node, own.as_ref())), out);
    }
}

/// The warnings `cargo xtask regen` prints: every deprecated target (type, member,
/// operation) whose removal date is before `today` (`YYYY-MM-DD`), one line each.
pub fn removal_warnings(schema: &Schema, today: &str) -> Vec<String> {
    schema
        .deprecations()
        .into_iter()
        .filter(|(_, d)| d.removed_before(today))
        .map(|(target, d)| {
            format!(
                "warning: `{target}` is {d}, a date that has passed: the service may no longer serve it"
            )
        })
        .collect()
}

/// The UTC calendar date (`YYYY-MM-DD`) of a Unix time in seconds (proleptic
/// Gregorian; what `regen` compares removal dates with).
pub fn utc_date(unix_seconds: u64) -> String {
    // Howard Hinnant's days-to-civil algorithm.
    let days = i64::try_from(unix_seconds / 86_400).unwrap_or(i64::MAX / 2) + 719_468;
    let era = days.div_euclid(146_097);
    let doe = days.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csdl;

    #[test]
    fn utc_dates() {
        assert_eq!(utc_date(0), "1970-01-01");
        assert_eq!(utc_date(951_782_400), "2000-02-29");
        assert_eq!(utc_date(1_775_779_199), "2026-04-09");
        assert_eq!(utc_date(1_775_779_200), "2026-04-10");
    }

    const DEPRECATED: &str = r#"<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="microsoft.graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="entity" Abstract="true">
        <Key><PropertyRef Name="id" /></Key>
        <Property Name="id" Type="Edm.String" Nullable="false" />
      </EntityType>
      <EntityType Name="security" BaseType="microsoft.graph.entity">
        <NavigationProperty Name="alerts" Type="Collection(microsoft.graph.alert)" ContainsTarget="true" />
        <NavigationProperty Name="incidents" Type="Collection(microsoft.graph.incident)" ContainsTarget="true" />
      </EntityType>
      <EntityType Name="alert" BaseType="microsoft.graph.entity" />
      <EntityType Name="incident" BaseType="microsoft.graph.entity">
        <NavigationProperty Name="oldAlerts" Type="Collection(microsoft.graph.incident)" ContainsTarget="true">
          <Annotation Term="Org.OData.Core.V1.Revisions">
            <Collection>
              <Record>
                <PropertyValue Property="Kind" EnumMember="Org.OData.Core.V1.RevisionKind/Deprecated" />
                <PropertyValue Property="RemovalDate" Date="2030-01-01" />
              </Record>
            </Collection>
          </Annotation>
        </NavigationProperty>
      </EntityType>
      <Action Name="close" IsBound="true">
        <Parameter Name="bindingParameter" Type="microsoft.graph.incident" />
        <Annotation Term="Org.OData.Core.V1.Revisions">
          <Collection>
            <Record>
              <PropertyValue Property="Kind" EnumMember="Org.OData.Core.V1.RevisionKind/Deprecated" />
              <PropertyValue Property="Date" Date="2025-01-01" />
            </Record>
          </Collection>
        </Annotation>
      </Action>
      <EntityContainer Name="GraphService">
        <Singleton Name="security" Type="microsoft.graph.security" />
      </EntityContainer>
      <Annotations Target="microsoft.graph.alert">
        <Annotation Term="Org.OData.Core.V1.Revisions">
          <Collection>
            <Record>
              <PropertyValue Property="Date" Date="2024-04-10" />
              <PropertyValue Property="Description" String="prose, dropped" />
              <PropertyValue Property="Kind" EnumMember="Org.OData.Core.V1.RevisionKind/Deprecated" />
              <PropertyValue Property="RemovalDate" Date="2026-04-10" />
            </Record>
          </Collection>
        </Annotation>
      </Annotations>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>"#;

    #[test]
    fn routes_inherit_the_deprecation_of_their_path_and_type() {
        let schema = csdl::read(DEPRECATED, "deprecated.xml").unwrap_or_else(|e| panic!("{e}"));
        let found: Vec<String> = of_routes(&schema)
            .iter()
            .map(|(route, d)| format!("{route} {d}"))
            .collect();
        assert_eq!(
            found,
            [
                "GET /security/alerts deprecated (removal 2026-04-10)",
                "POST /security/alerts deprecated (removal 2026-04-10)",
                "GET /security/alerts/$count deprecated (removal 2026-04-10)",
                "GET /security/alerts/{} deprecated (removal 2026-04-10)",
                "PATCH /security/alerts/{} deprecated (removal 2026-04-10)",
                "DELETE /security/alerts/{} deprecated (removal 2026-04-10)",
                // The action itself is deprecated (no removal date stated).
                "POST /security/incidents/{}/microsoft.graph.close deprecated (no removal date)",
                // Everything below the deprecated navigation property.
                "GET /security/incidents/{}/oldAlerts deprecated (removal 2030-01-01)",
                "POST /security/incidents/{}/oldAlerts deprecated (removal 2030-01-01)",
                "GET /security/incidents/{}/oldAlerts/$count deprecated (removal 2030-01-01)",
                "GET /security/incidents/{}/oldAlerts/{} deprecated (removal 2030-01-01)",
                "PATCH /security/incidents/{}/oldAlerts/{} deprecated (removal 2030-01-01)",
                "DELETE /security/incidents/{}/oldAlerts/{} deprecated (removal 2030-01-01)",
                "POST /security/incidents/{}/oldAlerts/{}/microsoft.graph.close deprecated (removal 2030-01-01)",
            ]
        );
        let warnings = removal_warnings(&schema, "2026-12-05");
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("`microsoft.graph.alert` is deprecated (removal 2026-04-10)"));
        assert!(removal_warnings(&schema, "2026-04-10").is_empty());
    }
}
