//! The client: where requests go, with which token, within which limits.
//! The requests themselves go through `pipeline`.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;
use reqwest::header::{HeaderName, HeaderValue};

use crate::http::auth::{ClientSettings, TokenProvider};
use crate::http::error::Error;
use crate::http::error::Setting;
use crate::http::headers::Headers;
use crate::http::pace::{Pacer, RateLimit, RateLimiter};
use crate::http::retry::RetryPolicy;
use crate::http::transport::{check_secure, http_client};

/// Graph's global beta root, the default base URL.
pub const GRAPH_BETA: &str = "https://graph.microsoft.com/beta";

/// The default limit on a success answer's body: far above any Graph page
/// (999 items), and a bound on memory when something answers without end.
pub const DEFAULT_MAX_RESPONSE_SIZE: usize = 64 * 1024 * 1024;

/// A Graph client: a connection pool, a base URL, a token provider and a
/// retry policy. Cheap to clone; clones share the pool.
///
/// ```no_run
/// # async fn run() -> Result<(), graph_resource::Error> {
/// use graph_resource::{Client, StaticToken};
///
/// // https://graph.microsoft.com/beta
/// let client = Client::new(StaticToken::new(std::env::var("GRAPH_TOKEN").unwrap_or_default()));
///
/// // Anything else: the v1.0 root, a national cloud, an emulator.
/// let client = Client::builder()
///     .base_url("https://graph.microsoft.us/v1.0")
///     .token(StaticToken::new("..."))
///     .build()?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    /// The base URL as text, without a trailing `/`, to append paths to.
    pub(crate) base: String,
    /// The same, parsed, for origin checks.
    pub(crate) base_url: Url,
    pub(crate) tokens: Arc<dyn TokenProvider>,
    pub(crate) retry: RetryPolicy,
    pub(crate) timeout: Duration,
    pub(crate) max_response_size: usize,
    /// Headers every request carries unless it sets the same name itself;
    /// checked when the client was built.
    #[cfg(feature = "batch")]
    pub(crate) default_headers: Headers,
    /// The same, as HTTP, converted once for every request; the names as
    /// given above are what `$batch` items carry.
    pub(crate) default_http: Vec<(HeaderName, HeaderValue)>,
    /// What the token provider is told on every call.
    pub(crate) settings: ClientSettings,
    /// The limiter every request asks for its place, and the budget's key.
    pub(crate) pacing: Option<Pacing>,
}

/// A client's rate limiter and the key of its budget.
pub(crate) struct Pacing {
    pub(crate) limiter: Arc<dyn RateLimiter>,
    pub(crate) key: String,
}

/// Which rate limiter a client gets.
#[derive(Default)]
enum Limiter {
    /// A pacer of its own, with Intune's budget.
    #[default]
    Default,
    Own(RateLimit),
    Shared(Arc<dyn RateLimiter>),
    Off,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base)
            .field("retry", &self.inner.retry)
            .field("timeout", &self.inner.timeout)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client for Graph beta (`https://graph.microsoft.com/beta`) with
    /// the default retry policy and timeouts.
    ///
    /// # Panics
    ///
    /// If the TLS backend cannot be set up, as `reqwest::Client::new` does;
    /// `Client::builder()` reports that as an error instead.
    pub fn new(tokens: impl TokenProvider) -> Self {
        Client::new_with_base(GRAPH_BETA, tokens)
    }

    /// A client for a base URL known to be valid.
    pub(crate) fn new_with_base(base_url: &str, tokens: impl TokenProvider) -> Self {
        match Client::builder().base_url(base_url).token(tokens).build() {
            Ok(client) => client,
            Err(e) => panic!("cannot set up the HTTP client: {e}"),
        }
    }

    /// A builder for any base URL, retry policy and timeouts.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL paths are appended to, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.inner.base
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    pub(crate) fn inner(&self) -> &Inner {
        &self.inner
    }
}

/// Configures a `Client`.
#[derive(Default)]
pub struct ClientBuilder {
    base_url: Option<String>,
    tokens: Option<Arc<dyn TokenProvider>>,
    retry: Option<RetryPolicy>,
    connect_timeout: Option<Duration>,
    timeout: Option<Duration>,
    max_response_size: Option<usize>,
    limiter: Limiter,
    budget_key: Option<String>,
    default_headers: Headers,
    proxy: Option<String>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// The root that paths are appended to, version included, e.g.
    /// `https://graph.microsoft.com/v1.0` (default: Graph beta).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// A national cloud's Graph root with a version: the same as
    /// `.base_url(cloud.base_url(version))`. Give its token provider the
    /// same cloud.
    pub fn cloud(self, cloud: crate::http::cloud::Cloud, version: crate::http::cloud::ApiVersion) -> Self {
        self.base_url(cloud.base_url(version))
    }

    /// Where tokens come from.
    pub fn token(mut self, tokens: impl TokenProvider) -> Self {
        self.tokens = Some(Arc::new(tokens));
        self
    }

    /// How throttled and unavailable answers are retried.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// The longest wait for a connection (default 10 s).
    pub fn connect_timeout(mut self, d: Duration) -> Self {
        self.connect_timeout = Some(d);
        self
    }

    /// The longest one attempt may take, answer included (default 100 s,
    /// as Microsoft's SDKs).
    pub fn timeout(mut self, d: Duration) -> Self {
        self.timeout = Some(d);
        self
    }

    /// The longest success body read, in bytes (default
    /// [`DEFAULT_MAX_RESPONSE_SIZE`], 64 MiB); a longer one is
    /// [`Error::TooLarge`].
    pub fn max_response_size(mut self, bytes: usize) -> Self {
        self.max_response_size = Some(bytes);
        self
    }

    /// Paces the client's requests to this budget (default:
    /// [`RateLimit::intune()`], 100 writes and 1,000 requests per 20 s),
    /// with a [`Pacer`] of its own.
    pub fn rate_limit(mut self, limit: RateLimit) -> Self {
        self.limiter = Limiter::Own(limit);
        self
    }

    /// Paces the client's requests with this limiter, which other clients
    /// (or, for a shared implementation, other processes) may share.
    pub fn rate_limiter(mut self, limiter: Arc<dyn RateLimiter>) -> Self {
        self.limiter = Limiter::Shared(limiter);
        self
    }

    /// Sends every request as soon as it is made, with no pacing: each one
    /// honours only its own `Retry-After`.
    pub fn no_rate_limit(mut self) -> Self {
        self.limiter = Limiter::Off;
        self
    }

    /// The key of the budget the client's requests count against: one
    /// tenant and app (default: the token provider's
    /// [`budget_key`](TokenProvider::budget_key), else `"default"`).
    pub fn budget_key(mut self, key: impl Into<String>) -> Self {
        self.budget_key = Some(key.into());
        self
    }

    /// Sends every request through this proxy (`http://proxy.contoso.com:8080`,
    /// credentials in the URL if it needs them), the token endpoint's of a
    /// [`ClientCredentials`](crate::http::auth::ClientCredentials) too.
    /// A proxy URL that does not parse makes [`build`](ClientBuilder::build)
    /// fail.
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = Some(url.into());
        self
    }

    /// A header every request of the client carries, each item of a
    /// `$batch` included, unless the request sets the same name itself:
    /// e.g. `Prefer: include-unknown-enum-members`, so that Graph sends
    /// enum members added after `Prefer`'s evolvable enums were defined.
    /// A name the client sets itself (`Authorization`, `Content-Type`,
    /// `client-request-id`) or a value with a line break makes
    /// [`build`](ClientBuilder::build) fail.
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.default_headers.set(name, value);
        self
    }

    /// Checks the configuration and builds the client. A malformed base
    /// URL, or plain `http` to anything but a loopback address (which would
    /// send the token in the clear), is an error.
    pub fn build(self) -> Result<Client, Error> {
        let base = self
            .base_url
            .as_deref()
            .unwrap_or(GRAPH_BETA)
            .trim_end_matches('/');
        let url = Url::parse(base).map_err(|e| {
            Error::config(
                Setting::BaseUrl,
                format!("the base URL `{base}` is malformed ({e}): give the whole root, e.g. {GRAPH_BETA}"),
            )
        })?;
        if url.query().is_some() || url.fragment().is_some() {
            return Err(Error::config(
                Setting::BaseUrl,
                format!(
                    "the base URL `{base}` has a query or fragment: give only the root, e.g. {GRAPH_BETA}"
                ),
            ));
        }
        check_secure(&url)
            .map_err(|why| Error::config(Setting::BaseUrl, format!("refusing the base URL: {why}")))?;
        let tokens = self.tokens.ok_or_else(|| {
            Error::config(
                Setting::TokenProvider,
                "no token provider: call `.token(StaticToken::new(..))` or another provider",
            )
        })?;
        let default_http = self.default_headers.to_http().map_err(|e| {
            Error::config(
                Setting::DefaultHeader,
                format!("a default header cannot be sent: {e}"),
            )
        })?;
        let connect_timeout = self.connect_timeout.unwrap_or(Duration::from_secs(10));
        let timeout = self.timeout.unwrap_or(Duration::from_secs(100));
        let retry = self.retry.unwrap_or_default();
        let http = http_client(connect_timeout, self.proxy.as_deref())
            .map_err(|e| Error::config(Setting::HttpClient, format!("cannot set up the HTTP client: {e}")))?;
        // What the token provider is told on every call.
        let settings = ClientSettings {
            http: Some(http.clone()),
            ..ClientSettings::new(connect_timeout, timeout, retry.clone())
        };
        let key = self
            .budget_key
            .or_else(|| tokens.budget_key())
            .unwrap_or_else(|| "default".to_owned());
        let limiter: Option<Arc<dyn RateLimiter>> = match self.limiter {
            Limiter::Default => Some(Arc::new(Pacer::new(RateLimit::intune()))),
            Limiter::Own(limit) => Some(Arc::new(Pacer::new(limit))),
            Limiter::Shared(limiter) => Some(limiter),
            Limiter::Off => None,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base: base.to_owned(),
                base_url: url,
                tokens,
                retry,
                timeout,
                max_response_size: self.max_response_size.unwrap_or(DEFAULT_MAX_RESPONSE_SIZE),
                #[cfg(feature = "batch")]
                default_headers: self.default_headers,
                settings,
                default_http,
                pacing: limiter.map(|limiter| Pacing { limiter, key }),
            }),
        })
    }
}
