//! The macros generated code is made of: each turns a table the generator
//! writes (a struct's members, an enum's name, a polymorphic family's
//! variants, a parameters struct's members) into the trait, serde and std
//! impls, so the generated files hold the definitions and the tables, and the
//! behaviour lives here, written once.
//!
//! Each table's head names the impls to write (`impl Model, Entity, Debug, Serialize,
//! Deserialize, Wire for Incident = ".." { .. }`), and each name is matched
//! literally, by an optional group of the macro's matcher whose impl is
//! written only when the group matched (for `polymorphic!`, by one arm of a
//! helper macro): a name left out is an impl not written, and a name the
//! macro does not know, or out of order, does not compile. The optional
//! groups cost no macro invocation of their own, so naming the impls does not
//! slow the build. So a generated file
//! shows a type's whole impl surface: the `#[derive(..)]` on the definition
//! and the names in its table's head.
//!
//! They are the contract between this crate and `msgraph-security`'s generated
//! code, not an API for applications.

/// The impls of a generated struct from its member table:
/// `model! { impl Model, Entity, Debug, Serialize, Deserialize, Wire for Incident = "microsoft.graph.security.incident" { "id" => id: Option<String> => ID, ... } }`
/// (per row: wire name, field, field type, name of the property's path constant, and
/// `where Capabilities<..>` when the schema restricts the property in queries;
/// a row led by `@deprecated(since = "..", note = "..")` marks the path constant
/// `#[deprecated]` like the field).
///
/// The head names the trait impls to write, `Model` first (the one that reads
/// the rows), then any of [`Entity`](crate::query::Entity) (an entity type:
/// `$expand` reaches only those), `Debug` (as `#[derive(Debug)]` prints),
/// `Serialize`, `Deserialize` and [`Wire`](crate::codec::Wire) in this order, each written
/// only when named: the list in a generated file is the model's impl surface
/// besides the struct's `#[derive(..)]`. Always written: `new()` and one
/// [`Property`](crate::query::Property) constant per row.
///
/// The struct has the fields `odata_type: Option<String>` and
/// `additional_properties: serde_json::Map<String, Value>`, and one field per
/// table row whose type is a [`Slot`](crate::field::Slot) (or, where the row says
/// `as AsNullable<Decimal>` and the like, a field of that shape read with that
/// codec).
#[doc(hidden)]
#[macro_export]
macro_rules! model {
    (impl Model
        $(, Entity $(@$entity:tt)?)?
        $(, Debug $(@$debug:tt)?)?
        $(, Serialize $(@$serialize:tt)?)?
        $(, Deserialize $(@$deserialize:tt)?)?
        $(, Wire $(@$wire_codec:tt)?)?
        for $ty:ident = $odata:literal {
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

        $(
            impl $crate::query::Entity for $ty {}
            $($entity)?
        )?

        $(
            impl ::core::fmt::Debug for $ty {
                #[inline]
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    $crate::__private::debug_model(self, f, ::core::stringify!($ty))
                }
            }
            $($debug)?
        )?

        $(
            impl $crate::__private::serde::Serialize for $ty {
                fn serialize<S: $crate::__private::serde::Serializer>(
                    &self,
                    serializer: S,
                ) -> ::core::result::Result<S::Ok, S::Error> {
                    $crate::ser::model(self, serializer)
                }
            }
            $($serialize)?
        )?

        $(
            impl<'de> $crate::__private::serde::Deserialize<'de> for $ty {
                fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                    deserializer: D,
                ) -> ::core::result::Result<Self, D::Error> {
                    $crate::de::model(deserializer)
                }
            }
            $($deserialize)?
        )?

        $(
            impl $crate::codec::Wire for $ty {
                type Codec = $crate::codec::Plain<Self>;
            }
            $($wire_codec)?
        )?
    };
}

/// The impls of a generated action or function parameters struct from its
/// parameter table: `parameters! { impl Serialize for SecurityRunHuntingQueryParameters { "query" => query, ... } }`
/// for an action's, `parameters! { fn url_arguments for X { ... } }` for a
/// function's: the head names what is written. The struct has one
/// [`Slot`](crate::field::Slot) field per row (and, for an action,
/// `additional_properties`). `impl Serialize` writes the request body (every
/// present parameter, then the additional members); `fn url_arguments` the
/// inherent method giving the parameters in the URL (a function's struct has
/// no additional members).
#[doc(hidden)]
#[macro_export]
macro_rules! parameters {
    (fn url_arguments for $ty:ident {
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
    (impl Serialize for $ty:ident {
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
/// [`ODataEnum`](crate::ODataEnum) impl:
/// `odata_enum!(impl Display, FromStr, Literal, Serialize, Deserialize, Wire for AlertSeverity, Unrecognized);`
/// (the impls, then the enum and the name of its catch-all variant). Each of
/// `Display`, `FromStr`, [`Literal`](crate::query::Literal),
/// `Serialize`, `Deserialize`, [`Wire`](crate::codec::Wire) and, for a flags
/// enum, `BitOr` (into a [`Flags`](crate::Flags) set), named in this order, is
/// written only when named: the list in a generated file is the enum's impl
/// surface besides its `#[derive(..)]`. Always written: `as_str()` and the
/// catch-all plumbing.
#[doc(hidden)]
#[macro_export]
macro_rules! odata_enum {
    (impl
        $($(,)? Display $(@$display:tt)?)?
        $($(,)? FromStr $(@$from_str:tt)?)?
        $($(,)? Literal $(@$literal:tt)?)?
        $($(,)? Serialize $(@$serialize:tt)?)?
        $($(,)? Deserialize $(@$deserialize:tt)?)?
        $($(,)? Wire $(@$wire:tt)?)?
        $($(,)? BitOr $(@$bit_or:tt)?)?
        for $ty:ident, $catch_all:ident) => {
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

        $(
            impl ::core::fmt::Display for $ty {
                #[inline]
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    f.write_str(self.as_str())
                }
            }
            $($display)?
        )?

        $(
            impl ::core::str::FromStr for $ty {
                type Err = ::core::convert::Infallible;

                #[inline]
                fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                    ::core::result::Result::Ok(<Self as $crate::ODataEnum>::from_wire(value))
                }
            }
            $($from_str)?
        )?

        $(
            impl $crate::query::Literal for $ty {
                #[inline]
                fn write_literal(&self, out: &mut ::std::string::String) {
                    $crate::query::enum_literal(self.as_str(), out);
                }
            }
            $($literal)?
        )?

        $(
            impl $crate::__private::serde::Serialize for $ty {
                fn serialize<S: $crate::__private::serde::Serializer>(
                    &self,
                    serializer: S,
                ) -> ::core::result::Result<S::Ok, S::Error> {
                    $crate::codec::serialize_enum(self, serializer)
                }
            }
            $($serialize)?
        )?

        $(
            impl<'de> $crate::__private::serde::Deserialize<'de> for $ty {
                fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                    deserializer: D,
                ) -> ::core::result::Result<Self, D::Error> {
                    $crate::codec::deserialize_enum(deserializer)
                }
            }
            $($deserialize)?
        )?

        $(
            impl $crate::codec::Wire for $ty {
                type Codec = $crate::codec::Plain<Self>;
            }
            $($wire)?
        )?

        $(
            impl ::core::ops::BitOr for $ty {
                type Output = $crate::Flags<$ty>;

                #[inline]
                fn bitor(self, rhs: Self) -> $crate::Flags<$ty> {
                    $crate::Flags::from(self) | rhs
                }
            }
            $($bit_or)?
        )?
    };
}

/// The impls of a generated `Any<Base>` enum from its variant table:
/// `polymorphic! { impl Polymorphic, Default, From, Serialize, Deserialize, Wire, Structured, Derived for AnyAlertEvidence = "microsoft.graph.security.alertEvidence" { AlertEvidence(AlertEvidence), FileEvidence(FileEvidence), ... } }`,
/// the base variant first. The head names the impls to write,
/// [`Polymorphic`](crate::Polymorphic) first (dispatch on `@odata.type`, the
/// base variant for an unknown or missing name), then any of `Default` (the
/// base variant), `From` (each member type), `Serialize` (derived variants
/// always tagged), `Deserialize`, [`Wire`](crate::codec::Wire),
/// [`Structured`](crate::query::Structured) (a path into the family goes on
/// with its base type's properties) and `Derived` (each derived member
/// implements [`Derived`](crate::query::Derived) of the family: the casts a
/// query may name), each written only when named (by one arm of `__polymorphic_impl!` each: these impls
/// repeat over the variants, which an optional group of the matcher cannot
/// hold). Always written: `type_name()`.
#[doc(hidden)]
#[macro_export]
macro_rules! polymorphic {
    (impl Polymorphic $(, $imp:ident)* for $ty:ident = $base:literal $table:tt) => {
        $crate::__polymorphic_impl!(Polymorphic $ty = $base $table);
        $($crate::__polymorphic_impl!($imp $ty $table);)*
    };
}

/// One impl `polymorphic!`'s head names (any other name is an error), with
/// the variant table.
#[doc(hidden)]
#[macro_export]
macro_rules! __polymorphic_impl {
    (Polymorphic $ty:ident = $base:literal { $first:ident($first_ty:ty), $($variant:ident($variant_ty:ty),)* }) => {
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
    };
    (Default $ty:ident { $first:ident($first_ty:ty), $($rest:tt)* }) => {
        impl ::core::default::Default for $ty {
            #[inline]
            fn default() -> Self {
                Self::$first(::std::boxed::Box::default())
            }
        }
    };
    (From $ty:ident { $($variant:ident($variant_ty:ty),)* }) => {
        $(impl ::core::convert::From<$variant_ty> for $ty {
            #[inline]
            fn from(value: $variant_ty) -> Self {
                Self::$variant(::std::boxed::Box::new(value))
            }
        })*
    };
    (Serialize $ty:ident { $first:ident($first_ty:ty), $($variant:ident($variant_ty:ty),)* }) => {
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
    };
    (Deserialize $ty:ident { $($rest:tt)* }) => {
        impl<'de> $crate::__private::serde::Deserialize<'de> for $ty {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::de::polymorphic(deserializer)
            }
        }
    };
    (Wire $ty:ident { $($rest:tt)* }) => {
        impl $crate::codec::Wire for $ty {
            type Codec = $crate::codec::Plain<Self>;
        }
    };
    (Structured $ty:ident { $first:ident($first_ty:ty), $($rest:tt)* }) => {
        impl $crate::query::Structured for $ty {
            type Base = $first_ty;
        }
    };
    (Derived $ty:ident { $first:ident($first_ty:ty), $($variant:ident($variant_ty:ty),)* }) => {
        $(impl $crate::query::Derived<$ty> for $variant_ty {})*
    };
}

#[cfg(test)]
mod tests;
