//! Reads Microsoft Graph CSDL `$metadata` and generates the `msgraph-security` crate.
//!
//! Data flows one way: [`csdl::read`] lowers a document into the IR ([`ir::Schema`]),
//! [`select::security_closure`] keeps what the crate needs, and the emitters
//! ([`emit`]) turn the IR into Rust source text. [`Pin`] is that pipeline as one
//! value (read and select a document, load `metadata/`, generate, list routes, diff),
//! so every `cargo xtask` command and test is I/O around one call. Only [`csdl`]
//! knows XML; only [`files`] writes to the file system (and [`Pin::load`] reads
//! `metadata/`).
//!
//! The stages: [`csdl`] (XML <-> IR), [`ir`], [`select`] (the import selection),
//! [`routes`] (the URL tree and its operations), [`areas`] (the URL tree's areas, one
//! cargo feature each), [`permissions`] (the permission facts), [`names`] (Rust
//! spellings of schema names, used by the areas, the emitters and the drift report),
//! [`emit`] (IR -> tokens -> text), [`diff`] (the drift report), [`reference`] (links to
//! Microsoft's API reference).

pub mod areas;
pub mod csdl;
pub mod deprecations;
pub mod diff;
pub mod emit;
pub mod error;
pub mod files;
pub mod ir;
pub mod names;
pub mod permissions;
pub mod pin;
pub mod reference;
pub mod routes;
pub mod select;
/// The reference data beside the workspace (`../shared`) for the unit tests: the
/// test-support file of `msgraph-security-tests`, compiled here too (test support is
/// not part of the generator's API).
#[cfg(test)]
#[path = "../../tests/src/shared.rs"]
mod shared;

use std::collections::BTreeMap;

pub use emit::Settings;
pub use error::Error;
pub use pin::{Import, PINNED_PERMISSIONS, PINNED_SCHEMA, PINNED_SOURCE, Pin};

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
