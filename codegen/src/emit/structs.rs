//! Emits one struct per entity or complex type, with its (de)serialization.

use proc_macro2::TokenStream;
use quote::{ToTokens, TokenStreamExt, format_ident, quote};

use super::Segment;
use super::docs::{self, code};
use super::plan::{FieldShape, Plan, ValueType};
use super::table::MacroCall;
use crate::error::Error;
use crate::names::{self, Scope};
use std::collections::BTreeSet;

use crate::ir::{Primitive, QualifiedName, StructuredKind, StructuredType, TypeRef, TypeTarget};

/// Field names every struct has besides its properties.
pub const ODATA_TYPE_FIELD: &str = "odata_type";
/// The field that keeps undeclared JSON members.
pub const ADDITIONAL_FIELD: &str = "additional_properties";

/// One field of a generated struct.
#[derive(Debug, Clone)]
pub struct Field {
    /// The JSON member name.
    pub wire: String,
    /// The Rust field name (already unique, keyword-escaped when emitted).
    pub rust: String,
    pub shape: FieldShape,
    pub ty: TypeRef,
    pub nullable: bool,
    /// A structural property or a navigation property, contained or not.
    pub kind: FieldKind,
    /// The type that declares the property (differs from the struct when inherited).
    pub declared_by: QualifiedName,
}

/// What kind of schema member a [`Field`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// A structural property.
    Property,
    /// A navigation property whose target is not contained (a reference).
    Navigation,
    /// A navigation property with `ContainsTarget="true"`.
    ContainedNavigation,
}

/// The fields of a struct, in order: inherited properties first (root base type first),
/// then declared ones, then navigation properties in the same order. Stream
/// properties are not fields. Names are unique and never collide with
/// [`ODATA_TYPE_FIELD`] or [`ADDITIONAL_FIELD`].
pub fn fields(plan: &Plan<'_>, t: &StructuredType) -> Vec<Field> {
    let schema = plan.schema;
    let mut scope = Scope::with_reserved(&[ODATA_TYPE_FIELD, ADDITIONAL_FIELD]);
    let mut chain: Vec<&StructuredType> = schema.ancestors(&t.name);
    chain.reverse();
    chain.push(t);
    let mut out = Vec::new();
    for owner in &chain {
        for p in &owner.properties {
            if p.ty.target == TypeTarget::Primitive(Primitive::Stream) {
                continue;
            }
            out.push(Field {
                wire: p.name.clone(),
                rust: scope.claim(&names::snake(&p.name)),
                shape: Plan::shape(&p.ty, p.nullable),
                ty: p.ty.clone(),
                nullable: p.nullable,
                kind: FieldKind::Property,
                declared_by: owner.name.clone(),
            });
        }
    }
    for owner in &chain {
        for n in &owner.navigation {
            out.push(Field {
                wire: n.name.clone(),
                rust: scope.claim(&names::snake(&n.name)),
                shape: Plan::shape(&n.ty, n.nullable),
                ty: n.ty.clone(),
                nullable: n.nullable,
                kind: if n.contains_target {
                    FieldKind::ContainedNavigation
                } else {
                    FieldKind::Navigation
                },
                declared_by: owner.name.clone(),
            });
        }
    }
    out
}

/// Stream properties of a type (inherited included): documented, not fields.
fn stream_properties(plan: &Plan<'_>, t: &StructuredType) -> Vec<String> {
    plan.schema
        .all_properties(&t.name)
        .into_iter()
        .filter(|p| p.ty.target == TypeTarget::Primitive(Primitive::Stream))
        .map(|p| p.name.clone())
        .collect()
}

/// The trait impls a model's `model!` table asks for, in the order it names
/// them (`Entity` for entity types only): the runtime's macro writes exactly these (and `new()` and the path
/// constants), so the list in the generated file is the model's impl surface
/// besides the struct's own `#[derive(..)]`.
const MODEL_IMPLS: [&str; 6] = [
    "Model",
    "Entity",
    "Debug",
    "Serialize",
    "Deserialize",
    "Wire",
];

/// One generated model (an entity or complex type): the struct definition,
/// printed by prettyplease, and its `model!` table, printed a row per line.
#[derive(Debug, Clone)]
pub struct ModelItem {
    /// The struct with its docs and derives.
    pub definition: TokenStream,
    /// `model! { impl Model, Debug, .. for Name = "qualified.name" { rows } }`.
    pub table: MacroCall,
}

impl ToTokens for ModelItem {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.append_all(self.definition.clone());
        self.table.to_tokens(tokens);
    }
}

impl ModelItem {
    /// The pieces of the type's file, in order.
    pub fn segments(self) -> [Segment; 2] {
        [Segment::Items(self.definition), Segment::Table(self.table)]
    }
}

/// The struct definition and its member table (the runtime's `model!`, which
/// gives `new()`, the path constants and the impls its head names).
pub fn emit(plan: &Plan<'_>, t: &StructuredType) -> Result<ModelItem, Error> {
    let rt = plan.rt();
    let info = plan.info(&t.name)?;
    let ident = format_ident!("{}", info.rust_name);
    let odata_name = t.name.to_string();
    let fields = fields(plan, t);

    let restricted = query_restrictions(plan, t);
    let mut defs = Vec::new();
    let mut rows = Vec::new();
    for f in &fields {
        let Some(value) = plan.value_type(&t.name, &f.wire, &f.ty)? else {
            continue;
        };
        // A field whose type some area of its struct does not compile (the root
        // type's navigation properties, each an area of its own) is gated too.
        let owner_areas = &plan.areas.of_type(&t.name).needed;
        let cfg = match plan.areas_of_value(&f.ty)? {
            Some(areas) if !areas.is_superset(owner_areas) => plan.cfg(areas),
            _ => None,
        };
        let (def, row) = field(
            plan,
            &f.rust,
            &f.wire,
            f.shape,
            &value,
            &field_doc(plan, t, f),
            cfg,
            Table::Model(capabilities(plan, &restricted, &f.wire)),
        );
        let member_deprecation = plan.schema.member_deprecation(&t.name, &f.wire);
        let deprecated = super::deprecation::attribute(member_deprecation.as_ref());
        defs.push(quote!(#deprecated #def));
        let prefix = super::deprecation::row_prefix(member_deprecation.as_ref());
        rows.push(quote!(#prefix #row));
    }

    let doc = docs::outer(&struct_doc(plan, t)?);
    let returned_by = super::reference::returned_by_attrs(plan, &t.name);
    let odata_type_doc = docs::outer(&[String::from(
        "The `@odata.type` annotation as received, written back first when serializing.",
    )]);
    let additional_doc = docs::outer(&[String::from(
        "JSON members this type does not declare (newer schema, open type, annotations), kept.",
    )]);

    let deprecated = super::deprecation::attribute(plan.schema.type_deprecation(&t.name).as_ref());
    let tokens = quote! {
        #doc
        #deprecated
        #returned_by
        #[derive(Clone, PartialEq, Default)]
        #[non_exhaustive]
        pub struct #ident {
            #odata_type_doc
            pub odata_type: Option<String>,
            #(#defs)*
            #additional_doc
            pub additional_properties: ::serde_json::Map<String, ::serde_json::Value>,
        }
    };
    // `Entity` marks an entity type (the runtime's `query::Entity`: only a
    // navigation property, typed with one, is `$expand`ed).
    let impls = MODEL_IMPLS
        .iter()
        .filter(|i| **i != "Entity" || t.kind == StructuredKind::Entity)
        .map(|i| format_ident!("{}", i));
    let table = MacroCall {
        attrs: Vec::new(),
        path: quote!(#rt::model),
        head: quote!(impl #(#impls),* for #ident = #odata_name),
        rows,
    };
    Ok(ModelItem {
        definition: tokens,
        table,
    })
}

/// Which runtime table a field's row goes to.
#[derive(Debug, Clone)]
pub enum Table {
    /// `model!`: `"wire" => field: FieldType => PATH_CONST,` (the row also
    /// declares the property's typed query path), with `where
    /// Capabilities<..>` (the type given) when the schema restricts it.
    Model(Option<TokenStream>),
    /// `parameters!`: `"wire" => field,`.
    Parameters,
}

/// One field of a generated struct (a model or a parameters struct): its
/// definition and its row of the runtime's table (see [`Table`]; with the
/// codec where it is not the field type's own and the `cfg` where one gates it).
/// `rust` is the field name before keyword escaping.
#[allow(clippy::too_many_arguments)] // one call per table kind, each naming every part
pub fn field(
    plan: &Plan<'_>,
    rust: &str,
    wire: &str,
    shape: FieldShape,
    value: &ValueType,
    doc: &[String],
    cfg: Option<TokenStream>,
    kind: Table,
) -> (TokenStream, TokenStream) {
    let rt = plan.rt();
    let fid = names::ident(rust);
    let elem = &value.rust;
    let field_ty = match shape {
        FieldShape::Option => quote!(Option<#elem>),
        FieldShape::Nullable => quote!(#rt::Nullable<#elem>),
        FieldShape::Collection => quote!(Option<Vec<#elem>>),
    };
    let doc = docs::outer(doc);
    let def = quote! {
        #doc
        #cfg
        pub #fid: #field_ty,
    };
    let codec = value.codec.map(|c| {
        let codec = format_ident!("{}", c);
        let shape = match shape {
            FieldShape::Option => quote!(AsOption),
            FieldShape::Nullable => quote!(AsNullable),
            FieldShape::Collection => quote!(AsCollection),
        };
        quote!(as #shape<#codec>)
    });
    let typed = match kind {
        Table::Model(caps) => {
            let path = format_ident!("{}", rust.trim_start_matches("r#").to_ascii_uppercase());
            let caps = caps.map(|c| quote!(where #c));
            quote!(: #field_ty => #path #caps)
        }
        Table::Parameters => TokenStream::new(),
    };
    (def, quote!(#cfg #wire => #fid #typed #codec,))
}

/// The properties of `t` (or of a base type) the capability annotations on
/// the type name as non-filterable, non-sortable and non-expandable
/// (`FilterRestrictions/NonFilterableProperties`, ...).
#[derive(Debug, Default)]
struct Restricted {
    filter: BTreeSet<String>,
    sort: BTreeSet<String>,
    expand: BTreeSet<String>,
}

fn query_restrictions(plan: &Plan<'_>, t: &StructuredType) -> Restricted {
    let mut restricted = Restricted::default();
    let mut next = Some(&t.name);
    let mut seen = BTreeSet::new();
    while let Some(name) = next {
        if !seen.insert(name.to_string()) {
            break;
        }
        let capabilities = plan.schema.capabilities(&name.to_string());
        restricted.filter.extend(capabilities.non_filterable);
        restricted.sort.extend(capabilities.non_sortable);
        restricted.expand.extend(capabilities.non_expandable);
        next = plan
            .schema
            .structured
            .get(name)
            .and_then(|s| s.base.as_ref());
    }
    restricted
}

/// The `Capabilities<FILTER, SORT, EXPAND>` of property `wire`, when any is restricted.
fn capabilities(plan: &Plan<'_>, restricted: &Restricted, wire: &str) -> Option<TokenStream> {
    let (filter, sort, expand) = (
        !restricted.filter.contains(wire),
        !restricted.sort.contains(wire),
        !restricted.expand.contains(wire),
    );
    if filter && sort && expand {
        return None;
    }
    let rt = plan.rt();
    Some(quote!(#rt::query::Capabilities<#filter, #sort, #expand>))
}

fn struct_doc(plan: &Plan<'_>, t: &StructuredType) -> Result<Vec<String>, Error> {
    let schema = plan.schema;
    let kind = match t.kind {
        StructuredKind::Entity => "entity type",
        StructuredKind::Complex => "complex type",
    };
    let mut lines = vec![format!("The {} {}.", code(&t.name.to_string()), kind)];
    lines.extend(super::reference::type_line(plan, &t.name));
    lines.push(String::new());
    let mut facts = Vec::new();
    if let Some(base) = &t.base {
        facts.push(format!(
            "- Base type: [`{}`]({}).",
            base,
            plan.doc_path(base)
        ));
    }
    if t.is_abstract {
        facts.push(String::from(
            "- Abstract: instances are always one of its derived types.",
        ));
    }
    if t.open {
        facts.push(String::from(
            "- Open type: dynamic properties land in `additional_properties`.",
        ));
    }
    if t.has_stream {
        facts.push(String::from(
            "- Media entity: its content is a stream, fetched separately (not inline).",
        ));
    }
    if t.kind == StructuredKind::Entity {
        let key = schema.key_of(&t.name);
        if !key.is_empty() {
            let key: Vec<String> = key.iter().map(|k| code(k)).collect();
            facts.push(format!("- Key: {}.", key.join(", ")));
        }
    }
    for s in stream_properties(plan, t) {
        facts.push(format!(
            "- Stream property {}: not sent inline; its `@odata.mediaReadLink` and similar annotations are kept in `additional_properties`.",
            code(&s)
        ));
    }
    let derived = plan.descendants(&t.name);
    if !derived.is_empty() {
        let info = plan.info(&t.name)?;
        match &info.poly_name {
            Some(poly) => facts.push(format!(
                "- Polymorphic: properties of this type hold an [`{poly}`], which dispatches on `@odata.type` to the {} derived types.",
                derived.len()
            )),
            None => facts.push(format!("- Has {} derived types.", derived.len())),
        }
        if derived.len() <= 20 {
            for d in derived {
                facts.push(format!("  - [`{}`]({})", d.name, plan.doc_path(&d.name)));
            }
        }
    }
    if facts.is_empty() {
        lines.pop();
    } else {
        lines.extend(facts);
    }
    Ok(lines)
}

fn field_doc(plan: &Plan<'_>, t: &StructuredType, f: &Field) -> Vec<String> {
    let ty = match &f.ty.target {
        TypeTarget::Primitive(_) => code(&f.ty.to_string()),
        TypeTarget::Named(n) => {
            let inner = format!("[`{n}`]({})", plan.doc_path(n));
            if f.ty.collection {
                format!("`Collection(`{inner}`)`")
            } else {
                inner
            }
        }
    };
    let null = match (f.shape, f.nullable) {
        (FieldShape::Collection, true) => "items nullable",
        (FieldShape::Collection, false) => "items not nullable",
        (_, true) => "nullable",
        (_, false) => "not nullable",
    };
    let what = match f.kind {
        FieldKind::ContainedNavigation => "Navigation property (contained)",
        FieldKind::Navigation => "Navigation property",
        FieldKind::Property => "Property",
    };
    let inherited = if f.declared_by == t.name {
        String::new()
    } else {
        format!(
            "; inherited from [`{}`]({})",
            f.declared_by,
            plan.doc_path(&f.declared_by)
        )
    };
    vec![format!(
        "{what} {}: {ty}, {null}{inherited}.",
        code(&f.wire)
    )]
}
