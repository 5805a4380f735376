//! Many operations at once through JSON batching (`POST /$batch`).
//!
//! Requests go in batches of at most 20, a few batches at a time. Graph
//! answers each request inside a batch on its own: one throttled (429, or
//! 503/504) was not carried out and goes again, in a later batch, after its
//! own `Retry-After`; one that failed otherwise is reported with its Graph
//! error. Results come back per item, in input order: nothing is dropped,
//! and nothing is sent twice unless Graph said it was not carried out.

mod results;
mod run;
mod wire;

pub use results::BatchResults;

use std::fmt;
use std::sync::Arc;

use bytes::Bytes;
use reqwest::Method;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::http::client::Client;
use crate::http::error::Error;
use crate::http::headers::Headers;
use crate::odata::path::Template;
use crate::odata::query::Query;
use crate::odata::resource::{ItemPath, ResourcePath};
use crate::odata::returned::Returned;
use crate::ops::calls::Callable;
use crate::ops::operations::json_body;
use crate::ops::options::{Operation, check_query};

/// Graph's limit of requests in one batch.
pub const MAX_BATCH_SIZE: usize = 20;

/// How a batch run is going, given to the `on_progress` callback after
/// every batch answer; at the end, its final counts
/// ([`BatchResults::counts`]).
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
/// # use graph_resource_models::EnrollmentConfigurationAssignment;
/// # async fn run(client: graph_resource::Client, items: Vec<EnrollmentConfigurationAssignment>)
/// # -> Result<(), graph_resource::Error> {
/// use graph_resource_models::{
///     DeviceManagementDeviceEnrollmentConfigurationsAssignmentsPath as AssignmentsPath,
/// };
///
/// let path = AssignmentsPath { device_enrollment_configuration_id: "c1" };
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
/// let counts = results.counts();
/// let (created, failed, retried) = (counts.succeeded, counts.failed, counts.retried);
/// println!("{created} created, {failed} failed, {retried} throttled and sent again");
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Batch {
    client: Client,
    concurrency: usize,
    item_retries: u32,
    progress: Option<Arc<ProgressFn>>,
    query: Query,
    headers: Headers,
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
    /// batch, 4 batches at a time by default. Feature `batch`, on by
    /// default.
    pub fn batch(&self) -> Batch {
        Batch {
            client: self.clone(),
            concurrency: 4,
            item_retries: 10,
            progress: None,
            query: Query::new(),
            // Each item carries the client's default headers, as a request
            // alone would; `header` replaces one for the run.
            headers: self.inner().default_headers.clone(),
        }
    }
}

/// One request of a run.
struct Request {
    method: Method,
    /// The template of the resource, for errors and logs.
    template: &'static Template,
    path: String,
    body: Option<Bytes>,
    /// The run's headers, which every item carries.
    headers: Arc<Headers>,
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

    /// Query options every item of the run carries, e.g. `$select` for
    /// [`get`](Batch::get); options that only a collection has are refused.
    pub fn query(mut self, query: Query) -> Self {
        self.query = query;
        self
    }

    /// A header every item of the run carries, e.g.
    /// `Prefer: return=representation` for [`update`](Batch::update).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.set(name, value);
        self
    }

    /// The request of one item: its path with the run's options, and the
    /// run's headers.
    fn request(
        &self,
        method: Method,
        template: &'static Template,
        path: String,
        body: Option<Bytes>,
    ) -> Request {
        let path = if self.query.is_empty() {
            path
        } else {
            format!("{path}?{}", self.query.to_query_string())
        };
        Request {
            method,
            template,
            path,
            body,
            headers: Arc::new(self.headers.clone()),
        }
    }

    /// Calls an action or a function for each `(path, parameters)`, e.g.
    /// `syncDevice` on many devices; the results are in input order, each
    /// the call's answer. An action whose batch answer was lost is reported
    /// as of unknown outcome, never sent again.
    ///
    /// # Errors
    ///
    /// When a path value cannot be used, or parameters do not serialize.
    pub async fn call<T, P>(&self, calls: &[(P, &T)]) -> Result<BatchResults<T::Returns>, Error>
    where
        T: Callable,
        P: ResourcePath<Resource = T>,
    {
        self.check()?;
        let requests = calls
            .iter()
            .map(|(path, parameters)| {
                let (method, rendered, body) = crate::ops::calls::request(path, *parameters)?;
                Ok(self.request(method, P::TEMPLATE, rendered, body))
            })
            .collect::<Result<Vec<_>, Error>>()?;
        let (answers, progress) = self.run(requests).await;
        Ok(BatchResults::new(
            answers,
            |a| a.and_then(|a| a.read(T::Returns::from_body)),
            progress,
        ))
    }

    fn item_requests<T, P>(&self, path: P, ids: &[&str], method: Method) -> Result<Vec<Request>, Error>
    where
        P: ResourcePath<Resource = T> + Clone,
    {
        self.check()?;
        ids.iter()
            .map(|id| {
                let item_path = ItemPath {
                    collection: path.clone(),
                    id,
                }
                .render()?;
                Ok(self.request(method.clone(), P::TEMPLATE, item_path, None))
            })
            .collect()
    }

    /// Checks the run's options and headers before anything is sent.
    fn check(&self) -> Result<(), Error> {
        check_query(&self.query, Operation::Get)?;
        self.headers.to_http().map(drop)
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
    pub async fn create<T, P>(&self, path: P, items: &[T]) -> Result<BatchResults<T>, Error>
    where
        T: Serialize + DeserializeOwned,
        P: ResourcePath<Resource = T>,
    {
        self.check()?;
        let collection = path.render()?;
        let requests = items
            .iter()
            .map(|item| {
                Ok(self.request(
                    Method::POST,
                    P::TEMPLATE,
                    collection.clone(),
                    Some(json_body(item)?),
                ))
            })
            .collect::<Result<Vec<_>, Error>>()?;
        let (answers, progress) = self.run(requests).await;
        Ok(BatchResults::new(
            answers,
            |a| a.and_then(|a| a.parse()),
            progress,
        ))
    }

    /// Reads the items with these ids; the results are in the order of `ids`.
    ///
    /// # Errors
    ///
    /// When a path value or an id cannot be used (empty, `.` or `..`).
    pub async fn get<T, P>(&self, path: P, ids: &[&str]) -> Result<BatchResults<T>, Error>
    where
        T: DeserializeOwned,
        P: ResourcePath<Resource = T> + Clone,
    {
        let requests = self.item_requests(path, ids, Method::GET)?;
        let (answers, progress) = self.run(requests).await;
        Ok(BatchResults::new(
            answers,
            |a| a.and_then(|a| a.parse()),
            progress,
        ))
    }

    /// Deletes the items with these ids; the results are in the order of `ids`.
    ///
    /// # Errors
    ///
    /// When a path value or an id cannot be used (empty, `.` or `..`).
    pub async fn delete<T, P>(&self, path: P, ids: &[&str]) -> Result<BatchResults<()>, Error>
    where
        P: ResourcePath<Resource = T> + Clone,
    {
        let requests = self.item_requests(path, ids, Method::DELETE)?;
        let (answers, progress) = self.run(requests).await;
        Ok(BatchResults::new(answers, |a| a.map(|_| ()), progress))
    }

    /// Updates (`PATCH`) each `(id, item)`, sending the item's set
    /// properties; the results are in input order, each the updated object
    /// when Graph returns it.
    ///
    /// # Errors
    ///
    /// When a path value or an id cannot be used, or an item does not serialize.
    pub async fn update<T, P>(&self, path: P, items: &[(&str, &T)]) -> Result<BatchResults<Option<T>>, Error>
    where
        T: Serialize + DeserializeOwned,
        P: ResourcePath<Resource = T> + Clone,
    {
        self.check()?;
        let mut requests = Vec::with_capacity(items.len());
        for (id, item) in items {
            let body = json_body(item)?;
            let item_path = ItemPath {
                collection: path.clone(),
                id,
            }
            .render()?;
            requests.push(self.request(Method::PATCH, P::TEMPLATE, item_path, Some(body)));
        }
        let (answers, progress) = self.run(requests).await;
        Ok(BatchResults::new(
            answers,
            |a| {
                a.and_then(|a| {
                    if a.is_empty() {
                        Ok(None)
                    } else {
                        a.parse().map(Some)
                    }
                })
            },
            progress,
        ))
    }
}
