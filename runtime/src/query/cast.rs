//! Type casts and lambda variables: [`Structured`] (what a path can go into:
//! a model, or a polymorphic family such as `AnyAlertEvidence`),
//! [`Derived`] (which types a cast may name), [`Entity`] (which types
//! `$expand` reaches) and [`Lambda`], the variable of `any`/`all`.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use super::property::{Property, Unrestricted};
use crate::model::Model;

/// A structured type a path goes into: a model (a complex or entity type),
/// or a polymorphic family (`AnyAlertEvidence`), whose own properties are
/// those of its base type ([`Base`](Self::Base)).
///
/// Every model is one (its `Base` is itself); a family is one through the
/// `polymorphic!` table that generates it.
pub trait Structured {
    /// The type whose property constants apply: the model itself, or a
    /// family's base type (`AlertEvidence` for `AnyAlertEvidence`).
    type Base: Model;
}

impl<T: Model> Structured for T {
    type Base = T;
}

/// `Self` is a type derived from the base of the polymorphic family `F`, so
/// a path typed `F` may be cast to it (`evidence/any(e: e/microsoft.graph.security.userEvidence/...)`,
/// `artifact/microsoft.graph.security.hostname/hostName`).
///
/// Implemented by the `polymorphic!` table for each derived member of a
/// family (not the base itself: a cast to the base says nothing), so a cast
/// to an unrelated type does not compile:
///
/// ```
/// # use msgraph_security_runtime::query::{Derived, Property, Structured};
/// # #[derive(Default)] struct Evidence { odata_type: Option<String>, additional_properties: serde_json::Map<String, serde_json::Value> }
/// # msgraph_security_runtime::model! { impl Model, Debug, Serialize, Deserialize, Wire for Evidence = "x.evidence" {} }
/// # #[derive(Default)] struct UserEvidence { odata_type: Option<String>, additional_properties: serde_json::Map<String, serde_json::Value>, upn: Option<String> }
/// # msgraph_security_runtime::model! { impl Model, Debug, Serialize, Deserialize, Wire for UserEvidence = "x.userEvidence" { "upn" => upn: Option<String> => UPN, } }
/// # struct AnyEvidence;
/// // What `polymorphic!` gives a family and its derived members:
/// impl Structured for AnyEvidence { type Base = Evidence; }
/// impl Derived<AnyEvidence> for UserEvidence {}
///
/// # struct Alert;
/// const EVIDENCE: Property<Alert, Option<Vec<AnyEvidence>>> = Property::new("evidence");
/// let filter = EVIDENCE.any_with(|e| e.cast::<UserEvidence>().then(UserEvidence::UPN).eq("x"));
/// assert_eq!(filter.to_string(), "evidence/any(e: e/x.userEvidence/upn eq 'x')");
/// ```
///
/// ```compile_fail,E0277
/// # use msgraph_security_runtime::query::{Property, Structured};
/// # #[derive(Default)] struct Evidence { odata_type: Option<String>, additional_properties: serde_json::Map<String, serde_json::Value> }
/// # msgraph_security_runtime::model! { impl Model, Debug, Serialize, Deserialize, Wire for Evidence = "x.evidence" {} }
/// # #[derive(Default)] struct Hostname { odata_type: Option<String>, additional_properties: serde_json::Map<String, serde_json::Value>, name: Option<String> }
/// # msgraph_security_runtime::model! { impl Model, Debug, Serialize, Deserialize, Wire for Hostname = "x.hostname" { "name" => name: Option<String> => NAME, } }
/// # struct AnyEvidence;
/// # impl Structured for AnyEvidence { type Base = Evidence; }
/// # struct Alert;
/// const EVIDENCE: Property<Alert, Option<Vec<AnyEvidence>>> = Property::new("evidence");
/// // `Hostname` is not derived from `Evidence`: no `Derived<AnyEvidence>`.
/// let bad = EVIDENCE.any_with(|e| e.cast::<Hostname>().then(Hostname::NAME).eq("x"));
/// ```
pub trait Derived<F: Structured + ?Sized>: Model {}

/// An entity type (as opposed to a complex type): only a navigation property
/// has one, so only a property whose type is one (or a family based on one)
/// offers [`expand`](Property::expand). Implemented by the `model!` table of
/// an entity type (its head names `Entity`).
///
/// ```
/// # use msgraph_security_runtime::query::Property;
/// # #[derive(Default)] struct Alert { odata_type: Option<String>, additional_properties: serde_json::Map<String, serde_json::Value> }
/// msgraph_security_runtime::model! { impl Model, Entity, Debug, Serialize, Deserialize, Wire for Alert = "x.alert" {} }
/// # struct Incident;
/// const ALERTS: Property<Incident, Option<Vec<Alert>>> = Property::new("alerts");
/// assert_eq!(ALERTS.expand().top(5).to_string(), "alerts($top=5)");
/// ```
///
/// ```compile_fail,E0599
/// # use msgraph_security_runtime::query::Property;
/// # #[derive(Default)] struct Evidence { odata_type: Option<String>, additional_properties: serde_json::Map<String, serde_json::Value> }
/// # msgraph_security_runtime::model! { impl Model, Debug, Serialize, Deserialize, Wire for Evidence = "x.evidence" {} }
/// # struct Alert;
/// const EVIDENCE: Property<Alert, Option<Vec<Evidence>>> = Property::new("evidence");
/// // A complex-typed collection is no navigation property: no `$expand`.
/// let bad = EVIDENCE.expand();
/// ```
///
/// ```compile_fail,E0599
/// # use msgraph_security_runtime::query::Property;
/// # struct Incident;
/// const CUSTOM_TAGS: Property<Incident, Option<Vec<String>>> = Property::new("customTags");
/// let bad = CUSTOM_TAGS.expand(); // a collection of strings
/// ```
pub trait Entity: Model {}

/// The variable of a lambda (`any`/`all`) over items of `T`, given to the
/// closure of [`any_with`](Property::any_with) and
/// [`all_with`](Property::all_with): paths from it start at the item
/// (`e/...`). The variable's name is chosen when the filter is rendered
/// (the first letter of the collection's name, unique among the enclosing
/// lambdas').
pub struct Lambda<T> {
    _item: PhantomData<fn() -> T>,
}

impl<T> fmt::Debug for Lambda<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Lambda")
    }
}

impl<T> Clone for Lambda<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Lambda<T> {}

impl<T> Default for Lambda<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> Lambda<T> {
    /// The variable (the typed lambda methods make it; a filter built from it
    /// is rendered inside the lambda that takes it).
    pub const fn new() -> Self {
        Self { _item: PhantomData }
    }
}

impl<T: Structured> Lambda<T> {
    /// The property `inner` of the item (for a family, a property of its base
    /// type): `e/createdDateTime`.
    pub fn then<P, Q>(&self, inner: Property<T::Base, P, Q>) -> Property<T, P, Q> {
        Property::from_path(inner.path)
    }

    /// The item as the derived type `D`: `e/microsoft.graph.security.userEvidence`,
    /// then [`then`](Property::then) into `D`'s own properties. Only a type
    /// derived from the family's base compiles ([`Derived`]).
    pub fn cast<D: Derived<T>>(&self) -> Property<T, Option<D>, Unrestricted> {
        Property::from_path(Cow::Borrowed(D::ODATA_TYPE))
    }
}
