//! Filters: the `$filter` expression tree ([`Filter`]) and its rendering.

use std::fmt;
use std::marker::PhantomData;

use crate::edm::LiteralError;

/// A `$filter` expression on `O`, from property comparisons joined with
/// [`and`](Self::and), [`or`](Self::or) and [`not`](Self::not);
/// `Display` renders it, parenthesised where precedence needs it. A
/// comparison with a value that has no OData literal is kept as an error
/// ([`check`](Self::check)) and refused when the request is sent.
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
    pub(super) expr: Expr,
    pub(super) _owner: PhantomData<fn() -> O>,
}

impl<O> Clone for Filter<O> {
    fn clone(&self) -> Self {
        Self::expr(self.expr.clone())
    }
}

impl<O> fmt::Debug for Filter<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Filter").field(&self.to_string()).finish()
    }
}

impl<O> PartialEq for Filter<O> {
    fn eq(&self, other: &Self) -> bool {
        self.expr == other.expr
    }
}

/// The expression tree of a [`Filter`] (rendered by `render`).
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Expr {
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
        inner: Option<Box<Expr>>,
    },
    /// A comparison whose value has no OData literal: never rendered as
    /// OData, refused when the filter is sent.
    Refused(LiteralError),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
}

impl<O> Filter<O> {
    pub(super) fn expr(expr: Expr) -> Self {
        Self {
            expr,
            _owner: PhantomData,
        }
    }

    /// The filter, or the [`LiteralError`] of the first value in it that has
    /// no OData literal (a [`Duration`](crate::Duration) of months or years).
    /// A request builder refuses such a filter when the request is sent;
    /// this reports it when the filter is built.
    ///
    /// ```
    /// use msgraph_security_runtime::query::Property;
    /// use msgraph_security_runtime::Duration;
    ///
    /// struct Task;
    /// const TIMEOUT: Property<Task, Option<Duration>> = Property::new("timeout");
    /// assert!(TIMEOUT.eq("PT90M".parse::<Duration>()?).check().is_ok());
    /// let refused = TIMEOUT.eq("P2Y".parse::<Duration>()?).check().unwrap_err();
    /// assert_eq!(refused.value(), "P2Y");
    /// # Ok::<(), msgraph_security_runtime::EdmParseError>(())
    /// ```
    pub fn check(&self) -> Result<&Self, LiteralError> {
        match refused(&self.expr) {
            Some(error) => Err(error.clone()),
            None => Ok(self),
        }
    }

    /// `self and other`.
    #[must_use]
    pub fn and(self, other: Filter<O>) -> Self {
        Self::expr(Expr::And(Box::new(self.expr), Box::new(other.expr)))
    }

    /// `self or other`.
    #[must_use]
    pub fn or(self, other: Filter<O>) -> Self {
        Self::expr(Expr::Or(Box::new(self.expr), Box::new(other.expr)))
    }

    /// `not (self)`.
    #[must_use]
    #[allow(clippy::should_implement_trait)] // `!filter` would read as Rust, not OData
    pub fn not(self) -> Self {
        Self::expr(Expr::Not(Box::new(self.expr)))
    }
}

impl<O> fmt::Display for Filter<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        render(&self.expr, &mut Vec::new(), &mut out);
        f.write_str(&out)
    }
}

/// The first refused literal in `expr`.
fn refused(expr: &Expr) -> Option<&LiteralError> {
    match expr {
        Expr::Refused(error) => Some(error),
        Expr::Lambda { inner, .. } => inner.as_deref().and_then(refused),
        Expr::And(left, right) | Expr::Or(left, right) => refused(left).or_else(|| refused(right)),
        Expr::Not(inner) => refused(inner),
        Expr::Compare { .. } | Expr::Function { .. } | Expr::In { .. } => None,
    }
}

/// The variable of a lambda over the collection `path`: the first letter of
/// its last segment, lowercased (`alerts/any(a: ...)`, `evidence/any(e: ...)`;
/// after a type cast segment, of the type's own name), `x` when that is no
/// ASCII letter, with a number added when an enclosing lambda already uses it
/// (`f`, `f1`, `f2`, ...), so an inner variable never hides an outer one.
fn variable(path: &str, enclosing: &[String]) -> String {
    let segment = path.rsplit('/').next().unwrap_or_default();
    let name = segment.rsplit('.').next().unwrap_or_default();
    let letter = match name.chars().next() {
        Some(c) if c.is_ascii_alphabetic() => c.to_ascii_lowercase(),
        _ => 'x',
    };
    let mut candidate = letter.to_string();
    let mut n = 0usize;
    while enclosing.contains(&candidate) {
        n += 1;
        candidate = format!("{letter}{n}");
    }
    candidate
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

/// Renders `expr` into `out`; `vars` are the variables of the enclosing
/// lambdas, innermost last (paths start at the innermost).
fn render(expr: &Expr, vars: &mut Vec<String>, out: &mut String) {
    let var = vars.last().cloned();
    let var = var.as_deref();
    match expr {
        Expr::Compare { path, op, literal } => {
            write_path(path, var, out);
            out.push(' ');
            out.push_str(op);
            out.push(' ');
            out.push_str(literal);
        }
        Expr::Function {
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
        Expr::In { path, list } => {
            write_path(path, var, out);
            out.push_str(" in (");
            out.push_str(&list.join(","));
            out.push(')');
        }
        Expr::Lambda { path, kind, inner } => {
            write_path(path, var, out);
            out.push('/');
            out.push_str(kind);
            out.push('(');
            if let Some(inner) = inner {
                let name = variable(path, vars);
                out.push_str(&name);
                out.push_str(": ");
                vars.push(name);
                render(inner, vars, out);
                vars.pop();
            }
            out.push(')');
        }
        Expr::Refused(error) => {
            // Not OData (a request refuses it): the reason, for `Debug` and logs.
            out.push_str("<refused: ");
            out.push_str(&error.to_string());
            out.push('>');
        }
        Expr::And(left, right) => {
            for (i, side) in [left, right].into_iter().enumerate() {
                if i == 1 {
                    out.push_str(" and ");
                }
                let wrap = matches!(**side, Expr::Or(..));
                if wrap {
                    out.push('(');
                }
                render(side, vars, out);
                if wrap {
                    out.push(')');
                }
            }
        }
        Expr::Or(left, right) => {
            render(left, vars, out);
            out.push_str(" or ");
            render(right, vars, out);
        }
        Expr::Not(inner) => {
            out.push_str("not (");
            render(inner, vars, out);
            out.push(')');
        }
    }
}
