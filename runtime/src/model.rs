//! The traits of generated structs ([`Model`]) and polymorphic enums
//! ([`Polymorphic`]), and a model's `Debug` ([`debug`]).
//!
//! The serde core runs one way: value codecs ([`crate::codec`]) -> field shapes
//! ([`crate::field`]: one member read or written) -> models (this module's traits,
//! read by [`crate::de`], written by [`crate::ser`]).

use std::fmt;

use super::field::{Fields, Key, Present, Shape, Slot};

/// Implemented by every generated struct (entity and complex types).
///
/// Generated structs implement `Serialize` and `Deserialize` through
/// [`ser::model`](super::ser::model) and [`de::model`](super::de::model): a
/// JSON object with `@odata.type` first when present, then every present
/// property, then the undeclared members kept in `additional_properties`.
pub trait Model: Default + Sized {
    /// Qualified OData name, e.g. `"microsoft.graph.security.incident"`.
    const ODATA_TYPE: &'static str;

    /// The `@odata.type` annotation as received, if any.
    #[doc(hidden)]
    fn __odata_type(&self) -> Option<&str>;

    /// The slot of the `@odata.type` annotation.
    #[doc(hidden)]
    fn __odata_type_mut(&mut self) -> &mut Option<String>;

    /// Reads the value of one JSON member `key` from `map` into the right field
    /// (unknown keys into additional properties): one
    /// [`FieldReader`](crate::de::FieldReader) call per row of the member table,
    /// written by the `model!` macro (a plain call per row compiles faster than a
    /// `match` arm per member).
    #[doc(hidden)]
    fn __deserialize_field<'de, A: serde::de::MapAccess<'de>>(
        &mut self,
        key: Key<'de>,
        map: &mut A,
    ) -> Result<(), A::Error>;

    /// Hands every declared field (not `@odata.type`, not the additional
    /// properties) to `visitor`, in table order: what serialization and
    /// `Debug` are made of.
    #[doc(hidden)]
    fn __visit<V: Fields>(&self, visitor: &mut V);

    /// The additional properties (members the type does not declare).
    #[doc(hidden)]
    fn __additional(&self) -> &serde_json::Map<String, serde_json::Value>;
}

/// `Debug` of a generated struct, as `#[derive(Debug)]` would print it:
/// `Name { odata_type: .., <each field>: .., additional_properties: {..} }`.
#[doc(hidden)]
pub fn debug<T: Model>(v: &T, f: &mut fmt::Formatter<'_>, name: &str) -> fmt::Result {
    let mut out = f.debug_struct(name);
    out.field("odata_type", &v.__odata_type());
    v.__visit(&mut DebugFields(&mut out));
    out.field("additional_properties", v.__additional());
    out.finish()
}

/// The [`Fields`] visitor of [`debug`].
struct DebugFields<'a, 'b, 'c>(&'a mut fmt::DebugStruct<'b, 'c>);

impl Fields for DebugFields<'_, '_, '_> {
    fn field<T: Slot + Present + fmt::Debug>(
        &mut self,
        _: &'static str,
        name: &'static str,
        value: &T,
    ) {
        self.0.field(field_name(name), value);
    }

    fn field_as<S: Shape>(&mut self, _: &'static str, name: &'static str, value: &S::Field)
    where
        S::Field: Present + fmt::Debug,
    {
        self.0.field(field_name(name), value);
    }
}

/// A Rust field name as `#[derive(Debug)]` prints it (`r#type` as `type`).
fn field_name(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// Implemented by the generated `Any<Base>` enums of polymorphic families.
///
/// They implement `Deserialize` through [`de::polymorphic`](crate::de::polymorphic), which dispatches
/// on `@odata.type` (without buffering when it comes first, as Graph writes
/// it), and give the base variant for an unknown or missing type name.
pub trait Polymorphic: Sized {
    /// Qualified OData name of the base type.
    const BASE_TYPE: &'static str;

    /// Deserializes the rest of an object whose `@odata.type` (`odata_type`,
    /// as sent, e.g. `"#microsoft.graph.security.fileEvidence"`) has already
    /// been read, into the variant it names (the base variant when unknown).
    #[doc(hidden)]
    fn __deserialize_variant<'de, A: serde::de::MapAccess<'de>>(
        odata_type: String,
        map: A,
    ) -> Result<Self, A::Error>;

    /// Deserializes an object that has no `@odata.type`: the base variant.
    #[doc(hidden)]
    fn __deserialize_untyped<'de, A: serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

#[cfg(test)]
#[allow(dead_code)] // the impls the macros give, not all used by the tests
pub(crate) mod tests {
    //! Hand-written models shaped exactly like generated ones: a base type,
    //! a derived type and their polymorphic enum.

    use super::{Model, Polymorphic};
    use crate::enums::tests::Severity;
    use crate::{DateTimeOffset, Nullable};

    /// `microsoft.graph.security.evidence`.
    #[derive(Clone, PartialEq, Default)]
    pub(crate) struct Evidence {
        pub(crate) odata_type: Option<String>,
        /// `Edm.DateTimeOffset`, not nullable.
        pub(crate) created_date_time: Option<DateTimeOffset>,
        /// An enum, nullable.
        pub(crate) verdict: Nullable<Severity>,
        /// `Edm.Int64`, not nullable.
        pub(crate) size: Option<i64>,
        /// `Edm.Double`, not nullable.
        pub(crate) score: Option<f64>,
        /// `Collection(Edm.String)`.
        pub(crate) tags: Option<Vec<String>>,
        /// `Collection(Edm.Int64)`.
        pub(crate) sizes: Option<Vec<i64>>,
        pub(crate) additional_properties: serde_json::Map<String, serde_json::Value>,
    }

    crate::model! {
        impl Model, Debug, Serialize, Deserialize, Wire for Evidence = "microsoft.graph.security.evidence" {
            "createdDateTime" => created_date_time: Option<crate::DateTimeOffset> => CREATED_DATE_TIME,
            "verdict" => verdict: Nullable<Severity> => VERDICT,
            "size" => size: Option<i64> => SIZE,
            "score" => score: Option<f64> => SCORE,
            "tags" => tags: Option<Vec<String>> => TAGS,
            "sizes" => sizes: Option<Vec<i64>> => SIZES,
        }
    }

    /// `microsoft.graph.security.fileEvidence`, derived from `evidence`.
    #[derive(Clone, PartialEq, Default)]
    pub(crate) struct FileEvidence {
        pub(crate) odata_type: Option<String>,
        pub(crate) verdict: Nullable<Severity>,
        pub(crate) size: Option<i64>,
        pub(crate) file_name: Option<String>,
        pub(crate) additional_properties: serde_json::Map<String, serde_json::Value>,
    }

    crate::model! {
        impl Model, Debug, Serialize, Deserialize, Wire for FileEvidence = "microsoft.graph.security.fileEvidence" {
            "verdict" => verdict: Nullable<Severity> => VERDICT,
            "size" => size: Option<i64> => SIZE,
            "fileName" => file_name: Option<String> => FILE_NAME,
        }
    }

    /// The polymorphic family of `evidence`.
    #[derive(Debug, Clone, PartialEq)]
    pub(crate) enum AnyEvidence {
        Evidence(Box<Evidence>),
        FileEvidence(Box<FileEvidence>),
    }

    crate::polymorphic! {
        impl Polymorphic, Default, From, Serialize, Deserialize, Wire, Structured, Derived for AnyEvidence = "microsoft.graph.security.evidence" {
            Evidence(Evidence),
            FileEvidence(FileEvidence),
        }
    }

    /// A property whose codec is not its Rust type's (`Edm.Decimal` in an `f64`).
    #[derive(Clone, PartialEq, Default)]
    pub(crate) struct Price {
        pub(crate) odata_type: Option<String>,
        pub(crate) amount: Nullable<f64>,
        pub(crate) ratio: Option<f64>,
        /// A keyword as a member name.
        pub(crate) r#type: Option<String>,
        pub(crate) additional_properties: serde_json::Map<String, serde_json::Value>,
    }

    crate::model! {
        impl Model, Debug, Serialize, Deserialize, Wire for Price = "microsoft.graph.price" {
            "amount" => amount: Nullable<f64> => AMOUNT as AsNullable<Decimal>,
            "ratio" => ratio: Option<f64> => RATIO,
            "type" => r#type: Option<String> => TYPE,
        }
    }

    #[test]
    fn debug_prints_what_derive_debug_would() {
        mod derived {
            use crate::Nullable;

            #[derive(Debug)]
            pub(super) struct Price {
                pub(super) odata_type: Option<String>,
                pub(super) amount: Nullable<f64>,
                pub(super) ratio: Option<f64>,
                pub(super) r#type: Option<String>,
                pub(super) additional_properties: serde_json::Map<String, serde_json::Value>,
            }
        }
        let mut extra = serde_json::Map::new();
        extra.insert("newer".into(), serde_json::json!([1, null]));
        let price = Price {
            odata_type: Some("#microsoft.graph.price".into()),
            amount: Nullable::Null,
            ratio: Some(0.5),
            r#type: Some("retail".into()),
            additional_properties: extra.clone(),
        };
        let mirror = derived::Price {
            odata_type: price.odata_type.clone(),
            amount: Nullable::Null,
            ratio: Some(0.5),
            r#type: Some("retail".into()),
            additional_properties: extra,
        };
        assert_eq!(format!("{price:?}"), format!("{mirror:?}"));
        assert_eq!(format!("{price:#?}"), format!("{mirror:#?}"));
        assert!(
            format!("{price:?}").starts_with(
                "Price { odata_type: Some(\"#microsoft.graph.price\"), amount: Null, "
            )
        );
    }

    #[test]
    fn a_row_codec_overrides_the_type_codec() {
        // Edm.Decimal takes numeric strings but no NaN; Edm.Double (f64's own) takes both.
        let price: Price = serde_json::from_str(r#"{"amount":"1.5","ratio":"NaN"}"#).unwrap();
        assert_eq!(price.amount, Nullable::Value(1.5));
        assert!(price.ratio.is_some_and(f64::is_nan));
        assert!(serde_json::from_str::<Price>(r#"{"amount":"NaN"}"#).is_err());
    }

    #[test]
    fn constants() {
        assert_eq!(
            <Evidence as Model>::ODATA_TYPE,
            "microsoft.graph.security.evidence"
        );
        assert_eq!(
            <AnyEvidence as Polymorphic>::BASE_TYPE,
            <Evidence as Model>::ODATA_TYPE
        );
    }

    #[test]
    fn odata_type_accessors() {
        let mut value = FileEvidence::default();
        assert_eq!(value.__odata_type(), None);
        *value.__odata_type_mut() = Some(String::from("#x"));
        assert_eq!(value.__odata_type(), Some("#x"));
    }
}
