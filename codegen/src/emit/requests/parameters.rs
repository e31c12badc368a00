//! Parameter structs of actions and functions: the fields the drift report
//! compares ([`parameter_fields`]) and the struct and `parameters!` table written
//! through the model struct emitter.

use proc_macro2::TokenStream;
use quote::{ToTokens, TokenStreamExt, format_ident, quote};

use crate::emit::plan::{FieldShape, ValueType};
use crate::emit::table::MacroCall;
use crate::emit::{Plan, Segment, docs, structs};
use crate::error::Error;
use crate::ir::{Operation, OperationKind, TypeRef};
use crate::names::{self, Scope};

/// One field of a parameters struct as the emitter writes it: what the drift
/// report compares (the API, not the schema's wording of it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParameterField {
    /// The parameter's wire name.
    pub wire: String,
    /// The Rust field name (unique in the struct, before keyword escaping).
    pub rust: String,
    /// The field's shape.
    pub shape: FieldShape,
    /// Whether `new` takes it: the parameter is required (not `OptionalParameter`),
    /// nullable or not (a nullable one can be set to `Null` after).
    pub required: bool,
}

/// The fields of the parameters struct of `op`, in schema order: empty when
/// the operation takes no parameters besides its binding (then it has no struct).
pub fn parameter_fields(op: &Operation) -> Vec<ParameterField> {
    let mut scope = Scope::with_reserved(&[structs::ADDITIONAL_FIELD]);
    op.parameters
        .iter()
        .skip(usize::from(op.is_bound))
        .map(|p| ParameterField {
            wire: p.name.clone(),
            rust: scope.claim(&names::snake(&p.name)),
            shape: Plan::shape(&p.ty, p.nullable),
            required: !p.optional,
        })
        .collect()
}

/// The parameters struct of an action or function (printed by prettyplease)
/// and its `parameters!` table (printed a row per line): `impl Serialize for
/// Name { rows }` for an action's body, `fn url_arguments for Name { rows }`
/// for a function's URL.
#[derive(Debug, Clone)]
pub struct ParametersItem {
    /// The struct and its `new`.
    pub definition: TokenStream,
    /// The `parameters!` table.
    pub table: MacroCall,
}

impl ToTokens for ParametersItem {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.append_all(self.definition.clone());
        self.table.to_tokens(tokens);
    }
}

impl ParametersItem {
    /// The pieces of the parameters file it adds, in order.
    pub fn segments(self) -> [Segment; 2] {
        [Segment::Items(self.definition), Segment::Table(self.table)]
    }
}

/// The parameters struct of an action or function, through the model struct
/// emitter ([`structs::field`]): `#[non_exhaustive]`, one field per parameter
/// (`Nullable` for a nullable one, `Option<Vec<_>>` for a collection, `Option`
/// otherwise), `new` taking the required (not `OptionalParameter`) ones, and
/// the runtime's `parameters!` table (the body of an action, with the additional
/// members; the URL arguments of a function). `cfg` gates every item.
pub(super) fn emit_parameters(
    plan: &Plan<'_>,
    op: &Operation,
    name: &str,
    cfg: Option<TokenStream>,
) -> Result<ParametersItem, Error> {
    let rt = plan.rt();
    let ident = format_ident!("{}", name);
    let is_action = op.kind == OperationKind::Action;
    let (mut defs, mut rows) = (Vec::new(), Vec::new());
    let (mut args, mut inits) = (Vec::new(), Vec::new());
    let params = op.parameters.iter().skip(usize::from(op.is_bound));
    for (p, f) in params.zip(parameter_fields(op)) {
        let (rust, shape, required) = (f.rust, f.shape, f.required);
        let fid = names::ident(&rust);
        let single = TypeRef {
            collection: false,
            target: p.ty.target.clone(),
        };
        let value = plan
            .value_type(&op.name, "", &single)?
            .unwrap_or(ValueType {
                rust: quote!(Vec<u8>),
                api: String::from("Vec<u8>"),
                codec: None,
            });
        let doc = format!(
            "Parameter `{}`: `{}`, {}.",
            p.name,
            p.ty,
            match (required, shape) {
                (true, _) => "required (an argument of `new`)",
                (false, FieldShape::Nullable) =>
                    "nullable (`Absent` leaves it out, `Null` sends `null`)",
                (false, _) => "optional (`None` leaves it out)",
            }
        );
        let (def, row) = structs::field(
            plan,
            &rust,
            &p.name,
            shape,
            &value,
            &[doc],
            None,
            structs::Table::Parameters,
        );
        defs.push(def);
        rows.push(row);
        if required {
            let elem = &value.rust;
            let arg_ty = if p.ty.collection {
                quote!(Vec<#elem>)
            } else {
                elem.clone()
            };
            args.push(quote!(#fid: #arg_ty));
            inits.push(match shape {
                FieldShape::Nullable => quote!(#fid: #rt::Nullable::Value(#fid)),
                FieldShape::Option | FieldShape::Collection => quote!(#fid: Some(#fid)),
            });
        } else {
            inits.push(quote!(#fid: Default::default()));
        }
    }
    let doc = docs::outer(&[format!(
        "Parameters of `{}` (bound to `{}`).",
        op.name,
        op.binding().map(|b| b.ty.to_string()).unwrap_or_default()
    )]);
    let (additional, additional_init) = if is_action {
        let doc = docs::outer(&[String::from(
            "Members to send besides the declared parameters (a newer service's), written last.",
        )]);
        (
            quote!(#doc pub additional_properties: ::serde_json::Map<String, ::serde_json::Value>,),
            quote!(additional_properties: ::serde_json::Map::new(),),
        )
    } else {
        (quote!(), quote!())
    };
    // `Default` only where no parameter is required: it must not build an invalid call.
    let derive_default = args.is_empty().then(|| quote!(Default,));
    let (new_doc, new_body) = if args.is_empty() {
        ("The parameters, all absent.", quote!(Self::default()))
    } else {
        (
            "The parameters with the required ones given, the others absent.",
            quote!(Self { #(#inits,)* #additional_init }),
        )
    };
    let new_doc = docs::outer(&[String::from(new_doc)]);
    // `new` mirrors the schema's required parameters, however many there are.
    let many = (args.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let items = quote! {
        #doc
        #cfg
        #[derive(Debug, Clone, PartialEq, #derive_default)]
        #[non_exhaustive]
        pub struct #ident {
            #(#defs)*
            #additional
        }

        #cfg
        impl #ident {
            #new_doc
            #many
            pub fn new(#(#args),*) -> Self {
                #new_body
            }
        }
    };
    let table = MacroCall {
        attrs: cfg.into_iter().collect(),
        path: quote!(#rt::parameters),
        head: if is_action {
            quote!(impl Serialize for #ident)
        } else {
            quote!(fn url_arguments for #ident)
        },
        rows,
    };
    Ok(ParametersItem {
        definition: items,
        table,
    })
}
