//! The client's input handling: the next-link origin check and the OData
//! literal quoting of function arguments and keys.
//!
//! **Origin** ([`Client::is_same_origin`], through the public API): for every
//! input URL and a few base URLs, the client says "same origin" exactly when
//! the `url` crate (the WHATWG parser reqwest sends requests with) parses the
//! URL to the base URL's [`Origin`](url::Origin): never a foreign scheme, host
//! or port let through (the token stays home), and no URL on the base URL's
//! origin refused.
//!
//! **Literals** ([`check_literal`]): for any string,
//! - the typed `$filter` rendering (`runtime::query`): as a value of `eq`,
//!   `contains` and `in`, the string comes back whole from its literal, in
//!   place, and the expression keeps its syntax; `quote` unquotes to it; the
//!   query string holds the expression in one `$filter` parameter; a
//!   `$search` phrase unescapes to it;
//! - [`odata_string`] (and `UrlLiteral` of strings, `UrlArgument`): `'...'`,
//!   only unreserved characters, `'` and `%XX` escapes; percent-decoded it is a
//!   quoted OData string whose every inner quote is doubled (it never ends its
//!   quotes early) and which unquotes to the input;
//! - array items (`["a","b"]`): percent-decoded, a JSON string of the input; no
//!   literal `,`, `[`, `]`, `'` or `"`, so items never split or end an array;
//!   an array of two strings splits back at its one literal `,`;
//! - [`key_segment`]: the empty key, `.` and `..` are refused; any other key is
//!   one path segment (no literal `/`, `?`, `#`, `%` except escapes) that
//!   percent-decodes to the key;
//! - a `Duration` the input parses to: its URL literal is `duration'...'`
//!   around the value's canonical day-time text (never the input text), which
//!   reads back to the same duration (days of 24 hours); a duration of months
//!   or years has no literal and is refused (`try_url_literal`).

use std::sync::OnceLock;

use msgraph_security::client::encode::{UrlArgument, UrlLiteral, key_segment, odata_string};
use msgraph_security::client::{Client, Cloud};
use msgraph_security::runtime::{Duration, Nullable};

/// The base URLs the origin check is tried with.
pub const BASE_URLS: &[&str] = &[
    "https://graph.microsoft.com/v1.0",
    "http://localhost:8080/mock",
    "https://[::1]:8443",
    "http://127.0.0.1:3000",
];

fn clients() -> &'static [(Client, url::Origin)] {
    static CLIENTS: OnceLock<Vec<(Client, url::Origin)>> = OnceLock::new();
    CLIENTS.get_or_init(|| {
        let mut clients = vec![(
            Client::builder()
                .bearer_token("fuzz")
                .cloud(Cloud::Global)
                .build()
                .unwrap_or_else(|e| panic!("{e}")),
            url::Url::parse("https://graph.microsoft.com/v1.0")
                .unwrap_or_else(|e| panic!("{e}"))
                .origin(),
        )];
        for base in BASE_URLS {
            let client = Client::builder()
                .bearer_token("fuzz")
                .base_url(*base)
                .build()
                .unwrap_or_else(|e| panic!("{base}: {e}"));
            let origin = url::Url::parse(base)
                .unwrap_or_else(|e| panic!("{base}: {e}"))
                .origin();
            clients.push((client, origin));
        }
        clients
    })
}

/// The `url` crate's verdict: `url` parses to `origin`.
fn url_says_same(url: &str, origin: &url::Origin) -> bool {
    url::Url::parse(url).is_ok_and(|u| u.origin() == *origin)
}

/// Target `origin`: the client and the `url` crate agree, both ways.
pub fn check_origin(data: &[u8]) {
    let input = String::from_utf8_lossy(data);
    for (client, origin) in clients() {
        let url_crate = url::Url::parse(&input).map(|u| u.origin().ascii_serialization());
        match (client.is_same_origin(&input), url_says_same(&input, origin)) {
            (true, false) => panic!(
                "{input:?} is let through for base {}, but the url crate reads it as {url_crate:?}",
                client.base_url()
            ),
            (false, true) => panic!(
                "{input:?} is refused for base {}, but the url crate reads it as {url_crate:?}",
                client.base_url()
            ),
            _ => {}
        }
    }
}

/// Percent-decodes `text`; `None` for a `%` not followed by two hex digits
/// (which the encoders never write).
fn percent_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// Only unreserved characters, `%XX` escapes (uppercase hex) and `keep`.
fn assert_encoded(encoded: &str, keep: &[u8], what: &str) {
    let bytes = encoded.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            let hex = &bytes[i + 1..(i + 3).min(bytes.len())];
            assert!(
                hex.len() == 2
                    && hex
                        .iter()
                        .all(|h| h.is_ascii_digit() || (b'A'..=b'F').contains(h)),
                "{what}: bad escape in {encoded:?}"
            );
            i += 3;
            continue;
        }
        assert!(
            b.is_ascii_alphanumeric() || b"-._~".contains(&b) || keep.contains(&b),
            "{what}: {:?} left unencoded in {encoded:?}",
            char::from(b)
        );
        i += 1;
    }
}

/// Unquotes an OData string literal `'...'` whose inner quotes are doubled;
/// `None` when it is not one (in particular when a lone quote ends it early).
pub fn unquote_odata(literal: &str) -> Option<String> {
    let inner = literal.strip_prefix('\'')?.strip_suffix('\'')?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\'' {
            // A lone quote would end the literal here.
            if chars.next() != Some('\'') {
                return None;
            }
        }
        out.push(c);
    }
    Some(out)
}

/// Target `literal`: the input as a string argument, array item and key.
pub fn check_literal(data: &[u8]) {
    let input = String::from_utf8_lossy(data);
    let s: &str = &input;

    let literal = odata_string(s);
    assert_encoded(&literal, b"'", "odata_string");
    // Quotes are literal, so the encoded form is itself a well-quoted literal.
    assert!(
        unquote_odata(&literal).is_some(),
        "{s:?}: {literal:?} ends its quotes early"
    );
    let decoded = percent_decode(&literal).and_then(|d| String::from_utf8(d).ok());
    assert_eq!(
        decoded.as_deref().and_then(unquote_odata).as_deref(),
        Some(s),
        "{literal:?} does not unquote to {s:?}"
    );
    assert_eq!(s.url_literal(), literal);
    assert_eq!(input.to_string().url_literal(), literal);
    assert_eq!(
        Some(input.to_string()).url_argument(),
        Some(literal.clone())
    );
    assert_eq!(
        Nullable::Value(input.to_string()).url_argument(),
        Some(literal.clone())
    );

    let item = s.url_array_item();
    assert_encoded(&item, b"", "array item");
    let decoded = percent_decode(&item).and_then(|d| String::from_utf8(d).ok());
    let json: Option<String> = decoded.and_then(|d| serde_json::from_str(&d).ok());
    assert_eq!(json.as_deref(), Some(s), "array item {item:?}");
    let array = vec![input.to_string(), input.to_string()].url_literal();
    let inner = array
        .strip_prefix('[')
        .and_then(|a| a.strip_suffix(']'))
        .unwrap_or_else(|| panic!("{array:?} is not bracketed"));
    assert_eq!(
        inner.split(',').collect::<Vec<_>>(),
        [&item, &item],
        "{array:?}"
    );

    match key_segment(s) {
        Err(_) => assert!(matches!(s, "" | "." | ".."), "key {s:?} refused"),
        Ok(segment) => {
            assert!(
                !matches!(s, "" | "." | ".."),
                "key {s:?} accepted as {segment:?}"
            );
            assert_encoded(&segment, b"", "key_segment");
            assert_eq!(
                percent_decode(&segment).as_deref(),
                Some(s.as_bytes()),
                "key {segment:?}"
            );
        }
    }

    check_typed_filter(&input);

    // A Duration's literal, `duration'...'`, when the input is one: the
    // canonical text of the value, or a refusal for months and years.
    if let Ok(duration) = s.parse::<Duration>() {
        let span = duration.span();
        let Ok(literal) = duration.try_url_literal() else {
            assert!(
                span.get_years() != 0 || span.get_months() != 0,
                "{s:?} refused"
            );
            return;
        };
        let inner = literal
            .strip_prefix("duration'")
            .and_then(|l| l.strip_suffix('\''))
            .unwrap_or_else(|| panic!("{literal:?}"));
        assert_encoded(inner, b"", "duration literal");
        let text = percent_decode(inner)
            .and_then(|d| String::from_utf8(d).ok())
            .unwrap_or_else(|| panic!("{literal:?}"));
        assert_eq!(duration.canonical().ok().as_deref(), Some(text.as_str()));
        assert!(
            text.strip_prefix('-')
                .unwrap_or(&text)
                .strip_prefix('P')
                .is_some_and(|rest| rest
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b"DTHMS.".contains(&b))),
            "{s:?} written {text:?}"
        );
        // A sum of units each in jiff's range can exceed it once carried
        // (`P1000000W7000000D`): a valid literal that jiff cannot read back.
        let Ok(back) = text.parse::<Duration>() else {
            return;
        };
        let same = back
            .span()
            .compare((span, jiff::SpanRelativeTo::days_are_24_hours()))
            .unwrap_or_else(|e| panic!("{s:?}: {e}"));
        assert_eq!(same, std::cmp::Ordering::Equal, "{s:?} written {text:?}");
    }
}

/// The string literals of a rendered `$filter`, scanned as an OData parser
/// would (a `'` opens a literal, `''` inside is one quote, a lone `'` closes
/// it), and the text outside them with each literal replaced by `?`; `None`
/// when a literal is never closed.
pub fn split_literals(filter: &str) -> Option<(String, Vec<String>)> {
    let mut outside = String::new();
    let mut literals = Vec::new();
    let mut chars = filter.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\'' {
            outside.push(c);
            continue;
        }
        let mut literal = String::new();
        loop {
            match chars.next()? {
                '\'' if chars.peek() == Some(&'\'') => {
                    chars.next();
                    literal.push('\'');
                }
                '\'' => break,
                other => literal.push(other),
            }
        }
        outside.push('?');
        literals.push(literal);
    }
    Some((outside, literals))
}

/// The typed `$filter` rendering (`runtime::query`) of the input as a value:
/// every string value comes back whole from its literal, in place (it never
/// ends its quotes early or adds syntax), `quote` unquotes to the input, a
/// `$search` phrase unescapes to it, and the query string keeps the whole
/// expression in one `$filter` parameter that percent-decodes to it.
fn check_typed_filter(s: &str) {
    use msgraph_security::client::QueryOptions;
    use msgraph_security::models::{Incident, IncidentStatus};
    use msgraph_security::runtime::query::{quote, search_phrase};

    assert_eq!(unquote_odata(&quote(s)).as_deref(), Some(s), "quote({s:?})");
    let filter = Incident::DISPLAY_NAME
        .eq(s)
        .or(Incident::ASSIGNED_TO.contains(s).not())
        .and(Incident::STATUS.is_in([IncidentStatus::unrecognized(s), IncidentStatus::Active]))
        .to_string();
    let (outside, literals) =
        split_literals(&filter).unwrap_or_else(|| panic!("{filter:?}: a literal never closes"));
    assert_eq!(
        outside, "(displayName eq ? or not (contains(assignedTo,?))) and status in (?,?)",
        "{s:?} changed the expression's syntax: {filter:?}"
    );
    let status = IncidentStatus::unrecognized(s);
    assert_eq!(literals, [s, s, status.as_str(), "active"], "{filter:?}");
    let query = QueryOptions {
        filter: Some(filter.clone()),
        ..QueryOptions::default()
    }
    .to_query_string();
    let value = query
        .strip_prefix("$filter=")
        .unwrap_or_else(|| panic!("{query:?}"));
    assert!(
        !value.contains(['&', '#', ' ', '+']),
        "{query:?} leaks a delimiter"
    );
    assert_eq!(
        percent_decode(value).as_deref(),
        Some(filter.as_bytes()),
        "{query:?}"
    );

    let phrase = search_phrase(s);
    let inner = phrase
        .strip_prefix('"')
        .and_then(|p| p.strip_suffix('"'))
        .unwrap_or_else(|| panic!("{phrase:?}"));
    let mut unescaped = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => unescaped.push(chars.next().unwrap_or_else(|| panic!("{phrase:?}"))),
            '"' => panic!("{phrase:?} ends its quotes early"),
            c => unescaped.push(c),
        }
    }
    assert_eq!(unescaped, s, "{phrase:?}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_filters_keep_values_in_their_literals() {
        for value in [
            "",
            "'",
            "a'b",
            "x' or true or 'a",
            "&$top=1#",
            "+%20",
            "\"\\",
            "é\u{1}\n",
        ] {
            check_typed_filter(value);
        }
        assert_eq!(
            split_literals("a eq 'x''y'"),
            Some(("a eq ?".to_owned(), vec!["x'y".to_owned()]))
        );
        assert_eq!(split_literals("a eq 'x"), None);
    }

    #[test]
    fn unquote_rejects_early_ends() {
        assert_eq!(unquote_odata("'it''s'").as_deref(), Some("it's"));
        assert_eq!(unquote_odata("''").as_deref(), Some(""));
        assert_eq!(unquote_odata("'it's'"), None);
        assert_eq!(unquote_odata("'a''"), None);
        assert_eq!(unquote_odata("'"), None);
    }

    #[test]
    fn origin_examples() {
        for same in [
            "https://graph.microsoft.com/v1.0/security/incidents?$skiptoken=x",
            "HTTPS://GRAPH.MICROSOFT.COM:443/beta",
            // What the hand-written parser before the url crate refused.
            "https://user@graph.microsoft.com/",
            "https://gr\taph.microsoft.com/",
            "https:graph.microsoft.com/x",
        ] {
            check_origin(same.as_bytes());
            assert!(clients()[0].0.is_same_origin(same), "{same}");
        }
        for foreign in [
            "https://graph.microsoft.com.evil.example/v1.0",
            "http://graph.microsoft.com/v1.0",
            "https://graph.microsoft.com:444/",
            "/v1.0/security",
        ] {
            check_origin(foreign.as_bytes());
            assert!(!clients()[0].0.is_same_origin(foreign), "{foreign}");
        }
    }
}
