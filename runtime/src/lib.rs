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

pub(crate) mod auth;
mod batch;
mod builders;
mod calls;
mod client;
mod cloud;
mod delta;
pub mod edm;
mod error;
mod expanded;
mod hints;
mod list;
mod literal;
pub mod models;
mod object;
mod operations;
mod options;
mod pace;
mod pages;
mod path;
mod pipeline;
mod raw;
mod resource;
mod retry;
mod returned;
mod sync;
mod transport;

#[cfg(feature = "emulator")]
pub mod emulator;

#[cfg(feature = "azure-identity")]
pub use auth::azure;

#[cfg(feature = "blocking")]
pub mod blocking;

pub use auth::{AccessToken, BoxFuture, ClientCredentials, ClientSettings, StaticToken, TokenProvider};
pub use batch::{Batch, BatchProgress, BatchResults, MAX_BATCH_SIZE};
pub use client::{Client, ClientBuilder, DEFAULT_MAX_RESPONSE_SIZE, GRAPH_BETA};
pub use cloud::{ApiVersion, Cloud};
pub use error::{
    ApiError, AuthError, DecodeError, Error, InnerError, ItemError, OutcomeUnknown, TransportError,
};
pub use expanded::Expanded;
#[doc = include_str!("../ATTRIBUTE.md")]
#[doc(inline)]
pub use graph_resource_macros::graph_resource;

pub use builders::{Get, Update};
pub use calls::{Callable, Invoke};
pub use delta::{Change, Delta, Removed, RemovedReason};
/// Declares another path to a resource's collection, for the operations of
/// that resource:
///
/// ```
/// use graph_resource::models::EnrollmentConfigurationAssignment;
/// use graph_resource::ResourcePath;
///
/// graph_resource::graph_path! {
///     /// The assignments of a configuration, through `deviceManagement`.
///     pub struct ConfigAssignmentsPath for EnrollmentConfigurationAssignment =
///         "/deviceManagement/deviceEnrollmentConfigurations/{configId}/assignments";
/// }
///
/// let path = ConfigAssignmentsPath { config_id: "c1" };
/// assert_eq!(path.item("a1").render()?, "/deviceManagement/deviceEnrollmentConfigurations/c1/assignments/a1");
/// # Ok::<(), graph_resource::Error>(())
/// ```
#[doc(inline)]
pub use graph_resource_macros::graph_path;
pub use list::List;
pub use literal::ODataLiteral;
pub use object::{Extra, ODataType};
pub use options::{Names, Query, odata_string};
#[cfg(feature = "redis")]
pub use pace::RedisLimiter;
pub use pace::{Cost, Feedback, Pacer, RateLimit, RateLimiter};
pub use path::{InvalidPathValue, Template};
pub use raw::Request;
pub use reqwest::Method;
pub use resource::{GraphResource, ItemPath, ObjectPath, PropertyNames, ResourcePath};
pub use retry::RetryPolicy;
pub use returned::Returned;

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
    pub use crate::edm::Nullable;
    pub use crate::object::{
        Buffered, Extra, FieldType, FirstKey, KeepsObject, Key, NotStdDuration, Object, Variant,
        deserialize_object, finish_object, first_key, from_object, is_default, is_type, kept_object,
        property, property_with, repeated_type, required, rest_of_object, serialize_object, type_name_is,
        unknown_type, unknown_type_name,
    };
    pub use crate::path::{ParamKind, Part, Template};

    /// Renders a path template with its values, for the generated
    /// `ResourcePath::render`.
    pub fn render(template: &Template, values: &[&str]) -> Result<String, crate::Error> {
        crate::path::render(template, values).map_err(crate::Error::from)
    }
    pub use crate::literal::{FunctionArgs, enum_literal};
    pub use crate::operations::{create, delete, list, list_of};
    pub use serde;
}
