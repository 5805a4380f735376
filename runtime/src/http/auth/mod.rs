//! Where bearer tokens come from.

#[cfg(feature = "azure-identity")]
pub mod azure;
#[cfg(any(feature = "client-credentials", feature = "azure-identity"))]
mod cache;
#[cfg(feature = "client-credentials")]
mod certificate;
#[cfg(feature = "client-credentials")]
mod client_credentials;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

#[cfg(feature = "client-credentials")]
pub use client_credentials::ClientCredentials;

use crate::http::BoxFuture;
use crate::http::error::Error;
use crate::http::retry::RetryPolicy;

/// A bearer token. Its `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken(Arc<str>);

impl AccessToken {
    /// Wraps a token. A `Bearer ` prefix, as copied from a request, and
    /// surrounding whitespace are dropped.
    pub fn new(token: impl Into<String>) -> Self {
        let token = token.into();
        let trimmed = token.trim();
        let bare = trimmed
            .strip_prefix("Bearer ")
            .or_else(|| trimmed.strip_prefix("bearer "))
            .unwrap_or(trimmed)
            .trim();
        AccessToken(Arc::from(bare))
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
/// Implement it to plug in any source of tokens; `StaticToken`,
/// `ClientCredentials` and (feature `azure-identity`) `azure::AzureIdentity`
/// are provided. A provider that reads a token another process renews,
/// e.g. a file written by a sidecar, and reads it again when Graph refuses
/// the one it gave:
///
/// ```no_run
/// use graph_resource::{Client, Error};
/// use graph_resource::http::{AccessToken, BoxFuture, ClientSettings, TokenProvider};
///
/// struct TokenFile(std::path::PathBuf);
///
/// impl TokenFile {
///     async fn read(&self) -> Result<AccessToken, Error> {
///         let text = std::fs::read_to_string(&self.0).map_err(|e| {
///             // The message names the file; the token never goes in an error.
///             let why = format!("cannot read {}: {e}", self.0.display());
///             Error::from(graph_resource::http::AuthError::new(why))
///         })?;
///         Ok(AccessToken::new(text))
///     }
/// }
///
/// impl TokenProvider for TokenFile {
///     fn token(&self, _client: &ClientSettings) -> BoxFuture<'_, Result<AccessToken, Error>> {
///         Box::pin(self.read())
///     }
///
///     fn refresh(
///         &self,
///         rejected: &AccessToken,
///         _client: &ClientSettings,
///     ) -> BoxFuture<'_, Result<Option<AccessToken>, Error>> {
///         let rejected = rejected.clone();
///         // A new token if the file has one by now; else the 401 stands.
///         Box::pin(async move { Ok(Some(self.read().await?).filter(|t| *t != rejected)) })
///     }
/// }
///
/// let client = Client::new(TokenFile("/var/run/secrets/graph-token".into()));
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a token provider: a client takes its tokens from a `TokenProvider`",
    label = "not a `TokenProvider`",
    note = "a token one has is `graph_resource::StaticToken::new(token)`; an app's secret or certificate is \
            `graph_resource::ClientCredentials`; anything else implements \
            `graph_resource::http::TokenProvider`",
    note = "a `blocking::Client` of an async `Client` is `blocking::Client::from_async(client)`, and of a \
            `ClientBuilder` `blocking::Client::build(builder)`"
)]
pub trait TokenProvider: Send + Sync + 'static {
    /// A token valid for at least the next request. `client` holds the
    /// settings of the client asking, on every call: a provider that
    /// requests tokens over HTTP uses its timeouts, retry policy and HTTP
    /// stack (its proxy included) where it was not given its own.
    fn token(&self, client: &ClientSettings) -> BoxFuture<'_, Result<AccessToken, Error>>;

    /// Graph rejected `rejected` with 401 Unauthorized: give a new token to
    /// send the request once more, or `None` if there is none to be had.
    fn refresh(
        &self,
        rejected: &AccessToken,
        client: &ClientSettings,
    ) -> BoxFuture<'_, Result<Option<AccessToken>, Error>> {
        let _ = (rejected, client);
        Box::pin(async { Ok(None) })
    }

    /// The budget the client's requests count against: one tenant and app,
    /// e.g. `"contoso.onmicrosoft.com/11111111-…"`, for its rate limiter.
    /// `None` (the default) leaves it to
    /// [`ClientBuilder::budget_key`](crate::http::client::ClientBuilder::budget_key), or `"default"`.
    fn budget_key(&self) -> Option<String> {
        None
    }
}

/// One provider, and its token cache, for several clients: each asks with
/// its own settings.
impl<T: TokenProvider + ?Sized> TokenProvider for Arc<T> {
    fn token(&self, client: &ClientSettings) -> BoxFuture<'_, Result<AccessToken, Error>> {
        (**self).token(client)
    }

    fn refresh(
        &self,
        rejected: &AccessToken,
        client: &ClientSettings,
    ) -> BoxFuture<'_, Result<Option<AccessToken>, Error>> {
        (**self).refresh(rejected, client)
    }

    fn budget_key(&self) -> Option<String> {
        (**self).budget_key()
    }
}

/// The settings of the client that asks its token provider for a token,
/// given with every call: a provider shared by several clients serves each
/// with its own.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ClientSettings {
    /// The longest wait for a connection.
    pub connect_timeout: Duration,
    /// The longest one attempt may take.
    pub timeout: Duration,
    /// How failures that may pass are retried.
    pub retry: RetryPolicy,
    /// The client's HTTP stack (its connection pool, TLS and proxy).
    #[cfg_attr(
        not(feature = "client-credentials"),
        allow(dead_code, reason = "read by ClientCredentials")
    )]
    pub(crate) http: Option<reqwest::Client>,
}

impl ClientSettings {
    /// Settings with these values and an HTTP stack of the provider's own:
    /// for calling a provider outside a client, as a test may.
    pub fn new(connect_timeout: Duration, timeout: Duration, retry: RetryPolicy) -> Self {
        ClientSettings {
            connect_timeout,
            timeout,
            retry,
            http: None,
        }
    }
}

impl Default for ClientSettings {
    /// A client's defaults: 10 s to connect, 100 s an attempt, the default
    /// retry policy.
    fn default() -> Self {
        ClientSettings::new(
            Duration::from_secs(10),
            Duration::from_secs(100),
            RetryPolicy::default(),
        )
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
    fn token(&self, _client: &ClientSettings) -> BoxFuture<'_, Result<AccessToken, Error>> {
        let token = self.0.clone();
        Box::pin(async move { Ok(token) })
    }
}

/// The identity platform's code in an error description:
/// `AADSTS7000215: Invalid client secret...` → `AADSTS7000215`.
#[cfg(any(feature = "client-credentials", feature = "azure-identity"))]
fn aadsts_code(description: &str) -> Option<String> {
    let start = description.find("AADSTS")?;
    let digits = description[start + 6..]
        .chars()
        .take_while(char::is_ascii_digit)
        .count();
    (digits > 0).then(|| description[start..start + 6 + digits].to_owned())
}
