//! The schema model the generator works on.
//!
//! This module knows nothing of XML and nothing of Rust syntax: the CSDL reader
//! ([`crate::csdl`]) lowers a document into a [`Schema`], and the emitters
//! ([`crate::emit`]) turn a [`Schema`] into tokens. Every collection is ordered
//! (`BTreeMap`, or a `Vec` sorted by a documented key) so that the same input
//! always yields the same output. The capability annotations are read once, into
//! typed facts ([`Schema::capabilities`], [`Capabilities`]).

mod capabilities;
mod revisions;

use std::collections::BTreeMap;
use std::fmt;

pub use capabilities::{CAPABILITIES, Capabilities, Capability};
pub use revisions::{Deprecation, REVISIONS, Revision, RevisionKind};

/// A namespace-qualified schema name, always spelled with the full namespace
/// (aliases such as `graph.` or `self.` are resolved by the reader).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct QualifiedName {
    /// For example `microsoft.graph.security`.
    pub namespace: String,
    /// For example `incident`.
    pub name: String,
}

impl QualifiedName {
    /// Builds a name from its two parts.
    pub fn new(namespace: impl Into<String>, name: impl Into<String>) -> Self {
        Self {
            namespace: namespace.into(),
            name: name.into(),
        }
    }

    /// Splits `a.b.c.name` at its last dot. `None` when there is no dot.
    pub fn parse(qualified: &str) -> Option<Self> {
        let (namespace, name) = qualified.rsplit_once('.')?;
        if namespace.is_empty() || name.is_empty() {
            return None;
        }
        Some(Self::new(namespace, name))
    }
}

impl fmt::Display for QualifiedName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.namespace, self.name)
    }
}

/// The EDM primitive types the generator maps to Rust types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Primitive {
    Binary,
    Boolean,
    Byte,
    Date,
    DateTimeOffset,
    Decimal,
    Double,
    Duration,
    Guid,
    Int16,
    Int32,
    Int64,
    SByte,
    Single,
    Stream,
    String,
    TimeOfDay,
    /// `Edm.Untyped`, `Edm.PrimitiveType`, `Edm.ComplexType`, `Edm.EntityType`
    /// and the geography/geometry types: kept as raw JSON.
    Untyped,
}

impl Primitive {
    /// Every primitive with the `Edm.` name it is read from.
    pub const ALL: &'static [(&'static str, Primitive)] = &[
        ("Binary", Primitive::Binary),
        ("Boolean", Primitive::Boolean),
        ("Byte", Primitive::Byte),
        ("Date", Primitive::Date),
        ("DateTimeOffset", Primitive::DateTimeOffset),
        ("Decimal", Primitive::Decimal),
        ("Double", Primitive::Double),
        ("Duration", Primitive::Duration),
        ("Guid", Primitive::Guid),
        ("Int16", Primitive::Int16),
        ("Int32", Primitive::Int32),
        ("Int64", Primitive::Int64),
        ("SByte", Primitive::SByte),
        ("Single", Primitive::Single),
        ("Stream", Primitive::Stream),
        ("String", Primitive::String),
        ("TimeOfDay", Primitive::TimeOfDay),
        ("Untyped", Primitive::Untyped),
    ];

    /// The `Edm.X` spelling.
    pub fn edm_name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, p)| *p == self)
            .map(|(n, _)| *n)
            .unwrap_or("Untyped")
    }

    /// Looks up the local part of an `Edm.` name. Abstract and spatial EDM
    /// types read as [`Primitive::Untyped`].
    pub fn from_edm_name(name: &str) -> Option<Primitive> {
        if let Some((_, p)) = Self::ALL.iter().find(|(n, _)| *n == name) {
            return Some(*p);
        }
        let untyped = matches!(name, "PrimitiveType" | "ComplexType" | "EntityType")
            || name.starts_with("Geography")
            || name.starts_with("Geometry");
        untyped.then_some(Primitive::Untyped)
    }
}

/// What a type reference points at.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeTarget {
    Primitive(Primitive),
    /// An entity, complex or enum type of the schema. The reader guarantees
    /// that the name exists in the [`Schema`].
    Named(QualifiedName),
}

/// A (possibly collection-valued) type reference: `Edm.String`,
/// `Collection(microsoft.graph.security.alert)`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeRef {
    pub collection: bool,
    pub target: TypeTarget,
}

impl TypeRef {
    pub fn named(&self) -> Option<&QualifiedName> {
        match &self.target {
            TypeTarget::Named(n) => Some(n),
            TypeTarget::Primitive(_) => None,
        }
    }
}

impl fmt::Display for TypeRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = match &self.target {
            TypeTarget::Primitive(p) => format!("Edm.{}", p.edm_name()),
            TypeTarget::Named(n) => n.to_string(),
        };
        if self.collection {
            write!(f, "Collection({inner})")
        } else {
            f.write_str(&inner)
        }
    }
}

/// Entity or complex.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StructuredKind {
    Entity,
    Complex,
}

/// A structural property.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Property {
    /// The wire name, exactly as in the schema.
    pub name: String,
    pub ty: TypeRef,
    /// `Nullable` (default `true`). For collections it speaks of the items.
    pub nullable: bool,
}

/// A navigation property.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NavigationProperty {
    pub name: String,
    /// Always a [`TypeTarget::Named`] entity type.
    pub ty: TypeRef,
    pub nullable: bool,
    pub contains_target: bool,
}

/// An entity type or a complex type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StructuredType {
    pub name: QualifiedName,
    pub kind: StructuredKind,
    pub base: Option<QualifiedName>,
    pub is_abstract: bool,
    pub open: bool,
    pub has_stream: bool,
    /// Names of the key properties declared on this type (not inherited).
    pub key: Vec<String>,
    /// Declared (not inherited) properties, in document order.
    pub properties: Vec<Property>,
    /// Declared (not inherited) navigation properties, in document order.
    pub navigation: Vec<NavigationProperty>,
}

/// One member of an enum type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumMember {
    pub name: String,
    pub value: i64,
}

/// An enum type, flags or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumType {
    pub name: QualifiedName,
    pub underlying: Primitive,
    pub is_flags: bool,
    /// Document order. Values are explicit or, when omitted, assigned as CSDL says
    /// (the previous value plus one, starting at zero).
    pub members: Vec<EnumMember>,
}

/// Action or function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OperationKind {
    Action,
    Function,
}

/// A parameter of an action or function (the binding parameter included, first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parameter {
    pub name: String,
    pub ty: TypeRef,
    pub nullable: bool,
    /// Annotated `Org.OData.Core.V1.OptionalParameter`.
    pub optional: bool,
}

/// The return type of an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnType {
    pub ty: TypeRef,
    pub nullable: bool,
}

/// An action or function. Overloads share a name and differ in their binding
/// parameter; [`Schema::operations`] is sorted by [`Operation::sort_key`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    pub name: QualifiedName,
    pub kind: OperationKind,
    pub is_bound: bool,
    pub is_composable: bool,
    pub entity_set_path: Option<String>,
    pub parameters: Vec<Parameter>,
    pub return_type: Option<ReturnType>,
}

impl Operation {
    /// The binding parameter of a bound operation.
    pub fn binding(&self) -> Option<&Parameter> {
        if self.is_bound {
            self.parameters.first()
        } else {
            None
        }
    }

    /// `(name, kind, binding type)`: unique within a valid schema.
    pub fn sort_key(&self) -> (QualifiedName, OperationKind, Option<TypeRef>) {
        (
            self.name.clone(),
            self.kind,
            self.binding().map(|p| p.ty.clone()),
        )
    }
}

/// A singleton of the entity container.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Singleton {
    pub name: String,
    pub ty: QualifiedName,
}

/// An entity set of the entity container.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntitySet {
    pub name: String,
    pub ty: QualifiedName,
}

/// The entity container (only the parts the crate needs).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Container {
    pub name: Option<QualifiedName>,
    /// Sorted by name.
    pub singletons: Vec<Singleton>,
    /// Sorted by name.
    pub entity_sets: Vec<EntitySet>,
}

/// The value of an annotation (facts only: no description text is ever kept).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum AnnotationValue {
    Bool(bool),
    Int(i64),
    String(String),
    /// An `Edm.Date` (`YYYY-MM-DD`), as written.
    Date(String),
    EnumMember(String),
    Path(String),
    /// Property values of a `Record`, by property name.
    Record(BTreeMap<String, AnnotationValue>),
    Collection(Vec<AnnotationValue>),
    /// An annotation with no value (`<Annotation Term="..."/>`): a tag.
    Tag,
}

/// A term applied to a target, e.g. `Org.OData.Capabilities.V1.InsertRestrictions`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Annotation {
    /// The fully qualified term name (aliases resolved).
    pub term: String,
    pub value: AnnotationValue,
}

/// Everything the generator knows: types, operations, container and the
/// capability annotations, all with fully qualified names.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Schema {
    pub structured: BTreeMap<QualifiedName, StructuredType>,
    pub enums: BTreeMap<QualifiedName, EnumType>,
    /// Sorted by [`Operation::sort_key`].
    pub operations: Vec<Operation>,
    pub container: Container,
    /// Annotations by canonical target path (`microsoft.graph.security.alert/comments`,
    /// `microsoft.graph.security`), terms sorted. Only `Org.OData.Capabilities.V1.*`
    /// terms and `Org.OData.Core.V1.Revisions` (without its description) are kept.
    pub annotations: BTreeMap<String, Vec<Annotation>>,
}

/// What a qualified name refers to.
#[derive(Debug, Clone, Copy)]
pub enum TypeDef<'a> {
    Structured(&'a StructuredType),
    Enum(&'a EnumType),
}

impl Schema {
    /// Looks a named type up.
    pub fn get(&self, name: &QualifiedName) -> Option<TypeDef<'_>> {
        if let Some(s) = self.structured.get(name) {
            return Some(TypeDef::Structured(s));
        }
        self.enums.get(name).map(TypeDef::Enum)
    }

    /// The chain of base types of `name`, nearest first (not including `name`).
    /// Stops at a missing base; the reader rejects cycles, and this stops on one
    /// too rather than looping.
    pub fn ancestors(&self, name: &QualifiedName) -> Vec<&StructuredType> {
        let mut out: Vec<&StructuredType> = Vec::new();
        let mut current = self.structured.get(name).and_then(|t| t.base.as_ref());
        while let Some(base) = current {
            let Some(t) = self.structured.get(base) else {
                break;
            };
            if t.name == *name || out.iter().any(|o| o.name == t.name) {
                break;
            }
            out.push(t);
            current = t.base.as_ref();
        }
        out
    }

    /// Every property of `name`, inherited first (root base type first), then declared.
    pub fn all_properties(&self, name: &QualifiedName) -> Vec<&Property> {
        let mut chain = self.ancestors(name);
        chain.reverse();
        let mut out = Vec::new();
        for t in chain {
            out.extend(t.properties.iter());
        }
        if let Some(t) = self.structured.get(name) {
            out.extend(t.properties.iter());
        }
        out
    }

    /// Every navigation property of `name`, inherited first.
    pub fn all_navigation(&self, name: &QualifiedName) -> Vec<&NavigationProperty> {
        let mut chain = self.ancestors(name);
        chain.reverse();
        let mut out = Vec::new();
        for t in chain {
            out.extend(t.navigation.iter());
        }
        if let Some(t) = self.structured.get(name) {
            out.extend(t.navigation.iter());
        }
        out
    }

    /// Every type that derives from `name`, directly or not, sorted by name.
    pub fn descendants(&self, name: &QualifiedName) -> Vec<&StructuredType> {
        self.structured
            .values()
            .filter(|t| t.name != *name && self.ancestors(&t.name).iter().any(|a| a.name == *name))
            .collect()
    }

    /// The key property names of an entity type (its own or inherited).
    pub fn key_of(&self, name: &QualifiedName) -> Vec<String> {
        let t = match self.structured.get(name) {
            Some(t) => t,
            None => return Vec::new(),
        };
        if !t.key.is_empty() {
            return t.key.clone();
        }
        self.ancestors(name)
            .into_iter()
            .find(|a| !a.key.is_empty())
            .map(|a| a.key.clone())
            .unwrap_or_default()
    }

    /// Annotations for a target path.
    pub fn annotations_for(&self, target: &str) -> &[Annotation] {
        self.annotations
            .get(target)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Namespace counts: (entity, complex, enum, flags enum, action, function).
    pub fn counts(&self, namespace: &str) -> NamespaceCounts {
        let mut c = NamespaceCounts::default();
        for t in self
            .structured
            .values()
            .filter(|t| t.name.namespace == namespace)
        {
            match t.kind {
                StructuredKind::Entity => c.entity_types += 1,
                StructuredKind::Complex => c.complex_types += 1,
            }
        }
        for e in self
            .enums
            .values()
            .filter(|e| e.name.namespace == namespace)
        {
            c.enum_types += 1;
            if e.is_flags {
                c.flags_enum_types += 1;
            }
        }
        for o in self
            .operations
            .iter()
            .filter(|o| o.name.namespace == namespace)
        {
            match o.kind {
                OperationKind::Action => c.actions += 1,
                OperationKind::Function => c.functions += 1,
            }
        }
        c
    }
}

/// How many of each construct a namespace holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NamespaceCounts {
    pub entity_types: usize,
    pub complex_types: usize,
    pub enum_types: usize,
    pub flags_enum_types: usize,
    pub actions: usize,
    pub functions: usize,
}

impl fmt::Display for NamespaceCounts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} entity types, {} complex types, {} enum types ({} flags), {} actions, {} functions",
            self.entity_types,
            self.complex_types,
            self.enum_types,
            self.flags_enum_types,
            self.actions,
            self.functions
        )
    }
}

/// The namespace the crate is about.
pub const SECURITY_NAMESPACE: &str = "microsoft.graph.security";
/// The namespace of Graph's shared types.
pub const GRAPH_NAMESPACE: &str = "microsoft.graph";
