//! IR -> Rust source text. One emitter per construct, each giving one
//! `ToTokens` item ([`structs::ModelItem`], [`enums::EnumItem`] with
//! [`enums::FlagsItem`], [`poly::PolymorphicItem`], and in [`requests`], one
//! file per job, `BuilderItem` (a node of the URL tree) with its
//! `NavigationItem`s (steps to child nodes) and `OperationItem`s (one method
//! per operation), and `ParametersItem`); this module
//! assembles their pieces ([`Segment`]) into module files: items through
//! prettyplease, the runtime macros' tables through [`table`]'s printer (a row
//! per line). Every piece of generated code is tokens built with `quote!`; no
//! Rust is written as text. [`plan`] names every type
//! once for all of them, [`features`] writes the area features, [`inventory`]
//! lists the public items for the drift report. Nothing here touches the file
//! system: the result is a map from relative path to text ([`crate::Pin::generate`]
//! runs it).

pub mod deprecation;
pub mod docs;
pub mod enums;
pub mod features;
pub mod inventory;
#[cfg(test)]
mod items_tests;
pub mod plan;
pub mod poly;
pub mod reference;
pub mod requests;
pub mod structs;
pub mod sync;
pub mod table;

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub use plan::{Plan, Settings};

use crate::error::Error;
use crate::ir::{QualifiedName, Schema};
use crate::names;

/// The source files of the models module, keyed by path relative to the
/// models directory (`mod.rs`, `incident.rs`, `graph/mod.rs`, ...), each
/// starting with an `@generated` line.
pub fn models(schema: &Schema, settings: &Settings) -> Result<BTreeMap<String, String>, Error> {
    models_of(&Plan::new(schema, settings.clone())?)
}

/// [`models`] of a plan already made.
pub fn models_of(plan: &Plan<'_>) -> Result<BTreeMap<String, String>, Error> {
    let (schema, settings) = (plan.schema, &plan.settings);
    let mut files = BTreeMap::new();

    // One file per type, grouped by module.
    let mut modules: BTreeMap<Option<String>, Vec<(&QualifiedName, &plan::TypeInfo)>> =
        BTreeMap::new();
    for (name, info) in &plan.types {
        modules
            .entry(info.module.clone())
            .or_default()
            .push((name, info));
    }

    for (name, info) in &plan.types {
        let segments = if let Some(e) = schema.enums.get(name) {
            Vec::from(enums::emit(plan, e)?.segments())
        } else if let Some(t) = schema.structured.get(name) {
            let mut segments = Vec::from(structs::emit(plan, t)?.segments());
            if let Some(family) = poly::emit(plan, t)? {
                segments.extend(family.segments());
            }
            segments
        } else {
            continue;
        };
        let path = match &info.module {
            Some(m) => format!("{m}/{}.rs", info.file_stem),
            None => format!("{}.rs", info.file_stem),
        };
        let doc = docs::inner(&[format!("The `{name}` type.")]);
        files.insert(path.clone(), render(plan, &path, doc, &segments)?);
    }

    // The module files.
    let mut all_modules: Vec<Option<String>> = vec![None];
    all_modules.extend(plan.namespace_modules.values().cloned().map(Some));
    for module in all_modules {
        let members = modules.get(&module).cloned().unwrap_or_default();
        let namespace = match &module {
            None => settings.root_namespace.clone(),
            Some(m) => plan
                .namespace_modules
                .iter()
                .find(|(_, v)| *v == m)
                .map(|(k, _)| k.clone())
                .unwrap_or_default(),
        };
        let mut items: Vec<TokenStream> = Vec::new();
        if module.is_none() {
            for sub in plan.namespace_modules.values() {
                let sub = format_ident!("{}", sub);
                items.push(quote!(pub mod #sub;));
            }
        }
        let mut sorted = members;
        sorted.sort_by(|a, b| a.1.file_stem.cmp(&b.1.file_stem));
        for (name, info) in &sorted {
            let stem = names::ident(&info.file_stem);
            let ty = format_ident!("{}", info.rust_name);
            let areas = plan.areas.of_type(name);
            let cfg = plan.cfg(&areas.needed);
            items.push(quote!(#cfg mod #stem; #cfg pub use self::#stem::#ty;));
            if let Some(poly) = &info.poly_name {
                let poly = format_ident!("{}", poly);
                let cfg = plan.cfg(&areas.poly);
                items.push(quote!(#cfg pub use self::#stem::#poly;));
            }
        }
        let counts = schema.counts(&namespace);
        let mut lines = vec![format!("Types of the `{namespace}` namespace: {counts}.")];
        if module.is_none() && !plan.namespace_modules.is_empty() {
            lines.push(String::new());
            lines.push(String::from(
                "Types of other namespaces that these refer to live in the submodules.",
            ));
        }
        if module.is_none() {
            lines.extend(features::doc_lines(&plan.areas));
        }
        let path = match &module {
            Some(m) => format!("{m}/mod.rs"),
            None => String::from("mod.rs"),
        };
        let segments = [Segment::Items(quote!(#(#items)*))];
        files.insert(
            path.clone(),
            render(plan, &path, docs::inner(&lines), &segments)?,
        );
    }
    Ok(files)
}

/// A piece of a generated file.
#[derive(Debug, Clone)]
pub enum Segment {
    /// Items, formatted by prettyplease.
    Items(TokenStream),
    /// A macro table, formatted by [`MacroCall::render`](table::MacroCall::render).
    Table(table::MacroCall),
    /// An item kept on one line by [`table::render_line`] (a macro invocation
    /// that prettyplease would wrap).
    Line(TokenStream),
}

/// Formats one file: header line, inner docs, then the segments in order.
pub(crate) fn render(
    plan: &Plan<'_>,
    path: &str,
    inner_docs: Vec<syn::Attribute>,
    segments: &[Segment],
) -> Result<String, Error> {
    let mut out = format!(
        "// @generated by `{}`. Do not edit: change the generator or the pinned schema and regenerate.\n",
        plan.settings.generated_by
    );
    let mut inner_docs = Some(inner_docs);
    for segment in segments {
        match segment {
            Segment::Items(tokens) => {
                let mut file: syn::File =
                    syn::parse2(tokens.clone()).map_err(|e| Error::Other {
                        message: format!(
                            "internal: generated tokens for `{path}` do not parse: {e}"
                        ),
                    })?;
                file.attrs = inner_docs.take().unwrap_or_default();
                out.push_str(&prettyplease::unparse(&file));
            }
            Segment::Table(_) | Segment::Line(_) => {
                if let Some(attrs) = inner_docs.take() {
                    let mut file: syn::File = syn::parse_quote!();
                    file.attrs = attrs;
                    out.push_str(&prettyplease::unparse(&file));
                }
                out.push_str(&match segment {
                    Segment::Table(call) => call.render()?,
                    Segment::Line(tokens) => table::render_line(tokens)?,
                    Segment::Items(_) => String::new(),
                });
            }
        }
    }
    Ok(out)
}
