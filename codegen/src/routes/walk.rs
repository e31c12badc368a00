//! [`tree`]: the walk from the container's singletons down the URL tree, by the
//! rules of the [module documentation](super).

use super::{Method, QuerySupport, Route, RouteNode, RouteNodeKind, RouteOperation, Verb};
use crate::ir::{
    Capability, NavigationProperty, Operation, OperationKind, QualifiedName, Schema, TypeRef,
};

/// The URL tree below the container's singletons (see the [module
/// documentation](super) for the rules), one root per singleton whose type is in
/// the schema.
pub fn tree(schema: &Schema) -> Vec<RouteNode> {
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
        let mut node = RouteNode {
            name: singleton.name.clone(),
            path: path.clone(),
            kind: RouteNodeKind::Singleton,
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

impl RouteNode {
    fn push(&mut self, verb: Verb, method: Method, path: &str) {
        let query = QuerySupport::applicable(&verb);
        self.operations.push(RouteOperation {
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
    fn entity(&self, node: &mut RouteNode, container_path: &str, stack: &mut Vec<QualifiedName>) {
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
    ) -> Option<RouteNode> {
        let target = nav.ty.named()?;
        if !self.schema.structured.contains_key(target) {
            return None;
        }
        let path = format!("{parent}/{}", nav.name);
        let item_path = format!("{path}/{{}}");
        let new_node = |kind: RouteNodeKind, path: &str| RouteNode {
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
                let mut list = new_node(RouteNodeKind::ReferenceCollection, &path);
                list.push(Verb::List, Method::Get, &path);
                list.restrict_queries(self, &targets);
                let mut item = new_node(RouteNodeKind::ReferenceItem, &item_path);
                item.push(Verb::Get, Method::Get, &item_path);
                item.restrict_queries(self, &targets);
                list.children.push(item);
                return Some(list);
            }
            let mut single = new_node(RouteNodeKind::ReferenceSingle, &path);
            single.push(Verb::Get, Method::Get, &path);
            single.restrict_queries(self, &targets);
            return Some(single);
        }
        let container_path = format!("{parent_container_path}/{}", nav.name);
        let mut targets = vec![container_path.clone()];
        targets.extend(self.member_targets(owner, &nav.name));
        targets.push(target.to_string());

        let mut entity = if nav.ty.collection {
            new_node(RouteNodeKind::Item, &item_path)
        } else {
            new_node(RouteNodeKind::Single, &path)
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
        let mut list = new_node(RouteNodeKind::Collection, &path);
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
    fn operations(&self, node: &mut RouteNode, collection: bool) {
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
