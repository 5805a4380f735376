//! Long-running operations, as Graph runs them: a status property that
//! moves through values as a resource is read again (a content file's
//! `uploadState`, an export job's `status`), and actions that answer `202
//! Accepted` with a `Location` to follow (a drive item's `copy`, whose
//! monitor URL is on another origin and needs no token).

use serde_json::{Value, json};

use crate::Emulator;
use crate::answer::Answer;
use crate::request::GraphRequest;
use crate::state::State;

/// Where monitor URLs live, below the emulator's root.
pub(crate) const MONITOR: &str = "/_monitor/";

/// A property that moves through values, one per read.
pub(crate) struct Progression {
    property: String,
    values: Vec<Value>,
    reads: usize,
}

/// A copy under way: how many more reads say `inProgress`, and the copy's
/// id.
pub(crate) struct Copy {
    pending: u32,
    resource_id: String,
}

/// Moves the item at `path` on, if a test gave it a progression: each read
/// sees the next value, and the last value stays.
pub(crate) fn advance(state: &mut State, path: &str) {
    let Some(p) = state.progressions.get_mut(path) else {
        return;
    };
    let value = p.values[p.reads.min(p.values.len() - 1)].clone();
    p.reads += 1;
    let property = p.property.clone();
    if let Some(object) = state.objects.get_mut(path) {
        object.insert(property, value);
    } else if let Some(item) = crate::store::find_item(state, path) {
        item.insert(property, value);
    }
}

/// `POST {item}/copy`: `202 Accepted`, the monitor URL in `Location`.
pub(crate) fn copy(state: &mut State, req: &GraphRequest<'_>) -> Option<Answer> {
    let item = req.path.strip_suffix("/copy")?;
    if req.method != "POST" {
        return None;
    }
    if crate::store::find_item(state, item).is_none() {
        return Some(Answer::error(
            404,
            "itemNotFound",
            "The resource could not be found.",
        ));
    }
    let key = uuid::Uuid::new_v4().simple().to_string();
    state.copies.insert(
        key.clone(),
        Copy {
            pending: state.copy_reads.unwrap_or(2),
            resource_id: uuid::Uuid::new_v4().to_string(),
        },
    );
    let other = req.origin.replacen("127.0.0.1", "localhost", 1);
    Some(Answer::empty(202).header("location", format!("{other}{MONITOR}{key}")))
}

/// `GET /_monitor/{key}`: the copy's status; no token needed.
pub(crate) fn monitor(state: &mut State, target: &str) -> Answer {
    let key = target.strip_prefix(MONITOR).unwrap_or("");
    let Some(copy) = state.copies.get_mut(key) else {
        return Answer::error(404, "itemNotFound", "No such operation.");
    };
    if copy.pending == 0 {
        return Answer::json(
            200,
            json!({"status": "completed", "percentageComplete": 100.0, "resourceId": copy.resource_id}),
        );
    }
    copy.pending -= 1;
    Answer::json(
        202,
        json!({"status": "inProgress", "percentageComplete": 50.0, "operation": "itemCopy"}),
    )
}

impl Emulator {
    /// Makes `property` of the object or item at `path` move through
    /// `values` as it is read: the first read sees the first value, each
    /// read after the next one, and the last one stays.
    pub fn progress(&self, path: &str, property: &str, values: impl IntoIterator<Item = Value>) {
        let values: Vec<Value> = values.into_iter().collect();
        assert!(!values.is_empty(), "a progression needs at least one value");
        self.state.lock().progressions.insert(
            path.to_owned(),
            Progression {
                property: property.to_owned(),
                values,
                reads: 0,
            },
        );
    }

    /// How many reads of a copy's monitor URL say `inProgress` before one
    /// says `completed` (2 unless set).
    pub fn set_copy_reads(&self, n: u32) {
        self.state.lock().copy_reads = Some(n);
    }
}
