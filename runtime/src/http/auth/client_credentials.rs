//! The client credentials flow: a tenant, an app's client id, and its
//! secret or certificate.

use std::fmt;
use std::time::{Duration, Instant};

use percent_encoding::utf8_percent_encode;

use super::cache::{Fetched, TokenCache};
use super::certificate::Certificate;
use super::{AccessToken, ClientSettings, TokenProvider, aadsts_code};
use crate::http::BoxFuture;
use crate::http::cloud::Cloud;
use crate::http::error::AuthError;
use crate::http::error::Error;
use crate::http::error::Setting;
use crate::http::error::text::Secrets;
use crate::http::retry::RetryPolicy;
use crate::http::retry::{Attempt, Backoff, Lost};
use crate::http::transport::{check_secure, error_chain, http_client, read_prefix};
use crate::odata::path::{UNRESERVED, encode_pairs};

/// The `client_assertion_type` of a certificate-signed JWT.
const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// How much of a token endpoint's answer is read.
const MAX_TOKEN_BODY: usize = 64 * 1024;

/// Tokens for an app, from the Microsoft identity platform's client
/// credentials flow: a tenant, an app's client id, and its secret.
///
/// The token is cached and refreshed ahead of its expiry (a quarter of its
/// lifetime, at most five minutes, before it); however many requests wait
/// for a token, one refresh runs at a time. When Graph rejects a token with
/// 401, the client asks for a new one once and sends the request again.
///
/// Feature `client-credentials`, on by default.
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
    proof: Proof,
    authority: String,
    scope: String,
    /// Settings given to this provider; they win over those of the client
    /// that asks.
    own: Own,
    /// An HTTP stack of its own, for its own connect timeout.
    http: tokio::sync::OnceCell<reqwest::Client>,
    cache: TokenCache,
}

/// How the app proves who it is.
enum Proof {
    Secret(String),
    Certificate(Box<Certificate>),
}

#[derive(Default)]
struct Own {
    connect_timeout: Option<Duration>,
    timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
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
        Self::with_proof(
            tenant.into(),
            client_id.into(),
            Proof::Secret(client_secret.into()),
        )
    }

    /// Credentials that prove the app with its certificate instead of a
    /// secret: each token request carries a client assertion, a JWT signed
    /// with the certificate's RSA key (RS256, with the certificate's
    /// `x5t#S256` and `x5t` thumbprints). `certificate` and `private_key` are
    /// PEM (PKCS#8 or PKCS#1); the key is never shown.
    ///
    /// ```no_run
    /// use graph_resource::{Client, ClientCredentials};
    ///
    /// # fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// let credentials = ClientCredentials::with_certificate(
    ///     "contoso.onmicrosoft.com",
    ///     "11111111-2222-3333-4444-555555555555",
    ///     &std::fs::read("app-cert.pem")?,
    ///     &std::fs::read("app-key.pem")?,
    /// )?;
    /// let client = Client::builder().token(credentials).build()?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// `Error::Config` when the certificate or the key cannot be read, or
    /// the key is not an RSA key.
    pub fn with_certificate(
        tenant: impl Into<String>,
        client_id: impl Into<String>,
        certificate: &[u8],
        private_key: &[u8],
    ) -> Result<Self, Error> {
        let certificate = Certificate::from_pem(certificate, private_key)?;
        Ok(Self::with_proof(
            tenant.into(),
            client_id.into(),
            Proof::Certificate(Box::new(certificate)),
        ))
    }

    fn with_proof(tenant: String, client_id: String, proof: Proof) -> Self {
        ClientCredentials {
            tenant,
            client_id,
            proof,
            authority: Cloud::Global.authority().to_owned(),
            scope: Cloud::Global.default_scope(),
            own: Own::default(),
            http: tokio::sync::OnceCell::new(),
            cache: TokenCache::default(),
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

    /// The longest one token request may take (default: the client's
    /// timeout, or 30 s before the provider is given to a client).
    pub fn timeout(mut self, d: Duration) -> Self {
        self.own.timeout = Some(d);
        self
    }

    /// The longest wait for a connection to the token endpoint (default:
    /// the client's, or 10 s).
    pub fn connect_timeout(mut self, d: Duration) -> Self {
        self.own.connect_timeout = Some(d);
        self
    }

    /// How token requests that fail for a moment (unreachable, throttled,
    /// unavailable, timed out) are tried again (default: the client's
    /// policy, or the default policy).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.own.retry = Some(policy);
        self
    }

    /// The settings in force: this provider's own, else those of the
    /// client that asks.
    fn settings(&self, client: &ClientSettings) -> ClientSettings {
        ClientSettings {
            connect_timeout: self.own.connect_timeout.unwrap_or(client.connect_timeout),
            timeout: self.own.timeout.unwrap_or(client.timeout),
            retry: self.own.retry.clone().unwrap_or_else(|| client.retry.clone()),
            // The client's HTTP stack (its proxy included), unless this
            // provider connects within its own time.
            http: client.http.clone().filter(|_| self.own.connect_timeout.is_none()),
        }
    }

    async fn fetch(&self, settings: ClientSettings) -> Result<Fetched, Error> {
        let endpoint = format!(
            "{}/{}/oauth2/v2.0/token",
            self.authority,
            utf8_percent_encode(&self.tenant, UNRESERVED)
        );
        let url = reqwest::Url::parse(&endpoint).map_err(|e| {
            Error::config(
                Setting::Credentials,
                format!("the token endpoint `{endpoint}` is not a valid URL: {e}"),
            )
        })?;
        check_secure(&url).map_err(|why| {
            Error::config(
                Setting::Credentials,
                format!("refusing to send the app's credentials: {why}"),
            )
        })?;
        let http = match &settings.http {
            Some(http) => http,
            None => self
                .http
                .get_or_try_init(|| async { http_client(settings.connect_timeout, None) })
                .await
                .map_err(|e| {
                    Error::config(Setting::HttpClient, format!("cannot set up the HTTP client: {e}"))
                })?,
        };
        // The secret, or a new assertion for this request.
        let (proof_name, proof, proof_type) = match &self.proof {
            Proof::Secret(secret) => ("client_secret", secret.clone(), None),
            Proof::Certificate(c) => (
                "client_assertion",
                c.assertion(&self.client_id, url.as_str())?,
                Some(("client_assertion_type", JWT_BEARER)),
            ),
        };
        let form = encode_pairs(
            [
                ("client_id", self.client_id.as_str()),
                ("scope", self.scope.as_str()),
                (proof_name, proof.as_str()),
            ]
            .into_iter()
            .chain(proof_type)
            .chain([("grant_type", "client_credentials")]),
        );
        tracing::debug!(authority = %self.authority, "requesting a token");
        // A token request changes nothing, so it is always safe to send again.
        let mut backoff = Backoff::default();
        let (started, response) = loop {
            let attempt = backoff.attempts();
            let started = Instant::now();
            let sent = http
                .post(url.clone())
                .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(reqwest::header::ACCEPT, "application/json")
                .timeout(settings.timeout)
                .body(form.clone())
                .send()
                .await;
            match sent {
                Ok(r) => match backoff.after(
                    &settings.retry,
                    Attempt::Answered {
                        status: r.status(),
                        headers: r.headers(),
                        code: None,
                    },
                    true,
                ) {
                    Some(wait) => {
                        tracing::warn!(
                            attempt,
                            wait_ms = wait.as_millis() as u64,
                            status = r.status().as_u16(),
                            "token request failed; trying again"
                        );
                        read_prefix(r, MAX_TOKEN_BODY).await;
                        tokio::time::sleep(wait).await;
                    }
                    None => break (started, r),
                },
                Err(e) => {
                    if let Some(wait) = backoff.after(&settings.retry, Attempt::Lost(Lost::of(&e)), true) {
                        let (wait_ms, error) = (wait.as_millis() as u64, error_chain(&e));
                        tracing::warn!(attempt, wait_ms, %error, "token request failed; trying again");
                        tokio::time::sleep(wait).await;
                        continue;
                    }
                    let attempts = format!("{attempt} attempt{}", if attempt == 1 { "" } else { "s" });
                    let timed_out = e.is_timeout();
                    let message = if timed_out {
                        format!(
                            "the token request to {} timed out ({attempts} of at most {:?} each)",
                            self.authority, settings.timeout
                        )
                    } else {
                        format!(
                            "cannot reach the token endpoint at {} ({attempts}): {}",
                            self.authority,
                            error_chain(&e.without_url())
                        )
                    };
                    return Err(AuthError {
                        timed_out,
                        ..AuthError::new(message)
                    }
                    .into());
                }
            }
        };
        let status = response.status();
        let body = read_prefix(response, MAX_TOKEN_BODY).await;
        let json: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
        // An endpoint may echo what it was sent: the secret never leaves in an error.
        let secrets = Secrets::one(&proof);
        let text = |k: &str| json.get(k).and_then(serde_json::Value::as_str);
        if !status.is_success() {
            let description = text("error_description").map(|d| secrets.clean(d.lines().next().unwrap_or(d)));
            let aadsts = description.as_deref().and_then(aadsts_code);
            return Err(AuthError {
                error: text("error").map(|e| secrets.clean(e)),
                description,
                aadsts,
                ..AuthError::new(format!("the token endpoint answered {status}"))
            }
            .into());
        }
        let token = text("access_token").filter(|t| !t.is_empty()).ok_or_else(|| {
            AuthError::new(format!(
                "the token endpoint answered {status} without an access_token"
            ))
        })?;
        // `expires_in` is a number, or a number in a string.
        let lifetime = json
            .get("expires_in")
            .and_then(|v| v.as_u64().or_else(|| v.as_str().and_then(|s| s.parse().ok())))
            .map_or(Duration::from_secs(3600), Duration::from_secs);
        tracing::info!(lifetime_s = lifetime.as_secs(), "token acquired");
        Ok(Fetched {
            token: AccessToken::new(token),
            asked_at: started,
            lifetime,
        })
    }
}

impl TokenProvider for ClientCredentials {
    fn token(&self, client: &ClientSettings) -> BoxFuture<'_, Result<AccessToken, Error>> {
        let settings = self.settings(client);
        Box::pin(self.cache.get(None, move || self.fetch(settings)))
    }

    fn refresh(
        &self,
        rejected: &AccessToken,
        client: &ClientSettings,
    ) -> BoxFuture<'_, Result<Option<AccessToken>, Error>> {
        let (rejected, settings) = (rejected.clone(), self.settings(client));
        Box::pin(async move {
            self.cache
                .get(Some(&rejected), move || self.fetch(settings))
                .await
                .map(Some)
        })
    }

    fn budget_key(&self) -> Option<String> {
        Some(format!("{}/{}", self.tenant, self.client_id))
    }
}
