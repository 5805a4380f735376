//! Microsoft Graph models for `graph-resource`, ready to use.
//!
//! [`v1`] holds every type of Graph v1.0, generated from its published
//! schema, compiled by area: turn on the cargo feature of each root of the
//! URL space a program calls, and only the types those areas hold are
//! built.
//!
//! ```toml
//! graph-resource-models = { version = "0.1", features = ["users", "groups", "device-management"] }
//! ```
//!
//! [`beta`] holds the seed's family on Graph beta, generated from an
//! excerpt of its schema: `enrollmentConfigurationAssignment` (its path type
//! the seed page's, `/users/{usersId}/deviceEnrollmentConfigurations/{deviceEnrollmentConfigurationId}/assignments`),
//! its parent collection `deviceEnrollmentConfiguration` with its derived
//! types and its `assign` action, and the assignments' targets and sources.
//! The crate's root re-exports them.
//!
//! Derived OData types carry their base type's properties by flattening a
//! struct of the base's properties into a field named `base`
//! (`#[graph(flatten)]`): Rust has no inheritance, and one struct per base
//! keeps the property list in one place.
//!
//! `v1`'s types are compiled in crates of their own, each naming only the
//! ones before it, so that no one rustc process holds all of v1.0. A
//! navigation property names a stand-in for its type
//! (`Expanded<v1::nav::AnyDirectoryObject>`), and
//! [`Expanded::decode`](graph_resource::Expanded::decode) reads the type it
//! stands for.

// Generated from a beta excerpt, and compared byte for byte with the
// generator's output.
#[rustfmt::skip]
pub mod beta;

// The seed's beta family, whatever the generator makes of it.
pub use beta::*;
// Generated with prettyplease, and compared byte for byte with the
// generator's output: rustfmt leaves it as written.
#[rustfmt::skip]
pub mod v1;
