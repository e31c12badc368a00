//! Emits one Rust enum per enum type: every member, a catch-all that keeps
//! values unknown at generation time, and for flags enums the bits that
//! `runtime::Flags` needs.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{self, code};
use super::names::{self, Scope};
use super::plan::Plan;
use crate::error::Error;
use crate::ir::EnumType;

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
        quote!(#doc #v,)
    });

    // Case-insensitive fallback: lower-cased names, first member wins on a clash.
    let mut seen = BTreeSet::new();
    let mut lower_arms = Vec::new();
    for (m, v) in e.members.iter().zip(&idents) {
        let lower = m.name.to_ascii_lowercase();
        if seen.insert(lower.clone()) {
            lower_arms.push(quote!(#lower => Self::#v,));
        }
    }

    let mut lines = vec![format!(
        "The {} {}enum type.",
        code(&odata_name),
        if e.is_flags { "flags " } else { "" }
    )];
    lines.push(String::new());
    lines.push(format!(
        "Parsing accepts the member names in any ASCII case; values unknown when this crate was generated become [`{ident}::{catch_all}`], which keeps the raw string and writes it back unchanged."
    ));
    if e.is_flags {
        lines.push(String::new());
        lines.push(format!(
            "Properties of this type hold a set of members: [`Flags<{ident}>`]({rt_doc}::Flags), written as `\"a,b\"`.",
            rt_doc = quote!(#rt).to_string().replace(' ', "")
        ));
    }
    let doc = docs::outer(&lines);
    let catch_all_doc = docs::outer(&[
        String::from("A value this crate did not know when it was generated, kept verbatim."),
        String::from("Read it with `as_str()`; do not match on its content: a later release may"),
        String::from("add the member as its own variant."),
    ]);

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
        let member_pairs = wires.iter().zip(&bits).map(|(w, b)| quote!((#w, #b)));
        let bit_arms = idents
            .iter()
            .zip(&bits)
            .map(|(v, b)| quote!(Self::#v => Some(#b),));
        Some(quote! {
            impl #rt::FlagsEnum for #ident {
                const MEMBERS: &'static [(&'static str, u64)] = &[#(#member_pairs),*];

                fn bits(&self) -> Option<u64> {
                    match self {
                        #(#bit_arms)*
                        Self::#catch_all(_) => None,
                    }
                }
            }

            impl ::core::ops::BitOr for #ident {
                type Output = #rt::Flags<#ident>;

                fn bitor(self, rhs: Self) -> #rt::Flags<#ident> {
                    #rt::Flags::from(self) | rhs
                }
            }
        })
    } else {
        None
    };

    Ok(quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #ident {
            #(#variant_defs)*
            #catch_all_doc
            #catch_all(#rt::UnrecognizedValue),
        }

        impl #ident {
            /// The qualified OData type name.
            pub const ODATA_TYPE: &'static str = #odata_name;

            /// The wire spelling of this value.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#idents => #wires,)*
                    Self::#catch_all(value) => value.as_str(),
                }
            }
        }

        impl #rt::ODataEnum for #ident {
            const ODATA_TYPE: &'static str = #odata_name;
            const MEMBER_NAMES: &'static [&'static str] = &[#(#wires),*];

            fn as_str(&self) -> &str {
                #ident::as_str(self)
            }

            fn from_wire(value: &str) -> Self {
                match value {
                    #(#wires => Self::#idents,)*
                    _ => match value.to_ascii_lowercase().as_str() {
                        #(#lower_arms)*
                        _ => Self::#catch_all(#rt::UnrecognizedValue::new(value)),
                    },
                }
            }
        }

        impl ::core::fmt::Display for #ident {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::core::str::FromStr for #ident {
            type Err = ::core::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(<Self as #rt::ODataEnum>::from_wire(value))
            }
        }

        impl From<&str> for #ident {
            fn from(value: &str) -> Self {
                <Self as #rt::ODataEnum>::from_wire(value)
            }
        }

        impl ::serde::Serialize for #ident {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                #rt::ser::enum_value(self, serializer)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #ident {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #rt::de::enum_value(deserializer)
            }
        }

        #flags_impl
    })
}
