//! A property that can be absent, `null`, or a value: three states that
//! `Option` folds into two.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A property that is absent, explicitly `null`, or a value.
///
/// In a `#[graph_resource]` struct it is left out when [`Absent`](Nullable::Absent)
/// (the default), written as `null` when [`Null`](Nullable::Null): a
/// read-modify-write keeps an explicit `null`, and an update clears a
/// property by setting its field to `Null`.
///
/// ```
/// use graph_resource::{edm::Nullable, graph_resource};
///
/// #[graph_resource]
/// #[derive(Debug, Default)]
/// pub struct User {
///     pub display_name: Nullable<String>,
///     pub office_location: Nullable<String>,
///     pub mobile_phone: Nullable<String>,
/// }
///
/// let user: User = serde_json::from_str(r#"{"displayName": "Adele", "officeLocation": null}"#)?;
/// assert_eq!(user.display_name, Nullable::Value("Adele".into()));
/// assert_eq!(user.office_location, Nullable::Null);
/// assert_eq!(user.mobile_phone, Nullable::Absent);
/// assert_eq!(
///     serde_json::to_string(&user)?,
///     r##"{"@odata.type":"#microsoft.graph.user","displayName":"Adele","officeLocation":null}"##
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub enum Nullable<T> {
    /// Not in the JSON: left out when written.
    #[default]
    Absent,
    /// `null`.
    Null,
    /// A value.
    Value(T),
}

impl<T> Nullable<T> {
    /// Whether the property is absent.
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// The value, if there is one.
    pub fn value(&self) -> Option<&T> {
        match self {
            Nullable::Value(v) => Some(v),
            _ => None,
        }
    }

    /// The value, if there is one, dropping the difference between absent and `null`.
    pub fn into_option(self) -> Option<T> {
        match self {
            Nullable::Value(v) => Some(v),
            _ => None,
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(v) => v.serialize(s),
            // A struct leaves an absent property out; alone, it is `null`.
            Nullable::Null | Nullable::Absent => s.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(d).map(|v| v.map_or(Nullable::Null, Nullable::Value))
    }
}
