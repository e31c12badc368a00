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
/// Generated enums also implement `Serialize`/`Deserialize` (as their wire
/// string, through [`ser::enum_value`](super::ser::enum_value) and
/// [`de::enum_value`](super::de::enum_value)), `Display` and `FromStr`.
pub trait ODataEnum: Sized + Clone + 'static {
    /// Qualified OData name, e.g. `"microsoft.graph.security.alertSeverity"`.
    const ODATA_TYPE: &'static str;
    /// The wire name of every known member, in schema order.
    const MEMBER_NAMES: &'static [&'static str];
    /// Wire spelling of this value (the raw string for an unrecognized one).
    fn as_str(&self) -> &str;
    /// Parses a wire string: exact member name first, then ASCII-case-insensitive;
    /// anything else becomes the catch-all variant holding the raw string.
    /// Never fails.
    fn from_wire(s: &str) -> Self;
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

    impl Severity {
        pub(crate) fn as_str(&self) -> &str {
            match self {
                Self::Low => "low",
                Self::High => "high",
                Self::Unrecognized(value) => value.as_str(),
            }
        }
    }

    impl ODataEnum for Severity {
        const ODATA_TYPE: &'static str = "microsoft.graph.security.alertSeverity";
        const MEMBER_NAMES: &'static [&'static str] = &["low", "high"];

        fn as_str(&self) -> &str {
            Severity::as_str(self)
        }

        fn from_wire(value: &str) -> Self {
            match value {
                "low" => Self::Low,
                "high" => Self::High,
                _ => match value.to_ascii_lowercase().as_str() {
                    "low" => Self::Low,
                    "high" => Self::High,
                    _ => Self::Unrecognized(UnrecognizedValue::new(value)),
                },
            }
        }
    }

    impl serde::Serialize for Severity {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            crate::runtime::ser::enum_value(self, serializer)
        }
    }

    impl<'de> serde::Deserialize<'de> for Severity {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            crate::runtime::de::enum_value(deserializer)
        }
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
