//! An answer's body read as it comes, piece by piece: a file's content, a
//! report, an export, in bounded memory and with no limit on its length.

use std::fs::File;
use std::io::Write as _;
use std::path::Path;
use std::sync::Arc;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use tokio::io::AsyncWriteExt;

use crate::http::body;
use crate::http::call::Answer;
use crate::http::error::{Error, FileError};
use crate::http::pipeline::transport_error;
use crate::http::retry::Lost;

/// A success answer whose body has not been read yet: made by
/// [`Request::download`](crate::ops::Request::download) and
/// [`Presigned::download`](crate::ops::Presigned::download).
///
/// Read it with [`chunk`](Download::chunk) until `None`, or write it with
/// [`to_file`](Download::to_file) or [`to_writer`](Download::to_writer).
/// A connection cut while reading is an error that says how many bytes
/// came: ask again with `Range: bytes={received}-` for the rest.
///
/// Feature `transfer`, on by default.
#[derive(Debug)]
pub struct Download {
    status: StatusCode,
    headers: HeaderMap,
    response: Option<reqwest::Response>,
    received: u64,
    method: reqwest::Method,
    template: &'static str,
    client_request_id: String,
}

impl Download {
    pub(crate) fn new(mut answer: Answer, method: reqwest::Method, template: &'static str) -> Self {
        Download {
            status: answer.status,
            headers: std::mem::take(&mut answer.headers),
            response: answer.unread.take().map(|r| *r),
            received: 0,
            method,
            template,
            client_request_id: std::mem::take(&mut answer.client_request_id),
        }
    }

    /// A download of `response`, whose request is named, for errors, by its
    /// method, template and `client-request-id`.
    pub(crate) fn unread(
        response: reqwest::Response,
        status: StatusCode,
        headers: HeaderMap,
        (method, template, client_request_id): (reqwest::Method, &'static str, String),
    ) -> Self {
        Download {
            status,
            headers,
            response: Some(response),
            received: 0,
            method,
            template,
            client_request_id,
        }
    }

    /// The answer's status: `200`, or `206 Partial Content` for a range.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// Every header of the answer.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// A header's first value, if it is there and is text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body's length, when the answer says it.
    pub fn content_length(&self) -> Option<u64> {
        self.header("content-length").and_then(|n| n.parse().ok())
    }

    /// How many bytes of the body have been read.
    pub fn received(&self) -> u64 {
        self.received
    }

    /// The next piece of the body, as it came; `None` at its end.
    ///
    /// # Errors
    ///
    /// [`Error::Transport`] when the connection fails or is cut before the
    /// body's end; [`received`](Download::received) says how far it got.
    pub async fn chunk(&mut self) -> Result<Option<Bytes>, Error> {
        let Some(response) = self.response.as_mut() else {
            return Ok(None);
        };
        match response.chunk().await {
            Ok(Some(chunk)) => {
                self.received += chunk.len() as u64;
                Ok(Some(chunk))
            }
            Ok(None) => {
                self.response = None;
                Ok(None)
            }
            Err(source) => {
                self.response = None;
                // Answered with success, then cut: its outcome is known.
                Err(transport_error(
                    (&self.method, self.template),
                    true,
                    source,
                    Lost::NoAnswer,
                    1,
                    self.client_request_id.clone(),
                ))
            }
        }
    }

    /// Writes the body to `writer` as it comes, and answers how many bytes
    /// it wrote.
    ///
    /// # Errors
    ///
    /// As [`chunk`](Download::chunk); a failed write is [`Error::File`]
    /// (with an empty path: the writer is the caller's).
    pub async fn to_writer<W>(mut self, writer: &mut W) -> Result<u64, Error>
    where
        W: tokio::io::AsyncWrite + Unpin + ?Sized,
    {
        let fail = |source| {
            Error::File(Box::new(FileError {
                path: Default::default(),
                writing: true,
                source,
            }))
        };
        loop {
            match self.chunk().await {
                Ok(Some(chunk)) => writer.write_all(&chunk).await.map_err(fail)?,
                Ok(None) => break,
                Err(e) => {
                    // What came is kept, for a `Range` request to go on from.
                    let _ = writer.flush().await;
                    return Err(e);
                }
            }
        }
        writer.flush().await.map_err(fail)?;
        Ok(self.received)
    }

    /// Writes the body to the file at `path` (created, or truncated), and
    /// answers how many bytes it wrote. A body cut off leaves the bytes that
    /// came in the file, so that a `Range` request can fetch the rest.
    ///
    /// # Errors
    ///
    /// As [`chunk`](Download::chunk), and [`Error::File`] when the file
    /// cannot be created or written.
    pub async fn to_file(mut self, path: impl AsRef<Path>) -> Result<u64, Error> {
        let path = path.as_ref();
        let fail = |source| {
            Error::File(Box::new(FileError {
                path: path.to_owned(),
                writing: true,
                source,
            }))
        };
        let create = path.to_owned();
        let file = Arc::new(body::blocking(move || File::create(create)).await.map_err(fail)?);
        let mut written = 0;
        // A chunk that fails leaves what came in the file: `write_all` on
        // a `File` keeps nothing back to flush.
        while let Some(chunk) = self.chunk().await? {
            let file = Arc::clone(&file);
            let len = chunk.len() as u64;
            body::blocking(move || (&*file).write_all(&chunk))
                .await
                .map_err(fail)?;
            written += len;
        }
        Ok(written)
    }

    /// The whole body, read into memory: for a body known to be small.
    ///
    /// # Errors
    ///
    /// As [`chunk`](Download::chunk).
    pub async fn bytes(mut self) -> Result<Bytes, Error> {
        let mut all = bytes::BytesMut::new();
        while let Some(chunk) = self.chunk().await? {
            all.extend_from_slice(&chunk);
        }
        Ok(all.freeze())
    }
}
