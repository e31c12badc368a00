//! Reading one member into a field, per shape: the member name ([`Key`]), a
//! non-nullable value ([`option`]), a nullable one ([`nullable`]), a collection
//! ([`collection`]), `@odata.type` ([`odata_type`]) and an undeclared member
//! ([`additional`]). Values go through their [`Codec`]; nothing here knows a
//! struct (that is [`crate::de`]).
//!
//! Nothing the service sends is lost: `null` where the schema says a property
//! cannot be null and collections holding `null` items are kept in the struct's
//! additional properties and written back as received.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{
    self, Deserialize, DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Visitor,
};
use serde_json::{Map, Value};

use crate::codec::{Codec, Seed, Ser};
use crate::nullable::Nullable;

/// The JSON member that names the type of an object.
pub(crate) const ODATA_TYPE_KEY: &str = "@odata.type";

/// Most elements preallocated for a collection, whatever the size hint says.
pub(crate) const MAX_PREALLOCATED: usize = 1024;

/// A JSON member name: borrowed from the input when possible (no allocation
/// for the keys of `serde_json::from_str`/`from_slice` input without escapes),
/// owned otherwise.
#[doc(hidden)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key<'de> {
    /// Borrowed from the input.
    Borrowed(&'de str),
    /// Owned (escaped in the input, or from an owned `serde_json::Value`).
    Owned(String),
}

impl Key<'_> {
    /// The member name.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Borrowed(s) => s,
            Self::Owned(s) => s,
        }
    }

    /// The member name, owned.
    pub fn into_string(self) -> String {
        match self {
            Self::Borrowed(s) => s.to_owned(),
            Self::Owned(s) => s,
        }
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON member name")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
        Ok(Key::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
        Ok(Key::Owned(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
        Ok(Key::Owned(v))
    }
}

/// Reads the value of `@odata.type` (a string) into `slot`.
///
/// A second `@odata.type` in one object is an error: the object was already
/// dispatched on (or typed by) the first, and keeping the second would write
/// back a type name that does not match the fields.
#[doc(hidden)]
#[inline]
pub fn odata_type<'de, A: MapAccess<'de>>(
    map: &mut A,
    slot: &mut Option<String>,
) -> Result<(), A::Error> {
    let odata_type: String = map.next_value()?;
    if slot.is_some() {
        return Err(de::Error::duplicate_field(ODATA_TYPE_KEY));
    }
    *slot = Some(odata_type);
    Ok(())
}

/// Reads a non-nullable single-valued property. `null` (which the schema says
/// cannot happen) leaves `slot` empty and is kept in `extra` under `key`, so it
/// is written back.
#[doc(hidden)]
pub fn option<'de, C: Codec, A: MapAccess<'de>>(
    map: &mut A,
    slot: &mut Option<C::Value>,
    key: &Key<'de>,
    extra: &mut Map<String, Value>,
) -> Result<(), A::Error> {
    match map.next_value_seed(OptionSeed::<C>(PhantomData))? {
        Some(value) => {
            *slot = Some(value);
            // A repeated member: the last one wins.
            if !extra.is_empty() {
                extra.remove(key.as_str());
            }
        }
        None => {
            *slot = None;
            extra.insert(key.as_str().to_owned(), Value::Null);
        }
    }
    Ok(())
}

/// Reads a nullable single-valued property: `null` gives [`Nullable::Null`],
/// a value [`Nullable::Value`].
///
/// [`Nullable::Null`]: Nullable::Null
/// [`Nullable::Value`]: Nullable::Value
#[doc(hidden)]
pub fn nullable<'de, C: Codec, A: MapAccess<'de>>(
    map: &mut A,
    slot: &mut Nullable<C::Value>,
) -> Result<(), A::Error> {
    *slot = match map.next_value_seed(OptionSeed::<C>(PhantomData))? {
        Some(value) => Nullable::Value(value),
        None => Nullable::Null,
    };
    Ok(())
}

/// Reads a collection-valued property.
///
/// `null` for the whole collection leaves `slot` empty and is kept in `extra`.
/// A `null` item (declared possible by the schema, not sent by Graph in
/// practice) cannot be held by `Vec<C::Value>`: the whole array is then kept
/// in `extra` as JSON and `slot` is left empty, so nothing is lost.
#[doc(hidden)]
pub fn collection<'de, C: Codec, A: MapAccess<'de>>(
    map: &mut A,
    slot: &mut Option<Vec<C::Value>>,
    key: &Key<'de>,
    extra: &mut Map<String, Value>,
) -> Result<(), A::Error> {
    match map.next_value_seed(CollectionSeed::<C>(PhantomData))? {
        CollectionValue::Typed(items) => {
            *slot = Some(items);
            // A repeated member: the last one wins.
            if !extra.is_empty() {
                extra.remove(key.as_str());
            }
        }
        CollectionValue::Null => {
            *slot = None;
            extra.insert(key.as_str().to_owned(), Value::Null);
        }
        CollectionValue::Raw(items) => {
            *slot = None;
            extra.insert(key.as_str().to_owned(), Value::Array(items));
        }
    }
    Ok(())
}

/// Reads the value of an undeclared member as JSON and keeps it in `extra`.
#[doc(hidden)]
pub fn additional<'de, A: MapAccess<'de>>(
    map: &mut A,
    key: Key<'de>,
    extra: &mut Map<String, Value>,
) -> Result<(), A::Error> {
    let value: Value = map.next_value()?;
    extra.insert(key.into_string(), value);
    Ok(())
}

/// Reads `null` as `None` and anything else with codec `C`.
struct OptionSeed<C>(PhantomData<fn() -> C>);

impl<'de, C: Codec> DeserializeSeed<'de> for OptionSeed<C> {
    type Value = Option<C::Value>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_option(OptionVisitor::<C>(PhantomData))
    }
}

struct OptionVisitor<C>(PhantomData<fn() -> C>);

impl<'de, C: Codec> Visitor<'de> for OptionVisitor<C> {
    type Value = Option<C::Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        Seed::<C>::new().deserialize(d).map(Some)
    }
}

/// What a collection-valued member held.
enum CollectionValue<T> {
    /// `null`.
    Null,
    /// An array without `null` items.
    Typed(Vec<T>),
    /// An array with a `null` item, as JSON.
    Raw(Vec<Value>),
}

struct CollectionSeed<C>(PhantomData<fn() -> C>);

impl<'de, C: Codec> DeserializeSeed<'de> for CollectionSeed<C> {
    type Value = CollectionValue<C::Value>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_option(CollectionVisitor::<C>(PhantomData))
    }
}

struct CollectionVisitor<C>(PhantomData<fn() -> C>);

impl<'de, C: Codec> Visitor<'de> for CollectionVisitor<C> {
    type Value = CollectionValue<C::Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON array or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(CollectionValue::Null)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(CollectionValue::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }

    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<Self::Value, S::Error> {
        let mut typed = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(MAX_PREALLOCATED));
        while let Some(item) = seq.next_element_seed(OptionSeed::<C>(PhantomData))? {
            match item {
                Some(value) => typed.push(value),
                None => {
                    // A null item: keep the whole array as JSON from here on.
                    let mut raw = Vec::with_capacity(typed.len() + 1);
                    for value in &typed {
                        raw.push(serde_json::to_value(Ser::<C>(value)).map_err(S::Error::custom)?);
                    }
                    raw.push(Value::Null);
                    while let Some(value) = seq.next_element::<Value>()? {
                        raw.push(value);
                    }
                    return Ok(CollectionValue::Raw(raw));
                }
            }
        }
        Ok(CollectionValue::Typed(typed))
    }
}
