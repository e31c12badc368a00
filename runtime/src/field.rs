//! [`Slot`]: how a generated struct field of each shape is read and written.
//!
//! A field is `Option<T>` (a non-nullable property), [`Nullable<T>`] (a
//! nullable one) or `Option<Vec<T>>` (a collection), with `T` read and written
//! by its [`Wire`] codec. The generated field table names only the member and
//! the field; the field's type picks the code.

use serde::de::MapAccess;
use serde::ser::SerializeMap;
use serde_json::{Map, Value};

use crate::codec::Wire;
use crate::de::{self, Key};
use crate::nullable::Nullable;
use crate::ser;

/// A field of a generated struct.
pub trait Slot {
    /// Reads the value of member `key` from `map` into the field; what the
    /// field cannot hold (a `null` the schema rules out, a collection with
    /// `null` items) goes to `extra` under `key`.
    fn read<'de, A: MapAccess<'de>>(
        &mut self,
        map: &mut A,
        key: &Key<'de>,
        extra: &mut Map<String, Value>,
    ) -> Result<(), A::Error>;

    /// Writes the field as member `key` when it is present.
    fn write<M: SerializeMap>(&self, map: &mut M, key: &'static str) -> Result<(), M::Error>;
}

impl<T: Wire> Slot for Option<T> {
    #[inline]
    fn read<'de, A: MapAccess<'de>>(
        &mut self,
        map: &mut A,
        key: &Key<'de>,
        extra: &mut Map<String, Value>,
    ) -> Result<(), A::Error> {
        de::option::<T::Codec, A>(map, self, key, extra)
    }

    #[inline]
    fn write<M: SerializeMap>(&self, map: &mut M, key: &'static str) -> Result<(), M::Error> {
        ser::option::<T::Codec, M>(map, key, self)
    }
}

impl<T: Wire> Slot for Nullable<T> {
    #[inline]
    fn read<'de, A: MapAccess<'de>>(
        &mut self,
        map: &mut A,
        _key: &Key<'de>,
        _extra: &mut Map<String, Value>,
    ) -> Result<(), A::Error> {
        de::nullable::<T::Codec, A>(map, self)
    }

    #[inline]
    fn write<M: SerializeMap>(&self, map: &mut M, key: &'static str) -> Result<(), M::Error> {
        ser::nullable::<T::Codec, M>(map, key, self)
    }
}

impl<T: Wire> Slot for Option<Vec<T>> {
    #[inline]
    fn read<'de, A: MapAccess<'de>>(
        &mut self,
        map: &mut A,
        key: &Key<'de>,
        extra: &mut Map<String, Value>,
    ) -> Result<(), A::Error> {
        de::collection::<T::Codec, A>(map, self, key, extra)
    }

    #[inline]
    fn write<M: SerializeMap>(&self, map: &mut M, key: &'static str) -> Result<(), M::Error> {
        ser::collection::<T::Codec, M>(map, key, self)
    }
}
