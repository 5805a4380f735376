//! A local Microsoft Graph-compatible HTTP server, for tests and examples.
//!
//! It stores OData collections in memory for any path, under both `/v1.0`
//! and `/beta`: `POST` creates (`201`, a new GUID `id`, `@odata.context`),
//! `GET` reads an item or a collection (`{"value": [...]}`, paged with
//! `@odata.nextLink`), `PATCH` merges, `DELETE` removes (`204`), and
//! `POST /$batch` serves up to 20 requests at once. It answers with
//! Graph-shaped errors for a missing bearer token (401), a body that is not
//! a JSON object (400) and an unknown item (404); it has a token endpoint
//! for the client credentials flow; and it lets a test inject faults and
//! read the requests it received.
//!
//! Use it through `graph_resource::emulator` (feature `emulator`), whose
//! `Emulator` also hands out a client for it.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> std::io::Result<()> {
//! use graph_resource_emulator::Emulator;
//!
//! let emulator = Emulator::start().await?;
//! assert!(emulator.base_url().starts_with("http://127.0.0.1:"));
//! assert!(emulator.base_url().ends_with("/beta"));
//! emulator.throttle_next(2, "1");
//! # Ok(()) }
//! ```

mod answer;
mod apps;
mod assertion;
mod batch;
mod blobs;
mod calls;
mod content;
mod delta;
mod disk;
mod faults;
mod http;
mod limits;
mod operations;
mod query;
mod reports;
mod request;
mod state;
mod store;
mod token;
mod uploads;

use std::net::SocketAddr;
use std::time::Duration;

use bytes::Bytes;
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

pub use faults::Fault;
pub use limits::{Limits, Usage};

use answer::graph_error_body;
use state::{AppProof, Rejection, Shared};

/// A running emulator. It stops when dropped.
pub struct Emulator {
    addr: SocketAddr,
    state: Shared,
    task: JoinHandle<()>,
}

impl std::fmt::Debug for Emulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Emulator")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

/// A request as the emulator received it.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct RecordedRequest {
    /// The method, e.g. `POST`.
    pub method: String,
    /// The path and query exactly as sent, percent-encoding included.
    pub target: String,
    /// The headers, names lower-case, in the order received.
    pub headers: Vec<(String, String)>,
    /// The body; one over 1 MiB (a slice of a large upload) is logged
    /// empty, so that the log stays small.
    pub body: Bytes,
}

impl RecordedRequest {
    /// The first value of a header.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON, if it is JSON.
    pub fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }
}

impl Emulator {
    /// Starts an emulator on `127.0.0.1` on a free port, on the current
    /// tokio runtime.
    pub async fn start() -> std::io::Result<Emulator> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let state = Shared::default();
        let task = tokio::spawn(http::serve(listener, state.clone(), addr));
        Ok(Emulator { addr, state, task })
    }

    /// The base URL of Graph beta: `http://127.0.0.1:<port>/beta`.
    pub fn base_url(&self) -> String {
        self.base_url_for("beta")
    }

    /// The base URL of an API version, `beta` or `v1.0`. Both versions
    /// serve the same collections, as Graph's do.
    pub fn base_url_for(&self, version: &str) -> String {
        format!("http://{}/{version}", self.addr)
    }

    /// The address the emulator listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The token authority to give `ClientCredentials::authority`:
    /// `http://127.0.0.1:<port>`. Its token endpoint is
    /// `/{tenant}/oauth2/v2.0/token`.
    pub fn authority(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Registers an app for the client credentials flow. From then on,
    /// Graph routes accept only tokens the emulator issued and that have
    /// not expired.
    pub fn register_app(&self, client_id: &str, client_secret: &str) {
        self.state
            .lock()
            .auth
            .apps
            .insert(client_id.to_owned(), AppProof::Secret(client_secret.to_owned()));
    }

    /// Registers an app that proves itself with a certificate: its token
    /// requests carry a client assertion (a JWT) whose `x5t#S256` header is
    /// `thumbprint` (the base64url SHA-256 of the certificate's DER) and
    /// whose `iss`, `sub` and `aud` name the app and the token endpoint, not
    /// expired. The emulator checks those, not the signature.
    pub fn register_app_certificate(&self, client_id: &str, thumbprint: &str) {
        self.state
            .lock()
            .auth
            .apps
            .insert(client_id.to_owned(), AppProof::Certificate(thumbprint.to_owned()));
    }

    /// Serves a managed identity endpoint, as App Service and Azure
    /// Functions do (`GET /msi/token?api-version=2019-08-01&resource=…`
    /// with the `X-IDENTITY-HEADER` secret), at
    /// [`managed_identity_endpoint`](Self::managed_identity_endpoint). From
    /// then on, Graph routes accept only tokens the emulator issued.
    pub fn enable_managed_identity(&self, identity_header: &str) {
        self.state.lock().auth.identity_header = Some(identity_header.to_owned());
    }

    /// The managed identity endpoint, for `IDENTITY_ENDPOINT`:
    /// `http://127.0.0.1:<port>/msi/token`.
    pub fn managed_identity_endpoint(&self) -> String {
        format!("http://{}{}", self.addr, token::MANAGED_IDENTITY_PATH)
    }

    /// How long issued tokens live (default one hour; whole seconds are
    /// announced in `expires_in`, at least 1).
    pub fn set_token_lifetime(&self, lifetime: Duration) {
        self.state.lock().auth.lifetime = Some(lifetime);
    }

    /// Makes every issued token invalid, as a revoked or rotated key would.
    pub fn revoke_tokens(&self) {
        self.state.lock().auth.issued.clear();
    }

    /// How many token requests the emulator has answered.
    pub fn token_requests(&self) -> usize {
        self.state
            .lock()
            .log
            .iter()
            .filter(|r| token::is_token_request(&r.target))
            .count()
    }

    /// The tokens issued so far, for tests that check none of them leaks.
    pub fn issued_tokens(&self) -> Vec<String> {
        self.state.lock().auth.issued.keys().cloned().collect()
    }

    /// Answers the next `n` requests with `429 Too Many Requests` and this
    /// `Retry-After`.
    pub fn throttle_next(&self, n: usize, retry_after: &str) {
        let fault = Fault::Status {
            status: 429,
            retry_after: Some(retry_after.to_owned()),
            content_type: "application/json".into(),
            body: graph_error_body("TooManyRequests", "Please retry again later.").to_string(),
        };
        self.inject(n, fault);
    }

    /// Answers every `n`th Graph request from now on with `429` and this
    /// `Retry-After`: a steady share of throttling under load.
    pub fn throttle_every(&self, n: usize, retry_after: &str) {
        self.state.lock().faults.throttle_every = (n > 0).then(|| (n, retry_after.to_owned()));
    }

    /// Answers every `n`th request inside `$batch` bodies from now on with
    /// `429` and this `Retry-After`, without carrying it out, as Graph
    /// throttles batch items one by one.
    pub fn throttle_batch_items_every(&self, n: usize, retry_after: &str) {
        self.state.lock().faults.throttle_batch_items = (n > 0).then(|| (n, retry_after.to_owned()));
    }

    /// Answers the next `n` Graph requests (not token requests) with `fault`.
    pub fn inject(&self, n: usize, fault: Fault) {
        self.state
            .lock()
            .faults
            .queued
            .extend(std::iter::repeat_n(fault, n));
    }

    /// Refuses every `POST` whose body `matches` with a Graph error of this
    /// status and code, creating nothing; in batches too.
    pub fn reject_creates_where(
        &self,
        matches: impl Fn(&Value) -> bool + Send + Sync + 'static,
        status: u16,
        code: &str,
        message: &str,
    ) {
        self.state.lock().rejections.push(Rejection {
            matches: Box::new(matches),
            status,
            code: code.to_owned(),
            message: message.to_owned(),
        });
    }

    /// The page size when a `GET` of a collection has no `$top` (default 100).
    pub fn set_page_size(&self, n: usize) {
        self.state.lock().page_size = Some(n.max(1));
    }

    /// Makes an empty collection at `path` (below the version, e.g.
    /// `/users`, percent-encoded as sent). A `GET` of a path that is
    /// neither a collection nor an item of one is answered with 404.
    pub fn create_collection(&self, path: &str) {
        self.state
            .lock()
            .collections
            .entry(collection_key(path))
            .or_default();
    }

    /// Puts items straight into the collection at `path` (below the
    /// version, percent-encoded as sent), giving each an `id` if it has none.
    pub fn insert(&self, path: &str, items: impl IntoIterator<Item = Value>) {
        let mut state = self.state.lock();
        let key = collection_key(path);
        for item in items {
            let Value::Object(mut object) = item else { continue };
            if !object.contains_key("id") {
                object.insert("id".into(), Value::String(uuid::Uuid::new_v4().to_string()));
            }
            let id = object
                .get("id")
                .map(|id| id.as_str().map_or_else(|| id.to_string(), str::to_owned));
            state.collections.entry(key.clone()).or_default().push(object);
            if let Some(id) = id {
                state.touched(&key, &id);
            }
        }
    }

    /// Puts one object at `path` (below the version, percent-encoded as
    /// sent): a singleton such as `/me`, or a single-valued navigation such
    /// as `/users/{id}/manager`, which `GET`, `PATCH` and `DELETE` then reach.
    pub fn put_object(&self, path: &str, object: Value) {
        if let Value::Object(object) = object {
            self.state.lock().objects.insert(collection_key(path), object);
        }
    }

    /// Scripts how the action or function `name` is answered (the last
    /// segment of its path, e.g. `assign` or `getOmaSettingPlainTextValue`):
    /// `status`, with `body` as JSON or no body. Without a script, `assign`
    /// replaces the item's assignments, Intune's device actions answer
    /// `204`, a `POST` to a plural name creates an item, and any other name
    /// is a `404`, as Graph answers a route it does not have.
    pub fn answer_call(&self, name: &str, status: u16, body: Option<Value>) {
        self.state
            .lock()
            .scripted
            .insert(name.to_owned(), crate::calls::Scripted { status, body });
    }

    /// Makes every delta link given so far unknown, as Graph forgets old
    /// delta tokens: resuming from one answers `410 Gone` (`resyncRequired`).
    pub fn expire_delta_links(&self) {
        let mut state = self.state.lock();
        state.seq += 1;
        state.delta_floor = state.seq;
    }

    /// The items of the collection at `path` (below the version, as sent:
    /// percent-encoded), in creation order.
    pub fn items(&self, path: &str) -> Vec<Value> {
        self.state
            .lock()
            .collections
            .get(&collection_key(path))
            .map(|items| items.iter().cloned().map(Value::Object).collect())
            .unwrap_or_default()
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.state.lock().log.clone()
    }

    /// Enforces Graph's throttling limits from now on: per tenant and per
    /// app, for writes and for all requests, each `$batch` item counted on
    /// its own, throttled requests counted too, and a `429` with the time
    /// until the next free slot in `Retry-After` (fractional seconds).
    ///
    /// A caller is known by its token: one the emulator issued belongs to
    /// the tenant and app it was issued for, one given to
    /// [`register_token`](Emulator::register_token) to those; any other
    /// token to the tenant and app `default`.
    pub fn enforce_limits(&self, limits: Limits) {
        self.state.lock().budgets = Some(limits::Budgets::new(limits));
    }

    /// Says whose a static bearer token is, for the limits: `tenant`'s app `app`.
    pub fn register_token(&self, token: &str, tenant: &str, app: &str) {
        self.state
            .lock()
            .callers
            .insert(token.to_owned(), (tenant.to_owned(), app.to_owned()));
    }

    /// What `tenant`'s requests came to under the limits: served and throttled.
    pub fn usage(&self, tenant: &str) -> Usage {
        let state = self.state.lock();
        state
            .budgets
            .as_ref()
            .and_then(|b| b.usage.get(tenant).copied())
            .unwrap_or_default()
    }

    /// The usage of every tenant that made requests under the limits.
    pub fn usage_by_tenant(&self) -> std::collections::BTreeMap<String, Usage> {
        let state = self.state.lock();
        state
            .budgets
            .as_ref()
            .map(|b| b.usage.clone())
            .unwrap_or_default()
    }

    /// How many TCP connections the emulator has accepted: a client that
    /// reuses its connections opens about as many as it sends at once.
    pub fn connections(&self) -> usize {
        self.state.lock().connections
    }

    /// How many of those connections have ended, closed by the client or
    /// dropped by a fault: while a client lives, one that keeps its
    /// connections after every answer it read ends none.
    pub fn connections_ended(&self) -> usize {
        self.state.lock().connections_ended
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A collection's key: its path below the version, without a trailing `/`.
fn collection_key(path: &str) -> String {
    path.trim_end_matches('/').to_owned()
}
