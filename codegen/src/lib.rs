//! Reads Microsoft Graph CSDL `$metadata` and generates the `msgraph-security` crate.
//!
//! Data flows one way: [`csdl::read`] lowers a document into the IR ([`ir::Schema`]),
//! [`select::security_closure`] keeps what the crate needs, and the emitters
//! ([`emit`]) turn the IR into Rust source text. Only [`csdl`] knows XML; only
//! [`files`] touches the file system.

pub mod areas;
pub mod csdl;
pub mod diff;
pub mod emit;
pub mod error;
pub mod files;
pub mod ir;
pub mod permissions;
pub mod routes;
pub mod select;
pub mod shared;

use std::collections::BTreeMap;

pub use emit::Settings;
pub use error::Error;

/// The pinned schema's file name inside `metadata/`.
pub const PINNED_SCHEMA: &str = "microsoft.graph.security.csdl.xml";
/// The note of where the pin came from, inside `metadata/`.
pub const PINNED_SOURCE: &str = "source.json";

/// The generated source files, keyed by path relative to their directory.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Generated {
    /// `generated/src/models`: types.
    pub models: BTreeMap<String, String>,
    /// `generated/src/requests`: request builders.
    pub requests: BTreeMap<String, String>,
    /// The cargo features of the areas, the block of `generated/Cargo.toml`
    /// between [`files::FEATURES_BEGIN`] and [`files::FEATURES_END`].
    pub features: String,
}

/// Reads a pinned (canonical) CSDL document and returns the generated files.
/// `permissions` tells each operation's permissions (see
/// [`emit::requests::OperationPermissions`]).
pub fn generate(
    csdl_text: &str,
    file_name: &str,
    permissions: emit::requests::PermissionLookup<'_>,
    settings: &Settings,
) -> Result<Generated, Error> {
    let schema = csdl::read(csdl_text, file_name)?;
    generate_schema(&schema, permissions, settings)
}

/// The generated files of a schema already read.
pub fn generate_schema(
    schema: &ir::Schema,
    permissions: emit::requests::PermissionLookup<'_>,
    settings: &Settings,
) -> Result<Generated, Error> {
    // One plan (names, cycles, areas) for every output.
    let plan = emit::Plan::new(schema, settings.clone())?;
    Ok(Generated {
        models: emit::models_of(&plan)?,
        requests: emit::requests::emit_of(&plan, permissions)?,
        features: emit::features::manifest_block(&plan.areas),
    })
}

/// A permission lookup that knows no permissions.
pub fn no_permissions(_: &routes::Route) -> emit::requests::OperationPermissions {
    emit::requests::OperationPermissions::default()
}

/// The permission lookup of the pinned permission facts.
pub fn permission_lookup(
    facts: &permissions::PermissionFacts,
) -> impl Fn(&routes::Route) -> emit::requests::OperationPermissions + '_ {
    let index = facts.index();
    move |route| index.for_route(route.method.as_str(), &route.path)
}

/// The pinned permission facts' file name inside `metadata/`.
pub const PINNED_PERMISSIONS: &str = "permissions.json";
