//! `Edm.Duration`: an ISO 8601 duration.

use std::borrow::Cow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::str::FromStr;

use jiff::fmt::StdFmtWrite;
use jiff::fmt::temporal::{SpanParser, SpanPrinter};
use serde::de::{Deserialize, Deserializer};
use serde::ser::{Serialize, Serializer};

use super::*;

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
