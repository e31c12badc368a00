//! `Edm.DateTimeOffset`: an instant and the UTC offset it was written with.

use std::borrow::Cow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::str::FromStr;

use jiff::Timestamp;
use jiff::fmt::StdFmtWrite;
use jiff::fmt::temporal::{DateTimePrinter, Pieces, PiecesOffset};
use jiff::tz::Offset;
use serde::de::{Deserialize, Deserializer};
use serde::ser::{Serialize, Serializer};

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
