//! `Edm.Date`: a calendar date.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::str::FromStr;

use jiff::civil;
use jiff::fmt::StdFmtWrite;
use jiff::fmt::temporal::{DateTimePrinter, Pieces};
use serde::de::{Deserialize, Deserializer};
use serde::ser::{Serialize, Serializer};

use super::literal;
use super::*;

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
    pub(super) raw: Option<Box<str>>,
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

    /// The canonical OData literal of the date (`dateValue`): `yyyy-mm-dd`,
    /// the year with at least four digits and a `-` when negative
    /// (`-0044-03-15`), whatever text it was parsed from (`20260122` and
    /// `+002026-01-22` both give `2026-01-22`).
    ///
    /// ```
    /// use msgraph_security_runtime::Date;
    ///
    /// assert_eq!("20260122".parse::<Date>()?.canonical(), "2026-01-22");
    /// assert_eq!("-000044-03-15".parse::<Date>()?.canonical(), "-0044-03-15");
    /// # Ok::<(), msgraph_security_runtime::EdmParseError>(())
    /// ```
    pub fn canonical(&self) -> String {
        let mut out = String::with_capacity(11);
        literal::write_date(&mut out, self.date);
        out
    }
}

impl EdmValue for Date {
    const TYPE_NAME: &'static str = "Edm.Date";

    fn parse_wire(input: &str) -> Result<Self, EdmParseError> {
        let error = |reason: &dyn fmt::Display| EdmParseError::new(Self::TYPE_NAME, input, reason);
        let expanded = expanded_year(input);
        let pieces = Pieces::parse(&*expanded).map_err(|e| error(&e))?;
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
