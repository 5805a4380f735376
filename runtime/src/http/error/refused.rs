//! Failures that end a call before Graph carried it out, or after its
//! answer could not be followed: each says which part was wrong, for a
//! caller to branch on, and in its message, what to do.

use std::fmt;

/// Which setting of a client (or of its token provider) is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Setting {
    /// The base URL: malformed, with a query, or plain http off loopback.
    BaseUrl,
    /// No token provider was given.
    TokenProvider,
    /// A default header the client sets itself, or a value it cannot send.
    DefaultHeader,
    /// The HTTP stack: TLS could not be set up, or the proxy is not a URL.
    HttpClient,
    /// The app's credentials: a certificate or key that does not read, or
    /// a token endpoint that is malformed or plain http off loopback.
    Credentials,
    /// The Redis URL of a `RedisLimiter`.
    Redis,
    /// The blocking client's runtime: it cannot start, or it was asked to
    /// wait inside another async runtime.
    Runtime,
}

/// The client or its token provider is set up wrongly; nothing was sent.
#[derive(Debug)]
#[non_exhaustive]
pub struct ConfigError {
    /// Which setting.
    pub setting: Setting,
    /// What is wrong with it, and what to do.
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "client configuration: {}", self.message)
    }
}

/// Which part of a request cannot be sent as asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RequestPart {
    /// The path: a template of one's own, its values, or a link given.
    Path,
    /// A query option.
    Query,
    /// A header.
    Header,
    /// The body: it does not serialize, or not to an object.
    Body,
    /// A property name (`$select`, `$expand`, `set_null`) the type does not have.
    Property,
}

/// A request cannot be sent as asked; nothing was sent.
#[derive(Debug)]
#[non_exhaustive]
pub struct InvalidRequest {
    /// Which part of it.
    pub part: RequestPart,
    /// What is wrong, and what to do.
    pub message: String,
}

impl fmt::Display for InvalidRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid request: {}", self.message)
    }
}

/// How Graph's answer broke the protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ProtocolKind {
    /// A link (`@odata.nextLink`) to another origin than the client's: the
    /// token is not sent there.
    LinkToAnotherOrigin,
    /// A link that leads back to a page already read.
    LinkCycle,
    /// A link that is not a URL.
    MalformedLink,
    /// A `$batch` answer without `responses`, or without one for a request.
    BatchAnswer,
    /// A `createUploadSession` answer without `uploadUrl`.
    UploadSession,
    /// A report export job answered without its id, or completed without
    /// its `url`.
    ExportJob,
    /// A report action's answer that is not a table (`Schema`, `Values`).
    ReportTable,
    /// An app, content version or content file answered without its id,
    /// a storage URI, or a block list that can be read.
    AppContent,
}

/// Graph's answer cannot be followed, and the operation ends.
#[derive(Debug)]
#[non_exhaustive]
pub struct ProtocolError {
    /// How.
    pub kind: ProtocolKind,
    /// What was seen.
    pub message: String,
}

impl fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Graph's answer cannot be followed: {}", self.message)
    }
}
