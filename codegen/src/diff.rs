//! Schema drift: what changed between two schemas, and what it means for the
//! generated crate's semver. IR in, report data out (no files; XML only through [`csdl::read`] in
//! [`diff_documents`]).
//!
//! [`diff`] compares two schemas (both already selected with
//! [`crate::select::security_closure`]) on two levels:
//!
//! 1. **Schema facts.** Every difference is one [`Change`] with a [`ChangeKind`], a
//!    subject (`microsoft.graph.security.alert/evidence`, a route such as
//!    `GET /security/incidents`) and a detail (`Edm.String -> Edm.Int32`). Types
//!    (added, removed, kind, base type, abstract, open, has-stream), declared
//!    structural and navigation properties, enum members and flags, the derived types
//!    of every polymorphic family, actions and functions (keyed by name and binding
//!    type), and the routes of [`crate::routes`].
//! 2. **The generated Rust API.** For both schemas the emitters' own rules
//!    ([`Plan`], [`structs::fields`], [`Plan::value_type`], [`enums::variant_names`],
//!    [`poly::variants`]) give every public item: each type, each struct field with
//!    its Rust name and type (`status: Option<IncidentStatus>`), each enum variant,
//!    each polymorphic `Any` enum and its variants, each flags impl.
//!
//! A change's [`Effect`] is the effect of the API items it accounts for: a removed
//! item, or one whose Rust name or type changed (`Option<T>` <-> `Nullable<T>`,
//! `T` -> `AnyT` when a referenced type gains its first derived type, `T` ->
//! `Box<T>` on a new cycle), is [`Effect::Breaking`]; an added item (a field of a
//! `#[non_exhaustive]` struct, a variant of a `#[non_exhaustive]` enum, a type) is
//! [`Effect::Additive`]; a change that accounts for no API item (an enum member's
//! value, a navigation property's containment, an entity type becoming a complex
//! type) is [`Effect::Compatible`]. A property change accounts for the field in the
//! declaring struct and in every struct that inherits it. An API difference that no
//! schema change accounts for (a field boxed because a cycle appeared elsewhere, a
//! field renamed because a new one claimed its name) is reported on its own as
//! [`ChangeKind::RustApiChanged`], so nothing breaking goes unreported.
//!
//! Routes, actions and functions are the API the request builders will expose:
//! a removed route or operation is breaking and an added one additive. A changed
//! operation is judged on the parameters struct the emitter writes for it
//! ([`parameter_fields`]): breaking when a parameter is removed or changes type or
//! nullability, when `new` gains or loses an argument (a required parameter added,
//! one turning required or optional), when the first parameter
//! appears (the builder method gains an argument), or when the return type
//! changes; additive when the struct only gains fields; compatible otherwise
//! (`IsComposable`, `EntitySetPath`).
//!
//! Spelling (aliases or qualified names, element order, whitespace, descriptions)
//! never shows: it is gone in the IR already.
//!
//! [`diff_documents`] is the whole pipeline on document text (what `cargo xtask diff`
//! and `cargo xtask import` run): read each document with [`csdl::read`], select with
//! [`select::security_closure`] (a no-op on a `metadata/` pin, which is a selection
//! already), then [`diff`].

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use quote::quote;

use crate::emit::plan::FieldShape;
use crate::emit::requests::{ParameterField, parameter_fields};
use crate::emit::{Plan, Settings, enums, poly, structs};
use crate::error::Error;
use crate::ir::{
    NavigationProperty, Operation, OperationKind, Parameter, Property, QualifiedName, Schema,
    StructuredKind, TypeRef,
};
use crate::routes::{self, Route};
use crate::{csdl, select};

/// What a change does to the generated crate's API. Ordered most severe first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Effect {
    /// Code that compiled against the old crate may not compile against the new one.
    Breaking,
    /// New API, nothing removed or changed.
    Additive,
    /// No effect on the Rust API (wire-level or documentation-level only).
    Compatible,
}

impl Effect {
    /// Every effect, most severe first.
    pub const ALL: [Effect; 3] = [Effect::Breaking, Effect::Additive, Effect::Compatible];

    /// `breaking`, `additive`, `compatible`.
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Breaking => "breaking",
            Effect::Additive => "additive",
            Effect::Compatible => "compatible",
        }
    }

    /// The section title of the text report.
    fn title(self) -> &'static str {
        match self {
            Effect::Breaking => "Breaking",
            Effect::Additive => "Additive",
            Effect::Compatible => "Compatible",
        }
    }
}

impl fmt::Display for Effect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The semver bump a report implies for the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Bump {
    /// No change at all.
    None,
    /// Only [`Effect::Compatible`] changes.
    Patch,
    /// At least one [`Effect::Additive`] change, nothing breaking.
    Minor,
    /// At least one [`Effect::Breaking`] change.
    Major,
}

impl Bump {
    /// `none`, `patch`, `minor`, `major`.
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

impl fmt::Display for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What changed. The subject each kind names is given in its documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// A type (`ns.t`) appeared; detail: `entity`, `complex`, `enum` or `flags enum`.
    TypeAdded,
    /// A type (`ns.t`) is gone; detail as for [`ChangeKind::TypeAdded`].
    TypeRemoved,
    /// A type (`ns.t`) changed between entity, complex and enum (`entity -> complex`).
    TypeKindChanged,
    /// The base type of `ns.t` changed (`none -> ns.b`).
    BaseTypeChanged,
    /// `Abstract` of `ns.t` changed.
    AbstractChanged,
    /// `OpenType` of `ns.t` changed.
    OpenTypeChanged,
    /// `HasStream` of `ns.t` changed.
    HasStreamChanged,
    /// A structural property (`ns.t/p`) was declared; detail: its type.
    PropertyAdded,
    /// A declared structural property (`ns.t/p`) is gone; detail: its old type.
    PropertyRemoved,
    /// The type of `ns.t/p` changed.
    PropertyTypeChanged,
    /// The nullability of `ns.t/p` changed.
    PropertyNullabilityChanged,
    /// A navigation property (`ns.t/n`) was declared; detail: its type.
    NavigationAdded,
    /// A declared navigation property (`ns.t/n`) is gone.
    NavigationRemoved,
    /// The type, nullability or containment of `ns.t/n` changed.
    NavigationChanged,
    /// A member (`ns.e/m`) was added to an enum type; detail: its value.
    EnumMemberAdded,
    /// A member (`ns.e/m`) is gone.
    EnumMemberRemoved,
    /// The value of `ns.e/m` changed.
    EnumMemberValueChanged,
    /// `IsFlags` of `ns.e` changed.
    FlagsChanged,
    /// The underlying type of `ns.e` changed.
    UnderlyingTypeChanged,
    /// A type (detail) now derives from `ns.b`, the base of a polymorphic family.
    DerivedTypeAdded,
    /// A type (detail) no longer derives from `ns.b`, the base of a polymorphic family.
    DerivedTypeRemoved,
    /// An action appeared (`ns.a` or, bound, `ns.a(binding type)`).
    ActionAdded,
    /// An action is gone.
    ActionRemoved,
    /// The parameters or return type of an action changed.
    ActionChanged,
    /// A function appeared (`ns.f` or, bound, `ns.f(binding type)`).
    FunctionAdded,
    /// A function is gone.
    FunctionRemoved,
    /// The parameters or return type of a function changed.
    FunctionChanged,
    /// A route (`GET /security/incidents`) appeared.
    RouteAdded,
    /// A route is gone.
    RouteRemoved,
    /// A difference in the generated Rust API that no schema change above accounts
    /// for (subject: the type, `type/field`, `enum/member` or `base/derived`).
    RustApiChanged,
}

impl ChangeKind {
    /// Every kind, in declaration (and report) order.
    pub const ALL: [ChangeKind; 30] = {
        use ChangeKind as K;
        [
            K::TypeAdded,
            K::TypeRemoved,
            K::TypeKindChanged,
            K::BaseTypeChanged,
            K::AbstractChanged,
            K::OpenTypeChanged,
            K::HasStreamChanged,
            K::PropertyAdded,
            K::PropertyRemoved,
            K::PropertyTypeChanged,
            K::PropertyNullabilityChanged,
            K::NavigationAdded,
            K::NavigationRemoved,
            K::NavigationChanged,
            K::EnumMemberAdded,
            K::EnumMemberRemoved,
            K::EnumMemberValueChanged,
            K::FlagsChanged,
            K::UnderlyingTypeChanged,
            K::DerivedTypeAdded,
            K::DerivedTypeRemoved,
            K::ActionAdded,
            K::ActionRemoved,
            K::ActionChanged,
            K::FunctionAdded,
            K::FunctionRemoved,
            K::FunctionChanged,
            K::RouteAdded,
            K::RouteRemoved,
            K::RustApiChanged,
        ]
    };

    /// The kebab-case name used in reports (`property-type-changed`).
    pub fn as_str(self) -> &'static str {
        use ChangeKind as K;
        match self {
            K::TypeAdded => "type-added",
            K::TypeRemoved => "type-removed",
            K::TypeKindChanged => "type-kind-changed",
            K::BaseTypeChanged => "base-type-changed",
            K::AbstractChanged => "abstract-changed",
            K::OpenTypeChanged => "open-type-changed",
            K::HasStreamChanged => "has-stream-changed",
            K::PropertyAdded => "property-added",
            K::PropertyRemoved => "property-removed",
            K::PropertyTypeChanged => "property-type-changed",
            K::PropertyNullabilityChanged => "property-nullability-changed",
            K::NavigationAdded => "navigation-added",
            K::NavigationRemoved => "navigation-removed",
            K::NavigationChanged => "navigation-changed",
            K::EnumMemberAdded => "enum-member-added",
            K::EnumMemberRemoved => "enum-member-removed",
            K::EnumMemberValueChanged => "enum-member-value-changed",
            K::FlagsChanged => "flags-changed",
            K::UnderlyingTypeChanged => "underlying-type-changed",
            K::DerivedTypeAdded => "derived-type-added",
            K::DerivedTypeRemoved => "derived-type-removed",
            K::ActionAdded => "action-added",
            K::ActionRemoved => "action-removed",
            K::ActionChanged => "action-changed",
            K::FunctionAdded => "function-added",
            K::FunctionRemoved => "function-removed",
            K::FunctionChanged => "function-changed",
            K::RouteAdded => "route-added",
            K::RouteRemoved => "route-removed",
            K::RustApiChanged => "rust-api-changed",
        }
    }
}

impl fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One difference between two schemas.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// What changed.
    pub kind: ChangeKind,
    /// What it changed in: `microsoft.graph.security.alert/evidence`, a type name,
    /// a route (`GET /security/incidents`).
    pub subject: String,
    /// The facts: `Edm.String -> Edm.Int32`; empty when there is nothing to add.
    pub detail: String,
    /// What it does to the generated crate's API.
    pub effect: Effect,
}

impl Change {
    /// `<kind> <subject>: <detail>` (without `: <detail>` when the detail is empty).
    pub fn line(&self) -> String {
        if self.detail.is_empty() {
            format!("{} {}", self.kind, self.subject)
        } else {
            format!("{} {}: {}", self.kind, self.subject, self.detail)
        }
    }

    fn sort_key(&self) -> (Effect, ChangeKind, &str, &str) {
        (self.effect, self.kind, &self.subject, &self.detail)
    }
}

/// The drift report: every change, sorted by effect, kind, subject and detail.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    /// The changes, most severe first.
    pub changes: Vec<Change>,
}

impl Report {
    /// No change at all.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// How many changes have this effect.
    pub fn count(&self, effect: Effect) -> usize {
        self.changes.iter().filter(|c| c.effect == effect).count()
    }

    /// How many changes there are of each kind (kinds in declaration order).
    pub fn counts_by_kind(&self) -> BTreeMap<ChangeKind, usize> {
        let mut out = BTreeMap::new();
        for c in &self.changes {
            *out.entry(c.kind).or_insert(0) += 1;
        }
        out
    }

    /// The implied version bump: major on any breaking change, minor on any additive
    /// one, patch when only compatible changes remain, none for an empty report.
    pub fn bump(&self) -> Bump {
        if self.changes.is_empty() {
            Bump::None
        } else if self.count(Effect::Breaking) > 0 {
            Bump::Major
        } else if self.count(Effect::Additive) > 0 {
            Bump::Minor
        } else {
            Bump::Patch
        }
    }

    /// One line: `N changes: B breaking, A additive, C compatible (K1 n1, K2 n2, ...)`.
    pub fn summary(&self) -> String {
        let total = self.changes.len();
        let mut line = format!(
            "{total} change{}: {} breaking, {} additive, {} compatible",
            if total == 1 { "" } else { "s" },
            self.count(Effect::Breaking),
            self.count(Effect::Additive),
            self.count(Effect::Compatible)
        );
        let kinds: Vec<String> = self
            .counts_by_kind()
            .into_iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect();
        if !kinds.is_empty() {
            line.push_str(&format!(" ({})", kinds.join(", ")));
        }
        line
    }

    /// The sections `Breaking (N):`, `Additive (N):`, `Compatible (N):` (the empty
    /// ones left out), each with one `  <kind> <subject>: <detail>` line per change and
    /// followed by a blank line. Empty for an empty report.
    pub fn sections(&self) -> String {
        let mut out = String::new();
        for effect in Effect::ALL {
            let lines: Vec<String> = self
                .changes
                .iter()
                .filter(|c| c.effect == effect)
                .map(Change::line)
                .collect();
            if lines.is_empty() {
                continue;
            }
            out.push_str(&format!("{} ({}):\n", effect.title(), lines.len()));
            for line in lines {
                out.push_str("  ");
                out.push_str(&line);
                out.push('\n');
            }
            out.push('\n');
        }
        out
    }

    /// The report for people: the summary line, a blank line, the [sections](Self::sections),
    /// and last `Implied version bump: major|minor|patch|none`.
    pub fn to_text(&self) -> String {
        format!(
            "{}\n\n{}Implied version bump: {}\n",
            self.summary(),
            self.sections(),
            self.bump()
        )
    }

    /// The report for programs:
    /// `{"bump", "counts": {"total", "breaking", "additive", "compatible", "by_kind": {..}}, "changes": [{"kind", "subject", "detail", "effect"}]}`,
    /// changes in report order.
    pub fn to_json(&self) -> serde_json::Value {
        let by_kind: serde_json::Map<String, serde_json::Value> = self
            .counts_by_kind()
            .into_iter()
            .map(|(k, n)| (k.as_str().to_string(), n.into()))
            .collect();
        let changes: Vec<serde_json::Value> = self
            .changes
            .iter()
            .map(|c| {
                serde_json::json!({
                    "kind": c.kind.as_str(),
                    "subject": c.subject,
                    "detail": c.detail,
                    "effect": c.effect.as_str(),
                })
            })
            .collect();
        serde_json::json!({
            "bump": self.bump().as_str(),
            "counts": {
                "total": self.changes.len(),
                "breaking": self.count(Effect::Breaking),
                "additive": self.count(Effect::Additive),
                "compatible": self.count(Effect::Compatible),
                "by_kind": by_kind,
            },
            "changes": changes,
        })
    }
}

/// Compares two schemas (see the [module documentation](self)).
///
/// # Errors
///
/// When the generator cannot plan one of the schemas (two types map to the same Rust
/// name): the same error `regen` would report.
pub fn diff(old: &Schema, new: &Schema) -> Result<Report, Error> {
    let mut d = Differ {
        old: Side::new(old)?,
        new: Side::new(new)?,
        drafts: Vec::new(),
    };
    d.types();
    d.structured();
    d.enums();
    d.families();
    d.operations();
    d.routes();
    Ok(d.finish())
}

/// Reads a document (a full Graph `$metadata` document or a `metadata/` pin) and keeps
/// what the crate needs, exactly as `cargo xtask import` does. Selecting a pin again
/// changes nothing, so both kinds of input compare alike.
///
/// # Errors
///
/// The reader's errors ([`csdl::read`]), located as `NAME:LINE:COLUMN: ...`.
pub fn select_document(text: &str, name: &str) -> Result<Schema, Error> {
    let full = csdl::read(text, name)?;
    Ok(select::security_closure(&full))
}

/// The drift report between two documents (each a full `$metadata` document or a
/// `metadata/` pin), named in error messages by `old_name` and `new_name`: both read
/// and selected with [`select_document`], then compared with [`diff`].
///
/// # Errors
///
/// The reader's errors for either document, located as `NAME:LINE:COLUMN: ...`, and
/// those of [`diff`].
pub fn diff_documents(
    old_text: &str,
    old_name: &str,
    new_text: &str,
    new_name: &str,
) -> Result<Report, Error> {
    let old = select_document(old_text, old_name)?;
    let new = select_document(new_text, new_name)?;
    diff(&old, &new)
}

// ---------------------------------------------------------------------------
// The Rust API of one schema.

/// A public item of the generated crate.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Item {
    /// The struct or enum of a schema type.
    Type(QualifiedName),
    /// A field of a struct, by wire name.
    Field(QualifiedName, String),
    /// A variant of an enum, by member name.
    Variant(QualifiedName, String),
    /// The catch-all variant of an enum.
    CatchAll(QualifiedName),
    /// The `FlagsEnum` impl of a flags enum.
    FlagsImpl(QualifiedName),
    /// The polymorphic `Any` enum of a base type.
    Poly(QualifiedName),
    /// A variant of a polymorphic enum: (base, member type).
    PolyVariant(QualifiedName, QualifiedName),
}

impl Item {
    /// The schema type the item belongs to.
    fn owner(&self) -> &QualifiedName {
        match self {
            Item::Type(t)
            | Item::Field(t, _)
            | Item::Variant(t, _)
            | Item::CatchAll(t)
            | Item::FlagsImpl(t)
            | Item::Poly(t)
            | Item::PolyVariant(t, _) => t,
        }
    }

    /// The subject of a [`ChangeKind::RustApiChanged`] change.
    fn subject(&self) -> String {
        match self {
            Item::Type(t) | Item::CatchAll(t) | Item::FlagsImpl(t) | Item::Poly(t) => t.to_string(),
            Item::Field(t, m) | Item::Variant(t, m) => format!("{t}/{m}"),
            Item::PolyVariant(t, d) => format!("{t}/{d}"),
        }
    }
}

/// One schema with its Rust API.
struct Side<'s> {
    schema: &'s Schema,
    /// Every public item with its Rust signature (`status: Option<IncidentStatus>`).
    items: BTreeMap<Item, String>,
    /// The items of each schema type.
    by_owner: BTreeMap<QualifiedName, Vec<Item>>,
    /// The type that declares each field's property.
    declared_by: BTreeMap<Item, QualifiedName>,
    /// The fields whose value is of each named type.
    fields_of_type: BTreeMap<QualifiedName, Vec<Item>>,
    /// Every type with its descendants, sorted.
    descendants: BTreeMap<QualifiedName, BTreeSet<QualifiedName>>,
    routes: BTreeSet<Route>,
}

impl<'s> Side<'s> {
    fn new(schema: &'s Schema) -> Result<Self, Error> {
        let settings = Settings::crate_default();
        let prefixes = [
            format!("{}::", tokens_text(&settings.models)),
            format!("{}::", tokens_text(&settings.runtime)),
        ];
        let rust = |tokens: &proc_macro2::TokenStream| {
            let mut text = tokens.to_string().replace(' ', "");
            for prefix in &prefixes {
                text = text.replace(prefix.as_str(), "");
            }
            text.replace("::serde_json::", "serde_json::")
        };
        let plan = Plan::new(schema, settings.clone())?;
        let mut items = BTreeMap::new();
        let mut declared_by = BTreeMap::new();
        let mut fields_of_type: BTreeMap<QualifiedName, Vec<Item>> = BTreeMap::new();
        for (name, info) in &plan.types {
            let path = match &info.module {
                Some(m) => format!("{m}::{}", info.rust_name),
                None => info.rust_name.clone(),
            };
            if let Some(e) = schema.enums.get(name) {
                items.insert(Item::Type(name.clone()), format!("enum {path}"));
                let (variants, catch_all) = enums::variant_names(e);
                for (m, v) in e.members.iter().zip(variants) {
                    items.insert(Item::Variant(name.clone(), m.name.clone()), v);
                }
                items.insert(Item::CatchAll(name.clone()), catch_all);
                if e.is_flags {
                    items.insert(
                        Item::FlagsImpl(name.clone()),
                        format!("impl FlagsEnum for {path}"),
                    );
                }
            } else if let Some(t) = schema.structured.get(name) {
                items.insert(Item::Type(name.clone()), format!("struct {path}"));
                for f in structs::fields(&plan, t) {
                    let Some(value) = plan.value_type(&t.name, &f.wire, &f.ty)? else {
                        continue;
                    };
                    let elem = rust(&value.rust);
                    let ty = match f.shape {
                        FieldShape::Option => format!("Option<{elem}>"),
                        FieldShape::Nullable => format!("Nullable<{elem}>"),
                        FieldShape::Collection => format!("Option<Vec<{elem}>>"),
                    };
                    let item = Item::Field(name.clone(), f.wire.clone());
                    if let Some(target) = f.ty.named() {
                        fields_of_type
                            .entry(target.clone())
                            .or_default()
                            .push(item.clone());
                    }
                    declared_by.insert(item.clone(), f.declared_by.clone());
                    items.insert(item, format!("{}: {ty}", f.rust));
                }
                if let Some(poly_name) = &info.poly_name {
                    let poly_path = match &info.module {
                        Some(m) => format!("{m}::{poly_name}"),
                        None => poly_name.clone(),
                    };
                    items.insert(Item::Poly(name.clone()), format!("enum {poly_path}"));
                    for (variant, member) in poly::variants(&plan, t)? {
                        let member_path = rust(&plan.type_path(&member.name)?);
                        items.insert(
                            Item::PolyVariant(name.clone(), member.name.clone()),
                            format!("{variant}(Box<{member_path}>)"),
                        );
                    }
                }
            }
        }
        let mut by_owner: BTreeMap<QualifiedName, Vec<Item>> = BTreeMap::new();
        for item in items.keys() {
            by_owner
                .entry(item.owner().clone())
                .or_default()
                .push(item.clone());
        }
        let mut descendants: BTreeMap<QualifiedName, BTreeSet<QualifiedName>> = BTreeMap::new();
        for t in schema.structured.values() {
            for a in schema.ancestors(&t.name) {
                descendants
                    .entry(a.name.clone())
                    .or_default()
                    .insert(t.name.clone());
            }
        }
        Ok(Self {
            schema,
            items,
            by_owner,
            declared_by,
            fields_of_type,
            descendants,
            routes: routes::routes(schema).into_iter().collect(),
        })
    }

    /// `name` and its descendants.
    fn family(&self, name: &QualifiedName) -> BTreeSet<QualifiedName> {
        let mut out = self.descendants.get(name).cloned().unwrap_or_default();
        out.insert(name.clone());
        out
    }
}

/// `crate::models` as text, without spaces.
fn tokens_text(path: &syn::Path) -> String {
    quote!(#path).to_string().replace(' ', "")
}

// ---------------------------------------------------------------------------
// The comparison.

/// A change before its effect is known: the API items it accounts for, or a fixed effect.
struct Draft {
    kind: ChangeKind,
    subject: String,
    detail: String,
    owns: Vec<Item>,
    fixed: Option<Effect>,
}

struct Differ<'s> {
    old: Side<'s>,
    new: Side<'s>,
    drafts: Vec<Draft>,
}

/// The kind of a named type: `entity`, `complex`, `enum` or `flags enum`.
fn type_kind(schema: &Schema, name: &QualifiedName) -> Option<&'static str> {
    if let Some(t) = schema.structured.get(name) {
        return Some(match t.kind {
            StructuredKind::Entity => "entity",
            StructuredKind::Complex => "complex",
        });
    }
    schema
        .enums
        .get(name)
        .map(|e| if e.is_flags { "flags enum" } else { "enum" })
}

fn nullability(nullable: bool) -> &'static str {
    if nullable { "nullable" } else { "not nullable" }
}

fn opt_name(name: Option<&QualifiedName>) -> String {
    name.map(ToString::to_string)
        .unwrap_or_else(|| String::from("none"))
}

/// `ns.op` (unbound) or `ns.op(binding type)`: stable across parameter changes.
fn operation_subject(op: &Operation) -> String {
    match op.binding() {
        Some(b) => format!("{}({})", op.name, b.ty),
        None => op.name.to_string(),
    }
}

/// `(p1: Edm.String, p2: Edm.Int32?)`: the non-binding parameters, then the return type.
fn operation_signature(op: &Operation) -> String {
    let params: Vec<String> = op
        .parameters
        .iter()
        .skip(usize::from(op.is_bound))
        .map(parameter_text)
        .collect();
    let mut out = format!("({})", params.join(", "));
    if let Some(r) = &op.return_type {
        out.push_str(&format!(" -> {}", r.ty));
    }
    out
}

/// `name: Type`, with ` (optional)` and ` (not nullable)` when they apply.
fn parameter_text(p: &Parameter) -> String {
    let mut out = format!("{}: {}", p.name, p.ty);
    if !p.nullable {
        out.push_str(" (not nullable)");
    }
    if p.optional {
        out.push_str(" (optional)");
    }
    out
}

impl<'s> Differ<'s> {
    fn push(&mut self, kind: ChangeKind, subject: String, detail: String, owns: Vec<Item>) {
        self.drafts.push(Draft {
            kind,
            subject,
            detail,
            owns,
            fixed: None,
        });
    }

    fn push_fixed(&mut self, kind: ChangeKind, subject: String, detail: String, effect: Effect) {
        self.drafts.push(Draft {
            kind,
            subject,
            detail,
            owns: Vec::new(),
            fixed: Some(effect),
        });
    }

    /// Every item of a type, in either schema.
    fn items_of(&self, name: &QualifiedName) -> Vec<Item> {
        let mut out: BTreeSet<Item> = BTreeSet::new();
        for side in [&self.old, &self.new] {
            out.extend(side.by_owner.get(name).into_iter().flatten().cloned());
        }
        out.into_iter().collect()
    }

    /// The field `member` of `name` and of every type that inherits it, in either schema.
    fn inherited_fields(&self, name: &QualifiedName, member: &str) -> Vec<Item> {
        let mut structs = self.old.family(name);
        structs.extend(self.new.family(name));
        structs
            .into_iter()
            .map(|s| Item::Field(s, member.to_string()))
            .collect()
    }

    /// Fields of type `name` that exist in both schemas (their Rust type may change).
    fn fields_of_type(&self, name: &QualifiedName) -> Vec<Item> {
        let old = self.old.fields_of_type.get(name).into_iter().flatten();
        old.filter(|item| self.new.items.contains_key(*item))
            .cloned()
            .collect()
    }

    /// The Rust signature of the declaring struct's field, `old -> new`, when it changed.
    fn rust_change(&self, name: &QualifiedName, member: &str) -> String {
        let item = Item::Field(name.clone(), member.to_string());
        match (self.old.items.get(&item), self.new.items.get(&item)) {
            (Some(a), Some(b)) if a != b => format!(" (Rust `{a}` -> `{b}`)"),
            _ => String::new(),
        }
    }

    fn types(&mut self) {
        let (old, new) = (self.old.schema, self.new.schema);
        let names: BTreeSet<&QualifiedName> = old
            .structured
            .keys()
            .chain(old.enums.keys())
            .chain(new.structured.keys())
            .chain(new.enums.keys())
            .collect();
        for name in names {
            let owns = self.items_of(name);
            match (type_kind(old, name), type_kind(new, name)) {
                (None, Some(k)) => {
                    self.push(ChangeKind::TypeAdded, name.to_string(), k.into(), owns)
                }
                (Some(k), None) => {
                    self.push(ChangeKind::TypeRemoved, name.to_string(), k.into(), owns)
                }
                (Some(a), Some(b)) => {
                    // Flags are reported by `enums`; here only entity/complex/enum.
                    let (a, b) = (
                        a.trim_start_matches("flags "),
                        b.trim_start_matches("flags "),
                    );
                    if a != b {
                        self.push(
                            ChangeKind::TypeKindChanged,
                            name.to_string(),
                            format!("{a} -> {b}"),
                            owns,
                        );
                    }
                }
                (None, None) => {}
            }
        }
    }

    fn structured(&mut self) {
        let (old, new) = (self.old.schema, self.new.schema);
        for (name, a) in &old.structured {
            let Some(b) = new.structured.get(name) else {
                continue;
            };
            let subject = name.to_string();
            if a.base != b.base {
                // The inherited fields: those declared by an ancestor, in either schema.
                let mut ancestors: BTreeSet<&QualifiedName> = BTreeSet::new();
                ancestors.extend(old.ancestors(name).into_iter().map(|t| &t.name));
                ancestors.extend(new.ancestors(name).into_iter().map(|t| &t.name));
                let mut owns = BTreeSet::new();
                for side in [&self.old, &self.new] {
                    for s in side.family(name) {
                        for item in side.by_owner.get(&s).into_iter().flatten() {
                            if side
                                .declared_by
                                .get(item)
                                .is_some_and(|d| ancestors.contains(d))
                            {
                                owns.insert(item.clone());
                            }
                        }
                    }
                }
                self.push(
                    ChangeKind::BaseTypeChanged,
                    subject.clone(),
                    format!(
                        "{} -> {}",
                        opt_name(a.base.as_ref()),
                        opt_name(b.base.as_ref())
                    ),
                    owns.into_iter().collect(),
                );
            }
            for (kind, x, y) in [
                (ChangeKind::AbstractChanged, a.is_abstract, b.is_abstract),
                (ChangeKind::OpenTypeChanged, a.open, b.open),
                (ChangeKind::HasStreamChanged, a.has_stream, b.has_stream),
            ] {
                if x != y {
                    self.push(kind, subject.clone(), format!("{x} -> {y}"), Vec::new());
                }
            }
            self.properties(name, &a.properties, &b.properties);
            self.navigation(name, &a.navigation, &b.navigation);
        }
    }

    fn properties(&mut self, name: &QualifiedName, old: &[Property], new: &[Property]) {
        let old: BTreeMap<&str, &Property> = old.iter().map(|p| (p.name.as_str(), p)).collect();
        let new: BTreeMap<&str, &Property> = new.iter().map(|p| (p.name.as_str(), p)).collect();
        let members: BTreeSet<&str> = old.keys().chain(new.keys()).copied().collect();
        for member in members {
            let subject = format!("{name}/{member}");
            let owns = self.inherited_fields(name, member);
            match (old.get(member), new.get(member)) {
                (None, Some(p)) => self.push(
                    ChangeKind::PropertyAdded,
                    subject,
                    format!("{}, {}", p.ty, nullability(p.nullable)),
                    owns,
                ),
                (Some(p), None) => self.push(
                    ChangeKind::PropertyRemoved,
                    subject,
                    format!("{}, {}", p.ty, nullability(p.nullable)),
                    owns,
                ),
                (Some(a), Some(b)) => {
                    let rust = self.rust_change(name, member);
                    if a.ty != b.ty {
                        self.push(
                            ChangeKind::PropertyTypeChanged,
                            subject.clone(),
                            format!("{} -> {}{rust}", a.ty, b.ty),
                            owns.clone(),
                        );
                    }
                    if a.nullable != b.nullable {
                        let rust = if a.ty == b.ty { rust } else { String::new() };
                        self.push(
                            ChangeKind::PropertyNullabilityChanged,
                            subject,
                            format!(
                                "{} -> {}{rust}",
                                nullability(a.nullable),
                                nullability(b.nullable)
                            ),
                            owns,
                        );
                    }
                }
                (None, None) => {}
            }
        }
    }

    fn navigation(
        &mut self,
        name: &QualifiedName,
        old: &[NavigationProperty],
        new: &[NavigationProperty],
    ) {
        let describe = |n: &NavigationProperty| {
            format!(
                "{}, {}{}",
                n.ty,
                nullability(n.nullable),
                if n.contains_target { ", contained" } else { "" }
            )
        };
        let old: BTreeMap<&str, &NavigationProperty> =
            old.iter().map(|n| (n.name.as_str(), n)).collect();
        let new: BTreeMap<&str, &NavigationProperty> =
            new.iter().map(|n| (n.name.as_str(), n)).collect();
        let members: BTreeSet<&str> = old.keys().chain(new.keys()).copied().collect();
        for member in members {
            let subject = format!("{name}/{member}");
            let owns = self.inherited_fields(name, member);
            match (old.get(member), new.get(member)) {
                (None, Some(n)) => {
                    self.push(ChangeKind::NavigationAdded, subject, describe(n), owns)
                }
                (Some(n), None) => {
                    self.push(ChangeKind::NavigationRemoved, subject, describe(n), owns)
                }
                (Some(a), Some(b)) => {
                    let mut facts = Vec::new();
                    if a.ty != b.ty {
                        facts.push(format!("{} -> {}", a.ty, b.ty));
                    }
                    if a.nullable != b.nullable {
                        facts.push(format!(
                            "{} -> {}",
                            nullability(a.nullable),
                            nullability(b.nullable)
                        ));
                    }
                    if a.contains_target != b.contains_target {
                        let c = |x: bool| if x { "contained" } else { "not contained" };
                        facts.push(format!(
                            "{} -> {}",
                            c(a.contains_target),
                            c(b.contains_target)
                        ));
                    }
                    if !facts.is_empty() {
                        let detail =
                            format!("{}{}", facts.join("; "), self.rust_change(name, member));
                        self.push(ChangeKind::NavigationChanged, subject, detail, owns);
                    }
                }
                (None, None) => {}
            }
        }
    }

    fn enums(&mut self) {
        let (old, new) = (self.old.schema, self.new.schema);
        for (name, a) in &old.enums {
            let Some(b) = new.enums.get(name) else {
                continue;
            };
            if a.is_flags != b.is_flags {
                let mut owns = vec![Item::FlagsImpl(name.clone())];
                owns.extend(self.fields_of_type(name));
                let flags = |x: bool| if x { "flags" } else { "not flags" };
                self.push(
                    ChangeKind::FlagsChanged,
                    name.to_string(),
                    format!("{} -> {}", flags(a.is_flags), flags(b.is_flags)),
                    owns,
                );
            }
            if a.underlying != b.underlying {
                self.push(
                    ChangeKind::UnderlyingTypeChanged,
                    name.to_string(),
                    format!(
                        "Edm.{} -> Edm.{}",
                        a.underlying.edm_name(),
                        b.underlying.edm_name()
                    ),
                    Vec::new(),
                );
            }
            let old_members: BTreeMap<&str, i64> = a
                .members
                .iter()
                .map(|m| (m.name.as_str(), m.value))
                .collect();
            let new_members: BTreeMap<&str, i64> = b
                .members
                .iter()
                .map(|m| (m.name.as_str(), m.value))
                .collect();
            let members: BTreeSet<&str> = old_members
                .keys()
                .chain(new_members.keys())
                .copied()
                .collect();
            for member in members {
                let subject = format!("{name}/{member}");
                // Adding or removing a member can rename the catch-all variant.
                let variant = Item::Variant(name.clone(), member.to_string());
                let owns = vec![variant.clone(), Item::CatchAll(name.clone())];
                match (old_members.get(member), new_members.get(member)) {
                    (None, Some(v)) => self.push(
                        ChangeKind::EnumMemberAdded,
                        subject,
                        format!("value {v}"),
                        owns,
                    ),
                    (Some(v), None) => self.push(
                        ChangeKind::EnumMemberRemoved,
                        subject,
                        format!("value {v}"),
                        owns,
                    ),
                    (Some(x), Some(y)) if x != y => self.push(
                        ChangeKind::EnumMemberValueChanged,
                        subject,
                        format!("{x} -> {y}"),
                        vec![variant],
                    ),
                    _ => {}
                }
            }
        }
    }

    /// Derived types per polymorphic family (a base with an `Any` enum on either side).
    fn families(&mut self) {
        let bases: BTreeSet<QualifiedName> = self
            .old
            .items
            .keys()
            .chain(self.new.items.keys())
            .filter_map(|item| match item {
                Item::Poly(base) => Some(base.clone()),
                _ => None,
            })
            .collect();
        for base in bases {
            let in_both = self.old.schema.structured.contains_key(&base)
                && self.new.schema.structured.contains_key(&base);
            if !in_both {
                continue;
            }
            let old = self.old.descendants.get(&base).cloned().unwrap_or_default();
            let new = self.new.descendants.get(&base).cloned().unwrap_or_default();
            // The family's enum and the fields that hold it, when the family appears
            // or disappears (a referenced type gaining its first derived type).
            let mut shared = vec![
                Item::Poly(base.clone()),
                Item::PolyVariant(base.clone(), base.clone()),
            ];
            shared.extend(self.fields_of_type(&base));
            for (kind, types) in [
                (ChangeKind::DerivedTypeAdded, new.difference(&old)),
                (ChangeKind::DerivedTypeRemoved, old.difference(&new)),
            ] {
                for t in types {
                    let mut owns = vec![Item::PolyVariant(base.clone(), t.clone())];
                    owns.extend(shared.iter().cloned());
                    self.drafts.push(Draft {
                        kind,
                        subject: base.to_string(),
                        detail: t.to_string(),
                        owns,
                        fixed: None,
                    });
                }
            }
        }
    }

    fn operations(&mut self) {
        type Key = (QualifiedName, OperationKind, Option<TypeRef>);
        let index = |s: &'s Schema| -> BTreeMap<Key, &'s Operation> {
            s.operations.iter().map(|op| (op.sort_key(), op)).collect()
        };
        let old = index(self.old.schema);
        let new = index(self.new.schema);
        let keys: BTreeSet<&Key> = old.keys().chain(new.keys()).collect();
        for key in keys {
            let (added, removed, changed) = match key.1 {
                OperationKind::Action => (
                    ChangeKind::ActionAdded,
                    ChangeKind::ActionRemoved,
                    ChangeKind::ActionChanged,
                ),
                OperationKind::Function => (
                    ChangeKind::FunctionAdded,
                    ChangeKind::FunctionRemoved,
                    ChangeKind::FunctionChanged,
                ),
            };
            match (old.get(key), new.get(key)) {
                (None, Some(op)) => self.push_fixed(
                    added,
                    operation_subject(op),
                    operation_signature(op),
                    Effect::Additive,
                ),
                (Some(op), None) => self.push_fixed(
                    removed,
                    operation_subject(op),
                    operation_signature(op),
                    Effect::Breaking,
                ),
                (Some(a), Some(b)) => {
                    if let Some((detail, effect)) = operation_change(a, b) {
                        self.push_fixed(changed, operation_subject(a), detail, effect);
                    }
                }
                (None, None) => {}
            }
        }
    }

    fn routes(&mut self) {
        let added: Vec<String> = self
            .new
            .routes
            .difference(&self.old.routes)
            .map(ToString::to_string)
            .collect();
        let removed: Vec<String> = self
            .old
            .routes
            .difference(&self.new.routes)
            .map(ToString::to_string)
            .collect();
        for r in added {
            self.push_fixed(ChangeKind::RouteAdded, r, String::new(), Effect::Additive);
        }
        for r in removed {
            self.push_fixed(ChangeKind::RouteRemoved, r, String::new(), Effect::Breaking);
        }
    }

    /// Effects from the API differences each draft accounts for; the differences no
    /// draft accounts for become [`ChangeKind::RustApiChanged`] changes.
    fn finish(self) -> Report {
        let mut deltas: BTreeMap<&Item, (Option<&String>, Option<&String>)> = BTreeMap::new();
        let keys: BTreeSet<&Item> = self.old.items.keys().chain(self.new.items.keys()).collect();
        for item in keys {
            let (a, b) = (self.old.items.get(item), self.new.items.get(item));
            if a != b {
                deltas.insert(item, (a, b));
            }
        }
        let effect_of = |(a, b): (Option<&String>, Option<&String>)| match (a, b) {
            (None, Some(_)) => Effect::Additive,
            _ => Effect::Breaking,
        };
        let mut owned: BTreeSet<&Item> = BTreeSet::new();
        let mut changes = Vec::new();
        for draft in &self.drafts {
            let effect = match draft.fixed {
                Some(effect) => effect,
                None => draft
                    .owns
                    .iter()
                    .filter_map(|item| deltas.get(item).map(|d| effect_of(*d)))
                    .min()
                    .unwrap_or(Effect::Compatible),
            };
            owned.extend(draft.owns.iter());
            changes.push(Change {
                kind: draft.kind,
                subject: draft.subject.clone(),
                detail: draft.detail.clone(),
                effect,
            });
        }
        // A polymorphic enum that appears or disappears as a whole is one change, not
        // one per variant.
        let whole_poly: BTreeSet<&QualifiedName> = deltas
            .iter()
            .filter(|(_, (a, b))| a.is_none() || b.is_none())
            .filter_map(|(item, _)| match item {
                Item::Poly(base) => Some(base),
                _ => None,
            })
            .collect();
        for (item, delta) in &deltas {
            if owned.contains(item) {
                continue;
            }
            if let Item::PolyVariant(base, _) = item {
                if whole_poly.contains(base) {
                    continue;
                }
            }
            let detail = match delta {
                (None, Some(b)) => format!("added `{b}`"),
                (Some(a), None) => format!("removed `{a}`"),
                (Some(a), Some(b)) => format!("`{a}` -> `{b}`"),
                (None, None) => continue,
            };
            changes.push(Change {
                kind: ChangeKind::RustApiChanged,
                subject: item.subject(),
                detail,
                effect: effect_of(*delta),
            });
        }
        changes.sort_by(|x, y| x.sort_key().cmp(&y.sort_key()));
        changes.dedup();
        Report { changes }
    }
}

/// What changed in an operation, and its effect; `None` when nothing did.
fn operation_change(a: &Operation, b: &Operation) -> Option<(String, Effect)> {
    let params = |op: &'_ Operation| -> BTreeMap<String, Parameter> {
        op.parameters
            .iter()
            .skip(usize::from(op.is_bound))
            .map(|p| (p.name.clone(), p.clone()))
            .collect()
    };
    let (old, new) = (params(a), params(b));
    // The effect on the emitted parameters struct (`emit::requests::parameter_fields`):
    // a new struct changes the builder method's signature, `new` takes the required
    // parameters, every other parameter is a field of a `#[non_exhaustive]` struct.
    let fields = |op: &Operation| -> BTreeMap<String, ParameterField> {
        parameter_fields(op)
            .into_iter()
            .map(|f| (f.wire.clone(), f))
            .collect()
    };
    let (old_fields, new_fields) = (fields(a), fields(b));
    let mut facts: Vec<(String, Effect)> = Vec::new();
    let names: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    for name in names {
        match (old.get(name), new.get(name)) {
            (None, Some(p)) => {
                let required = new_fields.get(name).is_some_and(|f| f.required);
                let effect = if old_fields.is_empty() || required {
                    Effect::Breaking
                } else {
                    Effect::Additive
                };
                facts.push((format!("parameter added `{}`", parameter_text(p)), effect));
            }
            (Some(p), None) => facts.push((
                format!("parameter removed `{}`", parameter_text(p)),
                Effect::Breaking,
            )),
            (Some(x), Some(y)) => {
                if x.ty != y.ty {
                    facts.push((
                        format!("parameter `{name}` type {} -> {}", x.ty, y.ty),
                        Effect::Breaking,
                    ));
                }
                if x.nullable != y.nullable {
                    facts.push((
                        format!(
                            "parameter `{name}` {} -> {}",
                            nullability(x.nullable),
                            nullability(y.nullable)
                        ),
                        Effect::Breaking,
                    ));
                }
                if x.optional != y.optional {
                    let text = if y.optional {
                        "required -> optional"
                    } else {
                        "optional -> required"
                    };
                    // Only an argument of `new` coming or going changes the API.
                    let in_new = |f: &BTreeMap<String, ParameterField>| {
                        f.get(name).is_some_and(|f| f.required)
                    };
                    let effect = if in_new(&old_fields) == in_new(&new_fields) {
                        Effect::Compatible
                    } else {
                        Effect::Breaking
                    };
                    facts.push((format!("parameter `{name}` {text}"), effect));
                }
            }
            (None, None) => {}
        }
    }
    let ret = |op: &Operation| {
        op.return_type
            .as_ref()
            .map(|r| format!("{}, {}", r.ty, nullability(r.nullable)))
            .unwrap_or_else(|| String::from("nothing"))
    };
    if a.return_type != b.return_type {
        facts.push((
            format!("returns {} -> {}", ret(a), ret(b)),
            Effect::Breaking,
        ));
    }
    if a.is_composable != b.is_composable {
        facts.push((
            format!("composable {} -> {}", a.is_composable, b.is_composable),
            Effect::Compatible,
        ));
    }
    if a.entity_set_path != b.entity_set_path {
        facts.push((
            format!(
                "entity set path {} -> {}",
                a.entity_set_path.as_deref().unwrap_or("none"),
                b.entity_set_path.as_deref().unwrap_or("none")
            ),
            Effect::Compatible,
        ));
    }
    let effect = facts.iter().map(|(_, e)| *e).min()?;
    let detail: Vec<String> = facts.into_iter().map(|(d, _)| d).collect();
    Some((detail.join("; "), effect))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csdl;

    fn doc(body: &str) -> String {
        format!(
            r#"<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="microsoft.graph.security" Alias="self" xmlns="http://docs.oasis-open.org/odata/ns/edm">
{body}
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>"#
        )
    }

    fn report(old: &str, new: &str) -> Report {
        let old = csdl::read(&doc(old), "old.xml").unwrap_or_else(|e| panic!("{e}"));
        let new = csdl::read(&doc(new), "new.xml").unwrap_or_else(|e| panic!("{e}"));
        diff(&old, &new).unwrap_or_else(|e| panic!("{e}"))
    }

    fn lines(r: &Report) -> Vec<String> {
        r.changes
            .iter()
            .map(|c| format!("{} {}", c.effect, c.line()))
            .collect()
    }

    #[test]
    fn identical_schemas_have_no_changes() {
        let body = r#"<ComplexType Name="a"><Property Name="p" Type="Edm.String" /></ComplexType>"#;
        let r = report(body, body);
        assert!(r.is_empty());
        assert_eq!(r.bump(), Bump::None);
        assert_eq!(
            r.to_text(),
            "0 changes: 0 breaking, 0 additive, 0 compatible\n\nImplied version bump: none\n"
        );
    }

    #[test]
    fn nullability_changes_the_rust_type_of_single_values_only() {
        let r = report(
            r#"<ComplexType Name="a">
                 <Property Name="one" Type="Edm.String" />
                 <Property Name="many" Type="Collection(Edm.String)" />
               </ComplexType>"#,
            r#"<ComplexType Name="a">
                 <Property Name="one" Type="Edm.String" Nullable="false" />
                 <Property Name="many" Type="Collection(Edm.String)" Nullable="false" />
               </ComplexType>"#,
        );
        assert_eq!(
            lines(&r),
            [
                "breaking property-nullability-changed microsoft.graph.security.a/one: nullable -> not nullable (Rust `one: Nullable<String>` -> `one: Option<String>`)",
                "compatible property-nullability-changed microsoft.graph.security.a/many: nullable -> not nullable",
            ]
        );
        assert_eq!(r.bump(), Bump::Major);
    }

    #[test]
    fn inherited_fields_count_and_moved_properties_are_compatible() {
        // `p` moves from `derived` up to `base`: `base` gains a field (additive), and
        // `derived` keeps its field with the same Rust type.
        let r = report(
            r#"<ComplexType Name="base" />
               <ComplexType Name="derived" BaseType="self.base"><Property Name="p" Type="Edm.String" /></ComplexType>"#,
            r#"<ComplexType Name="base"><Property Name="p" Type="Edm.String" /></ComplexType>
               <ComplexType Name="derived" BaseType="self.base" />"#,
        );
        assert_eq!(
            lines(&r),
            [
                "additive property-added microsoft.graph.security.base/p: Edm.String, nullable",
                "compatible property-removed microsoft.graph.security.derived/p: Edm.String, nullable",
            ]
        );
    }

    #[test]
    fn a_new_cycle_boxes_a_field_and_is_reported_on_its_own() {
        let r = report(
            r#"<ComplexType Name="a"><Property Name="b" Type="self.b" /></ComplexType>
               <ComplexType Name="b" />"#,
            r#"<ComplexType Name="a"><Property Name="b" Type="self.b" /></ComplexType>
               <ComplexType Name="b"><Property Name="a" Type="self.a" /></ComplexType>"#,
        );
        assert_eq!(
            lines(&r),
            [
                "breaking rust-api-changed microsoft.graph.security.a/b: `b: Nullable<B>` -> `b: Nullable<Box<B>>`",
                "additive property-added microsoft.graph.security.b/a: microsoft.graph.security.a, nullable",
            ]
        );
    }

    #[test]
    fn operation_changes() {
        let op = |params: &str, ret: &str| {
            format!(
                r#"<ComplexType Name="r" />
                   <Function Name="f">{params}<ReturnType Type="{ret}" /></Function>"#
            )
        };
        let base = op(r#"<Parameter Name="a" Type="Edm.String" />"#, "Edm.String");
        let optional = op(
            r#"<Parameter Name="a" Type="Edm.String" />
               <Parameter Name="b" Type="Edm.Int32"><Annotation Term="Org.OData.Core.V1.OptionalParameter" /></Parameter>"#,
            "Edm.String",
        );
        let r = report(&base, &optional);
        assert_eq!(
            lines(&r),
            [
                "additive function-changed microsoft.graph.security.f: parameter added `b: Edm.Int32 (optional)`"
            ]
        );
        let returns = op(r#"<Parameter Name="a" Type="Edm.String" />"#, "self.r");
        let r = report(&base, &returns);
        assert_eq!(
            lines(&r),
            [
                "breaking function-changed microsoft.graph.security.f: returns Edm.String, nullable -> microsoft.graph.security.r, nullable"
            ]
        );
    }

    #[test]
    fn text_and_json_reports() {
        let r = report(
            r#"<EnumType Name="e"><Member Name="a" Value="1" /><Member Name="b" Value="2" /></EnumType>"#,
            r#"<EnumType Name="e"><Member Name="a" Value="3" /><Member Name="c" Value="4" /></EnumType>"#,
        );
        assert_eq!(
            r.to_text(),
            "3 changes: 1 breaking, 1 additive, 1 compatible (enum-member-added 1, enum-member-removed 1, enum-member-value-changed 1)

Breaking (1):
  enum-member-removed microsoft.graph.security.e/b: value 2

Additive (1):
  enum-member-added microsoft.graph.security.e/c: value 4

Compatible (1):
  enum-member-value-changed microsoft.graph.security.e/a: 1 -> 3

Implied version bump: major
"
        );
        let json = r.to_json();
        assert_eq!(json["bump"], "major");
        assert_eq!(json["counts"]["total"], 3);
        assert_eq!(json["counts"]["by_kind"]["enum-member-added"], 1);
        assert_eq!(json["changes"][0]["kind"], "enum-member-removed");
        assert_eq!(json["changes"][0]["effect"], "breaking");
        assert_eq!(json["changes"][2]["detail"], "1 -> 3");
    }

    #[test]
    fn every_kind_is_listed_once_in_order() {
        assert!(ChangeKind::ALL.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(ChangeKind::ALL.first(), Some(&ChangeKind::TypeAdded));
        assert_eq!(ChangeKind::ALL.last(), Some(&ChangeKind::RustApiChanged));
    }

    #[test]
    fn bumps() {
        let change = |effect| Change {
            kind: ChangeKind::RouteAdded,
            subject: String::new(),
            detail: String::new(),
            effect,
        };
        let bump = |effects: &[Effect]| {
            Report {
                changes: effects.iter().map(|e| change(*e)).collect(),
            }
            .bump()
        };
        assert_eq!(bump(&[]), Bump::None);
        assert_eq!(bump(&[Effect::Compatible]), Bump::Patch);
        assert_eq!(bump(&[Effect::Compatible, Effect::Additive]), Bump::Minor);
        assert_eq!(bump(&[Effect::Additive, Effect::Breaking]), Bump::Major);
    }
}
