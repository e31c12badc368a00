//! The comparison of a JSON payload with its deserialize-then-serialize round trip
//! through the typed models, guided by the schema the models were generated from.
//!
//! The models promise "nothing lost" with one normalisation: an enum member sent in
//! another letter case (`"TruePositive"`) is written in the schema's spelling
//! (`"truePositive"`). Which strings are enum members is a fact of the schema, not of
//! the JSON: the comparison walks the payload alongside the type the caller
//! deserialized it into ([`Payload`]), the way the generated code does, and
//! tolerates a case difference only where the model holds an enum.
//!
//! - **Objects**: key order is ignored; a member missing or added is a difference.
//!   The members a structured type declares (its own and inherited properties and
//!   navigation properties) have their schema type; every other member (instance
//!   annotations, control information, undeclared members kept in
//!   `additional_properties`) is compared exactly.
//! - **Polymorphism**: at a position typed with a base type that has derived types
//!   (an `Any<Base>` field), an `@odata.type` naming the base or one of its derived
//!   types (exactly, with or without `#`) selects that type, as the generated
//!   dispatch does; any other value leaves the base type. The top-level objects are
//!   the model struct the caller deserialized, whatever their `@odata.type`.
//! - **Enum members**: equal, or equal ignoring ASCII case with the round trip
//!   written in a member's exact spelling. For flags enums the same holds per
//!   comma-separated member; spacing and order are not normalised here.
//! - **Numbers**: exactly. Integers compare as integers (`9007199254740993` and
//!   `9007199254740992` differ, whatever `f64` would round them to), floats as
//!   floats, and an integer never equals a float (`1` vs `1.0` is a difference),
//!   except in an `Edm.Double`, `Edm.Single` or `Edm.Decimal` position: the model
//!   holds an `f64`/`f32` there and writes `1` back as `1.0`, so an integer equals a
//!   float there when the float is integral and has exactly the integer's value
//!   (`9007199254740993` read into an `f64` becomes `9007199254740992.0`: a
//!   difference, rightly). `serde_json` here is built without
//!   `arbitrary_precision`: a number is a `u64`, an `i64` or an `f64`, and
//!   `serde_json::Number` equality is exact within each.
//! - **Everything else** (strings outside enum positions, booleans, null, arrays):
//!   exactly.

use std::sync::OnceLock;

use msgraph_security_codegen::Pin;
use msgraph_security_codegen::ir::{
    EnumType, Primitive, QualifiedName, Schema, TypeDef, TypeRef, TypeTarget,
};
use serde_json::{Number, Value};

use crate::workspace_root;

/// What a compared payload is: the model type the caller deserialized it into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Payload<'a> {
    /// One object, deserialized as the model with this qualified OData type name
    /// (its `ODATA_TYPE`, e.g. `Incident::ODATA_TYPE`).
    Object(&'a str),
    /// A collection page: its `value` is an array of objects deserialized as that
    /// model; its other members (`@odata.context`, `@odata.nextLink`, ...) are
    /// control information, compared exactly.
    Page(&'a str),
    /// One object deserialized as the `Any<Base>` enum of this polymorphic base
    /// type (its `BASE_TYPE`): dispatched on `@odata.type` as a property of the
    /// base type is.
    Any(&'a str),
    /// A collection page whose `value` items are [`Payload::Any`] objects.
    AnyPage(&'a str),
}

/// The pinned schema (`metadata/`), which `generated/` is generated from (the
/// freshness test holds them together).
pub fn pinned_schema() -> &'static Schema {
    static SCHEMA: OnceLock<Schema> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let pin = Pin::load(&workspace_root().join("metadata")).unwrap_or_else(|e| panic!("{e}"));
        pin.schema().clone()
    })
}

/// Compares a payload with its deserialize-then-serialize round trip through the
/// generated models (see the [module documentation](self) for what is equal).
/// Returns the JSON pointer of the first difference and the two values there.
///
/// # Panics
///
/// When `payload` names a type the pinned schema does not have.
pub fn roundtrip_difference(
    original: &Value,
    again: &Value,
    payload: Payload<'_>,
) -> Option<String> {
    roundtrip_difference_in(pinned_schema(), original, again, payload)
}

/// [`roundtrip_difference`] against another schema.
///
/// # Panics
///
/// When `payload` names a structured type `schema` does not have.
pub fn roundtrip_difference_in(
    schema: &Schema,
    original: &Value,
    again: &Value,
    payload: Payload<'_>,
) -> Option<String> {
    compare(schema, original, again, payload, false)
}

/// [`roundtrip_difference`], also tolerating the normalisations the runtime's
/// codecs document for inputs the example payloads do not use (what the fuzz
/// targets compare with):
///
/// - `Edm.Int64`: a string holding an integer (`"12"`, as services send with
///   `IEEE754Compatible=true`) comes back as the number (`12`);
/// - `Edm.Double`, `Edm.Single`, `Edm.Decimal`: a numeric string comes back as
///   the number it holds, `"Infinity"`/`"-Infinity"` (and numeric strings too
///   large for an `f64`) as `"INF"`/`"-INF"`;
/// - flags enums: the value comes back as the same set of members, in the
///   documented wire form of `Flags` (names trimmed and in the schema's
///   spelling, ordered by value, deduplicated; the numeric form as names, its
///   unknown bits as their decimal value).
///
/// # Panics
///
/// When `payload` names a type the pinned schema does not have.
pub fn roundtrip_difference_normalised(
    original: &Value,
    again: &Value,
    payload: Payload<'_>,
) -> Option<String> {
    compare(pinned_schema(), original, again, payload, true)
}

fn compare(
    schema: &Schema,
    original: &Value,
    again: &Value,
    payload: Payload<'_>,
    normalised: bool,
) -> Option<String> {
    let (Payload::Object(name) | Payload::Page(name) | Payload::Any(name) | Payload::AnyPage(name)) =
        payload;
    let ty = QualifiedName::parse(name)
        .filter(|q| schema.structured.contains_key(q))
        .unwrap_or_else(|| panic!("`{name}` is not a structured type of the schema"));
    let any = TypeRef {
        collection: true,
        target: TypeTarget::Named(ty.clone()),
    };
    let walk = Walk { schema, normalised };
    match payload {
        Payload::Object(_) => walk.value(original, again, Position::Model(&ty), ""),
        Payload::Page(_) => walk.value(original, again, Position::Page(&ty), ""),
        Payload::Any(_) => walk.value(original, again, Position::Item(&any.target), ""),
        Payload::AnyPage(_) => match (original, again) {
            (Value::Object(x), Value::Object(y)) => walk.object(
                x,
                y,
                |key| match key {
                    "value" => Member::Declared(&any),
                    _ => Member::Untyped,
                },
                "",
            ),
            _ => walk.value(original, again, Position::Untyped, ""),
        },
    }
}

/// What the schema says about the value at a point of the payload.
#[derive(Debug, Clone, Copy)]
enum Position<'a> {
    /// Nothing: compared exactly.
    Untyped,
    /// A property's declared type, `T` or `Collection(T)`.
    Declared(&'a TypeRef),
    /// One value of a declared type's target.
    Item(&'a TypeTarget),
    /// A top-level object: the model struct itself, no dispatch.
    Model(&'a QualifiedName),
    /// A page whose `value` holds top-level objects.
    Page(&'a QualifiedName),
}

struct Walk<'s> {
    schema: &'s Schema,
    /// Whether the codecs' documented normalisations are tolerated
    /// ([`roundtrip_difference_normalised`]).
    normalised: bool,
}

impl<'s> Walk<'s> {
    fn value(&self, a: &Value, b: &Value, position: Position<'_>, path: &str) -> Option<String> {
        match (position, a, b) {
            (Position::Declared(ty), Value::Array(x), Value::Array(y)) if ty.collection => {
                self.array(x, y, Position::Item(&ty.target), path)
            }
            (Position::Declared(ty), _, _) if !ty.collection => {
                self.value(a, b, Position::Item(&ty.target), path)
            }
            (Position::Item(TypeTarget::Named(name)), _, _) => match self.schema.get(name) {
                Some(TypeDef::Enum(e)) => self.scalar(a, b, Scalar::Enum(e), path),
                Some(TypeDef::Structured(_)) => match (a, b) {
                    (Value::Object(x), Value::Object(y)) => {
                        let ty = self.dispatched(name, x);
                        self.object(x, y, |key| self.member(ty, key), path)
                    }
                    _ => self.scalar(a, b, Scalar::Other, path),
                },
                None => self.value(a, b, Position::Untyped, path),
            },
            (Position::Item(TypeTarget::Primitive(p)), Value::String(x), _)
                if self.normalised && codec_normalised(*p, x, b) =>
            {
                None
            }
            (Position::Item(TypeTarget::Primitive(p)), Value::Number(_), Value::Number(_)) => {
                let kind = match p {
                    Primitive::Double | Primitive::Single | Primitive::Decimal => Scalar::Floating,
                    _ => Scalar::Other,
                };
                self.scalar(a, b, kind, path)
            }
            (Position::Model(ty), Value::Object(x), Value::Object(y)) => {
                self.object(x, y, |key| self.member(ty, key), path)
            }
            (Position::Page(ty), Value::Object(x), Value::Object(y)) => self.object(
                x,
                y,
                |key| match key {
                    "value" => Member::Collection(ty),
                    _ => Member::Untyped,
                },
                path,
            ),
            (_, Value::Array(x), Value::Array(y)) => self.array(x, y, Position::Untyped, path),
            (_, Value::Object(x), Value::Object(y)) => self.object(x, y, |_| Member::Untyped, path),
            _ => self.scalar(a, b, Scalar::Other, path),
        }
    }

    fn array(&self, x: &[Value], y: &[Value], item: Position<'_>, path: &str) -> Option<String> {
        if x.len() != y.len() {
            return Some(format!("{path} (length {} vs {})", x.len(), y.len()));
        }
        x.iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (a, b))| self.value(a, b, item, &format!("{path}/{i}")))
    }

    fn object<'m>(
        &self,
        x: &serde_json::Map<String, Value>,
        y: &serde_json::Map<String, Value>,
        member: impl Fn(&str) -> Member<'m>,
        path: &str,
    ) -> Option<String> {
        for (key, a) in x {
            let p = format!("{path}/{key}");
            let Some(b) = y.get(key) else {
                return Some(format!("{p} (missing after the round trip)"));
            };
            let difference = match member(key) {
                Member::Untyped => self.value(a, b, Position::Untyped, &p),
                Member::Declared(ty) => self.value(a, b, Position::Declared(ty), &p),
                Member::Collection(ty) => match (a, b) {
                    (Value::Array(xs), Value::Array(ys)) => {
                        self.array(xs, ys, Position::Model(ty), &p)
                    }
                    _ => self.value(a, b, Position::Untyped, &p),
                },
            };
            if difference.is_some() {
                return difference;
            }
        }
        y.keys()
            .find(|k| !x.contains_key(*k))
            .map(|k| format!("{path}/{k} (added by the round trip)"))
    }

    /// The declared type of member `key` of an object of type `ty`: one of its
    /// own or inherited properties or navigation properties, or nothing.
    fn member(&self, ty: &QualifiedName, key: &str) -> Member<'s> {
        let schema = self.schema;
        let property = schema
            .all_properties(ty)
            .into_iter()
            .find(|p| p.name == key);
        let declared = property.map(|p| &p.ty).or_else(|| {
            let navigation = schema.all_navigation(ty).into_iter();
            navigation.filter(|n| n.name == key).map(|n| &n.ty).next()
        });
        declared.map_or(Member::Untyped, Member::Declared)
    }

    /// The type of an object at a position typed `base`: the type its
    /// `@odata.type` names when that is `base` or derived from it and `base` is
    /// polymorphic (has derived types); `base` otherwise.
    fn dispatched<'a>(
        &'a self,
        base: &'a QualifiedName,
        object: &serde_json::Map<String, Value>,
    ) -> &'a QualifiedName {
        let Some(Value::String(odata_type)) = object.get("@odata.type") else {
            return base;
        };
        let Some(named) = QualifiedName::parse(odata_type.strip_prefix('#').unwrap_or(odata_type))
        else {
            return base;
        };
        self.schema
            .descendants(base)
            .into_iter()
            .map(|t| &t.name)
            .find(|name| **name == named)
            .unwrap_or(base)
    }

    fn scalar(&self, a: &Value, b: &Value, kind: Scalar<'_>, path: &str) -> Option<String> {
        let equal = match (a, b) {
            (Value::Number(x), Value::Number(y)) => {
                numbers_equal(x, y, matches!(kind, Scalar::Floating))
            }
            (_, Value::String(y))
                if self.normalised && matches!(kind, Scalar::Enum(e) if e.is_flags) =>
            {
                let Scalar::Enum(e) = kind else {
                    unreachable!()
                };
                flags_set(e, a)
                    .is_some_and(|set| flags_set(e, &Value::String(y.clone())) == Some(set))
            }
            (Value::String(x), Value::String(y)) => match kind {
                Scalar::Enum(e) => enum_values_equal(e, x, y),
                Scalar::Floating | Scalar::Other => x == y,
            },
            _ => a == b,
        };
        (!equal).then(|| format!("{path} ({a} vs {b})"))
    }
}

/// What an object member is.
#[derive(Debug, Clone, Copy)]
enum Member<'a> {
    Untyped,
    Declared(&'a TypeRef),
    /// A page's `value`: top-level objects of this model.
    Collection(&'a QualifiedName),
}

#[derive(Debug, Clone, Copy)]
enum Scalar<'a> {
    /// An enum-typed value: letter case is tolerated.
    Enum(&'a EnumType),
    /// A floating-point property: an integer may come back as an integral float.
    Floating,
    Other,
}

/// Exact number equality: integers as integers, floats as floats; an integer and
/// a float are equal only in a `floating` position, when the float is integral
/// and has exactly the integer's value.
fn numbers_equal(x: &Number, y: &Number, floating: bool) -> bool {
    // `Number` equality is exact: `u64`/`i64` by value (a non-negative integer is
    // always the `u64` kind), `f64` by `==`, and never across integer and float.
    if x == y {
        return true;
    }
    if !floating {
        return false;
    }
    let integer = |n: &Number| {
        n.as_u64()
            .map(i128::from)
            .or_else(|| n.as_i64().map(i128::from))
    };
    let float = |n: &Number| if n.is_f64() { n.as_f64() } else { None };
    let same = |i: i128, f: f64| {
        // Every integral f64 below 2^127 in magnitude converts to i128 exactly.
        f.is_finite() && f.fract() == 0.0 && f.abs() < 2f64.powi(127) && f as i128 == i
    };
    match (integer(x), float(x), integer(y), float(y)) {
        (Some(i), _, _, Some(f)) | (_, Some(f), Some(i), _) => same(i, f),
        _ => false,
    }
}

/// Whether `again` is what the codec of primitive `p` writes for the string
/// `original` it read (see [`roundtrip_difference_normalised`]).
fn codec_normalised(p: Primitive, original: &str, again: &Value) -> bool {
    match p {
        Primitive::Int64 => {
            original.parse::<i64>().is_ok() && again.as_i64() == original.parse::<i64>().ok()
        }
        Primitive::Double | Primitive::Single | Primitive::Decimal => {
            let special = match original {
                "NaN" => Some(f64::NAN),
                "INF" | "Infinity" => Some(f64::INFINITY),
                "-INF" | "-Infinity" => Some(f64::NEG_INFINITY),
                _ => None,
            };
            let numeric = !original.is_empty()
                && original
                    .bytes()
                    .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'));
            let Some(mut value) =
                special.or_else(|| numeric.then(|| original.parse::<f64>().ok()).flatten())
            else {
                return false;
            };
            if p == Primitive::Single {
                value = f64::from(value as f32);
            }
            match again {
                Value::Number(n) => n.as_f64().is_some_and(|f| f.to_bits() == value.to_bits()),
                Value::String(name) => match name.as_str() {
                    "NaN" => value.is_nan(),
                    "INF" => value == f64::INFINITY,
                    "-INF" => value == f64::NEG_INFINITY,
                    _ => false,
                },
                _ => false,
            }
        }
        _ => false,
    }
}

/// The set of members a flags value means, by the documented rules of
/// `Flags`: known bits and unknown names.
fn flags_set(e: &EnumType, value: &Value) -> Option<(u64, std::collections::BTreeSet<String>)> {
    let known: u64 = e
        .members
        .iter()
        .fold(0, |acc, m| acc | u64::try_from(m.value).unwrap_or(0));
    let mut bits = 0u64;
    let mut unknown = std::collections::BTreeSet::new();
    match value {
        Value::Number(n) => {
            let n = n.as_u64()?;
            bits = n & known;
            if n & !known != 0 {
                unknown.insert((n & !known).to_string());
            }
        }
        Value::String(s) => {
            for piece in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                let member = e.members.iter().find(|m| m.name == piece).or_else(|| {
                    e.members
                        .iter()
                        .find(|m| m.name.eq_ignore_ascii_case(piece))
                });
                match member {
                    Some(m) => bits |= u64::try_from(m.value).unwrap_or(0),
                    None => {
                        unknown.insert(piece.to_owned());
                    }
                }
            }
        }
        _ => return None,
    }
    Some((bits, unknown))
}

/// `again` is `original` with letter case normalised to the schema's spelling of
/// the enum's members (per member for a flags enum); or it is `original` itself.
fn enum_values_equal(e: &EnumType, original: &str, again: &str) -> bool {
    if original == again {
        return true;
    }
    let member = |m: &str, a: &str| {
        m == a || (m.eq_ignore_ascii_case(a) && e.members.iter().any(|known| known.name == a))
    };
    if !e.is_flags {
        return member(original, again);
    }
    let originals: Vec<&str> = original.split(',').collect();
    let agains: Vec<&str> = again.split(',').collect();
    originals.len() == agains.len() && originals.iter().zip(&agains).all(|(m, a)| member(m, a))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use msgraph_security::models::{Alert, Incident};
    use msgraph_security::runtime::Model as _;
    use serde_json::json;

    use super::*;
    use msgraph_security_codegen::csdl;

    /// A small schema: an entity with an enum, a flags enum, strings and numbers of
    /// each kind, and a polymorphic complex property.
    fn fixture() -> Schema {
        let text = r#"<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="fx" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EnumType Name="color">
        <Member Name="darkRed" Value="0" />
        <Member Name="blue" Value="1" />
      </EnumType>
      <EnumType Name="rights" IsFlags="true">
        <Member Name="read" Value="1" />
        <Member Name="writeAll" Value="2" />
      </EnumType>
      <ComplexType Name="part">
        <Property Name="color" Type="fx.color" />
      </ComplexType>
      <ComplexType Name="bigPart" BaseType="fx.part">
        <Property Name="shade" Type="fx.color" />
      </ComplexType>
      <EntityType Name="thing">
        <Key><PropertyRef Name="id" /></Key>
        <Property Name="id" Type="Edm.String" Nullable="false" />
        <Property Name="color" Type="fx.color" />
        <Property Name="colors" Type="Collection(fx.color)" />
        <Property Name="rights" Type="fx.rights" />
        <Property Name="title" Type="Edm.String" />
        <Property Name="count" Type="Edm.Int64" />
        <Property Name="size" Type="Edm.Int32" />
        <Property Name="score" Type="Edm.Double" />
        <Property Name="part" Type="fx.part" />
        <Property Name="anything" Type="Edm.Untyped" />
      </EntityType>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>
"#;
        csdl::read(text, "fx.xml").unwrap_or_else(|e| panic!("{e}"))
    }

    fn diff(original: Value, again: Value) -> Option<String> {
        roundtrip_difference_in(&fixture(), &original, &again, Payload::Object("fx.thing"))
    }

    /// 2^53 + 1: the first integer an `f64` cannot hold.
    const ABOVE_F64: u64 = 9_007_199_254_740_993;

    #[test]
    fn integers_compare_exactly() {
        for key in ["count", "undeclared"] {
            assert_eq!(
                diff(json!({ key: ABOVE_F64 }), json!({ key: ABOVE_F64 })),
                None
            );
            assert_eq!(
                diff(json!({ key: ABOVE_F64 }), json!({ key: ABOVE_F64 - 1 })),
                Some(format!("/{key} (9007199254740993 vs 9007199254740992)"))
            );
            assert!(diff(json!({ key: -1 }), json!({ key: u64::MAX })).is_some());
            assert!(diff(json!({ key: i64::MIN }), json!({ key: i64::MIN })).is_none());
        }
        // Not even in a floating-point position: the model would have lost it.
        assert_eq!(
            diff(
                json!({"score": ABOVE_F64}),
                json!({"score": 9_007_199_254_740_992.0})
            ),
            Some(String::from(
                "/score (9007199254740993 vs 9007199254740992.0)"
            ))
        );
    }

    /// Decided: `1` and `1.0` are the same JSON number only where the model holds a
    /// floating-point value (it writes `1` back as `1.0`); elsewhere the round trip
    /// must write what it read.
    #[test]
    fn integer_and_float_are_equal_only_in_floating_positions() {
        assert_eq!(diff(json!({"score": 1}), json!({"score": 1.0})), None);
        assert_eq!(diff(json!({"score": -7}), json!({"score": -7.0})), None);
        assert!(diff(json!({"score": 1}), json!({"score": 1.5})).is_some());
        assert_eq!(diff(json!({"score": 0.1}), json!({"score": 0.1})), None);
        assert!(
            diff(
                json!({"score": 0.1}),
                json!({"score": 0.100_000_001_490_116_12})
            )
            .is_some()
        );
        for key in ["count", "size", "undeclared", "title"] {
            assert!(
                diff(json!({ key: 1 }), json!({ key: 1.0 })).is_some(),
                "{key}"
            );
        }
        // Inside an `Edm.Untyped` value nothing is typed.
        assert!(
            diff(
                json!({"anything": {"score": 1}}),
                json!({"anything": {"score": 1.0}})
            )
            .is_some()
        );
    }

    #[test]
    fn numbers_equal_is_exact() {
        let n = |v: Value| match v {
            Value::Number(n) => n,
            _ => unreachable!(),
        };
        assert!(!numbers_equal(
            &n(json!(ABOVE_F64)),
            &n(json!(ABOVE_F64 - 1)),
            true
        ));
        assert!(!numbers_equal(
            &n(json!(ABOVE_F64)),
            &n(json!(9_007_199_254_740_992.0)),
            true
        ));
        assert!(numbers_equal(
            &n(json!(9_007_199_254_740_992_u64)),
            &n(json!(9_007_199_254_740_992.0)),
            true
        ));
        assert!(!numbers_equal(&n(json!(1)), &n(json!(1.0)), false));
        assert!(numbers_equal(&n(json!(1.0)), &n(json!(1)), true));
        assert!(!numbers_equal(
            &n(json!(u64::MAX)),
            &n(json!(18_446_744_073_709_551_616.0)),
            true
        ));
    }

    #[test]
    fn enum_members_tolerate_letter_case() {
        for sent in ["DarkRed", "DARKRED", "darkred"] {
            assert_eq!(
                diff(json!({"color": sent}), json!({"color": "darkRed"})),
                None,
                "{sent}"
            );
            assert_eq!(
                diff(
                    json!({"colors": ["Blue", sent]}),
                    json!({"colors": ["blue", "darkRed"]})
                ),
                None
            );
        }
        // Written back in the schema's spelling, nothing else.
        assert!(diff(json!({"color": "darkRed"}), json!({"color": "DarkRed"})).is_some());
        assert!(diff(json!({"color": "DarkRed"}), json!({"color": "darkred"})).is_some());
        assert!(diff(json!({"color": "blue"}), json!({"color": "darkRed"})).is_some());
        // An unknown member comes back unchanged.
        assert_eq!(
            diff(json!({"color": "Purple"}), json!({"color": "Purple"})),
            None
        );
        assert!(diff(json!({"color": "Purple"}), json!({"color": "purple"})).is_some());
        // Flags: per member; spacing is not a case difference.
        assert_eq!(
            diff(
                json!({"rights": "Read,WRITEALL"}),
                json!({"rights": "read,writeAll"})
            ),
            None
        );
        assert!(
            diff(
                json!({"rights": "Read, writeAll"}),
                json!({"rights": "read,writeAll"})
            )
            .is_some()
        );
    }

    #[test]
    fn other_strings_must_not_change_case() {
        assert_eq!(
            diff(
                json!({"title": "Fixture alert"}),
                json!({"title": "fixture alert"})
            ),
            Some(String::from(
                "/title (\"Fixture alert\" vs \"fixture alert\")"
            ))
        );
        // A member value as the old comparison tolerated it: in a string property,
        // an undeclared member, an annotation and an untyped value.
        for key in ["title", "id", "undeclared", "color@odata.type"] {
            assert!(
                diff(json!({ key: "Blue" }), json!({ key: "blue" })).is_some(),
                "{key}"
            );
        }
        assert!(
            diff(
                json!({"anything": {"color": "Blue"}}),
                json!({"anything": {"color": "blue"}})
            )
            .is_some()
        );
    }

    #[test]
    fn polymorphic_positions_follow_odata_type() {
        // The derived type's enum property, selected by `@odata.type`.
        let big = |shade: &str| json!({"part": {"@odata.type": "#fx.bigPart", "color": "blue", "shade": shade}});
        assert_eq!(diff(big("DarkRed"), big("darkRed")), None);
        // An unknown type stays the base type: `shade` is an undeclared member.
        let future = |color: &str, shade: &str| json!({"part": {"@odata.type": "#fx.futurePart", "color": color, "shade": shade}});
        assert_eq!(diff(future("Blue", "x"), future("blue", "x")), None);
        assert!(diff(future("blue", "DarkRed"), future("blue", "darkRed")).is_some());
        // The top-level object is the model struct, whatever its `@odata.type` says.
        let top = |shade: &str| json!({"@odata.type": "#fx.bigPart", "shade": shade});
        assert!(diff(top("DarkRed"), top("darkRed")).is_some());
    }

    #[test]
    fn pages_hold_models_and_control_information() {
        let page =
            |color: &str, link: &str| json!({"@odata.nextLink": link, "value": [{"color": color}]});
        let schema = fixture();
        let compare = |a: &Value, b: &Value| {
            roundtrip_difference_in(&schema, a, b, Payload::Page("fx.thing"))
        };
        assert_eq!(compare(&page("Blue", "x"), &page("blue", "x")), None);
        assert_eq!(
            compare(&page("blue", "X"), &page("blue", "x")),
            Some(String::from("/@odata.nextLink (\"X\" vs \"x\")"))
        );
        assert_eq!(
            compare(
                &json!({"value": []}),
                &json!({"value": [], "@odata.count": 0})
            ),
            Some(String::from("/@odata.count (added by the round trip)"))
        );
    }

    /// The fuzz targets' comparison: the codecs' documented forms, nothing else.
    #[test]
    fn normalised_comparison_accepts_documented_codec_forms_only() {
        let evidence = |count: Value| json!({"@odata.type": "#microsoft.graph.security.analyzedMessageEvidence", "attachmentsCount": count});
        let any = Payload::Any("microsoft.graph.security.alertEvidence");
        let (read, written) = (evidence(json!("12")), evidence(json!(12)));
        assert_eq!(roundtrip_difference_normalised(&read, &written, any), None);
        assert!(roundtrip_difference(&read, &written, any).is_some());
        for (read, written) in [
            (json!("12"), json!(13)),
            (json!("x"), json!(0)),
            (json!(12), json!("12")),
        ] {
            assert!(
                roundtrip_difference_normalised(&evidence(read.clone()), &evidence(written), any)
                    .is_some(),
                "{read}"
            );
        }

        let operation = |options: Value| json!({"@odata.type": "#microsoft.graph.security.ediscoveryAddToReviewSetOperation", "additionalDataOptions": options});
        let any = Payload::Any("microsoft.graph.security.caseOperation");
        let same = |read: Value, written: &str| {
            roundtrip_difference_normalised(&operation(read), &operation(json!(written)), any)
                .is_none()
        };
        assert!(same(
            json!("linkedFiles, ALLVERSIONS,,"),
            "allVersions,linkedFiles"
        ));
        assert!(same(json!(3), "allVersions,linkedFiles"));
        assert!(same(json!(131), "allVersions,linkedFiles,128"));
        assert!(same(json!("later"), "later"));
        assert!(!same(json!("linkedFiles"), "allVersions,linkedFiles"));
        assert!(!same(json!(1), "linkedFiles"));
        assert!(!same(json!("Later"), "later"));
    }

    /// The real models against the pinned schema: an Int64 above 2^53 survives,
    /// an enum member is normalised, a string is not.
    #[test]
    fn real_models_round_trip_exactly() {
        let original = json!({
            "id": "a1",
            "title": "Phishing Mail",
            "status": "Resolved",
            "evidence": [{
                "@odata.type": "#microsoft.graph.security.analyzedMessageEvidence",
                "attachmentsCount": ABOVE_F64,
                "verdict": "Malicious",
                "deliveryAction": "Delivered"
            }]
        });
        let alert: Alert = serde_json::from_value(original.clone()).unwrap();
        let again = serde_json::to_value(&alert).unwrap();
        assert_eq!(
            again["evidence"][0]["attachmentsCount"].as_u64(),
            Some(ABOVE_F64)
        );
        assert_eq!(again["status"], "resolved");
        assert_eq!(again["evidence"][0]["verdict"], "malicious");
        let object = Payload::Object(Alert::ODATA_TYPE);
        assert_eq!(roundtrip_difference(&original, &again, object), None);

        let mut lost = again.clone();
        lost["evidence"][0]["attachmentsCount"] = json!(ABOVE_F64 - 1);
        assert_eq!(
            roundtrip_difference(&original, &lost, object),
            Some(String::from(
                "/evidence/0/attachmentsCount (9007199254740993 vs 9007199254740992)"
            ))
        );
        for (pointer, changed) in [
            ("/title", "phishing Mail"),
            ("/evidence/0/deliveryAction", "delivered"),
        ] {
            let mut recased = again.clone();
            *recased.pointer_mut(pointer).unwrap() = json!(changed);
            assert!(
                roundtrip_difference(&original, &recased, object)
                    .is_some_and(|d| d.starts_with(pointer)),
                "{pointer}"
            );
        }

        let incident =
            json!({"status": "Active", "classification": "TruePositive", "displayName": "Active"});
        let again =
            serde_json::to_value(serde_json::from_value::<Incident>(incident.clone()).unwrap())
                .unwrap();
        let object = Payload::Object(Incident::ODATA_TYPE);
        assert_eq!(roundtrip_difference(&incident, &again, object), None);
        let mut recased = again.clone();
        recased["displayName"] = json!("active");
        assert!(roundtrip_difference(&incident, &recased, object).is_some());
    }
}
