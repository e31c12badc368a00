//! The URL tree as data: [`RouteNode`]s, what each addresses ([`RouteNodeKind`])
//! and the operations on it ([`RouteOperation`], [`Verb`]); built by
//! [`tree`](super::tree).

use super::{QuerySupport, Route};
use crate::ir::{QualifiedName, TypeRef};

/// What a [`RouteNode`] of the URL tree addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RouteNodeKind {
    /// A singleton of the container (`/security`).
    Singleton,
    /// A contained collection (`/security/incidents`). Its one child is the
    /// [`Item`](RouteNodeKind::Item) node.
    Collection,
    /// One entity of a contained collection, by key (`/security/incidents/{}`).
    Item,
    /// A contained single-valued navigation property (`/security/cases`).
    Single,
    /// A non-contained collection (a reference): read only, not walked further.
    /// Its one child is the [`ReferenceItem`](RouteNodeKind::ReferenceItem) node.
    ReferenceCollection,
    /// One entity of a non-contained collection, by key: read only.
    ReferenceItem,
    /// A non-contained single-valued navigation property: read only.
    ReferenceSingle,
}

impl RouteNodeKind {
    /// Whether the node is a collection (its entities are listed, counted, created).
    pub fn is_collection(self) -> bool {
        matches!(
            self,
            RouteNodeKind::Collection | RouteNodeKind::ReferenceCollection
        )
    }
}

/// What an operation of a node does.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verb {
    /// `GET` one entity (singleton, item, single-valued navigation).
    Get,
    /// `GET` a collection: one page of its entities.
    List,
    /// `GET <collection>/$count`.
    Count,
    /// `POST` a new entity to a collection.
    Create,
    /// `PATCH` an entity.
    Update,
    /// `DELETE` an entity.
    Delete,
    /// `POST <entity>/<property>`: add an item to a structural collection property
    /// that the capability annotations make insertable.
    AddToProperty {
        /// The property's wire name.
        property: String,
        /// The property's type (a collection).
        ty: TypeRef,
    },
    /// A bound action (`POST`): index into [`Schema::operations`].
    Action(usize),
    /// A bound function (`GET`): index into [`Schema::operations`].
    Function(usize),
}

/// One operation on a node: a method on a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteOperation {
    /// What it does.
    pub verb: Verb,
    /// The route (method and path template).
    pub route: Route,
    /// The query options it accepts.
    pub query: QuerySupport,
}

/// A node of the URL tree: a path and the entities it addresses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteNode {
    /// The last named segment: the singleton or navigation property name (for
    /// item nodes, the collection's name).
    pub name: String,
    /// The path template (`/security/incidents/{}`).
    pub path: String,
    /// What the node addresses.
    pub kind: RouteNodeKind,
    /// The entity type addressed (for collections, the type of their items).
    pub ty: QualifiedName,
    /// The operations at this node and at its operation segments (`$count`,
    /// bound operations, insertable properties), in a stable order.
    pub operations: Vec<RouteOperation>,
    /// The nodes one navigation or key segment below.
    pub children: Vec<RouteNode>,
}

impl RouteNode {
    /// This node and every node below it, depth first, parents before children.
    pub fn walk(&self) -> Vec<&RouteNode> {
        let mut out = vec![self];
        for child in &self.children {
            out.extend(child.walk());
        }
        out
    }
}
