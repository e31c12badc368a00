//! [`Slot`]: how a generated struct field of each shape is read and written.
//!
//! A field is `Option<T>` (a non-nullable property), [`Nullable<T>`] (a
//! nullable one) or `Option<Vec<T>>` (a collection), with `T` read and written
//! by its [`Wire`] codec. The generated field table names only the member and
//! the field; the field's type picks the code. Where the type's codec is not the
//! property's (`Edm.Decimal` held in an `f64`, whose own codec is `Edm.Double`'s),
//! the table row names the shape and codec ([`AsOption`], [`AsNullable`],
//! [`AsCollection`] of a [`Codec`]).
//!
//! The layer between the value codecs ([`crate::codec`]) and the models
//! ([`Model`](crate::Model), read by [`crate::de`], written by [`crate::ser`]): a field
//! is read by [`read`] and written by [`write`]; this module knows no struct.

use serde::de::MapAccess;
use serde::ser::SerializeMap;
use serde_json::{Map, Value};

use std::fmt;
use std::marker::PhantomData;

use crate::codec::{Codec, Wire};
use crate::nullable::Nullable;

pub mod read;
pub mod write;

pub use read::Key;

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

/// Whether a field holds something to write (`Some`, or a [`Nullable`] that is
/// not [`Absent`](Nullable::Absent)). A kept raw member of the same name as a
/// present field is not written: the field's value wins.
pub trait Present {
    /// Whether the field is written.
    fn is_present(&self) -> bool;
}

impl<T> Present for Option<T> {
    #[inline]
    fn is_present(&self) -> bool {
        self.is_some()
    }
}

impl<T> Present for Nullable<T> {
    #[inline]
    fn is_present(&self) -> bool {
        !matches!(self, Nullable::Absent)
    }
}

/// Visits the declared fields of a generated struct in table order: the
/// `__visit` the `model!` macro writes makes one call per row, with the
/// member name, the Rust field name and the field. Serialization
/// ([`FieldWriter`](crate::ser::FieldWriter)) and `Debug` are visitors, so a
/// struct's per-field code is written (and compiled) once.
pub trait Fields {
    /// A field read and written through its [`Slot`].
    fn field<T: Slot + Present + fmt::Debug>(
        &mut self,
        key: &'static str,
        name: &'static str,
        value: &T,
    );

    /// A field whose row names its shape and codec `S`.
    fn field_as<S: Shape>(&mut self, key: &'static str, name: &'static str, value: &S::Field)
    where
        S::Field: Present + fmt::Debug;
}

/// A field of one shape read and written with codec `C`.
pub trait Shape {
    /// The field's type.
    type Field;

    /// As [`Slot::read`].
    fn read<'de, A: MapAccess<'de>>(
        field: &mut Self::Field,
        map: &mut A,
        key: &Key<'de>,
        extra: &mut Map<String, Value>,
    ) -> Result<(), A::Error>;

    /// As [`Slot::write`].
    fn write<M: SerializeMap>(
        field: &Self::Field,
        map: &mut M,
        key: &'static str,
    ) -> Result<(), M::Error>;
}

/// `Option<C::Value>`: a non-nullable property read with codec `C`.
#[derive(Debug)]
pub struct AsOption<C>(PhantomData<fn() -> C>);

/// `Nullable<C::Value>`: a nullable property read with codec `C`.
#[derive(Debug)]
pub struct AsNullable<C>(PhantomData<fn() -> C>);

/// `Option<Vec<C::Value>>`: a collection read with codec `C`.
#[derive(Debug)]
pub struct AsCollection<C>(PhantomData<fn() -> C>);

impl<C: Codec> Shape for AsOption<C> {
    type Field = Option<C::Value>;

    #[inline]
    fn read<'de, A: MapAccess<'de>>(
        field: &mut Self::Field,
        map: &mut A,
        key: &Key<'de>,
        extra: &mut Map<String, Value>,
    ) -> Result<(), A::Error> {
        read::option::<C, A>(map, field, key, extra)
    }

    #[inline]
    fn write<M: SerializeMap>(
        field: &Self::Field,
        map: &mut M,
        key: &'static str,
    ) -> Result<(), M::Error> {
        write::option::<C, M>(map, key, field)
    }
}

impl<C: Codec> Shape for AsNullable<C> {
    type Field = Nullable<C::Value>;

    #[inline]
    fn read<'de, A: MapAccess<'de>>(
        field: &mut Self::Field,
        map: &mut A,
        _key: &Key<'de>,
        _extra: &mut Map<String, Value>,
    ) -> Result<(), A::Error> {
        read::nullable::<C, A>(map, field)
    }

    #[inline]
    fn write<M: SerializeMap>(
        field: &Self::Field,
        map: &mut M,
        key: &'static str,
    ) -> Result<(), M::Error> {
        write::nullable::<C, M>(map, key, field)
    }
}

impl<C: Codec> Shape for AsCollection<C> {
    type Field = Option<Vec<C::Value>>;

    #[inline]
    fn read<'de, A: MapAccess<'de>>(
        field: &mut Self::Field,
        map: &mut A,
        key: &Key<'de>,
        extra: &mut Map<String, Value>,
    ) -> Result<(), A::Error> {
        read::collection::<C, A>(map, field, key, extra)
    }

    #[inline]
    fn write<M: SerializeMap>(
        field: &Self::Field,
        map: &mut M,
        key: &'static str,
    ) -> Result<(), M::Error> {
        write::collection::<C, M>(map, key, field)
    }
}

impl<T: Wire> Slot for Option<T> {
    #[inline]
    fn read<'de, A: MapAccess<'de>>(
        &mut self,
        map: &mut A,
        key: &Key<'de>,
        extra: &mut Map<String, Value>,
    ) -> Result<(), A::Error> {
        AsOption::<T::Codec>::read(self, map, key, extra)
    }

    #[inline]
    fn write<M: SerializeMap>(&self, map: &mut M, key: &'static str) -> Result<(), M::Error> {
        AsOption::<T::Codec>::write(self, map, key)
    }
}

impl<T: Wire> Slot for Nullable<T> {
    #[inline]
    fn read<'de, A: MapAccess<'de>>(
        &mut self,
        map: &mut A,
        key: &Key<'de>,
        extra: &mut Map<String, Value>,
    ) -> Result<(), A::Error> {
        AsNullable::<T::Codec>::read(self, map, key, extra)
    }

    #[inline]
    fn write<M: SerializeMap>(&self, map: &mut M, key: &'static str) -> Result<(), M::Error> {
        AsNullable::<T::Codec>::write(self, map, key)
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
        AsCollection::<T::Codec>::read(self, map, key, extra)
    }

    #[inline]
    fn write<M: SerializeMap>(&self, map: &mut M, key: &'static str) -> Result<(), M::Error> {
        AsCollection::<T::Codec>::write(self, map, key)
    }
}
