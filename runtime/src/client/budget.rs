//! A memory budget for decoding a response: the body cap bounds the bytes
//! read, but not what they decode to (`{"value":[{},{},...]}` is 3 bytes an
//! item on the wire and one whole model in memory, hundreds of bytes). The
//! decoder here wraps `serde_json`'s and charges an estimate of every
//! allocation the decoded value makes against a budget proportional to the
//! body's size; past it, decoding stops with
//! [`ErrorKind::TooLarge`](super::ErrorKind::TooLarge) (`decoded: true`).
//!
//! The estimate, per value decoded:
//! - an element of a sequence: twice the element type's size (a `Vec`
//!   grows by doubling, so its capacity is at most twice its length);
//! - an entry of a map: 1.5 times the key's and the value's sizes (tree
//!   nodes are at least half full, hash tables at least half used);
//! - a string or byte string that is not empty: its length plus 16 (the
//!   allocator's header and rounding), at least 32.
//!
//! Struct fields are inside their struct's size, charged with the element
//! or entry that holds it; their keys are charged as strings and entries
//! too, which over-estimates a struct's cost but never under-estimates a
//! collection's.

use std::cell::Cell;
use std::fmt;
use std::mem::size_of;

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};

/// The decoded size allowed per byte of body.
pub const DECODE_BUDGET_PER_BODY_BYTE: u64 = 8;
/// The decoded size always allowed, whatever the body's size (64 MiB): small
/// bodies of small maps (hunting results of short rows cost 10 to 25 bytes
/// of memory per byte of JSON) decode whole.
pub const DECODE_BUDGET_FLOOR: u64 = 64 * 1024 * 1024;

/// The estimated decoded size (see the module docs) allowed for a body of
/// `body_len` bytes: 8 bytes per body byte, plus 64 MiB.
pub fn decode_budget(body_len: u64) -> u64 {
    body_len
        .saturating_mul(DECODE_BUDGET_PER_BODY_BYTE)
        .saturating_add(DECODE_BUDGET_FLOOR)
}

/// The most memory that reading and decoding a response body of `body_len`
/// bytes may take (what [`ClientBuilder::max_response_bytes`](super::ClientBuilder::max_response_bytes)
/// bounds once `body_len` is the cap): twice the body (the buffer it is
/// read into grows by doubling) and one and a half times the decode budget
/// (the estimate counts a vector's full capacity; while one vector
/// reallocates, its old buffer lives on for a moment beside the new one).
/// 14 times the body plus 96 MiB; at the default cap of 64 MiB, 992 MiB
/// (15.5 times the cap).
pub fn decoded_memory_bound(body_len: u64) -> u64 {
    let budget = decode_budget(body_len);
    body_len
        .saturating_mul(2)
        .saturating_add(budget.saturating_add(budget / 2))
}

/// What is left of a budget, and whether it ran out.
pub(crate) struct Budget {
    left: Cell<u64>,
    exceeded: Cell<bool>,
}

impl Budget {
    pub(crate) fn new(limit: u64) -> Self {
        Self {
            left: Cell::new(limit),
            exceeded: Cell::new(false),
        }
    }

    /// Whether a charge failed.
    pub(crate) fn exceeded(&self) -> bool {
        self.exceeded.get()
    }

    #[inline]
    fn charge<E: de::Error>(&self, bytes: u64) -> Result<(), E> {
        match self.left.get().checked_sub(bytes) {
            Some(left) => {
                self.left.set(left);
                Ok(())
            }
            None => {
                self.exceeded.set(true);
                self.left.set(0);
                Err(E::custom(
                    "the decoded value would take more memory than its budget",
                ))
            }
        }
    }

    #[inline]
    fn charge_text<E: de::Error>(&self, len: usize) -> Result<(), E> {
        if len == 0 {
            return Ok(());
        }
        self.charge((len as u64).saturating_add(16).max(32))
    }
}

fn element_cost<T>() -> u64 {
    2 * size_of::<T>() as u64
}

fn entry_cost<K, V>() -> u64 {
    let both = (size_of::<K>() + size_of::<V>()) as u64;
    both + both / 2
}

/// A deserializer whose every value is charged to `budget`.
pub(crate) struct Counted<'b, D> {
    pub(crate) inner: D,
    pub(crate) budget: &'b Budget,
}

struct CountedVisitor<'b, V> {
    inner: V,
    budget: &'b Budget,
}

struct CountedSeed<'b, S> {
    inner: S,
    budget: &'b Budget,
}

struct CountedSeq<'b, A> {
    inner: A,
    budget: &'b Budget,
}

struct CountedMap<'b, A> {
    inner: A,
    budget: &'b Budget,
}

struct CountedEnum<'b, A> {
    inner: A,
    budget: &'b Budget,
}

struct CountedVariant<'b, A> {
    inner: A,
    budget: &'b Budget,
}

macro_rules! forward_deserialize {
    ($($method:ident($($arg:ident: $ty:ty),*)),* $(,)?) => {
        $(
            #[inline]
            fn $method<V: Visitor<'de>>(
                self,
                $($arg: $ty,)*
                visitor: V,
            ) -> Result<V::Value, Self::Error> {
                self.inner
                    .$method($($arg,)* CountedVisitor { inner: visitor, budget: self.budget })
            }
        )*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Counted<'_, D> {
    type Error = D::Error;

    forward_deserialize!(
        deserialize_any(),
        deserialize_bool(),
        deserialize_i8(),
        deserialize_i16(),
        deserialize_i32(),
        deserialize_i64(),
        deserialize_i128(),
        deserialize_u8(),
        deserialize_u16(),
        deserialize_u32(),
        deserialize_u64(),
        deserialize_u128(),
        deserialize_f32(),
        deserialize_f64(),
        deserialize_char(),
        deserialize_str(),
        deserialize_string(),
        deserialize_bytes(),
        deserialize_byte_buf(),
        deserialize_option(),
        deserialize_unit(),
        deserialize_seq(),
        deserialize_map(),
        deserialize_identifier(),
        deserialize_ignored_any(),
        deserialize_unit_struct(name: &'static str),
        deserialize_newtype_struct(name: &'static str),
        deserialize_tuple(len: usize),
        deserialize_tuple_struct(name: &'static str, len: usize),
        deserialize_struct(name: &'static str, fields: &'static [&'static str]),
        deserialize_enum(name: &'static str, variants: &'static [&'static str]),
    );

    #[inline]
    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

macro_rules! forward_visit {
    ($($method:ident: $ty:ty),* $(,)?) => {
        $(
            #[inline]
            fn $method<E: de::Error>(self, value: $ty) -> Result<Self::Value, E> {
                self.inner.$method(value)
            }
        )*
    };
}

impl<'de, V: Visitor<'de>> Visitor<'de> for CountedVisitor<'_, V> {
    type Value = V::Value;

    #[inline]
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(f)
    }

    forward_visit!(
        visit_bool: bool,
        visit_i8: i8,
        visit_i16: i16,
        visit_i32: i32,
        visit_i64: i64,
        visit_i128: i128,
        visit_u8: u8,
        visit_u16: u16,
        visit_u32: u32,
        visit_u64: u64,
        visit_u128: u128,
        visit_f32: f32,
        visit_f64: f64,
        visit_char: char,
    );

    #[inline]
    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        self.budget.charge_text(value.len())?;
        self.inner.visit_str(value)
    }

    #[inline]
    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Self::Value, E> {
        self.budget.charge_text(value.len())?;
        self.inner.visit_borrowed_str(value)
    }

    #[inline]
    fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
        self.budget.charge_text(value.len())?;
        self.inner.visit_string(value)
    }

    #[inline]
    fn visit_bytes<E: de::Error>(self, value: &[u8]) -> Result<Self::Value, E> {
        self.budget.charge_text(value.len())?;
        self.inner.visit_bytes(value)
    }

    #[inline]
    fn visit_borrowed_bytes<E: de::Error>(self, value: &'de [u8]) -> Result<Self::Value, E> {
        self.budget.charge_text(value.len())?;
        self.inner.visit_borrowed_bytes(value)
    }

    #[inline]
    fn visit_byte_buf<E: de::Error>(self, value: Vec<u8>) -> Result<Self::Value, E> {
        self.budget.charge_text(value.len())?;
        self.inner.visit_byte_buf(value)
    }

    #[inline]
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.inner.visit_none()
    }

    #[inline]
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        self.inner.visit_some(Counted {
            inner: deserializer,
            budget: self.budget,
        })
    }

    #[inline]
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.inner.visit_unit()
    }

    #[inline]
    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        self.inner.visit_newtype_struct(Counted {
            inner: deserializer,
            budget: self.budget,
        })
    }

    #[inline]
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.inner.visit_seq(CountedSeq {
            inner: seq,
            budget: self.budget,
        })
    }

    #[inline]
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.inner.visit_map(CountedMap {
            inner: map,
            budget: self.budget,
        })
    }

    #[inline]
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        self.inner.visit_enum(CountedEnum {
            inner: data,
            budget: self.budget,
        })
    }
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for CountedSeed<'_, S> {
    type Value = S::Value;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<S::Value, D::Error> {
        self.inner.deserialize(Counted {
            inner: deserializer,
            budget: self.budget,
        })
    }
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for CountedSeq<'_, A> {
    type Error = A::Error;

    #[inline]
    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, A::Error> {
        // Charged before decoding, so a sequence of empty values stops at
        // the budget instead of after it.
        self.budget.charge(element_cost::<S::Value>())?;
        self.inner.next_element_seed(CountedSeed {
            inner: seed,
            budget: self.budget,
        })
    }

    #[inline]
    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for CountedMap<'_, A> {
    type Error = A::Error;

    #[inline]
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.inner.next_key_seed(CountedSeed {
            inner: seed,
            budget: self.budget,
        })
    }

    #[inline]
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        // The key's size is not known here; a `String` key's (the maps
        // that grow: open types, `Value` objects) is assumed.
        self.budget.charge(entry_cost::<String, V::Value>())?;
        self.inner.next_value_seed(CountedSeed {
            inner: seed,
            budget: self.budget,
        })
    }

    #[inline]
    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

impl<'b, 'de, A: EnumAccess<'de>> EnumAccess<'de> for CountedEnum<'b, A> {
    type Error = A::Error;
    type Variant = CountedVariant<'b, A::Variant>;

    #[inline]
    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Self::Variant), A::Error> {
        let budget = self.budget;
        let (value, variant) = self.inner.variant_seed(CountedSeed {
            inner: seed,
            budget,
        })?;
        Ok((
            value,
            CountedVariant {
                inner: variant,
                budget,
            },
        ))
    }
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for CountedVariant<'_, A> {
    type Error = A::Error;

    #[inline]
    fn unit_variant(self) -> Result<(), A::Error> {
        self.inner.unit_variant()
    }

    #[inline]
    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, A::Error> {
        self.inner.newtype_variant_seed(CountedSeed {
            inner: seed,
            budget: self.budget,
        })
    }

    #[inline]
    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        self.inner.tuple_variant(
            len,
            CountedVisitor {
                inner: visitor,
                budget: self.budget,
            },
        )
    }

    #[inline]
    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        self.inner.struct_variant(
            fields,
            CountedVisitor {
                inner: visitor,
                budget: self.budget,
            },
        )
    }
}

/// Decodes a JSON body as `T` within the memory budget of [`decode_budget`]
/// for its size. The error says whether the budget ran out.
pub(crate) fn from_slice<T: de::DeserializeOwned>(
    body: &[u8],
) -> Result<T, (serde_json::Error, bool)> {
    let budget = Budget::new(decode_budget(body.len() as u64));
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value = T::deserialize(Counted {
        inner: &mut deserializer,
        budget: &budget,
    })
    .and_then(|value| deserializer.end().map(|()| value));
    value.map_err(|error| (error, budget.exceeded()))
}

#[cfg(test)]
mod tests;
