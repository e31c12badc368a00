//! CSDL (OData `$metadata` XML) <-> IR. The only module that knows XML.
//!
//! [`read`] lowers a document into a [`Schema`]: aliases resolved, defaults
//! applied, every type reference checked, only the capability annotations
//! kept. [`write()`] prints a [`Schema`] back as a canonical, deterministic
//! CSDL document, so that `read(&write(&s), _) == s` for every schema `read`
//! produces.

mod names;
mod reader;
mod writer;

use crate::error::Error;
use crate::ir::Schema;

pub use writer::write;

/// The annotation target of an operation overload, `ns.op(T1, T2)`: the
/// operation's name and the types of all its parameters (binding parameter
/// first), the spelling Microsoft Graph's documents use.
pub use reader::operation_target;

/// Reads a CSDL document.
///
/// `file` names the document in error messages (`FILE:LINE:COLUMN: ...`).
///
/// - A leading UTF-8 byte-order mark is skipped; elements are matched by local
///   name, whatever their XML namespace prefix.
/// - Schema aliases (`<Schema Alias>`) and `<edmx:Include Alias>` aliases hold
///   across the whole document; every name in the result is fully qualified.
/// - Unknown elements and attributes are skipped (`TypeDefinition`, `Term`,
///   `NavigationPropertyBinding`, ...).
/// - Only `Org.OData.Capabilities.V1` annotations are kept, from
///   `<Annotations Target>` blocks and from inline `<Annotation>` children of
///   `EntityType`, `ComplexType`, `Property`, `NavigationProperty`,
///   `EntityContainer`, `EntitySet`, `Singleton`, `Action` and `Function`
///   (target `ns.op(T1, T2)`). Record properties holding prose (`Description`,
///   `LongDescription`) are dropped, and so is the `Qualifier`. When a target
///   gets the same term twice, the later one (in document order) wins.
///
/// # Errors
///
/// [`Error::Xml`] for malformed XML, [`Error::Invalid`] for a missing required
/// attribute or a bad value, [`Error::DanglingType`], [`Error::Duplicate`] and
/// [`Error::BaseTypeCycle`] for a document that does not hold together. The
/// first problem in document order is reported.
pub fn read(text: &str, file: &str) -> Result<Schema, Error> {
    reader::read(text, file)
}

#[cfg(test)]
mod tests;
