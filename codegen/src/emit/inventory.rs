//! The public API the emitters write for a schema, as a typed list: every
//! type, field, variant and polymorphic variant with its Rust signature, from
//! the same plan and naming functions the emitters use. The drift report
//! compares two inventories (no generated code is parsed or stringified).

use std::collections::BTreeMap;

use super::plan::{FieldShape, Plan};
use super::{enums, poly, structs};
use crate::error::Error;
use crate::ir::QualifiedName;

/// A public item of the generated crate.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum ApiItem {
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

impl ApiItem {
    /// The schema type the item belongs to.
    pub fn owner(&self) -> &QualifiedName {
        match self {
            ApiItem::Type(t)
            | ApiItem::Field(t, _)
            | ApiItem::Variant(t, _)
            | ApiItem::CatchAll(t)
            | ApiItem::FlagsImpl(t)
            | ApiItem::Poly(t)
            | ApiItem::PolyVariant(t, _) => t,
        }
    }

    /// The subject of a `ChangeKind::RustApiChanged` change.
    pub fn subject(&self) -> String {
        match self {
            ApiItem::Type(t) | ApiItem::CatchAll(t) | ApiItem::FlagsImpl(t) | ApiItem::Poly(t) => {
                t.to_string()
            }
            ApiItem::Field(t, m) | ApiItem::Variant(t, m) => format!("{t}/{m}"),
            ApiItem::PolyVariant(t, d) => format!("{t}/{d}"),
        }
    }
}

/// The API of one schema's models.
#[derive(Debug, Clone, Default)]
pub struct Inventory {
    /// Every public item with its Rust signature (`status: Option<IncidentStatus>`).
    pub items: BTreeMap<ApiItem, String>,
    /// The type that declares each field's property.
    pub declared_by: BTreeMap<ApiItem, QualifiedName>,
    /// The fields whose value is of each named type.
    pub fields_of_type: BTreeMap<QualifiedName, Vec<ApiItem>>,
}

/// The inventory of the models the emitters write for `plan`.
pub fn inventory(plan: &Plan<'_>) -> Result<Inventory, Error> {
    let schema = plan.schema;
    let mut out = Inventory::default();
    for name in plan.types.keys() {
        let path = plan.api_name(name)?;
        if let Some(e) = schema.enums.get(name) {
            out.items
                .insert(ApiItem::Type(name.clone()), format!("enum {path}"));
            let (variants, catch_all) = enums::variant_names(e);
            for (m, v) in e.members.iter().zip(variants) {
                out.items
                    .insert(ApiItem::Variant(name.clone(), m.name.clone()), v);
            }
            out.items.insert(ApiItem::CatchAll(name.clone()), catch_all);
            if e.is_flags {
                out.items.insert(
                    ApiItem::FlagsImpl(name.clone()),
                    format!("impl FlagsEnum for {path}"),
                );
            }
        } else if let Some(t) = schema.structured.get(name) {
            out.items
                .insert(ApiItem::Type(name.clone()), format!("struct {path}"));
            for f in structs::fields(plan, t) {
                let Some(value) = plan.value_type(&t.name, &f.wire, &f.ty)? else {
                    continue;
                };
                let elem = &value.api;
                let ty = match f.shape {
                    FieldShape::Option => format!("Option<{elem}>"),
                    FieldShape::Nullable => format!("Nullable<{elem}>"),
                    FieldShape::Collection => format!("Option<Vec<{elem}>>"),
                };
                let item = ApiItem::Field(name.clone(), f.wire.clone());
                if let Some(target) = f.ty.named() {
                    out.fields_of_type
                        .entry(target.clone())
                        .or_default()
                        .push(item.clone());
                }
                out.declared_by.insert(item.clone(), f.declared_by.clone());
                out.items.insert(item, format!("{}: {ty}", f.rust));
            }
            if let Some(poly_path) = plan.api_poly_name(name)? {
                out.items
                    .insert(ApiItem::Poly(name.clone()), format!("enum {poly_path}"));
                for (variant, member) in poly::variants(plan, t)? {
                    let member_path = plan.api_name(&member.name)?;
                    out.items.insert(
                        ApiItem::PolyVariant(name.clone(), member.name.clone()),
                        format!("{variant}(Box<{member_path}>)"),
                    );
                }
            }
        }
    }
    Ok(out)
}
