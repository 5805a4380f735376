//! Graph's error answer: `{"error": {"code", "message", "innerError": {...}}}`.

use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde_json::Value;

use super::text::{Secrets, xml_element};

/// An error answer from Graph, with what its body and headers said.
///
/// Graph's body is `{"error": {"code", "message", "innerError": {...}}}`;
/// the inner error is spelled `innerError` or `innererror` and may nest.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// `error.code`, e.g. `accessDenied`.
    pub code: Option<String>,
    /// `error.message`, meant for developers; do not branch on it.
    pub message: Option<String>,
    /// The inner errors, outermost first, each with the code and message it gave.
    pub inner: Vec<InnerError>,
    /// `error.details`: per-target errors, e.g. from validation.
    pub details: Vec<InnerError>,
    /// The `request-id` header, or the one in the inner error.
    pub request_id: Option<String>,
    /// The `client-request-id` header, or the one in the inner error.
    pub client_request_id: Option<String>,
    /// The `date` in the inner error, as Graph wrote it (without a zone).
    pub date: Option<String>,
    /// The last `Retry-After` Graph asked for.
    pub retry_after: Option<Duration>,
    /// How many times the request was sent.
    pub attempts: u32,
    /// The body, when it was not a Graph error (an HTML page from a proxy,
    /// say): its start, so that the error still tells what happened.
    pub body: Option<String>,
    /// The response's `Content-Type`.
    pub content_type: Option<String>,
}

/// One level of `innerError`, or one entry of `details`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct InnerError {
    /// Its `code`, if it has one.
    pub code: Option<String>,
    /// Its `message`, if it has one.
    pub message: Option<String>,
    /// Its `target`, if it has one.
    pub target: Option<String>,
}

impl InnerError {
    /// Its code, message and target, each redacted.
    fn read(v: &Value, secrets: Secrets<'_>) -> Self {
        InnerError {
            code: text(v, "code", secrets),
            message: text(v, "message", secrets),
            target: text(v, "target", secrets),
        }
    }
}

impl ApiError {
    /// Reads Graph's answer. Never fails: a body that is not JSON, or not a
    /// Graph error, is kept in part in `body`. Every string taken from the
    /// answer has `secrets` redacted and control characters escaped.
    pub(crate) fn from_response(
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
        attempts: u32,
        secrets: Secrets<'_>,
    ) -> Self {
        let header = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(|v| secrets.clean(v))
        };
        let mut e = ApiError {
            status,
            code: None,
            message: None,
            inner: Vec::new(),
            details: Vec::new(),
            request_id: header("request-id"),
            client_request_id: header("client-request-id"),
            date: None,
            retry_after: crate::http::retry::retry_after(headers),
            attempts,
            body: None,
            content_type: header("content-type"),
        };
        let parsed = serde_json::from_slice::<Value>(body).ok();
        let error = parsed
            .as_ref()
            .and_then(|v| v.get("error"))
            .filter(|v| v.is_object());
        match error {
            Some(error) => e.read_error(error, secrets),
            None => {
                // Azure Storage (a SAS URL's service) names its error in a
                // header and says it in an XML `<Message>`.
                e.code = header("x-ms-error-code");
                if e.code.is_some() {
                    e.message = std::str::from_utf8(body)
                        .ok()
                        .and_then(|xml| xml_element(xml, "Message"))
                        .map(|m| secrets.clean(m));
                    e.request_id = e.request_id.take().or_else(|| header("x-ms-request-id"));
                }
                e.body = Some(secrets.snippet(body));
            }
        }
        e
    }

    fn read_error(&mut self, error: &Value, secrets: Secrets<'_>) {
        let field = |v: &Value, k: &str| text(v, k, secrets);
        self.code = field(error, "code");
        self.message = field(error, "message");
        // The chain is bounded, so a malicious body cannot make this loop long.
        for level in std::iter::successors(inner_of(error), |level| inner_of(level)).take(32) {
            self.request_id = self
                .request_id
                .take()
                .or_else(|| field(level, "request-id").or_else(|| field(level, "requestId")));
            self.client_request_id = self
                .client_request_id
                .take()
                .or_else(|| field(level, "client-request-id"));
            self.date = self.date.take().or_else(|| field(level, "date"));
            // A level that gives only ids (Graph's usual innerError: `date`,
            // `request-id`, `client-request-id`) has no error of its own.
            let level = InnerError::read(level, secrets);
            if level != InnerError::default() {
                self.inner.push(level);
            }
        }
        if let Some(details) = error.get("details").and_then(Value::as_array) {
            self.details = details
                .iter()
                .take(32)
                .map(|d| InnerError::read(d, secrets))
                .collect();
        }
    }

    /// The most specific code given: the innermost inner error's, else the
    /// top-level `code`. Graph advises branching on this.
    pub fn most_specific_code(&self) -> Option<&str> {
        self.inner
            .iter()
            .rev()
            .find_map(|i| i.code.as_deref().filter(|c| !c.is_empty()))
            .or(self.code.as_deref().filter(|c| !c.is_empty()))
    }
}

/// `v`'s string `key`, redacted.
fn text(v: &Value, key: &str, secrets: Secrets<'_>) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(|s| secrets.clean(s))
}

fn inner_of(v: &Value) -> Option<&Value> {
    v.get("innerError")
        .or_else(|| v.get("innererror"))
        .filter(|v| v.is_object())
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Graph answered {}", self.status)?;
        match (&self.code, &self.message) {
            (None, None) => match &self.body {
                Some(body) if !body.is_empty() => {
                    let ct = self.content_type.as_deref().unwrap_or("unknown content type");
                    write!(f, " with a body that is not a Graph error ({ct}): {body}")?;
                }
                _ => f.write_str(" with an empty body")?,
            },
            (code, message) => {
                if let Some(code) = code.as_deref().filter(|c| !c.is_empty()) {
                    write!(f, ": {code}")?;
                }
                if let Some(message) = message {
                    write!(f, ": {message}")?;
                }
                let inner: Vec<&str> = self.inner.iter().filter_map(|i| i.code.as_deref()).collect();
                if !inner.is_empty() {
                    write!(f, " (inner: {})", inner.join(" > "))?;
                }
                for d in &self.details {
                    write!(
                        f,
                        "; {}{}{}",
                        d.target.as_deref().map(|t| format!("{t}: ")).unwrap_or_default(),
                        d.code.as_deref().unwrap_or(""),
                        d.message.as_deref().map(|m| format!(" {m}")).unwrap_or_default()
                    )?;
                }
            }
        }
        if self.attempts > 1 {
            if matches!(self.status.as_u16(), 429 | 503 | 504) {
                write!(f, "; gave up after {} attempts", self.attempts)?;
            } else {
                write!(f, " (attempt {})", self.attempts)?;
            }
        }
        if let Some(d) = self.retry_after {
            write!(f, "; last Retry-After {:.3}s", d.as_secs_f64())?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request-id {id}")?;
            if let Some(cid) = &self.client_request_id {
                write!(f, ", client-request-id {cid}")?;
            }
            f.write_str("]")?;
        } else if let Some(cid) = &self.client_request_id {
            write!(f, " [client-request-id {cid}]")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_inner_spellings_and_chains() {
        let body = br#"{"error":{"code":"a","message":"m","innererror":{"code":"b","innerError":{"code":"c","request-id":"r","date":"2020-01-01T00:00:00"}}}}"#;
        let e = ApiError::from_response(
            StatusCode::BAD_REQUEST,
            &HeaderMap::new(),
            body,
            1,
            Secrets::default(),
        );
        assert_eq!(e.code.as_deref(), Some("a"));
        assert_eq!(e.inner.len(), 2);
        assert_eq!(e.most_specific_code(), Some("c"));
        assert_eq!(e.request_id.as_deref(), Some("r"));
        assert_eq!(e.date.as_deref(), Some("2020-01-01T00:00:00"));
    }

    #[test]
    fn an_inner_error_of_ids_only_is_not_an_inner_error() {
        // Graph's usual body: the inner error carries the ids and the date.
        let body = br#"{"error":{"code":"itemNotFound","message":"gone","innerError":{"date":"2026-01-01T00:00:00","request-id":"r","client-request-id":"c"}}}"#;
        let e = ApiError::from_response(
            StatusCode::NOT_FOUND,
            &HeaderMap::new(),
            body,
            1,
            Secrets::default(),
        );
        assert!(e.inner.is_empty(), "{:?}", e.inner);
        assert_eq!(e.most_specific_code(), Some("itemNotFound"));
        assert_eq!(
            (e.request_id.as_deref(), e.client_request_id.as_deref()),
            (Some("r"), Some("c"))
        );
        assert_eq!(e.date.as_deref(), Some("2026-01-01T00:00:00"));
    }

    #[test]
    fn reads_azure_storage_errors_code_message_and_request_id() {
        let body = b"<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>AuthenticationFailed</Code><Message>Signature not valid in the specified time frame.</Message></Error>";
        let mut headers = HeaderMap::new();
        headers.insert("x-ms-error-code", "AuthenticationFailed".parse().unwrap());
        headers.insert("x-ms-request-id", "r-42".parse().unwrap());
        let e = ApiError::from_response(StatusCode::FORBIDDEN, &headers, body, 1, Secrets::default());
        assert_eq!(e.code.as_deref(), Some("AuthenticationFailed"));
        assert_eq!(
            e.message.as_deref(),
            Some("Signature not valid in the specified time frame.")
        );
        assert_eq!(e.request_id.as_deref(), Some("r-42"));
        // The same XML without the header is a body, not an error code.
        let e = ApiError::from_response(
            StatusCode::FORBIDDEN,
            &HeaderMap::new(),
            body,
            1,
            Secrets::default(),
        );
        assert_eq!(e.code, None);
        assert!(e.body.is_some());
    }

    #[test]
    fn keeps_the_start_of_a_body_that_is_not_json() {
        let body = format!("<html><body>{}</body></html>", "x ".repeat(10_000));
        let e = ApiError::from_response(
            StatusCode::BAD_GATEWAY,
            &HeaderMap::new(),
            body.as_bytes(),
            1,
            Secrets::default(),
        );
        let shown = e.to_string();
        assert!(
            shown.contains("502 Bad Gateway") && shown.contains("<html>"),
            "{shown}"
        );
        assert!(shown.len() < 600, "{}", shown.len());
        let empty = ApiError::from_response(
            StatusCode::BAD_GATEWAY,
            &HeaderMap::new(),
            b"",
            1,
            Secrets::default(),
        );
        assert!(empty.to_string().contains("empty body"));
    }

    #[test]
    fn an_echoed_token_is_redacted_everywhere() {
        let token = "eyJ0eXAiOiJKV1QiLCJhbGciOi.secret";
        let secrets = Secrets::one(token);
        let page = format!("<pre>Authorization: Bearer {token}\u{1b}[2J</pre>");
        let e = ApiError::from_response(
            StatusCode::BAD_GATEWAY,
            &HeaderMap::new(),
            page.as_bytes(),
            1,
            secrets,
        );
        let json = format!(
            r#"{{"error":{{"code":"x","message":"got Bearer {token}\u001b[2J","innerError":{{"message":"{token}"}}}}}}"#
        );
        let g = ApiError::from_response(
            StatusCode::BAD_REQUEST,
            &HeaderMap::new(),
            json.as_bytes(),
            1,
            secrets,
        );
        for shown in [e.to_string(), format!("{e:?}"), g.to_string(), format!("{g:?}")] {
            assert!(!shown.contains(token) && shown.contains("<redacted>"), "{shown}");
            assert!(!shown.contains('\u{1b}'), "{shown}");
        }
        assert_eq!(g.message.as_deref(), Some("got Bearer <redacted>\\u{1b}[2J"));
    }
}
