//! The middle layer: the client and the one pipeline every request goes
//! through (an attempt, its outcome, the retry rules), the transport, auth
//! and pacing, and the errors. It builds on `odata` and knows nothing of
//! the operations above it.

pub(crate) mod auth;
pub(crate) mod client;
pub(crate) mod cloud;
pub(crate) mod error;
pub(crate) mod headers;
pub(crate) mod pace;
pub(crate) mod pipeline;
pub(crate) mod retry;
pub(crate) mod sync;
pub(crate) mod transport;

/// A boxed future that can be sent between threads: what token providers
/// and rate limiters return, and what the operations' builders await.
pub type BoxFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;
