//! Reads Microsoft Graph CSDL `$metadata` and generates the `msgraph-security` crate.
//!
//! Data flows one way: [`csdl::read`] lowers a document into the IR ([`ir::Schema`]),
//! [`select::security_closure`] keeps what the crate needs, and the emitters
//! ([`emit`]) turn the IR into Rust source text. Only [`csdl`] knows XML; only
//! [`files`] touches the file system.

pub mod csdl;
pub mod diff;
pub mod emit;
pub mod error;
pub mod files;
pub mod ir;
pub mod routes;
pub mod select;

use std::collections::BTreeMap;

pub use emit::Settings;
pub use error::Error;

/// The pinned schema's file name inside `metadata/`.
pub const PINNED_SCHEMA: &str = "microsoft.graph.security.csdl.xml";
/// The note of where the pin came from, inside `metadata/`.
pub const PINNED_SOURCE: &str = "source.json";

/// Reads a pinned (canonical) CSDL document and returns the generated model
/// files, keyed by path relative to the models directory.
pub fn generate(
    csdl_text: &str,
    file_name: &str,
    settings: &Settings,
) -> Result<BTreeMap<String, String>, Error> {
    let schema = csdl::read(csdl_text, file_name)?;
    emit::models(&schema, settings)
}
