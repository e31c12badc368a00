//! `Edm.DateTimeOffset`: an instant and the UTC offset it was written with.

use std::borrow::Cow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::str::FromStr;

use std::fmt::Write as _;

use jiff::fmt::StdFmtWrite;
use jiff::fmt::temporal::{DateTimePrinter, Pieces, PiecesOffset};
use jiff::tz::Offset;
use jiff::{Timestamp, civil};
use serde::de::{Deserialize, Deserializer};
use serde::ser::{Serialize, Serializer};

use super::literal::{self, LiteralError};
use super::*;

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
    pub(super) timestamp: Timestamp,
    /// `None` for `Z`.
    pub(super) offset: Option<Offset>,
    /// Fractional digits to print; `None` prints as many as needed.
    pub(super) precision: Option<u8>,
    pub(super) raw: Option<Box<str>>,
    /// The date-time as written (in `offset`), kept only when the instant
    /// lies beyond [`Timestamp`]'s range (`timestamp` saturated), so the
    /// literal still denotes the written value.
    pub(super) beyond: Option<civil::DateTime>,
}

impl DateTimeOffset {
    /// The instant `timestamp`, written in UTC (`Z`).
    pub const fn new(timestamp: Timestamp) -> Self {
        Self {
            timestamp,
            offset: None,
            precision: None,
            raw: None,
            beyond: None,
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

    /// The canonical OData literal of the value (`dateTimeOffsetValue`):
    /// `yyyy-mm-ddThh:mm:ss`, the fraction without trailing zeros when there
    /// is one, then `Z` or the offset the value was written with as `±hh:mm`.
    /// Years are written with at least four digits and a `-` before the
    /// year when negative (`-9999-01-02T01:59:59Z` for
    /// [`Timestamp::MIN`]): every [`Timestamp`] has a literal.
    ///
    /// It depends on the value only, never on the text it was parsed from
    /// (`2026-03-01 00:00:00,5+0100` gives `2026-03-01T00:00:00.5+01:00`); an
    /// offset OData cannot write (with seconds, or of 24 hours or more) is
    /// replaced by `Z` with the same instant. The one refusal
    /// ([`LiteralError`]): an instant beyond [`Timestamp`]'s range (see the
    /// type's documentation) written with such an offset.
    ///
    /// ```
    /// use msgraph_security_runtime::DateTimeOffset;
    ///
    /// let value: DateTimeOffset = "2026-03-01 00:00:00,50+0100".parse()?;
    /// assert_eq!(value.canonical()?, "2026-03-01T00:00:00.5+01:00");
    /// assert_eq!(value.to_string(), "2026-03-01 00:00:00,50+0100"); // the JSON text
    /// let min = DateTimeOffset::from(jiff::Timestamp::MIN);
    /// assert_eq!(min.canonical()?, "-9999-01-02T01:59:59Z");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn canonical(&self) -> Result<String, LiteralError> {
        let mut out = String::with_capacity(36);
        self.write_canonical(&mut out)?;
        Ok(out)
    }

    /// Appends [`canonical`](Self::canonical) to `out` (nothing on error).
    pub(crate) fn write_canonical(&self, out: &mut String) -> Result<(), LiteralError> {
        let writable = self.offset.filter(|offset| {
            let seconds = offset.seconds();
            seconds % 60 == 0 && seconds.abs() < 24 * 3600
        });
        let (datetime, offset) = match self.beyond {
            Some(datetime) if writable == self.offset => (datetime, writable),
            Some(_) => {
                return Err(LiteralError::new(
                    Self::TYPE_NAME,
                    self,
                    "the instant lies beyond the supported range and its UTC offset has no OData form",
                ));
            }
            None => (
                writable.unwrap_or(Offset::UTC).to_datetime(self.timestamp),
                writable,
            ),
        };
        literal::write_date(out, datetime.date());
        out.push('T');
        literal::write_time(out, datetime.time());
        match offset {
            None => out.push('Z'),
            Some(offset) => {
                let seconds = offset.seconds();
                out.push(if seconds < 0 { '-' } else { '+' });
                let minutes = seconds.unsigned_abs() / 60;
                let _ = write!(out, "{:02}:{:02}", minutes / 60, minutes % 60);
            }
        }
        Ok(())
    }

    fn printer(&self) -> DateTimePrinter {
        DateTimePrinter::new().precision(self.precision)
    }
}

impl EdmValue for DateTimeOffset {
    const TYPE_NAME: &'static str = "Edm.DateTimeOffset";

    fn parse_wire(input: &str) -> Result<Self, EdmParseError> {
        let error = |reason: &dyn fmt::Display| EdmParseError::new(Self::TYPE_NAME, input, reason);
        let expanded = expanded_year(input);
        let pieces = Pieces::parse(&*expanded).map_err(|e| error(&e))?;
        let time = pieces
            .time()
            .ok_or_else(|| error(&"missing the time of day"))?;
        let written = pieces
            .offset()
            .ok_or_else(|| error(&"missing the UTC offset (`Z` or `+hh:mm`)"))?;
        let datetime = pieces.date().to_datetime(time);
        let (timestamp, beyond) = match written.to_numeric_offset().to_timestamp(datetime) {
            Ok(timestamp) => (timestamp, None),
            // Only the outermost hours of years -9999 and 9999 fail: saturate.
            Err(_) if datetime.year() > 0 => (Timestamp::MAX, Some(datetime)),
            Err(_) => (Timestamp::MIN, Some(datetime)),
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
            beyond,
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
