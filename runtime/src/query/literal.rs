//! Literals: how a value is written in a query, per EDM type ([`Literal`]),
//! [`quote`] and [`search_phrase`] for hand-written queries, and [`Scalar`], the
//! field types whose values are literals.

use crate::edm::{Binary, Date, DateTimeOffset, Duration, Guid, LiteralError, TimeOfDay};
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

pub(super) fn write_quoted(value: &str, out: &mut String) {
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
///
/// The literal is the canonical OData form of the *value* (the EDM types'
/// `canonical()`), never the text a value was parsed from: a value read from
/// JSON keeps its received text for the JSON round trip only. A value with no
/// OData form (a [`Duration`] of months or years) is refused:
/// [`try_write_literal`](Self::try_write_literal) returns the
/// [`LiteralError`], and the typed filters built from it carry the error
/// ([`Filter::check`](super::Filter::check)) instead of a literal.
pub trait Literal {
    /// Appends the literal to `out`; for a value with no OData form, appends
    /// nothing (use [`try_write_literal`](Self::try_write_literal) to get the
    /// error).
    fn write_literal(&self, out: &mut String);

    /// Appends the literal to `out`, or refuses a value with no OData form
    /// (appending nothing).
    fn try_write_literal(&self, out: &mut String) -> Result<(), LiteralError> {
        self.write_literal(out);
        Ok(())
    }

    /// The literal as a string.
    fn to_literal(&self) -> String {
        let mut out = String::new();
        self.write_literal(&mut out);
        out
    }

    /// The literal as a string, or the refusal of a value with no OData form.
    fn try_to_literal(&self) -> Result<String, LiteralError> {
        let mut out = String::new();
        self.try_write_literal(&mut out)?;
        Ok(out)
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

/// `dateTimeOffsetValue`, unquoted: [`DateTimeOffset::canonical`].
impl Literal for DateTimeOffset {
    fn write_literal(&self, out: &mut String) {
        let _ = self.try_write_literal(out);
    }

    fn try_write_literal(&self, out: &mut String) -> Result<(), LiteralError> {
        self.write_canonical(out)
    }
}

/// `dateValue`, unquoted: [`Date::canonical`].
impl Literal for Date {
    fn write_literal(&self, out: &mut String) {
        out.push_str(&self.canonical());
    }
}

/// `timeOfDayValue`, unquoted: [`TimeOfDay::canonical`].
impl Literal for TimeOfDay {
    fn write_literal(&self, out: &mut String) {
        out.push_str(&self.canonical());
    }
}

/// `guidValue`, unquoted: [`Guid::canonical`].
impl Literal for Guid {
    fn write_literal(&self, out: &mut String) {
        out.push_str(&self.canonical());
    }
}

/// `duration'...'` around [`Duration::canonical`]; months and years are
/// refused.
impl Literal for Duration {
    fn write_literal(&self, out: &mut String) {
        let _ = self.try_write_literal(out);
    }

    fn try_write_literal(&self, out: &mut String) -> Result<(), LiteralError> {
        let text = self.canonical()?;
        out.push_str("duration");
        write_quoted(&text, out);
        Ok(())
    }
}

/// `binary'...'` around [`Binary::canonical`] (base64url).
impl Literal for Binary {
    fn write_literal(&self, out: &mut String) {
        out.push_str("binary");
        write_quoted(&self.canonical(), out);
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
