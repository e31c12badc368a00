//! The hand-written runtime that the generated [`models`](crate::models) build on.
//!
//! - [`Nullable`]: the three states of a nullable property (absent, `null`, a value).
//! - [`ODataEnum`] and [`UnrecognizedValue`]: generated enums parse any string,
//!   keeping values unknown when the crate was generated.
//! - [`Flags`] and [`FlagsEnum`]: sets of members of a flags enum type, `"a,b"` on the wire.
//! - [`DateTimeOffset`], [`Date`], [`TimeOfDay`], [`Duration`], [`Guid`] and [`Binary`]:
//!   the EDM primitive types carried as strings, typed, and written back exactly as read.
//! - [`Model`] and [`Polymorphic`]: the traits of generated structs and of the
//!   `Any<Base>` enums of polymorphic families.
//! - [`codec`], [`de`] and [`ser`]: how generated code reads and writes JSON.
//!   These are the building blocks of the generated `Serialize`/`Deserialize`
//!   impls; application code rarely needs them directly.

pub mod codec;
pub mod de;
mod edm;
mod enums;
mod flags;
mod model;
mod nullable;
pub mod ser;

pub use edm::{Binary, Date, DateTimeOffset, Duration, EdmParseError, Guid, TimeOfDay};
pub use enums::{ODataEnum, UnrecognizedValue};
pub use flags::{Flags, FlagsEnum};
pub use model::{Model, Polymorphic};
pub use nullable::Nullable;
