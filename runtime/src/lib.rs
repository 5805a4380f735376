//! Typed Microsoft Graph resources from plain Rust structs.
//!
//! Put `#[graph_resource(path = "...")]` on a struct and get, at compile
//! time, JSON (de)serialization that speaks OData, a typed path for the URL
//! template with every value percent-encoded, and async operations that run
//! on this crate's small runtime: auth, retries under throttling, and Graph
//! error bodies parsed into useful errors.
//!
//! ```no_run
//! use graph_resource::{graph_resource, Client, StaticToken};
//! use graph_resource_models::{DeviceAndAppManagementAssignmentSource, GroupAssignmentTarget};
//!
//! #[graph_resource(path = "/users/{usersId}/deviceEnrollmentConfigurations/{deviceEnrollmentConfigurationId}/assignments")]
//! #[derive(Debug, Clone, PartialEq, Default)]
//! pub struct EnrollmentConfigurationAssignment {
//!     pub id: Option<String>,
//!     pub source: Option<DeviceAndAppManagementAssignmentSource>,
//!     pub source_id: Option<String>,
//!     pub target: Option<graph_resource_models::DeviceAndAppManagementAssignmentTarget>,
//! }
//!
//! # async fn run() -> Result<(), graph_resource::Error> {
//! let client = Client::new(StaticToken::new(std::env::var("GRAPH_TOKEN").unwrap_or_default()));
//! let created = EnrollmentConfigurationAssignment {
//!     source: Some(DeviceAndAppManagementAssignmentSource::Direct),
//!     target: Some(GroupAssignmentTarget { group_id: Some("g1".into()), ..Default::default() }.into()),
//!     ..Default::default()
//! }
//! .create(&client, EnrollmentConfigurationAssignmentPath {
//!     users_id: "user@contoso.com",
//!     device_enrollment_configuration_id: "config-id",
//! })
//! .await?;
//! println!("created {:?}", created.id);
//! # Ok(()) }
//! ```
//!
//! See the README for what the attribute generates and how the runtime
//! behaves in production, and its "Cargo features" for what each feature
//! adds (docs.rs marks each item a feature brings).
#![cfg_attr(docsrs, feature(doc_cfg))]

// Three layers, each importing only from itself and the layers below, and
// each module from the module that defines a name, never through this root:
// `odata` (what generated code implements), `http` (the client and its one
// pipeline), `ops` (what users call). `tests/tests/it/house.rs` checks the order.
pub mod http;
pub mod odata;
pub mod ops;

pub use odata::edm;

#[cfg(feature = "emulator")]
pub mod emulator;

#[cfg(feature = "azure-identity")]
pub use http::auth::azure;

#[cfg(feature = "blocking")]
pub use ops::blocking;

#[doc = include_str!("../ATTRIBUTE.md")]
#[doc(inline)]
pub use graph_resource_macros::graph_resource;
// The everyday names; the rest is in the layers' modules below.
#[cfg(feature = "client-credentials")]
pub use http::auth::ClientCredentials;
pub use http::auth::StaticToken;
pub use http::client::{Client, ClientBuilder};
pub use http::cloud::{ApiVersion, Cloud};
pub use http::error::Error;
pub use http::retry::RetryPolicy;
pub use odata::expanded::Expanded;
pub use odata::query::Query;
pub use odata::resource::{ObjectPath, ResourcePath};
pub use reqwest::Method;

/// Declares another path to a resource's collection, for the operations of
/// that resource:
///
/// ```
/// use graph_resource_models::EnrollmentConfigurationAssignment;
/// use graph_resource::ResourcePath;
///
/// graph_resource::graph_path! {
///     /// The assignments of a configuration, through `deviceManagement`.
///     pub struct ConfigAssignmentsPath for EnrollmentConfigurationAssignment =
///         "/deviceManagement/deviceEnrollmentConfigurations/{configId}/assignments";
/// }
///
/// let path = ConfigAssignmentsPath { config_id: "c1" };
/// assert_eq!(
///     path.item("a1").render()?,
///     "/deviceManagement/deviceEnrollmentConfigurations/c1/assignments/a1"
/// );
/// # Ok::<(), graph_resource::Error>(())
/// ```
#[doc(inline)]
pub use graph_resource_macros::graph_path;

/// The type of a `#[graph(extra)]` field: the properties no other field
/// names, kept as JSON so that a read-modify-write loses nothing.
pub type Properties = serde_json::Map<String, serde_json::Value>;

/// The README's examples, compiled as doctests so that they stay true.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;

/// What generated code calls. Not public API: it changes without notice.
#[doc(hidden)]
pub mod __private {
    pub use crate::http::client::Client;
    pub use crate::http::error::Error;
    pub use crate::odata::edm;
    pub use crate::odata::edm::Nullable;
    pub use crate::odata::literal::ODataLiteral;
    pub use crate::odata::object::ODataType;
    pub use crate::odata::object::{
        Buffered, Extra, FieldType, FirstKey, KeepsObject, Key, NotStdDuration, Object, Variant,
        deserialize_object, finish_object, first_key, from_object, is_default, is_type, kept_object,
        property, property_with, repeated_type, required, rest_of_object, serialize_object, type_name_is,
        unknown_type, unknown_type_name,
    };
    pub use crate::odata::path::InvalidPathValue;
    pub use crate::odata::path::{ParamKind, Part, Template};
    pub use crate::odata::resource::{GraphResource, ItemPath, ObjectPath, PropertyNames, ResourcePath};
    pub use crate::ops::builders::{Get, Update};
    pub use crate::ops::calls::{Callable, Invoke};
    pub use crate::ops::list::List;

    pub use crate::odata::literal::{FunctionArgs, enum_literal};
    pub use crate::odata::path::render;
    pub use crate::ops::operations::{Create, Delete, list, list_of};
    pub use serde;
}
