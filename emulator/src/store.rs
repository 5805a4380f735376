//! Collections in memory: create, read, page, merge and delete, as Graph
//! does for OData collections at any path.

use serde_json::{Map, Value};

use crate::answer::Answer;
use crate::request::GraphRequest;
use crate::state::{Object, State};

/// Serves a Graph request from the store.
pub(crate) fn serve(state: &mut State, req: &GraphRequest<'_>) -> Answer {
    let bearer = req
        .header("authorization")
        .and_then(|v| v.strip_prefix("Bearer "))
        .is_some_and(|t| !t.trim().is_empty());
    if !bearer {
        return Answer::error(401, "InvalidAuthenticationToken", "Access token is empty.");
    }
    if let Some(problem) = crate::token::problem(state, req) {
        return Answer::error(401, "InvalidAuthenticationToken", problem);
    }
    let path = req.path;
    // An item as Graph answers with it: its context first.
    let entity = |status: u16, item: &Object| {
        let mut answer = Map::new();
        answer.insert("@odata.context".into(), Value::String(req.context("/$entity")));
        answer.extend(item.clone());
        Answer::json(status, Value::Object(answer))
    };
    let invalid_json = || {
        Answer::error(
            400,
            "BadRequest",
            "Invalid JSON: the request body must be a JSON object.",
        )
    };
    match req.method {
        "POST" => {
            let Some(Value::Object(mut object)) = req.json() else {
                return invalid_json();
            };
            let body = Value::Object(object.clone());
            if let Some(rule) = state.rejections.iter().find(|r| (r.matches)(&body)) {
                return Answer::error(rule.status, &rule.code, &rule.message);
            }
            object.insert("id".into(), Value::String(uuid::Uuid::new_v4().to_string()));
            let answer = entity(201, &object);
            state.collections.entry(path.to_owned()).or_default().push(object);
            answer
        }
        "GET" => {
            if let Some(items) = state.collections.get(path) {
                return page(items, req, state.page_size.unwrap_or(100));
            }
            // A type cast: `/collection/microsoft.graph.derivedType` lists the
            // items of that type (or of no type Graph would tell apart).
            if let Some((collection, cast)) = path.rsplit_once('/')
                && cast.starts_with("microsoft.graph.")
                && let Some(items) = state.collections.get(collection)
            {
                let of_type: Vec<Object> = items.iter().filter(|o| is_of_type(o, cast)).cloned().collect();
                return page(&of_type, req, state.page_size.unwrap_or(100));
            }
            if let Some(item) = find_item(state, path) {
                return entity(200, item);
            }
            if is_item_path(state, path) {
                return not_found(path);
            }
            let segment = path.rsplit('/').next().unwrap_or("");
            Answer::error(
                404,
                "Request_ResourceNotFound",
                &format!("Resource not found for the segment '{segment}'."),
            )
        }
        "PATCH" => {
            let Some(Value::Object(changes)) = req.json() else {
                return invalid_json();
            };
            match find_item(state, path) {
                Some(item) => {
                    for (k, v) in changes {
                        if k != "id" {
                            item.insert(k, v);
                        }
                    }
                    entity(200, item)
                }
                None => not_found(path),
            }
        }
        "DELETE" => {
            let removed = path.rsplit_once('/').and_then(|(collection, id)| {
                let items = state.collections.get_mut(collection)?;
                let i = items.iter().position(|o| has_id(o, id))?;
                Some(items.remove(i))
            });
            match removed {
                Some(_) => Answer::empty(204),
                None => not_found(path),
            }
        }
        _ => Answer::error(
            405,
            "BadRequest",
            "The emulator serves GET, POST, PATCH and DELETE.",
        ),
    }
}

/// Whether an item's `@odata.type` (with or without `#`) names `cast`.
fn is_of_type(o: &Object, cast: &str) -> bool {
    o.get("@odata.type")
        .and_then(Value::as_str)
        .is_some_and(|t| t.trim_start_matches('#').eq_ignore_ascii_case(cast))
}

fn has_id(o: &Object, id: &str) -> bool {
    o.get("id").and_then(Value::as_str) == Some(id)
}

fn is_item_path(state: &State, path: &str) -> bool {
    path.rsplit_once('/')
        .is_some_and(|(c, _)| state.collections.contains_key(c))
}

fn find_item<'a>(state: &'a mut State, path: &str) -> Option<&'a mut Object> {
    let (collection, id) = path.rsplit_once('/')?;
    state
        .collections
        .get_mut(collection)?
        .iter_mut()
        .find(|o| has_id(o, id))
}

fn not_found(path: &str) -> Answer {
    let id = path.rsplit('/').next().unwrap_or("");
    Answer::error(
        404,
        "itemNotFound",
        &format!("The item with id '{id}' was not found."),
    )
}

/// One page of a collection: `$top` items (or the default page size) from
/// the `$skiptoken` on, and an `@odata.nextLink` when more remain.
fn page(items: &[Object], req: &GraphRequest<'_>, default_size: usize) -> Answer {
    let query = req.query_options();
    let option = |name: &str| query.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
    let size = match option("$top").map(str::parse::<usize>) {
        None => default_size,
        Some(Ok(n)) if (1..=999).contains(&n) => n,
        Some(_) => {
            return Answer::error(
                400,
                "BadRequest",
                "Invalid $top: give a whole number from 1 to 999.",
            );
        }
    };
    let skip = match option("$skiptoken").map(|t| usize::from_str_radix(t, 16)) {
        None => 0,
        Some(Ok(n)) => n,
        Some(Err(_)) => return Answer::error(400, "BadRequest", "Invalid $skiptoken."),
    };
    let end = (skip + size).min(items.len());
    let value: Vec<Value> = items[skip.min(end)..end]
        .iter()
        .cloned()
        .map(Value::Object)
        .collect();
    let mut body = Map::new();
    body.insert("@odata.context".into(), Value::String(req.context("")));
    body.insert("value".into(), Value::Array(value));
    if end < items.len() {
        // Like Graph's, the link carries the original options and an opaque token.
        let kept: String = req
            .query
            .split('&')
            .filter(|p| !p.is_empty() && !p.starts_with("$skiptoken=") && !p.starts_with("%24skiptoken="))
            .map(|p| format!("{p}&"))
            .collect();
        let link = format!(
            "{}/{}{}?{kept}$skiptoken={end:x}",
            req.origin, req.version, req.path
        );
        body.insert("@odata.nextLink".into(), Value::String(link));
    }
    Answer::json(200, Value::Object(body))
}
