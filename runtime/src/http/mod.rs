//! The middle layer: the client and the one pipeline every request goes
//! through (an attempt, its outcome, the retry rules), the transport, auth
//! and pacing, and the errors. It builds on `odata` and knows nothing of
//! the operations above it.
//!
//! Its everyday names are at the crate's root (`Client`, `ClientBuilder`,
//! `Error`, `StaticToken`, `ClientCredentials`, `Cloud`, `ApiVersion`,
//! `RetryPolicy`); this module holds the rest: token providers, pacing, and
//! the parts of an error.

pub(crate) mod auth;
pub(crate) mod body;
pub(crate) mod call;
pub(crate) mod client;
pub(crate) mod cloud;
pub(crate) mod error;
pub(crate) mod headers;
pub(crate) mod pace;
pub(crate) mod pipeline;
pub(crate) mod random;
pub(crate) mod retry;
pub(crate) mod sync;
pub(crate) mod transport;

pub use auth::{AccessToken, ClientSettings, TokenProvider};
pub use client::{DEFAULT_MAX_RESPONSE_SIZE, GRAPH_BETA};
pub use error::{
    ApiError, AuthError, ConfigError, DecodeError, FileError, InnerError, InvalidRequest, ItemError,
    OutcomeUnknown, PollEnd, PollError, ProtocolError, ProtocolKind, RequestPart, Setting, TransportError,
    UploadError,
};
#[cfg(feature = "redis")]
pub use pace::RedisLimiter;
pub use pace::{Cost, Feedback, Pacer, RateLimit, RateLimiter};

/// A boxed future that can be sent between threads: what token providers
/// and rate limiters return, and what the operations' builders await.
pub type BoxFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;
