//! [`Nullable`]: the three states of a nullable property.

/// The value of a nullable property: absent from the JSON object, JSON `null`,
/// or a value.
///
/// OData distinguishes "not sent" from "sent as `null`" (in a `PATCH` body,
/// leaving a property out keeps its value while `null` clears it), so a plain
/// [`Option`] is not enough. Deserializing a model gives
/// [`Absent`](Nullable::Absent) for a missing member, [`Null`](Nullable::Null)
/// for `null` and [`Value`](Nullable::Value) otherwise; serializing writes
/// nothing, `null` and the value respectively, so a round trip is exact.
///
/// # Examples
///
/// ```
/// use msgraph_security_runtime::Nullable;
///
/// let assigned: Nullable<String> = Nullable::from("analyst@example.com".to_owned());
/// assert!(assigned.is_value());
/// assert_eq!(assigned.value().map(String::as_str), Some("analyst@example.com"));
///
/// // Clearing a property in an update is `Null`; leaving it alone is `Absent`.
/// let cleared: Nullable<String> = Nullable::Null;
/// assert!(cleared.is_null());
/// assert_eq!(cleared.into_value(), None);
/// assert!(Nullable::<String>::default().is_absent());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum Nullable<T> {
    /// The member is not in the JSON object (and is not written).
    #[default]
    Absent,
    /// The member is JSON `null`.
    Null,
    /// The member has a value.
    Value(T),
}

impl<T> Nullable<T> {
    /// Whether the member is absent.
    ///
    /// ```
    /// use msgraph_security_runtime::Nullable;
    ///
    /// assert!(Nullable::<u8>::Absent.is_absent());
    /// assert!(!Nullable::<u8>::Null.is_absent());
    /// ```
    pub const fn is_absent(&self) -> bool {
        matches!(self, Self::Absent)
    }

    /// Whether the member is JSON `null`.
    ///
    /// ```
    /// use msgraph_security_runtime::Nullable;
    ///
    /// assert!(Nullable::<u8>::Null.is_null());
    /// assert!(!Nullable::Value(1).is_null());
    /// ```
    pub const fn is_null(&self) -> bool {
        matches!(self, Self::Null)
    }

    /// Whether the member has a value.
    ///
    /// ```
    /// use msgraph_security_runtime::Nullable;
    ///
    /// assert!(Nullable::Value(1).is_value());
    /// assert!(!Nullable::<u8>::Absent.is_value());
    /// ```
    pub const fn is_value(&self) -> bool {
        matches!(self, Self::Value(_))
    }

    /// A reference to the value, if there is one.
    ///
    /// ```
    /// use msgraph_security_runtime::Nullable;
    ///
    /// assert_eq!(Nullable::Value(7).value(), Some(&7));
    /// assert_eq!(Nullable::<u8>::Null.value(), None);
    /// ```
    pub const fn value(&self) -> Option<&T> {
        match self {
            Self::Value(v) => Some(v),
            Self::Absent | Self::Null => None,
        }
    }

    /// A mutable reference to the value, if there is one.
    ///
    /// ```
    /// use msgraph_security_runtime::Nullable;
    ///
    /// let mut n = Nullable::Value(1);
    /// if let Some(v) = n.value_mut() {
    ///     *v += 1;
    /// }
    /// assert_eq!(n, Nullable::Value(2));
    /// ```
    pub fn value_mut(&mut self) -> Option<&mut T> {
        match self {
            Self::Value(v) => Some(v),
            Self::Absent | Self::Null => None,
        }
    }

    /// The value, if there is one; `Absent` and `Null` both give `None`.
    ///
    /// ```
    /// use msgraph_security_runtime::Nullable;
    ///
    /// assert_eq!(Nullable::Value("x").into_value(), Some("x"));
    /// assert_eq!(Nullable::<&str>::Absent.into_value(), None);
    /// ```
    pub fn into_value(self) -> Option<T> {
        match self {
            Self::Value(v) => Some(v),
            Self::Absent | Self::Null => None,
        }
    }

    /// Borrows the value, keeping the state.
    ///
    /// ```
    /// use msgraph_security_runtime::Nullable;
    ///
    /// let n = Nullable::Value(String::from("x"));
    /// let len = n.as_ref().map(|s| s.len());
    /// assert_eq!(len, Nullable::Value(1));
    /// ```
    pub const fn as_ref(&self) -> Nullable<&T> {
        match self {
            Self::Absent => Nullable::Absent,
            Self::Null => Nullable::Null,
            Self::Value(v) => Nullable::Value(v),
        }
    }

    /// Maps the value with `f`, keeping `Absent` and `Null` as they are.
    ///
    /// ```
    /// use msgraph_security_runtime::Nullable;
    ///
    /// assert_eq!(Nullable::Value(2).map(|v| v * 10), Nullable::Value(20));
    /// assert_eq!(Nullable::<i32>::Null.map(|v| v * 10), Nullable::Null);
    /// ```
    pub fn map<U, F: FnOnce(T) -> U>(self, f: F) -> Nullable<U> {
        match self {
            Self::Absent => Nullable::Absent,
            Self::Null => Nullable::Null,
            Self::Value(v) => Nullable::Value(f(v)),
        }
    }

    /// `Some(v)` becomes `Value(v)` and `None` becomes `Null` (an explicit
    /// `null` on the wire, as when clearing a property).
    ///
    /// ```
    /// use msgraph_security_runtime::Nullable;
    ///
    /// assert_eq!(Nullable::from_option(Some(1)), Nullable::Value(1));
    /// assert_eq!(Nullable::<i32>::from_option(None), Nullable::Null);
    /// ```
    pub fn from_option(value: Option<T>) -> Self {
        match value {
            Some(v) => Self::Value(v),
            None => Self::Null,
        }
    }
}

impl<T> From<T> for Nullable<T> {
    /// Wraps a value: `Nullable::Value(value)`.
    fn from(value: T) -> Self {
        Self::Value(value)
    }
}

#[cfg(test)]
mod tests {
    use super::Nullable;

    #[test]
    fn default_is_absent() {
        let n: Nullable<String> = Nullable::default();
        assert!(n.is_absent());
        assert!(!n.is_null());
        assert!(!n.is_value());
        assert_eq!(n.value(), None);
    }

    #[test]
    fn states_are_distinct() {
        let states = [Nullable::Absent, Nullable::Null, Nullable::Value(0)];
        for (i, a) in states.iter().enumerate() {
            for (j, b) in states.iter().enumerate() {
                assert_eq!(i == j, a == b, "{a:?} vs {b:?}");
            }
        }
    }

    #[test]
    fn accessors() {
        let mut n = Nullable::Value(String::from("a"));
        assert_eq!(n.value().map(String::as_str), Some("a"));
        if let Some(v) = n.value_mut() {
            v.push('b');
        }
        assert_eq!(n.as_ref(), Nullable::Value(&String::from("ab")));
        assert_eq!(n.clone().map(|s| s.len()), Nullable::Value(2));
        assert_eq!(n.into_value(), Some(String::from("ab")));

        let mut null: Nullable<String> = Nullable::Null;
        assert_eq!(null.value_mut(), None);
        assert_eq!(null.as_ref(), Nullable::Null);
        assert_eq!(null.clone().map(|s| s.len()), Nullable::Null);
        assert_eq!(null.into_value(), None);
        assert_eq!(Nullable::<u8>::Absent.map(|v| v + 1), Nullable::Absent);
    }

    #[test]
    fn conversions() {
        assert_eq!(Nullable::from(3), Nullable::Value(3));
        assert_eq!(Nullable::from_option(Some(3)), Nullable::Value(3));
        assert_eq!(Nullable::<u8>::from_option(None), Nullable::Null);
    }
}
