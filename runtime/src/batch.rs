//! Many operations at once through JSON batching (`POST /$batch`).
//!
//! Requests go in batches of at most 20, a few batches at a time. Graph
//! answers each request inside a batch on its own: one throttled (429, or
//! 503/504) was not carried out and goes again, in a later batch, after its
//! own `Retry-After`; one that failed otherwise is reported with its Graph
//! error. Results come back per item, in input order: nothing is dropped,
//! and nothing is sent twice unless Graph said it was not carried out.

use std::collections::VecDeque;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::client::{Call, Target};
use crate::error::ApiError;
use crate::path::{Part, Template};
use crate::resource::{ItemPath, ResourcePath, json_body};
use crate::retry::{Backoff, RetryPolicy, retry_after};
use crate::{Client, Error};

/// Graph's limit of requests in one batch.
pub const MAX_BATCH_SIZE: usize = 20;

static BATCH: Template = Template::new("/$batch", &[Part::Literal("/$batch")]);

/// How a batch run is going, given to the `on_progress` callback after
/// every batch answer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct BatchProgress {
    /// Requests in the run.
    pub total: usize,
    /// Requests that succeeded.
    pub succeeded: usize,
    /// Requests that failed for good.
    pub failed: usize,
    /// Times a request was throttled and queued again.
    pub retried: usize,
    /// Batches sent.
    pub batches: usize,
}

impl BatchProgress {
    /// Requests with a final result.
    pub fn done(&self) -> usize {
        self.succeeded + self.failed
    }
}

type ProgressFn = dyn Fn(&BatchProgress) + Send + Sync;

/// Runs operations on many items through `$batch`. Made by
/// [`Client::batch`].
///
/// ```no_run
/// # async fn run(client: graph_resource::Client, items: Vec<graph_resource::models::EnrollmentConfigurationAssignment>) -> Result<(), graph_resource::Error> {
/// use graph_resource::models::DeviceManagementEnrollmentConfigurationAssignmentsPath;
///
/// let path = DeviceManagementEnrollmentConfigurationAssignmentsPath { device_enrollment_configuration_id: "c1" };
/// let results = client
///     .batch()
///     .concurrency(4)
///     .on_progress(|p| eprintln!("{}/{} done, {} retried", p.done(), p.total, p.retried))
///     .create(path, &items)
///     .await?;
/// for (item, result) in items.iter().zip(&results) {
///     if let Err(e) = result {
///         eprintln!("{:?}: {e}", item.target);
///     }
/// }
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Batch {
    client: Client,
    concurrency: usize,
    item_retries: u32,
    progress: Option<Arc<ProgressFn>>,
}

impl fmt::Debug for Batch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Batch")
            .field("concurrency", &self.concurrency)
            .field("item_retries", &self.item_retries)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Runs operations on many items through `$batch`: 20 requests a
    /// batch, 4 batches at a time by default.
    pub fn batch(&self) -> Batch {
        Batch {
            client: self.clone(),
            concurrency: 4,
            item_retries: 10,
            progress: None,
        }
    }
}

/// One request of a run.
struct Request {
    method: Method,
    path: String,
    body: Option<Bytes>,
}

/// What Graph answered to one request inside a batch.
struct ItemAnswer {
    status: StatusCode,
    headers: HeaderMap,
    body: Value,
}

impl Batch {
    /// How many batches may be in flight at once (default 4, at least 1).
    pub fn concurrency(mut self, n: usize) -> Self {
        self.concurrency = n.max(1);
        self
    }

    /// How many times one throttled request may be queued again (default
    /// 10). A throttled request was not carried out, so sending it again is
    /// safe; the client's retry budget still bounds the total wait per request.
    pub fn item_retries(mut self, n: u32) -> Self {
        self.item_retries = n;
        self
    }

    /// Called after every batch answer with the run's progress.
    pub fn on_progress(mut self, f: impl Fn(&BatchProgress) + Send + Sync + 'static) -> Self {
        self.progress = Some(Arc::new(f));
        self
    }

    /// Creates every item in the collection at `path`; the results are in
    /// the order of `items`.
    ///
    /// # Errors
    ///
    /// The outer error is for what makes the whole run impossible: a path
    /// value that cannot be used, or an item that does not serialize.
    pub async fn create<T, P>(&self, path: P, items: &[T]) -> Result<Vec<Result<T, Error>>, Error>
    where
        T: Serialize + DeserializeOwned,
        P: ResourcePath<Resource = T>,
    {
        let collection = path.render()?;
        let requests = items
            .iter()
            .map(|item| {
                Ok(Request {
                    method: Method::POST,
                    path: collection.clone(),
                    body: Some(json_body(item)?),
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        let answers = self.run(requests).await;
        Ok(answers.into_iter().map(|a| a.and_then(|a| parse(&a))).collect())
    }

    /// Reads the items with these ids; the results are in the order of `ids`.
    ///
    /// # Errors
    ///
    /// When a path value or an id cannot be used (empty, `.` or `..`).
    pub async fn get<T, P>(&self, path: P, ids: &[&str]) -> Result<Vec<Result<T, Error>>, Error>
    where
        T: DeserializeOwned,
        P: ResourcePath<Resource = T> + Clone,
    {
        let requests = item_requests(path, ids, Method::GET)?;
        let answers = self.run(requests).await;
        Ok(answers.into_iter().map(|a| a.and_then(|a| parse(&a))).collect())
    }

    /// Deletes the items with these ids; the results are in the order of `ids`.
    ///
    /// # Errors
    ///
    /// When a path value or an id cannot be used (empty, `.` or `..`).
    pub async fn delete<T, P>(&self, path: P, ids: &[&str]) -> Result<Vec<Result<(), Error>>, Error>
    where
        P: ResourcePath<Resource = T> + Clone,
    {
        let requests = item_requests(path, ids, Method::DELETE)?;
        let answers = self.run(requests).await;
        Ok(answers.into_iter().map(|a| a.map(|_| ())).collect())
    }

    /// Updates (`PATCH`) each `(id, item)`, sending the item's set
    /// properties; the results are in input order, each the updated object
    /// when Graph returns it.
    ///
    /// # Errors
    ///
    /// When a path value or an id cannot be used, or an item does not serialize.
    pub async fn update<T, P>(
        &self,
        path: P,
        items: &[(&str, &T)],
    ) -> Result<Vec<Result<Option<T>, Error>>, Error>
    where
        T: Serialize + DeserializeOwned,
        P: ResourcePath<Resource = T> + Clone,
    {
        let mut requests = Vec::with_capacity(items.len());
        for (id, item) in items {
            let body = json_body(item)?;
            requests.push(Request {
                method: Method::PATCH,
                path: ItemPath {
                    collection: path.clone(),
                    id,
                }
                .render()?,
                body: Some(body),
            });
        }
        let answers = self.run(requests).await;
        Ok(answers
            .into_iter()
            .map(|a| {
                a.and_then(|a| match a.body {
                    Value::Null => Ok(None),
                    _ => parse(&a).map(Some),
                })
            })
            .collect())
    }

    /// Sends every request, in batches, until each has a final result.
    async fn run(&self, requests: Vec<Request>) -> Vec<Result<ItemAnswer, Error>> {
        let total = requests.len();
        let requests: Arc<Vec<Request>> = Arc::new(requests);
        let mut results: Vec<Option<Result<ItemAnswer, Error>>> = (0..total).map(|_| None).collect();
        let mut queue: VecDeque<Waiting> = (0..total)
            .map(|index| Waiting {
                index,
                backoff: Backoff::default(),
                not_before: Instant::now(),
            })
            .collect();
        let mut progress = BatchProgress {
            total,
            ..Default::default()
        };
        let mut in_flight = tokio::task::JoinSet::new();
        let policy = self.client.retry_policy().clone().max_retries(self.item_retries);
        loop {
            // Fill the free slots with batches of requests that may go now.
            while in_flight.len() < self.concurrency {
                let now = Instant::now();
                let mut chunk = Vec::with_capacity(MAX_BATCH_SIZE);
                let mut later = VecDeque::with_capacity(queue.len());
                while let Some(w) = queue.pop_front() {
                    if chunk.len() < MAX_BATCH_SIZE && w.not_before <= now {
                        chunk.push(w);
                    } else {
                        later.push_back(w);
                    }
                }
                queue = later;
                if chunk.is_empty() {
                    break;
                }
                progress.batches += 1;
                let client = self.client.clone();
                let requests = requests.clone();
                in_flight.spawn(async move {
                    let answers = send_batch(&client, &requests, &chunk).await;
                    (chunk, answers)
                });
            }
            if in_flight.is_empty() {
                match queue.iter().map(|w| w.not_before).min() {
                    Some(when) => {
                        tokio::time::sleep_until(when.into()).await;
                        continue;
                    }
                    None => break,
                }
            }
            // Wait for a batch, or for a queued request to become ready.
            let next_ready = queue.iter().map(|w| w.not_before).min();
            let joined = match next_ready {
                Some(when) => match tokio::time::timeout_at(when.into(), in_flight.join_next()).await {
                    Ok(joined) => joined,
                    Err(_) => continue,
                },
                None => in_flight.join_next().await,
            };
            let Some(joined) = joined else { continue };
            let (chunk, answers) = match joined {
                Ok(done) => done,
                Err(e) => {
                    // A batch task panicked or was cancelled: its requests have
                    // no known outcome. This does not happen in this code.
                    tracing::error!(error = %e, "a batch task ended abnormally");
                    continue;
                }
            };
            for (w, answer) in chunk.into_iter().zip(answers) {
                let request = &requests[w.index];
                match answer {
                    Outcome::Answered(a) if a.status.is_success() => {
                        progress.succeeded += 1;
                        results[w.index] = Some(Ok(a));
                    }
                    Outcome::Answered(a) if matches!(a.status.as_u16(), 429 | 503 | 504) => {
                        match w.again(&policy, retry_after(&a.headers)) {
                            Ok(again) => {
                                progress.retried += 1;
                                queue.push_back(again);
                            }
                            Err(w) => {
                                progress.failed += 1;
                                results[w.index] = Some(Err(item_error(a, w.attempts())));
                            }
                        }
                    }
                    Outcome::Answered(a) => {
                        progress.failed += 1;
                        results[w.index] = Some(Err(item_error(a, w.attempts())));
                    }
                    Outcome::Failed(cause) => {
                        // The batch itself failed: a read may go again; a change
                        // may have been carried out, so it is reported, not resent.
                        let idempotent = matches!(request.method, Method::GET | Method::DELETE);
                        let transient = matches!(*cause, Error::Transport(_) | Error::OutcomeUnknown(_));
                        let again = if idempotent && transient {
                            w.again(&policy, None)
                        } else {
                            Err(w)
                        };
                        match again {
                            Ok(again) => {
                                progress.retried += 1;
                                queue.push_back(again);
                            }
                            Err(w) => {
                                progress.failed += 1;
                                results[w.index] = Some(Err(Error::Batch(cause)));
                            }
                        }
                    }
                }
            }
            tracing::debug!(
                succeeded = progress.succeeded,
                failed = progress.failed,
                retried = progress.retried,
                total,
                "batch answered"
            );
            if let Some(report) = &self.progress {
                report(&progress);
            }
        }
        results
            .into_iter()
            .map(|r| r.unwrap_or_else(|| Err(Error::invalid_request("a batch request got no result"))))
            .collect()
    }
}

/// A request waiting for its (next) batch.
struct Waiting {
    index: usize,
    backoff: Backoff,
    not_before: Instant,
}

impl Waiting {
    /// The same request queued again, if the policy allows another retry;
    /// else the request back, given up.
    fn again(mut self, policy: &RetryPolicy, retry_after: Option<Duration>) -> Result<Waiting, Waiting> {
        match self.backoff.next(policy, retry_after) {
            Some(delay) => {
                self.not_before = Instant::now() + delay;
                Ok(self)
            }
            None => Err(self),
        }
    }

    /// How many times the request was sent.
    fn attempts(&self) -> u32 {
        self.backoff.retries() + 1
    }
}

enum Outcome {
    Answered(ItemAnswer),
    Failed(Arc<Error>),
}

fn item_requests<T, P>(path: P, ids: &[&str], method: Method) -> Result<Vec<Request>, Error>
where
    P: ResourcePath<Resource = T> + Clone,
{
    ids.iter()
        .map(|id| {
            Ok(Request {
                method: method.clone(),
                path: ItemPath {
                    collection: path.clone(),
                    id,
                }
                .render()?,
                body: None,
            })
        })
        .collect()
}

/// Sends one batch and matches each answer to its request by id.
async fn send_batch(client: &Client, requests: &[Request], chunk: &[Waiting]) -> Vec<Outcome> {
    let mut body = Vec::with_capacity(chunk.len() * 256);
    body.extend_from_slice(b"{\"requests\":[");
    for (n, w) in chunk.iter().enumerate() {
        let r = &requests[w.index];
        if n > 0 {
            body.push(b',');
        }
        body.extend_from_slice(
            format!("{{\"id\":\"{}\",\"method\":\"{}\",\"url\":", w.index, r.method).as_bytes(),
        );
        // A path is ASCII after encoding; serde_json quotes it.
        body.extend_from_slice(serde_json::to_string(&r.path).unwrap_or_default().as_bytes());
        if let Some(item) = &r.body {
            body.extend_from_slice(b",\"headers\":{\"Content-Type\":\"application/json\"},\"body\":");
            body.extend_from_slice(item);
        }
        body.push(b'}');
    }
    body.extend_from_slice(b"]}");
    let answer = client
        .send(Call {
            method: Method::POST,
            template: &BATCH,
            item: false,
            target: Target::Path("/$batch"),
            body: Some(Bytes::from(body)),
        })
        .await
        .and_then(|answer| answer.json::<Value>());
    let failed = |cause: Arc<Error>| chunk.iter().map(|_| Outcome::Failed(cause.clone())).collect();
    let answer = match answer {
        Ok(answer) => answer,
        Err(e) => return failed(Arc::new(e)),
    };
    let Some(responses) = answer.get("responses").and_then(Value::as_array) else {
        return failed(Arc::new(Error::OutcomeUnknown(
            "the $batch answer has no `responses`".into(),
        )));
    };
    chunk
        .iter()
        .map(|w| {
            let id = w.index.to_string();
            let found = responses
                .iter()
                .find(|r| r.get("id").and_then(Value::as_str) == Some(id.as_str()));
            match found {
                Some(r) => Outcome::Answered(item_answer(r)),
                None => Outcome::Failed(Arc::new(Error::OutcomeUnknown(
                    "the $batch answer has no response for this request".into(),
                ))),
            }
        })
        .collect()
}

fn item_answer(r: &Value) -> ItemAnswer {
    let status = r
        .get("status")
        .and_then(Value::as_u64)
        .and_then(|s| u16::try_from(s).ok())
        .and_then(|s| StatusCode::from_u16(s).ok())
        .unwrap_or(StatusCode::BAD_GATEWAY);
    let mut headers = HeaderMap::new();
    if let Some(h) = r.get("headers").and_then(Value::as_object) {
        for (k, v) in h {
            let value = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            if let (Ok(name), Ok(value)) = (HeaderName::try_from(k.as_str()), HeaderValue::try_from(value)) {
                headers.insert(name, value);
            }
        }
    }
    ItemAnswer {
        status,
        headers,
        body: r.get("body").cloned().unwrap_or(Value::Null),
    }
}

fn item_error(a: ItemAnswer, attempts: u32) -> Error {
    let body = serde_json::to_vec(&a.body).unwrap_or_default();
    Error::Api(Box::new(ApiError::from_response(
        a.status, &a.headers, &body, attempts,
    )))
}

fn parse<T: DeserializeOwned>(a: &ItemAnswer) -> Result<T, Error> {
    T::deserialize(&a.body).map_err(|e| {
        let body = serde_json::to_vec(&a.body).unwrap_or_default();
        Error::Decode(Box::new(crate::error::DecodeError::new(
            a.status,
            a.headers.get("request-id"),
            &body,
            e,
        )))
    })
}
