//! The crate's error type.
//!
//! Every error that comes from a document carries a [`Location`] (file, line,
//! column, 1-based) and its [`Display`](std::fmt::Display) starts with
//! `FILE:LINE:COLUMN: ` so that editors and terminals can jump to it. The
//! messages are part of the tested interface: keep them stable.

use std::fmt;

/// A position in a document: the file name as given to the reader, and a
/// 1-based line and column (in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file name as given by the caller (not necessarily a path on disk).
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
}

impl Location {
    /// Builds a location.
    pub fn new(file: impl Into<String>, line: u32, column: u32) -> Self {
        Self {
            file: file.into(),
            line,
            column,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// Everything that can go wrong while reading a CSDL document or generating
/// code from it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// Not well-formed XML (roxmltree's message and position).
    Xml {
        /// Where the XML parser stopped.
        location: Location,
        /// The parser's message, without its own position suffix.
        message: String,
    },
    /// Well-formed XML that is not a CSDL document we can read: missing
    /// required attribute, bad value, ...
    Invalid {
        /// The offending element.
        location: Location,
        /// What is wrong, naming the element and its context.
        message: String,
    },
    /// A type reference that resolves to nothing. `referrer` says who refers:
    /// "property `x` of type `ns.t`", "base type of `ns.t`", "parameter `p` of
    /// action `ns.a`", "return type of function `ns.f`", "singleton `security`",
    /// "navigation property `n` of type `ns.t`".
    DanglingType {
        /// The element holding the reference.
        location: Location,
        /// The referenced name, aliases resolved.
        name: String,
        /// Who refers to it.
        referrer: String,
    },
    /// Two definitions with the same name (types, properties of one type, enum
    /// members, duplicate operation overloads).
    Duplicate {
        /// The second definition.
        location: Location,
        /// The clashing name (qualified: `ns.t`, `ns.t/property`, `ns.e/member`,
        /// `ns.op(binding type, ...)`, `ns.Container/name`).
        name: String,
        /// The first definition.
        first: Location,
    },
    /// A base-type cycle, the chain spelled out: `["ns.a", "ns.b", "ns.a"]`.
    BaseTypeCycle {
        /// The first type of the cycle.
        location: Location,
        /// The types of the cycle, the first repeated at the end.
        cycle: Vec<String>,
    },
    /// Errors outside a document (I/O, emission); the message names what failed.
    Other {
        /// What failed, and why.
        message: String,
    },
}

impl Error {
    /// The location the error points at, if it comes from a document.
    pub fn location(&self) -> Option<&Location> {
        match self {
            Error::Xml { location, .. }
            | Error::Invalid { location, .. }
            | Error::DanglingType { location, .. }
            | Error::Duplicate { location, .. }
            | Error::BaseTypeCycle { location, .. } => Some(location),
            Error::Other { .. } => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Xml { location, message } => {
                write!(f, "{location}: malformed XML: {message}")
            }
            Error::Invalid { location, message } => write!(f, "{location}: {message}"),
            Error::DanglingType {
                location,
                name,
                referrer,
            } => write!(f, "{location}: unknown type `{name}` in {referrer}"),
            Error::Duplicate {
                location,
                name,
                first,
            } => write!(
                f,
                "{location}: duplicate name `{name}` (first defined at {}:{})",
                first.line, first.column
            ),
            Error::BaseTypeCycle { location, cycle } => {
                write!(f, "{location}: base type cycle: {}", cycle.join(" -> "))
            }
            Error::Other { message } => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    fn loc(line: u32, column: u32) -> Location {
        Location::new("fx.xml", line, column)
    }

    #[test]
    fn display_of_every_kind() {
        let cases = [
            (
                Error::Xml {
                    location: loc(6, 7),
                    message: "expected 'Property' tag, not 'ComplexType'".into(),
                },
                "fx.xml:6:7: malformed XML: expected 'Property' tag, not 'ComplexType'",
            ),
            (
                Error::Invalid {
                    location: loc(3, 5),
                    message: "<Property> in `ns.t` has no Name attribute".into(),
                },
                "fx.xml:3:5: <Property> in `ns.t` has no Name attribute",
            ),
            (
                Error::DanglingType {
                    location: loc(4, 9),
                    name: "ns.x".into(),
                    referrer: "property `p` of type `ns.t`".into(),
                },
                "fx.xml:4:9: unknown type `ns.x` in property `p` of type `ns.t`",
            ),
            (
                Error::Duplicate {
                    location: loc(8, 7),
                    name: "ns.t".into(),
                    first: loc(5, 7),
                },
                "fx.xml:8:7: duplicate name `ns.t` (first defined at 5:7)",
            ),
            (
                Error::BaseTypeCycle {
                    location: loc(5, 7),
                    cycle: vec!["a".into(), "b".into(), "a".into()],
                },
                "fx.xml:5:7: base type cycle: a -> b -> a",
            ),
            (
                Error::Other {
                    message: "cannot write x: denied".into(),
                },
                "cannot write x: denied",
            ),
        ];
        for (error, expected) in cases {
            assert_eq!(error.to_string(), expected);
        }
        assert_eq!(loc(1, 2).to_string(), "fx.xml:1:2");
    }
}
