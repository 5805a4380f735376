//! The one request pipeline: every operation, page and `$batch` goes
//! through [`Client::send`]. It attaches the token, sends, reads the answer
//! within the client's limits, and asks `retry` whether and when to send
//! again.

use reqwest::header::{self, HeaderValue};
use reqwest::{StatusCode, Url};
use tracing::Instrument;

use crate::http::BoxFuture;
use crate::http::auth::AccessToken;
use crate::http::call::{Answer, Call, Target};
use crate::http::client::Client;
use crate::http::error::Error;
use crate::http::error::text::Secrets;
use crate::http::error::{ApiError, AuthError, OutcomeUnknown, TransportError};
use crate::http::error::{ProtocolKind, RequestPart};
use crate::http::pace::Feedback;
use crate::http::retry::{Attempt, Backoff, Lost, is_retryable_status, retry_after, waits_alone};
use crate::http::transport::{BodyError, error_chain, read_body, read_prefix, same_origin};

/// How much of an error body is read: enough for any Graph error, and a
/// bound on memory when a proxy answers with something huge.
const MAX_ERROR_BODY: usize = 64 * 1024;

/// What one attempt came to.
enum Outcome {
    /// A success, its body read.
    Done(Answer),
    /// An error answer, read: not carried out, or carried out and failed.
    Refused(Box<Refused>),
    /// No answer came (or only part of one).
    Lost { source: reqwest::Error, lost: Lost },
}

/// An error answer.
struct Refused {
    status: StatusCode,
    headers: reqwest::header::HeaderMap,
    api: Box<ApiError>,
    /// The token the request carried: the one a 401 rejected.
    token: AccessToken,
}

impl Client {
    /// Sends one call, retrying as the policy says, and returns the success
    /// answer or the error.
    ///
    /// Boxed here, in a function that is not generic, so that the pipeline's
    /// state machine is compiled once, in this crate: an operation generic
    /// over a user's type awaits this box instead of holding the pipeline's
    /// future inline, which would compile the whole pipeline again in every
    /// crate that makes a call.
    pub(crate) fn send<'a>(&'a self, call: Call<'a>) -> BoxFuture<'a, Result<Answer, Error>> {
        Box::pin(self.send_traced(call))
    }

    /// [`Client::send`] within its `graph.request` span.
    async fn send_traced(&self, call: Call<'_>) -> Result<Answer, Error> {
        // Unique enough to find one request in the service's logs; it is no
        // secret, so `http::random`'s fast generator makes it.
        let client_request_id = crate::http::random::guid().text();
        // OpenTelemetry's HTTP client conventions: `tracing-opentelemetry`
        // names the span `{method} {template}` from `otel.name`.
        let span = tracing::info_span!(
            "graph.request",
            otel.name = format_args!("{} {}", call.method, call.template.source()),
            otel.kind = "client",
            otel.status_code = tracing::field::Empty,
            http.request.method = %call.method,
            url.template = call.template.source(),
            server.address = tracing::field::Empty,
            server.port = tracing::field::Empty,
            http.response.status_code = tracing::field::Empty,
            http.request.resend_count = tracing::field::Empty,
            error.type = tracing::field::Empty,
            graph.item = call.item,
            graph.client_request_id = %client_request_id,
            graph.request_id = tracing::field::Empty,
        );
        let result = self
            .send_attempts(call, client_request_id, &span)
            .instrument(span.clone())
            .await;
        if let Err(e) = &result {
            span.record("otel.status_code", "ERROR");
            span.record("error.type", tracing::field::display(e.kind_name()));
        }
        result
    }

    /// Sends the call's attempts, each of which comes to an [`Outcome`],
    /// until one succeeds or the rules (`retry`'s, and one token refresh
    /// after a 401) say to stop.
    async fn send_attempts(
        &self,
        call: Call<'_>,
        client_request_id: String,
        span: &tracing::Span,
    ) -> Result<Answer, Error> {
        let inner = self.inner();
        let url = match &call.target {
            Target::Path(path) => Url::parse(&format!("{}{path}", inner.base)).map_err(|e| {
                Error::invalid_request(
                    RequestPart::Path,
                    format!("the path does not make a valid URL: {e}"),
                )
            })?,
            Target::Url(url) => {
                self.check_same_origin(url)?;
                url.clone()
            }
        };
        if let Some(host) = url.host_str() {
            span.record("server.address", host);
        }
        if let Some(port) = url.port_or_known_default() {
            span.record("server.port", port);
        }
        // A token refreshed after a 401, for the next attempt.
        let mut refreshed_token: Option<AccessToken> = None;
        let mut refreshed = false;
        let mut backoff = Backoff::default();
        // A body that cannot go again (a stream) goes once: no answer
        // makes it go again.
        let once = crate::http::retry::RetryPolicy::none();
        let policy = if call.body_replayable() {
            call.retry.as_ref().unwrap_or(&inner.retry)
        } else {
            &once
        };
        let resendable = call.resendable();
        loop {
            let attempt = backoff.attempts();
            // The place first, then the token: a request may wait for its
            // place longer than a short-lived token lives.
            if let Some(pacing) = &inner.pacing {
                pacing.limiter.acquire(&pacing.key, call.cost).await;
            }
            let token = match refreshed_token.take() {
                Some(token) => token,
                None => inner.tokens.token(&inner.settings).await?,
            };
            if attempt > 1 {
                span.record("http.request.resend_count", attempt - 1);
            }
            let outcome = self
                .attempt(&call, &url, token, &client_request_id, backoff.retries(), span)
                .await?;
            match outcome {
                Outcome::Done(answer) => return Ok(answer),
                Outcome::Refused(refused) => {
                    if refused.status == StatusCode::UNAUTHORIZED && !refreshed && call.body_replayable() {
                        refreshed = true;
                        // Graph did not process the request: a new token may send it again.
                        if let Some(new) = inner.tokens.refresh(&refused.token, &inner.settings).await? {
                            tracing::info!(attempt, "token rejected; sending again with a new one");
                            refreshed_token = Some(new);
                            continue;
                        }
                    }
                    let rule = Attempt::Answered {
                        status: refused.status,
                        headers: &refused.headers,
                        code: refused.api.code.as_deref(),
                    };
                    if let Some(delay) = backoff.after(policy, rule, resendable) {
                        tracing::warn!(
                            attempt,
                            http.response.status_code = refused.status.as_u16(),
                            wait_ms = delay.as_millis() as u64,
                            "not carried out; retrying"
                        );
                        if waits_alone(inner.pacing.is_some(), refused.status) {
                            tokio::time::sleep(delay).await;
                        }
                        continue;
                    }
                    let mut api = refused.api;
                    if api.client_request_id.is_none() {
                        api.client_request_id = Some(client_request_id);
                    }
                    tracing::info!(
                        http.response.status_code = refused.status.as_u16(),
                        attempts = attempt,
                        "failed"
                    );
                    return Err(Error::Api(api));
                }
                Outcome::Lost { source, lost } => {
                    if let Some(delay) = backoff.after(policy, Attempt::Lost(lost), resendable) {
                        let (wait_ms, error) = (delay.as_millis() as u64, error_chain(&source));
                        tracing::warn!(attempt, wait_ms, %error, "transport error; retrying");
                        tokio::time::sleep(delay).await;
                        continue;
                    }
                    return Err(transport_error(
                        (&call.method, call.template.source()),
                        resendable,
                        source,
                        lost,
                        attempt,
                        client_request_id,
                    ));
                }
            }
        }
    }

    /// One attempt: sends the request with `token` and reads the answer
    /// within the client's limits, telling the rate limiter and the span
    /// what came back. An error here ends the call (a token a header cannot
    /// carry, an answer over the size limit); every other end is an
    /// [`Outcome`] for the rules to read.
    async fn attempt(
        &self,
        call: &Call<'_>,
        url: &Url,
        token: AccessToken,
        client_request_id: &str,
        retries: u32,
        span: &tracing::Span,
    ) -> Result<Outcome, Error> {
        let inner = self.inner();
        let attempt = retries + 1;
        let mut request = self.http_request(call, url, &token, client_request_id, retries)?;
        if let Some(source) = &call.source {
            let Some(body) = source.body().await? else {
                // Never reached: a call with a stream is not resent.
                return Err(Error::Internal("a stream body was asked for twice".into()));
            };
            request = request
                .header(header::CONTENT_TYPE, call.content_type.clone())
                .body(body);
        }
        tracing::debug!(attempt, "sending");
        let response = match request.send().await {
            Ok(r) => r,
            Err(source) => {
                self.observe(Feedback::NoAnswer);
                let lost = Lost::of(&source);
                return Ok(Outcome::Lost { source, lost });
            }
        };
        let status = response.status();
        self.observe(feedback(status, response.headers()));
        span.record("http.response.status_code", status.as_u16());
        if let Some(id) = response.headers().get("request-id").and_then(|v| v.to_str().ok()) {
            span.record("graph.request_id", id);
        }
        tracing::debug!(attempt, http.response.status_code = status.as_u16(), "answered");
        if status.is_success() {
            let mut response = response;
            let headers = std::mem::take(response.headers_mut());
            if call.stream {
                return Ok(Outcome::Done(Answer {
                    status,
                    headers,
                    body: bytes::Bytes::new(),
                    unread: Some(Box::new(response)),
                    client_request_id: client_request_id.to_owned(),
                    token,
                }));
            }
            return match read_body(response, inner.max_response_size).await {
                Ok(body) => Ok(Outcome::Done(Answer {
                    status,
                    headers,
                    body,
                    unread: None,
                    client_request_id: client_request_id.to_owned(),
                    token,
                })),
                Err(BodyError::TooLarge) => Err(Error::TooLarge {
                    status,
                    limit: inner.max_response_size,
                }),
                // The answer was cut off: as good as none.
                Err(BodyError::Transport(source)) => Ok(Outcome::Lost {
                    source,
                    lost: Lost::NoAnswer,
                }),
            };
        }
        // Read to its end, so that the connection serves the next request.
        let headers = response.headers().clone();
        let body = read_prefix(response, MAX_ERROR_BODY).await;
        let api = ApiError::from_response(status, &headers, &body, attempt, Secrets::one(token.secret()));
        Ok(Outcome::Refused(Box::new(Refused {
            status,
            headers,
            api: Box::new(api),
            token,
        })))
    }

    /// Tells the rate limiter, if any, what the service answered.
    pub(crate) fn observe(&self, feedback: Feedback) {
        if let Some(pacing) = &self.inner().pacing {
            pacing.limiter.observe(&pacing.key, feedback);
        }
    }

    /// A URL Graph handed back (`@odata.nextLink`) is followed with the token
    /// only if it is on the base URL's origin.
    pub(crate) fn check_same_origin(&self, url: &Url) -> Result<(), Error> {
        let base = &self.inner().base_url;
        if same_origin(url, base) {
            Ok(())
        } else {
            Err(Error::protocol(
                ProtocolKind::LinkToAnotherOrigin,
                format!(
                    "refusing to follow a link to `{}://{}`, another origin than the client's `{}`: the \
                     token is only sent to the base URL's origin",
                    url.scheme(),
                    url.host_str().unwrap_or(""),
                    base.origin().ascii_serialization()
                ),
            ))
        }
    }

    fn http_request(
        &self,
        call: &Call<'_>,
        url: &Url,
        token: &AccessToken,
        client_request_id: &str,
        retries: u32,
    ) -> Result<reqwest::RequestBuilder, Error> {
        let mut auth = HeaderValue::try_from(format!("Bearer {}", token.secret())).map_err(|_| {
            AuthError::new(
                "the token has characters an HTTP header cannot carry (a line break?): \
                 give the token alone, as issued",
            )
        })?;
        auth.set_sensitive(true);
        let inner = self.inner();
        let mut r = inner
            .http
            .request(call.method.clone(), url.clone())
            .timeout(call.timeout.unwrap_or(inner.timeout))
            .header(header::AUTHORIZATION, auth)
            .header(
                header::ACCEPT,
                HeaderValue::from_static(if call.stream { "*/*" } else { "application/json" }),
            )
            .header("client-request-id", client_request_id);
        if retries > 0 {
            r = r.header("Retry-Attempt", retries);
        }
        for (name, value) in &call.headers {
            r = r.header(name.clone(), value.clone());
        }
        for (name, value) in &inner.default_http {
            if !call.headers.iter().any(|(own, _)| own == name) {
                r = r.header(name.clone(), value.clone());
            }
        }
        if let Some(body) = &call.body {
            r = r
                .header(header::CONTENT_TYPE, call.content_type.clone())
                .body(body.clone());
        }
        Ok(r)
    }
}

/// The error for a request whose answer did not come (or came only in
/// part): a transport error, wrapped as outcome unknown when the request
/// changes something, could not go again, and may have been carried out.
/// Every request of this crate's, Graph's or a pre-signed URL's, ends a
/// lost answer here.
pub(crate) fn transport_error(
    (method, template): (&reqwest::Method, &'static str),
    resendable: bool,
    source: reqwest::Error,
    lost: Lost,
    attempts: u32,
    client_request_id: String,
) -> Error {
    let error = Error::Transport(Box::new(TransportError {
        method: method.clone(),
        template,
        timed_out: source.is_timeout(),
        refused: lost == Lost::Final,
        attempts,
        client_request_id,
        source: source.without_url(),
    }));
    if lost.outcome_unknown(resendable) {
        Error::OutcomeUnknown(Box::new(OutcomeUnknown {
            method: method.clone(),
            template,
            cause: error,
        }))
    } else {
        error
    }
}

/// What an answer tells a rate limiter: a 429, or a 503/504 that says when
/// to come back, is a throttle.
pub(crate) fn feedback(status: StatusCode, headers: &reqwest::header::HeaderMap) -> Feedback {
    let retry_after = retry_after(headers);
    if status == StatusCode::TOO_MANY_REQUESTS || (is_retryable_status(status) && retry_after.is_some()) {
        Feedback::Throttled { retry_after }
    } else {
        Feedback::Served
    }
}
