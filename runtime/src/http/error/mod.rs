//! The one error type, and what each kind of failure carries.

mod api;
mod kinds;
mod refused;
pub(crate) mod text;

use std::fmt;
use std::sync::Arc;

use reqwest::StatusCode;

pub use api::{ApiError, InnerError};
pub use kinds::{
    AuthError, DecodeError, FileError, ItemError, OutcomeUnknown, PollEnd, PollError, TransportError,
    UploadError,
};
pub use refused::{ConfigError, InvalidRequest, ProtocolError, ProtocolKind, RequestPart, Setting};

use crate::odata::path::InvalidPathValue;

/// Everything that can go wrong in a call to Graph.
///
/// Branch on the queries ([`is_retryable`](Error::is_retryable),
/// [`is_timeout`](Error::is_timeout),
/// [`is_outcome_unknown`](Error::is_outcome_unknown),
/// [`status`](Error::status), [`api`](Error::api)) rather than on the text.
/// Secrets never appear here: not in `Display`, not in `Debug`; text taken
/// from a server has the client's token redacted and control characters
/// escaped.
///
/// ```no_run
/// use graph_resource_models::{EnrollmentConfigurationAssignment, EnrollmentConfigurationAssignmentPath};
/// use graph_resource::{Client, Error, ResourcePath};
///
/// # async fn run(client: Client, assignment: EnrollmentConfigurationAssignment) -> Result<(), Error> {
/// let path = EnrollmentConfigurationAssignmentPath {
///     users_id: "adele@contoso.com",
///     device_enrollment_configuration_id: "config-id",
/// };
/// match assignment.create(&client, path).await {
///     Ok(created) => println!("created {:?}", created.id()),
///     // The create may have happened: look before trying again, or it
///     // may happen twice.
///     Err(e) if e.is_outcome_unknown() => {
///         let existing = EnrollmentConfigurationAssignment::list(&client, path).all().await?;
///         println!("{} assignments exist now", existing.len());
///     }
///     // Throttled (or unavailable) beyond the retry policy: try later.
///     Err(e) if e.is_retryable() => {
///         let wait = e.api().and_then(|api| api.retry_after);
///         println!("busy; Graph asks to wait {wait:?}");
///     }
///     Err(e) if e.status().is_some_and(|s| s.as_u16() == 404) => {
///         println!("no such user or configuration");
///     }
///     // Graph's most specific code: the innermost `innerError` that has one.
///     Err(e) => match e.api().and_then(|api| api.most_specific_code()) {
///         Some("Forbidden" | "Authorization_RequestDenied") => println!("the app lacks a permission"),
///         _ => return Err(e),
///     },
/// }
/// # Ok(()) }
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// Graph answered with an error status; its error body is parsed.
    Api(Box<ApiError>),
    /// A path value cannot be put in the URL (empty, `..`, ...).
    InvalidPath(InvalidPathValue),
    /// The client or its token provider is set up wrongly: a malformed
    /// base URL, plain http off this machine, no token provider. Nothing
    /// was sent. Its [`setting`](ConfigError::setting) says which.
    Config(Box<ConfigError>),
    /// The request cannot be sent as asked, e.g. a body that does not
    /// serialize, or a property name that the type does not have. Nothing
    /// was sent. Its [`part`](InvalidRequest::part) says which part.
    InvalidRequest(Box<InvalidRequest>),
    /// Graph's answer broke the protocol in a way that ends the operation:
    /// an `@odata.nextLink` to another origin, or one that leads back to a
    /// page already read. Its [`kind`](ProtocolError::kind) says how.
    Protocol(Box<ProtocolError>),
    /// The request could not be sent, or its answer not received, and
    /// sending it again was not safe or the retries were used up.
    Transport(Box<TransportError>),
    /// Graph answered with success, but not with the JSON expected.
    Decode(Box<DecodeError>),
    /// An answer was longer than the client's limit
    /// ([`ClientBuilder::max_response_size`](crate::http::client::ClientBuilder::max_response_size)).
    #[non_exhaustive]
    TooLarge {
        /// The status of the answer.
        status: StatusCode,
        /// The limit, in bytes.
        limit: usize,
    },
    /// No token could be had from the token provider.
    Auth(Box<AuthError>),
    /// The `$batch` request that carried this request failed as a whole,
    /// and this request was not carried out; the cause is shared by every
    /// request in that batch.
    Batch(Arc<Error>),
    /// A request that changes something may have been carried out, but no
    /// answer tells. It was not sent again: look before trying again, or
    /// something may happen twice.
    OutcomeUnknown(Box<OutcomeUnknown>),
    /// One item of a list or delta page did not decode. The list goes on
    /// with the next item (unless it is strict): this error costs one item.
    Item(Box<ItemError>),
    /// Graph no longer knows the delta link (`410 Gone`, `resyncRequired`,
    /// `syncStateNotFound`): start over with a full delta query, and store
    /// the new link it ends with.
    ResyncRequired(Box<ApiError>),
    /// A failure inside this library, not Graph's answer nor the caller's
    /// request: a task that panicked, or a state that should not occur. A
    /// request it concerns that changes something is reported as of
    /// unknown outcome too. Worth reporting as a bug, with the message.
    Internal(String),
    /// A local file could not be read or written.
    File(Box<FileError>),
    /// A long-running operation failed, or did not finish in time.
    Poll(Box<PollError>),
    /// An upload through a session stopped, or its session is gone.
    Upload(Box<UploadError>),
}

impl Error {
    /// The HTTP status Graph answered with, if it answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) | Error::ResyncRequired(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            Error::TooLarge { status, .. } => Some(*status),
            Error::Batch(cause) => cause.status(),
            _ => None,
        }
    }

    /// Graph's error, if Graph answered with one.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) | Error::ResyncRequired(e) => Some(e),
            Error::Batch(cause) => cause.api(),
            _ => None,
        }
    }

    /// Whether Graph answered 404 Not Found: the item, or one the request
    /// names, does not exist; or, right after Entra ID created it, not yet
    /// (see `wait_for_replication` on each operation).
    pub fn is_not_found(&self) -> bool {
        self.api().is_some_and(|e| e.status == StatusCode::NOT_FOUND)
    }

    /// Whether the same call may succeed if made again later, and is safe
    /// to make again: throttling or unavailability that outlasted the retry
    /// policy, or a read whose connection failed. Never true when the
    /// outcome is unknown.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api(e) => crate::http::retry::is_retryable_status(e.status),
            Error::Transport(t) => !t.refused,
            Error::Auth(a) => a.timed_out,
            Error::Batch(cause) => cause.is_retryable(),
            _ => false,
        }
    }

    /// Whether an attempt (or the token request) timed out.
    pub fn is_timeout(&self) -> bool {
        match self {
            Error::Transport(t) => t.timed_out,
            Error::Auth(a) => a.timed_out,
            Error::Batch(cause) => cause.is_timeout(),
            Error::OutcomeUnknown(u) => u.cause.is_timeout(),
            _ => false,
        }
    }

    /// Whether a request that changes something may have been carried out
    /// although no answer came back. Such a request is never sent again on
    /// its own: look before trying again, or something may happen twice.
    pub fn is_outcome_unknown(&self) -> bool {
        matches!(self, Error::OutcomeUnknown(_))
    }

    /// Whether a delta link must be given up for a full sync; see
    /// [`Error::ResyncRequired`].
    pub fn is_resync_required(&self) -> bool {
        matches!(self, Error::ResyncRequired(_))
    }

    /// OpenTelemetry's `error.type`: the status Graph answered with, else
    /// what kind of failure it was; few values, for grouping.
    pub(crate) fn kind_name(&self) -> std::borrow::Cow<'static, str> {
        match self {
            Error::Api(e) | Error::ResyncRequired(e) => e.status.as_u16().to_string().into(),
            Error::InvalidPath(_) => "invalid_path".into(),
            Error::Config(_) => "config".into(),
            Error::InvalidRequest(_) => "invalid_request".into(),
            Error::Protocol(_) => "protocol".into(),
            Error::Transport(_) if self.is_timeout() => "timeout".into(),
            Error::Transport(_) => "transport".into(),
            Error::Decode(_) | Error::Item(_) => "decode".into(),
            Error::TooLarge { .. } => "too_large".into(),
            Error::Auth(_) => "auth".into(),
            Error::Batch(cause) => cause.kind_name(),
            Error::OutcomeUnknown(_) => "outcome_unknown".into(),
            Error::Internal(_) => "internal".into(),
            Error::File(_) => "file".into(),
            Error::Poll(_) => "poll".into(),
            Error::Upload(_) => "upload".into(),
        }
    }

    pub(crate) fn invalid_request(part: RequestPart, message: impl Into<String>) -> Self {
        Error::InvalidRequest(Box::new(InvalidRequest {
            part,
            message: message.into(),
        }))
    }

    pub(crate) fn config(setting: Setting, message: impl Into<String>) -> Self {
        Error::Config(Box::new(ConfigError {
            setting,
            message: message.into(),
        }))
    }

    pub(crate) fn protocol(kind: ProtocolKind, message: impl Into<String>) -> Self {
        Error::Protocol(Box::new(ProtocolError {
            kind,
            message: message.into(),
        }))
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
            Error::Config(e) => e.fmt(f),
            Error::InvalidRequest(e) => e.fmt(f),
            Error::Protocol(e) => e.fmt(f),
            Error::Transport(e) => e.fmt(f),
            Error::Decode(e) => e.fmt(f),
            Error::TooLarge { status, limit } => write!(
                f,
                "Graph answered {status} with a body longer than the client's limit of {limit} bytes: \
                 raise it with ClientBuilder::max_response_size, or ask for less ($select, $top)"
            ),
            Error::Auth(e) => e.fmt(f),
            Error::Batch(cause) => write!(f, "the batch carrying this request failed: {cause}"),
            Error::OutcomeUnknown(u) => u.fmt(f),
            Error::Item(e) => e.fmt(f),
            Error::ResyncRequired(e) => write!(
                f,
                "the delta link has expired, so Graph cannot tell what changed since ({e}): \
                 start over with a full delta query (Delta::start) and store the link it ends with"
            ),
            Error::Internal(msg) => write!(
                f,
                "an internal failure of graph-resource, not of Graph or the request ({msg}): \
                 please report it as a bug"
            ),
            Error::File(e) => e.fmt(f),
            Error::Poll(e) => e.fmt(f),
            Error::Upload(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) => Some(&e.source),
            Error::Decode(e) => Some(&e.source),
            Error::Batch(cause) => Some(&**cause),
            Error::OutcomeUnknown(u) => Some(&u.cause),
            Error::Item(e) => Some(&e.source),
            Error::File(e) => Some(&e.source),
            Error::Upload(e) => Some(&e.source),
            _ => None,
        }
    }
}
