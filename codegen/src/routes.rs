//! The REST routes a schema implies: IR in, data out (no XML, no files).
//!
//! [`routes`] walks the URL tree below the container's singletons (in practice
//! `security`) and lists every `METHOD /path` the service exposes there. It is
//! a first cut for the request builders, and the route part of the schema-drift
//! report ([`crate::diff`]).
//!
//! # Rules
//!
//! Paths are spelled with `{}` for key segments (`/security/incidents/{}`).
//!
//! - **Singleton** (`/security`): `GET`, `PATCH`.
//! - **Contained collection** navigation property (`ContainsTarget="true"`, declared
//!   or inherited, see [`Schema::all_navigation`]) at `<path>`: `GET <path>` (list),
//!   `POST <path>` (create), `GET <path>/$count`, and the item node `<path>/{}`
//!   with `GET`, `PATCH`, `DELETE`; the walk continues from the item.
//! - **Contained single-valued** navigation property at `<path>`: `GET`, `PATCH`,
//!   `DELETE`; the walk continues from it.
//! - **Non-contained** navigation property: `GET <path>`, and `GET <path>/{}` for a
//!   collection; the walk does not continue.
//! - **Bound operations**: at every node the walk visits, the actions (`POST`) and
//!   functions (`GET`) whose binding parameter is the node's type or one of its base
//!   types (single-entity nodes), or `Collection(..)` of it (the list node of a
//!   collection), at `<path>/<qualified name>`; a function with parameters besides
//!   the binding one gets `(p1={},p2={})`, in declaration order.
//! - **Capability annotations** (`Org.OData.Capabilities.V1`) remove routes:
//!   `InsertRestrictions/Insertable=false` the `POST` that creates, `UpdateRestrictions/
//!   Updatable=false` the `PATCH`, `DeleteRestrictions/Deletable=false` the `DELETE`,
//!   `CountRestrictions/Countable=false` the `$count`. A structural collection
//!   property whose target says `InsertRestrictions/Insertable=true` gets
//!   `POST <path>/<property>` (as `alert/comments` does).
//!
//! An annotation is looked up on these targets, most specific first, and the first
//! one that states the property decides:
//!
//! 1. the container path without key segments
//!    (`microsoft.graph.GraphService/security/incidents`);
//! 2. the navigation property on the type the node belongs to, then on its base types
//!    (`microsoft.graph.security/incidents`); for a structural property likewise
//!    (`microsoft.graph.security.alert/comments`);
//! 3. for navigation nodes, the target entity type (`microsoft.graph.security.incident`).
//!
//! A type already on the current path is not re-entered: its node gets its own
//! routes (methods and bound operations) but its navigation properties are not
//! followed again, which keeps the walk finite on cyclic containment.
//!
//! The result is sorted (by path, then method) and free of duplicates.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::ir::{
    Capability, NavigationProperty, Operation, OperationKind, QualifiedName, Schema, TypeRef,
};
use crate::permissions::RoutePermissions;

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    /// Read (an entity, a list, a count) or call a function.
    Get,
    /// Create an entity or call an action.
    Post,
    /// Update an entity.
    Patch,
    /// Delete an entity.
    Delete,
}

impl Method {
    /// The method as written in a request line (`GET`).
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One route: a method on a path. Ordered by path, then method.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Route {
    /// The path, key segments spelled `{}`: `/security/incidents/{}`.
    pub path: String,
    /// The HTTP method.
    pub method: Method,
}

impl Route {
    /// Builds a route.
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            method,
        }
    }
}

impl fmt::Display for Route {
    /// `GET /security/incidents/{}`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.path)
    }
}

/// What a [`Node`] of the URL tree addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NodeKind {
    /// A singleton of the container (`/security`).
    Singleton,
    /// A contained collection (`/security/incidents`). Its one child is the
    /// [`Item`](NodeKind::Item) node.
    Collection,
    /// One entity of a contained collection, by key (`/security/incidents/{}`).
    Item,
    /// A contained single-valued navigation property (`/security/cases`).
    Single,
    /// A non-contained collection (a reference): read only, not walked further.
    /// Its one child is the [`ReferenceItem`](NodeKind::ReferenceItem) node.
    ReferenceCollection,
    /// One entity of a non-contained collection, by key: read only.
    ReferenceItem,
    /// A non-contained single-valued navigation property: read only.
    ReferenceSingle,
}

impl NodeKind {
    /// Whether the node is a collection (its entities are listed, counted, created).
    pub fn is_collection(self) -> bool {
        matches!(self, NodeKind::Collection | NodeKind::ReferenceCollection)
    }
}

/// What an operation of a node does.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verb {
    /// `GET` one entity (singleton, item, single-valued navigation).
    Get,
    /// `GET` a collection: one page of its entities.
    List,
    /// `GET <collection>/$count`.
    Count,
    /// `POST` a new entity to a collection.
    Create,
    /// `PATCH` an entity.
    Update,
    /// `DELETE` an entity.
    Delete,
    /// `POST <entity>/<property>`: add an item to a structural collection property
    /// that the capability annotations make insertable.
    AddToProperty {
        /// The property's wire name.
        property: String,
        /// The property's type (a collection).
        ty: TypeRef,
    },
    /// A bound action (`POST`): index into [`Schema::operations`].
    Action(usize),
    /// A bound function (`GET`): index into [`Schema::operations`].
    Function(usize),
}

/// The OData query options an operation accepts, after the capability
/// annotations (`FilterRestrictions/Filterable`, `SearchRestrictions/Searchable`,
/// `SortRestrictions/Sortable`, `ExpandRestrictions/Expandable`,
/// `SelectSupport/Supported`, `TopSupported`, `SkipSupported`,
/// `CountRestrictions/Countable`). Lists take all of them, reads `$select` and
/// `$expand`, counts `$filter` and `$search`; other operations none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct QuerySupport {
    /// `$filter`.
    pub filter: bool,
    /// `$search`.
    pub search: bool,
    /// `$orderby`.
    pub orderby: bool,
    /// `$expand`.
    pub expand: bool,
    /// `$select`.
    pub select: bool,
    /// `$top`.
    pub top: bool,
    /// `$skip`.
    pub skip: bool,
    /// `$count=true`.
    pub count: bool,
}

impl QuerySupport {
    /// The options an operation of `verb` can take at all.
    pub fn applicable(verb: &Verb) -> Self {
        match verb {
            Verb::List => Self::from_flags([true; 8]),
            Verb::Get => QuerySupport {
                expand: true,
                select: true,
                ..QuerySupport::default()
            },
            Verb::Count => QuerySupport {
                filter: true,
                search: true,
                ..QuerySupport::default()
            },
            _ => QuerySupport::default(),
        }
    }

    /// Each option's `$` name and the name of its marker trait in the client's
    /// `supports` module, in the order of [`flags`](Self::flags).
    pub const NAMES: [(&'static str, &'static str); 8] = [
        ("$filter", "FilterOption"),
        ("$search", "SearchOption"),
        ("$orderby", "OrderByOption"),
        ("$expand", "ExpandOption"),
        ("$select", "SelectOption"),
        ("$top", "TopOption"),
        ("$skip", "SkipOption"),
        ("$count", "CountOption"),
    ];

    /// Whether each option is accepted, in the order of [`NAMES`](Self::NAMES).
    pub fn flags(&self) -> [bool; 8] {
        [
            self.filter,
            self.search,
            self.orderby,
            self.expand,
            self.select,
            self.top,
            self.skip,
            self.count,
        ]
    }

    fn from_flags(f: [bool; 8]) -> Self {
        let [filter, search, orderby, expand, select, top, skip, count] = f;
        QuerySupport {
            filter,
            search,
            orderby,
            expand,
            select,
            top,
            skip,
            count,
        }
    }

    /// The options both accept.
    pub fn intersect(&self, other: &QuerySupport) -> Self {
        let (a, b) = (self.flags(), other.flags());
        Self::from_flags(std::array::from_fn(|i| a[i] && b[i]))
    }

    /// The options `self` has and `other` has not, by their `$` names.
    pub fn missing_from(&self, other: &QuerySupport) -> Vec<&'static str> {
        self.flags()
            .into_iter()
            .zip(other.flags())
            .zip(Self::NAMES)
            .filter(|((a, b), _)| *a && !*b)
            .map(|(_, (name, _))| name)
            .collect()
    }

    /// The marker trait names of the accepted options.
    pub fn traits(&self) -> Vec<&'static str> {
        self.flags()
            .into_iter()
            .zip(Self::NAMES)
            .filter(|(accepted, _)| *accepted)
            .map(|(_, (_, tr))| tr)
            .collect()
    }
}

/// One operation on a node: a method on a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeOperation {
    /// What it does.
    pub verb: Verb,
    /// The route (method and path template).
    pub route: Route,
    /// The query options it accepts.
    pub query: QuerySupport,
}

/// A node of the URL tree: a path and the entities it addresses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// The last named segment: the singleton or navigation property name (for
    /// item nodes, the collection's name).
    pub name: String,
    /// The path template (`/security/incidents/{}`).
    pub path: String,
    /// What the node addresses.
    pub kind: NodeKind,
    /// The entity type addressed (for collections, the type of their items).
    pub ty: QualifiedName,
    /// The operations at this node and at its operation segments (`$count`,
    /// bound operations, insertable properties), in a stable order.
    pub operations: Vec<NodeOperation>,
    /// The nodes one navigation or key segment below.
    pub children: Vec<Node>,
}

impl Node {
    /// This node and every node below it, depth first, parents before children.
    pub fn walk(&self) -> Vec<&Node> {
        let mut out = vec![self];
        for child in &self.children {
            out.extend(child.walk());
        }
        out
    }
}

/// One generated operation: its route and the Rust call that makes it (named by the
/// request emitter, [`crate::emit::requests::calls`]).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Call {
    /// The route (`GET /security/incidents/{}`).
    pub route: Route,
    /// The Rust call path (`client.security().incidents().by_id(..).get()`).
    pub rust: String,
}

/// Where the permissions of a route come from (the imported permission facts; see
/// [`crate::Pin::route_permissions`]).
pub type PermissionLookup<'a> = &'a dyn Fn(&Route) -> RoutePermissions;

/// The text of `cargo xtask routes`: one line per operation of `calls`, sorted as
/// given, `METHOD /path`, a tab, `documented` or `undocumented` (whether Microsoft's
/// API reference has the operation: its permissions reference or its index of pages,
/// as `documented` says), a tab, the Rust call; a deprecated operation has one more
/// column, `deprecated (removal YYYY-MM-DD)` (see [`crate::deprecations`]).
pub fn listing(
    calls: &[Call],
    documented: &dyn Fn(&Route) -> bool,
    deprecated: &BTreeMap<Route, crate::ir::Deprecation>,
) -> String {
    let mut out = String::new();
    for call in calls {
        let documented = if documented(&call.route) {
            "documented"
        } else {
            "undocumented"
        };
        out.push_str(&format!("{}\t{documented}\t{}", call.route, call.rust));
        if let Some(d) = deprecated.get(&call.route) {
            out.push_str(&format!("\t{d}"));
        }
        out.push('\n');
    }
    out
}

/// The URL tree below the container's singletons (see the [module
/// documentation](self) for the rules), one root per singleton whose type is in
/// the schema.
pub fn tree(schema: &Schema) -> Vec<Node> {
    let walker = Walker { schema };
    let container = schema
        .container
        .name
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    let mut roots = Vec::new();
    for singleton in &schema.container.singletons {
        if !schema.structured.contains_key(&singleton.ty) {
            continue;
        }
        let path = format!("/{}", singleton.name);
        let container_path = format!("{container}/{}", singleton.name);
        let targets = [container_path.clone(), singleton.ty.to_string()];
        let mut node = Node {
            name: singleton.name.clone(),
            path: path.clone(),
            kind: NodeKind::Singleton,
            ty: singleton.ty.clone(),
            operations: Vec::new(),
            children: Vec::new(),
        };
        node.push(Verb::Get, Method::Get, &path);
        if walker.allows(&targets, Capability::Updatable) {
            node.push(Verb::Update, Method::Patch, &path);
        }
        node.restrict_queries(&walker, &targets);
        walker.entity(&mut node, &container_path, &mut Vec::new());
        roots.push(node);
    }
    roots
}

/// Every route below the container's singletons, sorted and deduplicated (see the
/// [module documentation](self) for the rules).
pub fn routes(schema: &Schema) -> Vec<Route> {
    let mut out = BTreeSet::new();
    for root in tree(schema) {
        for node in root.walk() {
            out.extend(node.operations.iter().map(|op| op.route.clone()));
        }
    }
    out.into_iter().collect()
}

impl Node {
    fn push(&mut self, verb: Verb, method: Method, path: &str) {
        let query = QuerySupport::applicable(&verb);
        self.operations.push(NodeOperation {
            verb,
            route: Route::new(method, path),
            query,
        });
    }

    /// Narrows the query options of the operations pushed so far by what the
    /// capability annotations on `targets` say.
    fn restrict_queries(&mut self, walker: &Walker<'_>, targets: &[String]) {
        let said = walker.query_support(targets);
        for op in &mut self.operations {
            op.query = op.query.intersect(&said);
        }
    }
}

/// The walk's state: the schema.
struct Walker<'s> {
    schema: &'s Schema,
}

impl Walker<'_> {
    /// A single-entity node: its bound operations, its insertable collection
    /// properties and its navigation properties.
    fn entity(&self, node: &mut Node, container_path: &str, stack: &mut Vec<QualifiedName>) {
        let ty = node.ty.clone();
        let path = node.path.clone();
        self.operations(node, false);
        let schema = self.schema;
        for p in schema.all_properties(&ty) {
            if !p.ty.collection {
                continue;
            }
            let mut targets = vec![format!("{container_path}/{}", p.name)];
            targets.extend(self.member_targets(&ty, &p.name));
            if self.capability(&targets, Capability::Insertable) == Some(true) {
                let verb = Verb::AddToProperty {
                    property: p.name.clone(),
                    ty: p.ty.clone(),
                };
                node.push(verb, Method::Post, &format!("{path}/{}", p.name));
            }
        }
        if stack.contains(&ty) {
            return;
        }
        stack.push(ty.clone());
        for nav in schema.all_navigation(&ty) {
            if let Some(child) = self.navigation(&path, container_path, &ty, nav, stack) {
                node.children.push(child);
            }
        }
        stack.pop();
    }

    /// The node of navigation property `nav` of a node of type `owner` at `parent`.
    fn navigation(
        &self,
        parent: &str,
        parent_container_path: &str,
        owner: &QualifiedName,
        nav: &NavigationProperty,
        stack: &mut Vec<QualifiedName>,
    ) -> Option<Node> {
        let target = nav.ty.named()?;
        if !self.schema.structured.contains_key(target) {
            return None;
        }
        let path = format!("{parent}/{}", nav.name);
        let item_path = format!("{path}/{{}}");
        let new_node = |kind: NodeKind, path: &str| Node {
            name: nav.name.clone(),
            path: path.to_string(),
            kind,
            ty: target.clone(),
            operations: Vec::new(),
            children: Vec::new(),
        };
        if !nav.contains_target {
            let mut targets = self.member_targets(owner, &nav.name);
            targets.push(target.to_string());
            if nav.ty.collection {
                let mut list = new_node(NodeKind::ReferenceCollection, &path);
                list.push(Verb::List, Method::Get, &path);
                list.restrict_queries(self, &targets);
                let mut item = new_node(NodeKind::ReferenceItem, &item_path);
                item.push(Verb::Get, Method::Get, &item_path);
                item.restrict_queries(self, &targets);
                list.children.push(item);
                return Some(list);
            }
            let mut single = new_node(NodeKind::ReferenceSingle, &path);
            single.push(Verb::Get, Method::Get, &path);
            single.restrict_queries(self, &targets);
            return Some(single);
        }
        let container_path = format!("{parent_container_path}/{}", nav.name);
        let mut targets = vec![container_path.clone()];
        targets.extend(self.member_targets(owner, &nav.name));
        targets.push(target.to_string());

        let mut entity = if nav.ty.collection {
            new_node(NodeKind::Item, &item_path)
        } else {
            new_node(NodeKind::Single, &path)
        };
        entity.push(Verb::Get, Method::Get, &entity.path.clone());
        if self.allows(&targets, Capability::Updatable) {
            entity.push(Verb::Update, Method::Patch, &entity.path.clone());
        }
        if self.allows(&targets, Capability::Deletable) {
            entity.push(Verb::Delete, Method::Delete, &entity.path.clone());
        }
        entity.restrict_queries(self, &targets);
        self.entity(&mut entity, &container_path, stack);
        if !nav.ty.collection {
            return Some(entity);
        }
        let mut list = new_node(NodeKind::Collection, &path);
        list.push(Verb::List, Method::Get, &path);
        if self.allows(&targets, Capability::Insertable) {
            list.push(Verb::Create, Method::Post, &path);
        }
        if self.allows(&targets, Capability::Countable) {
            list.push(Verb::Count, Method::Get, &format!("{path}/$count"));
        }
        list.restrict_queries(self, &targets);
        self.operations(&mut list, true);
        list.children.push(entity);
        Some(list)
    }

    /// The bound operations of a node (of a list of its type when `collection`).
    fn operations(&self, node: &mut Node, collection: bool) {
        let schema = self.schema;
        let mut types = vec![node.ty.clone()];
        types.extend(
            schema
                .ancestors(&node.ty)
                .into_iter()
                .map(|t| t.name.clone()),
        );
        let path = node.path.clone();
        for (index, op) in schema.operations.iter().enumerate() {
            let binds = op
                .binding()
                .is_some_and(|b| binds_to(&b.ty, &types, collection));
            if binds {
                let (verb, method) = match op.kind {
                    OperationKind::Action => (Verb::Action(index), Method::Post),
                    OperationKind::Function => (Verb::Function(index), Method::Get),
                };
                node.push(verb, method, &format!("{path}/{}", operation_segment(op)));
            }
        }
    }

    /// `owner/member`, then the same on each base type of `owner`, nearest first.
    fn member_targets(&self, owner: &QualifiedName, member: &str) -> Vec<String> {
        let mut out = vec![format!("{owner}/{member}")];
        out.extend(
            self.schema
                .ancestors(owner)
                .into_iter()
                .map(|t| format!("{}/{member}", t.name)),
        );
        out
    }

    /// What the first target that states `capability` says of it.
    fn capability(&self, targets: &[String], capability: Capability) -> Option<bool> {
        targets
            .iter()
            .find_map(|target| self.schema.capabilities(target).get(capability))
    }

    /// What the annotations on `targets` say of the query options (`true`
    /// where nothing is said).
    fn query_support(&self, targets: &[String]) -> QuerySupport {
        QuerySupport {
            filter: self.allows(targets, Capability::Filterable),
            search: self.allows(targets, Capability::Searchable),
            orderby: self.allows(targets, Capability::Sortable),
            expand: self.allows(targets, Capability::Expandable),
            select: self.allows(targets, Capability::SelectSupported),
            top: self.capability(targets, Capability::TopSupported) != Some(false),
            skip: self.capability(targets, Capability::SkipSupported) != Some(false),
            count: self.allows(targets, Capability::Countable),
        }
    }

    /// Unless the targets say `capability` is false.
    fn allows(&self, targets: &[String], capability: Capability) -> bool {
        self.capability(targets, capability) != Some(false)
    }
}

/// Whether a binding parameter of type `binding` applies to a node of one of `types`.
fn binds_to(binding: &TypeRef, types: &[QualifiedName], collection: bool) -> bool {
    binding.collection == collection && binding.named().is_some_and(|n| types.contains(n))
}

/// `microsoft.graph.security.runHuntingQuery`, or for a function with parameters
/// `ns.f(p1={},p2={})`.
fn operation_segment(op: &Operation) -> String {
    let params: Vec<String> = op
        .parameters
        .iter()
        .skip(usize::from(op.is_bound))
        .map(|p| format!("{}={{}}", p.name))
        .collect();
    if op.kind == OperationKind::Function && !params.is_empty() {
        format!("{}({})", op.name, params.join(","))
    } else {
        op.name.to_string()
    }
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
        let nodes: Vec<(&str, NodeKind, String)> = roots[0]
            .walk()
            .into_iter()
            .map(|n| (n.path.as_str(), n.kind, n.ty.name.clone()))
            .collect();
        let expect = |path: &str, kind: NodeKind, ty: &str| {
            assert!(
                nodes.contains(&(path, kind, ty.to_string())),
                "{path} {kind:?} {ty} not in {nodes:#?}"
            );
        };
        expect("/security", NodeKind::Singleton, "security");
        expect("/security/incidents", NodeKind::Collection, "incident");
        expect("/security/incidents/{}", NodeKind::Item, "incident");
        expect(
            "/security/incidents/{}/alerts/{}/incident",
            NodeKind::Single,
            "incident",
        );
        expect("/security/root", NodeKind::Single, "caseRoot");
        expect("/security/owner", NodeKind::ReferenceSingle, "user");
        expect("/security/users", NodeKind::ReferenceCollection, "user");
        expect("/security/users/{}", NodeKind::ReferenceItem, "user");
        // Parents come before children, and a collection's only child is its item.
        let incidents = &roots[0].children[0];
        assert_eq!(incidents.path, "/security/incidents");
        assert_eq!(incidents.children.len(), 1);
        let verbs: Vec<&Verb> = incidents.operations.iter().map(|o| &o.verb).collect();
        assert!(verbs.contains(&&Verb::List) && verbs.contains(&&Verb::Count));
        assert!(!verbs.contains(&&Verb::Create), "Insertable=false");
        assert!(
            verbs.iter().any(
                |v| matches!(v, Verb::Action(i) if schema.operations[*i].name.name == "merge")
            ),
            "the action bound to the collection"
        );
        let item = &incidents.children[0];
        assert!(
            item.operations
                .iter()
                .any(|o| matches!(&o.verb, Verb::AddToProperty { property, .. } if property == "comments")),
            "Insertable=true on a structural collection"
        );
    }

    #[test]
    fn no_container_no_routes() {
        assert!(routes(&Schema::default()).is_empty());
    }
}
