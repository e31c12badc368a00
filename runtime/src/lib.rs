//! The hand-written runtime of [`msgraph-security`](https://docs.rs/msgraph-security):
//! what its machine-written models and request builders run on.
//!
//! Applications use it through `msgraph_security::runtime` and
//! `msgraph_security::client` (re-exports of this crate and of its [`client`]
//! module); depending on it directly is only needed to write code generic over
//! the generated types. Its version is pinned exactly by `msgraph-security`.
//!
//! - [`Nullable`]: the three states of a nullable property (absent, `null`, a value).
//! - [`ODataEnum`] and [`UnrecognizedValue`]: generated enums parse any string,
//!   keeping values unknown when the crate was generated.
//! - [`Flags`] and [`FlagsEnum`]: sets of members of a flags enum type, `"a,b"` on the wire.
//! - [`DateTimeOffset`], [`Date`], [`TimeOfDay`], [`Duration`], [`Guid`] and [`Binary`]:
//!   the EDM primitive types carried as strings, typed, and written back exactly as read.
//! - [`Model`] and [`Polymorphic`]: the traits of generated structs and of the
//!   `Any<Base>` enums of polymorphic families.
//! - [`query`]: typed `$filter`, `$select`, `$orderby` and `$expand` from the
//!   generated property paths (`Incident::STATUS.eq(IncidentStatus::Active)`),
//!   and [`query::quote`] for hand-written filters.
//! - [`client`] (cargo feature `client`, on by default): the async Graph client.
//!
//! The modules `codec`, `de` and `ser`, the `__`-prefixed trait methods and
//! the macros are the contract between this crate and generated code: hidden
//! from the docs, not for application code, and free to change with the
//! generator (which is why `msgraph-security` pins this crate's exact version).
#![warn(missing_docs)]

#[doc(hidden)]
pub mod codec;
#[doc(hidden)]
pub mod de;
mod edm;
mod enums;
#[doc(hidden)]
pub mod field;
mod flags;
mod macros;
mod model;
mod nullable;
pub mod query;
#[doc(hidden)]
pub mod ser;

pub use edm::{
    Binary, Date, DateTimeOffset, Duration, EdmParseError, Guid, LiteralError, TimeOfDay,
};
pub use enums::{ODataEnum, UnrecognizedValue};
pub use flags::{Flags, FlagsEnum};
pub use model::{Model, Polymorphic};
pub use nullable::Nullable;

#[cfg(feature = "client")]
pub mod client;

/// What the macros of generated code reach through `$crate`.
#[doc(hidden)]
pub mod __private {
    pub use crate::enums::CatchAll;
    pub use crate::model::debug as debug_model;
    pub use serde;
    pub use serde_json;
}
