//! Where bearer tokens come from.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use crate::Error;

/// A boxed future, as token providers return.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A bearer token. Its `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken(Arc<str>);

impl AccessToken {
    /// Wraps a token.
    pub fn new(token: impl Into<String>) -> Self {
        AccessToken(Arc::from(token.into()))
    }

    /// The token itself, for the `Authorization` header.
    pub fn secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken(<redacted>)")
    }
}

/// Gives the client a bearer token for each request.
///
/// Implement it to plug in any source of tokens; `StaticToken` and
/// `ClientCredentials` are provided.
pub trait TokenProvider: Send + Sync + 'static {
    /// A token valid for at least the next request.
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, Error>>;

    /// Graph rejected `rejected` with 401 Unauthorized: give a new token to
    /// send the request once more, or `None` if there is none to be had.
    fn refresh(&self, rejected: &AccessToken) -> BoxFuture<'_, Result<Option<AccessToken>, Error>> {
        let _ = rejected;
        Box::pin(async { Ok(None) })
    }
}

/// A token that never changes: one from the environment, or a test's.
///
/// ```
/// use graph_resource::{Client, StaticToken};
/// let client = Client::new(StaticToken::new("eyJ0eXAi..."));
/// assert!(!format!("{client:?}").contains("eyJ0eXAi"));
/// ```
#[derive(Clone)]
pub struct StaticToken(AccessToken);

impl StaticToken {
    /// Wraps a token.
    pub fn new(token: impl Into<String>) -> Self {
        StaticToken(AccessToken::new(token))
    }
}

impl fmt::Debug for StaticToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("StaticToken(<redacted>)")
    }
}

impl TokenProvider for StaticToken {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, Error>> {
        let token = self.0.clone();
        Box::pin(async move { Ok(token) })
    }
}
