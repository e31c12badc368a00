//! Doc lines that point a reader at Microsoft's API reference: one
//! `Microsoft's reference: <URL>` line on each type the reference documents (the
//! operations get theirs in [`super::requests`]), from the links of
//! [`crate::reference`] the plan carries; and on each structured type the builder
//! methods that return it or take it as the body ([`returned_by_attrs`]).

use proc_macro2::TokenStream;
use quote::quote;

use super::Plan;
use super::requests::Role;
use crate::ir::QualifiedName;

/// `Microsoft's reference: <URL>` for a type with a reference page, else nothing.
pub fn type_line(plan: &Plan<'_>, name: &QualifiedName) -> Option<String> {
    plan.reference
        .type_page(&name.to_string())
        .map(|url| format!("Microsoft's reference: <{url}>"))
}

/// `- Returned by [`call`](path), ...; taken as the body by ...`, one doc line per
/// area of the operations.
pub fn returned_by_attrs(plan: &Plan<'_>, name: &QualifiedName) -> TokenStream {
    let Some(by_area) = plan.returned_by.get(name) else {
        return quote!();
    };
    let attrs = by_area.values().map(|roles| {
        let list = |role: Role| {
            roles
                .get(&role)
                .map(|links| {
                    links
                        .iter()
                        .map(|l| format!("[`{}`]({})", l.call, l.target))
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .filter(|s| !s.is_empty())
        };
        let text = match (list(Role::Returns), list(Role::Body)) {
            (Some(r), Some(b)) => format!(" - Returned by {r}; taken as the body by {b}."),
            (Some(r), None) => format!(" - Returned by {r}."),
            (None, Some(b)) => format!(" - Taken as the body by {b}."),
            (None, None) => return quote!(),
        };
        // A plain doc line: one line per area, where a `cfg_attr` would take four
        // (the generated code has a line budget). With the default features
        // (`client`, `all_areas`) every link resolves; documenting the crate with the
        // builders' area or `client` off leaves the link unresolved, never wrong.
        quote!(#[doc = #text])
    });
    quote!(#(#attrs)*)
}
