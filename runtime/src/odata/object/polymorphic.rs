//! What a polymorphic enum's generated code calls: the variant is chosen by
//! `@odata.type`, read first when the object starts with it, or else found
//! in the object read whole.
//!
//! An object read whole is kept as its JSON text and read again from that
//! text, so that every generated type is read through one kind of
//! deserializer (serde_json's, over bytes) whichever way it came: the
//! compiler makes one copy of each type's reading code, not two, and values
//! keep their exact digits.

use serde::de::{self, MapAccess};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::{Key, ODATA_TYPE_KEY, ODataType, Object, deserialize_object, is_odata_type, same_odata_type};

/// How a polymorphic object starts.
#[doc(hidden)]
pub enum FirstKey<'de> {
    /// With `@odata.type` (as Graph and this crate write it): its value;
    /// the rest of the object is still to be read.
    Type(Key<'de>),
    /// With another key: the whole object, read.
    Buffered(Buffered),
}

/// A polymorphic object read whole, because its first key was not
/// `@odata.type`: its JSON text, and its type when it has one.
#[doc(hidden)]
pub struct Buffered {
    json: Vec<u8>,
    odata_type: Option<String>,
}

impl Buffered {
    fn new() -> Self {
        Buffered {
            json: vec![b'{'],
            odata_type: None,
        }
    }

    /// Appends one property, as read. Not generic, so that it is compiled
    /// here once rather than in every crate whose types are polymorphic.
    fn push(&mut self, key: &str, value: &RawValue) -> Result<(), serde_json::Error> {
        if self.json.len() > 1 {
            self.json.push(b',');
        }
        serde_json::to_writer(&mut self.json, key)?;
        self.json.push(b':');
        self.json.extend_from_slice(value.get().as_bytes());
        if key == ODATA_TYPE_KEY {
            self.odata_type = serde_json::from_slice(value.get().as_bytes()).ok();
        }
        Ok(())
    }

    fn finish(mut self) -> Self {
        self.json.push(b'}');
        self
    }
}

/// Reads the first key of a polymorphic object. When it is `@odata.type`,
/// the variant is known at once and the rest is read straight into it;
/// otherwise the object is read whole, to find its type.
#[doc(hidden)]
pub fn first_key<'de, A: MapAccess<'de>>(map: &mut A) -> Result<FirstKey<'de>, A::Error> {
    let mut object = Buffered::new();
    match map.next_key::<Key<'de>>()? {
        None => return Ok(FirstKey::Buffered(object.finish())),
        Some(key) if key.as_str() == ODATA_TYPE_KEY => return Ok(FirstKey::Type(map.next_value()?)),
        Some(key) => object
            .push(key.as_str(), &map.next_value::<Box<RawValue>>()?)
            .map_err(de::Error::custom)?,
    }
    while let Some(key) = map.next_key::<Key<'de>>()? {
        object
            .push(key.as_str(), &map.next_value::<Box<RawValue>>()?)
            .map_err(de::Error::custom)?;
    }
    Ok(FirstKey::Buffered(object.finish()))
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

/// Whether an object's `@odata.type` is `T`'s, written with or without `#`.
/// OData names are compared without regard to ASCII case, as the docs spell
/// some of them with capitals.
#[doc(hidden)]
pub fn is_type<T: ODataType>(object: &Buffered) -> bool {
    object.odata_type.as_deref().is_some_and(type_name_is::<T>)
}

/// Reads `T` from an object read whole.
#[doc(hidden)]
pub fn from_object<T: Object, E: de::Error>(object: Buffered) -> Result<T, E> {
    let mut json = serde_json::Deserializer::from_slice(&object.json);
    match deserialize_object(&mut json) {
        Ok(value) => Ok(value),
        Err(e) => Err(E::custom(message(&e))),
    }
}

/// An object read whole, as the `other` variant keeps it.
#[doc(hidden)]
pub fn kept_object<E: de::Error>(object: Buffered) -> Result<Map<String, Value>, E> {
    serde_json::from_slice(&object.json).map_err(|e| E::custom(message(&e)))
}

/// A serde_json error's message without its position, which is in the text
/// this module put together, not in the document being read (whose reader
/// adds its own).
fn message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let at = format!(" at line {} column {}", e.line(), e.column());
    match text.strip_suffix(&at) {
        Some(message) => message.to_owned(),
        None => text,
    }
}

/// The error for an object whose type no variant takes, in an enum without
/// an `other` variant.
#[doc(hidden)]
pub fn unknown_type<E: de::Error>(object: &Buffered, enum_name: &str) -> E {
    match &object.odata_type {
        Some(t) => unknown_type_name(t, enum_name),
        None => E::custom(format_args!(
            "the object has no `@odata.type`, so no variant of {enum_name} can be chosen; \
             add a #[graph(other)] variant to keep such objects"
        )),
    }
}

/// The index of the first variant whose OData type repeats an earlier
/// variant's, `#` and ASCII case aside; evaluated at compile time, once per
/// polymorphic enum. Each type is hashed once and the hashes are sorted (a
/// heapsort of indices, as const code allows), so that a family of a
/// thousand types (Graph's `entity`) costs O(n log n) integer comparisons,
/// not O(n²) string comparisons.
#[doc(hidden)]
pub const fn repeated_type<const N: usize>(types: &[&str; N]) -> Option<usize> {
    let mut keys = [0u64; N];
    let mut order = [0usize; N];
    let mut i = 0;
    while i < N {
        keys[i] = type_hash(types[i]);
        order[i] = i;
        i += 1;
    }
    // Heapsort by (hash, index).
    let mut end = N;
    let mut start = N / 2;
    while start > 0 {
        start -= 1;
        sift_down(&keys, &mut order, start, end);
    }
    while end > 1 {
        end -= 1;
        let top = order[0];
        order[0] = order[end];
        order[end] = top;
        sift_down(&keys, &mut order, 0, end);
    }
    // Within each run of equal hashes (a repeated type, or a collision),
    // every pair is compared; the earliest later variant is named.
    let mut repeated: Option<usize> = None;
    let mut k = 1;
    while k < N {
        let mut j = k;
        while j > 0 && keys[order[j - 1]] == keys[order[k]] {
            j -= 1;
            if same_odata_type(types[order[j]], types[order[k]]) {
                let later = if order[j] > order[k] { order[j] } else { order[k] };
                repeated = match repeated {
                    Some(r) if r < later => Some(r),
                    _ => Some(later),
                };
            }
        }
        k += 1;
    }
    repeated
}

/// FNV-1a of a type name without its `#`, ASCII case folded.
const fn type_hash(name: &str) -> u64 {
    let bytes = name.as_bytes();
    let mut i = if !bytes.is_empty() && bytes[0] == b'#' {
        1
    } else {
        0
    };
    let mut hash = 0xcbf2_9ce4_8422_2325_u64;
    while i < bytes.len() {
        hash ^= bytes[i].to_ascii_lowercase() as u64;
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        i += 1;
    }
    hash
}

/// Restores the heap below `root` in `order[..end]`.
const fn sift_down<const N: usize>(keys: &[u64; N], order: &mut [usize; N], mut root: usize, end: usize) {
    loop {
        let mut child = 2 * root + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && before(keys, order[child], order[child + 1]) {
            child += 1;
        }
        if !before(keys, order[root], order[child]) {
            return;
        }
        let held = order[root];
        order[root] = order[child];
        order[child] = held;
        root = child;
    }
}

/// Whether variant `a` sorts before variant `b`: by hash, then by index.
const fn before(keys: &[u64], a: usize, b: usize) -> bool {
    keys[a] < keys[b] || keys[a] == keys[b] && a < b
}

/// A variant's type of the polymorphic enum `E`: `E` is `From` every such
/// type through one blanket impl (`impl<T: Variant<E>> From<T> for E`).
///
/// One `From` impl per variant would be checked against each other for
/// overlap, quadratic in the variants: Graph's `entity` family has over a
/// thousand. These impls are each on their own type.
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a variant of `{E}`",
    label = "no variant of `{E}` holds this",
    note = "`{E}` is `From` the type each of its variants holds: add a variant that holds `{Self}`, or \
            convert to one of those types"
)]
pub trait Variant<E> {
    /// The enum holding `self` in its variant.
    fn wrap(self) -> E;
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

#[cfg(test)]
mod tests {
    use super::repeated_type;

    #[test]
    fn the_first_repeated_type_is_found_wherever_it_stands() {
        assert_eq!(repeated_type(&["#a.x"]), None);
        assert_eq!(repeated_type(&["b", "a", "c"]), None);
        assert_eq!(repeated_type(&["#a.x", "#a.y", "#A.X"]), Some(2));
        assert_eq!(repeated_type(&["#a", "a", "A"]), Some(1));
        // A prefix is another type.
        assert_eq!(repeated_type(&["#a.b", "#a.bc", "#a.b."]), None);
        // A thousand types, the fourth repeated by the last, and by one
        // before it: the earlier repetition is named.
        let mut names: Vec<String> = (0..1000).map(|i| format!("#microsoft.graph.type{i}")).collect();
        names[999] = "#Microsoft.Graph.Type3".to_owned();
        names[500] = "microsoft.graph.type3".to_owned();
        let types: [&str; 1000] = std::array::from_fn(|i| names[i].as_str());
        assert_eq!(repeated_type(&types), Some(500));
        let distinct: Vec<String> = (0..1000).map(|i| format!("#microsoft.graph.type{i}")).collect();
        let types: [&str; 1000] = std::array::from_fn(|i| distinct[i].as_str());
        assert_eq!(repeated_type(&types), None);
    }

    // Evaluated at compile time, as the attribute uses it.
    const _: () = assert!(matches!(repeated_type(&["#x.a", "#x.b", "#X.A"]), Some(2)));
}
