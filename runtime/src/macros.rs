//! The macros generated code is made of: each turns a table the generator
//! writes (a struct's members, an enum's name, a polymorphic family's
//! variants) into the trait, serde and std impls, so the generated files hold
//! the definitions and the tables, and the behaviour lives here, written once.
//!
//! They are the contract between this crate and `msgraph-security`'s generated
//! code, not an API for applications.

/// The impls of a generated struct from its member table:
/// `model! { Incident = "microsoft.graph.security.incident" { "id" => id: Option<String> => ID, ... } }`
/// (wire name, field, field type, name of the property's path constant, and
/// `where Capabilities<..>` when the schema restricts the property in queries;
/// a row led by `@deprecated(since = "..", note = "..")` marks the path constant
/// `#[deprecated]` like the field).
///
/// The struct has the fields `odata_type: Option<String>` and
/// `additional_properties: serde_json::Map<String, Value>`, and one field per
/// table row whose type is a [`Slot`](crate::field::Slot) (or, where the row says
/// `as AsNullable<Decimal>` and the like, a field of that shape read with that
/// codec). Gives `new()`, one [`Property`](crate::query::Property) constant
/// per row, [`Model`](crate::Model), `Debug` (as `#[derive(Debug)]` prints),
/// `Serialize`, `Deserialize` and [`Wire`](crate::codec::Wire). An entity
/// type's table starts with `entity` (`model! { entity Incident = ... }`), which
/// adds [`Entity`](crate::query::Entity): `$expand` reaches only entity types.
#[doc(hidden)]
#[macro_export]
macro_rules! model {
    (entity $ty:ident = $odata:literal { $($rows:tt)* }) => {
        $crate::model!($ty = $odata { $($rows)* });

        impl $crate::query::Entity for $ty {}
    };
    ($ty:ident = $odata:literal {
        $($(@deprecated($($dep:tt)*))? $(#[$attr:meta])* $wire:literal => $field:ident : $fty:ty => $path:ident $(where $caps:ty)? $(as $shape:ident<$codec:ident>)?,)*
    }) => {
        impl $ty {
            #[doc = concat!("An empty `", $odata, "` (every property absent).")]
            #[inline]
            pub fn new() -> Self {
                <Self as ::core::default::Default>::default()
            }

            $(
                $(#[$attr])*
                $(#[deprecated($($dep)*)])?
                #[doc = concat!("`", $wire, "`, as a typed path for `$filter`, `$select`, `$orderby` and `$expand` (see the runtime's `query` module).")]
                pub const $path: $crate::query::Property<Self, $fty $(, $caps)?> = $crate::query::Property::new($wire);
            )*
        }

        impl $crate::Model for $ty {
            const ODATA_TYPE: &'static str = $odata;

            #[inline]
            fn __odata_type(&self) -> ::core::option::Option<&str> {
                self.odata_type.as_deref()
            }

            #[inline]
            fn __odata_type_mut(&mut self) -> &mut ::core::option::Option<::std::string::String> {
                &mut self.odata_type
            }

            fn __deserialize_field<'de, A: $crate::__private::serde::de::MapAccess<'de>>(
                &mut self,
                key: $crate::field::Key<'de>,
                map: &mut A,
            ) -> ::core::result::Result<(), A::Error> {
                let mut reader = $crate::de::FieldReader::new(
                    key,
                    map,
                    &mut self.odata_type,
                    &mut self.additional_properties,
                );
                $($(#[$attr])* $crate::__field!(read reader, $wire, self.$field $(, $shape<$codec>)?);)*
                reader.finish()
            }

            #[inline]
            fn __visit<V: $crate::field::Fields>(&self, visitor: &mut V) {
                $($(#[$attr])* $crate::__field!(visit visitor, $wire, self.$field $(, $shape<$codec>)?);)*
            }

            #[inline]
            fn __additional(&self) -> &$crate::__private::serde_json::Map<::std::string::String, $crate::__private::serde_json::Value> {
                &self.additional_properties
            }
        }

        impl ::core::fmt::Debug for $ty {
            #[inline]
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                $crate::__private::debug_model(self, f, ::core::stringify!($ty))
            }
        }

        impl $crate::__private::serde::Serialize for $ty {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                $crate::ser::model(self, serializer)
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $ty {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::de::model(deserializer)
            }
        }

        impl $crate::codec::Wire for $ty {
            type Codec = $crate::codec::Plain<Self>;
        }
    };
}

/// The impls of a generated action or function parameters struct from its
/// parameter table: `parameters! { SecurityRunHuntingQueryParameters { "query" => query, ... } }`
/// (`parameters! { function X { ... } }` for a function's). The struct has one
/// [`Slot`](crate::field::Slot) field per row (and, for an action,
/// `additional_properties`). Gives
/// an action's `Serialize` (the request body: every present parameter, then the
/// additional members), or a function's `url_arguments()` (the parameters in the
/// URL; a function's struct has no additional members).
#[doc(hidden)]
#[macro_export]
macro_rules! parameters {
    (function $ty:ident { $($rows:tt)* }) => {
        $crate::parameters!(@url $ty { $($rows)* });
    };
    (@url $ty:ident {
        $($wire:literal => $field:ident $(as $shape:ident<$codec:ident>)?,)*
    }) => {
        impl $ty {
            /// The parameters as `(name, URL literal)` pairs, in schema order
            /// (absent ones left out).
            #[inline]
            pub fn url_arguments(&self) -> ::std::vec::Vec<(&'static str, ::std::string::String)> {
                let mut args = ::std::vec::Vec::new();
                $(if let ::core::option::Option::Some(value) =
                    $crate::client::encode::UrlArgument::url_argument(&self.$field)
                {
                    args.push(($wire, value));
                })*
                args
            }
        }
    };
    ($ty:ident {
        $($wire:literal => $field:ident $(as $shape:ident<$codec:ident>)?,)*
    }) => {
        impl $crate::__private::serde::Serialize for $ty {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                use $crate::__private::serde::ser::SerializeMap as _;
                use $crate::field::Fields as _;
                let mut map = serializer.serialize_map(::core::option::Option::None)?;
                let mut writer = $crate::ser::FieldWriter::new(&mut map, &self.additional_properties);
                $($crate::__field!(visit writer, $wire, self.$field $(, $shape<$codec>)?);)*
                writer.finish()?;
                map.end()
            }
        }
    };
}

/// One row of `model!`'s `__deserialize_field` (`read`, a
/// [`FieldReader`](crate::de::FieldReader) call) or `__visit` (`visit`, a
/// [`Fields`](crate::field::Fields) call): through the field type's
/// [`Slot`](crate::field::Slot), or with the row's shape and codec.
#[doc(hidden)]
#[macro_export]
macro_rules! __field {
    (read $reader:ident, $wire:literal, $self:ident.$field:ident) => {
        $reader.field($wire, &mut $self.$field)
    };
    (read $reader:ident, $wire:literal, $self:ident.$field:ident, $shape:ident<$codec:ident>) => {
        $reader.field_as::<$crate::field::$shape<$crate::codec::$codec>>($wire, &mut $self.$field)
    };
    (visit $visitor:ident, $wire:literal, $self:ident.$field:ident) => {
        $visitor.field($wire, ::core::stringify!($field), &$self.$field)
    };
    (visit $visitor:ident, $wire:literal, $self:ident.$field:ident, $shape:ident<$codec:ident>) => {
        $visitor.field_as::<$crate::field::$shape<$crate::codec::$codec>>(
            $wire,
            ::core::stringify!($field),
            &$self.$field,
        )
    };
}

/// The impls of a generated enum whose member table is its
/// [`ODataEnum`](crate::ODataEnum) impl: `odata_enum!(AlertSeverity, Unrecognized);`
/// (the enum and the name of its catch-all variant; `flags` after them for a
/// flags enum). Gives `as_str()`, `unrecognized()`, the catch-all plumbing, `Display`,
/// `FromStr`, `Serialize`, `Deserialize`, [`Wire`](crate::codec::Wire),
/// [`Literal`](crate::query::Literal)
/// and, for flags, `BitOr` into a [`Flags`](crate::Flags) set.
#[doc(hidden)]
#[macro_export]
macro_rules! odata_enum {
    ($ty:ident, $catch_all:ident, flags) => {
        $crate::odata_enum!($ty, $catch_all);

        impl ::core::ops::BitOr for $ty {
            type Output = $crate::Flags<$ty>;

            #[inline]
            fn bitor(self, rhs: Self) -> $crate::Flags<$ty> {
                $crate::Flags::from(self) | rhs
            }
        }
    };
    ($ty:ident, $catch_all:ident) => {
        impl $ty {
            /// The wire spelling of this value (the raw string for an unrecognized one).
            #[inline]
            pub fn as_str(&self) -> &str {
                <Self as $crate::ODataEnum>::as_str(self)
            }

            /// A value by its wire name, for one this crate does not know yet
            /// (kept verbatim in the catch-all variant and written back as
            /// is, `'newValue'` in a filter). A known member's name, in any
            /// ASCII case, gives that member, as parsing does. A bare string
            /// does not convert into the enum, so a typo or a value the
            /// service never sends is written out only through this name.
            #[inline]
            pub fn unrecognized(value: &str) -> Self {
                <Self as $crate::ODataEnum>::from_wire(value)
            }
        }

        impl $crate::__private::CatchAll for $ty {
            #[inline]
            fn __from_unrecognized(value: $crate::UnrecognizedValue) -> Self {
                Self::$catch_all(value)
            }

            #[inline]
            fn __unrecognized(&self) -> ::core::option::Option<&$crate::UnrecognizedValue> {
                match self {
                    Self::$catch_all(value) => ::core::option::Option::Some(value),
                    _ => ::core::option::Option::None,
                }
            }
        }

        impl ::core::fmt::Display for $ty {
            #[inline]
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::query::Literal for $ty {
            #[inline]
            fn write_literal(&self, out: &mut ::std::string::String) {
                $crate::query::enum_literal(self.as_str(), out);
            }
        }

        impl ::core::str::FromStr for $ty {
            type Err = ::core::convert::Infallible;

            #[inline]
            fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                ::core::result::Result::Ok(<Self as $crate::ODataEnum>::from_wire(value))
            }
        }

        impl $crate::__private::serde::Serialize for $ty {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                $crate::codec::serialize_enum(self, serializer)
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $ty {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::codec::deserialize_enum(deserializer)
            }
        }

        impl $crate::codec::Wire for $ty {
            type Codec = $crate::codec::Plain<Self>;
        }
    };
}

/// The impls of a generated `Any<Base>` enum from its variant table:
/// `polymorphic! { AnyAlertEvidence = "microsoft.graph.security.alertEvidence" { AlertEvidence(AlertEvidence), FileEvidence(FileEvidence), ... } }`,
/// the base variant first. Gives `type_name()`, `Default` (the base variant),
/// `From` each member type, [`Polymorphic`](crate::Polymorphic) (dispatch on
/// `@odata.type`, the base variant for an unknown or missing name),
/// `Serialize` (derived variants always tagged), `Deserialize`,
/// [`Wire`](crate::codec::Wire), [`Structured`](crate::query::Structured) (its
/// base type's properties) and, for each derived member,
/// [`Derived`](crate::query::Derived) (the casts a query may name).
#[doc(hidden)]
#[macro_export]
macro_rules! polymorphic {
    ($ty:ident = $base:literal { $first:ident($first_ty:ty), $($variant:ident($variant_ty:ty),)* }) => {
        impl $ty {
            /// The qualified OData name of the variant's type (for the base variant,
            /// the base type even when the value carried an unknown `@odata.type`).
            #[inline]
            pub fn type_name(&self) -> &'static str {
                match self {
                    Self::$first(_) => $base,
                    $(Self::$variant(_) => <$variant_ty as $crate::Model>::ODATA_TYPE,)*
                }
            }
        }

        impl ::core::default::Default for $ty {
            #[inline]
            fn default() -> Self {
                Self::$first(::std::boxed::Box::default())
            }
        }

        impl ::core::convert::From<$first_ty> for $ty {
            #[inline]
            fn from(value: $first_ty) -> Self {
                Self::$first(::std::boxed::Box::new(value))
            }
        }

        $(impl ::core::convert::From<$variant_ty> for $ty {
            #[inline]
            fn from(value: $variant_ty) -> Self {
                Self::$variant(::std::boxed::Box::new(value))
            }
        })*

        impl $crate::Polymorphic for $ty {
            const BASE_TYPE: &'static str = $base;

            fn __deserialize_variant<'de, A: $crate::__private::serde::de::MapAccess<'de>>(
                odata_type: ::std::string::String,
                map: A,
            ) -> ::core::result::Result<Self, A::Error> {
                let name = $crate::de::type_name(&odata_type);
                $(if name == <$variant_ty as $crate::Model>::ODATA_TYPE {
                    let value = $crate::de::model_rest(::core::option::Option::Some(odata_type), map)?;
                    return ::core::result::Result::Ok(Self::$variant(::std::boxed::Box::new(value)));
                })*
                let value = $crate::de::model_rest(::core::option::Option::Some(odata_type), map)?;
                ::core::result::Result::Ok(Self::$first(::std::boxed::Box::new(value)))
            }

            fn __deserialize_untyped<'de, A: $crate::__private::serde::de::MapAccess<'de>>(
                map: A,
            ) -> ::core::result::Result<Self, A::Error> {
                let value = $crate::de::model_rest(::core::option::Option::None, map)?;
                ::core::result::Result::Ok(Self::$first(::std::boxed::Box::new(value)))
            }
        }

        impl $crate::__private::serde::Serialize for $ty {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                match self {
                    Self::$first(value) => $crate::ser::model(value.as_ref(), serializer),
                    $(Self::$variant(value) => $crate::ser::model_tagged(value.as_ref(), serializer),)*
                }
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $ty {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::de::polymorphic(deserializer)
            }
        }

        impl $crate::codec::Wire for $ty {
            type Codec = $crate::codec::Plain<Self>;
        }

        impl $crate::query::Structured for $ty {
            type Base = $first_ty;
        }

        $(impl $crate::query::Derived<$ty> for $variant_ty {})*
    };
}
