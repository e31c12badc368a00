//! The impl lists of the macros' heads are the impl surface: a name left
//! out is an impl not written.

use crate::{Model, Nullable, ODataEnum, UnrecognizedValue};

/// Whether `$ty` implements the trait, decided where the macro is used: an
/// inherent method whose impl is bounded on the trait is chosen over the
/// fallback trait method when (and only when) the bound holds.
macro_rules! implements {
    ($ty:ty: $($bound:tt)+) => {{
        struct Probe<T>(::core::marker::PhantomData<T>);
        #[allow(dead_code)] // unused where the bound holds
        trait Fallback {
            fn implements(&self) -> bool {
                false
            }
        }
        impl<T> Fallback for Probe<T> {}
        #[allow(dead_code)] // unused where the bound does not hold
        impl<T: $($bound)+> Probe<T> {
            fn implements(&self) -> bool {
                true
            }
        }
        Probe::<$ty>(::core::marker::PhantomData).implements()
    }};
}

#[derive(Clone, PartialEq, Default)]
struct Full {
    odata_type: Option<String>,
    id: Option<String>,
    additional_properties: serde_json::Map<String, serde_json::Value>,
}

crate::model! {
    impl Model, Debug, Serialize, Deserialize, Wire for Full = "x.full" {
        "id" => id: Option<String> => ID,
    }
}

#[derive(Clone, PartialEq, Default)]
struct Bare {
    odata_type: Option<String>,
    id: Nullable<String>,
    additional_properties: serde_json::Map<String, serde_json::Value>,
}

crate::model! {
    impl Model, Entity, Serialize for Bare = "x.bare" {
        "id" => id: Nullable<String> => ID,
    }
}

#[test]
fn model_writes_the_impls_its_head_names_and_no_other() {
    assert!(implements!(Full: Model));
    assert!(implements!(Full: ::core::fmt::Debug));
    assert!(implements!(Full: serde::Serialize));
    assert!(implements!(Full: for<'de> serde::Deserialize<'de>));
    assert!(implements!(Full: crate::codec::Wire));
    assert!(!implements!(Full: crate::query::Entity));

    assert!(implements!(Bare: Model));
    assert!(implements!(Bare: serde::Serialize));
    assert!(implements!(Bare: crate::query::Entity));
    assert!(!implements!(Bare: ::core::fmt::Debug));
    assert!(!implements!(Bare: for<'de> serde::Deserialize<'de>));
    assert!(!implements!(Bare: crate::codec::Wire));

    // What is written still works: the rows, `new()` and the path constant.
    let mut bare = Bare::new();
    bare.id = Nullable::Null;
    assert_eq!(serde_json::to_string(&bare).unwrap(), r#"{"id":null}"#);
    assert_eq!(Bare::ID.path(), "id");
    let full: Full = serde_json::from_str(r#"{"id":"a"}"#).unwrap();
    assert_eq!(full.id.as_deref(), Some("a"));
    assert_eq!(Full::ID.path(), "id");
}

#[derive(Debug, Clone, PartialEq)]
enum Level {
    Low,
    Unrecognized(UnrecognizedValue),
}

impl ODataEnum for Level {
    const ODATA_TYPE: &'static str = "x.level";
    const MEMBERS: &'static [(&'static str, Self)] = &[("low", Self::Low)];
}

crate::odata_enum!(impl Display, Serialize for Level, Unrecognized);

#[test]
fn odata_enum_writes_the_impls_its_head_names_and_no_other() {
    assert!(implements!(Level: ::core::fmt::Display));
    assert!(implements!(Level: serde::Serialize));
    assert!(!implements!(Level: ::core::str::FromStr));
    assert!(!implements!(Level: for<'a> ::core::convert::From<&'a str>));
    assert!(!implements!(Level: crate::query::Literal));
    assert!(!implements!(Level: for<'de> serde::Deserialize<'de>));
    assert!(!implements!(Level: crate::codec::Wire));
    assert!(!implements!(Level: ::core::ops::BitOr));
    assert!(implements!(super::super::enums::tests::Severity: ::core::str::FromStr));

    assert_eq!(Level::Low.to_string(), "low");
    assert_eq!(Level::Low.as_str(), "low");
    assert_eq!(Level::unrecognized("LOW"), Level::Low);
    assert_eq!(Level::unrecognized("newValue").as_str(), "newValue");
}

#[derive(Clone, PartialEq)]
enum AnyFull {
    Full(Box<Full>),
    Bare(Box<Bare>),
}

crate::polymorphic! {
    impl Polymorphic, From for AnyFull = "x.full" {
        Full(Full),
        Bare(Bare),
    }
}

#[test]
fn polymorphic_writes_the_impls_its_head_names_and_no_other() {
    assert!(implements!(AnyFull: crate::Polymorphic));
    assert!(implements!(AnyFull: ::core::convert::From<Full>));
    assert!(!implements!(AnyFull: ::core::default::Default));
    assert!(!implements!(AnyFull: serde::Serialize));
    assert!(!implements!(AnyFull: for<'de> serde::Deserialize<'de>));
    assert!(!implements!(AnyFull: crate::codec::Wire));
    assert!(!implements!(AnyFull: crate::query::Structured));
    assert_eq!(AnyFull::from(Full::new()).type_name(), "x.full");
    assert_eq!(AnyFull::from(Bare::new()).type_name(), "x.bare");
}
