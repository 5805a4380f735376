//! How the selection's types and names are spelled in Rust: type names with
//! Graph's capitals, variant names, identifiers safe from keywords, and
//! rustdoc from the schema's descriptions.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::areas::Gates;
use crate::case::{item_path_alias, upper_first};
use crate::csdl::Schema;
use crate::emit::recursive;
use crate::select::{Selection, short};

/// How the selection's types are named in Rust.
pub(super) struct Names<'a> {
    pub(super) selection: &'a Selection,
    /// Every type's own name, to tell which `XBase` and `AnyX` names are
    /// taken.
    taken: BTreeSet<String>,
    /// The concrete types that have derived types: their name is their
    /// struct's, and `AnyX` their enum's.
    concrete_polymorphic: BTreeSet<String>,
    /// When the types are compiled by area: which are compiled together.
    gates: Option<&'a Gates>,
    /// The externs' paths, parsed.
    externs: BTreeMap<String, TokenStream>,
    /// The `(type, property)` pairs held in a `Box`: those through which a
    /// type can hold itself.
    boxed: BTreeSet<(String, String)>,
}

impl<'a> Names<'a> {
    pub(super) fn new(schema: &Schema, selection: &'a Selection, gates: Option<&'a Gates>) -> Self {
        let taken = selection
            .types
            .iter()
            .map(|t| type_ident(t).to_string())
            .collect();
        let concrete_polymorphic = selection
            .derived
            .keys()
            .filter(|t| schema.types.get(*t).is_some_and(|t| !t.is_abstract))
            .cloned()
            .collect();
        let externs = selection
            .externs
            .iter()
            .map(|(name, path)| {
                let path: syn::Path =
                    syn::parse_str(path).expect("an extern's path is checked when selected");
                (name.clone(), quote!(#path))
            })
            .collect();
        Names {
            selection,
            taken,
            concrete_polymorphic,
            externs,
            gates,
            boxed: recursive::boxed(schema, selection),
        }
    }
}

impl Names<'_> {
    /// Whether `to` is compiled wherever `from` is (always, unless the
    /// types are compiled by area).
    pub(super) fn reaches(&self, from: &str, to: &str) -> bool {
        self.gates.is_none_or(|g| g.reaches(from, to))
    }

    /// The `#[cfg]` of something of `to` inside an item of `from`: none
    /// when `to` is compiled wherever `from` is.
    pub(super) fn gate(&self, from: &str, to: &str) -> Option<TokenStream> {
        self.gates.and_then(|g| g.gate(from, to))
    }

    /// The type a navigation property to `name` names: its own when the
    /// types are one module, its stand-in (`nav::AnyDirectoryObject`,
    /// `graph_resource::odata::Resolve`) when they are compiled by area,
    /// where a crate cannot name the types of the crates after it.
    pub(super) fn navigation(&self, name: &str) -> Option<TokenStream> {
        let held = self.of_any(name)?;
        Some(if self.gates.is_some() && !self.externs.contains_key(name) {
            quote!(nav::#held)
        } else {
            held
        })
    }

    /// Whether `holder`'s property `property` is boxed, because through it
    /// the type can hold itself.
    pub(super) fn boxed(&self, holder: &str, property: &str) -> bool {
        self.boxed.contains(&(holder.to_owned(), property.to_owned()))
    }

    /// The type a property of this OData type has: the struct of a type
    /// with no derived types (`User` when nothing derives from `user`);
    /// for a type with derived types, the enum of any of them, which is
    /// `X` for an abstract type (it has no instances of its own:
    /// `DeviceAndAppManagementAssignmentTarget`) and `AnyX` for a concrete
    /// one (`AnyUser` holds a `User` or an `AgentUser`), as ruma's
    /// `AnyStateEvent`.
    pub(super) fn of(&self, name: &str) -> Ident {
        if !self.concrete_polymorphic.contains(name) {
            return type_ident(name);
        }
        self.untaken(format!("Any{}", type_ident(name)))
    }

    /// What a property of this OData type holds, generated or extern (a
    /// program's own type, by its path); `None` for a type neither
    /// generated nor extern.
    pub(super) fn of_any(&self, name: &str) -> Option<TokenStream> {
        if let Some(path) = self.externs.get(name) {
            return Some(path.clone());
        }
        self.selection.types.contains(name).then(|| {
            let ident = self.of(name);
            quote!(#ident)
        })
    }

    /// The struct of a type: its own name (`GroupAssignmentTarget`), but
    /// `XBase` for an abstract type with derived types, whose name is its
    /// enum.
    pub(super) fn structure(&self, name: &str) -> Ident {
        if !self.selection.derived.contains_key(name) || self.concrete_polymorphic.contains(name) {
            return type_ident(name);
        }
        self.untaken(format!("{}Base", type_ident(name)))
    }

    /// The path type of a type's address: `XPath` after the type's name,
    /// whichever item (struct or enum) holds the address.
    pub(super) fn path(&self, name: &str) -> Ident {
        format_ident!("{}Path", type_ident(name))
    }

    /// The alias for one item of the type's collection, `XItemPath`.
    pub(super) fn item_path(&self, name: &str) -> Ident {
        format_ident!("{}", item_path_alias(&self.path(name).to_string()))
    }

    /// The `path_type` the attribute is given: the path type's name when
    /// the address is on an enum named apart from the type (`UserPath` for
    /// `AnyUser`); none when the attribute's own `<Item>Path` is it.
    pub(super) fn path_type_key(&self, name: &str) -> Option<Ident> {
        self.concrete_polymorphic.contains(name).then(|| self.path(name))
    }

    /// The variant of a type's enum that holds the type itself: named
    /// after the type (`AnyUser::User`), or `Base` for an abstract type's
    /// properties.
    pub(super) fn own_variant(&self, name: &str) -> Ident {
        if self.concrete_polymorphic.contains(name) {
            super::types::variant_ident(name)
        } else {
            format_ident!("Base")
        }
    }

    /// `name`, or `nameType` when a type of the schema has that name.
    fn untaken(&self, name: String) -> Ident {
        if self.taken.contains(&name) {
            format_ident!("{}Type", name)
        } else {
            format_ident!("{}", name)
        }
    }
}

/// `deviceManagementScript` → `DeviceManagementScript`; capitals kept. A
/// type of another namespace than `microsoft.graph` is prefixed with it
/// (`microsoft.graph.callRecords.participant` → `CallRecordsParticipant`),
/// as several namespaces reuse names.
pub(super) fn type_ident(name: &str) -> Ident {
    let short = short(name);
    let namespace = name.strip_suffix(short).unwrap_or("").trim_end_matches('.');
    let prefix = match namespace {
        "microsoft.graph" | "" => String::new(),
        other => upper_first(other.rsplit('.').next().unwrap_or(other)),
    };
    rust_ident(&format!("{prefix}{}", upper_first(short)))
}

/// `remote_Control_Software` → `RemoteControlSoftware`: a variant's name.
pub(super) fn upper_camel(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = true;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(if upper { c.to_ascii_uppercase() } else { c });
            upper = false;
        } else {
            upper = true;
        }
    }
    out
}

/// A Rust identifier for any name: keywords raw, `self` and kin with `_`.
pub(super) fn rust_ident(name: &str) -> Ident {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let cleaned = if cleaned.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{cleaned}")
    } else {
        cleaned
    };
    match cleaned.as_str() {
        "self" | "Self" | "super" | "crate" | "_" => format_ident!("{}_", cleaned),
        s if syn::parse_str::<Ident>(s).is_err() => Ident::new_raw(s, Span::call_site()),
        s => Ident::new(s, Span::call_site()),
    }
}

pub(super) fn docs(description: Option<&str>, fallback: String) -> TokenStream {
    let text = description.map_or(fallback, |d| markdown_text(d.trim()));
    let lines = text.lines().map(|l| format!(" {}", l.trim_end()));
    quote!(#(#[doc = #lines])*)
}

/// A description as rustdoc shows it as written: brackets and angle
/// brackets escaped, which Markdown would read as links and HTML tags
/// (`[0]`, `<server>:<port>`).
fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '[' | ']' | '<' | '>') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `/users/{userId}/ownedDevices` → `UsersOwnedDevicesPath`.
fn path_ident(path: &str) -> String {
    let mut out: String = path
        .split('/')
        .filter(|s| !s.is_empty() && !s.starts_with('{'))
        .map(upper_camel)
        .collect();
    out.push_str("Path");
    out
}

/// The name of a further path type for `path`, named after it and apart
/// from every name in `used` (`UsersOwnedDevicesPath`, then
/// `UsersOwnedDevices2Path`), and taken.
pub(super) fn unique_path_ident(used: &mut BTreeSet<String>, path: &str) -> Ident {
    let stem = path_ident(path);
    let (mut name, mut n) = (stem.clone(), 1);
    while !used.insert(name.clone()) {
        n += 1;
        name = format!("{}{n}Path", stem.trim_end_matches("Path"));
    }
    format_ident!("{}", name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::{camel_case, snake_case};

    #[test]
    fn names_round_trip_through_the_attributes_case_conversion() {
        for wire in [
            "displayName",
            "id",
            "macOSRestriction",
            "iosRestriction",
            "userPrincipalName",
            "isMFARegistered",
        ] {
            let s = snake_case(wire);
            assert!(
                s.chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_' || c.is_ascii_digit()),
                "{s}"
            );
            if camel_case(&s) != wire {
                // Such a field is renamed; the snake name is still readable.
                assert!(
                    wire.chars().filter(char::is_ascii_uppercase).count() > 1,
                    "{wire} → {s}"
                );
            }
        }
        assert_eq!(snake_case("macOSRestriction"), "mac_os_restriction");
        assert_eq!(rust_ident("type").to_string(), "r#type");
        assert_eq!(rust_ident("self").to_string(), "self_");
        assert_eq!(
            type_ident("microsoft.graph.embeddedSIMActivationCode").to_string(),
            "EmbeddedSIMActivationCode"
        );
    }
}
