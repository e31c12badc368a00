//! `Edm.Binary`: bytes, base64 on the wire.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::str::FromStr;

use base64::Engine as _;
use base64::alphabet;
use base64::display::Base64Display;
use base64::engine::DecodePaddingMode;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD, URL_SAFE};
use serde::de::{Deserialize, Deserializer};
use serde::ser::{Serialize, Serializer};

use super::*;

/// Decoding configuration: padding optional, non-zero trailing bits allowed
/// (the text is kept when it is not canonical, so nothing is lost).
const LENIENT: GeneralPurposeConfig = GeneralPurposeConfig::new()
    .with_decode_padding_mode(DecodePaddingMode::Indifferent)
    .with_decode_allow_trailing_bits(true);
const STANDARD_LENIENT: GeneralPurpose = GeneralPurpose::new(&alphabet::STANDARD, LENIENT);
const URL_SAFE_LENIENT: GeneralPurpose = GeneralPurpose::new(&alphabet::URL_SAFE, LENIENT);

/// An `Edm.Binary`: bytes, base64 on the wire.
///
/// Reading accepts the standard and the URL-safe alphabets, padded or not;
/// writing uses standard padded base64 unless the value was read from
/// another spelling, which is then written back as received.
///
/// ```
/// use msgraph_security_runtime::Binary;
///
/// let value: Binary = "aGVsbG8".parse()?;
/// assert_eq!(value.as_bytes(), b"hello");
/// assert_eq!(value.to_string(), "aGVsbG8");
/// assert_eq!(Binary::from(b"hello".to_vec()).to_string(), "aGVsbG8=");
/// # Ok::<(), msgraph_security_runtime::EdmParseError>(())
/// ```
#[derive(Clone)]
pub struct Binary {
    bytes: Vec<u8>,
    pub(super) raw: Option<Box<str>>,
}

impl Binary {
    /// The bytes `bytes`.
    pub const fn new(bytes: Vec<u8>) -> Self {
        Self { bytes, raw: None }
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The canonical OData literal text of the bytes (`binaryValue`, without
    /// the `binary'...'` around it): padded base64url (`-` and `_`, not `+`
    /// and `/`), whatever alphabet the value was parsed from.
    ///
    /// ```
    /// use msgraph_security_runtime::Binary;
    ///
    /// let value: Binary = "+//+Pj8=".parse()?;
    /// assert_eq!(value.canonical(), "-__-Pj8=");
    /// # Ok::<(), msgraph_security_runtime::EdmParseError>(())
    /// ```
    pub fn canonical(&self) -> String {
        URL_SAFE.encode(&self.bytes)
    }

    /// The bytes, by value.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }
}

impl EdmValue for Binary {
    const TYPE_NAME: &'static str = "Edm.Binary";

    fn parse_wire(input: &str) -> Result<Self, EdmParseError> {
        let bytes = match STANDARD_LENIENT.decode(input) {
            Ok(bytes) => bytes,
            Err(standard) => URL_SAFE_LENIENT
                .decode(input)
                .map_err(|_| EdmParseError::new(Self::TYPE_NAME, input, standard))?,
        };
        let mut value = Self::new(bytes);
        value.raw = keep_unless_displayed_as(input, &value);
        Ok(value)
    }
}

impl fmt::Display for Binary {
    /// The wire string.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.raw {
            Some(raw) => f.write_str(raw),
            None => fmt::Display::fmt(&Base64Display::new(&self.bytes, &STANDARD), f),
        }
    }
}

impl From<Vec<u8>> for Binary {
    fn from(bytes: Vec<u8>) -> Self {
        Self::new(bytes)
    }
}

impl From<&[u8]> for Binary {
    fn from(bytes: &[u8]) -> Self {
        Self::new(bytes.to_vec())
    }
}

edm_common!(Binary);
canonical_eq!(Binary, bytes);
