//! Serialization of OData objects, shared by every generated struct and enum.
//!
//! A generated struct only lists its fields; the loops over keys, the
//! `@odata.type` handling and the keeping of unknown properties live here.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde_json::{Map, Value};

mod fields;
mod polymorphic;

pub use fields::{FieldType, NotStdDuration, is_default};
pub use polymorphic::{
    Buffered, FirstKey, KeepsObject, Variant, first_key, from_object, is_type, kept_object, repeated_type,
    rest_of_object, type_name_is, unknown_type, unknown_type_name,
};

/// A type with an OData type name, written as `@odata.type`.
///
/// Implemented by `#[graph_resource]` on every struct.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no OData type",
    note = "only a struct with #[graph_resource] has one: a polymorphic variant, `list_of` and a \
            `flatten` field each name such a struct"
)]
pub trait ODataType {
    /// The qualified name with its `#`, e.g. `#microsoft.graph.groupAssignmentTarget`.
    const ODATA_TYPE: &'static str;

    /// The wire names of the properties the struct's own fields hold, e.g.
    /// `["id", "source", "sourceId", "target"]` (a flattened base's are its own).
    const PROPERTIES: &'static [&'static str];

    /// Whether `name` is the wire name of a property of this type: one of
    /// its fields, or of a flattened base's.
    fn has_property(name: &str) -> bool;
}

/// The key of the OData type annotation.
pub(crate) const ODATA_TYPE_KEY: &str = "@odata.type";

/// What the attribute implements for every struct: its fields, written and
/// read one key at a time, so that a struct can be flattened into another.
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a #[graph_resource] struct",
    note = "a `flatten` field and a polymorphic variant each hold a struct with #[graph_resource], never an \
            enum. For a property whose value is a polymorphic enum (an assignment's `target`), hold it in an \
            ordinary field named after the property, without `flatten`. To read the items of a polymorphic \
            collection, use the enum itself as the resource (`Enum::list(&client, path)` reads each item \
            into its variant), or a struct marked #[graph_resource(base)] that flattens the family's base \
            struct (`<Enum>Base`): it reads items of every derived type and keeps their type"
)]
pub trait Object: ODataType + Sized {
    /// One slot per field, filled while reading.
    type Builder: Default;

    /// Writes every field except `@odata.type`.
    fn serialize_fields<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error>;

    /// Reads the value of `key` if one of the fields, or of the flattened
    /// structs' fields, names it.
    fn accept<'de, A: MapAccess<'de>>(
        builder: &mut Self::Builder,
        key: &str,
        map: &mut A,
    ) -> Result<bool, A::Error>;

    /// Keeps the value of a key no field names, in the `extra` field, or
    /// else in a flattened struct's. Asked only after every `accept`, so
    /// that the outermost `extra` is the one that keeps unknown properties.
    fn accept_extra<'de, A: MapAccess<'de>>(
        builder: &mut Self::Builder,
        key: &str,
        map: &mut A,
    ) -> Result<bool, A::Error>;

    /// Checks that required fields were present and builds the value.
    fn build<E: de::Error>(builder: Self::Builder) -> Result<Self, E>;

    /// Takes the `@odata.type` an object is written with. An object of
    /// another type is refused, never mislabelled; a `base` struct keeps
    /// the derived type in its `extra` field instead.
    fn accept_type<E: de::Error>(builder: &mut Self::Builder, name: &str) -> Result<(), E> {
        let _ = builder;
        if is_odata_type(name, Self::ODATA_TYPE) {
            Ok(())
        } else {
            Err(wrong_type(name, Self::ODATA_TYPE))
        }
    }

    /// Whether `@odata.type` is written: not for an action's parameters,
    /// which are no OData type.
    const TYPED: bool = true;

    /// Whether a field (its own or a flattened struct's) is written
    /// whatever its value, so that it cannot be left unset: a resource
    /// with `update` refuses such a struct, as every update would send it.
    const SENDS_UNSET: bool = false;

    /// The `@odata.type` to write: the Rust type's, or for a `base` struct
    /// the derived type it was read as.
    fn written_type(&self) -> &str {
        Self::ODATA_TYPE
    }
}

/// The error for an object of another type than the struct it is read into.
fn wrong_type<E: de::Error>(found: &str, expected: &str) -> E {
    E::custom(format_args!(
        "the object is a `{found}`, not a `{expected}`: read it through the polymorphic enum of its family \
         (or list one type with `list_of`); a struct that items of derived types are read through is \
         marked #[graph_resource(base)]"
    ))
}

/// Writes `@odata.type` first, then the fields.
#[doc(hidden)]
pub fn serialize_object<T: Object, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(None)?;
    if T::TYPED {
        map.serialize_entry(ODATA_TYPE_KEY, value.written_type())?;
    }
    value.serialize_fields(&mut map)?;
    map.end()
}

/// Reads an object: `@odata.type` is accepted in any spelling and must be
/// the Rust type's (a `base` struct keeps another), properties go to the
/// fields that name them, and the rest to the `extra` field or nowhere.
#[doc(hidden)]
pub fn deserialize_object<'de, T: Object, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor::<T>(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        expecting_object(f, T::ODATA_TYPE)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        finish_object(map)
    }
}

/// Reads the remaining keys of an object into `T`.
#[doc(hidden)]
#[inline]
pub fn finish_object<'de, T: Object, A: MapAccess<'de>>(mut map: A) -> Result<T, A::Error> {
    let mut builder = T::Builder::default();
    while let Some(key) = map.next_key::<Key<'de>>()? {
        let key = key.as_str();
        if key == ODATA_TYPE_KEY {
            if let Some(name) = other_type(&mut map, T::ODATA_TYPE)? {
                T::accept_type(&mut builder, &name)?;
            }
        } else if !(T::accept(&mut builder, key, &mut map)? || T::accept_extra(&mut builder, key, &mut map)?)
        {
            map.next_value::<IgnoredAny>()?;
        }
    }
    T::build(builder)
}

/// What a visitor of `ty` expects. Shared by every type: the compiler
/// makes one copy of it, not one per type.
fn expecting_object(f: &mut fmt::Formatter<'_>, ty: &str) -> fmt::Result {
    write!(f, "a JSON object of type {ty}")
}

/// Reads the value of `@odata.type`: `None` when it is `ty` as Graph and
/// this crate spell it, or else the name as written, for the type to judge.
/// Read as bytes, so that those spellings are compared without decoding
/// the text first. Generic over the reader only: one copy serves every type.
#[inline]
fn other_type<'de, A: MapAccess<'de>>(map: &mut A, ty: &str) -> Result<Option<Cow<'de, str>>, A::Error> {
    let name = map.next_value::<TypeName<'de>>()?;
    let ty = ty.as_bytes();
    if name.0 == ty || name.0 == &ty[1..] {
        return Ok(None);
    }
    match name.0 {
        Cow::Borrowed(b) => std::str::from_utf8(b).map(|s| Some(Cow::Borrowed(s))),
        Cow::Owned(b) => String::from_utf8(b)
            .map(|s| Some(Cow::Owned(s)))
            .map_err(|e| e.utf8_error()),
    }
    .map_err(de::Error::custom)
}

/// Fills a field's slot; a property given twice is an error.
#[doc(hidden)]
#[inline]
pub fn property<'de, T: Deserialize<'de>, A: MapAccess<'de>>(
    slot: &mut Option<T>,
    name: &'static str,
    map: &mut A,
) -> Result<bool, A::Error> {
    property_with(slot, name, map, |v: T| v)
}

/// Reads the value of a `with` field through its wrapper `W`.
#[doc(hidden)]
#[inline]
pub fn property_with<'de, W: Deserialize<'de>, T, A: MapAccess<'de>>(
    slot: &mut Option<T>,
    name: &'static str,
    map: &mut A,
    unwrap: fn(W) -> T,
) -> Result<bool, A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(unwrap(map.next_value()?));
    Ok(true)
}

/// The value of a field that is not an `Option`, which must be present.
#[doc(hidden)]
#[inline]
pub fn required<T, E: de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

/// The type of a `#[graph(extra)]` field: where properties that no other
/// field names are kept, so that a read-modify-write loses nothing.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot hold unknown properties",
    label = "the `extra` field",
    note = "declare the field as `graph_resource::Properties`"
)]
pub trait Extra: Default {
    /// Keeps the value of `key`.
    #[doc(hidden)]
    fn keep<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error>;

    /// Writes the kept properties back.
    #[doc(hidden)]
    fn write<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error>;

    /// Keeps the derived type a `base` struct was read as.
    #[doc(hidden)]
    fn keep_type(&mut self, name: &str);

    /// The derived type kept by [`keep_type`](Extra::keep_type).
    #[doc(hidden)]
    fn kept_type(&self) -> Option<&str>;
}

impl Extra for Map<String, Value> {
    fn keep<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
        let value: Value = map.next_value()?;
        self.insert(key.to_owned(), value);
        Ok(true)
    }

    #[inline]
    fn write<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        if self.is_empty() {
            return Ok(());
        }
        for (k, v) in self {
            // The type is written first, by the object; never twice.
            if k != ODATA_TYPE_KEY {
                map.serialize_entry(k, v)?;
            }
        }
        Ok(())
    }

    fn keep_type(&mut self, name: &str) {
        self.insert(ODATA_TYPE_KEY.to_owned(), Value::String(name.to_owned()));
    }

    fn kept_type(&self) -> Option<&str> {
        type_of(self)
    }
}

/// The value of `@odata.type`, as bytes, borrowed when it has no escapes.
struct TypeName<'de>(Cow<'de, [u8]>);

impl<'de> Deserialize<'de> for TypeName<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TypeNameVisitor;
        impl<'de> Visitor<'de> for TypeNameVisitor {
            type Value = TypeName<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an OData type name")
            }
            fn visit_borrowed_bytes<E: de::Error>(self, v: &'de [u8]) -> Result<TypeName<'de>, E> {
                Ok(TypeName(Cow::Borrowed(v)))
            }
            fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<TypeName<'de>, E> {
                Ok(TypeName(Cow::Owned(v.to_vec())))
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<TypeName<'de>, E> {
                Ok(TypeName(Cow::Borrowed(v.as_bytes())))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<TypeName<'de>, E> {
                Ok(TypeName(Cow::Owned(v.as_bytes().to_vec())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<TypeName<'de>, E> {
                Ok(TypeName(Cow::Owned(v.into_bytes())))
            }
        }
        deserializer.deserialize_bytes(TypeNameVisitor)
    }
}

/// A string read from JSON, borrowed when it has no escapes.
#[doc(hidden)]
#[derive(Debug)]
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The string.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The string, owned.
    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// The OData type named by an object, as written.
pub(crate) fn type_of(object: &Map<String, Value>) -> Option<&str> {
    object.get(ODATA_TYPE_KEY).and_then(Value::as_str)
}

/// Whether `name`, as read, is the type `ty` (written with its `#`): the
/// spellings Graph writes are compared byte for byte, any other without
/// regard to `#` and ASCII case.
#[inline]
pub(crate) fn is_odata_type(name: &str, ty: &str) -> bool {
    name == ty || ty.strip_prefix('#') == Some(name) || same_odata_type(name, ty)
}

/// Whether two OData type names are the same, `#` and ASCII case aside.
pub(crate) const fn same_odata_type(a: &str, b: &str) -> bool {
    const fn strip(s: &[u8]) -> &[u8] {
        match s {
            [b'#', rest @ ..] => rest,
            _ => s,
        }
    }
    let (a, b) = (strip(a.as_bytes()), strip(b.as_bytes()));
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if !a[i].eq_ignore_ascii_case(&b[i]) {
            return false;
        }
        i += 1;
    }
    true
}
