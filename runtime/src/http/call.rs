//! What the operations hand the pipeline: a call (its method, template,
//! target, body, headers and its own limits) and what comes back from it,
//! a success answer.

use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{self, HeaderValue};
use reqwest::{Method, StatusCode, Url};

use crate::http::auth::AccessToken;
use crate::http::body;
use crate::http::error::text::Secrets;
use crate::http::error::{DecodeError, Error};
use crate::http::pace::Cost;
use crate::http::retry::{RetryPolicy, is_idempotent};
use crate::odata::path::Template;

/// One request, as the operations describe it.
pub(crate) struct Call<'a> {
    pub(crate) method: Method,
    pub(crate) template: &'static Template,
    /// The path is the template's plus `/{id}`.
    pub(crate) item: bool,
    pub(crate) target: Target<'a>,
    pub(crate) body: Option<Bytes>,
    /// A body read as it is sent, instead of `body`: a file (read again
    /// for each attempt) or a stream (sent once).
    pub(crate) source: Option<Source>,
    /// The body's media type: JSON unless the caller sends bytes of
    /// another kind.
    pub(crate) content_type: HeaderValue,
    /// The answer is handed over unread, to be read as a stream, rather
    /// than read whole within the client's size limit.
    pub(crate) stream: bool,
    /// What it costs against the rate limiter's budget.
    pub(crate) cost: Cost,
    /// Headers the caller added, already checked.
    pub(crate) headers: Vec<(header::HeaderName, HeaderValue)>,
    /// This call's limit on one attempt, instead of the client's.
    pub(crate) timeout: Option<Duration>,
    /// This call's retry policy, instead of the client's.
    pub(crate) retry: Option<RetryPolicy>,
}

impl<'a> Call<'a> {
    /// A call of `method` that costs what one such request costs.
    pub(crate) fn new(
        method: Method,
        template: &'static Template,
        item: bool,
        target: Target<'a>,
        body: Option<Bytes>,
    ) -> Self {
        let cost = Cost::of(&method);
        Call {
            method,
            template,
            item,
            target,
            body,
            source: None,
            content_type: HeaderValue::from_static("application/json"),
            stream: false,
            cost,
            headers: Vec::new(),
            timeout: None,
            retry: None,
        }
    }

    /// With this call's own timeout and retry policy, where it has them.
    pub(crate) fn overrides(mut self, timeout: Option<Duration>, retry: Option<RetryPolicy>) -> Self {
        self.timeout = timeout;
        self.retry = retry;
        self
    }

    /// With the caller's headers.
    pub(crate) fn headers(mut self, headers: Vec<(header::HeaderName, HeaderValue)>) -> Self {
        self.headers = headers;
        self
    }

    /// Whether the body can be sent again: bytes and files can, a stream
    /// cannot.
    pub(crate) fn body_replayable(&self) -> bool {
        self.source.as_ref().is_none_or(Source::replayable)
    }

    /// Whether the request may go again when its answer was lost.
    pub(crate) fn resendable(&self) -> bool {
        is_idempotent(&self.method) && self.body_replayable()
    }
}

/// A request body read as it is sent.
pub(crate) enum Source {
    /// A file, opened again for each attempt.
    File(std::path::PathBuf),
    /// A stream: sent once, never again.
    Stream(std::sync::Mutex<Option<reqwest::Body>>),
}

impl std::fmt::Debug for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::File(path) => f.debug_tuple("File").field(path).finish(),
            Source::Stream(_) => f.write_str("Stream"),
        }
    }
}

impl Source {
    /// Whether the body can be sent again.
    pub(crate) fn replayable(&self) -> bool {
        matches!(self, Source::File(_))
    }

    /// The body for one attempt; `None` for a stream already sent.
    pub(crate) async fn body(&self) -> Result<Option<reqwest::Body>, Error> {
        match self {
            Source::File(path) => {
                let open = path.clone();
                let file = body::blocking(move || std::fs::File::open(open))
                    .await
                    .map_err(|source| {
                        Error::File(Box::new(crate::http::error::FileError {
                            path: path.clone(),
                            writing: false,
                            source,
                        }))
                    })?;
                Ok(Some(body::file(file)))
            }
            Source::Stream(stream) => Ok(stream.lock().unwrap_or_else(|e| e.into_inner()).take()),
        }
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
    /// Its headers.
    pub(crate) headers: header::HeaderMap,
    /// The body, read whole; empty when the call asked for a stream.
    pub(crate) body: Bytes,
    /// The answer, its body unread, when the call asked for a stream.
    #[cfg_attr(not(feature = "transfer"), allow(dead_code, reason = "read by a download"))]
    pub(crate) unread: Option<Box<reqwest::Response>>,
    /// The `client-request-id` the request carried.
    #[cfg_attr(not(feature = "transfer"), allow(dead_code, reason = "read by a download"))]
    pub(crate) client_request_id: String,
    /// The token the request carried, redacted from any error text.
    pub(crate) token: AccessToken,
}

impl Answer {
    /// Parses the body as `T`.
    pub(crate) fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, Error> {
        serde_json::from_slice(&self.body).map_err(|e| self.decode_error(e))
    }

    /// The error for a body that is not the JSON expected.
    pub(crate) fn decode_error(&self, e: serde_json::Error) -> Error {
        Error::Decode(Box::new(DecodeError::new(
            self.status,
            // Graph's `request-id`, to find the answer in its logs.
            self.headers.get("request-id"),
            &self.body,
            e,
            self.secrets(),
        )))
    }

    /// The secrets to redact from text this answer carries.
    pub(crate) fn secrets(&self) -> Secrets<'_> {
        Secrets::one(self.token.secret())
    }
}
