//! [`Page`], one page of a collection, and the `{"value": ...}` envelope.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

/// One page of a collection, as returned by [`List::send`](super::List::send).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// `@odata.count`: the size of the whole collection, when `$count=true` was asked.
    pub count: Option<u64>,
    /// `@odata.nextLink`: the URL of the next page, if there is one.
    pub next_link: Option<String>,
    /// `@odata.deltaLink`: the URL for changes since this result, for delta queries.
    pub delta_link: Option<String>,
    /// The response's `request-id` header (the service's id of the request).
    pub request_id: Option<String>,
    /// The response's `client-request-id` header (the id the client sent).
    pub client_request_id: Option<String>,
}

impl<T> Page<T> {
    /// A page with `items` and no links.
    pub fn new(items: Vec<T>) -> Self {
        Self {
            items,
            count: None,
            next_link: None,
            delta_link: None,
            request_id: None,
            client_request_id: None,
        }
    }
}

/// A response body `{"value": R, "@odata.count": n, "@odata.nextLink": ..}`;
/// other members are skipped.
pub(crate) struct Envelope<R> {
    pub(crate) value: Option<R>,
    pub(crate) count: Option<u64>,
    pub(crate) next_link: Option<String>,
    pub(crate) delta_link: Option<String>,
}

impl<'de, R: DeserializeOwned> Deserialize<'de> for Envelope<R> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(EnvelopeVisitor(PhantomData))
    }
}

struct EnvelopeVisitor<R>(PhantomData<fn() -> R>);

impl<'de, R: DeserializeOwned> Visitor<'de> for EnvelopeVisitor<R> {
    type Value = Envelope<R>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object with a `value` member")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut envelope = Envelope {
            value: None,
            count: None,
            next_link: None,
            delta_link: None,
        };
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match &*key {
                "value" => {
                    if envelope.value.is_some() {
                        return Err(de::Error::duplicate_field("value"));
                    }
                    envelope.value = Some(map.next_value()?);
                }
                "@odata.count" => envelope.count = map.next_value()?,
                "@odata.nextLink" => envelope.next_link = map.next_value()?,
                "@odata.deltaLink" => envelope.delta_link = map.next_value()?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(envelope)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_reads_links_and_skips_the_rest() {
        let body = r#"{"@odata.context":"x","@odata.count":3,"value":[1,2],"@odata.nextLink":"https://h/n","extra":{"a":[1]}}"#;
        let envelope: Envelope<Vec<u8>> = serde_json::from_str(body).unwrap();
        assert_eq!(envelope.value, Some(vec![1, 2]));
        assert_eq!(envelope.count, Some(3));
        assert_eq!(envelope.next_link.as_deref(), Some("https://h/n"));
        assert_eq!(envelope.delta_link, None);
        let escaped: Envelope<u8> = serde_json::from_str(r#"{"v\u0061lue":7}"#).unwrap();
        assert_eq!(escaped.value, Some(7));
        assert!(serde_json::from_str::<Envelope<u8>>("[1]").is_err());
    }
}
