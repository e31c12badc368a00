//! Serialization of the generated structs (their `Serialize` impls call it).
//!
//! A generated struct serializes with [`model`] (or [`model_tagged`] as a
//! derived variant of a polymorphic enum): `@odata.type` first when there is
//! one, then the fields the struct's `__visit` hands a [`FieldWriter`] (each
//! present field writes itself, [`crate::field::Slot`]) and the undeclared members
//! it kept. This is the model layer's writing side, over [`crate::field`] (one
//! member) over [`crate::codec`] (one value); a generated enum is a value
//! ([`crate::codec::serialize_enum`]).

use std::fmt;

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};

use crate::field::read::ODATA_TYPE_KEY;
use crate::field::write::additional;
use crate::field::{Fields, Present, Shape, Slot};
use crate::model::Model;

/// Serializes a generated struct as a JSON object: `@odata.type` first if the
/// value has one, then its fields and additional properties.
pub fn model<T: Model, S: Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(None)?;
    if let Some(odata_type) = v.__odata_type() {
        map.serialize_entry(ODATA_TYPE_KEY, odata_type)?;
    }
    fields(v, &mut map)?;
    map.end()
}

/// Like [`model`], but a value without `@odata.type` is written with
/// `"@odata.type": "#<T::ODATA_TYPE>"`, so the service can tell which derived
/// type it is (used for the derived variants of a polymorphic enum).
pub fn model_tagged<T: Model, S: Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(None)?;
    match v.__odata_type() {
        Some(odata_type) => map.serialize_entry(ODATA_TYPE_KEY, odata_type)?,
        None => map.serialize_entry(ODATA_TYPE_KEY, &TypeTag(T::ODATA_TYPE))?,
    }
    fields(v, &mut map)?;
    map.end()
}

/// Writes a struct's declared fields, then its additional members.
fn fields<T: Model, M: SerializeMap>(v: &T, map: &mut M) -> Result<(), M::Error> {
    let mut writer = FieldWriter::new(map, v.__additional());
    v.__visit(&mut writer);
    writer.finish()
}

/// `#name`, written without building a `String`.
struct TypeTag(&'static str);

impl Serialize for TypeTag {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&format_args!("#{}", self.0))
    }
}

/// Writes a generated struct's declared fields into a map, as a
/// [`Fields`] visitor of the struct's `__visit`, then (with
/// [`finish`](Self::finish)) its additional members. The first error is kept
/// and later writes are skipped, so a row of the generated table is one plain
/// call (no `?` and no closure per field: cheap to compile).
#[doc(hidden)]
pub struct FieldWriter<'a, M: SerializeMap> {
    map: &'a mut M,
    extra: &'a Map<String, Value>,
    /// The members written by a declared field, collected only when there are
    /// additional members to check against them.
    written: Vec<&'static str>,
    error: Option<M::Error>,
}

impl<M: SerializeMap> fmt::Debug for FieldWriter<'_, M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FieldWriter")
            .field("written", &self.written)
            .field("failed", &self.error.is_some())
            .finish_non_exhaustive()
    }
}

impl<'a, M: SerializeMap> FieldWriter<'a, M> {
    /// A writer into `map` for a struct whose additional members are `extra`.
    #[inline]
    pub fn new(map: &'a mut M, extra: &'a Map<String, Value>) -> Self {
        FieldWriter {
            map,
            extra,
            written: Vec::new(),
            error: None,
        }
    }

    #[inline]
    fn write(&mut self, key: &'static str, write: impl FnOnce(&mut M) -> Result<(), M::Error>) {
        if self.error.is_some() {
            return;
        }
        if !self.extra.is_empty() {
            self.written.push(key);
        }
        if let Err(e) = write(self.map) {
            self.error = Some(e);
        }
    }

    /// Writes the additional members no declared field wrote (see
    /// [`additional`]) and returns the first error.
    pub fn finish(self) -> Result<(), M::Error> {
        if let Some(e) = self.error {
            return Err(e);
        }
        let written = self.written;
        additional(self.map, self.extra, |key| written.contains(&key))
    }
}

impl<M: SerializeMap> Fields for FieldWriter<'_, M> {
    #[inline]
    fn field<T: Slot + Present + fmt::Debug>(
        &mut self,
        key: &'static str,
        _: &'static str,
        value: &T,
    ) {
        if value.is_present() {
            self.write(key, |map| value.write(map, key));
        }
    }

    #[inline]
    fn field_as<S: Shape>(&mut self, key: &'static str, _: &'static str, value: &S::Field)
    where
        S::Field: Present + fmt::Debug,
    {
        if value.is_present() {
            self.write(key, |map| S::write(value, map, key));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::{Double, Int64, Plain};
    use crate::enums::ODataEnum;
    use crate::enums::tests::Severity;
    use crate::field::write::{collection, nullable, option};
    use crate::model::tests::{AnyEvidence, Evidence, FileEvidence};
    use crate::nullable::Nullable;
    use serde_json::json;

    fn round_trip<T: Serialize + serde::de::DeserializeOwned>(input: &Value) -> (T, Value) {
        let typed: T = serde_json::from_value(input.clone()).unwrap();
        let from_str: T = serde_json::from_str(&input.to_string()).unwrap();
        let out = serde_json::to_value(&typed).unwrap();
        assert_eq!(serde_json::to_value(&from_str).unwrap(), out);
        (typed, out)
    }

    #[test]
    fn odata_type_is_written_first() {
        let value = Evidence {
            size: Some(1),
            odata_type: Some(String::from("#microsoft.graph.security.evidence")),
            ..Evidence::default()
        };
        let text = serde_json::to_string(&value).unwrap();
        assert_eq!(
            text,
            r##"{"@odata.type":"#microsoft.graph.security.evidence","size":1}"##
        );
    }

    #[test]
    fn empty_model_is_an_empty_object() {
        assert_eq!(serde_json::to_string(&Evidence::default()).unwrap(), "{}");
    }

    #[test]
    fn fields_then_additional_properties() {
        let mut value = Evidence::default();
        value
            .additional_properties
            .insert(String::from("zzz"), json!(1));
        value.tags = Some(vec![String::from("t")]);
        value.verdict = Nullable::Null;
        value.sizes = Some(vec![1, 2]);
        assert_eq!(
            serde_json::to_string(&value).unwrap(),
            r#"{"verdict":null,"tags":["t"],"sizes":[1,2],"zzz":1}"#
        );
    }

    #[test]
    fn lossless_round_trip_of_a_model() {
        let input = json!({
            "@odata.type": "#microsoft.graph.security.evidence",
            "@odata.etag": "W/\"abc\"",
            "createdDateTime": "2026-01-22T12:09:23.1433333Z",
            "verdict": null,
            "size": 5,
            "tags": ["a"],
            "sizes": [],
            "score": "NaN",
            "brandNew": {"nested": [1, 2, 3]},
            "displayName@odata.type": "#String"
        });
        let (value, out): (Evidence, Value) = round_trip(&input);
        assert_eq!(value.additional_properties.len(), 3);
        assert_eq!(out, input);
    }

    #[test]
    fn nullable_round_trip_keeps_all_three_states() {
        for input in [
            json!({}),
            json!({"verdict": null}),
            json!({"verdict": "low"}),
        ] {
            let (_, out): (Evidence, Value) = round_trip(&input);
            assert_eq!(out, input);
        }
    }

    #[test]
    fn null_for_non_nullable_round_trips() {
        let input = json!({"size": null, "tags": null, "createdDateTime": null});
        let (value, out): (Evidence, Value) = round_trip(&input);
        assert_eq!(value.size, None);
        assert_eq!(value.created_date_time, None);
        assert_eq!(out, input);
    }

    #[test]
    fn collection_with_null_item_round_trips() {
        let input = json!({"tags": ["a", null], "sizes": [null, 1]});
        let (value, out): (Evidence, Value) = round_trip(&input);
        assert_eq!(value.tags, None);
        assert_eq!(out, input);
    }

    #[test]
    fn unknown_enum_value_round_trips() {
        let input = json!({"verdict": "catastrophic"});
        let (value, out): (Evidence, Value) = round_trip(&input);
        assert!(matches!(
            value.verdict,
            Nullable::Value(Severity::Unrecognized(_))
        ));
        assert_eq!(out, input);
    }

    #[test]
    fn int64_strings_are_written_as_numbers() {
        let (_, out): (Evidence, Value) = round_trip(&json!({"size": "42", "sizes": ["1", 2]}));
        assert_eq!(out, json!({"size": 42, "sizes": [1, 2]}));
    }

    #[test]
    fn polymorphic_round_trips() {
        for input in [
            json!({"@odata.type": "#microsoft.graph.security.fileEvidence", "fileName": "a.exe", "verdict": "high"}),
            json!({"fileName": "a.exe", "@odata.type": "#microsoft.graph.security.fileEvidence"}),
            json!({"@odata.type": "#microsoft.graph.security.quantumEvidence", "qubits": 7, "size": 1}),
            json!({"size": 1, "@odata.type": "#microsoft.graph.security.quantumEvidence"}),
            json!({"size": 1}),
            json!({}),
        ] {
            let (_, out): (AnyEvidence, Value) = round_trip(&input);
            assert_eq!(out, input);
        }
        let collection = json!([
            {"@odata.type": "#microsoft.graph.security.fileEvidence", "fileName": "a"},
            {"@odata.type": "#microsoft.graph.security.evidence"}
        ]);
        let (values, out): (Vec<AnyEvidence>, Value) = round_trip(&collection);
        assert!(matches!(values[0], AnyEvidence::FileEvidence(_)));
        assert!(matches!(values[1], AnyEvidence::Evidence(_)));
        assert_eq!(out, collection);
    }

    #[test]
    fn derived_variant_writes_its_type_even_when_built_in_code() {
        let file = FileEvidence {
            file_name: Some(String::from("a.exe")),
            ..FileEvidence::default()
        };
        let value = serde_json::to_string(&AnyEvidence::FileEvidence(Box::new(file))).unwrap();
        assert_eq!(
            value,
            r##"{"@odata.type":"#microsoft.graph.security.fileEvidence","fileName":"a.exe"}"##
        );
        let base = serde_json::to_string(&AnyEvidence::Evidence(Box::default())).unwrap();
        assert_eq!(base, "{}");
    }

    #[test]
    fn field_helpers_write_the_expected_members() {
        struct Fields;
        impl Serialize for Fields {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut map = s.serialize_map(None)?;
                option::<Int64, _>(&mut map, "a", &Some(1))?;
                option::<Int64, _>(&mut map, "b", &None)?;
                nullable::<Double, _>(&mut map, "c", &Nullable::Absent)?;
                nullable::<Double, _>(&mut map, "d", &Nullable::Null)?;
                nullable::<Double, _>(&mut map, "e", &Nullable::Value(f64::INFINITY))?;
                collection::<Plain<bool>, _>(&mut map, "f", &Some(vec![true]))?;
                collection::<Plain<bool>, _>(&mut map, "g", &None)?;
                let mut extra = Map::new();
                extra.insert(String::from("h"), json!([]));
                additional(&mut map, &extra, |_| false)?;
                map.end()
            }
        }
        assert_eq!(
            serde_json::to_string(&Fields).unwrap(),
            r#"{"a":1,"d":null,"e":"INF","f":[true],"h":[]}"#
        );
    }

    /// Read-modify-write: a raw value kept under a declared member's name
    /// (Graph's `null` for a non-nullable property, a collection with `null`
    /// items) is written only while the field is absent; once the user sets
    /// the field, the member is written once, with the user's value.
    #[test]
    fn read_modify_write_never_writes_a_member_twice() {
        // Plain (non-nullable) property.
        let mut value: Evidence = serde_json::from_str(r#"{"size":null,"x":1}"#).unwrap();
        assert_eq!(
            serde_json::to_string(&value).unwrap(),
            r#"{"size":null,"x":1}"#
        );
        value.size = Some(7);
        assert_eq!(
            serde_json::to_string(&value).unwrap(),
            r#"{"size":7,"x":1}"#
        );
        // Collection with null items.
        let mut value: Evidence = serde_json::from_str(r#"{"tags":["a",null]}"#).unwrap();
        assert_eq!(
            serde_json::to_string(&value).unwrap(),
            r#"{"tags":["a",null]}"#
        );
        value.tags = Some(vec![String::from("b")]);
        assert_eq!(serde_json::to_string(&value).unwrap(), r#"{"tags":["b"]}"#);
        // Nullable property: a raw value of its name (put there by hand) never
        // doubles it either, and is kept while the field is absent.
        let mut value = Evidence::default();
        value
            .additional_properties
            .insert(String::from("verdict"), json!("odd"));
        assert_eq!(
            serde_json::to_string(&value).unwrap(),
            r#"{"verdict":"odd"}"#
        );
        value.verdict = Nullable::Null;
        assert_eq!(
            serde_json::to_string(&value).unwrap(),
            r#"{"verdict":null}"#
        );
        // Polymorphic: the derived type's own members are checked.
        let mut any: AnyEvidence = serde_json::from_str(
            r##"{"@odata.type":"#microsoft.graph.security.fileEvidence","fileName":null,"size":null}"##,
        )
        .unwrap();
        let AnyEvidence::FileEvidence(file) = &mut any else {
            panic!("{any:?}")
        };
        file.file_name = Some(String::from("a.exe"));
        let text = serde_json::to_string(&any).unwrap();
        assert_eq!(
            text,
            r##"{"@odata.type":"#microsoft.graph.security.fileEvidence","fileName":"a.exe","size":null}"##
        );
        let object: Map<String, Value> = serde_json::from_str(&text).unwrap();
        assert_eq!(object.len(), 3);
    }

    #[test]
    fn enum_value_writes_the_wire_string() {
        assert_eq!(serde_json::to_string(&Severity::High).unwrap(), r#""high""#);
        assert_eq!(
            serde_json::to_value(<Severity as ODataEnum>::from_wire("odd")).unwrap(),
            json!("odd")
        );
    }
}
