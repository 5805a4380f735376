//! Everything the emulator knows, behind one lock.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde_json::{Map, Value};

use crate::RecordedRequest;
use crate::faults::Fault;
use crate::limits::Budgets;

/// An object as stored: its JSON properties.
pub(crate) type Object = Map<String, Value>;

/// The emulator's state. Every request takes the lock once or twice, for a
/// moment, and never across an await.
#[derive(Default)]
pub(crate) struct State {
    /// Collections by path (without the version), items in creation order.
    pub(crate) collections: HashMap<String, Vec<Object>>,
    pub(crate) log: Vec<RecordedRequest>,
    pub(crate) faults: Faults,
    pub(crate) rejections: Vec<Rejection>,
    pub(crate) page_size: Option<usize>,
    pub(crate) auth: Auth,
    /// TCP connections accepted.
    pub(crate) connections: usize,
    /// TCP connections that have ended, by either side.
    pub(crate) connections_ended: usize,
    /// The limits enforced, when a test asked for them.
    pub(crate) budgets: Option<Budgets>,
    /// Whose each bearer token is: its tenant and app.
    pub(crate) callers: HashMap<String, (String, String)>,
    /// The number of the last change to any collection.
    pub(crate) seq: u64,
    /// When each item last changed, by collection and id.
    pub(crate) changed: HashMap<String, HashMap<String, u64>>,
    /// The items removed from each collection, and when.
    pub(crate) removed: HashMap<String, Vec<(String, u64)>>,
    /// Delta links from before this change number are no longer known.
    pub(crate) delta_floor: u64,
    /// Objects that are not in a collection: singletons (`/me`) and
    /// single-valued navigations (`/users/{id}/manager`), by path.
    pub(crate) objects: HashMap<String, Object>,
    /// Answers a test scripted for actions and functions, by name.
    pub(crate) scripted: HashMap<String, crate::calls::Scripted>,
    /// Binary content, by item path (`/drives/d1/items/i1`).
    pub(crate) contents: HashMap<String, crate::disk::Content>,
    /// What each pre-signed URL gives access to, by its key.
    pub(crate) grants: HashMap<String, crate::content::Grant>,
    /// Status properties that move on as they are read, by path.
    pub(crate) progressions: HashMap<String, crate::operations::Progression>,
    /// Copies under way, by monitor key.
    pub(crate) copies: HashMap<String, crate::operations::Copy>,
    /// How many monitor reads say `inProgress` (2 unless a test sets it).
    pub(crate) copy_reads: Option<u32>,
    /// Upload sessions under way, by their URL's key.
    pub(crate) sessions: HashMap<String, crate::uploads::Session>,
    /// Report export jobs, by id.
    pub(crate) exports: HashMap<String, crate::reports::Export>,
    /// Each report's CSV, by report name.
    pub(crate) reports: HashMap<String, bytes::Bytes>,
    /// Whether the next export job fails.
    pub(crate) fail_next_export: bool,
    /// Apps' content files under way, by path.
    pub(crate) content_files: HashMap<String, crate::apps::ContentFile>,
    /// How the next content file commit ends, if a test said.
    pub(crate) next_commit_end: Option<String>,
    /// Block blobs, by name.
    pub(crate) blobs: HashMap<String, crate::blobs::Blob>,
    /// The SAS handed out, by signature.
    pub(crate) sas: HashMap<String, crate::blobs::Sas>,
    /// How long a SAS lives, if a test set it.
    pub(crate) sas_lifetime: Option<Duration>,
    /// How many times a content file's storage URI was renewed.
    pub(crate) sas_renewals: usize,
    /// Another service's container for content blobs, if a test gave one.
    pub(crate) blob_storage: Option<crate::blobs::Container>,
}

impl State {
    /// Notes that the item `id` of `collection` was created or changed.
    pub(crate) fn touched(&mut self, collection: &str, id: &str) {
        self.seq += 1;
        let seq = self.seq;
        self.changed
            .entry(collection.to_owned())
            .or_default()
            .insert(id.to_owned(), seq);
    }

    /// Notes that the item `id` left `collection`.
    pub(crate) fn removed(&mut self, collection: &str, id: &str) {
        self.seq += 1;
        let seq = self.seq;
        if let Some(changed) = self.changed.get_mut(collection) {
            changed.remove(id);
        }
        self.removed
            .entry(collection.to_owned())
            .or_default()
            .push((id.to_owned(), seq));
    }
}

/// The tenant and app of a caller whose token the emulator does not know.
pub(crate) const DEFAULT_CALLER: (&str, &str) = ("default", "default");

/// Faults to answer with instead of serving.
#[derive(Default)]
pub(crate) struct Faults {
    /// The next requests' faults, in order.
    pub(crate) queued: VecDeque<Fault>,
    /// Every `n`th Graph request is throttled with this `Retry-After`.
    pub(crate) throttle_every: Option<(usize, String)>,
    pub(crate) graph_requests: usize,
    /// Every `n`th `$batch` item is throttled with this `Retry-After`.
    pub(crate) throttle_batch_items: Option<(usize, String)>,
    pub(crate) batch_items: usize,
}

/// A rule that refuses some created objects, as Graph refuses invalid ones.
pub(crate) struct Rejection {
    pub(crate) matches: Box<dyn Fn(&Value) -> bool + Send + Sync>,
    pub(crate) status: u16,
    pub(crate) code: String,
    pub(crate) message: String,
}

/// The token endpoint's apps and the tokens it issued. Once an app is
/// registered, Graph routes accept only issued tokens that have not expired.
#[derive(Default)]
pub(crate) struct Auth {
    pub(crate) apps: HashMap<String, AppProof>,
    pub(crate) issued: HashMap<String, Instant>,
    pub(crate) lifetime: Option<Duration>,
    /// The `X-IDENTITY-HEADER` secret of the managed identity endpoint.
    pub(crate) identity_header: Option<String>,
}

/// How a registered app proves who it is.
pub(crate) enum AppProof {
    Secret(String),
    /// The base64url SHA-256 thumbprint of its certificate (`x5t#S256`).
    Certificate(String),
}

/// The state, shared by the server's tasks and the handle.
#[derive(Clone, Default)]
pub(crate) struct Shared(Arc<Mutex<State>>);

impl Shared {
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        // A panicking test thread must not take the emulator down with it.
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}
