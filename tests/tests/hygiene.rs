//! The generated code compiles with the prelude's names shadowed and every
//! warning denied, as it must in any user's crate.

#![deny(warnings, missing_docs, unreachable_pub)]
#![allow(dead_code, non_camel_case_types)]

pub mod shadowed {
    //! A module where the prelude's names mean something else.

    /// Shadows `Result`.
    pub struct Result;
    /// Shadows `Option`.
    pub struct Option;
    /// Shadows `Some`.
    pub struct Some;
    /// Shadows `None`.
    pub struct None;
    /// Shadows `Ok`.
    pub struct Ok;
    /// Shadows `Err`.
    pub struct Err;
    /// Shadows `Box`.
    pub struct Box;
    /// Shadows `String`.
    pub struct String;
    /// Shadows `Vec`.
    pub struct Vec;
    /// Shadows `Default`.
    pub struct Default;
    /// Shadows `From`.
    pub struct From;
    /// Shadows `Into`.
    pub struct Into;
    /// Shadows `Clone`.
    pub struct Clone;
    /// Shadows `Copy`.
    pub struct Copy;
    /// Shadows `Send`.
    pub struct Send;
    /// Shadows `Sync`.
    pub struct Sync;
    /// Shadows `Fn`.
    pub struct Fn;
    /// Shadows `AsRef`.
    pub struct AsRef;
    /// Shadows `Future`.
    pub struct Future;
    /// Shadows `bool`.
    pub struct bool;
    /// Shadows `str`.
    pub struct str;
    /// Shadows `core`.
    pub mod core {}
    /// Shadows `std`.
    pub mod std {}
    /// Shadows `serde`.
    pub mod serde {}
}

pub mod resources {
    //! Resources declared under the shadowed names.

    #[allow(unused_imports)]
    use super::shadowed::*;

    /// Shapes a count as text, for `with`.
    pub mod as_text {
        /// Writes the count as a string.
        pub fn serialize<S: ::serde::Serializer>(
            value: &u32,
            s: S,
        ) -> ::std::result::Result<S::Ok, S::Error> {
            s.collect_str(value)
        }

        /// Reads the count from a string.
        pub fn deserialize<'de, D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<u32, D::Error> {
            let text: ::std::string::String = ::serde::Deserialize::deserialize(d)?;
            text.parse().map_err(::serde::de::Error::custom)
        }
    }

    /// Every kind of field: default, read-only, skipped, shaped, nullable.
    #[graph_resource::graph_resource]
    #[derive(Debug)]
    pub struct Fields {
        /// Absent reads as zero.
        #[graph(default)]
        pub phones: ::std::vec::Vec<::std::string::String>,
        /// Read, never written.
        #[graph(read_only)]
        pub created: ::std::option::Option<graph_resource::edm::DateTimeOffset>,
        /// Only in Rust.
        #[graph(skip)]
        pub local: u8,
        /// Shaped by a module.
        #[graph(with = "as_text")]
        pub count: u32,
        /// Absent, null or a value.
        pub office: graph_resource::edm::Nullable<::std::string::String>,
    }

    /// A resource with a path.
    #[graph_resource::graph_resource(path = "/users/{user-id}/items(key='{key}')/{type}/children")]
    #[derive(Debug)]
    pub struct Item {
        /// Its id.
        pub id: ::std::option::Option<::std::string::String>,
        /// A count, left out when zero.
        #[graph(default)]
        pub count: u32,
        /// A base, flattened.
        #[graph(flatten)]
        pub base: Base,
        /// The rest.
        #[graph(extra)]
        pub extra: graph_resource::Properties,
    }

    /// A base type.
    #[graph_resource::graph_resource]
    #[derive(Debug, ::core::default::Default)]
    pub struct Base {
        /// Its filter.
        pub filter: ::std::option::Option<Kind>,
    }

    /// A string enum.
    #[graph_resource::graph_resource]
    #[derive(Debug)]
    pub enum Kind {
        /// One.
        One,
        /// Two.
        #[graph(rename = "zwei")]
        Two,
        /// Unknown.
        #[graph(other)]
        Other(::std::string::String),
    }

    /// A closed string enum.
    #[graph_resource::graph_resource]
    #[derive(Debug)]
    pub enum Closed {
        /// A.
        A,
    }

    /// A polymorphic type.
    #[graph_resource::graph_resource]
    #[derive(Debug)]
    pub enum Poly {
        /// Base.
        Base(Base),
        /// Unknown.
        #[graph(other)]
        Other(graph_resource::Properties),
    }

    graph_resource::graph_path! {
        /// A second path.
        pub struct SecondPath for Item = "/me/items";
    }

    /// An action with a return value.
    #[graph_resource::graph_resource(action = "/items/{id}/assign", returns = ::std::vec::Vec<Base>)]
    #[derive(Debug)]
    pub struct Assign {
        /// Its parameter.
        pub bases: ::std::vec::Vec<Base>,
    }

    /// An action without parameters or answer.
    #[graph_resource::graph_resource(action = "/items/{id}/sync")]
    #[derive(Debug)]
    pub struct Sync {}

    /// A function.
    #[graph_resource::graph_resource(function = "/items/{id}/lookup", returns = ::std::string::String)]
    #[derive(Debug)]
    pub struct Lookup {
        /// A string parameter.
        pub name: ::std::string::String,
        /// An enum parameter.
        pub kind: ::std::option::Option<Kind>,
    }

    /// A singleton.
    #[graph_resource::graph_resource(path = "/me", singleton)]
    #[derive(Debug)]
    pub struct Me {
        /// Its id.
        pub id: ::std::option::Option<::std::string::String>,
    }
}

#[test]
fn expands_under_shadowed_names() {
    let path = resources::ItemPath {
        user_id: "u",
        key: "k",
        r#type: "t",
    };
    assert_eq!(
        graph_resource::ResourcePath::render(&path).unwrap(),
        "/users/u/items(key='k')/t/children"
    );
    assert_eq!(
        graph_resource::ResourcePath::render(&resources::SecondPath).unwrap(),
        "/me/items"
    );
    let item: resources::ItemItemPath<'_> = graph_resource::ResourcePath::item(path, "i/1");
    assert_eq!(item.render().unwrap(), "/users/u/items(key='k')/t/children/i%2F1");
    let poly: resources::Poly =
        serde_json::from_str(r#"{"@odata.type":"microsoft.graph.base","filter":"zwei"}"#).unwrap();
    assert!(matches!(
        poly,
        resources::Poly::Base(resources::Base {
            filter: Some(resources::Kind::Two)
        })
    ));
}
