//! Any [`azure_core`] token credential as the client's token provider:
//! managed identity, workload identity federation, the Azure CLI, a client
//! certificate or assertion, a client secret.
//!
//! ```no_run
//! use graph_resource::Client;
//! use graph_resource::azure::{AzureIdentity, azure_identity};
//! use azure_identity::{ManagedIdentityCredential, ManagedIdentityCredentialOptions};
//!
//! # fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let credential = ManagedIdentityCredential::new(Some(ManagedIdentityCredentialOptions {
//!     client_options: graph_resource::azure::client_options()?,
//!     ..Default::default()
//! }))?;
//! let client = Client::builder().token(AzureIdentity::new(credential)).build()?;
//! # Ok(()) }
//! ```
//!
//! `azure_core` and `azure_identity` are re-exported here, at the versions
//! this crate is built with, so that an application need not match them.
//! Their requests go through this crate's HTTP client when they are given
//! [`client_options`]: one TLS stack and one connection pool for both.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

pub use azure_core;
pub use azure_identity;

use azure_core::credentials::TokenCredential;
use azure_core::http::{ClientOptions, Transport};

use super::aadsts_code;
use super::cache::{Fetched, TokenCache};
use super::{AccessToken, ClientSettings, TokenProvider};
use crate::http::BoxFuture;
use crate::http::cloud::Cloud;
use crate::http::error::AuthError;
use crate::http::error::Error;
use crate::http::error::Setting;

/// `ClientOptions` for an `azure_identity` credential whose requests should
/// go through this crate's HTTP client (rustls with ring, no redirect to
/// plain http) instead of a client of their own.
pub fn client_options() -> Result<ClientOptions, Error> {
    let http = crate::http::transport::http_client(Duration::from_secs(10), None)
        .map_err(|e| Error::config(Setting::HttpClient, format!("cannot set up the HTTP client: {e}")))?;
    Ok(ClientOptions {
        transport: Some(Transport::new(Arc::new(http))),
        ..ClientOptions::default()
    })
}

/// A [`TokenProvider`] over any `azure_core` [`TokenCredential`].
///
/// It asks for the scope of the client's cloud (`https://graph.microsoft.com/.default`
/// by default; see [`cloud`](Self::cloud)). Its tokens are cached and refreshed
/// ahead of their expiry as [`ClientCredentials`](crate::http::auth::ClientCredentials)'
/// are: however many requests wait, one refresh runs at a time.
pub struct AzureIdentity {
    credential: Arc<dyn TokenCredential>,
    scope: String,
    budget_key: Option<String>,
    cache: TokenCache,
}

impl fmt::Debug for AzureIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A credential's own `Debug` shows no secret; the token is not shown.
        f.debug_struct("AzureIdentity")
            .field("credential", &self.credential)
            .field("scope", &self.scope)
            .finish_non_exhaustive()
    }
}

impl AzureIdentity {
    /// Tokens for the global cloud's Graph from `credential`.
    pub fn new(credential: Arc<dyn TokenCredential>) -> Self {
        AzureIdentity {
            credential,
            scope: Cloud::Global.default_scope(),
            budget_key: None,
            cache: TokenCache::default(),
        }
    }

    /// Asks for a national cloud's Graph scope, e.g.
    /// `https://graph.microsoft.us/.default`. (The credential's own
    /// `ClientOptions::cloud` chooses its authority.)
    pub fn cloud(mut self, cloud: Cloud) -> Self {
        self.scope = cloud.default_scope();
        self
    }

    /// Asks for any scope.
    pub fn scope(mut self, scope: impl Into<String>) -> Self {
        self.scope = scope.into();
        self
    }

    /// The tenant and app the tokens are for, e.g. `"contoso.onmicrosoft.com/<client id>"`:
    /// the key of the rate limiter's budget (see [`TokenProvider::budget_key`]).
    pub fn budget_key(mut self, key: impl Into<String>) -> Self {
        self.budget_key = Some(key.into());
        self
    }

    async fn fetch(&self) -> Result<Fetched, Error> {
        let asked_at = Instant::now();
        tracing::debug!(scope = %self.scope, "requesting a token from an azure_identity credential");
        let token = self
            .credential
            .get_token(&[self.scope.as_str()], None)
            .await
            .map_err(|e| credential_error(&e))?;
        let left = token.expires_on - time::OffsetDateTime::now_utc();
        let lifetime = Duration::try_from(left).unwrap_or(Duration::ZERO);
        tracing::info!(lifetime_s = lifetime.as_secs(), "token acquired");
        Ok(Fetched {
            token: AccessToken::new(token.token.secret()),
            asked_at,
            lifetime,
        })
    }
}

impl TokenProvider for AzureIdentity {
    fn token(&self, _client: &ClientSettings) -> BoxFuture<'_, Result<AccessToken, Error>> {
        Box::pin(self.cache.get(None, || self.fetch()))
    }

    fn refresh(
        &self,
        rejected: &AccessToken,
        _client: &ClientSettings,
    ) -> BoxFuture<'_, Result<Option<AccessToken>, Error>> {
        let rejected = rejected.clone();
        Box::pin(async move {
            let token = self.cache.get(Some(&rejected), || self.fetch()).await?;
            // A credential that caches may give the rejected token again:
            // then there is no other to be had.
            Ok((token != rejected).then_some(token))
        })
    }

    fn budget_key(&self) -> Option<String> {
        self.budget_key.clone()
    }
}

/// The credential's error in this crate's terms. Its message names the
/// credential and what failed; `azure_core` keeps secrets out of it.
fn credential_error(e: &azure_core::Error) -> Error {
    let message = e.to_string();
    let first = message.lines().next().unwrap_or(&message);
    AuthError {
        aadsts: aadsts_code(first),
        ..AuthError::new(format!("the azure_identity credential gave no token: {first}"))
    }
    .into()
}
