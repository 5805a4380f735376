//! What an action, a function or a raw request returns, in the three shapes
//! Graph answers with: nothing, an object as it is, or a collection or a
//! primitive wrapped in `{"value": ...}`.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, Deserializer, IgnoredAny, MapAccess, Visitor};

use crate::odata::resource::PropertyNames;

/// A type an answer can be read as. Implemented for `()` (no content),
/// `serde_json::Value` (the body as it is), every `#[graph_resource]` type
/// (an object as it is), `Option` of those (an empty answer is `None`), and
/// for collections (`Vec<T>`) and primitives (strings, numbers, booleans,
/// the `edm` types), which Graph wraps in `{"value": ...}`.
#[diagnostic::on_unimplemented(
    message = "an answer cannot be read as `{Self}`",
    label = "not a return type",
    note = "return `()` for no content, a #[graph_resource] type for an object, `Vec<T>` or a primitive for \
            what Graph wraps in `value`, or `serde_json::Value`"
)]
pub trait Returned: Sized {
    /// Reads the answer's body (empty for `204 No Content`).
    fn from_body(body: &[u8]) -> Result<Self, serde_json::Error>;
}

impl Returned for () {
    /// Whatever came back: a `204`, or a `200` with or without a body.
    fn from_body(_: &[u8]) -> Result<Self, serde_json::Error> {
        Ok(())
    }
}

impl Returned for serde_json::Value {
    fn from_body(body: &[u8]) -> Result<Self, serde_json::Error> {
        if body.is_empty() {
            return Ok(serde_json::Value::Null);
        }
        serde_json::from_slice(body)
    }
}

impl<T: PropertyNames + DeserializeOwned> Returned for T {
    fn from_body(body: &[u8]) -> Result<Self, serde_json::Error> {
        serde_json::from_slice(body)
    }
}

impl<T: Returned> Returned for Option<T> {
    /// `None` for an empty answer.
    fn from_body(body: &[u8]) -> Result<Self, serde_json::Error> {
        if body.is_empty() {
            Ok(None)
        } else {
            T::from_body(body).map(Some)
        }
    }
}

impl<T: DeserializeOwned> Returned for Vec<T> {
    fn from_body(body: &[u8]) -> Result<Self, serde_json::Error> {
        unwrap_value(body)
    }
}

/// Primitives, which Graph wraps in `{"value": ...}`. Inline, so that each is
/// compiled where it is used rather than fourteen times in every build of
/// this crate.
macro_rules! wrapped {
    ($($t:ty),* $(,)?) => {$(
        impl Returned for $t {
            #[inline]
            fn from_body(body: &[u8]) -> Result<Self, serde_json::Error> {
                unwrap_value(body)
            }
        }
    )*};
}

wrapped!(
    String,
    bool,
    i32,
    i64,
    u32,
    u64,
    f64,
    crate::odata::edm::Int64,
    crate::odata::edm::Double,
    crate::odata::edm::Decimal,
    crate::odata::edm::Guid,
    crate::odata::edm::Date,
    crate::odata::edm::DateTimeOffset,
    crate::odata::edm::Duration,
    crate::odata::edm::Binary,
);

/// The `value` of `{"@odata.context": ..., "value": ...}`.
fn unwrap_value<T: DeserializeOwned>(body: &[u8]) -> Result<T, serde_json::Error> {
    struct Wrapper<T>(PhantomData<T>);
    impl<'de, T: DeserializeOwned> Visitor<'de> for Wrapper<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an answer of the form {\"value\": ...}")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
            let mut value = None;
            while let Some(key) = map.next_key::<crate::odata::object::Key<'de>>()? {
                if key.as_str() == "value" {
                    value = Some(map.next_value()?);
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            value.ok_or_else(|| de::Error::missing_field("value"))
        }
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    let value = (&mut de).deserialize_map(Wrapper(PhantomData))?;
    de.end()?;
    Ok(value)
}
