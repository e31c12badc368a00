//! Request builder structs: one per node of the URL tree ([`crate::routes::RouteNode`]), its
//! accessors to child nodes, the query-option marker types the capability
//! annotations call for, and its operation methods ([`super::operations`]).

use proc_macro2::{Ident, TokenStream};
use quote::{ToTokens, format_ident, quote};

use super::naming::{BuilderNames, RequestPlan, builder_names};
use super::operations::{Context, OperationItem, emit_operation};
use crate::emit::{Plan, docs};
use crate::error::Error;
use crate::ir::QualifiedName;
use crate::names;
use crate::routes::{self, PermissionLookup, QuerySupport, RouteNode, RouteNodeKind};

/// The request builder of one node of the URL tree: a struct holding the
/// node's path (the runtime's `client::RequestPath`), its
/// operations (each with the `sync()` a syncable `list()` gets beside it),
/// its navigation to the child nodes, and the query-option marker types its
/// operations return.
#[derive(Debug, Clone)]
pub(super) struct BuilderItem {
    doc: TokenStream,
    ident: Ident,
    client: TokenStream,
    operations: Vec<(OperationItem, Option<TokenStream>)>,
    navigation: Vec<NavigationItem>,
    markers: Vec<TokenStream>,
}

impl ToTokens for BuilderItem {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let Self {
            doc,
            ident,
            client,
            operations,
            navigation,
            markers,
        } = self;
        let operations = operations.iter().map(|(op, sync)| quote!(#op #sync));
        tokens.extend(quote! {
            #doc
            #[derive(Debug, Clone)]
            pub struct #ident(pub(crate) #client::RequestPath);

            impl #ident {
                /// Where requests built here go: the client and the encoded path.
                pub fn request_path(&self) -> &#client::RequestPath {
                    &self.0
                }

                #(#operations)*
                #(#navigation)*
            }

            #(#markers)*
        });
    }
}

/// A step from a builder to the builder of a child node: a navigation
/// property or segment (`incidents()`, gated by its area below a singleton),
/// or the key of a collection (`by_id(id)`, percent-encoded into one segment).
#[derive(Debug, Clone)]
pub(super) struct NavigationItem {
    doc: TokenStream,
    cfg: Option<TokenStream>,
    deprecated: TokenStream,
    accessor: Ident,
    child: TokenStream,
    /// The segment, or `None` for a key.
    segment: Option<String>,
}

impl ToTokens for NavigationItem {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let Self {
            doc,
            cfg,
            deprecated,
            accessor,
            child,
            segment,
        } = self;
        tokens.extend(match segment {
            None => quote! {
                #doc
                #cfg
                #deprecated
                pub fn #accessor(&self, id: &str) -> #child {
                    #child(self.0.key(id))
                }
            },
            Some(segment) => quote! {
                #doc
                #cfg
                #deprecated
                pub fn #accessor(&self) -> #child {
                    #child(self.0.segment(#segment))
                }
            },
        });
    }
}

/// One node's builder.
pub(super) fn emit_node(
    plan: &Plan<'_>,
    names: &RequestPlan,
    node: &RouteNode,
    here: &BuilderNames,
    permissions: PermissionLookup<'_>,
) -> Result<BuilderItem, Error> {
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

    let mut operations = Vec::new();
    let mut navigation = Vec::new();
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
        let mut method =
            emit_operation(&cx, node, op, method_name, &entity, marker_ident.as_ref())?;
        // The singleton's own operations belong to its area (the URL tree's
        // branches below it are gated as whole modules).
        if node.kind == RouteNodeKind::Singleton {
            method.cfg = area_cfg(plan, plan.areas.area_of_route(&op.route));
        }
        // Beside `list()`, a syncable collection's `sync()` (emit/sync.rs).
        let options = marker_ident
            .as_ref()
            .map(|m| quote!(, #m))
            .unwrap_or_default();
        let sync = super::super::sync::method(plan, node, op, method_name, &entity, &options);
        operations.push((method, sync));
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
            navigation.push(NavigationItem {
                doc,
                cfg: None,
                deprecated,
                accessor,
                child: child_ty,
                segment: None,
            });
        } else {
            let segment = &child.name;
            let doc = docs::outer(&[format!("`{}`.", child.path)]);
            let cfg = if node.kind == RouteNodeKind::Singleton {
                area_cfg(plan, plan.areas.area_of_path(&child.path))
            } else {
                None
            };
            navigation.push(NavigationItem {
                doc,
                cfg,
                deprecated,
                accessor,
                child: child_ty,
                segment: Some(segment.clone()),
            });
        }
    }
    Ok(BuilderItem {
        doc: struct_doc,
        ident: ty,
        client: client.to_token_stream(),
        operations,
        navigation,
        markers,
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
