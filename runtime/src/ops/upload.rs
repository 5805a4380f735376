//! Resumable uploads through an upload session (`createUploadSession` for
//! drive items, attachments, print documents): the content goes in slices,
//! in order, to the session's `uploadUrl`, without the token; a slice that
//! fails is followed by asking the session where it stands, so that what
//! it acknowledged is never sent again; the URL can be stored and the
//! upload resumed in another process.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use bytes::Bytes;
use reqwest::Method;
use serde_json::Value;

use crate::http::body;
use crate::http::client::Client;
use crate::http::error::{Error, FileError, ProtocolKind, RequestPart, UploadError};
use crate::ops::raw::Request;

/// Slices are multiples of this: 320 KiB, as the service requires.
pub const SLICE_UNIT: u64 = 320 * 1024;

/// The largest slice the service takes: 60 MiB.
pub const MAX_SLICE: u64 = 60 * 1024 * 1024;

/// How many slices in a row may fail before the upload stops.
const MAX_FAILURES: u32 = 5;

/// What `createUploadSession` answers: where to send the content, and until
/// when. Its `upload_url` may be stored: an upload to it resumes where the
/// session stands, from any process, while the session lives.
///
/// Feature `transfer`, on by default.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct UploadSession {
    /// Where the slices go: a pre-signed URL, its query a credential.
    pub upload_url: String,
    /// When the session expires, as Graph wrote it.
    pub expiration_date_time: Option<String>,
    /// The ranges the session still expects (`["0-"]` for a new one).
    pub next_expected_ranges: Vec<String>,
}

impl std::fmt::Debug for UploadSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The URL's query is its credential.
        f.debug_struct("UploadSession")
            .field("upload_url", &self.upload_url.split('?').next().unwrap_or(""))
            .field("expiration_date_time", &self.expiration_date_time)
            .field("next_expected_ranges", &self.next_expected_ranges)
            .finish()
    }
}

impl UploadSession {
    /// Sends `request` (a `POST` to a `createUploadSession`, with its body
    /// if any) and reads the session it answers.
    ///
    /// # Errors
    ///
    /// The request's own; [`Error::Protocol`] when the answer holds no
    /// `uploadUrl`.
    pub async fn start(request: Request<'_>) -> Result<UploadSession, Error> {
        let answer: Value = request.send().await?;
        UploadSession::from_json(&answer).ok_or_else(|| {
            Error::protocol(
                ProtocolKind::UploadSession,
                "the createUploadSession answer has no `uploadUrl`",
            )
        })
    }

    /// Reads a session from what Graph answered (or what the session's URL
    /// answers when asked where it stands, without `uploadUrl`).
    fn from_json(value: &Value) -> Option<UploadSession> {
        Some(UploadSession {
            upload_url: value.get("uploadUrl")?.as_str()?.to_owned(),
            expiration_date_time: value
                .get("expirationDateTime")
                .and_then(Value::as_str)
                .map(str::to_owned),
            next_expected_ranges: ranges(value),
        })
    }
}

/// `nextExpectedRanges`, from a session's answer.
fn ranges(value: &Value) -> Vec<String> {
    value
        .get("nextExpectedRanges")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).map(str::to_owned).collect())
        .unwrap_or_default()
}

/// Where an upload's bytes come from.
#[derive(Debug)]
enum Source {
    Bytes(Bytes),
    File(PathBuf),
}

type OnProgress = Box<dyn FnMut(u64, u64) + Send>;

/// An upload through a session, sent when [`send`](Upload::send) is
/// awaited; made by [`Client::upload`].
///
/// ```no_run
/// # async fn run(client: graph_resource::Client) -> Result<(), graph_resource::Error> {
/// use graph_resource::Method;
/// use graph_resource::ops::UploadSession;
///
/// let session = UploadSession::start(
///     client
///         .request(Method::POST, "/drives/{drive}/items/root:/{name}:/createUploadSession")
///         .value("drive", "d1")
///         .value("name", "backup.zip"),
/// )
/// .await?;
/// // The session's URL may be stored: the same call resumes the upload.
/// let item: serde_json::Value = client
///     .upload(&session.upload_url)
///     .file("backup.zip")
///     .on_progress(|sent, total| eprintln!("{sent} of {total} bytes"))
///     .send()
///     .await?;
/// # Ok(()) }
/// ```
///
/// Feature `transfer`, on by default.
#[must_use = "nothing is sent until `send` is awaited"]
pub struct Upload<'a> {
    client: &'a Client,
    url: String,
    source: Option<Source>,
    slice: u64,
    progress: Option<OnProgress>,
}

impl std::fmt::Debug for Upload<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Upload")
            .field("source", &self.source)
            .field("slice", &self.slice)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// An upload to an upload session's `uploadUrl` (new, or stored from an
    /// upload that stopped); see [`Upload`].
    pub fn upload(&self, upload_url: &str) -> Upload<'_> {
        Upload {
            client: self,
            url: upload_url.to_owned(),
            source: None,
            slice: 16 * SLICE_UNIT,
            progress: None,
        }
    }

    /// Cancels an upload session: the service drops what it received.
    ///
    /// # Errors
    ///
    /// As a request to a pre-signed URL.
    pub async fn cancel_upload(&self, upload_url: &str) -> Result<(), Error> {
        self.presigned(Method::DELETE, upload_url).send().await.map(drop)
    }
}

impl Upload<'_> {
    /// The content: these bytes.
    pub fn bytes(mut self, bytes: impl Into<Bytes>) -> Self {
        self.source = Some(Source::Bytes(bytes.into()));
        self
    }

    /// The content: this file, read a slice at a time.
    pub fn file(mut self, path: impl AsRef<Path>) -> Self {
        self.source = Some(Source::File(path.as_ref().to_owned()));
        self
    }

    /// The size of a slice: a multiple of 320 KiB ([`SLICE_UNIT`]) up to 60
    /// MiB (5 MiB unless set).
    pub fn slice_size(mut self, bytes: u64) -> Self {
        self.slice = bytes;
        self
    }

    /// Called after each slice the session acknowledged, with the bytes it
    /// has and the total.
    pub fn on_progress(mut self, progress: impl FnMut(u64, u64) + Send + 'static) -> Self {
        self.progress = Some(Box::new(progress));
        self
    }

    /// Sends what the session does not have yet, slice by slice, and
    /// answers with what the last slice's answer holds (the item created).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] for a slice size the service would refuse
    /// or no content; [`Error::File`] for a file that cannot be read;
    /// [`Error::Upload`] when the session has expired or the upload stops,
    /// with how many bytes the session acknowledged.
    pub async fn send(mut self) -> Result<Value, Error> {
        if self.slice == 0 || !self.slice.is_multiple_of(SLICE_UNIT) || self.slice > MAX_SLICE {
            return Err(Error::invalid_request(
                RequestPart::Body,
                format!(
                    "a slice of {} bytes: the service takes multiples of 320 KiB ({SLICE_UNIT} bytes) up to \
                     60 MiB",
                    self.slice
                ),
            ));
        }
        let source = self
            .source
            .take()
            .ok_or_else(|| Error::invalid_request(RequestPart::Body, "no content: give `bytes` or `file`"))?;
        let mut reader = Reader::open(source).await?;
        let total = reader.len;
        if total == 0 {
            return Err(Error::invalid_request(
                RequestPart::Body,
                "no bytes to upload: an empty file goes with one PUT to the item's `content`",
            ));
        }
        // Where the session stands: zero for a new one, further for one
        // resumed.
        let mut offset = self.next_expected(0, total).await?;
        let mut failures = 0;
        loop {
            let len = self.slice.min(total - offset);
            let bytes = reader.read(offset, len).await?;
            let range = format!("bytes {offset}-{}/{total}", offset + len - 1);
            let sent = self
                .client
                .presigned(Method::PUT, &self.url)
                .no_resend()
                .header("Content-Range", range)
                .body(bytes, "application/octet-stream")
                .send()
                .await;
            match sent {
                Ok(answer) if answer.status().as_u16() != 202 => {
                    if let Some(progress) = &mut self.progress {
                        progress(total, total);
                    }
                    return Ok(serde_json::from_slice(answer.value()).unwrap_or(Value::Null));
                }
                Ok(answer) => {
                    failures = 0;
                    let state: Value = serde_json::from_slice(answer.value()).unwrap_or_default();
                    offset = first_expected(&ranges(&state)).unwrap_or(offset + len);
                }
                Err(e) if is_gone(&e) => return Err(upload_error(true, offset, total, e)),
                Err(e) => {
                    failures += 1;
                    if failures >= MAX_FAILURES || !worth_asking(&e) {
                        return Err(upload_error(false, offset, total, e));
                    }
                    tracing::warn!(offset, error = %e, "a slice failed; asking the session where it stands");
                    offset = self.next_expected(offset, total).await?;
                }
            }
            if let Some(progress) = &mut self.progress {
                progress(offset, total);
            }
            if offset >= total {
                // Every byte acknowledged, yet no item came: ask once more.
                return Err(upload_error(
                    false,
                    offset,
                    total,
                    Error::invalid_request(
                        RequestPart::Body,
                        "the session has every byte but answered no item",
                    ),
                ));
            }
        }
    }

    /// Asks the session for the first byte it expects.
    async fn next_expected(&self, at: u64, total: u64) -> Result<u64, Error> {
        let answer = self
            .client
            .presigned(Method::GET, &self.url)
            .send()
            .await
            .map_err(|e| upload_error(is_gone(&e), at, total, e))?;
        let state: Value = serde_json::from_slice(answer.value()).unwrap_or_default();
        Ok(first_expected(&ranges(&state)).unwrap_or(at).min(total))
    }
}

/// `["26-"]` or `["12345-55232", "77829-99375"]` → 26, 12345.
fn first_expected(ranges: &[String]) -> Option<u64> {
    ranges.first()?.split('-').next()?.trim().parse().ok()
}

/// A session that is gone: expired, cancelled, or never there.
fn is_gone(e: &Error) -> bool {
    e.status().is_some_and(|s| matches!(s.as_u16(), 404 | 410))
}

/// A failure after which the session may know more than the client: a
/// lost answer, a refused range, the service failing.
fn worth_asking(e: &Error) -> bool {
    matches!(e, Error::Transport(_) | Error::OutcomeUnknown(_))
        || e.status()
            .is_some_and(|s| s.as_u16() == 416 || s.is_server_error() || s.as_u16() == 429)
}

fn upload_error(expired: bool, acknowledged: u64, total: u64, source: Error) -> Error {
    Error::Upload(Box::new(UploadError {
        expired,
        acknowledged,
        total,
        source,
    }))
}

/// The content, read a slice at a time.
struct Reader {
    source: Source,
    file: Option<Arc<File>>,
    len: u64,
}

impl Reader {
    async fn open(source: Source) -> Result<Reader, Error> {
        match source {
            Source::Bytes(bytes) => Ok(Reader {
                len: bytes.len() as u64,
                source: Source::Bytes(bytes),
                file: None,
            }),
            Source::File(path) => {
                let fail = |source| file_error(&path, source);
                let open = path.clone();
                let (file, len) = body::blocking(move || {
                    let file = File::open(open)?;
                    let len = file.metadata()?.len();
                    Ok((Arc::new(file), len))
                })
                .await
                .map_err(fail)?;
                Ok(Reader {
                    source: Source::File(path),
                    file: Some(file),
                    len,
                })
            }
        }
    }

    async fn read(&mut self, offset: u64, len: u64) -> Result<Bytes, Error> {
        match (&self.source, &self.file) {
            (Source::Bytes(bytes), _) => Ok(bytes.slice(offset as usize..(offset + len) as usize)),
            (Source::File(path), Some(file)) => {
                let file = Arc::clone(file);
                body::blocking(move || read_at(&file, offset, len))
                    .await
                    .map(Bytes::from)
                    .map_err(|e| file_error(path, e))
            }
            (Source::File(path), None) => Err(file_error(path, std::io::ErrorKind::NotFound.into())),
        }
    }
}

/// `len` bytes of `file` from `offset`.
fn read_at(mut file: &File, offset: u64, len: u64) -> std::io::Result<Vec<u8>> {
    use std::io::{Read, Seek};
    let mut buf = vec![0; len as usize];
    file.seek(std::io::SeekFrom::Start(offset))?;
    file.read_exact(&mut buf)?;
    Ok(buf)
}

fn file_error(path: &Path, source: std::io::Error) -> Error {
    Error::File(Box::new(FileError {
        path: path.to_owned(),
        writing: false,
        source,
    }))
}
