//! Request builder structs: one per node of the URL tree ([`crate::routes::RouteNode`]), its
//! accessors to child nodes, the query-option marker types the capability
//! annotations call for, and its operation methods ([`super::operations`]).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::naming::{BuilderNames, RequestPlan, builder_names};
use super::operations::{Context, emit_operation};
use crate::emit::{Plan, docs};
use crate::error::Error;
use crate::ir::QualifiedName;
use crate::names;
use crate::routes::{self, PermissionLookup, QuerySupport, RouteNode, RouteNodeKind};

/// One node's struct and impl.
pub(super) fn emit_node(
    plan: &Plan<'_>,
    names: &RequestPlan,
    node: &RouteNode,
    here: &BuilderNames,
    permissions: PermissionLookup<'_>,
) -> Result<TokenStream, Error> {
    let client = &plan.settings.client;
    let ty = format_ident!("{}", here.ty);
    let entity = element_type(plan, &node.ty)?;
    let entity_doc = plan.doc_path(&node.ty);
    let what = match node.kind {
        RouteNodeKind::Singleton => "the singleton",
        RouteNodeKind::Collection => "the collection of",
        RouteNodeKind::Item => "one (by key) of",
        RouteNodeKind::Single => "the contained",
        RouteNodeKind::ReferenceCollection => "the referenced collection (read only) of",
        RouteNodeKind::ReferenceItem => "one referenced (read only, by key) of",
        RouteNodeKind::ReferenceSingle => "the referenced (read only)",
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
        let cfg = if node.kind == RouteNodeKind::Singleton {
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
        methods.extend(super::super::sync::method(
            plan,
            node,
            op,
            method_name,
            &entity,
            &options,
        ));
    }
    for child in &node.children {
        let child_names = builder_names(names, child)?;
        let child_ty = format_ident!("{}", child_names.ty);
        let requests = &plan.settings.requests;
        let child_ty = quote!(#requests::#child_ty);
        let accessor = format_ident!("{}", child_names.accessor);
        let deprecated = crate::emit::deprecation::attribute(
            names
                .deprecated
                .nodes
                .get(&child.path)
                .filter(|_| !names.deprecated.nodes.contains_key(&node.path)),
        );
        if matches!(
            child.kind,
            RouteNodeKind::Item | RouteNodeKind::ReferenceItem
        ) {
            let key = plan.schema.key_of(&node.ty).join(", ");
            let doc = docs::outer(&[format!(
                "The entity with the given key (`{key}`): `{}`, the key percent-encoded into one segment.",
                child.path
            )]);
            methods.push(quote! {
                #doc
                #deprecated
                pub fn #accessor(&self, id: &str) -> #child_ty {
                    #child_ty(self.0.key(id))
                }
            });
        } else {
            let segment = &child.name;
            let doc = docs::outer(&[format!("`{}`.", child.path)]);
            let cfg = if node.kind == RouteNodeKind::Singleton {
                area_cfg(plan, plan.areas.area_of_path(&child.path))
            } else {
                None
            };
            methods.push(quote! {
                #doc
                #cfg
                #deprecated
                pub fn #accessor(&self) -> #child_ty {
                    #child_ty(self.0.segment(#segment))
                }
            });
        }
    }
    Ok(quote! {
        #struct_doc
        #[derive(Debug, Clone)]
        pub struct #ty(pub(crate) #client::RequestPath);

        impl #ty {
            /// Where requests built here go: the client and the encoded path.
            pub fn request_path(&self) -> &#client::RequestPath {
                &self.0
            }

            #(#methods)*
        }

        #(#markers)*
    })
}

/// For an operation whose query options the capability annotations narrow: a
/// marker type implementing only the `options` traits (`FilterOption`, ...) of the options left.
pub(super) fn query_marker(
    plan: &Plan<'_>,
    here: &BuilderNames,
    op: &routes::RouteOperation,
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
        quote!(impl #client::options::#tr for #ident {})
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
pub(super) fn element_type(plan: &Plan<'_>, ty: &QualifiedName) -> Result<TokenStream, Error> {
    match plan.poly_path(ty)? {
        Some(poly) => Ok(poly),
        None => plan.type_path(ty),
    }
}

/// `#[cfg(feature = "<area>")]` for an item of one area.
pub(super) fn area_cfg(plan: &Plan<'_>, area: Option<&str>) -> Option<TokenStream> {
    let area = area?;
    plan.cfg(&std::iter::once(area.to_string()).collect())
}
