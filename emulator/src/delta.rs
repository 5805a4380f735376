//! Delta queries: `GET {collection}/delta` answers every item and a
//! `@odata.deltaLink`; the link answers what changed since, removals with
//! `@removed`. Links older than [`Emulator::expire_delta_links`] answer
//! `410 Gone`, as Graph does for a delta token it no longer knows.
//!
//! [`Emulator::expire_delta_links`]: crate::Emulator::expire_delta_links

use serde_json::{Map, Value, json};

use crate::answer::Answer;
use crate::query::{Options, link, project};
use crate::request::GraphRequest;
use crate::state::{Object, State};

/// Answers a delta query on `collection`, if the path is one.
pub(crate) fn serve(state: &State, req: &GraphRequest<'_>) -> Option<Answer> {
    let collection = req.path.strip_suffix("/delta")?;
    let items = state.collections.get(collection)?;
    let options = Options::of(req);
    for refused in ["$orderby", "$skip", "$count", "$search"] {
        if options.get(refused).is_some() {
            return Some(Answer::error(
                400,
                "Request_UnsupportedQuery",
                &format!("Unsupported query option '{refused}' for delta queries."),
            ));
        }
    }
    let since = match options.get("$deltatoken").map(|t| u64::from_str_radix(t, 16)) {
        None => None,
        Some(Ok(n)) if n >= state.delta_floor => Some(n),
        Some(_) => {
            return Some(Answer::error(
                410,
                "resyncRequired",
                "The delta token is no longer valid: start over with a full delta query.",
            ));
        }
    };
    let select: Option<Vec<&str>> = options.selection();
    let changes = changes(state, collection, items, since, select.as_deref());
    let size = match options.get("$top").map(str::parse::<usize>) {
        Some(Ok(n)) if n > 0 => n,
        _ => state.page_size.unwrap_or(100),
    };
    let start = match options.get("$skiptoken").map(|t| usize::from_str_radix(t, 16)) {
        None => 0,
        Some(Ok(n)) => n.min(changes.len()),
        Some(Err(_)) => return Some(Answer::error(400, "BadRequest", "Invalid $skiptoken.")),
    };
    let end = (start + size).min(changes.len());
    let mut body = Map::new();
    body.insert("@odata.context".into(), Value::String(req.context("")));
    body.insert("value".into(), Value::Array(changes[start..end].to_vec()));
    if end < changes.len() {
        body.insert(
            "@odata.nextLink".into(),
            Value::String(link(req, "$skiptoken", end)),
        );
    } else {
        // The link to come back with: everything up to now is seen.
        let kept: String = req
            .query
            .split('&')
            .filter(|p| p.starts_with("$select=") || p.starts_with("%24select="))
            .map(|p| format!("{p}&"))
            .collect();
        body.insert(
            "@odata.deltaLink".into(),
            Value::String(format!(
                "{}/{}{}?{kept}$deltatoken={:x}",
                req.origin, req.version, req.path, state.seq
            )),
        );
    }
    Some(Answer::json(200, Value::Object(body)))
}

/// The items changed since `since` (all, for a full sync), in the order
/// they changed, then the ones removed since.
fn changes(
    state: &State,
    collection: &str,
    items: &[Object],
    since: Option<u64>,
    select: Option<&[&str]>,
) -> Vec<Value> {
    let seq_of = |o: &Object| {
        let id = o.get("id").and_then(Value::as_str).unwrap_or("");
        state
            .changed
            .get(collection)
            .and_then(|c| c.get(id))
            .copied()
            .unwrap_or(0)
    };
    let Some(since) = since else {
        return items.iter().map(|o| Value::Object(project(o, select))).collect();
    };
    let mut changed: Vec<(u64, &Object)> = items
        .iter()
        .map(|o| (seq_of(o), o))
        .filter(|(seq, _)| *seq > since)
        .collect();
    changed.sort_by_key(|(seq, _)| *seq);
    let mut out: Vec<Value> = changed
        .into_iter()
        .map(|(_, o)| Value::Object(project(o, select)))
        .collect();
    if let Some(removed) = state.removed.get(collection) {
        out.extend(
            removed
                .iter()
                .filter(|(_, seq)| *seq > since)
                .map(|(id, _)| json!({"id": id, "@removed": {"reason": "deleted"}})),
        );
    }
    out
}
