//! Facts the emitters need that the schema implies but does not state: Rust
//! names and module paths, which base types get a polymorphic enum, which
//! fields must be boxed to break type cycles, and each field's Rust shape.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::error::Error;
use crate::ir::{Primitive, QualifiedName, Schema, StructuredType, TypeDef, TypeRef, TypeTarget};
use crate::names::{self, Scope};

/// Where generated code lives and what it calls.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The namespace whose types sit at the models root (`microsoft.graph.security`).
    pub root_namespace: String,
    /// Path of the hand-written runtime module, e.g. `crate::runtime`.
    pub runtime: syn::Path,
    /// Path of the generated models module, e.g. `crate::models`.
    pub models: syn::Path,
    /// Path of the hand-written client module the request builders call, e.g. `crate::client`.
    pub client: syn::Path,
    /// Path of the generated request builders module, e.g. `crate::requests`.
    pub requests: syn::Path,
    /// Text for the header line of every file: what made it.
    pub generated_by: String,
}

impl Settings {
    /// The settings of the `msgraph-security` crate.
    pub fn crate_default() -> Self {
        Self {
            root_namespace: crate::ir::SECURITY_NAMESPACE.to_string(),
            runtime: syn::parse_quote!(crate::runtime),
            models: syn::parse_quote!(crate::models),
            client: syn::parse_quote!(crate::client),
            requests: syn::parse_quote!(crate::requests),
            generated_by: String::from("cargo xtask regen"),
        }
    }
}

/// Rust-side facts about one named schema type.
#[derive(Debug, Clone)]
pub struct TypeInfo {
    /// Module of the namespace below the models root (`None`: the root).
    pub module: Option<String>,
    /// The Rust type name.
    pub rust_name: String,
    /// File (and private module) the type is emitted into.
    pub file_stem: String,
    /// The name of the polymorphic enum, for base types that have one.
    pub poly_name: Option<String>,
}

/// How a field stores its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldShape {
    /// Non-nullable single value: `Option<T>` (absent when `None`).
    Option,
    /// Nullable single value: `Nullable<T>`.
    Nullable,
    /// Collection: `Option<Vec<T>>`.
    Collection,
}

/// A field's Rust element type, and the runtime codec that reads and writes it
/// where that is not the element type's own (`runtime::codec::Wire`).
#[derive(Debug, Clone)]
pub struct ValueType {
    pub rust: TokenStream,
    /// The same type as users write it (`Option` aside): `DateTimeOffset`,
    /// `graph::IdentitySet`, `Flags<X>`, `Box<X>`: what the API inventory compares.
    pub api: String,
    /// The name of a `runtime::codec` codec (`Decimal`), `None` for the type's own.
    pub codec: Option<&'static str>,
}

/// The plan: everything derived once from a schema.
#[derive(Debug, Clone)]
pub struct Plan<'s> {
    pub schema: &'s Schema,
    pub settings: Settings,
    pub types: BTreeMap<QualifiedName, TypeInfo>,
    /// Module names (below the models root) of every namespace but the root.
    pub namespace_modules: BTreeMap<String, String>,
    /// `(type, property)` pairs whose single value is boxed to break a cycle.
    pub boxed: BTreeSet<(QualifiedName, String)>,
    /// The cargo features (areas of the URL tree) and the types each needs.
    pub areas: crate::areas::Areas,
    /// Every structured type's descendants (direct or not), in name order:
    /// [`Schema::descendants`] computed once.
    descendants: BTreeMap<QualifiedName, Vec<QualifiedName>>,
    /// The links to Microsoft's API reference (empty unless set after [`Plan::new`]).
    pub reference: crate::reference::ReferenceFacts,
    /// The builder methods that return or take each type, for the models' rustdoc
    /// (empty unless set after [`Plan::new`]; see [`super::requests::returned_by`]).
    pub returned_by: super::requests::ReturnedBy,
}

impl<'s> Plan<'s> {
    /// Builds the plan, or fails on names that cannot be told apart in Rust.
    pub fn new(schema: &'s Schema, settings: Settings) -> Result<Self, Error> {
        let mut namespaces: BTreeSet<&str> = BTreeSet::new();
        namespaces.extend(schema.structured.keys().map(|n| n.namespace.as_str()));
        namespaces.extend(schema.enums.keys().map(|n| n.namespace.as_str()));

        let mut namespace_modules = BTreeMap::new();
        let mut module_scope = Scope::default();
        for ns in &namespaces {
            if let Some(m) = names::namespace_module(ns, &settings.root_namespace) {
                namespace_modules.insert(ns.to_string(), module_scope.claim(&m));
            }
        }

        let referenced = referenced_types(schema);
        let mut descendants: BTreeMap<QualifiedName, Vec<QualifiedName>> = BTreeMap::new();
        for t in schema.structured.values() {
            for a in schema.ancestors(&t.name) {
                descendants
                    .entry(a.name.clone())
                    .or_default()
                    .push(t.name.clone());
            }
        }
        let mut types = BTreeMap::new();
        let mut names_by_module: BTreeMap<Option<String>, BTreeMap<String, QualifiedName>> =
            BTreeMap::new();
        let mut stems_by_module: BTreeMap<Option<String>, Scope> = BTreeMap::new();

        let all_names: Vec<&QualifiedName> = schema
            .enums
            .keys()
            .chain(schema.structured.keys())
            .collect();
        for name in all_names {
            let module = namespace_modules.get(&name.namespace).cloned();
            let rust_name = names::type_name(&name.name);
            let taken = names_by_module.entry(module.clone()).or_default();
            if let Some(other) = taken.insert(rust_name.clone(), name.clone()) {
                return Err(Error::Other {
                    message: format!(
                        "types `{other}` and `{name}` both map to the Rust name `{rust_name}`"
                    ),
                });
            }
            let stems = stems_by_module.entry(module.clone()).or_insert_with(|| {
                // Sub-namespace modules live beside the type files of the root.
                if module.is_none() {
                    let reserved: Vec<&str> =
                        namespace_modules.values().map(String::as_str).collect();
                    Scope::with_reserved(&reserved)
                } else {
                    Scope::default()
                }
            });
            let file_stem = stems.claim(&names::file_stem(&name.name));
            let poly_name = match schema.structured.get(name) {
                Some(_) if referenced.contains(name) && descendants.contains_key(name) => {
                    Some(format!("Any{rust_name}"))
                }
                _ => None,
            };
            types.insert(
                name.clone(),
                TypeInfo {
                    module,
                    rust_name,
                    file_stem,
                    poly_name,
                },
            );
        }
        // A polymorphic enum name must not collide with a type of its module.
        for info in types.values() {
            if let Some(poly) = &info.poly_name {
                if let Some(other) = names_by_module.get(&info.module).and_then(|m| m.get(poly)) {
                    return Err(Error::Other {
                        message: format!(
                            "the polymorphic enum `{poly}` for `{}` collides with the type `{other}`",
                            info.rust_name
                        ),
                    });
                }
            }
        }

        let mut plan = Plan {
            schema,
            settings,
            types,
            namespace_modules,
            boxed: BTreeSet::new(),
            areas: crate::areas::compute(schema)?,
            descendants,
            reference: crate::reference::ReferenceFacts::default(),
            returned_by: BTreeMap::new(),
        };
        plan.boxed = plan.cycle_edges();
        Ok(plan)
    }

    /// `#[cfg(...)]` for an item the given areas need (`feature = ".."`, or
    /// `any(..)` of several); nothing when the schema has no areas or no area
    /// needs it (such items are always compiled).
    pub fn cfg(&self, features: &BTreeSet<String>) -> Option<TokenStream> {
        if self.areas.areas.is_empty() || features.is_empty() {
            return None;
        }
        let each = features.iter().map(|f| quote!(feature = #f));
        Some(if features.len() == 1 {
            quote!(#[cfg(#(#each)*)])
        } else {
            quote!(#[cfg(any(#(#each),*))])
        })
    }

    /// The areas that need a value of `ty` held by a field or parameter (its
    /// polymorphic enum's areas when the type has one), `None` for a primitive.
    pub fn areas_of_value(&self, ty: &TypeRef) -> Result<Option<&BTreeSet<String>>, Error> {
        let Some(name) = ty.named() else {
            return Ok(None);
        };
        let areas = self.areas.of_type(name);
        Ok(Some(if self.info(name)?.poly_name.is_some() {
            &areas.poly
        } else {
            &areas.needed
        }))
    }

    /// The descendants of a structured type (direct or not), in name order, as
    /// [`Schema::descendants`] gives them.
    pub fn descendants(&self, name: &QualifiedName) -> Vec<&'s StructuredType> {
        self.descendants
            .get(name)
            .into_iter()
            .flatten()
            .filter_map(|d| self.schema.structured.get(d))
            .collect()
    }

    /// The same plan with other paths (names and areas are not computed again).
    pub fn with_settings(&self, settings: Settings) -> Self {
        Self {
            settings,
            ..self.clone()
        }
    }

    /// Facts about a named type. The reader guarantees every reference resolves.
    pub fn info(&self, name: &QualifiedName) -> Result<&TypeInfo, Error> {
        self.types.get(name).ok_or_else(|| Error::Other {
            message: format!("internal: no type `{name}` in the plan"),
        })
    }

    /// Absolute path of the module holding a type (`crate::models::graph`).
    pub fn module_path(&self, module: Option<&str>) -> TokenStream {
        let models = &self.settings.models;
        match module {
            Some(m) => {
                let m = format_ident!("{}", m);
                quote!(#models::#m)
            }
            None => quote!(#models),
        }
    }

    /// Absolute path of a named type's Rust type (`crate::models::Incident`).
    pub fn type_path(&self, name: &QualifiedName) -> Result<TokenStream, Error> {
        let info = self.info(name)?;
        let module = self.module_path(info.module.as_deref());
        let ident = format_ident!("{}", info.rust_name);
        Ok(quote!(#module::#ident))
    }

    /// A named type's Rust name as users write it below `models`
    /// (`Incident`, `graph::IdentitySet`): the API inventory's spelling.
    pub fn api_name(&self, name: &QualifiedName) -> Result<String, Error> {
        let info = self.info(name)?;
        Ok(match &info.module {
            Some(m) => format!("{m}::{}", info.rust_name),
            None => info.rust_name.clone(),
        })
    }

    /// [`api_name`](Self::api_name) of a type's polymorphic enum, if it has one.
    pub fn api_poly_name(&self, name: &QualifiedName) -> Result<Option<String>, Error> {
        let info = self.info(name)?;
        Ok(info.poly_name.as_ref().map(|poly| match &info.module {
            Some(m) => format!("{m}::{poly}"),
            None => poly.clone(),
        }))
    }

    /// The same path as rustdoc link text (`crate::models::graph::Entity`).
    pub fn doc_path(&self, name: &QualifiedName) -> String {
        match self.type_path(name) {
            Ok(p) => super::table::line(&p),
            Err(_) => name.to_string(),
        }
    }

    /// Absolute path of a polymorphic enum.
    pub fn poly_path(&self, name: &QualifiedName) -> Result<Option<TokenStream>, Error> {
        let info = self.info(name)?;
        Ok(info.poly_name.as_ref().map(|poly| {
            let module = self.module_path(info.module.as_deref());
            let ident = format_ident!("{}", poly);
            quote!(#module::#ident)
        }))
    }

    /// The runtime path.
    pub fn rt(&self) -> &syn::Path {
        &self.settings.runtime
    }

    /// The field shape for a type reference and its nullability.
    pub fn shape(ty: &TypeRef, nullable: bool) -> FieldShape {
        if ty.collection {
            FieldShape::Collection
        } else if nullable {
            FieldShape::Nullable
        } else {
            FieldShape::Option
        }
    }

    /// The element type and codec of a value of `ty` held by property `prop`
    /// of `owner` (boxing applies to single values on a type cycle).
    /// `None` for stream properties, which are not sent inline.
    pub fn value_type(
        &self,
        owner: &QualifiedName,
        prop: &str,
        ty: &TypeRef,
    ) -> Result<Option<ValueType>, Error> {
        let rt = self.rt();
        let plain = |rust: TokenStream, api: String| ValueType {
            rust,
            api,
            codec: None,
        };
        let text = String::from;
        let out = match &ty.target {
            TypeTarget::Primitive(p) => match p {
                Primitive::Stream => return Ok(None),
                Primitive::Binary => plain(quote!(#rt::Binary), text("Binary")),
                Primitive::Boolean => plain(quote!(bool), text("bool")),
                Primitive::Byte => plain(quote!(u8), text("u8")),
                Primitive::SByte => plain(quote!(i8), text("i8")),
                Primitive::Int16 => plain(quote!(i16), text("i16")),
                Primitive::Int32 => plain(quote!(i32), text("i32")),
                // The codecs of i64 (Int64), f32 (Single) and f64 (Double) are their own.
                Primitive::Int64 => plain(quote!(i64), text("i64")),
                Primitive::Single => plain(quote!(f32), text("f32")),
                Primitive::Double => plain(quote!(f64), text("f64")),
                Primitive::Decimal => ValueType {
                    rust: quote!(f64),
                    api: text("f64"),
                    codec: Some("Decimal"),
                },
                Primitive::Date => plain(quote!(#rt::Date), text("Date")),
                Primitive::DateTimeOffset => {
                    plain(quote!(#rt::DateTimeOffset), text("DateTimeOffset"))
                }
                Primitive::TimeOfDay => plain(quote!(#rt::TimeOfDay), text("TimeOfDay")),
                Primitive::Duration => plain(quote!(#rt::Duration), text("Duration")),
                Primitive::Guid => plain(quote!(#rt::Guid), text("Guid")),
                Primitive::String => plain(quote!(String), text("String")),
                Primitive::Untyped => plain(quote!(::serde_json::Value), text("serde_json::Value")),
            },
            TypeTarget::Named(name) => match self.schema.get(name) {
                Some(TypeDef::Enum(e)) => {
                    let path = self.type_path(name)?;
                    let api = self.api_name(name)?;
                    if e.is_flags {
                        plain(quote!(#rt::Flags<#path>), format!("Flags<{api}>"))
                    } else {
                        plain(path, api)
                    }
                }
                Some(TypeDef::Structured(_)) => {
                    if let Some(poly) = self.poly_path(name)? {
                        plain(poly, self.api_poly_name(name)?.unwrap_or_default())
                    } else {
                        let path = self.type_path(name)?;
                        let api = self.api_name(name)?;
                        if !ty.collection && self.boxed.contains(&(owner.clone(), prop.to_string()))
                        {
                            plain(quote!(Box<#path>), format!("Box<{api}>"))
                        } else {
                            plain(path, api)
                        }
                    }
                }
                None => {
                    return Err(Error::Other {
                        message: format!("internal: unknown type `{name}` in `{owner}/{prop}`"),
                    });
                }
            },
        };
        Ok(Some(out))
    }

    /// Single-valued struct fields that close a cycle of by-value containment.
    fn cycle_edges(&self) -> BTreeSet<(QualifiedName, String)> {
        // Edges: owner -> target for single-valued, non-polymorphic struct fields.
        let mut edges: BTreeMap<&QualifiedName, Vec<(&QualifiedName, String)>> = BTreeMap::new();
        for t in self.schema.structured.values() {
            let mut out = Vec::new();
            for (name, ty) in field_refs(self.schema, t) {
                if ty.collection {
                    continue;
                }
                if let Some(target) = ty.named() {
                    let is_struct = self.schema.structured.contains_key(target);
                    let is_poly = self
                        .types
                        .get(target)
                        .is_some_and(|i| i.poly_name.is_some());
                    if is_struct && !is_poly {
                        out.push((target, name));
                    }
                }
            }
            edges.insert(&t.name, out);
        }
        let mut boxed = BTreeSet::new();
        for (owner, outs) in &edges {
            for (target, prop) in outs {
                if reaches(&edges, target, owner) {
                    boxed.insert(((*owner).clone(), prop.clone()));
                }
            }
        }
        boxed
    }
}

/// Every (property name, type) a struct of `t` has a field for, inherited included.
pub fn field_refs<'a>(schema: &'a Schema, t: &StructuredType) -> Vec<(String, &'a TypeRef)> {
    let mut out: Vec<(String, &TypeRef)> = schema
        .all_properties(&t.name)
        .into_iter()
        .map(|p| (p.name.clone(), &p.ty))
        .collect();
    out.extend(
        schema
            .all_navigation(&t.name)
            .into_iter()
            .map(|n| (n.name.clone(), &n.ty)),
    );
    out
}

fn reaches(
    edges: &BTreeMap<&QualifiedName, Vec<(&QualifiedName, String)>>,
    from: &QualifiedName,
    to: &QualifiedName,
) -> bool {
    let mut seen: BTreeSet<&QualifiedName> = BTreeSet::new();
    let mut stack = vec![from];
    while let Some(n) = stack.pop() {
        if n == to {
            return true;
        }
        if !seen.insert(n) {
            continue;
        }
        if let Some(outs) = edges.get(n) {
            stack.extend(outs.iter().map(|(t, _)| *t));
        }
    }
    false
}

/// Named types used as the type of a property, navigation property, parameter
/// or return type anywhere in the schema.
fn referenced_types(schema: &Schema) -> BTreeSet<QualifiedName> {
    let mut out = BTreeSet::new();
    for t in schema.structured.values() {
        for p in &t.properties {
            out.extend(p.ty.named().cloned());
        }
        for n in &t.navigation {
            out.extend(n.ty.named().cloned());
        }
    }
    for op in &schema.operations {
        for p in &op.parameters {
            out.extend(p.ty.named().cloned());
        }
        if let Some(r) = &op.return_type {
            out.extend(r.ty.named().cloned());
        }
    }
    out
}
