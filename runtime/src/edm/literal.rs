//! The canonical OData text of each EDM value, shared by every literal the
//! crate writes (`$filter`, function parameters in the URL): the writers of
//! the pieces the types have in common (years, dates, times, fractions) and
//! [`LiteralError`], the refusal of a value that has no OData form.
//!
//! These writers look at the *value* only, never at the text it was parsed
//! from: that text (kept for the lossless JSON round trip) may be any of the
//! spellings the parsers accept (`2026-03-01 00:00:00,5+0100`, `P1W`,
//! unhyphenated GUIDs, standard base64), most of which are not OData.

use std::fmt;
use std::fmt::Write as _;

use jiff::civil;

/// A value that has no OData literal form, refused instead of written: a
/// calendar [`Duration`](crate::Duration) (months or years, which have no
/// fixed length, while `Edm.Duration` is a day-time duration), or a
/// [`DateTimeOffset`](crate::DateTimeOffset) whose instant cannot be written
/// with an offset OData allows (only when it lies beyond
/// [`jiff::Timestamp`]'s range and was written with an offset of 24 hours or
/// more, or with seconds).
///
/// A typed `$filter` holding such a value is refused by the request builder
/// (an `client::ErrorKind::InvalidInput`
/// error when the request is sent); [`Filter::check`](crate::query::Filter::check)
/// reports it when the filter is built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiteralError {
    type_name: &'static str,
    value: Box<str>,
    reason: &'static str,
}

impl LiteralError {
    pub(crate) fn new(
        type_name: &'static str,
        value: &dyn fmt::Display,
        reason: &'static str,
    ) -> Self {
        Self {
            type_name,
            value: value.to_string().into_boxed_str(),
            reason,
        }
    }

    /// The EDM type of the value, e.g. `"Edm.Duration"`.
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// The value, as its wire text (e.g. `P2Y`).
    pub fn value(&self) -> &str {
        &self.value
    }

    /// Why it has no literal.
    pub fn reason(&self) -> &str {
        self.reason
    }
}

impl fmt::Display for LiteralError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the {} value {:?} has no OData literal: {}",
            self.type_name, self.value, self.reason
        )
    }
}

impl std::error::Error for LiteralError {}

/// Writes `year` as the OData ABNF `year`: `["-"]` and at least four digits,
/// zero-padded to four and no further (`0044`, `-0044`, `-9999`, `2026`).
pub(super) fn write_year(out: &mut String, year: i16) {
    if year < 0 {
        out.push('-');
    }
    let _ = write!(out, "{:04}", year.unsigned_abs());
}

/// `yyyy-mm-dd` (OData `dateValue`).
pub(super) fn write_date(out: &mut String, date: civil::Date) {
    write_year(out, date.year());
    let _ = write!(out, "-{:02}-{:02}", date.month(), date.day());
}

/// `hh:mm:ss` and the fraction when there is one (OData `timeOfDayValue`).
pub(super) fn write_time(out: &mut String, time: civil::Time) {
    let _ = write!(
        out,
        "{:02}:{:02}:{:02}",
        time.hour(),
        time.minute(),
        time.second()
    );
    write_fraction(out, time.subsec_nanosecond());
}

/// `.` and the nanoseconds `nanos` with the trailing zeros dropped; nothing
/// when `nanos` is zero.
pub(super) fn write_fraction(out: &mut String, nanos: i32) {
    if nanos <= 0 {
        return;
    }
    let digits = format!("{nanos:09}");
    out.push('.');
    out.push_str(digits.trim_end_matches('0'));
}
