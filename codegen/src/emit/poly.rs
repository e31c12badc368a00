//! Emits the `Any<Base>` enum of a polymorphic family: one boxed variant per
//! concrete type, the base shape catching every unknown `@odata.type`.

use proc_macro2::TokenStream;
use quote::{ToTokens, TokenStreamExt, format_ident, quote};

use super::Segment;
use super::docs::{self, code};
use super::plan::Plan;
use super::table::{self, MacroCall};
use crate::error::Error;
use crate::ir::{QualifiedName, StructuredType};
use crate::names::{self, Scope};

/// The variants of a family: the base type first, then every descendant sorted
/// by qualified name, each with its unique variant name.
pub fn variants<'s>(
    plan: &Plan<'s>,
    base: &'s StructuredType,
) -> Result<Vec<(String, &'s StructuredType)>, Error> {
    let mut members = vec![base];
    members.extend(plan.descendants(&base.name));
    let mut scope = Scope::default();
    let mut out = Vec::new();
    let mut first_names: Vec<(String, &QualifiedName)> = Vec::new();
    for t in members {
        let info = plan.info(&t.name)?;
        let wanted = if first_names.iter().any(|(n, _)| *n == info.rust_name) {
            // Same Rust name from another namespace: prefix the module.
            let prefix = info
                .module
                .as_deref()
                .map(names::variant)
                .unwrap_or_default();
            format!("{prefix}{}", info.rust_name)
        } else {
            info.rust_name.clone()
        };
        first_names.push((info.rust_name.clone(), &t.name));
        out.push((scope.claim(&wanted), t));
    }
    Ok(out)
}

/// The impls a family's `polymorphic!` table asks for, in the order it names
/// them: the runtime's macro writes exactly these (and `type_name()`), so the
/// list in the generated file is the enum's impl surface besides its `#[derive(..)]`.
const POLYMORPHIC_IMPLS: [&str; 8] = [
    "Polymorphic",
    "Default",
    "From",
    "Serialize",
    "Deserialize",
    "Wire",
    "Structured",
    "Derived",
];

/// The `Any<Base>` enum of a polymorphic family, printed by prettyplease, and
/// its `polymorphic!` table, printed a variant per line.
#[derive(Debug, Clone)]
pub struct PolymorphicItem {
    /// The enum with its docs and derives.
    pub definition: TokenStream,
    /// `polymorphic! { impl Polymorphic, .. for AnyBase = "qualified.name" { Variant(path), .. } }`.
    pub table: MacroCall,
}

impl ToTokens for PolymorphicItem {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.append_all(self.definition.clone());
        self.table.to_tokens(tokens);
    }
}

impl PolymorphicItem {
    /// The pieces of the base type's file that follow its model, in order.
    pub fn segments(self) -> [Segment; 2] {
        [Segment::Items(self.definition), Segment::Table(self.table)]
    }
}

/// The enum and its variant table (the runtime's `polymorphic!`), or nothing
/// when the type has no polymorphic enum.
pub fn emit(plan: &Plan<'_>, base: &StructuredType) -> Result<Option<PolymorphicItem>, Error> {
    let info = plan.info(&base.name)?;
    let Some(poly) = &info.poly_name else {
        return Ok(None);
    };
    let rt = plan.rt();
    let ident = format_ident!("{}", poly);
    let base_name = base.name.to_string();
    let members = variants(plan, base)?;

    let mut defs = Vec::new();
    let mut rows = Vec::new();
    for (i, (variant, t)) in members.iter().enumerate() {
        let v = format_ident!("{}", variant);
        let path = plan.type_path(&t.name)?;
        let qualified = t.name.to_string();
        let doc = if i == 0 {
            docs::outer(&[format!(
                "The base shape {}, also for any `@odata.type` this crate does not know.",
                code(&qualified)
            )])
        } else {
            docs::outer(&[format!("{}.", code(&qualified))])
        };
        defs.push(quote!(#doc #v(Box<#path>),));
        rows.push(quote!(#v(#path),));
    }

    let doc = docs::outer(&[
        format!(
            "A value of the polymorphic type {}: the derived type named by its `@odata.type`.",
            code(&base_name)
        ),
        String::new(),
        format!(
            "See [`Polymorphic`]({}::Polymorphic) for how it reads and writes JSON.",
            table::doc_path(rt)
        ),
    ]);

    // The enum is compiled where the family is used polymorphically; the base
    // struct (gated in the module file) also where it is only a base type.
    let cfg = plan.cfg(&plan.areas.of_type(&base.name).poly);
    let tokens = quote! {
        #doc
        #cfg
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #ident {
            #(#defs)*
        }
    };
    let impls = POLYMORPHIC_IMPLS.iter().map(|i| format_ident!("{}", i));
    let table = MacroCall {
        attrs: cfg.into_iter().collect(),
        path: quote!(#rt::polymorphic),
        head: quote!(impl #(#impls),* for #ident = #base_name),
        rows,
    };
    Ok(Some(PolymorphicItem {
        definition: tokens,
        table,
    }))
}
