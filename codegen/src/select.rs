//! The import selection: the part of Graph's schema the generated crate needs.
//!
//! IR in, IR out; no XML here. See [`security_closure`].

use std::collections::BTreeSet;

use crate::csdl::operation_target;
use crate::ir::{
    Container, GRAPH_NAMESPACE, Operation, QualifiedName, SECURITY_NAMESPACE, Schema, TypeRef,
};

/// The name of the root singleton of the security API.
pub const ROOT_SINGLETON: &str = "security";

/// The entity type behind `/security`: `microsoft.graph.security`.
pub fn root_type() -> QualifiedName {
    QualifiedName::new(GRAPH_NAMESPACE, ROOT_SINGLETON)
}

/// Keeps what the `microsoft.graph.security` crate needs from a full schema.
///
/// 1. Every type (structured, enum) and operation of the namespace
///    `microsoft.graph.security`.
/// 2. The root entity type `microsoft.graph.security` and the container's
///    `security` singleton (the container keeps its name; every other
///    singleton and every entity set is dropped).
/// 3. The *URL tree*: from the root type, navigation properties with
///    `ContainsTarget="true"` (declared or inherited) are followed recursively,
///    into any namespace. Types on the tree and their base types keep all their
///    navigation properties, and the targets of those are kept.
/// 4. The closure: for every kept type its base types, the types of its
///    structural properties, and the targets of its navigation properties when
///    it is in the security namespace or on the URL tree; for every kept
///    operation its parameter and return types. Other types outside the
///    security namespace are kept with their structural properties but without
///    navigation properties. Types derived from foreign types are not added.
/// 5. Operations of other namespaces bound to a type on the URL tree (or a
///    collection of one), with their closure.
/// 6. The annotations whose target starts with a kept type (for a
///    `type/member` target: a member the kept type still has), the kept
///    container or singleton, or a kept operation (`ns.op`, or an overload
///    `ns.op(T1, T2)` spelled with all its parameter types or its binding type).
///
/// The result is itself a valid schema: every reference resolves.
pub fn security_closure(schema: &Schema) -> Schema {
    let root = root_type();

    // The URL tree.
    let mut tree: BTreeSet<QualifiedName> = BTreeSet::new();
    let mut work: Vec<QualifiedName> = Vec::new();
    if schema.structured.contains_key(&root) {
        tree.insert(root.clone());
        work.push(root.clone());
    }
    while let Some(name) = work.pop() {
        for nav in schema.all_navigation(&name) {
            if !nav.contains_target {
                continue;
            }
            if let Some(target) = nav.ty.named() {
                if schema.structured.contains_key(target) && tree.insert(target.clone()) {
                    work.push(target.clone());
                }
            }
        }
    }
    // Types whose navigation properties are kept: the security namespace, the
    // tree and the base types of tree types (their navigation properties are
    // reachable through the derived type's URL).
    let mut with_navigation: BTreeSet<QualifiedName> = tree.clone();
    for name in &tree {
        with_navigation.extend(schema.ancestors(name).into_iter().map(|t| t.name.clone()));
    }
    let keeps_navigation = |name: &QualifiedName| {
        name.namespace == SECURITY_NAMESPACE || with_navigation.contains(name)
    };

    // Operations.
    let operations: Vec<&Operation> = schema
        .operations
        .iter()
        .filter(|op| {
            op.name.namespace == SECURITY_NAMESPACE
                || op
                    .binding()
                    .and_then(|b| b.ty.named())
                    .is_some_and(|t| tree.contains(t))
        })
        .collect();

    // The closure.
    let mut kept: BTreeSet<QualifiedName> = BTreeSet::new();
    let mut work: Vec<QualifiedName> = Vec::new();
    let keep = |name: &QualifiedName,
                kept: &mut BTreeSet<QualifiedName>,
                work: &mut Vec<QualifiedName>| {
        if schema.get(name).is_some() && kept.insert(name.clone()) {
            work.push(name.clone());
        }
    };
    let seeds = schema
        .structured
        .keys()
        .chain(schema.enums.keys())
        .filter(|n| n.namespace == SECURITY_NAMESPACE)
        .chain(&with_navigation);
    for name in seeds {
        keep(name, &mut kept, &mut work);
    }
    let mut refs: Vec<&TypeRef> = Vec::new();
    for op in &operations {
        refs.extend(op.parameters.iter().map(|p| &p.ty));
        refs.extend(op.return_type.iter().map(|r| &r.ty));
    }
    if let Some(s) = schema
        .container
        .singletons
        .iter()
        .find(|s| s.name == ROOT_SINGLETON)
    {
        keep(&s.ty, &mut kept, &mut work);
    }
    for name in refs.into_iter().filter_map(TypeRef::named) {
        keep(name, &mut kept, &mut work);
    }
    while let Some(name) = work.pop() {
        let Some(t) = schema.structured.get(&name) else {
            continue;
        };
        if let Some(base) = &t.base {
            keep(base, &mut kept, &mut work);
        }
        for p in &t.properties {
            if let Some(n) = p.ty.named() {
                keep(n, &mut kept, &mut work);
            }
        }
        if keeps_navigation(&name) {
            for n in t.navigation.iter().filter_map(|n| n.ty.named()) {
                keep(n, &mut kept, &mut work);
            }
        }
    }

    // The result.
    let mut out = Schema::default();
    for name in &kept {
        if let Some(t) = schema.structured.get(name) {
            let mut t = t.clone();
            if !keeps_navigation(name) {
                t.navigation.clear();
            }
            out.structured.insert(name.clone(), t);
        } else if let Some(e) = schema.enums.get(name) {
            out.enums.insert(name.clone(), e.clone());
        }
    }
    out.operations = operations.into_iter().cloned().collect();
    out.container = Container {
        name: schema.container.name.clone(),
        singletons: schema
            .container
            .singletons
            .iter()
            .filter(|s| s.name == ROOT_SINGLETON)
            .cloned()
            .collect(),
        entity_sets: Vec::new(),
    };
    out.annotations = schema
        .annotations
        .iter()
        .filter(|(target, _)| keeps_annotation(&out, target))
        .map(|(target, list)| (target.clone(), list.clone()))
        .collect();
    out
}

/// Whether an annotation target names something `out` kept.
fn keeps_annotation(out: &Schema, target: &str) -> bool {
    let (head, second) = match target.split_once('/') {
        Some((head, rest)) => (head, rest.split('/').next()),
        None => (target, None),
    };
    if let Some((name, _)) = head.split_once('(') {
        return out.operations.iter().any(|op| {
            op.name.to_string() == name
                && (operation_target(op) == head
                    || op
                        .binding()
                        .is_some_and(|b| format!("{}({})", op.name, b.ty) == head))
        });
    }
    let Some(name) = QualifiedName::parse(head) else {
        return false;
    };
    if out.container.name.as_ref() == Some(&name) {
        return match second {
            None => true,
            Some(member) => {
                out.container.singletons.iter().any(|s| s.name == member)
                    || out.container.entity_sets.iter().any(|s| s.name == member)
            }
        };
    }
    if out.structured.contains_key(&name) {
        return match second {
            None => true,
            // A type-cast segment, or a member the kept type still has.
            Some(member) => {
                member.contains('.')
                    || out.all_properties(&name).iter().any(|p| p.name == member)
                    || out.all_navigation(&name).iter().any(|n| n.name == member)
            }
        };
    }
    out.enums.contains_key(&name) || out.operations.iter().any(|op| op.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csdl;

    const TINY: &str = r#"<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="entity" Abstract="true">
        <Key><PropertyRef Name="id" /></Key>
        <Property Name="id" Type="Edm.String" Nullable="false" />
      </EntityType>
      <EntityType Name="security">
        <NavigationProperty Name="incidents" Type="Collection(self.incident)" ContainsTarget="true" />
        <NavigationProperty Name="simulation" Type="graph.simulationRoot" ContainsTarget="true" />
      </EntityType>
      <EntityType Name="simulationRoot" BaseType="graph.entity">
        <NavigationProperty Name="runs" Type="Collection(graph.run)" ContainsTarget="true" />
        <NavigationProperty Name="owner" Type="graph.user" />
      </EntityType>
      <EntityType Name="run" BaseType="graph.entity">
        <Property Name="state" Type="graph.runState" />
      </EntityType>
      <EnumType Name="runState"><Member Name="a" /></EnumType>
      <EntityType Name="user" BaseType="graph.entity">
        <Property Name="address" Type="graph.address" />
        <NavigationProperty Name="groups" Type="Collection(graph.group)" />
        <NavigationProperty Name="drive" Type="graph.drive" ContainsTarget="true" />
      </EntityType>
      <EntityType Name="specialUser" BaseType="graph.user" />
      <EntityType Name="device" BaseType="graph.entity">
        <NavigationProperty Name="owners" Type="Collection(graph.group)" />
      </EntityType>
      <ComplexType Name="address"><Property Name="city" Type="Edm.String" /></ComplexType>
      <ComplexType Name="identitySet" />
      <EntityType Name="group" BaseType="graph.entity" />
      <EntityType Name="drive" BaseType="graph.entity" />
      <EntityType Name="unrelated" BaseType="graph.entity" />
      <Action Name="start" IsBound="true">
        <Parameter Name="b" Type="graph.simulationRoot" />
        <Parameter Name="p" Type="graph.identitySet" />
      </Action>
      <Action Name="wipe" IsBound="true"><Parameter Name="b" Type="graph.user" /></Action>
      <Function Name="delta" IsBound="true">
        <Parameter Name="b" Type="Collection(graph.run)" />
        <ReturnType Type="Collection(graph.run)" />
      </Function>
      <Function Name="unboundThing"><ReturnType Type="graph.unrelated" /></Function>
      <EntityContainer Name="GraphService">
        <Singleton Name="security" Type="graph.security" />
        <Singleton Name="me" Type="graph.user" />
        <EntitySet Name="users" EntityType="graph.user" />
      </EntityContainer>
      <Annotations Target="graph.user/groups">
        <Annotation Term="Org.OData.Capabilities.V1.ReadRestrictions" />
      </Annotations>
      <Annotations Target="graph.user/address">
        <Annotation Term="Org.OData.Capabilities.V1.ReadRestrictions" />
      </Annotations>
      <Annotations Target="graph.group">
        <Annotation Term="Org.OData.Capabilities.V1.ReadRestrictions" />
      </Annotations>
      <Annotations Target="graph.GraphService/security">
        <Annotation Term="Org.OData.Capabilities.V1.ReadRestrictions" />
      </Annotations>
      <Annotations Target="graph.GraphService/users">
        <Annotation Term="Org.OData.Capabilities.V1.ReadRestrictions" />
      </Annotations>
      <Annotations Target="graph.start(graph.simulationRoot, graph.identitySet)">
        <Annotation Term="Org.OData.Capabilities.V1.OperationRestrictions" />
      </Annotations>
      <Annotations Target="graph.wipe(graph.user)">
        <Annotation Term="Org.OData.Capabilities.V1.OperationRestrictions" />
      </Annotations>
      <Annotations Target="self.incident">
        <Annotation Term="Org.OData.Capabilities.V1.ReadRestrictions" />
      </Annotations>
    </Schema>
    <Schema Namespace="microsoft.graph.security" Alias="self" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="incident" BaseType="graph.entity">
        <Property Name="createdBy" Type="graph.identitySet" />
        <NavigationProperty Name="assignee" Type="graph.user" />
      </EntityType>
      <ComplexType Name="orphan" />
      <Action Name="resolve" IsBound="true"><Parameter Name="b" Type="graph.device" /></Action>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>"#;

    fn names<'a>(it: impl Iterator<Item = &'a QualifiedName>) -> Vec<String> {
        it.map(ToString::to_string).collect()
    }

    #[test]
    fn selection_on_a_tiny_schema() {
        let full = csdl::read(TINY, "tiny.xml").unwrap_or_else(|e| panic!("{e}"));
        let s = security_closure(&full);
        assert_eq!(
            names(s.structured.keys()),
            [
                "microsoft.graph.address",
                "microsoft.graph.device",
                "microsoft.graph.entity",
                "microsoft.graph.identitySet",
                "microsoft.graph.run",
                "microsoft.graph.security",
                "microsoft.graph.simulationRoot",
                "microsoft.graph.user",
                "microsoft.graph.security.incident",
                "microsoft.graph.security.orphan",
            ]
        );
        assert_eq!(names(s.enums.keys()), ["microsoft.graph.runState"]);
        let with_navigation: Vec<&str> = s
            .structured
            .values()
            .filter(|t| !t.navigation.is_empty())
            .map(|t| t.name.name.as_str())
            .collect();
        // The URL tree keeps its navigation properties (and so does the
        // security namespace); other foreign types lose theirs.
        assert_eq!(with_navigation, ["security", "simulationRoot", "incident"]);
        let ops: Vec<String> = s.operations.iter().map(csdl::operation_target).collect();
        assert_eq!(
            ops,
            [
                "microsoft.graph.delta(Collection(microsoft.graph.run))",
                "microsoft.graph.start(microsoft.graph.simulationRoot, microsoft.graph.identitySet)",
                "microsoft.graph.security.resolve(microsoft.graph.device)",
            ]
        );
        let singletons: Vec<&str> = s
            .container
            .singletons
            .iter()
            .map(|x| x.name.as_str())
            .collect();
        assert_eq!(singletons, ["security"]);
        assert!(s.container.entity_sets.is_empty());
        assert_eq!(s.container.name, full.container.name);
        let targets: Vec<&str> = s.annotations.keys().map(String::as_str).collect();
        assert_eq!(
            targets,
            [
                "microsoft.graph.GraphService/security",
                "microsoft.graph.security.incident",
                "microsoft.graph.start(microsoft.graph.simulationRoot, microsoft.graph.identitySet)",
                "microsoft.graph.user/address",
            ]
        );
        // The selection is a valid schema of its own.
        assert_eq!(csdl::read(&csdl::write(&s), "pinned.xml").as_ref(), Ok(&s));
        // Selecting again changes nothing.
        assert_eq!(security_closure(&s), s);
    }

    #[test]
    fn empty_schema_selects_nothing() {
        assert_eq!(security_closure(&Schema::default()), Schema::default());
    }
}
