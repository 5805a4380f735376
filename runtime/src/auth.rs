//! Where bearer tokens come from.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Instant;

use percent_encoding::utf8_percent_encode;

use crate::error::AuthError;
use crate::path::{UNRESERVED, encode_pairs};
use crate::{Cloud, Error};

/// A boxed future, as token providers return.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

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

/// Tokens for an app, from the Microsoft identity platform's client
/// credentials flow: a tenant, an app's client id, and its secret.
///
/// The token is cached and refreshed ahead of its expiry (a quarter of its
/// lifetime, at most five minutes, before it); however many requests wait
/// for a token, one refresh runs at a time. When Graph rejects a token with
/// 401, the client asks for a new one once and sends the request again.
///
/// ```no_run
/// use graph_resource::{ApiVersion, Client, ClientCredentials, Cloud};
///
/// # fn run() -> Result<(), graph_resource::Error> {
/// let credentials = ClientCredentials::new(
///     "contoso.onmicrosoft.com",
///     "11111111-2222-3333-4444-555555555555",
///     std::env::var("GRAPH_CLIENT_SECRET").unwrap_or_default(),
/// )
/// .cloud(Cloud::UsGov);
/// let client = Client::builder()
///     .cloud(Cloud::UsGov, ApiVersion::Beta)
///     .token(credentials)
///     .build()?;
/// # Ok(()) }
/// ```
pub struct ClientCredentials {
    tenant: String,
    client_id: String,
    secret: String,
    authority: String,
    scope: String,
    http: tokio::sync::OnceCell<reqwest::Client>,
    cached: std::sync::Mutex<Option<Cached>>,
    refreshing: tokio::sync::Mutex<()>,
}

#[derive(Clone)]
struct Cached {
    token: AccessToken,
    refresh_at: Instant,
    expires_at: Instant,
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("tenant", &self.tenant)
            .field("client_id", &self.client_id)
            .field("authority", &self.authority)
            .field("scope", &self.scope)
            .finish_non_exhaustive()
    }
}

impl ClientCredentials {
    /// Credentials for the global cloud.
    pub fn new(
        tenant: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        ClientCredentials {
            tenant: tenant.into(),
            client_id: client_id.into(),
            secret: client_secret.into(),
            authority: Cloud::Global.authority().to_owned(),
            scope: Cloud::Global.default_scope(),
            http: tokio::sync::OnceCell::new(),
            cached: std::sync::Mutex::new(None),
            refreshing: tokio::sync::Mutex::new(()),
        }
    }

    /// Uses a national cloud's authority and Graph scope.
    pub fn cloud(mut self, cloud: Cloud) -> Self {
        self.authority = cloud.authority().to_owned();
        self.scope = cloud.default_scope();
        self
    }

    /// Uses any authority, e.g. an emulator's (`http://127.0.0.1:<port>`).
    pub fn authority(mut self, authority: impl Into<String>) -> Self {
        self.authority = authority.into().trim_end_matches('/').to_owned();
        self
    }

    /// Uses any scope (default: the cloud's `<graph root>/.default`).
    pub fn scope(mut self, scope: impl Into<String>) -> Self {
        self.scope = scope.into();
        self
    }

    fn cached(&self) -> Option<Cached> {
        self.cached.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    async fn fresh_or_fetch(&self, rejected: Option<&AccessToken>) -> Result<AccessToken, Error> {
        let usable = |c: &Cached| Instant::now() < c.refresh_at && Some(&c.token) != rejected;
        if let Some(c) = self.cached().filter(usable) {
            return Ok(c.token);
        }
        let _one_at_a_time = self.refreshing.lock().await;
        // Another caller may have refreshed while this one waited.
        let cached = self.cached();
        if let Some(c) = cached.clone().filter(usable) {
            return Ok(c.token);
        }
        match self.fetch().await {
            Ok(fresh) => {
                let token = fresh.token.clone();
                *self.cached.lock().unwrap_or_else(|e| e.into_inner()) = Some(fresh);
                Ok(token)
            }
            // A refresh ahead of expiry that fails leaves the old token in use.
            Err(e) => match cached.filter(|c| Instant::now() < c.expires_at && Some(&c.token) != rejected) {
                Some(c) => {
                    tracing::warn!(error = %e, "token refresh failed; the current token is still valid");
                    Ok(c.token)
                }
                None => Err(e),
            },
        }
    }

    async fn fetch(&self) -> Result<Cached, Error> {
        let endpoint = format!(
            "{}/{}/oauth2/v2.0/token",
            self.authority,
            utf8_percent_encode(&self.tenant, UNRESERVED)
        );
        let url = reqwest::Url::parse(&endpoint)
            .map_err(|e| auth_error(format!("the token endpoint `{endpoint}` is not a valid URL: {e}")))?;
        crate::client::check_secure(&url).map_err(|_| {
            auth_error(format!(
                "refusing to send the client secret over plain http to `{}`: use https",
                url.host_str().unwrap_or("")
            ))
        })?;
        let http = self
            .http
            .get_or_try_init(|| async { crate::client::http_client(std::time::Duration::from_secs(10)) })
            .await
            .map_err(|e| auth_error(format!("cannot set up the HTTP client: {e}")))?;
        let form = encode_pairs([
            ("client_id", self.client_id.as_str()),
            ("scope", self.scope.as_str()),
            ("client_secret", self.secret.as_str()),
            ("grant_type", "client_credentials"),
        ]);
        tracing::debug!(authority = %self.authority, "requesting a token");
        // A token request changes nothing, so a failure that may pass
        // (unreachable, throttled, unavailable) is tried again, twice.
        let mut attempt = 0u32;
        let (started, response) = loop {
            attempt += 1;
            let started = Instant::now();
            let sent = http
                .post(url.clone())
                .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(reqwest::header::ACCEPT, "application/json")
                .timeout(std::time::Duration::from_secs(30))
                .body(form.clone())
                .send()
                .await;
            let wait = match &sent {
                Ok(r) if matches!(r.status().as_u16(), 429 | 500 | 502 | 503 | 504) => Some(
                    crate::retry::retry_after(r.headers())
                        .unwrap_or(std::time::Duration::from_millis(500) * attempt)
                        .min(std::time::Duration::from_secs(10)),
                ),
                Ok(_) => None,
                Err(_) => Some(std::time::Duration::from_millis(500) * attempt),
            };
            match (sent, wait) {
                (sent, Some(wait)) if attempt < 3 => {
                    let why = match &sent {
                        Ok(r) => r.status().to_string(),
                        Err(e) => crate::client::error_chain(e),
                    };
                    tracing::warn!(attempt, wait_ms = wait.as_millis() as u64, why = %why, "token request failed; trying again");
                    tokio::time::sleep(wait).await;
                }
                (Ok(response), _) => break (started, response),
                (Err(e), _) => {
                    return Err(auth_error(format!(
                        "cannot reach the token endpoint at {} ({attempt} attempts): {}",
                        self.authority,
                        crate::client::error_chain(&e.without_url())
                    )));
                }
            }
        };
        let status = response.status();
        let body = response.bytes().await.unwrap_or_default();
        let json: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
        let text = |k: &str| json.get(k).and_then(serde_json::Value::as_str).map(str::to_owned);
        if !status.is_success() {
            let description = text("error_description");
            let aadsts = description.as_deref().and_then(aadsts_code);
            return Err(Error::Auth(Box::new(AuthError {
                message: format!("the token endpoint answered {status}"),
                error: text("error"),
                description,
                aadsts,
            })));
        }
        let token = text("access_token").filter(|t| !t.is_empty()).ok_or_else(|| {
            auth_error(format!(
                "the token endpoint answered {status} without an access_token"
            ))
        })?;
        // `expires_in` is a number, or a number in a string.
        let lifetime = json
            .get("expires_in")
            .and_then(|v| v.as_u64().or_else(|| v.as_str().and_then(|s| s.parse().ok())))
            .map_or(
                std::time::Duration::from_secs(3600),
                std::time::Duration::from_secs,
            );
        let margin = (lifetime / 4).min(std::time::Duration::from_secs(300));
        let expires_at = started + lifetime;
        tracing::info!(lifetime_s = lifetime.as_secs(), "token acquired");
        Ok(Cached {
            token: AccessToken::new(token),
            refresh_at: expires_at - margin,
            expires_at,
        })
    }
}

impl TokenProvider for ClientCredentials {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, Error>> {
        Box::pin(self.fresh_or_fetch(None))
    }

    fn refresh(&self, rejected: &AccessToken) -> BoxFuture<'_, Result<Option<AccessToken>, Error>> {
        let rejected = rejected.clone();
        Box::pin(async move { self.fresh_or_fetch(Some(&rejected)).await.map(Some) })
    }
}

fn auth_error(message: String) -> Error {
    Error::Auth(Box::new(AuthError {
        message,
        error: None,
        description: None,
        aadsts: None,
    }))
}

/// `AADSTS7000215: Invalid client secret...` → `AADSTS7000215`.
fn aadsts_code(description: &str) -> Option<String> {
    let start = description.find("AADSTS")?;
    let digits = description[start + 6..]
        .chars()
        .take_while(char::is_ascii_digit)
        .count();
    (digits > 0).then(|| description[start..start + 6 + digits].to_owned())
}
