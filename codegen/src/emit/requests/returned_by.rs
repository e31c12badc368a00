//! For each structured type, the operations of the URL tree that return it (`get`,
//! `list`, `create`, bound actions and functions whose result is the type) or take
//! it as the body (`create`, `update`), as rustdoc links to the builder methods,
//! grouped by area: what [`super::super::reference`] puts on each model's rustdoc so
//! that a reader of a model finds how to get one.

use std::collections::BTreeMap;

use super::naming::plan_names;
use crate::emit::Plan;
use crate::ir::{QualifiedName, TypeDef, TypeTarget};
use crate::routes::{self, Verb};

/// How an operation relates to a type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// The operation's result is the type (or a collection of it).
    Returns,
    /// The operation's request body is the type.
    Body,
}

/// One builder method: its Rust call (`client.security().incidents().list()`) and the
/// rustdoc path of the method (`crate::requests::SecurityIncidentsRequest::list`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct MethodLink {
    /// The call as a user writes it.
    pub call: String,
    /// The intra-doc link target.
    pub target: String,
}

/// type -> area (`None`: the schema has no areas) -> role -> the methods, in URL-tree
/// order without duplicates.
pub type ReturnedBy =
    BTreeMap<QualifiedName, BTreeMap<Option<String>, BTreeMap<Role, Vec<MethodLink>>>>;

/// The operations of the URL tree by the structured types they return or take.
pub fn returned_by(plan: &Plan<'_>) -> ReturnedBy {
    let schema = plan.schema;
    let tree = routes::tree(schema);
    let names = plan_names(schema, &tree);
    let requests = crate::emit::table::doc_path(&plan.settings.requests);
    let mut out: ReturnedBy = BTreeMap::new();
    for root in &tree {
        for node in root.walk() {
            let Some(n) = names.nodes.get(&node.path) else {
                continue;
            };
            for (op, method) in node.operations.iter().zip(&n.methods) {
                let mut roles: Vec<(QualifiedName, Role)> = Vec::new();
                let args = match &op.verb {
                    Verb::Get | Verb::List => {
                        roles.push((node.ty.clone(), Role::Returns));
                        "()"
                    }
                    Verb::Create => {
                        roles.push((node.ty.clone(), Role::Returns));
                        roles.push((node.ty.clone(), Role::Body));
                        "(..)"
                    }
                    Verb::Update => {
                        roles.push((node.ty.clone(), Role::Body));
                        "(..)"
                    }
                    Verb::Action(i) | Verb::Function(i) => {
                        let ret = schema
                            .operations
                            .get(*i)
                            .and_then(|o| o.return_type.as_ref());
                        if let Some(TypeTarget::Named(t)) = ret.map(|r| &r.ty.target) {
                            if matches!(schema.get(t), Some(TypeDef::Structured(_))) {
                                roles.push((t.clone(), Role::Returns));
                            }
                        }
                        if names.parameters.contains_key(i) {
                            "(..)"
                        } else {
                            "()"
                        }
                    }
                    Verb::Count | Verb::Delete | Verb::AddToProperty { .. } => "()",
                };
                let area = plan.areas.area_of_route(&op.route).map(String::from);
                let link = MethodLink {
                    call: format!("{}.{method}{args}", n.call),
                    target: format!("{requests}::{}::{method}", n.ty),
                };
                for (ty, role) in roles {
                    let list = out
                        .entry(ty)
                        .or_default()
                        .entry(area.clone())
                        .or_default()
                        .entry(role)
                        .or_default();
                    if !list.contains(&link) {
                        list.push(link.clone());
                    }
                }
            }
        }
    }
    out
}
