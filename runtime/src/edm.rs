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
//! Equality and hashing follow the wire string: two values are equal when they
//! would be written the same.

use std::borrow::Cow;
use std::error::Error as StdError;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::str::FromStr;

use base64::Engine as _;
use base64::alphabet;
use base64::display::Base64Display;
use base64::engine::DecodePaddingMode;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use jiff::Timestamp;
use jiff::civil;
use jiff::fmt::StdFmtWrite;
use jiff::fmt::temporal::{
    DateTimeParser, DateTimePrinter, Pieces, PiecesOffset, SpanParser, SpanPrinter,
};
use jiff::tz::Offset;
use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::ser::{Serialize, Serializer};

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

/// Whether `input`, which [`DateTimeOffset::parse_wire`] has read, has the
/// shape Graph writes nearly every date-time in and that is printed back
/// unchanged, so the print-and-compare of [`keep_unless_displayed_as`] can be
/// skipped: `yyyy-mm-ddThh:mm:ssZ` or `yyyy-mm-ddThh:mm:ss.fZ` with one to nine
/// fraction digits (printed with as many), `T` and `Z` in capitals, a year from
/// 1000 to 9998 (four digits, and far from the ends of [`Timestamp`]'s range,
/// where values saturate) and hours, minutes and seconds in range (no leap
/// second, which reads as `:59`). Anything else takes the exact comparison.
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

// ---------------------------------------------------------------------------

/// An `Edm.DateTimeOffset`: an instant (a [`jiff::Timestamp`]) and the UTC
/// offset it was written with.
///
/// Graph writes these in several shapes (`2026-01-22T12:09:23.1433333Z` with
/// seven fractional digits, `2026-02-25T16:29:33.1Z`, `0001-01-01T00:00:00Z`,
/// offsets such as `+05:30`); each is written back byte for byte. A value
/// made from a [`jiff::Timestamp`] is written in UTC (`Z`) with as many
/// fractional digits as it needs.
///
/// The instants at the very end of year 9999 (such as .NET's
/// `DateTimeOffset.MaxValue`, `9999-12-31T23:59:59.9999999Z`, used as "never")
/// lie beyond [`jiff::Timestamp::MAX`]: [`timestamp`](Self::timestamp) then
/// gives `Timestamp::MAX` (and `Timestamp::MIN` at the other end), while the
/// text is still written back unchanged.
///
/// ```
/// use msgraph_security_runtime::DateTimeOffset;
///
/// let value: DateTimeOffset = "2026-01-22T12:09:23.1433333Z".parse()?;
/// assert_eq!(value.timestamp().as_millisecond(), 1_769_083_763_143);
/// assert_eq!(value.to_string(), "2026-01-22T12:09:23.1433333Z");
/// # Ok::<(), msgraph_security_runtime::EdmParseError>(())
/// ```
#[derive(Clone)]
pub struct DateTimeOffset {
    timestamp: Timestamp,
    /// `None` for `Z`.
    offset: Option<Offset>,
    /// Fractional digits to print; `None` prints as many as needed.
    precision: Option<u8>,
    raw: Option<Box<str>>,
}

impl DateTimeOffset {
    /// The instant `timestamp`, written in UTC (`Z`).
    pub const fn new(timestamp: Timestamp) -> Self {
        Self {
            timestamp,
            offset: None,
            precision: None,
            raw: None,
        }
    }

    /// The instant.
    pub fn timestamp(&self) -> Timestamp {
        self.timestamp
    }

    /// The UTC offset the value was written with ([`Offset::UTC`] for `Z`).
    pub fn offset(&self) -> Offset {
        self.offset.unwrap_or(Offset::UTC)
    }

    fn printer(&self) -> DateTimePrinter {
        DateTimePrinter::new().precision(self.precision)
    }
}

impl EdmValue for DateTimeOffset {
    const TYPE_NAME: &'static str = "Edm.DateTimeOffset";

    fn parse_wire(input: &str) -> Result<Self, EdmParseError> {
        let error = |reason: &dyn fmt::Display| EdmParseError::new(Self::TYPE_NAME, input, reason);
        let pieces = Pieces::parse(input).map_err(|e| error(&e))?;
        let time = pieces
            .time()
            .ok_or_else(|| error(&"missing the time of day"))?;
        let written = pieces
            .offset()
            .ok_or_else(|| error(&"missing the UTC offset (`Z` or `+hh:mm`)"))?;
        let datetime = pieces.date().to_datetime(time);
        let timestamp = match written.to_numeric_offset().to_timestamp(datetime) {
            Ok(timestamp) => timestamp,
            // Only the outermost hours of years -9999 and 9999 fail: saturate.
            Err(_) if datetime.year() > 0 => Timestamp::MAX,
            Err(_) => Timestamp::MIN,
        };
        let offset = match written {
            PiecesOffset::Zulu => None,
            other => Some(other.to_numeric_offset()),
        };
        let mut value = Self {
            timestamp,
            offset,
            precision: Some(fraction_digits(input)),
            raw: None,
        };
        if !prints_back_unchanged(input) {
            value.raw = keep_unless_displayed_as(input, &value);
        }
        Ok(value)
    }
}

impl fmt::Display for DateTimeOffset {
    /// The wire string.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(raw) = &self.raw {
            return f.write_str(raw);
        }
        let printer = self.printer();
        let printed = match self.offset {
            None => printer.print_timestamp(&self.timestamp, StdFmtWrite(&mut *f)),
            Some(offset) => {
                printer.print_timestamp_with_offset(&self.timestamp, offset, StdFmtWrite(&mut *f))
            }
        };
        printed.map_err(|_| fmt::Error)
    }
}

impl From<Timestamp> for DateTimeOffset {
    fn from(timestamp: Timestamp) -> Self {
        Self::new(timestamp)
    }
}

edm_common!(DateTimeOffset);
wire_eq!(DateTimeOffset);

// ---------------------------------------------------------------------------

/// An `Edm.Date`: a calendar date (a [`jiff::civil::Date`]), `2026-01-22` on
/// the wire.
///
/// ```
/// use msgraph_security_runtime::Date;
///
/// let value: Date = "2026-01-22".parse()?;
/// assert_eq!(value.date(), jiff::civil::date(2026, 1, 22));
/// assert_eq!(value.to_string(), "2026-01-22");
/// # Ok::<(), msgraph_security_runtime::EdmParseError>(())
/// ```
#[derive(Clone)]
pub struct Date {
    date: civil::Date,
    raw: Option<Box<str>>,
}

impl Date {
    /// The date `date`.
    pub const fn new(date: civil::Date) -> Self {
        Self { date, raw: None }
    }

    /// The date.
    pub fn date(&self) -> civil::Date {
        self.date
    }
}

impl EdmValue for Date {
    const TYPE_NAME: &'static str = "Edm.Date";

    fn parse_wire(input: &str) -> Result<Self, EdmParseError> {
        let error = |reason: &dyn fmt::Display| EdmParseError::new(Self::TYPE_NAME, input, reason);
        let pieces = Pieces::parse(input).map_err(|e| error(&e))?;
        if pieces.time().is_some()
            || pieces.offset().is_some()
            || pieces.time_zone_annotation().is_some()
        {
            return Err(error(&"expected a date alone (`YYYY-MM-DD`)"));
        }
        let mut value = Self::new(pieces.date());
        value.raw = keep_unless_displayed_as(input, &value);
        Ok(value)
    }
}

impl fmt::Display for Date {
    /// The wire string.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.raw {
            Some(raw) => f.write_str(raw),
            None => DateTimePrinter::new()
                .print_date(&self.date, StdFmtWrite(&mut *f))
                .map_err(|_| fmt::Error),
        }
    }
}

impl From<civil::Date> for Date {
    fn from(date: civil::Date) -> Self {
        Self::new(date)
    }
}

edm_common!(Date);
canonical_eq!(Date, date);

// ---------------------------------------------------------------------------

/// An `Edm.TimeOfDay`: a wall-clock time (a [`jiff::civil::Time`]),
/// `12:09:23.1433333` on the wire.
///
/// ```
/// use msgraph_security_runtime::TimeOfDay;
///
/// let value: TimeOfDay = "12:09:23.1433333".parse()?;
/// assert_eq!(value.time().subsec_nanosecond(), 143_333_300);
/// assert_eq!(value.to_string(), "12:09:23.1433333");
/// # Ok::<(), msgraph_security_runtime::EdmParseError>(())
/// ```
#[derive(Clone)]
pub struct TimeOfDay {
    time: civil::Time,
    /// Fractional digits to print; `None` prints as many as needed.
    precision: Option<u8>,
    raw: Option<Box<str>>,
}

impl TimeOfDay {
    /// The time `time`.
    pub const fn new(time: civil::Time) -> Self {
        Self {
            time,
            precision: None,
            raw: None,
        }
    }

    /// The time.
    pub fn time(&self) -> civil::Time {
        self.time
    }

    fn printer(&self) -> DateTimePrinter {
        DateTimePrinter::new().precision(self.precision)
    }
}

impl EdmValue for TimeOfDay {
    const TYPE_NAME: &'static str = "Edm.TimeOfDay";

    fn parse_wire(input: &str) -> Result<Self, EdmParseError> {
        let error = |reason: &dyn fmt::Display| EdmParseError::new(Self::TYPE_NAME, input, reason);
        // jiff also takes the time out of a full date-time; a TimeOfDay is the time alone.
        let time_alone = input.starts_with(|c: char| c.is_ascii_digit())
            && !input.contains(['-', '+', 'T', 't', 'Z', 'z', ' ', '[']);
        if !time_alone {
            return Err(error(&"expected a time alone (`hh:mm:ss.fffffff`)"));
        }
        let time = DateTimeParser::new()
            .parse_time(input)
            .map_err(|e| error(&e))?;
        let mut value = Self {
            time,
            precision: Some(fraction_digits(input)),
            raw: None,
        };
        value.raw = keep_unless_displayed_as(input, &value);
        Ok(value)
    }
}

impl fmt::Display for TimeOfDay {
    /// The wire string.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.raw {
            Some(raw) => f.write_str(raw),
            None => self
                .printer()
                .print_time(&self.time, StdFmtWrite(&mut *f))
                .map_err(|_| fmt::Error),
        }
    }
}

impl From<civil::Time> for TimeOfDay {
    fn from(time: civil::Time) -> Self {
        Self::new(time)
    }
}

edm_common!(TimeOfDay);
wire_eq!(TimeOfDay);

// ---------------------------------------------------------------------------

/// An `Edm.Duration`: an ISO 8601 duration (a [`jiff::Span`]) such as
/// `PT1H30M`, `P1D`, `-P1D`, `P1W`, `P2Y` or `PT0.1433333S`.
///
/// [`jiff::Span`] has no `PartialEq` (is `PT60M` equal to `PT1H`?); this type
/// compares the wire strings, so `PT60M != PT1H`.
///
/// ```
/// use msgraph_security_runtime::Duration;
///
/// let value: Duration = "PT1H30M".parse()?;
/// assert_eq!(value.span().get_minutes(), 30);
/// assert_eq!(value.to_string(), "PT1H30M");
/// # Ok::<(), msgraph_security_runtime::EdmParseError>(())
/// ```
#[derive(Clone)]
pub struct Duration {
    span: jiff::Span,
    raw: Option<Box<str>>,
}

impl Duration {
    /// The duration `span`.
    pub const fn new(span: jiff::Span) -> Self {
        Self { span, raw: None }
    }

    /// The duration.
    pub fn span(&self) -> jiff::Span {
        self.span
    }
}

impl EdmValue for Duration {
    const TYPE_NAME: &'static str = "Edm.Duration";

    fn parse_wire(input: &str) -> Result<Self, EdmParseError> {
        let span = SpanParser::new()
            .parse_span(input)
            .map_err(|e| EdmParseError::new(Self::TYPE_NAME, input, e))?;
        let mut value = Self::new(span);
        value.raw = keep_unless_displayed_as(input, &value);
        Ok(value)
    }
}

impl fmt::Display for Duration {
    /// The wire string.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.raw {
            Some(raw) => f.write_str(raw),
            None => SpanPrinter::new()
                .print_span(&self.span, StdFmtWrite(&mut *f))
                .map_err(|_| fmt::Error),
        }
    }
}

impl From<jiff::Span> for Duration {
    fn from(span: jiff::Span) -> Self {
        Self::new(span)
    }
}

edm_common!(Duration);
wire_eq!(Duration);

// ---------------------------------------------------------------------------

/// An `Edm.Guid` (a [`uuid::Uuid`]), written in lowercase hyphenated form;
/// other spellings (uppercase, braced, without hyphens) are kept as received.
///
/// ```
/// use msgraph_security_runtime::Guid;
///
/// let value: Guid = "0B6F2C1E-5D4A-4F1B-9C3E-2A7D8E9F0A1B".parse()?;
/// assert_eq!(value.uuid().to_string(), "0b6f2c1e-5d4a-4f1b-9c3e-2a7d8e9f0a1b");
/// assert_eq!(value.to_string(), "0B6F2C1E-5D4A-4F1B-9C3E-2A7D8E9F0A1B");
/// # Ok::<(), msgraph_security_runtime::EdmParseError>(())
/// ```
#[derive(Clone)]
pub struct Guid {
    uuid: uuid::Uuid,
    raw: Option<Box<str>>,
}

impl Guid {
    /// The GUID `uuid`.
    pub const fn new(uuid: uuid::Uuid) -> Self {
        Self { uuid, raw: None }
    }

    /// The GUID.
    pub fn uuid(&self) -> uuid::Uuid {
        self.uuid
    }
}

impl EdmValue for Guid {
    const TYPE_NAME: &'static str = "Edm.Guid";

    fn parse_wire(input: &str) -> Result<Self, EdmParseError> {
        let uuid = uuid::Uuid::parse_str(input)
            .map_err(|e| EdmParseError::new(Self::TYPE_NAME, input, e))?;
        let mut value = Self::new(uuid);
        value.raw = keep_unless_displayed_as(input, &value);
        Ok(value)
    }
}

impl fmt::Display for Guid {
    /// The wire string.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.raw {
            Some(raw) => f.write_str(raw),
            None => fmt::Display::fmt(&self.uuid.hyphenated(), f),
        }
    }
}

impl From<uuid::Uuid> for Guid {
    fn from(uuid: uuid::Uuid) -> Self {
        Self::new(uuid)
    }
}

edm_common!(Guid);
canonical_eq!(Guid, uuid);

// ---------------------------------------------------------------------------

/// Decoding configuration: padding optional, non-zero trailing bits allowed
/// (the text is kept when it is not canonical, so nothing is lost).
const LENIENT: GeneralPurposeConfig = GeneralPurposeConfig::new()
    .with_decode_padding_mode(DecodePaddingMode::Indifferent)
    .with_decode_allow_trailing_bits(true);
const STANDARD_LENIENT: GeneralPurpose = GeneralPurpose::new(&alphabet::STANDARD, LENIENT);
const URL_SAFE_LENIENT: GeneralPurpose = GeneralPurpose::new(&alphabet::URL_SAFE, LENIENT);

/// An `Edm.Binary`: bytes, base64 on the wire.
///
/// Reading accepts the standard and the URL-safe alphabets, padded or not;
/// writing uses standard padded base64 unless the value was read from
/// another spelling, which is then written back as received.
///
/// ```
/// use msgraph_security_runtime::Binary;
///
/// let value: Binary = "aGVsbG8".parse()?;
/// assert_eq!(value.as_bytes(), b"hello");
/// assert_eq!(value.to_string(), "aGVsbG8");
/// assert_eq!(Binary::from(b"hello".to_vec()).to_string(), "aGVsbG8=");
/// # Ok::<(), msgraph_security_runtime::EdmParseError>(())
/// ```
#[derive(Clone)]
pub struct Binary {
    bytes: Vec<u8>,
    raw: Option<Box<str>>,
}

impl Binary {
    /// The bytes `bytes`.
    pub const fn new(bytes: Vec<u8>) -> Self {
        Self { bytes, raw: None }
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The bytes, by value.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }
}

impl EdmValue for Binary {
    const TYPE_NAME: &'static str = "Edm.Binary";

    fn parse_wire(input: &str) -> Result<Self, EdmParseError> {
        let bytes = match STANDARD_LENIENT.decode(input) {
            Ok(bytes) => bytes,
            Err(standard) => URL_SAFE_LENIENT
                .decode(input)
                .map_err(|_| EdmParseError::new(Self::TYPE_NAME, input, standard))?,
        };
        let mut value = Self::new(bytes);
        value.raw = keep_unless_displayed_as(input, &value);
        Ok(value)
    }
}

impl fmt::Display for Binary {
    /// The wire string.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.raw {
            Some(raw) => f.write_str(raw),
            None => fmt::Display::fmt(&Base64Display::new(&self.bytes, &STANDARD), f),
        }
    }
}

impl From<Vec<u8>> for Binary {
    fn from(bytes: Vec<u8>) -> Self {
        Self::new(bytes)
    }
}

impl From<&[u8]> for Binary {
    fn from(bytes: &[u8]) -> Self {
        Self::new(bytes.to_vec())
    }
}

edm_common!(Binary);
canonical_eq!(Binary, bytes);

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The shortcut that skips printing a date-time back never skips one
    /// that would print differently: over a grid of edge values (years at the
    /// ends of the range, invalid and leap seconds, every fraction length,
    /// lowercase `t`/`z`), whenever it says "unchanged", printing agrees.
    #[test]
    fn date_time_shortcut_agrees_with_printing() {
        let mut shortcut = 0;
        for year in ["0001", "0999", "1000", "2026", "9998", "9999"] {
            for (month, day) in [
                ("01", "01"),
                ("02", "29"),
                ("02", "28"),
                ("12", "31"),
                ("13", "01"),
            ] {
                for time in ["00:00:00", "23:59:59", "24:00:00", "12:60:00", "23:59:60"] {
                    for fraction in [
                        "",
                        ".",
                        ".0",
                        ".1",
                        ".10",
                        ".100",
                        ".1433333",
                        ".000000000",
                        ".123456789",
                        ".1234567891",
                        ",5",
                    ] {
                        for (t, z) in [("T", "Z"), ("t", "z"), ("T", "+00:00"), ("T", "-05:30")] {
                            let input = format!("{year}-{month}-{day}{t}{time}{fraction}{z}");
                            let Ok(value) = DateTimeOffset::parse_wire(&input) else {
                                continue;
                            };
                            if prints_back_unchanged(&input) {
                                shortcut += 1;
                                let canonical = DateTimeOffset {
                                    raw: None,
                                    ..value.clone()
                                };
                                assert_eq!(canonical.to_string(), input, "{input}");
                            }
                            assert_eq!(value.to_string(), input);
                        }
                    }
                }
            }
        }
        assert!(
            shortcut > 100,
            "the grid exercises the shortcut ({shortcut})"
        );
    }

    /// Parses `input` through serde (from a string and from a `Value`) and
    /// checks that it is written back byte for byte.
    fn round_trip<T>(input: &str) -> T
    where
        T: Serialize
            + for<'de> Deserialize<'de>
            + FromStr<Err = EdmParseError>
            + fmt::Display
            + PartialEq
            + fmt::Debug,
    {
        let json = serde_json::to_string(input).unwrap();
        let typed: T = serde_json::from_str(&json).unwrap();
        assert_eq!(serde_json::to_string(&typed).unwrap(), json, "{input}");
        assert_eq!(typed.to_string(), input);
        let from_value: T = serde_json::from_value(json!(input)).unwrap();
        assert_eq!(from_value, typed);
        let parsed: T = input.parse().unwrap();
        assert_eq!(parsed, typed);
        typed
    }

    fn parse_error<T: FromStr<Err = EdmParseError> + fmt::Debug>(input: &str) -> EdmParseError {
        input.parse::<T>().unwrap_err()
    }

    #[test]
    fn date_time_offset_round_trips() {
        for input in [
            "2026-01-22T12:09:23.1433333Z",
            "2026-02-25T16:29:33.1Z",
            "0001-01-01T00:00:00Z",
            "2025-05-01T01:02:03.4000000Z",
            "2026-03-04T10:00:01.5Z",
            "2026-01-22T12:09:23+05:30",
            "2026-01-22T12:09:23.120-08:00",
            "2026-01-22T12:09:23.5+00:00",
            "2026-01-22T12:09:23-00:00",
            "2026-01-22t12:09:23z",
            "2026-01-22 12:09:23Z",
            "2026-01-22T12:09Z",
            "2026-01-22T12:09:23.123456789Z",
            "9999-12-31T23:59:59.9999999Z",
            "9999-12-31T23:59:59.9999999+14:00",
        ] {
            round_trip::<DateTimeOffset>(input);
        }
    }

    #[test]
    fn date_time_offset_values() {
        let utc: DateTimeOffset = "2026-01-22T12:09:23.1433333Z".parse().unwrap();
        assert_eq!(utc.timestamp().as_second(), 1_769_083_763);
        assert_eq!(utc.timestamp().subsec_nanosecond(), 143_333_300);
        assert_eq!(utc.offset(), Offset::UTC);
        assert!(utc.raw.is_none(), "canonical input needs no copy");

        let india: DateTimeOffset = "2026-01-22T17:39:23.1433333+05:30".parse().unwrap();
        assert_eq!(india.timestamp(), utc.timestamp());
        assert_eq!(
            india.offset(),
            Offset::from_seconds(5 * 3600 + 30 * 60).unwrap()
        );
        assert!(india.raw.is_none());
        // Same instant, different wire strings: not equal.
        assert_ne!(india, utc);

        let never: DateTimeOffset = "9999-12-31T23:59:59.9999999Z".parse().unwrap();
        assert_eq!(never.timestamp(), Timestamp::MAX);
        let first: DateTimeOffset = "-009999-01-01T00:00:00Z".parse().unwrap();
        assert_eq!(first.timestamp(), Timestamp::MIN);
        assert_eq!(first.to_string(), "-009999-01-01T00:00:00Z");
    }

    #[test]
    fn date_time_offset_from_timestamp() {
        let ts: Timestamp = "2026-01-22T12:09:23.1433333Z".parse().unwrap();
        let value = DateTimeOffset::from(ts);
        assert_eq!(value.to_string(), "2026-01-22T12:09:23.1433333Z");
        assert_eq!(
            serde_json::to_value(&value).unwrap(),
            json!("2026-01-22T12:09:23.1433333Z")
        );
        // Equal to the parsed value because the wire strings are the same.
        let parsed: DateTimeOffset = "2026-01-22T12:09:23.1433333Z".parse().unwrap();
        assert_eq!(value, parsed);
        let whole = DateTimeOffset::new(Timestamp::UNIX_EPOCH);
        assert_eq!(whole.to_string(), "1970-01-01T00:00:00Z");
        assert_eq!(format!("{whole:?}"), "DateTimeOffset(1970-01-01T00:00:00Z)");
    }

    #[test]
    fn date_time_offset_errors() {
        for input in [
            "",
            "yesterday",
            "2026-01-22",
            "2026-01-22T12:09:23",
            "2026-13-01T00:00:00Z",
            "2026-01-22T25:00:00Z",
        ] {
            let err = parse_error::<DateTimeOffset>(input);
            assert_eq!(err.type_name(), "Edm.DateTimeOffset");
            assert_eq!(err.input(), input);
            assert!(!err.reason().is_empty());
        }
        let err = parse_error::<DateTimeOffset>("2026-01-22T12:09:23").to_string();
        assert!(
            err.starts_with("invalid Edm.DateTimeOffset value \"2026-01-22T12:09:23\": "),
            "{err}"
        );
        assert!(err.contains("offset"), "{err}");
    }

    #[test]
    fn date_round_trips_and_errors() {
        let date = round_trip::<Date>("2026-01-22");
        assert_eq!(date.date(), civil::date(2026, 1, 22));
        assert!(date.raw.is_none());
        round_trip::<Date>("20260122");
        round_trip::<Date>("0001-01-01");
        assert_eq!(
            Date::from(civil::date(2026, 1, 2)).to_string(),
            "2026-01-02"
        );
        assert_eq!(Date::from(civil::date(2026, 1, 22)), date);
        for input in [
            "2026-01-22T00:00:00Z",
            "2026-01-22T10:00",
            "2026-02-30",
            "22/01/2026",
            "",
        ] {
            assert_eq!(
                parse_error::<Date>(input).type_name(),
                "Edm.Date",
                "{input}"
            );
        }
    }

    #[test]
    fn time_of_day_round_trips_and_errors() {
        let time = round_trip::<TimeOfDay>("12:09:23.1433333");
        assert_eq!(time.time(), civil::time(12, 9, 23, 143_333_300));
        assert!(time.raw.is_none());
        round_trip::<TimeOfDay>("00:00:00");
        round_trip::<TimeOfDay>("23:59:59.000");
        round_trip::<TimeOfDay>("12:09");
        // A leap second: jiff clamps it to :59, the text is kept.
        let leap = round_trip::<TimeOfDay>("23:59:60");
        assert_eq!(leap.time(), civil::time(23, 59, 59, 0));
        assert_eq!(
            TimeOfDay::from(civil::time(8, 30, 0, 500_000_000)).to_string(),
            "08:30:00.5"
        );
        for input in [
            "24:00:00",
            "12:09:23Z",
            "2026-01-22T12:09:23",
            "T12:09:23",
            "noon",
            "",
        ] {
            assert_eq!(
                parse_error::<TimeOfDay>(input).type_name(),
                "Edm.TimeOfDay",
                "{input}"
            );
        }
    }

    #[test]
    fn duration_round_trips_and_errors() {
        for input in [
            "PT1H30M",
            "P1D",
            "-P1D",
            "P1W",
            "P2Y",
            "PT0.1433333S",
            "P0D",
            "PT36H",
            "pt1h",
            "P1Y2M3W4DT5H6M7.5S",
        ] {
            round_trip::<Duration>(input);
        }
        let d: Duration = "PT1H30M".parse().unwrap();
        assert_eq!(d.span().get_hours(), 1);
        assert_eq!(d.span().get_minutes(), 30);
        assert!(d.raw.is_none());
        assert_eq!(
            Duration::from(jiff::Span::new().hours(2)).to_string(),
            "PT2H"
        );
        assert_eq!(
            Duration::from(jiff::Span::new().minutes(90)),
            "PT90M".parse().unwrap()
        );
        assert_ne!(d, "PT90M".parse().unwrap());
        for input in ["1 hour", "PT", "P", "P1.5D", "", "PT1H30"] {
            assert_eq!(
                parse_error::<Duration>(input).type_name(),
                "Edm.Duration",
                "{input}"
            );
        }
    }

    #[test]
    fn guid_round_trips_and_errors() {
        let lower = round_trip::<Guid>("0b6f2c1e-5d4a-4f1b-9c3e-2a7d8e9f0a1b");
        assert!(lower.raw.is_none());
        let upper = round_trip::<Guid>("0B6F2C1E-5D4A-4F1B-9C3E-2A7D8E9F0A1B");
        let braced = round_trip::<Guid>("{0b6f2c1e-5d4a-4f1b-9c3e-2a7d8e9f0a1b}");
        round_trip::<Guid>("0b6f2c1e5d4a4f1b9c3e2a7d8e9f0a1b");
        assert_eq!(upper.uuid(), lower.uuid());
        assert_eq!(braced.uuid(), lower.uuid());
        assert_ne!(upper, lower);
        assert_eq!(Guid::from(lower.uuid()), lower);
        assert_eq!(
            Guid::from(lower.uuid()).to_string(),
            "0b6f2c1e-5d4a-4f1b-9c3e-2a7d8e9f0a1b"
        );
        for input in ["", "not-a-guid", "0b6f2c1e-5d4a-4f1b-9c3e-2a7d8e9f0a1"] {
            assert_eq!(
                parse_error::<Guid>(input).type_name(),
                "Edm.Guid",
                "{input}"
            );
        }
    }

    #[test]
    fn binary_round_trips_and_errors() {
        let padded = round_trip::<Binary>("aGVsbG8=");
        assert_eq!(padded.as_bytes(), b"hello");
        assert!(padded.raw.is_none());
        let unpadded = round_trip::<Binary>("aGVsbG8");
        assert_eq!(unpadded.as_bytes(), b"hello");
        assert_ne!(unpadded, padded);
        let url_safe = round_trip::<Binary>("-_-_");
        assert_eq!(url_safe.as_bytes(), &[0xfb, 0xff, 0xbf]);
        let standard = round_trip::<Binary>("+/+/");
        assert_eq!(standard.as_bytes(), url_safe.as_bytes());
        round_trip::<Binary>("");
        assert_eq!(Binary::from(b"hello".to_vec()), padded);
        assert_eq!(Binary::from(&b"hi"[..]).to_string(), "aGk=");
        assert_eq!(padded.into_bytes(), b"hello".to_vec());
        for input in ["a", "a!b=", "====", "aGVs bG8="] {
            assert_eq!(
                parse_error::<Binary>(input).type_name(),
                "Edm.Binary",
                "{input}"
            );
        }
    }

    #[test]
    fn raw_text_is_kept_only_when_needed() {
        let guid = uuid::Uuid::nil();
        // Same text: nothing kept. A prefix or an extension of it: kept.
        assert_eq!(
            keep_unless_displayed_as("00000000-0000-0000-0000-000000000000", &guid),
            None
        );
        assert!(keep_unless_displayed_as("00000000-0000-0000-0000-00000000000", &guid).is_some());
        assert!(keep_unless_displayed_as("00000000-0000-0000-0000-0000000000000", &guid).is_some());
        assert!(keep_unless_displayed_as("", &guid).is_some());
    }

    #[test]
    fn hash_agrees_with_eq() {
        use std::collections::HashSet;
        let mut set = HashSet::new();
        set.insert("2026-01-22T12:09:23.1Z".parse::<DateTimeOffset>().unwrap());
        set.insert(DateTimeOffset::from(
            "2026-01-22T12:09:23.1Z".parse::<Timestamp>().unwrap(),
        ));
        set.insert("2026-01-22T12:09:23.10Z".parse::<DateTimeOffset>().unwrap());
        assert_eq!(set.len(), 2);
        let mut guids = HashSet::new();
        guids.insert(
            "0b6f2c1e-5d4a-4f1b-9c3e-2a7d8e9f0a1b"
                .parse::<Guid>()
                .unwrap(),
        );
        guids.insert(Guid::from(
            uuid::Uuid::parse_str("0b6f2c1e-5d4a-4f1b-9c3e-2a7d8e9f0a1b").unwrap(),
        ));
        guids.insert(
            "0B6F2C1E-5D4A-4F1B-9C3E-2A7D8E9F0A1B"
                .parse::<Guid>()
                .unwrap(),
        );
        assert_eq!(guids.len(), 2);
    }

    #[test]
    fn serde_errors_name_the_type_and_value() {
        let err = serde_json::from_str::<DateTimeOffset>(r#""nope""#)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("Edm.DateTimeOffset") && err.contains("nope"),
            "{err}"
        );
        let err = serde_json::from_value::<Guid>(json!("nope"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("Edm.Guid") && err.contains("nope"), "{err}");
        let err = serde_json::from_str::<Date>("20260122")
            .unwrap_err()
            .to_string();
        assert!(err.contains("an Edm.Date string"), "{err}");
        let err = serde_json::from_value::<Binary>(json!(null))
            .unwrap_err()
            .to_string();
        assert!(err.contains("an Edm.Binary string"), "{err}");
    }

    #[test]
    fn long_inputs_are_shortened_in_messages() {
        let input = "é".repeat(100);
        let err = parse_error::<Guid>(&input);
        assert_eq!(err.input(), input);
        let message = err.to_string();
        assert!(
            message.contains(&format!("{}...", "é".repeat(64))),
            "{message}"
        );
        assert!(!message.contains(&"é".repeat(65)), "{message}");
    }
}
