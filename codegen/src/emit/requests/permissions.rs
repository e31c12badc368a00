//! Permission constants: one `requests/permissions.rs` constant per distinct
//! permission set of the operations, and each operation's `OperationInfo`
//! (method, path template, permissions) and permission doc line.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::naming::RequestPlan;
use crate::emit::{Plan, docs};
use crate::names;
use crate::permissions::RoutePermissions;
use crate::routes::{Method, PermissionLookup, Route, RouteNode};

/// The non-empty permission sets of the operations of `tree`, each with a
/// constant name (from its least-privileged permission, `SECURITY_INCIDENT_READ_ALL`;
/// a set sharing that name with another gets `_2`, `_3`, ... in set order) and
/// the areas of the operations that use it.
pub(super) fn permission_sets(
    plan: &Plan<'_>,
    tree: &[RouteNode],
    permissions: PermissionLookup<'_>,
) -> BTreeMap<RoutePermissions, (String, BTreeSet<String>)> {
    let mut areas: BTreeMap<RoutePermissions, BTreeSet<String>> = BTreeMap::new();
    for node in tree.iter().flat_map(|root| root.walk()) {
        for op in &node.operations {
            let perms = permissions(&op.route);
            if perms.delegated.is_empty() && perms.application.is_empty() {
                continue;
            }
            let used_by = areas.entry(perms).or_default();
            used_by.extend(plan.areas.area_of_route(&op.route).map(String::from));
        }
    }
    let mut taken: BTreeMap<String, usize> = BTreeMap::new();
    areas
        .into_iter()
        .map(|(perms, used_by)| {
            let least = perms
                .least_application
                .as_deref()
                .or(perms.least_delegated.as_deref())
                .or(perms.application.first().map(String::as_str))
                .or(perms.delegated.first().map(String::as_str))
                .unwrap_or("permissions");
            let base = names::snake(&least.replace('.', "_")).to_ascii_uppercase();
            let count = taken.entry(base.clone()).or_default();
            *count += 1;
            let name = if *count == 1 {
                base
            } else {
                format!("{base}_{count}")
            };
            (perms, (name, used_by))
        })
        .collect()
}

/// `requests/permissions.rs`: one constant per permission set.
pub(super) fn emit_permission_sets(
    plan: &Plan<'_>,
    sets: &BTreeMap<RoutePermissions, (String, BTreeSet<String>)>,
) -> TokenStream {
    let client = &plan.settings.client;
    let items = sets.iter().map(|(perms, (name, used_by))| {
        let ident = format_ident!("{}", name);
        let cfg = plan.cfg(used_by);
        let doc = docs::outer(&[permission_doc(perms)]);
        let opt = |v: &Option<String>| match v {
            Some(s) => quote!(Some(#s)),
            None => quote!(None),
        };
        let least_delegated = opt(&perms.least_delegated);
        let least_application = opt(&perms.least_application);
        let delegated = &perms.delegated;
        let application = &perms.application;
        quote! {
            #doc
            #cfg
            pub(crate) const #ident: #client::Permissions = #client::Permissions {
                least_delegated: #least_delegated,
                least_application: #least_application,
                delegated: &[#(#delegated),*],
                application: &[#(#application),*],
            };
        }
    });
    quote!(#(#items)*)
}

/// `Least-privileged permissions: delegated .., application ...`
pub(super) fn permission_doc(perms: &RoutePermissions) -> String {
    let show = |v: &Option<String>| match v {
        Some(s) => format!("`{s}`"),
        None => String::from("none listed"),
    };
    format!(
        "Least-privileged permissions: delegated {}, application {}.",
        show(&perms.least_delegated),
        show(&perms.least_application)
    )
}

/// `static INFO: OperationInfo = OperationInfo::new(method, path, permissions);`,
/// `new_with_reference(.., url)` when Microsoft's reference has a page for the route.
pub(super) fn info_tokens(
    plan: &Plan<'_>,
    names: &RequestPlan,
    route: &Route,
    perms: &RoutePermissions,
) -> TokenStream {
    // One more argument, not a chained call: a line per operation, not four.
    let (new, reference) = match plan.reference.operation(route) {
        Some(url) => (format_ident!("new_with_reference"), quote!(, #url)),
        None => (format_ident!("new"), quote!()),
    };
    let client = &plan.settings.client;
    let requests = &plan.settings.requests;
    let method = format_ident!(
        "{}",
        match route.method {
            Method::Get => "Get",
            Method::Post => "Post",
            Method::Patch => "Patch",
            Method::Delete => "Delete",
        }
    );
    let path = &route.path;
    let permissions = match names.permission_sets.get(perms) {
        Some((name, _)) => {
            let ident = format_ident!("{}", name);
            quote!(#requests::permissions::#ident)
        }
        None => quote!(#client::Permissions::EMPTY),
    };
    quote! {
        static INFO: #client::OperationInfo =
            #client::OperationInfo::#new(#client::Method::#method, #path, #permissions #reference);
    }
}
