//! `Edm.Duration`: an ISO 8601 duration.

use std::borrow::Cow;
use std::fmt;
use std::fmt::Write as _;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::str::FromStr;

use jiff::fmt::StdFmtWrite;
use jiff::fmt::temporal::{SpanParser, SpanPrinter};
use serde::de::{Deserialize, Deserializer};
use serde::ser::{Serialize, Serializer};

use super::literal::{self, LiteralError};
use super::*;

/// An `Edm.Duration`: an ISO 8601 duration (a [`jiff::Span`]) such as
/// `PT1H30M`, `P1D`, `-P1D`, `P1W`, `P2Y` or `PT0.1433333S`.
///
/// Every one of these reads and is written back as received in JSON; a
/// literal (in a `$filter` or the URL) is the day-time form of
/// [`canonical`](Self::canonical), which refuses months and years.
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
    pub(super) raw: Option<Box<str>>,
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

    /// The canonical OData literal text of the duration (`durationValue`,
    /// without the `duration'...'` around it): a day-time duration
    /// `[-]P[nD][T[nH][nM][n[.n]S]]` with every unit carried into the next
    /// larger one (`PT36H` gives `P1DT12H`, `P1W` gives `P7D`, `PT1.5H` gives
    /// `PT1H30M`, `PT0,5S` gives `PT0.5S`) and `PT0S` for zero. A day is 24
    /// hours, as in OData.
    ///
    /// Months and years have no fixed length, so a span with either (`P2Y`,
    /// `P1M`) has no `Edm.Duration` literal: it is refused with a
    /// [`LiteralError`] rather than converted with a guessed length.
    ///
    /// ```
    /// use msgraph_security_runtime::Duration;
    ///
    /// assert_eq!("P1W".parse::<Duration>()?.canonical()?, "P7D");
    /// assert_eq!("PT1.5H".parse::<Duration>()?.canonical()?, "PT1H30M");
    /// assert!("P2Y".parse::<Duration>()?.canonical().is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn canonical(&self) -> Result<String, LiteralError> {
        let mut out = String::with_capacity(16);
        self.write_canonical(&mut out)?;
        Ok(out)
    }

    /// Appends [`canonical`](Self::canonical) to `out` (nothing on error).
    pub(crate) fn write_canonical(&self, out: &mut String) -> Result<(), LiteralError> {
        const SECOND: i128 = 1_000_000_000;
        let span = self.span;
        if span.get_years() != 0 || span.get_months() != 0 {
            return Err(LiteralError::new(
                Self::TYPE_NAME,
                self,
                "months and years have no fixed length; an Edm.Duration is days, hours, minutes and seconds",
            ));
        }
        let days = i128::from(span.get_weeks()) * 7 + i128::from(span.get_days());
        let seconds =
            ((days * 24 + i128::from(span.get_hours())) * 60 + i128::from(span.get_minutes())) * 60
                + i128::from(span.get_seconds());
        let total = seconds * SECOND
            + i128::from(span.get_milliseconds()) * 1_000_000
            + i128::from(span.get_microseconds()) * 1_000
            + i128::from(span.get_nanoseconds());
        if total < 0 {
            out.push('-');
        }
        out.push('P');
        let total = total.unsigned_abs();
        let second = SECOND.unsigned_abs();
        let (whole, nanos) = (total / second, total % second);
        let (days, rest) = (whole / 86_400, whole % 86_400);
        let (hours, minutes, seconds) = (rest / 3600, rest % 3600 / 60, rest % 60);
        if days > 0 {
            let _ = write!(out, "{days}D");
        }
        if rest > 0 || nanos > 0 || days == 0 {
            out.push('T');
            if hours > 0 {
                let _ = write!(out, "{hours}H");
            }
            if minutes > 0 {
                let _ = write!(out, "{minutes}M");
            }
            if seconds > 0 || nanos > 0 || (days == 0 && hours == 0 && minutes == 0) {
                let _ = write!(out, "{seconds}");
                literal::write_fraction(out, i32::try_from(nanos).unwrap_or(0));
                out.push('S');
            }
        }
        Ok(())
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
