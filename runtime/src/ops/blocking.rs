//! A client for scripts and build tools: the same operations, waited for
//! on a runtime of the client's own (feature `blocking`).
//!
//! [`Client`] dereferences to the async [`crate::http::client::Client`], so every
//! operation is written as with the async client, and
//! [`block_on`](Client::block_on) waits for it instead of `.await`:
//!
//! ```no_run
//! use graph_resource::StaticToken;
//! use graph_resource::blocking::Client;
//! use graph_resource_models::{
//!     DeviceAndAppManagementAssignmentSource, EnrollmentConfigurationAssignment,
//!     EnrollmentConfigurationAssignmentPath,
//! };
//!
//! # fn run() -> Result<(), graph_resource::Error> {
//! let client = Client::new(StaticToken::new(std::env::var("GRAPH_TOKEN").unwrap_or_default()))?;
//! let path = EnrollmentConfigurationAssignmentPath {
//!     users_id: "adele@contoso.com",
//!     device_enrollment_configuration_id: "config-id",
//! };
//! let assignment = EnrollmentConfigurationAssignment {
//!     source: Some(DeviceAndAppManagementAssignmentSource::Direct),
//!     ..Default::default()
//! };
//! let created = client.block_on(assignment.create(&client, path))?;
//! let all = client.block_on(EnrollmentConfigurationAssignment::list(&client, path).top(50).all())?;
//! println!("created {:?}; {} in all", created.id, all.len());
//! # Ok(()) }
//! ```
//!
//! Waiting blocks the calling thread. Inside an async runtime that would
//! stall the runtime (or, with tokio, panic), so [`block_on`](Client::block_on)
//! refuses with [`Error::Config`] there: use the async client and `.await`.

use std::future::IntoFuture;
use std::ops::Deref;
use std::sync::Arc;

use crate::http::auth::TokenProvider;
use crate::http::client::ClientBuilder;
use crate::http::error::Error;
use crate::http::error::Setting;

/// A client whose operations are waited for; see the [module](self).
///
/// Cloning is cheap: clones share the connection pool, the rate limiter
/// and the runtime.
#[derive(Clone, Debug)]
pub struct Client {
    client: crate::http::client::Client,
    runtime: Arc<Runtime>,
}

impl Client {
    /// A client for Graph beta with these tokens, as [`crate::http::client::Client::new`].
    pub fn new(tokens: impl TokenProvider) -> Result<Self, Error> {
        Self::from_async(crate::http::client::Client::new(tokens))
    }

    /// A client built with every setting of the async client's builder:
    /// `blocking::Client::build(Client::builder().base_url(..).token(..))`.
    pub fn build(builder: ClientBuilder) -> Result<Self, Error> {
        Self::from_async(builder.build()?)
    }

    /// Waits for the operations of an async client, which is then shared:
    /// its rate limiter and token cache serve both.
    pub fn from_async(client: crate::http::client::Client) -> Result<Self, Error> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| {
                Error::config(
                    Setting::Runtime,
                    format!("cannot start the blocking client's runtime: {e}"),
                )
            })?;
        Ok(Client {
            client,
            runtime: Arc::new(Runtime(Some(runtime))),
        })
    }

    /// The async client.
    pub fn as_async(&self) -> &crate::http::client::Client {
        &self.client
    }

    /// Runs an operation to its end on this thread and gives its result:
    /// a future or a builder of this crate (`create`, `get`, `update`,
    /// `delete`, `list(..).all()`, `call`, `batch`, `request(..).send()`).
    ///
    /// Inside an async runtime it refuses with [`Error::Config`] rather
    /// than block the runtime's thread.
    pub fn block_on<F, T>(&self, operation: F) -> Result<T, Error>
    where
        F: IntoFuture<Output = Result<T, Error>>,
    {
        if tokio::runtime::Handle::try_current().is_ok() {
            return Err(Error::config(
                Setting::Runtime,
                "a blocking::Client waited inside an async runtime, which would block it: \
                 there, use the async client (`client.as_async()`) and `.await`",
            ));
        }
        let runtime = self
            .runtime
            .0
            .as_ref()
            .expect("the runtime lives as long as the client");
        runtime.block_on(operation.into_future())
    }
}

impl Deref for Client {
    type Target = crate::http::client::Client;

    fn deref(&self) -> &crate::http::client::Client {
        &self.client
    }
}

/// The runtime, shut down without waiting when the last clone goes, so
/// that dropping a client is fine anywhere, also inside another runtime.
#[derive(Debug)]
struct Runtime(Option<tokio::runtime::Runtime>);

impl Drop for Runtime {
    fn drop(&mut self) {
        if let Some(runtime) = self.0.take() {
            runtime.shutdown_background();
        }
    }
}
