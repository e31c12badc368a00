//! Encoding values into URLs: key segments, OData string literals and
//! [`UrlLiteral`], the URL form of function parameters.
//!
//! Everything here percent-encodes every byte except the unreserved
//! characters (`A-Z a-z 0-9 - . _ ~`) and, inside literals, the OData
//! delimiters that must stay literal (`'`, and `[`, `]`, `,` of arrays), so a
//! value can never leave its segment: `/`, `?`, `#` and `%` are always
//! encoded.

use std::fmt::Write as _;

use super::error::Error;
use crate::{
    Binary, Date, DateTimeOffset, Duration, Flags, FlagsEnum, Guid, LiteralError, Nullable,
    ODataEnum, TimeOfDay,
};

/// The first character of what [`UrlLiteral::url_literal`] returns for a
/// value with no OData literal: a NUL, which no encoded literal contains
/// (it is percent-encoded as `%00`), followed by the reason.
/// [`RequestPath::function`](super::RequestPath::function) turns it into an error.
pub(crate) const REFUSED: char = '\u{0}';

/// The refusal of a value with no OData literal, in place of its literal.
fn refused(error: &LiteralError) -> String {
    format!("{REFUSED}{error}")
}

/// The error a refused literal stands for, if `literal` is one.
pub(crate) fn refusal(literal: &str) -> Option<&str> {
    literal.strip_prefix(REFUSED)
}

/// Appends `text` to `out`, percent-encoding every byte but the unreserved
/// ones and those in `keep`.
pub(crate) fn percent_encode_into(out: &mut String, text: &str, keep: &[u8]) {
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric()
            || matches!(byte, b'-' | b'.' | b'_' | b'~')
            || keep.contains(&byte)
        {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
}

fn percent_encode(text: &str, keep: &[u8]) -> String {
    let mut out = String::with_capacity(text.len());
    percent_encode_into(&mut out, text, keep);
    out
}

/// Encodes an entity key as one URL path segment.
///
/// Every byte but the unreserved ones is percent-encoded, so `a/b?c#d`
/// becomes `a%2Fb%3Fc%23d` and `../../users` becomes `..%2F..%2Fusers`.
/// The empty key, `.` and `..` are rejected
/// ([`ErrorKind::InvalidInput`](super::ErrorKind::InvalidInput)): URL
/// parsers would drop or resolve them as dot segments.
///
/// ```
/// use msgraph_security_runtime::client::encode::key_segment;
///
/// assert_eq!(key_segment("a/b?c#d").unwrap(), "a%2Fb%3Fc%23d");
/// assert!(key_segment("..").is_err());
/// ```
pub fn key_segment(key: &str) -> Result<String, Error> {
    match key {
        "" => Err(Error::invalid_input(
            "an empty key cannot be a URL path segment",
        )),
        "." | ".." => Err(Error::invalid_input(format!(
            "the key {key:?} cannot be a URL path segment"
        ))),
        _ => Ok(percent_encode(key, &[])),
    }
}

/// An OData string literal for a URL path segment: quoted with `'`, inner
/// quotes doubled, then percent-encoded (the quotes stay literal).
///
/// ```
/// use msgraph_security_runtime::client::encode::odata_string;
///
/// assert_eq!(odata_string("it's"), "'it''s'");
/// assert_eq!(odata_string("a b/c"), "'a%20b%2Fc'");
/// ```
pub fn odata_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    percent_encode_into(&mut out, &s.replace('\'', "''"), b"'");
    out.push('\'');
    out
}

/// A JSON string (for array items), percent-encoded, quotes included.
fn json_string(s: &str) -> String {
    let quoted = serde_json::Value::String(s.to_owned()).to_string();
    percent_encode(&quoted, &[])
}

/// The URL form of a function parameter value: `name(param=LITERAL)`.
///
/// - Strings: [`odata_string`] (`'it''s'`).
/// - `bool` and integers: `true`, `42`; floats: `1.5`, `NaN`, `INF`, `-INF`.
/// - [`DateTimeOffset`], [`Date`], [`TimeOfDay`], [`Guid`]: their canonical
///   OData text (the types' `canonical()`, never the text a value was parsed
///   from), percent-encoded (`2026-01-22T12%3A09%3A23Z`).
/// - [`Duration`] values: `duration'P1D'` ([`Duration::canonical`]: months
///   and years are refused); [`Binary`]: `binary'...'` in base64url.
/// - A value with no OData literal is refused: [`try_url_literal`](Self::try_url_literal)
///   returns the error, and a function call holding one is refused
///   ([`ErrorKind::InvalidInput`](super::ErrorKind::InvalidInput)) when the
///   request is sent.
/// - Generated enums ([`ODataEnum`]): `'member'`; [`Flags`]: `'a,b'`.
/// - `None` and an empty [`Nullable`]: `null`.
/// - Slices and `Vec`s: the OData 4.01 JSON array form, `[1,2]`, where
///   strings, enum members and date/time values are JSON strings
///   (`["a","b"]`, percent-encoded as `[%22a%22,%22b%22]`) rather than
///   `'...'` literals: this is what the 4.01 URL conventions specify for
///   collection parameters.
pub trait UrlLiteral {
    /// The literal, ready to put between the function's parentheses. For a
    /// value with no OData literal, a refusal that is not a literal (it
    /// starts with a NUL) and that the request path refuses: prefer
    /// [`try_url_literal`](Self::try_url_literal) outside the request
    /// builders.
    fn url_literal(&self) -> String;

    /// The literal, or the refusal of a value with no OData literal (a
    /// [`Duration`] of months or years).
    ///
    /// ```
    /// use msgraph_security_runtime::Duration;
    /// use msgraph_security_runtime::client::encode::UrlLiteral;
    ///
    /// let week: Duration = "P1W".parse()?;
    /// assert_eq!(week.try_url_literal().unwrap(), "duration'P7D'");
    /// let years: Duration = "P2Y".parse()?;
    /// assert!(years.try_url_literal().is_err());
    /// # Ok::<(), msgraph_security_runtime::EdmParseError>(())
    /// ```
    fn try_url_literal(&self) -> Result<String, Error> {
        let literal = self.url_literal();
        match refusal(&literal) {
            Some(reason) => Err(Error::invalid_input(reason.to_owned())),
            None => Ok(literal),
        }
    }

    /// The form of this value as an item of a JSON array literal. Defaults
    /// to [`url_literal`](Self::url_literal); string-like values give a
    /// percent-encoded JSON string.
    fn url_array_item(&self) -> String {
        self.url_literal()
    }
}

impl UrlLiteral for str {
    fn url_literal(&self) -> String {
        odata_string(self)
    }
    fn url_array_item(&self) -> String {
        json_string(self)
    }
}

impl UrlLiteral for String {
    fn url_literal(&self) -> String {
        odata_string(self)
    }
    fn url_array_item(&self) -> String {
        json_string(self)
    }
}

impl UrlLiteral for &str {
    fn url_literal(&self) -> String {
        odata_string(self)
    }
    fn url_array_item(&self) -> String {
        json_string(self)
    }
}

impl UrlLiteral for bool {
    fn url_literal(&self) -> String {
        if *self { "true" } else { "false" }.to_owned()
    }
}

macro_rules! integer_literals {
    ($($ty:ty),*) => {$(
        impl UrlLiteral for $ty {
            fn url_literal(&self) -> String {
                self.to_string()
            }
        }
    )*};
}
integer_literals!(i8, i16, i32, i64, u8, u16, u32, u64);

macro_rules! float_literals {
    ($($ty:ty),*) => {$(
        impl UrlLiteral for $ty {
            fn url_literal(&self) -> String {
                if self.is_nan() {
                    "NaN".to_owned()
                } else if self.is_infinite() {
                    if *self > 0.0 { "INF" } else { "-INF" }.to_owned()
                } else {
                    // `Debug` keeps the exponent form for huge and tiny values.
                    format!("{self:?}")
                }
            }
        }
    )*};
}
float_literals!(f32, f64);

macro_rules! text_literals {
    ($($ty:ty),*) => {$(
        impl UrlLiteral for $ty {
            fn url_literal(&self) -> String {
                percent_encode(&self.canonical(), &[])
            }
            fn url_array_item(&self) -> String {
                json_string(&self.canonical())
            }
        }
    )*};
}
text_literals!(Date, TimeOfDay, Guid);

impl UrlLiteral for DateTimeOffset {
    fn url_literal(&self) -> String {
        match self.canonical() {
            Ok(text) => percent_encode(&text, &[]),
            Err(error) => refused(&error),
        }
    }
    fn url_array_item(&self) -> String {
        match self.canonical() {
            Ok(text) => json_string(&text),
            Err(error) => refused(&error),
        }
    }
}

impl UrlLiteral for Duration {
    fn url_literal(&self) -> String {
        match self.canonical() {
            Ok(text) => format!("duration'{}'", percent_encode(&text, &[])),
            Err(error) => refused(&error),
        }
    }
    fn url_array_item(&self) -> String {
        match self.canonical() {
            Ok(text) => json_string(&text),
            Err(error) => refused(&error),
        }
    }
}

impl UrlLiteral for Binary {
    fn url_literal(&self) -> String {
        format!("binary'{}'", percent_encode(&self.canonical(), &[]))
    }
    fn url_array_item(&self) -> String {
        json_string(&self.canonical())
    }
}

impl<E: ODataEnum> UrlLiteral for E {
    fn url_literal(&self) -> String {
        odata_string(self.as_str())
    }
    fn url_array_item(&self) -> String {
        json_string(self.as_str())
    }
}

impl<E: FlagsEnum> UrlLiteral for Flags<E> {
    fn url_literal(&self) -> String {
        odata_string(&self.to_string())
    }
    fn url_array_item(&self) -> String {
        json_string(&self.to_string())
    }
}

impl<T: UrlLiteral> UrlLiteral for Option<T> {
    fn url_literal(&self) -> String {
        self.as_ref()
            .map_or_else(|| "null".to_owned(), T::url_literal)
    }
    fn url_array_item(&self) -> String {
        self.as_ref()
            .map_or_else(|| "null".to_owned(), T::url_array_item)
    }
}

impl<T: UrlLiteral> UrlLiteral for Nullable<T> {
    fn url_literal(&self) -> String {
        self.value()
            .map_or_else(|| "null".to_owned(), T::url_literal)
    }
    fn url_array_item(&self) -> String {
        self.value()
            .map_or_else(|| "null".to_owned(), T::url_array_item)
    }
}

/// A field of a generated function parameters struct as a URL argument:
/// `None` (or [`Nullable::Absent`]) leaves the parameter out, [`Nullable::Null`]
/// is `null`, a value its [`UrlLiteral`].
pub trait UrlArgument {
    /// The literal, or `None` to leave the parameter out.
    fn url_argument(&self) -> Option<String>;
}

impl<T: UrlLiteral> UrlArgument for Option<T> {
    fn url_argument(&self) -> Option<String> {
        self.as_ref().map(T::url_literal)
    }
}

impl<T: UrlLiteral> UrlArgument for Nullable<T> {
    fn url_argument(&self) -> Option<String> {
        match self {
            Nullable::Absent => None,
            Nullable::Null => Some(String::from("null")),
            Nullable::Value(value) => Some(value.url_literal()),
        }
    }
}

impl<T: UrlLiteral> UrlLiteral for [T] {
    fn url_literal(&self) -> String {
        let items: Vec<String> = self.iter().map(T::url_array_item).collect();
        if let Some(refused) = items.iter().find(|item| refusal(item).is_some()) {
            return refused.clone();
        }
        format!("[{}]", items.join(","))
    }
}

impl<T: UrlLiteral> UrlLiteral for Vec<T> {
    fn url_literal(&self) -> String {
        self.as_slice().url_literal()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enums::tests::Severity;

    #[test]
    fn key_segments() {
        assert_eq!(key_segment("abc-12_3.~").unwrap(), "abc-12_3.~");
        assert_eq!(key_segment("a/b?c#d").unwrap(), "a%2Fb%3Fc%23d");
        assert_eq!(key_segment("../../users").unwrap(), "..%2F..%2Fusers");
        assert_eq!(key_segment("100%").unwrap(), "100%25");
        assert_eq!(key_segment("é ").unwrap(), "%C3%A9%20");
        for bad in ["", ".", ".."] {
            assert!(key_segment(bad).is_err(), "{bad:?}");
        }
        assert_eq!(key_segment("...").unwrap(), "...");
    }

    #[test]
    fn odata_strings() {
        assert_eq!(odata_string("it's"), "'it''s'");
        assert_eq!(odata_string(""), "''");
        assert_eq!(odata_string("a/b?c#d%"), "'a%2Fb%3Fc%23d%25'");
        assert_eq!(odata_string("x)y,z"), "'x%29y%2Cz'");
    }

    #[test]
    fn literals() {
        assert_eq!("it's".url_literal(), "'it''s'");
        assert_eq!(String::from("a").url_literal(), "'a'");
        assert_eq!(true.url_literal(), "true");
        assert_eq!((-3i32).url_literal(), "-3");
        assert_eq!(7u8.url_literal(), "7");
        assert_eq!(1.5f64.url_literal(), "1.5");
        assert_eq!(f64::NAN.url_literal(), "NaN");
        assert_eq!(f32::NEG_INFINITY.url_literal(), "-INF");
        assert_eq!(None::<i32>.url_literal(), "null");
        assert_eq!(Some(3i64).url_literal(), "3");
        assert_eq!(Nullable::<String>::Null.url_literal(), "null");
        assert_eq!(Nullable::Value(2i16).url_literal(), "2");
        assert_eq!(vec![1i32, 2].url_literal(), "[1,2]");
        assert_eq!(
            vec!["a\"b".to_owned(), "it's".to_owned()].url_literal(),
            "[%22a%5C%22b%22,%22it%27s%22]"
        );
        assert_eq!(Vec::<i32>::new().url_literal(), "[]");
        assert_eq!(Severity::High.url_literal(), "'high'");
        assert_eq!(vec![Severity::Low].url_literal(), "[%22low%22]");
    }

    #[test]
    fn edm_literals() {
        let at: DateTimeOffset = "2026-01-22T12:09:23.1433333+05:30".parse().unwrap();
        assert_eq!(
            at.url_literal(),
            "2026-01-22T12%3A09%3A23.1433333%2B05%3A30"
        );
        let date: Date = "2026-01-22".parse().unwrap();
        assert_eq!(date.url_literal(), "2026-01-22");
        let time: TimeOfDay = "12:09:23".parse().unwrap();
        assert_eq!(time.url_literal(), "12%3A09%3A23");
        let guid: Guid = "6A1F2C3D-0000-4000-8000-000000000001".parse().unwrap();
        assert_eq!(
            guid.url_literal().to_ascii_lowercase(),
            "6a1f2c3d-0000-4000-8000-000000000001"
        );
        let duration: Duration = "PT1H30M".parse().unwrap();
        assert_eq!(duration.url_literal(), "duration'PT1H30M'");
        assert_eq!(vec![date].url_literal(), "[%222026-01-22%22]");
    }
}
