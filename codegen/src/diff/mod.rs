//! Schema drift: what changed between two schemas, and what it means for the
//! generated crate's semver. IR in, report data out (no files, no XML).
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
//! 2. **The generated Rust API.** For both schemas the emitters' inventory
//!    ([`crate::emit::inventory`], built from the emitters' plan and naming rules)
//!    gives every public item: each type, each struct field with its Rust name and
//!    type (`status: Option<IncidentStatus>`), each enum variant, each polymorphic
//!    `Any` enum and its variants, each flags impl; operations are judged on the
//!    parameters struct the request emitter writes
//!    ([`crate::emit::requests::parameter_fields`]).
//!
//! The module by job: [`report`] (the report, its effects and rendering) and
//! `compare` (the two sides and the matching of their items).
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
//! ([`crate::emit::requests::parameter_fields`]): breaking when a parameter is removed or changes type or
//! nullability, when `new` gains or loses an argument (a required parameter added,
//! one turning required or optional), when the first parameter
//! appears (the builder method gains an argument), or when the return type
//! changes; additive when the struct only gains fields; compatible otherwise
//! (`IsComposable`, `EntitySetPath`).
//!
//! Spelling (aliases or qualified names, element order, whitespace, descriptions)
//! never shows: it is gone in the IR already.
//!
//! On documents, [`crate::Pin::from_document`] reads and selects each side (a no-op
//! on a `metadata/` pin, which is a selection already) and [`crate::Pin::diff`]
//! compares them: what `cargo xtask diff` and `cargo xtask import` run.

mod compare;
pub mod report;
#[cfg(test)]
mod tests;

pub use report::{Bump, Change, ChangeKind, Effect, Report};

use crate::error::Error;
use crate::ir::Schema;

/// Compares two schemas (see the [module documentation](self)).
///
/// # Errors
///
/// When the generator cannot plan one of the schemas (two types map to the same Rust
/// name): the same error `regen` would report.
pub fn diff(old: &Schema, new: &Schema) -> Result<Report, Error> {
    compare::compare(old, new)
}
