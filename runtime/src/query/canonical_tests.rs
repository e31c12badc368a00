//! Literals are the canonical OData form of the value, whatever text it was
//! parsed from (issue 19, section 1): every example of the issue, the JSON
//! round trip that still writes the received text back, and property tests
//! over generated values and every parse form of each EDM type, checked
//! against the OData ABNF rules (`abnf` below) and read back to the same value.

use std::cmp::Ordering;

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use jiff::tz::Offset;
use jiff::{SpanRelativeTo, Timestamp, civil};
use proptest::prelude::*;

use super::*;
use crate::edm::{Binary, Date, DateTimeOffset, Duration, Guid, TimeOfDay};

struct Root;
const WHEN: Property<Root, Option<DateTimeOffset>> = Property::new("createdDateTime");
const DAY: Property<Root, Option<Date>> = Property::new("day");
const TIME: Property<Root, Option<TimeOfDay>> = Property::new("startTime");
const ID: Property<Root, Option<Guid>> = Property::new("activeDirectoryObjectGuid");
const SPAN: Property<Root, Option<Duration>> = Property::new("span");
const BYTES: Property<Root, Option<Binary>> = Property::new("content");
const SPANS: Property<Root, Option<Vec<Duration>>> = Property::new("spans");

fn parse<T: std::str::FromStr>(text: &str) -> T
where
    T::Err: std::fmt::Debug,
{
    text.parse()
        .unwrap_or_else(|e| panic!("{text:?} does not parse: {e:?}"))
}

/// The JSON text of a value: the lossless round-trip contract.
fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_issue_date_time_offsets() {
    for (input, literal) in [
        ("2026-03-01T00:00:00,5Z", "2026-03-01T00:00:00.5Z"),
        ("2026-03-01 00:00:00Z", "2026-03-01T00:00:00Z"),
        ("2026-03-01T00:00:00+0100", "2026-03-01T00:00:00+01:00"),
        (
            "2026-03-01T00:00:00+01:00[Europe/Paris]",
            "2026-03-01T00:00:00+01:00",
        ),
    ] {
        let value: DateTimeOffset = parse(input);
        assert_eq!(
            WHEN.eq(value.clone()).to_string(),
            format!("createdDateTime eq {literal}"),
            "{input}"
        );
        assert!(abnf::date_time_offset(literal));
        // The JSON body still writes the received text.
        assert_eq!(json(&value), format!("\"{input}\""));
    }
    assert_eq!(
        WHEN.ge(Timestamp::MIN).to_string(),
        "createdDateTime ge -9999-01-02T01:59:59Z"
    );
    assert_eq!(
        WHEN.le(Timestamp::MAX).to_string(),
        "createdDateTime le 9999-12-30T22:00:00.999999999Z"
    );
    // .NET's MaxValue lies beyond `Timestamp::MAX`: the literal is still the
    // written instant, not the saturated one.
    let never: DateTimeOffset = parse("9999-12-31T23:59:59.9999999Z");
    assert_eq!(
        WHEN.lt(never).to_string(),
        "createdDateTime lt 9999-12-31T23:59:59.9999999Z"
    );
    let never: DateTimeOffset = parse("9999-12-31 23:59:59,9999999+00:00");
    assert_eq!(
        never.canonical().unwrap(),
        "9999-12-31T23:59:59.9999999+00:00"
    );
    // An offset with seconds has no OData form: the same instant in UTC.
    let odd: DateTimeOffset = parse("2026-03-01T00:00:00+01:00:30");
    assert_eq!(odd.canonical().unwrap(), "2026-02-28T22:59:30Z");
    // ... which only fails beyond the range, where there is no UTC instant.
    let beyond: DateTimeOffset = parse("9999-12-31T23:59:59+00:00:30");
    let error = beyond.canonical().unwrap_err();
    assert_eq!(error.type_name(), "Edm.DateTimeOffset");
    assert!(WHEN.eq(beyond).check().is_err());
}

#[test]
fn the_issue_durations() {
    for (input, literal) in [
        ("P1W", "duration'P7D'"),
        ("PT1.5H", "duration'PT1H30M'"),
        ("PT0,5S", "duration'PT0.5S'"),
        ("PT36H", "duration'P1DT12H'"),
        ("-P1DT0.25S", "duration'-P1DT0.25S'"),
        ("PT0S", "duration'PT0S'"),
        ("P0D", "duration'PT0S'"),
        ("PT90M", "duration'PT1H30M'"),
    ] {
        let value: Duration = parse(input);
        assert_eq!(
            SPAN.eq(value.clone()).to_string(),
            format!("span eq {literal}"),
            "{input}"
        );
        assert_eq!(json(&value), format!("\"{input}\""));
    }
    for input in ["P2Y", "P1M", "-P1Y2M3D", "P1Y1W"] {
        let value: Duration = parse(input);
        let filter = SPAN.eq(value.clone());
        let error = filter.check().unwrap_err();
        assert_eq!(error.type_name(), "Edm.Duration");
        assert_eq!(error.value(), input);
        assert!(error.to_string().contains("months and years"), "{error}");
        // Wherever it hides, a refused value is found and never rendered.
        let nested = SPAN
            .eq(parse::<Duration>("P1D"))
            .and(filter.clone().not().or(SPAN.is_in([value.clone()])));
        assert_eq!(nested.check().unwrap_err(), error);
        assert!(!nested.to_string().contains(&format!("'{input}'")));
        assert_eq!(SPANS.any_eq(value.clone()).check().unwrap_err(), error);
        assert_eq!(value.try_to_literal().unwrap_err(), error);
        assert_eq!(json(&value), format!("\"{input}\""));
    }
}

#[test]
fn the_issue_guids() {
    let canonical = "deadbeef-dead-beef-dead-beefdeadbeef";
    for input in [
        "deadbeefdeadbeefdeadbeefdeadbeef",
        "DEADBEEF-DEAD-BEEF-DEAD-BEEFDEADBEEF",
        "{deadbeef-dead-beef-dead-beefdeadbeef}",
        "urn:uuid:deadbeef-dead-beef-dead-beefdeadbeef",
        "URN:UUID:DEADBEEF-DEAD-BEEF-DEAD-BEEFDEADBEEF",
        canonical,
    ] {
        let value: Guid = parse(input);
        assert_eq!(
            ID.eq(value.clone()).to_string(),
            format!("activeDirectoryObjectGuid eq {canonical}"),
            "{input}"
        );
        assert_eq!(json(&value), format!("\"{input}\""));
    }
}

#[test]
fn the_issue_times_dates_and_binary() {
    let time: TimeOfDay = parse("12:09:23,5");
    assert_eq!(
        TIME.is_in([time.clone()]).to_string(),
        "startTime in (12:09:23.5)"
    );
    assert_eq!(json(&time), "\"12:09:23,5\"");
    for (input, literal) in [
        ("20260122", "2026-01-22"),
        ("+002026-01-22", "2026-01-22"),
        ("-000044-03-15", "-0044-03-15"),
        ("0044-03-15", "0044-03-15"),
    ] {
        let value: Date = parse(input);
        assert_eq!(
            DAY.eq(value.clone()).to_string(),
            format!("day eq {literal}")
        );
        assert!(abnf::date(literal));
        assert_eq!(json(&value), format!("\"{input}\""));
    }
    let bytes: Binary = parse("+//+Pj8=");
    assert_eq!(
        BYTES.eq(bytes.clone()).to_string(),
        "content eq binary'-__-Pj8='"
    );
    assert_eq!(json(&bytes), "\"+//+Pj8=\"");
}

#[test]
fn url_literals_are_canonical_too() {
    use crate::client::encode::UrlLiteral;
    let at: DateTimeOffset = parse("2026-03-01 00:00:00,5+0100");
    assert_eq!(at.url_literal(), "2026-03-01T00%3A00%3A00.5%2B01%3A00");
    assert_eq!(parse::<Date>("20260122").url_literal(), "2026-01-22");
    assert_eq!(
        parse::<TimeOfDay>("12:09:23,5").url_literal(),
        "12%3A09%3A23.5"
    );
    assert_eq!(
        parse::<Guid>("{DEADBEEF-DEAD-BEEF-DEAD-BEEFDEADBEEF}").url_literal(),
        "deadbeef-dead-beef-dead-beefdeadbeef"
    );
    assert_eq!(parse::<Duration>("P1W").url_literal(), "duration'P7D'");
    assert_eq!(
        parse::<Binary>("+//+Pj8").url_literal(),
        "binary'-__-Pj8%3D'"
    );
    assert_eq!(
        vec![parse::<Duration>("PT1.5H")].url_literal(),
        "[%22PT1H30M%22]"
    );
    let years: Duration = parse("P2Y");
    assert!(years.try_url_literal().is_err());
    assert!(vec![years.clone()].try_url_literal().is_err());
    assert!(Some(years).try_url_literal().is_err());
}

/// A refused value is an error when the request is built or sent, never a
/// request: in `$filter`, in a nested `$expand` filter, and in a function
/// parameter.
#[test]
fn requests_refuse_values_without_literals() {
    use crate::client::encode::UrlLiteral;
    use crate::client::{
        Client, Error, HttpRequest, List, Method, OperationInfo, Permissions, RequestPath,
        Transport, TransportFuture,
    };
    use crate::model::tests::Evidence;

    #[derive(Debug)]
    struct Offline;
    impl Transport for Offline {
        fn send(&self, _: HttpRequest) -> TransportFuture<'_> {
            Box::pin(async { Err(Error::transport("offline")) })
        }
    }
    static LIST: OperationInfo =
        OperationInfo::new(Method::Get, "/security/evidence", Permissions::EMPTY);
    const TIMEOUT: Property<Evidence, Option<Duration>> = Property::new("timeout");
    const MORE: Property<Evidence, Option<Vec<Evidence>>> = Property::new("more");

    let client = Client::builder()
        .bearer_token("token")
        .transport(Offline)
        .build()
        .unwrap();
    let node = || RequestPath::root(&client, "security").segment("evidence");
    let years: Duration = parse("P2Y");

    let fine = List::<Evidence>::new(node(), &LIST)
        .filter(TIMEOUT.eq(parse::<Duration>("PT36H")))
        .into_request()
        .unwrap();
    assert!(
        fine.url
            .ends_with("?$filter=timeout%20eq%20duration%27P1DT12H%27"),
        "{}",
        fine.url
    );

    let error = List::<Evidence>::new(node(), &LIST)
        .filter(TIMEOUT.eq(years.clone()))
        .into_request()
        .unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains("$filter") && message.contains("P2Y"),
        "{message}"
    );

    let expand = MORE.expand().filter(TIMEOUT.ge(years.clone()));
    assert!(expand.check().is_err());
    let error = List::<Evidence>::new(node(), &LIST)
        .expand([expand])
        .into_request()
        .unwrap_err();
    assert!(error.to_string().contains("$expand"), "{error}");

    let call = node().function("f", &[("timeout", years.url_literal())]);
    let error = call.path().unwrap_err().to_string();
    assert!(
        error.contains("parameter timeout of f") && error.contains("P2Y"),
        "{error}"
    );
}

/// Hand-written recognisers of the OData ABNF rules the literals must match
/// (OData 4.01 ABNF, part 2: `dateTimeOffsetValue`, `dateValue`,
/// `timeOfDayValue`, `durationValue` inside `duration'...'`, `guidValue`,
/// `binaryValue` inside `binary'...'`).
mod abnf {
    /// A cursor over the literal.
    struct Text<'a>(&'a [u8]);

    impl Text<'_> {
        fn eat(&mut self, byte: u8) -> bool {
            match self.0.split_first() {
                Some((&first, rest)) if first == byte => {
                    self.0 = rest;
                    true
                }
                _ => false,
            }
        }
        /// At least `min` and at most `max` digits, their value.
        fn digits(&mut self, min: usize, max: usize) -> Option<u64> {
            let n = self
                .0
                .iter()
                .take(max)
                .take_while(|b| b.is_ascii_digit())
                .count();
            if n < min {
                return None;
            }
            let (digits, rest) = self.0.split_at(n);
            self.0 = rest;
            std::str::from_utf8(digits)
                .ok()?
                .parse()
                .ok()
                .or(Some(u64::MAX))
        }
        fn done(&self) -> bool {
            self.0.is_empty()
        }
    }

    /// `year = [ "-" ] ( "0" 3DIGIT / oneToNine 3*DIGIT )`.
    fn year(t: &mut Text<'_>) -> bool {
        t.eat(b'-');
        let leading_zero = t.0.first() == Some(&b'0');
        let before = t.0.len();
        if t.digits(4, usize::MAX).is_none() {
            return false;
        }
        !(leading_zero && before - t.0.len() > 4)
    }

    fn two(t: &mut Text<'_>, min: u64, max: u64) -> bool {
        t.digits(2, 2).is_some_and(|v| (min..=max).contains(&v))
    }

    fn date_part(t: &mut Text<'_>) -> bool {
        year(t) && t.eat(b'-') && two(t, 1, 12) && t.eat(b'-') && two(t, 1, 31)
    }

    /// `hour ":" minute [ ":" second [ "." fractionalSeconds ] ]`.
    fn time_part(t: &mut Text<'_>) -> bool {
        if !(two(t, 0, 23) && t.eat(b':') && two(t, 0, 59)) {
            return false;
        }
        if t.eat(b':') {
            if !two(t, 0, 59) {
                return false;
            }
            if t.eat(b'.') && t.digits(1, 12).is_none() {
                return false;
            }
        }
        true
    }

    pub fn date(s: &str) -> bool {
        let mut t = Text(s.as_bytes());
        date_part(&mut t) && t.done()
    }

    pub fn time_of_day(s: &str) -> bool {
        let mut t = Text(s.as_bytes());
        time_part(&mut t) && t.done()
    }

    /// `dateTimeOffsetValue = year "-" month "-" day "T" timeOfDayValue
    /// ( "Z" / SIGN hour ":" minute )`.
    pub fn date_time_offset(s: &str) -> bool {
        let mut t = Text(s.as_bytes());
        if !(date_part(&mut t) && t.eat(b'T') && time_part(&mut t)) {
            return false;
        }
        if t.eat(b'Z') {
            return t.done();
        }
        (t.eat(b'+') || t.eat(b'-'))
            && two(&mut t, 0, 23)
            && t.eat(b':')
            && two(&mut t, 0, 59)
            && t.done()
    }

    /// `durationValue = [ SIGN ] "P" [ 1*DIGIT "D" ] [ "T" [ 1*DIGIT "H" ]
    /// [ 1*DIGIT "M" ] [ 1*DIGIT [ "." 1*DIGIT ] "S" ] ]`, with at least one
    /// component.
    pub fn duration(s: &str) -> bool {
        let mut t = Text(s.as_bytes());
        let _ = t.eat(b'-') || t.eat(b'+');
        if !t.eat(b'P') {
            return false;
        }
        let mut any = false;
        let mut unit = |t: &mut Text<'_>, letter: u8, fraction: bool| -> bool {
            let saved = t.0;
            if t.digits(1, usize::MAX).is_none() {
                return true;
            }
            if fraction && t.eat(b'.') && t.digits(1, usize::MAX).is_none() {
                return false;
            }
            if t.eat(letter) {
                any = true;
                true
            } else {
                t.0 = saved;
                true
            }
        };
        if !unit(&mut t, b'D', false) {
            return false;
        }
        if t.eat(b'T') {
            let before = t.0.len();
            if !(unit(&mut t, b'H', false) && unit(&mut t, b'M', false) && unit(&mut t, b'S', true))
            {
                return false;
            }
            if t.0.len() == before {
                return false; // a `T` with nothing after it
            }
        }
        any && t.done()
    }

    /// `guidValue = 8HEXDIG "-" 4HEXDIG "-" 4HEXDIG "-" 4HEXDIG "-" 12HEXDIG`.
    pub fn guid(s: &str) -> bool {
        let groups: Vec<&str> = s.split('-').collect();
        groups.len() == 5
            && groups
                .iter()
                .zip([8, 4, 4, 4, 12])
                .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
    }

    /// `binaryValue = *(4base64char) [ base64b16 / base64b8 ]` with
    /// `base64char = ALPHA / DIGIT / "-" / "_"` and the optional padding.
    pub fn binary(s: &str) -> bool {
        let body = s.trim_end_matches('=');
        let pad = s.len() - body.len();
        let url_safe = body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        let tail = body.len() % 4;
        let padding_ok = match tail {
            0 => pad == 0,
            2 => pad == 0 || pad == 2,
            3 => pad == 0 || pad == 1,
            _ => false,
        };
        // The last character carries no bits beyond the bytes it ends.
        let last_ok = match (tail, body.bytes().last()) {
            (2, Some(c)) => b"AQgw".contains(&c),
            (3, Some(c)) => b"AEIMQUYcgkosw048".contains(&c),
            _ => true,
        };
        url_safe && padding_ok && last_ok
    }
}

#[test]
fn the_recognisers_reject_what_the_issue_reported() {
    for bad in [
        "2026-03-01T00:00:00,5Z",
        "2026-03-01 00:00:00Z",
        "2026-03-01T00:00:00+0100",
        "2026-03-01T00:00:00+01:00[Europe/Paris]",
        "-009999-01-02T01:59:59Z",
    ] {
        assert!(!abnf::date_time_offset(bad), "{bad}");
    }
    for bad in ["P1W", "P2Y", "PT1.5H", "PT0,5S", "PT", "P"] {
        assert!(!abnf::duration(bad), "{bad}");
    }
    assert!(!abnf::guid("deadbeefdeadbeefdeadbeefdeadbeef"));
    assert!(!abnf::time_of_day("12:09:23,5"));
    for bad in ["20260122", "+002026-01-22", "-000044-03-15"] {
        assert!(!abnf::date(bad), "{bad}");
    }
    assert!(!abnf::binary("+//+Pj8="));
    assert!(abnf::binary("-__-Pj8="));
}

/// The literal text of a `$filter` comparison `x eq LITERAL`.
fn filter_literal(filter: String) -> String {
    filter
        .split_once(" eq ")
        .map(|(_, literal)| literal.to_owned())
        .unwrap_or_else(|| panic!("{filter}"))
}

fn inside<'a>(literal: &'a str, prefix: &str) -> &'a str {
    literal
        .strip_prefix(prefix)
        .and_then(|l| l.strip_prefix('\''))
        .and_then(|l| l.strip_suffix('\''))
        .unwrap_or_else(|| panic!("{literal:?} is not {prefix}'...'"))
}

fn check_date_time_offset(value: &DateTimeOffset, instant: Timestamp, offset: Option<Offset>) {
    let literal = filter_literal(WHEN.eq(value.clone()).to_string());
    assert!(abnf::date_time_offset(&literal), "{literal:?}");
    let back: DateTimeOffset = parse(&literal);
    assert_eq!(back.timestamp(), instant, "{literal:?}");
    // The written offset is kept when OData can write it.
    if let Some(offset) = offset.filter(|o| o.seconds() % 60 == 0) {
        assert_eq!(back.offset(), offset, "{literal:?}");
    }
    // The literal is itself canonical: it reads back to the same literal.
    assert_eq!(filter_literal(WHEN.eq(back).to_string()), literal);
}

fn timestamps() -> impl Strategy<Value = Timestamp> {
    (
        Timestamp::MIN.as_second()..=Timestamp::MAX.as_second(),
        0..1_000_000_000i32,
    )
        .prop_map(|(s, ns)| {
            Timestamp::new(s, ns)
                .or_else(|_| Timestamp::new(s, 0))
                .unwrap_or(Timestamp::UNIX_EPOCH)
        })
}

/// A date-time text in one of the forms `FromStr` accepts, and the instant
/// and offset it says.
fn date_time_texts() -> impl Strategy<Value = (String, Timestamp, Option<Offset>)> {
    (
        (1i16..=9998, 1i8..=12, 1i8..=28),
        (0i8..=23, 0i8..=59, 0i8..=59),
        (0u32..=9, any::<u32>()),
        (0usize..3, 0usize..2, 0usize..2),
        (0usize..6, -(23 * 60 + 59)..=(23 * 60 + 59i32)),
        (any::<bool>(), 0usize..2),
    )
        .prop_map(
            |(
                (y, mo, d),
                (h, mi, s),
                (digits, f),
                (sep, comma, year_form),
                (zone, off),
                (annotated, case),
            )| {
                let nanos = if digits == 0 {
                    0
                } else {
                    let unit = 10u32.pow(9 - digits);
                    (f % 10u32.pow(digits)) * unit
                };
                let year = if year_form == 0 {
                    format!("{y:04}")
                } else {
                    format!("+{y:06}")
                };
                let t = ["T", "t", " "][sep];
                let mut text = format!("{year}-{mo:02}-{d:02}{t}{h:02}:{mi:02}:{s:02}");
                if digits > 0 {
                    let fraction = format!("{:09}", nanos);
                    text.push(if comma == 1 { ',' } else { '.' });
                    text.push_str(&fraction[..digits as usize]);
                }
                let minutes = off.unsigned_abs();
                let sign = if off < 0 { '-' } else { '+' };
                let (oh, om) = (minutes / 60, minutes % 60);
                let offset = match zone {
                    0 => {
                        text.push(if case == 0 { 'Z' } else { 'z' });
                        None
                    }
                    1 => {
                        text.push_str(&format!("{sign}{oh:02}:{om:02}"));
                        Some(off)
                    }
                    2 => {
                        text.push_str(&format!("{sign}{oh:02}{om:02}"));
                        Some(off)
                    }
                    3 => {
                        text.push_str(&format!("{sign}{oh:02}"));
                        Some(off / 60 * 60)
                    }
                    4 => {
                        text.push_str(&format!("{sign}{oh:02}:{om:02}:30"));
                        Some(off.signum() * (minutes as i32 * 60 + 30) / 60 * 60)
                    }
                    _ => {
                        text.push_str("+00:00");
                        Some(0)
                    }
                };
                if annotated {
                    text.push_str("[Europe/Paris]");
                }
                let offset_seconds = match (zone, offset) {
                    (4, _) => {
                        let s = minutes as i32 * 60 + 30;
                        Some(if off < 0 { -s } else { s })
                    }
                    (_, Some(minutes)) => Some(minutes * 60),
                    (_, None) => None,
                };
                let offset = offset_seconds.map(|s| Offset::from_seconds(s).unwrap_or(Offset::UTC));
                let civil = civil::date(y, mo, d).at(h, mi, s, i32::try_from(nanos).unwrap_or(0));
                let instant = offset
                    .unwrap_or(Offset::UTC)
                    .to_timestamp(civil)
                    .unwrap_or(Timestamp::UNIX_EPOCH);
                (text, instant, offset)
            },
        )
}

/// A date text in one of the forms `FromStr` accepts, and the date.
fn date_texts() -> impl Strategy<Value = (String, civil::Date)> {
    (-9999i16..=9999, 1i8..=12, 1i8..=28, 0usize..3).prop_map(|(y, m, d, form)| {
        let text = match form {
            0 if y >= 0 => format!("{y:04}-{m:02}-{d:02}"),
            1 if y >= 0 => format!("{y:04}{m:02}{d:02}"),
            _ if y < 0 => format!("-{:06}-{m:02}-{d:02}", y.unsigned_abs()),
            _ => format!("+{y:06}-{m:02}-{d:02}"),
        };
        (text, civil::date(y, m, d))
    })
}

/// A time text in one of the forms `FromStr` accepts, and the time.
fn time_texts() -> impl Strategy<Value = (String, civil::Time)> {
    (
        0i8..=23,
        0i8..=59,
        0i8..=59,
        0u32..=9,
        any::<u32>(),
        0usize..4,
    )
        .prop_map(|(h, m, s, digits, f, form)| {
            let nanos = if digits == 0 {
                0
            } else {
                (f % 10u32.pow(digits)) * 10u32.pow(9 - digits)
            };
            let mut text = if form % 2 == 0 {
                format!("{h:02}:{m:02}:{s:02}")
            } else {
                format!("{h:02}{m:02}{s:02}")
            };
            if digits > 0 {
                text.push(if form >= 2 { ',' } else { '.' });
                text.push_str(&format!("{nanos:09}")[..digits as usize]);
            }
            (
                text,
                civil::time(h, m, s, i32::try_from(nanos).unwrap_or(0)),
            )
        })
}

/// A day-time duration text in one of the ISO forms `FromStr` accepts.
fn duration_texts() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        proptest::option::of(0u32..500),
        proptest::option::of(0u32..500),
        proptest::option::of(0u32..100),
        proptest::option::of(0u32..10_000),
        proptest::option::of((0u32..100_000, 0u32..=9, any::<u32>(), any::<bool>())),
        proptest::option::of((0u32..100, 1u32..=9, any::<u32>())),
    )
        .prop_filter_map(
            "an ISO duration has at least one unit",
            |(negative, weeks, days, hours, minutes, seconds, fractional_hours)| {
                let mut text = String::from(if negative { "-P" } else { "P" });
                if let Some(w) = weeks {
                    text.push_str(&format!("{w}W"));
                }
                if let Some(d) = days {
                    text.push_str(&format!("{d}D"));
                }
                let mut time = String::new();
                if let Some((h, digits, f, _)) = fractional_hours.map(|(h, d, f)| (h, d, f, ())) {
                    // A fractional hour ends the duration (ISO 8601).
                    let fraction = format!("{:09}", f % 1_000_000_000);
                    time.push_str(&format!("{h}.{}H", &fraction[..digits as usize]));
                } else {
                    if let Some(h) = hours {
                        time.push_str(&format!("{h}H"));
                    }
                    if let Some(m) = minutes {
                        time.push_str(&format!("{m}M"));
                    }
                    if let Some((s, digits, f, comma)) = seconds {
                        time.push_str(&format!("{s}"));
                        if digits > 0 {
                            let fraction = format!("{:09}", f % 1_000_000_000);
                            time.push(if comma { ',' } else { '.' });
                            time.push_str(&fraction[..digits as usize]);
                        }
                        time.push('S');
                    }
                }
                if !time.is_empty() {
                    text.push('T');
                    text.push_str(&time);
                }
                (text.len() > 2).then_some(text)
            },
        )
}

/// The literal of `duration` reads back to an equal span (days of 24 hours).
fn check_duration(duration: &Duration) -> Result<(), TestCaseError> {
    let literal = filter_literal(SPAN.eq(duration.clone()).to_string());
    let text = inside(&literal, "duration");
    prop_assert!(abnf::duration(text), "{literal:?} from {duration:?}");
    let back: Duration = parse(text);
    let order = back
        .span()
        .compare((duration.span(), SpanRelativeTo::days_are_24_hours()))
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(order, Ordering::Equal, "{:?} from {:?}", literal, duration);
    prop_assert_eq!(back.canonical().ok(), Some(text.to_owned()));
    Ok(())
}

proptest! {
    #[test]
    fn date_time_offset_values(instant in timestamps()) {
        check_date_time_offset(&DateTimeOffset::from(instant), instant, None);
    }

    #[test]
    fn date_time_offset_texts((text, instant, offset) in date_time_texts()) {
        let value: DateTimeOffset = parse(&text);
        check_date_time_offset(&value, instant, offset);
        prop_assert_eq!(json(&value), format!("\"{text}\""));
    }

    #[test]
    fn date_values(days in -3_652_059i32..=2_932_896) {
        let date = civil::date(1970, 1, 1)
            .checked_add(jiff::Span::new().days(days))
            .unwrap_or(civil::date(1970, 1, 1));
        let literal = filter_literal(DAY.eq(Date::from(date)).to_string());
        prop_assert!(abnf::date(&literal), "{literal:?}");
        prop_assert_eq!(parse::<Date>(&literal).date(), date);
    }

    #[test]
    fn date_texts_((text, date) in date_texts()) {
        let value: Date = parse(&text);
        let literal = filter_literal(DAY.eq(value.clone()).to_string());
        prop_assert!(abnf::date(&literal), "{literal:?} from {text:?}");
        prop_assert_eq!(parse::<Date>(&literal).date(), date);
        prop_assert_eq!(json(&value), format!("\"{text}\""));
    }

    #[test]
    fn time_of_day_texts((text, time) in time_texts()) {
        // jiff refuses some basic-format times as ambiguous (`010100`).
        prop_assume!(text.contains(':') || text.parse::<TimeOfDay>().is_ok());
        for value in [parse::<TimeOfDay>(&text), TimeOfDay::from(time)] {
            let literal = filter_literal(TIME.eq(value.clone()).to_string());
            prop_assert!(abnf::time_of_day(&literal), "{literal:?} from {text:?}");
            prop_assert_eq!(parse::<TimeOfDay>(&literal).time(), time);
        }
        prop_assert_eq!(json(&parse::<TimeOfDay>(&text)), format!("\"{text}\""));
    }

    #[test]
    fn duration_texts_(text in duration_texts()) {
        let value: Duration = parse(&text);
        check_duration(&value)?;
        prop_assert_eq!(json(&value), format!("\"{text}\""));
    }

    #[test]
    fn duration_values(
        negative in any::<bool>(),
        units in (0i64..1000, 0i64..1000, 0i64..10_000, 0i64..100_000, 0i64..1_000_000, 0i64..2_000_000, 0i64..2_000_000, 0i64..2_000_000),
    ) {
        let (w, d, h, m, s, ms, us, ns) = units;
        let span = jiff::Span::new()
            .weeks(w).days(d).hours(h).minutes(m).seconds(s)
            .milliseconds(ms).microseconds(us).nanoseconds(ns);
        let span = if negative { span.negate() } else { span };
        check_duration(&Duration::from(span))?;
    }

    #[test]
    fn calendar_durations_are_refused(years in 0i64..100, months in 0i64..100, days in 0i64..100) {
        prop_assume!(years + months > 0);
        let value = Duration::from(jiff::Span::new().years(years).months(months).days(days));
        let error = SPAN.eq(value.clone()).check().unwrap_err();
        prop_assert_eq!(error.value(), value.to_string());
    }

    #[test]
    fn guid_texts(bits in any::<u128>(), form in 0usize..6) {
        let uuid = uuid::Uuid::from_u128(bits);
        let text = match form {
            0 => uuid.hyphenated().to_string(),
            1 => uuid.hyphenated().to_string().to_uppercase(),
            2 => uuid.simple().to_string(),
            3 => uuid.braced().to_string(),
            4 => uuid.urn().to_string(),
            _ => uuid.urn().to_string().to_uppercase(),
        };
        let value: Guid = parse(&text);
        for value in [value.clone(), Guid::from(uuid)] {
            let literal = filter_literal(ID.eq(value).to_string());
            prop_assert!(abnf::guid(&literal), "{literal:?} from {text:?}");
            prop_assert_eq!(parse::<Guid>(&literal).uuid(), uuid);
        }
        prop_assert_eq!(json(&value), format!("\"{text}\""));
    }

    #[test]
    fn binary_texts(bytes in proptest::collection::vec(any::<u8>(), 0..64), form in 0usize..4) {
        let engine = [&STANDARD, &STANDARD_NO_PAD, &URL_SAFE, &URL_SAFE_NO_PAD][form];
        let text = engine.encode(&bytes);
        let value: Binary = parse(&text);
        for value in [value.clone(), Binary::from(bytes.clone())] {
            let literal = filter_literal(BYTES.eq(value).to_string());
            let inner = inside(&literal, "binary");
            prop_assert!(abnf::binary(inner), "{literal:?} from {text:?}");
            let back: Binary = parse(inner);
            prop_assert_eq!(back.as_bytes(), &bytes[..]);
        }
        prop_assert_eq!(json(&value), format!("\"{text}\""));
    }
}

/// `doubleValue = decimalValue [ "e" [ SIGN ] 1*DIGIT ] / nanInfinity` with
/// `decimalValue = [ SIGN ] 1*DIGIT [ "." 1*DIGIT ]`.
fn is_double(s: &str) -> bool {
    if matches!(s, "NaN" | "INF" | "-INF") {
        return true;
    }
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let unsigned = |t: &str| t.strip_prefix(['-', '+']).unwrap_or(t).to_owned();
    let (mantissa, exponent) = match s.split_once('e') {
        Some((m, e)) => (m, Some(e)),
        None => (s, None),
    };
    let mantissa = unsigned(mantissa);
    let mantissa_ok = match mantissa.split_once('.') {
        Some((whole, fraction)) => digits(whole) && digits(fraction),
        None => digits(&mantissa),
    };
    mantissa_ok && exponent.is_none_or(|e| digits(&unsigned(e)))
}

proptest! {
    /// The other EDM types' literals: `Edm.Double`/`Edm.Single` (every bit
    /// pattern, `NaN`/`INF` included), `Edm.Int64`, `Edm.Boolean`.
    #[test]
    fn number_and_boolean_literals(bits in any::<u64>(), single in any::<u32>(), int in any::<i64>(), flag in any::<bool>()) {
        let double = f64::from_bits(bits);
        let literal = double.to_literal();
        prop_assert!(is_double(&literal), "{literal:?}");
        let back: f64 = match literal.as_str() {
            "NaN" => f64::NAN,
            "INF" => f64::INFINITY,
            "-INF" => f64::NEG_INFINITY,
            text => text.parse().map_err(|e| TestCaseError::fail(format!("{e}")))?,
        };
        prop_assert!(back.to_bits() == double.to_bits() || (back.is_nan() && double.is_nan()), "{literal:?}");
        let single = f32::from_bits(single);
        let literal = single.to_literal();
        prop_assert!(is_double(&literal), "{literal:?}");
        if single.is_finite() {
            prop_assert_eq!(literal.parse::<f32>().ok().map(f32::to_bits), Some(single.to_bits()));
        }
        prop_assert_eq!(int.to_literal().parse::<i64>().ok(), Some(int));
        prop_assert_eq!(flag.to_literal(), flag.to_string());
    }
}
