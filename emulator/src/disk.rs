//! Content as the emulator keeps it: small content in memory, large
//! content (an upload past [`ON_DISK`]) in a temporary file, read back in
//! pieces when downloaded, so that the emulator's memory stays small
//! whatever the size and a program's peak memory is its own.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::PathBuf;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::{Bytes, BytesMut};
use http_body_util::Full;
use hyper::body::{Body, Frame, SizeHint};

/// Uploads larger than this go to disk.
pub(crate) const ON_DISK: u64 = 8 * 1024 * 1024;

/// How much of a file one piece of a download holds.
const PIECE: usize = 256 * 1024;

/// An item's content.
pub(crate) enum Content {
    Memory(Bytes),
    /// A temporary file, removed when the content is dropped.
    Disk {
        path: PathBuf,
        len: u64,
    },
}

impl Content {
    pub(crate) fn len(&self) -> u64 {
        match self {
            Content::Memory(bytes) => bytes.len() as u64,
            Content::Disk { len, .. } => *len,
        }
    }

    /// The bytes `first..=last`, as a body to send.
    pub(crate) fn part(&self, first: u64, last: u64) -> Part {
        match self {
            Content::Memory(bytes) => Part::Memory(bytes.slice(first as usize..=last as usize)),
            Content::Disk { path, .. } => Part::Disk {
                path: path.clone(),
                offset: first,
                len: last - first + 1,
            },
        }
    }

    /// All of it in memory: for tests, which keep small content.
    pub(crate) fn to_bytes(&self) -> Bytes {
        match self {
            Content::Memory(bytes) => bytes.clone(),
            Content::Disk { path, .. } => std::fs::read(path).map(Bytes::from).unwrap_or_default(),
        }
    }
}

impl Drop for Content {
    fn drop(&mut self) {
        if let Content::Disk { path, .. } = self {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Part of a content, to answer with.
#[derive(Clone)]
pub(crate) enum Part {
    Memory(Bytes),
    Disk { path: PathBuf, offset: u64, len: u64 },
}

/// Content being received, slice by slice.
pub(crate) enum Receiving {
    Memory(BytesMut),
    Disk { file: File, path: PathBuf, len: u64 },
}

impl Receiving {
    /// Where an upload of `total` bytes is kept.
    pub(crate) fn for_total(total: u64) -> std::io::Result<Receiving> {
        if total <= ON_DISK {
            return Ok(Receiving::Memory(BytesMut::new()));
        }
        let path = std::env::temp_dir().join(format!(
            "graph-resource-emulator-{}-{}",
            std::process::id(),
            uuid::Uuid::new_v4().simple()
        ));
        let file = File::create(&path)?;
        Ok(Receiving::Disk { file, path, len: 0 })
    }

    pub(crate) fn len(&self) -> u64 {
        match self {
            Receiving::Memory(bytes) => bytes.len() as u64,
            Receiving::Disk { len, .. } => *len,
        }
    }

    pub(crate) fn append(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        match self {
            Receiving::Memory(all) => all.extend_from_slice(bytes),
            Receiving::Disk { file, len, .. } => {
                file.write_all(bytes)?;
                *len += bytes.len() as u64;
            }
        }
        Ok(())
    }

    pub(crate) fn finish(self) -> std::io::Result<Content> {
        Ok(match self {
            Receiving::Memory(bytes) => Content::Memory(bytes.freeze()),
            Receiving::Disk { mut file, path, len } => {
                file.flush()?;
                Content::Disk { path, len }
            }
        })
    }
}

/// A response body: bytes in memory, or a part of a file read a piece at
/// a time.
pub(crate) enum WireBody {
    Full(Full<Bytes>),
    File {
        file: Option<File>,
        left: u64,
        failed: bool,
    },
}

impl WireBody {
    pub(crate) fn of(part: Part) -> WireBody {
        match part {
            Part::Memory(bytes) => WireBody::Full(Full::new(bytes)),
            Part::Disk { path, offset, len } => {
                let file = File::open(&path).and_then(|mut f| f.seek(SeekFrom::Start(offset)).map(|_| f));
                WireBody::File {
                    failed: file.is_err(),
                    file: file.ok(),
                    left: len,
                }
            }
        }
    }
}

impl Body for WireBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        match self.get_mut() {
            WireBody::Full(full) => Pin::new(full)
                .poll_frame(cx)
                .map(|f| f.map(|f| f.map_err(|never| match never {}))),
            WireBody::File { failed: true, .. } => Poll::Ready(Some(Err(std::io::Error::other(
                "the content's file cannot be read",
            )))),
            WireBody::File { file, left, .. } => {
                let Some(f) = file.as_mut().filter(|_| *left > 0) else {
                    return Poll::Ready(None);
                };
                // A local file's read is short; the emulator reads in place.
                let mut buf = vec![0; PIECE.min(*left as usize)];
                match f.read(&mut buf) {
                    Ok(0) => Poll::Ready(Some(Err(std::io::ErrorKind::UnexpectedEof.into()))),
                    Ok(n) => {
                        buf.truncate(n);
                        *left -= n as u64;
                        Poll::Ready(Some(Ok(Frame::data(Bytes::from(buf)))))
                    }
                    Err(e) => Poll::Ready(Some(Err(e))),
                }
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        match self {
            WireBody::Full(full) => full.is_end_stream(),
            WireBody::File { left, failed, .. } => *left == 0 && !failed,
        }
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            WireBody::Full(full) => full.size_hint(),
            WireBody::File { left, .. } => SizeHint::with_exact(*left),
        }
    }
}
