//! `Edm.Guid`: a UUID.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::str::FromStr;

use serde::de::{Deserialize, Deserializer};
use serde::ser::{Serialize, Serializer};

use super::*;

/// An `Edm.Guid` (a [`uuid::Uuid`]), written in lowercase hyphenated form;
/// other spellings (uppercase, braced, without hyphens) are kept as received.
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
}

impl EdmValue for Guid {
    const TYPE_NAME: &'static str = "Edm.Guid";

    fn parse_wire(input: &str) -> Result<Self, EdmParseError> {
        let uuid = uuid::Uuid::parse_str(input)
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
