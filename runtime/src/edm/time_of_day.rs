//! `Edm.TimeOfDay`: a time of day.

use std::borrow::Cow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::str::FromStr;

use jiff::civil;
use jiff::fmt::StdFmtWrite;
use jiff::fmt::temporal::{DateTimeParser, DateTimePrinter};
use serde::de::{Deserialize, Deserializer};
use serde::ser::{Serialize, Serializer};

use super::literal;
use super::*;

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
    pub(super) raw: Option<Box<str>>,
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

    /// The canonical OData literal of the time (`timeOfDayValue`):
    /// `hh:mm:ss` and, when there is one, `.` and the fraction without
    /// trailing zeros, whatever text it was parsed from (`12:09:23,5` gives
    /// `12:09:23.5`, `120923` gives `12:09:23`).
    ///
    /// ```
    /// use msgraph_security_runtime::TimeOfDay;
    ///
    /// assert_eq!("12:09:23,5".parse::<TimeOfDay>()?.canonical(), "12:09:23.5");
    /// # Ok::<(), msgraph_security_runtime::EdmParseError>(())
    /// ```
    pub fn canonical(&self) -> String {
        let mut out = String::with_capacity(18);
        literal::write_time(&mut out, self.time);
        out
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
