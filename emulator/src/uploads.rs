//! Upload sessions, as Graph runs them for large files: `POST
//! .../createUploadSession` answers an `uploadUrl` (on another origin, no
//! token wanted there); `PUT` slices to it with `Content-Range`, in order,
//! each acknowledged with `202` and `nextExpectedRanges` until the last,
//! answered with the item; `GET` says where it stands, `DELETE` cancels.

use serde_json::json;

use crate::Emulator;
use crate::RecordedRequest;
use crate::answer::Answer;
use crate::disk::Receiving;
use crate::request::GraphRequest;
use crate::state::State;

/// Where upload URLs live, below the emulator's root.
pub(crate) const UPLOADS: &str = "/_upload/";

/// When every session expires: the emulator's sessions expire when a test
/// says so.
const EXPIRES: &str = "2026-12-31T00:00:00Z";

/// A session under way.
pub(crate) struct Session {
    /// Where the content goes when complete (the path the session was
    /// created at, without `/createUploadSession`).
    item: String,
    name: String,
    /// What came so far: created by the first slice, which gives the total.
    received: Option<Receiving>,
    total: Option<u64>,
    expired: bool,
}

/// `POST {item}/createUploadSession`.
pub(crate) fn create(state: &mut State, req: &GraphRequest<'_>) -> Option<Answer> {
    let item = req.path.strip_suffix("/createUploadSession")?;
    if req.method != "POST" {
        return None;
    }
    // `/drives/d1/items/root:/report.pdf:` names the file.
    let name = item
        .trim_end_matches(':')
        .rsplit_once(":/")
        .map_or("file", |(_, name)| name)
        .to_owned();
    let key = uuid::Uuid::new_v4().simple().to_string();
    state.sessions.insert(
        key.clone(),
        Session {
            item: item.to_owned(),
            name,
            received: None,
            total: None,
            expired: false,
        },
    );
    let other = req.origin.replacen("127.0.0.1", "localhost", 1);
    Some(Answer::json(
        200,
        json!({
            "@odata.type": "#microsoft.graph.uploadSession",
            "uploadUrl": format!("{other}{UPLOADS}{key}?tempauth={}", uuid::Uuid::new_v4().simple()),
            "expirationDateTime": EXPIRES,
            "nextExpectedRanges": ["0-"],
        }),
    ))
}

/// A request to an upload URL.
pub(crate) fn serve(state: &mut State, req: &RecordedRequest) -> Answer {
    let path = req.target.split('?').next().unwrap_or("");
    let key = path.strip_prefix(UPLOADS).unwrap_or("").to_owned();
    if req.header("authorization").is_some() {
        return Answer::error(
            401,
            "unauthenticated",
            "An upload URL carries its own authorization: a request to it must not carry an Authorization \
             header.",
        );
    }
    let Some(session) = state.sessions.get_mut(&key).filter(|s| !s.expired) else {
        return Answer::error(404, "itemNotFound", "The upload session was not found.");
    };
    match req.method.as_str() {
        "GET" => status(session, 200),
        "DELETE" => {
            state.sessions.remove(&key);
            Answer::empty(204)
        }
        "PUT" => {
            let Some((first, last, total)) = req.header("content-range").and_then(content_range) else {
                return Answer::error(
                    400,
                    "invalidRequest",
                    "A slice needs `Content-Range: bytes {first}-{last}/{total}`.",
                );
            };
            if session.total.is_some_and(|t| t != total) || last < first || last >= total {
                return Answer::error(400, "invalidRange", "The Content-Range does not fit the upload.");
            }
            if last - first + 1 != req.body.len() as u64 {
                return Answer::error(
                    400,
                    "invalidRange",
                    "The slice's length is not its Content-Range's.",
                );
            }
            if first != session.len() {
                return Answer::error(416, "invalidRange", "The range is not the next one expected.");
            }
            session.total = Some(total);
            let received = match session.received.take() {
                Some(received) => Ok(received),
                None => Receiving::for_total(total),
            };
            let received = match received.and_then(|mut r| r.append(&req.body).map(|()| r)) {
                Ok(received) => received,
                Err(e) => {
                    return Answer::error(500, "generalException", &format!("cannot keep the slice: {e}"));
                }
            };
            if received.len() < total {
                session.received = Some(received);
                return status(session, 202);
            }
            let session = state.sessions.remove(&key).expect("found above");
            let id = uuid::Uuid::new_v4().to_string();
            let size = received.len();
            let content = match received.finish() {
                Ok(content) => content,
                Err(e) => {
                    return Answer::error(500, "generalException", &format!("cannot keep the upload: {e}"));
                }
            };
            state.contents.insert(session.item.clone(), content);
            Answer::json(
                201,
                json!({"@odata.type": "#microsoft.graph.driveItem", "id": id, "name": session.name, "size": size}),
            )
        }
        _ => Answer::error(405, "invalidRequest", "An upload URL takes PUT, GET and DELETE."),
    }
}

/// The session's state: what it still expects.
fn status(session: &Session, code: u16) -> Answer {
    Answer::json(
        code,
        json!({
            "expirationDateTime": EXPIRES,
            "nextExpectedRanges": [format!("{}-", session.len())],
        }),
    )
}

impl Session {
    /// How many bytes it has received.
    fn len(&self) -> u64 {
        self.received.as_ref().map_or(0, Receiving::len)
    }
}

/// `bytes 0-99/1000` → (0, 99, 1000).
fn content_range(value: &str) -> Option<(u64, u64, u64)> {
    let (range, total) = value.trim().strip_prefix("bytes ")?.split_once('/')?;
    let (first, last) = range.split_once('-')?;
    Some((first.parse().ok()?, last.parse().ok()?, total.parse().ok()?))
}

impl Emulator {
    /// Makes every upload session expire, as the service's do after a time.
    pub fn expire_upload_sessions(&self) {
        for session in self.state.lock().sessions.values_mut() {
            session.expired = true;
        }
    }

    /// How many bytes each upload session under way has received.
    pub fn upload_sessions(&self) -> Vec<u64> {
        self.state.lock().sessions.values().map(Session::len).collect()
    }
}
