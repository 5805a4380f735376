//! What the emulator answers, before it is put on the wire: the edge turns
//! it into HTTP, `$batch` into a JSON response item.

use bytes::Bytes;
use serde_json::{Value, json};

/// An answer.
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: Body,
}

/// An answer's body.
pub(crate) enum Body {
    Empty,
    Json(Value),
    /// Bytes as they are, with their content type: a fault's page or cut-off JSON.
    Raw {
        content_type: String,
        bytes: Bytes,
    },
    /// Part of an item's content (`application/octet-stream`), which may
    /// be read from disk as it is sent.
    Content(crate::disk::Part),
}

/// The content type Graph answers JSON with.
pub(crate) const GRAPH_JSON: &str =
    "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

impl Answer {
    pub(crate) fn json(status: u16, body: Value) -> Answer {
        Answer {
            status,
            headers: Vec::new(),
            body: Body::Json(body),
        }
    }

    pub(crate) fn empty(status: u16) -> Answer {
        Answer {
            status,
            headers: Vec::new(),
            body: Body::Empty,
        }
    }

    /// A Graph error answer.
    pub(crate) fn error(status: u16, code: &str, message: &str) -> Answer {
        Answer::json(status, graph_error_body(code, message))
    }

    pub(crate) fn header(mut self, name: &'static str, value: impl Into<String>) -> Answer {
        self.headers.push((name, value.into()));
        self
    }
}

/// Graph's error body: `{"error": {"code", "message", "innerError": {...}}}`.
pub(crate) fn graph_error_body(code: &str, message: &str) -> Value {
    json!({
        "error": {
            "code": code,
            "message": message,
            "innerError": {
                "date": "2026-11-29T00:00:00",
                "request-id": uuid::Uuid::new_v4().to_string(),
                "client-request-id": uuid::Uuid::new_v4().to_string(),
            }
        }
    })
}
