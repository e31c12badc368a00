//! Facts about an operation: [`OperationInfo`], [`Permissions`] and [`ResultShape`].

use super::http::Method;

/// The Microsoft Graph permissions an operation accepts.
///
/// Generated from Graph's permission reference; `least_*` name the
/// least-privileged permission of each scheme, the lists every accepted one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Permissions {
    /// The least-privileged delegated (user) permission, if the operation allows delegated access.
    pub least_delegated: Option<&'static str>,
    /// The least-privileged application permission, if the operation allows app-only access.
    pub least_application: Option<&'static str>,
    /// Every delegated permission accepted.
    pub delegated: &'static [&'static str],
    /// Every application permission accepted.
    pub application: &'static [&'static str],
}

impl Permissions {
    /// No known permissions.
    pub const EMPTY: Self = Self {
        least_delegated: None,
        least_application: None,
        delegated: &[],
        application: &[],
    };
}

impl Default for Permissions {
    fn default() -> Self {
        Self::EMPTY
    }
}

/// Static facts about one operation, used for tracing, errors and docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OperationInfo {
    /// The HTTP method.
    pub method: Method,
    /// The path template below the base URL, keys as `{}`, e.g. `/security/incidents/{}`.
    pub path: &'static str,
    /// The permissions the operation accepts.
    pub permissions: Permissions,
    /// The page of Microsoft's API reference that documents the operation, if the
    /// reference's index lists its method and path.
    pub reference: Option<&'static str>,
}

impl OperationInfo {
    /// The facts of one operation.
    pub const fn new(method: Method, path: &'static str, permissions: Permissions) -> Self {
        Self {
            method,
            path,
            permissions,
            reference: None,
        }
    }

    /// The facts of one operation that Microsoft's API reference documents on the
    /// page `reference` (a URL): [`new`](Self::new) then
    /// [`with_reference`](Self::with_reference), in one call (what the generated
    /// request builders write).
    pub const fn new_with_reference(
        method: Method,
        path: &'static str,
        permissions: Permissions,
        reference: &'static str,
    ) -> Self {
        Self::new(method, path, permissions).with_reference(reference)
    }

    /// The same facts with the page of Microsoft's API reference that documents the
    /// operation (a URL).
    pub const fn with_reference(self, url: &'static str) -> Self {
        Self {
            reference: Some(url),
            ..self
        }
    }

    /// Whether Microsoft's API reference documents the operation: it has a
    /// [`reference`](Self::reference) page, or its method and path are in the
    /// Graph permissions reference the crate was generated with, which names
    /// the permissions it takes. An undocumented operation is implied by the schema (e.g. `POST
    /// /security/incidents`) but the service may not offer it; it stays
    /// available, marked in its docs and in `cargo xtask routes`.
    pub const fn documented(&self) -> bool {
        self.reference.is_some()
            || !self.permissions.delegated.is_empty()
            || !self.permissions.application.is_empty()
    }
}

/// How the body of a successful response becomes the result `R` of an
/// [`ActionCall`](super::ActionCall) or [`FunctionCall`](super::FunctionCall).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResultShape {
    /// No result: the body is ignored and `R` is `()` (or an `Option`, `None`).
    None,
    /// The body is the result object, decoded as `R`.
    Object,
    /// The body is `{"value": ...}` (collections and primitives), `value` decoded as `R`.
    Value,
    /// The raw body (`Edm.Stream`); `R` is `Vec<u8>`.
    Bytes,
}
