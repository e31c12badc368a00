//! The OData system query options of a request (`$filter`, `$select`, ...):
//! their values, [`QueryOptions`], and which of them a request accepts, the
//! marker traits [`FilterOption`], [`SearchOption`], [`OrderByOption`],
//! [`ExpandOption`], [`SelectOption`], [`TopOption`], [`SkipOption`] and
//! [`CountOption`].
//!
//! [`List`](super::List), [`Get`](super::Get), [`Count`](super::Count) and
//! [`SyncBuilder`](super::SyncBuilder) have a second type parameter naming the
//! options the schema allows there. Most operations take [`AllOptions`];
//! where Graph's capability annotations rule options out for the whole
//! request (`FilterRestrictions/Filterable=false`, `TopSupported=false`, ...),
//! the generated builder returns a marker type that implements only the
//! traits for the options left, so calling, say, `filter` on a list that does
//! not support `$filter` does not compile. The generated crate's `requests`
//! module docs show it on the real schema: `filter` on a list of
//! `threatIntelligence/hosts` does not compile.
//!
//! Not the same as [`query::Capabilities`](crate::query::Capabilities): those
//! say which *properties* of a type may appear in an expression
//! (`NonFilterableProperties`, `NonSortableProperties`, ...), one answer per
//! property, checked where a typed expression is built. The traits here say
//! which *options* a request takes at all, one answer per operation, checked
//! where the option is set on the request builder. Both come from the same
//! capability annotations, at two different places of the schema.

use super::encode::percent_encode_into;

/// Bytes left as they are in query option values (besides the unreserved
/// ones): characters OData expressions use that have no meaning in a query
/// string. `&`, `=`, `+`, `#`, `%`, spaces and quotes (`'` too, as reqwest's URL parser would) are encoded.
const QUERY_KEEP: &[u8] = b"$(),/:@*!";

/// OData system query options (`$filter`, `$select`, ...).
///
/// Values are written as given (expressions are not checked) and
/// percent-encoded: a space becomes `%20`, `&` `%26`; the option names keep
/// their literal `$`. [`to_query_string`](Self::to_query_string) writes them
/// in a stable order: filter, search, select, expand, orderby, top, skip,
/// count.
///
/// ```
/// use msgraph_security_runtime::client::QueryOptions;
///
/// let query = QueryOptions {
///     filter: Some("status eq 'active'".into()),
///     select: vec!["id".into(), "displayName".into()],
///     top: Some(10),
///     ..QueryOptions::default()
/// };
/// assert_eq!(
///     query.to_query_string(),
///     "$filter=status%20eq%20%27active%27&$select=id,displayName&$top=10"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QueryOptions {
    /// `$filter`: a boolean expression.
    pub filter: Option<String>,
    /// `$select`: the properties to return (joined with `,`).
    pub select: Vec<String>,
    /// `$expand`: the navigation properties to include (joined with `,`;
    /// an item may carry nested options, e.g. `alerts($select=id)`).
    pub expand: Vec<String>,
    /// `$orderby`: sort keys such as `createdDateTime desc` (joined with `,`).
    pub orderby: Vec<String>,
    /// `$top`: the page size to ask for.
    pub top: Option<u32>,
    /// `$skip`: how many items to skip.
    pub skip: Option<u32>,
    /// `$count`: whether to include `@odata.count`.
    pub count: Option<bool>,
    /// `$search`: passed as given; write the quotes yourself (`"\"phishing\""`).
    pub search: Option<String>,
}

impl QueryOptions {
    /// Whether no option is set.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// The query string, without the leading `?` (empty when no option is set).
    pub fn to_query_string(&self) -> String {
        let mut out = String::new();
        let mut add = |name: &str, value: &str| {
            if !out.is_empty() {
                out.push('&');
            }
            out.push_str(name);
            out.push('=');
            percent_encode_into(&mut out, value, QUERY_KEEP);
        };
        if let Some(filter) = &self.filter {
            add("$filter", filter);
        }
        if let Some(search) = &self.search {
            add("$search", search);
        }
        if !self.select.is_empty() {
            add("$select", &self.select.join(","));
        }
        if !self.expand.is_empty() {
            add("$expand", &self.expand.join(","));
        }
        if !self.orderby.is_empty() {
            add("$orderby", &self.orderby.join(","));
        }
        if let Some(top) = self.top {
            add("$top", &top.to_string());
        }
        if let Some(skip) = self.skip {
            add("$skip", &skip.to_string());
        }
        if let Some(count) = self.count {
            add("$count", if count { "true" } else { "false" });
        }
        out
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_option_in_order() {
        let query = QueryOptions {
            filter: Some("severity eq 'high' and x/y ge 1&b=c+d#e%".into()),
            select: vec!["id".into(), "status".into()],
            expand: vec!["alerts($select=id)".into()],
            orderby: vec!["createdDateTime desc".into()],
            top: Some(5),
            skip: Some(10),
            count: Some(true),
            search: Some("\"phish ing\"".into()),
        };
        assert_eq!(
            query.to_query_string(),
            "$filter=severity%20eq%20%27high%27%20and%20x/y%20ge%201%26b%3Dc%2Bd%23e%25\
             &$search=%22phish%20ing%22&$select=id,status&$expand=alerts($select%3Did)\
             &$orderby=createdDateTime%20desc&$top=5&$skip=10&$count=true"
        );
        assert!(QueryOptions::default().is_empty());
        assert_eq!(QueryOptions::default().to_query_string(), "");
    }
}
