//! Typed OData queries: `$filter`, `$select`, `$orderby` and `$expand` built
//! from the generated property paths, checked by the compiler.
//!
//! Every generated struct has one associated constant per property, a
//! [`Property<Owner, Field>`] whose `Field` is the Rust field type
//! (`Option<T>`, [`Nullable<T>`](crate::Nullable), `Option<Vec<T>>`): `Incident::STATUS` is a
//! `Property<Incident, Option<IncidentStatus>>`. What a property offers
//! follows from that type:
//!
//! - single values ([`Option`], [`Nullable`](crate::Nullable)) of a literal type: `eq`, `ne`,
//!   `gt`, `ge`, `lt`, `le`, `is_in`; strings also `contains`, `starts_with`,
//!   `ends_with`; flags `has`; nullable ones `is_null` and `is_not_null`;
//! - a structured value (complex type, single navigation): [`then`](Property::then)
//!   to go on into its properties (`createdBy/user/id`); for a polymorphic
//!   one (`AnyArtifact`), [`cast`](Property::cast) to a derived type
//!   (`artifact/microsoft.graph.security.hostname/registrar`);
//! - collections: [`any`](Property::any) and [`all`](Property::all) with a
//!   filter on the item type (`alerts/any(a: a/severity eq 'high')`), or
//!   [`any_with`](Property::any_with) and [`all_with`](Property::all_with)
//!   with a closure over the lambda variable ([`Lambda`]), which also casts
//!   the items of a polymorphic collection
//!   (`evidence/any(e: e/microsoft.graph.security.userEvidence/userAccount/userPrincipalName eq 'x')`);
//!   [`any_eq`](Property::any_eq) for collections of literals,
//!   [`exists`](Property::exists) (`alerts/any()`);
//! - navigation properties (typed with an [`Entity`]):
//!   [`expand`](Property::expand) with nested options.
//!
//! A cast names only a type derived from the family's base ([`Derived`]),
//! and a lambda's variable is the first letter of the collection's name
//! (a number added when an enclosing lambda has it already).
//!
//! A value of the wrong type does not compile, nor does a filter on another
//! type's property, nor a comparison (or sort) on a property the schema's
//! capability annotations call non-filterable (non-sortable):
//!
//! ```compile_fail
//! # use msgraph_security_runtime::query::{Capabilities, Property};
//! # struct Profile;
//! const TITLE: Property<Profile, Option<String>, Capabilities<false, false, true>> = Property::new("title");
//! let bad = TITLE.eq("x");
//! ```
//!
//! ```compile_fail
//! # use msgraph_security_runtime::query::{Capabilities, Property};
//! # struct Profile;
//! const TITLE: Property<Profile, Option<String>, Capabilities<true, false, true>> = Property::new("title");
//! let bad = TITLE.desc();
//! ```
//!
//!
//! ```compile_fail
//! # use msgraph_security_runtime::query::Property;
//! # use msgraph_security_runtime::Nullable;
//! # struct Incident;
//! # const STATUS: Property<Incident, Option<String>> = Property::new("status");
//! let bad = STATUS.eq(3); // an integer against a string property
//! ```
//!
//! Literals are written per EDM type ([`Literal`]): strings single-quoted with
//! quotes doubled (a value can never end its literal early), enum members as
//! their quoted wire value, `DateTimeOffset` unquoted with its fraction,
//! `Guid` unquoted, integers exact, `Double` with `NaN`/`INF`/`-INF`,
//! `Duration` as `duration'P..'`, `Boolean`, `null`. Each is the canonical
//! OData form of the value (the EDM types' `canonical()`), never the text it
//! was parsed from; a value with no OData form (a [`Duration`](crate::Duration)
//! of months or years) is kept in the filter as a [`LiteralError`]
//! ([`Filter::check`]) and the request builder refuses it
//! (`client::ErrorKind::InvalidInput`) when
//! the request is sent. The rendered expression
//! is percent-encoded once, with the rest of the query, when the request is
//! built. For hand-written filters, [`quote`] makes a safe string literal and
//! [`search_phrase`] a `$search` phrase.
//!
//! By what it holds: `literal` (literals per EDM type, [`quote`],
//! [`search_phrase`]), `property` ([`Property`] and [`Capabilities`]), `filter`
//! ([`Filter`]), `options` ([`Path`], [`OrderBy`], [`Expand`] and the `Into*`
//! traits of the request builders' option methods).

#[cfg(test)]
mod canonical_tests;
mod cast;
mod filter;
mod literal;
mod options;
mod property;
#[cfg(test)]
mod tests;

pub use crate::edm::LiteralError;
pub use cast::{Derived, Entity, Lambda, Structured};
pub use filter::Filter;
pub use literal::{Literal, Scalar, enum_literal, quote, search_phrase};
pub use options::{Expand, IntoExpand, IntoFilter, IntoOrderBy, IntoSelect, OrderBy, Path};
pub use property::{Capabilities, Expandable, Filterable, Property, Sortable, Unrestricted};
