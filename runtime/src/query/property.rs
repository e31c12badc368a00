//! Properties: [`Property`], one per property of a generated struct, and what it
//! offers by field type and by the [`Capabilities`] its type's annotations give it.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use crate::flags::{Flags, FlagsEnum};
use crate::nullable::Nullable;

use super::cast::{Derived, Entity, Lambda, Structured};
use super::filter::{Expr, Filter};
use super::literal::{Literal, Scalar};
use super::options::{Expand, OrderBy, Path};
use crate::edm::LiteralError;

/// What the schema's capability annotations allow for a property
/// (`FilterRestrictions/NonFilterableProperties`,
/// `SortRestrictions/NonSortableProperties`,
/// `ExpandRestrictions/NonExpandableProperties` on its type): a property
/// whose `FILTER` is `false` has no comparison methods, `SORT` no
/// `asc`/`desc`, `EXPAND` no `expand`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Capabilities<const FILTER: bool, const SORT: bool, const EXPAND: bool>;

/// A property nothing restricts (the default).
pub type Unrestricted = Capabilities<true, true, true>;

/// The property may appear in `$filter`.
pub trait Filterable {}
impl<const S: bool, const E: bool> Filterable for Capabilities<true, S, E> {}

/// The property may appear in `$orderby`.
pub trait Sortable {}
impl<const F: bool, const E: bool> Sortable for Capabilities<F, true, E> {}

/// The property may appear in `$expand`.
pub trait Expandable {}
impl<const F: bool, const S: bool> Expandable for Capabilities<F, S, true> {}

/// The path of a property of `O` whose Rust field type is `F`, with the
/// [`Capabilities`] `R` the schema gives it; see the [module docs](super).
/// Generated as associated constants (`Incident::STATUS`).
pub struct Property<O, F, R = Unrestricted> {
    pub(super) path: Cow<'static, str>,
    pub(super) _types: PhantomData<Marker<O, F, R>>,
}

/// The types a [`Property`] carries, without owning any.
type Marker<O, F, R> = fn() -> (O, F, R);

impl<O, F, R> Clone for Property<O, F, R> {
    fn clone(&self) -> Self {
        Self {
            path: self.path.clone(),
            _types: PhantomData,
        }
    }
}

impl<O, F, R> fmt::Debug for Property<O, F, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Property").field(&self.path).finish()
    }
}

impl<O, F, R> Property<O, F, R> {
    /// The property `name` of `O`.
    pub const fn new(name: &'static str) -> Self {
        Self {
            path: Cow::Borrowed(name),
            _types: PhantomData,
        }
    }

    pub(super) fn from_path(path: Cow<'static, str>) -> Self {
        Self {
            path,
            _types: PhantomData,
        }
    }

    /// The path, e.g. `status` or `createdBy/user/id`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The path for `$select` (and `$orderby`, `$expand`) of `O`.
    pub fn selector(&self) -> Path<O> {
        Path {
            path: self.path.clone(),
            _owner: PhantomData,
        }
    }

    fn join<G, P, Q>(&self, inner: &Property<G, P, Q>) -> Property<O, P, Q> {
        Property::from_path(Cow::Owned(format!("{}/{}", self.path, inner.path)))
    }

    fn cast_to<D: crate::Model, P>(&self) -> Property<O, P, R> {
        Property::from_path(Cow::Owned(format!("{}/{}", self.path, D::ODATA_TYPE)))
    }

    fn compare(&self, op: &'static str, literal: Result<String, LiteralError>) -> Filter<O> {
        Filter::expr(match literal {
            Ok(literal) => Expr::Compare {
                path: self.path.to_string(),
                op,
                literal,
            },
            Err(error) => Expr::Refused(error),
        })
    }
}

impl<O, F, R: Sortable> Property<O, F, R> {
    /// `$orderby` ascending on this property.
    pub fn asc(&self) -> OrderBy<O> {
        OrderBy {
            text: self.path.to_string(),
            _owner: PhantomData,
        }
    }

    /// `$orderby` descending on this property.
    pub fn desc(&self) -> OrderBy<O> {
        OrderBy {
            text: format!("{} desc", self.path),
            _owner: PhantomData,
        }
    }
}

impl<O, F: Scalar, R: Filterable> Property<O, F, R> {
    /// `path eq value`.
    pub fn eq(&self, value: impl Into<F::Value>) -> Filter<O> {
        self.compare("eq", value.into().try_to_literal())
    }

    /// `path ne value`.
    pub fn ne(&self, value: impl Into<F::Value>) -> Filter<O> {
        self.compare("ne", value.into().try_to_literal())
    }

    /// `path gt value`.
    pub fn gt(&self, value: impl Into<F::Value>) -> Filter<O> {
        self.compare("gt", value.into().try_to_literal())
    }

    /// `path ge value`.
    pub fn ge(&self, value: impl Into<F::Value>) -> Filter<O> {
        self.compare("ge", value.into().try_to_literal())
    }

    /// `path lt value`.
    pub fn lt(&self, value: impl Into<F::Value>) -> Filter<O> {
        self.compare("lt", value.into().try_to_literal())
    }

    /// `path le value`.
    pub fn le(&self, value: impl Into<F::Value>) -> Filter<O> {
        self.compare("le", value.into().try_to_literal())
    }

    /// `path in (v1, v2, ...)`.
    pub fn is_in<I>(&self, values: I) -> Filter<O>
    where
        I: IntoIterator,
        I::Item: Into<F::Value>,
    {
        let list: Result<Vec<String>, LiteralError> = values
            .into_iter()
            .map(|v| v.into().try_to_literal())
            .collect();
        Filter::expr(match list {
            Ok(list) => Expr::In {
                path: self.path.to_string(),
                list,
            },
            Err(error) => Expr::Refused(error),
        })
    }
}

impl<O, F: Scalar<Value = String>, R: Filterable> Property<O, F, R> {
    /// `contains(path, 'text')`.
    pub fn contains(&self, text: impl Into<String>) -> Filter<O> {
        self.function("contains", text.into())
    }

    /// `startswith(path, 'text')`.
    pub fn starts_with(&self, text: impl Into<String>) -> Filter<O> {
        self.function("startswith", text.into())
    }

    /// `endswith(path, 'text')`.
    pub fn ends_with(&self, text: impl Into<String>) -> Filter<O> {
        self.function("endswith", text.into())
    }

    fn function(&self, name: &'static str, text: String) -> Filter<O> {
        Filter::expr(Expr::Function {
            name,
            path: self.path.to_string(),
            literal: text.to_literal(),
        })
    }
}

impl<O, T: Literal, R: Filterable> Property<O, Nullable<T>, R> {
    /// `path eq null`.
    pub fn is_null(&self) -> Filter<O> {
        self.compare("eq", Ok("null".to_owned()))
    }

    /// `path ne null`.
    pub fn is_not_null(&self) -> Filter<O> {
        self.compare("ne", Ok("null".to_owned()))
    }
}

macro_rules! flags_has {
    ($field:ident) => {
        impl<O, E: FlagsEnum, R: Filterable> Property<O, $field<Flags<E>>, R> {
            /// `path has 'member'`: the flags set contains `member`.
            pub fn has(&self, member: E) -> Filter<O> {
                self.compare("has", Flags::from(member).try_to_literal())
            }
        }
    };
}
flags_has!(Option);
flags_has!(Nullable);

impl<O, C: Structured, R> Property<O, Option<C>, R> {
    /// The property `inner` of this structured value: `createdBy/user`. For a
    /// polymorphic family (`AnyArtifact`), `inner` is a property of its base
    /// type; [`cast`](Self::cast) reaches a derived type's own.
    pub fn then<P, Q>(&self, inner: Property<C::Base, P, Q>) -> Property<O, P, Q> {
        self.join(&inner)
    }

    /// This value as the derived type `D` of its polymorphic family:
    /// `artifact/microsoft.graph.security.hostname`, then [`then`](Self::then)
    /// into `D`'s own properties. Only a type derived from the family's base
    /// compiles ([`Derived`]).
    pub fn cast<D: Derived<C>>(&self) -> Property<O, Option<D>, R> {
        self.cast_to::<D, _>()
    }
}

impl<O, C: Structured, R: Expandable> Property<O, Option<C>, R>
where
    C::Base: Entity,
{
    /// `$expand` of this single-valued navigation property (only an entity
    /// type is reached through one: [`Entity`]).
    pub fn expand(&self) -> Expand<O, C> {
        Expand::new(self.path.to_string())
    }
}

impl<O, C: Structured, R> Property<O, Nullable<C>, R> {
    /// The property `inner` of this structured value (for a polymorphic
    /// family, of its base type).
    pub fn then<P, Q>(&self, inner: Property<C::Base, P, Q>) -> Property<O, P, Q> {
        self.join(&inner)
    }

    /// This value as the derived type `D` of its polymorphic family (see the
    /// `Option` form's [`cast`](Property::cast)).
    pub fn cast<D: Derived<C>>(&self) -> Property<O, Nullable<D>, R> {
        self.cast_to::<D, _>()
    }
}

impl<O, T, R: Filterable> Property<O, Option<Vec<T>>, R> {
    /// `path/any()`: the collection has an item.
    pub fn exists(&self) -> Filter<O> {
        Filter::expr(Expr::Lambda {
            path: self.path.to_string(),
            kind: "any",
            inner: None,
        })
    }
}

impl<O, T: Structured, R: Expandable> Property<O, Option<Vec<T>>, R>
where
    T::Base: Entity,
{
    /// `$expand` of this collection-valued navigation property, with
    /// nested options (`alerts($select=id,status;$top=5)`); only a
    /// collection of an entity type is one ([`Entity`]).
    pub fn expand(&self) -> Expand<O, T> {
        Expand::new(self.path.to_string())
    }
}

impl<O, T: Structured, R: Filterable> Property<O, Option<Vec<T>>, R> {
    /// `path/any(a: <inner on a>)`: some item matches `inner`, a filter on
    /// the item type (`alerts/any(a: a/severity eq 'high')`).
    pub fn any(&self, inner: Filter<T>) -> Filter<O> {
        self.lambda("any", inner)
    }

    /// `path/all(a: <inner on a>)`: every item matches `inner`.
    pub fn all(&self, inner: Filter<T>) -> Filter<O> {
        self.lambda("all", inner)
    }

    /// `path/any(e: <filter>)` with the filter built from the lambda
    /// variable `e`: [`then`](Lambda::then) into the item's properties,
    /// [`cast`](Lambda::cast) to a derived type of a polymorphic item
    /// (`evidence/any(e: e/microsoft.graph.security.userEvidence/userAccount/userPrincipalName eq 'x')`).
    pub fn any_with(&self, build: impl FnOnce(Lambda<T>) -> Filter<T>) -> Filter<O> {
        self.lambda("any", build(Lambda::new()))
    }

    /// `path/all(e: <filter>)` with the filter built from the lambda
    /// variable (see [`any_with`](Self::any_with)).
    pub fn all_with(&self, build: impl FnOnce(Lambda<T>) -> Filter<T>) -> Filter<O> {
        self.lambda("all", build(Lambda::new()))
    }

    fn lambda(&self, kind: &'static str, inner: Filter<T>) -> Filter<O> {
        Filter::expr(Expr::Lambda {
            path: self.path.to_string(),
            kind,
            inner: Some(Box::new(inner.expr)),
        })
    }
}

impl<O, T: Literal, R: Filterable> Property<O, Option<Vec<T>>, R> {
    /// `path/any(t: t eq value)`: the collection holds `value`.
    pub fn any_eq(&self, value: impl Into<T>) -> Filter<O> {
        let inner = match value.into().try_to_literal() {
            Ok(literal) => Expr::Compare {
                path: String::new(),
                op: "eq",
                literal,
            },
            Err(error) => Expr::Refused(error),
        };
        Filter::expr(Expr::Lambda {
            path: self.path.to_string(),
            kind: "any",
            inner: Some(Box::new(inner)),
        })
    }
}
