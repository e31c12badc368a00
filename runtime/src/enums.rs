//! The [`ODataEnum`] trait of generated enums and [`UnrecognizedValue`], the
//! payload of their catch-all variant.

use std::fmt;

/// The raw wire string of an enum value this crate did not know when it was
/// generated.
///
/// Every generated enum has a catch-all variant holding one, so a value added
/// to the service later never fails deserialization and is written back
/// unchanged. It can be read ([`as_str`](Self::as_str), [`Display`](fmt::Display))
/// but not built outside this crate, so code cannot match on its content: a
/// later release may turn the value into a variant of its own, and code
/// matching the raw string would then silently stop matching.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnrecognizedValue(Box<str>);

impl UnrecognizedValue {
    /// Keeps `value` verbatim.
    pub(crate) fn new(value: &str) -> Self {
        Self(Box::from(value))
    }

    /// The wire string, exactly as received.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnrecognizedValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Implemented by every generated enum.
///
/// Parsing accepts the member names in any ASCII case; a value unknown when the
/// crate was generated becomes the enum's catch-all variant (`Unrecognized`,
/// holding an [`UnrecognizedValue`]), which keeps the raw string and writes it
/// back unchanged, so a member the service adds later never fails a payload.
///
/// The generated code is the enum and its member table ([`MEMBERS`](Self::MEMBERS));
/// parsing, [`as_str`](Self::as_str) and the std and serde impls (`Display`,
/// `FromStr`, `Serialize`, `Deserialize` as the wire string) read
/// that table. There is no `From<&str>`: a bare string is no enum value (a
/// typed filter would send a typo as is), and a value the crate does not know
/// yet is named explicitly with the generated `unrecognized("newValue")`.
pub trait ODataEnum: CatchAll + Sized + Clone + PartialEq + 'static {
    /// Qualified OData name, e.g. `"microsoft.graph.security.alertSeverity"`.
    const ODATA_TYPE: &'static str;
    /// `(wire name, value)` of every known member, in schema order.
    const MEMBERS: &'static [(&'static str, Self)];

    /// Wire spelling of this value (the raw string for an unrecognized one).
    fn as_str(&self) -> &str {
        if let Some(raw) = self.__unrecognized() {
            return raw.as_str();
        }
        Self::MEMBERS
            .iter()
            .find(|(_, member)| member == self)
            .map_or("", |(name, _)| name)
    }

    /// Parses a wire string: exact member name first, then ASCII-case-insensitive
    /// (the first member in schema order wins); anything else becomes the
    /// catch-all variant holding the raw string. Never fails.
    fn from_wire(s: &str) -> Self {
        let exact = Self::MEMBERS.iter().find(|(name, _)| *name == s);
        let found = exact.or_else(|| {
            Self::MEMBERS
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(s))
        });
        match found {
            Some((_, member)) => member.clone(),
            None => Self::__from_unrecognized(UnrecognizedValue::new(s)),
        }
    }
}

/// The catch-all variant of a generated enum (implemented by the generated
/// code through `odata_enum!`).
#[doc(hidden)]
pub trait CatchAll {
    /// Wraps a value no member has.
    fn __from_unrecognized(value: UnrecognizedValue) -> Self;
    /// The raw value of the catch-all variant, `None` for a member.
    fn __unrecognized(&self) -> Option<&UnrecognizedValue>;
}

#[cfg(test)]
pub(crate) mod tests {
    use super::{ODataEnum, UnrecognizedValue};

    /// A hand-written enum shaped exactly like a generated one.
    #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub(crate) enum Severity {
        Low,
        High,
        Unrecognized(UnrecognizedValue),
    }

    crate::odata_enum!(impl Display, FromStr, Literal, Serialize, Deserialize, Wire for Severity, Unrecognized);

    impl ODataEnum for Severity {
        const ODATA_TYPE: &'static str = "microsoft.graph.security.alertSeverity";
        const MEMBERS: &'static [(&'static str, Self)] =
            &[("low", Self::Low), ("high", Self::High)];
    }

    #[test]
    fn unrecognized_value_keeps_the_raw_string() {
        let value = UnrecognizedValue::new("brandNew");
        assert_eq!(value.as_str(), "brandNew");
        assert_eq!(value.to_string(), "brandNew");
        assert!(UnrecognizedValue::new("a") < UnrecognizedValue::new("b"));
    }

    #[test]
    fn from_wire_exact_then_case_insensitive_then_catch_all() {
        assert_eq!(Severity::from_wire("low"), Severity::Low);
        assert_eq!(Severity::from_wire("HIGH"), Severity::High);
        let other = Severity::from_wire("critical");
        assert_eq!(ODataEnum::as_str(&other), "critical");
        assert!(matches!(other, Severity::Unrecognized(_)));
    }

    #[test]
    fn serde_through_the_runtime_helpers() {
        let parsed: Vec<Severity> = serde_json::from_str(r#"["low","High","critical"]"#).unwrap();
        assert_eq!(parsed[0], Severity::Low);
        assert_eq!(parsed[1], Severity::High);
        // Case is normalised for known members, unknown ones are kept verbatim.
        assert_eq!(
            serde_json::to_string(&parsed).unwrap(),
            r#"["low","high","critical"]"#
        );
        let from_value: Severity = serde_json::from_value(serde_json::json!("weird")).unwrap();
        assert_eq!(ODataEnum::as_str(&from_value), "weird");
    }

    #[test]
    fn numbers_are_rejected_naming_the_type() {
        let err = serde_json::from_str::<Severity>("1")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("microsoft.graph.security.alertSeverity"),
            "{err}"
        );
    }
}
