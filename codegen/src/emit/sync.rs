//! Syncable collections: which contained collections get a `sync()` method
//! (incremental sync by change time, the runtime's `client::sync`), and the
//! method itself.
//!
//! A collection qualifies when
//! - it can be listed with `$filter` (the capability annotations of the route
//!   do not say `Filterable=false`),
//! - its item type is keyed by `id` alone (versions are de-duplicated by
//!   `(id, change time)`), and
//! - its item type (or a base type) has a `DateTimeOffset` change-time
//!   property, one of [`CHANGE_TIME_PROPERTIES`], that the type's
//!   `FilterRestrictions/NonFilterableProperties` do not exclude.
//!
//! Whether `$orderby` on the change time is allowed (the route's
//! `SortRestrictions/Sortable` and the type's `NonSortableProperties`)
//! decides whether the sync tries key-based (ordered) paging at all; the
//! runtime still checks that the service honours it.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::Plan;
use super::docs;
use std::collections::BTreeSet;

use crate::ir::{Capabilities, Primitive, QualifiedName, Schema, TypeTarget};
use crate::routes::{self, RouteNode, RouteNodeKind, RouteOperation, Verb};

/// The change-time properties, in order of preference. Each is the time the
/// service stamps on the item itself whenever it changes (Graph documents
/// `lastUpdateDateTime` on `incident` and `alert` as "when the incident/alert
/// was last updated", `lastModifiedDateTime` on the eDiscovery, records
/// management and attack-simulation types as the last modification, and
/// `lastUpdatedDateTime` on threat-intelligence articles likewise).
/// Properties that record when something *outside* the item happened
/// (`lastSeenDateTime`, `lastActivityDateTime`, `lastEventDateTime`,
/// `lastSignInDateTime`, ...) do not move when the item changes, and
/// `createdDateTime` never moves: neither can find changes.
pub const CHANGE_TIME_PROPERTIES: &[&str] = &[
    "lastUpdateDateTime",
    "lastModifiedDateTime",
    "lastUpdatedDateTime",
];

/// A syncable collection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Syncable {
    /// The collection's path template (`/security/incidents`).
    pub path: String,
    /// The item type.
    pub ty: QualifiedName,
    /// The change-time property (wire name).
    pub change_time: String,
    /// Whether `$orderby` on the change time is allowed.
    pub sortable: bool,
}

/// Whether `node` is a syncable collection, and how.
pub fn syncable(schema: &Schema, node: &RouteNode) -> Option<Syncable> {
    if node.kind != RouteNodeKind::Collection {
        return None;
    }
    let list = node.operations.iter().find(|op| op.verb == Verb::List)?;
    syncable_list(schema, node, list)
}

fn syncable_list(schema: &Schema, node: &RouteNode, list: &RouteOperation) -> Option<Syncable> {
    if node.kind != RouteNodeKind::Collection || list.verb != Verb::List || !list.query.filter {
        return None;
    }
    if schema.key_of(&node.ty) != ["id"] {
        return None;
    }
    let properties = schema.all_properties(&node.ty);
    let non_filterable = restricted(schema, &node.ty, |c| c.non_filterable);
    let change_time = CHANGE_TIME_PROPERTIES.iter().find(|name| {
        properties.iter().any(|p| {
            p.name == **name
                && !p.ty.collection
                && p.ty.target == TypeTarget::Primitive(Primitive::DateTimeOffset)
        }) && !non_filterable.iter().any(|n| n == *name)
    })?;
    let non_sortable = restricted(schema, &node.ty, |c| c.non_sortable);
    Some(Syncable {
        path: node.path.clone(),
        ty: node.ty.clone(),
        change_time: (*change_time).to_owned(),
        sortable: list.query.orderby && !non_sortable.iter().any(|n| n == *change_time),
    })
}

/// The property paths the capability annotations on `ty` or a base type
/// exclude, as `pick` chooses them (`Capabilities::non_filterable`, ...).
fn restricted(
    schema: &Schema,
    ty: &QualifiedName,
    pick: fn(Capabilities) -> BTreeSet<String>,
) -> BTreeSet<String> {
    let mut names = vec![ty.clone()];
    names.extend(schema.ancestors(ty).iter().map(|t| t.name.clone()));
    names
        .into_iter()
        .flat_map(|name| pick(schema.capabilities(&name.to_string())))
        .collect()
}

/// The `sync()` method of a syncable collection's request struct, emitted
/// beside its list method `list_method` (which it starts from, so the
/// list's query-option marker `options` carries over).
pub fn method(
    plan: &Plan<'_>,
    node: &RouteNode,
    op: &RouteOperation,
    list_method: &str,
    entity: &TokenStream,
    options: &TokenStream,
) -> Option<TokenStream> {
    let sync = syncable_list(plan.schema, node, op)?;
    let client = &plan.settings.client;
    let list = format_ident!("{}", list_method);
    let change_time = &sync.change_time;
    let sortable = sync.sortable;
    let how = if sortable {
        "key-based paging on it where the service honours `$orderby`, whole passes confirmed by the next otherwise"
    } else {
        "whole passes confirmed by the next (the schema does not allow `$orderby` on it)"
    };
    let doc = docs::outer(&[
        format!(
            "Incremental sync of `{}` by `{change_time}`: every new and changed item, at least once, with a checkpoint to commit ({how}).",
            node.path
        ),
        String::new(),
        format!(
            "`$filter`, `$select` and `$expand` set on the returned builder apply to every request; see [`{}::sync`] for the guarantees.",
            super::table::doc_path(client)
        ),
    ]);
    Some(quote! {
        #doc
        pub fn sync(&self) -> #client::SyncBuilder<#entity #options> {
            #client::SyncBuilder::from_list(self.#list(), #change_time, #sortable)
        }
    })
}

/// `cargo xtask routes --sync`: one line per syncable collection,
/// `GET /path`, a tab, the change-time property, a tab, `ordered` or
/// `unordered` (whether `$orderby` on it is allowed), a tab, the Rust call.
pub fn listing(schema: &Schema) -> String {
    let calls = super::requests::calls(schema);
    let mut out = String::new();
    for root in routes::tree(schema) {
        for node in root.walk() {
            let Some(sync) = syncable(schema, node) else {
                continue;
            };
            let route = routes::Route::new(routes::Method::Get, node.path.clone());
            let Some(call) = calls
                .iter()
                .find(|c| c.route == route && c.rust.ends_with("()"))
            else {
                continue;
            };
            let Some(base) = call.rust.rsplit_once('.').map(|(base, _)| base) else {
                continue;
            };
            out.push_str(&format!(
                "GET {}\t{}\t{}\t{base}.sync()\n",
                sync.path,
                sync.change_time,
                if sync.sortable {
                    "ordered"
                } else {
                    "unordered"
                },
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pin_syncs_incidents_and_alerts_v2_by_last_update() {
        let metadata = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../metadata");
        let pin = crate::Pin::load(&metadata).unwrap_or_else(|e| panic!("{e}"));
        let listing = pin.sync_routes();
        for line in [
            "GET /security/incidents\tlastUpdateDateTime\tordered\tclient.security().incidents().sync()",
            "GET /security/alerts_v2\tlastUpdateDateTime\tordered\tclient.security().alerts_v2().sync()",
        ] {
            assert!(
                listing.lines().any(|l| l == line),
                "{line} missing from\n{listing}"
            );
        }
        // Only change times: no collection syncs by `lastSeenDateTime` or `createdDateTime`.
        for line in listing.lines() {
            let property = line.split('\t').nth(1).unwrap_or_default();
            assert!(CHANGE_TIME_PROPERTIES.contains(&property), "{line}");
        }
        // Not every collection qualifies (e.g. hosts have no change time).
        assert!(
            !listing.contains("/security/threatIntelligence/hosts\t"),
            "{listing}"
        );
    }
}
