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
//! use graph_resource::models::{DeviceAndAppManagementAssignmentSource, GroupAssignmentTarget};
//!
//! #[graph_resource(path = "/users/{usersId}/deviceEnrollmentConfigurations/{deviceEnrollmentConfigurationId}/assignments")]
//! #[derive(Debug, Clone, PartialEq, Default)]
//! pub struct EnrollmentConfigurationAssignment {
//!     pub id: Option<String>,
//!     pub source: Option<DeviceAndAppManagementAssignmentSource>,
//!     pub source_id: Option<String>,
//!     pub target: Option<graph_resource::models::DeviceAndAppManagementAssignmentTarget>,
//! }
//!
//! # async fn run() -> Result<(), graph_resource::Error> {
//! let client = Client::new(StaticToken::new(std::env::var("GRAPH_TOKEN").unwrap_or_default()));
//! let created = EnrollmentConfigurationAssignment {
//!     source: Some(DeviceAndAppManagementAssignmentSource::Direct),
//!     target: Some(GroupAssignmentTarget { group_id: Some("group-id".into()), ..Default::default() }.into()),
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
//! behaves in production.

// Generated code names this crate `::graph_resource`, also inside it.
extern crate self as graph_resource;

mod auth;
mod batch;
mod client;
mod cloud;
mod error;
mod list;
pub mod models;
mod object;
mod path;
mod resource;
mod retry;

#[cfg(feature = "emulator")]
pub mod emulator;

pub use auth::{AccessToken, BoxFuture, ClientCredentials, StaticToken, TokenProvider};
pub use batch::{Batch, BatchProgress, MAX_BATCH_SIZE};
pub use client::{Client, ClientBuilder, GRAPH_BETA};
pub use cloud::{ApiVersion, Cloud};
pub use error::{ApiError, AuthError, DecodeError, Error, InnerError, TransportError};
pub use graph_resource_macros::{graph_path, graph_resource};
pub use list::{List, Query, odata_string};
pub use object::Extra;
pub use path::{InvalidPathValue, Template};
pub use resource::{GraphResource, ItemPath, ODataType, ResourcePath, Update};
pub use retry::RetryPolicy;

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
    pub use crate::object::{
        Extra, FirstKey, Key, Object, deserialize_object, finish_object, first_key, from_object, is_type,
        property, read_object, required, rest_of_object, same_odata_type, serialize_object, type_name_is,
        unknown_type, unknown_type_name,
    };
    pub use crate::path::{ParamKind, Part, Template, render};
    pub use crate::resource::{create, delete, get, list};
    pub use serde;
}
