//! Actions (`POST .../{name}`) and functions (`GET .../{name}(...)`) as
//! Graph answers them: `204 No Content`, or `200` with the result in
//! `value`. `assign` replaces the item's `assignments`; Intune's device
//! actions answer `204`; a test can script any other answer by name. A
//! name the emulator knows neither way is a `404`, as Graph answers a
//! route it does not have.

use serde_json::{Value, json};

use crate::answer::Answer;
use crate::request::GraphRequest;
use crate::state::State;

/// Intune's device actions, which take their parameters and answer `204`.
const DEVICE_ACTIONS: [&str; 14] = [
    "syncDevice",
    "wipe",
    "retire",
    "rebootNow",
    "shutDown",
    "remoteLock",
    "resetPasscode",
    "locateDevice",
    "cleanWindowsDevice",
    "bypassActivationLock",
    "disableLostMode",
    "recoverPasscode",
    "windowsDefenderScan",
    "windowsDefenderUpdateSignatures",
];

/// An answer a test scripted for an action or function.
#[derive(Clone)]
pub(crate) struct Scripted {
    pub(crate) status: u16,
    pub(crate) body: Option<Value>,
}

/// The action's or function's name: the last segment, without `(...)`.
fn name(path: &str) -> &str {
    let last = path.rsplit('/').next().unwrap_or("");
    last.split('(').next().unwrap_or(last)
}

/// Answers a function: a `GET` whose last segment has `(...)`.
pub(crate) fn function(state: &State, req: &GraphRequest<'_>) -> Option<Answer> {
    let last = req.path.rsplit('/').next()?;
    let decoded = crate::request::decode(last);
    if !decoded.contains('(') || !decoded.ends_with(')') {
        return None;
    }
    let name = name(req.path);
    Some(match state.scripted.get(name) {
        Some(s) => scripted(s),
        None => unknown_segment(name),
    })
}

/// Answers a `POST` that is an action, or `None` when it creates an item.
pub(crate) fn action(state: &mut State, req: &GraphRequest<'_>) -> Option<Answer> {
    let name = name(req.path);
    if let Some(s) = state.scripted.get(name) {
        return Some(scripted(s));
    }
    if name == "assign" {
        return Some(assign(state, req));
    }
    if DEVICE_ACTIONS.contains(&name) {
        return Some(Answer::empty(204));
    }
    // A collection is a plural noun, or one the emulator already has; any
    // other name is a route Graph would not know either.
    if state.collections.contains_key(req.path) || name.ends_with('s') {
        return None;
    }
    Some(unknown_segment(name))
}

/// `assign`: the assignments in the parameters (its one array) replace the
/// item's; a device configuration or compliance policy answers them in
/// `value`, an enrollment configuration with `204`.
fn assign(state: &mut State, req: &GraphRequest<'_>) -> Answer {
    let Some(Value::Object(parameters)) = req.json() else {
        return Answer::error(
            400,
            "BadRequest",
            "The action's parameters must be a JSON object.",
        );
    };
    let Some(Value::Array(given)) = parameters.values().find(|v| v.is_array()).cloned() else {
        return Answer::error(400, "BadRequest", "assign takes a collection of assignments.");
    };
    let item = req.path.trim_end_matches("/assign");
    // Graph answers 404 for an item that is not there, not 204.
    if crate::store::find_item(state, item).is_none() {
        return crate::store::not_found(item);
    }
    let assignments: Vec<_> = given
        .into_iter()
        .filter_map(|a| match a {
            Value::Object(mut a) => {
                if !a.get("id").is_some_and(Value::is_string) {
                    a.insert("id".into(), Value::String(uuid::Uuid::new_v4().to_string()));
                }
                Some(a)
            }
            _ => None,
        })
        .collect();
    let collection = format!("{item}/assignments");
    for old in state.collections.get(&collection).cloned().unwrap_or_default() {
        if let Some(id) = old.get("id").and_then(Value::as_str) {
            state.removed(&collection, id);
        }
    }
    for a in &assignments {
        if let Some(id) = a.get("id").and_then(Value::as_str) {
            state.touched(&collection, id);
        }
    }
    state.collections.insert(collection, assignments.clone());
    if req.path.contains("/deviceCompliancePolicies/") || req.path.contains("/deviceConfigurations/") {
        Answer::json(200, json!({ "value": assignments }))
    } else {
        Answer::empty(204)
    }
}

fn scripted(s: &Scripted) -> Answer {
    match &s.body {
        Some(body) => Answer::json(s.status, body.clone()),
        None => Answer::empty(s.status),
    }
}

fn unknown_segment(name: &str) -> Answer {
    Answer::error(
        404,
        "BadRequest",
        &format!("Resource not found for the segment '{name}'."),
    )
}
