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
pub trait Filter {}
/// `$search` is accepted.
pub trait Search {}
/// `$orderby` is accepted.
pub trait OrderBy {}
/// `$expand` is accepted.
pub trait Expand {}
/// `$select` is accepted.
pub trait Select {}
/// `$top` is accepted.
pub trait Top {}
/// `$skip` is accepted.
pub trait Skip {}
/// `$count=true` is accepted.
pub trait Count {}

/// Every query option is accepted (nothing in the schema says otherwise).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AllOptions;

impl Filter for AllOptions {}
impl Search for AllOptions {}
impl OrderBy for AllOptions {}
impl Expand for AllOptions {}
impl Select for AllOptions {}
impl Top for AllOptions {}
impl Skip for AllOptions {}
impl Count for AllOptions {}
