//! The EDM newtypes: parsing, writing back byte for byte, equality.

use std::str::FromStr;

use jiff::tz::Offset;
use jiff::{Timestamp, civil};
use serde::{Deserialize, Serialize};

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
