//! Emits one Rust enum per enum type: every member, a catch-all that keeps
//! values unknown at generation time, and for flags enums the bits that
//! `runtime::Flags` needs.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{self, code};
use super::plan::Plan;
use super::table;
use crate::error::Error;
use crate::ir::EnumType;
use crate::names::{self, Scope};

/// Preferred names of the catch-all variant, in order; the first one no member takes is used.
const CATCH_ALL: &[&str] = &["Unrecognized", "UnrecognizedValue", "UnrecognizedMember"];

/// Rust variant names for the members of `e`, and the catch-all's name.
pub fn variant_names(e: &EnumType) -> (Vec<String>, String) {
    let wanted: Vec<String> = e.members.iter().map(|m| names::variant(&m.name)).collect();
    let catch_all = CATCH_ALL
        .iter()
        .find(|c| !wanted.iter().any(|w| w == *c))
        .map(|c| c.to_string())
        .unwrap_or_else(|| String::from("UnrecognizedValue_"));
    let mut scope = Scope::with_reserved(&[catch_all.as_str()]);
    let variants = wanted.iter().map(|w| scope.claim(w)).collect();
    (variants, catch_all)
}

/// The enum, its inherent impl, the runtime trait impls and std/serde impls.
pub fn emit(plan: &Plan<'_>, e: &EnumType) -> Result<TokenStream, Error> {
    let rt = plan.rt();
    let info = plan.info(&e.name)?;
    let ident = format_ident!("{}", info.rust_name);
    let odata_name = e.name.to_string();
    let (variants, catch_all) = variant_names(e);
    let catch_all = format_ident!("{}", catch_all);
    let idents: Vec<_> = variants.iter().map(|v| format_ident!("{}", v)).collect();
    let wires: Vec<&str> = e.members.iter().map(|m| m.name.as_str()).collect();

    let variant_defs = e.members.iter().zip(&idents).map(|(m, v)| {
        let doc = docs::outer(&[format!("{} (value {}).", code(&m.name), m.value)]);
        let deprecated = super::deprecation::attribute(
            plan.schema.member_deprecation(&e.name, &m.name).as_ref(),
        );
        quote!(#doc #deprecated #v,)
    });

    // The shared prose (case-insensitive parsing, the catch-all) is on `ODataEnum`.
    let mut lines = vec![format!(
        "The {} {}enum type (parsing and unknown values: [`ODataEnum`]({}::ODataEnum)).",
        code(&odata_name),
        if e.is_flags { "flags " } else { "" },
        table::path(rt)
    )];
    lines.extend(super::reference::type_line(plan, &e.name));
    if e.is_flags {
        lines.push(String::new());
        lines.push(format!(
            "Properties of this type hold a set of members: [`Flags<{ident}>`]({rt_doc}::Flags), written as `\"a,b\"`.",
            rt_doc = quote!(#rt).to_string().replace(' ', "")
        ));
    }
    let doc = docs::outer(&lines);
    let catch_all_doc = docs::outer(&[format!(
        "A value unknown when this crate was generated, kept verbatim (see [`UnrecognizedValue`]({}::UnrecognizedValue)).",
        table::path(rt)
    )]);

    let member_rows = wires
        .iter()
        .zip(&idents)
        .map(|(w, v)| quote!((#w, Self::#v)));
    let flags_impl = if e.is_flags {
        let mut bits = Vec::new();
        for m in &e.members {
            let value = u64::try_from(m.value).map_err(|_| Error::Other {
                message: format!(
                    "flags enum `{}` member `{}` has a negative value {}",
                    e.name, m.name, m.value
                ),
            })?;
            bits.push(value);
        }
        let value_rows = wires.iter().zip(&bits).map(|(w, b)| quote!((#w, #b)));
        Some(quote! {
            impl #rt::FlagsEnum for #ident {
                const VALUES: &'static [(&'static str, u64)] = &[#(#value_rows),*];
            }
        })
    } else {
        None
    };
    let flags_marker = e.is_flags.then(|| quote!(, flags));

    let deprecated = super::deprecation::attribute(plan.schema.type_deprecation(&e.name).as_ref());
    Ok(quote! {
        #doc
        #deprecated
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #ident {
            #(#variant_defs)*
            #catch_all_doc
            #catch_all(#rt::UnrecognizedValue),
        }

        impl #rt::ODataEnum for #ident {
            const ODATA_TYPE: &'static str = #odata_name;
            const MEMBERS: &'static [(&'static str, Self)] = &[#(#member_rows),*];
        }

        #flags_impl

        #rt::odata_enum!(#ident, #catch_all #flags_marker);
    })
}
