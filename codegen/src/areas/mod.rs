//! Areas: the cargo features of the generated crate, one per branch of the URL tree.
//!
//! IR in, data out (no XML, no files, no tokens). [`compute`] splits the URL tree
//! below the `security` singleton ([`crate::routes::tree`]) into *areas* and tells,
//! for every type of the schema, which areas need it. The emitters turn that into
//! `#[cfg(feature = ..)]` attributes; this module only computes the sets.
//!
//! # Areas
//!
//! - One area per navigation property of the singleton's type (`microsoft.graph.security`):
//!   `incidents`, `alerts_v2`, `cases`, `threatIntelligence`, ... It owns every route
//!   whose first segment after `/security/` is that property (`/security/incidents/{}/alerts`).
//!   Its feature is the property's snake_case name ([`crate::names::snake`]:
//!   `alerts_v2`, `threat_intelligence`, `audit_log`).
//! - One area for the singleton itself: `GET`/`PATCH /security` and the actions and
//!   functions bound to the singleton's type (`POST /security/microsoft.graph.security.runHuntingQuery`).
//!   Its feature is derived from the singleton's name: `<singleton>_operations`
//!   (`security_operations`), "operations" being OData's word for actions and
//!   functions. Its [`Area::segment`] is empty.
//!
//! A feature name that two areas would share, or that the generated crate's
//! manifest already uses ([`RESERVED_FEATURES`]), is an error.
//!
//! # The type closure of an area
//!
//! Two facts per type and area ([`TypeAreas`]):
//!
//! - **needed**: the type's struct (or enum) is compiled;
//! - **poly**: the type is referred to *polymorphically* (it has derived types, and a
//!   property, parameter, return type or URL node of the area has it as its declared
//!   type), so its `Any<Type>` enum is compiled, and with it every derived type.
//!   `poly` is always a subset of `needed`.
//!
//! Seeds (each a *reference*, see below):
//!
//! - the entity type of every node of the branch (collections, items, single-valued
//!   containment, references);
//! - the parameter types (not the binding parameter: the node is its type) and the
//!   return type of every action and function at a node of the branch;
//! - the type of every insertable structural collection (`POST <entity>/<property>`).
//!
//! For the singleton's area, the singleton's type is needed (its `GET` returns it and
//! its `PATCH` takes it), but not by reference (nothing derives from it) and its own
//! navigation properties are **not** followed: each of them *is* an area. A struct field
//! of the singleton's type for navigation property `p` belongs to the area whose
//! [`Area::segment`] is `p` (the emitter gates that field by that area's feature too).
//! The same holds wherever else the singleton's type may be needed.
//!
//! Rules, applied until nothing changes:
//!
//! 1. A *reference* to a type `T` makes `T` needed; when `T` has derived types it also
//!    makes `T` poly and every descendant of `T` (direct or not) needed.
//! 2. A needed structured type `T` makes each of its base types needed, nearest first
//!    (the derived struct carries the inherited fields and its docs link the bases).
//!    This is *not* a reference: reaching a base only by inheritance does not make it
//!    poly and does not pull in its other descendants (else `microsoft.graph.entity`
//!    would put every entity type in every area).
//! 3. A needed structured type `T` references the type of each of its structural and
//!    navigation properties, inherited ones included (collection element types
//!    likewise), enum types as well as structured ones, in any namespace.
//!
//! So a base type can be needed in an area where its `Any<Base>` enum is not: the
//! emitter gates the struct by [`TypeAreas::needed`] and the enum (in the same file)
//! by [`TypeAreas::poly`]. The enum's variants are exactly the descendants that rule 1
//! made needed in the same areas.
//!
//! Every collection is a `BTreeMap`/`BTreeSet`: the result depends only on the schema.
//!
//! # Modules
//!
//! This file holds the result ([`Areas`], [`Area`], [`TypeAreas`]) and [`compute`],
//! which seeds each area from its branch of the URL tree; `closure.rs` applies the
//! rules above to the seeds (one `Closure` per area, over the schema's type families).

mod closure;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};

use crate::error::Error;
use crate::ir::{QualifiedName, Schema, TypeRef};
use crate::names;
use crate::routes::{self, Route, RouteNode, Verb};
use crate::select::ROOT_SINGLETON;
use closure::{Closure, Families};

/// Appended to the singleton's snake_case name to name the area of the singleton's own
/// routes and of the operations bound to it (`security_operations`).
pub const ROOT_AREA_SUFFIX: &str = "_operations";

/// Feature names the generated crate's manifest defines by hand: no area may take them.
pub const RESERVED_FEATURES: &[&str] = &["default", "client", "reqwest"];

/// The areas of a schema and the areas each type is needed in. See the [module
/// documentation](self).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Areas {
    /// The areas by feature name.
    pub areas: BTreeMap<String, Area>,
    /// Every entity, complex and enum type of the schema (those the models module
    /// emits), with the areas that need it; both sets are empty for a type no area needs.
    pub types: BTreeMap<QualifiedName, TypeAreas>,
    /// The singleton's path (`/security`); empty when the schema has no such singleton.
    pub root_path: String,
    /// The feature of the singleton's own area (`security_operations`); empty when
    /// the schema has no such singleton.
    pub root_feature: String,
}

/// One area: a cargo feature of the generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Area {
    /// The cargo feature name (`alerts_v2`, `threat_intelligence`, `security_operations`).
    pub feature: String,
    /// The navigation property of the singleton's type, as on the wire (`alerts_v2`,
    /// `threatIntelligence`); empty for the singleton's own area.
    pub segment: String,
    /// The routes of the area, sorted by path, then method.
    pub routes: Vec<Route>,
    /// The types the area's routes use directly (before the closure).
    pub seeds: BTreeSet<QualifiedName>,
    /// How many types the area needs.
    pub type_count: usize,
    /// How many of those no other area needs.
    pub exclusive_type_count: usize,
}

/// The areas that need one type.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TypeAreas {
    /// Areas that need the type's struct or enum.
    pub needed: BTreeSet<String>,
    /// Areas that refer to the type polymorphically: they need its `Any<Type>` enum
    /// (and all its descendants). A subset of [`needed`](Self::needed).
    pub poly: BTreeSet<String>,
}

impl Areas {
    /// The feature of the area a route belongs to: the area of the first segment
    /// after the singleton's path, or the singleton's own area for the singleton's path
    /// itself and for its operation segments (`/security/microsoft.graph.security.x`).
    /// `None` for a path outside the singleton, or whose first segment is no area.
    pub fn area_of_route(&self, route: &Route) -> Option<&str> {
        self.area_of_path(&route.path)
    }

    /// [`area_of_route`](Self::area_of_route) for a path template.
    pub fn area_of_path(&self, path: &str) -> Option<&str> {
        if self.root_path.is_empty() {
            return None;
        }
        let rest = path.strip_prefix(self.root_path.as_str())?;
        if rest.is_empty() {
            return self.root_area().map(|a| a.feature.as_str());
        }
        let rest = rest.strip_prefix('/')?;
        let segment = rest.split('/').next().unwrap_or(rest);
        if segment.contains('.') {
            // An operation bound to the singleton's type (qualified name).
            return self.root_area().map(|a| a.feature.as_str());
        }
        self.area_of_segment(segment).map(|a| a.feature.as_str())
    }

    /// The area of a navigation property of the singleton's type (wire name).
    pub fn area_of_segment(&self, segment: &str) -> Option<&Area> {
        if segment.is_empty() {
            return None;
        }
        self.areas.values().find(|a| a.segment == segment)
    }

    /// The singleton's own area.
    pub fn root_area(&self) -> Option<&Area> {
        self.areas.get(&self.root_feature)
    }

    /// The areas of a type (empty sets for a type no area needs or one not in the schema).
    pub fn of_type(&self, name: &QualifiedName) -> &TypeAreas {
        static NONE: TypeAreas = TypeAreas {
            needed: BTreeSet::new(),
            poly: BTreeSet::new(),
        };
        self.types.get(name).unwrap_or(&NONE)
    }
}

/// Computes the areas of a schema and the areas each type is needed in (see the
/// [module documentation](self)). A schema without the `security` singleton has no
/// areas. Fails when two areas would get the same feature name, or an area a reserved one.
pub fn compute(schema: &Schema) -> Result<Areas, Error> {
    let mut out = Areas {
        types: schema
            .structured
            .keys()
            .chain(schema.enums.keys())
            .map(|n| (n.clone(), TypeAreas::default()))
            .collect(),
        ..Areas::default()
    };
    let Some(singleton) = schema
        .container
        .singletons
        .iter()
        .find(|s| s.name == ROOT_SINGLETON)
    else {
        return Ok(out);
    };
    let Some(root) = routes::tree(schema)
        .into_iter()
        .find(|n| n.name == singleton.name)
    else {
        return Ok(out);
    };
    let family = Families::new(schema);

    // (feature, segment, nodes of the area, whether the node's children count).
    let root_feature = format!("{}{ROOT_AREA_SUFFIX}", names::snake(&singleton.name));
    let mut specs: Vec<(String, String, Vec<&RouteNode>)> =
        vec![(root_feature.clone(), String::new(), vec![&root])];
    for child in &root.children {
        specs.push((names::snake(&child.name), child.name.clone(), child.walk()));
    }

    let mut claimed: BTreeMap<String, String> = BTreeMap::new();
    for (feature, segment, _) in &specs {
        let what = if segment.is_empty() {
            format!("the operations of the singleton `{}`", singleton.name)
        } else {
            format!("the navigation property `{segment}` of `{}`", root.ty)
        };
        if RESERVED_FEATURES.contains(&feature.as_str()) {
            return Err(Error::Other {
                message: format!(
                    "the area of {what} would be the feature `{feature}`, which the crate's manifest reserves"
                ),
            });
        }
        if let Some(other) = claimed.insert(feature.clone(), what.clone()) {
            return Err(Error::Other {
                message: format!("{other} and {what} both map to the feature `{feature}`"),
            });
        }
    }

    for (feature, segment, nodes) in specs {
        let mut closure = Closure::new(schema, &family, &root.ty);
        let mut area_routes: BTreeSet<Route> = BTreeSet::new();
        let mut seeds: BTreeSet<QualifiedName> = BTreeSet::new();
        let is_root = segment.is_empty();
        for node in nodes {
            seeds.insert(node.ty.clone());
            if is_root {
                closure.need(&node.ty);
            } else {
                closure.reference(&node.ty);
            }
            for op in &node.operations {
                area_routes.insert(op.route.clone());
                match &op.verb {
                    Verb::Action(i) | Verb::Function(i) => {
                        let Some(operation) = schema.operations.get(*i) else {
                            return Err(Error::Other {
                                message: format!("internal: no operation #{i} for `{}`", op.route),
                            });
                        };
                        let params = operation
                            .parameters
                            .iter()
                            .skip(usize::from(operation.is_bound))
                            .map(|p| &p.ty);
                        let ret = operation.return_type.iter().map(|r| &r.ty);
                        for name in params.chain(ret).filter_map(TypeRef::named) {
                            seeds.insert(name.clone());
                            closure.reference(name);
                        }
                    }
                    Verb::AddToProperty { ty, .. } => {
                        if let Some(name) = ty.named() {
                            seeds.insert(name.clone());
                            closure.reference(name);
                        }
                    }
                    Verb::Get
                    | Verb::List
                    | Verb::Count
                    | Verb::Create
                    | Verb::Update
                    | Verb::Delete => {}
                }
            }
        }
        closure.run();
        for name in &closure.needed {
            if let Some(t) = out.types.get_mut(name) {
                t.needed.insert(feature.clone());
            }
        }
        for name in &closure.poly {
            if let Some(t) = out.types.get_mut(name) {
                t.poly.insert(feature.clone());
            }
        }
        out.areas.insert(
            feature.clone(),
            Area {
                feature,
                segment,
                routes: area_routes.into_iter().collect(),
                seeds,
                type_count: closure.needed.len(),
                exclusive_type_count: 0,
            },
        );
    }
    for t in out.types.values() {
        if let [only] = t.needed.iter().collect::<Vec<_>>()[..] {
            if let Some(area) = out.areas.get_mut(only) {
                area.exclusive_type_count += 1;
            }
        }
    }
    out.root_path = root.path.clone();
    out.root_feature = root_feature;
    Ok(out)
}
