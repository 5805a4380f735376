//! The client: where requests go, with which token, and how they are
//! retried. One non-generic `send` carries every operation.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{self, HeaderValue};
use reqwest::{Method, StatusCode, Url};
use tracing::Instrument;

use crate::auth::{AccessToken, TokenProvider};
use crate::error::{ApiError, DecodeError, TransportError};
use crate::retry::{Backoff, RetryPolicy, retry_after};
use crate::{Error, Template};

/// Graph's global beta root, the default base URL.
pub const GRAPH_BETA: &str = "https://graph.microsoft.com/beta";

/// How much of an error body is read: enough for any Graph error, and a
/// bound on memory when a proxy answers with something huge.
const MAX_ERROR_BODY: usize = 64 * 1024;

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

struct Inner {
    http: reqwest::Client,
    base: String,
    tokens: Arc<dyn TokenProvider>,
    retry: RetryPolicy,
    timeout: Duration,
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
        match Client::builder().token(tokens).build() {
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

    /// Sends one call, retrying as the policy says, and returns the success
    /// answer or the error.
    pub(crate) async fn send(&self, call: Call<'_>) -> Result<Answer, Error> {
        let client_request_id = uuid::Uuid::new_v4().to_string();
        let span = tracing::info_span!(
            "graph.request",
            method = %call.method,
            template = call.template.source(),
            item = call.item,
            client_request_id = %client_request_id,
        );
        self.send_attempts(call, client_request_id).instrument(span).await
    }

    async fn send_attempts(&self, call: Call<'_>, client_request_id: String) -> Result<Answer, Error> {
        let url = match &call.target {
            Target::Path(path) => Url::parse(&format!("{}{path}", self.inner.base))
                .map_err(|e| Error::invalid_request(format!("the path does not make a valid URL: {e}")))?,
            Target::Url(url) => {
                self.check_same_origin(url)?;
                url.clone()
            }
        };
        let mut token = self.inner.tokens.token().await?;
        let mut refreshed = false;
        let mut backoff = Backoff::default();
        let mut attempts = 0u32;
        let policy = &self.inner.retry;
        loop {
            attempts += 1;
            let request = self.request(&call, &url, &token, &client_request_id, backoff.retries())?;
            tracing::debug!(attempt = attempts, "sending");
            let response = match request.send().await {
                Ok(r) => r,
                Err(source) => {
                    let not_sent = source.is_connect();
                    if (not_sent || call.method_is_idempotent())
                        && let Some(delay) = backoff.next(policy, None)
                    {
                        tracing::warn!(attempt = attempts, wait_ms = delay.as_millis() as u64, error = %error_chain(&source), "transport error; retrying");
                        tokio::time::sleep(delay).await;
                        continue;
                    }
                    return Err(transport(&call, source, !not_sent, attempts, client_request_id));
                }
            };
            let status = response.status();
            let request_id = response.headers().get("request-id").cloned();
            tracing::debug!(
                attempt = attempts,
                status = status.as_u16(),
                request_id = request_id.as_ref().and_then(|v| v.to_str().ok()).unwrap_or(""),
                "answered"
            );
            if status.is_success() {
                return match response.bytes().await {
                    Ok(body) => Ok(Answer {
                        status,
                        request_id,
                        body,
                    }),
                    Err(source) if call.method_is_idempotent() => {
                        // The answer was cut off; a read can be repeated.
                        match backoff.next(policy, None) {
                            Some(delay) => {
                                tokio::time::sleep(delay).await;
                                continue;
                            }
                            None => Err(transport(&call, source, false, attempts, client_request_id)),
                        }
                    }
                    Err(source) => Err(transport(&call, source, true, attempts, client_request_id)),
                };
            }
            if status == StatusCode::UNAUTHORIZED && !refreshed {
                refreshed = true;
                // Graph did not process the request: a new token may send it again.
                if let Some(new) = self.inner.tokens.refresh(&token).await? {
                    tracing::info!(attempt = attempts, "token rejected; sending again with a new one");
                    token = new;
                    continue;
                }
            }
            if is_retryable(status)
                && let Some(delay) = backoff.next(policy, retry_after(response.headers()))
            {
                tracing::warn!(
                    attempt = attempts,
                    status = status.as_u16(),
                    wait_ms = delay.as_millis() as u64,
                    "throttled or unavailable; retrying"
                );
                drop(response);
                tokio::time::sleep(delay).await;
                continue;
            }
            let headers = response.headers().clone();
            let body = read_bounded(response, MAX_ERROR_BODY).await;
            let mut api = ApiError::from_response(status, &headers, &body, attempts);
            if api.client_request_id.is_none() {
                api.client_request_id = Some(client_request_id);
            }
            tracing::info!(status = status.as_u16(), attempts, "failed");
            return Err(Error::Api(Box::new(api)));
        }
    }

    /// A URL Graph handed back (`@odata.nextLink`) is followed with the token
    /// only if it is on the base URL's origin.
    pub(crate) fn check_same_origin(&self, url: &Url) -> Result<(), Error> {
        let base = Url::parse(&self.inner.base)
            .map_err(|e| Error::invalid_request(format!("the base URL is malformed: {e}")))?;
        let same = url.scheme() == base.scheme()
            && url.host_str() == base.host_str()
            && url.port_or_known_default() == base.port_or_known_default();
        if same {
            Ok(())
        } else {
            Err(Error::invalid_request(format!(
                "refusing to follow a link to `{}://{}`, another origin than the client's `{}`: \
                 the token is only sent to the base URL's origin",
                url.scheme(),
                url.host_str().unwrap_or(""),
                base.origin().ascii_serialization()
            )))
        }
    }

    fn request(
        &self,
        call: &Call<'_>,
        url: &Url,
        token: &AccessToken,
        client_request_id: &str,
        retries: u32,
    ) -> Result<reqwest::RequestBuilder, Error> {
        let mut auth = HeaderValue::try_from(format!("Bearer {}", token.secret())).map_err(|_| {
            Error::Auth(Box::new(crate::error::AuthError {
                message: "the token has characters an HTTP header cannot carry (a line break?): \
                          give the token alone, as issued"
                    .into(),
                error: None,
                description: None,
                aadsts: None,
            }))
        })?;
        auth.set_sensitive(true);
        let mut r = self
            .inner
            .http
            .request(call.method.clone(), url.clone())
            .timeout(self.inner.timeout)
            .header(header::AUTHORIZATION, auth)
            .header(header::ACCEPT, HeaderValue::from_static("application/json"))
            .header("client-request-id", client_request_id);
        if retries > 0 {
            r = r.header("Retry-Attempt", retries);
        }
        if let Some(body) = &call.body {
            r = r
                .header(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))
                .body(body.clone());
        }
        Ok(r)
    }
}

fn is_retryable(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 503 | 504)
}

fn transport(
    call: &Call<'_>,
    source: reqwest::Error,
    sent: bool,
    attempts: u32,
    client_request_id: String,
) -> Error {
    let outcome_unknown = sent && !call.method_is_idempotent();
    Error::Transport(Box::new(TransportError {
        method: call.method.clone(),
        template: call.template.source(),
        outcome_unknown,
        timed_out: source.is_timeout(),
        attempts,
        client_request_id,
        source: source.without_url(),
    }))
}

/// An error and its causes, on one line.
pub(crate) fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = s.source();
    }
    out
}

async fn read_bounded(mut response: reqwest::Response, limit: usize) -> Vec<u8> {
    let mut body = Vec::new();
    while let Ok(Some(chunk)) = response.chunk().await {
        let room = limit - body.len();
        body.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if body.len() >= limit {
            break;
        }
    }
    body
}

/// One request, as the operations describe it.
pub(crate) struct Call<'a> {
    pub(crate) method: Method,
    pub(crate) template: &'static Template,
    /// The path is the template's plus `/{id}`.
    pub(crate) item: bool,
    pub(crate) target: Target<'a>,
    pub(crate) body: Option<Bytes>,
}

impl Call<'_> {
    /// Whether sending the request twice does no more than sending it once.
    fn method_is_idempotent(&self) -> bool {
        matches!(
            self.method,
            Method::GET | Method::HEAD | Method::PUT | Method::DELETE
        )
    }
}

/// Where a call goes.
pub(crate) enum Target<'a> {
    /// A path relative to the base URL.
    Path(&'a str),
    /// A URL Graph gave, such as `@odata.nextLink`; it must be on the base
    /// URL's origin.
    Url(Url),
}

/// A success answer.
pub(crate) struct Answer {
    pub(crate) status: StatusCode,
    /// Graph's `request-id`, for the error if the body cannot be read.
    pub(crate) request_id: Option<HeaderValue>,
    pub(crate) body: Bytes,
}

impl Answer {
    /// Parses the body as `T`.
    pub(crate) fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, Error> {
        serde_json::from_slice(&self.body).map_err(|e| {
            Error::Decode(Box::new(DecodeError::new(
                self.status,
                self.request_id.as_ref(),
                &self.body,
                e,
            )))
        })
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
    pub fn cloud(self, cloud: crate::Cloud, version: crate::ApiVersion) -> Self {
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

    /// Checks the configuration and builds the client. A malformed base
    /// URL, or plain `http` to anything but a loopback address (which would
    /// send the token in the clear), is an error.
    pub fn build(self) -> Result<Client, Error> {
        let base = self
            .base_url
            .as_deref()
            .unwrap_or(GRAPH_BETA)
            .trim_end_matches('/');
        let url = Url::parse(base)
            .map_err(|e| Error::invalid_request(format!("the base URL `{base}` is malformed: {e}")))?;
        if url.query().is_some() || url.fragment().is_some() {
            return Err(Error::invalid_request(format!(
                "the base URL `{base}` has a query or fragment: give only the root, e.g. {GRAPH_BETA}"
            )));
        }
        check_secure(&url)?;
        let tokens = self.tokens.ok_or_else(|| {
            Error::invalid_request(
                "no token provider: call `.token(StaticToken::new(..))` or another provider",
            )
        })?;
        let http = http_client(self.connect_timeout.unwrap_or(Duration::from_secs(10)))
            .map_err(|e| Error::invalid_request(format!("cannot set up the HTTP client: {e}")))?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base: base.to_owned(),
                tokens,
                retry: self.retry.unwrap_or_default(),
                timeout: self.timeout.unwrap_or(Duration::from_secs(100)),
            }),
        })
    }
}

/// The HTTP client under every request: rustls with ring, at most 5
/// redirects, never to plain http off this machine (reqwest itself drops
/// `Authorization` when a redirect changes origin).
pub(crate) fn http_client(connect_timeout: Duration) -> Result<reqwest::Client, String> {
    // Installs ring as rustls' provider unless the application chose one.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let redirects = reqwest::redirect::Policy::custom(|attempt| {
        if attempt.previous().len() > 5 {
            attempt.error("more than 5 redirects")
        } else if check_secure(attempt.url()).is_err() {
            attempt.error("refusing a redirect to plain http off this machine")
        } else {
            attempt.follow()
        }
    });
    reqwest::Client::builder()
        .user_agent(concat!("graph-resource/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(connect_timeout)
        .redirect(redirects)
        // The filled-in path is not for other origins to see.
        .referer(false)
        .build()
        .map_err(|e| error_chain(&e))
}

/// A bearer token goes over plain http only to this machine.
pub(crate) fn check_secure(url: &Url) -> Result<(), Error> {
    match url.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(url) => Ok(()),
        "http" => Err(Error::invalid_request(format!(
            "refusing to send a bearer token over plain http to `{}`: use https (plain http is \
             allowed only to loopback addresses, such as the emulator)",
            url.host_str().unwrap_or("")
        ))),
        other => Err(Error::invalid_request(format!(
            "the base URL's scheme is `{other}`: use https"
        ))),
    }
}

fn is_loopback(url: &Url) -> bool {
    let host = url.host_str().unwrap_or("");
    host.eq_ignore_ascii_case("localhost")
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}
