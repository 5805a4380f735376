//! Requests to URLs the service handed out, which carry their own
//! authorization: an upload session's `uploadUrl`, an Azure Storage SAS URL,
//! a report's download URL, `@microsoft.graph.downloadUrl`. They go without
//! the token (the docs say not to send it there, and such services refuse
//! it), and their answers are not Graph's.

use std::time::Instant;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode, Url};
use tracing::Instrument;

use crate::http::client::Client;
use crate::http::error::text::Secrets;
use crate::http::error::{ApiError, Error, RequestPart};
use crate::http::pipeline::transport_error;
use crate::http::retry::{Attempt, Backoff, Lost, is_idempotent};
use crate::http::transport::{BodyError, check_secure, error_chain, read_body, read_prefix};
use crate::ops::download::Download;
use crate::ops::response::Answered;

/// How such a request is named in errors: never its URL, whose query is
/// the credential.
const TEMPLATE: &str = "(a pre-signed URL)";

/// How much of an error body is read.
const MAX_ERROR_BODY: usize = 64 * 1024;

/// A request to a pre-signed URL, sent when [`send`](Presigned::send) or
/// [`download`](Presigned::download) is awaited. Made by
/// [`Client::presigned`].
///
/// It carries no `Authorization` (the URL is the credential) and none of
/// the client's default headers, goes over https only (plain http to
/// loopback, for tests), within the client's timeout (or its own,
/// [`timeout`](Presigned::timeout)), and retries what
/// storage services ask to retry: `500`, `503` and `429` (after their
/// `Retry-After`, else with backoff) and lost connections, for methods that
/// can be sent again (`GET`, `PUT`, `DELETE`, `HEAD`). The URL's query (a
/// SAS `sig=`, any token) never reaches a log line or an error.
///
/// ```no_run
/// # async fn run(client: graph_resource::Client, url: &str) -> Result<(), graph_resource::Error> {
/// use graph_resource::Method;
///
/// // `@microsoft.graph.downloadUrl`, or a report export's `url`.
/// let written = client
///     .presigned(Method::GET, url)
///     .download()
///     .await?
///     .to_file("export.zip")
///     .await?;
/// # Ok(()) }
/// ```
///
/// Feature `transfer`, on by default.
#[must_use = "a request is sent when `send` or `download` is awaited"]
pub struct Presigned<'a> {
    client: &'a Client,
    method: Method,
    url: String,
    headers: Vec<(String, String)>,
    body: Option<(Bytes, String)>,
    /// Whether a request whose answer was lost may go again.
    resend_lost: bool,
    /// Each attempt's time limit, if not the client's.
    timeout: Option<std::time::Duration>,
}

impl std::fmt::Debug for Presigned<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The URL's query is its credential.
        f.debug_struct("Presigned")
            .field("method", &self.method)
            .field("url", &without_query(&self.url))
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A request to a URL the service handed out (an upload session's
    /// `uploadUrl`, a SAS URL, a download URL): without the token; see
    /// [`Presigned`].
    pub fn presigned(&self, method: Method, url: &str) -> Presigned<'_> {
        Presigned {
            client: self,
            method,
            url: url.to_owned(),
            headers: Vec::new(),
            body: None,
            resend_lost: true,
            timeout: None,
        }
    }
}

impl Presigned<'_> {
    /// A request header (`Content-Range`, `x-ms-blob-type`, `Range`).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// How long each attempt may take, instead of the client's timeout: a
    /// large block on a slow link needs longer than a Graph call.
    pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Never sent again when its answer was lost (an upload's slice: the
    /// session is asked instead).
    pub(crate) fn no_resend(mut self) -> Self {
        self.resend_lost = false;
        self
    }

    /// A body of bytes, with its media type.
    pub fn body(mut self, bytes: impl Into<Bytes>, content_type: &str) -> Self {
        self.body = Some((bytes.into(), content_type.to_owned()));
        self
    }

    /// Sends the request and answers with the body, read whole (within the
    /// client's size limit), its status and headers.
    ///
    /// # Errors
    ///
    /// An answer other than 2xx is [`Error::Api`] with the service's status,
    /// headers and the start of its body; a URL that is not https (or
    /// loopback) is [`Error::InvalidRequest`]; the rest as any request.
    pub async fn send(self) -> Result<Answered<Bytes>, Error> {
        let limit = self.client.inner().max_response_size;
        let method = self.method.clone();
        let (response, status, headers, id) = self.run().await?;
        let body = match read_body(response, limit).await {
            Ok(body) => body,
            Err(BodyError::TooLarge) => return Err(Error::TooLarge { status, limit }),
            // Answered with success, then cut: its outcome is known.
            Err(BodyError::Transport(source)) => {
                return Err(transport_error(
                    (&method, TEMPLATE),
                    true,
                    source,
                    Lost::NoAnswer,
                    1,
                    id,
                ));
            }
        };
        Ok(Answered::from_parts(body, status, headers))
    }

    /// Sends the request and hands over the answer's body unread, as a
    /// [`Download`]: in bounded memory, with no limit on its length.
    ///
    /// # Errors
    ///
    /// As [`send`](Presigned::send).
    pub async fn download(self) -> Result<Download, Error> {
        let method = self.method.clone();
        let (response, status, headers, id) = self.run().await?;
        Ok(Download::unread(
            response,
            status,
            headers,
            (method, TEMPLATE, id),
        ))
    }

    async fn run(self) -> Result<(reqwest::Response, StatusCode, HeaderMap, String), Error> {
        let url = Url::parse(&self.url).map_err(|e| {
            Error::invalid_request(
                RequestPart::Path,
                format!("a pre-signed URL that is not a URL: {e}"),
            )
        })?;
        check_secure(&url).map_err(|why| Error::invalid_request(RequestPart::Path, why))?;
        let mut headers = HeaderMap::new();
        for (name, value) in &self.headers {
            let (Ok(name), Ok(value)) = (
                HeaderName::try_from(name.as_str()),
                HeaderValue::try_from(value.as_str()),
            ) else {
                return Err(Error::invalid_request(
                    RequestPart::Header,
                    format!("`{}` is not a valid header", name.escape_debug()),
                ));
            };
            headers.append(name, value);
        }
        if let Some((_, content_type)) = &self.body {
            let value = HeaderValue::try_from(content_type.as_str()).map_err(|_| {
                Error::invalid_request(RequestPart::Header, "the content type is not a header value")
            })?;
            headers.insert(reqwest::header::CONTENT_TYPE, value);
        }
        let id = crate::http::random::guid().text();
        let span = tracing::info_span!(
            "graph.presigned",
            otel.kind = "client",
            http.request.method = %self.method,
            server.address = url.host_str().unwrap_or(""),
            url.path = url.path(),
            http.response.status_code = tracing::field::Empty,
            graph.client_request_id = %id,
        );
        let secret = url.query().unwrap_or("").to_owned();
        self.attempts(url, headers, id, &secret).instrument(span).await
    }

    async fn attempts(
        self,
        url: Url,
        headers: HeaderMap,
        id: String,
        secret: &str,
    ) -> Result<(reqwest::Response, StatusCode, HeaderMap, String), Error> {
        let inner = self.client.inner();
        let resendable = is_idempotent(&self.method) && self.resend_lost;
        let mut backoff = Backoff::default();
        let started = Instant::now();
        loop {
            let attempt = backoff.attempts();
            let mut request = inner
                .http
                .request(self.method.clone(), url.clone())
                .timeout(self.timeout.unwrap_or(inner.timeout))
                .headers(headers.clone())
                .header("x-ms-client-request-id", id.as_str());
            if let Some((bytes, _)) = &self.body {
                request = request.body(bytes.clone());
            }
            match request.send().await {
                Ok(mut response) => {
                    let status = response.status();
                    tracing::Span::current().record("http.response.status_code", status.as_u16());
                    if status.is_success() {
                        let headers = std::mem::take(response.headers_mut());
                        return Ok((response, status, headers, id));
                    }
                    let answered = Attempt::Answered {
                        status,
                        headers: response.headers(),
                        code: None,
                    };
                    if let Some(wait) = backoff.after(&inner.retry, answered, resendable) {
                        tracing::warn!(
                            attempt,
                            status = status.as_u16(),
                            wait_ms = wait.as_millis() as u64,
                            "retrying"
                        );
                        read_prefix(response, MAX_ERROR_BODY).await;
                        tokio::time::sleep(wait).await;
                        continue;
                    }
                    let headers = response.headers().clone();
                    let body = read_prefix(response, MAX_ERROR_BODY).await;
                    let api = ApiError::from_response(status, &headers, &body, attempt, Secrets::one(secret));
                    return Err(Error::Api(Box::new(api)));
                }
                Err(source) => {
                    let lost = Lost::of(&source);
                    if let Some(wait) = backoff.after(&inner.retry, Attempt::Lost(lost), resendable) {
                        let (wait_ms, error) = (wait.as_millis() as u64, error_chain(&source.without_url()));
                        tracing::warn!(attempt, wait_ms, %error, "retrying");
                        tokio::time::sleep(wait).await;
                        continue;
                    }
                    tracing::info!(
                        attempts = attempt,
                        elapsed_ms = started.elapsed().as_millis() as u64,
                        "failed"
                    );
                    return Err(transport_error(
                        (&self.method, TEMPLATE),
                        resendable,
                        source,
                        lost,
                        attempt,
                        id,
                    ));
                }
            }
        }
    }
}

/// `https://host/path?sig=...` → `https://host/path`.
fn without_query(url: &str) -> &str {
    url.split(['?', '#']).next().unwrap_or(url)
}
