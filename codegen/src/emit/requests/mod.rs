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
//! The emitter by job: `naming` names everything once (nodes, methods, parameters
//! structs, the Rust call of each operation); `nodes` writes a node's struct and
//! accessors, `operations` its operation methods, `parameters` the parameters
//! structs, `permissions` the permission constants and each operation's
//! `OperationInfo`; this module assembles the files. [`emit`] and [`calls`] both read
//! the names of `naming`, so the route listing ([`crate::routes::listing`]) always
//! matches the generated code.

mod naming;
mod nodes;
mod operations;
mod parameters;
mod permissions;
mod returned_by;

pub use naming::calls;
pub use parameters::{ParameterField, parameter_fields};
pub use returned_by::{MethodLink, ReturnedBy, Role, returned_by};

use std::collections::BTreeMap;

use quote::{format_ident, quote};

use self::naming::{builder_names, plan_names};
use self::nodes::{BuilderItem, area_cfg, emit_node};
use self::parameters::emit_parameters;
use self::permissions::{emit_permission_sets, permission_sets};
use super::{Plan, Segment, Settings, docs, render};
use crate::error::Error;
use crate::ir::Schema;
use crate::names;
use crate::routes::{self, PermissionLookup, RouteNode, Verb};

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
    let mut modules: BTreeMap<String, Vec<BuilderItem>> = BTreeMap::new();
    let mut root_methods = Vec::new();
    let mut root_impls = Vec::new();
    let client = &settings.client;
    let requests = &settings.requests;
    for root in &tree {
        let root_names = builder_names(&names, root)?;
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
                #requests::#ty(#client::RequestPath::root(self, #segment))
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
            let builder_names = builder_names(&names, node)?;
            let builder = emit_node(&branch_plan, &names, node, builder_names, permissions)?;
            modules
                .entry(builder_names.module.clone())
                .or_default()
                .push(builder);
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
            let cfg = area.and_then(|a| plan.cfg(&std::iter::once(a.to_string()).collect()));
            segments.extend(emit_parameters(plan, op, name, cfg)?.segments());
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
            super::table::doc_path(client)
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

/// `N operations: a get, b list, ...`, for the module docs.
fn count_calls(tree: &[RouteNode]) -> String {
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
