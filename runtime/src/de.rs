//! Deserialization of the generated structs and polymorphic enums (their `Deserialize` impls call it).
//!
//! The model layer's reading side (over [`crate::field`], which reads one member,
//! over [`crate::codec`], which reads one value). A generated struct deserializes
//! with [`model`]: every JSON member goes through the struct's
//! `__deserialize_field`, whose [`FieldReader`] hands it to the field that declares
//! it ([`crate::field::Slot`]), to `@odata.type`, or to the additional properties.
//! A polymorphic `Any<Base>` enum deserializes with [`polymorphic`]. (A generated
//! enum is a value: [`crate::codec::deserialize_enum`].)
//!
//! Nothing the service sends is lost: undeclared members are kept in the struct's
//! additional properties and written back as received.

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::MapDeserializer;
use serde::de::{Deserializer, Error as _, MapAccess, Visitor};
use serde_json::{Map, Value};

use crate::field::read::{MAX_PREALLOCATED, ODATA_TYPE_KEY, additional, odata_type};
use crate::field::{Key, Shape, Slot};
use crate::model::{Model, Polymorphic};

/// Deserializes a generated struct from a JSON object.
///
/// An input that is not an object fails with a message naming the type:
/// `invalid type: string "x", expected a JSON object for microsoft.graph.security.incident`.
pub fn model<'de, T: Model, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    d.deserialize_map(ModelVisitor::<T>(PhantomData))
}

struct ModelVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: Model> Visitor<'de> for ModelVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a JSON object for {}", T::ODATA_TYPE)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        model_rest(None, map)
    }
}

/// Deserializes the remaining members of `map` into a new `T` whose
/// `@odata.type` is `odata_type` (already read by the caller).
#[doc(hidden)]
pub fn model_rest<'de, T: Model, A: MapAccess<'de>>(
    odata_type: Option<String>,
    mut map: A,
) -> Result<T, A::Error> {
    let mut value = T::default();
    *value.__odata_type_mut() = odata_type;
    while let Some(key) = map.next_key::<Key<'de>>()? {
        value.__deserialize_field(key, &mut map)?;
    }
    Ok(value)
}

/// Deserializes a polymorphic `Any<Base>` enum from a JSON object, choosing the
/// variant from `@odata.type`.
///
/// When `@odata.type` is the first member (as Graph writes it) the rest of the
/// object is read straight into the variant. Otherwise the object is buffered
/// as JSON values first. Without `@odata.type` the value is the base variant.
pub fn polymorphic<'de, P: Polymorphic, D: Deserializer<'de>>(d: D) -> Result<P, D::Error> {
    d.deserialize_map(PolymorphicVisitor::<P>(PhantomData))
}

struct PolymorphicVisitor<P>(PhantomData<fn() -> P>);

impl<'de, P: Polymorphic> Visitor<'de> for PolymorphicVisitor<P> {
    type Value = P;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "a JSON object for {} or a type derived from it",
            P::BASE_TYPE
        )
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<P, A::Error> {
        let Some(first) = map.next_key::<Key<'de>>()? else {
            return buffered::<P>(Vec::new()).map_err(A::Error::custom);
        };
        if first.as_str() == ODATA_TYPE_KEY {
            let odata_type: String = map.next_value()?;
            return P::__deserialize_variant(odata_type, map);
        }
        let mut entries =
            Vec::with_capacity(map.size_hint().unwrap_or(0).min(MAX_PREALLOCATED) + 1);
        entries.push((first.into_string(), map.next_value::<Value>()?));
        while let Some(entry) = map.next_entry::<String, Value>()? {
            entries.push(entry);
        }
        buffered::<P>(entries).map_err(A::Error::custom)
    }
}

/// Dispatches a buffered object: to the variant its `@odata.type` names, or to
/// the base variant when it has none.
fn buffered<P: Polymorphic>(mut entries: Vec<(String, Value)>) -> Result<P, serde_json::Error> {
    let position = entries
        .iter()
        .position(|(key, value)| key == ODATA_TYPE_KEY && value.is_string());
    let odata_type = match position.map(|i| entries.remove(i).1) {
        Some(Value::String(odata_type)) => Some(odata_type),
        // `position` only finds strings.
        Some(_) | None => None,
    };
    let map = MapDeserializer::new(entries.into_iter());
    match odata_type {
        Some(odata_type) => P::__deserialize_variant(odata_type, map),
        None => P::__deserialize_untyped(map),
    }
}

/// The qualified type name in an `@odata.type` value: without its leading `#`.
pub fn type_name(odata_type: &str) -> &str {
    odata_type.strip_prefix('#').unwrap_or(odata_type)
}

/// Reads the value of one member into the generated struct's field that
/// declares it: the `__deserialize_field` the `model!` macro writes makes one
/// with the key, hands it each field in table order
/// ([`field`](Self::field), [`field_as`](Self::field_as)) and calls
/// [`finish`](Self::finish). `@odata.type` goes to the type annotation, a
/// member no field declares to the additional properties. One plain call per
/// row (no `match` arm and no `?` per field: cheap to compile).
#[doc(hidden)]
pub struct FieldReader<'de, 'a, A: MapAccess<'de>> {
    key: Key<'de>,
    map: &'a mut A,
    extra: &'a mut Map<String, Value>,
    /// The outcome once a field (or `@odata.type`) has taken the value.
    read: Option<Result<(), A::Error>>,
}

impl<'de, A: MapAccess<'de>> fmt::Debug for FieldReader<'de, '_, A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FieldReader")
            .field("key", &self.key)
            .field("read", &self.read.is_some())
            .finish_non_exhaustive()
    }
}

impl<'de, 'a, A: MapAccess<'de>> FieldReader<'de, 'a, A> {
    /// A reader of the value of member `key` from `map`, for a struct whose
    /// type annotation and additional properties are `odata_type` and `extra`.
    #[inline]
    pub fn new(
        key: Key<'de>,
        map: &'a mut A,
        odata_type: &mut Option<String>,
        extra: &'a mut Map<String, Value>,
    ) -> Self {
        let read = if key.as_str() == ODATA_TYPE_KEY {
            Some(self::odata_type(map, odata_type))
        } else {
            None
        };
        FieldReader {
            key,
            map,
            extra,
            read,
        }
    }

    /// Reads the value into `field` if the member is `wire`.
    #[inline]
    pub fn field<T: Slot>(&mut self, wire: &'static str, field: &mut T) {
        if self.read.is_none() && self.key.as_str() == wire {
            self.read = Some(field.read(self.map, &self.key, self.extra));
        }
    }

    /// Reads the value into `field` with the row's shape and codec `S` if the
    /// member is `wire`.
    #[inline]
    pub fn field_as<S: Shape>(&mut self, wire: &'static str, field: &mut S::Field) {
        if self.read.is_none() && self.key.as_str() == wire {
            self.read = Some(S::read(field, self.map, &self.key, self.extra));
        }
    }

    /// The outcome of the read, after keeping a member no field declared in
    /// the additional properties.
    #[inline]
    pub fn finish(self) -> Result<(), A::Error> {
        match self.read {
            Some(result) => result,
            None => additional(self.map, self.key, self.extra),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::{Int64, Plain};
    use crate::enums::tests::Severity;
    use crate::field::read::{collection, nullable, option};
    use crate::model::tests::{AnyEvidence, Evidence, FileEvidence};
    use crate::{DateTimeOffset, Nullable};
    use serde::de::Deserialize;
    use serde_json::json;

    #[test]
    fn keys_from_borrowed_input_are_borrowed() {
        let mut de = serde_json::Deserializer::from_str(r#""plain""#);
        let key = Key::deserialize(&mut de).unwrap();
        assert!(matches!(key, Key::Borrowed("plain")), "{key:?}");
        let mut de = serde_json::Deserializer::from_str(r#""esc\"aped""#);
        let key = Key::deserialize(&mut de).unwrap();
        assert!(matches!(&key, Key::Owned(s) if s == "esc\"aped"), "{key:?}");
        let key = Key::deserialize(json!("owned")).unwrap();
        assert_eq!(key, Key::Owned(String::from("owned")));
        assert_eq!(key.as_str(), "owned");
        assert_eq!(Key::Borrowed("b").into_string(), "b");
        let value = json!("from a reference");
        let key = Key::deserialize(&value).unwrap();
        assert!(matches!(key, Key::Borrowed("from a reference")), "{key:?}");
    }

    #[test]
    fn model_reads_every_shape() {
        let input = r##"{
            "@odata.type": "#microsoft.graph.security.evidence",
            "createdDateTime": "2026-01-22T12:09:23.1433333Z",
            "verdict": "high",
            "size": "123",
            "tags": ["a", "b"],
            "brandNew": {"nested": [1, 2]}
        }"##;
        let value: Evidence = serde_json::from_str(input).unwrap();
        assert_eq!(
            value.odata_type.as_deref(),
            Some("#microsoft.graph.security.evidence")
        );
        assert_eq!(
            value.created_date_time,
            Some(
                "2026-01-22T12:09:23.1433333Z"
                    .parse::<DateTimeOffset>()
                    .unwrap()
            )
        );
        assert_eq!(value.verdict, Nullable::Value(Severity::High));
        assert_eq!(value.size, Some(123));
        assert_eq!(value.tags, Some(vec![String::from("a"), String::from("b")]));
        assert_eq!(
            value.additional_properties.get("brandNew"),
            Some(&json!({"nested": [1, 2]}))
        );
        assert_eq!(value.additional_properties.len(), 1);
    }

    #[test]
    fn model_rejects_non_objects_naming_the_type() {
        for bad in [r#""x""#, "1", "null", "[]"] {
            let err = serde_json::from_str::<Evidence>(bad)
                .unwrap_err()
                .to_string();
            assert!(
                err.contains("expected a JSON object for microsoft.graph.security.evidence"),
                "{bad}: {err}"
            );
        }
        let err = serde_json::from_value::<Evidence>(json!("x"))
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "invalid type: string \"x\", expected a JSON object for microsoft.graph.security.evidence"
        );
    }

    #[test]
    fn bad_property_values_are_errors() {
        let err = serde_json::from_str::<Evidence>(r#"{"createdDateTime": "nope"}"#)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("Edm.DateTimeOffset") && err.contains("nope"),
            "{err}"
        );
        let err = serde_json::from_str::<Evidence>(r#"{"tags": "a"}"#)
            .unwrap_err()
            .to_string();
        assert!(err.contains("expected a JSON array"), "{err}");
        let err = serde_json::from_str::<Evidence>(r#"{"@odata.type": 1}"#)
            .unwrap_err()
            .to_string();
        assert!(err.contains("invalid type"), "{err}");
    }

    #[test]
    fn null_for_non_nullable_goes_to_additional_properties() {
        let value: Evidence = serde_json::from_str(r#"{"size": null, "tags": null}"#).unwrap();
        assert_eq!(value.size, None);
        assert_eq!(value.tags, None);
        assert_eq!(value.additional_properties.get("size"), Some(&Value::Null));
        assert_eq!(value.additional_properties.get("tags"), Some(&Value::Null));
    }

    #[test]
    fn repeated_member_last_one_wins() {
        let value: Evidence = serde_json::from_str(r#"{"size": null, "size": 5}"#).unwrap();
        assert_eq!(value.size, Some(5));
        assert!(value.additional_properties.is_empty());
        let value: Evidence = serde_json::from_str(r#"{"size": 5, "size": null}"#).unwrap();
        assert_eq!(value.size, None);
        assert_eq!(value.additional_properties.get("size"), Some(&Value::Null));
    }

    #[test]
    fn nullable_tri_state() {
        let absent: Evidence = serde_json::from_str("{}").unwrap();
        assert_eq!(absent.verdict, Nullable::Absent);
        let null: Evidence = serde_json::from_str(r#"{"verdict": null}"#).unwrap();
        assert_eq!(null.verdict, Nullable::Null);
        assert!(null.additional_properties.is_empty());
        let value: Evidence = serde_json::from_value(json!({"verdict": "low"})).unwrap();
        assert_eq!(value.verdict, Nullable::Value(Severity::Low));
    }

    #[test]
    fn collection_with_a_null_item_is_kept_raw() {
        let value: Evidence =
            serde_json::from_str(r#"{"tags": ["a", null, "b"], "sizes": ["1", 2, null]}"#).unwrap();
        assert_eq!(value.tags, None);
        assert_eq!(value.sizes, None);
        assert_eq!(
            value.additional_properties.get("tags"),
            Some(&json!(["a", null, "b"]))
        );
        // Items read before the null are written back with their codec.
        assert_eq!(
            value.additional_properties.get("sizes"),
            Some(&json!([1, 2, null]))
        );
        let value: Evidence = serde_json::from_value(json!({"tags": [null]})).unwrap();
        assert_eq!(
            value.additional_properties.get("tags"),
            Some(&json!([null]))
        );
    }

    #[test]
    fn collections_use_the_item_codec() {
        let value: Evidence =
            serde_json::from_str(r#"{"sizes": ["1", 2, "-3"], "tags": []}"#).unwrap();
        assert_eq!(value.sizes, Some(vec![1, 2, -3]));
        assert_eq!(value.tags, Some(Vec::new()));
    }

    #[test]
    fn polymorphic_fast_path() {
        let input = r##"{"@odata.type": "#microsoft.graph.security.fileEvidence", "fileName": "a.exe", "verdict": "high"}"##;
        let value: AnyEvidence = serde_json::from_str(input).unwrap();
        let AnyEvidence::FileEvidence(file) = value else {
            panic!("expected a file: {value:?}");
        };
        assert_eq!(
            file.odata_type.as_deref(),
            Some("#microsoft.graph.security.fileEvidence")
        );
        assert_eq!(file.file_name, Some(String::from("a.exe")));
        assert_eq!(file.verdict, Nullable::Value(Severity::High));
    }

    /// Found by fuzzing (target `models`): with `@odata.type` twice, the
    /// object was dispatched on the first and the second overwrote
    /// `odata_type`, so it was written back naming another type than its
    /// fields' (and read back as that type). Now an error, on every path.
    #[test]
    fn a_repeated_odata_type_is_an_error() {
        let file = r##""@odata.type": "#microsoft.graph.security.fileEvidence""##;
        let base = r##""@odata.type": "#microsoft.graph.security.evidence""##;
        for input in [
            format!("{{{file}, {base}}}"),
            format!("{{{file}, \"fileName\": \"a\", {file}}}"),
            format!("{{\"fileName\": \"a\", {base}, {file}}}"),
        ] {
            let error = serde_json::from_str::<AnyEvidence>(&input).unwrap_err();
            assert!(
                error.to_string().contains("duplicate field `@odata.type`"),
                "{input}: {error}"
            );
            assert!(serde_json::from_str::<Evidence>(&input).is_err(), "{input}");
        }
    }

    #[test]
    fn polymorphic_buffered_path() {
        let input = r##"{"fileName": "a.exe", "x": [1], "@odata.type": "#microsoft.graph.security.fileEvidence", "size": "9"}"##;
        let value: AnyEvidence = serde_json::from_str(input).unwrap();
        let AnyEvidence::FileEvidence(file) = value else {
            panic!("expected a file: {value:?}");
        };
        assert_eq!(
            file.odata_type.as_deref(),
            Some("#microsoft.graph.security.fileEvidence")
        );
        assert_eq!(file.file_name, Some(String::from("a.exe")));
        assert_eq!(file.size, Some(9));
        assert_eq!(file.additional_properties.get("x"), Some(&json!([1])));
        assert!(!file.additional_properties.contains_key("@odata.type"));
    }

    #[test]
    fn polymorphic_from_value() {
        for input in [
            json!({"@odata.type": "#microsoft.graph.security.fileEvidence", "fileName": "a"}),
            json!({"fileName": "a", "@odata.type": "#microsoft.graph.security.fileEvidence"}),
        ] {
            let value: AnyEvidence = serde_json::from_value(input.clone()).unwrap();
            assert!(
                matches!(&value, AnyEvidence::FileEvidence(f) if f.file_name.as_deref() == Some("a")),
                "{value:?}"
            );
            let value = AnyEvidence::deserialize(&input).unwrap();
            assert!(matches!(value, AnyEvidence::FileEvidence(_)), "{value:?}");
        }
    }

    #[test]
    fn polymorphic_unknown_type_is_the_base_variant_keeping_it() {
        for input in [
            r##"{"@odata.type": "#microsoft.graph.security.quantumEvidence", "qubits": 7, "size": 1}"##,
            r##"{"qubits": 7, "@odata.type": "#microsoft.graph.security.quantumEvidence", "size": 1}"##,
        ] {
            let value: AnyEvidence = serde_json::from_str(input).unwrap();
            let AnyEvidence::Evidence(base) = value else {
                panic!("expected the base variant: {value:?}");
            };
            assert_eq!(
                base.odata_type.as_deref(),
                Some("#microsoft.graph.security.quantumEvidence")
            );
            assert_eq!(base.size, Some(1));
            assert_eq!(base.additional_properties.get("qubits"), Some(&json!(7)));
        }
    }

    #[test]
    fn polymorphic_without_type_is_the_untagged_base_variant() {
        for input in ["{}", r#"{"size": 3}"#] {
            let value: AnyEvidence = serde_json::from_str(input).unwrap();
            let AnyEvidence::Evidence(base) = value else {
                panic!("expected the base variant: {value:?}");
            };
            assert_eq!(base.odata_type, None);
        }
        let err = serde_json::from_str::<AnyEvidence>("[]")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("microsoft.graph.security.evidence or a type derived from it"),
            "{err}"
        );
    }

    #[test]
    fn polymorphic_errors_inside_the_buffered_object_surface() {
        let err = serde_json::from_str::<AnyEvidence>(
            r##"{"size": "x", "@odata.type": "#microsoft.graph.security.fileEvidence"}"##,
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("Edm.Int64"), "{err}");
    }

    #[test]
    fn type_name_strips_the_hash() {
        assert_eq!(
            type_name("#microsoft.graph.security.fileEvidence"),
            "microsoft.graph.security.fileEvidence"
        );
        assert_eq!(
            type_name("microsoft.graph.security.fileEvidence"),
            "microsoft.graph.security.fileEvidence"
        );
        assert_eq!(type_name(""), "");
    }

    #[test]
    fn helpers_work_on_any_map_access() {
        // Drive the field helpers directly over a serde MapDeserializer.
        let entries = vec![
            (String::from("a"), json!("5")),
            (String::from("b"), json!(null)),
            (String::from("c"), json!([1, null])),
            (String::from("d"), json!({"k": true})),
        ];
        let mut map = MapDeserializer::<_, serde_json::Error>::new(entries.into_iter());
        let mut extra = Map::new();
        let mut a = None;
        let mut b = Nullable::Absent;
        let mut c = None;

        let key: Key<'_> = map.next_key().unwrap().unwrap();
        option::<Int64, _>(&mut map, &mut a, &key, &mut extra).unwrap();
        let _: Key<'_> = map.next_key().unwrap().unwrap();
        nullable::<Plain<String>, _>(&mut map, &mut b).unwrap();
        let key: Key<'_> = map.next_key().unwrap().unwrap();
        collection::<Int64, _>(&mut map, &mut c, &key, &mut extra).unwrap();
        let key: Key<'_> = map.next_key().unwrap().unwrap();
        additional(&mut map, key, &mut extra).unwrap();

        assert_eq!(a, Some(5));
        assert_eq!(b, Nullable::Null);
        assert_eq!(c, None);
        assert_eq!(
            Value::Object(extra),
            json!({"c": [1, null], "d": {"k": true}})
        );
    }

    #[test]
    fn file_evidence_is_a_model_too() {
        let file: FileEvidence = serde_json::from_str(r#"{"fileName": "x"}"#).unwrap();
        assert_eq!(file.file_name.as_deref(), Some("x"));
    }
}
