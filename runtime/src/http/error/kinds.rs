//! What a failure that is not Graph's error answer carries.

use std::fmt;

use reqwest::{Method, StatusCode};

use super::Error;
use super::text::Secrets;

/// A request that could not be sent, or whose answer did not arrive.
#[derive(Debug)]
#[non_exhaustive]
pub struct TransportError {
    /// The method.
    pub method: Method,
    /// The path template (never the filled-in ids).
    pub template: &'static str,
    /// The attempt timed out.
    pub timed_out: bool,
    /// This client's own rules refused it: a redirect loop, too many
    /// redirects, a redirect to plain http. Sending it again would end the
    /// same way.
    pub refused: bool,
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
        } else if self.refused {
            "was refused by the client's redirect rules"
        } else {
            "failed in transport"
        };
        write!(
            f,
            "{} {} {what} ({} attempt{}, client-request-id {}): {}",
            self.method,
            self.template,
            self.attempts,
            if self.attempts == 1 { "" } else { "s" },
            self.client_request_id,
            crate::http::transport::error_chain(&self.source)
        )
    }
}

/// A request that changes something, whose outcome no answer tells: the
/// connection failed after it was sent, its attempt timed out, or the
/// `$batch` that carried it got no readable answer. It was not sent again.
#[derive(Debug)]
#[non_exhaustive]
pub struct OutcomeUnknown {
    /// The method.
    pub method: Method,
    /// The path template (never the filled-in ids).
    pub template: &'static str,
    /// Why no answer tells.
    pub cause: Error,
}

impl fmt::Display for OutcomeUnknown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: the outcome is unknown, so it was not sent again; check whether it took effect \
             before trying again: {}",
            self.method, self.template, self.cause
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
        secrets: Secrets<'_>,
    ) -> Self {
        DecodeError {
            status,
            request_id: request_id.and_then(|v| v.to_str().ok()).map(|v| secrets.clean(v)),
            body: secrets.snippet(body),
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

/// One item of a list that did not decode.
#[derive(Debug)]
#[non_exhaustive]
pub struct ItemError {
    /// Its place in the whole list, from 0, across pages.
    pub index: usize,
    /// Its `id`, when one could be read.
    pub id: Option<String>,
    /// Why it did not decode.
    pub source: serde_json::Error,
}

impl fmt::Display for ItemError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "item {} of the list", self.index)?;
        if let Some(id) = &self.id {
            write!(f, " (id `{}`)", id.escape_debug())?;
        }
        write!(f, " could not be read: {}", self.source)
    }
}

/// No token could be had.
#[derive(Debug, Default)]
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
    /// The token request timed out.
    pub timed_out: bool,
}

impl AuthError {
    /// An error with this message, for a [`TokenProvider`](crate::http::auth::TokenProvider)
    /// of one's own; the message must not hold a secret.
    pub fn new(message: impl Into<String>) -> Self {
        AuthError {
            message: message.into(),
            ..AuthError::default()
        }
    }
}

impl From<AuthError> for Error {
    fn from(e: AuthError) -> Self {
        Error::Auth(Box::new(e))
    }
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

/// A local file could not be read or written (a download's destination, an
/// upload's source): nothing is wrong with Graph or the request.
#[derive(Debug)]
#[non_exhaustive]
pub struct FileError {
    /// The file.
    pub path: std::path::PathBuf,
    /// Whether it was being written (else read).
    pub writing: bool,
    /// The cause.
    pub source: std::io::Error,
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = if self.writing { "write" } else { "read" };
        write!(
            f,
            "cannot {what} the file {}: {}",
            self.path.display(),
            self.source
        )
    }
}

/// How a wait on a long-running operation ended without success.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PollEnd {
    /// A status the caller named as failure was read.
    Failed,
    /// The deadline passed first.
    DeadlinePassed,
}

/// A long-running operation that failed, or did not finish in time.
#[derive(Debug)]
#[non_exhaustive]
pub struct PollError {
    /// How it ended.
    pub end: PollEnd,
    /// The last status read, if any was.
    pub last_status: Option<String>,
    /// How long the wait took.
    pub waited: std::time::Duration,
    /// How many times the status was read.
    pub reads: u32,
    /// What the service said of a failure (an operation's `error`), if it
    /// said anything.
    pub detail: Option<String>,
}

impl fmt::Display for PollError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let status = self.last_status.as_deref().unwrap_or("(none)");
        let reads = format!("{} read{}", self.reads, if self.reads == 1 { "" } else { "s" });
        match self.end {
            PollEnd::Failed => write!(
                f,
                "the operation ended in `{status}` after {:.1} s ({reads})",
                self.waited.as_secs_f64()
            )?,
            PollEnd::DeadlinePassed => write!(
                f,
                "the operation did not finish within {:.1} s: its last status was `{status}` ({reads})",
                self.waited.as_secs_f64()
            )?,
        }
        if let Some(detail) = &self.detail {
            write!(
                f,
                ": {}",
                crate::http::error::text::Secrets::default().clean(detail)
            )?;
        }
        Ok(())
    }
}

/// An upload through a session that stopped: the session expired (or was
/// cancelled), or its slices kept failing. What the session acknowledged
/// stays there: the same upload to the same URL resumes after it, while
/// the session lives.
#[derive(Debug)]
#[non_exhaustive]
pub struct UploadError {
    /// The session is gone: expired, or cancelled. Create a new one.
    pub expired: bool,
    /// How many bytes the session acknowledged.
    pub acknowledged: u64,
    /// How many bytes the upload has.
    pub total: u64,
    /// The last failure.
    pub source: super::Error,
}

impl fmt::Display for UploadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (done, total) = (self.acknowledged, self.total);
        if self.expired {
            write!(
                f,
                "the upload session has expired or was cancelled, with {done} of {total} bytes received: \
                 create a new session ({})",
                self.source
            )
        } else {
            write!(
                f,
                "the upload stopped with {done} of {total} bytes received: the same upload to the same \
                 URL resumes after them while the session lives ({})",
                self.source
            )
        }
    }
}
