//! Emits one Rust enum per enum type: every member, a catch-all that keeps
//! values unknown at generation time, and for flags enums the bits that
//! `runtime::Flags` needs.

use proc_macro2::{Ident, TokenStream};
use quote::{ToTokens, TokenStreamExt, format_ident, quote};

use super::Segment;
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

/// The impls an enum's `odata_enum!` invocation asks for, in the order it
/// names them (a flags enum adds `BitOr`): the runtime's macro writes exactly
/// these (and `as_str()` and the catch-all plumbing), so the list in the
/// generated file is the enum's impl surface besides its `#[derive(..)]`.
const ENUM_IMPLS: [&str; 6] = [
    "Display",
    "FromStr",
    "Literal",
    "Serialize",
    "Deserialize",
    "Wire",
];

/// One generated enum type: the Rust enum with a catch-all variant, its
/// `ODataEnum` member table, the flags facts of a flags enum and the
/// `odata_enum!` invocation naming the impls it gets.
#[derive(Debug, Clone)]
pub struct EnumItem {
    /// The enum with its docs and derives.
    pub definition: TokenStream,
    /// `impl ODataEnum for Name { ODATA_TYPE, MEMBERS }`.
    pub members: TokenStream,
    /// The bits of a flags enum's members.
    pub flags: Option<FlagsItem>,
    /// `odata_enum!(impl Display, .. for Name, CatchAll);`.
    pub impls: TokenStream,
}

impl ToTokens for EnumItem {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.append_all(self.definition.clone());
        tokens.append_all(self.members.clone());
        self.flags.to_tokens(tokens);
        tokens.append_all(self.impls.clone());
    }
}

impl EnumItem {
    /// The pieces of the type's file, in order.
    pub fn segments(self) -> [Segment; 2] {
        let mut items = self.definition;
        items.append_all(self.members);
        self.flags.to_tokens(&mut items);
        [Segment::Items(items), Segment::Line(self.impls)]
    }
}

/// What makes an enum a flags enum: `impl FlagsEnum for Name { VALUES }`, each
/// member's bits (the `BitOr` into a `Flags` set is in the enum's `odata_enum!` list).
#[derive(Debug, Clone)]
pub struct FlagsItem {
    rt: syn::Path,
    ident: Ident,
    values: Vec<(String, u64)>,
}

impl ToTokens for FlagsItem {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let (rt, ident) = (&self.rt, &self.ident);
        let rows = self.values.iter().map(|(w, b)| quote!((#w, #b)));
        tokens.append_all(quote! {
            impl #rt::FlagsEnum for #ident {
                const VALUES: &'static [(&'static str, u64)] = &[#(#rows),*];
            }
        });
    }
}

/// The enum, its inherent impl, the runtime trait impls and std/serde impls.
pub fn emit(plan: &Plan<'_>, e: &EnumType) -> Result<EnumItem, Error> {
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
        table::doc_path(rt)
    )];
    lines.extend(super::reference::type_line(plan, &e.name));
    if e.is_flags {
        lines.push(String::new());
        lines.push(format!(
            "Properties of this type hold a set of members: [`Flags<{ident}>`]({rt_doc}::Flags), written as `\"a,b\"`.",
            rt_doc = table::doc_path(rt)
        ));
    }
    let doc = docs::outer(&lines);
    let catch_all_doc = docs::outer(&[format!(
        "A value unknown when this crate was generated, kept verbatim (see [`UnrecognizedValue`]({}::UnrecognizedValue)).",
        table::doc_path(rt)
    )]);

    let member_rows = wires
        .iter()
        .zip(&idents)
        .map(|(w, v)| quote!((#w, Self::#v)));
    let flags = if e.is_flags {
        let mut values = Vec::new();
        for m in &e.members {
            let value = u64::try_from(m.value).map_err(|_| Error::Other {
                message: format!(
                    "flags enum `{}` member `{}` has a negative value {}",
                    e.name, m.name, m.value
                ),
            })?;
            values.push((m.name.clone(), value));
        }
        Some(FlagsItem {
            rt: rt.clone(),
            ident: ident.clone(),
            values,
        })
    } else {
        None
    };
    let bit_or = e.is_flags.then(|| quote!(BitOr));
    let impls = ENUM_IMPLS
        .iter()
        .map(|i| format_ident!("{}", i))
        .map(|i| quote!(#i))
        .chain(bit_or);

    let deprecated = super::deprecation::attribute(plan.schema.type_deprecation(&e.name).as_ref());
    Ok(EnumItem {
        definition: quote! {
            #doc
            #deprecated
            #[derive(Debug, Clone, PartialEq, Eq, Hash)]
            #[non_exhaustive]
            pub enum #ident {
                #(#variant_defs)*
                #catch_all_doc
                #catch_all(#rt::UnrecognizedValue),
            }
        },
        members: quote! {
            impl #rt::ODataEnum for #ident {
                const ODATA_TYPE: &'static str = #odata_name;
                const MEMBERS: &'static [(&'static str, Self)] = &[#(#member_rows),*];
            }
        },
        flags,
        impls: quote!(#rt::odata_enum!(impl #(#impls),* for #ident, #catch_all);),
    })
}
