//! Operation emission: one method per operation of a node (`get`, `list`,
//! `count`, `create`, `update`, `delete`, `add_*`, bound actions and functions),
//! returning a request value of the client runtime.

use proc_macro2::{Ident, TokenStream};
use quote::{ToTokens, format_ident, quote};

use super::naming::RequestPlan;
use super::permissions::{info_tokens, permission_doc};
use crate::emit::{Plan, docs};
use crate::error::Error;
use crate::ir::{Operation, OperationKind, Primitive, QualifiedName, TypeDef, TypeRef, TypeTarget};
use crate::routes::{self, PermissionLookup, RouteNode, Verb};

/// What every operation method is emitted with.
pub(super) struct Context<'a> {
    pub(super) plan: &'a Plan<'a>,
    pub(super) names: &'a RequestPlan,
    pub(super) permissions: PermissionLookup<'a>,
}

/// One operation of a URL-tree node as a method of its builder (`get`,
/// `list`, `create`, a bound action, ...): its rustdoc (what it does, whether
/// Microsoft documents it, its permissions and reference link), a
/// `#[deprecated]` when the schema deprecates the route, the gate of its area,
/// and a body returning the client's request value with the operation's
/// static `INFO`. `#[inline]`: the method is compiled where it is called, so
/// the body serializers it instantiates are built only for the operations a
/// program uses, not for all of them in the generated crate.
#[derive(Debug, Clone)]
pub(super) struct OperationItem {
    /// `#[cfg(feature = "..")]` when the operation's area gates it on its own
    /// (a singleton's own operations).
    pub(super) cfg: Option<TokenStream>,
    doc: TokenStream,
    deprecated: TokenStream,
    ident: Ident,
    args: TokenStream,
    returns: TokenStream,
    info: TokenStream,
    body: TokenStream,
}

impl ToTokens for OperationItem {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let Self {
            cfg,
            doc,
            deprecated,
            ident,
            args,
            returns,
            info,
            body,
        } = self;
        tokens.extend(quote! {
            #cfg
            #doc
            #deprecated
            #[inline]
            pub fn #ident(&self #args) -> #returns {
                #info
                #body
            }
        });
    }
}

/// One operation method.
pub(super) fn emit_operation(
    cx: &Context<'_>,
    node: &RouteNode,
    op: &routes::RouteOperation,
    method_name: &str,
    entity: &TokenStream,
    marker: Option<&Ident>,
) -> Result<OperationItem, Error> {
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
            // The options this list accepts, as its type does (in the order users write them).
            let accepted = op.query.flags();
            let option_names: Vec<String> = [0, 4, 3, 2, 5, 6, 7, 1]
                .into_iter()
                .filter(|&i| accepted[i])
                .map(|i| format!("`{}`", routes::QuerySupport::NAMES[i].0))
                .collect();
            doc.push(format!(
                "Lists the entities: one page with `send`, every page lazily with `stream`{}.",
                if option_names.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", option_names.join(", "))
                }
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
    let reference = plan.reference.operation(&op.route);
    let documented = if !perms.is_empty() {
        format!(
            "Documented in Microsoft's API reference. {}",
            permission_doc(&perms)
        )
    } else if reference.is_some() {
        String::from(
            "Documented in Microsoft's API reference; its permissions reference lists no permissions for it.",
        )
    } else {
        String::from(
            "**Undocumented**: Microsoft's API reference does not document this operation (the schema implies it; \
             the service may not offer it), so no permissions are listed; `info().documented()` is `false`.",
        )
    };
    let mut lines = vec![format!("`{}`: {what} {documented}", op.route)];
    lines.extend(reference.map(|url| format!("Microsoft's reference: <{url}>")));
    Ok(OperationItem {
        cfg: None,
        doc: docs::outer(&lines),
        deprecated: crate::emit::deprecation::attribute(names.deprecated.routes.get(&op.route)),
        ident: method_ident,
        args,
        returns,
        info,
        body,
    })
}

/// The result type of an operation and its `ResultShape` variant name.
pub(super) fn result_type(
    plan: &Plan<'_>,
    op: &Operation,
) -> Result<(TokenStream, &'static str), Error> {
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

/// The Rust type of a value of `ty` (single; collections are wrapped by the caller).
pub(super) fn value_type(
    plan: &Plan<'_>,
    owner: &QualifiedName,
    ty: &TypeRef,
) -> Result<TokenStream, Error> {
    let single = TypeRef {
        collection: false,
        target: ty.target.clone(),
    };
    match plan.value_type(owner, "", &single)? {
        Some(v) => Ok(v.rust),
        None => Ok(quote!(Vec<u8>)),
    }
}
