//! Writing one field as a member, per shape: a non-nullable value ([`option`]),
//! a nullable one ([`nullable`]), a collection ([`collection`]) and the
//! undeclared members a struct kept ([`additional`]). Values go through their
//! [`Codec`]; nothing here knows a struct (that is [`crate::ser`]).

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};

use crate::codec::{Codec, Ser};
use crate::nullable::Nullable;

/// Writes a non-nullable single-valued property when it has a value.
#[doc(hidden)]
pub fn option<C: Codec, M: SerializeMap>(
    map: &mut M,
    key: &'static str,
    v: &Option<C::Value>,
) -> Result<(), M::Error> {
    match v {
        Some(value) => map.serialize_entry(key, &Ser::<C>(value)),
        None => Ok(()),
    }
}

/// Writes a nullable single-valued property: nothing when absent, `null` when
/// null, else the value.
#[doc(hidden)]
pub fn nullable<C: Codec, M: SerializeMap>(
    map: &mut M,
    key: &'static str,
    v: &Nullable<C::Value>,
) -> Result<(), M::Error> {
    match v {
        Nullable::Absent => Ok(()),
        Nullable::Null => map.serialize_entry(key, &Option::<()>::None),
        Nullable::Value(value) => map.serialize_entry(key, &Ser::<C>(value)),
    }
}

/// Writes a collection-valued property when it has a value.
#[doc(hidden)]
pub fn collection<C: Codec, M: SerializeMap>(
    map: &mut M,
    key: &'static str,
    v: &Option<Vec<C::Value>>,
) -> Result<(), M::Error> {
    match v {
        Some(items) => map.serialize_entry(key, &SeqSer::<C>(items)),
        None => Ok(()),
    }
}

/// Writes every additional property but those `written` says a declared
/// field already wrote: a member is never written twice, and the value the
/// field holds (set by the user) wins over a raw value kept under the same
/// name (Graph's `null` for a property the schema calls non-nullable).
#[doc(hidden)]
pub fn additional<M: SerializeMap>(
    map: &mut M,
    extra: &Map<String, Value>,
    written: impl Fn(&str) -> bool,
) -> Result<(), M::Error> {
    for (key, value) in extra {
        if !written(key) {
            map.serialize_entry(key, value)?;
        }
    }
    Ok(())
}

/// A slice written as a JSON array with codec `C`.
struct SeqSer<'a, C: Codec>(&'a [C::Value]);

impl<C: Codec> Serialize for SeqSer<'_, C> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(Ser::<C>))
    }
}
