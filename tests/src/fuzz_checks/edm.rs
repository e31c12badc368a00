//! The runtime's value parsers: flags, `DateTimeOffset`, `Date`, `TimeOfDay`,
//! `Duration`, `Guid`, `Binary`, `Int64`, `Double` and `Retry-After`.
//!
//! Every input is tried with each parser, as text and (for the JSON codecs) as
//! a JSON document. Invariants:
//! - **EDM string types** (`DateTimeOffset`, `Date`, `TimeOfDay`, `Duration`,
//!   `Guid`, `Binary`): an accepted value is written back byte for byte
//!   (`Display` and JSON), reads back equal, and its typed value agrees with the
//!   underlying library reading the canonical text (jiff, uuid, base64): what
//!   was read is what the text says, not just the same bytes. The literal
//!   (`canonical()`, what `$filter` and URL parameters write) is in the OData
//!   form whatever the input's spelling (`T`, `.` fraction, `Z`/`±hh:mm`,
//!   lowercase 8-4-4-4-12, base64url) and reads back to the same value.
//! - **Flags** (`Flags<E>`, never fails): normalised, not byte for byte. The
//!   documented normalisation: pieces are trimmed, empty pieces dropped, member
//!   names matched ignoring ASCII case and written in the schema's spelling,
//!   known members written in ascending value order and deduplicated, unknown
//!   names kept as written after them; the empty set is written as the zero
//!   member (`none`) when the enum has one. So the written form is a fixed point
//!   (reads back to an equal set that is written the same), every known member
//!   named in the input is in the set, and a JSON number reads as the set of
//!   its bits.
//! - **`Int64`** (codec): accepts a JSON integer, a whole float in range, or a
//!   string holding an integer; always writes a JSON integer. The value is the
//!   one the JSON says (differential against `serde_json::Value`), and a JSON
//!   integer in canonical form is written back byte for byte.
//! - **`Double`** (codec): the value is the one the JSON says; it is written as
//!   serde_json writes an `f64` (shortest round-trip form, e.g. `1e3` -> `1000.0`)
//!   or as `"NaN"`/`"INF"`/`"-INF"`, which reads back to the same bits.
//! - **`Retry-After`** ([`parse_retry_after`]): delta-seconds (digits, spaces
//!   around trimmed, saturating at `u64::MAX` seconds) give exactly that wait;
//!   an HTTP date gives the time until it (zero when past), and that instant,
//!   written as an IMF-fixdate, gives the same wait.

use std::str::FromStr;
use std::time::{Duration as StdDuration, SystemTime};

use msgraph_security::client::parse_retry_after;
use msgraph_security::models::{CorrelationReason, DataSourceScopes};
use msgraph_security::runtime::codec::{Double, Int64, Seed, Ser};
use msgraph_security::runtime::{
    Binary, Date, DateTimeOffset, Duration, EdmParseError, Flags, FlagsEnum, Guid, TimeOfDay,
};
use serde::de::DeserializeSeed as _;
use serde_json::Value;

use super::shown;

/// Target `edm`: the input through every parser of the module.
pub fn check(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    date_time_offset(&text);
    date(&text);
    time_of_day(&text);
    duration(&text);
    guid(&text);
    binary(&text);
    flags::<CorrelationReason>(&text);
    flags::<DataSourceScopes>(&text);
    retry_after(&text);
    int64(data);
    double(data);
    if let Ok(Value::Number(_)) = serde_json::from_slice::<Value>(data) {
        flags_number::<CorrelationReason>(data);
    }
}

/// The common invariants of the EDM string types; the value when accepted.
fn wire<T>(text: &str) -> Option<T>
where
    T: FromStr<Err = EdmParseError>
        + std::fmt::Display
        + std::fmt::Debug
        + PartialEq
        + serde::Serialize
        + serde::de::DeserializeOwned,
{
    let value = match T::from_str(text) {
        Ok(value) => value,
        Err(e) => {
            assert_eq!(e.input(), text, "the error keeps the input");
            let _ = e.to_string();
            return None;
        }
    };
    assert_eq!(
        value.to_string(),
        text,
        "{value:?} is not written back as read"
    );
    let json = match serde_json::to_string(&value) {
        Ok(json) => json,
        Err(e) => panic!("{value:?} does not serialize: {e}"),
    };
    let quoted = serde_json::to_string(text).unwrap_or_default();
    assert_eq!(json, quoted, "{value:?}: JSON form differs from the input");
    let again: T = match serde_json::from_str(&json) {
        Ok(again) => again,
        Err(e) => panic!("{value:?}: its JSON does not read back: {e}"),
    };
    assert_eq!(again, value, "read back from its JSON as another value");
    Some(value)
}

/// The canonical form (written from what `text` read as) reads back to a
/// value whose `part` is `expected`.
fn reads_back<T, K>(text: &str, canonical: &str, part: impl Fn(&T) -> K, expected: K)
where
    T: FromStr,
    T::Err: std::fmt::Display,
    K: PartialEq + std::fmt::Debug,
{
    match canonical.parse::<T>() {
        Ok(again) => assert_eq!(part(&again), expected, "{text:?} -> {canonical:?}"),
        Err(e) => panic!("{text:?}: canonical form {canonical:?} does not read back: {e}"),
    }
}

fn date_time_offset(text: &str) {
    let Some(value) = wire::<DateTimeOffset>(text) else {
        return;
    };
    // What the text says, read by jiff: the instant (unless beyond jiff's
    // range, where the type saturates, as documented).
    if let Ok(instant) = text.parse::<jiff::Timestamp>() {
        assert_eq!(value.timestamp(), instant, "{text:?}: another instant");
    }
    // The canonical form of the instant at its offset reads back to it.
    if let Ok(literal) = value.canonical() {
        let bytes = literal.as_bytes();
        assert!(
            bytes.get(usize::from(bytes.first() == Some(&b'-')) + 10) == Some(&b'T'),
            "{text:?}: literal {literal:?}"
        );
        assert!(
            !literal.contains([' ', ',', 't', 'z', '[']),
            "{text:?}: literal {literal:?}"
        );
        let back: DateTimeOffset = literal
            .parse()
            .unwrap_or_else(|e| panic!("{text:?}: literal {literal:?}: {e}"));
        assert_eq!(
            back.timestamp(),
            value.timestamp(),
            "{text:?}: literal {literal:?}"
        );
        assert_eq!(back.canonical().ok(), Some(literal), "{text:?}");
    }
    let canonical = DateTimeOffset::new(value.timestamp()).to_string();
    reads_back(
        text,
        &canonical,
        DateTimeOffset::timestamp,
        value.timestamp(),
    );
}

fn date(text: &str) {
    let Some(value) = wire::<Date>(text) else {
        return;
    };
    let literal = value.canonical();
    let back: Date = literal
        .parse()
        .unwrap_or_else(|e| panic!("{text:?}: literal {literal:?}: {e}"));
    assert_eq!(back.date(), value.date(), "{text:?}: literal {literal:?}");
    assert_eq!(back.canonical(), literal);
    let canonical = Date::new(value.date()).to_string();
    reads_back(text, &canonical, Date::date, value.date());
    if let Ok(date) = text.parse::<jiff::civil::Date>() {
        assert_eq!(value.date(), date, "{text:?}: another date");
    }
}

fn time_of_day(text: &str) {
    let Some(value) = wire::<TimeOfDay>(text) else {
        return;
    };
    let literal = value.canonical();
    assert!(!literal.contains(','), "{text:?}: literal {literal:?}");
    let back: TimeOfDay = literal
        .parse()
        .unwrap_or_else(|e| panic!("{text:?}: literal {literal:?}: {e}"));
    assert_eq!(back.time(), value.time(), "{text:?}: literal {literal:?}");
    let canonical = TimeOfDay::new(value.time()).to_string();
    reads_back(text, &canonical, TimeOfDay::time, value.time());
    if let Ok(time) = text.parse::<jiff::civil::Time>() {
        assert_eq!(value.time(), time, "{text:?}: another time");
    }
}

fn duration(text: &str) {
    let Some(value) = wire::<Duration>(text) else {
        return;
    };
    let canonical = Duration::new(value.span()).to_string();
    reads_back(
        text,
        &canonical,
        |d: &Duration| d.span().fieldwise(),
        value.span().fieldwise(),
    );
}

fn guid(text: &str) {
    let Some(value) = wire::<Guid>(text) else {
        return;
    };
    let canonical = Guid::new(value.uuid()).to_string();
    assert_eq!(
        canonical.parse::<Guid>().map(|g| g.uuid()).ok(),
        Some(value.uuid()),
        "{text:?} -> {canonical:?}"
    );
    let literal = value.canonical();
    assert_eq!(
        literal,
        value.uuid().hyphenated().to_string(),
        "{text:?}: literal"
    );
    // `uuid` reads `urn:uuid:` in lowercase only; the prefix is case-insensitive.
    let unprefixed = match text.get(..9) {
        Some(prefix) if prefix.eq_ignore_ascii_case("urn:uuid:") => &text[9..],
        _ => text,
    };
    assert_eq!(uuid::Uuid::parse_str(unprefixed).ok(), Some(value.uuid()));
}

fn binary(text: &str) {
    let Some(value) = wire::<Binary>(text) else {
        return;
    };
    let literal = value.canonical();
    assert!(
        !literal.contains(['+', '/']),
        "{text:?}: literal {literal:?}"
    );
    assert_eq!(
        literal
            .parse::<Binary>()
            .ok()
            .map(Binary::into_bytes)
            .as_deref(),
        Some(value.as_bytes()),
        "{text:?}: literal {literal:?}"
    );
    let canonical = Binary::new(value.as_bytes().to_vec()).to_string();
    assert_eq!(
        canonical
            .parse::<Binary>()
            .map(|b| b.as_bytes().to_vec())
            .ok()
            .as_deref(),
        Some(value.as_bytes()),
        "{text:?} -> {canonical:?}"
    );
}

fn flags<E: FlagsEnum + std::fmt::Debug>(text: &str) {
    let Ok(set) = text.parse::<Flags<E>>();
    let written = set.to_string();
    let Ok(again) = written.parse::<Flags<E>>();
    assert_eq!(
        again, set,
        "{text:?} -> {written:?} reads back as another set"
    );
    assert_eq!(again.to_string(), written, "{text:?}: not a fixed point");
    for piece in text.split(',').map(str::trim) {
        let known = E::MEMBERS
            .iter()
            .find(|(name, _)| *name == piece)
            .or_else(|| {
                E::MEMBERS
                    .iter()
                    .find(|(name, _)| name.eq_ignore_ascii_case(piece))
            });
        // A zero-valued member (`none`) adds nothing (documented).
        if let Some((_, member)) = known.filter(|(_, m)| m.bits() != Some(0)) {
            assert!(set.contains(member), "{text:?}: {piece:?} is lost");
        }
    }
    let json = serde_json::to_string(&set).unwrap_or_default();
    let from_json: Flags<E> = match serde_json::from_str(&json) {
        Ok(from_json) => from_json,
        Err(e) => panic!("{text:?}: its JSON {json} does not read back: {e}"),
    };
    assert_eq!(from_json, set);
}

fn flags_number<E: FlagsEnum + std::fmt::Debug>(data: &[u8]) {
    let Ok(set) = serde_json::from_slice::<Flags<E>>(data) else {
        return;
    };
    let written = set.to_string();
    let Ok(again) = written.parse::<Flags<E>>();
    assert_eq!(again, set, "{} -> {written:?}", shown(data));
}

fn retry_after(text: &str) {
    // 2026-01-01T00:00:00Z, and the epoch.
    for now in [
        SystemTime::UNIX_EPOCH + StdDuration::from_secs(1_767_225_600),
        SystemTime::UNIX_EPOCH,
    ] {
        let Some(wait) = parse_retry_after(text, now) else {
            continue;
        };
        let trimmed = text.trim();
        if !trimmed.is_empty() && trimmed.bytes().all(|b| b.is_ascii_digit()) {
            let expected = trimmed.parse::<u64>().unwrap_or(u64::MAX);
            assert_eq!(wait, StdDuration::from_secs(expected), "{text:?}");
            assert_eq!(wait.subsec_nanos(), 0);
            continue;
        }
        if wait.is_zero() {
            continue;
        }
        let then =
            jiff::Timestamp::try_from(now + wait).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        let fixdate = jiff::fmt::rfc2822::DateTimePrinter::new()
            .timestamp_to_rfc9110_string(&then)
            .unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert_eq!(
            parse_retry_after(&fixdate, now),
            Some(wait),
            "{text:?} and its IMF-fixdate {fixdate:?} give other waits"
        );
        if let Ok(date) = jiff::fmt::rfc2822::DateTimeParser::new().parse_timestamp(text.trim()) {
            assert_eq!(date, then, "{text:?}: another instant");
        }
    }
}

/// The JSON number `n` says, exactly: integers as `i128`, floats as `f64`.
fn json_number(value: &Value) -> Option<Result<i128, f64>> {
    let Value::Number(n) = value else {
        return None;
    };
    n.as_u64()
        .map(|u| Ok(i128::from(u)))
        .or_else(|| n.as_i64().map(|i| Ok(i128::from(i))))
        .or_else(|| n.as_f64().map(Err))
}

fn int64(data: &[u8]) {
    let mut de = serde_json::Deserializer::from_slice(data);
    let Ok(v) = Seed::<Int64>::new()
        .deserialize(&mut de)
        .and_then(|v| de.end().map(|()| v))
    else {
        return;
    };
    let original: Value = match serde_json::from_slice(data) {
        Ok(original) => original,
        Err(e) => panic!("Int64 accepted what Value rejects ({e}): {}", shown(data)),
    };
    match (&original, json_number(&original)) {
        (_, Some(Ok(i))) => assert_eq!(i128::from(v), i, "{}", shown(data)),
        (_, Some(Err(f))) => {
            assert!(f.fract() == 0.0, "{}: a fraction read as {v}", shown(data));
            assert_eq!(v as f64, f, "{}", shown(data));
        }
        (Value::String(s), None) => assert_eq!(s.parse::<i64>().ok(), Some(v), "{s:?}"),
        _ => panic!("Int64 accepted {}", shown(data)),
    }
    let written = serde_json::to_string(&Ser::<Int64>(&v)).unwrap_or_default();
    assert_eq!(written, v.to_string());
    if let Value::Number(n) = &original {
        if n.is_i64() || n.is_u64() {
            let text = String::from_utf8_lossy(data);
            let trimmed = text.trim_matches([' ', '\t', '\n', '\r']);
            if !trimmed.starts_with("-0") {
                assert_eq!(
                    written, trimmed,
                    "a canonical integer is not written back as read"
                );
            }
        }
    }
}

fn double(data: &[u8]) {
    let mut de = serde_json::Deserializer::from_slice(data);
    let Ok(v) = Seed::<Double>::new()
        .deserialize(&mut de)
        .and_then(|v| de.end().map(|()| v))
    else {
        return;
    };
    let original: Value = match serde_json::from_slice(data) {
        Ok(original) => original,
        Err(e) => panic!("Double accepted what Value rejects ({e}): {}", shown(data)),
    };
    let said = match (&original, json_number(&original)) {
        (_, Some(Ok(i))) => i as f64,
        (_, Some(Err(f))) => f,
        (Value::String(s), None) => match s.as_str() {
            "NaN" => f64::NAN,
            "INF" | "Infinity" => f64::INFINITY,
            "-INF" | "-Infinity" => f64::NEG_INFINITY,
            s => match s.parse::<f64>() {
                Ok(f) => f,
                Err(e) => panic!("Double accepted {s:?}, which is no number: {e}"),
            },
        },
        _ => panic!("Double accepted {}", shown(data)),
    };
    assert!(
        v.to_bits() == said.to_bits() || (v.is_nan() && said.is_nan()),
        "{}: read as {v:?}, says {said:?}",
        shown(data)
    );
    let written = serde_json::to_string(&Ser::<Double>(&v)).unwrap_or_default();
    let mut de = serde_json::Deserializer::from_str(&written);
    let again = Seed::<Double>::new()
        .deserialize(&mut de)
        .unwrap_or_else(|e| panic!("{written}: {e}"));
    assert!(
        again.to_bits() == v.to_bits() || (again.is_nan() && v.is_nan()),
        "{v:?} written as {written} reads back as {again:?}"
    );
    if v.is_finite() {
        let expected = serde_json::to_string(&v).unwrap_or_default();
        assert_eq!(written, expected);
    }
}
