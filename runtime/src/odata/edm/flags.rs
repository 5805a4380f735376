//! Flags enums (`IsFlags` in Graph's schema): a set of members, written as
//! a comma-separated list of their names, `"windows10,macOS"`.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A member of a string enum, by its name on the wire. `#[graph_resource]`
/// implements it for every string enum.
pub trait EnumMember: Sized {
    /// The enum's qualified OData type name with its `#`, e.g.
    /// `#microsoft.graph.policyPlatformType`: a function parameter names it.
    const ODATA_TYPE: &'static str;

    /// The member's name on the wire, e.g. `macOS`.
    fn wire_name(&self) -> &str;

    /// The member with this name; an unknown name is kept by the enum's
    /// `#[graph(other)]` variant if it has one, else `None`.
    fn from_wire_name(name: &str) -> Option<Self>;
}

/// A set of members of a flags enum: read from and written as Graph's
/// comma-separated list. Unknown members are kept (by the enum's
/// `#[graph(other)]` variant) and written back; the order read is the order
/// written.
///
/// ```
/// use graph_resource::{edm::Flags, graph_resource};
///
/// #[graph_resource]
/// #[derive(Debug, Clone, PartialEq)]
/// pub enum Platform {
///     Windows10,
///     #[graph(rename = "macOS")]
///     MacOs,
///     Ios,
///     #[graph(other)]
///     Other(String),
/// }
///
/// let platforms: Flags<Platform> = serde_json::from_str(r#""windows10,macOS,linux""#)?;
/// assert!(platforms.contains(&Platform::MacOs));
/// assert!(!platforms.contains(&Platform::Ios));
/// assert_eq!(platforms.len(), 3);
/// assert_eq!(serde_json::to_string(&platforms)?, r#""windows10,macOS,linux""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Flags<T>(Vec<T>);

impl<T> Default for Flags<T> {
    fn default() -> Self {
        Flags(Vec::new())
    }
}

impl<T: PartialEq> Flags<T> {
    /// No member.
    pub fn new() -> Self {
        Flags(Vec::new())
    }

    /// Adds a member; `false` if it was there already.
    pub fn insert(&mut self, member: T) -> bool {
        if self.contains(&member) {
            return false;
        }
        self.0.push(member);
        true
    }

    /// Removes a member; `false` if it was not there.
    pub fn remove(&mut self, member: &T) -> bool {
        let before = self.0.len();
        self.0.retain(|m| m != member);
        self.0.len() != before
    }

    /// Whether a member is in the set.
    pub fn contains(&self, member: &T) -> bool {
        self.0.contains(member)
    }

    /// The members, in the order read or added.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.0.iter()
    }

    /// How many members.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there is no member.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Two sets are equal when they hold the same members, in any order.
impl<T: PartialEq> PartialEq for Flags<T> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().all(|m| other.contains(m))
    }
}

impl<T: Eq> Eq for Flags<T> {}

impl<T: PartialEq> FromIterator<T> for Flags<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut flags = Flags::new();
        for member in iter {
            flags.insert(member);
        }
        flags
    }
}

impl<T: EnumMember> Flags<T> {
    /// The members' wire names, comma-separated, as Graph writes them: in
    /// JSON and in a function parameter's literal.
    pub(crate) fn wire_text(&self) -> String {
        let mut text = String::new();
        for (i, member) in self.0.iter().enumerate() {
            if i > 0 {
                text.push(',');
            }
            text.push_str(member.wire_name());
        }
        text
    }
}

impl<T: EnumMember> Serialize for Flags<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.wire_text())
    }
}

impl<'de, T: EnumMember + PartialEq> Deserialize<'de> for Flags<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<T: EnumMember + PartialEq> Visitor<'_> for V<T> {
            type Value = Flags<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a comma-separated list of flags, e.g. \"windows10,macOS\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Flags<T>, E> {
                // Room for a few members at once, as most sets have.
                let mut flags = Flags(Vec::with_capacity(4));
                // Split by hand: the lists are short, shorter than a search
                // for ',' pays for.
                let (bytes, mut start) = (v.as_bytes(), 0);
                for end in (0..=bytes.len()).filter(|&i| i == bytes.len() || bytes[i] == b',') {
                    let name = v[start..end].trim_ascii();
                    start = end + 1;
                    if name.is_empty() {
                        continue;
                    }
                    let member = T::from_wire_name(name)
                        .ok_or_else(|| E::custom(format!("`{name}` is not a member of this flags enum")))?;
                    flags.insert(member);
                }
                Ok(flags)
            }
        }
        d.deserialize_str(V(std::marker::PhantomData))
    }
}
