//! Helpers shared by the integration tests in `tests/`: the corpus, a
//! wire-exact mock server that records the bytes it receives and answers
//! with canned bytes, a tracing capture, and the check that bulk work
//! stored each item once.

pub mod actions;
pub mod capture;
pub mod expect;

pub use capture::Capture;

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A file of the Graph docs corpus kept in `tests/corpus/payloads`.
pub fn payload(name: &str) -> String {
    let path = format!("{}/corpus/payloads/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// All payload file names.
pub fn payload_names() -> Vec<String> {
    let dir = format!("{}/corpus/payloads", env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("the corpus is in tests/corpus")
        .map(|e| {
            e.expect("readable entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

/// Writes every `@odata.type` in the canonical form, with its `#`: the form
/// the crate writes, whichever form it read (the docs' examples write both).
pub fn canonical_types(v: &mut Value) {
    match v {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                if k == "@odata.type" {
                    if let Value::String(s) = v
                        && !s.starts_with('#')
                    {
                        s.insert(0, '#');
                    }
                } else {
                    canonical_types(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(canonical_types),
        _ => {}
    }
}

/// What the mock server does with one request.
#[derive(Debug, Clone)]
pub enum Reply {
    /// Write these bytes as the answer, then keep the connection open.
    Raw(String),
    /// Close the connection without answering.
    Close,
    /// Wait, then write these bytes.
    After(Duration, String),
}

impl Reply {
    /// An HTTP/1.1 answer with a JSON body and extra header lines.
    pub fn json(status: &str, headers: &[(&str, &str)], body: &str) -> Reply {
        Reply::with_type(status, "application/json", headers, body)
    }

    /// An HTTP/1.1 answer with any content type.
    pub fn with_type(status: &str, content_type: &str, headers: &[(&str, &str)], body: &str) -> Reply {
        let mut head = format!(
            "HTTP/1.1 {status}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\n",
            body.len()
        );
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        Reply::Raw(format!("{head}\r\n{body}"))
    }
}

/// A request as received: the head as text and the body bytes.
#[derive(Debug, Clone)]
pub struct RawRequest {
    /// The request line and headers, exactly as sent.
    pub head: String,
    /// The body.
    pub body: Vec<u8>,
}

impl RawRequest {
    /// The request line, e.g. `POST /beta/users/... HTTP/1.1`.
    pub fn request_line(&self) -> &str {
        self.head.lines().next().unwrap_or("")
    }

    /// The value of a header (names compared without case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim().eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// A server on 127.0.0.1 that answers with the replies it is given, in
/// order, and records every request it reads.
pub struct MockServer {
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    received: Arc<Mutex<Vec<RawRequest>>>,
    task: tokio::task::JoinHandle<()>,
}

impl MockServer {
    /// Starts the server.
    pub async fn start(replies: Vec<Reply>) -> MockServer {
        MockServer::start_with(|_| replies).await
    }

    /// Starts the server with replies that may name its own URL.
    pub async fn start_with(replies: impl FnOnce(&str) -> Vec<Reply>) -> MockServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        let replies = replies(&url);
        let received = Arc::new(Mutex::new(Vec::new()));
        let replies = Arc::new(Mutex::new(VecDeque::from(replies)));
        let log = received.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, log.clone(), replies.clone()));
            }
        });
        MockServer { url, received, task }
    }

    /// The requests read so far.
    pub fn received(&self) -> Vec<RawRequest> {
        self.received.lock().expect("not poisoned").clone()
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(
    mut stream: TcpStream,
    log: Arc<Mutex<Vec<RawRequest>>>,
    replies: Arc<Mutex<VecDeque<Reply>>>,
) {
    let mut buf = Vec::new();
    loop {
        let Some(request) = read_request(&mut stream, &mut buf).await else {
            return;
        };
        log.lock().expect("not poisoned").push(request);
        let reply = replies.lock().expect("not poisoned").pop_front();
        match reply {
            Some(Reply::Raw(bytes)) => {
                if stream.write_all(bytes.as_bytes()).await.is_err() {
                    return;
                }
            }
            Some(Reply::After(d, bytes)) => {
                tokio::time::sleep(d).await;
                if stream.write_all(bytes.as_bytes()).await.is_err() {
                    return;
                }
            }
            Some(Reply::Close) | None => return,
        }
    }
}

async fn read_request(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Option<RawRequest> {
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).into_owned();
            let length: usize = head
                .lines()
                .find_map(|l| {
                    let (k, v) = l.split_once(':')?;
                    k.trim()
                        .eq_ignore_ascii_case("content-length")
                        .then(|| v.trim().parse().ok())?
                })
                .unwrap_or(0);
            while buf.len() < end + 4 + length {
                let mut chunk = [0u8; 8192];
                let n = stream.read(&mut chunk).await.ok().filter(|n| *n > 0)?;
                buf.extend_from_slice(&chunk[..n]);
            }
            let body = buf[end + 4..end + 4 + length].to_vec();
            buf.drain(..end + 4 + length);
            return Some(RawRequest { head, body });
        }
        let mut chunk = [0u8; 8192];
        let n = stream.read(&mut chunk).await.ok().filter(|n| *n > 0)?;
        buf.extend_from_slice(&chunk[..n]);
    }
}

/// Sends raw bytes to `addr` and returns everything it answers until it
/// closes the connection (the request should say `Connection: close`).
pub async fn raw_exchange(addr: std::net::SocketAddr, request: &str) -> String {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut out = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut out)).await;
    String::from_utf8_lossy(&out).into_owned()
}

/// Checks that the emulator's collection at `collection` holds `n` items,
/// each with its own `sourceId`: nothing lost, nothing created twice.
pub fn assert_each_once(emulator: &graph_resource::emulator::Emulator, collection: &str, n: usize) {
    let stored = emulator.items(collection);
    let distinct: std::collections::HashSet<&str> =
        stored.iter().filter_map(|i| i["sourceId"].as_str()).collect();
    assert_eq!((stored.len(), distinct.len()), (n, n), "each item exactly once");
}
