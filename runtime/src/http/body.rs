//! Request bodies read as they are sent (a file, a caller's stream), and
//! local file work done off the async threads.
//!
//! Both bodies are `http_body::Body`s handed to reqwest with `Body::wrap`,
//! and files are read and written with `std::fs` inside
//! `tokio::task::spawn_blocking` (what `tokio::fs` does), so that the
//! default build needs neither reqwest's `stream` feature nor tokio's `fs`.

use std::fs::File;
use std::future::Future;
use std::io::{self, Read};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};

use bytes::Bytes;
use futures_core::TryStream;
use http_body::Frame;
use tokio::task::{JoinError, JoinHandle};

/// How much of a file one read takes: a frame of the body.
const FILE_CHUNK: usize = 64 * 1024;

/// Runs blocking file work on tokio's blocking threads; a task that
/// panicked is an I/O error that says so.
pub(crate) async fn blocking<T, F>(work: F) -> io::Result<T>
where
    F: FnOnce() -> io::Result<T> + Send + 'static,
    T: Send + 'static,
{
    joined(tokio::task::spawn_blocking(work).await)
}

/// A blocking task's result; one that panicked is an I/O error that says so.
fn joined<T>(done: Result<io::Result<T>, JoinError>) -> io::Result<T> {
    done.unwrap_or_else(|e| {
        Err(io::Error::other(format!(
            "the file task ended without finishing: {e}"
        )))
    })
}

/// A file as a request body, read a chunk at a time as it is sent.
pub(crate) fn file(file: File) -> reqwest::Body {
    reqwest::Body::wrap(FileBody {
        file: Arc::new(file),
        reading: None,
        ended: false,
    })
}

/// A caller's stream of bytes as a request body.
pub(crate) fn stream<S>(stream: S) -> reqwest::Body
where
    S: TryStream + Send + 'static,
    S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    Bytes: From<S::Ok>,
{
    reqwest::Body::wrap(StreamBody {
        stream: std::sync::Mutex::new(Box::pin(stream)),
    })
}

/// A file read by chunks on the blocking threads (`&File` reads, so each
/// read holds the file through a shared reference).
struct FileBody {
    file: Arc<File>,
    reading: Option<JoinHandle<io::Result<Vec<u8>>>>,
    ended: bool,
}

impl http_body::Body for FileBody {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        let this = &mut *self;
        if this.ended {
            return Poll::Ready(None);
        }
        let file = &this.file;
        let reading = this.reading.get_or_insert_with(|| {
            let file = Arc::clone(file);
            tokio::task::spawn_blocking(move || {
                let mut buf = vec![0; FILE_CHUNK];
                let n = (&*file).read(&mut buf)?;
                buf.truncate(n);
                Ok(buf)
            })
        });
        let read = joined(ready!(Pin::new(reading).poll(cx)));
        this.reading = None;
        Poll::Ready(match read {
            Ok(buf) if buf.is_empty() => {
                this.ended = true;
                None
            }
            Ok(buf) => Some(Ok(Frame::data(Bytes::from(buf)))),
            Err(e) => {
                this.ended = true;
                Some(Err(e))
            }
        })
    }

    fn is_end_stream(&self) -> bool {
        self.ended
    }
}

/// A stream's frames; the stream is behind a mutex so that the body is
/// `Sync`, as reqwest's bodies must be, whatever the caller's stream is.
struct StreamBody<S> {
    stream: std::sync::Mutex<Pin<Box<S>>>,
}

impl<S> http_body::Body for StreamBody<S>
where
    S: TryStream,
    S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    Bytes: From<S::Ok>,
{
    type Data = Bytes;
    type Error = Box<dyn std::error::Error + Send + Sync>;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let stream = self.get_mut().stream.get_mut().unwrap_or_else(|e| e.into_inner());
        match ready!(stream.as_mut().try_poll_next(cx)) {
            Some(Ok(chunk)) => Poll::Ready(Some(Ok(Frame::data(Bytes::from(chunk))))),
            Some(Err(e)) => Poll::Ready(Some(Err(e.into()))),
            None => Poll::Ready(None),
        }
    }
}
