//! Faults a test can inject: error statuses, dropped connections, delays,
//! redirects, and bodies that do not read.

use std::time::Duration;

use bytes::Bytes;

use crate::answer::{Answer, Body, graph_error_body};
use crate::state::Faults;

/// A fault the emulator answers with instead of serving a request.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Fault {
    /// Answer with this status, optional `Retry-After`, and this body.
    Status {
        /// The status code.
        status: u16,
        /// The `Retry-After` header, as written.
        retry_after: Option<String>,
        /// The `Content-Type`.
        content_type: String,
        /// The body.
        body: String,
    },
    /// Close the connection without answering, after reading the request.
    Drop,
    /// Serve the request (what it changes is changed), then close the
    /// connection without answering: an answer lost on the way back.
    DropAfterServing,
    /// Serve the request as usual: queued before another fault, it makes
    /// that one land on a later request.
    Serve,
    /// Cut the connection while the request's body is arriving, after its
    /// first piece: a slice that never arrives whole.
    CutBody,
    /// Serve the request normally, but only after this delay.
    Delay(Duration),
    /// Answer with a redirect.
    Redirect {
        /// 301, 302, 303, 307 or 308.
        status: u16,
        /// The `Location` header.
        location: String,
    },
}

impl Fault {
    /// A Graph-shaped error with this status, code and message.
    pub fn graph_error(status: u16, code: &str, message: &str) -> Self {
        Fault::Status {
            status,
            retry_after: None,
            content_type: "application/json".into(),
            body: graph_error_body(code, message).to_string(),
        }
    }

    /// A Graph-shaped error for this status, e.g. 503 `serviceNotAvailable`.
    pub fn status(status: u16) -> Self {
        let code = match status {
            429 => "TooManyRequests",
            503 => "serviceNotAvailable",
            504 => "gatewayTimeout",
            500 => "generalException",
            _ => "error",
        };
        Fault::graph_error(status, code, "Injected by the emulator.")
    }

    /// Adds a `Retry-After` header to a `Status` fault.
    pub fn retry_after(self, value: &str) -> Self {
        match self {
            Fault::Status {
                status,
                content_type,
                body,
                ..
            } => Fault::Status {
                status,
                retry_after: Some(value.to_owned()),
                content_type,
                body,
            },
            other => other,
        }
    }

    /// An HTML page, as a proxy or gateway answers.
    pub fn html(status: u16) -> Self {
        Fault::Status {
            status,
            retry_after: None,
            content_type: "text/html".into(),
            body: format!(
                "<!DOCTYPE html><html><head><title>{status} Gateway Error</title></head>\
                 <body><h1>The upstream server did not answer.</h1></body></html>"
            ),
        }
    }

    /// A success status whose JSON body is cut off.
    pub fn truncated_json(status: u16) -> Self {
        Fault::Status {
            status,
            retry_after: None,
            content_type: "application/json".into(),
            body: r##"{"@odata.type":"#microsoft.graph.entity","id":"12"##.into(),
        }
    }

    /// A redirect to `location`.
    pub fn redirect(status: u16, location: &str) -> Self {
        Fault::Redirect {
            status,
            location: location.to_owned(),
        }
    }
}

impl Faults {
    /// The fault for the next Graph request, if any: a queued one, else the
    /// steady throttling, if this request's turn has come.
    pub(crate) fn next(&mut self) -> Option<Fault> {
        self.graph_requests += 1;
        let seen = self.graph_requests;
        let steady = self
            .throttle_every
            .as_ref()
            .filter(|(n, _)| seen.is_multiple_of(*n))
            .map(|(_, retry_after)| Fault::status(429).retry_after(retry_after));
        self.queued.pop_front().or(steady)
    }

    /// The `Retry-After` to throttle the next `$batch` item with, if its turn has come.
    pub(crate) fn next_batch_item(&mut self) -> Option<String> {
        self.batch_items += 1;
        let seen = self.batch_items;
        self.throttle_batch_items
            .as_ref()
            .filter(|(n, _)| seen.is_multiple_of(*n))
            .map(|(_, retry_after)| retry_after.clone())
    }
}

/// The answer for a `Status` or `Redirect` fault.
pub(crate) fn fault_answer(fault: Fault) -> Option<Answer> {
    match fault {
        Fault::Status {
            status,
            retry_after,
            content_type,
            body,
        } => {
            let answer = Answer {
                status,
                headers: Vec::new(),
                body: Body::Raw {
                    content_type,
                    bytes: Bytes::from(body),
                },
            };
            Some(match retry_after {
                Some(ra) => answer.header("retry-after", ra),
                None => answer,
            })
        }
        Fault::Redirect { status, location } => Some(Answer::empty(status).header("location", location)),
        Fault::Drop | Fault::DropAfterServing | Fault::Serve | Fault::CutBody | Fault::Delay(_) => None,
    }
}
