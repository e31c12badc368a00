//! The other query options: `$select` paths ([`Path`]), `$orderby` items
//! ([`OrderBy`]), `$expand` items with nested options ([`Expand`]), and the
//! `Into*` traits a request builder's option methods take (typed or raw text).

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use super::filter::Filter;
use crate::edm::LiteralError;

/// A property path of `O` for `$select` or `$expand` (from
/// [`Property::selector`](super::Property::selector)).
pub struct Path<O> {
    pub(super) path: Cow<'static, str>,
    pub(super) _owner: PhantomData<fn() -> O>,
}

impl<O> Clone for Path<O> {
    fn clone(&self) -> Self {
        Self {
            path: self.path.clone(),
            _owner: PhantomData,
        }
    }
}

impl<O> fmt::Debug for Path<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Path").field(&self.path).finish()
    }
}

impl<O> fmt::Display for Path<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path)
    }
}

/// One `$orderby` key of `O` (from [`Property::asc`](super::Property::asc) or [`Property::desc`](super::Property::desc)).
pub struct OrderBy<O> {
    pub(super) text: String,
    pub(super) _owner: PhantomData<fn() -> O>,
}

impl<O> Clone for OrderBy<O> {
    fn clone(&self) -> Self {
        Self {
            text: self.text.clone(),
            _owner: PhantomData,
        }
    }
}

impl<O> fmt::Debug for OrderBy<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("OrderBy").field(&self.text).finish()
    }
}

impl<O> fmt::Display for OrderBy<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// One `$expand` item of `O`: a navigation property to items of type `T`,
/// with nested `$select`, `$filter`, `$orderby`, `$top` and `$expand`.
///
/// ```
/// use msgraph_security_runtime::query::Property;
///
/// #[derive(Default)] struct Alert { odata_type: Option<String>, additional_properties: serde_json::Map<String, serde_json::Value>, id: Option<String>, status: Option<String> }
/// msgraph_security_runtime::model! { impl Model, Entity, Debug, Serialize, Deserialize, Wire for Alert = "x.alert" { "id" => id: Option<String> => ID, "status" => status: Option<String> => STATUS, } }
/// struct Incident;
/// const ALERTS: Property<Incident, Option<Vec<Alert>>> = Property::new("alerts");
///
/// let expand = ALERTS.expand().select([Alert::ID.selector(), Alert::STATUS.selector()]).top(5);
/// assert_eq!(expand.to_string(), "alerts($select=id,status;$top=5)");
/// ```
pub struct Expand<O, T> {
    pub(super) path: String,
    pub(super) options: Vec<String>,
    /// The first nested filter value with no OData literal, if any.
    pub(super) refused: Option<LiteralError>,
    pub(super) _types: PhantomData<fn() -> (O, T)>,
}

impl<O, T> Clone for Expand<O, T> {
    fn clone(&self) -> Self {
        Self {
            path: self.path.clone(),
            options: self.options.clone(),
            refused: self.refused.clone(),
            _types: PhantomData,
        }
    }
}

impl<O, T> fmt::Debug for Expand<O, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Expand").field(&self.to_string()).finish()
    }
}

impl<O, T> Expand<O, T> {
    pub(super) fn new(path: String) -> Self {
        Self {
            path,
            options: Vec::new(),
            refused: None,
            _types: PhantomData,
        }
    }

    /// Nested `$select`.
    #[must_use]
    pub fn select<I: IntoIterator<Item = Path<T>>>(mut self, paths: I) -> Self {
        let list: Vec<String> = paths.into_iter().map(|p| p.path.into_owned()).collect();
        self.options.push(format!("$select={}", list.join(",")));
        self
    }

    /// Nested `$filter`.
    #[must_use]
    pub fn filter(mut self, filter: Filter<T>) -> Self {
        if let Err(error) = filter.check() {
            self.refused.get_or_insert(error);
        }
        self.options.push(format!("$filter={filter}"));
        self
    }

    /// Nested `$orderby`.
    #[must_use]
    pub fn order_by<I: IntoIterator<Item = OrderBy<T>>>(mut self, keys: I) -> Self {
        let list: Vec<String> = keys.into_iter().map(|k| k.text).collect();
        self.options.push(format!("$orderby={}", list.join(",")));
        self
    }

    /// The expand item, or the [`LiteralError`] of the first value in a
    /// nested filter that has no OData literal (see
    /// [`Filter::check`](super::Filter::check)).
    pub fn check(&self) -> Result<&Self, LiteralError> {
        match &self.refused {
            Some(error) => Err(error.clone()),
            None => Ok(self),
        }
    }

    /// Nested `$top`.
    #[must_use]
    pub fn top(mut self, top: u32) -> Self {
        self.options.push(format!("$top={top}"));
        self
    }

    /// Nested `$expand`.
    #[must_use]
    pub fn expand<U>(mut self, inner: Expand<T, U>) -> Self {
        if let Some(error) = &inner.refused {
            self.refused.get_or_insert_with(|| error.clone());
        }
        self.options.push(format!("$expand={inner}"));
        self
    }
}

impl<O, T> fmt::Display for Expand<O, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path)?;
        if !self.options.is_empty() {
            write!(f, "({})", self.options.join(";"))?;
        }
        Ok(())
    }
}

/// What a `$select` item of `T` may be: a raw string (the escape hatch) or a
/// typed [`Path<T>`].
pub trait IntoSelect<T> {
    /// The item's text.
    fn into_select(self) -> String;
}

impl<T, S: AsRef<str>> IntoSelect<T> for S {
    fn into_select(self) -> String {
        self.as_ref().to_owned()
    }
}

impl<T> IntoSelect<T> for Path<T> {
    fn into_select(self) -> String {
        self.path.into_owned()
    }
}

/// What a `$filter` of `T` may be: a raw string (the escape hatch) or a typed
/// [`Filter<T>`].
pub trait IntoFilter<T> {
    /// The expression's text.
    fn into_filter(self) -> String;

    /// The expression's text, or the refusal of a typed filter holding a
    /// value with no OData literal ([`Filter::check`]); what the request
    /// builders call.
    fn try_into_filter(self) -> Result<String, LiteralError>
    where
        Self: Sized,
    {
        Ok(self.into_filter())
    }
}

impl<T, S: AsRef<str>> IntoFilter<T> for S {
    fn into_filter(self) -> String {
        self.as_ref().to_owned()
    }
}

impl<T> IntoFilter<T> for Filter<T> {
    fn into_filter(self) -> String {
        self.to_string()
    }

    fn try_into_filter(self) -> Result<String, LiteralError> {
        self.check()?;
        Ok(self.to_string())
    }
}

/// What an `$orderby` key of `T` may be: a raw string or a typed [`OrderBy<T>`].
pub trait IntoOrderBy<T> {
    /// The key's text.
    fn into_order_by(self) -> String;
}

impl<T, S: AsRef<str>> IntoOrderBy<T> for S {
    fn into_order_by(self) -> String {
        self.as_ref().to_owned()
    }
}

impl<T> IntoOrderBy<T> for OrderBy<T> {
    fn into_order_by(self) -> String {
        self.text
    }
}

/// What an `$expand` item of `T` may be: a raw string or a typed [`Expand<T, _>`].
pub trait IntoExpand<T> {
    /// The item's text.
    fn into_expand(self) -> String;

    /// The item's text, or the refusal of a nested typed filter holding a
    /// value with no OData literal ([`Expand::check`]); what the request
    /// builders call.
    fn try_into_expand(self) -> Result<String, LiteralError>
    where
        Self: Sized,
    {
        Ok(self.into_expand())
    }
}

impl<T, S: AsRef<str>> IntoExpand<T> for S {
    fn into_expand(self) -> String {
        self.as_ref().to_owned()
    }
}

impl<T, U> IntoExpand<T> for Expand<T, U> {
    fn into_expand(self) -> String {
        self.to_string()
    }

    fn try_into_expand(self) -> Result<String, LiteralError> {
        self.check()?;
        Ok(self.to_string())
    }
}
