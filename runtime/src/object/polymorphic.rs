//! What a polymorphic enum's generated code calls: the variant is chosen by
//! `@odata.type`, read first when the object starts with it, or else found
//! in the object read whole.

use serde::de::{self, Deserialize, Deserializer, MapAccess};
use serde_json::{Map, Value};

use super::{
    Key, ODATA_TYPE_KEY, ODataType, Object, deserialize_object, is_odata_type, same_odata_type, type_of,
};

/// How a polymorphic object starts.
#[doc(hidden)]
pub enum FirstKey<'de> {
    /// With `@odata.type` (as Graph and this crate write it): its value;
    /// the rest of the object is still to be read.
    Type(Key<'de>),
    /// With another key: the whole object, read.
    Buffered(Map<String, Value>),
}

/// Reads the first key of a polymorphic object. When it is `@odata.type`,
/// the variant is known at once and the rest is read straight into it;
/// otherwise the object is read whole, to find its type.
#[doc(hidden)]
pub fn first_key<'de, A: MapAccess<'de>>(map: &mut A) -> Result<FirstKey<'de>, A::Error> {
    let mut object = Map::new();
    match map.next_key::<Key<'de>>()? {
        None => return Ok(FirstKey::Buffered(object)),
        Some(key) if key.as_str() == ODATA_TYPE_KEY => return Ok(FirstKey::Type(map.next_value()?)),
        Some(key) => {
            let value = map.next_value()?;
            object.insert(key.into_string(), value);
        }
    }
    while let Some((key, value)) = map.next_entry::<String, Value>()? {
        object.insert(key, value);
    }
    Ok(FirstKey::Buffered(object))
}

/// Whether an OData type name, written with or without `#`, is `T`'s.
#[doc(hidden)]
pub fn type_name_is<T: ODataType>(name: &str) -> bool {
    is_odata_type(name, T::ODATA_TYPE)
}

/// The rest of an object whose type no variant takes, kept whole with its type.
#[doc(hidden)]
pub fn rest_of_object<'de, A: MapAccess<'de>>(
    odata_type: Key<'de>,
    mut map: A,
) -> Result<Map<String, Value>, A::Error> {
    let mut object = Map::new();
    object.insert(ODATA_TYPE_KEY.to_owned(), Value::String(odata_type.into_string()));
    while let Some((key, value)) = map.next_entry::<String, Value>()? {
        object.insert(key, value);
    }
    Ok(object)
}

/// The error for a type no variant takes, in an enum without an `other` variant.
#[doc(hidden)]
pub fn unknown_type_name<E: de::Error>(name: &str, enum_name: &str) -> E {
    E::custom(format_args!(
        "no variant of {enum_name} is of type `{name}`; add a #[graph(other)] variant to keep unknown types"
    ))
}

/// Reads a whole object, for a polymorphic enum to look at its type.
#[doc(hidden)]
pub fn read_object<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Map<String, Value>, D::Error> {
    Map::deserialize(deserializer)
}

/// Whether an object's `@odata.type` is `T`'s, written with or without `#`.
/// OData names are compared without regard to ASCII case, as the docs spell
/// some of them with capitals.
#[doc(hidden)]
pub fn is_type<T: ODataType>(object: &Map<String, Value>) -> bool {
    type_of(object).is_some_and(type_name_is::<T>)
}

/// Reads `T` from an object already in memory.
#[doc(hidden)]
pub fn from_object<T: Object, E: de::Error>(object: Map<String, Value>) -> Result<T, E> {
    deserialize_object(Value::Object(object)).map_err(E::custom)
}

/// The error for an object whose type no variant takes, in an enum without
/// an `other` variant.
#[doc(hidden)]
pub fn unknown_type<E: de::Error>(object: &Map<String, Value>, enum_name: &str) -> E {
    match type_of(object) {
        Some(t) => unknown_type_name(t, enum_name),
        None => E::custom(format_args!(
            "the object has no `@odata.type`, so no variant of {enum_name} can be chosen; \
             add a #[graph(other)] variant to keep such objects"
        )),
    }
}

/// Whether `types[i]` is the same OData type as one before it; evaluated at
/// compile time, once per variant of a polymorphic enum.
#[doc(hidden)]
pub const fn repeats_an_earlier_type(types: &[&str], i: usize) -> bool {
    let mut j = 0;
    while j < i {
        if same_odata_type(types[j], types[i]) {
            return true;
        }
        j += 1;
    }
    false
}

/// What the `other` variant of a polymorphic enum holds: an object of a
/// type no variant takes, kept whole.
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "the `other` variant cannot hold `{Self}`",
    label = "the `other` variant keeps an unknown object whole",
    note = "write `Other(graph_resource::Properties)`"
)]
pub trait KeepsObject {
    /// Keeps the object.
    fn keep(object: Map<String, Value>) -> Self;
}

impl KeepsObject for Map<String, Value> {
    fn keep(object: Map<String, Value>) -> Self {
        object
    }
}

impl KeepsObject for Box<Map<String, Value>> {
    fn keep(object: Map<String, Value>) -> Self {
        Box::new(object)
    }
}
