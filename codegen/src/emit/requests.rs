//! The URL tree ([`crate::routes::tree`]) -> request builder source text.
//!
//! One struct per node of the tree (`IncidentsRequest` for `/security/incidents`,
//! `IncidentsItemRequest` for `/security/incidents/{}`), holding the client and the
//! node's encoded path. Its methods are the node's operations (`get`, `list`,
//! `count`, `create`, `update`, `delete`, one per bound action or function, `add_*`
//! for insertable collection properties), each returning a request value of the
//! hand-written client runtime, and one accessor per child node (`alerts()`,
//! `by_id(..)`). Actions and functions with parameters get a parameters struct.
//! Every operation carries an `OperationInfo` (method, path template, permissions).
//!
//! [`plan`] names everything once; [`emit`] and [`calls`] both read the names, so
//! the route listing always matches the generated code.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::names::{self, Scope};
use super::plan::{FieldShape, ValueType};
use super::table::{self, MacroCall};
use super::{Plan, Segment, Settings, docs, render, structs};
use crate::error::Error;
use crate::ir::{
    Operation, OperationKind, Primitive, QualifiedName, Schema, TypeDef, TypeRef, TypeTarget,
};
use crate::routes::{self, Method, Node, NodeKind, QuerySupport, Route, Verb};

/// The permissions an operation needs, as the emitter writes them.
pub use crate::permissions::RoutePermissions as OperationPermissions;

/// Where the permissions of a route come from (the imported permission facts).
pub type PermissionLookup<'a> = &'a dyn Fn(&Route) -> OperationPermissions;

/// One generated operation: its route and the Rust call that makes it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Call {
    /// The route (`GET /security/incidents/{}`).
    pub route: Route,
    /// The Rust call path (`client.security().incidents().by_id(..).get()`).
    pub rust: String,
}

/// The names of one node's struct, accessor and methods.
#[derive(Debug)]
struct NodeNames {
    /// The struct (`IncidentsItemRequest`).
    ty: String,
    /// The method on the parent that reaches this node (`incidents`, `by_id`).
    accessor: String,
    /// The Rust call path from the client to this node.
    call: String,
    /// The file (module) the struct lives in.
    module: String,
    /// One method name per operation, in the node's operation order.
    methods: Vec<String>,
}

/// Names for the whole tree, keyed by node path.
#[derive(Debug)]
struct RequestPlan {
    nodes: BTreeMap<String, NodeNames>,
    /// Parameters struct per operation index.
    parameters: BTreeMap<usize, String>,
    /// The constant of each non-empty permission set (in `requests/permissions.rs`),
    /// with the areas whose operations use it.
    permission_sets: BTreeMap<OperationPermissions, (String, BTreeSet<String>)>,
}

/// The request builder files, keyed by path relative to the requests directory.
pub fn emit(
    schema: &Schema,
    settings: &Settings,
    permissions: PermissionLookup<'_>,
) -> Result<BTreeMap<String, String>, Error> {
    emit_of(&Plan::new(schema, settings.clone())?, permissions)
}

/// [`emit`] for a plan already made.
pub fn emit_of(
    plan: &Plan<'_>,
    permissions: PermissionLookup<'_>,
) -> Result<BTreeMap<String, String>, Error> {
    let (schema, settings) = (plan.schema, &plan.settings);
    let tree = routes::tree(schema);
    let mut names = plan_names(schema, &tree);
    names.permission_sets = permission_sets(plan, &tree, permissions);
    let mut modules: BTreeMap<String, Vec<TokenStream>> = BTreeMap::new();
    let mut root_methods = Vec::new();
    let mut root_impls = Vec::new();
    let client = &settings.client;
    let requests = &settings.requests;
    for root in &tree {
        let root_names = node_names(&names, root)?;
        let ty = format_ident!("{}", root_names.ty);
        let accessor = format_ident!("{}", root_names.accessor);
        let segment = &root.name;
        let doc = docs::outer(&[
            format!("Requests below `{}`.", root.path),
            String::new(),
            format!("See [`{}`] for what is there.", root_names.ty),
        ]);
        root_methods.push(quote! {
            #doc
            fn #accessor(&self) -> #requests::#ty;
        });
        root_impls.push(quote! {
            fn #accessor(&self) -> #requests::#ty {
                #requests::#ty(#client::Node::root(self, #segment))
            }
        });
    }
    // Branch files name the client module through a `use` line and their sibling
    // request types through `super`, for shorter lines.
    let mut branch_settings = settings.clone();
    branch_settings.client = syn::parse_quote!(client);
    branch_settings.requests = syn::parse_quote!(super);
    let branch_plan = plan.with_settings(branch_settings);
    let client_use = match client.segments.last() {
        Some(last) if last.ident == "client" => quote!(use #client;),
        _ => quote!(use #client as client;),
    };
    for root in &tree {
        for node in root.walk() {
            let node_names = node_names(&names, node)?;
            let tokens = emit_node(&branch_plan, &names, node, node_names, permissions)?;
            modules
                .entry(node_names.module.clone())
                .or_default()
                .push(tokens);
        }
    }

    let mut files = BTreeMap::new();
    let mut mod_items = Vec::new();
    // Each branch below a singleton is a module of its own, gated by its area.
    let mut module_cfg = BTreeMap::new();
    for root in &tree {
        for child in &root.children {
            let cfg = area_cfg(plan, plan.areas.area_of_path(&child.path));
            module_cfg.insert(names::file_stem(&child.name), cfg);
        }
    }
    for (module, items) in &modules {
        let ident = names::ident(module);
        let cfg = module_cfg.get(module).cloned().flatten();
        mod_items.push(quote!(#cfg mod #ident; #cfg pub use self::#ident::*;));
        let path = format!("{module}.rs");
        let doc = docs::inner(&[format!("Request builders of the `{module}` branch.")]);
        files.insert(
            path.clone(),
            render(
                plan,
                &path,
                doc,
                &[Segment::Items(quote!(#client_use #(#items)*))],
            )?,
        );
    }
    if !names.parameters.is_empty() {
        let mut segments = Vec::new();
        for (index, name) in &names.parameters {
            let op = schema.operations.get(*index).ok_or_else(|| Error::Other {
                message: format!("internal: no operation #{index}"),
            })?;
            let area = tree
                .iter()
                .flat_map(|root| root.walk())
                .flat_map(|node| &node.operations)
                .find(|o| matches!(o.verb, Verb::Action(i) | Verb::Function(i) if i == *index))
                .and_then(|o| plan.areas.area_of_route(&o.route));
            let cfg = area.and_then(|a| plan.cfg_text(&std::iter::once(a.to_string()).collect()));
            segments.extend(emit_parameters(plan, op, name, cfg)?);
        }
        let path = String::from("parameters.rs");
        let doc = docs::inner(&[String::from(
            "Parameters of the actions and functions that take any.",
        )]);
        files.insert(path.clone(), render(plan, &path, doc, &segments)?);
        mod_items.push(quote!(
            mod parameters;
            // Empty when no area with parameters is on.
            #[allow(unused_imports)]
            pub use self::parameters::*;
        ));
    }
    let trait_doc = docs::outer(&[
        format!(
            "The roots of the URL tree as methods of the [`Client`]({}::Client) (`client.security()`).",
            super::table::path(client)
        ),
        String::from("Bring them into scope with `use msgraph_security::ClientExt as _;`."),
    ]);
    let root_items = quote! {
        #trait_doc
        pub trait ClientExt {
            #(#root_methods)*
        }

        impl ClientExt for #client::Client {
            #(#root_impls)*
        }
    };
    if !names.permission_sets.is_empty() {
        let path = String::from("permissions.rs");
        let doc = docs::inner(&[String::from(
            "The permission sets of the operations, from the pinned Graph permissions reference.",
        )]);
        let items = emit_permission_sets(plan, &names.permission_sets);
        files.insert(
            path.clone(),
            render(plan, &path, doc, &[Segment::Items(items)])?,
        );
        mod_items.push(quote!(
            mod permissions;
        ));
    }
    let counts = count_calls(&tree);
    let doc = docs::inner(&[
        String::from("Request builders for every URL the schema defines below its singletons."),
        String::new(),
        format!("{counts}."),
    ]);
    let path = String::from("mod.rs");
    files.insert(
        path.clone(),
        render(
            plan,
            &path,
            doc,
            &[Segment::Items(quote!(#(#mod_items)* #root_items))],
        )?,
    );
    Ok(files)
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

/// The text of `cargo xtask routes`: one line per operation, sorted,
/// `METHOD /path`, a tab, the Rust call.
pub fn listing(schema: &Schema, permissions: PermissionLookup<'_>) -> String {
    let mut out = String::new();
    for call in calls(schema) {
        let perms = permissions(&call.route);
        let documented = if perms.delegated.is_empty() && perms.application.is_empty() {
            "undocumented"
        } else {
            "documented"
        };
        out.push_str(&format!("{}\t{documented}\t{}\n", call.route, call.rust));
    }
    out
}

/// `N operations: a get, b list, ...`, for the module docs.
fn count_calls(tree: &[Node]) -> String {
    let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut total = 0;
    for root in tree {
        for node in root.walk() {
            for op in &node.operations {
                total += 1;
                *counts.entry(verb_label(&op.verb)).or_default() += 1;
            }
        }
    }
    let parts: Vec<String> = counts.iter().map(|(k, v)| format!("{v} {k}")).collect();
    format!("{total} operations: {}", parts.join(", "))
}

fn verb_label(verb: &Verb) -> &'static str {
    match verb {
        Verb::Get => "get",
        Verb::List => "list",
        Verb::Count => "count",
        Verb::Create => "create",
        Verb::Update => "update",
        Verb::Delete => "delete",
        Verb::AddToProperty { .. } => "add-to-property",
        Verb::Action(_) => "action",
        Verb::Function(_) => "function",
    }
}

fn node_names<'a>(names: &'a RequestPlan, node: &Node) -> Result<&'a NodeNames, Error> {
    names.nodes.get(&node.path).ok_or_else(|| Error::Other {
        message: format!("internal: no names for `{}`", node.path),
    })
}

/// Names every node, method and parameters struct.
fn plan_names(schema: &Schema, tree: &[Node]) -> RequestPlan {
    let mut types = Scope::with_reserved(&["Client", "Node"]);
    let mut plan = RequestPlan {
        nodes: BTreeMap::new(),
        parameters: BTreeMap::new(),
        permission_sets: BTreeMap::new(),
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
            NodeNames {
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
fn name_node(
    node: &Node,
    mut names_here: NodeNames,
    prefix: &str,
    types: &mut Scope,
    plan: &mut RequestPlan,
) {
    let mut methods = Scope::with_reserved(&["node", "path", "clone", "fmt"]);
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
        let (accessor, call_args, piece) =
            if matches!(child.kind, NodeKind::Item | NodeKind::ReferenceItem) {
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
        let base = if node.kind == NodeKind::Singleton {
            prefix
        } else {
            base
        };
        let ty = types.claim(&format!("{base}{piece}Request"));
        let module = if node.kind == NodeKind::Singleton {
            names::file_stem(&child.name)
        } else {
            names_here.module.clone()
        };
        let call = format!("{}.{accessor}{call_args}", names_here.call);
        children.push((
            child,
            NodeNames {
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

/// `#[cfg(feature = "<area>")]` for an item of one area.
fn area_cfg(plan: &Plan<'_>, area: Option<&str>) -> Option<TokenStream> {
    let area = area?;
    plan.cfg(&std::iter::once(area.to_string()).collect())
}

/// The non-empty permission sets of the operations of `tree`, each with a
/// constant name (from its least-privileged permission, `SECURITY_INCIDENT_READ_ALL`;
/// a set sharing that name with another gets `_2`, `_3`, ... in set order) and
/// the areas of the operations that use it.
fn permission_sets(
    plan: &Plan<'_>,
    tree: &[Node],
    permissions: PermissionLookup<'_>,
) -> BTreeMap<OperationPermissions, (String, BTreeSet<String>)> {
    let mut areas: BTreeMap<OperationPermissions, BTreeSet<String>> = BTreeMap::new();
    for node in tree.iter().flat_map(|root| root.walk()) {
        for op in &node.operations {
            let perms = permissions(&op.route);
            if perms.delegated.is_empty() && perms.application.is_empty() {
                continue;
            }
            let used_by = areas.entry(perms).or_default();
            used_by.extend(plan.areas.area_of_route(&op.route).map(String::from));
        }
    }
    let mut taken: BTreeMap<String, usize> = BTreeMap::new();
    areas
        .into_iter()
        .map(|(perms, used_by)| {
            let least = perms
                .least_application
                .as_deref()
                .or(perms.least_delegated.as_deref())
                .or(perms.application.first().map(String::as_str))
                .or(perms.delegated.first().map(String::as_str))
                .unwrap_or("permissions");
            let base = names::snake(&least.replace('.', "_")).to_ascii_uppercase();
            let count = taken.entry(base.clone()).or_default();
            *count += 1;
            let name = if *count == 1 {
                base
            } else {
                format!("{base}_{count}")
            };
            (perms, (name, used_by))
        })
        .collect()
}

/// `requests/permissions.rs`: one constant per permission set.
fn emit_permission_sets(
    plan: &Plan<'_>,
    sets: &BTreeMap<OperationPermissions, (String, BTreeSet<String>)>,
) -> TokenStream {
    let client = &plan.settings.client;
    let items = sets.iter().map(|(perms, (name, used_by))| {
        let ident = format_ident!("{}", name);
        let cfg = plan.cfg(used_by);
        let doc = docs::outer(&[permission_doc(perms)]);
        let opt = |v: &Option<String>| match v {
            Some(s) => quote!(Some(#s)),
            None => quote!(None),
        };
        let least_delegated = opt(&perms.least_delegated);
        let least_application = opt(&perms.least_application);
        let delegated = &perms.delegated;
        let application = &perms.application;
        quote! {
            #doc
            #cfg
            pub(crate) const #ident: #client::Permissions = #client::Permissions {
                least_delegated: #least_delegated,
                least_application: #least_application,
                delegated: &[#(#delegated),*],
                application: &[#(#application),*],
            };
        }
    });
    quote!(#(#items)*)
}

/// One node's struct and impl.
fn emit_node(
    plan: &Plan<'_>,
    names: &RequestPlan,
    node: &Node,
    here: &NodeNames,
    permissions: PermissionLookup<'_>,
) -> Result<TokenStream, Error> {
    let client = &plan.settings.client;
    let ty = format_ident!("{}", here.ty);
    let entity = element_type(plan, &node.ty)?;
    let entity_doc = plan.doc_path(&node.ty);
    let what = match node.kind {
        NodeKind::Singleton => "the singleton",
        NodeKind::Collection => "the collection of",
        NodeKind::Item => "one (by key) of",
        NodeKind::Single => "the contained",
        NodeKind::ReferenceCollection => "the referenced collection (read only) of",
        NodeKind::ReferenceItem => "one referenced (read only, by key) of",
        NodeKind::ReferenceSingle => "the referenced (read only)",
    };
    let struct_doc = docs::outer(&[
        format!(
            "Requests at `{}`: {what} [`{}`]({entity_doc}).",
            node.path, node.ty
        ),
        String::new(),
        format!("Reached by `{}`.", here.call),
    ]);

    let mut methods = Vec::new();
    let mut markers = Vec::new();
    for (op, method_name) in node.operations.iter().zip(&here.methods) {
        let marker = query_marker(plan, here, op, method_name);
        let marker_ident = marker.as_ref().map(|(ident, _)| ident.clone());
        if let Some((_, tokens)) = marker {
            markers.push(tokens);
        }
        let cx = Context {
            plan,
            names,
            permissions,
        };
        let method = emit_operation(&cx, node, op, method_name, &entity, marker_ident.as_ref())?;
        // The singleton's own operations belong to its area (the URL tree's
        // branches below it are gated as whole modules).
        let cfg = if node.kind == NodeKind::Singleton {
            area_cfg(plan, plan.areas.area_of_route(&op.route))
        } else {
            None
        };
        methods.push(quote!(#cfg #method));
        // Beside `list()`, a syncable collection's `sync()` (emit/sync.rs).
        let options = marker_ident
            .as_ref()
            .map(|m| quote!(, #m))
            .unwrap_or_default();
        methods.extend(super::sync::method(
            plan,
            node,
            op,
            method_name,
            &entity,
            &options,
        ));
    }
    for child in &node.children {
        let child_names = node_names(names, child)?;
        let child_ty = format_ident!("{}", child_names.ty);
        let requests = &plan.settings.requests;
        let child_ty = quote!(#requests::#child_ty);
        let accessor = format_ident!("{}", child_names.accessor);
        if matches!(child.kind, NodeKind::Item | NodeKind::ReferenceItem) {
            let key = plan.schema.key_of(&node.ty).join(", ");
            let doc = docs::outer(&[format!(
                "The entity with the given key (`{key}`): `{}`, the key percent-encoded into one segment.",
                child.path
            )]);
            methods.push(quote! {
                #doc
                pub fn #accessor(&self, id: &str) -> #child_ty {
                    #child_ty(self.0.key(id))
                }
            });
        } else {
            let segment = &child.name;
            let doc = docs::outer(&[format!("`{}`.", child.path)]);
            let cfg = if node.kind == NodeKind::Singleton {
                area_cfg(plan, plan.areas.area_of_path(&child.path))
            } else {
                None
            };
            methods.push(quote! {
                #doc
                #cfg
                pub fn #accessor(&self) -> #child_ty {
                    #child_ty(self.0.segment(#segment))
                }
            });
        }
    }
    Ok(quote! {
        #struct_doc
        #[derive(Debug, Clone)]
        pub struct #ty(pub(crate) #client::Node);

        impl #ty {
            /// The node: the client and the encoded path.
            pub fn node(&self) -> &#client::Node {
                &self.0
            }

            #(#methods)*
        }

        #(#markers)*
    })
}

/// For an operation whose query options the capability annotations narrow: a
/// marker type implementing only the `supports` traits of the options left.
fn query_marker(
    plan: &Plan<'_>,
    here: &NodeNames,
    op: &routes::NodeOperation,
    method_name: &str,
) -> Option<(proc_macro2::Ident, TokenStream)> {
    let applicable = QuerySupport::applicable(&op.verb);
    let missing = applicable.missing_from(&op.query);
    if missing.is_empty() {
        return None;
    }
    let client = &plan.settings.client;
    let base = here.ty.trim_end_matches("Request");
    let ident = format_ident!(
        "{}{}Options",
        base,
        names::type_name(&names::variant(method_name))
    );
    // `op.query` only ever narrows what the verb can take.
    let impls = op.query.traits().into_iter().map(|tr| {
        let tr = format_ident!("{}", tr);
        quote!(impl #client::supports::#tr for #ident {})
    });
    let doc = docs::outer(&[format!(
        "The query options of `{}`: the schema's capability annotations rule out {}.",
        op.route,
        missing
            .iter()
            .map(|m| format!("`{m}`"))
            .collect::<Vec<_>>()
            .join(", ")
    )]);
    let tokens = quote! {
        #doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct #ident;
        #(#impls)*
    };
    Some((ident, tokens))
}

/// The Rust type of one entity of `ty` (its `Any` enum when it has derived types).
fn element_type(plan: &Plan<'_>, ty: &QualifiedName) -> Result<TokenStream, Error> {
    match plan.poly_path(ty)? {
        Some(poly) => Ok(poly),
        None => plan.type_path(ty),
    }
}

/// The Rust type of a value of `ty` (single; collections are wrapped by the caller).
fn value_type(plan: &Plan<'_>, owner: &QualifiedName, ty: &TypeRef) -> Result<TokenStream, Error> {
    let single = TypeRef {
        collection: false,
        target: ty.target.clone(),
    };
    match plan.value_type(owner, "", &single)? {
        Some(v) => Ok(v.rust),
        None => Ok(quote!(Vec<u8>)),
    }
}

/// What every operation method is emitted with.
struct Context<'a> {
    plan: &'a Plan<'a>,
    names: &'a RequestPlan,
    permissions: PermissionLookup<'a>,
}

/// One operation method.
fn emit_operation(
    cx: &Context<'_>,
    node: &Node,
    op: &routes::NodeOperation,
    method_name: &str,
    entity: &TokenStream,
    marker: Option<&proc_macro2::Ident>,
) -> Result<TokenStream, Error> {
    let Context {
        plan,
        names,
        permissions,
    } = *cx;
    let options = marker.map(|m| quote!(, #m)).unwrap_or_default();
    let client = &plan.settings.client;
    let method_ident = format_ident!("{}", method_name);
    let perms = permissions(&op.route);
    let info = info_tokens(plan, names, &op.route, &perms);
    // What the operation does, one sentence; the docs' first line is "`METHOD /path`: what".
    let mut doc: Vec<String> = Vec::new();
    let returns: TokenStream;
    let body: TokenStream;
    let mut args = quote!();
    match &op.verb {
        Verb::Get => {
            doc.push(String::from("Reads the entity (`$select`, `$expand`)."));
            returns = quote!(#client::Get<#entity #options>);
            body = quote!(#client::Get::new(self.0.clone(), &INFO));
        }
        Verb::List => {
            doc.push(String::from(
                "Lists the entities: one page with `send`, every page lazily with `stream` (`$filter`, `$select`, `$expand`, `$orderby`, `$top`, `$skip`, `$count`, `$search`).",
            ));
            returns = quote!(#client::List<#entity #options>);
            body = quote!(#client::List::new(self.0.clone(), &INFO));
        }
        Verb::Count => {
            doc.push(String::from("Counts the entities (`$count`)."));
            returns = if options.is_empty() {
                quote!(#client::Count)
            } else {
                quote!(#client::Count<#marker>)
            };
            body = quote!(#client::Count::new(self.0.clone(), &INFO));
        }
        Verb::Create => {
            doc.push(String::from(
                "Creates an entity; the service answers with the created entity.",
            ));
            args = quote!(, body: &#entity);
            returns = quote!(#client::Create<#entity>);
            body = quote!(#client::Create::new(self.0.clone(), &INFO, body));
        }
        Verb::Update => {
            doc.push(String::from(
                "Updates the entity: the body carries exactly the properties that are set (`Nullable::Null` clears one; absent ones are left alone).",
            ));
            args = quote!(, body: &#entity);
            returns = quote!(#client::Update<#entity>);
            body = quote!(#client::Update::new(self.0.clone(), &INFO, body));
        }
        Verb::Delete => {
            doc.push(String::from("Deletes the entity."));
            returns = quote!(#client::Delete);
            body = quote!(#client::Delete::new(self.0.clone(), &INFO));
        }
        Verb::AddToProperty { property, ty } => {
            let item = value_type(plan, &node.ty, ty)?;
            doc.push(format!(
                "Adds an item to the collection property `{property}`; the service answers with the collection."
            ));
            args = quote!(, item: &#item);
            returns = quote!(#client::ActionCall<Vec<#item>>);
            body = quote!(#client::ActionCall::new(
                self.0.segment(#property),
                &INFO,
                #client::ResultShape::Value,
                Some(item),
            ));
        }
        Verb::Action(index) | Verb::Function(index) => {
            let operation = plan
                .schema
                .operations
                .get(*index)
                .ok_or_else(|| Error::Other {
                    message: format!("internal: no operation #{index}"),
                })?;
            let (result, shape) = result_type(plan, operation)?;
            let qualified = operation.name.to_string();
            let requests = &plan.settings.requests;
            let params = names.parameters.get(index).map(|p| {
                let p = format_ident!("{}", p);
                quote!(#requests::#p)
            });
            doc.push(format!(
                "The bound {} `{}`.",
                match operation.kind {
                    OperationKind::Action => "action",
                    OperationKind::Function => "function",
                },
                operation.name
            ));
            if let Some(p) = &params {
                args = quote!(, parameters: &#p);
            }
            let shape = format_ident!("{}", shape);
            if operation.kind == OperationKind::Action {
                returns = quote!(#client::ActionCall<#result>);
                let payload = if params.is_some() {
                    quote!(Some(parameters))
                } else {
                    quote!(None::<&()>)
                };
                body = quote!(#client::ActionCall::new(
                    self.0.segment(#qualified),
                    &INFO,
                    #client::ResultShape::#shape,
                    #payload,
                ));
            } else {
                let literals = if params.is_some() {
                    quote!(&parameters.url_arguments())
                } else {
                    quote!(&[])
                };
                if shape == "Bytes" {
                    // An `Edm.Stream` result: streamed to the caller.
                    returns = quote!(#client::Download);
                    body = quote!(#client::Download::new(
                        self.0.function(#qualified, #literals),
                        &INFO,
                    ));
                } else {
                    returns = quote!(#client::FunctionCall<#result>);
                    body = quote!(#client::FunctionCall::new(
                        self.0.function(#qualified, #literals),
                        &INFO,
                        #client::ResultShape::#shape,
                    ));
                }
            }
        }
    }
    let what = doc.concat();
    let mut what_chars = what.chars();
    let what = match what_chars.next() {
        Some(first) => format!("{}{}", first.to_lowercase(), what_chars.as_str()),
        None => what,
    };
    // One paragraph: what it does, whether Microsoft documents it, its permissions.
    let documented = if perms.delegated.is_empty() && perms.application.is_empty() {
        String::from(
            "**Undocumented**: Microsoft's API reference does not document this operation (the schema implies it; \
             the service may not offer it), so no permissions are listed; `info().documented()` is `false`.",
        )
    } else {
        format!(
            "Documented in Microsoft's API reference. {}",
            permission_doc(&perms)
        )
    };
    let doc = docs::outer(&[format!("`{}`: {what} {documented}", op.route)]);
    // `#[inline]`: the method is compiled where it is called, so the body
    // serializers it instantiates are built only for the operations a program
    // uses, not for all of them in this crate.
    Ok(quote! {
        #doc
        #[inline]
        pub fn #method_ident(&self #args) -> #returns {
            #info
            #body
        }
    })
}

/// The result type of an operation and its `ResultShape` variant name.
fn result_type(plan: &Plan<'_>, op: &Operation) -> Result<(TokenStream, &'static str), Error> {
    let Some(ret) = &op.return_type else {
        return Ok((quote!(()), "None"));
    };
    if ret.ty.target == TypeTarget::Primitive(Primitive::Stream) && !ret.ty.collection {
        return Ok((quote!(Vec<u8>), "Bytes"));
    }
    let single = value_type(plan, &op.name.clone(), &ret.ty)?;
    if ret.ty.collection {
        return Ok((quote!(Vec<#single>), "Value"));
    }
    let structured = match &ret.ty.target {
        TypeTarget::Named(n) => matches!(plan.schema.get(n), Some(TypeDef::Structured(_))),
        TypeTarget::Primitive(_) => false,
    };
    if structured {
        Ok((single, "Object"))
    } else {
        Ok((single, "Value"))
    }
}

/// `static INFO: OperationInfo = OperationInfo::new(method, path, permissions);`
fn info_tokens(
    plan: &Plan<'_>,
    names: &RequestPlan,
    route: &Route,
    perms: &OperationPermissions,
) -> TokenStream {
    let client = &plan.settings.client;
    let requests = &plan.settings.requests;
    let method = format_ident!(
        "{}",
        match route.method {
            Method::Get => "Get",
            Method::Post => "Post",
            Method::Patch => "Patch",
            Method::Delete => "Delete",
        }
    );
    let path = &route.path;
    let permissions = match names.permission_sets.get(perms) {
        Some((name, _)) => {
            let ident = format_ident!("{}", name);
            quote!(#requests::permissions::#ident)
        }
        None => quote!(#client::Permissions::EMPTY),
    };
    quote! {
        static INFO: #client::OperationInfo =
            #client::OperationInfo::new(#client::Method::#method, #path, #permissions);
    }
}

/// `Least-privileged permissions: delegated .., application ...`
fn permission_doc(perms: &OperationPermissions) -> String {
    let show = |v: &Option<String>| match v {
        Some(s) => format!("`{s}`"),
        None => String::from("none listed"),
    };
    format!(
        "Least-privileged permissions: delegated {}, application {}.",
        show(&perms.least_delegated),
        show(&perms.least_application)
    )
}

/// One field of a parameters struct as the emitter writes it: what the drift
/// report compares (the API, not the schema's wording of it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParameterField {
    /// The parameter's wire name.
    pub wire: String,
    /// The Rust field name (unique in the struct, before keyword escaping).
    pub rust: String,
    /// The field's shape.
    pub shape: FieldShape,
    /// Whether `new` takes it: the parameter is required (not `OptionalParameter`),
    /// nullable or not (a nullable one can be set to `Null` after).
    pub required: bool,
}

/// The fields of the parameters struct of `op`, in schema order: empty when
/// the operation takes no parameters besides its binding (then it has no struct).
pub fn parameter_fields(op: &Operation) -> Vec<ParameterField> {
    let mut scope = Scope::with_reserved(&[structs::ADDITIONAL_FIELD]);
    op.parameters
        .iter()
        .skip(usize::from(op.is_bound))
        .map(|p| ParameterField {
            wire: p.name.clone(),
            rust: scope.claim(&names::snake(&p.name)),
            shape: Plan::shape(&p.ty, p.nullable),
            required: !p.optional,
        })
        .collect()
}

/// The parameters struct of an action or function, through the model struct
/// emitter ([`structs::field`]): `#[non_exhaustive]`, one field per parameter
/// (`Nullable` for a nullable one, `Option<Vec<_>>` for a collection, `Option`
/// otherwise), `new` taking the required (not `OptionalParameter`) ones, and
/// the runtime's `parameters!` table (the body of an action, with the additional
/// members; the URL arguments of a function). `cfg` gates every item.
fn emit_parameters(
    plan: &Plan<'_>,
    op: &Operation,
    name: &str,
    cfg: Option<String>,
) -> Result<Vec<Segment>, Error> {
    let rt = plan.rt();
    let ident = format_ident!("{}", name);
    let is_action = op.kind == OperationKind::Action;
    let (mut defs, mut rows) = (Vec::new(), Vec::new());
    let (mut args, mut inits) = (Vec::new(), Vec::new());
    let params = op.parameters.iter().skip(usize::from(op.is_bound));
    for (p, f) in params.zip(parameter_fields(op)) {
        let (rust, shape, required) = (f.rust, f.shape, f.required);
        let fid = names::ident(&rust);
        let single = TypeRef {
            collection: false,
            target: p.ty.target.clone(),
        };
        let value = plan
            .value_type(&op.name, "", &single)?
            .unwrap_or(ValueType {
                rust: quote!(Vec<u8>),
                api: String::from("Vec<u8>"),
                codec: None,
            });
        let doc = format!(
            "Parameter `{}`: `{}`, {}.",
            p.name,
            p.ty,
            match (required, shape) {
                (true, _) => "required (an argument of `new`)",
                (false, FieldShape::Nullable) =>
                    "nullable (`Absent` leaves it out, `Null` sends `null`)",
                (false, _) => "optional (`None` leaves it out)",
            }
        );
        let (def, row) = structs::field(
            plan,
            &rust,
            &p.name,
            shape,
            &value,
            &[doc],
            None,
            structs::Table::Parameters,
        );
        defs.push(def);
        rows.push(row);
        if required {
            let elem = &value.rust;
            let arg_ty = if p.ty.collection {
                quote!(Vec<#elem>)
            } else {
                elem.clone()
            };
            args.push(quote!(#fid: #arg_ty));
            inits.push(match shape {
                FieldShape::Nullable => quote!(#fid: #rt::Nullable::Value(#fid)),
                FieldShape::Option | FieldShape::Collection => quote!(#fid: Some(#fid)),
            });
        } else {
            inits.push(quote!(#fid: Default::default()));
        }
    }
    let cfg_tokens: Option<TokenStream> = cfg.as_deref().and_then(|c| c.parse().ok());
    let doc = docs::outer(&[format!(
        "Parameters of `{}` (bound to `{}`).",
        op.name,
        op.binding().map(|b| b.ty.to_string()).unwrap_or_default()
    )]);
    let (additional, additional_init) = if is_action {
        let doc = docs::outer(&[String::from(
            "Members to send besides the declared parameters (a newer service's), written last.",
        )]);
        (
            quote!(#doc pub additional_properties: ::serde_json::Map<String, ::serde_json::Value>,),
            quote!(additional_properties: ::serde_json::Map::new(),),
        )
    } else {
        (quote!(), quote!())
    };
    // `Default` only where no parameter is required: it must not build an invalid call.
    let derive_default = args.is_empty().then(|| quote!(Default,));
    let (new_doc, new_body) = if args.is_empty() {
        ("The parameters, all absent.", quote!(Self::default()))
    } else {
        (
            "The parameters with the required ones given, the others absent.",
            quote!(Self { #(#inits,)* #additional_init }),
        )
    };
    let new_doc = docs::outer(&[String::from(new_doc)]);
    // `new` mirrors the schema's required parameters, however many there are.
    let many = (args.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let items = quote! {
        #doc
        #cfg_tokens
        #[derive(Debug, Clone, PartialEq, #derive_default)]
        #[non_exhaustive]
        pub struct #ident {
            #(#defs)*
            #additional
        }

        #cfg_tokens
        impl #ident {
            #new_doc
            #many
            pub fn new(#(#args),*) -> Self {
                #new_body
            }
        }
    };
    let table = MacroCall {
        path: format!("{}::parameters", table::path(rt)),
        head: if is_action {
            ident.to_string()
        } else {
            format!("function {ident}")
        },
        rows,
        attrs: cfg.into_iter().collect(),
    };
    Ok(vec![Segment::Items(items), Segment::Table(table)])
}
