//! The comparison of two schemas: each side's Rust API (the emitters'
//! [`inventory`]), URL routes and operations, matched item by item into
//! [`Change`]s with their [`Effect`].

use std::collections::{BTreeMap, BTreeSet};

use crate::emit::inventory::{ApiItem, Inventory, inventory};
use crate::emit::requests::{ParameterField, parameter_fields};
use crate::emit::{Plan, Settings};
use crate::error::Error;
use crate::ir::{
    NavigationProperty, Operation, OperationKind, Parameter, Property, QualifiedName, Schema,
    StructuredKind, TypeRef,
};
use crate::routes::{self, Route};

use super::report::{Change, ChangeKind, Effect, Report};

/// One schema with its Rust API.
struct Side<'s> {
    schema: &'s Schema,
    /// Every public item with its Rust signature (`status: Option<IncidentStatus>`).
    items: BTreeMap<ApiItem, String>,
    /// The items of each schema type.
    by_owner: BTreeMap<QualifiedName, Vec<ApiItem>>,
    /// The type that declares each field's property.
    declared_by: BTreeMap<ApiItem, QualifiedName>,
    /// The fields whose value is of each named type.
    fields_of_type: BTreeMap<QualifiedName, Vec<ApiItem>>,
    /// Every type with its descendants, sorted.
    descendants: BTreeMap<QualifiedName, BTreeSet<QualifiedName>>,
    routes: BTreeSet<Route>,
}

impl<'s> Side<'s> {
    fn new(schema: &'s Schema) -> Result<Self, Error> {
        let plan = Plan::new(schema, Settings::crate_default())?;
        let Inventory {
            items,
            declared_by,
            fields_of_type,
        } = inventory(&plan)?;
        let mut by_owner: BTreeMap<QualifiedName, Vec<ApiItem>> = BTreeMap::new();
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

// ---------------------------------------------------------------------------
// The comparison.

/// A change before its effect is known: the API items it accounts for, or a fixed effect.
struct Draft {
    kind: ChangeKind,
    subject: String,
    detail: String,
    owns: Vec<ApiItem>,
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
    fn push(&mut self, kind: ChangeKind, subject: String, detail: String, owns: Vec<ApiItem>) {
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
    fn items_of(&self, name: &QualifiedName) -> Vec<ApiItem> {
        let mut out: BTreeSet<ApiItem> = BTreeSet::new();
        for side in [&self.old, &self.new] {
            out.extend(side.by_owner.get(name).into_iter().flatten().cloned());
        }
        out.into_iter().collect()
    }

    /// The field `member` of `name` and of every type that inherits it, in either schema.
    fn inherited_fields(&self, name: &QualifiedName, member: &str) -> Vec<ApiItem> {
        let mut structs = self.old.family(name);
        structs.extend(self.new.family(name));
        structs
            .into_iter()
            .map(|s| ApiItem::Field(s, member.to_string()))
            .collect()
    }

    /// Fields of type `name` that exist in both schemas (their Rust type may change).
    fn fields_of_type(&self, name: &QualifiedName) -> Vec<ApiItem> {
        let old = self.old.fields_of_type.get(name).into_iter().flatten();
        old.filter(|item| self.new.items.contains_key(*item))
            .cloned()
            .collect()
    }

    /// The Rust signature of the declaring struct's field, `old -> new`, when it changed.
    fn rust_change(&self, name: &QualifiedName, member: &str) -> String {
        let item = ApiItem::Field(name.clone(), member.to_string());
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
                let mut owns = vec![ApiItem::FlagsImpl(name.clone())];
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
                let variant = ApiItem::Variant(name.clone(), member.to_string());
                let owns = vec![variant.clone(), ApiItem::CatchAll(name.clone())];
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
                ApiItem::Poly(base) => Some(base.clone()),
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
                ApiItem::Poly(base.clone()),
                ApiItem::PolyVariant(base.clone(), base.clone()),
            ];
            shared.extend(self.fields_of_type(&base));
            for (kind, types) in [
                (ChangeKind::DerivedTypeAdded, new.difference(&old)),
                (ChangeKind::DerivedTypeRemoved, old.difference(&new)),
            ] {
                for t in types {
                    let mut owns = vec![ApiItem::PolyVariant(base.clone(), t.clone())];
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

    /// The revision facts: targets newly deprecated, no longer deprecated, or whose
    /// removal date changed (compatible: `#[deprecated]` is a warning).
    fn deprecations(&mut self) {
        let old = self.old.schema.deprecations();
        let new = self.new.schema.deprecations();
        for (target, d) in &new {
            match old.get(target) {
                None => self.push_fixed(
                    ChangeKind::DeprecationAdded,
                    target.clone(),
                    d.to_string(),
                    Effect::Compatible,
                ),
                Some(before) if before.to_string() != d.to_string() => self.push_fixed(
                    ChangeKind::DeprecationChanged,
                    target.clone(),
                    format!("{before} -> {d}"),
                    Effect::Compatible,
                ),
                Some(_) => {}
            }
        }
        for (target, d) in &old {
            // A target whose type or operation is gone is reported as removed already.
            let head = target.split(['/', '(']).next().unwrap_or(target);
            let still_there = QualifiedName::parse(head).is_some_and(|name| {
                self.new.schema.get(&name).is_some()
                    || self.new.schema.operations.iter().any(|op| op.name == name)
            });
            if still_there && !new.contains_key(target) {
                self.push_fixed(
                    ChangeKind::DeprecationRemoved,
                    target.clone(),
                    d.to_string(),
                    Effect::Compatible,
                );
            }
        }
    }

    /// Effects from the API differences each draft accounts for; the differences no
    /// draft accounts for become [`ChangeKind::RustApiChanged`] changes.
    fn finish(self) -> Report {
        let mut deltas: BTreeMap<&ApiItem, (Option<&String>, Option<&String>)> = BTreeMap::new();
        let keys: BTreeSet<&ApiItem> = self.old.items.keys().chain(self.new.items.keys()).collect();
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
        let mut owned: BTreeSet<&ApiItem> = BTreeSet::new();
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
                ApiItem::Poly(base) => Some(base),
                _ => None,
            })
            .collect();
        for (item, delta) in &deltas {
            if owned.contains(item) {
                continue;
            }
            if let ApiItem::PolyVariant(base, _) = item {
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

/// The report of two schemas (what [`diff`](super::diff) returns).
pub(super) fn compare(old: &Schema, new: &Schema) -> Result<Report, Error> {
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
    d.deprecations();
    Ok(d.finish())
}
