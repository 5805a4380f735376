//! A request of one's own: any method, a path from a template with values
//! or a link Graph gave, query options, headers and a JSON body, through
//! the same pipeline as every operation. The documented way out for
//! anything the attribute does not model.

use bytes::Bytes;
use reqwest::header::HeaderValue;
use reqwest::{Method, Url};
use serde::Serialize;

use crate::http::body;
use crate::http::call::{Call, Source, Target};
use crate::http::client::Client;
use crate::http::error::Error;
use crate::http::error::RequestPart;
use crate::http::headers::Headers;
use crate::odata::path::{Part, Template};
use crate::odata::query::Query;
use crate::odata::returned::Returned;
use crate::ops::control::{Control, per_call_control};
#[cfg(feature = "transfer")]
use crate::ops::download::Download;
use crate::ops::operations::json_body;
use crate::ops::options::{Operation, check_query};
use crate::ops::response::Answered;

mod template;
use template::render;

/// The template of every request made with [`Client::request`], in logs
/// and errors: the path itself may hold personal data, as ids.
static RAW: Template = Template::new("(a request made with Client::request)", &[Part::Literal("")]);

/// A request made with [`Client::request`], sent when
/// [`send`](Request::send) is awaited. It keeps every behaviour of the
/// generated operations: the token (refreshed once on a 401), retries as
/// the method allows (a `POST` or `PATCH` whose answer was lost is never
/// sent again), Graph's error bodies, the redirect policy, the timeouts,
/// pacing and tracing.
///
/// ```no_run
/// # async fn run(client: graph_resource::Client) -> Result<(), graph_resource::Error> {
/// use graph_resource::Method;
///
/// // A single-valued navigation, as JSON.
/// let manager: serde_json::Value = client
///     .request(Method::GET, "/users/{id}/manager")
///     .value("id", "adele@contoso.com")
///     .option("$select", "id,displayName")
///     .send()
///     .await?;
///
/// // An action that answers 204 No Content.
/// let () = client
///     .request(Method::POST, "/deviceManagement/managedDevices/{id}/syncDevice")
///     .value("id", "d1")
///     .send()
///     .await?;
/// # Ok(()) }
/// ```
#[must_use = "a request is sent when `send` is awaited"]
#[derive(Debug)]
pub struct Request<'a> {
    client: &'a Client,
    method: Method,
    path: String,
    values: Vec<(String, String)>,
    query: Query,
    headers: Headers,
    body: Option<Result<Bytes, String>>,
    /// The body's media type, when it is not JSON.
    content_type: Option<Result<HeaderValue, String>>,
    /// A body read as it is sent: a file or a stream.
    source: Option<Source>,
    control: Control,
}

impl Client {
    /// A request of one's own: `path` is a template below the base URL
    /// (`/users/{id}/manager`, each `{name}` given with
    /// [`value`](Request::value) and encoded as the typed paths encode
    /// theirs), or an absolute URL Graph gave (`@odata.nextLink`), which
    /// must be on the client's origin.
    pub fn request(&self, method: Method, path: &str) -> Request<'_> {
        Request {
            client: self,
            method,
            path: path.to_owned(),
            values: Vec::new(),
            query: Query::new(),
            headers: Headers::default(),
            body: None,
            content_type: None,
            source: None,
            control: Control::default(),
        }
    }

    // The verbs below are written out one by one, not by a macro, so that
    // the compile error each gives points at plain code.

    /// Not a method: a compile error that names [`request`](Client::request).
    #[doc(hidden)]
    pub fn get<P>(&self, _path: P) -> Request<'_>
    where
        P: crate::ops::hints::VerbIsRequest,
    {
        self.request(Method::GET, "/")
    }

    /// Not a method: a compile error that names [`request`](Client::request).
    #[doc(hidden)]
    pub fn post<P>(&self, _path: P) -> Request<'_>
    where
        P: crate::ops::hints::VerbIsRequest,
    {
        self.request(Method::POST, "/")
    }

    /// Not a method: a compile error that names [`request`](Client::request).
    #[doc(hidden)]
    pub fn patch<P>(&self, _path: P) -> Request<'_>
    where
        P: crate::ops::hints::VerbIsRequest,
    {
        self.request(Method::PATCH, "/")
    }

    /// Not a method: a compile error that names [`request`](Client::request).
    #[doc(hidden)]
    pub fn put<P>(&self, _path: P) -> Request<'_>
    where
        P: crate::ops::hints::VerbIsRequest,
    {
        self.request(Method::PUT, "/")
    }

    /// Not a method: a compile error that names [`request`](Client::request).
    #[doc(hidden)]
    pub fn delete<P>(&self, _path: P) -> Request<'_>
    where
        P: crate::ops::hints::VerbIsRequest,
    {
        self.request(Method::DELETE, "/")
    }
}

impl<'c> Request<'c> {
    /// The value of the placeholder `{name}`.
    pub fn value(mut self, name: &str, value: impl Into<String>) -> Self {
        self.values.retain(|(n, _)| n != name);
        self.values.push((name.to_owned(), value.into()));
        self
    }

    /// Query options; see [`Query`].
    pub fn query(mut self, query: Query) -> Self {
        self.query = query;
        self
    }

    /// One query option; see [`Query::option`].
    pub fn option(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query = std::mem::take(&mut self.query).option(name, value);
        self
    }

    /// A request header.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.set(name, value);
        self
    }

    /// A JSON body.
    pub fn json<B: Serialize + ?Sized>(mut self, body: &B) -> Self {
        self.body = Some(json_body(body).map_err(|e| e.to_string()));
        self
    }

    /// A body of bytes of any kind (`application/octet-stream`, `text/csv`,
    /// an image), sent as it is. Bytes can be sent again, so the request is
    /// retried as its method allows.
    pub fn body(mut self, bytes: impl Into<Bytes>, content_type: &str) -> Self {
        self.body = Some(Ok(bytes.into()));
        self.source = None;
        self.content_type = Some(HeaderValue::from_str(content_type).map_err(|_| {
            format!(
                "the content type `{}` is not a header value",
                content_type.escape_debug()
            )
        }));
        self
    }

    /// A file as the body, read as it is sent (never whole in memory) and
    /// read again for each attempt, so that the request is retried as its
    /// method allows.
    pub fn file(mut self, path: impl AsRef<std::path::Path>, content_type: &str) -> Self {
        self = self.body(Bytes::new(), content_type);
        self.body = None;
        self.source = Some(Source::File(path.as_ref().to_owned()));
        self
    }

    /// A stream of bytes as the body, sent as it comes. A stream goes
    /// once: this request is never sent again, whatever the answer (a
    /// throttled one included), and a stream that fails midway ends it with
    /// an error that says so.
    pub fn stream<S>(mut self, stream: S, content_type: &str) -> Self
    where
        S: futures_core::TryStream + Send + 'static,
        S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
        Bytes: From<S::Ok>,
    {
        self = self.body(Bytes::new(), content_type);
        self.body = None;
        self.source = Some(Source::Stream(std::sync::Mutex::new(Some(body::stream(stream)))));
        self
    }

    /// Sends the request and reads the answer as `T`: `()` for none (`204`,
    /// or an empty `200`), `serde_json::Value`, an object type of this
    /// crate's, or a collection or primitive, which Graph wraps in
    /// `{"value": ...}` and which is unwrapped.
    pub async fn send<T: Returned>(self) -> Result<T, Error> {
        self.send_with_headers().await.map(Answered::into_value)
    }

    /// [`send`](Request::send), with the answer's status and headers
    /// beside the value: a `Location` after `202 Accepted`, an `ETag`.
    pub async fn send_with_headers<T: Returned>(self) -> Result<Answered<T>, Error> {
        let client = self.client;
        let (call, target) = self.into_call(false)?;
        let mut answer = client.send(call.with_target(&target)).await?;
        let value = T::from_body(&answer.body).map_err(|e| answer.decode_error(e))?;
        Ok(Answered::new(value, &mut answer))
    }

    #[cfg(feature = "transfer")]
    /// Sends the request and hands over the answer's body unread, as a
    /// [`Download`] to read piece by piece (or into a file) in bounded
    /// memory, with no limit on its length: the client's size limit is for
    /// JSON. A `Range` header asks for part of it.
    ///
    /// ```no_run
    /// # async fn run(client: graph_resource::Client) -> Result<(), graph_resource::Error> {
    /// use graph_resource::Method;
    ///
    /// let download = client
    ///     .request(Method::GET, "/drives/{drive}/items/{item}/content")
    ///     .value("drive", "d1")
    ///     .value("item", "i1")
    ///     .download()
    ///     .await?;
    /// let written = download.to_file("report.xlsx").await?;
    /// println!("{written} bytes");
    /// # Ok(()) }
    /// ```
    pub async fn download(self) -> Result<Download, Error> {
        let (client, method) = (self.client, self.method.clone());
        let (call, target) = self.into_call(true)?;
        let answer = client.send(call.with_target(&target)).await?;
        Ok(Download::new(answer, method, RAW.source()))
    }

    /// The call this request makes, and where it goes.
    fn into_call(self, stream: bool) -> Result<(Prepared<'c>, Owned), Error> {
        let body = self
            .body
            .transpose()
            .map_err(|e| Error::invalid_request(RequestPart::Body, e))?;
        let content_type = self
            .content_type
            .transpose()
            .map_err(|e| Error::invalid_request(RequestPart::Header, e))?;
        check_query(&self.query, Operation::List)?;
        let headers = self.headers.for_query(&self.query).to_http()?;
        let target = if self.path.starts_with("https://") || self.path.starts_with("http://") {
            if !self.values.is_empty() {
                return Err(Error::invalid_request(
                    RequestPart::Path,
                    "a link Graph gave is used as it is: it takes no placeholder values",
                ));
            }
            let mut url = Url::parse(&self.path).map_err(|e| {
                Error::invalid_request(RequestPart::Path, format!("`{}` is not a URL: {e}", self.path))
            })?;
            if !self.query.is_empty() {
                let query = match url.query() {
                    Some(q) => format!("{q}&{}", self.query.to_query_string()),
                    None => self.query.to_query_string(),
                };
                url.set_query(Some(&query));
            }
            Owned::Url(url)
        } else {
            let mut path = render(&self.path, &self.values)?;
            if !self.query.is_empty() {
                path.push('?');
                path.push_str(&self.query.to_query_string());
            }
            Owned::Path(path)
        };
        Ok((
            Prepared {
                method: self.method,
                body,
                source: self.source,
                content_type,
                headers,
                stream,
                control: self.control,
                client: self.client,
            },
            target,
        ))
    }
}

/// A request, checked and ready to go but for its target, which it borrows.
struct Prepared<'c> {
    client: &'c Client,
    method: Method,
    body: Option<Bytes>,
    source: Option<Source>,
    content_type: Option<HeaderValue>,
    headers: Vec<(reqwest::header::HeaderName, HeaderValue)>,
    stream: bool,
    control: Control,
}

impl Prepared<'_> {
    fn with_target<'t>(self, target: &'t Owned) -> Call<'t> {
        let target = match target {
            Owned::Path(p) => Target::Path(p),
            Owned::Url(u) => Target::Url(u.clone()),
        };
        let mut call = Call::new(self.method, &RAW, false, target, self.body).headers(self.headers);
        if let Some(content_type) = self.content_type {
            call.content_type = content_type;
        }
        call.stream = self.stream;
        call.source = self.source;
        self.control.apply(self.client, call)
    }
}

enum Owned {
    Path(String),
    Url(Url),
}

per_call_control!(['a] Request<'a> => control);
