//! Typed models for the Microsoft Graph security API (`microsoft.graph.security`),
//! generated from Graph's CSDL metadata, with `serde` support.
//!
//! Two crates: this one holds only generated code (by `cargo xtask regen`; do
//! not edit it) and a short crate root; the hand-written code it runs on is the
//! `msgraph-security-runtime` crate, pinned to one exact version and re-exported
//! here as [`runtime`] and [`client`].
//!
//! - [`models`] (generated): one struct per entity and complex type, one enum
//!   per enum type, and an `Any<Base>` enum per polymorphic family.
//! - [`runtime`] (hand-written): what the models build on.
//! - [`client`] (hand-written, feature `client`): the async HTTP client: a
//!   [`Client`](client::Client) (base URL for any cloud, token provider,
//!   pluggable transport with reqwest and rustls by default, feature `reqwest`,
//!   retries honoring `Retry-After`), paths with safely encoded keys, and
//!   generic sans-IO request builders (list with query options and paging,
//!   get, count, create, update, delete, actions, functions).
//! - [`requests`] (generated, feature `client`): one builder per node of the
//!   schema's URL tree, reached from `client.security()` through [`ClientExt`]
//!   (`client.security().incidents().list()`, `.by_id(id).update(&change)`,
//!   `.run_hunting_query(&parameters)`), each operation naming its
//!   least-privileged permissions in its docs and in `info().permissions`.
//!   `cargo xtask routes` lists them all.
//!
//! # Cargo features
//!
//! `client` and `reqwest` (both default) as above; without them, models only.
//! One feature per area of the URL tree (`incidents`, `alerts_v2`, `cases`,
//! `audit_log`, ...) gates that area's request builders and the types only it
//! needs; `all_areas` (default) turns them all on. The [`models`] docs list
//! every area with its type count.
//!
//! # How values are modelled
//!
//! - Every property is optional on the wire. A property the schema says is
//!   nullable is a [`Nullable`](runtime::Nullable), which tells "absent" from
//!   "`null`" (leaving a property out of an update keeps it; `null` clears
//!   it); other properties are `Option`s, collections `Option<Vec<_>>`.
//! - Enums have one variant per member plus a catch-all that keeps a value
//!   this crate did not know, so a new service value never breaks
//!   deserialization. Flags enums are used through
//!   [`Flags`](runtime::Flags), a set written as `"a,b"`.
//! - A property whose type has derived types holds an `Any<Base>` enum that
//!   dispatches on `@odata.type`; an unknown type name gives the base variant,
//!   with the name and the unknown members kept.
//! - Members a type does not declare (newer schema, instance annotations such
//!   as `@odata.etag`) are kept in its `additional_properties`.
//! - EDM types carried as strings (date-times, durations, GUIDs, binary) are
//!   typed newtypes that also remember their exact text.
//!
//! Together these make round trips lossless: deserializing a Graph payload
//! and serializing it again gives the same JSON.
#![warn(missing_docs)]

#[doc(inline)]
pub use msgraph_security_runtime as runtime;

#[cfg(feature = "client")]
#[doc(inline)]
pub use msgraph_security_runtime::client;

#[rustfmt::skip]
pub mod models;

#[cfg(feature = "client")]
#[rustfmt::skip]
pub mod requests;

#[cfg(feature = "client")]
pub use requests::ClientExt;

/// The names most programs need: `use msgraph_security::prelude::*;`.
pub mod prelude {
    #[cfg(feature = "client")]
    pub use crate::client::{Client, Cloud, Error};
    #[cfg(feature = "client")]
    pub use crate::requests::ClientExt as _;
    pub use crate::runtime::{Model as _, Nullable, ODataEnum as _, Polymorphic as _};
}
