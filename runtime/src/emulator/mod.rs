//! A local Graph-compatible HTTP server, for tests and examples.
//!
//! It stores OData collections in memory for any path: `POST` creates
//! (`201`, a new GUID `id`, `@odata.context`), `GET` reads an item or a
//! collection (`{"value": [...]}`), `PATCH` merges, `DELETE` removes
//! (`204`). It answers with Graph-shaped errors for a missing bearer token
//! (401), a body that is not a JSON object (400) and an unknown item (404),
//! and lets a test inject faults and read the requests it received.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> std::io::Result<()> {
//! use graph_resource::emulator::Emulator;
//!
//! let emulator = Emulator::start().await?;
//! let client = emulator.client();
//! assert!(client.base_url().starts_with("http://127.0.0.1:"));
//! emulator.throttle_next(2, "1");
//! # Ok(()) }
//! ```

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::{Map, Value, json};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::{Client, StaticToken};

/// The version segment the emulator's base URL ends with.
const VERSION: &str = "/beta";

/// A running emulator. It stops when dropped.
pub struct Emulator {
    addr: SocketAddr,
    state: Arc<State>,
    task: JoinHandle<()>,
}

impl std::fmt::Debug for Emulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Emulator")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

#[derive(Default)]
struct State {
    collections: Mutex<HashMap<String, Vec<Map<String, Value>>>>,
    log: Mutex<Vec<RecordedRequest>>,
    faults: Mutex<VecDeque<Fault>>,
    throttle_every: Mutex<Option<(usize, String)>>,
    graph_requests: std::sync::atomic::AtomicUsize,
    throttle_batch_items: Mutex<Option<(usize, String)>>,
    batch_items: std::sync::atomic::AtomicUsize,
    rejections: Mutex<Vec<Rejection>>,
    page_size: Mutex<Option<usize>>,
    auth: Mutex<Auth>,
}

/// A rule that refuses some created objects, as Graph refuses invalid ones.
struct Rejection {
    matches: Box<dyn Fn(&Value) -> bool + Send + Sync>,
    status: u16,
    code: String,
    message: String,
}

/// The token endpoint's apps and the tokens it issued. Once an app is
/// registered, Graph routes accept only issued tokens that have not expired.
#[derive(Default)]
struct Auth {
    apps: HashMap<String, String>,
    issued: HashMap<String, Instant>,
    lifetime: Option<Duration>,
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
    /// The body.
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

/// A fault the emulator answers with instead of serving a request.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Fault {
    /// Answer with this status, optional `Retry-After`, and this body.
    Status {
        /// The status code.
        status: u16,
        /// The `Retry-After` header, as written.
        retry_after: Option<String>,
        /// The `Content-Type`.
        content_type: String,
        /// The body.
        body: String,
    },
    /// Close the connection without answering, after reading the request.
    Drop,
    /// Serve the request normally, but only after this delay.
    Delay(Duration),
    /// Answer with a redirect.
    Redirect {
        /// 301, 302, 303, 307 or 308.
        status: u16,
        /// The `Location` header.
        location: String,
    },
}

impl Fault {
    /// A Graph-shaped error with this status, code and message.
    pub fn graph_error(status: u16, code: &str, message: &str) -> Self {
        Fault::Status {
            status,
            retry_after: None,
            content_type: "application/json".into(),
            body: graph_error_body(code, message).to_string(),
        }
    }

    /// A Graph-shaped error for this status, e.g. 503 `serviceNotAvailable`.
    pub fn status(status: u16) -> Self {
        let code = match status {
            429 => "TooManyRequests",
            503 => "serviceNotAvailable",
            504 => "gatewayTimeout",
            500 => "generalException",
            _ => "error",
        };
        Fault::graph_error(status, code, "Injected by the emulator.")
    }

    /// Adds a `Retry-After` header to a `Status` fault.
    pub fn retry_after(self, value: &str) -> Self {
        match self {
            Fault::Status {
                status,
                content_type,
                body,
                ..
            } => Fault::Status {
                status,
                retry_after: Some(value.to_owned()),
                content_type,
                body,
            },
            other => other,
        }
    }

    /// An HTML page, as a proxy or gateway answers.
    pub fn html(status: u16) -> Self {
        Fault::Status {
            status,
            retry_after: None,
            content_type: "text/html".into(),
            body: format!(
                "<!DOCTYPE html><html><head><title>{status} Gateway Error</title></head>\
                 <body><h1>The upstream server did not answer.</h1></body></html>"
            ),
        }
    }

    /// A success status whose JSON body is cut off.
    pub fn truncated_json(status: u16) -> Self {
        Fault::Status {
            status,
            retry_after: None,
            content_type: "application/json".into(),
            body: r##"{"@odata.type":"#microsoft.graph.enrollmentConfigurationAssignment","id":"12"##.into(),
        }
    }

    /// A redirect to `location`.
    pub fn redirect(status: u16, location: &str) -> Self {
        Fault::Redirect {
            status,
            location: location.to_owned(),
        }
    }
}

impl Emulator {
    /// Starts an emulator on `127.0.0.1` on a free port, on the current
    /// tokio runtime.
    pub async fn start() -> std::io::Result<Emulator> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let state = Arc::new(State::default());
        let server_state = state.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let state = server_state.clone();
                tokio::spawn(async move {
                    let service = service_fn(move |req| handle(state.clone(), addr, req));
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Ok(Emulator { addr, state, task })
    }

    /// The base URL to give a client: `http://127.0.0.1:<port>/beta`.
    pub fn base_url(&self) -> String {
        format!("http://{}{VERSION}", self.addr)
    }

    /// The address the emulator listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// A client for this emulator, with a static token.
    pub fn client(&self) -> Client {
        Client::builder()
            .base_url(self.base_url())
            .token(StaticToken::new("emulator-token"))
            .build()
            .expect("the emulator's base URL is a valid loopback URL")
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
        lock(&self.state.auth)
            .apps
            .insert(client_id.to_owned(), client_secret.to_owned());
    }

    /// How long issued tokens live (default one hour; whole seconds are
    /// announced in `expires_in`, at least 1).
    pub fn set_token_lifetime(&self, lifetime: Duration) {
        lock(&self.state.auth).lifetime = Some(lifetime);
    }

    /// Makes every issued token invalid, as a revoked or rotated key would.
    pub fn revoke_tokens(&self) {
        lock(&self.state.auth).issued.clear();
    }

    /// How many token requests the emulator has answered.
    pub fn token_requests(&self) -> usize {
        lock(&self.state.log)
            .iter()
            .filter(|r| r.target.ends_with("/oauth2/v2.0/token"))
            .count()
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
        *lock(&self.state.throttle_every) = (n > 0).then(|| (n, retry_after.to_owned()));
    }

    /// Answers every `n`th request inside `$batch` bodies from now on with
    /// `429` and this `Retry-After`, without carrying it out, as Graph
    /// throttles batch items one by one.
    pub fn throttle_batch_items_every(&self, n: usize, retry_after: &str) {
        *lock(&self.state.throttle_batch_items) = (n > 0).then(|| (n, retry_after.to_owned()));
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
        lock(&self.state.rejections).push(Rejection {
            matches: Box::new(matches),
            status,
            code: code.to_owned(),
            message: message.to_owned(),
        });
    }

    /// The page size when a `GET` of a collection has no `$top` (default 100).
    pub fn set_page_size(&self, n: usize) {
        *lock(&self.state.page_size) = Some(n.max(1));
    }

    /// Makes an empty collection at `path` (relative to the base URL,
    /// percent-encoded as sent). A `GET` of a path that is neither a
    /// collection nor an item of one is answered with 404.
    pub fn create_collection(&self, path: &str) {
        lock(&self.state.collections)
            .entry(format!("{VERSION}{path}"))
            .or_default();
    }

    /// Puts items straight into the collection at `path` (relative to the
    /// base URL, percent-encoded as sent), giving each an `id` if it has none.
    pub fn insert(&self, path: &str, items: impl IntoIterator<Item = Value>) {
        let key = format!("{VERSION}{path}");
        let mut collections = lock(&self.state.collections);
        let collection = collections.entry(key).or_default();
        for item in items {
            let Value::Object(mut object) = item else { continue };
            if !object.contains_key("id") {
                object.insert("id".into(), Value::String(uuid::Uuid::new_v4().to_string()));
            }
            collection.push(object);
        }
    }

    /// The tokens issued so far, for tests that check none of them leaks.
    pub fn issued_tokens(&self) -> Vec<String> {
        lock(&self.state.auth).issued.keys().cloned().collect()
    }

    /// Answers the next `n` Graph requests (not token requests) with `fault`.
    pub fn inject(&self, n: usize, fault: Fault) {
        lock(&self.state.faults).extend(std::iter::repeat_n(fault, n));
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.state.log).clone()
    }

    /// The items of the collection at `path` (relative to the base URL, as
    /// sent: percent-encoded), in creation order.
    pub fn items(&self, path: &str) -> Vec<Value> {
        let key = format!("{VERSION}{path}");
        lock(&self.state.collections)
            .get(&key)
            .map(|items| items.iter().cloned().map(Value::Object).collect())
            .unwrap_or_default()
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panicking test thread must not take the emulator down with it.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn graph_error_body(code: &str, message: &str) -> Value {
    json!({
        "error": {
            "code": code,
            "message": message,
            "innerError": {
                "date": "2026-11-29T00:00:00",
                "request-id": uuid::Uuid::new_v4().to_string(),
                "client-request-id": uuid::Uuid::new_v4().to_string(),
            }
        }
    })
}

type Answer = Response<Full<Bytes>>;

/// The error hyper is given to close a connection without answering.
#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by fault injection")
    }
}

impl std::error::Error for Dropped {}

async fn handle(state: Arc<State>, addr: SocketAddr, req: Request<Incoming>) -> Result<Answer, Dropped> {
    let method = req.method().as_str().to_owned();
    let target = req.uri().path_and_query().map_or("/", |p| p.as_str()).to_owned();
    let headers: Vec<(String, String)> = req
        .headers()
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_owned(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let body = req
        .into_body()
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    let recorded = RecordedRequest {
        method,
        target,
        headers,
        body,
    };
    lock(&state.log).push(recorded.clone());
    let client_request_id = recorded.header("client-request-id").map(str::to_owned);

    if recorded.target.ends_with("/oauth2/v2.0/token") {
        return Ok(issue_token(&state, &recorded));
    }
    let seen = state
        .graph_requests
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        + 1;
    let steady = lock(&state.throttle_every)
        .as_ref()
        .filter(|(n, _)| seen.is_multiple_of(*n))
        .map(|(_, retry_after)| Fault::status(429).retry_after(retry_after));
    let fault = lock(&state.faults).pop_front().or(steady);
    if fault.is_none()
        && recorded.method == "POST"
        && recorded.target.split('?').next() == Some("/beta/$batch")
    {
        return Ok(decorate(batch(&state, addr, &recorded), client_request_id));
    }
    let answer = match fault {
        Some(Fault::Drop) => return Err(Dropped),
        Some(Fault::Status {
            status,
            retry_after,
            content_type,
            body,
        }) => {
            let mut r = Response::builder()
                .status(status)
                .header("content-type", content_type);
            if let Some(ra) = retry_after {
                r = r.header("retry-after", ra);
            }
            r.body(Full::new(Bytes::from(body))).unwrap_or_default()
        }
        Some(Fault::Redirect { status, location }) => Response::builder()
            .status(status)
            .header("location", location)
            .body(Full::new(Bytes::new()))
            .unwrap_or_default(),
        Some(Fault::Delay(d)) => {
            tokio::time::sleep(d).await;
            serve(&state, addr, &recorded)
        }
        None => serve(&state, addr, &recorded),
    };
    Ok(decorate(answer, client_request_id))
}

fn decorate(mut answer: Answer, client_request_id: Option<String>) -> Answer {
    let h = answer.headers_mut();
    if let Ok(v) = uuid::Uuid::new_v4().to_string().parse() {
        h.insert("request-id", v);
    }
    if let Some(v) = client_request_id.and_then(|c| c.parse().ok()) {
        h.insert("client-request-id", v);
    }
    h.insert("odata-version", hyper::header::HeaderValue::from_static("4.0"));
    answer
}

fn json_answer(status: StatusCode, body: &Value) -> Answer {
    Response::builder()
        .status(status)
        .header(
            "content-type",
            "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8",
        )
        .body(Full::new(Bytes::from(body.to_string())))
        .unwrap_or_default()
}

fn error_answer(status: StatusCode, code: &str, message: &str) -> Answer {
    json_answer(status, &graph_error_body(code, message))
}

fn serve(state: &State, addr: SocketAddr, req: &RecordedRequest) -> Answer {
    let bearer = req
        .header("authorization")
        .and_then(|v| v.strip_prefix("Bearer "))
        .is_some_and(|t| !t.trim().is_empty());
    if !bearer {
        return error_answer(
            StatusCode::UNAUTHORIZED,
            "InvalidAuthenticationToken",
            "Access token is empty.",
        );
    }
    if let Some(problem) = token_problem(state, req) {
        return error_answer(StatusCode::UNAUTHORIZED, "InvalidAuthenticationToken", problem);
    }
    let path = req
        .target
        .split('?')
        .next()
        .unwrap_or("/")
        .trim_end_matches('/')
        .to_owned();
    let context = |suffix: &str| {
        let relative = path
            .strip_prefix(VERSION)
            .unwrap_or(&path)
            .trim_start_matches('/');
        format!("http://{addr}{VERSION}/$metadata#{relative}{suffix}")
    };
    // An item as Graph answers with it: its context first.
    let entity = |status: StatusCode, item: &Map<String, Value>| {
        let mut answer = Map::new();
        answer.insert("@odata.context".into(), Value::String(context("/$entity")));
        answer.extend(item.clone());
        json_answer(status, &Value::Object(answer))
    };
    let invalid_json = || {
        error_answer(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            "Invalid JSON: the request body must be a JSON object.",
        )
    };
    let mut collections = lock(&state.collections);
    match req.method.as_str() {
        "POST" => {
            let Some(Value::Object(mut object)) = req.json() else {
                return invalid_json();
            };
            let body = Value::Object(object.clone());
            if let Some(rule) = lock(&state.rejections).iter().find(|r| (r.matches)(&body)) {
                let status = StatusCode::from_u16(rule.status).unwrap_or(StatusCode::BAD_REQUEST);
                return error_answer(status, &rule.code, &rule.message);
            }
            let id = uuid::Uuid::new_v4().to_string();
            object.insert("id".into(), Value::String(id));
            let answer = entity(StatusCode::CREATED, &object);
            collections.entry(path).or_default().push(object);
            answer
        }
        "GET" => {
            if let Some(items) = collections.get(&path) {
                let default_size = lock(&state.page_size).unwrap_or(100);
                return page(items, req, addr, &path, default_size, context(""));
            }
            if let Some(item) = find_item(&mut collections, &path) {
                return entity(StatusCode::OK, item);
            }
            if is_item_path(&collections, &path) {
                return not_found(&path);
            }
            let segment = path.rsplit('/').next().unwrap_or("");
            error_answer(
                StatusCode::NOT_FOUND,
                "Request_ResourceNotFound",
                &format!("Resource not found for the segment '{segment}'."),
            )
        }
        "PATCH" => {
            let Some(Value::Object(changes)) = req.json() else {
                return invalid_json();
            };
            match find_item(&mut collections, &path) {
                Some(item) => {
                    for (k, v) in changes {
                        if k != "id" {
                            item.insert(k, v);
                        }
                    }
                    entity(StatusCode::OK, item)
                }
                None => not_found(&path),
            }
        }
        "DELETE" => {
            let Some((collection, id)) = path.rsplit_once('/') else {
                return not_found(&path);
            };
            let removed = collections.get_mut(collection).and_then(|items| {
                let i = items
                    .iter()
                    .position(|o| o.get("id").and_then(Value::as_str) == Some(id))?;
                Some(items.remove(i))
            });
            match removed {
                Some(_) => Response::builder()
                    .status(StatusCode::NO_CONTENT)
                    .body(Full::new(Bytes::new()))
                    .unwrap_or_default(),
                None => not_found(&path),
            }
        }
        _ => error_answer(
            StatusCode::METHOD_NOT_ALLOWED,
            "BadRequest",
            "The emulator serves GET, POST, PATCH and DELETE.",
        ),
    }
}

fn is_item_path(collections: &HashMap<String, Vec<Map<String, Value>>>, path: &str) -> bool {
    path.rsplit_once('/')
        .is_some_and(|(c, _)| collections.contains_key(c))
}

fn find_item<'a>(
    collections: &'a mut HashMap<String, Vec<Map<String, Value>>>,
    path: &str,
) -> Option<&'a mut Map<String, Value>> {
    let (collection, id) = path.rsplit_once('/')?;
    collections
        .get_mut(collection)?
        .iter_mut()
        .find(|o| o.get("id").and_then(Value::as_str) == Some(id))
}

fn not_found(path: &str) -> Answer {
    let id = path.rsplit('/').next().unwrap_or("");
    error_answer(
        StatusCode::NOT_FOUND,
        "itemNotFound",
        &format!("The item with id '{id}' was not found."),
    )
}

/// Why a bearer token is refused, when apps are registered.
fn token_problem(state: &State, req: &RecordedRequest) -> Option<&'static str> {
    let auth = lock(&state.auth);
    if auth.apps.is_empty() {
        return None;
    }
    let token = req.header("authorization")?.strip_prefix("Bearer ")?;
    match auth.issued.get(token) {
        None => Some("Invalid token: it was not issued by this authority, or it was revoked."),
        Some(expiry) if Instant::now() >= *expiry => {
            Some("Lifetime validation failed, the token is expired.")
        }
        Some(_) => None,
    }
}

/// The client credentials flow: `POST /{tenant}/oauth2/v2.0/token`.
fn issue_token(state: &State, req: &RecordedRequest) -> Answer {
    let form: HashMap<String, String> = std::str::from_utf8(&req.body)
        .unwrap_or("")
        .split('&')
        .filter_map(|pair| {
            let (k, v) = pair.split_once('=')?;
            let decode = |s: &str| {
                percent_encoding::percent_decode_str(&s.replace('+', " "))
                    .decode_utf8_lossy()
                    .into_owned()
            };
            Some((decode(k), decode(v)))
        })
        .collect();
    let field = |k: &str| form.get(k).map(String::as_str).unwrap_or("");
    let token_error = |status: StatusCode, error: &str, description: &str| {
        let code: u64 = description
            .strip_prefix("AADSTS")
            .and_then(|d| d.split(':').next())
            .and_then(|d| d.parse().ok())
            .unwrap_or(0);
        json_answer(
            status,
            &json!({
                "error": error,
                "error_description": format!("{description}\r\nTrace ID: {}\r\nTimestamp: 2026-11-29 00:00:00Z", uuid::Uuid::new_v4()),
                "error_codes": [code],
                "trace_id": uuid::Uuid::new_v4().to_string(),
            }),
        )
    };
    if field("grant_type") != "client_credentials" {
        return token_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "AADSTS70003: The app requested an unsupported grant type.",
        );
    }
    if !field("scope").ends_with("/.default") {
        return token_error(
            StatusCode::BAD_REQUEST,
            "invalid_scope",
            "AADSTS1002012: The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.",
        );
    }
    let mut auth = lock(&state.auth);
    match auth.apps.get(field("client_id")) {
        None => {
            return token_error(
                StatusCode::BAD_REQUEST,
                "unauthorized_client",
                "AADSTS700016: Application was not found in the directory.",
            );
        }
        Some(secret) if secret != field("client_secret") => {
            return token_error(
                StatusCode::UNAUTHORIZED,
                "invalid_client",
                "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app.",
            );
        }
        Some(_) => {}
    }
    let lifetime = auth.lifetime.unwrap_or(Duration::from_secs(3600));
    let token = format!("emulator.{}", uuid::Uuid::new_v4().simple());
    auth.issued.insert(token.clone(), Instant::now() + lifetime);
    json_answer(
        StatusCode::OK,
        &json!({
            "token_type": "Bearer",
            "expires_in": lifetime.as_secs().max(1),
            "ext_expires_in": lifetime.as_secs().max(1),
            "access_token": token,
        }),
    )
}

/// Query options of a request target: `?a=1&b=2` → `[("a", "1"), ...]`, decoded.
fn query_of(target: &str) -> Vec<(String, String)> {
    let Some((_, query)) = target.split_once('?') else {
        return Vec::new();
    };
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let decode = |s: &str| {
                percent_encoding::percent_decode_str(s)
                    .decode_utf8_lossy()
                    .into_owned()
            };
            (decode(k), decode(v))
        })
        .collect()
}

/// One page of a collection: `$top` items (or the default page size) from
/// the `$skiptoken` on, and an `@odata.nextLink` when more remain.
fn page(
    items: &[Map<String, Value>],
    req: &RecordedRequest,
    addr: SocketAddr,
    path: &str,
    default_size: usize,
    context: String,
) -> Answer {
    let query = query_of(&req.target);
    let option = |name: &str| query.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
    let size = match option("$top").map(str::parse::<usize>) {
        None => default_size,
        Some(Ok(n)) if (1..=999).contains(&n) => n,
        Some(_) => {
            return error_answer(
                StatusCode::BAD_REQUEST,
                "BadRequest",
                "Invalid $top: give a whole number from 1 to 999.",
            );
        }
    };
    let skip = match option("$skiptoken").map(|t| usize::from_str_radix(t, 16)) {
        None => 0,
        Some(Ok(n)) => n,
        Some(Err(_)) => return error_answer(StatusCode::BAD_REQUEST, "BadRequest", "Invalid $skiptoken."),
    };
    let end = (skip + size).min(items.len());
    let value: Vec<Value> = items[skip.min(end)..end]
        .iter()
        .cloned()
        .map(Value::Object)
        .collect();
    let mut body = Map::new();
    body.insert("@odata.context".into(), Value::String(context));
    body.insert("value".into(), Value::Array(value));
    if end < items.len() {
        // Like Graph's, the link carries the original options and an opaque token.
        let kept: String = req
            .target
            .split_once('?')
            .map(|(_, q)| {
                q.split('&')
                    .filter(|p| !p.starts_with("$skiptoken=") && !p.starts_with("%24skiptoken="))
                    .map(|p| format!("{p}&"))
                    .collect()
            })
            .unwrap_or_default();
        let link = format!("http://{addr}{path}?{kept}$skiptoken={end:x}");
        body.insert("@odata.nextLink".into(), Value::String(link));
    }
    json_answer(StatusCode::OK, &Value::Object(body))
}

/// `POST /$batch`: each request is served on its own, and may be throttled
/// on its own; the answers come back in reverse order, as Graph does not
/// keep the order.
fn batch(state: &State, addr: SocketAddr, req: &RecordedRequest) -> Answer {
    let bad = |message: &str| error_answer(StatusCode::BAD_REQUEST, "BadRequest", message);
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
        if r.get("body").is_some() && r.get("headers").and_then(|h| h.get("Content-Type")).is_none() {
            return bad("Invalid batch payload: a request with a body needs a Content-Type header.");
        }
    }
    let mut responses = Vec::with_capacity(requests.len());
    for r in requests {
        let id = r.get("id").cloned().unwrap_or(Value::Null);
        let seen = state
            .batch_items
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            + 1;
        let throttle = lock(&state.throttle_batch_items)
            .as_ref()
            .filter(|(n, _)| seen.is_multiple_of(*n))
            .map(|(_, retry_after)| retry_after.clone());
        if let Some(retry_after) = throttle {
            responses.push(json!({
                "id": id,
                "status": 429,
                "headers": {"Retry-After": retry_after, "Content-Type": "application/json"},
                "body": graph_error_body("TooManyRequests", "Please retry again later."),
            }));
            continue;
        }
        let url = r.get("url").and_then(Value::as_str).unwrap_or("");
        let inner = RecordedRequest {
            method: r
                .get("method")
                .and_then(Value::as_str)
                .unwrap_or("GET")
                .to_ascii_uppercase(),
            target: format!("{VERSION}/{}", url.trim_start_matches('/')),
            headers: req.headers.clone(),
            body: r
                .get("body")
                .map(|b| Bytes::from(serde_json::to_vec(b).unwrap_or_default()))
                .unwrap_or_default(),
        };
        let answer = serve(state, addr, &inner);
        let status = answer.status().as_u16();
        let headers: Map<String, Value> = answer
            .headers()
            .iter()
            .filter_map(|(k, v)| Some((k.as_str().to_owned(), Value::String(v.to_str().ok()?.to_owned()))))
            .collect();
        let bytes = answer.into_body();
        let body = body_json(bytes);
        let mut response = json!({"id": id, "status": status, "headers": headers});
        if let Some(body) = body {
            response["body"] = body;
        }
        responses.push(response);
    }
    responses.reverse();
    json_answer(StatusCode::OK, &json!({ "responses": responses }))
}

/// The JSON body of an answer the emulator made, already in memory.
fn body_json(body: Full<Bytes>) -> Option<Value> {
    use hyper::body::Body;
    let mut body = std::pin::pin!(body);
    let waker = std::task::Waker::noop();
    let mut cx = std::task::Context::from_waker(waker);
    match body.as_mut().poll_frame(&mut cx) {
        std::task::Poll::Ready(Some(Ok(frame))) => frame
            .into_data()
            .ok()
            .and_then(|data| serde_json::from_slice(&data).ok()),
        _ => None,
    }
}
