//! The `$batch` wire format: one request body for a chunk of requests, and
//! each request's answer found in Graph's by its id.

use std::sync::Arc;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::Request;
use crate::http::auth::AccessToken;
use crate::http::call::{Call, Target};
use crate::http::client::Client;
use crate::http::error::Error;
use crate::http::error::ProtocolKind;
use crate::http::error::text::Secrets;
use crate::http::error::{ApiError, DecodeError};
use crate::http::pace::Cost;
use crate::odata::object::Key;
use crate::odata::path::{Part, Template};

static BATCH: Template = Template::new("/$batch", &[Part::Literal("/$batch")]);

/// What Graph answered to one request inside a batch. Its body is kept
/// as the bytes Graph sent, read once into what the caller asked for.
pub(super) struct ItemAnswer {
    pub(super) status: StatusCode,
    pub(super) headers: HeaderMap,
    /// The body's JSON text; empty when the response has none (a `204`).
    body: Bytes,
    /// The token the batch carried, redacted from any error text.
    token: AccessToken,
}

impl ItemAnswer {
    /// Whether the response has no body.
    pub(super) fn is_empty(&self) -> bool {
        self.body.is_empty()
    }

    /// The answer's body as `T`.
    pub(super) fn parse<T: DeserializeOwned>(&self) -> Result<T, Error> {
        self.read(|body| serde_json::from_slice(body))
    }

    /// The answer's body read by `read`: a `204`'s is empty.
    pub(super) fn read<R>(&self, read: fn(&[u8]) -> Result<R, serde_json::Error>) -> Result<R, Error> {
        read(&self.body).map_err(|e| {
            Error::Decode(Box::new(DecodeError::new(
                self.status,
                self.headers.get("request-id"),
                &self.body,
                e,
                Secrets::one(self.token.secret()),
            )))
        })
    }

    /// Graph's error in the answer, as this many attempts left it.
    pub(super) fn api_error(&self, attempts: u32) -> ApiError {
        ApiError::from_response(
            self.status,
            &self.headers,
            &self.body,
            attempts,
            Secrets::one(self.token.secret()),
        )
    }
}

/// What became of one request of a batch.
pub(super) enum Outcome {
    /// Graph answered it.
    Answered(ItemAnswer),
    /// The batch failed before Graph carried out any of its requests: e.g.
    /// it was refused as a whole, or never left this machine.
    NotDone(Arc<Error>),
    /// Graph may have carried it out, but no answer tells: the batch's
    /// answer was lost or unreadable, or has no response for it.
    Unknown(Arc<Error>),
}

/// Sends the requests `indexes` of `requests` as one batch, and matches each
/// answer to its request by id.
pub(super) async fn send_batch(client: &Client, requests: &[Request], indexes: &[usize]) -> Vec<Outcome> {
    let all = |outcome: fn(Arc<Error>) -> Outcome, cause: Error| {
        let cause = Arc::new(cause);
        indexes.iter().map(|_| outcome(cause.clone())).collect()
    };
    let answer = match client
        .send(Call {
            // The envelope costs what its requests cost, each counted on its own.
            cost: indexes
                .iter()
                .fold(Cost::NONE, |cost, &i| cost + Cost::of(&requests[i].method)),
            ..Call::new(
                Method::POST,
                &BATCH,
                false,
                Target::Path("/$batch"),
                Some(body(requests, indexes)),
            )
        })
        .await
    {
        Ok(answer) => answer,
        Err(e) if e.is_outcome_unknown() => return all(Outcome::Unknown, e),
        Err(e) => return all(Outcome::NotDone, e),
    };
    // An answer that cannot be read may still report writes that were done.
    let parsed: Envelope<'_> = match serde_json::from_slice(&answer.body) {
        Ok(parsed) => parsed,
        Err(e) => return all(Outcome::Unknown, answer.decode_error(e)),
    };
    let Some(responses) = parsed.responses else {
        return all(
            Outcome::Unknown,
            Error::protocol(ProtocolKind::BatchAnswer, "the $batch answer has no `responses`"),
        );
    };
    indexes
        .iter()
        .map(|index| {
            let id = index.to_string();
            let found = responses.iter().find(|r| r.id.as_deref() == Some(id.as_str()));
            match found {
                Some(r) => Outcome::Answered(item_answer(r, &answer.token)),
                None => Outcome::Unknown(Arc::new(Error::protocol(
                    ProtocolKind::BatchAnswer,
                    "the $batch answer has no response for this request",
                ))),
            }
        })
        .collect()
}

/// `{"requests": [{"id", "method", "url", "headers", "body"}, ...]}`; a
/// request's id is its index in the run.
fn body(requests: &[Request], indexes: &[usize]) -> Bytes {
    let mut body = Vec::with_capacity(indexes.len() * 256);
    body.extend_from_slice(b"{\"requests\":[");
    for (n, &index) in indexes.iter().enumerate() {
        let r = &requests[index];
        if n > 0 {
            body.push(b',');
        }
        body.extend_from_slice(
            format!("{{\"id\":\"{index}\",\"method\":\"{}\",\"url\":", r.method).as_bytes(),
        );
        // A rendered path is ASCII; serde_json quotes it.
        body.extend_from_slice(Value::String(r.path.clone()).to_string().as_bytes());
        let mut headers = serde_json::Map::new();
        for (name, value) in r.headers.pairs() {
            headers.insert(name.clone(), Value::String(value.clone()));
        }
        // Graph refuses a whole `$batch` in which a write has no body or no
        // `Content-Type` ("does not contain Content-Type header or body"),
        // so an action without parameters (`syncDevice`) sends `{}` here,
        // though alone it goes without a body.
        let item_body = match (&r.body, r.method.as_str()) {
            (Some(item), _) => Some(&item[..]),
            (None, "POST" | "PATCH" | "PUT") => Some(&b"{}"[..]),
            (None, _) => None,
        };
        if item_body.is_some() {
            headers.insert("Content-Type".into(), Value::String("application/json".into()));
        }
        if !headers.is_empty() {
            body.extend_from_slice(b",\"headers\":");
            body.extend_from_slice(Value::Object(headers).to_string().as_bytes());
        }
        if let Some(item) = item_body {
            body.extend_from_slice(b",\"body\":");
            body.extend_from_slice(item);
        }
        body.push(b'}');
    }
    body.extend_from_slice(b"]}");
    Bytes::from(body)
}

/// A `$batch` answer, `{"responses": [...]}`: each response's body kept
/// as Graph wrote it.
struct Envelope<'a> {
    responses: Option<Vec<Response<'a>>>,
}

/// `{"id", "status", "headers", "body"}`.
#[derive(Default)]
struct Response<'a> {
    id: Option<String>,
    status: Option<u16>,
    headers: serde_json::Map<String, Value>,
    body: Option<&'a serde_json::value::RawValue>,
}

impl<'de> serde::Deserialize<'de> for Envelope<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Envelope<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a $batch answer, {\"responses\": [...]}")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Envelope<'de>, A::Error> {
                let mut responses = None;
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    match key.as_str() {
                        "responses" => responses = Some(map.next_value()?),
                        _ => {
                            map.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(Envelope { responses })
            }
        }
        deserializer.deserialize_map(Visit)
    }
}

impl<'de> serde::Deserialize<'de> for Response<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Response<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a $batch response, {\"id\", \"status\", \"headers\", \"body\"}")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Response<'de>, A::Error> {
                let mut r = Response::default();
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    match key.as_str() {
                        "id" => r.id = map.next_value::<Option<Key<'de>>>()?.map(Key::into_string),
                        "status" => r.status = map.next_value()?,
                        "headers" => r.headers = map.next_value::<Option<_>>()?.unwrap_or_default(),
                        "body" => r.body = Some(map.next_value()?),
                        _ => {
                            map.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(r)
            }
        }
        deserializer.deserialize_map(Visit)
    }
}

fn item_answer(r: &Response<'_>, token: &AccessToken) -> ItemAnswer {
    let status = r
        .status
        .and_then(|s| StatusCode::from_u16(s).ok())
        .unwrap_or(StatusCode::BAD_GATEWAY);
    let mut headers = HeaderMap::new();
    for (k, v) in &r.headers {
        let value = match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        if let (Ok(name), Ok(value)) = (HeaderName::try_from(k.as_str()), HeaderValue::try_from(value)) {
            headers.insert(name, value);
        }
    }
    // `null` is no body, as an absent one.
    let body = r
        .body
        .map(|raw| raw.get())
        .filter(|text| *text != "null")
        .map_or_else(Bytes::new, |text| Bytes::copy_from_slice(text.as_bytes()));
    ItemAnswer {
        status,
        headers,
        body,
        token: token.clone(),
    }
}
