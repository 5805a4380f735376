//! The one error type, and Graph's error body.

use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde_json::Value;

use crate::path::InvalidPathValue;

/// Everything that can go wrong in a call to Graph.
///
/// Secrets never appear here: not in `Display`, not in `Debug`.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// Graph answered with an error status; its error body is parsed.
    Api(Box<ApiError>),
    /// A path value cannot be put in the URL (empty, `..`, ...).
    InvalidPath(InvalidPathValue),
    /// The request is not one that can be sent, e.g. a body that does not
    /// serialize, or a base URL that cannot take a token.
    InvalidRequest(String),
    /// The request could not be sent, or its answer not received.
    Transport(Box<TransportError>),
    /// Graph answered with success, but not with the JSON expected.
    Decode(Box<DecodeError>),
    /// No token could be had from the token provider.
    Auth(Box<AuthError>),
    /// The `$batch` request that carried this request failed as a whole;
    /// the cause is shared by every request in that batch.
    Batch(std::sync::Arc<Error>),
    /// The request may have been carried out, but no answer tells: e.g. a
    /// `$batch` answer without a response for it. It was not sent again.
    OutcomeUnknown(String),
}

impl Error {
    /// The HTTP status Graph answered with, if it answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            Error::Batch(cause) => cause.status(),
            _ => None,
        }
    }

    /// Graph's error, if Graph answered with one.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            Error::Batch(cause) => cause.api(),
            _ => None,
        }
    }

    /// Whether a request that changes something may have been carried out
    /// although no answer came back. Such a request is never sent again on
    /// its own: look before trying again, or something may happen twice.
    pub fn outcome_unknown(&self) -> bool {
        match self {
            Error::Transport(t) => t.outcome_unknown,
            Error::Batch(cause) => cause.outcome_unknown(),
            Error::OutcomeUnknown(_) => true,
            _ => false,
        }
    }

    pub(crate) fn invalid_request(msg: impl Into<String>) -> Self {
        Error::InvalidRequest(msg.into())
    }
}

impl From<InvalidPathValue> for Error {
    fn from(e: InvalidPathValue) -> Self {
        Error::InvalidPath(e)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => e.fmt(f),
            Error::InvalidPath(e) => write!(f, "invalid path: {e}"),
            Error::InvalidRequest(msg) => write!(f, "invalid request: {msg}"),
            Error::Transport(e) => e.fmt(f),
            Error::Decode(e) => e.fmt(f),
            Error::Auth(e) => e.fmt(f),
            Error::Batch(cause) => write!(f, "the batch carrying this request failed: {cause}"),
            Error::OutcomeUnknown(why) => write!(
                f,
                "the outcome of the request is unknown, so it was not sent again; check whether it \
                 took effect before trying again: {why}"
            ),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) => Some(&e.source),
            Error::Decode(e) => Some(&e.source),
            Error::Batch(cause) => Some(&**cause),
            _ => None,
        }
    }
}

/// An error answer from Graph, with what its body and headers said.
///
/// Graph's body is `{"error": {"code", "message", "innerError": {...}}}`;
/// the inner error is spelled `innerError` or `innererror` and may nest.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// `error.code`, e.g. `accessDenied`.
    pub code: Option<String>,
    /// `error.message`, meant for developers; do not branch on it.
    pub message: Option<String>,
    /// The inner errors, outermost first, each with the code and message it gave.
    pub inner: Vec<InnerError>,
    /// `error.details`: per-target errors, e.g. from validation.
    pub details: Vec<InnerError>,
    /// The `request-id` header, or the one in the inner error.
    pub request_id: Option<String>,
    /// The `client-request-id` header, or the one in the inner error.
    pub client_request_id: Option<String>,
    /// The `date` in the inner error, as Graph wrote it (without a zone).
    pub date: Option<String>,
    /// The last `Retry-After` Graph asked for.
    pub retry_after: Option<Duration>,
    /// How many times the request was sent.
    pub attempts: u32,
    /// The body, when it was not a Graph error (an HTML page from a proxy,
    /// say): its start, so that the error still tells what happened.
    pub body: Option<String>,
    /// The response's `Content-Type`.
    pub content_type: Option<String>,
}

/// One level of `innerError`, or one entry of `details`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct InnerError {
    /// Its `code`, if it has one.
    pub code: Option<String>,
    /// Its `message`, if it has one.
    pub message: Option<String>,
    /// Its `target`, if it has one.
    pub target: Option<String>,
}

/// How much of a body that is not a Graph error an error keeps.
const BODY_SNIPPET: usize = 300;

impl ApiError {
    /// Reads Graph's answer. Never fails: a body that is not JSON, or not a
    /// Graph error, is kept in part in `body`.
    pub(crate) fn from_response(status: StatusCode, headers: &HeaderMap, body: &[u8], attempts: u32) -> Self {
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let mut e = ApiError {
            status,
            code: None,
            message: None,
            inner: Vec::new(),
            details: Vec::new(),
            request_id: header("request-id"),
            client_request_id: header("client-request-id"),
            date: None,
            retry_after: crate::retry::retry_after(headers),
            attempts,
            body: None,
            content_type: header("content-type"),
        };
        let parsed = serde_json::from_slice::<Value>(body).ok();
        let error = parsed
            .as_ref()
            .and_then(|v| v.get("error"))
            .filter(|v| v.is_object());
        match error {
            Some(error) => e.read_error(error),
            None => e.body = Some(snippet(body)),
        }
        e
    }

    fn read_error(&mut self, error: &Value) {
        let text = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
        self.code = text(error, "code");
        self.message = text(error, "message");
        let mut inner = inner_of(error);
        // The chain is bounded, so a malicious body cannot make this loop long.
        while let Some(level) = inner.filter(|_| self.inner.len() < 32) {
            self.request_id = self
                .request_id
                .take()
                .or_else(|| text(level, "request-id").or_else(|| text(level, "requestId")));
            self.client_request_id = self
                .client_request_id
                .take()
                .or_else(|| text(level, "client-request-id"));
            self.date = self.date.take().or_else(|| text(level, "date"));
            self.inner.push(InnerError {
                code: text(level, "code"),
                message: text(level, "message"),
                target: text(level, "target"),
            });
            inner = inner_of(level);
        }
        if let Some(details) = error.get("details").and_then(Value::as_array) {
            self.details = details
                .iter()
                .take(32)
                .map(|d| InnerError {
                    code: text(d, "code"),
                    message: text(d, "message"),
                    target: text(d, "target"),
                })
                .collect();
        }
    }

    /// The most specific code given: the innermost inner error's, else the
    /// top-level `code`. Graph advises branching on this.
    pub fn most_specific_code(&self) -> Option<&str> {
        self.inner
            .iter()
            .rev()
            .find_map(|i| i.code.as_deref().filter(|c| !c.is_empty()))
            .or(self.code.as_deref().filter(|c| !c.is_empty()))
    }
}

fn inner_of(v: &Value) -> Option<&Value> {
    v.get("innerError")
        .or_else(|| v.get("innererror"))
        .filter(|v| v.is_object())
}

fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(BODY_SNIPPET * 4)]);
    let mut out = String::with_capacity(BODY_SNIPPET + 3);
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
        if out.len() > BODY_SNIPPET {
            break;
        }
    }
    if out.len() > BODY_SNIPPET {
        let mut end = BODY_SNIPPET;
        while !out.is_char_boundary(end) {
            end -= 1;
        }
        out.truncate(end);
        out.push('…');
    }
    out
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Graph answered {}", self.status)?;
        match (&self.code, &self.message) {
            (None, None) => match &self.body {
                Some(body) if !body.is_empty() => {
                    let ct = self.content_type.as_deref().unwrap_or("unknown content type");
                    write!(f, " with a body that is not a Graph error ({ct}): {body}")?;
                }
                _ => f.write_str(" with an empty body")?,
            },
            (code, message) => {
                if let Some(code) = code.as_deref().filter(|c| !c.is_empty()) {
                    write!(f, ": {code}")?;
                }
                if let Some(message) = message {
                    write!(f, ": {message}")?;
                }
                let inner: Vec<&str> = self.inner.iter().filter_map(|i| i.code.as_deref()).collect();
                if !inner.is_empty() {
                    write!(f, " (inner: {})", inner.join(" > "))?;
                }
                for d in &self.details {
                    write!(
                        f,
                        "; {}{}{}",
                        d.target.as_deref().map(|t| format!("{t}: ")).unwrap_or_default(),
                        d.code.as_deref().unwrap_or(""),
                        d.message.as_deref().map(|m| format!(" {m}")).unwrap_or_default()
                    )?;
                }
            }
        }
        if self.attempts > 1 {
            if matches!(self.status.as_u16(), 429 | 503 | 504) {
                write!(f, "; gave up after {} attempts", self.attempts)?;
            } else {
                write!(f, " (attempt {})", self.attempts)?;
            }
        }
        if let Some(d) = self.retry_after {
            write!(f, "; last Retry-After {:.3}s", d.as_secs_f64())?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request-id {id}")?;
            if let Some(cid) = &self.client_request_id {
                write!(f, ", client-request-id {cid}")?;
            }
            f.write_str("]")?;
        } else if let Some(cid) = &self.client_request_id {
            write!(f, " [client-request-id {cid}]")?;
        }
        Ok(())
    }
}

/// A request that could not be sent, or whose answer did not arrive.
#[derive(Debug)]
#[non_exhaustive]
pub struct TransportError {
    /// The method.
    pub method: reqwest::Method,
    /// The path template (never the filled-in ids).
    pub template: &'static str,
    /// The request may have reached Graph and been carried out.
    pub outcome_unknown: bool,
    /// The attempt timed out.
    pub timed_out: bool,
    /// How many times the request was sent.
    pub attempts: u32,
    /// The `client-request-id` sent, to find the request in Graph's logs.
    pub client_request_id: String,
    /// The cause.
    pub source: reqwest::Error,
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = if self.timed_out {
            "timed out"
        } else {
            "failed in transport"
        };
        write!(f, "{} {} {what}", self.method, self.template)?;
        if self.outcome_unknown {
            f.write_str(
                " after the request was sent: its outcome is unknown, so it was not sent again; \
                 check whether it took effect before trying again",
            )?;
        }
        write!(
            f,
            " ({} attempt{}, client-request-id {}): {}",
            self.attempts,
            if self.attempts == 1 { "" } else { "s" },
            self.client_request_id,
            crate::client::error_chain(&self.source)
        )
    }
}

/// A success answer whose body was not the JSON expected.
#[derive(Debug)]
#[non_exhaustive]
pub struct DecodeError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The `request-id` header.
    pub request_id: Option<String>,
    /// The start of the body.
    pub body: String,
    /// The parser's error.
    pub source: serde_json::Error,
}

impl DecodeError {
    pub(crate) fn new(
        status: StatusCode,
        request_id: Option<&reqwest::header::HeaderValue>,
        body: &[u8],
        source: serde_json::Error,
    ) -> Self {
        DecodeError {
            status,
            request_id: request_id.and_then(|v| v.to_str().ok()).map(str::to_owned),
            body: snippet(body),
            source,
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Graph answered {} with a body that could not be read: {}",
            self.status, self.source
        )?;
        if self.body.is_empty() {
            f.write_str(" (the body is empty)")?;
        } else {
            write!(f, " (body: {})", self.body)?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request-id {id}]")?;
        }
        Ok(())
    }
}

/// No token could be had.
#[derive(Debug)]
#[non_exhaustive]
pub struct AuthError {
    /// What went wrong, without any secret.
    pub message: String,
    /// The token endpoint's `error`, e.g. `invalid_client`.
    pub error: Option<String>,
    /// The token endpoint's `error_description`, with its AADSTS code.
    pub description: Option<String>,
    /// The AADSTS code, e.g. `AADSTS7000215` for a bad secret.
    pub aadsts: Option<String>,
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(e) = &self.error {
            write!(f, ": {e}")?;
        }
        if let Some(d) = &self.description {
            write!(f, ": {}", d.lines().next().unwrap_or(d))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_inner_spellings_and_chains() {
        let body = br#"{"error":{"code":"a","message":"m","innererror":{"code":"b","innerError":{"code":"c","request-id":"r","date":"2020-01-01T00:00:00"}}}}"#;
        let e = ApiError::from_response(StatusCode::BAD_REQUEST, &HeaderMap::new(), body, 1);
        assert_eq!(e.code.as_deref(), Some("a"));
        assert_eq!(e.inner.len(), 2);
        assert_eq!(e.most_specific_code(), Some("c"));
        assert_eq!(e.request_id.as_deref(), Some("r"));
        assert_eq!(e.date.as_deref(), Some("2020-01-01T00:00:00"));
    }

    #[test]
    fn keeps_the_start_of_a_body_that_is_not_json() {
        let body = format!("<html><body>{}</body></html>", "x ".repeat(10_000));
        let e = ApiError::from_response(StatusCode::BAD_GATEWAY, &HeaderMap::new(), body.as_bytes(), 1);
        let shown = e.to_string();
        assert!(
            shown.contains("502 Bad Gateway") && shown.contains("<html>"),
            "{shown}"
        );
        assert!(shown.len() < 600, "{}", shown.len());
        let empty = ApiError::from_response(StatusCode::BAD_GATEWAY, &HeaderMap::new(), b"", 1);
        assert!(empty.to_string().contains("empty body"));
    }
}
