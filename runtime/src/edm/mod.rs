//! Newtypes for the EDM primitive types that JSON carries as strings:
//! [`DateTimeOffset`], [`Date`], [`TimeOfDay`], [`Duration`], [`Guid`] and
//! [`Binary`].
//!
//! Each one parses its wire string into a typed value (from `jiff`, `uuid` or
//! bytes) and remembers enough to write the very same string back: it formats
//! the parsed value canonically and, when that text differs from the input
//! (an uppercase GUID, a `+05:30` offset spelled differently, unpadded
//! base64...), keeps the input text and writes it instead. A value built in
//! code (`new`/`From`) has no such text and is written canonically.
//!
//! That kept text is the JSON round-trip contract only. A *literal* (in a
//! `$filter`, a function parameter in the URL) is always written from the
//! value by the type's `canonical()`, the OData ABNF form (`T`, `.` fraction,
//! `Z` or `±hh:mm`, years `["-"]yyyy`, lowercase 8-4-4-4-12 GUIDs, base64url,
//! day-time durations), because many spellings the parsers accept
//! (`2026-03-01 00:00:00,5+0100`, an unhyphenated GUID, `P1W`) are not OData,
//! and some would change a filter's meaning. A value with no OData form (a
//! [`Duration`] of months or years) gives a [`LiteralError`] instead.
//!
//! Equality and hashing follow the wire string: two values are equal when they
//! would be written the same.
//!
//! One module per type (`date_time_offset`, `date`, `time_of_day`, `duration`,
//! `guid`, `binary`); this one holds what they share: the parse error, the
//! `FromStr`/`Debug`/serde impls written by `edm_common!`, the equality macros and
//! the keep-the-input-text helpers.

use std::borrow::Cow;
use std::error::Error as StdError;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Visitor};

/// The error of parsing the wire string of an EDM primitive type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EdmParseError {
    type_name: &'static str,
    input: Box<str>,
    reason: String,
}

impl EdmParseError {
    fn new(type_name: &'static str, input: &str, reason: impl fmt::Display) -> Self {
        Self {
            type_name,
            input: Box::from(input),
            reason: reason.to_string(),
        }
    }

    /// The EDM type that was expected, e.g. `"Edm.DateTimeOffset"`.
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// The text that failed to parse.
    pub fn input(&self) -> &str {
        &self.input
    }

    /// Why it failed.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

/// Inputs longer than this are shortened in error messages.
const MAX_SHOWN_INPUT: usize = 64;

impl fmt::Display for EdmParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = match self.input.char_indices().nth(MAX_SHOWN_INPUT) {
            Some((end, _)) => Cow::Owned(format!("{}...", &self.input[..end])),
            None => Cow::Borrowed(&*self.input),
        };
        write!(
            f,
            "invalid {} value {:?}: {}",
            self.type_name, shown, self.reason
        )
    }
}

impl StdError for EdmParseError {}

/// What the shared serde, `FromStr` and `Debug` impls need from a type.
trait EdmValue: Sized + fmt::Display {
    /// The EDM type name, e.g. `"Edm.Guid"`.
    const TYPE_NAME: &'static str;
    /// Parses the wire string, keeping it when it is not canonical.
    fn parse_wire(input: &str) -> Result<Self, EdmParseError>;
}

/// `FromStr`, `Debug`, `Serialize` and `Deserialize` through [`EdmValue`].
macro_rules! edm_common {
    ($ty:ident) => {
        impl FromStr for $ty {
            type Err = EdmParseError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                <Self as EdmValue>::parse_wire(s)
            }
        }

        impl fmt::Debug for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($ty), "({})"), self)
            }
        }

        impl Serialize for $ty {
            /// Writes the wire string.
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            /// Reads the wire string; an error names the EDM type and the value.
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_str(EdmVisitor::<$ty>(PhantomData))
            }
        }
    };
}

/// Equality and hashing on the wire string (for types whose canonical text
/// depends on more than the value, such as the number of fractional digits).
macro_rules! wire_eq {
    ($ty:ident) => {
        impl $ty {
            /// The wire string: the kept text, or the value formatted.
            fn wire(&self) -> Cow<'_, str> {
                match &self.raw {
                    Some(raw) => Cow::Borrowed(raw),
                    None => Cow::Owned(self.to_string()),
                }
            }
        }

        impl PartialEq for $ty {
            fn eq(&self, other: &Self) -> bool {
                self.wire() == other.wire()
            }
        }

        impl Eq for $ty {}

        impl Hash for $ty {
            fn hash<H: Hasher>(&self, state: &mut H) {
                self.wire().hash(state);
            }
        }
    };
}

/// Equality and hashing for types whose canonical text is a function of the
/// value alone (and never equals a kept raw text): the same result as
/// comparing wire strings, without formatting them.
macro_rules! canonical_eq {
    ($ty:ident, $field:ident) => {
        impl PartialEq for $ty {
            fn eq(&self, other: &Self) -> bool {
                match (&self.raw, &other.raw) {
                    (None, None) => self.$field == other.$field,
                    (Some(a), Some(b)) => a == b,
                    _ => false,
                }
            }
        }

        impl Eq for $ty {}

        impl Hash for $ty {
            fn hash<H: Hasher>(&self, state: &mut H) {
                match &self.raw {
                    None => {
                        0u8.hash(state);
                        self.$field.hash(state);
                    }
                    Some(raw) => {
                        1u8.hash(state);
                        raw.hash(state);
                    }
                }
            }
        }
    };
}

struct EdmVisitor<T>(PhantomData<fn() -> T>);

impl<T: EdmValue> Visitor<'_> for EdmVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an {} string", T::TYPE_NAME)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
        T::parse_wire(value).map_err(E::custom)
    }
}

/// `Some(input)` when `value` (a value without raw text, so displayed
/// canonically) is not displayed exactly as `input`.
fn keep_unless_displayed_as(input: &str, value: &dyn fmt::Display) -> Option<Box<str>> {
    let mut matcher = Matcher { rest: input };
    let same = fmt::write(&mut matcher, format_args!("{value}")).is_ok() && matcher.rest.is_empty();
    (!same).then(|| Box::from(input))
}

/// A [`fmt::Write`] that compares what is written with the text it expects,
/// instead of building a `String`; it fails at the first difference.
struct Matcher<'a> {
    rest: &'a str,
}

impl fmt::Write for Matcher<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        match self.rest.strip_prefix(s) {
            Some(rest) => {
                self.rest = rest;
                Ok(())
            }
            None => Err(fmt::Error),
        }
    }
}

/// The number of fractional-second digits written in `input` (the digits
/// after the first `.` or `,`), capped at 9. Only used to pick the printing
/// precision that most likely reproduces the input.
#[inline]
fn fraction_digits(input: &str) -> u8 {
    let bytes = input.as_bytes();
    let Some(dot) = bytes.iter().position(|&b| b == b'.' || b == b',') else {
        return 0;
    };
    let digits = bytes[dot + 1..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    u8::try_from(digits.min(9)).unwrap_or(9)
}

/// `input` with an OData negative year (`-0044-03-15`, `-9999-01-02T...`:
/// a `-` and four or five digits) in the expanded form `jiff` reads
/// (`-000044-03-15`); anything else unchanged. OData writes years with a sign
/// and as few digits as four; ISO 8601 (and so `jiff`) wants six after a sign.
#[inline]
fn expanded_year(input: &str) -> Cow<'_, str> {
    let Some(rest) = input.strip_prefix('-') else {
        return Cow::Borrowed(input);
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if matches!(digits, 4 | 5) && rest.as_bytes().get(digits) == Some(&b'-') {
        Cow::Owned(format!("-{:0>6}{}", &rest[..digits], &rest[digits..]))
    } else {
        Cow::Borrowed(input)
    }
}

/// Whether `input`, which [`DateTimeOffset::parse_wire`] has read, has the
/// shape Graph writes nearly every date-time in and that is printed back
/// unchanged, so the print-and-compare of [`keep_unless_displayed_as`] can be
/// skipped: `yyyy-mm-ddThh:mm:ssZ` or `yyyy-mm-ddThh:mm:ss.fZ` with one to nine
/// fraction digits (printed with as many), `T` and `Z` in capitals, a year from
/// 1000 to 9998 (four digits, and far from the ends of [`Timestamp`]'s range,
/// where values saturate) and hours, minutes and seconds in range (no leap
/// second, which reads as `:59`). Anything else takes the exact comparison.
#[inline]
fn prints_back_unchanged(input: &str) -> bool {
    let b = input.as_bytes();
    if b.len() < 20 {
        return false;
    }
    let digits = |from: usize, to: usize| b[from..to].iter().all(u8::is_ascii_digit);
    let head = digits(0, 4)
        && b[0] != b'0'
        && &b[0..4] != b"9999"
        && b[4] == b'-'
        && digits(5, 7)
        && b[7] == b'-'
        && digits(8, 10)
        && b[10] == b'T'
        && digits(11, 13)
        && (b[11] < b'2' || (b[11] == b'2' && b[12] <= b'3'))
        && b[13] == b':'
        && digits(14, 16)
        && b[14] <= b'5'
        && b[16] == b':'
        && digits(17, 19)
        && b[17] <= b'5';
    let tail = match &b[19..] {
        [b'Z'] => true,
        [b'.', fraction @ .., b'Z'] => {
            (1..=9).contains(&fraction.len()) && fraction.iter().all(u8::is_ascii_digit)
        }
        _ => false,
    };
    head && tail
}

mod binary;
mod date;
mod date_time_offset;
mod duration;
mod guid;
mod literal;
#[cfg(test)]
mod tests;
mod time_of_day;

pub use binary::Binary;
pub use date::Date;
pub use date_time_offset::DateTimeOffset;
pub use duration::Duration;
pub use guid::Guid;
pub use literal::LiteralError;
pub use time_of_day::TimeOfDay;
