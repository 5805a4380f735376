//! A navigation property's value, kept as Graph's JSON until it is asked for.

use std::fmt;
use std::marker::PhantomData;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

use crate::odata::resource::PropertyNames;

/// The value of a navigation property (`manager`, `assignments`,
/// `managedDevices`), which Graph writes only when a request expands it
/// (`$expand`), kept as its JSON text and read into `T` on
/// [`decode`](Expanded::decode).
///
/// A model's navigation properties reach most of Graph: a `user`'s lead to
/// groups, devices, drives and sites, and theirs to the rest. Typed fields
/// would make reading one `user` compile the reading code of all of them;
/// kept as text, a program compiles the reading code of exactly the types
/// it decodes, and reads an expanded property's JSON twice (once to keep
/// it, once to decode it) only when it asks for it. Written back, the text
/// is written as it was read.
///
/// ```
/// use graph_resource::{Expanded, graph_resource};
///
/// #[graph_resource(odata_type = "#microsoft.graph.group")]
/// #[derive(Debug)]
/// pub struct Group {
///     pub display_name: Option<String>,
///     pub members: Option<Expanded<Vec<DirectoryObject>>>,
/// }
///
/// #[graph_resource(odata_type = "#microsoft.graph.directoryObject")]
/// #[derive(Debug)]
/// pub struct DirectoryObject {
///     pub id: Option<String>,
/// }
///
/// let group: Group = serde_json::from_str(
///     r#"{"displayName": "Devices", "members": [{"id": "u1"}, {"id": "u2"}]}"#,
/// )?;
/// let members = group.members.as_ref().map(Expanded::decode).transpose()?.unwrap_or_default();
/// assert_eq!(members.len(), 2);
/// assert_eq!(members[1].id.as_deref(), Some("u2"));
/// # Ok::<(), serde_json::Error>(())
/// ```
pub struct Expanded<T> {
    json: Box<RawValue>,
    // `fn() -> T`: an `Expanded<T>` holds text, not a `T`, so it is `Send`,
    // `Sync` and covariant whatever `T` is.
    of: PhantomData<fn() -> T>,
}

/// What an [`Expanded<T>`] reads into: `T` itself for a model's type (any
/// `#[graph_resource]` struct or enum) and a `Vec` of them, and for a
/// stand-in, the type it stands for.
///
/// A stand-in names, in a navigation property, a type that the holder's
/// crate cannot name: `graph_resource_models`' types are compiled in
/// several crates, each naming only the ones before it, and navigation
/// properties lead everywhere, so a ready model's navigation property is
/// `Expanded<nav::AnyDirectoryObject>`, and the crate that defines
/// `AnyDirectoryObject` implements `Resolve<AnyDirectoryObject>` for its
/// stand-in. `decode` finds `R` from that one impl: code reads the same
/// either way.
///
/// A type of a program's own that is not a `#[graph_resource]` one reads
/// as itself once it says so:
///
/// ```
/// use graph_resource::{Expanded, odata::Resolve};
///
/// struct Note(String);
///
/// impl<'de> serde::Deserialize<'de> for Note {
///     fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
///         <String as serde::Deserialize>::deserialize(d).map(Note)
///     }
/// }
/// impl Resolve<Note> for Note {}
///
/// let note: Expanded<Note> = serde_json::from_str(r#""hi""#)?;
/// assert_eq!(note.decode()?.0, "hi");
/// # Ok::<(), serde_json::Error>(())
/// ```
pub trait Resolve<R> {}

impl<T: PropertyNames> Resolve<T> for T {}

impl<M: Resolve<R>, R> Resolve<Vec<R>> for Vec<M> {}

impl Resolve<serde_json::Value> for serde_json::Value {}

impl<T> Expanded<T> {
    /// The value's JSON, as Graph wrote it.
    pub fn json(&self) -> &str {
        self.json.get()
    }

    /// Reads the value into what `T` stands for ([`Resolve`]): `T` itself,
    /// or for a ready model's stand-in, the type it names.
    ///
    /// # Errors
    ///
    /// When the JSON is not an `R`: the parser's error says what and where.
    pub fn decode<'a, R>(&'a self) -> Result<R, serde_json::Error>
    where
        T: Resolve<R>,
        R: Deserialize<'a>,
    {
        serde_json::from_str(self.json.get())
    }

    /// A value to send, such as the members of a group created with them:
    /// a `T`, or what `T` stands for ([`Resolve`]).
    ///
    /// # Errors
    ///
    /// When `value` cannot be written as JSON (a map whose keys are not
    /// strings, or a `Serialize` impl that fails).
    pub fn new<R>(value: &R) -> Result<Self, serde_json::Error>
    where
        T: Resolve<R>,
        R: Serialize,
    {
        Ok(Expanded {
            json: serde_json::value::to_raw_value(value)?,
            of: PhantomData,
        })
    }
}

impl<T> Clone for Expanded<T> {
    fn clone(&self) -> Self {
        Expanded {
            json: self.json.clone(),
            of: PhantomData,
        }
    }
}

/// Equal when the JSON texts are.
impl<T> PartialEq for Expanded<T> {
    fn eq(&self, other: &Self) -> bool {
        self.json.get() == other.json.get()
    }
}

impl<T> Eq for Expanded<T> {}

impl<T> fmt::Debug for Expanded<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Expanded").field(&self.json.get()).finish()
    }
}

impl<T> Serialize for Expanded<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.json.serialize(s)
    }
}

impl<'de, T> Deserialize<'de> for Expanded<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Expanded {
            json: Box::<RawValue>::deserialize(d)?,
            of: PhantomData,
        })
    }
}
