//! `POST /$batch`: each request is served by the store on its own, and may
//! be throttled on its own, as Graph does.

use serde_json::{Map, Value, json};

use crate::answer::{Answer, Body, graph_error_body};
use crate::request::GraphRequest;
use crate::state::State;

/// Whether a request is a `$batch`.
pub(crate) fn is_batch(req: &GraphRequest<'_>) -> bool {
    req.method == "POST" && req.path == "/$batch"
}

/// Serves a `$batch`. The answers come back in reverse order, since Graph
/// does not keep the order.
pub(crate) fn serve(state: &mut State, req: &GraphRequest<'_>) -> Answer {
    let bad = |message: &str| Answer::error(400, "BadRequest", message);
    let Some(Value::Object(body)) = req.json() else {
        return bad("Invalid batch payload: the body must be a JSON object.");
    };
    let Some(requests) = body.get("requests").and_then(Value::as_array) else {
        return bad("Invalid batch payload: `requests` is missing.");
    };
    if requests.is_empty() || requests.len() > 20 {
        return bad("Invalid batch payload: a batch holds from 1 to 20 requests.");
    }
    let mut ids = std::collections::HashSet::new();
    for r in requests {
        let id = r.get("id").and_then(Value::as_str).unwrap_or("");
        if id.is_empty() || !ids.insert(id.to_ascii_lowercase()) {
            return bad("Invalid batch payload: every request needs a unique id.");
        }
        let content_type = r.get("headers").and_then(|h| h.get("Content-Type")).is_some();
        if r.get("body").is_some() && !content_type {
            return bad("Invalid batch payload: a request with a body needs a Content-Type header.");
        }
        // Graph refuses the whole batch when a write has no body or no
        // `Content-Type`, even an action that takes no parameters.
        let method = r.get("method").and_then(Value::as_str).unwrap_or("GET");
        let write = ["POST", "PATCH", "PUT"]
            .iter()
            .any(|m| m.eq_ignore_ascii_case(method));
        if write && (r.get("body").is_none() || !content_type) {
            return bad(&format!(
                "Write request id : {id} does not contain Content-Type header or body."
            ));
        }
    }
    let mut responses: Vec<Value> = requests.iter().map(|r| item(state, req, r)).collect();
    responses.reverse();
    Answer::json(200, json!({ "responses": responses }))
}

/// One request of a batch, answered as a response item.
fn item(state: &mut State, outer: &GraphRequest<'_>, r: &Value) -> Value {
    let id = r.get("id").cloned().unwrap_or(Value::Null);
    if let Some(retry_after) = state.faults.next_batch_item() {
        return json!({
            "id": id,
            "status": 429,
            "headers": {"Retry-After": retry_after, "Content-Type": "application/json"},
            "body": graph_error_body("TooManyRequests", "Please retry again later."),
        });
    }
    let url = r.get("url").and_then(Value::as_str).unwrap_or("");
    let target = format!("/{}", url.trim_start_matches('/'));
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    let method = r
        .get("method")
        .and_then(Value::as_str)
        .unwrap_or("GET")
        .to_ascii_uppercase();
    let body = r
        .get("body")
        .map(|b| serde_json::to_vec(b).unwrap_or_default())
        .unwrap_or_default();
    let inner = GraphRequest {
        method: &method,
        version: outer.version,
        path: path.trim_end_matches('/'),
        query,
        headers: outer.headers,
        body: &body,
        origin: outer.origin,
    };
    let answer = match crate::limits::over_limit(state, &inner) {
        Some(throttled) => throttled,
        None => crate::store::serve(state, &inner),
    };
    let mut headers: Map<String, Value> = answer
        .headers
        .into_iter()
        .map(|(k, v)| (k.to_owned(), Value::String(v)))
        .collect();
    let mut response = json!({"id": id, "status": answer.status});
    match answer.body {
        Body::Json(body) => {
            headers.insert("content-type".into(), Value::String("application/json".into()));
            response["body"] = body;
        }
        Body::Raw { .. } | Body::Content(_) | Body::Empty => {}
    }
    response["headers"] = Value::Object(headers);
    response
}
