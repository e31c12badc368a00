//! `Edm.Guid`: a UUID.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::str::FromStr;

use serde::de::{Deserialize, Deserializer};
use serde::ser::{Serialize, Serializer};

use super::*;

/// An `Edm.Guid` (a [`uuid::Uuid`]), written in lowercase hyphenated form;
/// other spellings (uppercase, braced, without hyphens, `urn:uuid:`) are kept
/// as received for the JSON round trip; literals use [`canonical`](Self::canonical).
///
/// ```
/// use msgraph_security_runtime::Guid;
///
/// let value: Guid = "0B6F2C1E-5D4A-4F1B-9C3E-2A7D8E9F0A1B".parse()?;
/// assert_eq!(value.uuid().to_string(), "0b6f2c1e-5d4a-4f1b-9c3e-2a7d8e9f0a1b");
/// assert_eq!(value.to_string(), "0B6F2C1E-5D4A-4F1B-9C3E-2A7D8E9F0A1B");
/// # Ok::<(), msgraph_security_runtime::EdmParseError>(())
/// ```
#[derive(Clone)]
pub struct Guid {
    uuid: uuid::Uuid,
    pub(super) raw: Option<Box<str>>,
}

impl Guid {
    /// The GUID `uuid`.
    pub const fn new(uuid: uuid::Uuid) -> Self {
        Self { uuid, raw: None }
    }

    /// The GUID.
    pub fn uuid(&self) -> uuid::Uuid {
        self.uuid
    }

    /// The canonical OData literal of the GUID (`guidValue`): lowercase
    /// 8-4-4-4-12, whatever text it was parsed from (unhyphenated, braced,
    /// `urn:uuid:`, uppercase). Written bare, an unhyphenated GUID would be
    /// read by the service as a property path.
    ///
    /// ```
    /// use msgraph_security_runtime::Guid;
    ///
    /// let value: Guid = "DEADBEEFDEADBEEFDEADBEEFDEADBEEF".parse()?;
    /// assert_eq!(value.canonical(), "deadbeef-dead-beef-dead-beefdeadbeef");
    /// # Ok::<(), msgraph_security_runtime::EdmParseError>(())
    /// ```
    pub fn canonical(&self) -> String {
        self.uuid.hyphenated().to_string()
    }
}

impl EdmValue for Guid {
    const TYPE_NAME: &'static str = "Edm.Guid";

    fn parse_wire(input: &str) -> Result<Self, EdmParseError> {
        // `uuid` takes `urn:uuid:` in lowercase only; the scheme and NID are
        // case-insensitive (RFC 8141).
        let text = match input.get(..9) {
            Some(prefix) if prefix.eq_ignore_ascii_case("urn:uuid:") => &input[9..],
            _ => input,
        };
        let uuid = uuid::Uuid::parse_str(text)
            .map_err(|e| EdmParseError::new(Self::TYPE_NAME, input, e))?;
        let mut value = Self::new(uuid);
        value.raw = keep_unless_displayed_as(input, &value);
        Ok(value)
    }
}

impl fmt::Display for Guid {
    /// The wire string.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.raw {
            Some(raw) => f.write_str(raw),
            None => fmt::Display::fmt(&self.uuid.hyphenated(), f),
        }
    }
}

impl From<uuid::Uuid> for Guid {
    fn from(uuid: uuid::Uuid) -> Self {
        Self::new(uuid)
    }
}

edm_common!(Guid);
canonical_eq!(Guid, uuid);
