//! Typed queries: literals, filters, paths, order and expand rendering.

use super::*;
use crate::edm::{Date, DateTimeOffset, Duration, Guid, TimeOfDay};
use crate::enums::tests::Severity;
use crate::flags::Flags;
use crate::model::tests::{AnyEvidence, Evidence, FileEvidence};
use crate::nullable::Nullable;

struct Root;
const NAME: Property<Root, Option<String>> = Property::new("name");
const NOTE: Property<Root, Nullable<String>> = Property::new("note");
const COUNT: Property<Root, Option<i64>> = Property::new("count");
const SCORE: Property<Root, Option<f64>> = Property::new("score");
const FLAG: Property<Root, Option<bool>> = Property::new("flag");
const SEVERITY: Property<Root, Option<Severity>> = Property::new("severity");
const WHEN: Property<Root, Option<DateTimeOffset>> = Property::new("when");
const DAY: Property<Root, Option<Date>> = Property::new("day");
const TIME: Property<Root, Option<TimeOfDay>> = Property::new("time");
const ID: Property<Root, Option<Guid>> = Property::new("guid");
const SPAN: Property<Root, Option<Duration>> = Property::new("span");
const TAGS: Property<Root, Option<Vec<String>>> = Property::new("tags");
const EVIDENCE: Property<Root, Option<Vec<Evidence>>> = Property::new("evidence");
const MAIN: Property<Root, Option<Evidence>> = Property::new("main");
const SIZE: Property<Evidence, Option<i64>> = Property::new("size");
const VERDICT: Property<Evidence, Nullable<Severity>> = Property::new("verdict");
const FILES: Property<Evidence, Option<Vec<FileEvidence>>> = Property::new("files");
const FILE_NAME: Property<FileEvidence, Option<String>> = Property::new("fileName");

#[test]
fn every_operator() {
    assert_eq!(NAME.eq("a").to_string(), "name eq 'a'");
    assert_eq!(NAME.ne("a").to_string(), "name ne 'a'");
    assert_eq!(COUNT.gt(1).to_string(), "count gt 1");
    assert_eq!(COUNT.ge(1).to_string(), "count ge 1");
    assert_eq!(COUNT.lt(-1).to_string(), "count lt -1");
    assert_eq!(COUNT.le(0).to_string(), "count le 0");
    assert_eq!(NAME.is_in(["a", "b'c"]).to_string(), "name in ('a','b''c')");
    assert_eq!(NAME.contains("x").to_string(), "contains(name,'x')");
    assert_eq!(NOTE.starts_with("x").to_string(), "startswith(note,'x')");
    assert_eq!(NAME.ends_with("x").to_string(), "endswith(name,'x')");
    assert_eq!(NOTE.is_null().to_string(), "note eq null");
    assert_eq!(NOTE.is_not_null().to_string(), "note ne null");
    assert_eq!(TAGS.exists().to_string(), "tags/any()");
    assert_eq!(TAGS.any_eq("t").to_string(), "tags/any(t: t eq 't')");
    assert_eq!(
        EVIDENCE.any(SIZE.gt(5)).to_string(),
        "evidence/any(e: e/size gt 5)"
    );
    assert_eq!(
        EVIDENCE.all(VERDICT.eq(Severity::High)).to_string(),
        "evidence/all(e: e/verdict eq 'high')"
    );
    // Nested lambdas get their own variables.
    assert_eq!(
        EVIDENCE
            .any(FILES.any(FILE_NAME.eq("x.exe")).and(SIZE.gt(1)))
            .to_string(),
        "evidence/any(e: e/files/any(f: f/fileName eq 'x.exe') and e/size gt 1)"
    );
    assert_eq!(MAIN.then(SIZE).eq(3).to_string(), "main/size eq 3");
}

/// `entity` in a `model!` head gives this; the test models are complex
/// types, marked here so `$expand` can be tried on them.
impl Entity for Evidence {}
impl Entity for FileEvidence {}

const ITEMS: Property<Root, Option<Vec<AnyEvidence>>> = Property::new("evidence");
const ONE: Property<Root, Option<AnyEvidence>> = Property::new("artifact");
const MAYBE: Property<Root, Nullable<AnyEvidence>> = Property::new("maybe");

#[test]
fn casts_to_derived_types() {
    // Inside a lambda over a polymorphic collection.
    assert_eq!(
        ITEMS
            .any_with(|e| e
                .cast::<FileEvidence>()
                .then(FileEvidence::FILE_NAME)
                .eq("x"))
            .to_string(),
        "evidence/any(e: e/microsoft.graph.security.fileEvidence/fileName eq 'x')"
    );
    assert_eq!(
        ITEMS
            .all_with(|e| {
                e.cast::<FileEvidence>()
                    .then(FileEvidence::FILE_NAME)
                    .contains("a'b")
            })
            .to_string(),
        "evidence/all(e: contains(e/microsoft.graph.security.fileEvidence/fileName,'a''b'))"
    );
    // The base type's own properties, and both in one lambda.
    assert_eq!(
        ITEMS
            .any_with(|e| {
                e.then(Evidence::SIZE)
                    .gt(3)
                    .and(e.cast::<FileEvidence>().then(FileEvidence::SIZE).lt(9))
            })
            .to_string(),
        "evidence/any(e: e/size gt 3 and e/microsoft.graph.security.fileEvidence/size lt 9)"
    );
    // A filter on the family's base properties, without the closure.
    assert_eq!(
        ITEMS
            .any(Lambda::new().then(Evidence::SIZE).eq(1))
            .to_string(),
        "evidence/any(e: e/size eq 1)"
    );
    // Single-valued: a cast path segment, then the derived type's property.
    assert_eq!(
        ONE.cast::<FileEvidence>()
            .then(FileEvidence::FILE_NAME)
            .eq("h")
            .to_string(),
        "artifact/microsoft.graph.security.fileEvidence/fileName eq 'h'"
    );
    assert_eq!(
        ONE.then(Evidence::SIZE).eq(2).to_string(),
        "artifact/size eq 2"
    );
    assert_eq!(
        MAYBE
            .cast::<FileEvidence>()
            .then(FileEvidence::FILE_NAME)
            .ends_with(".exe")
            .to_string(),
        "endswith(maybe/microsoft.graph.security.fileEvidence/fileName,'.exe')"
    );
    assert_eq!(
        ONE.cast::<FileEvidence>()
            .then(FileEvidence::FILE_NAME)
            .selector()
            .to_string(),
        "artifact/microsoft.graph.security.fileEvidence/fileName"
    );
}

#[test]
fn lambda_variables_are_named_after_the_collection_and_never_repeat() {
    const FIELDS: Property<Evidence, Option<Vec<FileEvidence>>> = Property::new("fields");
    const FORMS: Property<FileEvidence, Option<Vec<Evidence>>> = Property::new("a/b/forms");
    const ODD: Property<Root, Option<Vec<Evidence>>> = Property::new("_odd");
    // `files` inside `fields` inside `fields`-like nesting: f, f1, f2.
    let innermost = FORMS.any(SIZE.eq(1));
    let middle = FIELDS.any(innermost);
    assert_eq!(
        Property::<Root, Option<Vec<Evidence>>>::new("fans")
            .any(middle)
            .to_string(),
        "fans/any(f: f/fields/any(f1: f1/a/b/forms/any(f2: f2/size eq 1)))"
    );
    // A name that does not start with a letter gets `x`.
    assert_eq!(ODD.any(SIZE.eq(1)).to_string(), "_odd/any(x: x/size eq 1)");
    // A sibling lambda may reuse the letter once the first one is closed.
    assert_eq!(
        EVIDENCE
            .any(SIZE.eq(1))
            .and(EVIDENCE.all(SIZE.eq(2)))
            .to_string(),
        "evidence/any(e: e/size eq 1) and evidence/all(e: e/size eq 2)"
    );
}

#[test]
fn enums_take_unknown_values_only_by_name() {
    assert_eq!(
        SEVERITY.eq(Severity::unrecognized("critical")).to_string(),
        "severity eq 'critical'"
    );
    // A known name is that member.
    assert_eq!(Severity::unrecognized("HIGH"), Severity::High);
    assert!(matches!(
        Severity::unrecognized("brandNew"),
        Severity::Unrecognized(_)
    ));
}

#[test]
fn precedence() {
    let a = || NAME.eq("a");
    let b = || NAME.eq("b");
    let c = || NAME.eq("c");
    assert_eq!(
        a().and(b()).or(c()).to_string(),
        "name eq 'a' and name eq 'b' or name eq 'c'"
    );
    assert_eq!(
        a().and(b().or(c())).to_string(),
        "name eq 'a' and (name eq 'b' or name eq 'c')"
    );
    assert_eq!(
        a().or(b()).and(c()).to_string(),
        "(name eq 'a' or name eq 'b') and name eq 'c'"
    );
    assert_eq!(
        a().or(b()).not().to_string(),
        "not (name eq 'a' or name eq 'b')"
    );
    assert_eq!(
        a().not().and(b()).to_string(),
        "not (name eq 'a') and name eq 'b'"
    );
}

#[test]
fn every_literal_kind() {
    assert_eq!(FLAG.eq(true).to_string(), "flag eq true");
    assert_eq!(
        COUNT.eq(i64::MAX).to_string(),
        "count eq 9223372036854775807"
    );
    assert_eq!(
        COUNT.eq(i64::MIN).to_string(),
        "count eq -9223372036854775808"
    );
    assert_eq!(SCORE.eq(f64::NAN).to_string(), "score eq NaN");
    assert_eq!(SCORE.eq(f64::INFINITY).to_string(), "score eq INF");
    assert_eq!(SCORE.eq(f64::NEG_INFINITY).to_string(), "score eq -INF");
    assert_eq!(SCORE.eq(0.1).to_string(), "score eq 0.1");
    assert_eq!(SCORE.eq(1e300).to_string(), "score eq 1e300");
    assert_eq!(SCORE.eq(2.0).to_string(), "score eq 2.0");
    assert_eq!(
        SEVERITY.eq(Severity::High).to_string(),
        "severity eq 'high'"
    );
    let when: DateTimeOffset = "2026-01-22T12:09:23.1433333Z".parse().unwrap();
    assert_eq!(
        WHEN.ge(when).to_string(),
        "when ge 2026-01-22T12:09:23.1433333Z"
    );
    let ts: jiff::Timestamp = "2026-01-22T12:00:00Z".parse().unwrap();
    assert_eq!(WHEN.lt(ts).to_string(), "when lt 2026-01-22T12:00:00Z");
    let day: Date = "2026-01-22".parse().unwrap();
    assert_eq!(DAY.eq(day).to_string(), "day eq 2026-01-22");
    let time: TimeOfDay = "12:09:23.1433333".parse().unwrap();
    assert_eq!(TIME.eq(time).to_string(), "time eq 12:09:23.1433333");
    let id: Guid = "0B6F2C1E-5D4A-4F1B-9C3E-2A7D8E9F0A1B".parse().unwrap();
    assert_eq!(
        ID.eq(id).to_string(),
        "guid eq 0b6f2c1e-5d4a-4f1b-9c3e-2a7d8e9f0a1b"
    );
    let span: Duration = "PT1H30M".parse().unwrap();
    assert_eq!(SPAN.eq(span).to_string(), "span eq duration'PT1H30M'");
    assert_eq!(NOTE.eq("x").to_string(), "note eq 'x'");
}

#[test]
fn strings_never_end_their_literal_early() {
    for value in [
        "'",
        "''",
        "a'b",
        "x' or 1 eq 1 or 'y",
        "&$top=1#",
        "+%20",
        "é\u{1}\n\u{0}",
    ] {
        let literal = quote(value);
        // Parse it back: between the outer quotes, quotes come in pairs.
        let inner = &literal[1..literal.len() - 1];
        assert!(literal.starts_with('\'') && literal.ends_with('\''));
        assert_eq!(inner.replace("''", "'"), value);
        assert!(!inner.replace("''", "").contains('\''), "{literal}");
    }
}

#[test]
fn flags_have_has() {
    use crate::flags::tests::Scope;
    const SCOPE: Property<Root, Option<Flags<Scope>>> = Property::new("scope");
    const SCOPES: Property<Root, Nullable<Flags<Scope>>> = Property::new("scopes");
    assert_eq!(SCOPE.has(Scope::Site).to_string(), "scope has 'site'");
    assert_eq!(
        SCOPES.has(Scope::Mailbox).to_string(),
        "scopes has 'mailbox'"
    );
    let both = Scope::Mailbox | Scope::Site;
    assert_eq!(SCOPE.eq(both).to_string(), "scope eq 'mailbox,site'");
}

#[test]
fn restricted_properties_still_select() {
    const TITLE: Property<Root, Option<String>, Capabilities<false, false, true>> =
        Property::new("title");
    assert_eq!(TITLE.selector().to_string(), "title");
}

#[test]
fn order_select_expand() {
    assert_eq!(NAME.asc().to_string(), "name");
    assert_eq!(COUNT.desc().to_string(), "count desc");
    assert_eq!(MAIN.then(SIZE).selector().to_string(), "main/size");
    let expand = EVIDENCE
        .expand()
        .select([SIZE.selector()])
        .filter(SIZE.gt(1))
        .order_by([SIZE.desc()])
        .top(5)
        .expand(FILES.expand().select([FILE_NAME.selector()]));
    assert_eq!(
        expand.to_string(),
        "evidence($select=size;$filter=size gt 1;$orderby=size desc;$top=5;$expand=files($select=fileName))"
    );
    assert_eq!(MAIN.expand().to_string(), "main");
    assert_eq!(IntoSelect::<Root>::into_select("raw"), "raw");
    assert_eq!(IntoFilter::<Root>::into_filter(NAME.eq("a")), "name eq 'a'");
}

mod lambda_variables {
    use std::borrow::Cow;

    use proptest::prelude::*;

    use super::*;

    /// A collection path: segments of letters, `_` or digits, some with
    /// dots (a qualified type cast segment), joined with `/`.
    fn collection_path() -> impl Strategy<Value = String> {
        proptest::collection::vec("[a-cA-C_0-9][a-z]{0,3}(\\.[a-cA-C][a-z]{0,2})?", 1..3)
            .prop_map(|segments| segments.join("/"))
    }

    proptest! {
        /// However collections nest and whatever they are called, each
        /// lambda's variable is a lowercase letter (the first of the
        /// collection's last name, `x` if that is no letter) with an optional
        /// number, differs from every enclosing lambda's, and paths inside a
        /// lambda start with its own variable.
        #[test]
        fn variables_never_clash_with_enclosing_ones(paths in proptest::collection::vec(collection_path(), 1..8)) {
            let mut filter: Filter<Evidence> = SIZE.eq(1);
            for path in paths.iter().rev() {
                let collection: Property<Evidence, Option<Vec<Evidence>>> =
                    Property::from_path(Cow::Owned(path.clone()));
                filter = collection.any(filter);
            }
            let rendered = filter.to_string();
            // Read the variables back: each `/any(` is followed by `var: `.
            let mut vars: Vec<String> = Vec::new();
            let mut rest = rendered.as_str();
            while let Some(at) = rest.find("/any(") {
                rest = &rest[at + "/any(".len()..];
                let end = rest.find(": ").expect("a variable and its colon");
                vars.push(rest[..end].to_owned());
            }
            prop_assert_eq!(vars.len(), paths.len());
            let mut expected = String::new();
            for (i, (path, var)) in paths.iter().zip(&vars).enumerate() {
                let last = path.rsplit('/').next().unwrap_or_default();
                let name = last.rsplit('.').next().unwrap_or_default();
                let letter = match name.chars().next() {
                    Some(c) if c.is_ascii_alphabetic() => c.to_ascii_lowercase(),
                    _ => 'x',
                };
                prop_assert!(var.starts_with(letter), "{var} for {path}");
                prop_assert!(var[1..].chars().all(|c| c.is_ascii_digit()), "{var}");
                prop_assert!(!vars[..i].contains(var), "{var} repeats an enclosing one: {rendered}");
                if i > 0 {
                    expected.push_str(&vars[i - 1]);
                    expected.push('/');
                }
                expected.push_str(&format!("{path}/any({var}: "));
            }
            expected.push_str(&format!("{}/size eq 1", vars[vars.len() - 1]));
            expected.push_str(&")".repeat(paths.len()));
            prop_assert_eq!(rendered, expected);
        }
    }
}
