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
    if let Some(answer) = crate::content::serve(state, req) {
        return answer;
    }
    if let Some(answer) = crate::reports::serve(state, req) {
        return answer;
    }
    if let Some(answer) = crate::apps::serve(state, req) {
        return answer;
    }
    if req.method == "GET" {
        crate::operations::advance(state, path);
        crate::apps::advance(state, req);
    }
    let invalid_json = || {
        Answer::error(
            400,
            "BadRequest",
            "Invalid JSON: the request body must be a JSON object.",
        )
    };
    // A singleton or single-valued navigation: one object at its path.
    if state.objects.contains_key(path) {
        return match req.method {
            "GET" => {
                let options = crate::query::Options::of(req);
                let select: Option<Vec<&str>> = options.selection();
                entity(
                    200,
                    req.context("/$entity"),
                    &crate::query::project(&state.objects[path], select.as_deref()),
                )
            }
            "PATCH" => {
                let Some(Value::Object(changes)) = req.json() else {
                    return invalid_json();
                };
                let object = state.objects.get_mut(path).expect("checked above");
                object.extend(changes);
                entity(200, req.context("/$entity"), object)
            }
            "DELETE" => {
                state.objects.remove(path);
                Answer::empty(204)
            }
            _ => Answer::error(405, "BadRequest", "A single object is read, updated or deleted."),
        };
    }
    match req.method {
        "POST" => {
            if let Some(answer) = crate::operations::copy(state, req) {
                return answer;
            }
            if let Some(answer) = crate::uploads::create(state, req) {
                return answer;
            }
            if let Some(answer) = crate::calls::action(state, req) {
                return answer;
            }
            let Some(Value::Object(mut object)) = req.json() else {
                return invalid_json();
            };
            let body = Value::Object(object.clone());
            if let Some(rule) = state.rejections.iter().find(|r| (r.matches)(&body)) {
                return Answer::error(rule.status, &rule.code, &rule.message);
            }
            object.insert("id".into(), Value::String(uuid::Uuid::new_v4().to_string()));
            insert_created(state, req, object)
        }
        "GET" => {
            if let Some(items) = state.collections.get(path) {
                return crate::query::answer(items, req, state.page_size.unwrap_or(100));
            }
            if let Some(answer) = crate::delta::serve(state, req) {
                return answer;
            }
            if let Some(answer) = crate::calls::function(state, req) {
                return answer;
            }
            // A type cast: `/collection/microsoft.graph.derivedType` lists the
            // items of that type (or of no type Graph would tell apart).
            if let Some((collection, cast)) = path.rsplit_once('/')
                && cast.starts_with("microsoft.graph.")
                && let Some(items) = state.collections.get(collection)
            {
                let of_type: Vec<Object> = items.iter().filter(|o| is_of_type(o, cast)).cloned().collect();
                return crate::query::answer(&of_type, req, state.page_size.unwrap_or(100));
            }
            if let Some(item) = find_item(state, path) {
                // `$select` on one item: the named properties, its id and type.
                let options = crate::query::Options::of(req);
                let select: Option<Vec<&str>> = options.selection();
                let mut answer = crate::query::project(item, select.as_deref());
                // `$expand` of a contained collection the emulator keeps at
                // its own path (an item's `assignments`): inline, as Graph
                // answers it.
                for name in options.expanded() {
                    if let Some(items) = state.collections.get(&format!("{path}/{name}")) {
                        answer.insert(
                            name.to_owned(),
                            Value::Array(items.iter().cloned().map(Value::Object).collect()),
                        );
                    }
                }
                // An item of a collection: its collection's context, as
                // its create had.
                return entity(200, req.item_context(), &answer);
            }
            if is_item_path(state, path) {
                return not_found(path);
            }
            let segment = path.rsplit('/').next().unwrap_or("");
            // A collection nothing was put in yet (`/groups`, a policy's
            // `assignments`) is an empty page, as Graph answers; the
            // emulator knows no schema, so a plural name stands for one.
            if segment.ends_with('s') && !segment.contains(['(', '$', ':', '.']) {
                return crate::query::answer(&[], req, state.page_size.unwrap_or(100));
            }
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
                    let answer = entity(200, req.item_context(), item);
                    let id = item
                        .get("id")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned();
                    if let Some((collection, _)) = path.rsplit_once('/') {
                        state.touched(collection, &id);
                    }
                    answer
                }
                None => not_found(path),
            }
        }
        "DELETE" => {
            let removed = path.rsplit_once('/').and_then(|(collection, id)| {
                let items = state.collections.get_mut(collection)?;
                let id = crate::request::decode(id);
                let i = items.iter().position(|o| has_id(o, &id))?;
                Some(items.remove(i))
            });
            match (removed, path.rsplit_once('/')) {
                (Some(item), Some((collection, _))) => {
                    let id = item.get("id").and_then(Value::as_str).unwrap_or_default();
                    state.removed(collection, id);
                    Answer::empty(204)
                }
                _ => not_found(path),
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

/// Whether the object is the one `id` names: its `id`, or a user's
/// `userPrincipalName` (Graph's alternate key for users,
/// `/users/adele@contoso.com`). Callers percent-decode the path's segment
/// first, as Graph does, so that `a%2F1` or `adele%40contoso.com` finds the
/// object whose id is `a/1` or whose name is `adele@contoso.com`.
fn has_id(o: &Object, id: &str) -> bool {
    o.get("id").and_then(Value::as_str) == Some(id)
        || o.get("userPrincipalName")
            .and_then(Value::as_str)
            .is_some_and(|upn| upn.eq_ignore_ascii_case(id))
}

fn is_item_path(state: &State, path: &str) -> bool {
    path.rsplit_once('/').is_some_and(|(c, _)| {
        let base = match c.rsplit_once('/') {
            Some((base, cast)) if cast.starts_with("microsoft.graph.") => base,
            _ => c,
        };
        state.collections.contains_key(c) || state.collections.contains_key(base)
    })
}

/// The item at `path`: `{collection}/{id}`, or through a type cast,
/// `{collection}/microsoft.graph.{type}/{id}`, when the item is of that type.
pub(crate) fn find_item<'a>(state: &'a mut State, path: &str) -> Option<&'a mut Object> {
    let (collection, id) = path.rsplit_once('/')?;
    let (collection, cast) = match collection.rsplit_once('/') {
        Some((base, cast))
            if cast.starts_with("microsoft.graph.") && !state.collections.contains_key(collection) =>
        {
            (base, Some(cast))
        }
        _ => (collection, None),
    };
    let id = crate::request::decode(id);
    state
        .collections
        .get_mut(collection)?
        .iter_mut()
        .find(|o| has_id(o, &id) && cast.is_none_or(|cast| is_of_type(o, cast)))
}

/// Puts a created object (its `id` set) in the collection at the request's
/// path, and answers `201` with it, its context first.
pub(crate) fn insert_created(state: &mut State, req: &GraphRequest<'_>, object: Object) -> Answer {
    let id = object
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let answer = entity(201, req.context("/$entity"), &object);
    state
        .collections
        .entry(req.path.to_owned())
        .or_default()
        .push(object);
    state.touched(req.path, &id);
    answer
}

/// An object as Graph answers with it: its `@odata.context` first.
fn entity(status: u16, context: String, object: &Object) -> Answer {
    let mut answer = Map::new();
    answer.insert("@odata.context".into(), Value::String(context));
    answer.extend(object.clone());
    Answer::json(status, Value::Object(answer))
}

pub(crate) fn not_found(path: &str) -> Answer {
    let id = path.rsplit('/').next().unwrap_or("");
    Answer::error(
        404,
        "itemNotFound",
        &format!("The item with id '{id}' was not found."),
    )
}
