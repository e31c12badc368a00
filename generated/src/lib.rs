//! Typed models for the Microsoft Graph security API (`microsoft.graph.security`),
//! generated from Graph's CSDL metadata, with `serde` support.
//!
//! Two crates: this one holds only generated code (by `cargo xtask regen`; do
//! not edit it), a short crate root and the advanced hunting row methods
//! (hand-written, `src/hunting.rs`); the hand-written code it runs on is the
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
//!
//! # Typed queries
//!
//! Every model has one constant per property (`Incident::STATUS`,
//! `Alert::SEVERITY`, ...), a [`runtime::query::Property`] carrying the
//! owning type and the field type, from which `$filter`, `$select`,
//! `$orderby` and `$expand` are built and checked by the compiler; raw
//! strings stay accepted, with [`runtime::query::quote`] for values.
//!
//! ```no_run
//! use msgraph_security::ClientExt as _;
//! use msgraph_security::client::Client;
//! use msgraph_security::models::{Alert, AlertSeverity, Incident, IncidentStatus};
//! use msgraph_security::runtime::DateTimeOffset;
//!
//! # async fn run(client: Client) -> Result<(), msgraph_security::client::Error> {
//! let since: DateTimeOffset = "2026-03-01T00:00:00Z".parse().expect("a date-time");
//! let page = client
//!     .security()
//!     .incidents()
//!     .list()
//!     .filter(
//!         Incident::STATUS
//!             .eq(IncidentStatus::Active)
//!             .and(Incident::SEVERITY.eq(AlertSeverity::High))
//!             .and(Incident::CREATED_DATE_TIME.ge(since)),
//!     )
//!     .orderby([Incident::CREATED_DATE_TIME.desc()])
//!     .expand([Incident::ALERTS.expand().select([Alert::ID.selector(), Alert::STATUS.selector()]).top(5)])
//!     .send()
//!     .await?;
//! # Ok(()) }
//! ```
//!
//! The items of a polymorphic collection (`evidence`, of `AnyAlertEvidence`)
//! are cast to a derived type inside the lambda, and a single polymorphic
//! value the same way:
//!
//! ```
//! use msgraph_security::models::{Alert, ArticleIndicator, Hostname, UserAccount, UserEvidence};
//!
//! let filter = Alert::EVIDENCE.any_with(|e| {
//!     e.cast::<UserEvidence>()
//!         .then(UserEvidence::USER_ACCOUNT)
//!         .then(UserAccount::USER_PRINCIPAL_NAME)
//!         .eq("x")
//! });
//! assert_eq!(
//!     filter.to_string(),
//!     "evidence/any(e: e/microsoft.graph.security.userEvidence/userAccount/userPrincipalName eq 'x')"
//! );
//! let filter = ArticleIndicator::ARTIFACT.cast::<Hostname>().then(Hostname::REGISTRAR).eq("r");
//! assert_eq!(filter.to_string(), "artifact/microsoft.graph.security.hostname/registrar eq 'r'");
//! ```
//!
//! An enum value the crate does not know yet is named explicitly,
//! `AlertSeverity::unrecognized("newValue")`; a bare string is no enum value.
//!
//! Each of these is a compile error. A value of another enum:
//!
//! ```compile_fail
//! use msgraph_security::models::{AlertSeverity, Incident};
//! let _ = Incident::STATUS.eq(AlertSeverity::High);
//! ```
//!
//! A string against a `DateTimeOffset` (give a `DateTimeOffset` or a `jiff::Timestamp`):
//!
//! ```compile_fail
//! use msgraph_security::models::Incident;
//! let _ = Incident::CREATED_DATE_TIME.ge("2026-03-01");
//! ```
//!
//! `null` for a property the schema calls non-nullable, a string function on
//! an enum, a lambda on a single value:
//!
//! ```compile_fail
//! use msgraph_security::models::Incident;
//! let _ = Incident::STATUS.is_null();
//! ```
//!
//! ```compile_fail
//! use msgraph_security::models::Incident;
//! let _ = Incident::SEVERITY.contains("hi");
//! ```
//!
//! ```compile_fail
//! use msgraph_security::models::{Alert, AlertStatus, Incident};
//! let _ = Incident::STATUS.any(Alert::STATUS.eq(AlertStatus::New));
//! ```
//!
//! A bare string against an enum property (a typo or a member that does not
//! exist would reach the service):
//!
//! ```compile_fail,E0277
//! use msgraph_security::models::Alert;
//! let _ = Alert::SEVERITY.eq("critical");
//! ```
//!
//! ```compile_fail,E0277
//! use msgraph_security::models::Alert;
//! let _ = Alert::SEVERITY.eq("hihg");
//! ```
//!
//! A cast to a type not derived from the collection's items (`hostname` is
//! an artifact, not alert evidence):
//!
//! ```compile_fail,E0277
//! use msgraph_security::models::{Alert, Hostname};
//! let _ = Alert::EVIDENCE.any_with(|e| e.cast::<Hostname>().then(Hostname::REGISTRAR).eq("x"));
//! ```
//!
//! `$expand` of a collection that is no navigation property (complex-typed
//! evidence, a list of strings):
//!
//! ```compile_fail,E0599
//! use msgraph_security::models::Alert;
//! let _ = Alert::EVIDENCE.expand();
//! ```
//!
//! ```compile_fail,E0599
//! use msgraph_security::models::Incident;
//! let _ = Incident::CUSTOM_TAGS.expand();
//! ```
//!
//! A filter on another type than the list's items:
//!
//! ```compile_fail
//! # use msgraph_security::ClientExt as _;
//! use msgraph_security::models::{Alert, AlertStatus};
//! # fn f(client: msgraph_security::client::Client) {
//! let _ = client.security().incidents().list().filter(Alert::STATUS.eq(AlertStatus::New));
//! # }
//! ```
//!
//! A property the capability annotations call non-filterable or non-sortable
//! (on `intelligenceProfile`, `title` is not filterable and `kind` not sortable):
//!
//! ```compile_fail
//! use msgraph_security::models::IntelligenceProfile;
//! let _ = IntelligenceProfile::TITLE.eq("Storm-0501");
//! ```
//!
//! ```compile_fail
//! use msgraph_security::models::IntelligenceProfile;
//! let _ = IntelligenceProfile::KIND.desc();
//! ```
//!
//! A query option the schema's capability annotations rule out for the
//! collection (`threatIntelligence/articles` has no `$filter`):
//!
//! ```compile_fail
//! # use msgraph_security::ClientExt as _;
//! use msgraph_security::models::Article;
//! # fn f(client: msgraph_security::client::Client) {
//! let _ = client.security().threat_intelligence().articles().list().filter(Article::TITLE.eq("x"));
//! # }
//! ```
//!
//! # Deprecations
//!
//! What the schema's revision facts (`Org.OData.Core.V1.Revisions`) deprecate is
//! `#[deprecated]` here, with the removal date in the note: types, properties
//! (the field and its query path), enum members, and the request builders of
//! deprecated paths (the legacy `/security/alerts` API and its
//! [`models::graph::Alert`]). Using one compiles, with a warning:
//!
//! ```
//! # #![allow(deprecated)]
//! # use msgraph_security::ClientExt as _;
//! use msgraph_security::models::{Alert, graph};
//! # fn f(client: msgraph_security::client::Client) {
//! let _ = client.security().alerts().list();
//! let _ = graph::Alert::new();
//! let _ = Alert::CATEGORY.eq("x");
//! let _ = Alert::new().category;
//! # }
//! ```
//!
//! and fails under `-D deprecated` (or `#![deny(deprecated)]`), each of them:
//!
//! ```compile_fail
//! #![deny(deprecated)]
//! # use msgraph_security::ClientExt as _;
//! # fn f(client: msgraph_security::client::Client) {
//! let _ = client.security().alerts().list();
//! # }
//! ```
//!
//! ```compile_fail
//! #![deny(deprecated)]
//! let _ = msgraph_security::models::graph::Alert::new();
//! ```
//!
//! ```compile_fail
//! #![deny(deprecated)]
//! use msgraph_security::models::Alert;
//! let _ = Alert::CATEGORY.eq("x");
//! ```
//!
//! ```compile_fail
//! #![deny(deprecated)]
//! let _ = msgraph_security::models::Alert::new().category;
//! ```
#![warn(missing_docs)]

#[doc(inline)]
pub use msgraph_security_runtime as runtime;

#[cfg(feature = "client")]
#[doc(inline)]
pub use msgraph_security_runtime::client;

// The generated code refers to the items the schema deprecates (their serde and
// table code, the fields of other types, request builders); a program using one
// gets the warning. Their `since` is the service's deprecation date, not a
// version of this crate, hence `deprecated_semver`.
#[rustfmt::skip]
#[allow(deprecated, clippy::deprecated_semver)]
pub mod models;

#[cfg(feature = "client")]
#[rustfmt::skip]
#[allow(deprecated, clippy::deprecated_semver)]
pub mod requests;

#[cfg(feature = "client")]
pub use requests::ClientExt;

// Advanced hunting rows as the caller's own type (hand-written, `hunting.rs`).
#[cfg(feature = "security_operations")]
mod hunting;

/// The names most programs need: `use msgraph_security::prelude::*;`.
pub mod prelude {
    #[cfg(feature = "client")]
    pub use crate::client::{Client, Cloud, Error};
    #[cfg(feature = "client")]
    pub use crate::requests::ClientExt as _;
    pub use crate::runtime::{Model as _, Nullable, ODataEnum as _, Polymorphic as _};
}
