//! Typed OData queries: `$filter`, `$select`, `$orderby` and `$expand` built
//! from the generated property paths, checked by the compiler.
//!
//! Every generated struct has one associated constant per property, a
//! [`Property<Owner, Field>`] whose `Field` is the Rust field type
//! (`Option<T>`, [`Nullable<T>`], `Option<Vec<T>>`): `Incident::STATUS` is a
//! `Property<Incident, Option<IncidentStatus>>`. What a property offers
//! follows from that type:
//!
//! - single values ([`Option`], [`Nullable`]) of a literal type: `eq`, `ne`,
//!   `gt`, `ge`, `lt`, `le`, `is_in`; strings also `contains`, `starts_with`,
//!   `ends_with`; flags `has`; nullable ones `is_null` and `is_not_null`;
//! - a structured value (complex type, single navigation): [`then`](Property::then)
//!   to go on into its properties (`createdBy/user/id`);
//! - collections: [`any`](Property::any) and [`all`](Property::all) with a
//!   filter on the item type (`alerts/any(a:a/severity eq 'high')`),
//!   [`any_eq`](Property::any_eq) for collections of literals,
//!   [`exists`](Property::exists) (`alerts/any()`), and
//!   [`expand`](Property::expand) with nested options.
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
//! `Duration` as `duration'P..'`, `Boolean`, `null`. The rendered expression
//! is percent-encoded once, with the rest of the query, when the request is
//! built. For hand-written filters, [`quote`] makes a safe string literal and
//! [`search_phrase`] a `$search` phrase.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use crate::edm::{Binary, Date, DateTimeOffset, Duration, Guid, TimeOfDay};
use crate::flags::{Flags, FlagsEnum};
use crate::nullable::Nullable;

/// A string as an OData string literal: single-quoted, every `'` doubled.
///
/// ```
/// use msgraph_security_runtime::query::quote;
///
/// assert_eq!(quote("O'Brien"), "'O''Brien'");
/// let user = "x' or true or 'a'='a";
/// assert_eq!(format!("assignedTo eq {}", quote(user)), "assignedTo eq 'x'' or true or ''a''=''a'");
/// ```
pub fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    write_quoted(value, &mut out);
    out
}

fn write_quoted(value: &str, out: &mut String) {
    out.push('\'');
    for c in value.chars() {
        if c == '\'' {
            out.push('\'');
        }
        out.push(c);
    }
    out.push('\'');
}

/// A `$search` phrase: double-quoted, `"` and `\` escaped with `\`
/// (`$search="ransomware \"lockbit\""`).
///
/// ```
/// use msgraph_security_runtime::query::search_phrase;
///
/// assert_eq!(search_phrase(r#"say "hi""#), r#""say \"hi\"""#);
/// ```
pub fn search_phrase(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// A value written as an OData literal in a `$filter`.
pub trait Literal {
    /// Appends the literal to `out`.
    fn write_literal(&self, out: &mut String);

    /// The literal as a string.
    fn to_literal(&self) -> String {
        let mut out = String::new();
        self.write_literal(&mut out);
        out
    }
}

impl Literal for String {
    fn write_literal(&self, out: &mut String) {
        write_quoted(self, out);
    }
}

impl Literal for bool {
    fn write_literal(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

macro_rules! integer_literals {
    ($($t:ty),*) => {$(
        impl Literal for $t {
            fn write_literal(&self, out: &mut String) {
                out.push_str(&self.to_string());
            }
        }
    )*};
}
integer_literals!(u8, i8, i16, i32, i64);

macro_rules! float_literals {
    ($($t:ty),*) => {$(
        impl Literal for $t {
            fn write_literal(&self, out: &mut String) {
                if self.is_nan() {
                    out.push_str("NaN");
                } else if self.is_infinite() {
                    out.push_str(if *self > 0.0 { "INF" } else { "-INF" });
                } else {
                    // Debug is the shortest text that reads back to the same
                    // value, with an exponent where that is shorter (`1e300`).
                    out.push_str(&format!("{self:?}"));
                }
            }
        }
    )*};
}
float_literals!(f32, f64);

impl Literal for DateTimeOffset {
    fn write_literal(&self, out: &mut String) {
        out.push_str(&self.to_string());
    }
}

impl Literal for Date {
    fn write_literal(&self, out: &mut String) {
        out.push_str(&self.to_string());
    }
}

impl Literal for TimeOfDay {
    fn write_literal(&self, out: &mut String) {
        out.push_str(&self.to_string());
    }
}

impl Literal for Guid {
    fn write_literal(&self, out: &mut String) {
        out.push_str(&self.to_string());
    }
}

impl Literal for Duration {
    fn write_literal(&self, out: &mut String) {
        out.push_str("duration");
        write_quoted(&self.to_string(), out);
    }
}

impl Literal for Binary {
    fn write_literal(&self, out: &mut String) {
        out.push_str("binary");
        write_quoted(&self.to_string(), out);
    }
}

impl<E: FlagsEnum> Literal for Flags<E> {
    fn write_literal(&self, out: &mut String) {
        write_quoted(&self.to_string(), out);
    }
}

/// Writes a generated enum's member as its quoted wire value (used by the
/// `odata_enum!` macro).
#[doc(hidden)]
pub fn enum_literal(wire: &str, out: &mut String) {
    write_quoted(wire, out);
}

/// What a single-valued field compares with: `Option<T>` and `Nullable<T>`
/// of a [`Literal`] `T`.
pub trait Scalar {
    /// The value type.
    type Value: Literal;
}

impl<T: Literal> Scalar for Option<T> {
    type Value = T;
}

impl<T: Literal> Scalar for Nullable<T> {
    type Value = T;
}

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
/// [`Capabilities`] `R` the schema gives it; see the [module docs](self).
/// Generated as associated constants (`Incident::STATUS`).
pub struct Property<O, F, R = Unrestricted> {
    path: Cow<'static, str>,
    _types: PhantomData<Marker<O, F, R>>,
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
        Property {
            path: Cow::Owned(format!("{}/{}", self.path, inner.path)),
            _types: PhantomData,
        }
    }

    fn compare(&self, op: &'static str, literal: String) -> Filter<O> {
        Filter::node(Node::Compare {
            path: self.path.to_string(),
            op,
            literal,
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
        self.compare("eq", value.into().to_literal())
    }

    /// `path ne value`.
    pub fn ne(&self, value: impl Into<F::Value>) -> Filter<O> {
        self.compare("ne", value.into().to_literal())
    }

    /// `path gt value`.
    pub fn gt(&self, value: impl Into<F::Value>) -> Filter<O> {
        self.compare("gt", value.into().to_literal())
    }

    /// `path ge value`.
    pub fn ge(&self, value: impl Into<F::Value>) -> Filter<O> {
        self.compare("ge", value.into().to_literal())
    }

    /// `path lt value`.
    pub fn lt(&self, value: impl Into<F::Value>) -> Filter<O> {
        self.compare("lt", value.into().to_literal())
    }

    /// `path le value`.
    pub fn le(&self, value: impl Into<F::Value>) -> Filter<O> {
        self.compare("le", value.into().to_literal())
    }

    /// `path in (v1, v2, ...)`.
    pub fn is_in<I>(&self, values: I) -> Filter<O>
    where
        I: IntoIterator,
        I::Item: Into<F::Value>,
    {
        let list: Vec<String> = values.into_iter().map(|v| v.into().to_literal()).collect();
        Filter::node(Node::In {
            path: self.path.to_string(),
            list,
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
        Filter::node(Node::Function {
            name,
            path: self.path.to_string(),
            literal: text.to_literal(),
        })
    }
}

impl<O, T: Literal, R: Filterable> Property<O, Nullable<T>, R> {
    /// `path eq null`.
    pub fn is_null(&self) -> Filter<O> {
        self.compare("eq", "null".to_owned())
    }

    /// `path ne null`.
    pub fn is_not_null(&self) -> Filter<O> {
        self.compare("ne", "null".to_owned())
    }
}

macro_rules! flags_has {
    ($field:ident) => {
        impl<O, E: FlagsEnum, R: Filterable> Property<O, $field<Flags<E>>, R> {
            /// `path has 'member'`: the flags set contains `member`.
            pub fn has(&self, member: E) -> Filter<O> {
                self.compare("has", Flags::from(member).to_literal())
            }
        }
    };
}
flags_has!(Option);
flags_has!(Nullable);

impl<O, C: crate::Model, R> Property<O, Option<C>, R> {
    /// The property `inner` of this structured value: `createdBy/user`.
    pub fn then<P, Q>(&self, inner: Property<C, P, Q>) -> Property<O, P, Q> {
        self.join(&inner)
    }
}

impl<O, C: crate::Model, R: Expandable> Property<O, Option<C>, R> {
    /// `$expand` of this single-valued navigation property.
    pub fn expand(&self) -> Expand<O, C> {
        Expand::new(self.path.to_string())
    }
}

impl<O, C: crate::Model, R> Property<O, Nullable<C>, R> {
    /// The property `inner` of this structured value.
    pub fn then<P, Q>(&self, inner: Property<C, P, Q>) -> Property<O, P, Q> {
        self.join(&inner)
    }
}

impl<O, T, R: Filterable> Property<O, Option<Vec<T>>, R> {
    /// `path/any()`: the collection has an item.
    pub fn exists(&self) -> Filter<O> {
        Filter::node(Node::Lambda {
            path: self.path.to_string(),
            kind: "any",
            inner: None,
        })
    }
}

impl<O, T, R: Expandable> Property<O, Option<Vec<T>>, R> {
    /// `$expand` of this collection-valued navigation property, with
    /// nested options (`alerts($select=id,status;$top=5)`).
    pub fn expand(&self) -> Expand<O, T> {
        Expand::new(self.path.to_string())
    }
}

impl<O, T: crate::Model, R: Filterable> Property<O, Option<Vec<T>>, R> {
    /// `path/any(a:<inner on a>)`: some item matches `inner`.
    pub fn any(&self, inner: Filter<T>) -> Filter<O> {
        self.lambda("any", inner)
    }

    /// `path/all(a:<inner on a>)`: every item matches `inner`.
    pub fn all(&self, inner: Filter<T>) -> Filter<O> {
        self.lambda("all", inner)
    }

    fn lambda(&self, kind: &'static str, inner: Filter<T>) -> Filter<O> {
        Filter::node(Node::Lambda {
            path: self.path.to_string(),
            kind,
            inner: Some(Box::new(inner.node)),
        })
    }
}

impl<O, T: Literal, R: Filterable> Property<O, Option<Vec<T>>, R> {
    /// `path/any(a:a eq value)`: the collection holds `value`.
    pub fn any_eq(&self, value: impl Into<T>) -> Filter<O> {
        let inner = Node::Compare {
            path: String::new(),
            op: "eq",
            literal: value.into().to_literal(),
        };
        Filter::node(Node::Lambda {
            path: self.path.to_string(),
            kind: "any",
            inner: Some(Box::new(inner)),
        })
    }
}

/// A `$filter` expression on `O`, from property comparisons joined with
/// [`and`](Self::and), [`or`](Self::or) and [`not`](Self::not);
/// `Display` renders it, parenthesised where precedence needs it.
///
/// ```
/// use msgraph_security_runtime::query::{Filter, Property};
/// use msgraph_security_runtime::Nullable;
///
/// struct Incident;
/// const STATUS: Property<Incident, Option<String>> = Property::new("status");
/// const ASSIGNED_TO: Property<Incident, Nullable<String>> = Property::new("assignedTo");
/// let filter: Filter<Incident> = STATUS
///     .eq("active")
///     .or(STATUS.eq("inProgress"))
///     .and(ASSIGNED_TO.is_null().not());
/// assert_eq!(
///     filter.to_string(),
///     "(status eq 'active' or status eq 'inProgress') and not (assignedTo eq null)"
/// );
/// ```
pub struct Filter<O> {
    node: Node,
    _owner: PhantomData<fn() -> O>,
}

impl<O> Clone for Filter<O> {
    fn clone(&self) -> Self {
        Self::node(self.node.clone())
    }
}

impl<O> fmt::Debug for Filter<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Filter").field(&self.to_string()).finish()
    }
}

impl<O> PartialEq for Filter<O> {
    fn eq(&self, other: &Self) -> bool {
        self.node == other.node
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
    Compare {
        path: String,
        op: &'static str,
        literal: String,
    },
    Function {
        name: &'static str,
        path: String,
        literal: String,
    },
    In {
        path: String,
        list: Vec<String>,
    },
    Lambda {
        path: String,
        kind: &'static str,
        inner: Option<Box<Node>>,
    },
    And(Box<Node>, Box<Node>),
    Or(Box<Node>, Box<Node>),
    Not(Box<Node>),
}

impl<O> Filter<O> {
    fn node(node: Node) -> Self {
        Self {
            node,
            _owner: PhantomData,
        }
    }

    /// `self and other`.
    #[must_use]
    pub fn and(self, other: Filter<O>) -> Self {
        Self::node(Node::And(Box::new(self.node), Box::new(other.node)))
    }

    /// `self or other`.
    #[must_use]
    pub fn or(self, other: Filter<O>) -> Self {
        Self::node(Node::Or(Box::new(self.node), Box::new(other.node)))
    }

    /// `not (self)`.
    #[must_use]
    #[allow(clippy::should_implement_trait)] // `!filter` would read as Rust, not OData
    pub fn not(self) -> Self {
        Self::node(Node::Not(Box::new(self.node)))
    }
}

impl<O> fmt::Display for Filter<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        render(&self.node, None, 0, &mut out);
        f.write_str(&out)
    }
}

/// The lambda variable of nesting level `depth`: `a`, `b`, ...
fn variable(depth: usize) -> String {
    let letters = b"abcdefghijklmnopqrstuvwxyz";
    let letter = char::from(letters[depth % letters.len()]);
    if depth < letters.len() {
        letter.to_string()
    } else {
        format!("{letter}{}", depth / letters.len())
    }
}

fn write_path(path: &str, var: Option<&str>, out: &mut String) {
    match (var, path.is_empty()) {
        (Some(var), true) => out.push_str(var),
        (Some(var), false) => {
            out.push_str(var);
            out.push('/');
            out.push_str(path);
        }
        (None, _) => out.push_str(path),
    }
}

fn render(node: &Node, var: Option<&str>, depth: usize, out: &mut String) {
    match node {
        Node::Compare { path, op, literal } => {
            write_path(path, var, out);
            out.push(' ');
            out.push_str(op);
            out.push(' ');
            out.push_str(literal);
        }
        Node::Function {
            name,
            path,
            literal,
        } => {
            out.push_str(name);
            out.push('(');
            write_path(path, var, out);
            out.push(',');
            out.push_str(literal);
            out.push(')');
        }
        Node::In { path, list } => {
            write_path(path, var, out);
            out.push_str(" in (");
            out.push_str(&list.join(","));
            out.push(')');
        }
        Node::Lambda { path, kind, inner } => {
            write_path(path, var, out);
            out.push('/');
            out.push_str(kind);
            out.push('(');
            if let Some(inner) = inner {
                let name = variable(depth);
                out.push_str(&name);
                out.push(':');
                render(inner, Some(&name), depth + 1, out);
            }
            out.push(')');
        }
        Node::And(left, right) => {
            for (i, side) in [left, right].into_iter().enumerate() {
                if i == 1 {
                    out.push_str(" and ");
                }
                let wrap = matches!(**side, Node::Or(..));
                if wrap {
                    out.push('(');
                }
                render(side, var, depth, out);
                if wrap {
                    out.push(')');
                }
            }
        }
        Node::Or(left, right) => {
            render(left, var, depth, out);
            out.push_str(" or ");
            render(right, var, depth, out);
        }
        Node::Not(inner) => {
            out.push_str("not (");
            render(inner, var, depth, out);
            out.push(')');
        }
    }
}

/// A property path of `O` for `$select` or `$expand` (from
/// [`Property::selector`]).
pub struct Path<O> {
    path: Cow<'static, str>,
    _owner: PhantomData<fn() -> O>,
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

/// One `$orderby` key of `O` (from [`Property::asc`] or [`Property::desc`]).
pub struct OrderBy<O> {
    text: String,
    _owner: PhantomData<fn() -> O>,
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
/// msgraph_security_runtime::model! { Alert = "x.alert" { "id" => id: Option<String> => ID, "status" => status: Option<String> => STATUS, } }
/// struct Incident;
/// const ALERTS: Property<Incident, Option<Vec<Alert>>> = Property::new("alerts");
///
/// let expand = ALERTS.expand().select([Alert::ID.selector(), Alert::STATUS.selector()]).top(5);
/// assert_eq!(expand.to_string(), "alerts($select=id,status;$top=5)");
/// ```
pub struct Expand<O, T> {
    path: String,
    options: Vec<String>,
    _types: PhantomData<fn() -> (O, T)>,
}

impl<O, T> Clone for Expand<O, T> {
    fn clone(&self) -> Self {
        Self {
            path: self.path.clone(),
            options: self.options.clone(),
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
    fn new(path: String) -> Self {
        Self {
            path,
            options: Vec::new(),
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

    /// Nested `$top`.
    #[must_use]
    pub fn top(mut self, top: u32) -> Self {
        self.options.push(format!("$top={top}"));
        self
    }

    /// Nested `$expand`.
    #[must_use]
    pub fn expand<U>(mut self, inner: Expand<T, U>) -> Self {
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enums::tests::Severity;
    use crate::model::tests::{Evidence, FileEvidence};

    struct Root;
    const NAME: Property<Root, Option<String>> = Property::new("name");
    const NOTE: Property<Root, Nullable<String>> = Property::new("note");
    const COUNT: Property<Root, Option<i64>> = Property::new("count");
    const SCORE: Property<Root, Option<f64>> = Property::new("score");
    const FLAG: Property<Root, Option<bool>> = Property::new("flag");
    const SEVERITY: Property<Root, Option<Severity>> = Property::new("severity");
    const WHEN: Property<Root, Option<DateTimeOffset>> = Property::new("when");
    const DAY: Property<Root, Option<Date>> = Property::new("day");
    const TIME: Property<Root, Option<TimeOfDay>> = Property::new("time");
    const ID: Property<Root, Option<Guid>> = Property::new("guid");
    const SPAN: Property<Root, Option<Duration>> = Property::new("span");
    const TAGS: Property<Root, Option<Vec<String>>> = Property::new("tags");
    const EVIDENCE: Property<Root, Option<Vec<Evidence>>> = Property::new("evidence");
    const MAIN: Property<Root, Option<Evidence>> = Property::new("main");
    const SIZE: Property<Evidence, Option<i64>> = Property::new("size");
    const VERDICT: Property<Evidence, Nullable<Severity>> = Property::new("verdict");
    const FILES: Property<Evidence, Option<Vec<FileEvidence>>> = Property::new("files");
    const FILE_NAME: Property<FileEvidence, Option<String>> = Property::new("fileName");

    #[test]
    fn every_operator() {
        assert_eq!(NAME.eq("a").to_string(), "name eq 'a'");
        assert_eq!(NAME.ne("a").to_string(), "name ne 'a'");
        assert_eq!(COUNT.gt(1).to_string(), "count gt 1");
        assert_eq!(COUNT.ge(1).to_string(), "count ge 1");
        assert_eq!(COUNT.lt(-1).to_string(), "count lt -1");
        assert_eq!(COUNT.le(0).to_string(), "count le 0");
        assert_eq!(NAME.is_in(["a", "b'c"]).to_string(), "name in ('a','b''c')");
        assert_eq!(NAME.contains("x").to_string(), "contains(name,'x')");
        assert_eq!(NOTE.starts_with("x").to_string(), "startswith(note,'x')");
        assert_eq!(NAME.ends_with("x").to_string(), "endswith(name,'x')");
        assert_eq!(NOTE.is_null().to_string(), "note eq null");
        assert_eq!(NOTE.is_not_null().to_string(), "note ne null");
        assert_eq!(TAGS.exists().to_string(), "tags/any()");
        assert_eq!(TAGS.any_eq("t").to_string(), "tags/any(a:a eq 't')");
        assert_eq!(
            EVIDENCE.any(SIZE.gt(5)).to_string(),
            "evidence/any(a:a/size gt 5)"
        );
        assert_eq!(
            EVIDENCE.all(VERDICT.eq(Severity::High)).to_string(),
            "evidence/all(a:a/verdict eq 'high')"
        );
        // Nested lambdas get their own variables.
        assert_eq!(
            EVIDENCE
                .any(FILES.any(FILE_NAME.eq("x.exe")).and(SIZE.gt(1)))
                .to_string(),
            "evidence/any(a:a/files/any(b:b/fileName eq 'x.exe') and a/size gt 1)"
        );
        assert_eq!(MAIN.then(SIZE).eq(3).to_string(), "main/size eq 3");
    }

    #[test]
    fn precedence() {
        let a = || NAME.eq("a");
        let b = || NAME.eq("b");
        let c = || NAME.eq("c");
        assert_eq!(
            a().and(b()).or(c()).to_string(),
            "name eq 'a' and name eq 'b' or name eq 'c'"
        );
        assert_eq!(
            a().and(b().or(c())).to_string(),
            "name eq 'a' and (name eq 'b' or name eq 'c')"
        );
        assert_eq!(
            a().or(b()).and(c()).to_string(),
            "(name eq 'a' or name eq 'b') and name eq 'c'"
        );
        assert_eq!(
            a().or(b()).not().to_string(),
            "not (name eq 'a' or name eq 'b')"
        );
        assert_eq!(
            a().not().and(b()).to_string(),
            "not (name eq 'a') and name eq 'b'"
        );
    }

    #[test]
    fn every_literal_kind() {
        assert_eq!(FLAG.eq(true).to_string(), "flag eq true");
        assert_eq!(
            COUNT.eq(i64::MAX).to_string(),
            "count eq 9223372036854775807"
        );
        assert_eq!(
            COUNT.eq(i64::MIN).to_string(),
            "count eq -9223372036854775808"
        );
        assert_eq!(SCORE.eq(f64::NAN).to_string(), "score eq NaN");
        assert_eq!(SCORE.eq(f64::INFINITY).to_string(), "score eq INF");
        assert_eq!(SCORE.eq(f64::NEG_INFINITY).to_string(), "score eq -INF");
        assert_eq!(SCORE.eq(0.1).to_string(), "score eq 0.1");
        assert_eq!(SCORE.eq(1e300).to_string(), "score eq 1e300");
        assert_eq!(SCORE.eq(2.0).to_string(), "score eq 2.0");
        assert_eq!(
            SEVERITY.eq(Severity::High).to_string(),
            "severity eq 'high'"
        );
        let when: DateTimeOffset = "2026-01-22T12:09:23.1433333Z".parse().unwrap();
        assert_eq!(
            WHEN.ge(when).to_string(),
            "when ge 2026-01-22T12:09:23.1433333Z"
        );
        let ts: jiff::Timestamp = "2026-01-22T12:00:00Z".parse().unwrap();
        assert_eq!(WHEN.lt(ts).to_string(), "when lt 2026-01-22T12:00:00Z");
        let day: Date = "2026-01-22".parse().unwrap();
        assert_eq!(DAY.eq(day).to_string(), "day eq 2026-01-22");
        let time: TimeOfDay = "12:09:23.1433333".parse().unwrap();
        assert_eq!(TIME.eq(time).to_string(), "time eq 12:09:23.1433333");
        let id: Guid = "0B6F2C1E-5D4A-4F1B-9C3E-2A7D8E9F0A1B".parse().unwrap();
        assert_eq!(ID.eq(id.clone()).to_string(), format!("guid eq {id}"));
        let span: Duration = "PT1H30M".parse().unwrap();
        assert_eq!(SPAN.eq(span).to_string(), "span eq duration'PT1H30M'");
        assert_eq!(NOTE.eq("x").to_string(), "note eq 'x'");
    }

    #[test]
    fn strings_never_end_their_literal_early() {
        for value in [
            "'",
            "''",
            "a'b",
            "x' or 1 eq 1 or 'y",
            "&$top=1#",
            "+%20",
            "é\u{1}\n\u{0}",
        ] {
            let literal = quote(value);
            // Parse it back: between the outer quotes, quotes come in pairs.
            let inner = &literal[1..literal.len() - 1];
            assert!(literal.starts_with('\'') && literal.ends_with('\''));
            assert_eq!(inner.replace("''", "'"), value);
            assert!(!inner.replace("''", "").contains('\''), "{literal}");
        }
    }

    #[test]
    fn flags_have_has() {
        use crate::flags::tests::Scope;
        const SCOPE: Property<Root, Option<Flags<Scope>>> = Property::new("scope");
        const SCOPES: Property<Root, Nullable<Flags<Scope>>> = Property::new("scopes");
        assert_eq!(SCOPE.has(Scope::Site).to_string(), "scope has 'site'");
        assert_eq!(
            SCOPES.has(Scope::Mailbox).to_string(),
            "scopes has 'mailbox'"
        );
        let both = Scope::Mailbox | Scope::Site;
        assert_eq!(SCOPE.eq(both).to_string(), "scope eq 'mailbox,site'");
    }

    #[test]
    fn restricted_properties_still_select() {
        const TITLE: Property<Root, Option<String>, Capabilities<false, false, true>> =
            Property::new("title");
        assert_eq!(TITLE.selector().to_string(), "title");
    }

    #[test]
    fn order_select_expand() {
        assert_eq!(NAME.asc().to_string(), "name");
        assert_eq!(COUNT.desc().to_string(), "count desc");
        assert_eq!(MAIN.then(SIZE).selector().to_string(), "main/size");
        let expand = EVIDENCE
            .expand()
            .select([SIZE.selector()])
            .filter(SIZE.gt(1))
            .order_by([SIZE.desc()])
            .top(5)
            .expand(FILES.expand().select([FILE_NAME.selector()]));
        assert_eq!(
            expand.to_string(),
            "evidence($select=size;$filter=size gt 1;$orderby=size desc;$top=5;$expand=files($select=fileName))"
        );
        assert_eq!(MAIN.expand().to_string(), "main");
        assert_eq!(IntoSelect::<Root>::into_select("raw"), "raw");
        assert_eq!(IntoFilter::<Root>::into_filter(NAME.eq("a")), "name eq 'a'");
    }
}
