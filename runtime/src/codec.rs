//! Codecs: how a value of a given EDM type is read from and written to JSON.
//!
//! A field's codec is its value type's [`Wire`] codec (through
//! [`Slot`](crate::field::Slot)); a table row names another only where the
//! property's EDM type differs from what its Rust type reads (`Edm.Decimal` in an
//! `f64`). Most types use [`Plain`], their own `Serialize`/`Deserialize`; the
//! numeric types that OData lets a service send in other shapes have their own.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, DeserializeSeed, Deserializer, Unexpected, Visitor};
use serde::ser::{Serialize, Serializer};

use crate::enums::ODataEnum;

/// How values of one type are read from and written to JSON.
pub trait Codec {
    /// The Rust type of the values.
    type Value;
    /// Reads a value.
    fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Self::Value, D::Error>;
    /// Writes a value.
    fn serialize<S: Serializer>(v: &Self::Value, s: S) -> Result<S::Ok, S::Error>;
}

/// The codec of a type through its own `Serialize` and `Deserialize` impls.
pub struct Plain<T>(PhantomData<fn() -> T>);

impl<T: Serialize + DeserializeOwned> Codec for Plain<T> {
    type Value = T;

    fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
        T::deserialize(d)
    }

    fn serialize<S: Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
        v.serialize(s)
    }
}

impl<T> fmt::Debug for Plain<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Plain")
    }
}

/// `Edm.Int64` as [`i64`]: reads a JSON number or a string holding one
/// (`"123"`, as services send with `IEEE754Compatible=true`); writes a number.
///
/// A number with a fraction or exponent is accepted when its value is a whole
/// number that fits.
#[derive(Debug)]
pub struct Int64;

impl Codec for Int64 {
    type Value = i64;

    fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
        d.deserialize_any(Int64Visitor)
    }

    fn serialize<S: Serializer>(v: &i64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(*v)
    }
}

struct Int64Visitor;

/// 2^63 as an `f64`: the first value past `i64::MAX`.
const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;

impl Visitor<'_> for Int64Visitor {
    type Value = i64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an Edm.Int64 (an integer, or a string holding one)")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<i64, E> {
        Ok(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<i64, E> {
        i64::try_from(v).map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &self))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<i64, E> {
        if v.fract() == 0.0 && (-TWO_POW_63..TWO_POW_63).contains(&v) {
            // Whole and in range (NaN and infinities fail both tests): exact.
            Ok(v as i64)
        } else {
            Err(E::invalid_value(Unexpected::Float(v), &self))
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<i64, E> {
        v.parse()
            .map_err(|_| E::invalid_value(Unexpected::Str(v), &self))
    }
}

/// `Edm.Double` as [`f64`]: reads a number, a numeric string, or one of the
/// strings OData uses for non-finite values (`"NaN"`, `"INF"`, `"-INF"`, also
/// `"Infinity"`/`"-Infinity"`); writes a number, or `"NaN"`/`"INF"`/`"-INF"`.
#[derive(Debug)]
pub struct Double;

impl Codec for Double {
    type Value = f64;

    fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        d.deserialize_any(FloatVisitor {
            type_name: "Edm.Double",
            special: true,
        })
    }

    fn serialize<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
        match non_finite_name(*v) {
            Some(name) => s.serialize_str(name),
            None => s.serialize_f64(*v),
        }
    }
}

/// `Edm.Single` as [`f32`]: reads and writes like [`Double`].
#[derive(Debug)]
pub struct Single;

impl Codec for Single {
    type Value = f32;

    fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f32, D::Error> {
        d.deserialize_any(FloatVisitor {
            type_name: "Edm.Single",
            special: true,
        })
        .map(|v| v as f32)
    }

    fn serialize<S: Serializer>(v: &f32, s: S) -> Result<S::Ok, S::Error> {
        match non_finite_name(f64::from(*v)) {
            Some(name) => s.serialize_str(name),
            None => s.serialize_f32(*v),
        }
    }
}

/// `Edm.Decimal` as [`f64`]: reads a number or a numeric string (as services
/// send with `IEEE754Compatible=true`); writes a number.
///
/// `f64` keeps about 15 significant digits; decimals beyond that are rounded.
#[derive(Debug)]
pub struct Decimal;

impl Codec for Decimal {
    type Value = f64;

    fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        d.deserialize_any(FloatVisitor {
            type_name: "Edm.Decimal",
            special: false,
        })
    }

    fn serialize<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(*v)
    }
}

/// The OData spelling of a non-finite value, `None` for a finite one.
fn non_finite_name(v: f64) -> Option<&'static str> {
    if v.is_nan() {
        Some("NaN")
    } else if v == f64::INFINITY {
        Some("INF")
    } else if v == f64::NEG_INFINITY {
        Some("-INF")
    } else {
        None
    }
}

/// Reads a floating-point number from a number or a string.
struct FloatVisitor {
    type_name: &'static str,
    /// Whether `NaN`/`INF`/`-INF` are allowed.
    special: bool,
}

impl Visitor<'_> for FloatVisitor {
    type Value = f64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.special {
            write!(
                f,
                "an {} (a number, a string holding one, or \"NaN\", \"INF\", \"-INF\")",
                self.type_name
            )
        } else {
            write!(
                f,
                "an {} (a number, or a string holding one)",
                self.type_name
            )
        }
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<f64, E> {
        Ok(v)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<f64, E> {
        Ok(v as f64)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<f64, E> {
        Ok(v as f64)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<f64, E> {
        let special = match v {
            "NaN" => Some(f64::NAN),
            "INF" | "Infinity" => Some(f64::INFINITY),
            "-INF" | "-Infinity" => Some(f64::NEG_INFINITY),
            _ => None,
        };
        if let Some(value) = special {
            return if self.special {
                Ok(value)
            } else {
                Err(E::invalid_value(Unexpected::Str(v), &self))
            };
        }
        // Rust's parser also takes "inf"/"nan" spellings: only digits here.
        let numeric = !v.is_empty()
            && v.bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'));
        match v.parse::<f64>() {
            Ok(value) if numeric => Ok(value),
            _ => Err(E::invalid_value(Unexpected::Str(v), &self)),
        }
    }
}

/// The codec a value type is read and written with: what generated fields of
/// that type use (through [`Slot`](crate::field::Slot)), so generated code names
/// no codec. `Edm.Int64` ([`i64`]), `Edm.Double` ([`f64`]) and `Edm.Single`
/// ([`f32`]) have codecs of their own; every other type uses [`Plain`].
pub trait Wire: Sized {
    /// The codec.
    type Codec: Codec<Value = Self>;
}

macro_rules! plain_wire {
    ($($ty:ty),* $(,)?) => {
        $(impl Wire for $ty {
            type Codec = Plain<$ty>;
        })*
    };
}

plain_wire!(
    String,
    bool,
    u8,
    i8,
    i16,
    i32,
    serde_json::Value,
    crate::Binary,
    crate::Date,
    crate::DateTimeOffset,
    crate::TimeOfDay,
    crate::Duration,
    crate::Guid,
);

impl Wire for i64 {
    type Codec = Int64;
}

impl Wire for f64 {
    type Codec = Double;
}

impl Wire for f32 {
    type Codec = Single;
}

impl<E: crate::FlagsEnum> Wire for crate::Flags<E> {
    type Codec = Plain<Self>;
}

impl<T: Wire> Wire for Box<T> {
    type Codec = Boxed<T::Codec>;
}

/// The codec of `Box<C::Value>`: the boxed value's codec (boxes break type
/// cycles; they change nothing on the wire).
pub struct Boxed<C>(PhantomData<fn() -> C>);

impl<C: Codec> Codec for Boxed<C> {
    type Value = Box<C::Value>;

    fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Box<C::Value>, D::Error> {
        C::deserialize(d).map(Box::new)
    }

    fn serialize<S: Serializer>(v: &Box<C::Value>, s: S) -> Result<S::Ok, S::Error> {
        C::serialize(v.as_ref(), s)
    }
}

impl<C> fmt::Debug for Boxed<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Boxed")
    }
}

/// Reads a `C::Value` with codec `C`, as a [`DeserializeSeed`].
pub struct Seed<C>(PhantomData<fn() -> C>);

impl<C> Seed<C> {
    /// The seed.
    pub const fn new() -> Self {
        Self(PhantomData)
    }
}

impl<C> Default for Seed<C> {
    fn default() -> Self {
        Self::new()
    }
}

impl<C> Clone for Seed<C> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<C> Copy for Seed<C> {}

impl<C> fmt::Debug for Seed<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Seed")
    }
}

impl<'de, C: Codec> DeserializeSeed<'de> for Seed<C> {
    type Value = C::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<C::Value, D::Error> {
        C::deserialize(deserializer)
    }
}

/// Writes a borrowed `C::Value` with codec `C`, as a [`Serialize`] value.
pub struct Ser<'a, C: Codec>(pub &'a C::Value);

impl<C: Codec> Clone for Ser<'_, C> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<C: Codec> Copy for Ser<'_, C> {}

impl<C: Codec> fmt::Debug for Ser<'_, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Ser")
    }
}

impl<C: Codec> Serialize for Ser<'_, C> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        C::serialize(self.0, serializer)
    }
}

// The generated enums, as values: by their wire string.

/// Deserializes a generated enum from its wire string with
/// [`ODataEnum::from_wire`] (never fails on a string; anything else is an
/// error naming the enum type).
pub fn deserialize_enum<'de, E: ODataEnum, D: Deserializer<'de>>(d: D) -> Result<E, D::Error> {
    d.deserialize_str(EnumVisitor::<E>(PhantomData))
}

struct EnumVisitor<E>(PhantomData<fn() -> E>);

impl<E: ODataEnum> Visitor<'_> for EnumVisitor<E> {
    type Value = E;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a {} member name (a string)", E::ODATA_TYPE)
    }

    fn visit_str<Err: de::Error>(self, v: &str) -> Result<E, Err> {
        Ok(E::from_wire(v))
    }
}

/// Serializes a generated enum as its wire string.
pub fn serialize_enum<E: ODataEnum, S: Serializer>(e: &E, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(e.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn read<C: Codec>(json: &str) -> Result<C::Value, serde_json::Error> {
        let mut de = serde_json::Deserializer::from_str(json);
        let value = Seed::<C>::new().deserialize(&mut de)?;
        de.end()?;
        Ok(value)
    }

    fn read_value<C: Codec>(value: Value) -> Result<C::Value, serde_json::Error> {
        Seed::<C>::new().deserialize(value)
    }

    fn write<C: Codec>(value: &C::Value) -> String {
        serde_json::to_string(&Ser::<C>(value)).unwrap()
    }

    /// Found by fuzzing (target `edm`): serde_json's default float parser read
    /// `9.275892233720369e+24` one ulp off, so a `Double` written by the codec
    /// read back as another value. The runtime enables serde_json's
    /// `float_roundtrip` (correctly rounded parsing).
    #[test]
    fn doubles_read_back_exactly() {
        let exact = 9.275_892_233_720_369e24_f64;
        for text in [
            "9.275892233720369e+24",
            "9275892233720368547758033",
            "9.275892233720369e24",
        ] {
            let value = read::<Double>(text).unwrap();
            assert_eq!(value.to_bits(), exact.to_bits(), "{text}");
            let written = write::<Double>(&value);
            assert_eq!(
                read::<Double>(&written).unwrap().to_bits(),
                exact.to_bits(),
                "{written}"
            );
        }
    }

    #[test]
    fn plain_uses_the_type_impls() {
        assert_eq!(read::<Plain<String>>(r#""x""#).unwrap(), "x");
        assert_eq!(read::<Plain<i32>>("7").unwrap(), 7);
        assert!(read::<Plain<i32>>(r#""7""#).is_err());
        assert_eq!(write::<Plain<bool>>(&true), "true");
        assert_eq!(
            read_value::<Plain<Value>>(json!({"a": 1})).unwrap(),
            json!({"a": 1})
        );
    }

    #[test]
    fn int64_reads_numbers_and_strings() {
        assert_eq!(read::<Int64>("123").unwrap(), 123);
        assert_eq!(read::<Int64>("-5").unwrap(), -5);
        assert_eq!(read::<Int64>(r#""123""#).unwrap(), 123);
        assert_eq!(
            read::<Int64>(r#""-9223372036854775808""#).unwrap(),
            i64::MIN
        );
        assert_eq!(read::<Int64>("9223372036854775807").unwrap(), i64::MAX);
        assert_eq!(read::<Int64>("1e3").unwrap(), 1000);
        assert_eq!(read_value::<Int64>(json!("42")).unwrap(), 42);
        assert_eq!(write::<Int64>(&123), "123");
    }

    #[test]
    fn int64_rejects_everything_else() {
        for bad in [
            r#""12a""#,
            r#""""#,
            "1.5",
            "9223372036854775808",
            "true",
            "null",
            "[]",
        ] {
            let err = read::<Int64>(bad).unwrap_err().to_string();
            assert!(err.contains("Edm.Int64"), "{bad}: {err}");
        }
    }

    #[test]
    fn double_reads_numbers_and_special_strings() {
        assert_eq!(read::<Double>("1.5").unwrap(), 1.5);
        assert_eq!(read::<Double>("2").unwrap(), 2.0);
        assert_eq!(read::<Double>("-3").unwrap(), -3.0);
        assert_eq!(read::<Double>(r#""2.25""#).unwrap(), 2.25);
        assert!(read::<Double>(r#""NaN""#).unwrap().is_nan());
        assert_eq!(read::<Double>(r#""INF""#).unwrap(), f64::INFINITY);
        assert_eq!(read::<Double>(r#""-INF""#).unwrap(), f64::NEG_INFINITY);
        assert_eq!(read::<Double>(r#""Infinity""#).unwrap(), f64::INFINITY);
        assert_eq!(read::<Double>(r#""-Infinity""#).unwrap(), f64::NEG_INFINITY);
        assert_eq!(read_value::<Double>(json!("INF")).unwrap(), f64::INFINITY);
    }

    #[test]
    fn double_writes_numbers_and_special_strings() {
        assert_eq!(write::<Double>(&1.5), "1.5");
        assert_eq!(write::<Double>(&f64::NAN), r#""NaN""#);
        assert_eq!(write::<Double>(&f64::INFINITY), r#""INF""#);
        assert_eq!(write::<Double>(&f64::NEG_INFINITY), r#""-INF""#);
        for text in ["0.1433333", "-2.5e-8", "1e300"] {
            let value = read::<Double>(text).unwrap();
            assert_eq!(read::<Double>(&write::<Double>(&value)).unwrap(), value);
        }
    }

    #[test]
    fn double_rejects_other_input() {
        for bad in [
            r#""nan""#, r#""inf""#, r#""abc""#, r#""""#, "true", "null", "{}",
        ] {
            let err = read::<Double>(bad).unwrap_err().to_string();
            assert!(err.contains("Edm.Double"), "{bad}: {err}");
        }
    }

    #[test]
    fn single_behaves_like_double() {
        assert_eq!(read::<Single>("0.5").unwrap(), 0.5_f32);
        assert!(read::<Single>(r#""NaN""#).unwrap().is_nan());
        assert_eq!(read::<Single>(r#""-INF""#).unwrap(), f32::NEG_INFINITY);
        assert_eq!(write::<Single>(&0.1), "0.1");
        assert_eq!(write::<Single>(&f32::INFINITY), r#""INF""#);
        assert_eq!(write::<Single>(&f32::NAN), r#""NaN""#);
        assert!(
            read::<Single>("false")
                .unwrap_err()
                .to_string()
                .contains("Edm.Single")
        );
    }

    #[test]
    fn decimal_reads_numbers_and_numeric_strings() {
        assert_eq!(read::<Decimal>("12.5").unwrap(), 12.5);
        assert_eq!(read::<Decimal>("7").unwrap(), 7.0);
        assert_eq!(read::<Decimal>(r#""12.5""#).unwrap(), 12.5);
        assert_eq!(write::<Decimal>(&12.5), "12.5");
        for bad in [r#""NaN""#, r#""INF""#, r#""x""#, "null"] {
            let err = read::<Decimal>(bad).unwrap_err().to_string();
            assert!(err.contains("Edm.Decimal"), "{bad}: {err}");
        }
    }

    #[test]
    fn wrappers_are_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Seed<Plain<std::rc::Rc<u8>>>>();
        assert_send_sync::<Plain<std::rc::Rc<u8>>>();
        assert_send_sync::<Ser<'static, Int64>>();
    }
}
