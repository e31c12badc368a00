//! Model deserialization: `Incident`, `Alert`, `AnyAlertEvidence`,
//! `AnyAuditData`, `AnyCaseOperation`, and a page (`{"value": [...]}`) of each.
//!
//! Every input is tried as each of the ten shapes. Invariants:
//! - no panic and no stack overflow: nesting deeper than serde_json's
//!   recursion limit (128) is an error;
//! - JSON a model accepts is JSON: `serde_json::Value` accepts it too
//!   (differential);
//! - the model serializes to a value equal to the input under the comparison of
//!   [`roundtrip_difference_normalised`] (key order aside; the only
//!   normalisations are the documented ones: an enum member's letter case, an
//!   integer written back as the equal float in a floating-point property, and
//!   the codecs' documented forms of `Edm.Int64`/`Edm.Double` strings and flags);
//! - that value deserializes again to an equal model, which serializes to the
//!   very same value (floating-point `NaN`, never equal to itself, is compared
//!   through its `Debug` form).

use std::fmt::Debug;

use msgraph_security::models::{Alert, AnyAlertEvidence, AnyAuditData, AnyCaseOperation, Incident};
use msgraph_security::runtime::{Model, Polymorphic};
use serde::Serialize;
use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, Visitor};
use serde_json::{Map, Value};

use super::shown;
use crate::{Payload, roundtrip_difference_normalised};

/// Target `models`: the input as each model and as a page of each.
pub fn check(data: &[u8]) {
    object::<Incident>(data, Payload::Object(Incident::ODATA_TYPE));
    object::<Alert>(data, Payload::Object(Alert::ODATA_TYPE));
    object::<AnyAlertEvidence>(data, Payload::Any(AnyAlertEvidence::BASE_TYPE));
    object::<AnyAuditData>(data, Payload::Any(AnyAuditData::BASE_TYPE));
    object::<AnyCaseOperation>(data, Payload::Any(AnyCaseOperation::BASE_TYPE));
    page::<Incident>(data, Payload::Page(Incident::ODATA_TYPE));
    page::<Alert>(data, Payload::Page(Alert::ODATA_TYPE));
    page::<AnyAlertEvidence>(data, Payload::AnyPage(AnyAlertEvidence::BASE_TYPE));
    page::<AnyAuditData>(data, Payload::AnyPage(AnyAuditData::BASE_TYPE));
    page::<AnyCaseOperation>(data, Payload::AnyPage(AnyCaseOperation::BASE_TYPE));
}

/// One object as `T`.
pub fn object<T>(data: &[u8], payload: Payload<'_>)
where
    T: Serialize + DeserializeOwned + Debug + PartialEq,
{
    let Ok(model) = serde_json::from_slice::<T>(data) else {
        return;
    };
    round_trip(data, &model, payload);
}

/// A page `{"value": [T...], ...}`, read as the client reads pages (the
/// items streamed into `T`), the other members kept as JSON.
pub fn page<T>(data: &[u8], payload: Payload<'_>)
where
    T: Serialize + DeserializeOwned + Debug + PartialEq,
{
    let Ok(page) = serde_json::from_slice::<PageBody<T>>(data) else {
        return;
    };
    round_trip(data, &page, payload);
}

fn round_trip<T>(data: &[u8], model: &T, payload: Payload<'_>)
where
    T: Serialize + DeserializeOwned + Debug + PartialEq,
{
    let original: Value = match serde_json::from_slice(data) {
        Ok(value) => value,
        Err(e) => panic!(
            "{payload:?} accepted what serde_json::Value rejects ({e}): {}",
            shown(data)
        ),
    };
    let again = match serde_json::to_value(model) {
        Ok(again) => again,
        Err(e) => panic!("{payload:?}: cannot serialize {model:?}: {e}"),
    };
    if let Some(difference) = roundtrip_difference_normalised(&original, &again, payload) {
        panic!(
            "{payload:?}: the round trip differs at {difference}\n input: {original}\n again: {again}"
        );
    }
    // Through the streaming deserializer, as from the network.
    let bytes = serde_json::to_vec(&again).unwrap_or_default();
    let twice: T = match serde_json::from_slice(&bytes) {
        Ok(twice) => twice,
        Err(e) => panic!("{payload:?}: its own output does not read back ({e}): {again}"),
    };
    assert!(
        same(&twice, model),
        "{payload:?}: read back as another model\n first: {model:?}\nsecond: {twice:?}"
    );
    let thrice = serde_json::to_value(&twice).unwrap_or_default();
    assert_eq!(
        thrice, again,
        "{payload:?}: the second round trip writes other JSON"
    );
}

/// Equal models; `NaN` (never equal to itself) compared through `Debug`.
fn same<T: Debug + PartialEq>(a: &T, b: &T) -> bool {
    a == b || format!("{a:?}") == format!("{b:?}")
}

/// A page: `value` read as `Vec<T>` by the streaming deserializer (a missing
/// `value` is an error), every other member kept as JSON.
#[derive(Debug, PartialEq)]
pub struct PageBody<T> {
    /// The items.
    pub value: Vec<T>,
    /// The other members (`@odata.context`, `@odata.nextLink`, ...).
    pub rest: Map<String, Value>,
}

impl<T: Serialize> Serialize for PageBody<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let mut map = serializer.serialize_map(Some(self.rest.len() + 1))?;
        for (key, value) in &self.rest {
            map.serialize_entry(key, value)?;
        }
        map.serialize_entry("value", &self.value)?;
        map.end()
    }
}

impl<'de, T: DeserializeOwned> serde::Deserialize<'de> for PageBody<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PageVisitor<T>(std::marker::PhantomData<fn() -> T>);

        impl<'de, T: DeserializeOwned> Visitor<'de> for PageVisitor<T> {
            type Value = PageBody<T>;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a page object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PageBody<T>, A::Error> {
                let mut value = None;
                let mut rest = Map::new();
                while let Some(key) = map.next_key::<String>()? {
                    if key == "value" {
                        if value.is_some() {
                            return Err(de::Error::duplicate_field("value"));
                        }
                        value = Some(map.next_value()?);
                    } else {
                        let member: Value = map.next_value()?;
                        if rest.insert(key.clone(), member).is_some() {
                            return Err(de::Error::custom(format!("duplicate member `{key}`")));
                        }
                    }
                }
                let value = value.ok_or_else(|| de::Error::missing_field("value"))?;
                Ok(PageBody { value, rest })
            }
        }

        deserializer.deserialize_map(PageVisitor(std::marker::PhantomData))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// Deeper than serde_json's recursion limit: an error, for every shape,
    /// in a declared property, an undeclared one and a page.
    #[test]
    fn deep_nesting_is_an_error() {
        let deep = |prefix: &str| {
            let mut text = String::from(prefix);
            text.push_str(&"[".repeat(50_000));
            text.push_str(&"]".repeat(50_000));
            text.push('}');
            text
        };
        for prefix in [
            r#"{"x":"#,
            r#"{"evidence":"#,
            r##"{"@odata.type":"#microsoft.graph.security.fileEvidence","x":"##,
            r#"{"y":1,"x":"#,
        ] {
            let text = deep(prefix);
            assert!(serde_json::from_str::<Incident>(&text).is_err());
            assert!(serde_json::from_str::<Alert>(&text).is_err());
            assert!(serde_json::from_str::<AnyAlertEvidence>(&text).is_err());
            assert!(serde_json::from_str::<AnyAuditData>(&text).is_err());
            assert!(serde_json::from_str::<AnyCaseOperation>(&text).is_err());
            let page = format!(r#"{{"value":[{}]}}"#, text);
            assert!(serde_json::from_str::<PageBody<Alert>>(&page).is_err());
            check(text.as_bytes());
            check(page.as_bytes());
        }
    }

    #[test]
    fn pages_round_trip() {
        let page = br##"{"@odata.nextLink":"https://h/n","value":[{"@odata.type":"#microsoft.graph.security.fileEvidence","verdict":"Malicious"}]}"##;
        let body: PageBody<AnyAlertEvidence> = serde_json::from_slice(page).unwrap();
        assert_eq!(body.value.len(), 1);
        assert_eq!(body.rest.len(), 1);
        check(page);
        assert!(serde_json::from_slice::<PageBody<Alert>>(br#"{"x":1}"#).is_err());
    }
}
