//! The rustdoc of every generated `list()` names exactly the query options its
//! type accepts: the options marker's `client::options::*Option` impls (all eight for
//! a list whose capability annotations restrict nothing). A list whose type
//! rules out `$filter` and `$orderby` (`threatIntelligence/articles`) never
//! advertises them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;

/// `$filter` and the rest, by the name of their `client::options` trait.
const OPTIONS: [(&str, &str); 8] = [
    ("FilterOption", "$filter"),
    ("SearchOption", "$search"),
    ("OrderByOption", "$orderby"),
    ("ExpandOption", "$expand"),
    ("SelectOption", "$select"),
    ("TopOption", "$top"),
    ("SkipOption", "$skip"),
    ("CountOption", "$count"),
];

struct ListMethod {
    owner: String,
    doc: String,
    marker: Option<String>,
}

fn doc_of(attrs: &[syn::Attribute]) -> String {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value()),
                _ => None,
            },
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The last segment of a type path (`ThreatIntelligenceArticlesListOptions`).
fn type_name(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(path) => Some(path.path.segments.last()?.ident.to_string()),
        _ => None,
    }
}

/// The second generic argument of `client::List<Entity, Marker>`, if any.
fn marker_of(output: &syn::ReturnType) -> Option<String> {
    let syn::ReturnType::Type(_, ty) = output else {
        return None;
    };
    let syn::Type::Path(path) = ty.as_ref() else {
        return None;
    };
    let last = path.path.segments.last()?;
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.iter().nth(1)? {
        syn::GenericArgument::Type(ty) => type_name(ty),
        _ => None,
    }
}

/// The options named in a list doc's `(`$select`, `$top`, ...)`.
fn advertised(doc: &str) -> BTreeSet<String> {
    let first = doc.lines().next().unwrap_or_default();
    let Some(start) = first.find("lazily with `stream` (") else {
        return BTreeSet::new();
    };
    let rest = &first[start + "lazily with `stream` (".len()..];
    let end = rest.find(')').expect("the option list closes");
    rest[..end]
        .split(", ")
        .map(|o| o.trim_matches('`').to_owned())
        .collect()
}

#[test]
fn list_docs_name_exactly_the_options_their_type_accepts() {
    let dir = msgraph_security_tests::workspace_root().join("generated/src/requests");
    let mut lists = Vec::new();
    let mut supports: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for entry in fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = fs::read_to_string(&path).unwrap();
        let file = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for item in file.items {
            let syn::Item::Impl(imp) = item else { continue };
            let Some(self_ty) = type_name(&imp.self_ty) else {
                continue;
            };
            if let Some((trait_path, _)) = &imp.trait_ {
                let name = trait_path.segments.last().unwrap().ident.to_string();
                if let Some((_, option)) = OPTIONS.iter().find(|(t, _)| *t == name) {
                    supports
                        .entry(self_ty)
                        .or_default()
                        .insert((*option).to_owned());
                }
                continue;
            }
            for inner in &imp.items {
                let syn::ImplItem::Fn(f) = inner else {
                    continue;
                };
                if f.sig.ident == "list" {
                    lists.push(ListMethod {
                        owner: self_ty.clone(),
                        doc: doc_of(&f.attrs),
                        marker: marker_of(&f.sig.output),
                    });
                }
            }
        }
    }
    assert!(lists.len() > 50, "only {} list methods found", lists.len());
    let all: BTreeSet<String> = OPTIONS.iter().map(|(_, o)| (*o).to_owned()).collect();
    let mut restricted = 0;
    for list in &lists {
        let accepted = match &list.marker {
            Some(marker) => {
                restricted += 1;
                supports.get(marker).cloned().unwrap_or_default()
            }
            None => all.clone(),
        };
        assert_eq!(
            advertised(&list.doc),
            accepted,
            "{}::list: its doc and its type disagree:\n{}",
            list.owner,
            list.doc
        );
    }
    assert!(restricted >= 2, "no restricted list found");
    let articles = lists
        .iter()
        .find(|l| l.owner == "ThreatIntelligenceArticlesRequest")
        .expect("threatIntelligence/articles has a list");
    let shown = advertised(&articles.doc);
    assert!(
        !shown.contains("$filter") && !shown.contains("$orderby"),
        "{shown:?}"
    );
    assert!(
        shown.contains("$search") && shown.contains("$select"),
        "{shown:?}"
    );
}
