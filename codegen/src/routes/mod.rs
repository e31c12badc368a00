//! The REST routes a schema implies: IR in, data out (no XML, no files).
//!
//! [`routes`] walks the URL tree below the container's singletons (in practice
//! `security`) and lists every `METHOD /path` the service exposes there. It is
//! a first cut for the request builders, and the route part of the schema-drift
//! report ([`crate::diff`]).
//!
//! # Rules
//!
//! Paths are spelled with `{}` for key segments (`/security/incidents/{}`).
//!
//! - **Singleton** (`/security`): `GET`, `PATCH`.
//! - **Contained collection** navigation property (`ContainsTarget="true"`, declared
//!   or inherited, see [`Schema::all_navigation`]) at `<path>`: `GET <path>` (list),
//!   `POST <path>` (create), `GET <path>/$count`, and the item node `<path>/{}`
//!   with `GET`, `PATCH`, `DELETE`; the walk continues from the item.
//! - **Contained single-valued** navigation property at `<path>`: `GET`, `PATCH`,
//!   `DELETE`; the walk continues from it.
//! - **Non-contained** navigation property: `GET <path>`, and `GET <path>/{}` for a
//!   collection; the walk does not continue.
//! - **Bound operations**: at every node the walk visits, the actions (`POST`) and
//!   functions (`GET`) whose binding parameter is the node's type or one of its base
//!   types (single-entity nodes), or `Collection(..)` of it (the list node of a
//!   collection), at `<path>/<qualified name>`; a function with parameters besides
//!   the binding one gets `(p1={},p2={})`, in declaration order.
//! - **Capability annotations** (`Org.OData.Capabilities.V1`) remove routes:
//!   `InsertRestrictions/Insertable=false` the `POST` that creates, `UpdateRestrictions/
//!   Updatable=false` the `PATCH`, `DeleteRestrictions/Deletable=false` the `DELETE`,
//!   `CountRestrictions/Countable=false` the `$count`. A structural collection
//!   property whose target says `InsertRestrictions/Insertable=true` gets
//!   `POST <path>/<property>` (as `alert/comments` does).
//!
//! An annotation is looked up on these targets, most specific first, and the first
//! one that states the property decides:
//!
//! 1. the container path without key segments
//!    (`microsoft.graph.GraphService/security/incidents`);
//! 2. the navigation property on the type the node belongs to, then on its base types
//!    (`microsoft.graph.security/incidents`); for a structural property likewise
//!    (`microsoft.graph.security.alert/comments`);
//! 3. for navigation nodes, the target entity type (`microsoft.graph.security.incident`).
//!
//! A type already on the current path is not re-entered: its node gets its own
//! routes (methods and bound operations) but its navigation properties are not
//! followed again, which keeps the walk finite on cyclic containment.
//!
//! The result is sorted (by path, then method) and free of duplicates.

//!
//! # Modules
//!
//! - `tree.rs`: the URL tree as data ([`RouteNode`], [`RouteNodeKind`],
//!   [`RouteOperation`], [`Verb`]);
//! - `walk.rs`: [`tree`], the walk that builds it from the schema (the rules above);
//! - `query_support.rs`: [`QuerySupport`], the query options an operation accepts.

mod query_support;
#[cfg(test)]
mod tests;
mod tree;
mod walk;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::ir::Schema;
use crate::permissions::RoutePermissions;

pub use query_support::QuerySupport;
pub use tree::{RouteNode, RouteNodeKind, RouteOperation, Verb};
pub use walk::tree;

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    /// Read (an entity, a list, a count) or call a function.
    Get,
    /// Create an entity or call an action.
    Post,
    /// Update an entity.
    Patch,
    /// Delete an entity.
    Delete,
}

impl Method {
    /// The method as written in a request line (`GET`).
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One route: a method on a path. Ordered by path, then method.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Route {
    /// The path, key segments spelled `{}`: `/security/incidents/{}`.
    pub path: String,
    /// The HTTP method.
    pub method: Method,
}

impl Route {
    /// Builds a route.
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            method,
        }
    }
}

impl fmt::Display for Route {
    /// `GET /security/incidents/{}`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.path)
    }
}

/// One generated operation: its route and the Rust call that makes it (named by the
/// request emitter, [`crate::emit::requests::calls`]).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Call {
    /// The route (`GET /security/incidents/{}`).
    pub route: Route,
    /// The Rust call path (`client.security().incidents().by_id(..).get()`).
    pub rust: String,
}

/// Where the permissions of a route come from (the imported permission facts; see
/// [`crate::Pin::route_permissions`]).
pub type PermissionLookup<'a> = &'a dyn Fn(&Route) -> RoutePermissions;

/// The text of `cargo xtask routes`: one line per operation of `calls`, sorted as
/// given, `METHOD /path`, a tab, `documented` or `undocumented` (whether Microsoft's
/// API reference has the operation: its permissions reference or its index of pages,
/// as `documented` says), a tab, the Rust call; a deprecated operation has one more
/// column, `deprecated (removal YYYY-MM-DD)` (see [`crate::deprecations`]).
pub fn listing(
    calls: &[Call],
    documented: &dyn Fn(&Route) -> bool,
    deprecated: &BTreeMap<Route, crate::ir::Deprecation>,
) -> String {
    let mut out = String::new();
    for call in calls {
        let documented = if documented(&call.route) {
            "documented"
        } else {
            "undocumented"
        };
        out.push_str(&format!("{}\t{documented}\t{}", call.route, call.rust));
        if let Some(d) = deprecated.get(&call.route) {
            out.push_str(&format!("\t{d}"));
        }
        out.push('\n');
    }
    out
}

/// Every route below the container's singletons, sorted and deduplicated (see the
/// [module documentation](self) for the rules).
pub fn routes(schema: &Schema) -> Vec<Route> {
    let mut out = BTreeSet::new();
    for root in tree(schema) {
        for node in root.walk() {
            out.extend(node.operations.iter().map(|op| op.route.clone()));
        }
    }
    out.into_iter().collect()
}
