//! URL-tree naming: one struct, accessor and method name per node of the tree,
//! one parameters struct name per action or function, and the Rust call of each
//! operation ([`calls`], what `cargo xtask routes` lists). Named once, read by
//! every other part of the request emitter.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::Error;
use crate::ir::Schema;
use crate::names::{self, Scope};
use crate::permissions::RoutePermissions;
use crate::routes::{self, Call, RouteNode, RouteNodeKind, Verb};

/// The names of one node's request builder: its struct, accessor and methods.
#[derive(Debug)]
pub(super) struct BuilderNames {
    /// The struct (`IncidentsItemRequest`).
    pub(super) ty: String,
    /// The method on the parent that reaches this node (`incidents`, `by_id`).
    pub(super) accessor: String,
    /// The Rust call path from the client to this node.
    pub(super) call: String,
    /// The file (module) the struct lives in.
    pub(super) module: String,
    /// One method name per operation, in the node's operation order.
    pub(super) methods: Vec<String>,
}

/// Names for the whole tree, keyed by node path.
#[derive(Debug)]
pub(super) struct RequestPlan {
    pub(super) nodes: BTreeMap<String, BuilderNames>,
    /// Parameters struct per operation index.
    pub(super) parameters: BTreeMap<usize, String>,
    /// The constant of each non-empty permission set (in `requests/permissions.rs`),
    /// with the areas whose operations use it.
    pub(super) permission_sets: BTreeMap<RoutePermissions, (String, BTreeSet<String>)>,
    /// The deprecated routes and nodes ([`crate::deprecations::of_tree`]).
    pub(super) deprecated: crate::deprecations::TreeDeprecations,
}

/// Every generated operation with its Rust call, sorted by route.
pub fn calls(schema: &Schema) -> Vec<Call> {
    let tree = routes::tree(schema);
    let names = plan_names(schema, &tree);
    let mut out = Vec::new();
    for root in &tree {
        for node in root.walk() {
            let Some(n) = names.nodes.get(&node.path) else {
                continue;
            };
            for (op, method) in node.operations.iter().zip(&n.methods) {
                let args = match &op.verb {
                    Verb::Create | Verb::Update | Verb::AddToProperty { .. } => "(..)",
                    Verb::Action(i) | Verb::Function(i) if names.parameters.contains_key(i) => {
                        "(..)"
                    }
                    _ => "()",
                };
                out.push(Call {
                    route: op.route.clone(),
                    rust: format!("{}.{method}{args}", n.call),
                });
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

pub(super) fn builder_names<'a>(
    names: &'a RequestPlan,
    node: &RouteNode,
) -> Result<&'a BuilderNames, Error> {
    names.nodes.get(&node.path).ok_or_else(|| Error::Other {
        message: format!("internal: no names for `{}`", node.path),
    })
}

/// Names every node, method and parameters struct.
pub(super) fn plan_names(schema: &Schema, tree: &[RouteNode]) -> RequestPlan {
    let mut types = Scope::with_reserved(&["Client", "RequestPath"]);
    let mut plan = RequestPlan {
        nodes: BTreeMap::new(),
        parameters: BTreeMap::new(),
        permission_sets: BTreeMap::new(),
        deprecated: crate::deprecations::of_tree(schema),
    };
    let several_roots = tree.len() > 1;
    for root in tree {
        let root_ty = types.claim(&format!("{}Request", names::variant(&root.name)));
        let accessor = names::snake(&root.name);
        let accessor = if names::is_keyword(&accessor) {
            format!("{accessor}_")
        } else {
            accessor
        };
        let call = format!("client.{accessor}()");
        let prefix = if several_roots {
            names::variant(&root.name)
        } else {
            String::new()
        };
        let module = names::file_stem(&root.name);
        name_node(
            root,
            BuilderNames {
                ty: root_ty,
                accessor,
                call,
                module: module.clone(),
                methods: Vec::new(),
            },
            &prefix,
            &mut types,
            &mut plan,
        );
    }
    // Parameters structs: `<BindingType>[Collection]<Operation>Parameters`, always
    // qualified by the binding type so that a new overload elsewhere never renames
    // an existing struct.
    let used: std::collections::BTreeSet<usize> = tree
        .iter()
        .flat_map(|r| r.walk())
        .flat_map(|n| n.operations.iter())
        .filter_map(|op| match op.verb {
            Verb::Action(i) | Verb::Function(i) => Some(i),
            _ => None,
        })
        .collect();
    for &i in &used {
        let Some(op) = schema.operations.get(i) else {
            continue;
        };
        if op.parameters.len() <= usize::from(op.is_bound) {
            continue;
        }
        let binding = op
            .binding()
            .and_then(|b| b.ty.named())
            .map(|n| names::variant(&n.name))
            .unwrap_or_default();
        let collection = if op.binding().is_some_and(|b| b.ty.collection) {
            "Collection"
        } else {
            ""
        };
        let wanted = format!(
            "{binding}{collection}{}Parameters",
            names::variant(&op.name.name)
        );
        plan.parameters.insert(i, types.claim(&wanted));
    }
    plan
}

/// Names a node's methods and its children, recursively.
pub(super) fn name_node(
    node: &RouteNode,
    mut names_here: BuilderNames,
    prefix: &str,
    types: &mut Scope,
    plan: &mut RequestPlan,
) {
    let mut methods = Scope::with_reserved(&["request_path", "path", "clone", "fmt"]);
    for op in &node.operations {
        let wanted = match &op.verb {
            Verb::Get => String::from("get"),
            Verb::List => String::from("list"),
            Verb::Count => String::from("count"),
            Verb::Create => String::from("create"),
            Verb::Update => String::from("update"),
            Verb::Delete => String::from("delete"),
            Verb::AddToProperty { property, .. } => format!("add_{}", names::snake(property)),
            Verb::Action(_) | Verb::Function(_) => {
                let segment = op.route.path.rsplit('/').next().unwrap_or_default();
                let name = segment.split('(').next().unwrap_or(segment);
                let name = name.rsplit('.').next().unwrap_or(name);
                names::snake(name)
            }
        };
        let wanted = if names::is_keyword(&wanted) {
            format!("{wanted}_")
        } else {
            wanted
        };
        names_here.methods.push(methods.claim(&wanted));
    }
    let mut children = Vec::new();
    for child in &node.children {
        let (accessor, call_args, piece) = if matches!(
            child.kind,
            RouteNodeKind::Item | RouteNodeKind::ReferenceItem
        ) {
            (String::from("by_id"), "(..)", String::from("Item"))
        } else {
            let a = names::snake(&child.name);
            let a = if names::is_keyword(&a) {
                format!("{a}_")
            } else {
                a
            };
            (a, "()", names::variant(&child.name))
        };
        let accessor = methods.claim(&accessor);
        let base = names_here.ty.trim_end_matches("Request");
        let base = if node.kind == RouteNodeKind::Singleton {
            prefix
        } else {
            base
        };
        let ty = types.claim(&format!("{base}{piece}Request"));
        let module = if node.kind == RouteNodeKind::Singleton {
            names::file_stem(&child.name)
        } else {
            names_here.module.clone()
        };
        let call = format!("{}.{accessor}{call_args}", names_here.call);
        children.push((
            child,
            BuilderNames {
                ty,
                accessor,
                call,
                module,
                methods: Vec::new(),
            },
        ));
    }
    plan.nodes.insert(node.path.clone(), names_here);
    for (child, child_names) in children {
        name_node(child, child_names, prefix, types, plan);
    }
}
