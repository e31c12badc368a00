//! Emits the `Any<Base>` enum of a polymorphic family: one boxed variant per
//! concrete type, the base shape catching every unknown `@odata.type`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{self, code};
use super::names::{self, Scope};
use super::plan::Plan;
use crate::error::Error;
use crate::ir::{QualifiedName, StructuredType};

/// The variants of a family: the base type first, then every descendant sorted
/// by qualified name, each with its unique variant name.
pub fn variants<'s>(
    plan: &Plan<'s>,
    base: &'s StructuredType,
) -> Result<Vec<(String, &'s StructuredType)>, Error> {
    let mut members = vec![base];
    members.extend(plan.schema.descendants(&base.name));
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

/// The enum and its impls, or nothing when the type has no polymorphic enum.
pub fn emit(plan: &Plan<'_>, base: &StructuredType) -> Result<Option<TokenStream>, Error> {
    let info = plan.info(&base.name)?;
    let Some(poly) = &info.poly_name else {
        return Ok(None);
    };
    let rt = plan.rt();
    let ident = format_ident!("{}", poly);
    let base_name = base.name.to_string();
    let members = variants(plan, base)?;

    let mut defs = Vec::new();
    let mut from_impls = Vec::new();
    let mut dispatch = Vec::new();
    let mut ser_arms = Vec::new();
    let mut type_arms = Vec::new();
    let (base_variant, _) = members
        .first()
        .ok_or_else(|| Error::Other {
            message: format!("internal: empty family for `{base_name}`"),
        })?
        .clone();
    let base_variant = format_ident!("{}", base_variant);
    for (i, (variant, t)) in members.iter().enumerate() {
        let v = format_ident!("{}", variant);
        let path = plan.type_path(&t.name)?;
        let qualified = t.name.to_string();
        let doc = if i == 0 {
            docs::outer(&[
                format!(
                    "The base shape {}: also any `@odata.type` this crate does not know",
                    code(&qualified)
                ),
                String::from("(kept in `odata_type`, its members in `additional_properties`)."),
            ])
        } else {
            docs::outer(&[format!("{}.", code(&qualified))])
        };
        defs.push(quote!(#doc #v(Box<#path>),));
        from_impls.push(quote! {
            impl From<#path> for #ident {
                fn from(value: #path) -> Self {
                    Self::#v(Box::new(value))
                }
            }
        });
        type_arms.push(quote!(Self::#v(_) => #qualified,));
        if i == 0 {
            ser_arms.push(quote!(Self::#v(value) => #rt::ser::model(value.as_ref(), serializer),));
        } else {
            dispatch.push(quote! {
                #qualified => Ok(Self::#v(Box::new(#rt::de::model_rest(Some(odata_type), map)?))),
            });
            ser_arms.push(
                quote!(Self::#v(value) => #rt::ser::model_tagged(value.as_ref(), serializer),),
            );
        }
    }

    let doc = docs::outer(&[
        format!(
            "A value of the polymorphic type {}: the derived type named by its `@odata.type`.",
            code(&base_name)
        ),
        String::new(),
        String::from(
            "Deserialization dispatches on `@odata.type` without buffering when it is the",
        ),
        String::from(
            "first member (as Graph writes it); an unknown type name gives the base variant",
        ),
        String::from("with nothing lost. Serializing writes `@odata.type` back (derived variants"),
        String::from("always carry one)."),
    ]);

    Ok(Some(quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #ident {
            #(#defs)*
        }

        impl #ident {
            /// The qualified OData name of the base type of this family.
            pub const BASE_TYPE: &'static str = #base_name;

            /// The qualified OData name of the variant's type (for the base variant,
            /// the base type even when the value carried an unknown `@odata.type`).
            pub fn type_name(&self) -> &'static str {
                match self {
                    #(#type_arms)*
                }
            }
        }

        impl Default for #ident {
            fn default() -> Self {
                Self::#base_variant(Box::default())
            }
        }

        #(#from_impls)*

        impl #rt::Polymorphic for #ident {
            const BASE_TYPE: &'static str = #base_name;

            fn __deserialize_variant<'de, A: ::serde::de::MapAccess<'de>>(
                odata_type: String,
                map: A,
            ) -> Result<Self, A::Error> {
                match #rt::de::type_name(&odata_type) {
                    #(#dispatch)*
                    _ => Ok(Self::#base_variant(Box::new(#rt::de::model_rest(Some(odata_type), map)?))),
                }
            }

            fn __deserialize_untyped<'de, A: ::serde::de::MapAccess<'de>>(
                map: A,
            ) -> Result<Self, A::Error> {
                Ok(Self::#base_variant(Box::new(#rt::de::model_rest(None, map)?)))
            }
        }

        impl ::serde::Serialize for #ident {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#ser_arms)*
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #ident {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #rt::de::polymorphic(deserializer)
            }
        }
    }))
}
