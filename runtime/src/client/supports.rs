//! Which OData query options a request accepts, carried in its type.
//!
//! [`List`](super::List), [`Get`](super::Get) and [`Count`](super::Count) have
//! a second type parameter naming the query options the schema allows there.
//! Most operations take [`AllOptions`]; where Graph's capability annotations
//! rule options out (`FilterRestrictions/Filterable=false`, `TopSupported=false`,
//! ...), the generated builder returns a marker type that implements only the
//! traits below for the options left, so calling, say, `filter` on a list
//! that does not support `$filter` does not compile.
//!
//! The generated crate's `requests` module docs show it on the real schema: `filter`
//! on a list of `threatIntelligence/hosts` does not compile.

/// `$filter` is accepted.
pub trait FilterOption {}
/// `$search` is accepted.
pub trait SearchOption {}
/// `$orderby` is accepted.
pub trait OrderByOption {}
/// `$expand` is accepted.
pub trait ExpandOption {}
/// `$select` is accepted.
pub trait SelectOption {}
/// `$top` is accepted.
pub trait TopOption {}
/// `$skip` is accepted.
pub trait SkipOption {}
/// `$count=true` is accepted.
pub trait CountOption {}

/// Every query option is accepted (nothing in the schema says otherwise).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AllOptions;

impl FilterOption for AllOptions {}
impl SearchOption for AllOptions {}
impl OrderByOption for AllOptions {}
impl ExpandOption for AllOptions {}
impl SelectOption for AllOptions {}
impl TopOption for AllOptions {}
impl SkipOption for AllOptions {}
impl CountOption for AllOptions {}
