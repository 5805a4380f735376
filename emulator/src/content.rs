//! Binary content, as Graph serves a file's: uploaded with `PUT
//! {item}/content`, downloaded from `GET {item}/content` through a redirect
//! to a pre-signed URL on another origin (`localhost` rather than
//! `127.0.0.1`, so that a client drops its token on the way), or from
//! `{item}/$value` directly; both with `Range`. A pre-signed URL carries its
//! own signature and refuses a request that carries `Authorization`, as
//! storage services do.

use bytes::Bytes;
use serde_json::json;

use crate::Emulator;
use crate::RecordedRequest;
use crate::answer::{Answer, Body};
use crate::disk::Content;
use crate::request::GraphRequest;
use crate::state::State;

/// Where pre-signed URLs live, below the emulator's root.
pub(crate) const STORAGE: &str = "/_storage/";

/// What a pre-signed URL gives access to.
pub(crate) struct Grant {
    /// The content's item path.
    pub(crate) item: String,
    /// The `sig` the URL carries.
    pub(crate) sig: String,
}

/// `{item}/content` or `{item}/$value`: the item's path, and whether it is
/// `/content` (downloaded through a redirect).
fn content_of(path: &str) -> Option<(&str, bool)> {
    if let Some(item) = path.strip_suffix("/content") {
        Some((item, true))
    } else {
        path.strip_suffix("/$value").map(|item| (item, false))
    }
}

/// Serves a Graph request for content, if it is one.
pub(crate) fn serve(state: &mut State, req: &GraphRequest<'_>) -> Option<Answer> {
    let (item, redirect) = content_of(req.path)?;
    Some(match req.method {
        "PUT" => {
            let bytes = Bytes::copy_from_slice(req.body);
            let size = bytes.len();
            let replaced = state
                .contents
                .insert(item.to_owned(), Content::Memory(bytes))
                .is_some();
            let id = item.rsplit('/').next().unwrap_or(item);
            let url = presign(state, item, req.origin);
            Answer::json(
                if replaced { 200 } else { 201 },
                json!({"id": id, "size": size, "@microsoft.graph.downloadUrl": url}),
            )
        }
        "GET" if !state.contents.contains_key(item) => {
            Answer::error(404, "itemNotFound", "The resource could not be found.")
        }
        "GET" if redirect => Answer::empty(302).header("location", presign(state, item, req.origin)),
        "GET" => ranged(&state.contents[item], req.header("range")),
        _ => Answer::error(
            405,
            "BadRequest",
            "Content is uploaded with PUT and read with GET.",
        ),
    })
}

/// A new pre-signed URL for `item`'s content, on the emulator's other name.
pub(crate) fn presign(state: &mut State, item: &str, origin: &str) -> String {
    let key = uuid::Uuid::new_v4().simple().to_string();
    let sig = uuid::Uuid::new_v4().simple().to_string();
    state.grants.insert(
        key.clone(),
        Grant {
            item: item.to_owned(),
            sig: sig.clone(),
        },
    );
    let other = origin.replacen("127.0.0.1", "localhost", 1);
    format!("{other}{STORAGE}{key}?sv=2025-01-05&sr=b&sp=r&sig={sig}")
}

/// Serves a request to a pre-signed URL.
pub(crate) fn storage(state: &mut State, req: &RecordedRequest) -> Answer {
    let (path, query) = req.target.split_once('?').unwrap_or((&req.target, ""));
    let key = path.strip_prefix(STORAGE).unwrap_or("");
    if req.header("authorization").is_some() {
        return storage_error(
            400,
            "InvalidAuthenticationInfo",
            "This URL carries its own authorization: a request to it must not carry an Authorization header.",
        );
    }
    let sig = query.split('&').find_map(|p| p.strip_prefix("sig="));
    let Some(grant) = state.grants.get(key).filter(|g| Some(g.sig.as_str()) == sig) else {
        return storage_error(
            403,
            "AuthenticationFailed",
            "Server failed to authenticate the request: the signature does not match.",
        );
    };
    match (req.method.as_str(), state.contents.get(&grant.item)) {
        ("GET", Some(bytes)) => ranged(bytes, req.header("range")),
        ("GET", None) => storage_error(404, "BlobNotFound", "The specified blob does not exist."),
        _ => storage_error(
            405,
            "UnsupportedHttpVerb",
            "The resource doesn't support the specified HTTP verb.",
        ),
    }
}

/// An Azure Storage error: XML, its code in a header too.
pub(crate) fn storage_error(status: u16, code: &str, message: &str) -> Answer {
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>{code}</Code><Message>{message}</Message></Error>"
    );
    Answer {
        status,
        headers: vec![("x-ms-error-code", code.to_owned())],
        body: Body::Raw {
            content_type: "application/xml".into(),
            bytes: Bytes::from(xml),
        },
    }
}

/// `content`, or the part a `Range: bytes=a-b` (`a-`, `-n`) names: `206`
/// with `Content-Range`, `416` when no byte of it exists.
pub(crate) fn ranged(content: &Content, range: Option<&str>) -> Answer {
    let total = content.len();
    let answer = |status, part, mut headers: Vec<(&'static str, String)>| {
        headers.push(("accept-ranges", "bytes".into()));
        Answer {
            status,
            headers,
            body: if total == 0 {
                Body::Empty
            } else {
                Body::Content(part)
            },
        }
    };
    let whole = || answer(200, content.part(0, total.saturating_sub(1)), Vec::new());
    let Some(spec) = range.and_then(|r| r.trim().strip_prefix("bytes=")) else {
        return whole();
    };
    let Some((first, last)) = spec.split_once('-') else {
        return whole();
    };
    let (first, last) = match (first.trim().parse::<u64>().ok(), last.trim().parse::<u64>().ok()) {
        (Some(a), Some(b)) => (a, b.min(total.saturating_sub(1))),
        (Some(a), None) => (a, total.saturating_sub(1)),
        (None, Some(n)) => (total.saturating_sub(n), total.saturating_sub(1)),
        (None, None) => return whole(),
    };
    if first >= total || first > last {
        return Answer {
            status: 416,
            headers: vec![("content-range", format!("bytes */{total}"))],
            body: Body::Empty,
        };
    }
    answer(
        206,
        content.part(first, last),
        vec![("content-range", format!("bytes {first}-{last}/{total}"))],
    )
}

impl Emulator {
    /// Stores `bytes` as the content of the item at `item` (a path without
    /// the version, e.g. `/drives/d1/items/i1`), as `PUT {item}/content`
    /// would.
    pub fn put_content(&self, item: &str, bytes: impl Into<Bytes>) {
        self.state
            .lock()
            .contents
            .insert(item.to_owned(), Content::Memory(bytes.into()));
    }

    /// The content stored for the item at `item`.
    pub fn content(&self, item: &str) -> Option<Bytes> {
        self.state.lock().contents.get(item).map(Content::to_bytes)
    }

    /// A new pre-signed URL that downloads the content of the item at
    /// `item`, as `@microsoft.graph.downloadUrl` gives one: on `localhost`,
    /// another origin than the emulator's `127.0.0.1`; it refuses a
    /// request that carries `Authorization`.
    pub fn presigned_url(&self, item: &str) -> String {
        let origin = format!("http://{}", self.addr);
        presign(&mut self.state.lock(), item, &origin)
    }
}
