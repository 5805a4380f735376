//! A client for scripts and build tools: the same operations, waited for
//! on a runtime of the client's own (feature `blocking`).
//!
//! [`run`](Client::run) hands a closure the async client (the one this
//! client wraps), so every operation is written as with the async client,
//! and waits for what the closure returns instead of `.await`:
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
//! let created = client.run(|graph| assignment.create(graph, path))?;
//! let all = client.run(|graph| EnrollmentConfigurationAssignment::list(graph, path).top(50).all())?;
//! println!("created {:?}; {} in all", created.id(), all.len());
//! # Ok(()) }
//! ```
//!
//! What the closure returns borrows from outside it (`assignment` above),
//! not from a temporary made inside it; for a one-off value,
//! [`block_on`](Client::block_on) takes the operation made with
//! [`as_async`](Client::as_async):
//! `client.block_on(Assignment::default().create(client.as_async(), path))`.
//!
//! Waiting blocks the calling thread. Inside an async runtime that would
//! stall the runtime (or, with tokio, panic), so [`run`](Client::run) and
//! [`block_on`](Client::block_on) refuse with [`Error::Config`] there: use
//! the async client and `.await`.

use std::future::IntoFuture;
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

    /// Runs the operation that `operation` makes with the async client, to
    /// its end on this thread, and gives its result: `client.run(|graph|
    /// assignment.create(graph, path))`.
    ///
    /// Inside an async runtime it refuses with [`Error::Config`] rather
    /// than block the runtime's thread.
    pub fn run<'c, F, O, T>(&'c self, operation: F) -> Result<T, Error>
    where
        F: FnOnce(&'c crate::http::client::Client) -> O,
        O: IntoFuture<Output = Result<T, Error>>,
    {
        self.block_on(operation(&self.client))
    }

    /// Runs an operation to its end on this thread and gives its result:
    /// a future or a builder of this crate (`create`, `get`, `update`,
    /// `delete`, `list(..).all()`, `call`, `batch`, `request(..).send()`)
    /// made with the async client, [`as_async`](Client::as_async).
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
